"""Bullets that open with the article's first statement, compressed, then the model's key facts."""

from __future__ import annotations

from ..answers import Checker, parse_bullets, parse_compressed
from ..prompts import bullets_prompt, compress_prompts
from ..requests import Answers, Request
from ..result import Bullet
from ..source import Source
from .answer import BULLETS
from .base import BulletStrategy

LEAD = "lead"  # the article's first statement compressed to its key fact


class LeadFirstStrategy(BulletStrategy):
    """The compressed first statement first, then the answer's bullets that do not repeat it.

    News states its main fact first; where an article opens with a scene instead, the
    first *statement* (``Source.lead``) still names it, and the compression keeps it short.
    """

    name = "lead"
    description = "the compressed lead first, then the model's key facts"

    def requests(self, source: Source, lang: str, n: int) -> list[Request]:
        return [
            Request(BULLETS, bullets_prompt(source, lang, n)),
            *(Request(LEAD, prompt) for prompt in compress_prompts(source, lang, 1)),
        ]

    def choose(self, answers: Answers, checker: Checker, n: int) -> list[Bullet]:
        lead = parse_compressed(answers[LEAD], checker)
        return (lead + parse_bullets(answers.one(BULLETS), checker, lead))[:n]
