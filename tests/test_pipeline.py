"""The pipeline's parsing, checking and repair of model answers, with scripted answers."""

from __future__ import annotations

import json

import pytest

from summarize import EmptyInputError, InvalidInputError
from summarize.answers import Checker
from summarize import Summarizer as _Summarizer
from summarize.article import parse_article
from summarize.scoring import score
from summarize.source import Source, build_source
from summarize.text import split_sentences
from tests.conftest import ScriptedGenerator

def Summarizer(*args, **kwargs) -> _Summarizer:  # noqa: N802 - stands in for the class
    """These tests cover the strategies that use the model's own answers (the defaults before the
    compressed ones): the German article's "lead" and the abstractive summary, named explicitly."""
    kwargs.setdefault("bullet_strategy", "lead")
    kwargs.setdefault("summary_method", "abstractive")
    return _Summarizer(*args, **kwargs)


GOOD_DE = "Ab Mai 2027 fährt eine elektrische Fähre zwischen Konstanz und Friedrichshafen. Die Fahrt dauert 45 Minuten."
GOOD_EN = "From May 2027 an electric ferry will run between Konstanz and Friedrichshafen. The crossing takes 45 minutes."
GOOD_BULLETS = (
    "- Ab Mai 2027 fährt eine Fähre zwischen Konstanz und Friedrichshafen.\n"
    "- Die Überfahrt dauert 45 Minuten.\n"
    "- Das Land zahlt 60 Prozent der Kosten."
)


GOOD_LEAD = "Pendler am Bodensee bekommen eine neue Fährverbindung."


def _script(
    summary_de: str = GOOD_DE, summary_en: str = GOOD_EN, bullets: str = GOOD_BULLETS, rewrite: str = "",
    lead: str = GOOD_LEAD,
):  # fmt: skip
    return [
        (r"^Satz:|^Sentence:", rewrite),
        (r"Satz aus dem Artikel", lead),
        (r"Fasse den Artikel", summary_de),
        (r"Summarise the article", summary_en),
        (r"wichtigsten Fakten|most important facts", bullets),
    ]


def _run(example_text: str, **answers: str):
    generator = ScriptedGenerator(_script(**answers))
    return Summarizer(generator=generator).summarize(example_text), generator


def test_good_answers_are_used_as_generated(example_text: str) -> None:
    result, generator = _run(example_text)
    assert result.language.lang == "de"
    assert result.summary_de == GOOD_DE and result.summary_en == GOOD_EN
    assert result.bullet_texts == [GOOD_LEAD, *(line[2:] for line in GOOD_BULLETS.splitlines()[:2])]
    assert [b.origin for b in result.bullets] == ["generated"] * 3
    assert result.origins == {"summary_de": "generated", "summary_en": "generated"}
    assert len(generator.calls) == 1 and len(generator.calls[0]) == 4  # one batched call: 2 summaries, bullets, lead
    box = parse_article(example_text).reference_bullets
    assert result.rouge == score(candidate=result.bullet_texts, reference=box, lang="de")  # scored against the example's box


def test_box_never_reaches_the_model(example_text: str) -> None:
    _, generator = _run(example_text)
    box_bullet = "Das Land Baden-Württemberg übernimmt 60 Prozent der Kosten von 38 Millionen Euro."
    for prompt in generator.calls[0]:
        assert box_bullet not in prompt.user
        assert "Pendler am Bodensee" in prompt.user


def test_preamble_numbering_and_extra_bullets_are_repaired(example_text: str) -> None:
    answer = (
        "Hier sind die drei wichtigsten Fakten:\n1. Ab Mai 2027 fährt eine Fähre über den See.\n"
        "2. Die Überfahrt dauert 45 Minuten\n3. Das Land zahlt 60 Prozent der Kosten.\n4. Die Fähre ist elektrisch."
    )
    result, _ = _run(example_text, bullets=answer, lead="")
    repaired = {
        "Ab Mai 2027 fährt eine Fähre über den See.": "generated",
        "Die Überfahrt dauert 45 Minuten.": "repaired",  # full stop added
        "Das Land zahlt 60 Prozent der Kosten.": "generated",
        "Die Fähre ist elektrisch.": "generated",
    }
    assert len(result.bullets) == 3
    assert all(repaired[b.text] == b.origin for b in result.bullets)


def test_duplicates_invented_numbers_and_wrong_language_are_rejected(example_text: str) -> None:
    answer = (
        "- Ab Mai 2027 fährt eine Fähre über den See.\n- Ab Mai 2027 fährt eine Fähre über den See nach Konstanz.\n"
        "- Die Fähre kostet 99 Millionen Euro.\n- The ferry will carry up to 300 passengers every hour."
    )
    result, generator = _run(example_text, bullets=answer, lead="", rewrite="Die Fähre nimmt bis zu 300 Fahrgäste auf.")
    texts = [b.text for b in result.bullets]
    assert len(texts) == 3 and texts[0] == "Ab Mai 2027 fährt eine Fähre über den See."
    assert not any("99" in t or "ferry" in t for t in texts)
    assert len(generator.calls) == 2  # a second, sentence-level pass filled the gaps
    assert "repaired" in {b.origin for b in result.bullets}


def test_empty_answers_fall_back_to_extracted_sentences(example_text: str) -> None:
    result, _ = _run(example_text, summary_de="", summary_en="", bullets="", lead="")
    assert len(result.bullets) == 3
    assert {b.origin for b in result.bullets} == {"extracted"}
    assert result.origins["summary_de"] == "extracted" and result.summary_de
    assert len({b.text for b in result.bullets}) == 3


def test_summary_with_unsupported_sentence_is_repaired(example_text: str) -> None:
    result, _ = _run(example_text, summary_de=GOOD_DE + " Bürgermeister Schulze eröffnet die Linie 2031.")
    assert result.summary_de == GOOD_DE
    assert result.origins["summary_de"] == "repaired"


def test_bullet_count_and_language_are_configurable(example_text: str) -> None:
    answer = "- The ferry starts in May 2027.\n- The crossing takes 45 minutes.\n- The state pays 60 percent.\n- Tickets cost 9.50 euros."
    generator = ScriptedGenerator(_script(bullets=answer))
    result = Summarizer(generator=generator, bullets=4, bullets_language="en").summarize(example_text)
    assert result.bullets_language == "en"
    assert [b.text for b in result.bullets][-1] == "Tickets cost 9.50 euros."
    assert len(result.bullets) == 4


def test_other_languages_get_german_bullets() -> None:
    french = (
        "Le conseil municipal de Lyon a voté mardi la construction d'une nouvelle ligne de tramway. "
        "Le projet coûtera 240 millions d'euros et doit ouvrir en 2029. La région paiera la moitié des coûts."
    )
    result = Summarizer(generator=ScriptedGenerator(_script())).summarize(french)
    assert result.language.lang == "fr"
    assert result.bullets_language == "de"
    assert len(result.bullets) == 3


def test_result_is_json_ready(example_text: str) -> None:
    result, _ = _run(example_text)
    data = json.loads(json.dumps(result.to_dict()))
    assert data["bullets"][0] == {"text": result.bullets[0].text, "origin": "generated", "source": None}
    assert data["language"]["lang"] == "de"
    assert set(data["rouge"]) == {"rouge1", "rouge2", "rougeL", "rougeLsum"}


def test_long_articles_are_cut_to_salient_sentences_not_truncated(example_text: str) -> None:
    generator = ScriptedGenerator(_script())
    result = Summarizer(generator=generator, source_tokens=120).summarize(example_text)
    prompt = generator.calls[0][0].user
    assert 0 < result.sentences_read < result.sentences_total
    assert "Pendler am Bodensee" in prompt  # the lead stays
    assert generator.count_tokens(prompt) < 200


@pytest.mark.parametrize("text", ["", "   \n\t ", "\x00\x00", "<p></p>"])
def test_empty_input_is_a_clear_error(text: str) -> None:
    with pytest.raises(EmptyInputError):
        Summarizer(generator=ScriptedGenerator([])).summarize(text)


@pytest.mark.parametrize("text", ["Hallo", "12345 678", "😀 😀 😀 😀"])
def test_too_short_input_is_a_clear_error(text: str) -> None:
    with pytest.raises(InvalidInputError):
        Summarizer(generator=ScriptedGenerator([])).summarize(text)


def test_invalid_options_are_rejected() -> None:
    with pytest.raises(InvalidInputError):
        Summarizer(bullets=0)
    with pytest.raises(InvalidInputError):
        Summarizer(bullets_language="fr")
    with pytest.raises(InvalidInputError, match="bullet_strategy"):
        Summarizer(bullet_strategy="vote")  # type: ignore[arg-type]


def test_summarize_many_keeps_going_after_a_failure(example_text: str) -> None:
    summarizer = Summarizer(generator=ScriptedGenerator(_script()))
    results = list(summarizer.summarize_many([example_text, "", example_text]))
    assert isinstance(results[1], EmptyInputError)
    assert results[0].summary_de == results[2].summary_de == GOOD_DE


def test_bullets_language_can_be_set_per_article(example_text: str) -> None:
    answer = "- The ferry starts in May 2027.\n- The crossing takes 45 minutes.\n- The state pays 60 percent."
    summarizer = Summarizer(generator=ScriptedGenerator(_script(bullets=answer)))
    result = summarizer.summarize(example_text, bullets_language="en")
    assert result.bullets_language == "en"
    assert [b.origin for b in result.bullets] == ["generated"] * 3
    with pytest.raises(InvalidInputError):
        summarizer.summarize(example_text, bullets_language="xx")


def test_summary_quoting_the_article_in_the_wrong_language_is_rejected(example_text: str) -> None:
    quoted = 'The sentence is: "Pendler am Bodensee können sich auf eine neue Verbindung über den See freuen.'
    result, generator = _run(example_text, summary_en=quoted, rewrite="Commuters get a new ferry across the lake.")
    assert result.summary_en == "Commuters get a new ferry across the lake."
    assert result.origins["summary_en"] == "repaired"
    assert any(p.user.startswith("Sentence:") for p in generator.calls[1])  # rewritten sentence by sentence


def test_the_headline_is_read_with_the_article(example_text: str) -> None:
    _, generator = _run(example_text)
    headline = "Überschrift: Bodensee-Region bekommt neue Fährverbindung zwischen Konstanz und Friedrichshafen"
    first_pass = generator.calls[0]
    assert all(prompt.user.startswith(headline) for prompt in first_pass)


def test_a_given_title_is_used_and_its_names_count_as_supported(example_text: str) -> None:
    body = example_text.split("\n\n", 1)[1]
    named = "Betreiber der Fähre ist Bodania."
    bullets = f"- {named}\n- Die Überfahrt dauert 45 Minuten.\n- Das Land zahlt 60 Prozent der Kosten."
    generator = ScriptedGenerator(_script(bullets=bullets))
    result = Summarizer(generator=generator).summarize(body, title="  Bodania startet  Fähre ")
    assert result.title == "Bodania startet Fähre"
    assert generator.calls[0][0].user.startswith("Überschrift: Bodania startet Fähre\n")
    assert named in result.bullet_texts
    untitled = Summarizer(generator=ScriptedGenerator(_script(bullets=bullets))).summarize(body)
    assert named not in untitled.bullet_texts  # a name the article never mentions


def test_a_title_that_is_not_text_is_a_clear_error(example_text: str) -> None:
    with pytest.raises(InvalidInputError, match="title"):
        Summarizer(generator=ScriptedGenerator([])).summarize(example_text, title=42)  # type: ignore[arg-type]


def test_bullets_are_the_facts_the_answers_agree_on(example_text: str) -> None:
    outlier = "Eine Entscheidung über eine Linie nach Überlingen fällt frühestens 2029."
    script = [
        (r"10 bis 20 Wörtern", "- Die Überfahrt zwischen Konstanz und Friedrichshafen dauert 45 Minuten.\n"
         "- Ab Mai 2027 fährt eine elektrische Fähre zwischen Konstanz und Friedrichshafen."),
        (r"Satz aus dem Artikel", "Ab Mai 2027 fährt eine Schnellfähre zwischen Konstanz und Friedrichshafen."),
        *_script(bullets=f"- {outlier}\n- Die Überfahrt dauert 45 Minuten.\n- Pendler am Bodensee bekommen eine neue Verbindung."),
    ]  # fmt: skip
    result = Summarizer(generator=ScriptedGenerator(script), bullet_strategy="consensus").summarize(example_text)
    source = build_source(parse_article(example_text).body, "de", budget=10_000, count_tokens=len)
    assert Checker(source, "de").good_bullet(outlier, [])  # a fine bullet on its own...
    assert len(result.bullets) == 3 and outlier not in result.bullet_texts  # ...but neither other answers nor the lead say it
    assert any("45 Minuten" in text for text in result.bullet_texts)
    assert any("Mai 2027" in text for text in result.bullet_texts)


def test_nouns_borrowed_from_the_worked_example_are_unsupported(example_text: str) -> None:
    source = build_source(parse_article(example_text).body, "de", budget=10_000, count_tokens=len)
    checker = Checker(source, "de")
    assert checker.supported("Die neue Fähre erhöht die Sicherheit am Bodensee.")  # a common noun is no name
    assert not checker.supported("Die neue Fähre erhöht die Lebensqualität am Bodensee.")  # from the example


def test_lead_and_consensus_ask_for_their_rows(example_text: str) -> None:
    german = ScriptedGenerator(_script())
    Summarizer(generator=german).summarize(example_text)
    assert len(german.calls[0]) == 2 + 1 + 1  # summaries, bullets, first lead statement compressed
    english = ScriptedGenerator(_script(bullets="- An electric ferry will cross Lake Constance from May 2027."))
    Summarizer(generator=english, bullet_strategy="consensus").summarize(
        "A new electric ferry will connect Konstanz and Friedrichshafen from May 2027, the operator said on Tuesday. "
        "The crossing will take 45 minutes. Tickets will cost 9.50 euros. Bicycles can be taken on board for free."
    )
    assert len(english.calls[0]) == 2 + 2 + 3  # summaries, short and detailed bullets, three lead sentences compressed


def test_german_bullets_come_with_a_worked_example_on_every_prompt(example_text: str) -> None:
    _, generator = _run(example_text)
    examples = {prompt.examples for prompt in generator.calls[0]}
    assert len(examples) == 1  # the same turn on all prompts keeps their shared prefix
    ((question, answer),) = examples.pop()
    assert "Artikel:" in question and answer.count("\n- ") == 2
    english = ScriptedGenerator(_script())
    Summarizer(generator=english, bullets_language="en").summarize(example_text)
    assert all(prompt.examples == () for prompt in english.calls[0])


def test_a_one_sentence_summary_is_topped_up_with_a_rewritten_salient_sentence(example_text: str) -> None:
    one = "Ab Mai 2027 fährt eine elektrische Fähre zwischen Konstanz und Friedrichshafen."
    rewrite = "Die Überfahrt dauert 45 Minuten."
    result, generator = _run(example_text, summary_de=one, rewrite=rewrite)
    assert result.summary_de == f"{one} {rewrite}"
    assert result.origins["summary_de"] == "repaired"
    assert result.summary_en == GOOD_EN and result.origins["summary_en"] == "generated"  # two sentences: untouched
    assert len(generator.calls) == 2


def test_a_rewrite_in_the_wrong_language_never_enters_the_summary(example_text: str) -> None:
    one = "From May 2027 an electric ferry will run between Konstanz and Friedrichshafen."
    script = [
        (r"^Sentence:[\s\S]*Pendler am Bodensee", "Pendler bekommen eine neue Verbindung über den See."),  # not translated
        (r"^Sentence:[\s\S]*45 Minuten", "The crossing takes 45 minutes."),
        (r"^Sentence:[\s\S]*Fahrgäste", "The ferry carries up to 300 passengers."),
        *_script(summary_en=one),
    ]
    generator = ScriptedGenerator(script)
    result = Summarizer(generator=generator).summarize(example_text)
    rewrites = [p.user for p in generator.calls[1]]
    assert any("Pendler am Bodensee" in user for user in rewrites)  # the failing rewrite was asked for...
    assert "Pendler" not in result.summary_en  # ...and left out, while good ones top the summary up
    assert result.summary_en.startswith(one) and len(split_sentences(result.summary_en, "en")) >= 2


def test_lead_first_bullets_open_with_the_compressed_lead_and_never_repeat_it(example_text: str) -> None:
    answer = (
        "- Pendler am Bodensee bekommen bald eine neue Fährverbindung.\n"  # the lead again, in other words
        "- Die Überfahrt dauert 45 Minuten.\n- Das Land zahlt 60 Prozent der Kosten."
    )
    result, generator = _run(example_text, bullets=answer)
    assert result.bullet_texts == [GOOD_LEAD, "Die Überfahrt dauert 45 Minuten.", "Das Land zahlt 60 Prozent der Kosten."]
    (compress,) = [p for p in generator.calls[0] if "Satz aus dem Artikel" in p.user]
    assert "Satz aus dem Artikel:\nPendler am Bodensee können sich auf eine neue Verbindung" in compress.user
    answer_only = ScriptedGenerator(_script(bullets=answer))
    single = Summarizer(generator=answer_only, bullet_strategy="answer").summarize(example_text)
    assert len(answer_only.calls[0]) == 3 and single.bullet_texts[0].startswith("Pendler am Bodensee bekommen bald")


def test_a_compressed_lead_that_fails_the_checks_leaves_the_answers_bullets(example_text: str) -> None:
    result, _ = _run(example_text, lead="Pendler zahlen ab 2031 nur noch 5 Euro.")  # invented numbers
    assert result.bullet_texts == [line[2:] for line in GOOD_BULLETS.splitlines()]


def test_the_lead_is_the_first_statements_not_questions_or_exclamations() -> None:
    sentences = (
        "Warum fährt hier keine Fähre?",
        "Jetzt reicht es endlich!",
        "Ab Mai 2027 fährt eine Fähre über den See.",
        "Die Überfahrt dauert 45 Minuten.",
    )
    source = Source("de", sentences, tuple(range(len(sentences))))
    assert source.lead(2) == list(sentences[2:])
    questions = Source("de", sentences[:2], (0, 1))
    assert questions.lead(1) == [sentences[0]]  # no statement at all: real sentences still count
