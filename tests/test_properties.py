"""Property-based tests of the model-free parts: any input gives a result or the library's own error."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarize import detect_language, parse_article, score
from summarize.postprocess import answer_lines, complete_sentences
from summarize.text import MAX_SENTENCE_CHARS, normalize_text, split_sentences

# Text drawn from every Unicode category (controls, NUL, surrogate-free), plus markup-ish pieces.
MARKUP = st.sampled_from(["<p>", "</p>", "&amp;", "&#x1F600;", "\r\n", "\n\n", "- ", "1. ", "# ", "**", "Das Wichtigste in Kürze"])
TEXT = st.lists(st.one_of(st.text(max_size=40), MARKUP), max_size=30).map("".join)
WORDS = st.lists(st.sampled_from(["Die", "Fähre", "fährt", "ab", "Mai", "Straße", "the", "ferry", "2027", "Überfahrt", "."]), max_size=25).map(" ".join)
FAST = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(TEXT)
def test_parse_article_never_fails_and_keeps_no_box_heading_in_bullets(raw: str) -> None:
    article = parse_article(raw)
    assert isinstance(article.body, str)
    assert all(bullet.strip() for bullet in article.reference_bullets)


@FAST
@given(TEXT)
def test_normalize_drops_control_characters_and_blank_runs(raw: str) -> None:
    text = normalize_text(raw)
    assert not any(ch in text for ch in "\x00\r\x0b\x0c\x1b")
    assert "\n\n\n" not in text and text == text.strip()


@FAST
@given(TEXT, st.sampled_from(["de", "en", "fr", "ru", "zh", "xx"]))
def test_sentences_are_nonempty_bounded_and_keep_the_words(raw: str, lang: str) -> None:
    text = normalize_text(raw)
    sentences = split_sentences(text, lang)
    assert all(s and len(s) <= MAX_SENTENCE_CHARS for s in sentences)
    assert "".join("".join(sentences).split()) == "".join(text.split())


@FAST
@given(TEXT)
def test_language_detection_is_total_and_deterministic(raw: str) -> None:
    first = detect_language(raw)
    assert first == detect_language(raw)
    assert 0.0 <= first.probability <= 1.0
    assert first.lang


@settings(max_examples=1000, deadline=None)
@given(WORDS, WORDS, st.sampled_from(["de", "en"]))
def test_rouge_is_bounded_and_f1_symmetric(a: str, b: str, lang: str) -> None:
    ab, ba = score(candidate=a, reference=b, lang=lang), score(candidate=b, reference=a, lang=lang)
    for name in ab:
        assert 0.0 <= ab[name].precision <= 1.0 and 0.0 <= ab[name].recall <= 1.0
        assert 0.0 <= ab[name].fmeasure <= 1.0
    # n-gram and LCS scores are symmetric; rougeLsum's union-LCS over sentences is not.
    for name in ("rouge1", "rouge2", "rougeL"):
        assert ab[name].fmeasure == pytest.approx(ba[name].fmeasure)
        assert ab[name].precision == pytest.approx(ba[name].recall)


@FAST
@given(TEXT)
def test_rouge_of_any_text_with_itself_is_one_or_zero(raw: str) -> None:
    result = score(candidate=raw, reference=raw)["rouge1"].fmeasure
    assert result == pytest.approx(1.0) or result == 0.0


@FAST
@given(TEXT, st.booleans())
def test_answer_parsing_never_fails(raw: str, finished: bool) -> None:
    assert all(line for line in answer_lines(raw))
    assert all(s.strip() for s in complete_sentences(raw, "de", finished=finished))
