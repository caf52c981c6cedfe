"""Time of one forward through the matmuls of all 28 layers of Qwen2.5-1.5B: int8, int4 and W8A8 layers.

    PYTHONPATH=$PWD python benchmarks/layer_stack_benchmark.py --out docs/benchmarks/speed/layer-stack.md

Unlike ``kernels_benchmark.py`` (one layer, whose weight stays in the CPU's L3 cache), this runs
the seven linear layers of each of 28 blocks, every one with its own random weights (1.3 GB in
int8), so each call reads its weights from memory as a decode step does. Layers are the library's
own: ``Int8Linear`` for every layer (``int8``, the layout before the int4 step) and ``Int4Linear``
for the ones the embedded GGUF stores as Q4_K with ``Int8Linear`` for its Q6_K ones (``mixed``:
half of v_proj and down_proj), all on their weight-only paths; and the mixed layers with int8 copies
on a W8A8 path at every row count (``w8a8``: all but the down projections, ``_w8a8.W8A8Linear``; measured,
not shipped: docs/performance.md). The output head is left out. For each number of rows M, the minimum
over ``--repeats`` passes, in milliseconds.
"""

from __future__ import annotations

import argparse
import platform
from pathlib import Path

import _w8a8
import torch
from torch import nn

from summarize.models.int4 import Int4Linear
from summarize.models.int8 import Int8Linear

LAYERS = 28
# (name, out, in) of one Qwen2.5-1.5B block; the names the embedded GGUF keeps in Q6_K in every other layer
SHAPES = [("q", 1536, 1536), ("k", 256, 1536), ("v", 256, 1536), ("o", 1536, 1536),
          ("gate", 8960, 1536), ("up", 8960, 1536), ("down", 1536, 8960)]  # fmt: skip
Q6_K_EVERY_OTHER = {"v", "down"}
ROWS = [1, 3, 4, 6, 8, 12, 24, 64, 234]


def _int8(out_features: int, in_features: int) -> nn.Module:
    return Int8Linear.from_linear(nn.Linear(in_features, out_features, bias=False))


def _int4(out_features: int, in_features: int) -> nn.Module:
    q = torch.randint(0, 16, (out_features, in_features), dtype=torch.uint8)
    scale = torch.rand(out_features, in_features // 32) * 0.002
    return Int4Linear.from_groups(q, scale, -8 * scale)


def stack(layout: str) -> list[nn.Module]:
    """The 196 linear layers of the model in ``layout`` (``int8``, ``mixed`` or ``w8a8``), random weights."""
    layers = []
    for index in range(LAYERS):
        for name, n, k in SHAPES:
            q6_k = name in Q6_K_EVERY_OTHER and index % 2 == 0
            layer = _int8(n, k) if layout == "int8" or q6_k else _int4(n, k)
            layers.append(_w8a8.W8A8Linear(layer) if layout == "w8a8" and name != "down" else layer)
    return layers


def time_pass(layers: list[nn.Module], rows: int, repeats: int) -> float:
    """Least seconds of ``repeats`` passes of ``rows`` rows through ``layers``, after a warm-up."""
    from kernels_benchmark import time_call

    inputs = {k: torch.randn(rows, k).to(torch.bfloat16) for k in (1536, 8960)}

    def run(_: object) -> None:
        for layer in layers:
            layer(inputs[layer.in_features])

    return time_call(run, None, repeats)  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the Markdown table here")
    parser.add_argument("--threads", type=int, default=torch.get_num_threads())
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--rows", type=int, nargs="*", default=ROWS)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    from kernels_benchmark import cpu_name

    results: dict[str, list[float]] = {}
    _w8a8.MIN_ROWS = 0  # the W8A8 path at every row count, to find where it starts to pay
    with torch.inference_mode():
        for layout in ("int8", "mixed", "w8a8"):
            layers = stack(layout)
            results[layout] = [time_pass(layers, m, args.repeats) for m in args.rows]
            print(layout, [f"{t * 1e3:.1f}" for t in results[layout]], flush=True)
            del layers
    lines = [
        (
            f"CPU: {cpu_name()}; torch {torch.__version__}, {args.threads} thread(s); minimum of {args.repeats} "
            "passes after a warm-up, milliseconds per pass through the 196 linear layers (output head left out).  "
        ),
        (
            f"Command: `PYTHONPATH=$PWD python benchmarks/layer_stack_benchmark.py --threads {args.threads} "
            f"--repeats {args.repeats}`"
        ),
        "",
        "| rows M | int8 | mixed int4/int8 | W8A8 (all but down) | int8 / mixed | mixed / W8A8 | W8A8 per row |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for m, int8, mixed, both in zip(args.rows, results["int8"], results["mixed"], results["w8a8"]):
        lines.append(
            f"| {m} | {int8 * 1e3:.1f} | {mixed * 1e3:.1f} | {both * 1e3:.1f} | {int8 / mixed:.2f} | "
            f"{mixed / both:.2f} | {both * 1e3 / m:.1f} |"
        )
    text = "\n".join(lines)
    print(text)
    if args.out:
        args.out.write_text(f"# Decode matmuls through the whole layer stack ({platform.machine()})\n\n{text}\n")


if __name__ == "__main__":
    main()
