"""Speed of the library's pipeline against the naive transformers path, in one run, same article and model.

    python benchmarks/speed_benchmark.py --out docs/benchmarks/speed

Each measurement runs in its own process, so load times are real and peak memory is that
process's own (``os.wait4`` rusage, what ``/usr/bin/time`` reports):

- ``ours-cold``:  load with an empty cache (assemble the GGUF from its PyPI parts, convert to int8, load)
- ``ours-warm``:  load from the filled cache; prefill and decode tokens/s; the full pipeline per article
- ``naive``:      ``AutoModelForCausalLM.from_pretrained(dir, gguf_file=...)`` and one ``generate`` per output
                  (German summary, English summary, bullets) on the whole article, as a newcomer would write it

Writes ``speed.json`` and ``speed.md`` to ``--out``. Times are reported here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import load_records

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ARTICLE_DATA = ROOT.parent / "shared" / "data" / "de_news.jsonl"
TARGET_TOKENS = 900
NAIVE_MAX_NEW_TOKENS = 160  # what the pipeline allows a summary, for a like-for-like comparison


# --- measurements, each run in a child process -----------------------------------------------------


def _tokens_per_second(generator: Any, text: str) -> dict[str, float]:
    """Prefill and decode speed of a loaded ChatGenerator's model on ``text``."""
    import torch

    model, tokenizer = generator.model, generator.tokenizer
    ids = tokenizer(text, return_tensors="pt")["input_ids"]
    with torch.inference_mode():
        start = time.perf_counter()
        model(input_ids=ids, logits_to_keep=1)
        prefill = time.perf_counter() - start
        start = time.perf_counter()
        out = model.generate(input_ids=ids[:, :64], attention_mask=torch.ones_like(ids[:, :64]),
                             max_new_tokens=64, min_new_tokens=64, do_sample=False)  # fmt: skip
        decode = time.perf_counter() - start
    new = out.shape[1] - 64
    return {"prefill_tokens": ids.shape[1], "prefill_tok_s": ids.shape[1] / prefill, "decode_tok_s": new / decode}


def phase_ours(articles: list[str], *, warm: bool) -> dict[str, Any]:
    from summarize import Summarizer, load_generator

    start = time.perf_counter()
    generator = load_generator()
    result: dict[str, Any] = {"load_s": time.perf_counter() - start}
    if not warm:
        return result
    result.update(_tokens_per_second(generator, articles[0]))
    summarizer = Summarizer(generator=generator)
    runs = []
    for text in articles:
        start = time.perf_counter()
        out = summarizer.summarize(text)
        runs.append(time.perf_counter() - start)
    result["pipeline_s_per_article"] = sum(runs) / len(runs)
    result["pipeline_runs_s"] = runs
    result["sample"] = out.to_dict()
    return result


def phase_naive(articles: list[str], gguf: str) -> dict[str, Any]:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    path = Path(gguf)
    start = time.perf_counter()
    tokenizer = AutoTokenizer.from_pretrained(path.parent, gguf_file=path.name)
    model = AutoModelForCausalLM.from_pretrained(path.parent, gguf_file=path.name)
    result: dict[str, Any] = {"load_s": time.perf_counter() - start}
    result.update(_tokens_per_second(type("G", (), {"model": model, "tokenizer": tokenizer})(), articles[0]))
    instructions = [
        "Fasse den Artikel in zwei bis drei Sätzen auf Deutsch zusammen.",
        "Summarise the article in two to three sentences in English.",
        "Schreibe die drei wichtigsten Fakten des Artikels als drei kurze Sätze auf Deutsch, je eine Zeile.",
    ]
    runs, outputs = [], []
    for text in articles:
        start = time.perf_counter()
        for instruction in instructions:
            messages = [{"role": "user", "content": f"{text}\n\n{instruction}"}]
            ids = tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt", return_dict=True)
            with torch.inference_mode():
                out = model.generate(**ids, max_new_tokens=NAIVE_MAX_NEW_TOKENS, do_sample=False)
            outputs.append(tokenizer.decode(out[0, ids["input_ids"].shape[1] :], skip_special_tokens=True))
        runs.append(time.perf_counter() - start)
    result["pipeline_s_per_article"] = sum(runs) / len(runs)
    result["pipeline_runs_s"] = runs
    result["sample"] = outputs[:3]
    return result


# --- orchestration -------------------------------------------------------------------------------


def pick_articles(data: Path, count: int) -> list[str]:
    """``count`` articles of about ``TARGET_TOKENS`` tokens (Qwen tokenizer ≈ 1.7 tokens per German word)."""
    records = load_records(data)
    records.sort(key=lambda r: (abs(len(r["text"].split()) * 1.7 - TARGET_TOKENS), r["id"]))
    return [r["text"] for r in records[:count]]


def run_phase(name: str, args: argparse.Namespace, cache: Path) -> dict[str, Any]:
    """Run one phase in a fresh process; add its wall time and peak RSS."""
    env = {**os.environ, "SUMMARIZE_CACHE_DIR": str(cache), "HF_HUB_DISABLE_PROGRESS_BARS": "1"}
    command = [sys.executable, __file__, "--phase", name, "--data", str(args.data), "--articles", str(args.articles)]
    if args.gguf:
        command += ["--gguf", args.gguf]
    start = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    stdout = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"phase {name} failed with status {status}")
    result = json.loads(stdout.strip().splitlines()[-1])
    result["process_wall_s"] = time.perf_counter() - start
    result["peak_rss_gib"] = usage.ru_maxrss / 1024**2  # KiB on Linux
    print(f"{name}: " + ", ".join(f"{k}={v:.2f}" for k, v in result.items() if isinstance(v, float)), file=sys.stderr)
    return result


def markdown(report: dict[str, Any]) -> str:
    """The report as a Markdown table; "naive / ours" > 1 means the library is that many times better."""
    ours, cold, naive = report["ours_warm"], report["ours_cold"], report["naive"]
    rows = [
        # label, ours, naive, unit, format, higher is better
        ("load (ours: warm cache; naive: every load)", ours["load_s"], naive["load_s"], "s", ".1f", False),
        ("prefill", ours["prefill_tok_s"], naive["prefill_tok_s"], "tok/s", ".0f", True),
        ("decode", ours["decode_tok_s"], naive["decode_tok_s"], "tok/s", ".1f", True),
        ("pipeline per article, after load", ours["pipeline_s_per_article"], naive["pipeline_s_per_article"], "s", ".1f", False),
        ("peak memory", ours["peak_rss_gib"], naive["peak_rss_gib"], "GiB", ".2f", False),
    ]  # fmt: skip
    lines = [
        f"Command: `{report['command']}`  ",
        f"Machine: {report['machine']}; {report['articles']} German news article(s) of about {TARGET_TOKENS} tokens.",
        "",
        "| measure | summarize | naive transformers GGUF | naive / ours |",
        "|---|---:|---:|---:|",
    ]
    for label, mine, theirs, unit, fmt, higher_better in rows:
        gain = mine / theirs if higher_better else theirs / mine
        lines.append(f"| {label} | {mine:{fmt}} {unit} | {theirs:{fmt}} {unit} | {gain:.1f}× |")
    lines += [
        "",
        f"First run ever (empty cache: assemble the GGUF from its parts, convert to int8, load): "
        f"{cold['load_s']:.1f} s, peak memory {cold['peak_rss_gib']:.2f} GiB (once per machine).",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks" / "speed")
    parser.add_argument("--data", type=Path, default=DEFAULT_ARTICLE_DATA, help="JSONL to pick articles from")
    parser.add_argument("--articles", type=int, default=2, help="number of articles (default 2)")
    parser.add_argument("--gguf", help="GGUF for the naive path (default: the embedded model's assembled file)")
    parser.add_argument("--phase", choices=("ours-cold", "ours-warm", "naive"), help=argparse.SUPPRESS)
    args = parser.parse_args()

    articles = pick_articles(args.data, args.articles)
    if args.phase:
        if args.phase == "naive":
            result = phase_naive(articles, args.gguf)
        else:
            result = phase_ours(articles, warm=args.phase == "ours-warm")
        print(json.dumps(result, ensure_ascii=False))
        return

    with tempfile.TemporaryDirectory(prefix="summarize-speed-") as tmp:
        cache = Path(tmp)
        cold = run_phase("ours-cold", args, cache)
        warm = run_phase("ours-warm", args, cache)
        if not args.gguf:
            args.gguf = str(next(cache.glob("*.gguf")))
        naive = run_phase("naive", args, cache)
    report = {
        "command": "python benchmarks/speed_benchmark.py " + " ".join(sys.argv[1:]),
        "machine": f"{os.cpu_count()} cores, {platform.machine()}, torch threads default",
        "articles": len(articles),
        "ours_cold": cold,
        "ours_warm": warm,
        "naive": naive,
        "ratios": {
            "pipeline_naive_over_ours": naive["pipeline_s_per_article"] / warm["pipeline_s_per_article"],
            "load_naive_over_warm": naive["load_s"] / warm["load_s"],
        },
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "speed.json").write_text(json.dumps(report, ensure_ascii=False, indent=2))
    (args.out / "speed.md").write_text(markdown(report))
    print(markdown(report))


if __name__ == "__main__":
    main()
