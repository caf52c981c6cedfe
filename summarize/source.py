"""The article as the model and the checks see it: its sentences, those the model reads, its lead."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from .extractive import rank, select_within_budget
from .text import ends_like_sentence, ends_like_statement, split_sentences
from .words import MIN_SENTENCE_WORDS, count_whitespace_tokens

#: A worked example as chat turns: ``((question, answer), ...)``.
Example = tuple[tuple[str, str], ...]


def is_real_sentence(text: str) -> bool:
    """End punctuation and a few words: not a heading, byline or fragment."""
    return ends_like_sentence(text) and count_whitespace_tokens(text) >= MIN_SENTENCE_WORDS


def is_statement(text: str) -> bool:
    """A real sentence that ends with a full stop: a question or an exclamation states no fact."""
    return is_real_sentence(text) and ends_like_statement(text)


@dataclass(frozen=True)
class Source:
    """One article as the requests see it.

    ``sentences`` are all of the body's sentences, ``selected`` the indices (document order)
    of those the model reads, ``title`` the headline. ``example`` is the worked example every
    prompt about this article shows before it: one turn on all of them keeps their shared prefix.
    """

    lang: str
    sentences: tuple[str, ...]
    selected: tuple[int, ...]
    title: str | None = None
    example: Example = ()

    @property
    def text(self) -> str:
        """The full article text with its headline, for faithfulness checks."""
        return " ".join(((self.title,) if self.title else ()) + self.sentences)

    @property
    def model_input(self) -> str:
        """The selected sentences in document order: what the model reads."""
        return " ".join(self.sentences[i] for i in self.selected)

    @cached_property
    def ranking(self) -> list[int]:
        """Sentence indices, most salient first (computed once: long articles have thousands)."""
        return rank(self.sentences, self.lang)

    def ranked(self) -> list[str]:
        """Sentences, most salient first."""
        return [self.sentences[i] for i in self.ranking]

    def lead(self, k: int) -> list[str]:
        """The first ``k`` statements the model reads (real sentences, no questions): where news puts its key facts."""
        read = [self.sentences[i] for i in self.selected]
        statements = [s for s in read if is_statement(s)]
        return (statements or [s for s in read if is_real_sentence(s)] or read)[:k]


def build_source(
    body: str, lang: str, *, budget: int, count_tokens: Callable[[str], int], title: str | None = None,
    example: Example = (),
) -> Source:  # fmt: skip
    """Split ``body`` into sentences and pick those that fit ``budget`` model tokens (the headline included)."""
    sentences = tuple(split_sentences(body, lang))
    budget -= count_tokens(title) if title else 0
    return Source(lang, sentences, tuple(select_within_budget(sentences, budget, count_tokens, lang)), title, example)
