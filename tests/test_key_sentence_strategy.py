"""The default methods: the article's key statements whole, translated sentence by sentence with checks."""

from __future__ import annotations

import re

import pytest

from summarize import Summarizer
from summarize.source import build_source
from summarize.verified import headline_overlap, key_sentences
from summarize.words import WordTokenizer
from tests.conftest import ScriptedGenerator

LEAD = "Pendler am Bodensee können sich auf eine neue Verbindung über den See freuen."
SECOND = (
    "Wie die Bodensee-Schiffsbetriebe am Dienstag in Konstanz mitteilten, soll ab dem 1. Mai 2027 eine elektrisch "
    "betriebene Schnellfähre zwischen Konstanz und Friedrichshafen verkehren."
)
LEAD_EN = "Commuters on Lake Constance can look forward to a new connection across the lake."
ENGLISH_ARTICLE = (
    "A new electric ferry will connect Konstanz and Friedrichshafen from May 2027, the operator said on Tuesday. "
    "The crossing will take 45 minutes. Tickets will cost 9.50 euros. Bicycles can be taken on board for free."
)


def _generator() -> ScriptedGenerator:
    return ScriptedGenerator([
        (rf"^German sentence:\n{re.escape(LEAD)}\n", LEAD_EN),
        (r"^German sentence:", "Something the checks reject: 12345."),
        (r"^English sentence:", "Etwas, das die Prüfung ablehnt: 12345."),
    ])  # fmt: skip


def test_auto_shows_key_sentences_whole_and_asks_the_model_only_to_translate(example_text: str) -> None:
    generator = _generator()
    result = Summarizer(generator=generator).summarize(example_text)
    assert [b.origin for b in result.bullets] == ["extracted"] * 3
    assert [b.text for b in result.bullets][:2] == [LEAD, SECOND]
    assert result.summaries["de"].origin == "extracted"
    assert result.summary_de.startswith(f"{LEAD} {SECOND}")
    assert len(generator.calls) == 1  # no shortening pass: one call, translations only
    assert all(p.user.startswith("German sentence:") for p in generator.calls[0])
    assert result.summaries["en"].origin == "translated"
    assert result.summary_en == LEAD_EN  # the two translations the checks reject are left out


def test_each_text_names_the_article_sentences_it_states(example_text: str) -> None:
    result = Summarizer(generator=_generator()).summarize(example_text)
    assert [b.source for b in result.bullets] == [b.text for b in result.bullets]  # extracted: the sentence itself
    assert result.summaries["de"].sources[:2] == (LEAD, SECOND)
    assert result.summaries["en"].sources == (LEAD,)  # one per translation that passed, in order
    english = Summarizer(generator=_generator(), bullets_language="en").summarize(example_text)
    first = english.bullets[0]
    assert (first.text, first.origin, first.source) == (LEAD_EN, "translated", LEAD)
    # The places no translation filled take other article sentences, not the one already translated.
    assert [b.source for b in english.bullets].count(LEAD) == 1
    data = result.to_dict()
    assert data["bullets"][0] == {"text": LEAD, "origin": "extracted", "source": LEAD}
    assert data["summary_sources"]["summary_en"] == [LEAD]


def test_a_statement_that_points_back_is_translated_but_not_shown_in_german() -> None:
    article = (
        "Fähre für Konstanz\n\n"
        "Die Stadt Konstanz bekommt im Mai eine neue Fähre. Sie fährt stündlich nach Meersburg über den See. "
        "Der Bau hat 40 Millionen Euro gekostet. Die Bürger freuen sich auf die erste Fahrt im Frühjahr."
    )
    generator = ScriptedGenerator([(r"^German sentence:\nSie fährt", "It runs every hour to Meersburg across the lake.")])
    result = Summarizer(generator=generator).summarize(article)
    assert "Sie fährt stündlich nach Meersburg über den See." not in result.bullet_texts  # "Sie" points back
    assert "Sie fährt stündlich nach Meersburg über den See." not in result.summaries["de"].sources
    asked = [p.user for p in generator.calls[0]]
    assert any("Sie fährt stündlich" in user for user in asked)  # the sentences to translate are the first ones
    assert result.summaries["en"].sources == ("Sie fährt stündlich nach Meersburg über den See.",)
    english = Summarizer(generator=generator, bullets_language="en").summarize(article)
    assert english.bullets[0].text == "It runs every hour to Meersburg across the lake."  # bullets translate the same
    assert english.bullets[0].source == "Sie fährt stündlich nach Meersburg über den See."


def test_a_summary_that_falls_back_names_its_sentences(example_text: str) -> None:
    result = Summarizer(generator=ScriptedGenerator([])).summarize(example_text)  # no translation passes
    summary = result.summaries["en"]
    assert summary.origin == "extracted" and summary.sources
    assert summary.text == " ".join(summary.sources)  # each an article sentence, whole, in order
    assert all(source in example_text for source in summary.sources)


def test_english_article_gets_german_translations_only() -> None:
    generator = _generator()
    result = Summarizer(generator=generator).summarize(ENGLISH_ARTICLE)
    assert [b.origin for b in result.bullets] == ["extracted"] * 3
    assert len(generator.calls) == 1
    assert all("into German" in p.user for p in generator.calls[0])
    assert result.summaries["de"].origin == "extracted"  # no translation passed: the article's own sentences


def test_headline_overlap_is_the_share_of_the_headlines_long_words() -> None:
    tokenizer = WordTokenizer("de")
    headline = (
        "Neue Fähre zwischen Konstanz und Friedrichshafen"  # long words: fähre, zwischen, konstanz, friedrichshafen
    )
    assert headline_overlap("Die Fähre fährt zwischen Konstanz und Friedrichshafen.", headline, tokenizer) == 1.0
    assert headline_overlap("Die Überfahrt dauert 45 Minuten.", headline, tokenizer) == 0.0
    assert headline_overlap("Der Bau beginnt.", "Neu und gut", tokenizer) == 0.0  # no long word in the headline


def test_key_sentences_take_the_headlines_statement_and_keep_article_order() -> None:
    body = (
        "Ein kalter Morgen lag über dem See. Die Sonne ging spät auf. Viele Menschen warteten am Ufer. "
        "Die Stadt Konstanz eröffnet eine neue Fährverbindung nach Meersburg."
    )
    count = lambda s: len(s.split())
    titled = build_source(body, "de", budget=500, count_tokens=count, title="Konstanz eröffnet Fährverbindung")
    assert key_sentences(titled, 3) == [
        "Ein kalter Morgen lag über dem See.",
        "Die Sonne ging spät auf.",
        "Die Stadt Konstanz eröffnet eine neue Fährverbindung nach Meersburg.",
    ]
    untitled = build_source(body, "de", budget=500, count_tokens=count)
    assert key_sentences(untitled, 3) == [
        "Ein kalter Morgen lag über dem See.", "Die Sonne ging spät auf.", "Viele Menschen warteten am Ufer."
    ]  # fmt: skip


def test_a_headline_sharing_no_word_keeps_the_lead() -> None:
    body = "Der Bau beginnt im Mai. Die Kosten steigen um zehn Prozent. Die Stadt zahlt die Hälfte."
    source = build_source(body, "de", budget=500, count_tokens=lambda s: len(s.split()), title="Ganz anderes Thema")
    assert key_sentences(source, 2) == ["Der Bau beginnt im Mai.", "Die Kosten steigen um zehn Prozent."]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (  # subheadings and page labels run into a sentence; a name in capitals mid-sentence is no subheading
            ("KANZLERIN: Angela Merkel (55, CDU) Angela Merkel ist jetzt da, wo sie hin wollte. "
            "Komplizierte Realitäten in Sachsen Damit ist Kretschmer bei dem Thema angelangt. "
            "Die Koalition steht. Der Vertrag wird am Montag unterschrieben. Wie Der Spiegel berichtet, ist er zufrieden."),
            ["Die Koalition steht.", "Der Vertrag wird am Montag unterschrieben.",
             "Wie Der Spiegel berichtet, ist er zufrieden."],
        ),
        (  # a bare quotation; a quotation with its speaker stands alone
            ('Es gibt Sätze, die er nicht mehr hören mag: "Ich drücke Ihnen die Daumen." Oder "Das wird schon werden." '
            "Der Parteitag beginnt am Samstag. „Wir sind bereit“, sagte der Generalsekretär."),
            ['Es gibt Sätze, die er nicht mehr hören mag: "Ich drücke Ihnen die Daumen."',
             "Der Parteitag beginnt am Samstag.", "„Wir sind bereit“, sagte der Generalsekretär."],
        ),
    ],
)  # fmt: skip
def test_german_key_statements_stand_alone(body: str, expected: list[str]) -> None:
    source = build_source(body, "de", budget=500, count_tokens=lambda s: len(s.split()))
    assert key_sentences(source, 3) == expected


def test_english_key_statements_skip_caption_labels_and_bare_quotations() -> None:
    body = (
        "Wanted: Police in Maryland have issued a warrant for the arrest of a karate instructor. "
        "'Which is remarkable when you consider what it is she does.' "
        "The club's owner said it was 'a great day' for the town. 'I'm delighted,' he said. "
        "The deal was signed on Friday."
    )
    source = build_source(body, "en", budget=500, count_tokens=lambda s: len(s.split()))
    assert key_sentences(source, 3) == [
        "The club's owner said it was 'a great day' for the town.",
        "'I'm delighted,' he said.",
        "The deal was signed on Friday.",
    ]
