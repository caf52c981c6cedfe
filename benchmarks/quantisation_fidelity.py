"""How closely the int8 and the int4/int8 copies of the embedded model follow the GGUF's own weights.

    PYTHONPATH=$PWD python benchmarks/quantisation_fidelity.py --sentences 40 --out docs/benchmarks/speed/fidelity.json

The reference is the GGUF as transformers dequantises it, in fp32 (the Q4_K/Q6_K values exactly,
computed in fp32: the naive path, 7 GB). It answers the pipeline's own translation prompts for the
lead sentences of held-out articles (``de_news`` records 41 on, German to English, and ``en_news``
records 21 on, English to German), greedily, in one batch. Both copies then read the same prompt
and answer (teacher forcing), and at every answer position we compare their next-token
distribution with the reference's:

- ``int8``: every linear layer re-quantised to int8 per output row from the bf16 weights (the
  library's layout before the int4 step, built here as its conversion built it);
- ``int4/int8``: the library's current copy, loaded from the cache (Q4_K layers int4 with the
  GGUF's own groups, the rest int8).

Reported per copy: top-1 agreement with the reference (%), mean KL(reference || copy) in nats,
and the share of answers whose whole greedy continuation the copy reproduces under teacher forcing.
Needs about 13 GB of memory. Not a test: a measurement for docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch
from _common import load_records

from summarize.models import embedded
from summarize.models.compact import compact_dir, ensure_compact, load_compact
from summarize.models.int8 import COMPUTE_DTYPE, quantize_causal_lm
from summarize.prompts import translation_prompt
from summarize.sentences import segment

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
MAX_NEW_TOKENS = 60


def lead_sentences(count: int, starts: tuple[int, int] = (40, 20)) -> list[tuple[str, str, str]]:
    """``(sentence, source_lang, target_lang)``: first sentences of German and English articles, ``de_news`` from
    record ``starts[0]`` on and ``en_news`` from ``starts[1]`` (by default records the quality benchmark does not judge)."""
    picked: list[tuple[str, str, str]] = []
    for name, start, source, target in (("de_news", starts[0], "de", "en"), ("en_news", starts[1], "en", "de")):
        for record in load_records(DATA / f"{name}.jsonl")[start : start + count // 2]:
            sentences = [s for s in segment(record["text"], source) if 8 <= len(s.split()) <= 40]
            if sentences:
                picked.append((sentences[0], source, target))
    return picked


CHUNK = 8  # rows per forward: full-vocabulary logits of every position are large


def answer_log_probs(model: Any, batch: dict[str, torch.Tensor], answer_mask: torch.Tensor) -> torch.Tensor:
    """Log-probabilities (positions, vocabulary) of ``model`` at the answer positions of ``batch``, row by row."""
    parts = []
    with torch.inference_mode():
        for first in range(0, answer_mask.shape[0], CHUNK):
            rows = slice(first, first + CHUNK)
            logits = model(input_ids=batch["input_ids"][rows], attention_mask=batch["attention_mask"][rows]).logits
            parts.append(torch.log_softmax(logits[answer_mask[rows].bool()].float(), dim=-1))
    return torch.cat(parts)


def compare(own: torch.Tensor, reference: torch.Tensor, answer_mask: torch.Tensor) -> dict[str, float]:
    """Top-1 agreement, mean KL(reference || own) and whole-answer agreement at the answer positions."""
    kl = (reference.exp() * (reference - own)).sum(-1)
    agree = reference.argmax(-1) == own.argmax(-1)
    disagree = torch.zeros_like(answer_mask, dtype=torch.bool)
    disagree[answer_mask.bool()] = ~agree
    whole = (~disagree.any(dim=1)).float().mean()
    return {"top1_agreement_pct": 100 * float(agree.float().mean()), "mean_kl_nats": float(kl.mean()),
            "whole_answers_reproduced_pct": 100 * float(whole), "positions": int(agree.numel())}  # fmt: skip


def prompt_texts(tokenizer: Any, sentences: Sequence[tuple[str, str, str]]) -> list[str]:
    """The library's translation prompts for ``(sentence, source_lang, target_lang)``, chat template applied."""
    return [
        tokenizer.apply_chat_template(
            translation_prompt(s, a, b).messages(), tokenize=False, add_generation_prompt=True
        )
        for s, a, b in sentences
    ]


def reference_answers(
    gguf: Path, tokenizer: Any, sentences: Sequence[tuple[str, str, str]]
) -> tuple[dict[str, torch.Tensor], torch.Tensor, torch.Tensor, list[str]]:
    """The fp32 GGUF's greedy answers to the translation prompts of ``sentences``.

    Returns the teacher-forcing batch (prompts and answers), the mask of answer positions, the reference's
    log-probabilities there and the answers as text.
    """
    from transformers import AutoModelForCausalLM

    kwargs = {"gguf_file": gguf.name, "local_files_only": True}
    reference = AutoModelForCausalLM.from_pretrained(gguf.parent, dtype=torch.float32, **kwargs).eval()
    prompts = tokenizer(prompt_texts(tokenizer, sentences), return_tensors="pt", padding=True)
    with torch.inference_mode():
        generated = reference.generate(**prompts, max_new_tokens=MAX_NEW_TOKENS, do_sample=False, num_beams=1,
                                       pad_token_id=tokenizer.pad_token_id)  # fmt: skip
    width = prompts["input_ids"].shape[1]
    answers = generated[:, width:]
    stop = tokenizer.convert_tokens_to_ids("<|im_end|>")
    answer_mask = torch.zeros_like(generated)
    for row, answer in enumerate(answers):
        ended = (answer == stop).nonzero()
        length = int(ended[0]) + 1 if len(ended) else len(answer)
        answer_mask[row, width - 1 : width - 1 + length] = 1  # logits at position t predict token t + 1
    # Causal attention: what follows an answer's end cannot change the positions compared.
    batch = {
        "input_ids": generated,
        "attention_mask": torch.cat([prompts["attention_mask"], torch.ones_like(answers)], 1),
    }
    ref_logp = answer_log_probs(reference, batch, answer_mask)
    return batch, answer_mask, ref_logp, [tokenizer.decode(a, skip_special_tokens=True) for a in answers]


def embedded_reference(
    sentences: int,
) -> tuple[Path, Any, dict[str, torch.Tensor], torch.Tensor, torch.Tensor, list[str]]:
    """The embedded GGUF, the converted copy's tokenizer, and :func:`reference_answers` for ``sentences`` lead sentences."""
    from transformers import AutoTokenizer

    gguf = embedded.ensure_gguf()
    directory = ensure_compact(gguf, embedded.DEFAULT_MODEL.sha256)
    tokenizer = AutoTokenizer.from_pretrained(directory, local_files_only=True)
    tokenizer.padding_side = "left"
    start = time.perf_counter()
    batch, answer_mask, ref_logp, answers = reference_answers(gguf, tokenizer, lead_sentences(sentences))
    print(f"reference: {len(answers)} answers in {time.perf_counter() - start:.0f} s", flush=True)
    return gguf, tokenizer, batch, answer_mask, ref_logp, answers


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=40)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    from transformers import AutoModelForCausalLM

    gguf, _, batch, answer_mask, ref_logp, answers = embedded_reference(args.sentences)
    results: dict[str, Any] = {"sentences": len(answers), "answers": answers}
    kwargs = {"gguf_file": gguf.name, "local_files_only": True}
    int8_model = AutoModelForCausalLM.from_pretrained(gguf.parent, dtype=COMPUTE_DTYPE, **kwargs).eval()
    int8_model.hf_quantizer = None
    quantize_causal_lm(int8_model, share_embeddings=True)
    results["int8"] = compare(answer_log_probs(int8_model, batch, answer_mask), ref_logp, answer_mask)
    print("int8", results["int8"], flush=True)
    del int8_model
    current, _ = load_compact(compact_dir(embedded.DEFAULT_MODEL.sha256))
    results["int4/int8"] = compare(answer_log_probs(current, batch, answer_mask), ref_logp, answer_mask)
    print("int4/int8", results["int4/int8"], flush=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
