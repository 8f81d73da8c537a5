"""`credir import`: a credential described in another standard becomes a credential file.

The source is read (Open Badges 3.0, CTDL or ELM; bare, in a Verifiable Credential, in the
Commission's upload wrapper or signed), mapped to credential fields, written as YAML with the
editor modeline, and checked by the project's own validator. The file says at the top what
the provider still has to fill in (as commented placeholders where the fields go), marks
every default, and ends with every source property that has no place in the format, with
its value: nothing is invented or lost silently.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import yaml

from generator.check import report
from generator.check.load import load_document
from generator.check.problems import Problem, has_errors
from generator.check.run import load_directory
from generator.check.validate import check_credential, check_provider
from generator.format.clock import today
from generator.format.models import Credential, Provider
from generator.importers import ctdl, elm, ob3
from generator.importers.common import (
    Imported,
    ImportFailure,
    SourceObject,
    describe,
    guess_kind,
    is_slug,
    mark_all,
    model_of,
    parse_json,
    path_of,
    slug,
    unread,
)

MODELINE = "# yaml-language-server: $schema=../../schema/credential.schema.json\n"
CONVERTERS: dict[str, Callable[[dict[str, Any], Provider], Imported]] = {
    "ob3": ob3.convert,
    "ctdl": ctdl.convert,
    "elm": elm.convert,
}
FORMAT_NAMES = {"ob3": "Open Badges 3.0", "ctdl": "CTDL", "elm": "ELM"}
REASONS = {"ob3": ob3.reason, "ctdl": ctdl.reason, "elm": elm.reason}
REVIEW_AFTER = dt.timedelta(days=365)
# What a folder import reads; anything else in the folder (a README, images) is left alone.
DOCUMENT_SUFFIXES = (".json", ".jsonld", ".jwt", ".jws")
_COMPACT_JWS = re.compile(r"^[A-Za-z0-9_-]+\.([A-Za-z0-9_-]+)\.[A-Za-z0-9_-]*$")

__all__ = [
    "CONVERTERS",
    "ImportFailure",
    "Imported",
    "convert",
    "import_file",
    "read_document",
    "yaml_text",
]


@dataclass
class Outcome:
    """What an import did: the file written, what did not map, and the validator's verdict."""

    path: Path
    unmapped: list[str]
    problems: list[Problem] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    check: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


@dataclass
class Source:
    """A source document as read: the credential inside any envelope, and what the
    envelope said (wrappers unpacked, a signature not checked)."""

    document: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    skipped: list[tuple[str, Any, str]] = field(default_factory=list)


def read_document(source: Path) -> Source:
    """The document in ``source``, unpacked from the forms people publish: a JSON object,
    the Commission's upload wrapper `{"credential": ...}`, a JWS in JSON form
    (`{"payload": ..., "signatures": [...]}`) or compact form (`header.payload.signature`),
    and a VC-JWT (`{"vc": ...}` in the payload). Signatures are never checked: the import
    copies what a credential describes, it does not verify who signed it."""
    try:
        raw = source.read_bytes()
    except OSError as error:
        raise ImportFailure(f"{source}: cannot read it ({error.strerror or error})") from None
    try:
        text = raw.decode("utf-8-sig").strip()
    except UnicodeDecodeError:
        raise ImportFailure(f"{source}: not UTF-8 text") from None
    result = Source({})
    compact = _COMPACT_JWS.match(text)
    if compact:
        document: Any = _jws_payload(source, compact[1], encoded=True)
        result.notes.append(
            "signed (compact JWS / VC-JWT): the payload was imported; the signature was NOT checked"
        )
    else:
        try:
            document = parse_json(text)
        except json.JSONDecodeError as error:
            raise ImportFailure(
                f"{source}:{error.lineno}:{error.colno}: not valid JSON ({error.msg})"
            ) from None
    for _ in range(4):  # envelopes nest (a signed upload wrapper); a few levels are enough
        if not isinstance(document, dict):
            break
        if isinstance(document.get("payload"), str) and (
            "signatures" in document or "signature" in document or "protected" in document
        ):
            signatures = document.get("signatures") or [document]
            result.notes.append(
                "signed (JWS, JSON form): the payload was imported; the signature was NOT checked"
            )
            result.skipped.append(
                ("signatures", f"{len(signatures)} signature(s)", "not checked, not imported")
            )
            mark_all(document)
            document = _jws_payload(source, document["payload"], encoded=_is_encoded(document))
        elif set(document) == {"credential"} and isinstance(document["credential"], dict):
            result.notes.append('the upload wrapper `{"credential": ...}` was unpacked')
            document = document["credential"]
        elif isinstance(document.get("vc"), dict) and "credentialSubject" not in document:
            result.notes.append("a VC-JWT payload: the credential in its `vc` claim was imported")
            for claim in sorted(set(document) - {"vc"}):
                result.skipped.append(
                    (claim, document[claim], "a claim of the signed envelope (JWT); not imported")
                )
            mark_all(document)
            document = document["vc"]
        else:
            break
    if not isinstance(document, dict):
        raise ImportFailure(f"{source}: expected a JSON object at the top")
    result.document = document
    return result


def _is_encoded(jws: dict[str, Any]) -> bool:
    """False when the JWS header says `"b64": false` (the payload is the JSON itself, as in
    the Commission's signed samples)."""
    for signature in jws.get("signatures") or [jws]:
        header = signature.get("protected") if isinstance(signature, dict) else None
        if isinstance(header, str):
            try:
                decoded = json.loads(_b64(header))
            except (ValueError, binascii.Error):
                continue
            if isinstance(decoded, dict) and decoded.get("b64") is False:
                return False
    return True


def _b64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _jws_payload(source: Path, payload: str, *, encoded: bool) -> Any:
    if encoded:
        try:
            payload = _b64(payload).decode("utf-8")
        except (ValueError, binascii.Error, UnicodeDecodeError):
            if not payload.lstrip().startswith("{"):
                raise ImportFailure(
                    f"{source}: a signed document whose payload is not base64url JSON"
                ) from None
    try:
        return parse_json(payload)
    except json.JSONDecodeError as error:
        raise ImportFailure(
            f"{source}: the signed payload is not valid JSON ({error.msg})"
        ) from None


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


def convert(
    kind: str, document: dict[str, Any], provider: Provider, source: Source | None = None
) -> Imported:
    """Map a parsed source document to credential fields, with defaults the sources lack
    (each marked as a default) and every source property left over listed."""
    if not isinstance(document, SourceObject):  # a plain dict (tests, exports): track it too
        document = parse_json(json.dumps(document))
    try:
        imported = CONVERTERS[kind](document, provider)
        _list_unread(kind, document, imported)
    except ImportFailure as error:
        guess = guess_kind(document)
        if guess is None or guess == kind:
            raise
        better = f" (it looks like {FORMAT_NAMES[guess]}: try `credir import {guess}`)"
        raise ImportFailure(f"{error}{better}") from None
    except (AttributeError, TypeError, ValueError, KeyError, IndexError) as error:
        # A value of an unexpected JSON type somewhere in the source: say so, not a traceback.
        raise ImportFailure(
            f"the document ({describe(document)}) does not have the structure "
            f"{FORMAT_NAMES[kind]} describes ({type(error).__name__}: {error})"
        ) from None
    if source is not None:
        for note in source.notes:
            imported.note(note)
        for path, value, why in source.skipped:
            imported.skip(path, value, why)
    data = imported.data
    if "id" not in data:
        data["id"] = slug(data.get("title", ""))
        imported.note(f"id: none in the source; made `{data['id']}` from the title")
    if "status" not in data:
        imported.default("status", "active", "not in the source; set to `active`, check it")
    if "review_by" not in data:
        imported.default(
            "review_by", today() + REVIEW_AFTER, "set to a year from today (the usual review)"
        )
    return imported


def _list_unread(kind: str, document: dict[str, Any], imported: Imported) -> None:
    """Every property of the source no converter read goes on the not-imported list, with
    the format's reason (a learner's own data by name only)."""
    focus = path_of(document, imported.focus) if imported.focus is not None else None
    for path, value in unread(document):
        why, personal = REASONS[kind](path, focus or "")
        if focus and path.startswith(f"{focus}."):
            # The credential's own properties by their names: `achievement.image`.
            name = focus.rsplit(".", 1)[-1]
            path = path[len(focus) + 1 :] if "[" in name else f"{name}.{path[len(focus) + 1 :]}"
        imported.skip(path, None if personal else value, why)


class _Dumper(yaml.SafeDumper):
    """Block style for text with line breaks, so Markdown stays readable in the file."""


_NUMBER_LIKE = re.compile(r"^[-+]?[0-9][0-9_.:eE+-]*$")


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value.strip() else None
    if _NUMBER_LIKE.match(value):
        style = "'"  # "0688" must stay text for every YAML reader (1.2 reads it as 688)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def _dump(data: dict[str, Any]) -> str:
    # No folding of long lines: a provider edits the file, and long text reads better whole.
    return yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=4096, indent=2
    )


def yaml_text(data: dict[str, Any]) -> str:
    """The credential fields alone: modeline, then the fields in the format's order."""
    return MODELINE + _dump(data)


def _placeholder(path: str, hint: str | None, indent: str = "") -> str:
    """A commented line where a missing required field goes: its name and what it is."""
    name = path.rsplit(".", 1)[-1]
    info = _field_info(path)
    what = info.description.rstrip(".") if info is not None and info.description else ""
    extra = f"; the source says: {hint}" if hint else ""
    return f"{indent}# {name}:  # REQUIRED, not in the source: {what}{extra}"


def _field_info(path: str) -> Any:
    """The model field at a dotted path (`assessment.methods`), for its description."""
    model: Any = Credential
    info = None
    for part in path.split("."):
        if model is None or part not in model.model_fields:
            return None
        info = model.model_fields[part]
        model = model_of(info.annotation)
    return info


def file_text(imported: Imported, kind: str, source_name: str) -> str:
    """The credential file as written by an import: a header that says what is left to do,
    the fields with commented placeholders and marked defaults, and the list of what the
    source has that the format cannot hold."""
    data = imported.ordered()
    missing = imported.missing()
    lines = [MODELINE.rstrip("\n")]
    lines.append(f"# Imported by `credir import {kind}` from {source_name} ({FORMAT_NAMES[kind]}).")
    if missing:
        lines.append("# Missing required fields (`credir validate` reports exactly these):")
        for path in missing:
            hint = f" ({imported.hints[path]})" if path in imported.hints else ""
            lines.append(f"#   - {path}: required, not in the source{hint}")
    else:
        lines.append("# Every required field has a value.")
    if imported.check:
        lines.append("# To check (`credir validate` warns about these):")
        lines += [f"#   - {path}: {why}" for path, why in imported.check.items()]
    if imported.defaults:
        lines.append(
            "# Defaults to check (marked `# default` below): " + ", ".join(imported.defaults)
        )
    if imported.skipped:
        lines.append(f"# {len(imported.skipped)} source properties were not imported: see the end.")
    for name in Credential.model_fields:
        if name not in data:
            if name in missing:
                lines.append(_placeholder(name, imported.hints.get(name)))
            continue
        block = _dump({name: data[name]}).rstrip("\n").split("\n")
        if name in imported.defaults:
            block[0] += f"  # default: {imported.defaults[name]}"
        if name in imported.check:
            block[0] += f"  # check: {imported.check[name]}"
        inner = [
            _placeholder(path, imported.hints.get(path), "  ")
            for path in missing
            if path.startswith(f"{name}.")
        ]
        lines += block[:1] + inner + block[1:]
    if imported.skipped:
        lines.append("")
        lines.append(
            f"# Not imported ({len(imported.skipped)}): source property: value (shortened) -- why"
        )
        for path, value, why in imported.skipped:
            shown = f": {value}" if value else ""
            lines.append(f"#   - {path}{shown} -- {why}")
    return "\n".join(lines) + "\n"


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
    kind: str,
    source: Path,
    provider_id: str,
    root: Path,
    out: Path | None,
    force: bool = False,
    written: dict[Path, str] | None = None,
) -> Outcome:
    """Import one document. ``written`` (a folder import) maps the files written so far to
    their source, so a second copy of one credential is named as such, not overwritten."""
    provider = load_provider(root, provider_id)
    read = read_document(source)
    imported = convert(kind, read.document, provider, read)
    if out is not None and out.is_dir():
        out = out / f"{imported.data['id']}.yaml"
    if out is not None and is_slug(out.stem) and out.suffix == ".yaml":
        if imported.data["id"] != out.stem:
            imported.note(f"id: `{imported.data['id']}` in the source; `{out.stem}` from --out")
        imported.data["id"] = out.stem  # a credential's id is its file name
    target = out or root / "credentials" / provider_id / f"{imported.data['id']}.yaml"
    if written is not None and target in written:
        raise ImportFailure(
            f"same credential id `{target.stem}` as {written[target]}, imported just before "
            "(another copy of it?); import this one alone with --out to keep both"
        )
    if target.exists() and not force:
        raise ImportFailure(f"{target} exists already; choose another --out or pass --force")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(file_text(imported, kind, source.name), encoding="utf-8")
    if written is not None:
        written[target] = source.name
    return Outcome(
        target,
        imported.unmapped,
        validate_written(root, target),
        imported.missing(),
        list(imported.check),
        imported.skipped,
    )


def run(
    kind: str,
    source: Path,
    provider_id: str,
    root: Path,
    out: Path | None,
    force: bool = False,
    stream: TextIO | None = None,
) -> int:
    """The CLI command: 0 when the written file is valid, 1 otherwise (never a traceback).
    A folder imports every document in it and prints a table."""
    stream = stream or sys.stderr
    if source.is_dir():
        return run_folder(kind, source, provider_id, root, out, force, stream)
    try:
        outcome = import_file(kind, source, provider_id, root, out, force)
    except ImportFailure as error:
        print(f"import failed: {error}", file=stream)
        return 1
    print(f"wrote {outcome.path} from {FORMAT_NAMES[kind]} {source}", file=stream)
    if outcome.unmapped:
        print("Notes (defaults and guesses to check):", file=stream)
        for item in outcome.unmapped:
            print(f"  - {item}", file=stream)
    if outcome.missing:
        print(f"Missing required fields: {', '.join(outcome.missing)}", file=stream)
    if outcome.skipped:
        print(
            f"Not imported: {len(outcome.skipped)} source properties "
            f"(listed at the end of {outcome.path.name})",
            file=stream,
        )
    if outcome.problems:
        stream.write(report.render(outcome.problems, "text", checked_files=1))
    if not outcome.ok:
        print(f"{outcome.path} needs the fixes above before it can be published", file=stream)
        return 1
    print(f"{outcome.path} is valid", file=stream)
    return 0


def run_folder(
    kind: str,
    folder: Path,
    provider_id: str,
    root: Path,
    out: Path | None,
    force: bool,
    stream: TextIO,
) -> int:
    """Import every document in ``folder`` (a provider moving from a registry) and print a
    table: file, written or refused (and why), required fields missing, items not imported."""
    files = sorted(
        path for path in folder.iterdir() if path.is_file() and path.suffix in DOCUMENT_SUFFIXES
    )
    if not files:
        print(f"import failed: no {'/'.join(DOCUMENT_SUFFIXES)} files in {folder}", file=stream)
        return 1
    try:
        load_provider(root, provider_id)  # once, not once per file
    except ImportFailure as error:
        print(f"import failed: {error}", file=stream)
        return 1
    rows = [("file", "result", "missing", "not imported")]
    failed = False
    written: dict[Path, str] = {}
    for path in files:
        try:
            outcome = import_file(kind, path, provider_id, root, out, force, written)
        except ImportFailure as error:
            failed = True
            rows.append((path.name, f"refused: {error}", "-", "-"))
            continue
        failed = failed or not outcome.ok
        shown = (
            outcome.path.relative_to(root) if outcome.path.is_relative_to(root) else outcome.path
        )
        missing = outcome.missing
        rows.append(
            (
                path.name,
                f"written: {shown}",
                f"{len(missing)}: {', '.join(missing)}" if missing else "0",
                str(len(outcome.skipped)),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        print(
            "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:3])) + "  " + row[3],
            file=stream,
        )
    written = sum(1 for row in rows[1:] if row[1].startswith("written"))
    print(f"{written} of {len(files)} documents written", file=stream)
    return 1 if failed else 0
