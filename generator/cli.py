"""The `credir` command line: the pipeline's entry points, and nothing else.

Exit codes: 0 success, 1 the directory has errors (or the command failed), 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from generator import report
from generator.directory import load_directory


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.root.is_dir():
        parser.error(f"--root {args.root}: no such directory")
    try:
        return args.run(args, parser)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="credir",
        description="An open directory of micro-credentials: validate, build and serve it.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_text: str, run) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument(
            "--root",
            type=Path,
            default=Path.cwd(),
            help="the directory's repository (default: the current directory)",
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
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--out", type=Path, default=None, help="where to build (default: ROOT/site)")

    schema = command("schema", "write schema/*.schema.json from the models", _schema)
    schema.add_argument(
        "--check",
        action="store_true",
        help="only check that the files are up to date (exit 1 if not)",
    )
    return parser


def _validate(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    root = args.root.resolve()
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

    root = args.root.resolve()
    return build_site(root, (args.out or root / "site").resolve())


def _serve(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from generator.site.serve import serve

    root = args.root.resolve()
    return serve(root, (args.out or root / "site").resolve(), args.host, args.port)


def _schema(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from generator.schema import SCHEMA_FILES, schema_text

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


if __name__ == "__main__":
    raise SystemExit(main())
