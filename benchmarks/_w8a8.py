"""W8A8 layers for the benchmarks that measured them: int8 weights times activations quantised to int8 per token.

Not part of the library: measured in session 9 and not shipped (docs/performance.md, "W8A8 for many
rows: measured, not shipped"). ``torch._int_mm`` (oneDNN's int8 GEMM, VNNI on x86) multiplies int8
by int8 into exact int32; each row (token) of the activations gets its own scale at run time, so a
row's result never depends on the other rows of the call (dynamic per-token quantisation: ZeroQuant,
Yao et al. 2022; LLM.int8()'s vector-wise scales, Dettmers et al. 2022). Optional per-input-channel
smoothing moves activation outliers into the weights (SmoothQuant, Xiao et al. 2023).
"""

from __future__ import annotations

import torch
from torch import nn

from summarize.models.int4 import GROUP, Int4Linear, _unpack, kernel_block
from summarize.models.int8 import COMPUTE_DTYPE, Int8Linear, quantize_rows

MIN_ROWS = 6  # more rows than this take the W8A8 path (layer-stack.md: about even at 6 rows, ahead from 8)
FLOAT_INPUT_LAYERS = ("down_proj", "lm_head")  # inputs with heavy outliers: int8 per token hurt most there


def takes_int8_activations(qualified_name: str) -> bool:
    """Every linear layer but the MLP down projections and the output head."""
    return qualified_name.rpartition(".")[2] not in FLOAT_INPUT_LAYERS


def quantize_per_token(rows: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Symmetric int8 per row: ``rows ≈ q * scales``; (M, K) float -> (M, K) int8 and (M, 1) fp32."""
    x = rows.float()
    scales = x.abs().amax(dim=1, keepdim=True).clamp(min=1e-8) / 127
    return torch.round(x / scales).clamp_(-127, 127).to(torch.int8), scales


def int8_matmul(rows: torch.Tensor, qweight: torch.Tensor, weight_scales: torch.Tensor) -> torch.Tensor:
    """``rows @ W.T`` for ``W ≈ qweight * weight_scales[:, None]`` ((out, in) int8, (out,)), rows int8 per token."""
    q, scales = quantize_per_token(rows)
    products = torch._int_mm(q, qweight.t())
    return products.float().mul_(scales).mul_(weight_scales.float()).to(rows.dtype)


def dequantised_weight(layer: nn.Module) -> torch.Tensor:
    """The (out, in) fp32 weight an ``Int4Linear`` or ``Int8Linear`` multiplies by."""
    if isinstance(layer, Int8Linear):
        return layer.qweight.float() * layer.scales.float()[:, None]
    if isinstance(layer, Int4Linear):
        q = _unpack(layer.packed, kernel_block()).float() - 8
        table = layer.scales_zeros.float()  # (in / 32, out, 2): scale and zero per group of 32 inputs
        scale, zero = (table[..., i].t().repeat_interleave(GROUP, dim=1) for i in (0, 1))
        return q * scale + zero
    raise TypeError(f"not a quantised linear layer: {type(layer).__name__}")


class W8A8Linear(nn.Module):
    """Wraps a library layer: its own path up to ``MIN_ROWS`` rows, W8A8 on an int8 copy beyond.

    ``smoothing``: per-input-channel divisors ``s`` (SmoothQuant): the rows are divided by ``s`` and the
    int8 copy is of ``W * s``, the same product with the outliers moved into the weight.
    ``float_activations``: multiply the int8 copy in fp32 instead (W8A16: the weight's share of the error).
    """

    def __init__(
        self, layer: nn.Module, *, smoothing: torch.Tensor | None = None, float_activations: bool = False
    ) -> None:
        super().__init__()
        self.layer, self.out_features, self.in_features = layer, layer.out_features, layer.in_features
        weight = dequantised_weight(layer)
        self.smoothing = None if smoothing is None else smoothing.float().clamp(min=1e-5)
        if self.smoothing is not None:
            weight = weight * self.smoothing[None, :]
        self.qweight, self.scales = quantize_rows(weight)
        self.float_activations = float_activations

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        shape = x.shape
        rows = x.reshape(-1, shape[-1]).to(COMPUTE_DTYPE)
        if rows.shape[0] <= MIN_ROWS:
            return self.layer(x)
        if self.smoothing is not None:
            rows = (rows.float() / self.smoothing).to(COMPUTE_DTYPE)
        if self.float_activations:
            y = (rows.float() @ (self.qweight.float() * self.scales.float()[:, None]).t()).to(COMPUTE_DTYPE)
        else:
            y = int8_matmul(rows, self.qweight, self.scales)
        bias = getattr(self.layer, "bias", None)
        if bias is not None:
            y = y + bias
        return y.reshape(*shape[:-1], self.out_features)


def wrap_layers(
    model: nn.Module,
    choose=takes_int8_activations,
    *,
    smoothing: dict[str, torch.Tensor] | None = None,
    float_activations: bool = False,
) -> list[str]:
    """Replace the quantised linear layers of ``model`` whose names ``choose`` accepts by W8A8 wrappers; their names."""
    names = [n for n, m in model.named_modules() if isinstance(m, (Int4Linear, Int8Linear)) and choose(n)]
    for name in names:
        parent, _, child = name.rpartition(".")
        owner = model.get_submodule(parent) if parent else model
        layer = model.get_submodule(name)
        extra = (smoothing or {}).get(name)
        setattr(owner, child, W8A8Linear(layer, smoothing=extra, float_activations=float_activations))
    return names


def unwrap_layers(model: nn.Module) -> None:
    """Put back the library's own layers where :func:`wrap_layers` wrapped them."""
    for name, module in list(model.named_modules()):
        if isinstance(module, W8A8Linear):
            parent, _, child = name.rpartition(".")
            setattr(model.get_submodule(parent) if parent else model, child, module.layer)
