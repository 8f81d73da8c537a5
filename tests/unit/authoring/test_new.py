"""`credir new provider|credential`: prompts and flags from the models, a file that validates."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

from generator.authoring.fields import AnswerError, field_specs, leaves, parse_scalar
from generator.authoring.new import SIMILAR_TITLE_RATIO, slugify
from generator.authoring.template import example_language, render_yaml
from generator.check.load import parse_document
from generator.check.validate import check_credential
from generator.format.models import Credential, Provider
from generator.format.vocabularies import CREDENTIAL_TYPE_LABELS, CREDENTIAL_TYPES
from support.cli import credir

NEW = "credentials/acme/data-cleaning.yaml"

# Every required credential field, as flags; the minimal case's provider is `acme`.
FLAGS = [
    "--title", "Data Cleaning",
    "--type", "short-course",
    "--summary", "Tidy a messy spreadsheet: types, gaps and duplicates.",
    "--url", "https://acme.example/data-cleaning",
    "--languages", "en, ga",
    "--learning-outcomes", "Find and fix wrong types, gaps and duplicates",
    "--learning-outcomes", "Explain, in a short note, what was changed",
    "--workload-hours", "12",
    "--fields-of-education", "0613",
    "--assessment-methods", "project-work",
    "--participation-mode", "online",
    "--quality-assurance-types", "internal",
]  # fmt: skip


def _new_credential(root: Path, *args: str, stdin: str | None = None):
    return credir("new", "credential", "--root", root, "--provider", "acme", *args, stdin=stdin)


def _answers(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def _comments(text: str) -> str:
    """Every comment of a file as one line of words, to find a wrapped description in."""
    words = [line.strip().removeprefix("#").strip() for line in text.splitlines()]
    return " ".join(word for word in words if word)


# --- with flags ---------------------------------------------------------------------------------


def test_flags_write_a_file_that_validates(minimal_root: Path) -> None:
    result = _new_credential(minimal_root, "--non-interactive", *FLAGS, "--level-eqf", "5")
    assert result.returncode == 0, result.stderr
    assert f"wrote {NEW}" in result.stdout
    assert credir("validate", "--root", minimal_root).stdout.strip() == "3 files valid"
    document, problems = parse_document((minimal_root / NEW).read_bytes(), NEW)
    assert document is not None and problems == []
    data = document.data
    assert data["id"] == "data-cleaning"  # from the title
    assert data["languages"] == ["en", "ga"]
    assert data["learning_outcomes"][0] == "Find and fix wrong types, gaps and duplicates"
    assert data["workload"] == {"hours": 12}
    assert data["level"] == {"eqf": 5}
    assert data["status"] == "active"
    assert str(data["review_by"]) == "2027-06-01"  # a year after CREDIR_TODAY


def test_written_file_starts_with_the_modeline_and_explains_each_field(minimal_root: Path) -> None:
    _new_credential(minimal_root, "--non-interactive", *FLAGS)
    text = (minimal_root / NEW).read_text(encoding="utf-8")
    assert text.splitlines()[0] == (
        "# yaml-language-server: $schema=../../schema/credential.schema.json"
    )
    comments = _comments(text)
    for spec in field_specs(Credential):  # every field, filled in or commented out
        assert " ".join(spec.description.split()) in comments, spec.dotted
        assert re.search(rf"^\s*(# )?{spec.name}:", text, re.MULTILINE), spec.dotted
    assert "One of: " + ", ".join(CREDENTIAL_TYPES) + "." in comments


def test_every_field_has_a_flag() -> None:
    for kind, model in (("credential", Credential), ("provider", Provider)):
        result = credir("new", kind, "--help")
        assert result.returncode == 0
        for spec in leaves(field_specs(model)):
            assert spec.flag in result.stdout, spec.flag


def test_every_optional_field_by_flag(minimal_root: Path) -> None:
    _beta(minimal_root)
    result = _new_credential(
        minimal_root,
        "--non-interactive",
        *FLAGS,
        "--description", "A *practical* course.\n\nBring a laptop.",
        "--awarding-bodies", "Acme Training",
        "--countries", "ie, gb",
        "--workload-ects", "0.5",
        "--level-eqf", "5",
        "--level-nqf", "NFQ Level 6",
        "--assessment-description", "A cleaned file and a note",
        "--assessment-supervision", "unsupervised-no-id-check",
        "--participation-pace", "self-paced",
        "--participation-location", "Online",
        "--quality-assurance-bodies", "Acme QA board",
        "--quality-assurance-description", "Reviewed yearly",
        "--duration", "P2W",
        "--cost-amount", "0",
        "--cost-currency", "EUR",
        "--cost-funding", "Free for members",
        "--prerequisites", "Spreadsheet basics",
        "--stackability-stackable", "yes",
        "--stackability-contributes-to", "acme/data-basics",
        "--stackability-contributes-to", "{title: Data Diploma, url: https://x.example/d}",
        "--stackability-accepts", "beta/diploma",
        "--stackability-recognition", "Counts towards the diploma",
        "--recognition", "{type: cpd, body: Data Society, detail: 12 CPD points}",
        "--skills", "Data cleaning",
        "--occupations", "{label: Data analyst, esco: 'http://data.europa.eu/esco/occupation/"
        "f2b15a0e-e65a-438a-affb-29b9d50b77d1'}",
        "--issued-as", "open-badges-3,pdf-certificate",
        "--next-start", "2026-09-01",
        "--keywords", "spreadsheets",
        "--further-information", "Ask us about group rates.",
        "--status", "ceased",  # a successor is named only for a credential no longer offered
        "--superseded-by", "acme/data-basics",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert credir("validate", "--root", minimal_root).returncode == 0
    document, _ = parse_document((minimal_root / NEW).read_bytes(), NEW)
    credential, problems = check_credential(document)
    assert credential is not None and problems == []
    assert credential.countries == ["IE", "GB"]  # codes are matched without regard to case
    assert credential.description == "A *practical* course.\n\nBring a laptop."
    assert credential.stackability.contributes_to[0] == "acme/data-basics"
    assert credential.stackability.accepts == ["beta/diploma"]
    assert credential.recognition[0].detail == "12 CPD points"
    assert credential.skills[0].label == "Data cleaning"
    assert credential.occupations[0].esco.endswith("f2b15a0e-e65a-438a-affb-29b9d50b77d1")
    assert credential.workload.ects == 0.5 and credential.cost.amount == 0
    text = (minimal_root / NEW).read_text(encoding="utf-8")
    left = re.findall(r"^\s*# ([a-z_]+):$", text, re.MULTILINE)
    assert left == ["translations"]  # no field left to fill in but the translation example


def test_missing_required_flags_are_listed(minimal_root: Path) -> None:
    result = _new_credential(minimal_root, "--non-interactive", "--title", "Data Cleaning")
    assert result.returncode == 1
    message = result.stderr
    assert "required values are missing: give" in message
    for flag in ("--type", "--summary", "--languages", "--assessment-methods", "--status"):
        if flag == "--status":
            assert flag not in message  # it has a default
            continue
        assert flag in message
    assert "--workload-ects or --workload-hours" in message
    assert not (minimal_root / NEW).exists()


@pytest.mark.parametrize(
    "flag,value,message",
    [
        ("--type", "short_cours", "did you mean `short-course`?"),
        ("--url", "acme.example/x", "is not a web address starting with https://"),
        ("--languages", "en,xx", "`xx` is not one of the"),
        ("--workload-hours", "0", "must be more than 0"),
        ("--workload-hours", "many", "not a number: write the number in digits, e.g. 5"),
        ("--fields-of-education", "0777", "`0777` is not"),
        ("--review-by", "30/09/2027", "write it as YYYY-MM-DD"),
        ("--title", "x" * 201, "at most 200 are allowed"),
        ("--skills", "{label: Python, esco: nope}", "esco"),
    ],
)
def test_bad_flag_values_are_explained(
    minimal_root: Path, flag: str, value: str, message: str
) -> None:
    args = [*FLAGS]
    if flag in args:
        index = args.index(flag)
        del args[index : index + 2]
    result = _new_credential(minimal_root, "--non-interactive", *args, flag, value)
    assert result.returncode == 1
    assert f"{flag}: " in result.stderr and message in result.stderr
    assert not (minimal_root / NEW).exists()


def test_workload_needs_ects_or_hours(minimal_root: Path) -> None:
    args = [a for a in FLAGS if a not in ("--workload-hours", "12")]
    result = _new_credential(minimal_root, "--non-interactive", *args)
    assert result.returncode == 1
    assert "--workload-ects or --workload-hours" in result.stderr


def test_cost_needs_a_currency(minimal_root: Path) -> None:
    result = _new_credential(minimal_root, "--non-interactive", *FLAGS, "--cost-amount", "20")
    assert result.returncode == 1
    assert "cost: a cost above 0 needs its `currency`" in result.stderr


def test_reference_to_an_unknown_credential_is_refused(minimal_root: Path) -> None:
    result = _new_credential(
        minimal_root,
        "--non-interactive",
        *FLAGS,
        "--status",
        "ceased",
        "--superseded-by",
        "acme/nothing-here",
    )
    assert result.returncode == 1
    assert "the file would not validate" in result.stderr
    assert "superseded_by: no credential `acme/nothing-here`" in result.stderr


def _beta(root: Path, accepts: str = "") -> None:
    """A second provider, `beta`, with one credential `beta/diploma` (accepting ``accepts``)."""
    acme = root / "credentials/acme"
    (root / "credentials/beta").mkdir()
    provider = (acme / "_provider.yaml").read_text()
    (root / "credentials/beta/_provider.yaml").write_text(
        provider.replace("acme", "beta").replace("Acme", "Beta")
    )
    diploma = (acme / "data-basics.yaml").read_text().replace("data-basics", "diploma")
    diploma = diploma.replace("Data Basics", "Data Diploma")
    extra = f"stackability:\n  accepts: [{accepts}]\n" if accepts else ""
    (root / "credentials/beta/diploma.yaml").write_text(diploma + extra)


def test_a_claim_on_another_providers_credential_is_written_with_a_warning(
    minimal_root: Path,
) -> None:
    _beta(minimal_root)
    claim = ["--stackability-contributes-to", "beta/diploma"]
    result = _new_credential(minimal_root, "--non-interactive", *FLAGS, *claim)
    assert result.returncode == 0, result.stderr
    assert f"{NEW}:" in result.stderr and "warning: stackability.contributes_to[0]" in result.stderr
    assert "`beta` confirms it by adding `acme/data-cleaning` to `stackability.accepts`" in (
        result.stderr
    )


def test_a_claim_the_other_provider_accepted_already_is_not_warned_about(
    minimal_root: Path,
) -> None:
    _beta(minimal_root, accepts="acme/data-cleaning")
    claim = ["--stackability-contributes-to", "beta/diploma"]
    result = _new_credential(minimal_root, "--non-interactive", *FLAGS, *claim)
    assert result.returncode == 0, result.stderr
    assert "warning: stackability" not in result.stderr


def test_accepting_a_credential_that_makes_no_claim_is_warned_about(minimal_root: Path) -> None:
    _beta(minimal_root)
    result = _new_credential(
        minimal_root, "--non-interactive", *FLAGS, "--stackability-accepts", "beta/diploma"
    )
    assert result.returncode == 0, result.stderr
    assert "warning: stackability.accepts[0]: `beta/diploma` does not name this" in result.stderr


# --- duplicates ---------------------------------------------------------------------------------


def test_duplicate_id_is_refused(minimal_root: Path) -> None:
    before = (minimal_root / "credentials/acme/data-basics.yaml").read_bytes()
    result = _new_credential(minimal_root, "--non-interactive", *FLAGS, "--id", "data-basics")
    assert result.returncode == 1
    assert "a credential `data-basics` already exists" in result.stderr
    assert (minimal_root / "credentials/acme/data-basics.yaml").read_bytes() == before


def test_taken_default_id_is_refused(minimal_root: Path) -> None:
    (minimal_root / "credentials/acme/data-basics-2027.yaml").write_text("id: x\n")
    args = [*FLAGS[2:], "--title", "Data Basics (2027)"]  # the id would be data-basics-2027
    result = _new_credential(minimal_root, "--non-interactive", *args)
    assert result.returncode == 1
    assert "a credential `data-basics-2027` already exists" in result.stderr
    named = _new_credential(minimal_root, "--non-interactive", *args, "--id", "data-basics-next")
    assert named.returncode == 0, named.stderr


@pytest.mark.parametrize("title", ["data basics", "Data Basics.", "DATA BASICS 2", "Data Basic"])
def test_near_duplicate_title_is_refused(minimal_root: Path, title: str) -> None:
    ratio = difflib.SequenceMatcher(None, title.lower(), "data basics").ratio()
    assert ratio >= SIMILAR_TITLE_RATIO
    result = _new_credential(minimal_root, "--non-interactive", *FLAGS[2:], "--title", title)
    assert result.returncode == 1
    assert "“Data Basics” (acme/data-basics) is already listed" in result.stderr


def test_a_distinct_title_is_accepted(minimal_root: Path) -> None:
    title = "Data Basics for Nurses"
    assert difflib.SequenceMatcher(None, title.lower(), "data basics").ratio() < 0.9
    result = _new_credential(minimal_root, "--non-interactive", *FLAGS[2:], "--title", title)
    assert result.returncode == 0, result.stderr


def test_similar_title_of_another_provider(minimal_root: Path) -> None:
    other = minimal_root / "credentials/beta"
    other.mkdir()
    provider = (minimal_root / "credentials/acme/_provider.yaml").read_text()
    (other / "_provider.yaml").write_text(provider.replace("acme", "beta").replace("Acme", "Beta"))
    args = ["new", "credential", "--root", minimal_root, "--provider", "beta", "--non-interactive"]
    refused = credir(*args, *FLAGS[2:], "--title", "Data basics")
    assert refused.returncode == 1 and "--allow-similar-title" in refused.stderr
    allowed = credir(*args, *FLAGS[2:], "--title", "Data basics", "--allow-similar-title")
    assert allowed.returncode == 0, allowed.stderr
    assert credir("validate", "--root", minimal_root).returncode == 0
    # within one provider, the flag does not help
    same = [*FLAGS[2:], "--title", "Data Basic", "--allow-similar-title"]
    again = _new_credential(minimal_root, "--non-interactive", *same)
    assert again.returncode == 1 and "(acme/data-basics)" in again.stderr


def test_unknown_provider(minimal_root: Path) -> None:
    result = credir("new", "credential", "--root", minimal_root, "--provider", "nobody", *FLAGS)
    assert result.returncode == 1
    assert "there is no provider `nobody`" in result.stderr
    assert "credir new provider" in result.stderr


# --- interactive, with answers on standard input -----------------------------------------------


def test_interactive_provider_then_credential(minimal_root: Path) -> None:
    provider = credir(
        "new",
        "provider",
        "--root",
        minimal_root,
        stdin=_answers(
            "n",  # no optional fields
            "Acme Training",  # near-duplicate name: asked again
            "Shannon Data School",
            "acme",  # taken: asked again
            "",  # the default id, shannon-data-school
            "hihger-education",  # did you mean
            "1",  # the first of the menu: higher-education
            "irl",  # not a code
            "ie",
            "shannon.example",  # not a web address
            "https://shannon.example/",
            "ann-example, @Bob-Example",
            "ukrainian",  # text_language: a language's name is not its code
            "en",
        ),
    )
    assert provider.returncode == 0, provider.stderr
    out = provider.stdout
    assert "“Acme Training” (acme) is already listed" in out
    assert "a provider `acme` already exists" in out
    assert "did you mean `higher-education`?" in out
    assert "`irl` is not allowed here: did you mean `IE`?" in out
    assert "is not a web address starting with https://" in out
    assert "`ukrainian` is not allowed here: did you mean `uk`?" in out
    assert "wrote credentials/shannon-data-school/_provider.yaml" in out
    written = (minimal_root / "credentials/shannon-data-school/_provider.yaml").read_text()
    assert "type: higher-education\n" in written and "country: IE\n" in written
    assert "maintainers: [ann-example, '@Bob-Example']" in written
    assert "\ntext_language: en\n" in written
    assert "\n# translations:\n#   de:\n#     name: Shannon Data School\n" in written

    credential = credir(
        "new",
        "credential",
        "--root",
        minimal_root,
        "--provider",
        "shannon-data-school",
        stdin=_answers(
            "n",
            "Applied Statistics",
            "",  # id: applied-statistics
            "micro-credental",  # did you mean micro-credential
            "1",
            "Choose and run the right test for a question.",
            "https://shannon.example/stats",
            "ga, en",
            "",  # text_language: the provider's (en), not the first of the languages
            "Choose a statistical test for a question",
            "Report a result with its uncertainty",
            "",  # end of the learning outcomes
            "",  # ects skipped
            "",  # hours skipped: the workload needs one, so both are asked again
            "5",
            "",
            "6",  # EQF level, recommended
            "0542",
            "written-examination, project-work",
            "onsite",
            "external",
            "",  # status: active
            "2027-03-31",
        ),
    )
    assert credential.returncode == 0, credential.stderr
    out = credential.stdout
    assert "did you mean `micro-credential`?" in out
    assert "workload: give `ects`, `hours` or both; please answer again" in out
    for value in CREDENTIAL_TYPES:  # the menu is the vocabulary, with its labels
        assert re.search(rf"\d+\s+{value}\s+{re.escape(CREDENTIAL_TYPE_LABELS[value])}", out)
    relpath = "credentials/shannon-data-school/applied-statistics.yaml"
    assert f"wrote {relpath}" in out
    validated = credir("validate", "--root", minimal_root, minimal_root / relpath)
    assert validated.returncode == 0, validated.stderr
    document, _ = parse_document((minimal_root / relpath).read_bytes(), relpath)
    assert document.data["workload"] == {"ects": 5}
    assert document.data["level"] == {"eqf": 6}
    assert document.data["assessment"]["methods"] == ["written-examination", "project-work"]
    assert document.data["fields_of_education"] == ["0542"]
    assert str(document.data["review_by"]) == "2027-03-31"
    assert "text_language [en]: " in out and document.data["text_language"] == "en"


def test_interactive_optional_fields_and_lists_of_groups(minimal_root: Path) -> None:
    result = _new_credential(
        minimal_root,
        *FLAGS,  # flags answer in advance: only the rest is asked
        stdin=_answers(
            "y",  # optional fields too
            "",  # id: data-cleaning
            "",  # description
            "",  # awarding bodies: none
            "",  # countries
            "",  # text_language: the first of the languages (en)
            "",  # ects (hours given by flag)
            "5",  # eqf
            "",  # nqf
            "Open-book test",  # assessment.description
            "",  # supervision
            "",  # pace
            "",  # location
            "",  # qa bodies: none
            "",  # qa description
            "P3W",  # duration
            "10",  # cost amount
            "eur",  # currency
            "",  # funding: none
            "",  # prerequisites
            "maybe",  # stackable: not yes or no
            "no",
            "Data Diploma",  # contributes_to: a title outside the directory...
            "https://x.example/diploma",  # ...and its page
            "acme/data-basics",
            "",  # end of contributes_to
            "",  # stackability.accepts: none
            "",  # stackability.recognition
            "cpd",  # recognition 1: type
            "Data Society",  # body
            "",  # detail
            "",  # no second recognition
            "Data cleaning",  # skills 1 label
            "",  # esco
            "",  # no more skills
            "",  # occupations: none
            "pdf-certificate",  # issued_as
            "",  # status
            "",  # next_start
            "",  # review_by: default (superseded_by is not asked: status active)
            "",  # keywords
            "",  # further_information
        ),
    )
    assert result.returncode == 0, result.stderr
    assert "answer yes or no" in result.stdout
    assert "superseded_by" not in result.stdout  # an active credential has no successor
    document, _ = parse_document((minimal_root / NEW).read_bytes(), NEW)
    credential, problems = check_credential(document)
    assert credential is not None and [p for p in problems if p.is_error] == []
    assert credential.cost.currency == "EUR" and credential.duration == "P3W"
    assert credential.stackability.stackable is False
    contributions = credential.stackability.contributes_to
    assert contributions[0].title == "Data Diploma" and contributions[1] == "acme/data-basics"
    assert credential.recognition[0].type == "cpd" and credential.skills[0].label == "Data cleaning"
    assert credential.issued_as == ["pdf-certificate"]


def test_input_ending_early_writes_nothing(minimal_root: Path) -> None:
    result = _new_credential(minimal_root, stdin=_answers("n", "Data Cleaning", ""))
    assert result.returncode == 1
    assert "input ended at `type` before every required field was answered" in result.stderr
    names = sorted(path.name for path in (minimal_root / "credentials/acme").iterdir())
    assert names == ["_provider.yaml", "data-basics.yaml"]


# --- the pieces ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["NO", "yes", "0613", "1.5", "2027-01-01", "null", "~", "Data: basics", "#1 course", "@home"],
)
def test_values_yaml_would_misread_survive_the_round_trip(value: str) -> None:
    """Written, then read back as our loader (YAML 1.1) and editors (1.2) read it."""
    text = render_yaml(Credential, {"title": value, "keywords": [value]}, optional="omitted")
    document, problems = parse_document(text.encode(), "x.yaml")
    assert document is not None, problems
    assert [p for p in problems if p.code == "yaml11"] == []
    assert document.data["title"] == value and document.data["keywords"] == [value]
    line = next(line for line in text.splitlines() if line.startswith("title:"))
    assert line != f"title: {value}" or re.fullmatch(r"[A-Za-z][\w ]*", value)


def test_template_leaves_required_fields_empty_for_the_validator_to_name() -> None:
    text = render_yaml(Credential, {}, optional="omitted")
    document, _ = parse_document(text.encode(), "credentials/acme/x.yaml")
    assert document is not None
    required = {s.name for s in field_specs(Credential) if s.required}
    assert set(document.data) == required
    _, problems = check_credential(document)
    assert {p.field.split(".")[0] for p in problems if p.is_error} == required


@pytest.mark.parametrize(
    "text,slug",
    [
        ("Data Analytics: Foundations", "data-analytics-foundations"),
        ("Café & Ünïcode 101", "cafe-unicode-101"),
        ("  --Hello--  ", "hello"),
        ("x" * 50 + " " + "y" * 50, "x" * 50),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_answers_follow_the_schema() -> None:
    schema = dict(field_specs(Credential)[2].schema)  # type
    assert parse_scalar(schema, "Micro Credential") == "micro-credential"
    with pytest.raises(AnswerError, match="did you mean `certificate`"):
        parse_scalar(schema, "certifcate")
    with pytest.raises(AnswerError, match="tabs are not allowed"):
        parse_scalar({"type": "string"}, "a\tb")
    assert parse_scalar({"type": "integer", "minimum": 1, "maximum": 8}, "8") == 8
    with pytest.raises(AnswerError, match="at most 8"):
        parse_scalar({"type": "integer", "minimum": 1, "maximum": 8}, "9")


# --- http://: one rule in the help, in `credir new` and in validate -------------------------------


def test_plain_http_is_said_alike_in_the_help_the_file_new_and_validate(minimal_root: Path) -> None:
    """Accepted with a warning everywhere: the help and the file's comments say so, `credir
    new` writes the file and prints validate's warning, validate warns; nowhere refused."""
    from generator.format.patterns import HTTP_RULE

    url = next(spec for spec in field_specs(Credential) if spec.name == "url")
    assert HTTP_RULE in url.description
    help_text = " ".join(credir("new", "credential", "--help").stdout.split())
    assert f"an https:// address; {HTTP_RULE}." in help_text
    flags = [value if value != FLAGS[7] else "http://acme.example/data-cleaning" for value in FLAGS]
    result = _new_credential(minimal_root, "--non-interactive", *flags, "--level-eqf", "5")
    assert result.returncode == 0, result.stderr
    assert HTTP_RULE in _comments((minimal_root / NEW).read_text(encoding="utf-8"))
    assert "warning: url: plain http:// address (use https://" in result.stderr
    report = credir("validate", "--root", minimal_root)
    assert report.returncode == 0
    assert f"{NEW}:" in report.stdout and "warning: url: plain http:// address" in report.stdout
    wrong = _new_credential(
        minimal_root, "--non-interactive", *flags[:6], "--url", "ftp://acme.example/x"
    )
    assert wrong.returncode == 1 and "ftp://acme.example/x" in wrong.stderr


# --- the language of the text, and translations ---------------------------------------------------


def _provider_language(root: Path, code: str) -> None:
    provider = root / "credentials/acme/_provider.yaml"
    provider.write_text(provider.read_text() + f"text_language: {code}\n")


@pytest.mark.parametrize(
    "provider_language,flags,expected",
    [
        (None, [], "en"),  # the first of --languages (en, ga)
        ("ga", [], "ga"),  # the provider's own
        ("ga", ["--text-language", "EN"], "en"),  # a flag wins, its code matched without case
    ],
)
def test_text_language_defaults_from_the_provider(
    minimal_root: Path, provider_language: str | None, flags: list[str], expected: str
) -> None:
    if provider_language:
        _provider_language(minimal_root, provider_language)
    result = _new_credential(minimal_root, "--non-interactive", *FLAGS, *flags)
    assert result.returncode == 0, result.stderr
    document, _ = parse_document((minimal_root / NEW).read_bytes(), NEW)
    assert document.data["text_language"] == expected


def test_a_wrong_text_language_is_explained(minimal_root: Path) -> None:
    result = _new_credential(minimal_root, "--non-interactive", *FLAGS, "--text-language", "ua")
    assert result.returncode == 1
    assert "--text-language: `ua` is not allowed here: did you mean `uk`?" in result.stderr


def _uncommented_translations(text: str) -> str:
    """The file with its commented `translations:` example switched on, as a provider would."""
    head, example = text.split("\n# translations:\n")
    lines = ["translations:"] + [
        line.removeprefix("# ").removeprefix("#") for line in example.splitlines()
    ]
    return head + "\n" + "\n".join(lines) + "\n"


def test_the_translation_example_starts_from_the_files_own_text(minimal_root: Path) -> None:
    """The commented example holds the original's text under another language's code: switched
    on untranslated it validates (as many outcomes as the original), so translating the values
    is all that is left to do."""
    result = _new_credential(
        minimal_root,
        "--non-interactive",
        *FLAGS,
        "--description",
        "A *practical* course.\n\nBring a laptop.",
    )
    assert result.returncode == 0, result.stderr
    assert "--translations" not in credir("new", "credential", "--help").stdout
    text = (minimal_root / NEW).read_text(encoding="utf-8")
    assert "#   ga:\n#     title: Data Cleaning\n" in text  # the other language of instruction
    assert "#       Bring a laptop.\n" in text  # a Markdown block, commented line by line
    switched_on = _uncommented_translations(text)
    document, problems = parse_document(switched_on.encode(), NEW)
    assert document is not None and problems == []
    credential, problems = check_credential(document)
    assert [str(p) for p in problems if p.is_error] == []
    assert credential is not None and credential.text_language == "en"
    translation = credential.translations["ga"]
    assert translation.learning_outcomes == credential.learning_outcomes
    assert translation.description == credential.description


def test_translations_given_are_written_as_a_map() -> None:
    values = {
        "title": "Data Basics",
        "languages": ["uk"],
        "text_language": "en",
        "translations": {"uk": {"title": "Основи даних", "learning_outcomes": ["Один", "Два"]}},
    }
    text = render_yaml(Credential, values, optional="omitted")
    document, problems = parse_document(text.encode(), "x.yaml")
    assert document is not None and problems == []
    assert document.data["translations"] == values["translations"]
    assert (
        "translations:\n  uk:\n    title: Основи даних\n    learning_outcomes:\n      - Один\n"
        in text
    )


@pytest.mark.parametrize(
    "values,language",
    [
        ({"languages": ["en", "ga"]}, "ga"),
        ({"languages": ["en"], "text_language": "uk"}, "en"),
        ({"languages": ["en"]}, "de"),
        ({}, "en"),
    ],
)
def test_the_example_translation_is_never_into_the_texts_own_language(
    values: dict, language: str
) -> None:
    assert example_language(values) == language
