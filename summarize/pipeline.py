"""Summarizer: parse -> detect -> source -> the methods' requests -> check -> SummaryResult."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

from .answers import Checker
from .article import Article, parse_article
from .errors import EmptyInputError, InvalidInputError, SummarizeError
from .language import UNDETERMINED, LanguageGuess, detect_language, normalize_language_tag
from .languages import FALLBACK_LANGUAGE, TARGET_LANGUAGES
from .models.base import Generator
from .models.loading import load_generator
from .progress import Progress, Status, as_progress
from .prompts import bullets_example
from .requests import Answers, Request, ask, ask_many
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
ARTICLES_PER_CALL = 1  # articles whose rows share a generate call, by default: packing measured no faster yet
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
        summary_method: str = "key_sentences",
        progress: Progress | None = None,
        status: Status | None = None,
    ) -> None:
        bullets = _positive_int("bullets", bullets)
        source_tokens = _positive_int("source_tokens", source_tokens)
        bullets_language = _check_bullets_language(bullets_language)
        if not isinstance(bullet_strategy, str) or bullet_strategy not in STRATEGY_CHOICES:
            raise InvalidInputError(f"bullet_strategy must be one of {STRATEGY_CHOICES}, got {bullet_strategy!r}")
        if not isinstance(summary_method, str) or summary_method not in SUMMARY_METHODS:
            raise InvalidInputError(f"summary_method must be one of {tuple(SUMMARY_METHODS)}, got {summary_method!r}")
        if isinstance(model, os.PathLike):
            model = os.fspath(model)  # a local model directory or .gguf file given as a Path
        if model is not None and not isinstance(model, str):
            raise InvalidInputError(f"model must be a hub id or a path, got {model!r}")
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
        prepared = self._prepare(text, title, bullets_language)
        self.progress.step("generating")
        return self._result(prepared, prepared.run.execute(), time.perf_counter() - prepared.started)

    def summarize_many(
        self, texts: Iterable[str], *, articles_per_call: int = ARTICLES_PER_CALL
    ) -> Iterator[SummaryResult | SummarizeError]:
        """Summarise each text in turn; a text that fails yields its error and the rest go on.

        ``articles_per_call`` texts at a time are summarised together (:meth:`summarize_packed`):
        their model rows share each pass's ``generate`` call. 1 (the default) sends one article's
        rows per call. Results come in input order; an error that is not a ``SummarizeError``
        (a bug) is raised when its text's turn comes, after the results before it.
        Raises :class:`InvalidInputError` when ``articles_per_call`` is not a positive int.
        """
        return self._summarize_many(iter(texts), check_articles_per_call(articles_per_call))

    def _summarize_many(self, texts: Iterator[str], size: int) -> Iterator[SummaryResult | SummarizeError]:
        while pack := list(islice(texts, size)):
            for outcome in self.summarize_packed(pack):
                if isinstance(outcome, Exception) and not isinstance(outcome, SummarizeError):
                    raise outcome
                yield outcome

    def summarize_packed(
        self, texts: Sequence[str], titles: Sequence[str | None] | None = None
    ) -> list[SummaryResult | Exception]:
        """Summarise ``texts`` together: each pass sends the rows of all of them in one ``generate`` call.

        Where decoding is bound by memory bandwidth, one call with the rows of several articles costs
        little more than one with the rows of one; where it is compute-bound, as measured on an Intel
        Xeon, it gains little (docs/performance.md, "Packed batches"). ``titles`` (one per text, None for none) are the
        headlines, as in :meth:`summarize`. Returns one outcome per text, in order: its
        :class:`SummaryResult`, or the exception that stopped it (any ``Exception``: one article's
        failure never loses the others). When a packed call fails, its articles are asked again one
        at a time, so only an article that fails on its own gets that error. A result's ``seconds``
        is the pack's time after the model load, shared evenly among the articles that reached the model.
        """
        titles = [None] * len(texts) if titles is None else list(titles)
        if len(titles) != len(texts):
            raise InvalidInputError(f"got {len(titles)} titles for {len(texts)} texts")
        prepared: list[_Prepared | Exception] = []
        for text, title in zip(texts, titles):
            try:
                prepared.append(self._prepare(text, title, None))
            except Exception as exc:  # noqa: BLE001 (a bad article must not lose the others)
                prepared.append(exc)
        runs = [p.run for p in prepared if isinstance(p, _Prepared)]
        outcomes = iter(self._execute(runs))
        started = min((p.started for p in prepared if isinstance(p, _Prepared)), default=time.perf_counter())
        seconds = (time.perf_counter() - started) / max(len(runs), 1)
        results: list[SummaryResult | Exception] = []
        for item in prepared:
            if isinstance(item, Exception):
                results.append(item)
                continue
            outcome = next(outcomes)
            results.append(outcome if isinstance(outcome, Exception) else self._result(item, outcome, seconds))
        return results

    def _execute(self, runs: list[_Run]) -> list[_Outcome | Exception]:
        """The runs' outcomes, their passes packed into shared ``generate`` calls."""
        if not runs:
            return []
        self.progress.step("generating")
        return _execute_packed(self.generator, runs)

    def _prepare(self, text: str, title: str | None, bullets_language: str | None) -> _Prepared:
        """One article ready for the model: parsed, its language detected, its source built, its run set up."""
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
        methods = {lang: SUMMARY_METHODS[self.summary_method]() for lang in TARGET_LANGUAGES}
        run = _Run(
            generator, source, methods, bullet_strategy(self.bullet_strategy, article_lang), bullets_lang, self.n_bullets,
        )  # fmt: skip
        return _Prepared(article, language, bullets_lang, source, run, started)

    def _result(self, prepared: _Prepared, outcome: _Outcome, seconds: float) -> SummaryResult:
        """The result of a prepared article whose run gave ``outcome`` (its summaries and bullets)."""
        summaries, bullets = outcome
        article, source, bullets_lang = prepared.article, prepared.source, prepared.bullets_lang
        return SummaryResult(
            language=prepared.language,
            summaries=summaries,
            bullets=tuple(bullets),
            bullets_language=bullets_lang,
            title=article.title,
            reference_bullets=article.reference_bullets,
            rouge=score([b.text for b in bullets], article.reference_bullets, lang=bullets_lang)
            if article.reference_bullets else None,
            model=prepared.run.generator.name,
            sentences_read=len(source.selected),
            sentences_total=len(source.sentences),
            seconds=seconds,
        )  # fmt: skip

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


def check_articles_per_call(value: object) -> int:
    """``value`` when it is a positive int (articles whose rows share a ``generate`` call), else ``InvalidInputError``."""
    return _positive_int("articles_per_call", value)


def _positive_int(name: str, value: object) -> int:
    """``value`` when it is a positive int (not a bool), else :class:`InvalidInputError` naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidInputError(f"{name} must be a positive integer, got {value!r}")
    return value


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


_Outcome = tuple[dict[str, Summary], list[Bullet]]  # a run's summaries by language, and its bullets


@dataclass(frozen=True)
class _Pass:
    """What one pass of a run asks: its jobs' requests, and how many tokens each answer may take."""

    jobs: dict[str, list[Request]]
    max_new_tokens: int


@dataclass(frozen=True)
class _Prepared:
    """An article parsed and set up for generation, with what its result reports besides the run's output."""

    article: Article
    language: LanguageGuess
    bullets_lang: str
    source: Source
    run: _Run
    started: float  # perf_counter when the work on it began


class _Run:
    """One article's generation: a batched first pass, a sentence-level second pass, then extraction.

    Each pass sends the requests of every job (one summary per target language, the bullets)
    in one ``generate`` call, and each job reads back its own answers by tag. The phases are
    separate methods, called in this order: ``first_pass`` -> ``choose`` -> ``second_pass`` ->
    ``repair`` -> ``complete``; :meth:`execute` runs them for this article alone and
    :func:`_execute_packed` runs those of several articles in step, sharing each pass's call.
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
        self.chosen: dict[str, Summary | None] = {}  # the summaries so far, by language
        self.bullets: list[Bullet] = []  # the bullets so far

    def execute(self) -> _Outcome:
        """The summaries by language, and the bullets."""
        for ask_phase, take_phase in _PASSES:
            asked = ask_phase(self)
            take_phase(self, ask(self.generator, asked.jobs, max_new_tokens=asked.max_new_tokens))
        return self.complete()

    def first_pass(self) -> _Pass:
        """What every job asks first."""
        methods, strategy, n = self.summaries, self.strategy, self.n
        return _Pass(
            {**{_job(lang): methods[lang].requests(self.source, lang) for lang in TARGET_LANGUAGES},
             BULLETS: strategy.requests(self.source, self.bullets_checker.target_lang, n)},
            max(SUMMARY_TOKENS, BULLET_TOKENS * n),
        )  # fmt: skip

    def choose(self, first: dict[str, Answers]) -> None:
        """Each job's checked output from the first pass's answers."""
        methods, checkers = self.summaries, self.checkers
        self.chosen = {lang: methods[lang].choose(first[_job(lang)], checkers[lang]) for lang in TARGET_LANGUAGES}
        self.bullets = self.strategy.choose(first[BULLETS], self.bullets_checker, self.n)

    def second_pass(self) -> _Pass:
        """What the first pass could not deliver (or a translation of what it delivered), sentence by sentence."""
        methods, checkers, checker, n = self.summaries, self.checkers, self.bullets_checker, self.n
        return _Pass(
            {**{_job(lang): methods[lang].repair_requests(self.chosen[lang], checkers[lang]) for lang in TARGET_LANGUAGES},
             BULLETS: self.strategy.repair_requests(self.bullets, checker, n)},
            BULLET_TOKENS * 2,
        )  # fmt: skip

    def repair(self, second: dict[str, Answers]) -> None:
        """Each job's output mended with the second pass's answers."""
        methods, checkers = self.summaries, self.checkers
        self.chosen = {
            lang: methods[lang].repair(self.chosen[lang], second[_job(lang)], checkers[lang])
            for lang in TARGET_LANGUAGES
        }
        self.bullets = self.strategy.repair(self.bullets, second[BULLETS], self.bullets_checker, self.n)

    def complete(self) -> _Outcome:
        """The summaries by language and the bullets, what is still missing filled from the article."""
        methods, checkers = self.summaries, self.checkers
        return (
            {lang: methods[lang].complete(self.chosen[lang], checkers[lang]) for lang in TARGET_LANGUAGES},
            self.strategy.complete(self.bullets, self.bullets_checker, self.n),
        )


# A run's passes in order: what it asks, and the phase that takes the answers.
_PASSES = ((_Run.first_pass, _Run.choose), (_Run.second_pass, _Run.repair))


def _execute_packed(generator: Generator, runs: Sequence[_Run]) -> list[_Outcome | Exception]:
    """:meth:`_Run.execute` for several articles in step: each pass of all runs is one ``generate`` call.

    Returns each run's outcome, or the exception that stopped it; the other runs go on.
    """
    failed: dict[int, Exception] = {}
    for ask_phase, take_phase in _PASSES:
        passes: dict[int, _Pass] = {}
        for i, run in enumerate(runs):
            if i not in failed:
                try:
                    passes[i] = ask_phase(run)
                except Exception as exc:  # noqa: BLE001 (one article's bug must not lose the others)
                    failed[i] = exc
        # Runs share a call only when their answers may be equally long (with one Summarizer, always).
        for tokens in dict.fromkeys(p.max_new_tokens for p in passes.values()):
            members = [i for i, p in passes.items() if p.max_new_tokens == tokens]
            for i, answers in zip(members, _ask_pack(generator, [passes[i].jobs for i in members], tokens)):
                try:
                    if isinstance(answers, Exception):
                        raise answers
                    take_phase(runs[i], answers)
                except Exception as exc:  # noqa: BLE001
                    failed[i] = exc
    outcomes: list[_Outcome | Exception] = []
    for i, run in enumerate(runs):
        try:
            outcomes.append(failed[i] if i in failed else run.complete())
        except Exception as exc:  # noqa: BLE001
            outcomes.append(exc)
    return outcomes


def _ask_pack(
    generator: Generator, groups: list[dict[str, list[Request]]], max_new_tokens: int
) -> list[dict[str, Answers] | Exception]:
    """:func:`ask_many`; when the packed call fails, each article alone, so only one that fails alone gets an error."""
    try:
        return list(ask_many(generator, groups, max_new_tokens=max_new_tokens))
    except Exception as exc:  # noqa: BLE001 (the others' rows must not be lost with it)
        if len(groups) == 1:
            return [exc]
    answers: list[dict[str, Answers] | Exception] = []
    for jobs in groups:
        try:
            answers.append(ask(generator, jobs, max_new_tokens=max_new_tokens))
        except Exception as exc:  # noqa: BLE001
            answers.append(exc)
    return answers


def _job(lang: str) -> str:
    return f"summary_{lang}"
