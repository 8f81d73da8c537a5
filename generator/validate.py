"""Validate one document against its model, and say each problem where it stands.

Pydantic reports an error as a path of keys (``('skills', 0, 'esco')``); walking that path
through the document's node tree gives the line and column, and the error type gives a
message and a fix in a provider's words.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator import patterns
from generator.clock import today
from generator.load import Document
from generator.models import Credential, Provider, share_field_sets
from generator.problems import Problem, format_field
from generator.text import describe, mixed_script_words

M = TypeVar("M", bound=BaseModel)

# Discriminator tags pydantic puts in an error's path; they are not keys in the file.
_UNION_TAGS = {"key", "external"}
_BIG_VOCABULARIES = {
    "country": "an ISO 3166-1 alpha-2 country code",
    "countries": "an ISO 3166-1 alpha-2 country code",
    "languages": "an ISO 639-1 language code",
    "currency": "an ISO 4217 currency code",
    "fields_of_education": "an ISCED-F 2013 field code",
}
_YAML_KINDS = {
    "bool": "true/false",
    "int": "a number",
    "float": "a number",
    "timestamp": "a date",
    "null": "empty",
}


def check_provider(document: Document) -> tuple[Provider | None, list[Problem]]:
    """A `_provider.yaml`: the model, plus its id equal to the folder name."""
    folder = document.path.rsplit("/", 2)[-2]
    return _check(document, Provider, expected_id=folder, named_by="folder")


def check_credential(document: Document) -> tuple[Credential | None, list[Problem]]:
    """A credential file: the model, plus its id equal to the file name."""
    stem = document.path.rsplit("/", 1)[-1].removesuffix(".yaml")
    credential, problems = _check(document, Credential, expected_id=stem, named_by="file")
    return credential, problems + _stale_warnings(document)


def _stale_warnings(document: Document) -> list[Problem]:
    """`review_by` in the past: the listing stays valid but shows as stale, so only warn."""
    review_by = document.data.get("review_by")
    if isinstance(review_by, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", review_by):
        try:
            review_by = dt.date.fromisoformat(review_by)
        except ValueError:
            return []  # not a calendar date: the model's own error says so
    if not isinstance(review_by, dt.date) or isinstance(review_by, dt.datetime):
        return []
    on = today()
    if review_by >= on:
        return []
    line, col = document.locate(("review_by",))
    suggestion = on + dt.timedelta(days=365)
    return [
        Problem(
            document.path,
            line,
            col,
            "review_by",
            f"review date {review_by.isoformat()} has passed: the listing is shown as stale",
            "check the details are still right, then set a future date, "
            f"e.g. review_by: {suggestion.isoformat()}",
            severity="warning",
            code="stale",
        )
    ]


def _check(
    document: Document, model: type[M], *, expected_id: str, named_by: str
) -> tuple[M | None, list[Problem]]:
    problems: list[Problem] = []
    try:
        instance: M | None = model.model_validate(document.data)
        share_field_sets(instance)
    except ValidationError as error:
        instance = None
        for item in _one_per_misspelt_key(error.errors(include_url=False), model):
            problems.append(_problem(document, model, item))
    given_id = document.data.get("id")
    if isinstance(given_id, str) and given_id != expected_id:
        line, col = document.locate(("id",))
        id_of = f"the {named_by} name"
        if re.fullmatch(patterns.SLUG.regex, expected_id):
            hint = f"the id must equal {id_of}: write `id: {expected_id}` or rename the {named_by}"
        else:  # never suggest an id that breaks the slug rule
            hint = f"{named_by} names are lowercase slugs: rename the {named_by} to match the id"
        problems.append(
            Problem(
                document.path,
                line,
                col,
                "id",
                _one_line(f"`{given_id}` does not match {id_of} `{expected_id}`"),
                hint,
                code="id-mismatch",
            )
        )
    problems.extend(_plain_http_warnings(document))
    problems.extend(_lookalike_letters(document))
    return instance, problems


def _lookalike_letters(document: Document) -> list[Problem]:
    problems = []
    for loc, value in _name_values(document.data):
        for word, odd, scripts in mixed_script_words(value):
            line, col = document.locate(loc)
            problems.append(
                Problem(
                    document.path,
                    line,
                    col,
                    format_field(loc),
                    _one_line(f"`{word}` mixes {' and '.join(scripts)} letters in one word"),
                    f"{describe(odd)} looks like a letter of another alphabet, so the name can "
                    "pass for a different one: retype the word in one alphabet",
                    code="mixed-script",
                )
            )
    return problems


def _name_values(data: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """The values that name who someone is or what a credential is, in file order: `name`,
    `title`, `awarding_bodies[i]`, `quality_assurance.bodies[i]`, `recognition[i].body`.
    A lookalike letter from another alphabet there ("Аcme" with a Cyrillic А) passes one
    name off as another. Only these paths are visited: the check runs on every file."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    for key, value in data.items():
        if key in ("name", "title"):
            if isinstance(value, str):
                found.append(((key,), value))
        elif key == "awarding_bodies" and isinstance(value, list):
            found += [((key, i), item) for i, item in enumerate(value) if isinstance(item, str)]
        elif key == "quality_assurance" and isinstance(value, dict):
            bodies = value.get("bodies")
            if isinstance(bodies, list):
                found += [
                    ((key, "bodies", i), item)
                    for i, item in enumerate(bodies)
                    if isinstance(item, str)
                ]
        elif key == "recognition" and isinstance(value, list):
            for i, item in enumerate(value):
                body = item.get("body") if isinstance(item, dict) else None
                if isinstance(body, str):
                    found.append(((key, i, "body"), body))
    return found


def _plain_http(value: Any, loc: tuple[str | int, ...], found: list) -> None:
    """Paths of `url` and `contact` values that start with http://, in file order."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str):
                if key in ("url", "contact") and item.startswith("http://"):
                    found.append((*loc, key))
            elif isinstance(item, dict | list):
                _plain_http(item, (*loc, key), found)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict | list):
                _plain_http(item, (*loc, index), found)


def _plain_http_warnings(document: Document) -> list[Problem]:
    warnings = []
    found: list[tuple[str | int, ...]] = []
    _plain_http(document.data, (), found)
    for loc in found:
        line, col = document.locate(loc)
        warnings.append(
            Problem(
                document.path,
                line,
                col,
                format_field(loc),
                "plain http:// address",
                "use https:// if the site supports it",
                severity="warning",
                code="plain-http",
            )
        )
    return warnings


def _problem(document: Document, model: type[BaseModel], error: dict[str, Any]) -> Problem:
    loc = tuple(
        part
        for index, part in enumerate(error["loc"])
        if not (part in _UNION_TAGS and index and isinstance(error["loc"][index - 1], int))
    )
    kind = error["type"]
    line, col = document.locate(loc, key=kind == "extra_forbidden")
    node = _node_at(document, loc)
    message, hint = map(_one_line, _describe(kind, error, loc, node, model))
    return Problem(document.path, line, col, format_field(loc), message, hint, code=kind)


def _one_line(text: str) -> str:
    """Messages quote the values written; a line break in one must not split the report line."""
    return text.replace("\r", "\\r").replace("\n", "\\n")


def _node_at(document: Document, loc: tuple[str | int, ...]):
    node = document.root
    for part in loc:
        _, node = node.child(part)
        if node is None:
            return None
    return node


def _meant_field(model, loc: tuple[str | int, ...]) -> str | None:
    """The field an unknown key ``loc`` most likely misspells, if one is close enough."""
    guess = difflib.get_close_matches(str(loc[-1]), _allowed_fields(model, loc[:-1]), 1, 0.6)
    return guess[0] if guess else None


def _one_per_misspelt_key(errors: list[Any], model) -> list[Any]:
    """A misspelt required key is one mistake, not two: pydantic reports the unknown key
    and the missing field, and the unknown key's hint already names the field. So the
    missing field is not reported when an unknown key beside it is taken for it."""
    meant = set()
    for item in errors:
        if item["type"] == "extra_forbidden":
            loc = tuple(item["loc"])
            guess = _meant_field(model, loc)
            if guess:
                meant.add((*loc[:-1], guess))
    return [e for e in errors if not (e["type"] == "missing" and tuple(e["loc"]) in meant)]


def _describe(kind: str, error: dict[str, Any], loc, node, model) -> tuple[str, str]:
    """Message and hint for one pydantic error, in the words of the format."""
    ctx = error.get("ctx") or {}
    value = error.get("input")
    name = next((part for part in reversed(loc) if isinstance(part, str)), "")
    written = node.text if node is not None and node.text is not None else _show(value)

    if kind == "missing":
        return "required field is missing", f"add `{loc[-1]}:` here"
    if kind == "extra_forbidden":
        guess = _meant_field(model, loc)
        if guess:
            return f"unknown field `{loc[-1]}`", f"did you mean `{guess}`?"
        allowed = _allowed_fields(model, loc[:-1])
        return f"unknown field `{loc[-1]}`", "allowed here: " + ", ".join(allowed)
    if value is None and kind.endswith("_type"):
        return "is empty", "write a value, or delete the line if the field is optional"
    if kind == "string_type":
        if node is not None and node.kind in _YAML_KINDS and node.plain:
            return (
                f"expected text, but YAML reads `{node.text}` as {_YAML_KINDS[node.kind]}",
                f'quote it: "{node.text}"',
            )
        return f"expected text, not {_kind_of(value)}", _shape_hint(value)
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", ctx.get("expected", ""))
        if not isinstance(value, str):
            if node is not None and node.plain and node.text is not None:
                return (
                    f"expected text, but YAML reads `{node.text}` as "
                    f"{_YAML_KINDS.get(node.kind, _kind_of(value))}",
                    f'quote it: "{node.text}"',
                )
            return f"expected text, not {_kind_of(value)}", _shape_hint(value)
        if name in _BIG_VOCABULARIES:
            return f"`{value}` is not {_BIG_VOCABULARIES[name]}", _code_hint(name, value, allowed)
        guess = _closest(value, allowed)
        message = f"`{value}` is not one of: " + ", ".join(allowed)
        return message, f"did you mean `{guess}`?" if guess else "use one of the values listed"
    if kind == "string_pattern_mismatch":
        return _pattern_message(ctx.get("pattern", ""), value)
    if kind == "string_too_long":
        return (
            f"is {len(value)} characters; at most {ctx['max_length']} are allowed",
            "shorten it",
        )
    if kind == "string_too_short":
        return "is empty", "write some text, or delete the line if the field is optional"
    if kind == "too_short":
        return (
            f"needs at least {ctx['min_length']} item{'s' if ctx['min_length'] > 1 else ''}",
            "add an item: one `- ...` line per item",
        )
    if kind == "too_long":
        return (
            f"has {ctx.get('actual_length')} items; at most {ctx['max_length']} are allowed",
            "keep the most important ones",
        )
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        words = {
            "greater_than": "more than",
            "greater_than_equal": "at least",
            "less_than": "less than",
            "less_than_equal": "at most",
        }[kind]
        limit = next(iter(v for k, v in ctx.items() if k in ("gt", "ge", "lt", "le")))
        return f"{_show(value)} is out of range: it must be {words} {_show(limit)}", ""
    if kind == "finite_number":  # YAML reads 1.0e+400 as infinity, .nan as not-a-number
        reading = "not a number" if value != value else "infinite"
        return f"YAML reads `{written}` as {reading}", "write the number itself, e.g. 120"
    if kind in ("int_type", "float_type", "int_from_float", "float_parsing", "int_parsing"):
        wanted = "a whole number" if kind.startswith("int") else "a number"
        if isinstance(value, int) and not isinstance(value, bool):  # beyond a float's range
            return f"`{_show(value)}` is out of range", "write the number itself, e.g. 120"
        if isinstance(value, str):
            return f"expected {wanted}, not text", f"write it without quotes: {value.strip()}"
        return f"expected {wanted}, not {_kind_of(value)}", ""
    if kind == "bool_type":
        return f"expected true or false, not `{written}`", "write true or false"
    if kind == "list_type":
        return f"expected a list, not {_kind_of(value)}", "write [a, b] or one `- item` per line"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return (
            f"expected a group of fields, not {_kind_of(value)}",
            "write the fields indented below this key, one `name: value` per line",
        )
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", error["msg"])).removeprefix("Value error, "), ""
    if kind.startswith("date"):
        return f"expected a date, not `{written}`", "write it as YYYY-MM-DD, e.g. 2027-09-30"
    return error["msg"], ""


def _pattern_message(regex: str, value: str) -> tuple[str, str]:
    pattern = patterns.BY_REGEX.get(regex)
    if pattern is None:  # the one-line text pattern of titles and names
        if not value.strip():
            return "is blank", "write some text"
        return "must be a single line of text", "remove the line breaks"
    if pattern is patterns.WEB_URL and not value.lower().startswith(("http://", "https://")):
        return f"`{value}` is not a web address", "only https:// addresses are allowed here"
    return f"`{value}` is not {pattern.expected}", f"e.g. {pattern.example}"


def suggestion(name: str, value: str, allowed: list[str]) -> str | None:
    """The code or value the validator would suggest for ``value`` in the field ``name``
    (`IRL` -> `IE`, `short_cours` -> `short-course`), so prompts say what errors say."""
    if name in _BIG_VOCABULARIES:
        return _other_spelling(name, value.strip()) or _closest(value, allowed)
    return _closest(value, allowed)


def _closest(value: str, allowed: list[str]) -> str | None:
    folded = {option.lower(): option for option in allowed}
    if value.strip().lower() in folded:
        return folded[value.strip().lower()]
    normalised = value.strip().lower().replace("_", "-").replace(" ", "-")
    if normalised in folded:
        return folded[normalised]
    guesses = difflib.get_close_matches(normalised, list(folded), n=1, cutoff=0.6)
    return folded[guesses[0]] if guesses else None


# Codes from habit or from another list: UK is GB in ISO 3166-1, EL is the EU's code for GR,
# ua is the country whose language is uk, and currencies are often written as symbols.
_COMMON_SLIPS = {
    "country": {"UK": "GB", "EL": "GR"},
    "languages": {"ua": "uk", "gr": "el", "dk": "da", "jp": "ja", "cz": "cs", "cn": "zh"},
    "currency": {"€": "EUR", "$": "USD", "US$": "USD", "£": "GBP", "A$": "AUD", "₴": "UAH"},
}
_COMMON_SLIPS["countries"] = _COMMON_SLIPS["country"]


def _code_hint(name: str, value: str, allowed: list[str]) -> str:
    """Did-you-mean for a code list, where spelling distance misleads (IRL is not IR)."""
    text = value.strip()
    guess = _other_spelling(name, text)
    if guess is None and name == "fields_of_education" and text.isdigit() and len(text) > 2:
        parent = text[:-1]
        siblings = [code for code in allowed if len(code) == len(text) and code[:-1] == parent]
        if siblings:
            return f"the codes under {parent} are " + ", ".join(siblings)
    guess = guess or _closest(value, allowed)
    return f"did you mean `{guess}`?" if guess else _vocabulary_hint(name)


def _other_spelling(name: str, text: str) -> str | None:
    """The code for a common slip, an ISO alpha-3 code or a name: IRL, eng, Ireland, euro."""
    slips = _COMMON_SLIPS.get(name, {})
    for spelling in (text, text.upper(), text.lower()):
        if spelling in slips:
            return slips[spelling]
    import pycountry  # only for a file with a wrong code: importing it costs every check

    database, attribute = {
        "country": (pycountry.countries, "alpha_2"),
        "countries": (pycountry.countries, "alpha_2"),
        "languages": (pycountry.languages, "alpha_2"),
        "currency": (pycountry.currencies, "alpha_3"),
    }.get(name, (None, ""))
    if database is None or not text:
        return None
    try:
        return getattr(database.lookup(text), attribute, None)
    except LookupError:
        return None


def _vocabulary_hint(name: str) -> str:
    return {
        "fields_of_education": 'use a 2-, 3- or 4-digit ISCED-F code in quotes, e.g. "0613"',
        "languages": "use a two-letter code, e.g. en, ga, uk, nl",
        "currency": "use a three-letter code, e.g. EUR, USD, GBP",
    }.get(name, "use a two-letter code, e.g. IE, US, GB, UA, NL, AU")


def _allowed_fields(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """Field names of the (nested) model that the path ``loc`` leads to."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if _is_model(current) else None
        if field is None:
            return []
        current = _model_in(field.annotation)
    return list(current.model_fields) if _is_model(current) else []


def _is_model(candidate: Any) -> bool:
    return isinstance(candidate, type) and issubclass(candidate, BaseModel)


def _model_in(annotation: Any) -> Any:
    """The model class inside Optional[...], list[...] and Annotated[...] wrappers."""
    if _is_model(annotation):
        return annotation
    for argument in getattr(annotation, "__args__", ()) or ():
        found = _model_in(argument)
        if found is not None:
            return found
    origin = getattr(annotation, "__origin__", None)
    return _model_in(origin) if origin is not None and origin is not annotation else None


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (dt.date, dt.datetime)):
        return "a date"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    return "text"


def _shape_hint(value: Any) -> str:
    if isinstance(value, list):
        return "write a single value, not a list"
    if isinstance(value, dict):
        return "write a single value; quote it if it contains ': '"
    return ""


def _show(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**15:
        digits = str(abs(value))  # a number of a hundred digits, said in a few
        return f"{'-' if value < 0 else ''}{digits[0]}.{digits[1:3]}e+{len(digits) - 1}"
    if isinstance(value, float) and value.is_integer():
        return _show(int(value)) if abs(value) >= 10**15 else str(int(value))
    return str(value)
