"""ROUGE with tokens that keep umlauts and ß, and a Snowball stemmer for the language.

Out of the box, rouge-score keeps only ``[a-z0-9]`` and so turns "Kürze" into
"k rze"; this module plugs a Unicode-aware tokenizer into rouge-score's scorer.
Words keep their combining marks (Devanagari vowel signs, Arabic vowel marks); scripts
written without spaces (Chinese, Japanese, Thai, Lao, Khmer, Burmese) are scored per
character, the usual convention for Chinese ROUGE, so no word segmenter is needed.
"""

from __future__ import annotations

import warnings
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


Text = str | Sequence[str]


def _by_role(caller: str, args: tuple[object, ...], candidate: Text | None, reference: Text | None) -> tuple[Text, Text]:
    """``candidate`` and ``reference``, also from the positional ``(candidate, reference)`` form of the last release."""
    if args:
        warnings.warn(
            f"{caller}(candidate, reference) by position is deprecated and goes in the next release; "
            f"call {caller}(candidate=..., reference=...): the reference is the text scored against",
            DeprecationWarning,
            stacklevel=3,
        )
        positional = dict(zip(("candidate", "reference"), args))
        if len(args) > 2 or ("candidate" in positional and candidate is not None) or (
            "reference" in positional and reference is not None
        ):
            raise TypeError(f"{caller}() takes candidate= and reference= once each")
        candidate = positional.get("candidate", candidate)  # type: ignore[assignment]
        reference = positional.get("reference", reference)  # type: ignore[assignment]
    if candidate is None or reference is None:
        raise TypeError(f"{caller}() needs both candidate= and reference=")
    return candidate, reference


class Scorer:
    """Scores candidates against references; build once, call many times.

    >>> scorer = Scorer(lang="de")
    >>> scorer.score(candidate="Die Kürze zählt.", reference="Die Kürze zählt.")["rouge1"].fmeasure
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

    def score(self, *args: Text, candidate: Text | None = None, reference: Text | None = None) -> dict[str, Score]:
        """ROUGE of ``candidate`` (e.g. generated bullets) against ``reference`` (e.g. human-written ones).

        Each is a text or a list of bullets. Precision is the share of the candidate's
        n-grams found in the reference, recall the share of the reference's found in the
        candidate. Both sides go through :func:`~summarize.text.normalize_text`. An empty side scores 0 everywhere. The positional form
        ``score(candidate, reference)`` still works for one release with a ``DeprecationWarning``.
        """
        candidate, reference = _by_role("Scorer.score", args, candidate, reference)
        raw = self._scorer.score(_as_lines(reference, self.lang), _as_lines(candidate, self.lang))
        return {name: Score(*map(float, raw[name])) for name in self.rouge_types}


@lru_cache(maxsize=16)
def _cached_scorer(lang: str) -> Scorer:
    return Scorer(lang)


def score(
    *args: Text, candidate: Text | None = None, reference: Text | None = None, lang: str | None = None
) -> dict[str, Score]:
    """ROUGE-1/2/L/Lsum of ``candidate`` against ``reference`` for language ``lang``.

    For example ``score(candidate=result.bullet_texts, reference=article.reference_bullets, lang="de")``.
    Each side is a text or a list of bullets. Returns ``{"rouge1": Score(precision,
    recall, fmeasure), "rouge2": ..., "rougeL": ..., "rougeLsum": ...}``; precision is the
    share of the candidate's n-grams found in the reference. ``lang`` is an ISO 639-1 code or a
    BCP-47 tag (``"DE"``, ``"de-DE"``, ``"en_US"``); an unknown one raises
    :class:`~summarize.errors.InvalidInputError`. The positional form ``score(candidate, reference[, lang])``
    still works for one release with a ``DeprecationWarning`` (``lang`` then defaults to ``"de"``, as it did).
    """
    if len(args) == 3:  # the last release's score(candidate, reference, lang)
        *args, lang = args  # type: ignore[assignment]
    candidate, reference = _by_role("score", tuple(args), candidate, reference)
    if lang is None:
        if not args:
            raise TypeError("score() needs lang=, the language of both texts (e.g. lang=\"de\")")
        lang = "de"  # the last release's default, kept for its positional form
    return _cached_scorer(normalize_language_tag(lang)).score(candidate=candidate, reference=reference)
