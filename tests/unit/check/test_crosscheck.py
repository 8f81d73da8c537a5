"""Cross-file checks: references exist, none is to itself, and no link makes a cycle."""

from __future__ import annotations

import pytest

from generator.check.crosscheck import Reference, check_claims, check_references, references
from generator.check.load import Document, parse_document


def document(key: str, text: str) -> Document:
    doc, problems = parse_document(text.encode("utf-8"), f"credentials/{key}.yaml")
    assert doc is not None and not problems
    return doc


def contributes(key: str, *targets: str) -> list[Reference]:
    lines = "".join(f"    - {target}\n" for target in targets)
    return references(key, document(key, f"id: x\nstackability:\n  contributes_to:\n{lines}"))


def graph(edges: dict[str, list[str]]) -> list[Reference]:
    refs = []
    for source, targets in edges.items():
        refs += contributes(source, *targets)
    return refs


def keys(*names: str) -> set[str]:
    return set(names)


# --- references(): what counts as a reference -------------------------------------------------


def accepts(key: str, *sources: str) -> list[Reference]:
    lines = "".join(f"    - {source}\n" for source in sources)
    return references(key, document(key, f"id: x\nstackability:\n  accepts:\n{lines}"))


def test_references_are_keys_in_contributes_to_and_superseded_by() -> None:
    doc = document(
        "a/one",
        "id: one\n"
        "stackability:\n"
        "  contributes_to:\n"
        "    - b/two\n"
        "    - title: MSc\n"
        "      url: https://u.example/msc\n"
        "    - c/three\n"
        "superseded_by: a/one-2027\n",
    )
    found = references("a/one", doc)
    assert [(r.source, r.target, r.field) for r in found] == [
        ("a/one", "b/two", ("stackability", "contributes_to", 0)),
        ("a/one", "c/three", ("stackability", "contributes_to", 2)),
        ("a/one", "a/one-2027", ("superseded_by",)),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "id: x\n",
        "id: x\nstackability: yes-please\n",
        "id: x\nstackability:\n  contributes_to: b/two\n",  # not a list: the model says so
        "id: x\nstackability:\n  contributes_to: [5, [b/two]]\n",
        "id: x\nsuperseded_by: [b/two]\n",
        "id: x\nsuperseded_by: two\n",  # not a key: the model already reports the pattern
        "id: x\nstackability:\n  contributes_to: [Two, b/two/three, b/, /two]\n",
    ],
)
def test_what_is_not_a_reference(text: str) -> None:
    assert references("a/one", document("a/one", text)) == []


# --- unknown keys and self references -----------------------------------------------------------


def test_unknown_key_is_reported_where_it_is_written() -> None:
    refs = contributes("a/one", "a/two", "b/missing")
    (problem,) = check_references(refs, keys("a/one", "a/two"))
    assert problem.code == "unknown-key"
    assert (problem.path, problem.line, problem.col) == ("credentials/a/one.yaml", 5, 7)
    assert problem.field == "stackability.contributes_to[1]"
    assert problem.message == "no credential `b/missing` in the directory"
    assert "provider-id/credential-id" in problem.hint


def test_unknown_superseded_by() -> None:
    refs = references("a/one", document("a/one", "id: one\nsuperseded_by: a/gone\n"))
    (problem,) = check_references(refs, keys("a/one"))
    assert (problem.code, problem.field, problem.line, problem.col) == (
        "unknown-key",
        "superseded_by",
        2,
        16,
    )


@pytest.mark.parametrize(
    "text,field",
    [
        ("id: one\nstackability:\n  contributes_to: [a/one]\n", "stackability.contributes_to[0]"),
        ("id: one\nsuperseded_by: a/one\n", "superseded_by"),
    ],
)
def test_self_reference(text: str, field: str) -> None:
    refs = references("a/one", document("a/one", text))
    (problem,) = check_references(refs, keys("a/one"))
    assert (problem.code, problem.field) == ("self-reference", field)
    assert problem.message == "a credential cannot refer to itself"


def test_references_that_exist_are_fine() -> None:
    refs = graph({"a/one": ["a/two", "b/three"], "a/two": ["b/three"]})
    assert check_references(refs, keys("a/one", "a/two", "b/three")) == []


# --- cycles -------------------------------------------------------------------------------------


def cycles(edges: dict[str, list[str]]) -> list[str]:
    known = set(edges) | {t for targets in edges.values() for t in targets}
    problems = check_references(graph(edges), known)
    assert all(p.code == "cycle" for p in problems)
    return [p.message.removeprefix("contributes_to makes a cycle: ") for p in problems]


def test_cycle_of_two_is_reported_once() -> None:
    assert cycles({"a/one": ["a/two"], "a/two": ["a/one"]}) == ["a/one -> a/two -> a/one"]


def test_cycle_of_three_names_every_step() -> None:
    found = cycles({"a/one": ["b/two"], "b/two": ["c/three"], "c/three": ["a/one"]})
    assert found == ["a/one -> b/two -> c/three -> a/one"]


def test_cycle_is_reported_at_the_reference_that_closes_it() -> None:
    refs = graph({"a/one": ["a/two"], "a/two": ["a/x", "a/one"], "a/x": []})
    (problem,) = check_references(refs, keys("a/one", "a/two", "a/x"))
    assert problem.path == "credentials/a/two.yaml"
    assert problem.field == "stackability.contributes_to[1]"
    assert (problem.line, problem.col) == (5, 7)
    assert "remove one of the links" in problem.hint


def test_no_cycle_in_a_diamond() -> None:
    assert cycles({"a/a": ["a/b", "a/c"], "a/b": ["a/d"], "a/c": ["a/d"], "a/d": []}) == []


def test_two_separate_cycles_are_both_reported() -> None:
    found = cycles({"a/a": ["a/b"], "a/b": ["a/a"], "b/c": ["b/d"], "b/d": ["b/c"]})
    assert sorted(found) == ["a/a -> a/b -> a/a", "b/c -> b/d -> b/c"]


def test_cycle_reached_from_outside_names_only_the_cycle() -> None:
    found = cycles({"a/start": ["a/one"], "a/one": ["a/two"], "a/two": ["a/one"]})
    assert found == ["a/one -> a/two -> a/one"]


def test_superseded_by_is_not_a_contributes_to_edge() -> None:
    one = references("a/one", document("a/one", "id: one\nsuperseded_by: a/two\n"))
    two = contributes("a/two", "a/one")
    assert check_references(one + two, keys("a/one", "a/two")) == []


def test_long_chain_with_a_cycle_does_not_recurse() -> None:
    """Thousands of credentials in one chain: the walk is iterative, not recursive."""
    n = 5000
    docs = {f"p/c{i}": document(f"p/c{i}", "id: x\n") for i in range(n)}
    refs = [
        Reference(f"p/c{i}", f"p/c{(i + 1) % n}", ("stackability", "contributes_to", 0), docs[k])
        for i, k in enumerate(docs)
    ]
    (problem,) = check_references(refs, set(docs))
    assert problem.code == "cycle"
    # Told by its ends, so the line stays short: 12 of the 5,000 steps, and the count.
    assert problem.message.endswith(
        " -> (4,988 more) -> p/c4994 -> p/c4995 -> p/c4996 -> p/c4997 -> p/c4998 -> p/c4999 -> p/c0"
    )
    assert problem.message.startswith("contributes_to makes a cycle: p/c0 -> p/c1 -> ")


def test_cycle_in_checked_files_is_reported_in_them() -> None:
    """`credir validate PATH`: a cycle is reported in a file asked about, wherever it closes."""
    refs = graph({"a/a": ["a/b"], "a/b": ["a/c"], "a/c": ["a/a"]})
    known = keys("a/a", "a/b", "a/c")
    for placed_in, expected in (
        ({"a/c"}, "a/c"),  # where it closes
        ({"a/b"}, "a/b"),
        ({"a/a", "a/b"}, "a/a"),  # the cycle's first reference in one of them
        ({"z/z"}, "a/c"),  # in none: where it closes
    ):
        (problem,) = check_references(refs, known, placed_in=placed_in)
        assert problem.path == f"credentials/{expected}.yaml", placed_in


def test_a_chain_that_closes_on_itself_from_every_step_is_reported_briefly() -> None:
    """A hostile directory: a chain where every credential also counts towards the first.
    Each of its n cycles is one problem of bounded length, not a list of up to n steps."""
    n = 2000
    refs = graph({f"p/c{i}": [f"p/c{i + 1}", "p/c0"] for i in range(1, n - 1)})
    refs += graph({"p/c0": ["p/c1"], f"p/c{n - 1}": ["p/c0"]})
    problems = check_references(refs, {f"p/c{i}" for i in range(n)})
    assert len(problems) == n - 1 and all(p.code == "cycle" for p in problems)
    assert max(len(p.message) for p in problems) < 300


# --- superseded_by cycles -----------------------------------------------------------------------


def supersedes(key: str, successor: str) -> list[Reference]:
    return references(key, document(key, f"id: x\nstatus: ceased\nsuperseded_by: {successor}\n"))


def test_superseded_by_cycle_is_reported_at_the_reference_that_closes_it() -> None:
    refs = supersedes("a/one", "a/two") + supersedes("a/two", "a/three")
    refs += supersedes("a/three", "a/one")
    (problem,) = check_references(refs, keys("a/one", "a/two", "a/three"))
    assert problem.code == "cycle"
    assert problem.path == "credentials/a/three.yaml"
    assert problem.field == "superseded_by"
    assert (problem.line, problem.col) == (3, 16)
    assert problem.message == "superseded_by makes a cycle: a/one -> a/two -> a/three -> a/one"


def test_a_long_superseded_by_chain_is_no_cycle() -> None:
    n = 5000  # longer than Python's recursion limit
    refs = [ref for i in range(n - 1) for ref in supersedes(f"p/c{i}", f"p/c{i + 1}")]
    assert check_references(refs, {f"p/c{i}" for i in range(n)}) == []


def test_contributes_to_and_superseded_by_cycles_are_told_apart() -> None:
    refs = supersedes("a/one", "a/two") + supersedes("a/two", "a/one")
    refs += graph({"b/one": ["b/two"], "b/two": ["b/one"]})
    found = sorted(
        p.message for p in check_references(refs, keys("a/one", "a/two", "b/one", "b/two"))
    )
    assert found == [
        "contributes_to makes a cycle: b/one -> b/two -> b/one",
        "superseded_by makes a cycle: a/one -> a/two -> a/one",
    ]


def test_accepts_entries_are_references_but_not_edges() -> None:
    """Kept with the other links (and in the cache) so validate PATH can pair them, but an
    acceptance is no contributes_to: it makes no cycle and no unknown-key error."""
    found = accepts("b/big", "a/one", "z/gone")
    assert [(r.target, r.field) for r in found] == [
        ("a/one", ("stackability", "accepts", 0)),
        ("z/gone", ("stackability", "accepts", 1)),
    ]
    refs = found + contributes("a/one", "b/big")
    assert check_references(refs, keys("a/one", "b/big")) == []


# --- claims on another provider's credential -----------------------------------------------------


def test_a_claim_on_another_provider_is_a_warning_until_it_accepts() -> None:
    claim = contributes("a/one", "a/two", "b/big")
    (problem,) = check_claims(claim, keys("a/one", "a/two", "b/big"))
    assert (problem.severity, problem.code) == ("warning", "unconfirmed-claim")
    assert (problem.path, problem.line, problem.col) == ("credentials/a/one.yaml", 5, 7)
    assert problem.field == "stackability.contributes_to[1]"
    assert "`b/big` belongs to another provider, `b`, which has not confirmed" in problem.message
    assert problem.hint == (
        "`b` confirms it by adding `a/one` to `stackability.accepts` in credentials/b/big.yaml"
    )
    confirmed = claim + accepts("b/big", "a/one")
    assert check_claims(confirmed, keys("a/one", "a/two", "b/big")) == []


def test_an_acceptance_of_another_claimant_confirms_nothing_for_this_one() -> None:
    refs = contributes("a/one", "b/big") + accepts("b/big", "a/other")
    problems = check_claims(refs, keys("a/one", "a/other", "b/big"))
    assert sorted(p.code for p in problems) == ["accepts-unclaimed", "unconfirmed-claim"]
    assert all(p.severity == "warning" for p in problems)


def test_a_claim_on_a_missing_key_is_only_the_unknown_key_error() -> None:
    assert check_claims(contributes("a/one", "b/gone"), keys("a/one")) == []


@pytest.mark.parametrize(
    "key,source,known,code,message",
    [
        ("a/big", "a/one", ["a/one"], "accepts-own", "`a/one` is your own provider's"),
        ("b/big", "b/big", [], "accepts-own", "`b/big` is your own provider's"),
        ("b/big", "z/gone", [], "accepts-unknown", "no credential `z/gone` in the directory"),
        ("b/big", "a/one", ["a/one"], "accepts-unclaimed", "does not name this credential"),
    ],
)
def test_an_acceptance_that_confirms_nothing_is_a_warning(
    key: str, source: str, known: list[str], code: str, message: str
) -> None:
    (problem,) = check_claims(accepts(key, source), {key, *known})
    assert (problem.severity, problem.code) == ("warning", code)
    assert message in problem.message
    assert (problem.field, problem.line, problem.col) == ("stackability.accepts[0]", 4, 7)
