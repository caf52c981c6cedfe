"""Summarizer: article -> language -> tasks (German summary, English summary, bullets) -> result."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Literal

from . import tasks
from .article import Article, parse_article
from .consensus import in_source_order, select_by_consensus
from .errors import EmptyInputError, InvalidInputError, SummarizeError
from .language import LanguageGuess, detect_language
from .models.base import Completion, Generator, Prompt
from .models.loading import load_generator
from .progress import Progress, Status, as_progress
from .prompts import SUPPORTED_TARGETS, bullets_example
from .scoring import Score, score
from .tasks import Bullet, Checker, Source, TextOutput
from .text import count_words, has_letters, normalize_text, split_sentences

DEFAULT_SOURCE_TOKENS = 700  # what the model reads per article; more costs prefill time
SUMMARY_TOKENS = 120  # 2-3 short sentences; the batch decodes until its longest answer ends
BULLET_TOKENS = 40  # per bullet
LEAD_SENTENCES = 5  # the article's opening, evidence for which facts are key
MIN_SUMMARY_SENTENCES = 2  # a shorter summary gets salient sentences rewritten and added
SUMMARY_REWRITES = 4  # salient sentences rewritten for it: some rewrites fail the checks
BulletStrategy = Literal["auto", "answer", "lead", "consensus"]
BULLET_STRATEGIES = ("auto", "answer", "lead", "consensus")
# Measured on news (docs/benchmarks): English key facts sit in the lead, and the consensus with
# compressed lead sentences beats one answer; German articles often open with a scene, where
# the consensus hurt, but the lead's first statement, compressed, as the first bullet before
# the model's own bullets beat one answer on held-out articles, at one more row to decode.
AUTO_STRATEGY = {"en": "consensus", "de": "lead"}
MIN_WORDS = 3


@dataclass(frozen=True)
class SummaryResult:
    """Everything the summarizer produced for one article.

    ``origins`` says for ``summary_de`` and ``summary_en`` whether the text was
    ``generated``, ``repaired`` or ``extracted`` (see :class:`~summarize.tasks.Bullet`).
    ``rouge`` scores the bullets against the article's own key-fact box, when it had one.
    """

    language: LanguageGuess
    summary_de: str
    summary_en: str
    bullets: tuple[Bullet, ...]
    bullets_language: str
    title: str | None = None
    reference_bullets: tuple[str, ...] = ()
    rouge: dict[str, Score] | None = None
    origins: dict[str, str] = field(default_factory=dict)
    model: str = ""
    sentences_read: int = 0
    sentences_total: int = 0
    seconds: float = 0.0

    @property
    def bullet_texts(self) -> list[str]:
        return [b.text for b in self.bullets]

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict of the result."""
        return {
            "language": self.language.to_dict(),
            "title": self.title,
            "summary_de": self.summary_de,
            "summary_en": self.summary_en,
            "bullets": [b.to_dict() for b in self.bullets],
            "bullets_language": self.bullets_language,
            "reference_bullets": list(self.reference_bullets),
            "rouge": {k: v._asdict() for k, v in self.rouge.items()} if self.rouge else None,
            "origins": dict(self.origins),
            "model": self.model,
            "sentences_read": self.sentences_read,
            "sentences_total": self.sentences_total,
            "seconds": round(self.seconds, 3),
        }


class Summarizer:
    """Summarises news articles into a German summary, an English summary and key-fact bullets.

    >>> s = Summarizer()                                  # embedded default model
    >>> s = Summarizer(model="google/mt5-small")          # any hub id, local dir or .gguf file
    >>> result = s.summarize(text)
    >>> result.summary_de, result.summary_en, result.bullet_texts

    The model loads on first use (or pass ``generator=`` to reuse a loaded one).
    ``bullets`` sets how many key facts to write; ``bullets_language`` fixes their
    language (default: the article's language when it is German or English, else German).
    ``source_tokens`` bounds what the model reads: longer articles are cut down to
    their most salient sentences, never truncated mid-text.
    ``bullet_strategy`` says how bullets are chosen: ``"answer"`` takes the model's one
    key-fact answer; ``"lead"`` puts the article's first statement, compressed, first
    and fills up with that answer; ``"consensus"`` also asks for longer bullets and for
    the first sentences compressed, and keeps the facts these answers and the article's
    lead agree on (slower: more to decode); ``"auto"`` picks consensus for English
    articles, lead-first for German ones and the single answer for others (unmeasured
    there), as measured in ``docs/benchmarks``.
    ``progress`` (a :class:`~summarize.progress.Progress`; default silent) hears the slow steps:
    first-run assembly and int8 conversion with their fraction done, loading, generating.
    ``status``, a callable taking each step's name, is the older, simpler form of it.
    """

    def __init__(
        self,
        model: str | None = None,
        *,
        generator: Generator | None = None,
        bullets: int = 3,
        bullets_language: str | None = None,
        source_tokens: int = DEFAULT_SOURCE_TOKENS,
        bullet_strategy: BulletStrategy = "auto",
        progress: Progress | None = None,
        status: Status | None = None,
    ) -> None:
        if bullets < 1:
            raise InvalidInputError(f"bullets must be at least 1, got {bullets}")
        _check_bullets_language(bullets_language)
        if bullet_strategy not in BULLET_STRATEGIES:
            raise InvalidInputError(f"bullet_strategy must be one of {BULLET_STRATEGIES}, got {bullet_strategy!r}")
        self.model_name = model
        self.n_bullets = bullets
        self.bullet_strategy = bullet_strategy
        self.bullets_language = bullets_language
        self.source_tokens = source_tokens
        self.progress = as_progress(progress if progress is not None else status)
        self._generator = generator

    @property
    def generator(self) -> Generator:
        """The loaded model (loads it on first access)."""
        if self._generator is None:
            self._generator = load_generator(self.model_name, progress=self.progress)
        return self._generator

    def summarize(self, text: str, *, title: str | None = None, bullets_language: str | None = None) -> SummaryResult:
        """Summarise one article given as raw text (a key-fact box in it is used as reference only).

        ``title`` is the headline; without it, a headline at the top of ``text`` is used.
        The model reads the headline with the article: it names the story's point.

        ``bullets_language`` overrides the summarizer's setting for this article.
        """
        started = time.perf_counter()
        if not isinstance(text, str):
            raise InvalidInputError(f"text must be a str, got {type(text).__name__}")
        if title is not None and not isinstance(title, str):
            raise InvalidInputError(f"title must be a str, got {type(title).__name__}")
        article = parse_article(text)
        if not article.body.strip():
            raise EmptyInputError("the article is empty: nothing to summarise")
        if not has_letters(article.body) or count_words(article.body) < MIN_WORDS:
            raise InvalidInputError(f"the article is too short to summarise (needs at least {MIN_WORDS} words)")
        language = detect_language(article.body)
        source_lang = language.lang if language.lang != "und" else "de"
        _check_bullets_language(bullets_language)
        bullets_lang = bullets_language or self.bullets_language or (source_lang if source_lang in SUPPORTED_TARGETS else "de")
        loading = time.perf_counter()
        generator = self.generator
        started += time.perf_counter() - loading  # ``seconds`` is the work on this article, not the model load
        budget = min(self.source_tokens, generator.max_input_tokens // 2)
        title = " ".join(normalize_text(title).split()) if title else article.title
        title = title or None
        source = tasks.build_source(article.body, source_lang, budget=budget, count_tokens=generator.count_tokens, title=title)
        self.progress.step("generating")
        strategy = self.bullet_strategy if self.bullet_strategy != "auto" else AUTO_STRATEGY.get(source_lang, "answer")
        outputs = _Run(generator, source, bullets_lang, self.n_bullets, strategy).execute()
        rouge = None
        if article.reference_bullets:
            rouge = score(candidate=[b.text for b in outputs.bullets], reference=article.reference_bullets, lang=bullets_lang)
        return SummaryResult(
            language=language,
            summary_de=outputs.summaries["de"].text,
            summary_en=outputs.summaries["en"].text,
            bullets=tuple(outputs.bullets),
            bullets_language=bullets_lang,
            title=title,
            reference_bullets=article.reference_bullets,
            rouge=rouge,
            origins={f"summary_{lang}": out.origin for lang, out in outputs.summaries.items()},
            model=generator.name,
            sentences_read=len(source.selected),
            sentences_total=len(source.sentences),
            seconds=time.perf_counter() - started,
        )

    def summarize_many(self, texts: Iterable[str]) -> Iterator[SummaryResult | SummarizeError]:
        """Summarise each text in turn; a text that fails yields its error and the rest go on."""
        for text in texts:
            try:
                yield self.summarize(text)
            except SummarizeError as exc:
                yield exc


def _sentence_count(output: TextOutput | None, lang: str) -> int:
    return len(split_sentences(output.text, lang)) if output else 0


def _check_bullets_language(lang: str | None) -> None:
    if lang is not None and lang not in SUPPORTED_TARGETS:
        raise InvalidInputError(f"bullets_language must be one of {SUPPORTED_TARGETS}, got {lang!r}")


@dataclass
class _Outputs:
    summaries: dict[str, TextOutput]
    bullets: list[Bullet]


class _Run:
    """One article's generation: a batched first pass, a sentence-level second pass, then extraction."""

    def __init__(self, generator: Generator, source: Source, bullets_lang: str, n_bullets: int, strategy: str) -> None:
        self.generator = generator
        self.source = source
        self.bullets_lang = bullets_lang
        self.n = n_bullets
        self.strategy = strategy
        self.checkers = {lang: Checker(source, lang) for lang in SUPPORTED_TARGETS}

    def execute(self) -> _Outputs:
        source, target, n = self.source, self.bullets_lang, self.n
        bullet_prompts = [tasks.bullets_prompt(source, target, n)]
        if self.strategy == "consensus":
            bullet_prompts += [tasks.detailed_bullets_prompt(source, target, n), *tasks.compress_prompts(source, target, n)]
        elif self.strategy == "lead":
            bullet_prompts += tasks.compress_prompts(source, target, 1)
        example = bullets_example(target, n)  # on every prompt, so they keep one shared prefix
        first = self.generator.generate(
            [replace(p, examples=example) for p in
             [tasks.summary_prompt(source, "de"), tasks.summary_prompt(source, "en"), *bullet_prompts]],
            max_new_tokens=max(SUMMARY_TOKENS, BULLET_TOKENS * n),
        )  # fmt: skip
        summaries = {lang: tasks.parse_summary(c, self.checkers[lang]) for lang, c in zip(("de", "en"), first)}
        if self.strategy == "consensus":
            bullets = self._agreed_bullets(first[2:])
        elif self.strategy == "lead":
            bullets = self._lead_first_bullets(first[2], first[3])
        else:
            bullets = tasks.parse_bullets(first[2], self.checkers[target])[:n]
        self._second_pass(summaries, bullets)
        return _Outputs(
            {lang: out or tasks.extracted_summary(self.source) for lang, out in summaries.items()},
            bullets + tasks.extracted_bullets(self.source, self.checkers[self.bullets_lang], bullets, self.n),
        )

    def _lead_first_bullets(self, answer: Completion, compressed_lead: Completion) -> list[Bullet]:
        """The lead's first statement, compressed, then the answer's bullets that do not repeat it."""
        checker = self.checkers[self.bullets_lang]
        lead = tasks.parse_compressed([compressed_lead], checker)
        return (lead + tasks.parse_bullets(answer, checker, lead))[: self.n]

    def _agreed_bullets(self, completions: list[Completion]) -> list[Bullet]:
        """The bullets the three answers (short, detailed, compressed lead) agree on most, in article order."""
        checker = self.checkers[self.bullets_lang]
        answers = [
            tasks.parse_bullets(completions[0], checker),
            tasks.parse_bullets(completions[1], checker),
            tasks.parse_compressed(completions[2:], checker),
        ]
        chosen = select_by_consensus(
            answers, self.n, text=lambda b: b.text, lead=" ".join(self.source.lead(LEAD_SENTENCES)),
            tokenizer=checker.tokenizer, is_copy=checker.is_copy,
        )  # fmt: skip
        return in_source_order(chosen, self.source.sentences, text=lambda b: b.text, tokenizer=checker.tokenizer)

    def _second_pass(self, summaries: dict[str, TextOutput | None], bullets: list[Bullet]) -> None:
        """Rewrite salient sentences one by one for whatever the first pass could not deliver."""
        requests: list[tuple[str, Prompt]] = []
        candidates = self.source.ranked()
        for lang, out in summaries.items():
            if _sentence_count(out, lang) < MIN_SUMMARY_SENTENCES:  # nothing usable, or one sentence left
                fresh = [c for c in candidates if not (out and self.checkers[lang].is_copy(c, [out.text]))]
                rewrites = tasks.rewrite_prompts(fresh[:SUMMARY_REWRITES], lang, self.source.lang)
                requests += [(f"summary_{lang}", p) for p in rewrites]
        missing = self.n - len(bullets)
        if missing > 0:
            fresh = [c for c in candidates if not self.checkers[self.bullets_lang].is_copy(c, [b.text for b in bullets])]
            requests += [("bullets", p) for p in tasks.rewrite_prompts(fresh[: missing + 1], self.bullets_lang, self.source.lang)]
        if not requests:
            return
        answers = self.generator.generate([p for _, p in requests], max_new_tokens=BULLET_TOKENS * 2)
        for lang in SUPPORTED_TARGETS:
            rewritten = [a for (task, _), a in zip(requests, answers) if task == f"summary_{lang}"]
            topped = tasks.top_up_summary(summaries[lang], rewritten, self.checkers[lang], MIN_SUMMARY_SENTENCES + 1)
            if topped:
                summaries[lang] = topped
        for (task, _), answer in zip(requests, answers):
            if task == "bullets" and len(bullets) < self.n:
                found = tasks.parse_bullets(answer, self.checkers[self.bullets_lang], bullets)[:1]
                bullets += [Bullet(b.text, "repaired") for b in found]
