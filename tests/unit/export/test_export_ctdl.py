"""CTDL: every credential has what the Credential Registry requires, stable CTIDs, uses only
terms of the official CTDL schema where its domains allow them, and expands under the
official context (standards/ctdl/) without losing a term."""

from __future__ import annotations

import functools
import json
import re
from typing import Any

import pytest
import rdflib
from pyld import jsonld

from generator.check.run import load_directory
from generator.export import ctdl
from generator.urls import export_path
from support import STANDARDS
from support.cases import CASES_DIR
from support.linked_data import EXPORT_SITE_URL, offline_loader, rdf_graph
from support.translations import TRANSLATED, given, given_outcomes, given_provider

CETERMS = rdflib.Namespace("https://purl.org/ctdl/terms/")
SCHEMA = rdflib.Namespace("https://schema.org/")
REQUIRED = (
    "ceterms:ctid",
    "ceterms:name",
    "ceterms:description",
    "ceterms:subjectWebpage",
    "ceterms:ownedBy",
    "ceterms:offeredBy",
    "ceterms:credentialStatusType",
    "ceterms:inLanguage",
)
CTID = re.compile(r"^ce-[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


@pytest.fixture(scope="module")
def documents(example_directory) -> dict[str, dict]:
    return {
        key: ctdl.document(listing, example_directory, EXPORT_SITE_URL)
        for key, listing in example_directory.listings.items()
    }


@functools.cache
def _official_context() -> dict[str, Any]:
    return json.loads((STANDARDS / "ctdl" / "ctdl-context.json").read_text("utf-8"))


def _loader():
    return offline_loader({ctdl.CONTEXT: _official_context()})


@functools.cache
def _schema() -> dict[str, dict[str, Any]]:
    """The official CTDL schema encoding, term by term."""
    encoding = json.loads((STANDARDS / "ctdl" / "ctdl-schema.json").read_text("utf-8"))
    return {term["@id"]: term for term in encoding["@graph"]}


def _classes_of(kind: str) -> set[str]:
    """``kind`` and every class it is a subclass of, as the schema says."""
    found, todo = set(), [kind]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo += _schema().get(current, {}).get("rdfs:subClassOf", [])
    return found


def _misused_terms(node: dict[str, Any], where: str = "") -> list[str]:
    """Every class that is not in the schema, and every property that is not in the schema,
    is not stable, or sits on a node outside its ``schema:domainIncludes``."""
    schema = _schema()
    kind = node.get("@type")
    if kind not in schema or schema[kind]["@type"] != "rdfs:Class":
        return [f"{where}: {kind!r} is not a CTDL class"]
    found = []
    for name, value in node.items():
        if name.startswith("@"):
            continue
        term = schema.get(name)
        if term is None or term["@type"] != "rdf:Property":
            found.append(f"{where}/{name}: not a CTDL property")
            continue
        if term.get("vs:term_status") not in ("vs:stable", "vs:unstable"):
            found.append(f"{where}/{name}: {term.get('vs:term_status')}")
        if not _classes_of(kind) & set(term.get("schema:domainIncludes", [])):
            found.append(f"{where}/{name}: not a property of {kind}")
        ranges = term.get("schema:rangeIncludes", [])
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict) and "rdf:langString" not in ranges:
                found += _misused_terms(item, f"{where}/{name}")
    return found


def test_registry_required_properties(example_directory, documents) -> None:
    assert len(documents) == 35
    for key, doc in documents.items():
        credential, organisation = doc["@graph"]
        assert doc["@context"] == ctdl.CONTEXT
        missing = [name for name in REQUIRED if not credential.get(name)]
        assert not missing, (key, missing)
        listing = example_directory.listings[key]
        assert credential["@type"] == ctdl.CREDENTIAL_CLASSES[listing.credential.type]
        assert credential["ceterms:ownedBy"] == [organisation["@id"]]
        assert organisation["@type"] == "ceterms:CredentialOrganization"
        assert CTID.match(credential["ceterms:ctid"]) and CTID.match(organisation["ceterms:ctid"])
        status = credential["ceterms:credentialStatusType"]["ceterms:targetNode"]
        assert status.startswith("credentialStat:")
        assert credential["ceterms:inLanguage"] == list(listing.credential.languages)


def test_ctids_are_stable_and_unique(example_directory) -> None:
    ctids = [ctdl.ctid(key) for key in example_directory.listings]
    assert len(set(ctids)) == len(ctids)
    assert ctdl.ctid("corrib-valley-tech/data-analytics-foundations") == ctdl.ctid(
        "corrib-valley-tech/data-analytics-foundations"
    )
    # Pinned: a CTID must never change once published.
    assert ctdl.ctid("kuusela-uas/open-data-literacy") == "ce-7f1cf6b1-787c-53c6-80ca-1f5b06dcefbc"


def test_expanded_graph_holds_the_credential(example_directory, documents) -> None:
    for key, doc in documents.items():
        assert jsonld.expand(doc, {"documentLoader": _loader()}), key
        graph = rdf_graph(doc, _loader())
        listing = example_directory.listings[key]
        node = rdflib.URIRef(EXPORT_SITE_URL + export_path(key, "ctdl"))
        kind = ctdl.CREDENTIAL_CLASSES[listing.credential.type].split(":")[1]
        assert (node, rdflib.RDF.type, CETERMS[kind]) in graph, key
        names = {(name.language, str(name)) for name in graph.objects(node, CETERMS.name)}
        translations = (listing.credential.translations or {}).items()
        assert names == {(listing.text_language, listing.credential.title)} | {
            (language, given.title) for language, given in translations if given.title
        }, key
        assert str(graph.value(node, CETERMS.subjectWebpage)) == listing.credential.url
        owner = graph.value(node, CETERMS.ownedBy)
        assert (owner, rdflib.RDF.type, CETERMS.CredentialOrganization) in graph
        assert listing.provider.name in {str(n) for n in graph.objects(owner, CETERMS.name)}
        status = graph.value(graph.value(node, CETERMS.credentialStatusType), CETERMS.targetNode)
        assert isinstance(status, rdflib.URIRef)


def test_duration_cost_delivery_level_and_stackability(example_directory, documents) -> None:
    credential = documents["corrib-valley-tech/certificate-applied-data-analytics"]["@graph"][0]
    assert credential["ceterms:estimatedDuration"][0]["ceterms:exactDuration"] == "P9M"
    cost = credential["ceterms:estimatedCost"][0]
    assert (cost["ceterms:price"], cost["ceterms:currency"]) == (2400, "EUR")
    delivery = credential["ceterms:learningDeliveryType"][0]["ceterms:targetNode"]
    assert delivery == "deliveryType:BlendedDelivery"
    assessed = credential["ceterms:assessmentDeliveryType"][0]["ceterms:targetNode"]
    assert assessed == "deliveryType:InPerson"  # supervised with an ID check on site
    level = credential["ceterms:audienceLevelType"][0]["ceterms:targetNode"]
    assert level == "audLevel:BachelorsDegreeLevel"  # EQF 6
    for key in example_directory.listings:
        node = documents[key]["@graph"][0]
        contributors = example_directory.contributors_to(key)
        expected = [EXPORT_SITE_URL + export_path(item.key, "ctdl") for item in contributors]
        assert node.get("ceterms:hasPart", []) == expected
        for part in node.get("ceterms:isPartOf", []):
            assert part.endswith(".ctdl.jsonld")


def test_loader_refuses_the_network() -> None:
    with pytest.raises(jsonld.JsonLdError):
        jsonld.expand({"@context": "https://example.org/other"}, {"documentLoader": _loader()})


def test_every_term_is_in_the_official_schema_and_its_domain(documents) -> None:
    for key, document in documents.items():
        for node in document["@graph"]:
            assert _misused_terms(node, key) == []


@pytest.mark.parametrize(
    "breakage",
    [
        ("ceterms:lifeCycleStatusType", {"ceterms:targetNode": "lifeCycle:Active"}),
        ("ceterms:noSuchProperty", "x"),
        ("ceterms:estimatedCost", [{"@type": "ceterms:NoSuchClass"}]),
    ],
)
def test_the_schema_check_finds_a_misused_term(documents, breakage) -> None:
    name, value = breakage
    node = dict(next(iter(documents.values()))["@graph"][0], **{name: value})
    assert _misused_terms(node)


def _properties(value: Any) -> set[str]:
    """Every key of every object (but language maps' tags and JSON-LD keywords)."""
    found: set[str] = set()
    if isinstance(value, list):
        for item in value:
            found |= _properties(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key.startswith(("@", "http")) or re.fullmatch(r"[a-z]{2,3}(-[A-Za-z]+)?", key):
                continue
            found.add(key)
            found |= _properties(item)
    return found


def test_the_official_context_keeps_every_term(documents) -> None:
    context = _official_context()["@context"]
    for key, document in documents.items():
        expanded = jsonld.expand(document, {"documentLoader": _loader()})
        used = _properties(document["@graph"])
        kept = set()
        for name in used:
            prefix, _, local = name.partition(":")
            kept.add(name) if f"{context[prefix]}{local}" in json.dumps(expanded) else None
        assert used == kept, (key, sorted(used - kept))


def test_an_unconfirmed_claim_is_no_part_of_either_credential() -> None:
    checked = load_directory(CASES_DIR / "valid/stackability-unconfirmed-claim")
    directory = checked.directory
    assert directory is not None

    def node(key: str) -> dict:
        return ctdl.document(directory.listings[key], directory, EXPORT_SITE_URL)["@graph"][0]

    url = EXPORT_SITE_URL + "api/v1/credentials/{}.ctdl.jsonld"
    assert node("northwind/msc-data")["ceterms:hasPart"] == [url.format("acme/data-basics")]
    assert node("acme/data-basics")["ceterms:isPartOf"] == [url.format("northwind/msc-data")]
    assert "ceterms:isPartOf" not in node("acme/data-certificate")


@pytest.mark.parametrize("key", sorted(TRANSLATED))
def test_every_language_is_in_the_language_maps_with_its_text(documents, example_directory, key):
    """The name, description, outcomes and the provider's name and description carry the
    original and every translation, keyed by language code; inLanguage stays the
    languages of instruction."""
    listing = example_directory.listings[key]
    original, translated = TRANSLATED[key]
    credential, organisation = documents[key]["@graph"]
    assert credential["ceterms:name"] == given(listing, "title")
    # The original first: an import reads the file's own language.
    assert list(credential["ceterms:name"]) == [original, translated]
    summaries, details = given(listing, "summary"), given(listing, "description")
    assert credential["ceterms:description"] == {
        language: "\n\n".join(text for text in (summary, details.get(language)) if text)
        for language, summary in summaries.items()
    }
    assert credential["ceterms:inLanguage"] == list(listing.credential.languages)
    outcomes = credential["ceterms:requires"][0]
    named = [item["ceterms:targetNodeName"] for item in outcomes["ceterms:targetCompetency"]]
    assert named[: len(listing.credential.learning_outcomes)] == given_outcomes(listing)
    offering = outcomes["ceterms:targetLearningOpportunity"][0]
    assert offering["ceterms:name"] == given(listing, "title")
    assert organisation["ceterms:name"] == given_provider(listing, "name")
    assert organisation["ceterms:description"] == given_provider(listing, "description")


def test_language_maps_expand_to_one_tagged_text_per_language(documents) -> None:
    key = "weiterbildung-nordheide/ki-im-mittelstand"
    graph = rdf_graph(documents[key], _loader())
    node = rdflib.URIRef(EXPORT_SITE_URL + export_path(key, "ctdl"))
    languages = sorted(str(name.language) for name in graph.objects(node, CETERMS.description))
    assert languages == ["de", "en"]
