"""Bullets that are the article's lead statements, each shortened by verified deletion (or translated, verified)."""

from __future__ import annotations

from ..answers import Checker
from ..requests import Answers, Request
from ..result import Bullet
from ..source import Source
from ..verified import KeySentences
from .base import BulletStrategy

# A bullet's length in words: German teaser sentences run to about 15 words, English highlights to about 20.
MAX_WORDS = {"de": 15, "en": 20}
DEFAULT_MAX_WORDS = 18


class CompressedStrategy(BulletStrategy):
    """The article's first ``n`` distinct statements, each shortened by the model by deleting words.

    A shortening is shown only when it is an exact deletion of its sentence that keeps every
    negation, hedge and quantity qualifier and is still a full sentence (``compressed``);
    otherwise the article's sentence is shown whole (``extracted``). Bullets in another language than the article's are translations of those
    sentences, each checked against the sentence it translates (``translated``); one that
    fails every check is left out, and ``complete`` fills the place with an article sentence.
    """

    name = "compressed"
    description = "the article's lead statements, shortened by verified deletion"

    def __init__(self) -> None:
        self.key = KeySentences("shorten_bullet", "translate_bullet")

    def requests(self, source: Source, lang: str, n: int) -> list[Request]:
        return self.key.shorten_requests(source, n, max_words(source.lang))

    def choose(self, answers: Answers, checker: Checker, n: int) -> list[Bullet]:
        verified = self.key.accept_shortened(answers, checker.source.lang, max_words(checker.source.lang))
        if checker.target_lang != checker.source.lang:
            return []  # translated in the second pass
        return [Bullet(text, origin) for text, origin in verified][:n]

    def repair_requests(self, bullets: list[Bullet], checker: Checker, n: int) -> list[Request]:
        if checker.target_lang == checker.source.lang:
            return []  # nothing is rewritten freely: what is missing is filled with article sentences
        return self.key.translation_requests(checker.source.lang, checker.target_lang)

    def repair(self, bullets: list[Bullet], answers: Answers, checker: Checker, n: int) -> list[Bullet]:
        if checker.target_lang == checker.source.lang:
            return bullets
        return [Bullet(text, "translated") for text in self.key.accept_translations(answers, checker)][:n]


def max_words(lang: str) -> int:
    """The most words of a bullet in ``lang``."""
    return MAX_WORDS.get(lang, DEFAULT_MAX_WORDS)
