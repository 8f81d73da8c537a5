"""Text tricks: characters that make text display other than it reads, and lookalike letters.

Every file comes from a stranger's pull request. Three tricks let its text fool a learner or
a reviewer while the bytes say something else, so each is refused with its position:

* hidden characters: bidirectional controls (U+202E shows "exe.pdf" for "fdp.exe"; in a
  YAML comment they hide what a reviewer reads, the "Trojan Source" attack, CVE-2021-42574),
  characters that show as nothing (zero-width spaces and joiners, variation selectors after
  a letter, tag characters that smuggle hidden text, Hangul fillers, the blank braille
  cell) that make two equal-looking names differ, other format and control characters,
  and noncharacters, which XML (the Atom feeds) cannot hold;
* a word mixing alphabets: a Cyrillic "А" in "Аcme" (UTS #39 mixed-script detection);
* a provider name that, once lookalikes are folded, equals another provider's (impersonation).

Which characters show as nothing comes from Unicode's own properties, through the `regex`
package (Default_Ignorable_Code_Point, Noncharacter_Code_Point, Variation_Selector, Emoji,
Ideographic), loaded only when a text holds a character of a category that has any.
Unicode's script table and its confusables list come from the confusable_homoglyphs
package, loaded on first use (the data is about 1 MB of JSON).
"""

from __future__ import annotations

import bisect
import importlib.util
import json
import os
import unicodedata
from functools import cache
from typing import Any

# Joiners that some scripts need in correct spelling (Persian, Indic) and emoji sequences use.
ZWNJ, ZWJ = "\u200c", "\u200d"
_ALLOWED_CONTROLS = {"\n", "\r", "\t"}  # line breaks and tabs: one-line fields refuse them
_BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Categories refused outright: controls, format characters, private use, surrogates.
_REFUSED_CATEGORIES = {"Cc", "Cf", "Co", "Cs"}
# The only other categories that hold a default-ignorable code point or a noncharacter
# (nonspacing marks such as variation selectors, letters such as the Hangul fillers,
# unassigned code points) or a blank symbol: only their characters are looked up in
# Unicode's properties. tests/unit/check/test_text_tricks.py checks this against the property data.
_LOOKED_UP_CATEGORIES = {"Mn", "Lo", "Cn", "So"}
# Graphic characters drawn as an empty glyph. Unicode has no property for them: spaces are
# White_Space (and allowed: NFKC folds every one of them to a space, as `name_keys` does),
# the empty format and filler characters are Default_Ignorable_Code_Point; these are the
# symbols the code charts draw as a dashed box with nothing in it: the braille cell without
# dots and the null notehead, both placeholders.
_BLANK_SYMBOLS = {"\u2800", "\U0001d159"}
_TEXT_VARIATIONS = {"\ufe0e", "\ufe0f"}  # text or emoji presentation of the character before
_KEYCAP = "\u20e3"  # 1, #, * + U+FE0F + U+20E3 is a keycap emoji
# Scripts whose words are written without joiners: a joiner between their letters is a trick.
_NO_JOINERS = {"LATIN", "GREEK", "CYRILLIC", "ARMENIAN", "GEORGIAN", "COMMON", "INHERITED"}
_NEUTRAL_SCRIPTS = {"COMMON", "INHERITED", "Unknown"}
# UTS #39 "highly restrictive": one script per word, or Latin with the scripts of Japanese,
# Korean or Chinese (Bopomofo), which mix in one word by design.
_AUGMENTED = {
    "HAN": {"HAN", "JPAN", "KORE", "HANB"},
    "HIRAGANA": {"JPAN"},
    "KATAKANA": {"JPAN"},
    "HANGUL": {"KORE"},
    "BOPOMOFO": {"HANB"},
    "LATIN": {"LATIN", "JPAN", "KORE", "HANB"},
}


def describe(char: str) -> str:
    """`U+202E RIGHT-TO-LEFT OVERRIDE`: how a provider can find the character in a list."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


@cache
def _unicode_properties() -> Any:
    """Unicode's character properties, as the `regex` package compiles them (Python's
    unicodedata has none of these)."""
    import regex

    return {
        # With the refused categories as this Unicode version has them: a format character
        # newer than Python's unicodedata is unassigned (Cn) to it.
        "hidden": regex.compile(
            r"[\p{Default_Ignorable_Code_Point}\p{Noncharacter_Code_Point}\p{gc=Cf}\p{gc=Co}]"
        ).match,
        "noncharacter": regex.compile(r"\p{Noncharacter_Code_Point}").match,
        "variation": regex.compile(r"\p{Variation_Selector}").match,
        "emoji": regex.compile(r"\p{Emoji}").match,
        "ideographic": regex.compile(r"\p{Ideographic}").match,
    }


@cache
def _may_hide(char: str) -> bool:
    """What :func:`is_invisible` can refuse somewhere (joiners and variation selectors
    depend on their neighbours). Cached: a directory uses a few hundred distinct
    characters, and the property lookup is only needed for four categories."""
    if char in _ALLOWED_CONTROLS:
        return False
    category = unicodedata.category(char)
    if category in _REFUSED_CATEGORIES:
        return True
    if category not in _LOOKED_UP_CATEGORIES:
        return False
    return char in _BLANK_SYMBOLS or _unicode_properties()["hidden"](char) is not None


def is_invisible(text: str, index: int) -> bool:
    """True when ``text[index]`` is a character that must not be in a listing."""
    char = text[index]
    if not _may_hide(char):
        return False
    if char in (ZWNJ, ZWJ):
        return not _joiner_is_spelling(text, index)
    if _is_variation_selector(char):
        return not _variation_is_spelling(text, index)
    return True


def invisible_characters(text: str) -> list[int]:
    """Indexes of every character of ``text`` that :func:`is_invisible` refuses."""
    suspects = _suspects(text)
    if not suspects:  # the usual case, found without a Python step per character
        return []
    return [
        index for index, char in enumerate(text) if char in suspects and is_invisible(text, index)
    ]


def _suspects(text: str) -> set[str]:
    """The distinct characters of ``text`` that may be refused: a set of a text is built in
    C, so a 10,000-file directory is checked without a Python step per character."""
    if text.isascii():
        return {char for char in set(text) if char in _ASCII_CONTROLS}
    return {char for char in set(text) if _may_hide(char)}


_ASCII_CONTROLS = {chr(code) for code in (*range(0x20), 0x7F)} - _ALLOWED_CONTROLS


# Line breaks to YAML (1.1 and libyaml) that git and editors show as nothing or as one line:
# in a file they make the parser's lines differ from the reviewer's (and every reported
# position). A carriage return is one of them when no line feed follows it (CR LF is the
# one Windows line break, which git and editors show as such).
_HIDDEN_LINE_BREAKS = {"\u2028", "\u2029", "\x85"}
CR = "\r"


def hidden_in_file(text: str) -> list[int]:
    """Indexes of the characters a file must not contain: the invisible ones, and line
    breaks that only YAML sees (a carriage return not followed by a line feed among them)."""
    suspects = _suspects(text) | (_HIDDEN_LINE_BREAKS & set(text))
    lone_cr = CR in text and text.count(CR) != text.count("\r\n")
    if not suspects and not lone_cr:
        return []
    if lone_cr:
        suspects.add(CR)
    return [
        index
        for index, char in enumerate(text)
        if char in suspects
        and (
            char in _HIDDEN_LINE_BREAKS
            or (char == CR and text[index + 1 : index + 2] != "\n")
            or (char != CR and is_invisible(text, index))
        )
    ]


def kind_of(char: str) -> tuple[str, str]:
    """What a refused character is, in words, and why it is refused."""
    if char == CR:
        return (
            "lone carriage return",
            "YAML reads it as a line break, but git diff and editors show one line, so a "
            "reviewer does not see what follows it: use ordinary line breaks",
        )
    if char in _HIDDEN_LINE_BREAKS:
        return (
            "line separator character",
            "YAML reads it as a line break that editors do not show: replace it with a "
            "normal line break or a space",
        )
    if char in _BIDI:
        return (
            "bidirectional control character",
            "it makes text display in another order than it is written, so readers and "
            "reviewers see something else: delete it",
        )
    if unicodedata.category(char) == "Cc":
        return (
            "control character",
            "the file contains an invisible control character, often pasted in: delete it",
        )
    if _unicode_properties()["noncharacter"](char):
        return (
            "noncharacter",
            "Unicode reserves it for programs' own use, it is not text, and XML (the Atom "
            "feeds) cannot hold it: delete it",
        )
    if _is_variation_selector(char):
        return (
            "variation selector",
            "it changes the look of an emoji, a Han ideograph or a Mongolian letter before "
            "it; anywhere else it shows as nothing, so two texts that look the same differ: "
            "delete it",
        )
    if char in _BLANK_SYMBOLS or unicodedata.category(char) == "Lo":
        return (
            "blank character",
            "it looks like a space or like nothing, but is not a space, so two texts that "
            "look the same can differ: write an ordinary space or delete it",
        )
    return (
        "invisible character",
        "it shows as nothing, so two texts that look the same can differ: delete it; it "
        "often comes with text copied from a web page or a word processor",
    )


@cache
def _is_variation_selector(char: str) -> bool:
    return unicodedata.category(char) == "Mn" and bool(_unicode_properties()["variation"](char))


def _variation_is_spelling(text: str, index: int) -> bool:
    """A variation selector chooses a glyph of the character before it, for the characters
    Unicode defines variants of: emoji (text or emoji style; a digit, # or * only as a
    keycap), Han ideographs (standardized and ideographic variation sequences) and Mongolian
    letters (free variation selectors). After anything else it changes nothing one sees."""
    if index == 0:
        return False
    char, before = text[index], text[index - 1]
    after = text[index + 1] if index + 1 < len(text) else ""
    properties = _unicode_properties()
    if char in _TEXT_VARIATIONS and properties["emoji"](before):
        return not before.isascii() or after == _KEYCAP
    if "\u180b" <= char <= "\u180f":
        return script_of(before) == "MONGOLIAN"
    return bool(properties["ideographic"](before))


def _joiner_is_spelling(text: str, index: int) -> bool:
    """ZWNJ and ZWJ are part of the spelling after a virama (Indic scripts), between letters
    of a joining script (Arabic, Persian, Syriac, ...) and inside emoji sequences."""
    before = text[index - 1] if index > 0 else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    if not before or not after:
        return False
    if unicodedata.combining(before) == 9:  # a virama
        return True
    if text[index] == ZWJ and _is_emoji_part(before) and _is_emoji_part(after):
        return True
    script = script_of(before)
    return (
        _is_letter(before)
        and _is_letter(after)
        and script == script_of(after)
        and script not in _NO_JOINERS
    )


def _is_letter(char: str) -> bool:
    return unicodedata.category(char)[0] in "LM"


def _is_emoji_part(char: str) -> bool:
    skin_tone = "\U0001f3fb" <= char <= "\U0001f3ff"
    return unicodedata.category(char) == "So" or char == "\ufe0f" or skin_tone


@cache
def script_of(char: str) -> str:
    """The Unicode script of one character, e.g. LATIN, CYRILLIC, COMMON (cached: a
    directory uses a few hundred distinct characters, millions of times); "Unknown" for a
    code point the table does not list. What ``confusable_homoglyphs.categories.alias``
    says, from the same table."""
    starts, ranges, aliases = _script_table()
    code = ord(char)
    at = bisect.bisect_right(starts, code) - 1
    if at >= 0 and code <= ranges[at][1]:
        return aliases[ranges[at][2]]
    return "Unknown"


@cache
def _script_table() -> tuple[list[int], list[list[int]], list[str]]:
    """The package's script table (range starts, ranges [first, last, script, category],
    script names), read from its data file where the package reads it: importing its
    module imports urllib.request too, a twentieth of `credir validate PATH`."""
    spec = importlib.util.find_spec("confusable_homoglyphs")
    assert spec is not None and spec.origin is not None, "confusable_homoglyphs is a dependency"
    folder = os.environ.get("CONFUSABLE_DATA", os.path.dirname(spec.origin))
    with open(os.path.join(folder, "categories.json"), "rb") as file:
        data = json.load(file)
    ranges = sorted(data["code_points_ranges"])
    return [first for first, *_ in ranges], ranges, data["iso_15924_aliases"]


def mixed_script_words(text: str) -> list[tuple[str, str, list[str]]]:
    """Words that mix alphabets, as (word, the first letter from the minority alphabet, the
    alphabets in the order they appear). Common characters (digits, punctuation) and
    combining marks go with any alphabet."""
    if text.isascii():  # ASCII letters are all Latin: nothing to mix
        return []
    found = []
    for word in _words(text):
        scripts = [script_of(char) for char in word]
        wanted: set[str] | None = None
        for script in scripts:
            if script in _NEUTRAL_SCRIPTS:
                continue
            allowed = _AUGMENTED.get(script, {script})
            wanted = allowed if wanted is None else wanted & allowed
        if wanted is None or wanted:
            continue
        named = [s for s in scripts if s not in _NEUTRAL_SCRIPTS]
        order = list(dict.fromkeys(named))
        counts = {script: named.count(script) for script in order}
        minority = min(order, key=lambda script: (counts[script], -order.index(script)))
        odd = next(char for char in word if script_of(char) == minority)
        found.append((word, odd, [script.replace("_", " ").title() for script in order]))
    return found


def _words(text: str) -> list[str]:
    """Runs of letters, marks and digits: a word as a reader sees one."""
    words, current = [], []
    for char in text:
        if unicodedata.category(char)[0] in "LMN":
            current.append(char)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


@cache
def _prototypes() -> dict[str, str]:
    """Each confusable character mapped to one representative of its lookalike class.

    The package lists confusables.txt (UTS #39) as symmetric pairs; joining the pairs into
    classes and naming each class by its prototype (the member most others map to, and the
    multi-character one when there is one: "m" looks like "rn", not the other way round)
    gives the skeleton mapping.
    """
    from confusable_homoglyphs import confusables

    parent: dict[str, str] = {}

    def find(item: str) -> str:
        while parent.setdefault(item, item) != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    degree: dict[str, int] = {}
    for key, entries in confusables.confusables_data.items():
        source = _strip_marks(key)
        for entry in entries:
            target = _strip_marks(entry["c"])
            if not source or not target or source == target:
                continue
            degree[source] = degree.get(source, 0) + 1
            degree[target] = degree.get(target, 0) + 1
            parent[find(source)] = find(target)
    classes: dict[str, list[str]] = {}
    for member in parent:
        classes.setdefault(find(member), []).append(member)
    mapping = {}
    for members in classes.values():
        prototype = max(members, key=lambda m: (len(m) > 1, degree.get(m, 0), -ord(m[0]), m))
        for member in members:
            if len(member) == 1 and member != prototype:
                mapping[member] = prototype
    return mapping


def _strip_marks(text: str) -> str:
    """The package wraps right-to-left entries in LRM marks for display; they are not data."""
    return text.replace("\u200e", "").replace("\u200f", "")


def skeleton(text: str) -> str:
    """UTS #39 skeleton: two texts with the same skeleton look alike."""
    mapping = _prototypes()
    decomposed = unicodedata.normalize("NFD", _without_invisible(text))
    return unicodedata.normalize("NFD", "".join(mapping.get(char, char) for char in decomposed))


def name_keys(name: str) -> set[str]:
    """What a name can look like to a reader: as written, in capitals and in lowercase, with
    compatibility forms, invisible characters, lookalike letters and spacing folded away.
    Two names that share a key can pass for each other. (Folding case once is not enough:
    a capital I looks like a small l, a capital I folded to i does not.)"""
    text = unicodedata.normalize("NFKC", name)
    return {" ".join(skeleton(form).split()) for form in (text, text.upper(), text.casefold())}


def _without_invisible(text: str) -> str:
    return "".join(char for char in text if not _may_hide(char))
