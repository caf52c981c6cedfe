from __future__ import annotations

import pytest

from summarize.lexicon import is_german_common_noun


@pytest.mark.parametrize("word", ["Karte", "Unterstützung", "Kinder", "Bundesbehörden", "Gemeinderats-Sitzung"])
def test_nouns_inflected_forms_and_compounds_are_common(word: str) -> None:
    assert is_german_common_noun(word)


@pytest.mark.parametrize("word", ["Merkel", "Moskau", "Scholz", "Nordkorea", "Hoffmann", "USA"])
def test_names_places_and_abbreviations_are_not(word: str) -> None:
    assert not is_german_common_noun(word)
