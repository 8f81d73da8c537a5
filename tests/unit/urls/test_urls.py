"""Page addresses per interface language: English at the root, the others under /<lang>/."""

from __future__ import annotations

import pytest

from generator.urls import INTERFACE_LANGUAGES, ROOT_LANGUAGE, credential_url, localised_url


def test_english_is_at_the_root_and_every_other_language_under_its_code() -> None:
    page = credential_url("stepova-digital-academy/frontend-development-basics")
    assert (
        localised_url(page, "en")
        == page
        == ("credentials/stepova-digital-academy/frontend-development-basics/")
    )
    assert localised_url(page, "uk") == f"uk/{page}"
    assert localised_url("", "nb") == "nb/"  # the home page
    others = [localised_url(page, lang) for lang in INTERFACE_LANGUAGES if lang != ROOT_LANGUAGE]
    assert others == [f"{lang}/{page}" for lang in ("de", "fr", "uk", "nb")]


@pytest.mark.parametrize("lang", ["es", "EN", "", "en-GB"])
def test_a_language_without_pages_has_no_address(lang: str) -> None:
    with pytest.raises(ValueError, match="not an interface language"):
        localised_url("credentials/a/b/", lang)
