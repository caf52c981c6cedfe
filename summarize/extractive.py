"""Salient-sentence selection: centroid similarity with a lead bias (news puts key facts first).

Used to pick what the model reads (extract-then-abstract), to fill bullets the model
could not deliver, and as the extractive baseline in the benchmark.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence

from .text import ends_like_sentence
from .words import WordTokenizer, count_whitespace_tokens, overlap_coefficient

POSITION_WEIGHT = 0.4  # share of the score that comes from the sentence's position
REDUNDANCY_LIMIT = 0.5  # skip a sentence sharing more than this share of words with a chosen one
SHORT_SENTENCE_WORDS = 5  # salience: a sentence shorter than this (or unpunctuated) is down-weighted
SHORT_SENTENCE_FACTOR = 0.3


def _bags(sentences: Sequence[str], lang: str) -> list[Counter[str]]:
    tokenizer = WordTokenizer(lang)
    return [Counter(w for w in tokenizer.tokenize(s) if len(w) > 2) for s in sentences]


def salience(sentences: Sequence[str], lang: str) -> list[float]:
    """A score in [0, 1] per sentence: TF-IDF cosine with the document centroid, plus a lead bias.

    Linear in the number of sentences, so long documents stay cheap. Headings
    (no final punctuation) and very short sentences are down-weighted.
    """
    if not sentences:
        return []
    bags = _bags(sentences, lang)
    df = Counter(word for bag in bags for word in bag)
    n = len(sentences)
    idf = {w: math.log((1 + n) / (1 + c)) + 1 for w, c in df.items()}
    centroid: Counter[str] = Counter()
    for bag in bags:
        for w, c in bag.items():
            centroid[w] += c * idf[w]
    centroid_norm = math.sqrt(sum(v * v for v in centroid.values())) or 1.0
    scores = []
    for i, (sentence, bag) in enumerate(zip(sentences, bags)):
        vec = {w: c * idf[w] for w, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        cosine = sum(v * centroid[w] for w, v in vec.items()) / (norm * centroid_norm)
        position = 1.0 / math.sqrt(i + 1)
        score = (1 - POSITION_WEIGHT) * cosine + POSITION_WEIGHT * position
        if count_whitespace_tokens(sentence) < SHORT_SENTENCE_WORDS or not ends_like_sentence(sentence):
            score *= SHORT_SENTENCE_FACTOR
        scores.append(score)
    return scores


def rank(sentences: Sequence[str], lang: str) -> list[int]:
    """Sentence indices, most salient first, skipping near-duplicates of better ones."""
    scores = salience(sentences, lang)
    bags = _bags(sentences, lang)
    chosen: list[int] = []
    for i in sorted(range(len(sentences)), key=lambda i: (-scores[i], i)):
        if all(overlap_coefficient(bags[i], bags[j]) <= REDUNDANCY_LIMIT for j in chosen):
            chosen.append(i)
    return chosen


def select_within_budget(sentences: Sequence[str], budget: int, count: Callable[[str], int], lang: str) -> list[int]:
    """Indices (in document order) of the most salient sentences whose lengths fit ``budget``.

    ``count`` measures a sentence (e.g. the model's token count). All sentences are
    kept when they fit; the first sentence is always kept, cut or not, so the result is never empty.
    """
    sizes = [count(s) for s in sentences]
    if sum(sizes) <= budget:
        return list(range(len(sentences)))
    picked: list[int] = []
    used = 0
    for i in rank(sentences, lang):
        if used + sizes[i] <= budget:
            picked.append(i)
            used += sizes[i]
    return sorted(picked) or [0]


def top_sentences(sentences: Sequence[str], lang: str, k: int = 3) -> list[str]:
    """The ``k`` most salient, mutually distinct sentences, in document order."""
    return [sentences[i] for i in sorted(rank(sentences, lang)[:k])]
