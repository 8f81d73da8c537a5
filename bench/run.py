"""The benchmark of issue #6: credir against the bare tools, on synthetic directories.

    python -m bench.run [--sizes 1000,10000] [--with-100k] [--repeat 3] [--work DIR]

For each size N it generates a directory (bench.synthetic, once per size and seed), then
runs, REPEAT times and in the same loop so they share the machine's load:

* the references (bench.reference): the bare C-loader parse of the same files, and MkDocs
  Material on one plain page per credential followed by the Pagefind CLI;
* `credir validate` of everything, and of one file (the rest read from the cache);
* `credir build` with CREDIR_TIMINGS=1, whose stage times come from the pipeline itself.

Every command runs as a child process, timed from start to exit (interpreter start and
imports included, as a maintainer waits for them), and its peak resident memory is read
from wait4 (the largest of the process and its own children, so Pagefind counts). It then
opens the built site's search page with one filter in headless Chromium, served on
127.0.0.1 with gzip for text files (as static hosts serve them), and counts the bytes of
every response until the results show. It prints medians, and the ratios the targets are
about. No output is deleted until the run ends (see `Trash`).
"""

from __future__ import annotations

import argparse
import compileall
import functools
import gzip
import io
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

from bench import reference
from bench.chromium import CHROMIUM, CHROMIUM_ARGS
from bench.synthetic import copy_project_files, generate
from generator.site.languages import LANGUAGES_ENV
from generator.urls import INTERFACE_LANGUAGES, ROOT_LANGUAGE

SEARCH_FILTER = ("mode", "Online")  # the one filter of the first search
PINNED = {"CREDIR_TODAY": "2026-11-23", "SOURCE_DATE_EPOCH": "1700000000"}
TARGETS = {
    "build_vs_reference": 1.0,
    "validate_vs_bare": 2.0,
    "one_vs_all": 0.10,
    "growth_10k_vs_1k": 11.0,
    "peak_rss_100k_mib": 2048,
    "first_search_kib": 250,
}


@dataclass
class Run:
    """One child process: its wall time, peak memory and what it printed."""

    seconds: float
    rss_mib: float
    stderr: str = ""


@dataclass
class Size:
    n: int
    runs: dict[str, list[Run]] = field(default_factory=dict)
    stages: dict[str, list[float]] = field(default_factory=dict)
    memory: dict[str, list[float]] = field(default_factory=dict)
    output_bytes: int = 0
    output_files: int = 0
    search: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, run: Run) -> None:
        self.runs.setdefault(name, []).append(run)

    def median(self, name: str) -> float:
        return statistics.median(run.seconds for run in self.runs[name])

    def peak(self, name: str) -> float:
        return max(run.rss_mib for run in self.runs[name])


def timed(command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> Run:
    """Run ``command``; its wall time and the peak RSS of it and its children. The writes
    of the command before it are flushed first, so no command pays for another's output
    (the build follows the Pagefind reference, which has just written its index)."""
    os.sync()
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        text=True,
    )
    stderr_text: list[str] = []
    reader = threading.Thread(target=lambda: stderr_text.append(process.stderr.read()))
    reader.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    reader.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{stderr_text[0]}")
    return Run(seconds, usage.ru_maxrss / 1024, stderr_text[0])


class Trash:
    """Outputs of earlier timed commands, set aside by a rename and deleted when the run ends.

    This machine's ext4 has no journal, and ext4 without one does not reuse an inode freed
    less than 60 s ago (360 s while its inode table block is unwritten): every new file
    scans past such inodes first (perf: half of a file creation spent in the kernel's
    `recently_deleted`). Deleting the previous round's 70,000-file site just before the
    next build made that build pay for the deletion, and the command that writes the most
    files paid the most. So nothing is deleted while commands are timed."""

    def __init__(self, work: Path) -> None:
        self.folder = work / "trash"
        self._count = 0

    def put(self, path: Path) -> None:
        if path.exists():
            self.folder.mkdir(exist_ok=True)
            self._count += 1
            os.replace(path, self.folder / f"{os.getpid()}-{self._count}")

    def empty(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def credir(*args: str) -> list[str]:
    return [sys.executable, "-m", "generator", *args]


def measure(size: Size, work: Path, seed: int, repeat: int, browser: bool, trash: Trash) -> None:
    folder = work / f"n{size.n}"
    repo = folder / "repo"
    stamp = folder / "generated.txt"
    wanted = f"{size.n} {seed}"
    if not stamp.is_file() or stamp.read_text() != wanted:
        print(f"[{size.n}] generating the synthetic directory", file=sys.stderr)
        generate(size.n, repo, seed)
        stamp.write_text(wanted)
    copy_project_files(repo)  # the site files as they are now, whatever generated the data
    plain = folder / "reference"
    trash.put(plain)
    reference.plain_site(repo, plain)
    one = sorted(p for p in (repo / "credentials").glob("*/*.yaml") if p.name != "_provider.yaml")
    one_file = one[len(one) // 2]
    out = folder / "site"
    for round_ in range(1, repeat + 1):
        print(f"[{size.n}] round {round_}/{repeat}", file=sys.stderr)
        size.add("bare parse", timed(reference.bare_parse_command(repo)))
        size.add("credir validate", timed(credir("validate", "--root", str(repo)), PINNED))
        size.add(
            "credir validate PATH",
            timed(credir("validate", "--root", str(repo), str(one_file)), PINNED),
        )
        trash.put(plain / "site")
        size.add("reference mkdocs", timed(reference.mkdocs_command(plain)))
        size.add("reference pagefind", timed(reference.pagefind_command(plain)))
        # The build in English only: what the references (one language each) compare with,
        # and what the build in every interface language must stay within six times of.
        trash.put(out)
        size.add(
            "credir build, English only",
            timed(
                credir("build", "--root", str(repo), "--out", str(out)),
                {**PINNED, "NO_MKDOCS_2_WARNING": "1", LANGUAGES_ENV: ROOT_LANGUAGE},
            ),
        )
        trash.put(out)
        run = timed(
            credir("build", "--root", str(repo), "--out", str(out)),
            {**PINNED, "CREDIR_TIMINGS": "1", "NO_MKDOCS_2_WARNING": "1"},
        )
        size.add("credir build", run)
        for line in run.stderr.splitlines():
            if line.startswith("timing: "):
                name, seconds = line.removeprefix("timing: ").rsplit(": ", 1)
                size.stages.setdefault(name, []).append(float(seconds.removesuffix(" s")))
            elif line.startswith("memory: "):
                who, mib = line.removeprefix("memory: ").rsplit(": ", 1)
                size.memory.setdefault(who, []).append(float(mib.removesuffix(" MiB")))
    for path in out.rglob("*"):
        if path.is_file():
            size.output_files += 1
            size.output_bytes += path.stat().st_size
    if browser:
        size.search = first_search_bytes(out)


class _GzipHandler(SimpleHTTPRequestHandler):
    """A static server that gzips text files, as GitHub Pages and Netlify do. Pagefind's
    own files are gzip already and go as they are."""

    cache: ClassVar[dict[str, bytes]] = {}

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[override]
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        compressible = path.endswith((".html", ".js", ".css", ".json", ".svg", ".xml"))
        if not (compressible and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        if not os.path.isfile(path):
            return super().send_head()
        body = self.cache.get(path)
        if body is None:
            body = self.cache[path] = gzip.compress(Path(path).read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def first_search_bytes(site: Path) -> dict[str, int]:
    """Bytes a fresh browser transfers for the search page with one filter, from load until
    the results show: all of them, and Pagefind's."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_GzipHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    name, value = SEARCH_FILTER
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context()
            page = context.new_page()
            finished = []
            page.on("requestfinished", lambda request: finished.append(request))
            page.goto(f"{base}search/?{name}={value}")
            page.wait_for_function(
                "() => { const s = document.querySelector('.credir-search__status');"
                " return s && /found|No credentials/.test(s.textContent); }",
                timeout=120_000,
            )
            shown = list(finished)
            sizes = [(request.url, request.sizes()["responseBodySize"]) for request in shown]
            browser.close()
    finally:
        server.shutdown()
    return {
        "requests": len(sizes),
        "all": sum(size for _, size in sizes),
        "pagefind": sum(size for url, size in sizes if "/pagefind/" in url),
    }


def report(sizes: list[Size]) -> str:
    lines = ["## Results (medians)", ""]
    header = "| figure | " + " | ".join(f"N = {s.n:,}" for s in sizes) + " |"
    lines += [header, "|---|" + "---:|" * len(sizes)]

    def row(label: str, values: list[str]) -> None:
        lines.append(f"| {label} | " + " | ".join(values) + " |")

    for name in (
        "bare parse",
        "credir validate",
        "credir validate PATH",
        "reference mkdocs",
        "reference pagefind",
        "credir build",
        "credir build, English only",
    ):
        row(f"{name} (s)", [f"{s.median(name):.2f}" if name in s.runs else "–" for s in sizes])
    stage_names = list(dict.fromkeys(n for s in sizes for n in s.stages))
    for name in stage_names:
        row(
            f"build stage: {name} (s)",
            [
                f"{statistics.median(s.stages[name]):.2f}" if name in s.stages else "–"
                for s in sizes
            ],
        )
    row("build peak RSS, largest process (MiB)", [f"{s.peak('credir build'):.0f}" for s in sizes])
    for who in ("self", "children"):
        # A child's ru_maxrss includes what it was forked from, so "children" is at least
        # the Python process at that moment: the largest process is the build's peak.
        label = "python process" if who == "self" else "largest child"
        row(
            f"build peak RSS, {label} (MiB)",
            [f"{max(s.memory.get(who, [0])):.0f}" for s in sizes],
        )
    row("output size (MB)", [f"{s.output_bytes / 1e6:.1f}" for s in sizes])
    row("output files", [f"{s.output_files:,}" for s in sizes])
    row(
        "first search: all bytes (KiB)",
        [f"{s.search['all'] / 1024:.0f}" if s.search else "–" for s in sizes],
    )
    row(
        "first search: Pagefind bytes (KiB)",
        [f"{s.search['pagefind'] / 1024:.0f}" if s.search else "–" for s in sizes],
    )
    lines += ["", "## Ratios against the targets", ""]
    lines += ["| target | " + " | ".join(f"N = {s.n:,}" for s in sizes) + " |"]
    lines += ["|---|" + "---:|" * len(sizes)]

    def ratio(label: str, values: list[str]) -> None:
        lines.append(f"| {label} | " + " | ".join(values) + " |")

    ratio(
        "English-only build / (reference mkdocs + pagefind) ≤ 1.0",
        [
            f"{s.median('credir build, English only') / (s.median('reference mkdocs') + s.median('reference pagefind')):.2f}"  # noqa: E501
            for s in sizes
        ],
    )
    ratio(
        f"{len(INTERFACE_LANGUAGES)}-language build / English-only build ≤ 6.0",
        [f"{s.median('credir build') / s.median('credir build, English only'):.2f}" for s in sizes],
    )
    ratio(
        "validate / bare parse ≤ 2.0",
        [f"{s.median('credir validate') / s.median('bare parse'):.2f}" for s in sizes],
    )
    ratio(
        "validate PATH / validate ≤ 0.10",
        [f"{s.median('credir validate PATH') / s.median('credir validate'):.3f}" for s in sizes],
    )
    ratio(
        "first search Pagefind KiB ≤ 250",
        [f"{s.search['pagefind'] / 1024:.0f}" if s.search else "–" for s in sizes],
    )
    by_n = {s.n: s for s in sizes}
    if 1000 in by_n and 10000 in by_n:
        growth = by_n[10000].median("credir build") / by_n[1000].median("credir build")
        lines += ["", f"10,000 build / 1,000 build: {growth:.2f} (target ≤ 11)"]
    if 100000 in by_n:
        lines += [
            "",
            f"100,000 build peak RSS: {by_n[100000].peak('credir build'):.0f} MiB (target ≤ 2048)",
        ]
    return "\n".join(lines)


def compile_bytecode() -> None:
    """Compile credir's modules once, as Python itself does on a first run. Where
    PYTHONDONTWRITEBYTECODE is set (as on this machine), every timed command would compile
    them again: 0.3 s, half of a `credir validate PATH`, that no user's second run pays."""
    compileall.compile_dir(Path(__file__).resolve().parent.parent / "generator", quiet=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated N values")
    parser.add_argument("--with-100k", action="store_true", help="also N = 100,000 (long)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds per size (medians)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work", type=Path, default=Path("/tmp/credir-bench"))
    parser.add_argument("--no-browser", action="store_true", help="skip the search bytes")
    args = parser.parse_args(argv)
    numbers = [int(part) for part in args.sizes.split(",") if part.strip()]
    args.work.mkdir(parents=True, exist_ok=True)
    compile_bytecode()
    trash = Trash(args.work)
    trash.empty()  # left by an interrupted run
    sizes = []
    try:
        for n in numbers:
            size = Size(n)
            measure(size, args.work, args.seed, args.repeat, not args.no_browser, trash)
            sizes.append(size)
        if args.with_100k:
            size = Size(100_000)
            measure(size, args.work, args.seed, 1, not args.no_browser, trash)
            sizes.append(size)
    finally:
        trash.empty()
    print(f"machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f}")
    print(report(sizes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
