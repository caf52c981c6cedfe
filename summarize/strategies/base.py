"""The two kinds of method the pipeline runs per article: a summary method and a bullet strategy.

Both have the same shape: ``requests`` says what to ask the model (tagged requests), ``choose``
turns the answers, read back by tag, into checked output. A second pass asks again, sentence by
sentence, for what the first could not deliver (``repair_requests`` / ``repair``), and
``complete`` fills what is still missing with article sentences. Adding a method is one
subclass in one file plus one entry in the table of ``summarize.strategies``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar

from ..answers import Checker, extracted_bullets, extracted_summary, parse_bullets
from ..prompts import rewrite_prompts
from ..requests import Answers, Request
from ..result import Bullet, Summary
from ..source import Source

REWRITE = "rewrite"  # the tag of the second pass's sentence-by-sentence requests


class SummaryMethod(ABC):
    """How a summary in one target language is made from an article."""

    #: The method's name in ``SUMMARY_METHODS``.
    name: ClassVar[str]

    @abstractmethod
    def requests(self, source: Source, lang: str) -> list[Request]:
        """What to ask the model in the first, batched pass for a summary of ``source`` in ``lang``."""

    @abstractmethod
    def choose(self, answers: Answers, checker: Checker) -> Summary | None:
        """The checked summary made from the first pass's ``answers``, or None when nothing is usable."""

    def repair_requests(self, summary: Summary | None, checker: Checker) -> list[Request]:
        """What to ask in the second pass to mend ``summary`` (default: nothing)."""
        return []

    def repair(self, summary: Summary | None, answers: Answers, checker: Checker) -> Summary | None:
        """``summary`` mended with the second pass's ``answers`` (default: unchanged)."""
        return summary

    def complete(self, summary: Summary | None, checker: Checker) -> Summary:
        """The summary to show: ``summary``, or the article's most salient sentences when there is none."""
        return summary or extracted_summary(checker.source)


class BulletStrategy(ABC):
    """How ``n`` key-fact bullets in one target language are chosen from an article."""

    #: The strategy's name in ``STRATEGIES`` (``--bullet-strategy``).
    name: ClassVar[str]
    #: One line for the command line's help and the docs.
    description: ClassVar[str]

    @abstractmethod
    def requests(self, source: Source, lang: str, n: int) -> list[Request]:
        """What to ask the model in the first, batched pass for ``n`` bullets in ``lang``."""

    @abstractmethod
    def choose(self, answers: Answers, checker: Checker, n: int) -> list[Bullet]:
        """Up to ``n`` checked bullets from the first pass's ``answers``, in the order to show them."""

    def repair_requests(self, bullets: list[Bullet], checker: Checker, n: int) -> list[Request]:
        """For each missing bullet (and one spare, as some rewrites fail the checks), a salient article
        sentence that ``bullets`` do not yet say, to be rewritten in the target language."""
        missing = n - len(bullets)
        if missing <= 0:
            return []
        source = checker.source
        fresh = [s for s in source.ranked() if not checker.is_copy(s, [b.text for b in bullets])]
        prompts = rewrite_prompts(fresh[: missing + 1], checker.target_lang, source_lang=source.lang)
        return [Request(REWRITE, prompt) for prompt in prompts]

    def repair(self, bullets: list[Bullet], answers: Answers, checker: Checker, n: int) -> list[Bullet]:
        """``bullets`` followed by the usable rewrites (flagged ``repaired``) until there are ``n``."""
        bullets = list(bullets)
        for answer in answers[REWRITE]:
            if len(bullets) < n:
                found = parse_bullets(answer, checker, bullets)[:1]
                bullets += [Bullet(b.text, "repaired") for b in found]
        return bullets

    def complete(self, bullets: list[Bullet], checker: Checker, n: int) -> list[Bullet]:
        """``bullets`` filled up to ``n`` with salient article sentences (flagged ``extracted``)."""
        return bullets + extracted_bullets(checker.source, checker, bullets, n)
