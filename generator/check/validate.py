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

from generator.check.load import Document
from generator.check.problems import Problem, format_field
from generator.check.text import describe, mixed_script_words
from generator.check.workflow_log import one_line  # messages quote values: a report line stays one
from generator.format import patterns
from generator.format.clock import today
from generator.format.completeness import missing_annex_i
from generator.format.limits import MAX_PROBLEMS_PER_FILE
from generator.format.models import Credential, Provider, share_field_sets

M = TypeVar("M", bound=BaseModel)

# Discriminator tags pydantic puts in an error's path; they are not keys in the file.
_UNION_TAGS = {"key", "external"}
_BIG_VOCABULARIES = {
    "country": "an ISO 3166-1 alpha-2 country code",
    "countries": "an ISO 3166-1 alpha-2 country code",
    "languages": "an ISO 639-1 language code",
    "text_language": "an ISO 639-1 language code",
    "translations": "an ISO 639-1 language code",
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
    problems += _stale_warnings(document)
    if credential is not None:
        problems += _incomplete_warnings(document, credential)
        problems += _location_warnings(document, credential)
    return credential, problems


# What to write for each Annex I element the site can mark as missing (see
# generator.format.completeness): the warning says where the mark comes from and the fix.
_ANNEX_I_FIX = {
    "level": (
        ("level", "eqf"),
        "no EQF level: the site marks the listing as missing an EU standard element (Annex I)",
        "add `level:` with `eqf:` 1 to 8; `nqf:` can name a national framework level too",
    ),
}


def _warning_at(
    document: Document, loc: tuple[str | int, ...], field: str, message: str, hint: str, code: str
) -> Problem:
    """A warning placed at the key ``loc`` names (or where it would go): the file stays valid."""
    line, col = document.locate(loc)
    return Problem(document.path, line, col, field, message, hint, severity="warning", code=code)


def _incomplete_warnings(document: Document, credential: Credential) -> list[Problem]:
    """The site's completeness mark, told to the provider before it is published."""
    return [
        _warning_at(document, loc, element, message, hint, "incomplete")
        for element in missing_annex_i(credential)
        for loc, message, hint in [_ANNEX_I_FIX[element]]
    ]


_PLACED_MODES = ("onsite", "blended")  # modes where a learner must know where to go


def _location_warnings(document: Document, credential: Credential) -> list[Problem]:
    participation = credential.participation
    if participation.mode not in _PLACED_MODES or participation.location is not None:
        return []
    return [
        _warning_at(
            document,
            ("participation", "mode"),
            "participation.location",
            f"mode is {participation.mode} but no location is given",
            "add `location:` under `participation:`, e.g. `location: Galway, Ireland`",
            "no-location",
        )
    ]


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
    suggestion = on + dt.timedelta(days=365)
    return [
        _warning_at(
            document,
            ("review_by",),
            "review_by",
            f"review date {review_by.isoformat()} has passed: the listing is shown as stale",
            "check the details are still right, then set a future date, "
            f"e.g. review_by: {suggestion.isoformat()}",
            "stale",
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
        errors = error.errors(include_url=False)
        guesses = _misspelt_keys(errors, model)
        for item in _one_per_misspelt_key(errors, guesses):
            problems.append(_problem(document, model, item, guesses))
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
                one_line(f"`{given_id}` does not match {id_of} `{expected_id}`"),
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
                    one_line(f"`{word}` mixes {' and '.join(scripts)} letters in one word"),
                    f"{describe(odd)} looks like a letter of another alphabet, so the name can "
                    "pass for a different one: retype the word in one alphabet",
                    code="mixed-script",
                )
            )
    return problems


def _name_values(data: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """The values that name who someone is or what a credential is, in file order: `name`,
    `title`, `awarding_bodies[i]`, `quality_assurance.bodies[i]`, `recognition[i].body`,
    and the `name` and `title` of each translation.
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
        elif key == "translations" and isinstance(value, dict):
            for language, text in value.items():
                for field in ("name", "title"):
                    named = text.get(field) if isinstance(text, dict) else None
                    if isinstance(named, str):
                        found.append(((key, language, field), named))
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
    found: list[tuple[str | int, ...]] = []
    _plain_http(document.data, (), found)
    return [
        _warning_at(
            document,
            loc,
            format_field(loc),
            "plain http:// address",
            "use https:// if the site supports it",
            "plain-http",
        )
        for loc in found
    ]


# Errors about a key itself, placed at the key rather than its value: an unknown field, a
# language code that is not one (pydantic's path ends in `[key]`), a translation rule.
_AT_THE_KEY = {"extra_forbidden", "translation"}
_MAP_KEY = "[key]"


def _problem(
    document: Document, model: type[BaseModel], error: dict[str, Any], guesses: _Guesses
) -> Problem:
    loc = _model_loc(error)
    kind = error["type"]
    at_key = kind in _AT_THE_KEY or error["loc"][-1] == _MAP_KEY
    line, col = document.locate(loc, key=at_key)
    node = _node_at(document, loc)
    guess = guesses.get(tuple(error["loc"]))
    message, hint = map(one_line, _describe(kind, error, loc, node, model, guess))
    return Problem(document.path, line, col, format_field(loc), message, hint, code=kind)


def _model_loc(error: dict[str, Any]) -> tuple[str | int, ...]:
    """The error's path in the model's fields, without pydantic's union tags."""
    return tuple(
        part
        for index, part in enumerate(error["loc"])
        if not (part in _UNION_TAGS and index and isinstance(error["loc"][index - 1], int))
        and part != _MAP_KEY
    )


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


_Guesses = dict[tuple[str | int, ...], str]  # pydantic's loc of an unknown key -> the field


def _misspelt_keys(errors: list[Any], model) -> _Guesses:
    """The field each unknown key most likely misspells, for the first
    MAX_PROBLEMS_PER_FILE unknown keys: a report shows no more of a file, and each guess is a
    fuzzy match against every allowed field (10,000 unknown keys took 7 s to guess)."""
    guesses: _Guesses = {}
    unknown = [item for item in errors if item["type"] == "extra_forbidden"]
    for item in unknown[:MAX_PROBLEMS_PER_FILE]:
        guess = _meant_field(model, _model_loc(item))
        if guess:
            guesses[tuple(item["loc"])] = guess
    return guesses


def _one_per_misspelt_key(errors: list[Any], guesses: _Guesses) -> list[Any]:
    """A misspelt required key is one mistake, not two: pydantic reports the unknown key
    and the missing field, and the unknown key's hint already names the field. So the
    missing field is not reported when an unknown key beside it is taken for it."""
    meant = {(*loc[:-1], guess) for loc, guess in guesses.items()}
    return [e for e in errors if not (e["type"] == "missing" and tuple(e["loc"]) in meant)]


def _describe(
    kind: str, error: dict[str, Any], loc, node, model, guess: str | None = None
) -> tuple[str, str]:
    """Message and hint for one pydantic error, in the words of the format (``guess``: the
    field an unknown key misspells, see _misspelt_keys)."""
    ctx = error.get("ctx") or {}
    value = error.get("input")
    name = next((part for part in reversed(loc) if isinstance(part, str)), "")
    if error["loc"][-1] == _MAP_KEY:  # a key of a map: the map's name says what it holds
        name = next((part for part in reversed(loc[:-1]) if isinstance(part, str)), "")
    written = node.text if node is not None and node.text is not None else _show(value)

    if kind == "missing":
        return "required field is missing", f"add `{loc[-1]}:` here"
    if kind == "extra_forbidden":
        homes = _homes_below(model, loc)
        if homes:
            return f"unknown field `{loc[-1]}` here", _belongs_hint(str(loc[-1]), homes)
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
        whole = kind.startswith("int")
        wanted = "a whole number" if whole else "a number"
        if isinstance(value, int) and not isinstance(value, bool):  # beyond a float's range
            return f"`{_show(value)}` is out of range", "write the number itself, e.g. 120"
        if isinstance(value, str):
            return f"expected {wanted}, not text", number_hint(value, whole=whole)
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
    if kind == "translation":  # the models' translation rules carry their own fix
        return error["msg"], ctx.get("hint", "")
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", error["msg"])).removeprefix("Value error, "), ""
    if kind.startswith("date"):
        return f"expected a date, not `{written}`", "write it as YYYY-MM-DD, e.g. 2027-09-30"
    return error["msg"], ""


# A number as providers write it in prose: `5 ECTS`, `130h`, `level 6`, `2,5`, `"5"`. The
# digits are the value; a word, a decimal comma or quotes around them are what YAML cannot read.
_NUMBER_IN_TEXT = re.compile(r"([^\W\d]+\.?\s*)?([0-9]+)(?:([.,])([0-9]+))?\s*([^\W\d]+\.?)?")


def number_hint(text: str, *, whole: bool) -> str:
    """What a number looks like, and the fix when the value holds an obvious one: never
    the text as written (`five`), which is what YAML could not read as a number."""
    if whole:
        looks = "write a whole number in digits, e.g. 5"
    else:
        looks = "write the number in digits, e.g. 5, or 2.5 with a point for decimals"
    found = _NUMBER_IN_TEXT.fullmatch(text.strip())
    if found is None or (whole and found.group(4)):
        return looks
    before, digits, point, decimals, after = found.groups()
    number = digits + (f".{decimals}" if decimals else "")
    words = [word.strip() for word in (before, after) if word]
    fixes = []
    if words:
        fixes.append("without " + " and ".join(f"`{word}`" for word in words))
    if point == ",":
        fixes.append("with a point for decimals")
    if fixes:
        return f"write the number alone, {', '.join(fixes)}: {number}"
    return f"write the number without quotes: {number}"


def _pattern_message(regex: str, value: str) -> tuple[str, str]:
    pattern = patterns.BY_REGEX.get(regex)
    if pattern is None:  # the one-line text pattern of titles and names
        if not value.strip():
            return "is blank", "write some text"
        return "must be a single line of text", "remove the line breaks"
    if pattern is patterns.WEB_URL and not value.lower().startswith(("http://", "https://")):
        return f"`{value}` is not a web address", f"write an https:// address; {patterns.HTTP_RULE}"
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
_LANGUAGE_FIELDS = ("languages", "text_language", "translations")  # each holds ISO 639-1 codes
_COMMON_SLIPS.update({name: _COMMON_SLIPS["languages"] for name in _LANGUAGE_FIELDS})


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
        **dict.fromkeys(_LANGUAGE_FIELDS, (pycountry.languages, "alpha_2")),
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
        **dict.fromkeys(_LANGUAGE_FIELDS, "use a two-letter code, e.g. en, ga, uk, nl"),
        "currency": "use a three-letter code, e.g. EUR, USD, GBP",
    }.get(name, "use a two-letter code, e.g. IE, US, GB, UA, NL, AU")


def _homes_below(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[tuple[str, bool]]:
    """The groups one level below where ``loc`` stands that have a field of its name, each
    with whether it is a list of groups: `hours` written at the top belongs under
    `workload:`, `label` under an item of `skills:` or `occupations:`. A key that is a field
    there is most likely written with too little indentation, not misspelt."""
    current = _model_at(model, loc[:-1])
    if current is None:
        return []
    homes = []
    for name, field in current.model_fields.items():
        nested = _model_in(field.annotation)
        if nested is not None and loc[-1] in nested.model_fields:
            homes.append((name, _is_list(field.annotation)))
    return homes


def _belongs_hint(key: str, homes: list[tuple[str, bool]]) -> str:
    if len(homes) == 1 and not homes[0][1]:
        name = homes[0][0]
        return f"`{key}` is a field of `{name}:`: write it below `{name}:`, indented by two spaces"
    places = [f"the items of `{name}:`" if is_list else f"`{name}:`" for name, is_list in homes]
    return f"`{key}` is a field of {' or '.join(places)}: write it there, indented"


def _is_list(annotation: Any) -> bool:
    if getattr(annotation, "__origin__", None) is list:
        return True
    return any(_is_list(argument) for argument in getattr(annotation, "__args__", ()) or ())


def _model_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> Any:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if _is_model(current) else None
        if field is None:
            return None
        current = _model_in(field.annotation)
    return current if _is_model(current) else None


def _allowed_fields(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """Field names of the (nested) model that the path ``loc`` leads to."""
    current = _model_at(model, loc)
    return list(current.model_fields) if current is not None else []


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
