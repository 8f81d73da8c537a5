"""CTDL: every credential has what the Credential Registry requires, stable CTIDs, and is
well-formed JSON-LD.

No copy of the official CTDL context (https://credreg.net/ctdl/schema/context/json) is kept
in shared/standards, so expansion here uses the part of it these documents need, written
from the CTDL terms: the prefixes, and which properties are language maps or IRIs."""

from __future__ import annotations

import re

import pytest
import rdflib
from conftest import CASES_DIR, EXPORT_SITE_URL, offline_loader, rdf_graph
from pyld import jsonld

from generator.directory import load_directory
from generator.export import ctdl
from generator.export.links import export_path

CETERMS = rdflib.Namespace("https://purl.org/ctdl/terms/")
SCHEMA = rdflib.Namespace("https://schema.org/")
LANGUAGE_MAPS = [
    "name",
    "description",
    "frameworkName",
    "targetNodeName",
    "keyword",
    "identifierTypeName",
    "creditUnitTypeDescription",
    "addressCountry",
    "deliveryTypeDescription",
]
IRIS = [
    "subjectWebpage",
    "ownedBy",
    "offeredBy",
    "assertedBy",
    "framework",
    "targetNode",
    "isPartOf",
    "hasPart",
]
CTDL_CONTEXT_PART = {
    "@context": {
        "ceterms": "https://purl.org/ctdl/terms/",
        "schema": "https://schema.org/",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
        "credentialStat": "https://purl.org/ctdl/vocabs/credentialStat/",
        "lifeCycle": "https://purl.org/ctdl/vocabs/lifeCycle/",
        "audLevel": "https://purl.org/ctdl/vocabs/audLevel/",
        "deliveryType": "https://purl.org/ctdl/vocabs/deliveryType/",
        "costType": "https://purl.org/ctdl/vocabs/costType/",
        **{f"ceterms:{name}": {"@container": "@language"} for name in LANGUAGE_MAPS},
        **{f"ceterms:{name}": {"@type": "@id"} for name in IRIS},
    }
}
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


def _loader():
    return offline_loader({ctdl.CONTEXT: CTDL_CONTEXT_PART})


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
        name = graph.value(node, CETERMS.name)
        assert str(name) == listing.credential.title
        assert name.language == listing.credential.languages[0]
        assert str(graph.value(node, CETERMS.subjectWebpage)) == listing.credential.url
        owner = graph.value(node, CETERMS.ownedBy)
        assert (owner, rdflib.RDF.type, CETERMS.CredentialOrganization) in graph
        assert str(graph.value(owner, CETERMS.name)) == listing.provider.name
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
