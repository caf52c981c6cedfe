"""The ``summarize`` command: summarise an article, score bullets, or run a batch."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from . import __version__
from .errors import SummarizeError
from .files import read_lines, read_text
from .pipeline import BULLET_STRATEGIES, Summarizer, SummaryResult
from .scoring import ROUGE_TYPES, Score, score

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
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
    parser.add_argument("--version", action="version", version=f"summarize {__version__}")
    return parser


def _model_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", default=None, help="hub id, local model directory or .gguf file (default: embedded)")
    parser.add_argument("--bullets", type=int, default=3, help="number of key-fact bullets (default: 3)")
    parser.add_argument("--bullets-language", choices=("de", "en"), default=None, help="language of the bullets")
    parser.add_argument("--bullet-strategy", choices=BULLET_STRATEGIES, default="auto",
                        help="answer: the model's key facts; lead: the compressed lead first, then those; consensus: "
                             "the facts several answers agree on (slower); auto: consensus for English, lead for German")


def _score_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="summarize score", description="ROUGE of candidate bullets against reference bullets.")
    parser.add_argument("reference", help="reference file, one bullet per line")
    parser.add_argument("candidate", help="candidate file, one bullet per line")
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
    ray = parser.add_argument_group("Ray engine (pip install \"summarize[ray]\"; see docs/distributed.md)")
    ray.add_argument("--engine", choices=("local", "ray"), default="local", help="local: this process (default)")
    ray.add_argument("--address", default=None, help="Ray cluster: auto, ray://host:10001 (default: start a local one)")
    ray.add_argument("--actors", type=int, default=1, help="actors, each holding one model (default: 1)")
    ray.add_argument("--threads-per-actor", type=int, default=1, help="CPU threads per actor (default: 1)")
    ray.add_argument("--batch-size", type=int, default=4, help="records per output file and per retry (default: 4)")
    return parser


def _quiet_transformers() -> None:
    """The CLI shows its own spinner; transformers' per-tensor bars and advice would drown it."""
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()


def _summarizer(args: argparse.Namespace, progress: Progress, task: int) -> Summarizer:
    _quiet_transformers()
    return Summarizer(
        args.model,
        bullets=args.bullets,
        bullets_language=args.bullets_language,
        bullet_strategy=args.bullet_strategy,
        status=lambda message: progress.update(task, description=message),
    )


def _spinner() -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err, transient=True)


def _rouge_line(scores: dict[str, Score]) -> str:
    return "  ".join(f"{name} {scores[name].fmeasure * 100:.1f}" for name in ROUGE_TYPES)


def print_report(result: SummaryResult) -> None:
    """A readable report of one result."""
    lang = result.language
    if result.title:
        out.print(f"[bold]{result.title}[/bold]")
    note = "" if lang.reliable else " (unsure: text is short or mixed)"
    out.print(f"Language: {lang.lang} (p={lang.probability:.2f}){note}")
    out.print(f"\n[bold]Zusammenfassung (Deutsch)[/bold]\n{result.summary_de}")
    out.print(f"\n[bold]Summary (English)[/bold]\n{result.summary_en}")
    heading = "Das Wichtigste in Kürze" if result.bullets_language == "de" else "Key points"
    out.print(f"\n[bold]{heading}[/bold]")
    for bullet in result.bullets:
        flag = "" if bullet.origin == "generated" else f"  [dim]({bullet.origin})[/dim]"
        out.print(f"• {bullet.text}{flag}")
    if result.rouge:
        out.print(f"\nROUGE F1 vs. the article's own box: {_rouge_line(result.rouge)}")
    out.print(
        f"\n[dim]{result.model} · read {result.sentences_read}/{result.sentences_total} sentences · {result.seconds:.1f} s[/dim]"
    )


def _run_summarize(argv: Sequence[str]) -> int:
    args = _summarize_parser().parse_args(argv)
    text = read_text(args.article)
    with _spinner() as progress:
        task = progress.add_task("starting", total=None)
        result = _summarizer(args, progress, task).summarize(text)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print_report(result)
    return EXIT_OK


def _run_score(argv: Sequence[str]) -> int:
    args = _score_parser().parse_args(argv)
    scores = score(read_lines(args.candidate), read_lines(args.reference), lang=args.lang)
    if args.json:
        print(json.dumps({k: v._asdict() for k, v in scores.items()}, indent=2))
    else:
        for name, value in scores.items():
            out.print(f"{name:10} P {value.precision * 100:5.1f}  R {value.recall * 100:5.1f}  F1 {value.fmeasure * 100:5.1f}")
    return EXIT_OK


def _run_batch(argv: Sequence[str]) -> int:
    from .batch import read_records, run_batch

    args = _batch_parser().parse_args(argv)
    if args.engine == "ray":
        return _run_batch_ray(args)
    records = read_records(args.input)
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err) as progress:
        task = progress.add_task("starting", total=len(records))
        summarizer = _summarizer(args, progress, task)
        report = run_batch(summarizer, records, args.out, on_record=lambda _: progress.advance(task))
    err.print(f"{report.done} summarised, {report.failed} failed, {report.skipped} already done → {args.out}")
    return EXIT_OK if report.failed == 0 else EXIT_ERROR


def _run_batch_ray(args: argparse.Namespace) -> int:
    from .distributed import SummarizerOptions, summarize_distributed

    options = SummarizerOptions(args.model, args.bullets, args.bullets_language, args.bullet_strategy)
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err) as progress:
        task = progress.add_task("summarising on Ray", total=None)
        report = summarize_distributed(
            args.input, args.out, options=options, actors=args.actors, threads_per_actor=args.threads_per_actor,
            batch_size=args.batch_size, address=args.address, on_start=lambda n: progress.update(task, total=n),
            on_batch=lambda rows, _: progress.advance(task, rows),
        )  # fmt: skip
    err.print(f"{report.done} summarised, {report.failed} failed, {report.skipped} already done → {args.out}")
    return EXIT_OK if report.failed == 0 else EXIT_ERROR


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``summarize`` command; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    command = {"score": _run_score, "batch": _run_batch}.get(argv[0] if argv else "", _run_summarize)
    if command is not _run_summarize:
        argv = argv[1:]
    try:
        return command(argv)
    except SummarizeError as exc:
        print(f"summarize: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("summarize: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def run() -> None:
    """Console-script wrapper."""
    sys.exit(main())
