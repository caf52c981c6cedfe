"""ROUGE benchmark: bullets of baselines and models against human references, per dataset and system.

    python benchmarks/rouge_benchmark.py --data ../shared/data/de_news.jsonl --data ../shared/data/en_news.jsonl \\
        --limit 40 --systems lead3,extractive,default --out bench_out

Systems: ``lead3`` (first three sentences), ``extractive`` (three most salient sentences),
``default`` (the embedded model's bullets); any other name is a model spec for
``Summarizer(model=name)`` (hub id, local directory or ``.gguf`` path).

Writes ``<out>/docs/<dataset>__<system>.jsonl`` (one line per document, flushed as it
finishes: a rerun skips ids already there), ``<out>/summary.json``, ``<out>/results.md``
and ``<out>/rouge.png``. Each document's line also carries its output sentences with their
faithfulness signals, and the reports add judged rates from the label store (``--labels``) and
signal means per system and output kind, with the reference bullets as a system
(``faithfulness_metrics.py``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from typing import Any

import faithfulness_metrics
from _common import (
    DEFAULT_SYSTEM,
    RESAMPLES,
    SEED,
    Doc,
    DocLog,
    ModelLoadError,
    ModelPool,
    Record,
    bootstrap_ci,
    command_line,
    dataset_stem,
    load_records,
    mean,
    peak_rss_mb,
    read_docs,
    rounded,
    share,
    system_slug,
)
from judged_labels import STORE, LabelStore
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

import summarize
from summarize import (
    SummarizeError,
    WordTokenizer,
    count_whitespace_tokens,
    split_sentences,
    top_sentences,
    unsupported_content,
    word_f1,
)

ROUGE_KEYS = ("rouge1", "rouge2", "rougeL", "rougeLsum")
BASELINES = ("lead3", "extractive")
N_SENTENCES = 3
DUPLICATE_R1 = 0.8  # a bullet whose ROUGE-1 F1 with an earlier bullet of the same document reaches this is a duplicate
ORIGINS = ("generated", "repaired", "extracted")

err = Console(stderr=True)

# --- systems -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Output:
    """What a system produced for one article."""

    bullets: list[dict[str, str]]  # {"text", "origin"}
    bullets_language: str
    summaries: dict[str, str] | None = None  # {"de": ..., "en": ...} for model systems
    summary_origins: dict[str, str] | None = None


SystemFn = Callable[[Record], Output]


def body_sentences(record: Record) -> list[str]:
    """The record's text split into sentences with the rules of its language."""
    return split_sentences(summarize.parse_article(record["text"]).body, record["lang"])


def lead3(record: Record) -> Output:
    """The first three sentences: the classic news baseline."""
    sentences = body_sentences(record)[:N_SENTENCES]
    return Output([{"text": s, "origin": "extracted"} for s in sentences], record["lang"])


def extractive(record: Record) -> Output:
    """The three most salient, mutually distinct sentences in document order."""
    sentences = top_sentences(body_sentences(record), record["lang"], N_SENTENCES)
    return Output([{"text": s, "origin": "extracted"} for s in sentences], record["lang"])


def model_system(pool: ModelPool, spec: str) -> SystemFn:
    """A system that runs the library's Summarizer on ``spec`` (loaded once, on first use)."""

    def run(record: Record) -> Output:
        lang = record["lang"] if record["lang"] in summarize.TARGET_LANGUAGES else None  # None: the library's default
        result = pool.get(spec).summarize(record["text"], title=record.get("title"), bullets_language=lang)
        return Output(
            [b.to_dict() for b in result.bullets],
            result.bullets_language,
            {"de": result.summary_de, "en": result.summary_en},
            {key.removeprefix("summary_"): value for key, value in result.origins.items()},
        )

    return run


def make_system(name: str, pool: ModelPool) -> SystemFn:
    """The function behind a system name."""
    if name == "lead3":
        return lead3
    if name == "extractive":
        return extractive
    return model_system(pool, name)


def is_model(name: str) -> bool:
    return name not in BASELINES


# --- per-document metrics ------------------------------------------------------------------------------


def _squash(text: str) -> str:
    return " ".join(text.split())


def source_text(record: Record) -> str:
    """What a system is given: the headline (when the record has one) and the article text."""
    return f"{record['title']}\n\n{record['text']}" if record.get("title") else record["text"]


def bullet_metrics(bullets: Sequence[dict[str, str]], record: Record, bullets_language: str) -> list[dict[str, Any]]:
    """Per bullet: words, unsupported numbers/names, verbatim copy, detected language, duplicate."""
    articles = (_squash(record["text"]), _squash(summarize.parse_article(record["text"]).body))
    cross = bullets_language != record["lang"]
    rows: list[dict[str, Any]] = []
    for i, bullet in enumerate(bullets):
        text = bullet["text"]
        missing = unsupported_content(text, source_text(record), cross_lingual=cross, output_lang=bullets_language)
        guess = summarize.detect_language(text)
        earlier = [b["text"] for b in bullets[:i]]
        rows.append({
            "text": text,
            "origin": bullet.get("origin", "generated"),
            "words": count_whitespace_tokens(text),
            "unsupported": bool(missing),
            "unsupported_numbers": list(missing.numbers),
            "unsupported_names": list(missing.names),
            "copy": is_copy(text, articles),
            "lang": guess.lang,
            "lang_reliable": guess.reliable,
            "wrong_language": guess.reliable and guess.lang != bullets_language,
            "duplicate": is_duplicate(text, earlier, bullets_language),
        })  # fmt: skip
    return rows


def is_copy(text: str, articles: Sequence[str]) -> bool:
    """Whether ``text`` appears word for word in the article (raw or normalised, whitespace squashed)."""
    squashed = _squash(text)
    return bool(squashed) and any(squashed in article for article in articles)


def is_duplicate(text: str, earlier: Sequence[str], lang: str) -> bool:
    """Whether ``text`` repeats an earlier bullet (same words, or ROUGE-1 F1 >= DUPLICATE_R1)."""
    norm = _squash(text).lower()
    tokenizer = WordTokenizer(lang)
    return any(norm == _squash(other).lower() or word_f1(text, other, tokenizer) >= DUPLICATE_R1 for other in earlier)


def summary_metrics(summaries: dict[str, str], record: Record) -> dict[str, dict[str, Any]]:
    """Per summary language: detected language, sentence count, unsupported numbers/names."""
    out: dict[str, dict[str, Any]] = {}
    for lang, text in summaries.items():
        guess = summarize.detect_language(text)
        missing = unsupported_content(text, source_text(record), cross_lingual=lang != record["lang"], output_lang=lang)
        out[lang] = {
            "lang": guess.lang,
            "lang_reliable": guess.reliable,
            "sentences": len(split_sentences(text, lang)) if text.strip() else 0,
            "unsupported": bool(missing),
            "unsupported_numbers": list(missing.numbers),
            "unsupported_names": list(missing.names),
        }
    return out


def doc_record(record: Record, output: Output, seconds: float) -> Doc:
    """The per-document log line of a successful run: outputs plus their metrics."""
    candidate = [b["text"] for b in output.bullets]
    rouge = summarize.score(candidate=candidate, reference=record.get("reference_bullets") or [], lang=record["lang"])
    doc: Doc = {
        "id": record["id"],
        "lang": record["lang"],
        "seconds": round(seconds, 4),
        "rouge": {k: round(rouge[k].fmeasure * 100, 4) for k in ROUGE_KEYS},
        "bullets_language": output.bullets_language,
        "bullets": bullet_metrics(output.bullets, record, output.bullets_language),
    }
    if output.summaries is not None:
        doc["summaries"] = {
            lang: {"text": text, "origin": (output.summary_origins or {}).get(lang), **stats}
            for (lang, text), stats in zip(output.summaries.items(), summary_metrics(output.summaries, record).values())
        }
    doc["signals"] = faithfulness_metrics.doc_signals(record, candidate, output.bullets_language, output.summaries)
    return doc


def rescored(doc: Doc, record: Record) -> Doc:
    """A logged document's metrics computed again from its logged outputs (no model runs)."""
    if "error" in doc:
        return doc
    summaries = doc.get("summaries")
    output = Output(
        [{"text": b["text"], "origin": b["origin"]} for b in doc["bullets"]],
        doc["bullets_language"],
        {lang: s["text"] for lang, s in summaries.items()} if summaries else None,
        {lang: s["origin"] for lang, s in summaries.items()} if summaries else None,
    )
    return doc_record(record, output, doc["seconds"])


def run_doc(system: SystemFn, record: Record) -> Doc:
    """Run one system on one record; a SummarizeError becomes the document's ``error``."""
    started = time.perf_counter()
    try:
        output = system(record)
    except SummarizeError as exc:
        return {"id": record["id"], "lang": record["lang"], "seconds": round(time.perf_counter() - started, 4),
                "error": f"{type(exc).__name__}: {exc}"}  # fmt: skip
    return doc_record(record, output, time.perf_counter() - started)


# --- aggregation ---------------------------------------------------------------------------------------


def aggregate(docs: Sequence[Doc], *, resamples: int = RESAMPLES, seed: int = SEED) -> dict[str, Any]:
    """One system's metrics over its documents (errored documents only count in ``n_errors``)."""
    ok = [d for d in docs if "error" not in d]
    bullets = [b for d in ok for b in d["bullets"]]
    seconds = [d["seconds"] for d in docs if "seconds" in d]
    out: dict[str, Any] = {"n": len(ok), "n_errors": len(docs) - len(ok)}
    for key in ROUGE_KEYS:
        values = [d["rouge"][key] for d in ok]
        ci = bootstrap_ci(values, resamples=resamples, seed=seed)
        out[key] = rounded(mean(values), 2)
        out[f"{key}_ci"] = [round(ci[0], 2), round(ci[1], 2)] if ci else None
    out.update({
        "bullets_per_doc": rounded(mean([len(d["bullets"]) for d in ok]), 3),
        "words_per_bullet": rounded(mean([b["words"] for b in bullets]), 2),
        "unsupported_rate": rounded(share([b["unsupported"] for b in bullets])),
        "copy_rate": rounded(share([b["copy"] for b in bullets])),
        "wrong_language_rate": rounded(share([b["wrong_language"] for b in bullets])),
        "duplicate_rate": rounded(share([b["duplicate"] for b in bullets])),
        "bullet_origins": {o: sum(b["origin"] == o for b in bullets) for o in ORIGINS},
        "seconds_per_doc": rounded(mean(seconds)),
        "seconds_per_doc_median": rounded(median(seconds)) if seconds else None,  # robust to a slow first call
    })  # fmt: skip
    with_summaries = [d for d in ok if "summaries" in d]
    if with_summaries:
        out.update(aggregate_summaries(with_summaries))
    return out


def aggregate_summaries(docs: Sequence[Doc]) -> dict[str, Any]:
    """Language, length, support and origin statistics of the German and English summaries."""
    out: dict[str, Any] = {}
    everything = []
    for lang in ("de", "en"):
        rows = [d["summaries"][lang] for d in docs if lang in d["summaries"]]
        everything += rows
        out[f"summary_{lang}_is_{lang}"] = rounded(share([r["lang"] == lang for r in rows]))
        out[f"summary_{lang}_sentences"] = rounded(mean([r["sentences"] for r in rows]), 2)
        out[f"summary_{lang}_2to4_sentences"] = rounded(share([2 <= r["sentences"] <= 4 for r in rows]))
        out[f"summary_{lang}_unsupported_rate"] = rounded(share([r["unsupported"] for r in rows]))
    out["summary_unsupported_rate"] = rounded(share([r["unsupported"] for r in everything]))
    origins = Counter(r.get("origin") for r in everything)
    out["summary_origins"] = {o: origins.get(o, 0) for o in ORIGINS}
    return out


def build_summary(command: str, results: dict[str, dict[str, dict[str, Any]]], extra: dict[str, Any]) -> dict[str, Any]:
    """summary.json: per dataset and system; ``systems`` repeats the first dataset's systems."""
    summary: dict[str, Any] = {"command": command, **extra}
    summary["datasets"] = {stem: {"systems": systems} for stem, systems in results.items()}
    summary["systems"] = next(iter(results.values()), {})
    return summary


# --- reports ---------------------------------------------------------------------------------------------


def _cell(value: float | None, ci: Sequence[float] | None) -> str:
    if value is None:
        return "–"
    return f"{value:.1f} [{ci[0]:.1f}, {ci[1]:.1f}]" if ci else f"{value:.1f}"


def _num(value: float | None, fmt: str) -> str:
    return "–" if value is None else format(value, fmt)


def markdown_table(systems: dict[str, dict[str, Any]]) -> str:
    """One dataset's results as a Markdown table (ROUGE F1 x100 with 95% bootstrap CIs)."""
    lines = [
        "| system | n | R1 | R2 | RL | RLsum | bullets/doc | words/bullet | unsupported % | s/doc |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, m in systems.items():
        if "load_error" in m:
            note = f"model failed to load: {m['load_error']}".replace("|", "\\|")
            lines.append("| " + " | ".join([name, "0", note, *[""] * 7]) + " |")
            continue
        n = f"{m['n']}" + (f" ({m['n_errors']} err)" if m.get("n_errors") else "")
        rouge = [_cell(m[k], m[f"{k}_ci"]) for k in ROUGE_KEYS]
        unsupported = None if m["unsupported_rate"] is None else 100 * m["unsupported_rate"]
        lines.append(
            f"| {name} | {n} | {' | '.join(rouge)} | {_num(m['bullets_per_doc'], '.2f')} | "
            f"{_num(m['words_per_bullet'], '.1f')} | {_num(unsupported, '.1f')} | {_num(m['seconds_per_doc'], '.3f')} |"
        )
    return "\n".join(lines)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}"


def checks_table(systems: dict[str, dict[str, Any]]) -> str:
    """One dataset's bullet and summary checks as a Markdown table (shares in %)."""
    lines = [
        "| system | copy % | wrong lang % | duplicate % | origins gen/rep/ext | summary_de de % | summary_en en % "
        "| summaries of 2-4 sentences de/en % | summary unsupported % |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, m in systems.items():
        if "load_error" in m:
            continue
        origins = "/".join(str(m["bullet_origins"][o]) for o in ORIGINS)
        lines.append(
            f"| {name} | {_pct(m['copy_rate'])} | {_pct(m['wrong_language_rate'])} | {_pct(m['duplicate_rate'])} | "
            f"{origins} | {_pct(m.get('summary_de_is_de'))} | {_pct(m.get('summary_en_is_en'))} | "
            f"{_pct(m.get('summary_de_2to4_sentences'))}/{_pct(m.get('summary_en_2to4_sentences'))} | "
            f"{_pct(m.get('summary_unsupported_rate'))} |"
        )
    return "\n".join(lines)


def results_markdown(summary: dict[str, Any]) -> str:
    """results.md: a table per dataset plus run facts."""
    parts = ["# ROUGE benchmark", "", f"`{summary['command']}`", ""]
    for stem, data in summary["datasets"].items():
        parts += [f"## {stem}", "", markdown_table(data["systems"]), "", checks_table(data["systems"]), ""]
        if data.get("faithfulness"):
            tables = faithfulness_metrics.faithfulness_tables(data["faithfulness"])
            parts += [f"### {stem}: faithfulness", "", tables, ""]
    parts.append(
        "ROUGE F1 ×100 with 95% bootstrap CIs over documents. Unsupported: a number or name not in the article. "
        "Copy: the bullet appears word for word in the article. Wrong lang: reliably detected as another language. "
        "Duplicate: repeats an earlier bullet (ROUGE-1 F1 ≥ 0.8)."
    )
    if summary.get("model_load_seconds"):
        loads = ", ".join(f"{k}: {v:.1f} s" for k, v in summary["model_load_seconds"].items())
        parts.append(f"Model load: {loads}.")
    parts.append(f"Peak memory (RSS): {summary['peak_rss_mb']:.0f} MiB.")
    return "\n".join(parts) + "\n"


def plot(summary: dict[str, Any], path: Path) -> bool:
    """rouge.png: grouped R1/R2/RL bars per system with CI error bars, one panel per dataset."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        err.print("[yellow]warning:[/] matplotlib is not installed; skipping rouge.png (pip install matplotlib)")
        return False
    datasets = summary["datasets"]
    fig, axes = plt.subplots(1, len(datasets), figsize=(5 + 1.2 * _max_systems(datasets), 4.5), squeeze=False)
    width = 0.27
    for ax, (stem, data) in zip(axes[0], datasets.items()):
        names = [n for n, m in data["systems"].items() if m.get("n")]
        for j, key in enumerate(("rouge1", "rouge2", "rougeL")):
            values = [data["systems"][n][key] for n in names]
            cis = [data["systems"][n][f"{key}_ci"] for n in names]
            yerr = [[v - c[0] for v, c in zip(values, cis)], [c[1] - v for v, c in zip(values, cis)]]
            xs = [i + (j - 1) * width for i in range(len(names))]
            ax.bar(xs, values, width, yerr=yerr, capsize=3, label=key.replace("rouge", "ROUGE-"))
        tops = [c[1] for n in names for k in ("rouge1", "rouge2", "rougeL") if (c := data["systems"][n][f"{k}_ci"])]
        ax.set_ylim(0, 1.1 * max(tops, default=1.0))
        ax.set_xticks(range(len(names)), names, rotation=20, ha="right")
        ax.set_title(stem)
        ax.set_ylabel("F1 × 100")
        ax.grid(axis="y", alpha=0.3)
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper center", ncol=3, frameon=False)
    fig.tight_layout(rect=(0, 0, 1, 0.93))
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return True


def _max_systems(datasets: dict[str, Any]) -> int:
    return max((len(d["systems"]) for d in datasets.values()), default=1)


# --- running -----------------------------------------------------------------------------------------------


def run_system_on_dataset(
    system: SystemFn, records: Sequence[Record], log: DocLog, on_done: Callable[[], None] = lambda: None
) -> int:
    """Run ``system`` on the records not yet in ``log``, logging each as it finishes; returns how many ran."""
    ran = 0
    for record in records:
        if record["id"] in log:
            continue
        log.append(run_doc(system, record))
        ran += 1
        on_done()
    return ran


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        TimeRemainingColumn(), console=err,
    )  # fmt: skip


def run_cell(
    stem: str, name: str, spec: str, records: Sequence[Record], *, pool: ModelPool, progress: Progress,
    args: argparse.Namespace,
) -> dict[str, Any]:
    """One (dataset, system): run what is not logged yet, then aggregate the logged documents."""
    log = DocLog(Path(args.out) / "docs" / f"{stem}__{name}.jsonl")
    if args.rescore:
        by_id = {r["id"]: r for r in records}
        log.rewrite(rescored(doc, by_id[doc_id]) if doc_id in by_id else doc for doc_id, doc in log.docs.items())
    label = f"{stem} · {name}"
    task = progress.add_task(label, total=len(records), completed=sum(r["id"] in log for r in records))
    pool.status = lambda message: progress.update(task, description=f"{label}: {message}")
    try:
        run_system_on_dataset(make_system(spec, pool), records, log, lambda: progress.advance(task))
        metrics = aggregate(log.select([r["id"] for r in records]), resamples=args.resamples, seed=args.seed)
    except ModelLoadError as exc:  # documents catch their own SummarizeErrors
        err.print(f"[red]{name}: model failed to load: {exc}[/]")
        metrics = {"n": 0, "load_error": str(exc)}
    progress.update(task, description=label)
    if is_model(spec):
        metrics.update(model=spec, model_load_seconds=rounded(pool.load_seconds.get(spec), 2))
    return metrics


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Run every system on every dataset, write the per-document logs; returns the summary."""
    datasets = {dataset_stem(p): load_records(p, args.limit, args.skip) for p in args.data}
    pool = ModelPool(source_tokens=args.source_tokens)
    names = {system_slug(spec) + _suffix(spec, args): spec for spec in args.systems}
    results: dict[str, dict[str, dict[str, Any]]] = {}
    with _progress() as progress:
        for stem, records in datasets.items():
            results[stem] = {
                name: run_cell(stem, name, spec, records, pool=pool, progress=progress, args=args)
                for name, spec in names.items()
            }
    extra = {
        "settings": {"limit": args.limit, "skip": args.skip, "source_tokens": args.source_tokens, "resamples": args.resamples,
                     "seed": args.seed, "data": [str(p) for p in args.data]},
        "model_load_seconds": {system_slug(k): round(v, 2) for k, v in pool.load_seconds.items()},
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "summarize_version": summarize.__version__,
    }  # fmt: skip
    summary = build_summary(args.command, results, extra)
    add_faithfulness(summary, datasets, names, args)
    return summary


def add_faithfulness(
    summary: dict[str, Any], datasets: dict[str, list[Record]], names: dict[str, str], args: argparse.Namespace
) -> None:
    """Per dataset, judged rates and sentence signals per system and output kind, plus the references."""
    store = LabelStore.load(args.labels)
    for stem, records in datasets.items():
        logs = {name: read_docs(Path(args.out) / "docs" / f"{stem}__{name}.jsonl") for name in names}
        summary["datasets"][stem]["faithfulness"] = faithfulness_metrics.dataset_report(records, logs, store)
    summary["settings"]["labels"] = str(args.labels)


def _suffix(spec: str, args: argparse.Namespace) -> str:
    """Model systems run with a non-default --source-tokens get it in their name, so logs never mix settings."""
    return f"+st{args.source_tokens}" if is_model(spec) and args.source_tokens is not None else ""


def write_reports(summary: dict[str, Any], out_dir: Path) -> str:
    """Write summary.json, results.md and rouge.png; returns the Markdown."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    markdown = results_markdown(summary)
    (out_dir / "results.md").write_text(markdown, encoding="utf-8")
    plot(summary, out_dir / "rouge.png")
    return markdown


def _systems(value: str) -> list[str]:
    return [s.strip() for s in value.split(",") if s.strip()]


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", action="append", required=True, type=Path,
                        help="JSONL dataset (id, lang, text, reference_bullets); repeat for several")
    parser.add_argument("--limit", type=int, default=None, help="first N records of each dataset (default: all)")
    parser.add_argument("--skip", type=int, default=0,
                        help="skip the first N records of each dataset (held-out checks; use a fresh --out)")
    parser.add_argument("--systems", type=_systems, default=["lead3", "extractive", DEFAULT_SYSTEM],
                        help="comma-separated: lead3, extractive, default, or model specs (hub id, dir, .gguf)")
    parser.add_argument("--out", type=Path, required=True, help="output directory (reruns resume in it)")
    parser.add_argument("--source-tokens", type=int, default=None, help="Summarizer(source_tokens=...) for models")
    parser.add_argument("--rescore", action="store_true",
                        help="recompute the metrics of logged documents from their logged outputs first")
    parser.add_argument("--resamples", type=int, default=RESAMPLES, help="bootstrap resamples (default 1000)")
    parser.add_argument("--seed", type=int, default=SEED, help="bootstrap seed (default 0)")
    parser.add_argument("--labels", type=Path, default=STORE,
                        help="judged label store for faithfulness (default docs/benchmarks/judged/labels.jsonl)")
    args = parser.parse_args(argv)
    args.command = command_line([sys.argv[0] if argv is None else "benchmarks/rouge_benchmark.py",
                                 *(sys.argv[1:] if argv is None else argv)])  # fmt: skip
    stems = [dataset_stem(p) for p in args.data]
    if len(set(stems)) != len(stems):
        parser.error(f"datasets need distinct file names, got {stems}")
    if not args.systems:
        parser.error("--systems is empty")
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    if args.skip < 0:
        parser.error("--skip must not be negative")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        summary = run(args)
    except KeyboardInterrupt:
        err.print("[yellow]interrupted[/]: finished documents are saved; rerun the same command to resume")
        return 130
    print(write_reports(summary, Path(args.out)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
