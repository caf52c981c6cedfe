"""Consensus (minimum-Bayes-risk) selection of key facts among several answers."""

from __future__ import annotations

from summarize.consensus import consensus_scores, in_source_order, select_by_consensus
from summarize.words import WordTokenizer

TOKENIZER = WordTokenizer("de")
LEAD = "Die Stadt baut eine neue Brücke über den Rhein. Sie kostet 40 Millionen Euro."


def _never_copy(text: str, chosen: list[str]) -> bool:
    return text in chosen


def _select(answers: list[list[str]], n: int = 2, **kwargs) -> list[str]:
    return select_by_consensus(answers, n, text=str, lead=LEAD, tokenizer=TOKENIZER, is_copy=_never_copy, **kwargs)


def test_a_fact_that_other_answers_repeat_beats_one_only_a_single_answer_has() -> None:
    answers = [
        ["Der Bürgermeister trägt einen roten Schal.", "Die Brücke kostet 40 Millionen Euro."],
        ["Die neue Brücke kostet 40 Millionen Euro."],
        ["Für 40 Millionen Euro entsteht eine Brücke."],
    ]
    assert _select(answers, n=1, lead_weight=0.0) == ["Die Brücke kostet 40 Millionen Euro."]


def test_the_lead_counts_as_evidence() -> None:
    answers = [["Der Bürgermeister trägt einen roten Schal."], ["Die Stadt baut eine Brücke über den Rhein."]]
    scores = consensus_scores(answers, LEAD, TOKENIZER, lead_weight=1.0)
    assert scores[1][0] > scores[0][0]
    assert _select(answers, n=1, lead_weight=1.0) == ["Die Stadt baut eine Brücke über den Rhein."]


def test_copies_are_picked_once_and_fewer_candidates_give_fewer_picks() -> None:
    same = "Die Brücke kostet 40 Millionen Euro."
    assert _select([[same], [same], [same]], n=3) == [same]
    assert _select([[], []], n=3) == []


def test_scores_keep_the_shape_of_the_answers() -> None:
    answers = [["Ein Satz.", "Noch ein Satz."], [], ["Ein dritter Satz."]]
    assert [len(row) for row in consensus_scores(answers, LEAD, TOKENIZER)] == [2, 0, 1]


def test_chosen_facts_are_told_in_the_articles_order() -> None:
    sentences = ["Die Stadt baut eine Brücke.", "Sie kostet 40 Millionen Euro.", "Der Bau beginnt im Mai."]
    items = ["Baubeginn ist im Mai.", "The bridge opens in 2030.", "Die Brücke kostet 40 Millionen.", "Die Stadt baut eine Brücke."]
    ordered = in_source_order(items, sentences, text=str, tokenizer=TOKENIZER)
    assert ordered == ["Die Stadt baut eine Brücke.", "Die Brücke kostet 40 Millionen.", "Baubeginn ist im Mai.", "The bridge opens in 2030."]
