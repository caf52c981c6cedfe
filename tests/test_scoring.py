from __future__ import annotations

import warnings

import pytest
from rouge_score import tokenize as rouge_tokenize

from summarize import Score, Scorer, score
from summarize.words import WordTokenizer


def test_umlauts_and_eszett_survive_tokenisation() -> None:
    # rouge-score's own tokenizer drops non-ASCII letters: "Kürze" becomes "k rze".
    assert rouge_tokenize.tokenize("Kürze Straße", None) == ["k", "rze", "stra", "e"]
    assert WordTokenizer("de", stem=False).tokenize("Kürze Straße, Übermaß!") == ["kürze", "straße", "übermaß"]


def test_german_stemming_matches_inflections() -> None:
    tokens = WordTokenizer("de").tokenize("Soldaten Soldat Häuser Haus")
    assert tokens[0] == tokens[1]
    assert tokens[2] == tokens[3]


def test_hand_computed_german_rouge() -> None:
    # Unstemmed tokens: candidate [die, fähre, fährt, ab, mai] (5), reference [die, neue, fähre, fährt, ab, mai, 2027] (7).
    # ROUGE-1 overlap 5: P = 5/5, R = 5/7. ROUGE-2 overlap: die-fähre? no; fähre-fährt, fährt-ab, ab-mai = 3: P = 3/4, R = 3/6.
    scorer = Scorer("de", stem=False)
    result = scorer.score(candidate="Die Fähre fährt ab Mai.", reference="Die neue Fähre fährt ab Mai 2027.")
    assert result["rouge1"] == pytest.approx(Score(1.0, 5 / 7, 2 * (5 / 7) / (1 + 5 / 7)))
    assert result["rouge2"].precision == pytest.approx(3 / 4)
    assert result["rouge2"].recall == pytest.approx(3 / 6)
    assert result["rougeL"].recall == pytest.approx(5 / 7)


def test_hand_computed_english_rouge_with_stemming() -> None:
    # Stemmed: candidate [council, vote, for, tram] vs reference [the, council, vote, on, the, tram]:
    # overlap council, vote, tram = 3: P = 3/4, R = 3/6.
    result = score(candidate="Council voted for trams.", reference="The council votes on the tram.", lang="en")
    assert result["rouge1"].precision == pytest.approx(3 / 4)
    assert result["rouge1"].recall == pytest.approx(3 / 6)


def test_rouge_lsum_uses_bullet_boundaries() -> None:
    reference = ["Die Fähre fährt ab Mai.", "Das Land zahlt viel."]
    swapped = ["Das Land zahlt viel.", "Die Fähre fährt ab Mai."]
    result = score(candidate=swapped, reference=reference, lang="de")
    assert result["rougeLsum"].fmeasure == pytest.approx(1.0)
    assert result["rougeL"].fmeasure < 1.0  # as one sequence the order matters


def test_identical_texts_score_one_and_disjoint_texts_zero() -> None:
    assert score(candidate="Kürze zählt.", reference="Kürze zählt.", lang="de")["rouge2"].fmeasure == 1.0
    assert score(candidate="Kürze zählt.", reference="Nichts anderes.", lang="de")["rouge1"].fmeasure == 0.0


def test_empty_side_scores_zero() -> None:
    assert all(s.fmeasure == 0.0 for s in score(candidate="", reference="Etwas Text.", lang="de").values())
    assert all(s.fmeasure == 0.0 for s in score(candidate=["Etwas Text."], reference=[], lang="de").values())


def test_unknown_rouge_type_is_rejected() -> None:
    with pytest.raises(ValueError, match="rouge3"):
        Scorer("de", rouge_types=("rouge3",))


def test_roles_are_keywords_and_the_positional_form_warns() -> None:
    candidate, reference = ["Die Fähre fährt."], ["Die Fähre fährt ab Mai.", "Das Land zahlt."]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # keywords: no warning
        by_name = score(candidate=candidate, reference=reference, lang="de")
        by_scorer = Scorer("de").score(reference=reference, candidate=candidate)
    assert by_name == by_scorer
    assert by_name["rouge1"].precision == 1.0 and by_name["rouge1"].recall < 1.0  # precision is the candidate's side
    with pytest.warns(DeprecationWarning, match=r"candidate=\.\.\., reference=\.\.\."):
        assert score(candidate, reference) == by_name
    with pytest.warns(DeprecationWarning, match=r"score\(candidate, reference\)"):
        assert score(candidate, reference, "de") == by_name  # the last release's positional lang
    with pytest.warns(DeprecationWarning, match=r"Scorer\.score\(candidate=\.\.\., reference=\.\.\.\)"):
        assert Scorer("de").score(candidate, reference) == by_name


def test_roles_must_be_given_once_each() -> None:
    with pytest.raises(TypeError, match="candidate= and reference="):
        score(candidate="Text.", lang="de")
    with pytest.warns(DeprecationWarning), pytest.raises(TypeError, match="once each"):
        score("Text.", candidate="Text.")
