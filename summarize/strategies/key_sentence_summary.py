"""Summaries made of the article's key statements, whole in its language, translated with verified checks."""

from __future__ import annotations

from typing import ClassVar

from ..answers import Checker
from ..requests import Answers, Request
from ..result import Summary
from ..source import Source
from ..verified import KeySentences
from .base import SummaryMethod

SENTENCES = 3  # a summary of two to four sentences: three chosen, a failed translation may drop one
# When the model shortens: a summary sentence may be longer than a bullet (it is read as prose, not scanned).
MAX_WORDS = {"de": 20, "en": 24}
DEFAULT_MAX_WORDS = 22


class KeySentenceSummary(SummaryMethod):
    """The article's three key statements (``verified.key_sentences``), whole.

    In the article's language the summary is those sentences (``extracted``). In the other language it is
    their translations, each checked against the sentence it translates (``translated``); a translation
    that fails is dropped, and when none passes ``complete`` falls back to the article's own sentences,
    flagged ``extracted``.
    """

    name = "key_sentences"
    shorten: ClassVar[bool] = False  # whether the model shortens each sentence by verified deletion first

    def __init__(self) -> None:
        self.key = KeySentences("shorten_summary", "translate_summary", shorten=self.shorten)

    def requests(self, source: Source, lang: str) -> list[Request]:
        return self.key.shorten_requests(source, SENTENCES, max_words(source.lang), translated=lang != source.lang)

    def choose(self, answers: Answers, checker: Checker) -> Summary | None:
        self.key.accept_shortened(answers, checker.source.lang, max_words(checker.source.lang))
        sourced = self.key.sourced()
        if checker.target_lang != checker.source.lang or not sourced:
            return None  # translated in the second pass
        origin = "compressed" if any(origin == "compressed" for _, origin, _ in sourced) else "extracted"
        return Summary(" ".join(text for text, _, _ in sourced), origin, tuple(whole for _, _, whole in sourced))

    def repair_requests(self, summary: Summary | None, checker: Checker) -> list[Request]:
        if checker.target_lang == checker.source.lang:
            return []
        return self.key.translation_requests(checker.source.lang, checker.target_lang)

    def repair(self, summary: Summary | None, answers: Answers, checker: Checker) -> Summary | None:
        if checker.target_lang == checker.source.lang:
            return summary
        kept = self.key.accept_translations(answers, checker)
        if not kept:
            return None
        return Summary(" ".join(text for text, _ in kept), "translated", tuple(whole for _, whole in kept))


def max_words(lang: str) -> int:
    """The most words of a shortened summary sentence in ``lang``."""
    return MAX_WORDS.get(lang, DEFAULT_MAX_WORDS)
