"""Which article sentences to show as key facts: lead, headline and salience rules, without the model.

For each record, each rule picks three article sentences from what the model would read
(``Source``, same token budget as the pipeline); the script reports ROUGE-1/2/L F1 (x100) of those
sentences against the record's reference bullets, and, where the blind reading labelled a chosen
sentence (``docs/benchmarks/judged/labels.jsonl``, any output kind with the same text), the share
judged a key fact and how many chosen sentences have such a label.

    python benchmarks/key_sentence_selection.py --data ../shared/data/de_news.jsonl \
        --labels docs/benchmarks/judged/labels.jsonl --tokenizer <dir with tokenizer.json>

No model runs: the rules differ only in which sentences they choose.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import summarize
from summarize import verified
from summarize.pipeline import DEFAULT_SOURCE_TOKENS
from summarize.scoring import score
from summarize.source import Source, build_source, is_statement
from summarize.verified import headline_overlap, is_key_sentence_candidate, key_sentences
from summarize.words import WordTokenizer

K = 3
Rule = Callable[[Source], list[str]]


def _candidates(source: Source) -> list[int]:
    read = [i for i in source.selected if is_statement(source.sentences[i])]
    good = [i for i in read if is_key_sentence_candidate(source.sentences[i], source.lang)]
    return good or read or list(source.selected)


def salient(source: Source) -> list[str]:
    """The three most salient candidate statements (centroid + lead bias, ``extractive.rank``), in document order."""
    allowed = set(_candidates(source))
    picked = [i for i in source.ranking if i in allowed][:K]
    return [source.sentences[i] for i in sorted(picked)]


def headline_and_salience(source: Source) -> list[str]:
    """Candidates scored by headline overlap plus their salience rank (scaled to [0, 1]), top three in document
    order."""
    tokenizer = WordTokenizer(source.lang)
    candidates = _candidates(source)
    rank_of = {i: r for r, i in enumerate(source.ranking)}
    n = len(source.sentences)
    score = {
        i: headline_overlap(source.sentences[i], source.title or "", tokenizer) + 1 - rank_of.get(i, n) / n
        for i in candidates
    }
    picked = sorted(candidates, key=lambda i: -score[i])[:K]
    return [source.sentences[i] for i in sorted(picked)]


# The German rule's English counterpart, measured and not used: CNN/Daily Mail leads name their subject.
ENGLISH_POINTS_BACK = re.compile(
    r"^[\"'‘“]?(?:He|She|It|They|Them|His|Her|Its|Their|This|That|These|Those|But|And|So|Also|However)\b"
)


def with_english_rule(source: Source) -> list[str]:
    """``key_sentences`` with ``ENGLISH_POINTS_BACK`` as the English rule for statements that point back."""
    verified._POINTS_BACK["en"] = ENGLISH_POINTS_BACK
    try:
        return key_sentences(source, K)
    finally:
        del verified._POINTS_BACK["en"]


RULES: dict[str, Rule] = {
    "first statements that stand alone (step 2)": lambda source: key_sentences(
        replace(source, title=None), K, stands_alone=False
    ),
    "headline's statement, then the first others (the statements to translate)": lambda source: key_sentences(
        source, K, stands_alone=False
    ),
    "the same, no statement that points back (step 8: bullets, same-language summary)": lambda source: key_sentences(source, K),
    "the same with an English rule too (not used)": with_english_rule,
    "most salient": salient,
    "headline overlap + salience rank": headline_and_salience,
}


def load_labels(path: Path) -> dict[tuple[str, str], list[bool]]:
    labels: dict[tuple[str, str], list[bool]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row.get("unit") == "sentence" and row.get("key_fact") is not None:
            labels.setdefault((row["record_id"], row["text"].strip()), []).append(bool(row["key_fact"]))
    return labels


def best_labelled_share(records: Sequence[dict], labels: dict[tuple[str, str], list[bool]]) -> float | None:
    """The judged key-fact share of the ``K`` labelled sentences of each record's article with the highest share
    (an upper bound for any choice among the sentences read so far; ``None`` without labels)."""
    shares: list[float] = []
    for record in records:
        text = " ".join(record["text"].split())
        votes = [sum(v) / len(v) for (rid, sentence), v in labels.items() if rid == record["id"] and sentence in text]
        if votes:
            top = sorted(votes, reverse=True)[:K]
            shares.append(sum(top) / K)
    return statistics.mean(shares) if shares else None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--labels", type=Path, required=True)
    parser.add_argument("--tokenizer", type=Path, required=True, help="a directory with the model's tokenizer.json")
    parser.add_argument("--skip", type=int, default=0)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)

    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(args.tokenizer))
    count = lambda text: len(tokenizer.encode(text))
    labels = load_labels(args.labels)
    records = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines()]
    records = records[args.skip :][: args.limit]
    rows: dict[str, dict[str, list[float]]] = {name: {"r1": [], "r2": [], "rl": [], "key": []} for name in RULES}
    labelled = {name: 0 for name in RULES}
    chosen_total = {name: 0 for name in RULES}
    for record in records:
        article = summarize.parse_article(record["text"])
        source = build_source(article.body, record["lang"], budget=DEFAULT_SOURCE_TOKENS, count_tokens=count,
                              title=record.get("title"))  # fmt: skip
        for name, rule in RULES.items():
            chosen = rule(source)
            s = score(candidate=chosen, reference=record["reference_bullets"], lang=record["lang"])
            for key, rouge in (("r1", "rouge1"), ("r2", "rouge2"), ("rl", "rougeL")):
                rows[name][key].append(s[rouge].fmeasure)
            for sentence in chosen:
                chosen_total[name] += 1
                votes = labels.get((record["id"], sentence.strip()))
                if votes:
                    labelled[name] += 1
                    rows[name]["key"].append(sum(votes) / len(votes))
    best = best_labelled_share(records, labels)
    print(f"{args.data.name} records {args.skip + 1}-{args.skip + len(records)}")
    if best is not None:
        print(f"Best any rule could do among the labelled article sentences (the three with the most key-fact votes "
              f"per record, a record with fewer counting the missing as no): {100 * best:.1f}% key facts")  # fmt: skip
    print("| rule | ROUGE-1 | ROUGE-2 | ROUGE-L | key fact (judged) | chosen sentences with a label |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, r in rows.items():
        key = f"{100 * statistics.mean(r['key']):.1f}%" if r["key"] else "–"
        print(f"| {name} | {100 * statistics.mean(r['r1']):.1f} | {100 * statistics.mean(r['r2']):.1f} | "
              f"{100 * statistics.mean(r['rl']):.1f} | {key} | {labelled[name]} / {chosen_total[name]} |")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
