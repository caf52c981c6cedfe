"""Int8 weight-only linear layers: a quarter of fp32's bytes per decoded token, fp32-equal greedy output.

Decoding on a CPU is bound by memory bandwidth: every token reads every weight once, so
int8 weights (1 byte + one bf16 scale per output row) decode about 2x faster than bf16
and 4x faster than fp32. Decode steps (few rows) use torch's fused int8 matmul kernel,
the one torchao's int8 weight-only mode dispatches to on CPU; its cost grows linearly
with the rows, so prefill and wide batches (many rows) are compute-bound and run faster
as a float matmul on the dequantised weight. The weight is dequantised a slice of output
rows at a time into one reused buffer (no fresh full-size copy per call, no permanent
float copy), in whichever of bf16 and fp32 multiplies faster on this CPU: bf16 on AMD
EPYC (AVX-512 BF16 at twice the fp32 rate), fp32 on Intel Xeons without usable AMX
(there bf16 dot products run at the fp32 rate plus conversion). Kernel timings:
docs/benchmarks/speed/kernels.md. Measured on these machines,
``torch.ao.quantization.quantize_dynamic`` garbled the model's output and torchao
without ``torch.compile`` was slower than bf16 (docs/performance.md).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Collection, Mapping

import torch
import torch.nn.functional as F
from torch import nn

DECODE_ROWS = 16  # up to this many rows the int8 kernel beats dequantise-then-matmul
COMPUTE_DTYPE = torch.bfloat16
CHUNK_ELEMENTS = 1 << 20  # weights dequantised per slice: 4 MiB in fp32, about one core's L2
PREFILL_DTYPE_ENV = "SUMMARIZE_PREFILL_DTYPE"  # "bf16" or "fp32" overrides the measured choice

_local = threading.local()  # per-thread dequantisation buffer: concurrent forwards must not share one
_prefill_dtype: torch.dtype | None = None


def prefill_dtype() -> torch.dtype:
    """The float type many-row matmuls run in: ``$SUMMARIZE_PREFILL_DTYPE``, else the faster one here.

    Measured once per process on a small prefill-like matmul (about 20 ms).
    """
    global _prefill_dtype
    if _prefill_dtype is None:
        choice = os.environ.get(PREFILL_DTYPE_ENV, "").strip().lower()
        if choice in ("bf16", "bfloat16"):
            _prefill_dtype = torch.bfloat16
        elif choice in ("fp32", "float32"):
            _prefill_dtype = torch.float32
        else:
            _prefill_dtype = _faster_matmul_dtype()
    return _prefill_dtype


def _faster_matmul_dtype() -> torch.dtype:
    times = {}
    for dtype in (torch.bfloat16, torch.float32):
        x, w = torch.ones(256, 1536, dtype=dtype), torch.ones(512, 1536, dtype=dtype)
        F.linear(x, w)
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            F.linear(x, w)
            best = min(best, time.perf_counter() - start)
        times[dtype] = best
    return min(times, key=times.__getitem__)


def buffer(elements: int, dtype: torch.dtype) -> torch.Tensor:
    """This thread's reusable float buffer of at least ``elements`` (its first ``elements``, a 1-D view)."""
    buffer = getattr(_local, "buffer", None)
    if buffer is None or buffer.dtype != dtype or buffer.numel() < elements:
        buffer = _local.buffer = torch.empty(max(elements, CHUNK_ELEMENTS), dtype=dtype)
    return buffer[:elements]


def dequantised_matmul(rows: torch.Tensor, qweight: torch.Tensor) -> torch.Tensor:
    """``rows @ qweight.T`` in :func:`prefill_dtype`, rounded to bf16, without a full float copy of ``qweight``.

    ``rows``: (M, in) bf16; ``qweight``: (out, in) int8; returns (M, out) bf16 (row scales not applied).
    Slices of output rows are dequantised into one reused buffer; each output element is the same
    dot product as with the whole weight dequantised at once.
    """
    n, k = qweight.shape
    dtype = prefill_dtype()
    x = rows.to(dtype)
    step = max(64, CHUNK_ELEMENTS // k // 64 * 64)
    if n <= step:
        weight = buffer(n * k, dtype).view(n, k)
        weight.copy_(qweight)
        return F.linear(x, weight).to(COMPUTE_DTYPE)
    out = torch.empty(rows.shape[0], n, dtype=COMPUTE_DTYPE)
    for start in range(0, n, step):
        part = qweight[start : start + step]
        weight = buffer(part.numel(), dtype).view(part.shape)
        weight.copy_(part)
        out[:, start : start + part.shape[0]] = F.linear(x, weight)
    return out


def quantize_rows(weight: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Symmetric per-row int8 quantisation: ``weight ≈ qweight * scales[:, None]``."""
    w = weight.detach().float()
    scales = (w.abs().amax(dim=1) / 127).clamp(min=1e-10)
    qweight = torch.round(w / scales[:, None]).clamp(-127, 127).to(torch.int8).contiguous()
    return qweight, scales.to(COMPUTE_DTYPE)


class Int8Linear(nn.Module):
    """A bias-optional linear layer with int8 weights and per-output-row bf16 scales."""

    def __init__(
        self, in_features: int, out_features: int, bias: bool, device: torch.device | str | None = None
    ) -> None:
        super().__init__()
        self.in_features, self.out_features = in_features, out_features
        self.register_buffer("qweight", torch.empty(out_features, in_features, dtype=torch.int8, device=device))
        self.register_buffer("scales", torch.empty(out_features, dtype=COMPUTE_DTYPE, device=device))
        self.bias = (
            nn.Parameter(torch.empty(out_features, dtype=COMPUTE_DTYPE, device=device), requires_grad=False)
            if bias
            else None
        )

    @classmethod
    def from_linear(cls, linear: nn.Linear) -> Int8Linear:
        layer = cls(linear.in_features, linear.out_features, linear.bias is not None, device="meta")
        qweight, scales = quantize_rows(linear.weight)
        layer.qweight, layer.scales = qweight, scales
        if linear.bias is not None:
            layer.bias = nn.Parameter(linear.bias.detach().to(COMPUTE_DTYPE), requires_grad=False)
        return layer

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        shape = x.shape
        rows = x.reshape(-1, shape[-1]).to(COMPUTE_DTYPE)
        if rows.shape[0] <= DECODE_ROWS:
            y = torch._weight_int8pack_mm(rows.contiguous(), self.qweight, self.scales)
        else:
            y = dequantised_matmul(rows, self.qweight) * self.scales
        if self.bias is not None:
            y = y + self.bias
        return y.reshape(*shape[:-1], self.out_features)


def _lookup(ids: torch.Tensor, qweight: torch.Tensor, scales: torch.Tensor) -> torch.Tensor:
    return F.embedding(ids, qweight).to(COMPUTE_DTYPE) * scales[ids].unsqueeze(-1)


class Int8Embedding(nn.Module):
    """Token embeddings stored as int8 rows with bf16 scales."""

    def __init__(self, num_embeddings: int, dim: int, device: torch.device | str | None = None) -> None:
        super().__init__()
        self.register_buffer("qweight", torch.empty(num_embeddings, dim, dtype=torch.int8, device=device))
        self.register_buffer("scales", torch.empty(num_embeddings, dtype=COMPUTE_DTYPE, device=device))

    @classmethod
    def from_embedding(cls, embedding: nn.Embedding) -> Int8Embedding:
        layer = cls(embedding.num_embeddings, embedding.embedding_dim, device="meta")
        layer.qweight, layer.scales = quantize_rows(embedding.weight)
        return layer

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        return _lookup(ids, self.qweight, self.scales)


class SharedInt8Embedding(nn.Module):
    """Token embeddings read from the int8 output head, for models whose two matrices are the same."""

    def __init__(self, head: Int8Linear) -> None:
        super().__init__()
        self._head = [head]  # a list keeps it out of this module's state dict: the head owns the weights

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        return _lookup(ids, self._head[0].qweight, self._head[0].scales)


def embeddings_match(model: nn.Module, tolerance: float = 0.1) -> bool:
    """Whether input and output embeddings are one matrix (tied, or stored twice at different precision).

    Qwen2.5 GGUFs store the tied matrix twice (Q4_K and Q6_K); one int8 copy then serves both.
    """
    inp, out = model.get_input_embeddings().weight, model.get_output_embeddings().weight
    if inp.shape != out.shape:
        return False
    diff = (inp.float() - out.float()).abs().mean()
    return bool(diff <= tolerance * inp.float().abs().mean())


def _replace_layers(
    model: nn.Module,
    *,
    share_embeddings: bool,
    empty: bool,
    int4: Mapping[str, nn.Module] | Collection[str] = (),
    on_fraction: Callable[[float], None] | None = None,
) -> None:
    """Swap in quantised linear layers and embeddings: built from the model's weights, or ``empty`` on meta.

    Layers named in ``int4`` (qualified module names) become ``int4[name]`` (a built layer) or, when
    ``empty``, an empty :class:`~summarize.models.int4.Int4Linear`; every other linear layer int8.
    """
    embedding = model.get_input_embeddings()
    _replace_linears(model, empty=empty, int4=int4, on_fraction=on_fraction)
    if share_embeddings:
        replacement: nn.Module = SharedInt8Embedding(model.get_output_embeddings())
    elif empty:
        replacement = Int8Embedding(embedding.num_embeddings, embedding.embedding_dim, device="meta")
    else:
        replacement = Int8Embedding.from_embedding(embedding)
    model.set_input_embeddings(replacement)


def _replace_linears(
    model: nn.Module,
    *,
    empty: bool,
    int4: Mapping[str, nn.Module] | Collection[str],
    on_fraction: Callable[[float], None] | None = None,
) -> None:
    from .int4 import Int4Linear

    linears = [(name, m) for name, m in model.named_modules() if isinstance(m, nn.Linear)]
    for done, (qualified, child) in enumerate(linears, start=1):
        parent_name, _, name = qualified.rpartition(".")
        parent = model.get_submodule(parent_name)
        if qualified in int4:
            replacement: nn.Module = (
                Int4Linear(child.in_features, child.out_features, child.bias is not None, device="meta")
                if empty
                else int4[qualified]  # type: ignore[index]
            )
        elif empty:
            replacement = Int8Linear(child.in_features, child.out_features, child.bias is not None, device="meta")
        else:
            replacement = Int8Linear.from_linear(child)
        setattr(parent, name, replacement)
        if on_fraction:
            on_fraction(done / len(linears))


def quantize_causal_lm(
    model: nn.Module,
    *,
    share_embeddings: bool,
    int4: Mapping[str, nn.Module] | None = None,
    on_fraction: Callable[[float], None] | None = None,
) -> nn.Module:
    """Replace every linear layer (output head included) and the token embeddings by quantised versions.

    ``int4`` maps qualified layer names to ready int4 layers (built from a GGUF's own 4-bit
    groups, ``summarize.models.gguf_groups``); every other linear layer is quantised to int8.
    With ``share_embeddings`` the input embeddings read the output head's int8 matrix
    (see :func:`embeddings_match`); otherwise they get their own. ``on_fraction`` receives
    the share of linear layers done (0..1) after each one.
    """
    _replace_layers(model, share_embeddings=share_embeddings, empty=False, int4=int4 or {}, on_fraction=on_fraction)
    return model


def quantized_skeleton(config: object, *, share_embeddings: bool, int4: Collection[str] = ()) -> nn.Module:
    """An empty (meta-device) causal LM of ``config`` with int8 layers, int4 ones for the names in ``int4``.

    Ready for ``load_state_dict(assign=True)``.
    """
    from transformers import AutoModelForCausalLM

    with torch.device("meta"):
        model = AutoModelForCausalLM.from_config(config, dtype=COMPUTE_DTYPE)
    _replace_layers(model, share_embeddings=share_embeddings, empty=True, int4=set(int4))
    return model
