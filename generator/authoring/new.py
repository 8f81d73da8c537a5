"""Authoring: `credir new provider|credential` writes a commented file that validates.

Every prompt and flag is made from generator.authoring.fields, so the fields, their order, their
help, their choices and their patterns are the models' own: a new enum value or field
reaches the prompts, the flags and the written comments without an edit here. The file
(generator.authoring.template) is checked by the validator itself before it is written, and a
duplicate id or a near-duplicate title is refused at the keyboard rather than in review.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.authoring.fields import (
    SMALL_ENUM,
    AnswerError,
    FieldSpec,
    enum_labels,
    field_specs,
    item_specs,
    leaves,
    parse_item,
    parse_scalar,
)
from generator.authoring.template import field_comment, flow, render_yaml
from generator.check.crosscheck import Reference, check_claims, check_references, references
from generator.check.discover import CREDENTIALS_DIR, PROVIDER_FILE
from generator.check.load import load_document, parse_document
from generator.check.problems import Problem
from generator.check.validate import check_credential, check_provider
from generator.format import patterns
from generator.format.clock import today
from generator.format.completeness import FIELDS_FOR_THE_MARK
from generator.format.models import Credential, Provider
from generator.format.vocabularies import OFFERED_STATUSES

SIMILAR_TITLE_RATIO = 0.9  # difflib ratio, case-insensitive, at which a title is "the same"
# Optional fields still asked for, because something downstream counts on them: folder
# ownership (CODEOWNERS) needs `maintainers`; the EU completeness check needs the EQF level;
# the site marks each page's language, and a translation names the text's (`text_language`).
_RECOMMENDED = {("maintainers",), ("text_language",), *FIELDS_FOR_THE_MARK}


def slugify(text: str, limit: int = 80) -> str:
    """`Data Analytics: Foundations` -> `data-analytics-foundations`, for a default id."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug


# --- what is already in the directory -------------------------------------------------------


@dataclass(frozen=True)
class Existing:
    """Titles and names already in the directory, read leniently (a broken file still counts)."""

    provider_names: dict[str, str]  # provider id -> name
    credential_titles: dict[str, str]  # key -> title
    provider_text_languages: dict[str, str] = field(default_factory=dict)  # id -> code

    @classmethod
    def read(cls, root: Path) -> Existing:
        names: dict[str, str] = {}
        titles: dict[str, str] = {}
        text_languages: dict[str, str] = {}
        for path in sorted((root / CREDENTIALS_DIR).glob("*/*.yaml")):
            document, _ = parse_document(path.read_bytes(), path.name)
            data = document.data if document else {}
            folder = path.parent.name
            if path.name == PROVIDER_FILE:
                if isinstance(data.get("name"), str):
                    names[folder] = data["name"]
                if isinstance(data.get("text_language"), str):
                    text_languages[folder] = data["text_language"]
            elif isinstance(data.get("title"), str):
                titles[f"{folder}/{path.stem}"] = data["title"]
        return cls(names, titles, text_languages)


def similar(title: str, others: Mapping[str, str]) -> list[tuple[str, str]]:
    """Entries whose text is the same as ``title`` but for case and a few characters."""
    wanted = title.strip().lower()
    return [
        (key, other)
        for key, other in others.items()
        if difflib.SequenceMatcher(None, wanted, other.strip().lower()).ratio()
        >= SIMILAR_TITLE_RATIO
    ]


# --- asking ------------------------------------------------------------------------------


class AnswersEnded(Exception):
    """Standard input ended before every required answer was given."""


class Prompter:
    """Asks for one field at a time until the answer fits; input and output can be swapped."""

    def __init__(
        self,
        read: Callable[[str], str] = input,
        write: Callable[[str], None] = lambda text: print(text, flush=True),
    ) -> None:
        self._read, self._write = read, write

    def line(self, prompt: str) -> str:
        try:
            return self._read(prompt)
        except EOFError:
            raise AnswersEnded(prompt.strip().rstrip(":")) from None

    def say(self, text: str = "") -> None:
        self._write(text)

    def confirm(self, question: str, default: bool = False) -> bool:
        while True:
            answer = self.line(f"{question} [{'Y/n' if default else 'y/N'}]: ").strip().lower()
            if not answer:
                return default
            if answer in ("y", "yes", "n", "no"):
                return answer.startswith("y")
            self.say("  answer y or n")

    def ask(
        self,
        spec: FieldSpec,
        default: Any = None,
        check: Callable[[Any], None] | None = None,
    ) -> Any:
        """The value for one field (None when an optional one is skipped)."""
        self.say()
        self.say(f"{spec.dotted} — {field_comment(spec)}")
        choices = spec.schema.get("enum") or spec.item.get("enum") or ()
        if 0 < len(choices) <= SMALL_ENUM:
            self._menu(choices)
            if spec.kind == "list":
                self.say("  several: separate them with commas")
        if spec.kind in ("objects", "contributions") or (
            spec.kind == "list" and not spec.splittable
        ):
            return self._ask_items(spec)
        has_default = default not in (None, [], "")
        shown = f" [{_show_default(default)}]" if has_default else ""
        while True:
            answer = self.line(f"{spec.dotted}{shown}: ").strip()
            if not answer and not has_default:
                if spec.required:
                    self.say("  required: please give a value")
                    continue
                return None
            try:
                value = self._parse(spec, answer) if answer else default
                if check is not None:
                    check(value)
                return value
            except AnswerError as error:
                self.say(f"  ✗ {error}")

    def _parse(self, spec: FieldSpec, answer: str) -> Any:
        if spec.kind == "enum" and answer.isdigit():
            options = spec.schema["enum"]
            if 1 <= int(answer) <= len(options) <= SMALL_ENUM:
                return options[int(answer) - 1]
        if spec.kind == "list":
            items = parse_list_answer(spec, [answer])
            if not items:
                raise AnswerError("give at least one value")
            return items
        return parse_scalar(spec.schema, answer, spec.name)

    def _menu(self, options: Iterable[str]) -> None:
        options = list(options)
        labels = enum_labels(options)
        width = max(len(option) for option in options)
        for number, option in enumerate(options, 1):
            label = labels.get(option, "")
            self.say(f"  {number:>2}  {option:<{width}}  {label}".rstrip())

    def _ask_items(self, spec: FieldSpec) -> list[Any] | None:
        """One item per answer until an empty one (items of groups field by field)."""
        items: list[Any] = []
        self.say("  one per line; an empty line ends the list")
        while True:
            if spec.kind == "objects":
                item = self._ask_object(spec, len(items) + 1)
            else:
                item = self._ask_one_item(spec, len(items) + 1)
            if item is None:
                if len(items) < spec.min_items and spec.required:
                    self.say(f"  required: give at least {spec.min_items}")
                    continue
                return items or None
            items.append(item)

    def _ask_one_item(self, spec: FieldSpec, number: int) -> Any:
        while True:
            answer = self.line(f"{spec.dotted} {number}: ").strip()
            if not answer:
                return None
            is_key = re.fullmatch(patterns.DIRECTORY_KEY.regex, answer)
            if spec.kind == "contributions" and not is_key and not answer.startswith("{"):
                # a qualification outside the directory: its title, then its page
                url = self.line(f"  page of “{answer}” (https://…): ").strip()
                answer = flow({"title": answer, "url": url})
            try:
                return parse_item(spec, answer)
            except AnswerError as error:
                self.say(f"  ✗ {error}")

    def _ask_object(self, spec: FieldSpec, number: int) -> dict[str, Any] | None:
        fields = item_specs(spec)
        if number == 1:
            for child in fields:
                if 0 < len(child.schema.get("enum", ())) <= SMALL_ENUM:
                    self.say(f"  {child.name}: one of " + ", ".join(child.schema["enum"]))
        while True:
            item: dict[str, Any] = {}
            for child in fields:
                label = f"{spec.dotted} {number} {child.name}"
                while True:
                    answer = self.line(f"{label}{'' if child.required else ' (optional)'}: ")
                    answer = answer.strip()
                    if not answer:
                        if child.required and child is not fields[0]:
                            self.say("  required: please give a value")
                            continue
                        break
                    try:
                        item[child.name] = parse_scalar(child.schema, answer, child.name)
                        break
                    except AnswerError as error:
                        self.say(f"  ✗ {error}")
                if not item and child is fields[0]:
                    return None  # nothing for the first field: the list is done
            try:
                return parse_item(spec, flow(item))
            except AnswerError as error:
                self.say(f"  ✗ {error}")


def _show_default(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def parse_list_answer(spec: FieldSpec, answers: list[str]) -> list[Any]:
    """Items from flag values or an answer: codes may be separated by commas or spaces."""
    items: list[Any] = []
    for answer in answers:
        parts = re.split(r"[,\s]+", answer.strip()) if spec.splittable else [answer]
        items += [parse_item(spec, part) for part in parts if part.strip()]
    return items


# --- the commands -----------------------------------------------------------------------


class Refused(Exception):
    """The file cannot be written; the message says why and what to do."""


@dataclass
class Plan:
    """What one `credir new` run needs to know about its file."""

    model: type[BaseModel]
    root: Path
    provider_id: str | None  # for a credential: the folder it goes into
    existing: Existing
    allow_similar: bool = False

    @property
    def is_credential(self) -> bool:
        return self.model is Credential

    def relpath(self, new_id: str) -> str:
        if self.is_credential:
            return f"{CREDENTIALS_DIR}/{self.provider_id}/{new_id}.yaml"
        return f"{CREDENTIALS_DIR}/{new_id}/{PROVIDER_FILE}"

    def check_id(self, value: Any) -> None:
        if (self.root / self.relpath(value)).exists():
            what = "credential" if self.is_credential else "provider"
            raise AnswerError(
                f"a {what} `{value}` already exists ({self.relpath(value)}): choose another "
                "id, or edit that file instead"
            )

    def check_title(self, value: Any) -> None:
        if self.is_credential:
            others = self.existing.credential_titles
            own = {k: v for k, v in others.items() if k.startswith(f"{self.provider_id}/")}
            found = similar(value, own) or ([] if self.allow_similar else similar(value, others))
        else:
            found = similar(value, self.existing.provider_names)
        if found:
            key, title = found[0]
            hint = (
                " (if it is a different credential of another provider, pass --allow-similar-title)"
                if self.is_credential and not key.startswith(f"{self.provider_id}/")
                else ""
            )
            raise AnswerError(
                f"“{title}” ({key}) is already listed and nearly the same: edit that file, "
                f"or choose a distinct title{hint}"
            )


def add_new_arguments(new: argparse.ArgumentParser) -> None:
    """`credir new provider` and `credir new credential`, with a flag for every field."""
    kinds = new.add_subparsers(dest="kind", required=True, metavar="KIND")
    for kind, model, text in (
        ("provider", Provider, "start credentials/<id>/_provider.yaml"),
        ("credential", Credential, "start credentials/<provider-id>/<id>.yaml"),
    ):
        sub = kinds.add_parser(kind, help=text, description=text + ": " + _NEW_EPILOG)
        sub.add_argument("--root", type=Path, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        if model is Credential:
            sub.add_argument("--provider", required=True, metavar="ID", help="the provider's id")
            sub.add_argument(
                "--allow-similar-title",
                action="store_true",
                help="accept a title close to another provider's credential",
            )
        sub.add_argument(
            "--non-interactive",
            action="store_true",
            help="ask nothing: take every value from the flags (and the defaults)",
        )
        fields = sub.add_argument_group("fields (each as in the format; lists: repeat the flag)")
        for spec in leaves(field_specs(model)):
            fields.add_argument(
                spec.flag,
                dest=spec.dest,
                metavar=_metavar(spec),
                action="append" if spec.schema.get("type") == "array" else "store",
                help=field_comment(spec).replace("%", "%%"),
            )


_NEW_EPILOG = (
    "asks for each field (flags answer in advance) and writes a commented file that "
    "`credir validate` accepts"
)


def _metavar(spec: FieldSpec) -> str:
    if spec.kind == "objects":
        return "{" + ", ".join(child.name for child in item_specs(spec)) + "}"
    if spec.kind == "contributions":
        return "KEY|{title, url}"
    return {"date": "YYYY-MM-DD", "boolean": "yes|no", "integer": "N", "number": "N"}.get(
        spec.kind, "CODES" if spec.splittable else "TEXT"
    )


def run_new(args: argparse.Namespace) -> int:
    """The `credir new` command: collect the values, check them, write the file."""
    root = args.root.resolve()
    model = Credential if args.kind == "credential" else Provider
    try:
        plan = _plan(root, model, args)
        prompter = None if args.non_interactive else Prompter()
        values = collect(plan, _flag_answers(model, args), prompter)
        relpath, text, warnings = _file(plan, values)
    except Refused as error:
        print(f"credir new: {error}", file=sys.stderr)
        return 1
    except AnswersEnded as error:
        print(
            f"credir new: input ended at `{error}` before every required field was answered; "
            "answer each prompt, or give the values as flags with --non-interactive",
            file=sys.stderr,
        )
        return 1
    target = root / relpath
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    for problem in warnings:
        print(problem, file=sys.stderr)
    print(f"\nwrote {relpath}")
    if plan.is_credential:
        print(f"check it with: credir validate {relpath}")
    else:
        print(f"next: credir new credential --provider {values['id']}")
    return 0


def _plan(root: Path, model: type[BaseModel], args: argparse.Namespace) -> Plan:
    if not (root / CREDENTIALS_DIR).is_dir():
        raise Refused(f"no {CREDENTIALS_DIR}/ folder in {root}: run it in the directory's repo")
    provider_id = getattr(args, "provider", None)
    if model is Credential:
        if not re.fullmatch(patterns.SLUG.regex, provider_id or ""):
            raise Refused(f"--provider `{provider_id}` is not {patterns.SLUG.expected}")
        if not (root / CREDENTIALS_DIR / provider_id / PROVIDER_FILE).is_file():
            raise Refused(
                f"there is no provider `{provider_id}` ({CREDENTIALS_DIR}/{provider_id}/"
                f"{PROVIDER_FILE}): start it with `credir new provider`"
            )
    return Plan(
        model, root, provider_id, Existing.read(root), getattr(args, "allow_similar_title", False)
    )


def _flag_answers(model: type[BaseModel], args: argparse.Namespace) -> dict[tuple[str, ...], Any]:
    """The flags given, parsed; every bad one is reported at once."""
    answers: dict[tuple[str, ...], Any] = {}
    errors = []
    for spec in leaves(field_specs(model)):
        raw = getattr(args, spec.dest, None)
        if raw is None:
            continue
        try:
            if isinstance(raw, list):
                answers[spec.path] = parse_list_answer(spec, raw)
            else:
                answers[spec.path] = parse_scalar(spec.schema, raw, spec.name)
        except AnswerError as error:
            errors.append(f"{spec.flag}: {error}")
    if errors:
        raise Refused("\n  ".join(["some flags do not fit the format:", *errors]))
    return answers


def _defaults(plan: Plan, values: Mapping[str, Any]) -> dict[tuple[str, ...], Any]:
    """Sensible starting answers: an id from the title, an active status, a review in a year,
    the text in the provider's language, else in the first language of instruction (the
    default the format gives a file that names none)."""
    named = values.get("title") if plan.is_credential else values.get("name")
    found: dict[tuple[str, ...], Any] = {("id",): slugify(named) if named else None}
    if plan.is_credential:
        found[("status",)] = "active"
        found[("review_by",)] = today() + dt.timedelta(days=365)
        languages = values.get("languages") or [None]
        provider_language = plan.existing.provider_text_languages.get(plan.provider_id or "")
        found[("text_language",)] = provider_language or languages[0]
    return found


def _order(specs: Iterable[FieldSpec]) -> list[FieldSpec]:
    """The model's order, but the title (or name) before the id, which defaults from it."""
    specs = list(specs)
    first = [s for s in specs if s.name in ("title", "name")]
    return first + [s for s in specs if s not in first]


def collect(
    plan: Plan, answers: dict[tuple[str, ...], Any], prompter: Prompter | None
) -> dict[str, Any]:
    """Values for every field: flags first, then prompts (or defaults without prompts)."""
    values: dict[str, Any] = {}
    optional_too = False
    checks: dict[tuple[str, ...], Callable[[Any], None]] = {
        ("id",): plan.check_id,
        ("title" if plan.is_credential else "name",): plan.check_title,
    }
    for path, check in checks.items():  # flags are refused as firmly as answers
        if path in answers:
            try:
                check(answers[path])
            except AnswerError as error:
                raise Refused(f"--{path[0]}: {error}") from None
    if prompter is not None:
        what = "credential" if plan.is_credential else "provider"
        prompter.say(f"A new {what}: answer each question; Enter takes the [default].")
        optional_too = prompter.confirm(
            "Also answer the optional fields now? (the file lists them either way)"
        )
    for spec in _order(field_specs(plan.model)):
        if spec.kind == "map":
            continue  # translations: the file shows them as a commented example instead
        if spec.path not in answers and not _applies(spec, values):
            continue  # a flag is kept: the model then says why it does not fit
        ask = prompter if _wanted(spec, optional_too) else None
        value = _collect_field(plan, spec, values, answers, ask, checks, optional_too)
        if value is not None:
            values[spec.name] = value
    missing = missing_flags(field_specs(plan.model), values)
    if missing:
        raise Refused("required values are missing: give " + ", ".join(missing))
    return values


def missing_flags(specs: Iterable[FieldSpec], values: Mapping[str, Any]) -> list[str]:
    """The flags still needed for the required fields (and inside groups that are present)."""
    missing: list[str] = []
    for spec in specs:
        if spec.name not in values and not (spec.required and spec.children):
            missing += [spec.flag] if spec.required else []
            continue
        if spec.children:
            group = values.get(spec.name, {})
            missing += missing_flags(spec.children, group)
            if spec.needs_one_of and not any(name in group for name in spec.needs_one_of):
                options = [child.flag for child in spec.children if child.name in spec.needs_one_of]
                missing.append(" or ".join(options))
    return missing


def _applies(spec: FieldSpec, values: Mapping[str, Any]) -> bool:
    """Whether a field can hold a value given the answers so far: a credential still offered
    has no successor (the model refuses `superseded_by` then), so it is not asked for."""
    if spec.path == ("superseded_by",):
        return values.get("status") not in OFFERED_STATUSES
    return True


def _wanted(spec: FieldSpec, optional_too: bool, group: FieldSpec | None = None) -> bool:
    """Whether to prompt for a field: required, recommended, asked for, or a group's one-of."""
    in_one_of = group is not None and spec.name in group.needs_one_of
    return spec.required or optional_too or spec.path in _RECOMMENDED or in_one_of


def _collect_field(
    plan: Plan,
    spec: FieldSpec,
    values: dict[str, Any],
    answers: dict[tuple[str, ...], Any],
    prompter: Prompter | None,
    checks: Mapping[tuple[str, ...], Callable[[Any], None]],
    optional_too: bool,
) -> Any:
    """A flag's value, else an answer (when a prompter is given), else the default."""
    if spec.children:
        return _collect_group(plan, spec, values, answers, prompter, checks, optional_too)
    if spec.path in answers:
        return answers[spec.path]
    default = _defaults(plan, values).get(spec.path)
    if prompter is None:
        return default
    return prompter.ask(spec, default, checks.get(spec.path))


def _collect_group(
    plan: Plan,
    spec: FieldSpec,
    values: dict[str, Any],
    answers: dict[tuple[str, ...], Any],
    prompter: Prompter | None,
    checks: Mapping[tuple[str, ...], Callable[[Any], None]],
    optional_too: bool,
) -> dict[str, Any] | None:
    """A group's fields, then the group's own rules (ECTS or hours; a currency with a cost)."""
    while True:
        group: dict[str, Any] = {}
        for child in spec.children:
            ask = prompter if _wanted(child, optional_too, spec) else None
            value = _collect_field(plan, child, values, answers, ask, checks, optional_too)
            if value is not None:
                group[child.name] = value
        if not group and (prompter is None or not spec.required):
            return None  # a required group left empty is reported with the other missing flags
        problem = _group_problem(spec, group)
        if problem is None:
            return group
        if prompter is None:
            raise Refused(f"{spec.dotted}: {problem}")
        prompter.say(f"  ✗ {spec.dotted}: {problem}; please answer again")
        answers = {p: v for p, v in answers.items() if p[: len(spec.path)] != spec.path}


def _group_problem(spec: FieldSpec, group: Mapping[str, Any]) -> str | None:
    assert spec.model is not None
    try:
        spec.model.model_validate(dict(group))
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        return str(first.get("ctx", {}).get("error", first["msg"])).removeprefix("Value error, ")
    return None


def _file(plan: Plan, values: dict[str, Any]) -> tuple[str, str, list[Problem]]:
    """The file's path and text, refused unless the validator accepts it."""
    relpath = plan.relpath(values["id"])
    named_by = "title" if plan.is_credential else "name"
    for check, path in ((plan.check_id, "id"), (plan.check_title, named_by)):
        try:
            check(values[path])
        except AnswerError as error:
            raise Refused(str(error)) from None
    title = values.get("title") or values.get("name")
    if plan.is_credential:
        provider = plan.existing.provider_names.get(plan.provider_id or "", plan.provider_id)
        header = [f"{title}: a credential of {provider}."]
    else:
        header = [f"{title}: a provider in the directory."]
    header.append("Each field is explained above it; check the file with `credir validate`.")
    text = render_yaml(plan.model, values, header=header)
    document, problems = parse_document(text.encode(), relpath)
    if document is None:  # pragma: no cover - render_yaml writes well-formed YAML
        raise Refused("; ".join(str(p) for p in problems))
    if plan.is_credential:
        _, more = check_credential(document)
        key = relpath.removeprefix(f"{CREDENTIALS_DIR}/").removesuffix(".yaml")
        known = {k for k in plan.existing.credential_titles} | {key} | _all_keys(plan.root)
        named = references(key, document)
        more += check_references(named, known)
        more += check_claims(named + _references_back(plan.root, key, named, known), known)
    else:
        _, more = check_provider(document)
    problems += more
    errors = [p for p in problems if p.is_error]
    if errors:
        raise Refused("\n  ".join(["the file would not validate:", *map(str, errors)]))
    return relpath, text, [p for p in problems if not p.is_error]


def _references_back(
    root: Path, key: str, named: list[Reference], known: set[str]
) -> list[Reference]:
    """The references of the files the new one names: what pairs a claim on another
    provider's credential with that credential's `accepts` (and back), read from those
    few files rather than the whole directory."""
    found: list[Reference] = []
    for target in sorted({ref.target for ref in named if ref.target in known} - {key}):
        relpath = f"{CREDENTIALS_DIR}/{target}.yaml"
        document, _ = load_document(root / relpath, relpath)
        if document is not None:
            found += references(target, document)
    return found


def _all_keys(root: Path) -> set[str]:
    base = root / CREDENTIALS_DIR
    return {
        f"{path.parent.name}/{path.stem}"
        for path in base.glob("*/*.yaml")
        if path.name != PROVIDER_FILE
    }
