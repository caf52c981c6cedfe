"""Int4 weight-only linear layers holding a GGUF's own 4-bit values: half of int8's bytes per decoded token.

Q4_K, Q4_1 and Q4_0 tensors store each group of 32 weights as 4-bit integers with one scale and
one minimum (``w = q * scale + minimum``). That is exactly the form torch's int4 CPU kernel
(``torch._weight_int4pack_mm_for_cpu``, what torchao's int4 weight-only mode calls) multiplies by,
with group size 32, so the GGUF's values are kept instead of being re-quantised to int8; only the
group scale and offset are rounded to bf16. Decoding reads every weight once per token, so the
halved bytes decode faster: 1.5-1.7x int8 at 1-3 rows over the model's 196 layers on the Intel
Xeon (benchmarks/layer_stack_benchmark.py, docs/benchmarks/speed/layer-stack.md). Prefill (many rows) is compute-bound and the kernel's cost
grows with the rows, so there the weight is unpacked a slice at a time into one reused buffer and
multiplied in :func:`~summarize.models.int8.prefill_dtype`, as the int8 layers do.
"""

from __future__ import annotations

import torch
from torch import nn

from .int8 import CHUNK_ELEMENTS, COMPUTE_DTYPE, buffer, prefill_dtype

KERNEL_ROWS = 64  # up to this many rows the int4 kernel beats unpacking (8960 x 1536 weight, Intel Xeon, 2 threads)
GROUP = 32  # inputs per scale: the block size of Q4_0/Q4_1 and the sub-block size of Q4_K
_KNOWN_BLOCKS = (64, 32)  # rows the kernel packs together: 64 with AVX-512, 32 with AVX2 (torch's int4mm_kernel.cpp)
_block: int | None = None


def kernel_block() -> int:
    """How many output rows this process's int4 kernel packs together; 0 when its layout is not a known one.

    The packed layout depends on the CPU torch dispatches to: ``[out / B, in, B / 2]`` bytes whose low
    nibble is row ``B b + j`` and high nibble row ``B b + B / 2 + j``, with B = 64 on AVX-512 and 32 on
    AVX2. Found once per process by packing a probe matrix; converted copies are kept per layout.
    """
    global _block
    if _block is None:
        probe = torch.arange(128 * 64, dtype=torch.int32).view(128, 64) % 16
        packed = torch.ops.aten._convert_weight_to_int4pack_for_cpu(probe, 1)
        _block = next((b for b in _KNOWN_BLOCKS if torch.equal(_unpack(packed, b), probe.to(torch.uint8))), 0)
    return _block


def _unpack(packed: torch.Tensor, block: int) -> torch.Tensor:
    """(out, in) uint8 values of a weight packed in the layout of ``block`` rows."""
    n, k = packed.shape[0], packed.shape[1] * 2
    if n % block:
        return torch.empty(0, dtype=torch.uint8)
    v = packed.reshape(n // block, k, block // 2)
    return torch.cat([v & 15, v >> 4], dim=2).transpose(1, 2).reshape(n, k)


def packable(out_features: int, in_features: int) -> bool:
    """Whether a weight of this shape fits this CPU's kernel layout (out in blocks, in in groups of 32)."""
    block = kernel_block()
    return block > 0 and out_features % block == 0 and in_features % GROUP == 0


def pack_int4(q: torch.Tensor) -> torch.Tensor:
    """Pack 4-bit values ``q`` (out, in; integers 0..15) into this CPU's kernel layout: (out, in / 2) uint8.

    See :func:`kernel_block` for the layout (checked in tests/test_int4.py on AVX-512 and AVX2).
    Raises ``ValueError`` when the shape does not fit it (:func:`packable`).
    """
    n, k = q.shape
    if not packable(n, k):
        raise ValueError(f"int4 packing needs out % {kernel_block()} == 0 and in % {GROUP} == 0, got {n} x {k}")
    return torch.ops.aten._convert_weight_to_int4pack_for_cpu(q.to(torch.int32).contiguous(), 1)


def scales_and_zeros(scale: torch.Tensor, minimum: torch.Tensor) -> torch.Tensor:
    """The kernel's (in / 32, out, 2) bf16 table for ``w = q * scale + minimum`` (both (out, in / 32)).

    The kernel computes ``(q - 8) * scale + zero``, so ``zero = minimum + 8 * scale``.
    """
    zero = minimum.float() + 8 * scale.float()
    return torch.stack([scale.float().t(), zero.t()], dim=-1).to(COMPUTE_DTYPE).contiguous()


class Int4Linear(nn.Module):
    """A bias-optional linear layer with packed int4 weights, one bf16 scale and zero per 32 inputs."""

    def __init__(
        self, in_features: int, out_features: int, bias: bool, device: torch.device | str | None = None
    ) -> None:
        super().__init__()
        self.in_features, self.out_features = in_features, out_features
        self.register_buffer("packed", torch.empty(out_features, in_features // 2, dtype=torch.uint8, device=device))
        self.register_buffer(
            "scales_zeros", torch.empty(in_features // GROUP, out_features, 2, dtype=COMPUTE_DTYPE, device=device)
        )
        self.bias = (
            nn.Parameter(torch.empty(out_features, dtype=COMPUTE_DTYPE, device=device), requires_grad=False)
            if bias
            else None
        )

    @classmethod
    def from_groups(
        cls, q: torch.Tensor, scale: torch.Tensor, minimum: torch.Tensor, bias: torch.Tensor | None = None
    ) -> Int4Linear:
        """A layer computing with ``w = q * scale + minimum`` per group of 32 inputs.

        ``q``: (out, in) integers 0..15; ``scale``, ``minimum``: (out, in / 32).
        """
        n, k = q.shape
        layer = cls(k, n, bias is not None, device="meta")
        layer.packed, layer.scales_zeros = pack_int4(q), scales_and_zeros(scale, minimum)
        if bias is not None:
            layer.bias = nn.Parameter(bias.detach().to(COMPUTE_DTYPE), requires_grad=False)
        return layer

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        shape = x.shape
        rows = x.reshape(-1, shape[-1]).to(COMPUTE_DTYPE).contiguous()
        if rows.shape[0] <= KERNEL_ROWS:
            y = torch.ops.aten._weight_int4pack_mm_for_cpu(rows, self.packed, GROUP, self.scales_zeros)
        else:
            y = unpacked_matmul(rows, self.packed, self.scales_zeros)
        if self.bias is not None:
            y = y + self.bias
        return y.reshape(*shape[:-1], self.out_features)


def unpacked_matmul(rows: torch.Tensor, packed: torch.Tensor, table: torch.Tensor) -> torch.Tensor:
    """``rows @ W.T`` for a packed int4 ``W``, in :func:`prefill_dtype`, rounded to bf16.

    ``rows``: (M, in) bf16; ``packed``: (out, in / 2) uint8 in this CPU's kernel layout; ``table``: its
    (in / 32, out, 2) scales and zeros. Slices of packed row blocks are unpacked straight into the
    transposed (in, slice) float layout one GEMM reads, in one reused buffer. The values are centred
    (``q - 8``, as the kernel computes) so that bf16 products stay small; the zeros enter as one small
    matmul of the rows' group sums.
    """
    n, k = packed.shape[0], packed.shape[1] * 2
    block = kernel_block()
    half = block // 2
    dtype = prefill_dtype()
    x = rows.to(dtype)
    blocks = n // block
    step = max(1, CHUNK_ELEMENTS // (k * block))
    nibbles = packed.view(blocks, k, half)
    scale = table[..., 0].to(dtype)  # (in / 32, out)
    out = x.view(x.shape[0], k // GROUP, GROUP).sum(-1) @ table[..., 1].to(dtype)
    for first in range(0, blocks, step):
        last = min(blocks, first + step)
        width = last - first
        cols = slice(first * block, last * block)
        weight = buffer(k * width * block, dtype).view(k // GROUP, GROUP, width, block)
        part = nibbles[first:last].permute(1, 0, 2).reshape(k // GROUP, GROUP, width, half)
        weight[..., :half].copy_(torch.bitwise_and(part, 15))  # copy, then scale: faster than a mixed-type mul
        weight[..., half:].copy_(torch.bitwise_right_shift(part, 4))
        weight.sub_(8).mul_(scale[:, cols].reshape(k // GROUP, 1, width, block))
        out[:, cols] += x @ weight.view(k, width * block)
    return out.to(COMPUTE_DTYPE)
