"""Bullets that are the article's key statements, each shortened by verified deletion (or translated, verified)."""

from __future__ import annotations

from typing import ClassVar

from .key_sentences import KeySentenceStrategy


class CompressedStrategy(KeySentenceStrategy):
    """The article's ``n`` key statements, each shortened by the model by deleting words.

    A shortening is shown only when it is an exact deletion of its sentence that keeps every
    negation, hedge and quantity qualifier and is still a full sentence (``compressed``);
    otherwise the article's sentence is shown whole (``extracted``). Translation as in
    :class:`KeySentenceStrategy`. The default until the third judged round, which found the shortenings
    judged partly supported more often than the whole sentences (docs/benchmarks/README.md).
    """

    name = "compressed"
    description = "the article's key statements, shortened by verified deletion"
    shorten: ClassVar[bool] = True
