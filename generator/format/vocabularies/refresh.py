"""Regenerate ``elm.json`` from the official ELM vocabulary XSDs and their translations.

The vocabularies are copied from the published files, never typed by hand, so a
label or URI can only change by re-running this script against a newer release::

    python -m generator.format.vocabularies.refresh [--standards DIR] [--check]

``DIR`` holds an ``elm/`` folder with the XSDs (URIs and English labels) and an
``eu-vocabularies/`` folder with the EU Vocabularies' labels in other languages, one gettext
catalogue per vocabulary and language keyed by the English label (default: the repository's
``standards/``, files copied unchanged; see its README). Each concept gets ``labels``, its
official label per ISO 639-1 language; a language without one is simply absent, and the
lookups fall back to English. The output is deterministic: reruns are byte-identical.
"""

from __future__ import annotations

import argparse
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from babel.messages.pofile import read_po

XS = "{http://www.w3.org/2001/XMLSchema}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

#: Vocabulary name in elm.json -> XSD file name inside ``<standards>/elm/``.
SOURCES: dict[str, str] = {
    "isced-f": "isced-f.xsd",
    "eqf": "eqf.xsd",
    "modes": "europass-modes.xsd",
    "assessment-types": "europass-learning-assessment-types.xsd",
    "learning-opportunity-types": "europass-learning-opportunity-types.xsd",
    "learning-setting-types": "europass-learning-setting-types.xsd",
}

#: Vocabulary name in elm.json -> stem of its translation catalogues inside
#: ``<standards>/eu-vocabularies/`` (``<stem>.<lang>.po``), named after the EU Vocabularies
#: concept scheme (``http://data.europa.eu/snb/<stem>/25831c2``). The other vocabularies have
#: no translations here yet and keep their English labels only.
TRANSLATIONS: dict[str, str] = {
    "isced-f": "isced-f",
    "modes": "learning-assessment",
    "assessment-types": "assessment",
}

DEFAULT_STANDARDS = Path(__file__).resolve().parents[3] / "standards"
OUTPUT = Path(__file__).resolve().with_name("elm.json")


def _label(enumeration: ET.Element, uri: str) -> str:
    """English documentation text of one enumeration, whitespace collapsed."""
    docs = enumeration.findall(f"{XS}annotation/{XS}documentation")
    english = [d for d in docs if d.get(XML_LANG, "en").lower().startswith("en")]
    if len(english) != 1:
        raise ValueError(f"{uri}: expected one English xs:documentation, found {len(english)}")
    label = " ".join("".join(english[0].itertext()).split())
    if not label:
        raise ValueError(f"{uri}: empty xs:documentation")
    return label


def parse_xsd(path: Path) -> list[dict[str, str]]:
    """Concepts of one XSD enumeration, in file order, as {uri, code, label}."""
    root = ET.parse(path).getroot()
    concepts: list[dict[str, str]] = []
    seen: set[str] = set()
    for enumeration in root.iter(f"{XS}enumeration"):
        uri = (enumeration.get("value") or "").strip()
        code = uri.rsplit("/", 1)[-1]
        if not uri.startswith("http") or not code:
            raise ValueError(f"{path}: enumeration value {uri!r} is not a concept URI")
        if code in seen:
            raise ValueError(f"{path}: duplicate code {code!r}")
        seen.add(code)
        concepts.append({"uri": uri, "code": code, "label": _label(enumeration, uri)})
    if not concepts:
        raise ValueError(f"{path}: no xs:enumeration found")
    return concepts


def read_translations(folder: Path, stem: str) -> dict[str, dict[str, str]]:
    """ISO 639-1 language -> {English label: official label} from ``<stem>.<lang>.po`` files.

    The catalogues hold only what the vocabulary publishes in that language, so a missing
    entry means "no official label" and never an invented one.
    """
    translations: dict[str, dict[str, str]] = {}
    for path in sorted(folder.glob(f"{stem}.*.po")):
        lang = path.name[len(stem) + 1 : -len(".po")]
        with path.open("rb") as handle:
            catalog = read_po(handle)
        if str(catalog.locale) != lang:
            raise ValueError(f"{path}: says Language {catalog.locale}, named {lang}")
        translations[lang] = {
            message.id: " ".join(message.string.split())
            for message in catalog
            if message.id and isinstance(message.id, str) and message.string
        }
    return translations


def add_labels(concepts: list[dict], translations: dict[str, dict[str, str]]) -> None:
    """Give each concept its ``labels``: official label per language, English excluded."""
    for concept in concepts:
        concept["labels"] = {
            lang: labels[concept["label"]]
            for lang, labels in translations.items()
            if concept["label"] in labels
        }


def build(standards: Path) -> dict[str, list[dict]]:
    """All vocabularies, keyed by name, from ``standards/elm/`` and ``eu-vocabularies/``."""
    data = {name: parse_xsd(standards / "elm" / file) for name, file in SOURCES.items()}
    for name, concepts in data.items():
        stem = TRANSLATIONS.get(name)
        translations = read_translations(standards / "eu-vocabularies", stem) if stem else {}
        add_labels(concepts, translations)
    return data


def render(data: dict[str, list[dict]]) -> str:
    """The exact text of elm.json (stable, so reruns produce no diff)."""
    return json.dumps(data, sort_keys=False, indent=1, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--standards",
        type=Path,
        default=DEFAULT_STANDARDS,
        help=f"folder holding elm/*.xsd and eu-vocabularies/*.po (default: {DEFAULT_STANDARDS})",
    )
    parser.add_argument(
        "--check", action="store_true", help="only report whether elm.json is up to date"
    )
    args = parser.parse_args(argv)
    text = render(build(args.standards))
    current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else None
    if args.check:
        if text != current:
            print(f"{OUTPUT} is out of date: run python -m generator.format.vocabularies.refresh")
            return 1
        print(f"{OUTPUT} is up to date")
        return 0
    if text == current:
        print(f"{OUTPUT} unchanged")
    else:
        OUTPUT.write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
