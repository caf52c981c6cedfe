"""The ``summarize`` command: summarise an article, score bullets, or run a batch."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from rich.console import Console
from rich.markup import escape

from . import __version__
from .errors import InvalidInputError, SummarizeError
from .files import read_lines, read_text
from .language import normalize_language_tag
from .languages import target
from .pipeline import ARTICLES_PER_CALL, Summarizer, SummaryResult, check_articles_per_call
from .progress import Progress, display_for
from .scoring import ROUGE_TYPES, Score, score
from .strategies import AUTO, STRATEGY_CHOICES, describe_strategies

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
# The reader of stdout went away (``| head``): quiet exit 1, as Python's SIGPIPE note recommends and as
# rich does for the readable reports (not 141: the output was not all delivered, and one code for both paths).
EXIT_BROKEN_PIPE = EXIT_ERROR
SUBCOMMANDS = ("score", "batch")

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _summarize_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="summarize",
        description="Summarise a news article: German and English summaries and 'Das Wichtigste in Kürze' bullets. "
        "Other commands: 'summarize score REFERENCE CANDIDATE', 'summarize batch IN.jsonl --out OUT.jsonl'.",
    )
    parser.add_argument("article", help="article text file, or - for standard input")
    _model_options(parser)
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--sources", action="store_true",
                        help="under each translated or shortened text, the article sentences it was made from")
    parser.add_argument("--version", action="version", version=f"summarize {__version__}")
    return parser


def _model_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", default=None, help="hub id, local model directory or .gguf file (default: embedded)")
    parser.add_argument("--bullets", type=_positive_count, default=3, help="number of key-fact bullets (default: 3)")
    parser.add_argument("--bullets-language", default=None, help="language of the bullets: de or en (a tag such as de-DE is fine)")
    parser.add_argument("--bullet-strategy", choices=STRATEGY_CHOICES, default=AUTO, help=describe_strategies())


def _positive_count(text: str) -> int:
    """An option's value as a positive int; argparse reports anything else as a usage error (exit 2)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {value}")
    return value


def _score_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="summarize score",
        usage="summarize score REFERENCE CANDIDATE [options]  or  summarize score --reference FILE --candidate FILE [options]",
        description="ROUGE of candidate bullets (e.g. generated) against reference bullets (e.g. written by people).",
    )
    parser.add_argument("reference", nargs="?", help="reference file, one bullet per line (or --reference)")
    parser.add_argument("candidate", nargs="?", help="candidate file, one bullet per line (or --candidate)")
    parser.add_argument("--reference", dest="reference_option", metavar="FILE", help="reference file, by name")
    parser.add_argument("--candidate", dest="candidate_option", metavar="FILE", help="candidate file, by name")
    parser.add_argument("--lang", default="de", help="language for tokens and stemming (default: de)")
    parser.add_argument("--json", action="store_true", help="print scores as JSON")
    return parser


def _batch_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="summarize batch",
        description="Summarise a JSONL file of records with a 'text' field; reruns resume where a run stopped.",
    )
    parser.add_argument("input", help="JSONL file, one record per line (--engine ray: also a directory or a glob)")
    parser.add_argument("--out", required=True, help="output JSONL file (appended to; finished ids are skipped); "
                        "--engine ray: output directory of part files")
    _model_options(parser)
    parser.add_argument("--articles-per-call", type=int, default=None, metavar="N",
                        help="local engine: articles whose model rows share each generate call, decoded as one batch "
                        f"(default: {ARTICLES_PER_CALL}; 1 = one article at a time); output lines are written when "
                        "their N articles are done, in input order")  # fmt: skip
    ray = parser.add_argument_group("Ray engine (pip install \"summarize[ray]\"; see docs/distributed.md)")
    ray.add_argument("--engine", choices=("local", "ray"), default="local", help="local: this process (default)")
    ray.add_argument("--address", default=None, help="Ray cluster: auto, ray://host:10001 (default: start a local one)")
    ray.add_argument("--actors", type=int, default=1, help="actors, each holding one model (default: 1)")
    ray.add_argument("--threads-per-actor", type=int, default=1, help="CPU threads per actor (default: 1)")
    ray.add_argument("--batch-size", type=int, default=4,
                     help="records per output file and per retry; each record is summarised on its own (default: 4)")
    return parser


class _UsageError(Exception):
    """A bad option value: one line on stderr and exit status 2."""


def _language_option(tag: str | None, option: str, allowed: Sequence[str] | None = None) -> str | None:
    """``tag`` as an ISO 639-1 code (``DE``, ``de-DE``, ``en_US`` are fine); a bad one is a usage error."""
    if tag is None:
        return None
    try:
        lang = normalize_language_tag(tag)
    except InvalidInputError as exc:
        raise _UsageError(f"{option}: {exc}") from None
    if allowed is not None and lang not in allowed:
        raise _UsageError(f"{option}: must be one of {', '.join(allowed)}, got {tag!r}")
    return lang


def _quiet_transformers() -> None:
    """The CLI shows its own progress; transformers' bars and advice would drown it."""
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()


def _summarizer(args: argparse.Namespace, progress: Progress) -> Summarizer:
    _quiet_transformers()
    return Summarizer(
        args.model,
        bullets=args.bullets,
        bullets_language=_language_option(args.bullets_language, "--bullets-language", ("de", "en")),
        bullet_strategy=args.bullet_strategy,
        progress=progress,
    )


def _rouge_line(scores: dict[str, Score]) -> str:
    return "  ".join(f"{name} {scores[name].fmeasure * 100:.1f}" for name in ROUGE_TYPES)


def _origin_flag(origin: str) -> str:
    """How a text was made, shown when the model's own words were changed or replaced."""
    return "" if origin == "generated" else f"  [dim]({origin})[/dim]"


# Texts the article's own sentences were turned into: their sources differ from them and are worth showing.
_REWORDED = ("translated", "compressed")


def _source_lines(sources: Sequence[str], indent: str) -> str:
    return "".join(f"\n{indent}[dim]from: {escape(source)}[/dim]" for source in sources)


def print_report(result: SummaryResult, *, sources: bool = False) -> None:
    """A readable report of one result; with ``sources``, each translated or shortened text is followed by the
    article sentences it was made from. Texts are printed as they are (rich markup in them is escaped)."""
    lang = result.language
    if result.title:
        out.print(f"[bold]{escape(result.title)}[/bold]")
    note = "" if lang.reliable else " (unsure: text is short or mixed)"
    out.print(f"Language: {lang.lang} (p={lang.probability:.2f}){note}")
    headings = {"de": "Zusammenfassung (Deutsch)", "en": "Summary (English)"}
    for key, heading in headings.items():
        summary = result.summaries[key]
        shown = _source_lines(summary.sources, "  ") if sources and summary.origin in _REWORDED else ""
        out.print(f"\n[bold]{heading}[/bold]{_origin_flag(summary.origin)}\n{escape(summary.text)}{shown}")
    out.print(f"\n[bold]{target(result.bullets_language).heading}[/bold]")
    for bullet in result.bullets:
        shown = _source_lines([bullet.source], "    ") if sources and bullet.origin in _REWORDED and bullet.source else ""
        out.print(f"• {escape(bullet.text)}{_origin_flag(bullet.origin)}{shown}")
    if result.rouge:
        out.print(f"\nROUGE F1 vs. the article's own box: {_rouge_line(result.rouge)}")
    out.print(
        f"\n[dim]{escape(result.model)} · read {result.sentences_read}/{result.sentences_total} sentences · {result.seconds:.1f} s[/dim]"
    )


def _run_summarize(argv: Sequence[str]) -> int:
    args = _summarize_parser().parse_args(argv)
    text = read_text(args.article)
    with display_for(err) as progress:
        result = _summarizer(args, progress).summarize(text)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print_report(result, sources=args.sources)
    return EXIT_OK


def _score_files(parser: argparse.ArgumentParser, args: argparse.Namespace) -> tuple[str, str]:
    """(reference, candidate) from the positional form or the named options, one of each."""
    files = []
    for role in ("reference", "candidate"):
        positional, named = getattr(args, role), getattr(args, f"{role}_option")
        if positional and named:
            parser.error(f"the {role} is given twice: as {positional!r} and as --{role} {named!r}")
        if not (positional or named):
            parser.error(f"the {role} file is missing: summarize score REFERENCE CANDIDATE, or --{role} FILE")
        files.append(positional or named)
    return files[0], files[1]


def print_scores(scores: dict[str, Score], *, reference: str, candidate: str) -> None:
    """A readable table of ROUGE scores that says which file is which."""
    out.print(f"reference: {escape(reference)}\ncandidate: {escape(candidate)}")
    out.print(
        "[dim]P = share of the candidate's words (n-grams) found in the reference; "
        "R = share of the reference's found in the candidate; F1 = their harmonic mean (×100)[/dim]"
    )
    for name, value in scores.items():
        out.print(f"{name:10} P {value.precision * 100:5.1f}  R {value.recall * 100:5.1f}  F1 {value.fmeasure * 100:5.1f}")


def _run_score(argv: Sequence[str]) -> int:
    parser = _score_parser()
    args = parser.parse_args(argv)
    reference, candidate = _score_files(parser, args)
    lang = _language_option(args.lang, "--lang")
    scores = score(candidate=read_lines(candidate), reference=read_lines(reference), lang=lang)
    if args.json:
        print(json.dumps({k: v._asdict() for k, v in scores.items()}, indent=2))
    else:
        print_scores(scores, reference=reference, candidate=candidate)
    return EXIT_OK


class _RecordCounter:
    """Counts records done; the share done goes to the current step ("generating")."""

    def __init__(self, total: int) -> None:
        self.total, self.done = total, 0

    def count(self) -> float:
        self.done += 1
        return self.done / max(self.total, 1)


def _run_batch(argv: Sequence[str]) -> int:
    from .batch import read_records, run_batch

    args = _batch_parser().parse_args(argv)
    if args.engine == "ray":
        if args.articles_per_call is not None:
            raise _UsageError("--articles-per-call is for the local engine; with --engine ray, see --batch-size")
        return _run_batch_ray(args)
    try:
        articles_per_call = check_articles_per_call(
            ARTICLES_PER_CALL if args.articles_per_call is None else args.articles_per_call
        )
    except InvalidInputError as exc:
        raise _UsageError(f"--articles-per-call: {exc}") from None
    records = read_records(args.input)
    counter = _RecordCounter(len(records))
    with display_for(err) as progress:
        summarizer = _summarizer(args, progress)
        report = run_batch(
            summarizer, records, args.out, on_record=lambda _: progress.advance(counter.count()),
            articles_per_call=articles_per_call,
        )  # fmt: skip
    err.print(f"{report.done} summarised, {report.failed} failed, {report.skipped} already done → {escape(str(args.out))}")
    return EXIT_OK if report.failed == 0 else EXIT_ERROR


def _run_batch_ray(args: argparse.Namespace) -> int:
    from .distributed import SummarizerOptions, summarize_distributed

    options = SummarizerOptions(args.model, args.bullets, args.bullets_language, args.bullet_strategy)
    counts = {"total": 0, "done": 0}

    def started(total: int) -> None:
        counts["total"] = total
        progress.step("summarising on Ray")

    def batch_done(rows: int, _: object) -> None:
        counts["done"] += rows
        progress.advance(counts["done"] / max(counts["total"], 1))

    with display_for(err) as progress:
        report = summarize_distributed(
            args.input, args.out, options=options, actors=args.actors, threads_per_actor=args.threads_per_actor,
            batch_size=args.batch_size, address=args.address, on_start=started, on_batch=batch_done,
        )  # fmt: skip
    err.print(f"{report.done} summarised, {report.failed} failed, {report.skipped} already done → {escape(str(args.out))}")
    return EXIT_OK if report.failed == 0 else EXIT_ERROR


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``summarize`` command; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    command = {"score": _run_score, "batch": _run_batch}.get(argv[0] if argv else "", _run_summarize)
    if command is not _run_summarize:
        argv = argv[1:]
    try:
        code = command(argv)
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
        return code
    except BrokenPipeError:
        # The reader (``| head``) has gone: stop quietly, as Unix tools do. Python would
        # otherwise complain again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except _UsageError as exc:
        print(f"summarize: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except SummarizeError as exc:
        print(f"summarize: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("summarize: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def run() -> None:
    """Console-script wrapper."""
    sys.exit(main())
