"""Deletion-only compression checks, clause trimming and the finite-verb check."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summarize.compression import check_deletion, is_subsequence, tokens, trim_at_clause
from summarize.fluency import has_finite_verb, is_full_sentence

SOURCE_DE = (
    "Der Leiter des ukrainischen Zentrums zur Bekämpfung von Desinformation, Andriy Kovalenko, schrieb am Montag "
    "auf Telegram, es seien erste Militärangehörige Nordkoreas in der russischen Region Kursk unter Beschuss geraten."
)


def test_a_deletion_passes() -> None:
    short = "Andriy Kovalenko schrieb am Montag, erste Militärangehörige Nordkoreas seien unter Beschuss geraten."
    assert not check_deletion(short, SOURCE_DE, "de")  # "seien" moved: reordering is not deletion
    short = "Kovalenko schrieb auf Telegram, es seien erste Militärangehörige Nordkoreas unter Beschuss geraten."
    assert check_deletion(short, SOURCE_DE, "de")


def test_changed_or_added_words_fail() -> None:
    result = check_deletion("Kovalenko schrieb, Nordkorea habe Kursk angegriffen.", SOURCE_DE, "de")
    assert not result and result.reason == "adds or changes words"


@pytest.mark.parametrize(
    ("source", "candidate", "lang", "lost"),
    [
        ("Die Polizei hat den Mann nicht festgenommen.", "Die Polizei hat den Mann festgenommen.", "de", "nicht"),
        ("Bis zu 8.000 Soldaten sollen in Kursk stehen.", "8.000 Soldaten sollen in Kursk stehen.", "de", "bis zu"),
        ("Nach Angaben der Polizei war der Fahrer betrunken.", "Der Fahrer war betrunken.", "de", None),
        ("Police said more than 300 people fled over the border.", "Police said 300 people fled over the border.",
         "en", "more than"),
        ("The former president was reportedly arrested.", "The president was arrested on Monday.", "en", None),
        ("The former president was reportedly arrested on Monday.", "The president was arrested on Monday.", "en",
         "former, reportedly"),
    ],
)
def test_protected_words_must_survive(source: str, candidate: str, lang: str, lost: str | None) -> None:
    result = check_deletion(candidate, source, lang)
    assert not result
    if lost:
        assert result.reason == f"drops {lost}"


def test_dropping_a_clause_with_common_words_passes() -> None:
    source = (
        "Die Überfahrt soll 45 Minuten dauern und damit deutlich kürzer sein als die Fahrt mit dem Auto, "
        "für die Pendler oft mehr als eineinhalb Stunden brauchen."
    )
    assert check_deletion("Die Überfahrt soll 45 Minuten dauern.", source, "de")


def test_first_word_may_change_case_only() -> None:
    assert is_subsequence(["Der", "Mann", "kam"], ["Laut", "Polizei", "kam", "der", "Mann", "kam"])
    assert not is_subsequence(["Mann", "der"], ["der", "Mann"])


def test_too_short_fails() -> None:
    assert check_deletion("Kovalenko schrieb.", SOURCE_DE, "de").reason == "too short"


@given(st.lists(st.sampled_from("a b c d e f g".split()), min_size=4, max_size=12), st.data())
def test_any_deletion_is_a_subsequence(words: list[str], data: st.DataObject) -> None:
    keep = data.draw(st.lists(st.booleans(), min_size=len(words), max_size=len(words)))
    kept = [w for w, k in zip(words, keep) if k]
    assert is_subsequence(kept, words)


def test_tokens_keep_numbers_and_compounds() -> None:
    assert tokens("Die US-Regierung sprach von 8.000 Soldaten (4,5 %).") == [
        "Die", "US-Regierung", "sprach", "von", "8.000", "Soldaten", "4,5",
    ]  # fmt: skip


def test_trim_at_clause_cuts_a_trailing_relative_clause() -> None:
    sentence = "Die Stadt baut zwei neue Parkplätze am Stadtrand, die ab dem Sommer 2026 für Pendler offen sein sollen."
    assert trim_at_clause(sentence, "de", max_words=10) == "Die Stadt baut zwei neue Parkplätze am Stadtrand."


def test_trim_at_clause_never_cuts_a_that_clause() -> None:
    assert trim_at_clause("The minister denied on Monday, that the army had entered the town at night.", "en",
                          max_words=8) is None  # fmt: skip


@pytest.mark.parametrize(
    ("sentence", "lang", "full"),
    [
        ("Die Halle fast immer voll.", "de", False),
        ("Die Halle ist fast immer voll.", "de", True),
        ("Nach ukrainischen Angaben kam es jetzt zu ersten Kampfhandlungen.", "de", True),
        ("Two men injured in crash.", "en", False),
        ("Two men were injured in a crash.", "en", True),
        ("Police arrested a man on Monday.", "en", True),
        ("Ceci n'est pas vérifiable.", "fr", True),
    ],
)
def test_finite_verb(sentence: str, lang: str, full: bool) -> None:
    assert has_finite_verb(sentence, lang) is full


@pytest.mark.parametrize(
    ("sentence", "lang", "full"),
    [
        ("Und vielleicht müsste man sich fragen, was das aussagt, wenn eine Kommandantin.", "de", False),
        ("Man müsste sich fragen, was das aussagt, wenn eine Kommandantin gefeiert wird.", "de", True),
        ("Die Stadt baut Parkplätze, die ab 2026 offen sind.", "de", True),
        ("Police said the man fled, after the crash.", "en", True),
        ("Police said the man fled, because the driver.", "en", False),
    ],
)
def test_a_sentence_cut_inside_a_clause_is_not_full(sentence: str, lang: str, full: bool) -> None:
    assert is_full_sentence(sentence, lang) is full
