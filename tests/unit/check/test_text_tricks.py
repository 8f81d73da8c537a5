"""Text tricks: invisible and direction-changing characters, lookalike letters, and provider
names that pass for another's. The case folders (tests/cases/invalid/bidi-*, zero-width-*,
escaped-invisible-*, mixed-script-*, provider-name-*) show the errors a provider sees; these
tests pin the rules themselves, and that real text in many languages is not caught by them.
"""

from __future__ import annotations

import pytest

from generator.check.load import parse_document
from generator.check.run import load_directory
from generator.check.text import invisible_characters, mixed_script_words, name_keys, skeleton
from support import REPO_ROOT


@pytest.mark.parametrize(
    "char",
    [
        "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",  # embeddings and overrides
        "\u2066", "\u2067", "\u2068", "\u2069",  # isolates
        "\u200e", "\u200f", "\u061c",  # direction marks
        "\u200b", "\u2060", "\ufeff", "\u00ad", "\u180e",  # zero-width and soft hyphen
        "\U000e0041", "\U000e007f",  # tag characters: hidden ASCII
        "\x01", "\x1b", "\x7f", "\x85", "\x9b",  # C0 and C1 controls
        "\ue000", "\U000f0000",  # private use
        "\u3164", "\u115f", "\u1160", "\uffa0",  # Hangul fillers: letters that show as nothing
        "\u034f", "\u17b4", "\u17b5",  # grapheme joiner, Khmer inherent vowels: marks of nothing
        "\U000e0100", "\ufe00", "\ufe0f", "\u180b",  # variation selectors after a Latin letter
        "\u2800", "\U0001d159",  # the blank braille cell and the null notehead
        "\ufdd0", "\ufdef", "\ufffe", "\uffff", "\U0001fffe", "\U0010ffff",  # noncharacters
        "\ufff0", "\U000e0fff",  # unassigned, but reserved as default-ignorable
        "\U00013439",  # a format control of Unicode 15, newer than Python 3.11's data
    ],
)  # fmt: skip
def test_every_hiding_character_is_found(char: str) -> None:
    assert invisible_characters(f"Acme{char}Training") == [4]


@pytest.mark.parametrize(
    "text",
    [
        "Trauma-Informed Practice in Social Work",
        "Gaeilge san Ionad Oibre",
        "Alltagsintegrierte Sprachbildung in der Kita — Grüße, Straße",
        "Основи тестування програмного забезпечення (QA)",
        "Ψηφιακές δεξιότητες",
        "ניהול פרויקטים",  # Hebrew: right-to-left without any control character
        "مدیریت\u200cپروژه",  # Persian: the ZWNJ is part of the spelling
        "क्\u200dष",  # Devanagari: ZWJ after a virama
        "👩\u200d💻 Coding for everyone ❤️",  # an emoji ZWJ sequence and a variation selector
        "東京大学のデータサイエンス入門",  # Japanese: Han, Hiragana and Katakana together
        "Tシャツ design",  # Latin with Katakana in one word is Japanese, not a trick
        "데이터 분석 기초",
        "Line one\nLine two\twith a tab",
        "葛\U000e0100飾区の歴史",  # an ideographic variation sequence: the place name's glyph
        "Keycap 1\ufe0f\u20e3 and \u263a\ufe0e in text style",  # emoji variation sequences
        "\u182a\u180b\u1820",  # Mongolian: a free variation selector after a letter
        "Formation\u00a0: données «\u202fRGPD\u202f»",  # French no-break spaces
        "データ\u3000分析",  # an ideographic space
    ],
)
def test_real_text_in_many_languages_passes(text: str) -> None:
    assert invisible_characters(text) == []
    assert mixed_script_words(text) == []


def test_variation_selectors_count_only_where_they_vary_something() -> None:
    assert invisible_characters("1\ufe0f") == [1]  # a digit is an emoji only as a keycap
    assert invisible_characters("\ufe0fAcme") == [0]  # at the start: varies nothing
    assert invisible_characters("\u263a\ufe0f\ufe0f") == [2]  # a second one varies nothing
    assert invisible_characters("A\u180b") == [1]  # Mongolian selectors need a Mongolian letter


def test_the_property_lookup_sees_every_default_ignorable_and_noncharacter() -> None:
    """Only characters of a few categories are looked up in Unicode's properties (the rest
    are decided by their category alone): every code point those properties name must be of
    one of them, in the Unicode version of this Python, or it would pass unseen."""
    import unicodedata

    import regex

    from generator.check.text import _LOOKED_UP_CATEGORIES, _REFUSED_CATEGORIES

    hidden = regex.compile(r"[\p{Default_Ignorable_Code_Point}\p{Noncharacter_Code_Point}]")
    seen = _LOOKED_UP_CATEGORIES | _REFUSED_CATEGORIES
    missed = [
        f"U+{code:04X}"
        for code in range(0x110000)
        if hidden.match(chr(code)) and unicodedata.category(chr(code)) not in seen
    ]
    assert missed == []


def test_a_name_with_a_hidden_selector_passes_for_the_name_without() -> None:
    assert name_keys("Acme Trainin\U000e0100g") & name_keys("Acme Training")


def test_joiners_outside_their_scripts_are_refused() -> None:
    assert invisible_characters("Ac\u200cme") == [2]  # between Latin letters: a trick
    assert invisible_characters("\u200dAcme") == [0]  # at the start: joins nothing


@pytest.mark.parametrize(
    "text,word,odd,scripts",
    [
        ("\u0410cme Training", "\u0410cme", "\u0410", ["Cyrillic", "Latin"]),
        ("Data Basi\u0441s", "Basi\u0441s", "\u0441", ["Latin", "Cyrillic"]),
        ("Micr\u03bfsoft", "Micr\u03bfsoft", "\u03bf", ["Latin", "Greek"]),
        ("Основи Dаta", "Dаta", "а", ["Latin", "Cyrillic"]),  # Cyrillic words are fine
    ],
)
def test_lookalike_letters_in_a_word_are_found(text, word, odd, scripts) -> None:
    assert mixed_script_words(text) == [(word, odd, scripts)]


@pytest.mark.parametrize(
    "first,second",
    [
        ("Acme Training", "ACME TRAINING"),  # case
        ("Acme Training", "Acme   Training"),  # spacing
        ("Acme Training", "\u0410\u0421\u041c\u0415 TRAINING"),  # Cyrillic capitals
        ("PayPal Academy", "PayPaI Academy"),  # capital I for small l
        ("Microsoft Learn", "rnicrosoft Learn"),  # rn for m
        ("Kestrel Cloud Labs", "Ｋｅｓｔｒｅｌ Cloud Labs"),  # fullwidth forms
        ("Open Finance School", "Open ﬁnance School"),  # a ligature
        ("Hogeschool Polderland", "Hogeschool\u00a0Polderland"),  # a no-break space
        ("0pen University", "Open University"),  # digit zero for O
    ],
)
def test_names_that_pass_for_each_other_share_a_key(first: str, second: str) -> None:
    assert name_keys(first) & name_keys(second)


@pytest.mark.parametrize(
    "first,second",
    [
        ("Acme Training", "Acme Learning"),
        ("Kuusela University of Applied Sciences", "Kuusela University"),
        ("Hogeschool Polderland", "Hogeschool Polderlanden"),
    ],
)
def test_different_names_do_not(first: str, second: str) -> None:
    assert not name_keys(first) & name_keys(second)


def test_skeleton_is_the_uts39_one_for_known_pairs() -> None:
    assert skeleton("\u0440\u0430\u0443") == skeleton("pay")  # Cyrillic р а у
    assert skeleton("m") == skeleton("rn")
    assert skeleton("1") == skeleton("l") == skeleton("I")


def test_the_example_directory_has_no_text_tricks() -> None:
    checked = load_directory(REPO_ROOT)
    codes = {p.code for p in checked.problems}
    assert not codes & {"invisible", "mixed-script", "same-name"}, checked.problems


def test_a_file_full_of_hidden_characters_gives_a_bounded_report() -> None:
    raw = ("id: x\ntitle: " + "a\u200b" * 5000 + "\n").encode()
    document, problems = parse_document(raw, "f.yaml")
    assert document is None
    assert len(problems) == 21
    assert problems[-1].message == "and 4,980 more such characters"


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85"])
def test_line_breaks_only_yaml_sees_are_refused_in_a_file(char: str) -> None:
    """Editors show one line where YAML reads two: positions and review would both lie."""
    document, problems = parse_document(f"id: x\ntitle: a{char}b\n".encode(), "f.yaml")
    assert document is None
    assert [(p.line, p.col) for p in problems] == [(2, 9)]


def test_a_lone_carriage_return_is_refused_where_git_sees_it() -> None:
    """git diff and editors show `country: IE # note<CR>maintainers: [...]` as one comment
    line; YAML reads two lines, the second adding a maintainer (and CODEOWNERS with it)."""
    text = "id: acme\nname: Acme\ncountry: IE # note\rmaintainers: [mallory-example]\n"
    assert _problems(text, "credentials/acme/_provider.yaml") == [
        "3:19: lone carriage return U+000D is not allowed"
    ]


def test_positions_count_lines_as_git_does() -> None:
    """CR LF is one line break; a CR alone is none (git shows one line): the CR stands at
    the column after `title: a` of line 3, not at the start of a fourth line."""
    text = "id: x\r\nsummary: s\r\ntitle: a\rb\r\n"
    assert _problems(text) == ["3:9: lone carriage return U+000D is not allowed"]


def test_a_file_with_old_mac_line_ends_gives_a_bounded_report() -> None:
    raw = "".join(f"k{i}: v\r" for i in range(100)).encode()
    document, problems = parse_document(raw, "f.yaml")
    assert document is None
    assert [(p.line, p.col) for p in problems[:2]] == [(1, 6), (1, 12)]
    assert problems[-1].message == "and 80 more such characters"


def test_windows_line_ends_are_line_breaks() -> None:
    document, problems = parse_document(b"id: x\r\ntitle: Data\r\n", "f.yaml")
    assert document is not None and problems == []
    assert document.data == {"id": "x", "title": "Data"}


def test_a_noncharacter_written_as_an_escape_is_refused_at_its_field() -> None:
    """XML 1.0 cannot hold U+FFFF: one such title would make every Atom feed unreadable."""
    text = 'id: x\nkeywords: [data, "x\\U0010FFFF"]\n'
    assert _problems(text) == [
        "2:18: keywords[1]: noncharacter U+10FFFF is not allowed (written as an escape)"
    ]


def test_a_title_of_blank_characters_is_an_error() -> None:
    """Spaces of any width are spaces (the title is blank); blank symbols and fillers are
    refused one by one."""
    assert _problems("id: x\ntitle: \u3000\u00a0\n") == ["2:8: title: is blank"]
    assert _problems("id: x\ntitle: \u2800\u3164\n") == [
        "2:8: blank character U+2800 BRAILLE PATTERN BLANK is not allowed",
        "2:9: blank character U+3164 HANGUL FILLER is not allowed",
    ]


def test_a_line_separator_written_as_an_escape_is_text() -> None:
    document, problems = parse_document(b'id: x\nkeywords: ["a\\u2028b"]\n', "f.yaml")
    assert document is not None and problems == []
    assert document.data["keywords"] == ["a\u2028b"]


# --- where the errors point: exact positions, in values, comments, keys and escapes ----------


def _problems(text: str, path: str = "credentials/acme/data-basics.yaml") -> list[str]:
    document, problems = parse_document(text.encode("utf-8"), path)
    if document is not None:
        from generator.check.validate import check_credential, check_provider

        check = check_provider if path.endswith("_provider.yaml") else check_credential
        problems = problems + [
            p for p in check(document)[1] if p.code not in ("missing", "id-mismatch")
        ]
    return [f"{p.line}:{p.col}: {p.field}: {p.message}".replace(": : ", ": ") for p in problems]


def test_trojan_source_in_a_comment_is_refused() -> None:
    """An isolate in a comment makes a reviewer read `status: ceased`; YAML reads active."""
    text = "id: x\nstatus: active # \u2067 ceased \u2069\n"
    assert _problems(text) == [
        "2:18: bidirectional control character U+2067 RIGHT-TO-LEFT ISOLATE is not allowed",
        "2:27: bidirectional control character U+2069 POP DIRECTIONAL ISOLATE is not allowed",
    ]


def test_a_written_override_is_refused_where_it_stands() -> None:
    text = "id: x\ntitle: Data Basics \u202efdp.exe\n"
    assert _problems(text) == [
        "2:20: bidirectional control character U+202E RIGHT-TO-LEFT OVERRIDE is not allowed"
    ]


def test_a_zero_width_space_in_a_key_or_name_is_refused() -> None:
    text = "id: acme\nna\u200bme: Acme Tra\u200bining\n"
    assert _problems(text, "credentials/acme/_provider.yaml") == [
        "2:3: invisible character U+200B ZERO WIDTH SPACE is not allowed",
        "2:16: invisible character U+200B ZERO WIDTH SPACE is not allowed",
    ]


def test_escapes_are_refused_at_the_value_with_their_field() -> None:
    text = 'id: x\nlearning_outcomes:\n  - "Clean a small\\u00adtabular dataset"\n'
    assert _problems(text) == [
        "3:5: learning_outcomes[0]: invisible character U+00AD SOFT HYPHEN is not allowed "
        "(written as an escape)"
    ]


def test_lookalikes_are_refused_in_every_name_field() -> None:
    text = (
        "id: x\ntitle: D\u0430ta Basics\nawarding_bodies: [Acme Tr\u0430ining]\n"
        "quality_assurance: {types: [internal], bodies: [Qu\u0430lity Board]}\n"
        "recognition: [{type: cpd, body: B\u043ead}]\nkeywords: [D\u0430ta]\n"
    )
    found = [line for line in _problems(text) if "mixes" in line]
    assert found == [
        "2:8: title: `D\u0430ta` mixes Latin and Cyrillic letters in one word",
        "3:19: awarding_bodies[0]: `Tr\u0430ining` mixes Latin and Cyrillic letters in one word",
        "4:49: quality_assurance.bodies[0]: `Qu\u0430lity` mixes Latin and Cyrillic letters in "
        "one word",
        "5:33: recognition[0].body: `B\u043ead` mixes Latin and Cyrillic letters in one word",
    ]  # keywords are free text: mixing alphabets there is not an identity claim


def test_a_provider_in_cyrillic_capitals_cannot_pass_for_another(tmp_path) -> None:
    from support.cases import CASES_DIR, copy_case

    root = copy_case(CASES_DIR / "valid" / "minimal", tmp_path / "root")
    twin = root / "credentials" / "acme-academy"
    twin.mkdir()
    provider = (root / "credentials/acme/_provider.yaml").read_text("utf-8")
    (twin / "_provider.yaml").write_text(
        provider.replace("id: acme", "id: acme-academy").replace(
            "Acme Training", "\u0410\u0421\u041c\u0415 TRAINING"
        ),
        "utf-8",
    )
    checked = load_directory(root)
    assert not checked.ok
    assert [(p.path, p.line, p.col, p.code) for p in checked.problems] == [
        ("credentials/acme-academy/_provider.yaml", 2, 7, "same-name"),
        ("credentials/acme/_provider.yaml", 2, 7, "same-name"),
    ]
    assert "`Acme Training` (credentials/acme/_provider.yaml)" in checked.problems[0].message


def test_script_of_is_the_package_s_script_at_every_range_edge() -> None:
    """Scripts are read from confusable_homoglyphs' data file directly (its module imports
    urllib.request); at each edge of each range of its table they agree with its lookup."""
    from confusable_homoglyphs import categories

    from generator.check.text import script_of

    edges = {
        code
        for first, last, *_ in categories.categories_data["code_points_ranges"]
        for code in (first - 1, first, last, last + 1)
        if 0 <= code <= 0x10FFFF
    } | {0, 0x10FFFF}
    assert len(edges) > 4000
    wrong = [hex(c) for c in sorted(edges) if script_of(chr(c)) != categories.alias(chr(c))]
    assert wrong == []
