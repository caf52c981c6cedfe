"""Throughput of packed batches: articles per hour and peak memory at several articles per generate call.

    python benchmarks/batch_benchmark.py --out docs/benchmarks/speed            # embedded model, sizes 1 2 4 8
    python benchmarks/batch_benchmark.py --model PATH.gguf --out /tmp/batch     # any model the library loads

The same articles (``--articles``, default 8 German news articles of about 900 tokens, picked as
``speed_benchmark.py`` picks them) are summarised at each size of ``--sizes`` with
``Summarizer.summarize_packed``, each size in its own process (peak memory is that process's own,
``os.wait4`` rusage, as ``speed_benchmark.py`` measures it; load time is left out of the throughput).
Every size uses the thread count the library picks once, in the parent, for all of them.
Outputs are compared with those of the first size: whole results per article and each model
answer (completion) per prompt, so a batch that changes the last bits of some rows shows as a count.
The 1-minute load average is sampled during each size's run (the machine may be shared).
Writes ``batch.json`` and ``batch.md`` to ``--out``. Times are reported here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import sys
import threading
import time
from pathlib import Path
from typing import Any, Self

from _common import command_line, rounded
from speed_benchmark import DEFAULT_ARTICLE_DATA, TARGET_TOKENS, cpu_name, pick_articles, run_measured

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SIZES = (1, 2, 4, 8)
LOAD_SAMPLE_SECONDS = 5.0
MAX_SHOWN_DIFFERENCES = 12


# --- one size, in a child process ---------------------------------------------------------------


def phase(model: str | None, articles: list[str], size: int) -> dict[str, Any]:
    """Load the model, warm it up, then summarise ``articles`` ``size`` at a time; times, call sizes, outputs."""
    import torch

    from summarize import Summarizer, load_generator
    from summarize.models.base import Prompt

    start = time.perf_counter()
    generator = load_generator(model)
    result: dict[str, Any] = {"load_s": time.perf_counter() - start, "threads": torch.get_num_threads()}
    answers: dict[str, str] = {}
    calls: list[int] = []
    generate = generator.generate

    def logged(prompts: Any, *, max_new_tokens: int) -> Any:
        completions = generate(prompts, max_new_tokens=max_new_tokens)
        calls.append(len(prompts))
        for prompt, completion in zip(prompts, completions):
            answers[_prompt_key(prompt, max_new_tokens)] = completion.text
        return completions

    generator.generate = logged  # type: ignore[method-assign]
    generate([Prompt("Antworte kurz.", "Hallo!", "Hallo!")], max_new_tokens=4)  # warm-up: first-call costs
    summarizer = Summarizer(generator=generator)
    rows: list[dict[str, Any]] = []
    start = time.perf_counter()
    for first in range(0, len(articles), size):
        for outcome in summarizer.summarize_packed(articles[first : first + size]):
            if isinstance(outcome, Exception):
                rows.append({"error": f"{type(outcome).__name__}: {outcome}"})
            else:
                row = outcome.to_dict()
                row.pop("seconds")
                rows.append(row)
    wall = time.perf_counter() - start
    result.update(
        wall_s=wall,
        articles=len(articles),
        articles_per_hour=len(articles) / wall * 3600,
        calls=calls,
        rows=rows,
        answers=answers,
        model=generator.name,
    )  # fmt: skip
    return result


def _prompt_key(prompt: Any, max_new_tokens: int) -> str:
    text = json.dumps([prompt.messages(), prompt.seq2seq, max_new_tokens], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16] + " " + prompt.user[-120:].replace("\n", " ")


# --- orchestration ------------------------------------------------------------------------------


class LoadSampler:
    """The 1-minute load average, sampled every few seconds in the background."""

    def __init__(self) -> None:
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(LOAD_SAMPLE_SECONDS):
            self.samples.append(os.getloadavg()[0])

    def __enter__(self) -> Self:
        self.samples.append(os.getloadavg()[0])
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def summary(self) -> dict[str, float]:
        return {"mean": sum(self.samples) / len(self.samples), "max": max(self.samples)}


def run_size(size: int, args: argparse.Namespace, threads: int) -> dict[str, Any]:
    """One size in a fresh process (library code of this checkout); adds peak memory and the load average."""
    env = {**os.environ, "SUMMARIZE_THREADS": str(threads), "HF_HUB_DISABLE_PROGRESS_BARS": "1",
           "PYTHONPATH": str(ROOT)}  # fmt: skip
    command = [
        sys.executable,
        __file__,
        "--phase",
        str(size),
        "--data",
        str(args.data),
        "--articles",
        str(args.articles),
    ]
    if args.model:
        command += ["--model", args.model]
    with LoadSampler() as load:
        result = run_measured(command, env, f"size {size}")
    result["load_average"] = load.summary()
    print(
        f"size {size}: {result['articles_per_hour']:.1f} articles/h, {result['wall_s']:.1f} s, "
        f"peak {result['peak_rss_gib']:.2f} GiB, load {result['load_average']['mean']:.2f}",
        file=sys.stderr,
    )
    return result


def compare(base: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    """How ``other``'s outputs differ from ``base``'s: whole results per article, answers per prompt."""
    shared = sorted(base["answers"].keys() & other["answers"].keys())
    differing = [key for key in shared if base["answers"][key] != other["answers"][key]]
    return {
        "articles": len(base["rows"]),
        "articles_identical": sum(a == b for a, b in zip(base["rows"], other["rows"], strict=True)),
        "answers": len(shared),
        "answers_differing": len(differing),
        "prompts_only_in_one": len(base["answers"].keys() ^ other["answers"].keys()),
        "examples": [
            {"prompt": key.split(" ", 1)[1], "base": base["answers"][key], "packed": other["answers"][key]}
            for key in differing[:MAX_SHOWN_DIFFERENCES]
        ],
    }


def markdown(report: dict[str, Any]) -> str:
    sizes = report["sizes"]
    base = sizes[0]
    lines = [
        f"Command: `{report['command']}`  ",
        (
            f"Machine: {report['cpu']}, {report['machine']}; model: {report['model']}; {report['articles']} German "
            f"news articles of about {TARGET_TOKENS} tokens ({report['article_tokens']}); "
            f"{report['threads']} torch thread(s), as the library picked them before the run; "
            f"load average before the run: {report['load_before']}."
        ),
        "",
        (
            f"| articles per call | articles per hour | vs. {base['size']} per call | wall (all articles) | generate calls | "
            "rows per call (max) | peak memory | load average during (mean / max) | articles identical to "
            f"{base['size']} per call | model answers differing |"
        ),
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    first = base["articles_per_hour"]
    for entry in sizes:
        same = entry["comparison"]
        lines.append(
            f"| {entry['size']} | {entry['articles_per_hour']:.1f} | {entry['articles_per_hour'] / first:.2f}× | "
            f"{entry['wall_s']:.0f} s | {len(entry['calls'])} | {max(entry['calls'])} | "
            f"{entry['peak_rss_gib']:.2f} GiB | {entry['load_average']['mean']:.2f} / {entry['load_average']['max']:.2f} | "
            f"{same['articles_identical']}/{same['articles']} | {same['answers_differing']}/{same['answers']} |"
        )
    lines += [
        "",
        (
            "Throughput counts the summarising only (after load and a 4-token warm-up call). Peak memory is the whole "
            'process\'s (model included). "Model answers differing": completions of the same prompt that differ '
            f"from the {base['size']}-per-call run (greedy decoding; numerics of other batch shapes may change the last bits)."
        ),
    ]
    for entry in sizes:
        for example in entry["comparison"]["examples"]:
            lines.append(
                f"- {entry['size']} per call, prompt …{example['prompt'][-60:]!r}: "
                f"{example['base']!r} → {example['packed']!r}"
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks" / "speed")
    parser.add_argument("--data", type=Path, default=DEFAULT_ARTICLE_DATA, help="JSONL to pick articles from")
    parser.add_argument("--articles", type=int, default=8, help="number of articles (default 8)")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES), help="articles per call")
    parser.add_argument("--model", help="model to load (default: the embedded one)")
    parser.add_argument("--name", default="batch", help="output file stem (default: batch)")
    parser.add_argument("--phase", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--redraw", action="store_true", help="rewrite <name>.md from <name>.json (no run)")
    args = parser.parse_args()
    if args.redraw:
        stem = args.out / args.name
        stem.with_suffix(".md").write_text(
            markdown(json.loads(stem.with_suffix(".json").read_text())), encoding="utf-8"
        )
        return

    articles = pick_articles(args.data, args.articles)
    if args.phase:
        print(json.dumps(phase(args.model, articles, args.phase), ensure_ascii=False))
        return

    from summarize.models.threads import choose_threads

    report: dict[str, Any] = {
        "command": command_line(sys.argv),
        "cpu": cpu_name(),
        "machine": f"{os.cpu_count()} cores, {platform.machine()}",
        "load_before": " ".join(f"{v:.2f}" for v in os.getloadavg()),
        "threads": choose_threads(),
        "articles": len(articles),
        "article_tokens": "words × 1.7: " + ", ".join(str(round(len(a.split()) * 1.7)) for a in articles),
        "sizes": [],
    }
    args.out.mkdir(parents=True, exist_ok=True)
    results = []
    for size in args.sizes:
        result = run_size(size, args, report["threads"])
        result["size"] = size
        results.append(result)
        report["model"] = result["model"]
        save(report, results, args.out / args.name)  # a size at a time: an interrupted run keeps what it measured
    print(markdown(report))


def save(report: dict[str, Any], results: list[dict[str, Any]], stem: Path) -> None:
    """Write ``<stem>.json`` (without the answers' texts, but with the first size's results) and ``<stem>.md``."""
    report["sizes"] = []
    for result in results:
        entry = {k: v for k, v in result.items() if k not in ("rows", "answers")}
        entry["comparison"] = compare(results[0], result)
        entry["articles_per_hour"] = rounded(entry["articles_per_hour"], 2)
        report["sizes"].append(entry)
    report["results_at_first_size"] = results[0]["rows"]
    stem.with_suffix(".json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    stem.with_suffix(".md").write_text(markdown(report), encoding="utf-8")


if __name__ == "__main__":
    main()
