"""Deletion-only compression checks, clause trimming and the finite-verb check."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summarize.compression import check_deletion, has_direct_speech, is_subsequence, tokens
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


def test_a_full_stop_may_replace_other_end_punctuation() -> None:
    source = "Die neue Fähre fährt ab Mai jeden Tag zwischen Konstanz und Friedrichshafen über den See!"
    assert check_deletion("Die neue Fähre fährt ab Mai zwischen Konstanz und Friedrichshafen über den See.", source, "de")


@pytest.mark.parametrize(
    ("candidate", "added"),
    [("Die Überfahrt soll >45 Minuten dauern.", ">"), ("Die Überfahrt soll ~45 Minuten dauern.", "~"),
     ("Die Überfahrt soll -45 Minuten dauern.", "-"), ("Die Überfahrt soll 45 € Minuten dauern.", "€"),
     ("Die Überfahrt soll 45 Minuten dauern?", "?")],
)  # fmt: skip
def test_added_signs_fail(candidate: str, added: str) -> None:
    source = "Die Überfahrt soll 45 Minuten dauern und damit deutlich kürzer sein als die Fahrt mit dem Auto."
    assert check_deletion("Die Überfahrt soll 45 Minuten dauern.", source, "de")
    assert check_deletion(candidate, source, "de").reason == f"adds {added}"


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


# Shortenings the blind reading of issue 12 judged "partly supported" or "not fluent" (docs/benchmarks/judged/),
# each now rejected by a rule of check_deletion.
@pytest.mark.parametrize(
    ("source", "candidate", "lang", "reason"),
    [
        ("Carola Rackete gilt vielen als Heldin, als Kapitänin der Herzen.",
         "Carola Rackete gilt als Heldin, als Kapitänin der Herzen.", "de", "drops vielen"),
        ("Am Montag war die Gemeinschaftswährung zeitweise nur noch 1,18 Dollar wert.",
         "Am Montag war die Gemeinschaftswährung nur noch 1,18 Dollar wert.", "de", "drops zeitweise"),
        (("Mittlerweile haben sich die Minister in ihrem neuen Job eingefunden - die einen mit mehr, die anderen "
          "mit weniger Erfolg."), "Mittlerweile haben sich die Minister in ihrem neuen Job eingefunden - die einen mit mehr.",
         "de", "cuts the sentence's end"),
        ("Masters Wednesday began on a sombre note when Australian Marc Leishman withdrew from the tournament.",
         "Masters Wednesday began on a sombre note when Australian Marc Leishman.", "en", "cuts the sentence's end"),
        ("Wie Michael Kretschmer sagt, der das nicht mehr hören mag, bleibt es dabei.",
         "Michael Kretschmer nicht mehr hören mag, bleibt es dabei.", "de", "cuts the sentence's start"),
        ('"Fußball ist ein tolles Spiel", sagte Gisdol am Donnerstag.', "Fußball ist ein tolles Spiel.", "de",
         "shortens direct speech"),
    ],
)  # fmt: skip
def test_judged_bad_shortenings_are_rejected(source: str, candidate: str, lang: str, reason: str) -> None:
    assert check_deletion(candidate, source, lang).reason == reason


@pytest.mark.parametrize(
    ("source", "candidate", "lang"),
    [
        # an introductory phrase set off by a comma, and a conjunction before the clause
        ("On Monday, police arrested a man in Leeds.", "Police arrested a man in Leeds.", "en"),
        ("Und vielleicht müsste man sich jetzt fragen, was das über unsere Zeit aussagt.",
         "Vielleicht müsste man sich jetzt fragen, was das über unsere Zeit aussagt.", "de"),
        # a coordinated verb phrase after a complete clause
        ("Police arrested a man on Monday and seized drugs worth thousands.", "Police arrested a man on Monday.", "en"),
        # a scope word in a coordinated clause that is cut away
        ("Die Fähre soll im Sommer fahren und wird oft von vielen Touristen genutzt.", "Die Fähre soll im Sommer fahren.",
         "de"),
    ],
)  # fmt: skip
def test_clause_level_cuts_pass(source: str, candidate: str, lang: str) -> None:
    assert check_deletion(candidate, source, lang)


def test_a_cut_inside_a_coordinated_object_is_rejected() -> None:
    source = "He bought fresh apples and pears at the market."
    assert check_deletion("He bought fresh apples.", source, "en").reason == "cuts the sentence's end"



def test_a_trailing_clause_is_never_cut() -> None:
    # "als" and relative clauses often carry the claim ("Was waren das für Zeiten, als ...") or resolve a
    # forward reference ("zu denen ..., die"): the blind reading found such cuts partly supported.
    source = "Allerdings gehört sie auch zu denen in der Union, die seit Jahren eine Reform fordern."
    assert check_deletion("Allerdings gehört sie auch zu denen in der Union.", source, "de").reason == (
        "cuts the sentence's end"
    )
    source = "Indien hat zwar die größten Geldscheine abgeschafft, aber die Wirtschaft hängt weiter am Bargeld."
    assert not check_deletion("Indien hat zwar die größten Geldscheine abgeschafft.", source, "de")


@pytest.mark.parametrize(
    ("sentence", "quoted"),
    [
        ("„Wir schaffen das“, sagte sie.", True),
        ("He called it 'a disgrace' on Monday.", True),
        ("She said ‘no’ to the offer.", True),
        ("The company’s profits rose by 4%.", False),  # an apostrophe, not a quote
        ("Jones' car was hit by a bus.", False),
    ],
)
def test_direct_speech_is_told_from_apostrophes(sentence: str, quoted: bool) -> None:
    assert has_direct_speech(sentence) is quoted
