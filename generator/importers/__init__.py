"""`credir import`: a credential described in another standard becomes a credential file.

The source is read (Open Badges 3.0, CTDL or ELM), mapped to credential fields, written as
YAML with the editor modeline, and checked by the project's own validator. Everything the
mapping could not carry is listed, so the provider knows what to check and fill in.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import yaml

from generator import report
from generator.directory import load_directory, today
from generator.importers import ctdl, elm, ob3
from generator.importers.common import Imported, ImportFailure, is_slug, slug
from generator.load import load_document
from generator.models import Credential, Provider
from generator.problems import Problem, has_errors
from generator.validate import check_credential, check_provider

MODELINE = "# yaml-language-server: $schema=../../schema/credential.schema.json\n"
CONVERTERS: dict[str, Callable[[dict[str, Any], Provider], Imported]] = {
    "ob3": ob3.convert,
    "ctdl": ctdl.convert,
    "elm": elm.convert,
}
FORMAT_NAMES = {"ob3": "Open Badges 3.0", "ctdl": "CTDL", "elm": "ELM"}
REVIEW_AFTER = dt.timedelta(days=365)

__all__ = ["CONVERTERS", "ImportFailure", "Imported", "convert", "import_file", "yaml_text"]


@dataclass
class Outcome:
    """What an import did: the file written, what did not map, and the validator's verdict."""

    path: Path
    unmapped: list[str]
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


def read_json(source: Path) -> dict[str, Any]:
    try:
        raw = source.read_bytes()
    except OSError as error:
        raise ImportFailure(f"{source}: cannot read it ({error.strerror or error})") from None
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ImportFailure(f"{source}: not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise ImportFailure(
            f"{source}:{error.lineno}:{error.colno}: not valid JSON ({error.msg})"
        ) from None
    if not isinstance(document, dict):
        raise ImportFailure(f"{source}: expected a JSON object at the top")
    return document


def load_provider(root: Path, provider_id: str) -> Provider:
    path = root / "credentials" / provider_id / "_provider.yaml"
    if not path.is_file():
        raise ImportFailure(
            f"no provider `{provider_id}` in {root / 'credentials'}: add "
            f"credentials/{provider_id}/_provider.yaml first (see CONTRIBUTING)"
        )
    document, problems = load_document(path, path.relative_to(root).as_posix())
    provider, more = check_provider(document) if document else (None, [])
    if provider is None:
        shown = "; ".join(str(p) for p in (problems + more)[:3])
        raise ImportFailure(f"credentials/{provider_id}/_provider.yaml has errors: {shown}")
    return provider


def convert(kind: str, document: dict[str, Any], provider: Provider) -> Imported:
    """Map a parsed source document to credential fields, with defaults the sources lack."""
    try:
        imported = CONVERTERS[kind](document, provider)
    except (AttributeError, TypeError, ValueError, KeyError, IndexError) as error:
        # A value of an unexpected JSON type somewhere in the source: say so, not a traceback.
        raise ImportFailure(
            f"the document does not have the structure {FORMAT_NAMES[kind]} describes "
            f"({type(error).__name__}: {error})"
        ) from None
    data = imported.data
    if "id" not in data:
        data["id"] = slug(data.get("title", ""))
        imported.note(f"id: none in the source; made `{data['id']}` from the title")
    if "status" not in data:
        data["status"] = "active"
        imported.note("status: not in the source; set to `active`")
    if "review_by" not in data:
        data["review_by"] = today() + REVIEW_AFTER
        imported.note(f"review_by: set to {data['review_by'].isoformat()}, a year from today")
    for name, info in Credential.model_fields.items():
        if info.is_required() and name not in data:
            imported.note(f"{name}: required, and not in the source; fill it in")
    return imported


class _Dumper(yaml.SafeDumper):
    """Block style for text with line breaks, so Markdown stays readable in the file."""


_NUMBER_LIKE = re.compile(r"^[-+]?[0-9][0-9_.:eE+-]*$")


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value.strip() else None
    if _NUMBER_LIKE.match(value):
        style = "'"  # "0688" must stay text for every YAML reader (1.2 reads it as 688)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def yaml_text(data: dict[str, Any]) -> str:
    """The credential file: modeline, then the fields in the format's order."""
    # No folding of long lines: a provider edits the file, and long text reads better whole.
    body = yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=4096, indent=2
    )
    return MODELINE + body


def validate_written(root: Path, path: Path) -> list[Problem]:
    """The project's own checks: the whole pipeline when the file is in the directory (so the
    id, folder and references are checked too), the per-file checks otherwise."""
    credentials = (root / "credentials").resolve()
    if path.resolve().is_relative_to(credentials):
        return load_directory(root, [path]).problems
    document, problems = load_document(path, path.name)
    _, more = check_credential(document) if document else (None, [])
    return problems + more


def import_file(
    kind: str, source: Path, provider_id: str, root: Path, out: Path | None, force: bool = False
) -> Outcome:
    provider = load_provider(root, provider_id)
    imported = convert(kind, read_json(source), provider)
    if out is not None and is_slug(out.stem) and out.suffix == ".yaml":
        if imported.data["id"] != out.stem:
            imported.note(f"id: `{imported.data['id']}` in the source; `{out.stem}` from --out")
        imported.data["id"] = out.stem  # a credential's id is its file name
    data = imported.ordered()
    target = out or root / "credentials" / provider_id / f"{data['id']}.yaml"
    if target.exists() and not force:
        raise ImportFailure(f"{target} exists already; choose another --out or pass --force")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml_text(data), encoding="utf-8")
    return Outcome(target, imported.unmapped, validate_written(root, target))


def run(
    kind: str,
    source: Path,
    provider_id: str,
    root: Path,
    out: Path | None,
    force: bool = False,
    stream: TextIO | None = None,
) -> int:
    """The CLI command: 0 when the written file is valid, 1 otherwise (never a traceback)."""
    stream = stream or sys.stderr
    try:
        outcome = import_file(kind, source, provider_id, root, out, force)
    except ImportFailure as error:
        print(f"import failed: {error}", file=stream)
        return 1
    print(f"wrote {outcome.path} from {FORMAT_NAMES[kind]} {source}", file=stream)
    if outcome.unmapped:
        print("Not mapped, or set by default (check these):", file=stream)
        for item in outcome.unmapped:
            print(f"  - {item}", file=stream)
    if outcome.problems:
        stream.write(report.render(outcome.problems, "text", checked_files=1))
    if not outcome.ok:
        print(f"{outcome.path} needs the fixes above before it can be published", file=stream)
        return 1
    print(f"{outcome.path} is valid", file=stream)
    return 0
