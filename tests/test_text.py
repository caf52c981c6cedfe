from __future__ import annotations

from summarize.article import article_text
from summarize.postprocess import answer_lines
from summarize.scoring import score
from summarize.text import MAX_SENTENCE_CHARS, normalize_text, split_paragraphs, split_sentences


def test_german_abbreviations_and_dates_do_not_split() -> None:
    text = "Am 4. November kam z. B. Dr. Müller nach Berlin. Er blieb bis 18 Uhr."
    assert split_sentences(text, "de") == ["Am 4. November kam z. B. Dr. Müller nach Berlin.", "Er blieb bis 18 Uhr."]


def test_paragraph_breaks_end_sentences() -> None:
    assert split_sentences("Eine Überschrift\n\nDer erste Satz.", "de") == ["Eine Überschrift", "Der erste Satz."]


def test_overlong_runs_are_cut_at_words() -> None:
    sentences = split_sentences(("wort " * 5000).strip(), "de")
    assert all(len(s) <= MAX_SENTENCE_CHARS for s in sentences)
    assert sum(len(s.split()) for s in sentences) == 5000


def test_article_text_removes_control_characters_and_markup() -> None:
    raw = "<p>Hallo&nbsp;&amp; <b>Welt</b>\x00</p>\r\n\r\n# Titel\r\n**fett** und [Link](http://example.org)"
    assert article_text(raw) == "Hallo & Welt\n\nTitel\nfett und Link"


def test_tabs_become_spaces_and_never_glue_words() -> None:
    assert normalize_text("Die\tStadt baut.\tDie Fähre\u00a0fährt.") == "Die Stadt baut. Die Fähre fährt."
    assert score(candidate="Die Stadt", reference="Die\tStadt", lang="de")["rouge1"].fmeasure == 1.0
    assert normalize_text("Erster Absatz.\x07\r\nZweiter.") == "Erster Absatz.\nZweiter."  # a control before a break


def test_model_answers_get_the_articles_normalisation() -> None:
    assert answer_lines("\x1b\u202eCommuters can\u200b look forward to it.\x07\r\nSecond line.") == [
        "Commuters can look forward to it.", "Second line."
    ]  # fmt: skip


def test_split_paragraphs_joins_wrapped_lines() -> None:
    assert split_paragraphs("eins\nzwei\n\ndrei") == ["eins zwei", "drei"]


def test_closing_quotes_stay_with_their_sentence() -> None:
    # pysbd's German rules split before a closing straight quote; its English rules then merge sentences.
    german = 'Er mag den Satz nicht: "Ich drücke Ihnen die Daumen." Oder "Das wird schon." Es klingt hilflos.'
    assert split_sentences(german, "de") == [
        'Er mag den Satz nicht: "Ich drücke Ihnen die Daumen."',
        'Oder "Das wird schon."',
        "Es klingt hilflos.",
    ]
    english = 'He said. "It tasted bad. "Finally it rained. I filled a bucket." Then came food. The fish swam in.'
    assert split_sentences(english, "en")[-2:] == ["Then came food.", "The fish swam in."]
    french = "Il est parti. « Je reviens », a-t-il dit."
    assert split_sentences(french, "fr") == ["Il est parti.", "« Je reviens », a-t-il dit."]  # "« " opens a quote
