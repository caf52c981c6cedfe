"""How well do model-based checks tell the judged translations apart? ROC AUC against the committed labels.

    PYTHONPATH=$PWD python benchmarks/translation_check_auc.py --out /tmp/translation_checks.json

For every translated summary sentence in ``docs/benchmarks/judged/labels.jsonl`` (English summaries of
``de_news`` records, German summaries of ``en_news`` records; copies of article sentences, the fallback,
are left out), with the embedded model:

- ``p_yes``: the model's probability of "Yes" against "No" (summed over their token spellings) as the first
  answer token to "Does the <target> sentence say exactly what the <source> sentence says, with no fact
  changed, added or lost?": one forward pass, no decoding (issue 12, point 2);
- ``mean_logprob``: the mean log-probability of the translation's tokens, teacher-forced under the library's
  translation prompt: the model's own confidence (Fomicheva et al. 2020, "Unsupervised quality estimation for
  neural machine translation", TACL);
- ``back_logprob``: the mean log-probability of the source sentence's tokens, teacher-forced under the library's
  translation prompt in the other direction (the translation back into the source language): how well the
  translation lets the model reconstruct its source (a noisy-channel adequacy score, as in reconstruction /
  "back-translation likelihood" reranking, Yee et al. 2019, "Simple and effective noisy channel modeling for
  neural machine translation", EMNLP);
- ``back_pmi``: ``back_logprob`` minus the mean log-probability of the same source tokens under a prompt that
  shows no translation (the same prompt with ``PRIOR`` in its place): what the translation adds to predicting the source, so that sentences easy
  to predict anyway do not score high.

Each is taken at the best-matching of the article's first four statements (highest ``mean_logprob``), since
the labels do not say which sentence was translated. Prints ROC AUC of supported against not supported and
against partly-or-not supported, per dataset; writes the per-sentence scores to ``--out``. Results and the
decision taken on them: docs/benchmarks/README.md ("Faithfulness, round two"; the back-translation scores: "round three").
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch
from _common import load_records

import summarize
from summarize.models.base import Prompt
from summarize.models.loading import load_generator
from summarize.pipeline import DEFAULT_SOURCE_TOKENS
from summarize.prompts import language_name, translation_prompt
from summarize.source import build_source

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "docs" / "benchmarks" / "judged" / "labels.jsonl"
DATA = {"de_news": ROOT.parent / "shared" / "data" / "de_news.jsonl", "en_news": ROOT.parent / "shared" / "data" / "en_news.jsonl"}
TRANSLATED_KIND = {"de_news": "summary_en", "en_news": "summary_de"}
SEVERITY = {"yes": 0, "partly": 1, "no": 2}
SCORES = ("p_yes", "mean_logprob", "back_logprob", "back_pmi")
PRIOR = "…"  # the "sentence" of the back-translation prompt that tells nothing: same template, no content
CANDIDATE_SOURCES = 4  # the key sentences come from the first statements
SYSTEM = "You check translations of news sentences. You answer Yes or No."
QUESTION = (
    "{s} sentence:\n{src}\n\n{t} sentence:\n{tgt}\n\nDoes the {t} sentence say exactly what the {s} sentence says, "
    "with no fact changed, added or lost? Answer Yes or No."
)


def judged_translations(labels: Path) -> dict[tuple[str, str, str], str]:
    """(dataset, record id, sentence) -> the worst support label any reader gave that translated sentence."""
    worst: dict[tuple[str, str, str], str] = {}
    for line in map(json.loads, labels.open(encoding="utf-8")):
        if line["unit"] != "sentence" or line["kind"] != TRANSLATED_KIND.get(line["dataset"]):
            continue
        key = (line["dataset"], line["record_id"], line["text"])
        if key not in worst or SEVERITY[line["support"]] > SEVERITY[worst[key]]:
            worst[key] = line["support"]
    return worst


def roc_auc(positives: Sequence[float], negatives: Sequence[float]) -> float | None:
    """P(a positive scores above a negative), ties half (Mann-Whitney U / (n1 n2)); None when a side is empty."""
    if not positives or not negatives:
        return None
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


class Scorer:
    """The two model-based scores of a translation against a candidate source sentence."""

    def __init__(self) -> None:
        generator = load_generator(None)
        self.generator, self.tokenizer, self.model = generator, generator.tokenizer, generator.model
        spell = lambda words: sorted({self.tokenizer.encode(w, add_special_tokens=False)[0] for w in words})
        self.yes, self.no = spell(("Yes", " Yes", "yes")), spell(("No", " No", "no"))

    def _ids(self, prompt: Prompt) -> list[int]:
        text = self.tokenizer.apply_chat_template(prompt.messages(), tokenize=False, add_generation_prompt=True)
        return self.tokenizer(text, add_special_tokens=False)["input_ids"]

    @torch.inference_mode()
    def p_yes(self, source: str, translation: str, source_lang: str, target_lang: str) -> float:
        user = QUESTION.format(s=language_name(source_lang), t=language_name(target_lang), src=source, tgt=translation)
        logits = self.model(input_ids=torch.tensor([self._ids(Prompt(SYSTEM, user, ""))]), logits_to_keep=1).logits
        probs = torch.softmax(logits[0, -1].float(), -1)
        yes, no = probs[self.yes].sum().item(), probs[self.no].sum().item()
        return yes / (yes + no)

    @torch.inference_mode()
    def _answer_logprob(self, prompt: Prompt, answer_text: str) -> float:
        ids = self._ids(prompt)
        answer = self.tokenizer(answer_text, add_special_tokens=False)["input_ids"]
        logits = self.model(input_ids=torch.tensor([ids + answer])).logits[0, len(ids) - 1 : -1].float()
        return torch.log_softmax(logits, -1)[torch.arange(len(answer)), torch.tensor(answer)].mean().item()

    def mean_logprob(self, source: str, translation: str, source_lang: str, target_lang: str) -> float:
        return self._answer_logprob(translation_prompt(source, source_lang, target_lang), translation)

    def back_logprob(self, source: str, translation: str, source_lang: str, target_lang: str) -> float:
        return self._answer_logprob(translation_prompt(translation, target_lang, source_lang), source)

    def prior_logprob(self, source: str, source_lang: str, target_lang: str) -> float:
        return self._answer_logprob(translation_prompt(PRIOR, target_lang, source_lang), source)


def score_all(labels: Path, data: dict[str, Path]) -> list[dict[str, Any]]:
    records = {(ds, r["id"]): r for ds, path in data.items() for r in load_records(path)}
    scorer, rows = Scorer(), []
    for (dataset, record_id, text), support in judged_translations(labels).items():
        record = records[(dataset, record_id)]
        source_lang = record["lang"]
        target_lang = "en" if source_lang == "de" else "de"
        if " ".join(text.split()) in " ".join(record["text"].split()):
            continue  # a fallback copy of an article sentence, not a translation
        article = summarize.parse_article(record["text"])
        count = scorer.generator.count_tokens
        budget = DEFAULT_SOURCE_TOKENS - (count(article.title) if article.title else 0)
        source = build_source(article.body, source_lang, budget=budget, count_tokens=count, title=article.title)
        candidates = source.lead(CANDIDATE_SOURCES)
        logprobs = [scorer.mean_logprob(c, text, source_lang, target_lang) for c in candidates]
        best = max(range(len(candidates)), key=logprobs.__getitem__)
        src = candidates[best]
        back = scorer.back_logprob(src, text, source_lang, target_lang)
        rows.append({
            "dataset": dataset, "record_id": record_id, "text": text, "support": support, "source": src,
            "mean_logprob": logprobs[best], "p_yes": scorer.p_yes(src, text, source_lang, target_lang),
            "back_logprob": back, "back_pmi": back - scorer.prior_logprob(src, source_lang, target_lang),
        })  # fmt: skip
        print(len(rows), support, *(round(rows[-1][k], 3) for k in SCORES), text[:60], flush=True)
    return rows


def print_aucs(rows: Sequence[dict[str, Any]], score: str) -> None:
    """ROC AUC of ``score`` for supported against not supported, and against partly-or-not, per dataset."""
    for dataset in sorted({r["dataset"] for r in rows}):
        chosen = [r for r in rows if r["dataset"] == dataset]
        yes = [r[score] for r in chosen if r["support"] == "yes"]
        no = [r[score] for r in chosen if r["support"] == "no"]
        rest = [r[score] for r in chosen if r["support"] != "yes"]
        print(f"{score} {dataset}: n={len(chosen)} supported={len(yes)} not={len(no)} "
              f"AUC yes/no={roc_auc(yes, no)} AUC yes/rest={roc_auc(yes, rest)}")  # fmt: skip


def report(rows: list[dict[str, Any]]) -> None:
    for score in SCORES:
        print_aucs(rows, score)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", type=Path, default=LABELS, help="judged label store")
    parser.add_argument("--out", type=Path, required=True, help="JSON file for the per-sentence scores")
    args = parser.parse_args(argv)
    rows = score_all(args.labels, DATA)
    args.out.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    report(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
