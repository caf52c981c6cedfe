"""Beam search against greedy decoding for the pipeline's translations: which differ, for blind reading.

    PYTHONPATH=$PWD python benchmarks/translation_beam.py --limit 40 --out /tmp/translation_beam.json

Runs the default pipeline on the first ``--limit`` ``de_news`` records with the embedded model, recording every
translation prompt it sends and the greedy answer it got; then decodes each prompt again with beam search
(``--beams``, transformers' ``generate``, no sampling, the same token limit) and writes both first lines, the
source sentence and whether they differ to ``--out``. Beam search finds a sequence of higher model probability
than greedy decoding; whether that is a more faithful translation is for blind readers to say (the differing
pairs go into reading packets: docs/benchmarks/judging.md). Results: docs/benchmarks/README.md ("Faithfulness,
round three").
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch
from _common import load_records
from translation_agreement import Recording, first_line

import summarize
from summarize.models.base import Completion
from summarize.models.loading import load_generator

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "de_news.jsonl"
HEADER = "German sentence:\n"
MAX_NEW_TOKENS = 120


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument("--beams", type=int, default=4)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    inner = load_generator(None)
    recording = Recording(inner)
    summarizer = summarize.Summarizer(generator=recording)  # type: ignore[arg-type]
    tokenizer, model = inner.tokenizer, inner.model
    rows: list[dict[str, Any]] = []
    seconds = {"greedy": 0.0, "beam": 0.0}
    for record in load_records(DATA)[: args.limit]:
        recording.pairs = []
        start = time.perf_counter()
        summarizer.summarize(record["text"], title=record.get("title"))
        seconds["greedy"] += time.perf_counter() - start
        for prompt, greedy in recording.pairs:
            if not prompt.user.startswith(HEADER):
                continue
            text = tokenizer.apply_chat_template(prompt.messages(), tokenize=False, add_generation_prompt=True)
            ids = tokenizer(text, return_tensors="pt", add_special_tokens=False)["input_ids"]
            start = time.perf_counter()
            with torch.inference_mode():
                out = model.generate(ids, num_beams=args.beams, do_sample=False, max_new_tokens=MAX_NEW_TOKENS,
                                     pad_token_id=tokenizer.pad_token_id)  # fmt: skip
            seconds["beam"] += time.perf_counter() - start
            beam = first_line(Completion(tokenizer.decode(out[0, ids.shape[1] :], skip_special_tokens=True)))
            source = prompt.user[len(HEADER) :].split("\n\n")[0]
            rows.append({"record_id": record["id"], "source": source, "greedy": first_line(greedy), "beam": beam,
                         "differ": beam != first_line(greedy)})  # fmt: skip
            print(len(rows), rows[-1]["differ"], rows[-1]["greedy"][:60], "|", beam[:60], flush=True)
    args.out.write_text(json.dumps({"rows": rows, "seconds": seconds}, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{sum(r['differ'] for r in rows)} of {len(rows)} translations differ; seconds {seconds}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
