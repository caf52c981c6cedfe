"""The tricky-input corpus (tests/data/tricky_inputs.jsonl): each line is one case with its expected value.

Kinds: ``normalize`` (normalize_text), ``score`` (ROUGE-1 F1), ``detect`` (language), ``lang_tag``
(ISO 639-1 code, or null for an InvalidInputError), ``html`` (text of a fragment), ``parse`` (title,
bullets, start of the body, and text the body must not hold). Model-free; runs in seconds.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarize import InvalidInputError, detect_language, parse_article, score
from summarize.article import article_text
from summarize.language import normalize_language_tag
from summarize.text import normalize_text

CORPUS = Path(__file__).parent / "data" / "tricky_inputs.jsonl"
CASES = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").split("\n") if line]


def test_the_corpus_covers_every_kind() -> None:
    assert {case["kind"] for case in CASES} == {"normalize", "score", "detect", "lang_tag", "html", "parse"}


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_tricky_input(case: dict) -> None:
    kind = case["kind"]
    if kind == "normalize":
        assert normalize_text(case["text"]) == case["expected"]
    elif kind == "score":
        result = score(case["candidate"], case["reference"], lang=case["lang"])
        assert result["rouge1"].fmeasure == pytest.approx(case["rouge1"])
    elif kind == "detect":
        assert detect_language(case["text"]).lang == case["lang"]
    elif kind == "lang_tag":
        if case["expected"] is None:
            with pytest.raises(InvalidInputError):
                normalize_language_tag(case["tag"])
        else:
            assert normalize_language_tag(case["tag"]) == case["expected"]
    elif kind == "html":
        assert article_text(case["html"]) == case["expected"]
    elif kind == "parse":
        article = parse_article(case["text"])
        assert article.title == case["title"]
        assert list(article.reference_bullets) == case["bullets"]
        assert article.body.startswith(case["body_starts"])
        for text in case["lacks"]:
            assert text not in article.body
    else:
        pytest.fail(f"unknown kind {kind!r}")
