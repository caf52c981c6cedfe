"""The summary method: the model's 2-3 sentence answer, checked, topped up sentence by sentence."""

from __future__ import annotations

from ..answers import Checker, parse_summary, top_up_summary
from ..prompts import rewrite_prompts, summary_prompt
from ..requests import Answers, Request
from ..result import Summary
from ..source import Source
from ..text import split_sentences
from .base import REWRITE, SummaryMethod

SUMMARY = "summary"
MIN_SENTENCES = 2  # a shorter summary gets salient sentences rewritten and added
REWRITES = 4  # salient sentences rewritten for it: some rewrites fail the checks


class AbstractiveSummary(SummaryMethod):
    """One answer to "summarise the article in two to three sentences", checked sentence by sentence;
    a summary of fewer than ``MIN_SENTENCES`` sentences is topped up with rewritten salient sentences."""

    name = "abstractive"

    def requests(self, source: Source, lang: str) -> list[Request]:
        return [Request(SUMMARY, summary_prompt(source, lang))]

    def choose(self, answers: Answers, checker: Checker) -> Summary | None:
        return parse_summary(answers.one(SUMMARY), checker)

    def repair_requests(self, summary: Summary | None, checker: Checker) -> list[Request]:
        have = len(split_sentences(summary.text, checker.target_lang)) if summary else 0
        if have >= MIN_SENTENCES:
            return []
        source = checker.source
        fresh = [s for s in source.ranked() if not (summary and checker.is_copy(s, [summary.text]))]
        prompts = rewrite_prompts(fresh[:REWRITES], checker.target_lang, source_lang=source.lang)
        return [Request(REWRITE, prompt) for prompt in prompts]

    def repair(self, summary: Summary | None, answers: Answers, checker: Checker) -> Summary | None:
        return top_up_summary(summary, answers[REWRITE], checker, MIN_SENTENCES + 1) or summary
