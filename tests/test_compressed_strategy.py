"""The compressed strategy and summary method (not the default): verified deletions, verified translations."""

from __future__ import annotations

from summarize import Summarizer
from summarize.source import build_source
from summarize.verified import key_sentences
from tests.conftest import ScriptedGenerator

LEAD = "Pendler am Bodensee können sich auf eine neue Verbindung über den See freuen."
SECOND = (
    "Wie die Bodensee-Schiffsbetriebe am Dienstag in Konstanz mitteilten, soll ab dem 1. Mai 2027 eine elektrisch "
    "betriebene Schnellfähre zwischen Konstanz und Friedrichshafen verkehren."
)
THIRD_SHORT = "Die Überfahrt soll 45 Minuten dauern."
THIRD = (
    "Die Überfahrt soll 45 Minuten dauern und damit deutlich kürzer sein als die Fahrt mit dem Auto um den "
    "Überlinger See, für die Pendler im Berufsverkehr oft mehr als eineinhalb Stunden brauchen."
)


def _script(*, lead_short: str = "Pendler am Bodensee können sich auf eine neue Verbindung freuen.",
            second_short: str = "Ab Mai 2027 verkehrt eine Schnellfähre zwischen Konstanz und Friedrichshafen.",
            third_short: str = THIRD_SHORT, translations: dict[str, str] | None = None):  # fmt: skip
    translations = translations or {
        "Pendler am Bodensee können sich auf eine neue Verbindung freuen.":
            "Commuters on Lake Constance can look forward to a new connection across the lake.",
        THIRD_SHORT: "The crossing is to take 45 minutes.",
    }  # fmt: skip
    script = [(rf"^German sentence:\n{_re(src)}\n", dst) for src, dst in translations.items()]
    script += [
        (r"^German sentence:", "Something the checks reject: 12345."),
        (rf"^Sentence:\n{_re(LEAD)}", lead_short),
        (r"^Sentence:\nWie die Bodensee-Schiffsbetriebe", second_short),
        (r"^Sentence:\nDie Überfahrt soll 45 Minuten", third_short),
    ]
    return script


def _re(text: str) -> str:
    import re

    return re.escape(text)


def _run(example_text: str, **kwargs):
    generator = ScriptedGenerator(_script(**kwargs))
    summarizer = Summarizer(generator=generator, bullet_strategy="compressed", summary_method="compressed")
    return summarizer.summarize(example_text), generator


def test_bullets_are_verified_deletions_or_the_article_sentence(example_text: str) -> None:
    result, _ = _run(example_text)
    assert [(b.text, b.origin) for b in result.bullets] == [
        ("Pendler am Bodensee können sich auf eine neue Verbindung freuen.", "compressed"),
        (SECOND, "extracted"),  # the shortening reordered and changed words: the sentence as the article has it
        (THIRD_SHORT, "compressed"),
    ]


def test_a_shortening_that_drops_a_negation_is_not_shown(example_text: str) -> None:
    text = example_text.replace("Pendler am Bodensee können sich", "Pendler am Bodensee können sich nicht")
    result, _ = _run(text, lead_short="Pendler am Bodensee können sich auf eine neue Verbindung freuen.")
    assert result.bullets[0].origin == "extracted"
    assert "nicht" in result.bullets[0].text


def test_german_summary_is_the_verified_sentences(example_text: str) -> None:
    result, _ = _run(example_text)
    assert result.summaries["de"].origin == "compressed"
    assert result.summary_de.startswith("Pendler am Bodensee können sich auf eine neue Verbindung freuen.")


def test_english_summary_keeps_only_checked_translations(example_text: str) -> None:
    result, generator = _run(example_text)
    assert result.summaries["en"].origin == "translated"
    assert result.summary_en == (
        "Commuters on Lake Constance can look forward to a new connection across the lake. "
        "The crossing is to take 45 minutes."
    )
    assert len(generator.calls) == 2  # shorten, then translate


def test_shortened_and_translated_texts_name_the_whole_article_sentence(example_text: str) -> None:
    result, _ = _run(example_text)
    assert [b.source for b in result.bullets] == [LEAD, SECOND, THIRD]
    assert result.summaries["de"].sources == (LEAD, SECOND, THIRD)
    # The shortenings were translated; the sources are the sentences as the article has them.
    assert result.summaries["en"].sources == (LEAD, THIRD)


def test_identical_prompts_are_generated_once(example_text: str) -> None:
    _, generator = _run(example_text)
    first = generator.calls[0]
    assert len(first) == len(set(first))  # both summaries shorten the same sentences: asked once


def test_no_translation_passes_falls_back_to_article_sentences(example_text: str) -> None:
    result, _ = _run(example_text, translations={"nothing": "matches"})
    assert result.summaries["en"].origin == "extracted"


def test_key_sentences_skip_repeats_and_questions() -> None:
    body = (
        "Die Stadt baut eine neue Brücke über den Rhein. Warum erst jetzt? Die Stadt baut eine neue Brücke "
        "über den Rhein bei Köln. Der Bau kostet 40 Millionen Euro."
    )
    source = build_source(body, "de", budget=500, count_tokens=lambda s: len(s.split()))
    assert key_sentences(source, 2) == ["Die Stadt baut eine neue Brücke über den Rhein.",
                                        "Der Bau kostet 40 Millionen Euro."]  # fmt: skip


def test_key_sentences_skip_fragments_and_glued_captions() -> None:
    body = (
        "Die Stadt plant drei Dinge für das Ufer. Eine städtebauliche, touristische und finanzielle Aufwertung. "
        "Der Bau kostet 40 Millionen Euro."
    )
    source = build_source(body, "de", budget=500, count_tokens=lambda s: len(s.split()))
    assert key_sentences(source, 2) == ["Die Stadt plant drei Dinge für das Ufer.", "Der Bau kostet 40 Millionen Euro."]
    body = (
        "People who never divorced retire on 13% more than a colleague The cost of divorce can wreck retirement. "
        "A study by the insurer found the gap. The gap has grown since 2010."
    )
    source = build_source(body, "en", budget=500, count_tokens=lambda s: len(s.split()))
    assert key_sentences(source, 2) == ["A study by the insurer found the gap.", "The gap has grown since 2010."]


def test_german_key_sentences_skip_sentences_that_point_back() -> None:
    body = (
        "Ein Hund hat in Köln einen Dieb gestellt. Er biss ihn ins Bein. Zudem bellte er laut. "
        "Dieser Einsatz gefiel der Polizei. Der Dieb sitzt jetzt in Untersuchungshaft. Esther Meier lobte das Tier."
    )
    source = build_source(body, "de", budget=500, count_tokens=lambda s: len(s.split()))
    assert key_sentences(source, 3) == ["Ein Hund hat in Köln einen Dieb gestellt.",
                                        "Der Dieb sitzt jetzt in Untersuchungshaft.",
                                        "Esther Meier lobte das Tier."]  # fmt: skip
    english = "A dog caught a thief in Cologne. He bit him in the leg. The thief is now in custody."
    source = build_source(english, "en", budget=500, count_tokens=lambda s: len(s.split()))
    assert key_sentences(source, 2) == ["A dog caught a thief in Cologne.", "He bit him in the leg."]  # no such rule


def test_german_key_sentences_skip_an_interviews_speaker() -> None:
    body = (
        "SZ: Herr Meier, warum eine Fähre? Jens Meier: Weil der Weg um den See zu lang ist. "
        "Feilmeier: Nie, ich will nur eine schnelle Fähre. Die Stadt baut eine neue Fähre. "
        "Der Grund: Der Weg um den See dauert zu lange. Der Bau kostet 40 Millionen Euro."
    )
    source = build_source(body, "de", budget=500, count_tokens=lambda s: len(s.split()))
    assert key_sentences(source, 3) == [
        "Die Stadt baut eine neue Fähre.", "Der Grund: Der Weg um den See dauert zu lange.",
        "Der Bau kostet 40 Millionen Euro.",
    ]  # fmt: skip


def test_key_sentences_take_fragments_when_nothing_else_stands_alone() -> None:
    body = "Eine städtebauliche, touristische und finanzielle Aufwertung. Der Bau kostet 40 Millionen Euro."
    source = build_source(body, "de", budget=500, count_tokens=lambda s: len(s.split()))
    assert key_sentences(source, 2) == ["Eine städtebauliche, touristische und finanzielle Aufwertung.",
                                        "Der Bau kostet 40 Millionen Euro."]  # fmt: skip
