"""Multilingual news summarisation: German and English summaries and "Das Wichtigste in Kürze" bullets.

>>> import summarize
>>> result = summarize.summarize(open("article.txt").read())
>>> print(result.summary_de, result.summary_en, *result.bullet_texts, sep="\\n")
"""

from __future__ import annotations

from .article import Article, parse_article
from .batch import drop_torn_tail
from .errors import (
    EmptyInputError,
    GenerationError,
    InputDecodeError,
    InputFileError,
    InvalidInputError,
    ModelCacheError,
    ModelUnavailableError,
    SummarizeError,
)
from .extractive import top_sentences
from .faithfulness import Unsupported, unsupported_content
from .language import LanguageGuess, detect_language
from .languages import TARGET_LANGUAGES
from .models.base import Generator
from .models.loading import load_generator
from .pipeline import Summarizer
from .result import Bullet, Summary, SummaryResult
from .scoring import Score, Scorer, score
from .text import split_sentences
from .words import WordTokenizer, count_whitespace_tokens, word_f1

__version__ = "0.1.0"

_default: Summarizer | None = None


def summarize(text: str, *, model: str | None = None, bullets_language: str | None = None) -> SummaryResult:
    """Summarise one article with a shared :class:`Summarizer` (the model loads once per process).

    ``bullets_language`` is "de" or "en" (a BCP-47 tag such as "de-DE" is fine); default: the article's.
    """
    global _default
    if _default is None or _default.model_name != model:
        _default = Summarizer(model)
    return _default.summarize(text, bullets_language=bullets_language)


__all__ = [
    "TARGET_LANGUAGES", "Article", "Bullet", "EmptyInputError", "GenerationError", "Generator", "InputDecodeError",
    "InputFileError", "InvalidInputError", "LanguageGuess", "ModelCacheError", "ModelUnavailableError", "Score",
    "Scorer", "SummarizeError", "Summarizer", "Summary", "SummaryResult", "Unsupported", "WordTokenizer",
    "count_whitespace_tokens", "detect_language", "drop_torn_tail", "load_generator", "parse_article", "score",
    "split_sentences", "summarize", "top_sentences", "unsupported_content", "word_f1",
]  # fmt: skip
