"""JSON-LD and SHACL offline: the official ELM context and shapes from standards/."""

from __future__ import annotations

import functools
import json
from typing import Any

from support import STANDARDS

EXPORT_SITE_URL = "https://credir.example/"
ELM_CONTEXT_URL = "http://data.europa.eu/snb/model/context/edc-ap"


def offline_loader(documents: dict[str, Any]):
    """A pyld document loader that serves ``documents`` by URL and refuses every other URL,
    so JSON-LD processing in tests never reaches the network."""
    from pyld import jsonld

    def load(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
        document = documents.get(url) or documents.get(url.rstrip("/"))
        if document is None:
            raise jsonld.JsonLdError(
                f"offline test: refusing to load {url}",
                "jsonld.LoadDocumentError",
                {"url": url},
                code="loading document failed",
            )
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": document,
        }

    return load


def elm_loader():
    """The ELM context URL resolved to the official copy in standards/."""
    context = json.loads((STANDARDS / "elm" / "edc-ap-context.jsonld").read_text("utf-8"))
    return offline_loader({ELM_CONTEXT_URL: context})


def rdf_graph(document: dict[str, Any], loader) -> Any:
    """A JSON-LD document as an rdflib graph (through pyld's N-Quads)."""
    import rdflib
    from pyld import jsonld

    quads = jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": loader})
    # Everything is in the default graph, and its N-Quads lines are N-Triples.
    return rdflib.Graph().parse(data=quads, format="nt")


@functools.cache
def loq_shapes() -> Any:
    """ELM's LOQ SHACL shapes, ready for pyshacl.

    The shapes' sh:pattern values use XPath regex classes (\\p{L}) that Python's `re`, which
    pyshacl compiles patterns with, does not know; the `regex` module does, so pyshacl's
    pattern component is pointed at it. The shapes themselves are used unchanged."""
    import rdflib
    import regex
    from pyshacl.constraints.core import string_based_constraints

    string_based_constraints.re = regex
    return rdflib.Graph().parse(STANDARDS / "elm" / "LOQ-constraints.ttl")


@functools.cache
def loq_shapes_all_active() -> Any:
    """The LOQ shapes with every shape active: the published file ships the
    LearningAchievementSpecification shape with `sh:deactivated true`, so only this stricter
    copy checks a specification against its own shape."""
    import rdflib

    shapes = rdflib.Graph()
    for triple in loq_shapes():
        shapes.add(triple)
    shapes.remove((None, rdflib.URIRef("http://www.w3.org/ns/shacl#deactivated"), None))
    return shapes


def shacl_report(graph: Any, *, all_active: bool = False) -> tuple[bool, str]:
    """pyshacl's verdict on ``graph`` against the LOQ shapes (as published, or all active)."""
    import pyshacl

    shapes = loq_shapes_all_active() if all_active else loq_shapes()
    conforms, _, text = pyshacl.validate(graph, shacl_graph=shapes, advanced=True)
    return conforms, text
