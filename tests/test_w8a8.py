"""W8A8 for calls of many rows: per-token activation quantisation, which layers take it, the cache round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
from torch import nn

from summarize.models import w8a8
from summarize.models.compact import MANIFEST, load_compact, save_quantized
from summarize.models.int4 import Int4Linear, packable
from summarize.models.int8 import Int8Linear, quantize_rows
from summarize.models.w8a8 import MIN_ROWS, int8_matmul, quantize_per_token, takes_int8_activations


def _weight(out_features: int = 192, in_features: int = 96) -> torch.Tensor:
    return torch.randn(out_features, in_features, generator=torch.Generator().manual_seed(1)).to(torch.bfloat16)


def test_per_token_quantisation_round_trips_each_row_within_half_a_step() -> None:
    rows = torch.randn(5, 64) * torch.tensor([[1.0], [10.0], [0.01], [100.0], [1.0]])
    q, scales = quantize_per_token(rows)
    assert q.dtype == torch.int8 and scales.shape == (5, 1)
    assert int(q.abs().max()) == 127
    assert torch.all((q.float() * scales - rows).abs() <= scales / 2 + 1e-7)


def test_int8_matmul_is_close_to_the_float_product() -> None:
    weight = _weight()
    qweight, scales = quantize_rows(weight)
    rows = torch.randn(12, 96).to(torch.bfloat16)
    expected = rows.float() @ weight.float().t()
    got = int8_matmul(rows, qweight, scales)
    assert got.dtype == torch.bfloat16 and got.shape == (12, 192)
    assert float((got.float() - expected).abs().max() / expected.abs().max()) < 0.02


def test_a_rows_result_does_not_depend_on_the_other_rows() -> None:
    qweight, scales = quantize_rows(_weight())
    rows = torch.randn(10, 96).to(torch.bfloat16)
    loud = torch.cat([rows, 1000 * torch.randn(20, 96).to(torch.bfloat16)])  # rows of other magnitudes beside
    assert torch.equal(int8_matmul(loud, qweight, scales)[:10], int8_matmul(rows, qweight, scales))


@pytest.mark.parametrize(
    ("name", "takes"),
    [
        ("model.layers.0.self_attn.q_proj", True),
        ("model.layers.3.self_attn.o_proj", True),
        ("model.layers.3.mlp.gate_proj", True),
        ("model.layers.3.mlp.down_proj", False),
        ("model.layers.0.block_sparse_moe.experts.1.w2", False),
        ("lm_head", False),
    ],
)
def test_down_projections_and_the_head_keep_float_inputs(name: str, takes: bool) -> None:
    assert takes_int8_activations(name) is takes


def test_int8_layer_switches_to_w8a8_past_min_rows() -> None:
    linear = nn.Linear(96, 192, bias=True).to(torch.bfloat16)
    layer = Int8Linear.from_linear(linear)
    layer.int8_activations = True
    few, many = torch.randn(MIN_ROWS, 96).to(torch.bfloat16), torch.randn(MIN_ROWS + 1, 96).to(torch.bfloat16)
    weight_only = torch._weight_int8pack_mm(few, layer.qweight, layer.scales) + layer.bias
    assert torch.equal(layer(few), weight_only)
    assert torch.equal(layer(many), int8_matmul(many, layer.qweight, layer.scales) + layer.bias)
    layer.int8_activations = False  # the weight-only layout: no W8A8 at any row count
    assert not torch.equal(layer(many), int8_matmul(many, layer.qweight, layer.scales) + layer.bias)


def test_int4_layer_uses_its_int8_copy_past_min_rows() -> None:
    gen = torch.Generator().manual_seed(0)
    q = torch.randint(0, 16, (192, 96), generator=gen, dtype=torch.uint8)
    scale = torch.rand(192, 3, generator=gen) * 0.01
    minimum = -8 * scale
    weight = ((q.float().view(192, 3, 32) - 8) * scale[..., None]).view(192, 96)
    copy = quantize_rows(weight)
    layer = Int4Linear.from_groups(q, scale, minimum, int8_copy=copy)
    plain = Int4Linear.from_groups(q, scale, minimum)
    assert plain.qweight8 is None
    few, many = torch.randn(MIN_ROWS, 96).to(torch.bfloat16), torch.randn(3 * MIN_ROWS, 96).to(torch.bfloat16)
    assert torch.equal(layer(few), plain(few))  # the int4 kernel
    assert torch.equal(layer(many), int8_matmul(many, *copy))
    expected = many.float() @ weight.t()
    assert float((layer(many).float() - expected).abs().max() / expected.abs().max()) < 0.02


def test_int8_copies_survive_the_cache_round_trip(tiny_llama_dir: Path, tmp_path: Path) -> None:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    model = AutoModelForCausalLM.from_pretrained(tiny_llama_dir, dtype=torch.bfloat16)
    tokenizer = AutoTokenizer.from_pretrained(tiny_llama_dir)
    name, linear = next(
        (n, m) for n, m in model.named_modules()
        if isinstance(m, nn.Linear) and packable(*m.weight.shape) and takes_int8_activations(n)
    )  # fmt: skip
    n, k = linear.weight.shape
    q = torch.randint(0, 16, (n, k), dtype=torch.uint8)
    scale = torch.full((n, k // 32), 0.01)
    copy = quantize_rows(linear.weight)
    layer = Int4Linear.from_groups(q, scale, -8 * scale, bias=linear.bias, int8_copy=copy)
    save_quantized(model, tokenizer, tmp_path, source="tiny", int4={name: layer})
    assert json.loads((tmp_path / MANIFEST).read_text())["int4_int8_copies"] == [name]
    loaded, _ = load_compact(tmp_path)
    again = loaded.get_submodule(name)
    assert isinstance(again, Int4Linear) and torch.equal(again.qweight8, copy[0]) and torch.equal(again.scales8, copy[1])
    flags = {n: m.int8_activations for n, m in loaded.named_modules() if isinstance(m, Int8Linear)}
    assert flags and all(flag == w8a8.takes_int8_activations(n) for n, flag in flags.items())
    assert flags["lm_head"] is False
