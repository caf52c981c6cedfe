"""Bullets that several answers and the article's lead agree on (see ``summarize.consensus``)."""

from __future__ import annotations

from ..answers import Checker, parse_bullets, parse_compressed
from ..consensus import in_source_order, select_by_consensus
from ..prompts import bullets_prompt, compress_prompts, detailed_bullets_prompt
from ..requests import Answers, Request
from ..result import Bullet
from ..source import Source
from .answer import BULLETS
from .base import BulletStrategy
from .lead import LEAD

DETAILED = "detailed"  # longer bullets: more of the article's content per fact
LEAD_SENTENCES = 5  # the article's opening, evidence for which facts are key


class ConsensusStrategy(BulletStrategy):
    """Three answers (short bullets, longer bullets, the first ``n`` statements compressed), and of
    their checked sentences the ``n`` that agree most with the others and with the lead, in article order."""

    name = "consensus"
    description = "the facts several answers agree on (slower)"

    def requests(self, source: Source, lang: str, n: int) -> list[Request]:
        return [
            Request(BULLETS, bullets_prompt(source, lang, n)),
            Request(DETAILED, detailed_bullets_prompt(source, lang, n)),
            *(Request(LEAD, prompt) for prompt in compress_prompts(source, lang, n)),
        ]

    def choose(self, answers: Answers, checker: Checker, n: int) -> list[Bullet]:
        candidates = [
            parse_bullets(answers.one(BULLETS), checker),
            parse_bullets(answers.one(DETAILED), checker),
            parse_compressed(answers[LEAD], checker),
        ]
        source = checker.source
        chosen = select_by_consensus(
            candidates, n, text=lambda b: b.text, lead=" ".join(source.lead(LEAD_SENTENCES)),
            tokenizer=checker.tokenizer, is_copy=checker.is_copy,
        )  # fmt: skip
        return in_source_order(chosen, source.sentences, text=lambda b: b.text, tokenizer=checker.tokenizer)
