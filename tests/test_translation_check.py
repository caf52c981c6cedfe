"""Checks of one translated sentence against the sentence it translates."""

from __future__ import annotations

import pytest

from summarize.translation_check import check_translation, has_negation

DE = "Die US-Regierung sprach am Freitag von bis zu 8.000 Soldaten aus Nordkorea in der Region Kursk."
EN = "On Friday the US government spoke of up to 8,000 soldiers from North Korea in the Kursk region."


def test_a_faithful_translation_passes() -> None:
    assert check_translation(EN, DE, source_lang="de", target_lang="en")


@pytest.mark.parametrize(
    ("output", "reason"),
    [
        ("On Friday the US government spoke of up to 80,000 soldiers from North Korea in Kursk.", "numbers differ"),
        ("On Friday the US government spoke of soldiers from North Korea in the Kursk region.", "numbers differ"),
        ("On Friday President Biden spoke of up to 8,000 soldiers from North Korea in Kursk.",
         "names not in the source: President, Biden"),
        ("On Friday the US government spoke of up to 8,000 Soldaten from North Korea in the Kursk region.",
         "untranslated: Soldaten"),
        ("8,000 soldiers.", "length ratio 0.12"),
        ("On Friday the US government spoke of up to 8,000 soldiers, paid 8,000 euros, in the Kursk region.",
         "currencies differ"),
        ("On Friday the US government spoke of up to 8,000 soldiers from North Korea. They were in Kursk.",
         "sentences added"),
    ],
)
def test_unfaithful_translations_fail(output: str, reason: str) -> None:
    assert check_translation(output, DE, source_lang="de", target_lang="en").reason == reason


def test_a_lost_negation_fails() -> None:
    source = "Putin hat die Anwesenheit nordkoreanischer Soldaten nicht bestritten."
    assert check_translation("Putin did not deny the presence of North Korean soldiers.", source,
                             source_lang="de", target_lang="en")  # fmt: skip
    result = check_translation("Putin denied the presence of North Korean soldiers.", source, source_lang="de",
                               target_lang="en")  # fmt: skip
    assert result.reason == "negation lost or added"


def test_english_words_left_in_german_text() -> None:
    source = "Police arrested the suspect on Monday."
    result = check_translation("Die Polizei hat the suspect am Montag festgenommen.", source, source_lang="en",
                               target_lang="de")  # fmt: skip
    assert result.reason == "untranslated: the, suspect"
    assert check_translation("Die Polizei nahm den Verdächtigen am Montag fest.", source, source_lang="en",
                             target_lang="de")  # fmt: skip


def test_negation_words() -> None:
    assert has_negation("He didn't go.", "en") and has_negation("Er kam nie.", "de")
    assert not has_negation("Er kam pünktlich.", "de")


@pytest.mark.parametrize(
    ("output", "source", "source_lang", "target_lang"),
    [
        ("Commuters on Lake Constance get a new ferry.", "Pendler am Bodensee bekommen eine neue Fähre.", "de", "en"),
        ("The German government met in Munich on Monday.", "Die deutsche Regierung traf sich am Montag in München.",
         "de", "en"),
        ("Die Regierung in Deutschland tagte in Köln.", "The government in Germany met in Cologne.", "en", "de"),
    ],
)
def test_place_names_differ_across_languages(output: str, source: str, source_lang: str, target_lang: str) -> None:
    assert check_translation(output, source, source_lang=source_lang, target_lang=target_lang)
