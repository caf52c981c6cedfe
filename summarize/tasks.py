"""The summary tasks: what each reads, how its answer is parsed, checked and repaired.

Each task is extract-then-abstract: the model reads the most salient sentences of the
article (all of them when they fit the budget), and every answer is checked for
language, completeness, duplicates and unsupported numbers or names before it is used.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from . import prompts
from .extractive import rank, select_within_budget
from .faithfulness import unsupported_content
from .language import detect_language, language_probability
from .models.base import Completion, Prompt
from .postprocess import answer_lines, close_line, complete_sentences
from .scoring import WordTokenizer
from .text import ends_like_sentence, ends_like_statement, split_sentences

Origin = Literal["generated", "repaired", "extracted"]
MAX_BULLET_WORDS = 30
MIN_SENTENCE_WORDS = 3
MAX_SUMMARY_SENTENCES = 4
MIN_TARGET_PROBABILITY = 0.2  # for short or mixed texts whose language langdetect cannot pin down
DUPLICATE_OVERLAP = 0.6  # share of a bullet's words found in an earlier one that makes it a copy


@dataclass(frozen=True)
class Bullet:
    """One key fact. ``origin`` says how it was made.

    ``"generated"``: the model's sentence as written; ``"repaired"``: the model's sentence
    after a fix (split, punctuation) or from a sentence-by-sentence second attempt;
    ``"extracted"``: an article sentence used verbatim because the model gave nothing usable.
    """

    text: str
    origin: Origin

    def to_dict(self) -> dict[str, str]:
        return {"text": self.text, "origin": self.origin}


@dataclass(frozen=True)
class TextOutput:
    """A summary text and how it was made (origins as for :class:`Bullet`)."""

    text: str
    origin: Origin


def is_real_sentence(text: str) -> bool:
    """End punctuation and a few words: not a heading, byline or fragment."""
    return ends_like_sentence(text) and len(text.split()) >= MIN_SENTENCE_WORDS


def is_statement(text: str) -> bool:
    """A real sentence that ends with a full stop: a question or an exclamation states no fact."""
    return is_real_sentence(text) and ends_like_statement(text)


@dataclass(frozen=True)
class Source:
    """The article as the tasks see it: its headline, all sentences, and those the model reads."""

    lang: str
    sentences: tuple[str, ...]
    selected: tuple[int, ...]
    title: str | None = None

    @property
    def text(self) -> str:
        """The full article text with its headline, for faithfulness checks."""
        return " ".join(((self.title,) if self.title else ()) + self.sentences)

    @property
    def model_input(self) -> str:
        """The selected sentences in document order: what the model reads."""
        return " ".join(self.sentences[i] for i in self.selected)

    @cached_property
    def ranking(self) -> list[int]:
        """Sentence indices, most salient first (computed once: long articles have thousands)."""
        return rank(self.sentences, self.lang)

    def ranked(self) -> list[str]:
        """Sentences, most salient first."""
        return [self.sentences[i] for i in self.ranking]

    def lead(self, k: int) -> list[str]:
        """The first ``k`` statements the model reads (real sentences, no questions): where news puts its key facts."""
        read = [self.sentences[i] for i in self.selected]
        statements = [s for s in read if is_statement(s)]
        return (statements or [s for s in read if is_real_sentence(s)] or read)[:k]


def build_source(
    body: str, lang: str, *, budget: int, count_tokens: Callable[[str], int], title: str | None = None
) -> Source:
    """Split ``body`` into sentences and pick those that fit ``budget`` model tokens (the headline included)."""
    sentences = tuple(split_sentences(body, lang))
    budget -= count_tokens(title) if title else 0
    return Source(lang, sentences, tuple(select_within_budget(sentences, budget, count_tokens, lang)), title)


class Checker:
    """Decides whether a generated sentence can be shown: language, length, support, novelty."""

    def __init__(self, source: Source, target_lang: str) -> None:
        self.source = source
        self.target_lang = target_lang
        self._source_text = source.text
        self.tokenizer = WordTokenizer(target_lang)
        self._example = prompts.example_text(target_lang)

    def in_target_language(self, text: str) -> bool:
        """The top guess is the target language, or the text is too short or mixed to tell
        and the target language is still a serious candidate."""
        guess = detect_language(text)
        if guess.lang == self.target_lang:
            return True
        return not guess.reliable and language_probability(text, self.target_lang) >= MIN_TARGET_PROBABILITY

    def supported(self, text: str) -> bool:
        """No number or name the article lacks, and no noun taken from the worked example instead of the article."""
        return not unsupported_content(
            text, self._source_text, cross_lingual=self.source.lang != self.target_lang,
            output_lang=self.target_lang, avoid=self._example,
        )  # fmt: skip

    def is_copy(self, text: str, others: Sequence[str]) -> bool:
        words = set(self.tokenizer.tokenize(text))
        for other in others:
            other_words = set(self.tokenizer.tokenize(other))
            if words and len(words & other_words) / min(len(words), len(other_words) or 1) > DUPLICATE_OVERLAP:
                return True
        return False

    def good_bullet(self, text: str, accepted: Sequence[str]) -> bool:
        n_words = len(text.split())
        return (
            MIN_SENTENCE_WORDS <= n_words <= MAX_BULLET_WORDS
            and self.in_target_language(text)
            and self.supported(text)
            and not self.is_copy(text, accepted)
        )


def summary_prompt(source: Source, lang: str) -> Prompt:
    return prompts.summary_prompt(source.model_input, lang, source.title)


def bullets_prompt(source: Source, lang: str, n: int) -> Prompt:
    return prompts.bullets_prompt(source.model_input, lang, n, source.title)


def detailed_bullets_prompt(source: Source, lang: str, n: int) -> Prompt:
    return prompts.detailed_bullets_prompt(source.model_input, lang, n, source.title)


def compress_prompts(source: Source, lang: str, n: int) -> list[Prompt]:
    """One prompt per lead sentence: cut it to its key fact in ``lang``, the article as context."""
    return [
        prompts.compress_prompt(source.model_input, sentence, lang, source_lang=source.lang, title=source.title)
        for sentence in source.lead(n)
    ]


def parse_summary(completion: Completion, checker: Checker) -> TextOutput | None:
    """The usable part of a summary answer, or None when nothing is usable."""
    sentences = complete_sentences(completion.text, checker.target_lang, finished=completion.finished)
    kept = [s for s in sentences if len(s.split()) >= MIN_SENTENCE_WORDS and checker.supported(s)]
    kept = [s for i, s in enumerate(kept) if not checker.is_copy(s, kept[:i])][:MAX_SUMMARY_SENTENCES]
    text = " ".join(kept)
    if not kept or not checker.in_target_language(text):
        return None
    unchanged = " ".join(answer_lines(completion.text)) == text
    return TextOutput(text, "generated" if unchanged else "repaired")


def top_up_summary(
    have: TextOutput | None, rewrites: Sequence[Completion], checker: Checker, sentences: int
) -> TextOutput | None:
    """``have`` with rewritten sentences added in order until it has ``sentences`` sentences.

    Each rewrite is checked on its own (language, support, copies), so one that failed
    cannot slip into the summary behind good ones. None when no rewrite was usable.
    """
    kept = split_sentences(have.text, checker.target_lang) if have else []
    had = len(kept)
    for rewrite in rewrites:
        if len(kept) >= sentences:
            break
        usable = parse_summary(rewrite, checker)
        first = split_sentences(usable.text, checker.target_lang)[:1] if usable else []
        if first and not checker.is_copy(first[0], kept):
            kept.append(first[0])
    return TextOutput(" ".join(kept), "repaired") if len(kept) > had else None


def parse_bullets(completion: Completion, checker: Checker, accepted: Sequence[Bullet] = ()) -> list[Bullet]:
    """Bullets from an answer with one fact per line (or a paragraph, from seq2seq models)."""
    bullets = list(accepted)
    lines = answer_lines(completion.text)
    if lines and not completion.finished and not ends_like_sentence(lines[-1]):
        lines.pop()  # cut off at the token limit
    for line in lines:
        for sentence in split_sentences(close_line(line), checker.target_lang):
            if checker.good_bullet(sentence, [b.text for b in bullets]):
                bullets.append(Bullet(sentence, "generated" if sentence == line else "repaired"))
    return bullets[len(accepted) :]


def parse_compressed(completions: Sequence[Completion], checker: Checker) -> list[Bullet]:
    """One bullet per compressed sentence (its first usable sentence), none a copy of another."""
    bullets: list[Bullet] = []
    for completion in completions:
        bullets += parse_bullets(completion, checker, bullets)[:1]
    return bullets


def rewrite_prompts(candidates: Sequence[str], lang: str, source_lang: str) -> list[Prompt]:
    """Prompts that turn salient article sentences into short sentences in ``lang`` (translating if needed)."""
    return [prompts.rewrite_prompt(sentence, lang, source_lang=source_lang) for sentence in candidates]


def extracted_bullets(source: Source, checker: Checker, have: Sequence[Bullet], n: int) -> list[Bullet]:
    """Salient article sentences as bullets, for places the model left empty.

    Real sentences (end punctuation, at least three words) come first; a full stop is
    added where the article has none (headlines, unpunctuated text).
    """
    bullets = list(have)
    # A stable sort keeps salience order within real sentences and within the rest.
    ordered = sorted(source.ranked(), key=lambda s: not is_real_sentence(s))
    for sentence in ordered:
        if len(bullets) >= n:
            break
        if not checker.is_copy(sentence, [b.text for b in bullets]):
            bullets.append(Bullet(close_line(sentence), "extracted"))
    return bullets[len(have) :]


def extracted_summary(source: Source, sentences: int = 2) -> TextOutput:
    """The most salient sentences in document order, as a last-resort summary."""
    chosen = sorted(source.ranking[:sentences])
    return TextOutput(" ".join(close_line(source.sentences[i]) for i in chosen), "extracted")
