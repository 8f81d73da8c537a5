"""Directories made in memory with any `contributes_to` links (pathway shapes)."""

from __future__ import annotations

import functools
from typing import Any

from support.cases import CASES_DIR


def linked_directory(links: dict[str, list[Any]]) -> Any:
    """A Directory of the minimal case's credential, once per key (all `acme/<id>`, titled
    `Title <id>`), each counting towards its keys or ``{title, url}`` in ``links``."""
    from generator.directory import Directory, Listing
    from generator.format.models import Stackability

    template = next(iter(_minimal_directory().listings.values()))
    listings = {}
    for key, targets in links.items():
        cid = key.split("/", 1)[1]
        update: dict[str, Any] = {"id": cid, "title": f"Title {cid}"}
        if targets:
            update["stackability"] = Stackability.model_validate({"contributes_to": targets})
        credential = template.credential.model_copy(update=update)
        listings[key] = Listing(key, f"credentials/{key}.yaml", template.provider, credential)
    return Directory(providers={"acme": template.provider}, listings=dict(sorted(listings.items())))


def layered_links(layers: int, width: int) -> dict[str, list[Any]]:
    """Links for linked_directory: ``layers`` layers of ``width`` credentials, each counting
    towards every credential of the next layer (width ** layers paths; width 1: a chain).
    bench.synthetic.generate_layers writes the same shape as files."""
    links: dict[str, list[Any]] = {}
    for layer in range(layers):
        following = [f"acme/l{layer + 1:05d}-{j:03d}" for j in range(width)]
        for i in range(width):
            links[f"acme/l{layer:05d}-{i:03d}"] = following if layer < layers - 1 else []
    return links


@functools.cache
def _minimal_directory() -> Any:
    from generator.check.run import load_directory

    checked = load_directory(CASES_DIR / "valid" / "minimal")
    assert checked.directory is not None, checked.problems
    return checked.directory
