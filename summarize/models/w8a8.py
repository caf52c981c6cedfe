"""W8A8 matmuls for calls with many rows: int8 weights times activations quantised to int8 per token.

Prefill and wide batches are compute-bound on a CPU: a float matmul on dequantised weights does
every multiply-add in fp32 or bf16. ``torch._int_mm`` (oneDNN's int8 GEMM, VNNI instructions on
x86) multiplies int8 by int8 into int32 several times faster: over the layer stack of the embedded
model on the Intel Xeon, 2.6 ms per row at 128 rows against about 13 ms for the float path, and
less than the int4 kernel from about 8 rows on (benchmarks/layer_stack_benchmark.py,
docs/benchmarks/speed/layer-stack.md). The activations are quantised symmetrically per token (row)
at run time, so a row's result never depends on the other rows of the call (dynamic per-token
quantisation, as in ZeroQuant, Yao et al. 2022, and LLM.int8()'s vector-wise scales, Dettmers et
al. 2022); the weights keep one scale per output row.

Not every layer takes it: the MLP's down projection reads activations with heavy outliers (many
channels, not a few: LLM.int8()'s outlier decomposition routed 1,235 of its 8,960 input channels
per call), and int8 there, per token, per group of 256 or after SmoothQuant's rescaling (Xiao et al.
2023), moved the model's next-token distribution 1.5-5x further from the GGUF's than int8 weights
alone. With the down projections and the output head on their float path, the copy stays as close to
the GGUF as the int8 copy the library used before int4 (quantisation_fidelity.py,
docs/performance.md, "W8A8 for many rows").
"""

from __future__ import annotations

import torch

# Calls with more rows than this take the W8A8 path; up to it the int4/int8 weight-only kernels read
# fewer bytes and win (decode of one article: 1-6 rows). docs/benchmarks/speed/layer-stack.md.
MIN_ROWS = 6
# Layers whose inputs quantise badly per token (see the module docstring), by the last part of the name.
_FLOAT_INPUT_LAYERS = ("down_proj", "w2", "fc2", "dense_4h_to_h", "lm_head")


def takes_int8_activations(qualified_name: str) -> bool:
    """Whether the linear layer of this qualified module name uses the W8A8 path for many rows.

    Every linear layer but an MLP's down projection and the output head (their names in Llama, Qwen,
    Mistral, Gemma, Mixtral, OPT, Phi and GPT-NeoX style models).
    """
    return qualified_name.rpartition(".")[2] not in _FLOAT_INPUT_LAYERS


def quantize_per_token(rows: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Symmetric int8 quantisation of each row: ``rows ≈ q * scales``.

    ``rows``: (M, K) float; returns ``q`` (M, K) int8 and ``scales`` (M, 1) fp32.
    """
    x = rows.float()
    scales = x.abs().amax(dim=1, keepdim=True).clamp(min=1e-8) / 127
    return torch.round(x / scales).clamp_(-127, 127).to(torch.int8), scales


def int8_matmul(rows: torch.Tensor, qweight: torch.Tensor, weight_scales: torch.Tensor) -> torch.Tensor:
    """``rows @ W.T`` for ``W ≈ qweight * weight_scales[:, None]``, with the rows quantised per token.

    ``rows``: (M, in) float; ``qweight``: (out, in) int8; ``weight_scales``: (out,) float.
    Returns (M, out) in ``rows``' dtype. The int32 products are exact; the only rounding is the
    rows' own quantisation and the final float scaling.
    """
    q, scales = quantize_per_token(rows)
    products = torch._int_mm(q, qweight.t())
    return (products.float().mul_(scales).mul_(weight_scales.float())).to(rows.dtype)
