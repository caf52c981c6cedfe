"""Every prompt the pipeline sends and every result it returns, with a deterministic fake model.

For checking that a refactor changes no output without loading a model (seconds, not an hour):
run it on two checkouts and compare the files byte for byte.

    PYTHONPATH=<checkout> python benchmarks/pipeline_snapshot.py OUT.json [--data a.jsonl ...] [--bullets 3]

The fake model answers each prompt with sentences of the article in it, chosen by a hash of the
prompt: empty answers, bullet lists, single sentences, numbered lists with a preamble, some cut
off at the token limit, so that the checks, repairs, second pass and fallbacks all run.
All bullet strategies and bullet languages are covered; ``seconds`` is left out (it is timing).

``--articles-per-call N`` summarises N records of a file together (``Summarizer.summarize_packed``):
its ``rows`` must equal those of a run without it (the prompts are the same, sent in fewer calls).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import summarize

# The Generator interface module (not the top-level API) so that checkouts from before the API existed run too.
from summarize.models.base import Completion, Generator, Prompt

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = [ROOT.parent / "shared" / "data" / f"{name}.jsonl" for name in ("de_news", "en_news")]
STRATEGIES = ("auto", "answer", "lead", "consensus")
BULLET_LANGUAGES = (None, "de", "en")


class FakeModel(Generator):
    """Answers from the prompt's own article; logs every prompt it is given."""

    kind = "chat"
    name = "fake"
    max_input_tokens = 4096

    def __init__(self, log: list[dict[str, Any]]) -> None:
        self.log = log

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def generate(self, prompts: Sequence[Prompt], *, max_new_tokens: int) -> list[Completion]:
        completions = []
        for prompt in prompts:
            self.log.append({"messages": prompt.messages(), "seq2seq": prompt.seq2seq, "max_new_tokens": max_new_tokens})
            h = int(hashlib.sha256(prompt.user.encode()).hexdigest(), 16)
            article = re.search(r"Artikel:\n(.*?)\n\n", prompt.user, re.DOTALL)
            text = article.group(1) if article else prompt.user.split("\n")[1]
            sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
            answer = [
                "",
                "\n".join(f"- {s}" for s in sentences[h % 3 : h % 3 + 3]),
                " ".join(sentences[:1]),
                "Hier sind die Fakten:\n" + "\n".join(f"{i + 1}. {' '.join(s.split()[:12])}" for i, s in enumerate(sentences[1:5])),
            ][h % 4]
            completions.append(Completion(answer, finished=bool(h % 5)))
        return completions


def snapshot(data: Sequence[Path], *, records: int, bullets: int, articles_per_call: int = 0) -> dict[str, Any]:
    log: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    for strategy in STRATEGIES:
        for bullets_language in BULLET_LANGUAGES:
            summarizer = summarize.Summarizer(
                generator=FakeModel(log), bullet_strategy=strategy, bullets_language=bullets_language, bullets=bullets
            )
            for path in data:
                lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()[:records]]
                if articles_per_call:
                    rows += _packed_rows(summarizer, lines, articles_per_call)
                    continue
                for record in lines:
                    try:
                        row = summarizer.summarize(record["text"], title=record.get("title")).to_dict()
                        row.pop("seconds")
                    except summarize.SummarizeError as exc:
                        row = {"error": repr(exc)}
                    rows.append(row)
    return {"rows": rows, "prompts": log}


def _packed_rows(summarizer: summarize.Summarizer, records: list[dict[str, Any]], size: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for start in range(0, len(records), size):
        pack = records[start : start + size]
        outcomes = summarizer.summarize_packed([r["text"] for r in pack], [r.get("title") for r in pack])
        for outcome in outcomes:
            if isinstance(outcome, summarize.SummarizeError):
                rows.append({"error": repr(outcome)})
            elif isinstance(outcome, Exception):
                raise outcome
            else:
                row = outcome.to_dict()
                row.pop("seconds")
                rows.append(row)
    return rows


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--data", type=Path, action="append", help="JSONL with 'text' (default: de_news, en_news)")
    parser.add_argument("--records", type=int, default=6, help="records per file (default 6)")
    parser.add_argument("--bullets", type=int, default=3)
    parser.add_argument("--articles-per-call", type=int, default=0, help="summarise this many records together")
    args = parser.parse_args(argv)
    result = snapshot(
        args.data or DEFAULT_DATA, records=args.records, bullets=args.bullets, articles_per_call=args.articles_per_call
    )
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=0), encoding="utf-8")
    print(f"{len(result['rows'])} results, {len(result['prompts'])} prompts -> {args.out}")


if __name__ == "__main__":
    main()
