"""The `credir` command line: the pipeline's entry points, and nothing else.

Exit codes: 0 success, 1 the directory has errors (or the command failed), 2 usage error.
"""

from __future__ import annotations

import argparse
import stat
import sys
from collections.abc import Sequence
from pathlib import Path

from generator.check import report
from generator.check.discover import CREDENTIALS_DIR, find_root, is_directory_root
from generator.check.run import load_directory
from generator.check.workflow_log import one_line
from generator.review.job_summary import SUMMARY_FORMATS


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = _parser(argv)
    args = parser.parse_args(argv)
    args.root = directory_root(args.root, parser)
    try:
        return args.run(args, parser)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 1


def directory_root(given: Path | None, parser: argparse.ArgumentParser) -> Path:
    """The directory's repository that every command works on: ``--root`` as given, or else
    the one the current folder is in, found upward as git finds its own. Not finding one is
    a usage error, told before any work starts."""
    if given is None:
        here = Path.cwd()
        found = find_root(here)
        if found is None:
            parser.error(
                f"not a credir directory: no {CREDENTIALS_DIR}/ folder in {here} or any folder "
                "above it; run this inside the directory's repository, or pass --root DIR"
            )
        return found
    try:
        mode = given.stat().st_mode
    except FileNotFoundError:
        parser.error(f"--root {given}: no such folder")
    except OSError as error:
        parser.error(f"--root {given}: {error.strerror}")
    if not stat.S_ISDIR(mode):
        what = "is a file, not a folder" if stat.S_ISREG(mode) else "is not a folder"
        parser.error(f"--root {given}: {what}; give the folder that holds {CREDENTIALS_DIR}/")
    if not is_directory_root(given):
        # --root is taken as given (a script means the folder it names); the repository it
        # lies in, if any, is only suggested.
        above = find_root(given)
        hint = f" (it is inside {above}: pass --root {above})" if above else ""
        parser.error(
            f"--root {given}: not a credir directory, it has no {CREDENTIALS_DIR}/ folder{hint}"
        )
    return given.resolve()


class _Version(argparse.Action):
    """`--version`: the installed package's version, looked up only when asked for
    (importing importlib.metadata would slow every command's start)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(
            option_strings, dest, nargs=0, default=argparse.SUPPRESS, help="print the version"
        )

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            text = version("credir")
        except PackageNotFoundError:
            parser.exit(
                1, "credir: version unknown, the package is not installed (pip install .)\n"
            )
        print(f"credir {text}")
        parser.exit()


def _port(text: str) -> int:
    """A TCP port for `serve`: 0 asks the system for a free one."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(
            f"give a port from 0 to 65535 (0: any free one), not {text}"
        )
    return value


def _parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The parser for ``argv``: some commands' details are added only when asked for."""
    parser = argparse.ArgumentParser(
        prog="credir",
        description="An open directory of micro-credentials: validate, build and serve it.",
    )
    parser.add_argument("--version", action=_Version)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_text: str, run) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument(
            "--root",
            type=Path,
            default=None,
            help="the directory's repository, the folder that holds credentials/ (default: "
            "the current folder or the nearest one above it that holds credentials/)",
        )
        sub.set_defaults(run=run)
        return sub

    validate = command(
        "validate", "check every file (or the PATHs given) and report problems", _validate
    )
    validate.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="files or provider folders to report on (still cross-checked "
        "against the whole directory)",
    )
    validate.add_argument(
        "--format",
        choices=report.FORMATS,
        default="text",
        help="text for people, github for annotations, json for tools",
    )

    build = command("build", "validate, then build the static site and open data", _build)
    build.add_argument("--out", type=Path, default=None, help="output folder (default: ROOT/site)")

    serve = command(
        "serve", "build, then serve the site on this machine and rebuild on change", _serve
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument(
        "--port", type=_port, default=8000, help="port (default 8000; 0: any free port)"
    )
    serve.add_argument("--out", type=Path, default=None, help="where to build (default: ROOT/site)")

    schema = command("schema", "write schema/*.schema.json from the models", _schema)
    schema.add_argument(
        "--check",
        action="store_true",
        help="only check that the files are up to date (exit 1 if not)",
    )
    _contribution_commands(command, argv)
    _import_command(command)
    _check_links_command(command)
    return parser


def _validate(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    root = args.root  # PATHs are taken from the current folder, reported from the root
    for path in args.paths:
        absolute = path if path.is_absolute() else Path.cwd() / path
        if not absolute.exists():
            parser.error(f"{path}: no such file or folder")
        if not absolute.resolve().is_relative_to(root / "credentials"):
            parser.error(f"{path}: not inside {root / 'credentials'}")
    checked = load_directory(root, args.paths or None)
    output = report.render(checked.problems, args.format, checked_files=checked.files)
    (sys.stdout if args.format != "text" or checked.ok else sys.stderr).write(output)
    return 0 if checked.ok else 1


def _build(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from generator.site.build import build_site

    root = args.root
    return build_site(root, (args.out or root / "site").resolve())


def _serve(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from generator.site.serve import serve

    root = args.root
    return serve(root, (args.out or root / "site").resolve(), args.host, args.port)


def _schema(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from generator.format.schema import SCHEMA_FILES, schema_text

    stale = []
    for name, model in SCHEMA_FILES.items():
        path = args.root / "schema" / name
        text = schema_text(model)
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"{'out of date' if args.check else 'wrote'}: {path}", file=sys.stderr)
    return 1 if args.check and stale else 0


# --- contributing and reviewing (issue #4): new, changes, ownership, stale, guide ----------


def _contribution_commands(command, argv: Sequence[str]) -> None:
    new = command(
        "new", "start a provider or credential file from prompts (or flags, for scripts)", _new
    )
    # A flag for every field of the models: made only when `new` is the command (or help is
    # asked for), since importing what makes them would slow every other command's start
    # (`credir validate PATH` in a pre-commit hook runs on each commit).
    if not argv or argv[0] in ("new", "-h", "--help"):
        from generator.authoring.new import add_new_arguments

        add_new_arguments(new)

    compare = command(
        "changes", "report what a branch changes per credential, for a pull request", _changes
    )
    compare.add_argument("--base", required=True, metavar="REF", help="e.g. origin/main")
    compare.add_argument("--head", default="HEAD", metavar="REF", help="default: HEAD")
    compare.add_argument("--format", choices=SUMMARY_FORMATS, default="markdown")

    owners = command(
        "codeowners", "write .github/CODEOWNERS from the providers' maintainers", _codeowners
    )
    owners.add_argument(
        "--check",
        action="store_true",
        help="only check that the file is up to date (exit 1 if not)",
    )

    ownership = command(
        "check-ownership",
        "fail when a branch changes files its author does not maintain",
        _check_ownership,
    )
    ownership.add_argument("--base", required=True, metavar="REF", help="e.g. origin/main")
    ownership.add_argument("--head", default="HEAD", metavar="REF", help="default: HEAD")
    ownership.add_argument("--author", required=True, metavar="HANDLE", help="GitHub handle")

    due = command("stale", "list stale and soon-stale listings", _stale)
    due.add_argument(
        "--days", type=int, default=60, help="also list those due within DAYS (default 60)"
    )
    due.add_argument("--format", choices=SUMMARY_FORMATS, default="markdown")

    guide = command("guide", "write the generated parts of CONTRIBUTING.md from the models", _guide)
    guide.add_argument(
        "--check",
        action="store_true",
        help="only check that the guide is up to date (exit 1 if not)",
    )


def _new(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from generator.authoring.new import run_new

    return run_new(args)


def _changes(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from generator.review import changes
    from generator.review.git import GitError

    try:
        found = changes.changes_between(args.root, args.base, args.head)
    except GitError as error:
        print(f"credir changes: {one_line(str(error))}", file=sys.stderr)
        return 1
    sys.stdout.write(changes.render(found, args.format))
    return 0


def _codeowners(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from generator.review.ownership import (
        CODEOWNERS_FILE,
        CODEOWNERS_MAX_BYTES,
        OwnershipError,
        expected_codeowners,
        read_plain_file,
    )

    root = args.root
    try:
        text, problems = expected_codeowners(root)
        written = read_plain_file(root, CODEOWNERS_FILE, CODEOWNERS_MAX_BYTES)  # not via a link
    except OwnershipError as error:
        print(f"credir codeowners: {one_line(str(error))}", file=sys.stderr)
        return 1
    if problems:
        sys.stderr.write(report.render(problems, "text", checked_files=len(problems)))
        print("credir codeowners: fix the provider files first", file=sys.stderr)
        return 1
    path = root / CODEOWNERS_FILE
    if written is not None and written.replace(b"\r\n", b"\n") == text.encode():
        return 0
    if args.check:
        print(
            f"out of date: {CODEOWNERS_FILE} (run `credir codeowners`, or ask a repository "
            "maintainer to); it should read:\n" + text,
            file=sys.stderr,
        )
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"wrote: {CODEOWNERS_FILE}", file=sys.stderr)
    return 0


def _check_ownership(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from generator.review.git import GitError
    from generator.review.ownership import OwnershipError, check_ownership, render_verdict

    if not args.author.strip().removeprefix("@"):
        parser.error("--author: give the pull request author's GitHub handle")
    try:
        verdict = check_ownership(args.root, args.base, args.author, args.head)
    except (GitError, OwnershipError) as error:
        print(f"credir check-ownership: {one_line(str(error))}", file=sys.stderr)
        return 1
    (sys.stdout if verdict.ok else sys.stderr).write(render_verdict(verdict, args.base))
    return 0 if verdict.ok else 1


def _stale(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from generator.format.clock import today
    from generator.review import stale

    if args.days < 0:
        parser.error("--days: give 0 or more days")
    checked = load_directory(args.root)
    if checked.directory is None:
        sys.stderr.write(report.render(checked.problems, "text", checked_files=checked.files))
        print("credir stale: the directory has errors; fix them first", file=sys.stderr)
        return 1
    on = today()
    due = stale.due_listings(checked.directory, on, args.days)
    sys.stdout.write(stale.render(due, args.format, on=on, within_days=args.days))
    return 0


def _guide(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from generator.authoring.guide import GUIDE_FILE, GuideError, updated_guide

    path = args.root / GUIDE_FILE
    try:
        current = path.read_text(encoding="utf-8")
        text = updated_guide(args.root, current)
    except (OSError, GuideError) as error:
        print(f"credir guide: {one_line(str(error))}", file=sys.stderr)
        return 1
    if text == current:
        return 0
    if args.check:
        print(f"out of date: {GUIDE_FILE} (run `credir guide`)", file=sys.stderr)
        return 1
    path.write_text(text, encoding="utf-8")
    print(f"wrote: {GUIDE_FILE}", file=sys.stderr)
    return 0


# --- open data (issue #5): import a credential from OB 3.0, CTDL or ELM ----------------------


# What `credir import` and `credir check-links` accept, known here without importing their
# modules: importing the importers and the HTTP stack would slow every start, `credir
# validate PATH`'s too (tests/unit/parallel/test_speedups.py checks they match the
# modules).
IMPORT_FORMATS = ("ctdl", "elm", "ob3")
LINK_REPORT_FORMATS = ("text", "markdown", "json")
LINK_ALLOWLIST = ".github/link-allowlist.txt"


def _import_command(command) -> None:
    found = command(
        "import",
        "make a credential file from an Open Badges 3.0 Achievement, a CTDL credential or "
        "an ELM learning opportunity (JSON / JSON-LD)",
        _import,
    )
    found.add_argument("kind", choices=IMPORT_FORMATS, help="the FILE's format")
    found.add_argument(
        "file",
        type=Path,
        metavar="FILE",
        help="the document to import (JSON, JSON-LD, a signed JWS / VC-JWT), or a folder of them",
    )
    found.add_argument(
        "--provider", required=True, metavar="ID", help="the provider folder it belongs to"
    )
    found.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="PATH",
        help="file or folder to write to (default: ROOT/credentials/ID/<credential-id>.yaml)",
    )
    found.add_argument("--force", action="store_true", help="overwrite an existing file")


def _import(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from generator.importers import run

    root = args.root
    out = args.out.resolve() if args.out else None
    return run(args.kind, args.file, args.provider, root, out, force=args.force)


# --- security (issue #7): dead links, fetched safely -----------------------------------------


def _check_links_command(command) -> None:
    links = command(
        "check-links",
        "fetch every http(s) address in the data and report dead ones per provider "
        "(never private or loopback addresses)",
        _check_links,
    )
    links.add_argument(
        "--concurrency", type=_positive(int), default=8, help="checks at once (default 8)"
    )
    links.add_argument(
        "--timeout",
        type=_positive(float),
        default=10.0,
        help="seconds one attempt at a link may take in all: lookup, connection, TLS, "
        "redirects, reading (default 10)",
    )
    links.add_argument(
        "--retries", type=int, choices=range(0, 6), default=2, help="retries (default 2)"
    )
    links.add_argument(
        "--allow",
        type=Path,
        default=None,
        metavar="FILE",
        help=f"reviewed allow-list of URL prefixes or hosts not to fetch (default: "
        f"ROOT/{LINK_ALLOWLIST} if present)",
    )
    links.add_argument(
        "--format", choices=LINK_REPORT_FORMATS, default="text", help="report format"
    )


def _positive(kind):
    def parse(text: str):
        value = kind(text)
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be more than 0, not {text}")
        return value

    return parse


def _check_links(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from generator.review.linkcheck import (
        DEFAULT_ALLOWLIST,
        check_links,
        collect_links,
        read_allowlist,
    )
    from generator.review.linkcheck import render as render_links

    root = args.root
    if args.allow is not None and not args.allow.is_file():
        parser.error(f"--allow {args.allow}: no such file")
    allowlist = read_allowlist(args.allow or root / DEFAULT_ALLOWLIST)
    results = check_links(
        collect_links(root),
        allowlist=allowlist,
        concurrency=args.concurrency,
        timeout=args.timeout,
        retries=args.retries,
    )
    sys.stdout.write(render_links(results, args.format))
    return 1 if any(result.is_problem for result in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
