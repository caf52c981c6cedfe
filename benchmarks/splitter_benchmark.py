"""Sentence splitters on the hard-case gold set: exact-match accuracy per kind and language, and speed.

    python benchmarks/splitter_benchmark.py --news /work/shared/data/de_news.jsonl \\
        --news /work/shared/data/en_news.jsonl --out docs/benchmarks/splitters

Splitters, each given the same paragraphs (text cut at blank lines, line breaks as spaces):

- ``pysbd``:          pySBD 0.3 alone (the splitter before SoMaJo), ``clean=False``
- ``pysbd+repairs``:  pySBD with the closing-quote repair the project used with it
- ``syntok``:         syntok's segmenter
- ``somajo``:         SoMaJo alone (``de_CMC`` / ``en_PTB``), sentences cut at its character offsets, with the
                      library's skip of SoMaJo's emoji pass for tokens without emoji (same sentences)
- ``somajo-stock``:   the same without that skip: SoMaJo as installed
- ``split_sentences``: the library's splitter (SoMaJo, list-item lines, quotation and attribution repairs)

A case is right when the splitter's sentences, whitespace runs collapsed, equal the gold
sentences exactly. A splitter that raises on a case gets it wrong (counted as a crash).
Speed: milliseconds per 1000 characters and sentences per second, best of ``--repeat`` runs, on
the gold texts and on the first ``--articles`` texts of each ``--news`` file (read, never copied).
Writes ``splitters.json`` and ``splitters.md`` (with the per-kind table and each splitter's misses).
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pysbd
import syntok.segmenter as syntok_segmenter
from _common import command_line, load_records
from somajo import SoMaJo

from summarize.sentences import SOMAJO_MODELS, pysbd_sentences, somajo_sentences
from summarize.text import split_paragraphs, split_sentences

GOLD = Path(__file__).resolve().parent.parent / "tests" / "data" / "sentences_gold.jsonl"
Splitter = Callable[[str, str], list[str]]


def _per_paragraph(split: Callable[[str, str], list[str]]) -> Splitter:
    return lambda text, lang: [s for paragraph in split_paragraphs(text) for s in split(paragraph, lang)]


_PYSBD: dict[str, pysbd.Segmenter] = {}


def _pysbd_alone(paragraph: str, lang: str) -> list[str]:
    if lang not in _PYSBD:
        _PYSBD[lang] = pysbd.Segmenter(language=lang, clean=False)
    return list(_PYSBD[lang].segment(paragraph))


def _syntok(paragraph: str, lang: str) -> list[str]:
    sentences = []
    for para in syntok_segmenter.analyze(paragraph):
        for tokens in para:
            start, last = tokens[0].offset, tokens[-1]
            sentences.append(paragraph[start : last.offset + len(last.value)])
    return sentences


_STOCK: dict[str, SoMaJo] = {}


def _somajo_stock(paragraph: str, lang: str) -> list[str]:
    if lang not in _STOCK:
        _STOCK[lang] = SoMaJo(SOMAJO_MODELS[lang], character_offsets=True)
    starts = [tokens[0].character_offset[0] for tokens in _STOCK[lang].tokenize_text([paragraph]) if tokens]
    return [paragraph[a:b] for a, b in zip(starts, [*starts[1:], len(paragraph)])]


SPLITTERS: dict[str, Splitter] = {
    "pysbd": _per_paragraph(_pysbd_alone),
    "pysbd+repairs": _per_paragraph(pysbd_sentences),
    "syntok": _per_paragraph(_syntok),
    "somajo": _per_paragraph(somajo_sentences),
    "somajo-stock": _per_paragraph(_somajo_stock),
    "split_sentences": split_sentences,
}


def _clean(sentences: Sequence[str]) -> list[str]:
    return [" ".join(s.split()) for s in sentences if s.strip()]


def accuracy(cases: list[dict[str, Any]], split: Splitter) -> tuple[list[bool], list[dict[str, Any]], int]:
    """Whether each case is split exactly right, the misses (with what came out), and the crash count."""
    right, misses, crashes = [], [], 0
    for case in cases:
        try:
            got: list[str] | str = _clean(split(case["text"], case["lang"]))
        except Exception as error:  # noqa: BLE001 - a crash is a result here
            got, crashes = f"{type(error).__name__}: {error}"[:120], crashes + 1
        ok = got == case["sentences"]
        right.append(ok)
        if not ok:
            misses.append({"id": case["id"], "text": case["text"], "gold": case["sentences"], "got": got})
    return right, misses, crashes


def speed(texts: list[tuple[str, str]], split: Splitter, repeat: int) -> dict[str, float]:
    """Best-of-``repeat`` time over ``texts`` ((text, lang) pairs): ms per 1000 characters and sentences/s."""
    chars = sum(len(text) for text, _ in texts)
    best, count = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        count = 0
        for text, lang in texts:
            try:
                count += len(split(text, lang))
            except Exception:  # noqa: BLE001, S112 - pySBD's crash on a case is counted in the accuracy table
                continue
        best = min(best, time.perf_counter() - start)
    return {"ms_per_1000_chars": 1000 * best / chars * 1000, "sentences_per_s": count / best, "chars": chars}


def _cpu() -> str:
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        return next(line.split(":", 1)[1].strip() for line in out.splitlines() if line.startswith("Model name"))
    except (OSError, subprocess.CalledProcessError, StopIteration):
        return platform.processor() or "unknown"


def _pct(values: Sequence[bool]) -> str:
    return f"{100 * sum(values) / len(values):.1f} ({sum(values)}/{len(values)})" if values else "–"


def run(args: argparse.Namespace) -> dict[str, Any]:
    cases = [json.loads(line) for line in Path(args.gold).read_text(encoding="utf-8").splitlines() if line.strip()]
    names = args.splitters.split(",") if args.splitters else list(SPLITTERS)
    news: dict[str, list[tuple[str, str]]] = {}
    for path in args.news:
        records = load_records(path, limit=args.articles)
        news[Path(path).stem] = [(r["text"], r["lang"]) for r in records]
    results: dict[str, Any] = {
        "command": command_line(sys.argv),
        "cpu": _cpu(),
        "gold": Path(args.gold).name,
        "cases": len(cases),
        "splitters": {},
    }
    for name in names:
        split = SPLITTERS[name]
        split("Warm-up. Zwei Sätze.", "de"), split("Warm up. Two sentences.", "en")  # builds the rule sets
        right, misses, crashes = accuracy(cases, split)
        by_kind: dict[str, list[bool]] = defaultdict(list)
        by_lang: dict[str, list[bool]] = defaultdict(list)
        for case, ok in zip(cases, right):
            by_kind[f"{case['lang']}/{case['kind']}"].append(ok)
            by_lang[case["lang"]].append(ok)
        timing = {"gold": speed([(c["text"], c["lang"]) for c in cases], split, args.repeat)}
        for stem, texts in news.items():
            timing[stem] = speed(texts, split, args.repeat)
        results["splitters"][name] = {
            "accuracy": sum(right) / len(right),
            "right": sum(right),
            "crashes": crashes,
            "by_lang": {k: sum(v) / len(v) for k, v in by_lang.items()},
            "by_kind": {k: [sum(v), len(v)] for k, v in sorted(by_kind.items())},
            "speed": timing,
            "misses": misses,
        }
        print(f"{name}: {sum(right)}/{len(right)} right, {crashes} crashes", file=sys.stderr)
    return results


def markdown(results: dict[str, Any]) -> str:
    names = list(results["splitters"])
    rows = results["splitters"]
    langs = sorted({lang for r in rows.values() for lang in r["by_lang"]})
    speed_sets = list(next(iter(rows.values()))["speed"])
    lines = [
        f"Command: `{results['command']}`  ",
        f"CPU: {results['cpu']} (shared machine: timings are ratios within one run)  ",
        f"Gold set: {results['cases']} cases (`tests/data/{results['gold']}`)",
        "",
        "| splitter | exact match % | " + " | ".join(f"{lang} %" for lang in langs) + " | crashes | "
        + " | ".join(f"ms/1000 chars ({s})" for s in speed_sets) + " | " + " | ".join(f"sent/s ({s})" for s in speed_sets) + " |",
        "|---|---:|" + "---:|" * len(langs) + "---:|" + "---:|" * (2 * len(speed_sets)),
    ]
    for name in names:
        r = rows[name]
        lines.append(
            f"| {name} | {100 * r['accuracy']:.1f} ({r['right']}/{results['cases']}) | "
            + " | ".join(f"{100 * r['by_lang'][lang]:.1f}" for lang in langs)
            + f" | {r['crashes']} | "
            + " | ".join(f"{r['speed'][s]['ms_per_1000_chars']:.2f}" for s in speed_sets)
            + " | "
            + " | ".join(f"{r['speed'][s]['sentences_per_s']:.0f}" for s in speed_sets)
            + " |"
        )
    kinds = list(next(iter(rows.values()))["by_kind"])
    lines += ["", "Right per kind (right/cases):", "", "| kind | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    for kind in kinds:
        lines.append(f"| {kind} | " + " | ".join("{}/{}".format(*rows[n]["by_kind"][kind]) for n in names) + " |")
    for name in names:
        lines += ["", f"### Misses of {name}", ""]
        for miss in rows[name]["misses"]:
            lines.append(f"- `{miss['id']}`: got {json.dumps(miss['got'], ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default=str(GOLD))
    parser.add_argument("--news", action="append", default=[], help="JSONL news file (id, lang, text); repeatable")
    parser.add_argument("--articles", type=int, default=20, help="articles per news file for the speed test")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--splitters", default="", help="comma-separated subset of " + ",".join(SPLITTERS))
    parser.add_argument("--out", type=Path, default=None, help="directory for splitters.json and splitters.md")
    args = parser.parse_args(argv)
    results = run(args)
    text = markdown(results)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "splitters.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
        (args.out / "splitters.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
