"""`credir build`: validate, render, build with MkDocs, index with Pagefind, then publish.

The output folder is replaced only by a complete, successful build: everything is built
in a staging folder beside it and swapped in at the end, so a failed or interrupted
build leaves the last good site in place.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from generator import report
from generator.directory import Directory, load_directory
from generator.render.pages import render_pages
from generator.site.mkdocs_site import build_with_mkdocs
from generator.site.pagefind import PagefindError, index_site


class BuildError(RuntimeError):
    pass


def build_site(root: Path, out: Path) -> int:
    """The CLI's build: problems to stderr, exit 1 on any error, output untouched then."""
    if not (root / "mkdocs.yml").is_file():
        print(
            f"no mkdocs.yml in {root}: run in the directory's repository or pass --root",
            file=sys.stderr,
        )
        return 1
    checked = load_directory(root)
    if checked.problems:
        sys.stderr.write(report.render(checked.problems, "text", checked_files=checked.files))
    if checked.directory is None:
        print(f"build failed: {out} left as it was", file=sys.stderr)
        return 1
    try:
        publish(root, checked.directory, out)
    except BuildError as error:
        print(f"build failed: {error}; {out} left as it was", file=sys.stderr)
        return 1
    print(f"built {len(checked.directory.listings)} credentials into {out}", file=sys.stderr)
    return 0


def publish(root: Path, directory: Directory, out: Path) -> None:
    """Build the whole site into a staging folder, then swap it in for ``out``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    _pin_build_date(root)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-building-", dir=out.parent))
    try:
        build_into(root, directory, staging)
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def build_into(root: Path, directory: Directory, site_dir: Path) -> None:
    pages = render_pages(directory)
    try:
        build_with_mkdocs(root / "mkdocs.yml", pages, site_dir)
    except Exception as error:  # MkDocs raises many kinds; all mean the same to a user
        raise BuildError(f"MkDocs: {error}") from error
    _copy_schemas(root, site_dir)
    try:
        index_site(site_dir)
    except (PagefindError, OSError) as error:
        raise BuildError(f"Pagefind: {error}") from error


def _copy_schemas(root: Path, site_dir: Path) -> None:
    """Publish the JSON Schemas at stable URLs, for the modeline and other tools."""
    target = site_dir / "schema"
    target.mkdir(exist_ok=True)
    for schema in sorted((root / "schema").glob("*.schema.json")):
        shutil.copyfile(schema, target / schema.name)


def _swap(staging: Path, out: Path) -> None:
    if out.exists() and not (out / "index.html").exists() and any(out.iterdir()):
        raise BuildError(f"{out} exists and does not look like a built site; not replacing it")
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}-old-{os.getpid()}")
        os.replace(out, old)
    staging.chmod(0o755)  # mkdtemp made it private; a published site is world-readable
    os.replace(staging, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _pin_build_date(root: Path) -> None:
    """MkDocs dates the sitemap with SOURCE_DATE_EPOCH: use the last commit, so two builds
    of the same commit are byte-identical."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return
    try:
        stamp = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        stamp = ""
    os.environ["SOURCE_DATE_EPOCH"] = stamp or "0"
