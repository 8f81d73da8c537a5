"""The commented YAML file a provider edits: modeline, then each field with its meaning.

`credir new` writes it with the answers filled in, and the contributor guide's "create new
file" links and annotated example come from the same code, so what the web editor opens,
what the command writes and what the guide shows cannot drift apart.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Mapping
from typing import Any

import yaml
from pydantic import BaseModel

from generator.authoring.fields import SMALL_ENUM, FieldSpec, field_specs
from generator.format.models import Credential, Provider

_WRAP = 96
_SCHEMA_FILES = {Provider: "provider.schema.json", Credential: "credential.schema.json"}


def render_yaml(
    model: type[BaseModel],
    values: Mapping[str, Any],
    *,
    header: Iterable[str] = (),
    optional: str = "commented",
    empty: Iterable[tuple[str, ...]] = (),
) -> str:
    """The file a provider edits: the schema modeline, then every field with its meaning.

    Fields without a value are written empty when required or named in ``empty`` (the
    validator then says what is missing) and, when ``optional`` is "commented", as
    commented-out lines to fill in later.
    """
    lines = [f"# yaml-language-server: $schema=../../schema/{_SCHEMA_FILES[model]}"]
    lines += [f"# {line}" if line else "#" for line in header]
    for spec in field_specs(model):
        if spec.kind == "map":
            block = _map_field(spec, values, optional)
        else:
            block = _field_lines(spec, values.get(spec.name), 0, optional, set(empty))
        if block:
            lines += ["", *block]
    return "\n".join(lines) + "\n"


def _map_field(spec: FieldSpec, values: Mapping[str, Any], optional: str) -> list[str]:
    """`translations:` as given, or (commented) an example to start from: the file's own
    text under another language's code, each value there to be translated. Starting from
    the original keeps the translated outcomes as many as the original's, in its order."""
    comment = _comment(field_comment(spec), 0)
    given = values.get(spec.name)
    if given:
        return [*comment, *_map_lines(spec, given, 0)]
    if optional != "commented":
        return []
    assert spec.model is not None
    original = {
        name: values[name]
        for name in spec.model.model_fields
        if values.get(name) not in (None, [], "")
    }
    if not original:
        return [*comment, f"# {spec.name}:"]
    language = example_language(values)
    how = (
        f"To add a translation (here into `{language}`: any other ISO 639-1 code will do), "
        "remove the `# ` before the lines below, translate each value and delete those you "
        "leave untranslated; `text_language` must name the language of the text above."
    )
    example = "\n".join(_map_lines(spec, {language: original}, 0)).split("\n")
    return [*comment, *_comment(how, 0), *(f"# {line}" if line else "#" for line in example)]


def example_language(values: Mapping[str, Any]) -> str:
    """A language for the translation example: another language of instruction, else
    English, else German (never the text's own)."""
    languages = list(values.get("languages") or [])
    own = values.get("text_language") or (languages[0] if languages else None)
    return next(code for code in [*languages, "en", "de"] if code != own)


def _map_lines(spec: FieldSpec, value: Mapping[str, Any], indent: int) -> list[str]:
    """A map of groups (`translations:`), each key's fields in the model's order."""
    assert spec.model is not None
    pad = " " * indent
    lines = [f"{pad}{spec.name}:"]
    for key, group in value.items():
        lines.append(f"{pad}  {key}:")
        for child in field_specs(spec.model, (*spec.path, key)):
            item = group.get(child.name)
            if item is None:
                continue
            if child.kind == "list":
                lines.append(f"{pad}    {child.name}:")
                lines += [f"{pad}      - {_item_text(one, indent + 8)}" for one in item]
            else:
                lines.append(f"{pad}    {child.name}: {_item_text(item, indent + 6)}")
    return lines


def field_comment(spec: FieldSpec) -> str:
    """The help for one field: its description, whether it is needed, and its choices."""
    words = spec.description.rstrip()
    if spec.needs_one_of:
        words += " Give at least one of: " + ", ".join(spec.needs_one_of) + "."
    if spec.required:
        words += " Required."
    elif "optional" not in words.lower():
        words += " Optional."
    choices = spec.schema.get("enum") or spec.item.get("enum")
    if choices and len(choices) <= SMALL_ENUM:
        words += (" Any of: " if spec.kind == "list" else " One of: ") + ", ".join(choices) + "."
    return words


def _comment(text: str, indent: int) -> list[str]:
    pad = " " * indent
    width = _WRAP - indent - 2
    wrapped = textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=False)
    return [pad + "# " + line for line in wrapped]


def _field_lines(
    spec: FieldSpec,
    value: Any,
    indent: int,
    optional: str,
    empty: set[tuple[str, ...]],
    *,
    in_one_of: bool = False,
) -> list[str]:
    pad = " " * indent
    comment = _comment(field_comment(spec), indent)
    if value is None or value == [] or value == {}:
        if not (spec.required or in_one_of or spec.path in empty):
            return [*comment, f"{pad}# {spec.name}:"] if optional == "commented" else []
        inner = []
        for child in spec.children:  # an empty group still shows what goes into it
            one_of = child.name in spec.needs_one_of
            inner += _field_lines(child, None, indent + 2, optional, empty, in_one_of=one_of)
        return [*comment, f"{pad}{spec.name}:", *inner]
    if spec.children:
        inner = []
        for child in spec.children:
            inner += _field_lines(child, value.get(child.name), indent + 2, optional, empty)
        return [*comment, f"{pad}{spec.name}:", *inner]
    if spec.kind == "list" and spec.splittable:
        return [*comment, f"{pad}{spec.name}: {flow(value)}"]
    if spec.kind in ("list", "objects", "contributions"):
        items = [f"{pad}  - {_item_text(item, indent + 4)}" for item in value]
        return [*comment, f"{pad}{spec.name}:", *items]
    return [*comment, f"{pad}{spec.name}: {_item_text(value, indent + 2)}"]


def _item_text(value: Any, indent: int) -> str:
    if isinstance(value, str) and "\n" in value:
        return _block_literal(value, indent)
    return flow(value)


class _Dumper(yaml.SafeDumper):
    """PyYAML quotes what YAML 1.1 would misread; editors read YAML 1.2, where `0923` is a
    number too, so anything number-, bool- or null-like in either version is quoted."""


_NOT_TEXT_IN_YAML_12 = re.compile(
    r"[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|0[xob][0-9a-fA-F_]+"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|~|null|Null|NULL|true|True|TRUE|false|False|FALSE"
)


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if _NOT_TEXT_IN_YAML_12.fullmatch(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_text)


def flow(value: Any) -> str:
    text = yaml.dump(
        value,
        Dumper=_Dumper,
        default_flow_style=True,
        sort_keys=False,
        allow_unicode=True,
        width=10**9,
    )
    return text.removesuffix("\n").removesuffix("\n...").removesuffix("...").rstrip("\n")


def _block_literal(text: str, indent: int) -> str:
    """Multi-line Markdown as a `|` block, which keeps the provider's line breaks."""
    body = text.rstrip("\n")
    trailing = len(text) - len(body)
    chomp = "-" if trailing == 0 else "" if trailing == 1 else "+"
    indicator = str(2) if body[:1] == " " else ""
    pad = " " * indent
    lines = [pad + line if line.strip() else "" for line in body.split("\n")]
    lines += [""] * max(0, trailing - 1)
    return f"|{indicator}{chomp}\n" + "\n".join(lines)
