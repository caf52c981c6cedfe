"""Do two other translation prompts agree with the pipeline's translation? ROC AUC against the judged labels.

    PYTHONPATH=$PWD python benchmarks/translation_agreement.py --out /tmp/translation_agreement.json

Runs the default pipeline on the first 40 ``de_news`` and 20 ``en_news`` records with the embedded model,
recording every translation it asks for (source sentence, translation). Each source sentence is then
translated again under two other prompts (``ALTERNATIVES``: other instructions, no shared wording), in one
batched call per article. A translation's agreement is the ROUGE-1 F1 (stemmed, target language) between it
and each alternative translation; the idea is that a model that does not know what a sentence means guesses
differently under different prompts (disagreement as uncertainty, as in self-consistency checks:
Manakul et al. 2023, "SelfCheckGPT", EMNLP). Prints ROC AUC of the minimum and the mean agreement for
translations judged supported against not supported, and against partly-or-not supported, using the last
label of each translated sentence in ``docs/benchmarks/judged/labels.jsonl``; writes every pair to ``--out``.
Results: docs/benchmarks/README.md ("Faithfulness, round three").
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from _common import load_records
from translation_check_auc import print_aucs

import summarize
from summarize.models.base import Completion, Prompt
from summarize.models.loading import load_generator
from summarize.postprocess import answer_lines, close_line
from summarize.prompts import language_name

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "docs" / "benchmarks" / "judged" / "labels.jsonl"
DATA = ROOT.parent / "shared" / "data"
SETS = {"de_news": 40, "en_news": 20}
TRANSLATED_KIND = {"de": "summary_en", "en": "summary_de"}
ALTERNATIVES = (
    ("You are a professional translator.",
     "Translate the following {source} text into {target}. Output only the translation.\n\n{sentence}"),
    ("You are a helpful assistant.", "{source}: {sentence}\n{target}:"),
)  # fmt: skip
MAX_NEW_TOKENS = 120


class Recording:
    """A generator that keeps every (prompt, completion) it was asked for."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.pairs = inner, []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def generate(self, prompts: Sequence[Prompt], *, max_new_tokens: int) -> list[Completion]:
        completions = self.inner.generate(prompts, max_new_tokens=max_new_tokens)
        self.pairs += list(zip(prompts, completions, strict=True))
        return completions


def first_line(completion: Completion) -> str:
    lines = answer_lines(completion.text)
    return close_line(lines[0]) if lines else ""


def last_labels(path: Path) -> dict[tuple[str, str, str], str]:
    labels: dict[tuple[str, str, str], str] = {}
    for row in map(json.loads, path.open(encoding="utf-8")):
        if row["unit"] == "sentence":
            labels[(row["record_id"], row["kind"], " ".join(row["text"].split()))] = row["support"]
    return labels


def run(labels_path: Path) -> list[dict[str, Any]]:
    inner = load_generator(None)
    recording = Recording(inner)
    summarizer = summarize.Summarizer(generator=recording)  # type: ignore[arg-type]
    labels = last_labels(labels_path)
    rows: list[dict[str, Any]] = []
    for dataset, limit in SETS.items():
        for record in load_records(DATA / f"{dataset}.jsonl")[:limit]:
            recording.pairs = []
            summarizer.summarize(record["text"], title=record.get("title"))
            source_lang = record["lang"]
            target_lang = "en" if source_lang == "de" else "de"
            names = {"source": language_name(source_lang), "target": language_name(target_lang)}
            header = f"{names['source']} sentence:\n"
            pairs = [(p.user[len(header):].split("\n\n")[0], first_line(c))
                     for p, c in recording.pairs if p.user.startswith(header)]  # fmt: skip
            if not pairs:
                continue
            prompts = [Prompt(system, user.format(sentence=source, **names), "")
                       for source, _ in pairs for system, user in ALTERNATIVES]  # fmt: skip
            alternatives = [first_line(c) for c in inner.generate(prompts, max_new_tokens=MAX_NEW_TOKENS)]
            for i, (source, translation) in enumerate(pairs):
                others = alternatives[i * len(ALTERNATIVES) : (i + 1) * len(ALTERNATIVES)]
                agreement = [summarize.score(candidate=translation, reference=o, lang=target_lang)["rouge1"].fmeasure
                             for o in others]  # fmt: skip
                key = (record["id"], TRANSLATED_KIND[source_lang], " ".join(translation.split()))
                rows.append({"dataset": dataset, "record_id": record["id"], "source": source, "translation": translation,
                             "alternatives": others, "min_agreement": min(agreement),
                             "mean_agreement": sum(agreement) / len(agreement), "support": labels.get(key)})  # fmt: skip
                print(len(rows), rows[-1]["support"], round(min(agreement), 2), translation[:70], flush=True)
    return rows


def report(rows: list[dict[str, Any]]) -> None:
    labelled = [r for r in rows if r["support"]]
    print(f"{len(rows)} translations, {len(labelled)} with a label")
    for score in ("min_agreement", "mean_agreement"):
        print_aucs(labelled, score)
        for threshold in (0.3, 0.4, 0.5, 0.6, 0.7):
            kept = [r for r in labelled if r[score] >= threshold]
            bad = sum(r["support"] == "no" for r in kept)
            partly = sum(r["support"] == "partly" for r in kept)
            print(
                f"  {score} >= {threshold}: keeps {len(kept)}/{len(labelled)}, of them not supported {bad}, partly {partly}"
            )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", type=Path, default=LABELS, help="judged label store")
    parser.add_argument("--out", type=Path, required=True, help="JSON file for every translation and its scores")
    args = parser.parse_args(argv)
    rows = run(args.labels)
    args.out.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    report(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
