from __future__ import annotations

from summarize import detect_language

GERMAN = "Die Bundesregierung hat am Dienstag in Berlin ein neues Gesetz zum Klimaschutz beschlossen."
ENGLISH = "The government approved a new climate protection law in Berlin on Tuesday."


def test_detects_german_and_english() -> None:
    assert detect_language(GERMAN).lang == "de"
    assert detect_language(ENGLISH).lang == "en"
    assert detect_language(GERMAN).reliable


def test_other_scripts() -> None:
    assert detect_language("Правительство в Берлине во вторник приняло новый закон о защите климата.").lang == "ru"
    assert detect_language("Le gouvernement a adopté mardi à Berlin une nouvelle loi sur la protection du climat.").lang == "fr"


def test_same_text_same_answer() -> None:
    mixed = "Das ist ein kurzer Satz. This is a short sentence."
    assert len({detect_language(mixed) for _ in range(20)}) == 1


def test_short_text_is_flagged_unreliable() -> None:
    guess = detect_language("Hallo")
    assert not guess.reliable


def test_no_letters_is_undetermined() -> None:
    guess = detect_language("12345 😀 !!!")
    assert guess.lang == "und" and guess.probability == 0.0 and not guess.reliable


def test_to_dict() -> None:
    assert detect_language(GERMAN).to_dict()["lang"] == "de"
