"""Summarizer: parse -> detect -> source -> the methods' requests -> check -> SummaryResult."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator

from .answers import Checker
from .article import Article, parse_article
from .errors import EmptyInputError, InvalidInputError, SummarizeError
from .language import UNDETERMINED, detect_language, normalize_language_tag
from .languages import FALLBACK_LANGUAGE, TARGET_LANGUAGES
from .models.base import Generator
from .models.loading import load_generator
from .progress import Progress, Status, as_progress
from .prompts import bullets_example
from .requests import ask
from .result import Bullet, Summary, SummaryResult
from .scoring import score
from .source import Source, build_source
from .strategies import AUTO, STRATEGY_CHOICES, SUMMARY_METHODS, BulletStrategy, SummaryMethod, bullet_strategy
from .text import has_letters
from .words import count_letter_words

DEFAULT_SOURCE_TOKENS = 700  # what the model reads per article; more costs prefill time
SUMMARY_TOKENS = 120  # 2-3 short sentences; the batch decodes until its longest answer ends
BULLET_TOKENS = 40  # per bullet
MIN_ARTICLE_WORDS = 3  # fewer words with letters are no article
BULLETS = "bullets"  # the bullet strategy's job in a batch; summaries are "summary_<lang>"

__all__ = ["Summarizer", "SummaryResult"]


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
    ``bullet_strategy`` says how bullets are chosen: a name in ``summarize.strategies.STRATEGIES``
    (``"answer"``, ``"lead"``, ``"consensus"``; see ``describe_strategies()``), or ``"auto"`` for
    the one measured best for the article's language (``summarize.languages``).
    ``summary_method`` names how summaries are made (``summarize.strategies.SUMMARY_METHODS``).
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
        bullet_strategy: str = AUTO,
        summary_method: str = "compressed",
        progress: Progress | None = None,
        status: Status | None = None,
    ) -> None:
        if bullets < 1:
            raise InvalidInputError(f"bullets must be at least 1, got {bullets}")
        bullets_language = _check_bullets_language(bullets_language)
        if bullet_strategy not in STRATEGY_CHOICES:
            raise InvalidInputError(f"bullet_strategy must be one of {STRATEGY_CHOICES}, got {bullet_strategy!r}")
        if summary_method not in SUMMARY_METHODS:
            raise InvalidInputError(f"summary_method must be one of {tuple(SUMMARY_METHODS)}, got {summary_method!r}")
        self.model_name = model
        self.n_bullets = bullets
        self.bullet_strategy = bullet_strategy
        self.summary_method = summary_method
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
        Raises :class:`InvalidInputError` (:class:`EmptyInputError`) for input with nothing to summarise.
        """
        article = self._parse(text, title)
        language = detect_language(article.body)
        article_lang = language.lang if language.lang != UNDETERMINED else FALLBACK_LANGUAGE
        bullets_language = _check_bullets_language(bullets_language)
        bullets_lang = bullets_language or self.bullets_language or _default_bullets_language(article_lang)
        generator = self.generator
        started = time.perf_counter()  # ``seconds`` is the work on this article, not the model load
        source = build_source(
            article.body, article_lang, budget=min(self.source_tokens, generator.max_input_tokens // 2),
            count_tokens=generator.count_tokens, title=article.title,
            example=bullets_example(bullets_lang, self.n_bullets),  # on every prompt: they keep one shared prefix
        )  # fmt: skip
        self.progress.step("generating")
        methods = {lang: SUMMARY_METHODS[self.summary_method]() for lang in TARGET_LANGUAGES}
        summaries, bullets = _Run(
            generator, source, methods, bullet_strategy(self.bullet_strategy, article_lang), bullets_lang, self.n_bullets,
        ).execute()  # fmt: skip
        return SummaryResult(
            language=language,
            summaries=summaries,
            bullets=tuple(bullets),
            bullets_language=bullets_lang,
            title=article.title,
            reference_bullets=article.reference_bullets,
            rouge=score([b.text for b in bullets], article.reference_bullets, lang=bullets_lang)
            if article.reference_bullets else None,
            model=generator.name,
            sentences_read=len(source.selected),
            sentences_total=len(source.sentences),
            seconds=time.perf_counter() - started,
        )  # fmt: skip

    def summarize_many(self, texts: Iterable[str]) -> Iterator[SummaryResult | SummarizeError]:
        """Summarise each text in turn; a text that fails yields its error and the rest go on."""
        for text in texts:
            try:
                yield self.summarize(text)
            except SummarizeError as exc:
                yield exc

    @staticmethod
    def _parse(text: str, title: str | None) -> Article:
        """The article in ``text``, or a clear error when there is nothing to summarise."""
        if not isinstance(text, str):
            raise InvalidInputError(f"text must be a str, got {type(text).__name__}")
        if title is not None and not isinstance(title, str):
            raise InvalidInputError(f"title must be a str, got {type(title).__name__}")
        article = parse_article(text, title=title)
        if not article.body.strip():
            raise EmptyInputError("the article is empty: nothing to summarise")
        if not has_letters(article.body) or count_letter_words(article.body) < MIN_ARTICLE_WORDS:
            raise InvalidInputError(f"the article is too short to summarise (needs at least {MIN_ARTICLE_WORDS} words)")
        return article


def _default_bullets_language(article_lang: str) -> str:
    return article_lang if article_lang in TARGET_LANGUAGES else FALLBACK_LANGUAGE


def _check_bullets_language(tag: str | None) -> str | None:
    """``tag`` as "de" or "en" ("DE", "en-GB" are fine); anything else is an ``InvalidInputError``."""
    if tag is None:
        return None
    lang = normalize_language_tag(tag)
    if lang not in TARGET_LANGUAGES:
        raise InvalidInputError(f"bullets_language must be one of {TARGET_LANGUAGES}, got {tag!r}")
    return lang


class _Run:
    """One article's generation: a batched first pass, a sentence-level second pass, then extraction.

    Each pass sends the requests of every job (one summary per target language, the bullets)
    in one ``generate`` call, and each job reads back its own answers by tag.
    """

    def __init__(
        self, generator: Generator, source: Source, summaries: dict[str, SummaryMethod], strategy: BulletStrategy,
        bullets_lang: str, n: int,
    ) -> None:
        self.generator = generator
        self.source = source
        self.summaries = summaries  # one method object per target language: a method may keep state between passes
        self.strategy = strategy
        self.n = n
        self.checkers = {lang: Checker(source, lang) for lang in TARGET_LANGUAGES}
        self.bullets_checker = self.checkers[bullets_lang]

    def execute(self) -> tuple[dict[str, Summary], list[Bullet]]:
        """The summaries by language, and the bullets."""
        methods, strategy, checkers, checker, n = self.summaries, self.strategy, self.checkers, self.bullets_checker, self.n
        bullets_lang = checker.target_lang
        first = ask(
            self.generator,
            {**{_job(lang): methods[lang].requests(self.source, lang) for lang in TARGET_LANGUAGES},
             BULLETS: strategy.requests(self.source, bullets_lang, n)},
            max_new_tokens=max(SUMMARY_TOKENS, BULLET_TOKENS * n),
        )  # fmt: skip
        summaries = {lang: methods[lang].choose(first[_job(lang)], checkers[lang]) for lang in TARGET_LANGUAGES}
        bullets = strategy.choose(first[BULLETS], checker, n)
        # What the first pass could not deliver (or a translation of what it delivered) is asked sentence by sentence.
        second = ask(
            self.generator,
            {**{_job(lang): methods[lang].repair_requests(summaries[lang], checkers[lang]) for lang in TARGET_LANGUAGES},
             BULLETS: strategy.repair_requests(bullets, checker, n)},
            max_new_tokens=BULLET_TOKENS * 2,
        )  # fmt: skip
        summaries = {
            lang: methods[lang].repair(summaries[lang], second[_job(lang)], checkers[lang]) for lang in TARGET_LANGUAGES
        }
        bullets = strategy.repair(bullets, second[BULLETS], checker, n)
        return (
            {lang: methods[lang].complete(summaries[lang], checkers[lang]) for lang in TARGET_LANGUAGES},
            strategy.complete(bullets, checker, n),
        )


def _job(lang: str) -> str:
    return f"summary_{lang}"
