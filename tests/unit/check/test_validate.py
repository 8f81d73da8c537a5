"""Validate: model errors become positioned problems, with a message and hint to act on."""

from __future__ import annotations

import re

import pytest

from generator.authoring.fields import AnswerError, parse_scalar
from generator.check.load import parse_document
from generator.check.problems import Problem
from generator.check.validate import check_credential
from generator.format.limits import MAX_PROBLEMS_PER_FILE
from support.documents import (
    CREDENTIAL,
    CREDENTIAL_PATH,
    PROVIDER,
    changed,
    credential_problems,
    provider_problems,
)

pytestmark = pytest.mark.usefixtures("cases_today")


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def at(text: str, problem: Problem) -> str:
    """The text of the file from the problem's position to the end of that line."""
    return text.splitlines()[problem.line - 1][problem.col - 1 :]


def with_field(line: str) -> str:
    text = CREDENTIAL
    if line.startswith("level:"):  # the minimal file has a level: this one replaces it
        text = changed(text, "level:\n  eqf: 5\n", "")
    return changed(text, "status: active", line + "\nstatus: active")


def test_the_minimal_files_are_valid() -> None:
    assert credential_problems(CREDENTIAL) == []
    assert provider_problems(PROVIDER) == []


# --- unknown keys: did you mean ----------------------------------------------------------------


@pytest.mark.parametrize(
    "line,field,guess",
    [
        ("keyword: [data]", "keyword", "keywords"),
        ("langauges: [en]", "langauges", "languages"),
        ("superseeded_by: acme/x", "superseeded_by", "superseded_by"),
        ("skills:\n  - label: Python\n    escoo: x", "skills[0].escoo", "esco"),
        ("cost:\n  ammount: 5", "cost.ammount", "amount"),
        ("level:\n  EQF: 6", "level.EQF", None),  # nothing close: the hint lists what is allowed
    ],
)
def test_unknown_key(line: str, field: str, guess: str | None) -> None:
    text = with_field(line)
    problem = only(credential_problems(text))
    assert problem.code == "extra_forbidden" and problem.field == field
    name = field.rsplit(".", 1)[-1].split("]")[-1]
    assert problem.message == f"unknown field `{name}`"
    assert at(text, problem).startswith(name + ":"), "points at the key, not its value"
    if guess:
        assert problem.hint == f"did you mean `{guess}`?"
    else:
        assert problem.hint == "allowed here: eqf, nqf"


def test_misspelt_required_key_is_one_error() -> None:
    """Not also "required field is missing": the hint already names the field."""
    text = with_field("skills:\n  - lable: Python")
    problem = only(credential_problems(text))
    assert (problem.code, problem.field) == ("extra_forbidden", "skills[0].lable")
    assert problem.hint == "did you mean `label`?"


def test_misspelt_top_level_required_key_is_one_error() -> None:
    problem = only(credential_problems(changed(CREDENTIAL, "title:", "titel:")))
    assert (problem.field, problem.hint) == ("titel", "did you mean `title`?")


def test_only_the_unknown_keys_a_report_shows_are_guessed() -> None:
    """Each guess is a fuzzy match against every allowed field: thousands of unknown keys
    cost seconds. A report shows MAX_PROBLEMS_PER_FILE problems of a file, so only that
    many keys are guessed; the others get the list of allowed fields."""
    keys = [f"summry{number:03}" for number in range(MAX_PROBLEMS_PER_FILE + 10)]
    text = CREDENTIAL + "".join(f"{key}: x\n" for key in keys)
    problems = [p for p in credential_problems(text) if p.code == "extra_forbidden"]
    assert [p.field for p in problems] == keys
    guessed = [p.hint == "did you mean `summary`?" for p in problems]
    assert guessed == [True] * MAX_PROBLEMS_PER_FILE + [False] * 10
    assert problems[-1].hint.startswith("allowed here: id, title,")


def test_a_missing_field_beside_an_unrelated_unknown_key_is_still_reported() -> None:
    text = changed(CREDENTIAL, "title:", "zzz:")
    assert {p.code for p in credential_problems(text)} == {"extra_forbidden", "missing"}


def test_unknown_top_level_key_with_nothing_close_lists_the_fields() -> None:
    problem = only(credential_problems(with_field("zzz: 1")))
    assert problem.hint.startswith("allowed here: id, title, type, summary")
    assert "further_information" in problem.hint


def test_provider_field_in_a_credential_file() -> None:
    problem = only(provider_problems(PROVIDER + "maintainer: [ann-example]\n"))
    assert problem.hint == "did you mean `maintainers`?"


# --- enums: did you mean, and the allowed values --------------------------------------------------


@pytest.mark.parametrize(
    "old,new,guess",
    [
        ("type: micro-credential", "type: microcredential", "micro-credential"),
        ("type: micro-credential", "type: Micro-Credential", "micro-credential"),
        ("type: micro-credential", "type: digital badge", "digital-badge"),
        ("type: micro-credential", "type: short_course", "short-course"),
        ("mode: online", "mode: Online", "online"),
        ("mode: online", "mode: on-line", "online"),
        ("methods: [quiz]", "methods: [quizz]", "quiz"),
        ("status: active", "status: activ", "active"),
    ],
)
def test_enum_did_you_mean(old: str, new: str, guess: str) -> None:
    text = changed(CREDENTIAL, old, new)
    problem = only(credential_problems(text))
    assert problem.code == "literal_error"
    assert problem.hint == f"did you mean `{guess}`?"
    assert "is not one of: " in problem.message and guess in problem.message
    written = new.split(": ", 1)[1].strip("[]")
    assert at(text, problem).startswith(written)


def test_enum_with_nothing_close_lists_the_values() -> None:
    problem = only(credential_problems(changed(CREDENTIAL, "status: active", "status: retired")))
    assert problem.message == "`retired` is not one of: active, upcoming, suspended, ceased"
    assert problem.hint == "use one of the values listed"


def test_enum_given_a_number() -> None:
    problem = only(credential_problems(changed(CREDENTIAL, "mode: online", "mode: 1")))
    assert problem.message == "expected text, but YAML reads `1` as a number"
    assert problem.hint == 'quote it: "1"'


# --- big vocabularies: a short message and a smart guess -------------------------------------


@pytest.mark.parametrize(
    "written,guess",
    [
        ("UK", "GB"),
        ("EL", "GR"),
        ("IRL", "IE"),
        ("Ireland", "IE"),
        ("ie", "IE"),
        ("Netherlands", "NL"),
        ("UKR", "UA"),
    ],
)
def test_country_guess(written: str, guess: str) -> None:
    text = changed(PROVIDER, "country: IE", f"country: {written}")
    problem = only(provider_problems(text))
    assert problem.message == f"`{written}` is not an ISO 3166-1 alpha-2 country code"
    assert problem.hint == f"did you mean `{guess}`?"
    assert (problem.line, problem.col) == (4, 10)


def test_unknown_country_gets_examples_not_a_wrong_guess() -> None:
    problem = only(provider_problems(changed(PROVIDER, "country: IE", "country: XX")))
    assert problem.hint == "use a two-letter code, e.g. IE, US, GB, UA, NL, AU"


def test_country_in_a_list() -> None:
    problem = only(credential_problems(with_field("countries: [IE, UK]")))
    assert (problem.field, problem.hint) == ("countries[1]", "did you mean `GB`?")


@pytest.mark.parametrize(
    "written,guess",
    [("eng", "en"), ("English", "en"), ("EN", "en"), ("Irish", "ga"), ("ua", "uk"), ("gae", "ga")],
)
def test_language_guess(written: str, guess: str) -> None:
    problem = only(credential_problems(changed(CREDENTIAL, "[en]", f"[{written}]")))
    assert problem.message == f"`{written}` is not an ISO 639-1 language code"
    assert problem.hint == f"did you mean `{guess}`?"


@pytest.mark.parametrize(
    "written,guess",
    [("EURO", "EUR"), ("euro", "EUR"), ("€", "EUR"), ("US$", "USD"), ("£", "GBP"), ("usd", "USD")],
)
def test_currency_guess(written: str, guess: str) -> None:
    problem = only(credential_problems(with_field(f'cost: {{amount: 5, currency: "{written}"}}')))
    assert problem.field == "cost.currency"
    assert problem.message == f"`{written}` is not an ISO 4217 currency code"
    assert problem.hint == f"did you mean `{guess}`?"


def test_isced_code_lists_its_siblings() -> None:
    problem = only(credential_problems(changed(CREDENTIAL, '"0613"', '"0618"')))
    assert problem.message == "`0618` is not an ISCED-F 2013 field code"
    assert problem.hint == "the codes under 061 are 0610, 0611, 0612, 0613, 0619"


def test_isced_code_without_its_leading_zero() -> None:
    problem = only(credential_problems(changed(CREDENTIAL, '"0613"', '"613"')))
    assert problem.hint == "did you mean `0613`?"


@pytest.mark.parametrize(
    "old,new",
    [
        ("country: IE", "country: QQ"),
        ("country: IE", "country: Atlantis"),
    ],
)
def test_big_vocabulary_message_stays_short(old: str, new: str) -> None:
    problem = only(provider_problems(changed(PROVIDER, old, new)))
    assert len(str(problem)) < 200, "never list 250 codes"


# --- types: say what YAML read, and how to write it --------------------------------------------


@pytest.mark.parametrize(
    "old,new,message,hint",
    [
        (
            "title: Data Basics",
            "title: 2027",
            "expected text, but YAML reads `2027` as a number",
            'quote it: "2027"',
        ),
        (
            "summary: Clean and summarise a small dataset.",
            "summary: 2027-01-01",
            "expected text, but YAML reads `2027-01-01` as a date",
            'quote it: "2027-01-01"',
        ),
        (
            "title: Data Basics",
            "title: true",
            "expected text, but YAML reads `true` as true/false",
            "",
        ),
        (
            "title: Data Basics",
            "title:",
            "is empty",
            "write a value, or delete the line if the field is optional",
        ),
        ("title: Data Basics", 'title: ""', "is empty", "write some text"),
        ("title: Data Basics", 'title: "   "', "is blank", "write some text"),
        ("title: Data Basics", "title: [Data, Basics]", "expected text, not a list", "not a list"),
        (
            "title: Data Basics",
            'title: "Data\\nBasics"',
            "must be a single line of text",
            "remove the line breaks",
        ),
        (
            "ects: 2",
            'ects: "2"',
            "expected a number, not text",
            "write the number without quotes: 2",
        ),
        ("ects: 2", "ects: [2]", "expected a number, not a list", ""),
        ("languages: [en]", "languages: en", "expected a list, not text", "one `- item` per line"),
        ("languages: [en]", "languages: []", "needs at least 1 item", "add an item"),
        ("workload:\n  ects: 2", "workload: 2", "expected a group of fields, not a number", ""),
        ("review_by: 2027-09-30", "review_by: next year", "`next year` is not a calendar date", ""),
        ("review_by: 2027-09-30", 'review_by: "2027-W39-4"', "is not a calendar date", ""),
        ("review_by: 2027-09-30", "review_by: 2027-02-29", "February 2027 has days 01 to 28", ""),
        ("review_by: 2027-09-30", "review_by: 2027-09-30T10:00:00Z", "without a time", ""),
        ("review_by: 2027-09-30", "review_by: 20270930", "expected a date", "YYYY-MM-DD"),
    ],
)
def test_type_messages(old: str, new: str, message: str, hint: str) -> None:
    text = changed(CREDENTIAL, old, new)
    problem = only(credential_problems(text))
    assert message in problem.message
    assert hint in problem.hint
    first = new.splitlines()[0]
    assert first in text.splitlines()[problem.line - 1]


def test_text_written_as_yes_is_not_reported_twice() -> None:
    """`title: yes` is the loader's YAML 1.1 problem; the model agrees but stays quiet."""
    from generator.check.run import _merge

    raw = changed(CREDENTIAL, "title: Data Basics", "title: yes").encode()
    document, parse_problems = parse_document(raw, CREDENTIAL_PATH)
    assert document is not None and [p.code for p in parse_problems] == ["yaml11"]
    merged = _merge(parse_problems, check_credential(document)[1])
    assert [p.code for p in merged] == ["yaml11"]


# --- ranges, lengths, patterns -------------------------------------------------------------------


@pytest.mark.parametrize(
    "old,new,message",
    [
        ("ects: 2", "ects: 61", "61 is out of range: it must be at most 60"),
        ("ects: 2", "ects: 0", "0 is out of range: it must be more than 0"),
        ("ects: 2", "ects: -5", "-5 is out of range: it must be more than 0"),
        ("ects: 2", "hours: 2000", "2000 is out of range: it must be at most 1800"),
        ("eqf: 5", "eqf: 9", "9 is out of range: it must be at most 8"),
        ("eqf: 5", "eqf: 0", "0 is out of range: it must be at least 1"),
        (
            "status: active",
            "cost: {amount: -1, currency: EUR}\nstatus: active",
            "-1 is out of range: it must be at least 0",
        ),
        ("ects: 2", "ects: 2.5", None),
        ("ects: 2", "ects: 60", None),
    ],
)
def test_ranges(old: str, new: str, message: str | None) -> None:
    problems = credential_problems(changed(CREDENTIAL, old, new))
    if message is None:
        assert problems == []
    else:
        assert only(problems).message == message


def test_text_too_long_counts_characters() -> None:
    problem = only(credential_problems(changed(CREDENTIAL, "Data Basics", "é" * 201)))
    assert problem.message == "is 201 characters; at most 200 are allowed"
    assert problem.hint == "shorten it"


def _amount(written: str) -> str:
    return f"cost: {{amount: {written}, currency: EUR}}"


@pytest.mark.parametrize(
    "line,field,message",
    [
        (_amount("1.0e+400"), "cost.amount", "YAML reads `1.0e+400` as infinite"),
        (_amount('!!float "nan"'), "cost.amount", "YAML reads `nan` as not a number"),
        (_amount('!!float "-.inf"'), "cost.amount", "YAML reads `-.inf` as infinite"),
        ("workload: {hours: 1.0e+400}", "workload.hours", "YAML reads `1.0e+400` as infinite"),
        (_amount("1" + "0" * 400), "cost.amount", "`1.00e+400` is out of range"),
        (_amount("1.0e+20"), "cost.amount", "1.00e+20 is out of range: it must be at most 1000"),
        ("level: {eqf: 1" + "0" * 30 + "}", "level.eqf", "1.00e+30 is out of range"),
    ],
)
def test_numbers_that_no_output_can_show_are_refused(line: str, field: str, message: str) -> None:
    """Infinity and NaN (YAML reads 1.0e+400 as infinity) would render as "inf EUR" and
    as JSON-LD `Infinity`, which is not JSON; a number of a hundred digits is said short."""
    text = with_field(line)
    if line.startswith("workload"):
        text = changed(CREDENTIAL, "workload:\n  ects: 2", line)
    problems = credential_problems(text)
    assert [p.field for p in problems] == [field]
    assert problems[0].message.startswith(message)


def test_list_too_long() -> None:
    words = ", ".join(f"w{i}" for i in range(101))
    problem = only(credential_problems(with_field(f"keywords: [{words}]")))
    assert problem.message == "has 101 items; at most 100 are allowed"


@pytest.mark.parametrize(
    "line,field,message,hint",
    [
        ("duration: 10 weeks", "duration", "`10 weeks` is not an ISO 8601 duration", "e.g. P10W"),
        ("duration: P", "duration", "`P` is not an ISO 8601 duration", "PT20H"),
        ("duration: P1W2Y", "duration", "is not an ISO 8601 duration", ""),
        ("superseded_by: data-basics-2", "superseded_by", "is not a directory key", "e.g. "),
        (
            "skills:\n  - label: x\n    esco: https://data.europa.eu/esco/skill/"
            "ccd0a1d9-afda-43d9-b901-96344886e14d",
            "skills[0].esco",
            "is not an ESCO skill URI",
            "e.g. http://data.europa.eu/esco/skill/",
        ),
        (
            "occupations:\n  - label: x\n    esco: http://data.europa.eu/esco/skill/"
            "ccd0a1d9-afda-43d9-b901-96344886e14d",
            "occupations[0].esco",
            "is not an ESCO occupation URI",
            "esco/occupation/",
        ),
    ],
)
def test_patterns(line: str, field: str, message: str, hint: str) -> None:
    problem = only(credential_problems(with_field(line)))
    assert (problem.field, problem.code) == (field, "string_pattern_mismatch")
    assert message in problem.message and hint in problem.hint


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "ftp://acme.example/data",
        "mailto:courses@acme.example",
        "www.acme.example",
        "data:text/html;base64,PHNjcmlwdD4=",
        "file:///etc/passwd",
    ],
)
def test_only_web_addresses(url: str) -> None:
    text = changed(CREDENTIAL, "url: https://acme.example/data-basics", f'url: "{url}"')
    problem = only(credential_problems(text))
    assert problem.message == f"`{url}` is not a web address"
    assert problem.hint == "write an https:// address; http:// is accepted with a warning"


def test_malformed_https_address() -> None:
    text = changed(CREDENTIAL, "https://acme.example/data-basics", '"https://acme example"')
    problem = only(credential_problems(text))
    assert problem.message == "`https://acme example` is not a web address starting with https://"


def test_slug_rules() -> None:
    text = changed(CREDENTIAL, "id: data-basics", "id: data_basics")
    problems = credential_problems(text, "credentials/acme/data_basics.yaml")
    assert [p.message for p in problems] == [
        "`data_basics` is not a lowercase slug: letters a-z, digits and single hyphens"
    ]


# --- cross-field rules inside one file ------------------------------------------------------------


def test_workload_needs_ects_or_hours() -> None:
    text = changed(CREDENTIAL, "  ects: 2", "  ects:")
    problem = only(credential_problems(text))
    assert (problem.field, problem.message) == ("workload", "give `ects`, `hours` or both")


@pytest.mark.parametrize(
    "cost,ok",
    [
        ("{amount: 450}", False),
        ("{amount: 450, currency: EUR}", True),
        ("{amount: 0}", True),
        ("{currency: EUR}", True),
        ("{funding: [Free for the unemployed]}", True),
    ],
)
def test_cost_currency(cost: str, ok: bool) -> None:
    problems = credential_problems(with_field(f"cost: {cost}"))
    if ok:
        assert problems == []
    else:
        assert only(problems).message == "a cost above 0 needs its `currency`, e.g. EUR"


# --- required fields ----------------------------------------------------------------------------


def test_missing_field_hint_names_the_field() -> None:
    problem = only(credential_problems(changed(CREDENTIAL, "status: active\n", "")))
    assert (problem.field, problem.message) == ("status", "required field is missing")
    assert problem.hint == "add `status:` here"
    assert (problem.line, problem.col) == (1, 1)


def test_missing_nested_field_points_at_its_parent() -> None:
    text = changed(CREDENTIAL, "  methods: [quiz]", "  description: Two quizzes")
    problem = only(credential_problems(text))
    assert problem.field == "assessment.methods"
    assert at(text, problem) == "assessment:"


def test_missing_field_in_a_list_item_points_at_the_item() -> None:
    text = with_field("recognition:\n  - type: cpd\n    detail: 10 hours")
    problem = only(credential_problems(text))
    assert problem.field == "recognition[0].body"
    assert at(text, problem) == "type: cpd"


def test_every_missing_field_is_reported() -> None:
    problems = credential_problems("id: data-basics\n")
    assert {p.field for p in problems} == {
        "title",
        "type",
        "summary",
        "url",
        "languages",
        "learning_outcomes",
        "workload",
        "fields_of_education",
        "assessment",
        "participation",
        "quality_assurance",
        "status",
        "review_by",
    }


# --- contributes_to: either a key or {title, url} -------------------------------------------------


def test_external_qualification_field_path_has_no_union_tag() -> None:
    text = with_field(
        "stackability:\n  contributes_to:\n    - acme/other\n"
        "    - title: MSc\n      url: ftp://university.example/msc"
    )
    problem = only(credential_problems(text))
    assert problem.field == "stackability.contributes_to[1].url"
    assert at(text, problem) == "ftp://university.example/msc"


# --- the id and the file or folder name -----------------------------------------------------------


def test_credential_id_must_equal_the_file_name() -> None:
    problem = only(credential_problems(changed(CREDENTIAL, "id: data-basics", "id: data")))
    assert problem.message == "`data` does not match the file name `data-basics`"
    assert problem.hint == (
        "the id must equal the file name: write `id: data-basics` or rename the file"
    )
    assert (problem.line, problem.col) == (1, 5)


def test_provider_id_must_equal_the_folder_name() -> None:
    problem = only(provider_problems(changed(PROVIDER, "id: acme", "id: acme-ltd")))
    assert problem.message == "`acme-ltd` does not match the folder name `acme`"
    assert problem.hint.endswith("write `id: acme` or rename the folder")


def test_never_suggest_an_id_that_is_not_a_slug() -> None:
    problems = credential_problems(CREDENTIAL, "credentials/acme/Data-Basics.yaml")
    problem = only(problems)
    assert "`id: Data-Basics`" not in problem.hint
    assert problem.hint == "file names are lowercase slugs: rename the file to match the id"


# --- plain http: a warning, where a URL is expected --------------------------------------------


def test_plain_http_is_a_warning() -> None:
    text = changed(
        CREDENTIAL, "https://acme.example/data-basics", "http://acme.example/data-basics"
    )
    problem = only(credential_problems(text))
    assert (problem.severity, problem.field, problem.code) == ("warning", "url", "plain-http")
    assert problem.hint == "use https:// if the site supports it"
    assert at(text, problem).startswith("http://")


def test_plain_http_in_nested_urls_and_contact() -> None:
    text = with_field(
        "stackability:\n  contributes_to:\n    - title: MSc\n      url: http://u.example/msc"
    )
    assert [p.field for p in credential_problems(text)] == ["stackability.contributes_to[0].url"]
    provider = PROVIDER + "contact: http://acme.example/contact\n"
    assert [(p.field, p.severity) for p in provider_problems(provider)] == [("contact", "warning")]


def test_esco_uris_are_http_by_design() -> None:
    text = with_field(
        "skills:\n  - label: x\n    esco: http://data.europa.eu/esco/skill/"
        "ccd0a1d9-afda-43d9-b901-96344886e14d"
    )
    assert credential_problems(text) == []


# --- every message is one line ----------------------------------------------------------------


def test_messages_are_single_lines() -> None:
    """A value with a line break is quoted with `\\n`, so the report stays one line a problem."""
    text = with_field('description: "   "\nkeywords: ["a\\nb", ""]\nduration: "P\\n1W"')
    text = changed(text, "url: https://acme.example/data-basics", "url: |\n  https://acme.example/")
    text = changed(text, "type: micro-credential", 'type: "micro-\\r\\ncredential"')
    problems = credential_problems(text)
    fields = {"description", "keywords[0]", "keywords[1]", "duration", "url", "type"}
    assert {p.field for p in problems} == fields
    for problem in problems:
        assert "\n" not in str(problem) and "\r" not in str(problem)
    by_field = {p.field: p for p in problems}
    assert by_field["duration"].message == "`P\\n1W` is not an ISO 8601 duration"
    assert by_field["url"].message.startswith("`https://acme.example/\\n` is not a web address")


# --- review_by in the past: a warning, never an error --------------------------------------------


@pytest.mark.parametrize(
    "review_by,stale",
    [("2026-05-31", True), ("2026-06-01", False), ('"2026-01-01"', True), ("2027-09-30", False)],
)
def test_stale_review_date_is_a_warning(review_by: str, stale: bool, cases_today: str) -> None:
    text = changed(CREDENTIAL, "review_by: 2027-09-30", f"review_by: {review_by}")
    problems = credential_problems(text)
    if not stale:
        assert problems == []
        return
    problem = only(problems)
    assert (problem.severity, problem.code, problem.field) == ("warning", "stale", "review_by")
    assert at(text, problem) == review_by
    assert problem.message.endswith("has passed: the listing is shown as stale")
    assert "set a future date" in problem.hint


# --- memory: the sets of given fields are shared ---------------------------------------------


def _validated(text: str):
    document, problems = parse_document(text.encode("utf-8"), CREDENTIAL_PATH)
    assert document is not None and not problems
    credential, problems = check_credential(document)
    assert credential is not None and not problems
    return credential


def test_credentials_given_the_same_fields_share_one_set_of_them() -> None:
    first, second = _validated(CREDENTIAL), _validated(CREDENTIAL)
    assert first.__pydantic_fields_set__ is second.__pydantic_fields_set__
    assert first.workload.__pydantic_fields_set__ is second.workload.__pydantic_fields_set__
    other = _validated(with_field("keywords: [data]"))
    assert "keywords" in other.model_fields_set and "keywords" not in first.model_fields_set


def test_translations_share_their_sets_too() -> None:
    text = translated(CREDENTIAL, "  de: {title: Datengrundlagen}\n  uk: {title: Основи}\n")
    first, second = _validated(text), _validated(text)
    assert first.translations is not None and second.translations is not None
    german, ukrainian = first.translations["de"], second.translations["uk"]
    assert german.__pydantic_fields_set__ is ukrainian.__pydantic_fields_set__


def test_a_copy_with_changes_does_not_change_the_shared_set() -> None:
    first, second = _validated(CREDENTIAL), _validated(CREDENTIAL)
    assert "keywords" not in first.model_fields_set
    changed_copy = first.model_copy(update={"keywords": ["x"]})
    deep_copy = first.model_copy(update={"keywords": ["y"]}, deep=True)
    assert "keywords" in changed_copy.model_fields_set and "keywords" in deep_copy.model_fields_set
    assert "keywords" not in second.model_fields_set
    assert changed_copy.model_dump(exclude_unset=True)["keywords"] == ["x"]


# --- hints that say what to write, never the mistake again -----------------------------------


@pytest.mark.parametrize(
    "value,hint",
    [
        ("five", "write the number in digits, e.g. 5, or 2.5 with a point for decimals"),
        ("5 ECTS", "write the number alone, without `ECTS`: 5"),
        ("2,5", "write the number alone, with a point for decimals: 2.5"),
        ("2,5 ECTS", "write the number alone, without `ECTS`, with a point for decimals: 2.5"),
        ("~ 5", "write the number in digits, e.g. 5, or 2.5 with a point for decimals"),
        ('"5"', "write the number without quotes: 5"),
        ("'2.5'", "write the number without quotes: 2.5"),
        ("2 1/2", "write the number in digits, e.g. 5, or 2.5 with a point for decimals"),
    ],
)
def test_number_hints_show_the_number(value: str, hint: str) -> None:
    problem = only(credential_problems(changed(CREDENTIAL, "ects: 2", f"ects: {value}")))
    assert (problem.field, problem.message) == ("workload.ects", "expected a number, not text")
    assert problem.hint == hint


@pytest.mark.parametrize(
    "value,hint",
    [
        ("level 6", "write the number alone, without `level`: 6"),
        ("6.5", "write a whole number in digits, e.g. 5"),
        ("six", "write a whole number in digits, e.g. 5"),
    ],
)
def test_whole_number_hints(value: str, hint: str) -> None:
    problem = only(credential_problems(changed(CREDENTIAL, "eqf: 5", f'eqf: "{value}"')))
    assert (problem.field, problem.hint) == ("level.eqf", hint)


@pytest.mark.parametrize(
    "value,message",
    [
        ("2027-02-30", "`2027-02-30` does not exist: February 2027 has days 01 to 28"),
        ("2028-02-30", "`2028-02-30` does not exist: February 2028 has days 01 to 29"),
        ("2027-04-31", "`2027-04-31` does not exist: April 2027 has days 01 to 30"),
        ("2027-06-00", "`2027-06-00` does not exist: June 2027 has days 01 to 30"),
        ("2027-13-01", "`2027-13-01` has no month 13: months are 01 to 12"),
        ("30-09-2027", "`30-09-2027` is not a calendar date; write it as YYYY-MM-DD"),
    ],
)
def test_a_date_that_does_not_exist_is_named_as_such(value: str, message: str) -> None:
    text = changed(CREDENTIAL, "review_by: 2027-09-30", f'review_by: "{value}"')
    assert only(credential_problems(text)).message.startswith(message)


def test_a_leap_day_is_a_date() -> None:
    text = changed(CREDENTIAL, "review_by: 2027-09-30", "review_by: 2028-02-29")
    assert credential_problems(text) == []


def test_the_prompt_says_the_same_of_a_day_that_does_not_exist() -> None:
    with pytest.raises(AnswerError, match="February 2027 has days 01 to 28"):
        parse_scalar({"type": "string", "format": "date"}, "2027-02-30")


@pytest.mark.parametrize(
    "line,field,hint",
    [
        ("hours: 30", "hours", "`hours` is a field of `workload:`: write it below `workload:`"),
        ("methods: [quiz]", "methods", "`methods` is a field of `assessment:`"),
        ("eqf: 5", "eqf", "`eqf` is a field of `level:`"),
        (
            "label: Python",
            "label",
            "`label` is a field of the items of `skills:` or the items of `occupations:`",
        ),
        ("cost:\n  funding: [x]\n  bodies: [y]", "cost.bodies", "allowed here: amount"),
    ],
)
def test_a_field_written_too_far_left_says_where_it_belongs(
    line: str, field: str, hint: str
) -> None:
    problem = only(credential_problems(with_field(line)))
    assert (problem.code, problem.field) == ("extra_forbidden", field)
    assert problem.hint.startswith(hint)


@pytest.mark.parametrize(
    "answer,words",
    [("5 ECTS", "without `ECTS`: 5"), ("2,5", "with a point for decimals: 2.5"), ("130h", ": 130")],
)
def test_the_prompt_says_the_same_of_a_number(answer: str, words: str) -> None:
    with pytest.raises(AnswerError, match=re.escape(words)):
        parse_scalar({"type": "number"}, answer)


# --- translations (format v1.1) -----------------------------------------------------------------

TWO_OUTCOMES = changed(
    CREDENTIAL,
    "  - Clean a small tabular dataset\n",
    "  - Clean a small tabular dataset\n  - Summarise it\n",
)


def translated(text: str, translations: str, text_language: str | None = "en") -> str:
    if text_language is not None:
        text = changed(
            text, "languages: [en]\n", f"languages: [en]\ntext_language: {text_language}\n"
        )
    return text + "translations:\n" + translations


def test_every_broken_translation_rule_is_reported_at_once_at_its_own_key() -> None:
    text = translated(
        TWO_OUTCOMES,
        "  de:\n    learning_outcomes: [Bereinigen]\n"
        "  en:\n    title: Data Basics\n"
        "  uk:\n    learning_outcomes: [Очистити, Підсумувати, Ще одне]\n",
    )
    problems = credential_problems(text)
    assert [(p.field, p.code) for p in problems] == [
        ("translations.de.learning_outcomes", "translation"),
        ("translations.en", "translation"),
        ("translations.uk.learning_outcomes", "translation"),
    ]
    de, en, uk = problems
    assert de.message == "1 learning outcome here, but 2 in the original"
    assert uk.message == "3 learning outcomes here, but 2 in the original"
    assert de.hint == "translate each outcome once, in the original's order"
    assert at(text, de).startswith("learning_outcomes:")  # the key, not its first item
    assert at(text, en) == "en:"
    assert en.hint == "write that text in the fields above, and remove this translation"


def test_translations_without_the_texts_language_suggest_the_first_language() -> None:
    text = translated(changed(CREDENTIAL, "[en]", "[ga, en]"), "  de: {title: D}\n", None)
    problem = only(credential_problems(text))
    assert (problem.field, at(text, problem)) == ("translations", "translations:")
    assert "add `text_language: ga` before `translations:`" in problem.hint


def test_a_wrong_text_language_is_not_also_reported_as_missing() -> None:
    problem = only(credential_problems(translated(CREDENTIAL, "  de: {title: D}\n", "ua")))
    assert (problem.field, problem.hint) == ("text_language", "did you mean `uk`?")


def test_outcomes_are_not_counted_when_the_originals_are_wrong() -> None:
    text = translated(
        changed(CREDENTIAL, "  - Clean", "  - 5\n  - Clean"), "  de: {learning_outcomes: [a]}\n"
    )
    problem = only(credential_problems(text))
    assert problem.field == "learning_outcomes[0]"


@pytest.mark.parametrize(
    "written,guess", [("ua", "uk"), ("German", "de"), ("DE", "de"), ("nor", "no")]
)
def test_translation_language_guess(written: str, guess: str) -> None:
    text = translated(CREDENTIAL, f"  {written}:\n    title: D\n")
    problem = only(credential_problems(text))
    assert problem.field == f"translations.{written}"
    assert problem.message == f"`{written}` is not an ISO 639-1 language code"
    assert problem.hint == f"did you mean `{guess}`?"
    assert at(text, problem) == f"{written}:"


@pytest.mark.parametrize(
    "entry,field,message",
    [
        ("title: ''", "translations.de.title", "is empty"),
        ("summary: " + "x" * 301, "translations.de.summary", "is 301 characters; at most 300"),
        ("title: " + "x" * 201, "translations.de.title", "is 201 characters; at most 200"),
        ("description: '  '", "translations.de.description", "`  ` is not some text"),
        ("learning_outcomes: []", "translations.de.learning_outcomes", "needs at least 1 item"),
        ("learning_outcomes: ['a\\nb', '']", "translations.de.learning_outcomes[1]", "is empty"),
        ("name: Acme", "translations.de.name", "unknown field `name`"),
    ],
)
def test_translated_text_follows_the_originals_rules(entry: str, field: str, message: str) -> None:
    problem = only(credential_problems(translated(CREDENTIAL, f"  de: {{{entry}}}\n")))
    assert problem.field == field and problem.message.startswith(message), str(problem)


def test_provider_translations() -> None:
    ok = PROVIDER + "text_language: en\ntranslations:\n  ga: {name: Oiliúint Acme}\n"
    assert provider_problems(ok) == []
    long_name = ok.replace("Oiliúint Acme", "x" * 201)
    assert only(provider_problems(long_name)).field == "translations.ga.name"
    own = PROVIDER + "text_language: ga\ntranslations:\n  ga: {name: Oiliúint Acme}\n"
    assert only(provider_problems(own)).message.startswith("`ga` is the text's own language")


def test_a_translated_title_is_checked_for_lookalike_letters() -> None:
    text = translated(CREDENTIAL, "  uk: {title: Основи Dаta}\n")  # a Cyrillic а in Dаta
    problem = only(credential_problems(text))
    assert (problem.field, problem.code) == ("translations.uk.title", "mixed-script")
    assert credential_problems(translated(CREDENTIAL, "  uk: {title: Основи Python}\n")) == []


@pytest.mark.parametrize("char", ["\u200b", "\u202e", "\u2066", "\U000e0041", "\u2800"])
def test_hidden_characters_in_a_translation_are_refused(char: str) -> None:
    """The hidden-character check reads the whole file, translations included."""
    text = translated(CREDENTIAL, f"  de:\n    learning_outcomes: [Daten{char}bereinigen]\n")
    _, problems = parse_document(text.encode("utf-8"), CREDENTIAL_PATH)
    assert [(p.line, p.code) for p in problems] == [(text.count("\n"), "invisible")]


def test_text_language_answers_take_the_validators_guess() -> None:
    schema = {"enum": ["de", "en", "uk"]}
    assert parse_scalar(schema, "EN", "text_language") == "en"
    with pytest.raises(AnswerError, match="did you mean `uk`"):
        parse_scalar(schema, "ukrainian", "text_language")
