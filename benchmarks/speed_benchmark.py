"""Speed of the library's pipeline against the naive transformers path, in one run, same article and model.

    python benchmarks/speed_benchmark.py --out docs/benchmarks/speed

Each measurement runs in its own process, so load times are real and peak memory is that
process's own (``os.wait4`` rusage, what ``/usr/bin/time`` reports):

- ``ours-cold``:  load with an empty cache (assemble the GGUF from its PyPI parts, convert to int8, load)
- ``ours-warm``:  load from the filled cache; prefill and decode tokens/s; the full pipeline per article
- ``ours-before``: ``ours-warm`` with the library code of ``--baseline DIR`` (e.g. ``git archive`` of an older
                  commit), for before/after numbers from the same run
- ``naive``:      ``AutoModelForCausalLM.from_pretrained(dir, gguf_file=...)`` and one ``generate`` per output
                  (German summary, English summary, bullets) on the whole article, as a newcomer would write it
- ``llama.cpp``:  llama-cpp-python on the same GGUF with the same three naive chat prompts, greedy; skipped
                  when ``llama_cpp`` is not importable (it is never a requirement)

``--cache DIR`` reuses a filled model cache (no cold phase). Writes ``speed.json`` and ``speed.md`` to ``--out``.
Times are reported here, never asserted in tests.
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
NAIVE_MAX_NEW_TOKENS = 100  # per naive output, for transformers and llama.cpp alike
NAIVE_INSTRUCTIONS = (
    "Fasse den Artikel in zwei bis drei Sätzen auf Deutsch zusammen.",
    "Summarise the article in two to three sentences in English.",
    "Schreibe die drei wichtigsten Fakten des Artikels als drei kurze Sätze auf Deutsch, je eine Zeile.",
)


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
    from summarize import Summarizer

    try:
        from summarize import load_generator
    except ImportError:  # library code older than the public export (--baseline)
        from summarize.models.loading import load_generator

    start = time.perf_counter()
    generator = load_generator()
    result: dict[str, Any] = {"load_s": time.perf_counter() - start}
    if not warm:
        return result
    import torch

    result["threads"] = torch.get_num_threads()
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
    runs, outputs = [], []
    for text in articles:
        start = time.perf_counter()
        for instruction in NAIVE_INSTRUCTIONS:
            messages = [{"role": "user", "content": f"{text}\n\n{instruction}"}]
            ids = tokenizer.apply_chat_template(
                messages, add_generation_prompt=True, return_tensors="pt", return_dict=True
            )
            with torch.inference_mode():
                out = model.generate(**ids, max_new_tokens=NAIVE_MAX_NEW_TOKENS, do_sample=False)
            outputs.append(tokenizer.decode(out[0, ids["input_ids"].shape[1] :], skip_special_tokens=True))
        runs.append(time.perf_counter() - start)
    result["pipeline_s_per_article"] = sum(runs) / len(runs)
    result["pipeline_runs_s"] = runs
    result["sample"] = outputs[:3]
    return result


def phase_llama(articles: list[str], gguf: str) -> dict[str, Any]:
    """llama.cpp through llama-cpp-python: the three naive prompts per article, greedy, as many threads as ours."""
    import llama_cpp

    from summarize.models.threads import choose_threads

    threads = choose_threads()
    start = time.perf_counter()
    llm = llama_cpp.Llama(model_path=gguf, n_ctx=4096, n_threads=threads, n_threads_batch=threads, verbose=False)
    result: dict[str, Any] = {"load_s": time.perf_counter() - start, "threads": threads}
    ids = llm.tokenize(articles[0].encode(), add_bos=False)
    llm.reset()
    start = time.perf_counter()
    llm.eval(ids)
    result.update(prefill_tokens=len(ids), prefill_tok_s=len(ids) / (time.perf_counter() - start))
    llm.reset()
    tokens = llm.generate(ids[:64], top_k=1, top_p=1.0, temp=0.0, reset=True)
    next(tokens)  # the 64-token prompt is evaluated and the first token picked
    start = time.perf_counter()
    for _ in range(64):  # then one forward pass per greedy token
        next(tokens)
    result["decode_tok_s"] = 64 / (time.perf_counter() - start)
    runs, outputs = [], []
    llm.reset()
    for text in articles:
        start = time.perf_counter()
        for instruction in NAIVE_INSTRUCTIONS:
            # llama-cpp-python keeps the KV of the longest common prefix of consecutive prompts (its default):
            # the article is prefilled once per article, as in our pipeline
            reply = llm.create_chat_completion(
                messages=[{"role": "user", "content": f"{text}\n\n{instruction}"}],
                max_tokens=NAIVE_MAX_NEW_TOKENS, temperature=0.0, top_k=1,
            )  # fmt: skip
            outputs.append(reply["choices"][0]["message"]["content"])
        runs.append(time.perf_counter() - start)
    result["pipeline_s_per_article"] = sum(runs) / len(runs)
    result["pipeline_runs_s"] = runs
    result["sample"] = outputs[:3]
    return result


def llama_cpp_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("llama_cpp") is not None


# --- orchestration -------------------------------------------------------------------------------


def pick_articles(data: Path, count: int) -> list[str]:
    """``count`` articles of about ``TARGET_TOKENS`` tokens (Qwen tokenizer ≈ 1.7 tokens per German word)."""
    records = load_records(data)
    records.sort(key=lambda r: (abs(len(r["text"].split()) * 1.7 - TARGET_TOKENS), r["id"]))
    return [r["text"] for r in records[:count]]


def run_measured(command: list[str], env: dict[str, str], what: str) -> dict[str, Any]:
    """Run ``command`` in a fresh process whose last stdout line is a JSON object; that object plus
    ``process_wall_s`` and ``peak_rss_gib`` (the child's own ``os.wait4`` rusage, as ``/usr/bin/time`` reports).
    A failing child ends the benchmark (``SystemExit`` naming ``what``)."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    stdout = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{what} failed with status {status}")
    result = json.loads(stdout.strip().splitlines()[-1])
    result["process_wall_s"] = time.perf_counter() - start
    result["peak_rss_gib"] = usage.ru_maxrss / 1024**2  # KiB on Linux
    return result


def run_phase(name: str, args: argparse.Namespace, cache: Path, code: Path = ROOT) -> dict[str, Any]:
    """Run one phase in a fresh process, importing the library from ``code``; add its wall time and peak RSS."""
    env = {**os.environ, "SUMMARIZE_CACHE_DIR": str(cache), "HF_HUB_DISABLE_PROGRESS_BARS": "1",
           "PYTHONPATH": str(code)}  # fmt: skip
    command = [sys.executable, __file__, "--phase", name, "--data", str(args.data), "--articles", str(args.articles)]
    if args.gguf:
        command += ["--gguf", args.gguf]
    result = run_measured(command, env, f"phase {name}")
    print(f"{name}: " + ", ".join(f"{k}={v:.2f}" for k, v in result.items() if isinstance(v, float)), file=sys.stderr)
    return result


def markdown(report: dict[str, Any]) -> str:
    """The report as a Markdown table; "naive / ours" > 1 means the library is that many times better."""
    ours = report["ours_warm"]
    others = [(title, report[key]) for key, title in COLUMNS if report.get(key)]
    measures = [
        # label, key, unit, format, higher is better
        ("load (ours: warm cache; others: every load)", "load_s", "s", ".1f", False),
        ("prefill", "prefill_tok_s", "tok/s", ".0f", True),
        ("decode", "decode_tok_s", "tok/s", ".1f", True),
        ("pipeline per article, after load", "pipeline_s_per_article", "s", ".1f", False),
        ("peak memory", "peak_rss_gib", "GiB", ".2f", False),
    ]
    lines = [
        f"Command: `{report['command']}`  ",
        (
            f"Machine: {report['cpu']}, {report['machine']}; {report['articles']} German news article(s) of about "
            f"{TARGET_TOKENS} tokens; load average before the run: {report['load_before']}."
        ),
        "",
        "| measure | summarize | " + " | ".join(f"{title} | {title} / ours" for title, _ in others) + " |",
        "|---|---:|" + "---:|---:|" * len(others),
    ]
    for label, key, unit, fmt, higher_better in measures:
        cells = [f"{ours[key]:{fmt}} {unit}"]
        for _, other in others:
            gain = ours[key] / other[key] if higher_better else other[key] / ours[key]
            cells += [f"{other[key]:{fmt}} {unit}", f"{gain:.2f}×"]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append('"X / ours" > 1: ours is that many times better (faster, or less memory).')
    if report.get("ours_cold"):
        cold = report["ours_cold"]
        lines += [
            "",
            (
                f"First run ever (empty cache: assemble the GGUF from its parts, convert to int8, load): "
                f"{cold['load_s']:.1f} s, peak memory {cold['peak_rss_gib']:.2f} GiB (once per machine)."
            ),
        ]
    return "\n".join(lines) + "\n"


COLUMNS = (("ours_before", "summarize before"), ("llama_cpp", "llama.cpp"), ("naive", "naive transformers"))


def cpu_name() -> str:
    out = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
    return next((line.split(":", 1)[1].strip() for line in out.splitlines() if line.startswith("Model name")), "?")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks" / "speed")
    parser.add_argument("--data", type=Path, default=DEFAULT_ARTICLE_DATA, help="JSONL to pick articles from")
    parser.add_argument("--articles", type=int, default=2, help="number of articles (default 2)")
    parser.add_argument("--gguf", help="GGUF for the naive path (default: the embedded model's assembled file)")
    parser.add_argument("--cache", type=Path, help="a filled model cache to reuse (skips the cold-load phase)")
    parser.add_argument("--baseline", type=Path, help="also time the pipeline with the library code in this directory")
    parser.add_argument("--skip", nargs="*", default=[], choices=("naive", "llama.cpp"), help="phases to leave out")
    parser.add_argument("--phase", choices=("ours-cold", "ours-warm", "naive", "llama.cpp"), help=argparse.SUPPRESS)
    args = parser.parse_args()

    articles = pick_articles(args.data, args.articles)
    if args.phase:
        if args.phase == "naive":
            result = phase_naive(articles, args.gguf)
        elif args.phase == "llama.cpp":
            result = phase_llama(articles, args.gguf)
        else:
            result = phase_ours(articles, warm=args.phase == "ours-warm")
        print(json.dumps(result, ensure_ascii=False))
        return

    load_before = " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "?"
    report: dict[str, Any] = {
        "command": "python benchmarks/speed_benchmark.py " + " ".join(sys.argv[1:]),
        "cpu": cpu_name(),
        "machine": f"{os.cpu_count()} cores, {platform.machine()}",
        "load_before": load_before,
        "articles": len(articles),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="summarize-speed-") as tmp:
        cache = args.cache or Path(tmp)
        phases = [] if args.cache else [("ours_cold", "ours-cold", ROOT)]
        phases.append(("ours_warm", "ours-warm", ROOT))
        if "llama.cpp" not in args.skip and llama_cpp_available():
            phases.append(("llama_cpp", "llama.cpp", ROOT))
        if args.baseline:
            phases.append(("ours_before", "ours-warm", args.baseline.resolve()))
        if "naive" not in args.skip:
            phases.append(("naive", "naive", ROOT))
        for key, phase, code in phases:
            if phase in ("llama.cpp", "naive") and not args.gguf:
                args.gguf = str(next(cache.glob("*.gguf")))
            report[key] = run_phase(phase, args, cache, code=code)
            save(report, args.out)  # a phase at a time: an interrupted run keeps what it measured
    print(markdown(report))


def save(report: dict[str, Any], out: Path) -> None:
    """Write ``speed.json`` and, once ours is measured, ``speed.md`` with the ratios so far."""
    warm = report.get("ours_warm")
    if warm:
        report["ratios"] = {
            f"pipeline_{key}_over_ours": report[key]["pipeline_s_per_article"] / warm["pipeline_s_per_article"]
            for key, _ in COLUMNS
            if report.get(key)
        }
        (out / "speed.md").write_text(markdown(report))
    (out / "speed.json").write_text(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
