"""Bullets from the model's one key-fact answer."""

from __future__ import annotations

from ..answers import Checker, parse_bullets
from ..prompts import bullets_prompt
from ..requests import Answers, Request
from ..result import Bullet
from ..source import Source
from .base import BulletStrategy

BULLETS = "bullets"


class AnswerStrategy(BulletStrategy):
    """The checked bullets of one answer to "the ``n`` most important facts"."""

    name = "answer"
    description = "the model's key facts"

    def requests(self, source: Source, lang: str, n: int) -> list[Request]:
        return [Request(BULLETS, bullets_prompt(source, lang, n))]

    def choose(self, answers: Answers, checker: Checker, n: int) -> list[Bullet]:
        return parse_bullets(answers.one(BULLETS), checker)[:n]
