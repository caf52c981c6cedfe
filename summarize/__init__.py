"""Multilingual news summarisation: German and English summaries and "Das Wichtigste in Kürze" bullets.

>>> import summarize
>>> result = summarize.summarize(open("article.txt").read())
>>> print(result.summary_de, result.summary_en, *result.bullet_texts, sep="\\n")
"""

from __future__ import annotations

from .article import Article, parse_article
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
from .language import LanguageGuess, detect_language
from .pipeline import Summarizer, SummaryResult
from .scoring import Score, Scorer, score
from .tasks import Bullet

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
    "Article", "Bullet", "EmptyInputError", "GenerationError", "InputDecodeError", "InputFileError",
    "InvalidInputError", "LanguageGuess", "ModelCacheError", "ModelUnavailableError", "Score", "Scorer",
    "SummarizeError", "Summarizer", "SummaryResult", "detect_language", "parse_article", "score", "summarize",
]  # fmt: skip
