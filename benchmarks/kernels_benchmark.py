"""Time per call of the CPU matmul kernels a weight-only-quantised linear layer can use, at Qwen2.5-1.5B shapes.

    PYTHONPATH=$PWD python benchmarks/kernels_benchmark.py --out docs/benchmarks/speed/kernels.md [--threads 1]

For each layer shape (out x in) and number of activation rows M, the minimum over ``--repeats`` calls of:

- ``int8pack``: ``torch._weight_int8pack_mm`` (int8 weight, bf16 row scales; the library's decode kernel)
- ``deq-bf16``: dequantise the whole int8 weight to a fresh bf16 tensor, bf16 ``F.linear``, scale the output
  (the library's prefill path before this benchmark)
- ``deq-chunk``: the same, but dequantising ``CHUNK`` output rows at a time into one reused bf16 buffer
- ``chunk-bf16`` / ``chunk-fp32``: ``summarize.models.int8.dequantised_matmul`` (slices of ``CHUNK_ELEMENTS``
  weights into one reused buffer) with the prefill dtype forced to bf16 / fp32, output scaled
- ``bf16``: ``F.linear`` on a bf16 weight made beforehand (reference: needs 2 bytes/weight resident)
- ``fp32``: ``F.linear`` on an fp32 weight made beforehand (reference: 4 bytes/weight)
- ``int4``: ``torch._weight_int4pack_mm_for_cpu``, group size 128 (changes numerics)
- ``int8dyn``: ``torch._int_mm`` after per-row dynamic int8 quantisation of the activations (changes numerics)

The machine may be shared: a minimum of several repeats is the least disturbed number, not a typical one.
"""

from __future__ import annotations

import argparse
import platform
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import torch
import torch.nn.functional as F

from summarize.models import int8

SHAPES = [(1536, 1536), (256, 1536), (8960, 1536), (1536, 8960), (151936, 1536)]
ROWS = [1, 4, 8, 16, 32, 64, 256, 900]
HEAD_MAX_ROWS = 64  # the output head only sees the last position of each row
CHUNK = 512
GROUP = 128
METHODS = ("int8pack", "deq-bf16", "deq-chunk", "chunk-bf16", "chunk-fp32", "bf16", "fp32", "int4", "int8dyn")


def _int4_pack(weight: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Asymmetric int4 per group of ``GROUP`` inputs in the layout ``_weight_int4pack_mm_for_cpu`` reads."""
    n, k = weight.shape
    w = weight.float().reshape(n, k // GROUP, GROUP)
    lo, hi = w.amin(-1), w.amax(-1)
    scale = ((hi - lo) / 15).clamp(min=1e-8)
    q = torch.round((w - lo[..., None]) / scale[..., None]).clamp(0, 15).to(torch.int32).reshape(n, k)
    zero = lo + 8 * scale  # the kernel computes (q - 8) * scale + zero
    packed = torch.ops.aten._convert_weight_to_int4pack_for_cpu(q, 1)
    scales_zeros = torch.stack([scale.t(), zero.t()], dim=-1).to(torch.bfloat16).contiguous()  # [K/G, N, 2]
    return packed, scales_zeros


def kernels(n: int, k: int) -> dict[str, Callable[[torch.Tensor], torch.Tensor]]:
    weight = torch.randn(n, k) * 0.02
    scales = (weight.abs().amax(1) / 127).to(torch.bfloat16)
    qweight = torch.round(weight / scales.float()[:, None]).clamp(-127, 127).to(torch.int8)
    w_bf16, w_f32 = weight.to(torch.bfloat16), weight
    buffer = torch.empty(min(CHUNK, n), k, dtype=torch.bfloat16)
    packed4, scales_zeros4 = _int4_pack(weight)

    def deq_chunk(x: torch.Tensor) -> torch.Tensor:
        out = torch.empty(x.shape[0], n, dtype=torch.bfloat16)
        for start in range(0, n, CHUNK):
            rows = qweight[start : start + CHUNK]
            chunk = buffer[: rows.shape[0]]
            chunk.copy_(rows)
            out[:, start : start + rows.shape[0]] = F.linear(x, chunk)
        return out * scales

    def int8dyn(x: torch.Tensor) -> torch.Tensor:
        xf = x.float()
        xs = (xf.abs().amax(1, keepdim=True) / 127).clamp(min=1e-10)
        xq = torch.round(xf / xs).to(torch.int8)
        return (torch._int_mm(xq, qweight.t()) * xs * scales.float()).to(torch.bfloat16)

    def ours(dtype: torch.dtype) -> Callable[[torch.Tensor], torch.Tensor]:
        def run(x: torch.Tensor) -> torch.Tensor:
            int8._prefill_dtype = dtype
            return int8.dequantised_matmul(x, qweight) * scales

        return run

    return {
        "chunk-bf16": ours(torch.bfloat16),
        "chunk-fp32": ours(torch.float32),
        "int8pack": lambda x: torch._weight_int8pack_mm(x, qweight, scales),
        "deq-bf16": lambda x: F.linear(x, qweight.to(torch.bfloat16)) * scales,
        "deq-chunk": deq_chunk,
        "bf16": lambda x: F.linear(x, w_bf16),
        "fp32": lambda x: F.linear(x.float(), w_f32),
        "int4": lambda x: torch.ops.aten._weight_int4pack_mm_for_cpu(x, packed4, GROUP, scales_zeros4),
        "int8dyn": int8dyn,
    }


def time_call(fn: Callable[[torch.Tensor], torch.Tensor], x: torch.Tensor, repeats: int) -> float:
    fn(x)  # warm-up: first-call allocation and kernel selection
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn(x)
        best = min(best, time.perf_counter() - start)
    return best


def cpu_name() -> str:
    out = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
    return next((line.split(":", 1)[1].strip() for line in out.splitlines() if line.startswith("Model name")), "?")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the Markdown table here")
    parser.add_argument("--threads", type=int, default=torch.get_num_threads())
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--rows", type=int, nargs="*", default=ROWS)
    parser.add_argument("--methods", nargs="*", default=list(METHODS))
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)

    lines = [
        (
            f"CPU: {cpu_name()}; torch {torch.__version__}, {args.threads} thread(s); "
            f"minimum of {args.repeats} calls after a warm-up, milliseconds per call.  "
        ),
        f"Command: `PYTHONPATH=$PWD python benchmarks/kernels_benchmark.py --threads {args.threads} --repeats {args.repeats}`",
        "",
    ]
    for n, k in SHAPES:
        fns = kernels(n, k)
        lines += [f"### {n} x {k} (out x in)", "", "| M | " + " | ".join(args.methods) + " |",
                  "|---:|" + "---:|" * len(args.methods)]  # fmt: skip
        for m in args.rows:
            if n > 100_000 and m > HEAD_MAX_ROWS:
                continue
            x = torch.randn(m, k).to(torch.bfloat16)
            repeats = args.repeats if m * n * k < 2e10 else max(2, args.repeats // 2)
            cells = [f"{time_call(fns[name], x, repeats) * 1e3:.2f}" for name in args.methods]
            lines.append(f"| {m} | " + " | ".join(cells) + " |")
            print(f"{n}x{k} M={m}: " + ", ".join(f"{a}={b}" for a, b in zip(args.methods, cells)), flush=True)
        lines.append("")
        del fns
    text = "\n".join(lines)
    print(text)
    if args.out:
        args.out.write_text(f"# Matmul kernels at Qwen2.5-1.5B shapes ({platform.machine()})\n\n{text}")


if __name__ == "__main__":
    main()
