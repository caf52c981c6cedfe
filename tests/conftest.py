"""Shared fixtures: tiny random models built from configs (no downloads) and a scripted generator."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from summarize.models.base import Completion, Generator, Prompt

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "artikel_de.txt"
SHARED = ROOT.parent / "shared"

CHAT_TEMPLATE = (
    "{% for m in messages %}<|{{ m['role'] }}|>{{ m['content'] }}<|end|>{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>{% endif %}"
)


def _word_tokenizer(corpus: Sequence[str]):
    """A word-level fast tokenizer trained on ``corpus``: real tokenisation, no download."""
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    special = ["<pad>", "</s>", "<unk>", "<|end|>", "<|system|>", "<|user|>", "<|assistant|>"]
    tok = Tokenizer(models.WordLevel(unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.train_from_iterator(corpus, trainers.WordLevelTrainer(special_tokens=special))
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, pad_token="<pad>", eos_token="</s>", unk_token="<unk>")
    fast.chat_template = CHAT_TEMPLATE
    return fast


def _corpus() -> list[str]:
    return [EXAMPLE.read_text(encoding="utf-8"), "Der Die Das ein eine und . , - Fakten Zusammenfassung"]


@pytest.fixture(scope="session")
def tiny_llama_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A random 2-layer Llama chat model with a word-level tokenizer, saved like a hub model."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(0)
    tokenizer = _word_tokenizer(_corpus())
    config = LlamaConfig(
        vocab_size=len(tokenizer), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
        num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=2048,
        pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id, bos_token_id=None,
    )  # fmt: skip
    path = tmp_path_factory.mktemp("tiny-llama")
    LlamaForCausalLM(config).save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path


@pytest.fixture(scope="session")
def tiny_t5_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A random 2-layer T5 (seq2seq) model with a word-level tokenizer."""
    import torch
    from transformers import T5Config, T5ForConditionalGeneration

    torch.manual_seed(0)
    tokenizer = _word_tokenizer(_corpus())
    config = T5Config(
        vocab_size=len(tokenizer), d_model=32, d_ff=64, d_kv=8, num_layers=2, num_heads=4,
        pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.pad_token_id,
    )  # fmt: skip
    path = tmp_path_factory.mktemp("tiny-t5")
    T5ForConditionalGeneration(config).save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path


class ScriptedGenerator(Generator):
    """Answers prompts from a script: (pattern in the user message, answer) pairs, first match wins."""

    kind = "chat"
    name = "scripted"
    max_input_tokens = 4096

    def __init__(self, script: Sequence[tuple[str, str]], *, finished: bool = True) -> None:
        self.script = list(script)
        self.finished = finished
        self.calls: list[list[Prompt]] = []

    def generate(self, prompts: Sequence[Prompt], *, max_new_tokens: int) -> list[Completion]:
        self.calls.append(list(prompts))
        return [Completion(self._answer(p.user), self.finished) for p in prompts]

    def _answer(self, user: str) -> str:
        for pattern, answer in self.script:
            if re.search(pattern, user):
                return answer
        return ""

    def count_tokens(self, text: str) -> int:
        return len(text.split())


@pytest.fixture
def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")
