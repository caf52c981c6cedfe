"""Pick the key facts that several candidate answers agree on (minimum-Bayes-risk selection).

The model answers the same question in a few ways (free bullets, longer bullets, the
article's first sentences compressed one by one). A sentence that the *other* answers
also say is more likely a key fact than one only a single answer mentions; news puts
its key facts first, so agreement with the article's lead counts as evidence too.
The chosen facts are then told in the article's order, as a reader expects them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import TypeVar

from .words import WordTokenizer, f1, precision

T = TypeVar("T")
LEAD_WEIGHT = 0.8  # share of a sentence's score that comes from the article's lead (best of 0-0.8 on news)


def consensus_scores(
    answers: Sequence[Sequence[str]], lead: str, tokenizer: WordTokenizer, *, lead_weight: float = LEAD_WEIGHT
) -> list[list[float]]:
    """A score per sentence of each answer: its mean ROUGE-1 F1 against the other answers,
    mixed with the share of its words found in ``lead``."""
    bags = [[Counter(tokenizer.tokenize(s)) for s in answer] for answer in answers]
    whole = [sum(answer_bags, Counter()) for answer_bags in bags]
    lead_bag = Counter(tokenizer.tokenize(lead))
    scores = []
    for i, answer_bags in enumerate(bags):
        others = [whole[j] for j in range(len(answers)) if j != i and whole[j]]
        row = []
        for bag in answer_bags:
            agreement = sum(f1(bag, other) for other in others) / len(others) if others else 0.0
            row.append((1 - lead_weight) * agreement + lead_weight * precision(bag, lead_bag))
        scores.append(row)
    return scores


def select_by_consensus(
    answers: Sequence[Sequence[T]],
    n: int,
    *,
    text: Callable[[T], str],
    lead: str,
    tokenizer: WordTokenizer,
    is_copy: Callable[[str, list[str]], bool],
    lead_weight: float = LEAD_WEIGHT,
) -> list[T]:
    """Up to ``n`` items from all ``answers``, best consensus score first, none a copy of an earlier pick."""
    texts = [[text(item) for item in answer] for answer in answers]
    scores = consensus_scores(texts, lead, tokenizer, lead_weight=lead_weight)
    pool = [(score, item) for answer, row in zip(answers, scores) for item, score in zip(answer, row)]
    pool.sort(key=lambda pair: -pair[0])  # stable: ties keep answer order
    chosen: list[T] = []
    for _, item in pool:
        if len(chosen) == n:
            break
        if not is_copy(text(item), [text(c) for c in chosen]):
            chosen.append(item)
    return chosen


def in_source_order(items: Sequence[T], sentences: Sequence[str], *, text: Callable[[T], str], tokenizer: WordTokenizer) -> list[T]:
    """``items`` sorted by the article sentence each draws most of its words from; items that
    match no sentence (e.g. translated ones) keep their order, after the others."""
    bags = [Counter(tokenizer.tokenize(s)) for s in sentences]

    def position(item: T) -> int:
        bag = Counter(tokenizer.tokenize(text(item)))
        shares = [precision(bag, sentence) for sentence in bags]
        best = max(range(len(shares)), key=lambda i: (shares[i], -i), default=None)
        return best if best is not None and shares[best] > 0 else len(bags)

    return sorted(items, key=position)
