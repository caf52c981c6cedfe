"""How far W8A8 variants of the library's int4/int8 copy move the model from the GGUF's own weights.

    PYTHONPATH=$PWD python benchmarks/w8a8_fidelity.py --out docs/benchmarks/speed/w8a8-fidelity.json

Same reference and measures as ``quantisation_fidelity.py`` (the fp32 GGUF's greedy answers to the
pipeline's translation prompts for 40 held-out lead sentences, teacher-forced; top-1 agreement and
mean KL(reference || copy) at every answer position). Teacher forcing reads whole sequences, so every
call has many rows and takes the W8A8 path of the wrapped layers (``_w8a8.W8A8Linear``). Variants:

- ``weight-only``: the library's copy as it runs (int4 kernels and float paths; no W8A8);
- ``W8A16 (all but down/head)``: the int8 copies those layers would need, multiplied in fp32: the
  weights' share of the error;
- ``W8A8 (all)``: every linear layer, activations int8 per token;
- ``W8A8 (all but down/head)``: the MLP down projections and the output head keep their own path;
- ``W8A8 + SmoothQuant 0.5 (all but down/head)``: as above, with per-channel smoothing
  ``s = max|x|^0.5 / max|w|^0.5`` (Xiao et al. 2023), ``max|x|`` from 40 other sentences' prompts
  (``de_news`` and ``en_news`` records 1-20: no overlap with the measured ones), each run alone so that no
  padding enters the maxima.

Needs about 13 GB of memory and 15 minutes on 2 cores. Results: docs/performance.md ("W8A8 for many
rows: measured, not shipped").
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch
from _w8a8 import dequantised_weight, takes_int8_activations, unwrap_layers, wrap_layers
from kernels_benchmark import cpu_name
from quantisation_fidelity import answer_log_probs, compare, embedded_reference, lead_sentences, prompt_texts

from summarize.models import embedded
from summarize.models.compact import compact_dir, load_compact
from summarize.models.int4 import Int4Linear
from summarize.models.int8 import Int8Linear

CALIBRATION_SENTENCES = 40
SMOOTHING_ALPHA = 0.5


def input_maxima(model: Any, texts: list[str], tokenizer: Any, names: list[str]) -> dict[str, torch.Tensor]:
    """Per-input-channel max |x| of each named layer over forwards of ``texts``, one at a time (no padding)."""
    maxima: dict[str, torch.Tensor] = {}

    def hook(name: str):
        def record(_module: Any, args: tuple[torch.Tensor, ...]) -> None:
            x = args[0].reshape(-1, args[0].shape[-1]).float().abs().amax(0)
            maxima[name] = torch.maximum(maxima[name], x) if name in maxima else x

        return record

    handles = [model.get_submodule(n).register_forward_pre_hook(hook(n)) for n in names]
    with torch.inference_mode():
        for text in texts:
            model(**tokenizer(text, return_tensors="pt"))
    for handle in handles:
        handle.remove()
    return maxima


def smoothing(model: Any, maxima: dict[str, torch.Tensor], alpha: float) -> dict[str, torch.Tensor]:
    """SmoothQuant's per-input-channel divisors ``max|x|^alpha / max|w|^(1 - alpha)`` for each layer in ``maxima``."""
    out = {}
    for name, x_max in maxima.items():
        w_max = dequantised_weight(model.get_submodule(name)).abs().amax(0)
        out[name] = x_max.clamp(min=1e-5).pow(alpha) / w_max.clamp(min=1e-5).pow(1 - alpha)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=40)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    _, tokenizer, batch, mask, ref_logp, _ = embedded_reference(args.sentences)
    model, _ = load_compact(compact_dir(embedded.DEFAULT_MODEL.sha256))
    results: dict[str, Any] = {"sentences": args.sentences}

    def measure(label: str) -> None:
        results[label] = compare(answer_log_probs(model, batch, mask), ref_logp, mask)
        print(label, results[label], flush=True)

    measure("weight-only")
    wrap_layers(model, float_activations=True)
    measure("W8A16 (all but down/head)")
    unwrap_layers(model)
    wrap_layers(model, lambda _: True)
    measure("W8A8 (all)")
    unwrap_layers(model)
    wrap_layers(model)
    measure("W8A8 (all but down/head)")
    unwrap_layers(model)
    names = [
        n for n, m in model.named_modules() if isinstance(m, (Int4Linear, Int8Linear)) and takes_int8_activations(n)
    ]
    calibration = prompt_texts(tokenizer, lead_sentences(CALIBRATION_SENTENCES, starts=(0, 0)))
    maxima = input_maxima(model, calibration, tokenizer, names)
    wrap_layers(model, smoothing=smoothing(model, maxima, SMOOTHING_ALPHA))
    measure(f"W8A8 + SmoothQuant {SMOOTHING_ALPHA} (all but down/head)")
    results["command"] = (
        f"PYTHONPATH=$PWD python benchmarks/w8a8_fidelity.py --sentences {args.sentences} --out {args.out}"
    )
    results["cpu"] = f"{cpu_name()}, {torch.get_num_threads()} threads"
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
