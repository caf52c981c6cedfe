"""Summaries made of the article's lead statements, shortened by verified deletion, translated with verified checks."""

from __future__ import annotations

from ..answers import Checker
from ..requests import Answers, Request
from ..result import Summary
from ..source import Source
from ..verified import (
    Verified,
    accept_compression,
    accept_translation,
    deletion_requests,
    key_sentences,
    translation_requests,
)
from .base import SummaryMethod

SHORTEN = "shorten"
TRANSLATE = "translate"
SENTENCES = 3  # a summary of two to four sentences: three chosen, a failed translation may drop one
# A summary sentence may be longer than a bullet: it is read as prose, not scanned.
MAX_WORDS = {"de": 20, "en": 24}
DEFAULT_MAX_WORDS = 22


class CompressedSummary(SummaryMethod):
    """The article's first three distinct statements, each shortened by verified deletion.

    In the article's language the summary is those sentences (``compressed`` when the model
    shortened at least one, else ``extracted``). In the other language it is their translations,
    each checked against the sentence it translates (``translated``); a translation that fails is
    dropped (the whole sentence is tried as a second chance), and when none passes ``complete``
    falls back to the article's own sentences, flagged ``extracted``.
    """

    name = "compressed"

    def __init__(self) -> None:
        self._sentences: list[str] = []
        self._verified: list[Verified] = []

    def requests(self, source: Source, lang: str) -> list[Request]:
        self._sentences = key_sentences(source, SENTENCES)
        return deletion_requests(SHORTEN, self._sentences, source.lang, max_words(source.lang))

    def choose(self, answers: Answers, checker: Checker) -> Summary | None:
        lang = checker.source.lang
        self._verified = [
            accept_compression(answer, sentence, lang, max_words(lang))
            for answer, sentence in zip(answers[SHORTEN], self._sentences, strict=True)
        ]
        if checker.target_lang != lang or not self._verified:
            return None  # translated in the second pass
        origin = "compressed" if any(origin == "compressed" for _, origin in self._verified) else "extracted"
        return Summary(" ".join(text for text, _ in self._verified), origin)

    def repair_requests(self, summary: Summary | None, checker: Checker) -> list[Request]:
        if checker.target_lang == checker.source.lang:
            return []
        return translation_requests(TRANSLATE, self._translatable(), checker.source.lang, checker.target_lang)

    def repair(self, summary: Summary | None, answers: Answers, checker: Checker) -> Summary | None:
        if checker.target_lang == checker.source.lang:
            return summary
        texts = self._translatable()
        translated = [accept_translation(a, s, checker) for a, s in zip(answers[TRANSLATE], texts, strict=True)]
        k = len(self._verified)
        kept: list[str] = []
        for shortened, whole in zip(translated[:k], translated[k:]):
            text = shortened or whole
            if text and not checker.is_copy(text, kept):
                kept.append(text)
        return Summary(" ".join(kept), "translated") if kept else None

    def _translatable(self) -> list[str]:
        """Each verified sentence, then each whole sentence: a second chance where a translation fails."""
        return [text for text, _ in self._verified] + self._sentences


def max_words(lang: str) -> int:
    """The most words of a summary sentence in ``lang``."""
    return MAX_WORDS.get(lang, DEFAULT_MAX_WORDS)
