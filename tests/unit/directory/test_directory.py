"""The Directory: what load_directory builds, and the facts derived from each listing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.check.run import load_directory
from generator.directory import HOURS_PER_ECTS, Directory, Pathway, pathways, today
from support.cases import CASES_DIR, write_tree
from support.directories import layered_links, linked_directory

MINIMAL = CASES_DIR / "valid/minimal/credentials/acme"
PROVIDER = (MINIMAL / "_provider.yaml").read_text(encoding="utf-8")
CREDENTIAL = (MINIMAL / "data-basics.yaml").read_text(encoding="utf-8")

pytestmark = pytest.mark.usefixtures("cases_today")


def credential(key: str, *changes: tuple[str, str], extra: str = "") -> str:
    text = CREDENTIAL.replace("id: data-basics", f"id: {key}")
    text = text.replace("title: Data Basics", f"title: Data Basics {key}")  # one title each
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text + extra


def provider(pid: str, name: str = "Acme Training", country: str = "IE") -> str:
    return (
        PROVIDER.replace("id: acme", f"id: {pid}")
        .replace("Acme Training", name)
        .replace("country: IE", f"country: {country}")
    )


def build(tmp_path: Path, files: dict[str, str]) -> Directory:
    checked = load_directory(write_tree(tmp_path, files))
    assert checked.ok, [str(p) for p in checked.problems]
    assert checked.directory is not None
    return checked.directory


@pytest.fixture
def directory(tmp_path: Path) -> Directory:
    return build(
        tmp_path,
        {
            "credentials/acme/_provider.yaml": provider("acme"),
            "credentials/acme/hours-only.yaml": credential(
                "hours-only", ("ects: 2", "hours: 40"), ("level:\n  eqf: 5\n", "")
            ),
            "credentials/acme/ects-given.yaml": credential(
                "ects-given",
                ("ects: 2", "ects: 5\n  hours: 100"),
                ("eqf: 5", "eqf: 6"),
                extra="cost: {amount: 0}\n",
            ),
            "credentials/acme/paid.yaml": credential(
                "paid",
                extra="cost: {amount: 450, currency: EUR}\n"
                "awarding_bodies: [Example University]\ncountries: [NL, BE]\n"
                "stackability:\n  contributes_to: [northwind/msc, acme/ects-given]\n",
            ),
            "credentials/acme/currency-only.yaml": credential(
                "currency-only",
                extra="cost: {currency: EUR}\n"
                "stackability:\n  contributes_to:\n    - northwind/msc\n"
                "    - title: Outside\n      url: https://outside.example/\n",
            ),
            "credentials/northwind/_provider.yaml": provider("northwind", "Northwind", "NL"),
            # Northwind confirms acme/paid; acme/currency-only's claim stays unconfirmed.
            "credentials/northwind/msc.yaml": credential(
                "msc", ("ects: 2", "ects: 60"), extra="stackability:\n  accepts: [acme/paid]\n"
            ),
        },
    )


# --- derived values -----------------------------------------------------------------------------


def test_hours_per_ects_is_the_midpoint_of_the_ects_users_guide() -> None:
    assert HOURS_PER_ECTS == 27.5  # 25 to 30 hours per ECTS credit


def test_ects_converted_from_hours(directory: Directory) -> None:
    listing = directory.listings["acme/hours-only"]
    assert listing.ects == round(40 / 27.5, 1) == 1.5
    assert listing.ects_is_estimated is True


@pytest.mark.parametrize("hours,ects", [(55, 2.0), (27.5, 1.0), (1800, 65.5), (2.75, 0.1)])
def test_ects_conversion_rounds_to_one_decimal(tmp_path: Path, hours: float, ects: float) -> None:
    text = credential("c", ("ects: 2", f"hours: {hours}"))
    built = build(
        tmp_path, {"credentials/acme/_provider.yaml": PROVIDER, "credentials/acme/c.yaml": text}
    )
    assert built.listings["acme/c"].ects == ects


def test_ects_as_given_wins_over_hours(directory: Directory) -> None:
    listing = directory.listings["acme/ects-given"]
    assert (listing.ects, listing.ects_is_estimated) == (5, False)


@pytest.mark.parametrize(
    "key,free",
    [
        ("acme/ects-given", True),
        ("acme/paid", False),
        ("acme/hours-only", None),
        ("acme/currency-only", None),
    ],
)
def test_is_free(directory: Directory, key: str, free: bool | None) -> None:
    assert directory.listings[key].is_free is free


def test_awarding_bodies_and_countries_default_to_the_provider(directory: Directory) -> None:
    listing = directory.listings["acme/hours-only"]
    assert listing.awarding_bodies == ["Acme Training"]
    assert listing.countries == ["IE"]
    msc = directory.listings["northwind/msc"]
    assert (msc.awarding_bodies, msc.countries) == (["Northwind"], ["NL"])


def test_awarding_bodies_and_countries_as_given(directory: Directory) -> None:
    listing = directory.listings["acme/paid"]
    assert listing.awarding_bodies == ["Example University"]
    assert listing.countries == ["NL", "BE"]


def test_derived_lists_are_copies(directory: Directory) -> None:
    listing = directory.listings["acme/paid"]
    listing.countries.append("XX")
    listing.awarding_bodies.append("Nobody")
    assert listing.countries == ["NL", "BE"]
    assert listing.awarding_bodies == ["Example University"]


def test_missing_annex_i_level(directory: Directory) -> None:
    assert directory.listings["acme/hours-only"].missing_annex_i == ["level"]
    assert directory.listings["acme/ects-given"].missing_annex_i == []


def test_validate_warns_of_what_the_site_marks_as_missing(
    tmp_path: Path, directory: Directory
) -> None:
    """One rule: each element a listing's page marks as missing is a warning on its file."""
    warned = {
        (p.path, p.field) for p in load_directory(tmp_path).problems if p.code == "incomplete"
    }
    marked = {
        (listing.path, element)
        for listing in directory.listings.values()
        for element in listing.missing_annex_i
    }
    assert warned == marked == {("credentials/acme/hours-only.yaml", "level")}


# --- reverse links -------------------------------------------------------------------------------


def test_contributors_to(directory: Directory) -> None:
    """Only what the target's provider confirmed: acme/currency-only's claim on
    northwind/msc is not Northwind's word, so Northwind's credential does not list it."""
    assert [x.key for x in directory.contributors_to("northwind/msc")] == ["acme/paid"]
    assert [x.key for x in directory.contributors_to("acme/ects-given")] == ["acme/paid"]
    assert directory.contributors_to("acme/paid") == []
    assert directory.contributors_to("no/such-key") == []


def test_external_qualifications_are_not_reverse_links(directory: Directory) -> None:
    everything = [x.key for key in directory.listings for x in directory.contributors_to(key)]
    assert sorted(everything) == ["acme/paid", "acme/paid"]


def test_a_link_within_one_provider_needs_no_confirmation(directory: Directory) -> None:
    assert directory.is_confirmed("acme/paid", "acme/ects-given")
    assert directory.is_confirmed("acme/anything", "acme/ects-given")


def test_a_link_to_another_provider_is_confirmed_by_its_accepts(directory: Directory) -> None:
    assert directory.is_confirmed("acme/paid", "northwind/msc")
    assert not directory.is_confirmed("acme/currency-only", "northwind/msc")
    assert not directory.is_confirmed("northwind/msc", "acme/paid")  # accepts is one way


def test_counts_towards_and_unconfirmed_claims_split_contributes_to(
    directory: Directory,
) -> None:
    paid, only = directory.listings["acme/paid"], directory.listings["acme/currency-only"]
    assert directory.counts_towards(paid) == ["northwind/msc", "acme/ects-given"]
    assert directory.unconfirmed_claims(paid) == []
    assert directory.counts_towards(only) == []
    assert directory.unconfirmed_claims(only) == ["northwind/msc"]
    # The pathways keep the qualification outside the directory, not the unconfirmed claim.
    assert [getattr(item, "title", item) for item in directory.contributions(only)] == ["Outside"]


def test_a_listing_reads_its_contributes_to_as_its_file_says(directory: Directory) -> None:
    """The one reader of `stackability.contributes_to`: in the file's order, confirmed or
    not, and split into keys and qualifications outside; nothing for a file without it."""
    only, plain = directory.listings["acme/currency-only"], directory.listings["acme/hours-only"]
    named = [item if isinstance(item, str) else item.title for item in only.contributes_to]
    assert named == ["northwind/msc", "Outside"]
    assert only.contributes_to_keys == ["northwind/msc"]
    assert [item.url for item in only.contributes_outside] == ["https://outside.example/"]
    assert plain.contributes_to == plain.contributes_to_keys == plain.contributes_outside == []


# --- pathways ----------------------------------------------------------------------------------

OUTSIDE = {"title": "MSc Outside", "url": "https://uni.example/msc"}


def keys_of(pathway: Pathway) -> tuple[list[str], list[str]]:
    return [item.key for item in pathway.tops], [item.key for item in pathway.members]


def test_pathways_list_each_credential_once_from_the_top_down() -> None:
    """A diamond and a second pathway: every credential once, each after all it counts
    towards; credentials without links are in no pathway."""
    found = pathways(
        linked_directory(
            {
                "acme/a": ["acme/b", "acme/c"],
                "acme/b": ["acme/d"],
                "acme/c": ["acme/d"],
                "acme/d": [],
                "acme/e": [],  # no link
                "acme/f": ["acme/g"],
                "acme/g": [OUTSIDE],
            }
        )
    )
    assert [keys_of(p) for p in found] == [
        (["acme/d"], ["acme/d", "acme/b", "acme/c", "acme/a"]),
        (["acme/g"], ["acme/g", "acme/f"]),
    ]


def test_a_credential_counting_only_outside_the_directory_is_a_pathway_of_its_own() -> None:
    found = pathways(linked_directory({"acme/a": [OUTSIDE], "acme/b": []}))
    assert [keys_of(p) for p in found] == [(["acme/a"], ["acme/a"])]


def test_a_pathway_with_two_tops_starts_with_both() -> None:
    found = pathways(linked_directory({"acme/a": ["acme/x", "acme/y"], "acme/x": [], "acme/y": []}))
    assert [keys_of(p) for p in found] == [(["acme/x", "acme/y"], ["acme/x", "acme/y", "acme/a"])]


def test_pathways_of_a_long_chain_and_of_layers_are_linear() -> None:
    """Longer than Python's recursion limit, and layers with 3 ** 40 paths: each
    credential is listed once and nothing recurses."""
    n = 5000
    chain = {f"acme/c{i:05d}": [f"acme/c{i + 1:05d}"] for i in range(n - 1)}
    (pathway,) = pathways(linked_directory({**chain, f"acme/c{n - 1:05d}": []}))
    assert [item.key for item in pathway.members] == [f"acme/c{i:05d}" for i in reversed(range(n))]

    width, layers = 3, 40
    links = layered_links(layers, width)
    (pathway,) = pathways(linked_directory(links))
    members = [item.key for item in pathway.members]
    assert sorted(members) == sorted(links)
    assert members[:width] == [f"acme/l{layers - 1:05d}-{i:03d}" for i in range(width)]


def test_a_cycle_in_a_directory_made_without_validation_does_not_hang() -> None:
    found = pathways(linked_directory({"acme/a": ["acme/b"], "acme/b": ["acme/a"]}))
    assert [keys_of(p) for p in found] == [(["acme/a"], ["acme/a", "acme/b"])]


# --- stale listings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pinned,stale",
    [("2027-09-29", False), ("2027-09-30", False), ("2027-10-01", True), ("2030-01-01", True)],
)
def test_is_stale_uses_credir_today(
    directory: Directory, monkeypatch: pytest.MonkeyPatch, pinned: str, stale: bool
) -> None:
    monkeypatch.setenv("CREDIR_TODAY", pinned)
    listing = directory.listings["acme/hours-only"]
    assert listing.credential.review_by == dt.date(2027, 9, 30)
    assert listing.is_stale() is stale


def test_is_stale_on_a_given_day(directory: Directory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CREDIR_TODAY", "2000-01-01")
    listing = directory.listings["acme/hours-only"]
    assert listing.is_stale(dt.date(2028, 1, 1)) is True


def test_today_without_a_pin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CREDIR_TODAY", raising=False)
    assert today() == dt.date.today()
    monkeypatch.setenv("CREDIR_TODAY", "2026-02-03")
    assert today() == dt.date(2026, 2, 3)


# --- the Directory as a whole --------------------------------------------------------------------


def test_directory_is_sorted_and_complete(directory: Directory) -> None:
    assert list(directory.listings) == sorted(directory.listings)
    assert list(directory.providers) == ["acme", "northwind"]
    assert directory.provider_paths == {
        "acme": "credentials/acme/_provider.yaml",
        "northwind": "credentials/northwind/_provider.yaml",
    }
    assert [x.key for x in directory.listings_of("northwind")] == ["northwind/msc"]
    assert len(directory.listings_of("acme")) == 4
    for key, listing in directory.listings.items():
        assert listing.key == key
        assert listing.path == f"credentials/{key}.yaml"
        assert listing.provider is directory.providers[key.split("/")[0]]


def test_only_limits_the_report_but_not_the_cross_check(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "credentials/acme/_provider.yaml": PROVIDER,
            "credentials/acme/good.yaml": credential(
                "good", extra="stackability:\n  contributes_to: [acme/other]\n"
            ),
            "credentials/acme/other.yaml": credential("other", ("status: active", "status: gone")),
        },
    )
    everything = load_directory(root)
    assert {p.path for p in everything.problems} == {"credentials/acme/other.yaml"}
    only_good = load_directory(root, [root / "credentials/acme/good.yaml"])
    assert only_good.problems == [] and only_good.ok
    only_folder = load_directory(root, [root / "credentials/acme"])
    assert [p.path for p in only_folder.problems] == ["credentials/acme/other.yaml"]


def test_checked_counts_files(tmp_path: Path, directory: Directory) -> None:
    checked = load_directory(tmp_path)
    assert checked.files == 7  # two providers, five credentials
