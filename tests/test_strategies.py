"""The request/answer shape and the tables: strategies, summary methods, languages, words."""

from __future__ import annotations

import pytest

from summarize import GenerationError, Summarizer
from summarize.answers import Checker
from summarize.cli import main
from summarize.languages import FALLBACK_STRATEGY, LANGUAGES, auto_strategy, target
from summarize.models.base import Completion, Prompt
from summarize.requests import Answers, Request, ask
from summarize.source import Source
from summarize.strategies import STRATEGIES, STRATEGY_CHOICES, bullet_strategy, describe_strategies
from summarize.words import WordTokenizer, count_letter_words, count_whitespace_tokens, overlap_coefficient, word_f1
from tests.conftest import ScriptedGenerator

SENTENCES = (
    "Ab Mai 2027 fährt eine Fähre zwischen Konstanz und Friedrichshafen.",
    "Die Überfahrt dauert 45 Minuten.",
    "Das Land zahlt 60 Prozent der Kosten.",
)
SOURCE = Source("de", SENTENCES, (0, 1, 2))


def _prompt(text: str) -> Prompt:
    return Prompt(system="s", user=text, seq2seq=text)


def test_ask_sends_every_job_in_one_call_and_groups_answers_by_tag() -> None:
    generator = ScriptedGenerator([(r"^(\w+)", "")])
    generator._answer = lambda user: user.upper()  # type: ignore[method-assign]
    jobs = {
        "one": [Request("a", _prompt("x")), Request("b", _prompt("y")), Request("a", _prompt("z"))],
        "empty": [],
        "two": [Request("a", _prompt("w"))],
    }
    answers = ask(generator, jobs, max_new_tokens=5)
    assert [p.user for p in generator.calls[0]] == ["x", "y", "z", "w"]  # one call, jobs and requests in order
    assert [c.text for c in answers["one"]["a"]] == ["X", "Z"] and answers["one"].one("b").text == "Y"
    assert answers["empty"] == {} and answers["two"].one("a").text == "W"
    assert answers["one"]["never asked"] == []
    with pytest.raises(ValueError):
        answers["one"].one("a")  # two answers under one tag


def test_ask_without_requests_calls_no_model_and_a_short_answer_list_is_an_error() -> None:
    generator = ScriptedGenerator([])
    assert ask(generator, {"x": []}, max_new_tokens=5) == {"x": Answers()} and generator.calls == []
    generator.generate = lambda prompts, max_new_tokens: []  # type: ignore[method-assign]
    with pytest.raises(GenerationError):
        ask(generator, {"x": [Request("a", _prompt("q"))]}, max_new_tokens=5)


def test_each_strategy_asks_for_its_rows_and_chooses_from_its_tags() -> None:
    rows = {name: [r.tag for r in cls().requests(SOURCE, "de", 3)] for name, cls in STRATEGIES.items()}
    assert rows == {"key_sentences": [], "compressed": ["shorten_bullet"] * 3, "answer": ["bullets"], "lead": ["bullets", "lead"],
                    "consensus": ["bullets", "detailed", "lead", "lead", "lead"]}  # fmt: skip
    checker = Checker(SOURCE, "de")
    answers = Answers(bullets=[Completion("- Die Überfahrt dauert 45 Minuten.\n- Das Land zahlt 60 Prozent der Kosten.")],
                      lead=[Completion("Ab Mai 2027 fährt eine Fähre über den See.")])  # fmt: skip
    lead_first = STRATEGIES["lead"]().choose(answers, checker, 3)
    assert lead_first[0].text == "Ab Mai 2027 fährt eine Fähre über den See." and len(lead_first) == 3
    assert [b.text for b in STRATEGIES["answer"]().choose(answers, checker, 3)] == list(SENTENCES[1:])


def test_the_strategy_table_feeds_auto_the_cli_and_the_summarizer(capsys: pytest.CaptureFixture[str]) -> None:
    assert STRATEGY_CHOICES == ("auto", "key_sentences", "compressed", "answer", "lead", "consensus")
    assert type(bullet_strategy("auto", "de")).name == LANGUAGES["de"].auto_strategy == "key_sentences"
    assert type(bullet_strategy("auto", "en")).name == "key_sentences"
    assert auto_strategy("fr") == FALLBACK_STRATEGY == type(bullet_strategy("auto", "fr")).name
    assert all(record.auto_strategy in STRATEGIES for record in LANGUAGES.values())
    for name in STRATEGIES:
        Summarizer(generator=ScriptedGenerator([]), bullet_strategy=name)
        assert f"{name}: {STRATEGIES[name].description}" in describe_strategies()
    with pytest.raises(SystemExit):
        main(["--bullet-strategy", "vote", "x.txt"])
    assert "consensus" in capsys.readouterr().err  # the choices come from the table


def test_language_records() -> None:
    assert target("de").heading == "Das Wichtigste in Kürze" and target("en").heading == "Key points"
    assert target("de").is_common_noun("Bundesbehörden") and target("en").is_common_noun is None
    assert target("de").example is not None and target("en").example is None
    with pytest.raises(ValueError, match="unsupported output language"):
        target("fr")


def test_word_counts_say_what_they_count() -> None:
    assert count_whitespace_tokens("12 345 😀 Haus.") == 4  # tokens, whatever they hold
    assert count_letter_words("12 345 😀 Haus.") == 1  # only words with letters
    assert count_letter_words("東京大学") == 2  # two characters a word where words are not spaced


def test_overlap_measures() -> None:
    assert overlap_coefficient({"a", "b"}, {"a", "b", "c", "d"}) == 1.0  # contained in the longer one
    assert overlap_coefficient({"a"}, set()) == 0.0 and overlap_coefficient(set(), set()) == 0.0
    tokenizer = WordTokenizer("de")
    assert word_f1("Die Fähre fährt.", "Die Fähre fährt.", tokenizer) == 1.0
    assert word_f1("Die Fähre fährt.", "Kein Wort gleich.", tokenizer) == 0.0
