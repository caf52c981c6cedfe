"""Sentences that are true to the article by construction: chosen from it, shortened by verified deletion,
translated with verified checks.

The embedded model is a small coder model: it shortens and translates a sentence it is shown
well, and recalls facts from a whole article badly. So it is never asked for facts. The key
facts are article sentences (the lead's statements: news puts its key facts first); the model
only shortens each one by deleting words (:mod:`summarize.compression` checks that exactly) and
translates the result (:mod:`summarize.translation_check` checks numbers, names, negation,
length and language against the one sentence it translates). A sentence whose shortening fails
is shown as the article has it, trimmed at a clause boundary at most (``extracted``); a
translation that fails is not shown.
"""

from __future__ import annotations

from collections.abc import Sequence

from .answers import DUPLICATE_OVERLAP, Checker
from .compression import check_deletion, tokens, trim_at_clause
from .fluency import has_finite_verb
from .models.base import Completion
from .postprocess import answer_lines, close_line
from .prompts import deletion_prompt, translation_prompt
from .requests import Request
from .result import Origin
from .source import Source
from .translation_check import check_translation
from .words import WordTokenizer, overlap_coefficient

# A verified sentence and how it was made.
Verified = tuple[str, Origin]


def key_sentences(source: Source, k: int) -> list[str]:
    """The article's first ``k`` statements that the model reads (``Source.lead``), none a repeat of an earlier one."""
    tokenizer = WordTokenizer(source.lang)
    chosen: list[str] = []
    for sentence in source.lead(4 * k):
        if len(chosen) == k:
            break
        words = tokenizer.tokenize(sentence)
        if all(overlap_coefficient(words, tokenizer.tokenize(c)) <= DUPLICATE_OVERLAP for c in chosen):
            chosen.append(sentence)
    return chosen


def deletion_requests(tag: str, sentences: Sequence[str], lang: str, max_words: int) -> list[Request]:
    """One request per sentence: shorten it to at most ``max_words`` words by deleting words only."""
    return [Request(tag, deletion_prompt(sentence, lang, max_words)) for sentence in sentences]


def translation_requests(tag: str, sentences: Sequence[str], source_lang: str, target_lang: str) -> list[Request]:
    """One request per sentence: translate it from ``source_lang`` into ``target_lang``."""
    return [Request(tag, translation_prompt(sentence, source_lang, target_lang)) for sentence in sentences]


def _first_line(completion: Completion) -> str:
    lines = answer_lines(completion.text)
    return lines[0] if lines else ""


def accept_compression(answer: Completion, sentence: str, lang: str, max_words: int) -> Verified:
    """The model's shortening of ``sentence`` (in ``lang``) when it is a verified deletion and a full
    sentence, else the sentence itself, trimmed at a clause boundary when that keeps a full sentence.

    A deletion cannot add a number or a name, so no support check is needed beyond it.
    """
    first = _first_line(answer)
    line = close_line(first) if first else ""
    if (
        line
        and len(tokens(line)) <= max_words + max_words // 4  # the model counts words loosely
        and check_deletion(line, sentence, lang)
        and has_finite_verb(line, lang)
    ):
        return line, "compressed"
    if len(tokens(sentence)) > max_words:
        trimmed = trim_at_clause(sentence, lang, max_words=max_words)
        if trimmed and has_finite_verb(trimmed, lang):
            return trimmed, "extracted"
    return close_line(sentence), "extracted"


def accept_translation(answer: Completion, sentence: str, checker: Checker) -> str | None:
    """The model's translation of ``sentence`` into the checker's language, when every check passes."""
    line = _first_line(answer)
    if not line:
        return None
    line = close_line(line)
    passed = (
        check_translation(line, sentence, source_lang=checker.source.lang, target_lang=checker.target_lang)
        and has_finite_verb(line, checker.target_lang)
        and checker.in_target_language(line)
        and checker.supported(line)
    )
    return line if passed else None
