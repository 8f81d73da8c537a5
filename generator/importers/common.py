"""What every importer shares: reading JSON-LD-ish trees, text in language maps, and the
credential fields being built, with a list of what could not be mapped.

Importers read the documents as JSON trees in their usual compact forms (ours and the ones
the standards' own samples use) rather than expanding them, so no context ever has to be
fetched: an import works offline.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from generator.format.models import _PYCOUNTRY_DATA, Credential, Provider, currency_codes
from generator.format.vocabularies import ASSESSMENT_METHOD_LABELS

SUMMARY_MAX = 300
_KEY_IN_URL = re.compile(r"/credentials/([a-z0-9]+(?:-[a-z0-9]+)*)/([a-z0-9]+(?:-[a-z0-9]+)*)\.")
_KEY = re.compile(r"^([a-z0-9]+(?:-[a-z0-9]+)*)/([a-z0-9]+(?:-[a-z0-9]+)*)$")


class ImportFailure(Exception):
    """The source cannot be imported at all; the message says why, in a provider's words."""


class SourceObject(dict):
    """A JSON object of the source that remembers which properties the importer read.

    Every object of a source document is one of these (``json.loads(object_hook=...)``), so
    after the mapping the properties nobody read can be listed with their values: the class
    of "information lost silently" is closed for every format at once, not field by field.
    Only ``[]`` and ``get`` count as reading; iterating (``items``, ``values``) does not."""

    __slots__ = ("read",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.read: set[str] = set()

    def __getitem__(self, key: str) -> Any:
        self.read.add(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        if key in self:
            self.read.add(key)
        return super().get(key, default)

    def mark(self, *keys: str) -> None:
        """Count ``keys`` as read: the importer looked at them and says so elsewhere."""
        self.read.update(key for key in keys if key in self)


def parse_json(raw: str) -> Any:
    """JSON with every object a SourceObject."""
    return json.loads(raw, object_hook=SourceObject)


def mark_all(value: Any) -> None:
    """Count a whole subtree as read (e.g. a wrapper that was unpacked)."""
    if isinstance(value, SourceObject):
        value.read.update(dict.keys(value))
        for item in dict.values(value):
            mark_all(item)
    elif isinstance(value, list):
        for item in value:
            mark_all(item)


# Properties that only give a node's kind or the JSON-LD machinery: never worth a line.
_STRUCTURAL = {"@context", "type", "@type", "inScheme", "@language"}


def unread(value: Any, path: str = "") -> list[tuple[str, Any]]:
    """(path, value) of every property no importer read, at the highest level unread.

    A concept (a node with `type: Concept`) whose id was read is read whole: its labels
    only name that id."""
    found: list[tuple[str, Any]] = []
    if isinstance(value, SourceObject):
        kinds = node_types(dict(value))
        if value.read & {"id", "@id"} and "Concept" in kinds:
            return found
        if "ceterms:targetNode" in value.read and "ceterms:CredentialAlignmentObject" in kinds:
            return found
        if path and not (value.read - _STRUCTURAL - {"id", "@id"}):  # unused: one line
            meaningful = {k: v for k, v in dict.items(value) if k not in _STRUCTURAL}
            return [(path, meaningful)] if meaningful else found
        for key, item in dict.items(value):
            if key in _STRUCTURAL or (path and key in ("id", "@id")):
                continue  # a node's id only names it; the document's own id is listed
            where = f"{path}.{key}" if path else key
            if key not in value.read:
                found.append((where, item))
            else:
                found += unread(item, where)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += unread(item, f"{path}[{index}]")
    return found


_LABELS = ("prefLabel", "ceterms:targetNodeName", "targetName", "legalName", "name",
           "ceterms:name", "title")  # fmt: skip


def _readable(value: Any) -> Any:
    """A value as a person reads it: a concept or named node by its label (and id), without
    the JSON-LD bookkeeping (`type`, `inScheme`), so a shortened value keeps its words."""
    if isinstance(value, dict):
        for key in _LABELS:
            label = text(dict.get(value, key))
            if label:
                ident = node_id(dict(value)) or dict.get(value, "targetUrl")
                shown = isinstance(ident, str) and not ident.startswith(("urn:", "_:"))
                return f"{label} <{ident}>" if shown else label
        kept = {k: _readable(v) for k, v in dict.items(value) if k not in _STRUCTURAL}
        return next(iter(kept.values())) if len(kept) == 1 else kept
    if isinstance(value, list):
        items = [_readable(item) for item in value]
        return items[0] if len(items) == 1 else items
    return value


def path_of(tree: Any, node: Any, path: str = "") -> str | None:
    """The path of ``node`` (by identity) in ``tree``: `credentialSubject.achievement`."""
    if tree is node:
        return path
    items: Any = ()
    if isinstance(tree, dict):
        items = ((f"{path}.{k}" if path else k, v) for k, v in dict.items(tree))
    elif isinstance(tree, list):
        items = ((f"{path}[{i}]", v) for i, v in enumerate(tree))
    for where, value in items:
        if isinstance(value, dict | list):
            found = path_of(value, node, where)
            if found is not None:
                return found
    return None


def shorten(value: Any, limit: int = 100) -> str:
    """A value on one line of at most ``limit`` characters, for a comment in the file."""
    value = _readable(value)
    shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    shown = one_line(str(shown))
    return shown if len(shown) <= limit else shown[: limit - 1].rstrip() + "…"


@dataclass
class Imported:
    """Credential fields found in a source, and notes on everything that did not map.

    ``unmapped``: notes for the provider (defaults, guesses to check); ``skipped``: source
    properties with no place in the format, as (path, shortened value, why); ``defaults``
    and ``hints``: field paths -> text, written as comments beside the field or its
    placeholder; ``check``: field paths whose kept value the validator warns about."""

    data: dict[str, Any] = field(default_factory=dict)
    focus: Any = None  # the source node the fields come from: paths are shown relative to it
    unmapped: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str, str]] = field(default_factory=list)
    defaults: dict[str, str] = field(default_factory=dict)
    hints: dict[str, str] = field(default_factory=dict)
    check: dict[str, str] = field(default_factory=dict)

    def note(self, text: str) -> None:
        if text not in self.unmapped:
            self.unmapped.append(text)

    def skip(self, path: str, value: Any, why: str) -> None:
        """A source property that is not imported, with its value and the reason."""
        entry = (path, shorten(value) if value is not None else "", why)
        if entry not in self.skipped:
            self.skipped.append(entry)

    def default(self, name: str, value: Any, why: str) -> None:
        """Set a field the source does not give, and mark it in the file as a default."""
        self.data[name] = value
        self.defaults[name] = why
        self.note(f"{name}: {why}")

    def guessed(self, name: str, why: str) -> None:
        """Mark a field the mapping had to judge (a unit, a kind, a stand-in text) as a
        default to check, in the file and in the notes."""
        self.defaults[name] = why
        self.note(f"{name}: {why}")

    def missing(self) -> list[str]:
        """Required fields (and required parts of given fields) still without a value."""
        return missing_fields(self.data)

    def ordered(self) -> dict[str, Any]:
        """The fields in the order of the format (and of the spec's example)."""
        order = list(Credential.model_fields)
        return {name: plain(self.data[name]) for name in order if name in self.data}


def plain(value: Any) -> Any:
    """Plain dicts and lists (a source's objects carry bookkeeping the YAML writer refuses)."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in dict.items(value)}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


# What a document is, from its types, for messages: "this is <...>".
_KINDS: list[tuple[str, str, str | None]] = [
    ("EndorsementCredential", "an Open Badges EndorsementCredential (an endorsement, "
     "not an offering)", None),
    ("OpenBadgeCredential", "an Open Badges 3.0 credential", "ob3"),
    ("AchievementCredential", "an Open Badges 3.0 credential", "ob3"),
    ("Achievement", "an Open Badges 3.0 Achievement", "ob3"),
    ("Profile", "an Open Badges issuer Profile (an organisation, not an offering)", None),
    ("EuropeanDigitalCredential", "a European Digital Credential (ELM)", "elm"),
    ("LearningOpportunity", "an ELM learning opportunity", "elm"),
    ("LearningAchievementSpecification", "an ELM learning achievement specification", "elm"),
    ("Qualification", "an ELM qualification", "elm"),
    ("ceterms:CredentialOrganization", "a CTDL organisation (ceterms:CredentialOrganization),"
     " not a credential", None),
    ("ceterms:QACredentialOrganization", "a CTDL quality assurance organisation, "
     "not a credential", None),
    ("ceterms:Organization", "a CTDL organisation (ceterms:Organization), not a credential",
     None),
]  # fmt: skip


def _all_types(document: dict[str, Any]) -> list[str]:
    types = node_types(dict(document))
    for node in as_list(dict.get(document, "@graph")):
        types += node_types(dict(node)) if isinstance(node, dict) else []
    return types


def describe(document: dict[str, Any]) -> str:
    """What a document is, in words: "an Open Badges EndorsementCredential (...)"."""
    types = _all_types(document)
    for name, words, _ in _KINDS:
        if name in types:
            return words
    ctdl = [t for t in types if t.startswith("ceterms:")]
    if ctdl:
        return f"a CTDL document of type {', '.join(ctdl)}"
    if types:
        return f"a document of type {', '.join(types)}"
    return "a JSON document without a type"


def guess_kind(document: dict[str, Any]) -> str | None:
    """The import format a document looks like (None when none of ours, or not an offering)."""
    types = _all_types(document)
    for name, _, kind in _KINDS:
        if name in types:
            return kind
    if any(t.startswith("ceterms:") for t in types):
        return "ctdl"
    return None


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def node_id(node: Any) -> str | None:
    if isinstance(node, str):
        return node
    if isinstance(node, dict):
        found = node.get("@id") or node.get("id")
        return found if isinstance(found, str) else None
    return None


def node_types(node: Any) -> list[str]:
    if not isinstance(node, dict):
        return []
    return [str(t) for t in as_list(node.get("@type", node.get("type")))]


def index_nodes(value: Any, found: dict[str, dict[str, Any]] | None = None) -> dict[str, dict]:
    """Every described node (more than an @id) in a tree, by its id: references resolve."""
    found = {} if found is None else found
    if isinstance(value, dict):
        ident = node_id(dict(value))  # a plain copy: indexing is not reading
        if ident and len(value) > 1 and ident not in found:
            found[ident] = value
        for item in dict.values(value):
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
            for key, item in dict.items(value):
                if key.split("-")[0].lower() == lang and isinstance(item, str | list):
                    return text(value[key])
        for key, item in dict.items(value):
            if isinstance(item, str | list):
                return text(value[key])
    return None


def missing_fields(data: dict[str, Any]) -> list[str]:
    """Paths of the required fields not in ``data``: top-level fields, and the required
    parts of a given object (e.g. `assessment.methods` when only a description is known)."""
    found = []
    for name, info in Credential.model_fields.items():
        value = data.get(name)
        if value is None:
            if info.is_required():
                found.append(name)
            continue
        model = model_of(info.annotation)
        if model is not None and isinstance(value, dict):
            for part, sub in model.model_fields.items():
                if sub.is_required() and value.get(part) is None:
                    found.append(f"{name}.{part}")
    return found


def currency_code(words: str) -> str | None:
    """An ISO 4217 code from a code or a currency's name ("US Dollar" -> USD), as Registry
    data gives either."""
    if words.strip().upper() in currency_codes():
        return words.strip().upper()
    with open(f"{_PYCOUNTRY_DATA}/iso4217.json", "rb") as file:
        entries = json.load(file)["4217"]
    wanted = " ".join(words.lower().split())
    for entry in entries:
        if entry.get("name", "").lower() == wanted:
            return entry["alpha_3"]
    return None


def model_of(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
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


def is_provider(names: list[str], provider: Provider) -> bool:
    """Whether ``names`` (an awarding body's, read in the document's language) are the
    provider alone, by its name in any language its file gives: an export names it in
    every one, and an import reads the credential's."""
    known = {provider.name} | {t.name for t in (provider.translations or {}).values() if t.name}
    return len(names) == 1 and names[0] in known


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


def web_page(value: Any, result: Imported, name: str, node: Any = None, key: str = "") -> bool:
    """Set field ``name`` to a web page from the source. An https:// address is taken; an
    http:// one is kept too (it is the provider's page, not to be dropped), marked to check:
    the validator warns about it, and the provider knows whether the page has https://."""
    if not isinstance(value, str) or not value.startswith(("https://", "http://")):
        return False
    if isinstance(node, SourceObject) and key:
        node.mark(key)
    result.data[name] = value
    if value.startswith("http://"):
        result.check[name] = "an http:// address in the source; use https:// if the site has it"
    return True


def assessment_method(words: str) -> str | None:
    """An assessment.methods value whose label (or name) is ``words``, e.g. "Portfolio"."""
    wanted = words.strip().lower().replace("_", " ").replace("-", " ")
    for method, label in ASSESSMENT_METHOD_LABELS.items():
        if wanted in (label.lower(), method.replace("-", " ")) and method != "none":
            return method
    return None


def supervision_level(words: str, identity_checked: bool | None = None) -> str | None:
    """assessment.supervision from words such as ELM's "Unsupervised without ID
    Verification" or the EU profile's "onsite with identity verification"."""
    said = " " + words.lower().replace("-", "").replace("_", " ") + " "
    if "unsupervised" in said or said.strip() in ("none", "no supervision"):
        return "unsupervised-no-id-check"
    no_check = any(w in said for w in ("without id", "no id", "without identity", "no identity"))
    if no_check or identity_checked is False:
        return "supervised-no-id-check" if "supervised" in said else None
    checked = identity_checked or "verification" in said or "identity" in said or " id " in said
    if checked and "online" in said:
        return "supervised-id-check-online"
    if checked and any(w in said for w in ("onsite", "on site", "in person", "presential")):
        return "supervised-id-check-onsite"
    return None
