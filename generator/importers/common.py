"""What every importer shares: reading JSON-LD-ish trees, text in language maps, and the
credential fields being built, with a list of what could not be mapped.

Importers read the documents as JSON trees in their usual compact forms (ours and the ones
the standards' own samples use) rather than expanding them, so no context ever has to be
fetched: an import works offline.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from generator.models import Credential

SUMMARY_MAX = 300
_KEY_IN_URL = re.compile(r"/credentials/([a-z0-9]+(?:-[a-z0-9]+)*)/([a-z0-9]+(?:-[a-z0-9]+)*)\.")
_KEY = re.compile(r"^([a-z0-9]+(?:-[a-z0-9]+)*)/([a-z0-9]+(?:-[a-z0-9]+)*)$")


class ImportFailure(Exception):
    """The source cannot be imported at all; the message says why, in a provider's words."""


@dataclass
class Imported:
    """Credential fields found in a source, and notes on everything that did not map."""

    data: dict[str, Any] = field(default_factory=dict)
    unmapped: list[str] = field(default_factory=list)

    def note(self, text: str) -> None:
        if text not in self.unmapped:
            self.unmapped.append(text)

    def ordered(self) -> dict[str, Any]:
        """The fields in the order of the format (and of the spec's example)."""
        order = list(Credential.model_fields)
        return {name: self.data[name] for name in order if name in self.data}


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def node_id(node: Any) -> str | None:
    if isinstance(node, str):
        return node
    if isinstance(node, dict):
        return node.get("@id") or node.get("id")
    return None


def node_types(node: Any) -> list[str]:
    if not isinstance(node, dict):
        return []
    return [str(t) for t in as_list(node.get("@type", node.get("type")))]


def index_nodes(value: Any, found: dict[str, dict[str, Any]] | None = None) -> dict[str, dict]:
    """Every described node (more than an @id) in a tree, by its id: references resolve."""
    found = {} if found is None else found
    if isinstance(value, dict):
        ident = node_id(value)
        if ident and len(value) > 1 and ident not in found:
            found[ident] = value
        for item in value.values():
            index_nodes(item, found)
    elif isinstance(value, list):
        for item in value:
            index_nodes(item, found)
    return found


def text(value: Any, prefer: list[str] | None = None) -> str | None:
    """Plain text from a string, a JSON-LD value object or a language map."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        for item in value:
            found = text(item, prefer)
            if found:
                return found
        return None
    if isinstance(value, dict):
        if "@value" in value:
            return str(value["@value"])
        for lang in [*(prefer or []), "en"]:
            for key, item in value.items():
                if key.split("-")[0].lower() == lang and isinstance(item, str | list):
                    return text(item)
        for item in value.values():
            if isinstance(item, str | list):
                return text(item)
    return None


def languages_of(value: Any) -> list[str]:
    """Language tags used as keys of a language map (for the text language)."""
    if isinstance(value, dict) and "@value" not in value:
        return [key.split("-")[0].lower() for key in value if not key.startswith("@")]
    return []


def one_line(value: str) -> str:
    return " ".join(value.split())


def split_summary(full: str, imported: Imported) -> tuple[str, str | None]:
    """A one-line summary of at most 300 characters, and the rest as the description.

    The first paragraph is the summary when it fits; otherwise it is cut at the last
    sentence (or word) that fits, and the whole text becomes the description."""
    full = full.strip()
    first, _, rest = full.partition("\n\n")
    summary = one_line(first)
    if len(summary) <= SUMMARY_MAX:
        return summary, rest.strip() or None
    cut = summary[:SUMMARY_MAX]
    end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    # Cut after the last whole sentence that fits, or else after the last whole word.
    cut = cut[: end + 1] if end > 40 else cut[: SUMMARY_MAX - 1].rsplit(" ", 1)[0] + "…"
    imported.note("summary: the description was longer than 300 characters; shortened")
    return cut, full


def slug(value: str) -> str:
    """A credential id from a title: lowercase ASCII words joined by hyphens, at most 80."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    result = ""
    for word in words:
        candidate = f"{result}-{word}" if result else word
        if len(candidate) > 80:
            break
        result = candidate
    return result or "imported-credential"


def key_from_url(url: str) -> str | None:
    """A directory key from one of our export URLs (…/credentials/<provider>/<id>.…)."""
    match = _KEY_IN_URL.search(url or "")
    return f"{match[1]}/{match[2]}" if match else None


def credential_id_from_key(key: str) -> str | None:
    match = _KEY.match(key or "")
    return match[2] if match else None


def is_slug(value: str) -> bool:
    return bool(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", value or "")) and len(value) <= 80


def is_key(value: str) -> bool:
    return bool(_KEY.match(value or ""))


def https_url(value: Any) -> str | None:
    return value if isinstance(value, str) and value.startswith("https://") else None
