"""Property-based tests of the model-free parts: any input gives a result or the library's own error."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarize import Scorer, SummarizeError, Summarizer, detect_language, parse_article, score
from summarize.article import article_text
from summarize.faithfulness import unsupported_content
from summarize.language import language_probability, normalize_language_tag
from summarize.markup import html_to_text
from summarize.postprocess import answer_lines, complete_sentences
from summarize.text import MAX_SENTENCE_CHARS, has_letters, normalize_text, split_sentences, tidy_text
from tests.conftest import ScriptedGenerator

# Text drawn from every Unicode category (controls, NUL, surrogate-free), plus markup-ish pieces.
MARKUP = st.sampled_from(["<!doctype html>", "<html>", "<body>", "<li>", "<p>", "</p>", "&amp;", "&#x1F600;", "\r\n", "\n\n", "- ", "1. ", "# ", "**", "Das Wichtigste in Kürze"])
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
    assert not any(ch in normalize_text(raw) for ch in "\x00\r\x0b\x0c\x1b\u00ad\u200b\ufeff\u2028\x85")
    text = tidy_text(raw)
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
    result = score(candidate=raw, reference=raw, lang="de")["rouge1"].fmeasure
    assert result == pytest.approx(1.0) or result == 0.0


# Letters of many scripts, combining marks, invisible characters and spaces, mixed freely.
SCRIPT_TEXT = st.text(
    st.one_of(
        st.characters(categories=("L", "M", "N", "P", "Zs", "Cf")),
        st.sampled_from("मंत्रीবাংলাதமிழ்كَتَبَ北京東京でパンฝนตกที่서울Kürze\u00ad\u200b\u00a0\u0308\n"),
    ),
    min_size=1,
    max_size=60,
)


@FAST
@given(SCRIPT_TEXT.filter(has_letters), st.sampled_from(["de", "en", "hi", "zh", "ja", "th", "ar", "ru", "und", "EN-us"]))
def test_rouge_of_any_text_with_letters_with_itself_is_one(text: str, lang: str) -> None:
    result = score(text, text, lang=lang)
    for name in ("rouge1", "rougeL", "rougeLsum"):
        assert result[name].fmeasure == pytest.approx(1.0), name
    assert score(unicodedata.normalize("NFD", text), text, lang=lang)["rouge1"].fmeasure == pytest.approx(1.0)


def _only_library_errors(call, *args, **kwargs) -> None:
    try:
        call(*args, **kwargs)
    except SummarizeError:
        pass


ANY = st.one_of(TEXT, SCRIPT_TEXT, st.text())


@FAST
@given(ANY, ANY, st.one_of(st.text(max_size=12), st.sampled_from(["de", "en", "DE-at", "zh-Hant", "und", ""])))
def test_public_functions_raise_nothing_but_summarize_errors(a: str, b: str, lang: str) -> None:
    for call, args, kwargs in [
        (parse_article, (a,), {}),
        (article_text, (a,), {}),
        (html_to_text, (a,), {}),
        (normalize_text, (a,), {}),
        (detect_language, (a,), {}),
        (language_probability, (a, "de"), {}),
        (score, (a, b), {"lang": lang}),
        (score, ([a, b], [b]), {"lang": lang}),
        (Scorer, (), {"lang": lang}),
        (normalize_language_tag, (lang,), {}),
        (unsupported_content, (a, b), {"output_lang": "de"}),
        (Summarizer, (), {"generator": ScriptedGenerator([]), "bullets_language": lang}),
    ]:
        _only_library_errors(call, *args, **kwargs)


@FAST
@given(TEXT, st.booleans())
def test_answer_parsing_never_fails(raw: str, finished: bool) -> None:
    assert all(line for line in answer_lines(raw))
    assert all(s.strip() for s in complete_sentences(raw, "de", finished=finished))
