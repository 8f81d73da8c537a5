"""ELM v3: every LearningOpportunity is well-formed JSON-LD under the official ELM context,
holds its specification, and conforms to the LOQ SHACL shapes."""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json

import pytest
import rdflib
from pyld import jsonld

from generator.check.run import load_directory
from generator.export import elm
from generator.export.values import language_alpha3
from generator.format.vocabularies import elm_assessment_types, elm_modes, eqf_uri, isced_uri
from support import STANDARDS
from support.cases import CASES_DIR
from support.linked_data import (
    ELM_CONTEXT_URL,
    EXPORT_SITE_URL,
    elm_loader,
    rdf_graph,
    shacl_report,
)
from support.translations import TRANSLATED, given, given_outcomes, given_provider

ELM = rdflib.Namespace("http://data.europa.eu/snb/model/elm/")
DC = rdflib.Namespace("http://purl.org/dc/terms/")
RDF = rdflib.RDF


@pytest.fixture(scope="module")
def documents(example_directory) -> dict[str, dict]:
    return {
        key: elm.learning_opportunity(listing, example_directory, EXPORT_SITE_URL)
        for key, listing in example_directory.listings.items()
    }


def _context_terms() -> set[str]:
    context = json.loads((STANDARDS / "elm" / "edc-ap-context.jsonld").read_text())["@context"]
    return set(context)


def _unknown_keys(value, terms: set[str], path: str = "") -> list[str]:
    """Keys that expansion would silently drop: not a keyword, term or prefixed name."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            known = key.startswith("@") or key in terms or key.split(":", 1)[0] in terms
            if path.endswith(("title", "description", "prefLabel", "noteLiteral", "legalName")):
                known = True  # language maps: keys are language tags
            if not known:
                found.append(f"{path}/{key}")
            found += _unknown_keys(item, terms, f"{path}/{key}")
    elif isinstance(value, list):
        for item in value:
            found += _unknown_keys(item, terms, path)
    return found


def test_context_is_the_official_url(documents) -> None:
    assert {doc["@context"] for doc in documents.values()} == {ELM_CONTEXT_URL}


def test_no_property_is_dropped_by_the_context(documents) -> None:
    terms = _context_terms()
    for key, doc in documents.items():
        assert _unknown_keys(doc, terms) == [], key


def test_expanded_graph_holds_the_opportunity_and_its_specification(documents) -> None:
    for key, doc in documents.items():
        expanded = jsonld.expand(doc, {"documentLoader": elm_loader()})
        assert expanded, key
        graph = rdf_graph(doc, elm_loader())
        opportunities = list(graph.subjects(RDF.type, ELM.LearningOpportunity))
        assert len(opportunities) == 1, key
        opportunity = opportunities[0]
        spec = graph.value(opportunity, ELM.learningAchievementSpecification)
        assert (spec, RDF.type, ELM.LearningAchievementSpecification) in graph, key
        title = graph.value(spec, DC.title)
        assert str(title) == doc["title"][title.language]
        outcomes = list(graph.objects(spec, ELM.learningOutcome))
        assert len(outcomes) >= 1
        assert (None, ELM.awardingBody, None) in graph
        assert graph.value(opportunity, ELM.providedBy) is not None


@pytest.mark.parametrize("all_active", [False, True], ids=["as-published", "all-shapes-active"])
def test_every_export_conforms_to_the_loq_shapes(documents, all_active: bool) -> None:
    failures = {}
    for key, doc in documents.items():
        conforms, report = shacl_report(rdf_graph(doc, elm_loader()), all_active=all_active)
        if not conforms:
            failures[key] = report
    assert len(documents) == 35
    assert not failures, next(iter(failures.values()))


@pytest.mark.parametrize(
    "breakage",
    ["no title", "untyped concept", "unknown property", "two default languages", "no outcome"],
)
def test_the_shapes_catch_broken_exports(documents, breakage: str) -> None:
    doc = copy.deepcopy(documents["kuusela-uas/open-data-literacy"])
    assert shacl_report(rdf_graph(doc, elm_loader()), all_active=True)[0]
    if breakage == "no title":
        del doc["title"]
    elif breakage == "untyped concept":
        doc["learningAchievementSpecification"]["learningSetting"] = {"@id": "urn:x:setting"}
    elif breakage == "unknown property":
        doc["learningAchievementSpecification"]["dcType"] = doc["mode"]
        doc["learningAchievementSpecification"]["awardingDate"] = "2026-01-01T00:00:00Z"
    elif breakage == "two default languages":
        doc["elm:defaultLanguage"] = [doc["elm:defaultLanguage"], doc["mode"]]
    else:
        del doc["learningAchievementSpecification"]["learningOutcome"]
    conforms, _ = shacl_report(rdf_graph(doc, elm_loader()), all_active=True)
    assert not conforms


def test_the_loader_refuses_other_urls() -> None:
    doc = {"@context": "https://example.org/context.jsonld", "name": "x"}
    with pytest.raises(jsonld.JsonLdError):
        jsonld.expand(doc, {"documentLoader": elm_loader()})


def test_annex_i_elements_use_the_official_vocabularies(example_directory, documents) -> None:
    listing = example_directory.listings["corrib-valley-tech/certificate-applied-data-analytics"]
    graph = rdf_graph(documents[listing.key], elm_loader())
    spec = next(graph.subjects(RDF.type, ELM.LearningAchievementSpecification))
    assert {str(o) for o in graph.objects(spec, ELM.ISCEDFCode)} == {
        isced_uri(code) for code in ("0613", "0542", "0413")
    }
    assert str(graph.value(spec, ELM.educationLevel)) == eqf_uri(6)
    assert str(graph.value(spec, ELM.mode)) == elm_modes()["e92d221e4d"].uri  # Blended
    volume = graph.value(spec, ELM.volumeOfLearning)
    assert volume.toPython() == dt.timedelta(hours=500)  # rdflib normalises to P20DT20H
    credit = graph.value(spec, ELM.creditPoint)
    assert str(graph.value(credit, ELM.point)) == "20"
    assert str(graph.value(credit, ELM.framework)) == elm.ECTS_FRAMEWORK
    assessment = graph.value(spec, ELM.provenBy)
    assert {str(o) for o in graph.objects(assessment, DC.type)} == {
        elm_assessment_types()[code].uri for code in ("795dac4096", "6e6cb2cc78", "d30284d7df")
    }
    languages = {str(o) for o in graph.objects(spec, DC.language)}
    assert languages == {"http://publications.europa.eu/resource/authority/language/ENG"}
    countries = {str(o) for o in graph.objects(None, ELM.countryCode)}
    assert countries == {"http://publications.europa.eu/resource/authority/country/IRL"}
    assert graph.value(spec, ELM.entryRequirement) is not None


def test_stackability_links_specifications(example_directory, documents) -> None:
    part = "kuusela-uas/circular-economy-basics"
    whole = next(k for k in example_directory.listings if example_directory.contributors_to(k))
    graph = rdf_graph(documents[whole], elm_loader())
    spec = graph.value(
        next(graph.subjects(RDF.type, ELM.LearningOpportunity)),
        ELM.learningAchievementSpecification,
    )
    parts = {str(o) for o in graph.objects(spec, ELM.hasPart)}
    contributors = example_directory.contributors_to(whole)
    assert parts == {
        f"{EXPORT_SITE_URL}api/v1/credentials/{item.key}.elm.jsonld#specification"
        for item in contributors
    }
    assert part in example_directory.listings


def test_weeks_become_days_for_xsd_duration(example_directory, documents) -> None:
    for key, listing in example_directory.listings.items():
        duration = documents[key].get("duration")
        if listing.credential.duration:
            assert "W" not in duration
            graph = rdf_graph(documents[key], elm_loader())
            literal = next(graph.objects(None, ELM.duration))
            assert literal.datatype == rdflib.XSD.duration and not literal.ill_typed, key


@functools.cache
def _elm_ontology_terms() -> set[rdflib.URIRef]:
    """Every class and property the ELM ontology (standards/elm/ELM.ttl) defines."""
    ontology = rdflib.Graph().parse(STANDARDS / "elm" / "ELM.ttl")
    return {subject for subject in ontology.subjects() if str(subject).startswith(str(ELM))}


def test_every_elm_term_of_every_export_is_in_the_ontology(documents) -> None:
    defined = _elm_ontology_terms()
    assert ELM.LearningOpportunity in defined  # the ontology was read
    for key, document in documents.items():
        graph = rdf_graph(document, elm_loader())
        used = {p for p in graph.predicates() if str(p).startswith(str(ELM))}
        used |= {o for o in graph.objects(None, RDF.type) if str(o).startswith(str(ELM))}
        assert used, key
        assert used <= defined, (key, sorted(used - defined))


def test_an_unconfirmed_claim_is_no_part_of_either_specification() -> None:
    """isPartOf and hasPart are each other's inverse: a claim the target's provider has not
    accepted would read as the target's own word, so neither side exports it."""
    checked = load_directory(CASES_DIR / "valid/stackability-unconfirmed-claim")
    directory = checked.directory
    assert directory is not None

    def spec(key: str) -> dict:
        document = elm.learning_opportunity(directory.listings[key], directory, EXPORT_SITE_URL)
        return document["learningAchievementSpecification"]

    def ids(items: list[dict]) -> list[str]:
        return [item["@id"].removeprefix(f"{EXPORT_SITE_URL}api/v1/credentials/") for item in items]

    assert ids(spec("northwind/msc-data")["hasPart"]) == [
        "acme/data-basics.elm.jsonld#specification"
    ]
    assert ids(spec("acme/data-basics")["isPartOf"]) == [
        "northwind/msc-data.elm.jsonld#specification"
    ]
    assert "isPartOf" not in spec("acme/data-certificate")


ROV = rdflib.Namespace("http://www.w3.org/ns/regorg#")
SKOS = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")


def _texts(graph: rdflib.Graph, node, predicate) -> dict[str, str]:
    """The language-tagged texts of one property, by language (each language once)."""
    found = [(str(o.language), str(o)) for o in graph.objects(node, predicate)]
    assert len({language for language, _ in found}) == len(found), found
    return dict(found)


@pytest.mark.parametrize("key", sorted(TRANSLATED))
def test_every_language_is_in_the_language_maps_with_its_text(documents, example_directory, key):
    """Each translated example carries its original and its translation in one map per
    property, and a field the translation leaves out only in the original's language."""
    listing = example_directory.listings[key]
    original, translated = TRANSLATED[key]
    graph = rdf_graph(documents[key], elm_loader())
    opportunity = next(graph.subjects(RDF.type, ELM.LearningOpportunity))
    spec = graph.value(opportunity, ELM.learningAchievementSpecification)
    assert _texts(graph, opportunity, DC.title) == given(listing, "title")
    assert set(given(listing, "title")) == {original, translated}
    assert _texts(graph, spec, DC.title) == given(listing, "title")
    assert _texts(graph, opportunity, DC.description) == given(listing, "summary")
    assert _texts(graph, spec, DC.description) == given(listing, "description")
    outcomes = {
        str(node).rsplit("#", 1)[1]: _texts(graph, node, DC.title)
        for node in graph.objects(spec, ELM.learningOutcome)
        if "#outcome-" in str(node)
    }
    expected = given_outcomes(listing)
    assert outcomes == {f"outcome-{n}": texts for n, texts in enumerate(expected, 1)}
    assert all(set(texts) == {original, translated} for texts in expected)
    provider = graph.value(opportunity, ELM.providedBy)
    assert _texts(graph, provider, ROV.legalName) == given_provider(listing, "name")
    about = [
        _texts(graph, item, ELM.noteLiteral)
        for item in graph.objects(provider, ELM.additionalNote)
        if str(graph.value(graph.value(item, DC.subject), SKOS.prefLabel)) == elm.NOTE_PROVIDER
    ]
    assert about == [given_provider(listing, "description")]
    # The default language is the original text's, whatever the languages of instruction.
    default = graph.value(opportunity, ELM.defaultLanguage)
    assert str(default).endswith("/" + language_alpha3(original).upper())


def test_a_provider_translation_is_in_its_own_language(documents, example_directory) -> None:
    """Stepova writes about itself in English and its courses in Ukrainian: its name keeps
    its own language, not the course's."""
    key = "stepova-digital-academy/frontend-development-basics"
    listing = example_directory.listings[key]
    assert (listing.provider.text_language, listing.text_language) == ("en", "uk")
    legal = documents[key]["providedBy"]["legalName"]
    assert legal == {"en": "Stepova Digital Academy", "uk": "Степова цифрова академія"}
    untranslated = documents["kuusela-uas/open-data-literacy"]["providedBy"]["legalName"]
    assert list(untranslated) == [
        example_directory.listings["kuusela-uas/open-data-literacy"].text_language
    ]
