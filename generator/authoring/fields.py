"""The format's fields as data, and answers checked against them, from the models alone.

`credir new` (prompts and flags), the commented files it writes and the contributor guide's
field tables all need the same facts about each field: its path, whether it is required,
its help (the Field's description), its choices (the Literal enums, with the vocabularies'
labels) and its text pattern (generator.format.patterns). They are read here from the models and
their JSON Schema, so none of those places retypes a field or a vocabulary.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.check.load import parse_document
from generator.check.validate import number_hint, suggestion
from generator.format import patterns
from generator.format.models import date_mistake
from generator.format.vocabularies import LABELS

SMALL_ENUM = 12  # enums up to this size are listed in menus, comments and the guide


# --- the fields, as the models define them ------------------------------------------------


@dataclass(frozen=True)
class FieldSpec:
    """One field of a model, with its JSON Schema (null option and $refs resolved)."""

    path: tuple[str, ...]
    required: bool
    description: str
    schema: dict[str, Any]
    model: type[BaseModel] | None = None  # the nested model of a group or a list of groups
    children: tuple[FieldSpec, ...] = ()
    needs_one_of: tuple[str, ...] = ()  # a group that needs at least one of these children

    @property
    def name(self) -> str:
        return self.path[-1]

    @property
    def dotted(self) -> str:
        return ".".join(self.path)

    @property
    def flag(self) -> str:
        return "--" + "-".join(self.path).replace("_", "-")

    @property
    def dest(self) -> str:
        return "field__" + "__".join(self.path)

    @property
    def kind(self) -> str:
        """group, map, objects, contributions, list, enum, integer, number, boolean, date,
        text. A map (`translations`) holds a group of fields under each of its keys."""
        if self.children:
            return "group"
        if isinstance(self.schema.get("additionalProperties"), dict):
            return "map"
        if self.schema.get("type") == "array":
            items = self.schema["items"]
            if "oneOf" in items:
                return "contributions"
            return "objects" if "properties" in items else "list"
        return _scalar_kind(self.schema)

    @property
    def item(self) -> dict[str, Any]:
        return self.schema.get("items", {})

    @property
    def splittable(self) -> bool:
        """A list of codes (no spaces in any item): `en, ga` or `en ga` is two items."""
        item = self.item
        pattern = patterns.BY_REGEX.get(item.get("pattern", ""))
        return "enum" in item or (pattern is not None and pattern is not patterns.HAS_TEXT)

    @property
    def min_items(self) -> int:
        return int(self.schema.get("minItems", 0))


def _scalar_kind(schema: Mapping[str, Any]) -> str:
    if "enum" in schema:
        return "enum"
    if schema.get("format") == "date":
        return "date"
    return {"integer": "integer", "number": "number", "boolean": "boolean"}.get(
        schema.get("type", ""), "text"
    )


@cache
def field_specs(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> tuple[FieldSpec, ...]:
    """The model's fields in their declared order, nested groups included."""
    schema = model.model_json_schema(mode="validation")
    defs = schema.get("$defs", {})
    specs = []
    for name, info in model.model_fields.items():
        prop = _resolve(schema["properties"][name], defs)
        nested = next(iter(models_in(info.annotation)), None)
        path = (*prefix, name)
        children: tuple[FieldSpec, ...] = ()
        needs: tuple[str, ...] = ()
        if nested is not None and "properties" in prop:
            children = field_specs(nested, path)
            needs = tuple(
                name
                for option in prop.get("anyOf", [])
                for name in option.get("required", [])
                if isinstance(option, dict)
            )
        description = info.description or prop.get("description", "")
        specs.append(
            FieldSpec(path, info.is_required(), description, prop, nested, children, needs)
        )
    return tuple(specs)


def _resolve(schema: dict[str, Any], defs: Mapping[str, Any]) -> dict[str, Any]:
    """Drop the `null` option of an optional field and inline `$ref`s."""
    options = schema.get("anyOf")
    if options and any(option.get("type") == "null" for option in options):
        rest = [option for option in options if option.get("type") != "null"]
        merged = {k: v for k, v in schema.items() if k not in ("anyOf", "default")}
        schema = {**merged, **rest[0]} if len(rest) == 1 else schema
    if "$ref" in schema:
        target = defs[schema["$ref"].rsplit("/", 1)[-1]]
        schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
    if "items" in schema:
        item = _resolve(schema["items"], defs)
        if "oneOf" in item:
            item = {**item, "oneOf": [_resolve(option, defs) for option in item["oneOf"]]}
        schema = {**schema, "items": item}
    return schema


def models_in(annotation: Any) -> list[type[BaseModel]]:
    """Every model a field's annotation names, in order: ``list[Skill] | None`` -> [Skill],
    ``list[str | ExternalQualification]`` -> [ExternalQualification]."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for argument in typing.get_args(annotation) for model in models_in(argument)]


def leaves(specs: Iterable[FieldSpec]) -> list[FieldSpec]:
    """Every field that takes a value of its own (groups are opened up; a map, whose keys
    are the provider's to choose, is written in the file rather than given as flags)."""
    out: list[FieldSpec] = []
    for spec in specs:
        if spec.kind != "map":
            out += leaves(spec.children) if spec.children else [spec]
    return out


def enum_labels(values: Iterable[str]) -> dict[str, str]:
    """The vocabulary's human labels for an enum, found by its values (never retyped)."""
    wanted = set(values)
    for labels in LABELS.values():
        if set(labels) == wanted:
            return dict(labels)
    return {}


# --- answers: text -> value, with the validator's kind of message ------------------------


class AnswerError(ValueError):
    """An answer that does not fit the field; the message says how to fix it."""


def parse_scalar(schema: Mapping[str, Any], text: str, name: str = "") -> Any:
    """One answer for one scalar field (named ``name``), checked against its schema."""
    text = text.replace("\r\n", "\n").strip()
    if "\t" in text:
        raise AnswerError("tabs are not allowed: use spaces")
    if any(unicodedata.category(char) == "Cc" and char != "\n" for char in text):
        raise AnswerError("remove the invisible control character")
    kind = _scalar_kind(schema)
    if kind == "enum":
        return _enum_value(schema["enum"], text, name)
    if kind in ("integer", "number"):
        return _number(schema, text, whole=kind == "integer")
    if kind == "boolean":
        if text.lower() in ("y", "yes", "true"):
            return True
        if text.lower() in ("n", "no", "false"):
            return False
        raise AnswerError("answer yes or no")
    if kind == "date":
        try:
            if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
                raise ValueError
            return dt.date.fromisoformat(text)
        except ValueError:
            raise AnswerError(date_mistake(text)) from None
    return _text_value(schema, text)


def _enum_value(allowed: list[str], text: str, name: str) -> str:
    if text in allowed:
        return text
    folded = {option.lower(): option for option in allowed}
    normalised = text.lower().replace("_", "-").replace(" ", "-")
    for candidate in (text.lower(), normalised):
        if candidate in folded:
            return folded[candidate]
    guess = suggestion(name, text, allowed)  # the validator's own did-you-mean
    if guess:
        raise AnswerError(f"`{text}` is not allowed here: did you mean `{guess}`?")
    if len(allowed) <= SMALL_ENUM:
        raise AnswerError(f"`{text}` is not one of: " + ", ".join(allowed))
    raise AnswerError(f"`{text}` is not one of the {len(allowed)} codes allowed here")


def _number(schema: Mapping[str, Any], text: str, *, whole: bool) -> int | float:
    try:
        value: int | float = int(text) if whole else float(text)
    except ValueError:
        wanted = "a whole number" if whole else "a number"
        raise AnswerError(f"not {wanted}: {number_hint(text, whole=whole)}") from None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 5, not 5.0, in the file
    limits = (
        ("minimum", lambda v, m: v >= m, "at least"),
        ("exclusiveMinimum", lambda v, m: v > m, "more than"),
        ("maximum", lambda v, m: v <= m, "at most"),
        ("exclusiveMaximum", lambda v, m: v < m, "less than"),
    )
    for key, fits, words in limits:
        if key in schema and not fits(value, schema[key]):
            raise AnswerError(f"{text} is out of range: it must be {words} {schema[key]}")
    return value


def _text_value(schema: Mapping[str, Any], text: str) -> str:
    if not text:
        raise AnswerError("write some text")
    if "maxLength" in schema and len(text) > schema["maxLength"]:
        raise AnswerError(f"is {len(text)} characters; at most {schema['maxLength']} are allowed")
    regex = schema.get("pattern")
    if regex and not re.search(regex, text):
        pattern = patterns.BY_REGEX.get(regex)
        if pattern is None:
            raise AnswerError("must be a single line of text")
        raise AnswerError(f"`{text}` is not {pattern.expected}, e.g. {pattern.example}")
    return text


def parse_item(spec: FieldSpec, text: str) -> Any:
    """One item of a list field: a scalar, a `{flow: mapping}`, or a key or `{title, url}`."""
    if spec.kind == "list":
        return parse_scalar(spec.item, text, spec.name)
    text = text.strip()
    if spec.kind == "contributions":
        key_schema = next(o for o in spec.item["oneOf"] if o.get("type") == "string")
        if not text.startswith("{"):
            return parse_scalar(key_schema, text, spec.name)
    mapping = _flow_mapping(spec, text)
    assert spec.model is not None
    try:
        item = spec.model.model_validate(mapping)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        raise AnswerError(f"{where + ': ' if where else ''}{first['msg']}") from None
    return item.model_dump(exclude_none=True, mode="json")


def _flow_mapping(spec: FieldSpec, text: str) -> dict[str, Any]:
    if not text.startswith("{"):  # a bare answer is the first required field, e.g. a label
        first = next(child for child in item_specs(spec) if child.required)
        return {first.name: text}
    document, problems = parse_document(text.encode(), "answer")
    if document is None:
        raise AnswerError("write it as {name: value, ...}: " + problems[0].message)
    return {key: (str(v) if isinstance(v, dt.date) else v) for key, v in document.data.items()}


def item_specs(spec: FieldSpec) -> tuple[FieldSpec, ...]:
    return field_specs(spec.model, spec.path) if spec.model is not None else ()
