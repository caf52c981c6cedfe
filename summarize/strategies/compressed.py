"""Bullets that are the article's lead statements, each shortened by verified deletion (or translated, verified)."""

from __future__ import annotations

from ..answers import Checker
from ..requests import Answers, Request
from ..result import Bullet
from ..source import Source
from ..verified import (
    Verified,
    accept_compression,
    accept_translation,
    deletion_requests,
    key_sentences,
    translation_requests,
)
from .base import BulletStrategy

SHORTEN = "shorten"  # one request per key sentence: delete words down to a bullet's length
TRANSLATE = "translate"  # second pass, for bullets in another language than the article's
# A bullet's length in words: German teaser sentences run to about 15 words, English highlights to about 20.
MAX_WORDS = {"de": 15, "en": 20}
DEFAULT_MAX_WORDS = 18


class CompressedStrategy(BulletStrategy):
    """The article's first ``n`` distinct statements, each shortened by the model by deleting words.

    A shortening is shown only when it is an exact deletion of its sentence that keeps every
    negation, hedge and quantity qualifier and is still a full sentence (``compressed``);
    otherwise the article's sentence is shown, trimmed at a clause boundary at most
    (``extracted``). Bullets in another language than the article's are translations of those
    sentences, each checked against the sentence it translates (``translated``); one that
    fails every check is left out, and ``complete`` fills the place with an article sentence.
    """

    name = "compressed"
    description = "the article's lead statements, shortened by verified deletion"

    def __init__(self) -> None:
        self._sentences: list[str] = []
        self._verified: list[Verified] = []

    def requests(self, source: Source, lang: str, n: int) -> list[Request]:
        self._sentences = key_sentences(source, n)
        return deletion_requests(SHORTEN, self._sentences, source.lang, max_words(source.lang))

    def choose(self, answers: Answers, checker: Checker, n: int) -> list[Bullet]:
        lang = checker.source.lang
        self._verified = [
            accept_compression(answer, sentence, lang, max_words(lang))
            for answer, sentence in zip(answers[SHORTEN], self._sentences, strict=True)
        ]
        if checker.target_lang != lang:
            return []  # translated in the second pass
        return [Bullet(text, origin) for text, origin in self._verified][:n]

    def repair_requests(self, bullets: list[Bullet], checker: Checker, n: int) -> list[Request]:
        if checker.target_lang == checker.source.lang:
            return []  # nothing is rewritten freely: what is missing is filled with article sentences
        return translation_requests(TRANSLATE, self._translatable(), checker.source.lang, checker.target_lang)

    def repair(self, bullets: list[Bullet], answers: Answers, checker: Checker, n: int) -> list[Bullet]:
        if checker.target_lang == checker.source.lang:
            return bullets
        texts = self._translatable()
        translated = [accept_translation(a, s, checker) for a, s in zip(answers[TRANSLATE], texts, strict=True)]
        k = len(self._verified)
        out: list[Bullet] = []
        for shortened, whole in zip(translated[:k], translated[k:]):
            text = shortened or whole
            if text and not checker.is_copy(text, [b.text for b in out]):
                out.append(Bullet(text, "translated"))
        return out[:n]

    def _translatable(self) -> list[str]:
        """Each verified sentence, then each whole sentence: a second chance where a translation fails."""
        return [text for text, _ in self._verified] + self._sentences


def max_words(lang: str) -> int:
    """The most words of a bullet in ``lang``."""
    return MAX_WORDS.get(lang, DEFAULT_MAX_WORDS)
