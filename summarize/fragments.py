"""Extractive fragments shared by a summary and its article: coverage, density, compression.

Grusky, Naaman & Artzi (2018), "Newsroom: A Dataset of 1.3 Million Summaries with Diverse
Extractive Strategies", NAACL, section 4.1. ``F(A, S)`` walks the summary ``S`` left to right;
at each position it takes the longest run of tokens that also occurs in the article ``A``
(scanning ``A`` left to right and jumping past each run it has tried), records it as a
fragment and continues after it, or moves on one token when nothing matches. Then

- coverage(A, S) = (1/|S|) * sum of |f|      share of summary tokens inside fragments, in [0, 1]
- density(A, S)  = (1/|S|) * sum of |f|**2   the average length of the fragment each summary token
                                              is in, in [0, |S|]; a verbatim copy has density |S|
- compression(A, S) = |A| / |S|

Tokens here are the project's lower-cased Unicode words (``WordTokenizer`` without stemming), so
punctuation does not count as a token as it does in the paper's spaCy tokens. Imports only
``scoring`` (for the tokenizer).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from .words import WordTokenizer


class Fragment(NamedTuple):
    """A run of ``length`` tokens at ``summary_start`` in the summary and ``article_start`` in the article."""

    summary_start: int
    article_start: int
    length: int


class FragmentStats(NamedTuple):
    """Newsroom's extractiveness measures of one summary (or sentence) against its article."""

    coverage: float  # [0, 1]
    density: float  # [0, number of summary tokens]
    compression: float  # article tokens per summary token; 0.0 for an empty summary
    summary_tokens: int


def fragments(article: Sequence[str], summary: Sequence[str]) -> list[Fragment]:
    """Grusky et al.'s greedy fragment set F(A, S) of two token sequences.

    Returns the fragments in summary order; they never overlap in the summary. O(|S| * |A|)
    comparisons in the worst case.
    """
    found: list[Fragment] = []
    i = 0
    while i < len(summary):
        best: Fragment | None = None
        j = 0
        while j < len(article):
            if summary[i] == article[j]:
                i_end, j_end = i, j
                while i_end < len(summary) and j_end < len(article) and summary[i_end] == article[j_end]:
                    i_end += 1
                    j_end += 1
                if best is None or i_end - i > best.length:
                    best = Fragment(i, j, i_end - i)
                j = j_end
            else:
                j += 1
        if best is None:
            i += 1
        else:
            found.append(best)
            i += best.length
    return found


def coverage(article: Sequence[str], summary: Sequence[str]) -> float:
    """Share of summary tokens that lie in an extractive fragment, in [0, 1]; 0.0 for an empty summary."""
    if not summary:
        return 0.0
    return sum(f.length for f in fragments(article, summary)) / len(summary)


def density(article: Sequence[str], summary: Sequence[str]) -> float:
    """Mean length of the fragment each summary token belongs to (sum of squared fragment lengths
    over the summary length); a verbatim copy of n tokens has density n. 0.0 for an empty summary."""
    if not summary:
        return 0.0
    return sum(f.length**2 for f in fragments(article, summary)) / len(summary)


def fragment_stats(summary: str, article: str, lang: str = "de") -> FragmentStats:
    """Coverage, density and compression of ``summary`` (a text, typically one sentence) against
    ``article``, on lower-cased unstemmed words of language ``lang``.

    Meaningful only when summary and article are in the same language.
    """
    tokenizer = WordTokenizer(lang, stem=False)
    summary_tokens = tokenizer.tokenize(summary)
    article_tokens = tokenizer.tokenize(article)
    found = fragments(article_tokens, summary_tokens)
    n = len(summary_tokens)
    if n == 0:
        return FragmentStats(0.0, 0.0, 0.0, 0)
    return FragmentStats(
        coverage=sum(f.length for f in found) / n,
        density=sum(f.length**2 for f in found) / n,
        compression=len(article_tokens) / n,
        summary_tokens=n,
    )
