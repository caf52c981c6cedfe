"""The model-free parts of two measurements: the W8A8 layers of benchmarks/_w8a8.py and the dictionary
alignment of benchmarks/lexicon_translation_check.py."""

from __future__ import annotations

import sys
from pathlib import Path

import torch
from torch import nn

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import _w8a8
import lexicon_translation_check as ltc

from summarize.models.int4 import Int4Linear
from summarize.models.int8 import Int8Linear


def _int4_layer() -> Int4Linear:
    gen = torch.Generator().manual_seed(0)
    q = torch.randint(0, 16, (192, 96), generator=gen, dtype=torch.uint8)
    scale = torch.rand(192, 3, generator=gen) * 0.01
    offset = (torch.rand(192, 3, generator=gen) - 0.5) * 0.05  # a real zero term, so dropping it shows
    return Int4Linear.from_groups(q, scale, -8 * scale + offset)


def test_dequantised_weight_is_what_the_layers_multiply_by() -> None:
    x = torch.randn(3, 96).to(torch.bfloat16)
    for layer in (_int4_layer(), Int8Linear.from_linear(nn.Linear(96, 192, bias=False))):
        expected = x.float() @ _w8a8.dequantised_weight(layer).t()
        assert float((layer(x).float() - expected).abs().max() / expected.abs().max()) < 0.01


def test_w8a8_wrapper_keeps_the_layer_for_few_rows_and_quantises_many_per_token() -> None:
    layer = _int4_layer()
    wrapped = _w8a8.W8A8Linear(layer)
    few = torch.randn(_w8a8.MIN_ROWS, 96).to(torch.bfloat16)
    assert torch.equal(wrapped(few), layer(few))
    many = torch.randn(4 * _w8a8.MIN_ROWS, 96).to(torch.bfloat16)
    assert torch.equal(wrapped(many), _w8a8.int8_matmul(many, wrapped.qweight, wrapped.scales))  # the W8A8 path
    expected = many.float() @ _w8a8.dequantised_weight(layer).t()
    assert float((wrapped(many).float() - expected).abs().max() / expected.abs().max()) < 0.03
    loud = torch.cat([many, 1000 * torch.randn(8, 96).to(torch.bfloat16)])  # other rows do not change a row's result
    assert torch.equal(wrapped(loud)[: len(many)], wrapped(many))


def test_float_activations_multiply_the_int8_copy_in_fp32() -> None:
    wrapped = _w8a8.W8A8Linear(_int4_layer(), float_activations=True)
    many = torch.randn(24, 96).to(torch.bfloat16)
    expected = (many.float() @ (wrapped.qweight.float() * wrapped.scales.float()[:, None]).t()).to(torch.bfloat16)
    assert torch.equal(wrapped(many), expected)


def test_smoothing_moves_an_outlier_channel_into_the_weight_and_names_choose_the_layers() -> None:
    layer = _int4_layer()
    rows = torch.randn(24, 96)
    rows[:, 5] *= 100  # one outlier channel: per-token int8 loses the other channels' precision
    rows = rows.to(torch.bfloat16)
    exact = rows.float() @ _w8a8.dequantised_weight(layer).t()
    divisors = torch.ones(96)
    divisors[5] = 10.0
    plain = (_w8a8.W8A8Linear(layer)(rows).float() - exact).abs().mean()
    smoothed = (_w8a8.W8A8Linear(layer, smoothing=divisors)(rows).float() - exact).abs().mean()
    assert smoothed < 0.7 * plain
    assert _w8a8.takes_int8_activations("model.layers.1.mlp.up_proj")
    assert not _w8a8.takes_int8_activations("model.layers.1.mlp.down_proj")
    assert not _w8a8.takes_int8_activations("lm_head")


def test_wrap_and_unwrap_restore_the_library_layers() -> None:
    model = nn.Module()
    model.mlp = nn.Module()
    model.mlp.up_proj, model.mlp.down_proj = _int4_layer(), _int4_layer()
    original = model.mlp.up_proj
    assert _w8a8.wrap_layers(model) == ["mlp.up_proj"]
    assert isinstance(model.mlp.up_proj, _w8a8.W8A8Linear) and isinstance(model.mlp.down_proj, Int4Linear)
    _w8a8.unwrap_layers(model)
    assert model.mlp.up_proj is original


def test_dictionary_alignment_counts_translated_and_explained_words() -> None:
    table = {ltc.stem("Hund", "de"): {ltc.stem("dog", "en")}, ltc.stem("schläft", "de"): {ltc.stem("sleeps", "en")}}
    tables = ltc.both_directions(table)
    right = ltc.alignment("Der Hund schläft.", "The dog sleeps.", "de", tables)
    assert right == {"recall": 1.0, "precision": 1.0, "f": 1.0}
    wrong = ltc.alignment("Der Hund schläft.", "The cat sleeps.", "de", tables)
    assert wrong["recall"] == 0.5 and wrong["precision"] == 0.5
    back = ltc.alignment("The dog sleeps.", "Der Hund bellt.", "en", tables)
    assert back["recall"] == 0.5 and back["precision"] == 0.5


def test_ding_lines_give_single_word_senses(tmp_path: Path) -> None:
    lexicon = tmp_path / "de-en"
    lexicon.write_text(
        "# comment\n"
        "Hund {m}; Köter {m} | Hunde {pl} :: dog; hound | dogs\n"
        "etw. abschaffen {vt} [pol.] | einen Hund halten :: to abolish sth. | to keep a dog\n",
        encoding="utf-8",
    )
    table = ltc.read_lexicon(lexicon)
    assert table[ltc.stem("Hund", "de")] == {ltc.stem("dog", "en"), ltc.stem("hound", "en")}
    assert table[ltc.stem("abschaffen", "de")] == {ltc.stem("abolish", "en")}
    assert ltc.stem("halten", "de") not in table  # a two-word German side maps no single word
