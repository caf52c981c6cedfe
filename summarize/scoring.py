"""ROUGE with tokens that keep umlauts and ß, and a Snowball stemmer for the language.

Out of the box, rouge-score keeps only ``[a-z0-9]`` and so turns "Kürze" into
"k rze"; this module plugs a Unicode-aware tokenizer into rouge-score's scorer.
Words keep their combining marks (Devanagari vowel signs, Arabic vowel marks); scripts
written without spaces (Chinese, Japanese, Thai, Lao, Khmer, Burmese) are scored per
character, the usual convention for Chinese ROUGE, so no word segmenter is needed.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from rouge_score import rouge_scorer

from .errors import InvalidInputError
from .language import normalize_language_tag
from .text import normalize_text, split_sentences
from .words import WordTokenizer

ROUGE_TYPES = ("rouge1", "rouge2", "rougeL", "rougeLsum")


class Score(NamedTuple):
    """Precision, recall and F1 of one ROUGE type, each in [0, 1]."""

    precision: float
    recall: float
    fmeasure: float


def _as_lines(text: str | Sequence[str], lang: str) -> str:
    """One sentence or bullet per line, which is how rouge-score's rougeLsum splits summaries."""
    items = [text] if isinstance(text, str) else list(text)
    lines: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise InvalidInputError(f"score takes a text or a list of texts, got {type(item).__name__}")
        lines.extend(split_sentences(normalize_text(item), lang))
    return "\n".join(lines)


class Scorer:
    """Scores candidates against references; build once, call many times.

    >>> scorer = Scorer(lang="de")
    >>> scorer.score("Die Kürze zählt.", "Die Kürze zählt.")["rouge1"].fmeasure
    1.0
    """

    def __init__(self, lang: str, *, stem: bool = True, rouge_types: Sequence[str] = ROUGE_TYPES) -> None:
        unknown = set(rouge_types) - set(ROUGE_TYPES)
        if unknown:
            raise InvalidInputError(f"unknown ROUGE types: {sorted(unknown)}; choose from {ROUGE_TYPES}")
        lang = normalize_language_tag(lang)
        self.lang = lang
        self.rouge_types = tuple(rouge_types)
        self._scorer = rouge_scorer.RougeScorer(list(self.rouge_types), tokenizer=WordTokenizer(lang, stem=stem))

    def score(self, candidate: str | Sequence[str], reference: str | Sequence[str]) -> dict[str, Score]:
        """ROUGE of ``candidate`` against ``reference``; each is a text or a list of bullets.

        Both sides go through :func:`~summarize.text.normalize_text`. An empty side scores 0 everywhere.
        """
        raw = self._scorer.score(_as_lines(reference, self.lang), _as_lines(candidate, self.lang))
        return {name: Score(*map(float, raw[name])) for name in self.rouge_types}


@lru_cache(maxsize=16)
def _cached_scorer(lang: str) -> Scorer:
    return Scorer(lang)


def score(candidate: str | Sequence[str], reference: str | Sequence[str], lang: str) -> dict[str, Score]:
    """ROUGE-1/2/L/Lsum of ``candidate`` against ``reference`` for language ``lang``.

    Each side is a text or a list of bullets. Returns ``{"rouge1": Score(precision,
    recall, fmeasure), "rouge2": ..., "rougeL": ..., "rougeLsum": ...}``.
    ``lang`` is an ISO 639-1 code or a BCP-47 tag (``"DE"``, ``"de-DE"``, ``"en_US"``);
    an unknown one raises :class:`~summarize.errors.InvalidInputError`.
    """
    return _cached_scorer(normalize_language_tag(lang)).score(candidate, reference)
