"""A GGUF's 4-bit tensors as groups of 32: ``w = q * scale + minimum``, read from the file's own blocks.

The block layouts are ggml's (Q4_0, Q4_1, Q4_K); the bytes are read with the ``gguf`` package's
reader and its Q4_K scale unpacking, and checked against ``gguf``'s own dequantisation in
tests/test_int4.py. Other tensor types are left to the int8 path.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import torch

GROUP = 32


class Groups(NamedTuple):
    """One weight matrix as 4-bit groups: ``q`` (out, in) uint8 0..15; ``scale``, ``minimum`` (out, in / 32) fp32."""

    q: torch.Tensor
    scale: torch.Tensor
    minimum: torch.Tensor

    def dequantised(self) -> torch.Tensor:
        """The (out, in) fp32 weight, computed as ggml does (``d * q - m`` in fp32)."""
        n, k = self.q.shape
        q = self.q.float().view(n, k // GROUP, GROUP)
        return (q * self.scale[..., None] + self.minimum[..., None]).view(n, k)


def _halves(blocks: np.ndarray, offset: int) -> np.ndarray:
    """fp16 values at byte ``offset`` of each block, as fp32."""
    return blocks[:, offset : offset + 2].copy().view(np.float16).astype(np.float32)


def _q4_0(blocks: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    # block_q4_0: fp16 d, 16 bytes; low nibbles are values 0-15, high nibbles 16-31; w = d * (q - 8)
    d = _halves(blocks, 0)
    qs = blocks[:, 2:18]
    q = np.concatenate([qs & 0x0F, qs >> 4], axis=1)
    return q[:, None, :], d, -8 * d


def _q4_1(blocks: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    # block_q4_1: fp16 d, fp16 m, 16 bytes as in Q4_0; w = d * q + m
    d, m = _halves(blocks, 0), _halves(blocks, 2)
    qs = blocks[:, 4:20]
    q = np.concatenate([qs & 0x0F, qs >> 4], axis=1)
    return q[:, None, :], d, m


def _q4_k(blocks: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    # block_q4_K (256 weights): fp16 d, fp16 dmin, 12 bytes of 6-bit scales and mins, 128 bytes; each
    # 32 bytes hold two sub-blocks of 32 (low nibbles, then high); w = d * sc * q - dmin * m
    from gguf.quants import Q4_K

    d, dmin = _halves(blocks, 0), _halves(blocks, 2)
    sc, m = Q4_K.get_scale_min(blocks[:, 4:16])
    qs = blocks[:, 16:144].reshape(-1, 4, 1, 32) >> np.array([0, 4], dtype=np.uint8).reshape(1, 1, 2, 1)
    q = (qs & 0x0F).reshape(-1, 8, 32)
    return q, d * sc.astype(np.float32), -(dmin * m.astype(np.float32))


_LAYOUTS = {"Q4_0": (18, _q4_0), "Q4_1": (20, _q4_1), "Q4_K": (144, _q4_k)}  # bytes per block, reader


def groups(data: np.ndarray, type_name: str, rows: int, width: int) -> Groups | None:
    """The 4-bit groups of one matrix of ``rows`` x ``width`` weights stored as ggml blocks of ``type_name``.

    ``data``: the tensor's raw bytes (uint8, any shape). ``None`` for types other than Q4_0, Q4_1 and Q4_K.
    """
    layout = _LAYOUTS.get(type_name)
    if layout is None:
        return None
    size, reader = layout
    q, scale, minimum = reader(np.asarray(data, dtype=np.uint8).reshape(-1, size))
    return Groups(
        q=torch.from_numpy(np.ascontiguousarray(q).reshape(rows, width)),
        scale=torch.from_numpy(np.ascontiguousarray(scale).reshape(rows, width // GROUP)),
        minimum=torch.from_numpy(np.ascontiguousarray(minimum).reshape(rows, width // GROUP)),
    )


def read_groups(gguf: Path) -> Iterator[tuple[str, Groups]]:
    """Every Q4_0, Q4_1 and Q4_K matrix of ``gguf`` by its GGUF name (``blk.0.ffn_up.weight``), in file order.

    Raises ``ValueError`` (from ``gguf``) for a file that is not a GGUF.
    """
    from gguf import GGUFReader

    yield from _read_groups(GGUFReader(gguf))


def _read_groups(reader: Any) -> Iterator[tuple[str, Groups]]:
    for tensor in reader.tensors:
        if len(tensor.shape) != 2:
            continue
        # GGUF lists the innermost dimension first.
        found = groups(tensor.data, tensor.tensor_type.name, int(tensor.shape[1]), int(tensor.shape[0]))
        if found is not None:
            yield tensor.name, found


def groups_by_module(gguf: Path, module_names: list[str], *, num_layers: int) -> Iterator[tuple[str, Groups]]:
    """The 4-bit matrices of ``gguf`` by the transformers module they load into (``model.layers.0.mlp.up_proj``).

    Names are mapped with ``gguf``'s own table for the file's ``general.architecture``; a tensor
    whose module is not among ``module_names`` (e.g. the token embeddings) is skipped. The mapping
    says nothing about a loader's reordering of rows (llama's q/k permutation): callers compare
    each matrix with the loaded weight before using it.
    """
    from gguf import MODEL_ARCH_NAMES, GGUFReader, get_tensor_name_map

    reader = GGUFReader(gguf)  # one parse of the file's header serves the name table and the tensors
    field = reader.fields.get("general.architecture")
    arch_name = bytes(field.parts[field.data[0]]).decode() if field else ""
    arch = next((key for key, value in MODEL_ARCH_NAMES.items() if value == arch_name), None)
    if arch is None:
        return
    table = get_tensor_name_map(arch, num_layers)
    modules = {f"{gguf_name}.weight": name for name in module_names if (gguf_name := table.get_name(name))}
    for tensor_name, groups in _read_groups(reader):
        if tensor_name in modules:
            yield modules[tensor_name], groups
