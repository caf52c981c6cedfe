"""Int8 weight-only layers, the converted-model cache, and shared-prefix batched decoding, on tiny models."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from torch import nn

from summarize.models import int8
from summarize.models.base import Prompt
from summarize.models.compact import MANIFEST, WEIGHTS, is_complete, load_compact, save_quantized
from summarize.models.hf import ChatGenerator
from summarize.models.int8 import Int8Linear, dequantised_matmul, embeddings_match
from summarize.models.loading import load_generator


def test_int8_linear_matches_the_float_layer() -> None:
    torch.manual_seed(0)
    linear = nn.Linear(64, 48, bias=True)
    layer = Int8Linear.from_linear(linear)
    for rows in (1, 40):  # the decode kernel and the prefill path
        x = torch.randn(rows, 64)
        expected = linear(x)
        got = layer(x).float()
        assert (got - expected).abs().max() < 0.05 * expected.abs().max()


@pytest.mark.parametrize("dtype", [torch.bfloat16, torch.float32])
def test_sliced_dequantisation_equals_dequantising_the_whole_weight(
    dtype: torch.dtype, monkeypatch: pytest.MonkeyPatch
) -> None:
    torch.manual_seed(0)
    monkeypatch.setattr(int8, "_prefill_dtype", dtype)
    monkeypatch.setattr(int8, "CHUNK_ELEMENTS", 64 * 96)  # 96 inputs: slices of 64 rows, the last one short
    qweight = torch.randint(-127, 128, (200, 96), dtype=torch.int8)
    rows = torch.randn(37, 96).to(torch.bfloat16)
    whole = torch.nn.functional.linear(rows.to(dtype), qweight.to(dtype)).to(torch.bfloat16)
    assert torch.equal(dequantised_matmul(rows, qweight), whole)


@pytest.mark.parametrize(("value", "expected"), [("bf16", torch.bfloat16), ("fp32", torch.float32)])
def test_prefill_dtype_can_be_forced(value: str, expected: torch.dtype, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(int8, "_prefill_dtype", None)
    monkeypatch.setenv(int8.PREFILL_DTYPE_ENV, value)
    assert int8.prefill_dtype() is expected


@pytest.fixture
def converted(tiny_llama_dir: Path, tmp_path: Path) -> Path:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    model = AutoModelForCausalLM.from_pretrained(tiny_llama_dir, dtype=torch.bfloat16)
    tokenizer = AutoTokenizer.from_pretrained(tiny_llama_dir)
    save_quantized(model, tokenizer, tmp_path, source="tiny")
    return tmp_path


def test_conversion_round_trip_loads_every_weight(converted: Path) -> None:
    assert is_complete(converted)
    model, tokenizer = load_compact(converted)
    assert isinstance(model.lm_head, Int8Linear)
    assert not any(t.is_meta for t in [*model.parameters(), *model.buffers()])
    ids = tokenizer("Die Fähre fährt ab Mai", return_tensors="pt")["input_ids"]
    with torch.inference_mode():
        assert torch.isfinite(model(ids).logits).all()


def test_damaged_conversion_is_not_trusted(converted: Path) -> None:
    weights = converted / WEIGHTS
    with weights.open("r+b") as fh:
        fh.truncate(weights.stat().st_size // 2)
    assert not is_complete(converted)
    (converted / MANIFEST).unlink()
    assert not is_complete(converted)


def test_untied_embeddings_are_detected(tiny_llama_dir: Path) -> None:
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(tiny_llama_dir)
    assert not embeddings_match(model)  # random, untied matrices
    model.lm_head.weight = model.model.embed_tokens.weight
    assert embeddings_match(model)


def _prompts(shared: str) -> list[Prompt]:
    return [
        Prompt(system="Sei knapp.", user=shared + tail, seq2seq="")
        for tail in (" Fakten ?", " Zusammenfassung", " Die")
    ]


def test_shared_prefix_decoding_equals_decoding_each_prompt_alone(tiny_llama_dir: Path) -> None:
    generator = load_generator(str(tiny_llama_dir))
    assert isinstance(generator, ChatGenerator)
    article = " ".join(["Die Fähre fährt ab Mai zwischen Konstanz und Friedrichshafen ."] * 8)
    prompts = _prompts(article)
    batched = generator.generate(prompts, max_new_tokens=8)
    alone = [generator.generate([p], max_new_tokens=8)[0] for p in prompts]
    assert [c.text for c in batched] == [c.text for c in alone]


def test_the_prompt_head_is_kept_for_the_next_call_and_replaced_when_it_no_longer_fits(tiny_llama_dir: Path) -> None:
    head = " ".join(["Übersetze den Satz ins Englische ."] * 4)
    first = [Prompt(system="Sei knapp.", user=f"{head} {s}", seq2seq="") for s in ("Die Fähre", "Der Hafen")]
    second = [Prompt(system="Sei knapp.", user=f"{head} {s}", seq2seq="") for s in ("Ab Mai", "Im Winter nicht")]
    generator = load_generator(str(tiny_llama_dir))
    assert isinstance(generator, ChatGenerator)
    generator.generate(first, max_new_tokens=6)
    kept = generator._prefix
    assert kept is not None and len(kept[0]) >= 16
    reused = generator.generate(second, max_new_tokens=6)
    assert generator._prefix is kept  # the rows start with the kept head: reused, not recomputed
    fresh = load_generator(str(tiny_llama_dir)).generate(second, max_new_tokens=6)
    assert [c.text for c in reused] == [c.text for c in fresh]
    other = [Prompt(system="Antworte ausführlich und genau.", user=f"{head} {s}", seq2seq="") for s in ("A", "B")]
    generator.generate(other, max_new_tokens=4)
    assert generator._prefix is not kept


def test_a_call_decodes_the_same_whatever_came_before(converted: Path) -> None:
    # int8 + bf16: where a prefix is split off changes the last bits, so only an identical prefix is reused
    head = " ".join(["Übersetze den Satz ins Englische ."] * 4)
    longer = [Prompt(system="Sei knapp.", user=f"{head} Die Fähre {s}", seq2seq="") for s in ("fährt", "hält")]
    call = [Prompt(system="Sei knapp.", user=f"{head} {s}", seq2seq="") for s in ("Ab Mai", "Im Winter nicht")]
    model, tokenizer = load_compact(converted)
    fresh = ChatGenerator(model, tokenizer, name="tiny").generate(call, max_new_tokens=6)
    generator = ChatGenerator(model, tokenizer, name="tiny")
    generator.generate(longer, max_new_tokens=6)
    generator.generate(call[:1], max_new_tokens=6)
    assert [c.text for c in generator.generate(call, max_new_tokens=6)] == [c.text for c in fresh]
