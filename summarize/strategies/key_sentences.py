"""Bullets that are the article's key statements, whole (or translated, each translation verified)."""

from __future__ import annotations

from typing import ClassVar

from ..answers import Checker
from ..requests import Answers, Request
from ..result import Bullet
from ..source import Source
from ..verified import KeySentences
from .base import BulletStrategy

# A bullet's length in words when the model shortens it: German teaser sentences run to about 15 words, English
# highlights to about 20.
MAX_WORDS = {"de": 15, "en": 20}
DEFAULT_MAX_WORDS = 18


class KeySentenceStrategy(BulletStrategy):
    """The article's ``n`` key statements (``verified.key_sentences``: the headline's statement and the lead's),
    shown whole: the model writes none of them (``extracted``).

    Bullets in another language than the article's are translations of those sentences, each checked
    against the sentence it translates (``translated``); one that fails every check is left out, and
    ``complete`` fills the place with an article sentence. Shown whole, the key sentences were judged
    as faithful as lead-3 (docs/benchmarks/README.md, "Faithfulness, round three").
    """

    name = "key_sentences"
    description = "the article's key statements, whole; translated with checks into another language"
    shorten: ClassVar[bool] = False  # whether the model shortens each sentence by verified deletion first

    def __init__(self) -> None:
        self.key = KeySentences("shorten_bullet", "translate_bullet", shorten=self.shorten)

    def requests(self, source: Source, lang: str, n: int) -> list[Request]:
        return self.key.shorten_requests(source, n, max_words(source.lang), translated=lang != source.lang)

    def choose(self, answers: Answers, checker: Checker, n: int) -> list[Bullet]:
        self.key.accept_shortened(answers, checker.source.lang, max_words(checker.source.lang))
        if checker.target_lang != checker.source.lang:
            return []  # translated in the second pass
        return [Bullet(text, origin, whole) for text, origin, whole in self.key.sourced()][:n]

    def repair_requests(self, bullets: list[Bullet], checker: Checker, n: int) -> list[Request]:
        if checker.target_lang == checker.source.lang:
            return []  # nothing is rewritten freely: what is missing is filled with article sentences
        return self.key.translation_requests(checker.source.lang, checker.target_lang)

    def repair(self, bullets: list[Bullet], answers: Answers, checker: Checker, n: int) -> list[Bullet]:
        if checker.target_lang == checker.source.lang:
            return bullets
        translations = self.key.accept_translations(answers, checker)
        return [Bullet(text, "translated", whole) for text, whole in translations][:n]


def max_words(lang: str) -> int:
    """The most words of a shortened bullet in ``lang``."""
    return MAX_WORDS.get(lang, DEFAULT_MAX_WORDS)
