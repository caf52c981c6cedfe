"""Novel content words: the content words of an output sentence that its article does not contain.

A content word is any word that is not a function word (``function_words``); words are compared
after Snowball stemming (the project's ``WordTokenizer``), so "Soldaten" is found in an article
that says "Soldat". Numbers count as content words. Meaningful for outputs in the article's
language; a translation is all novel by construction.
"""

from __future__ import annotations

from typing import NamedTuple

from .function_words import is_function_word
from .words import WordTokenizer


class NovelWords(NamedTuple):
    """The content words of a sentence (count) and those of them its article lacks (surface forms)."""

    content_words: int
    novel: tuple[str, ...]

    @property
    def share(self) -> float:
        """Novel share of the content words, in [0, 1]; 0.0 for a sentence without content words."""
        return len(self.novel) / self.content_words if self.content_words else 0.0


def content_words(text: str, lang: str) -> list[tuple[str, str]]:
    """``(word, stem)`` for each content word of ``text`` in order (lower-cased words)."""
    plain = WordTokenizer(lang, stem=False)
    stemmer = WordTokenizer(lang)
    return [(word, stemmer.tokenize(word)[0]) for word in plain.tokenize(text) if not is_function_word(word, lang)]


def novel_content_words(sentence: str, article: str, lang: str = "de") -> NovelWords:
    """The content words of ``sentence`` whose stem does not occur in ``article`` (both in ``lang``).

    Repeated novel words are listed once per occurrence, so ``share`` is a share of tokens.
    """
    known = set(WordTokenizer(lang).tokenize(article))
    words = content_words(sentence, lang)
    return NovelWords(len(words), tuple(word for word, stem in words if stem not in known))
