"""transformers backends: seq2seq models (T5, mT5, mBART) and chat LLMs (GGUF or not)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch
from transformers import PreTrainedModel, PreTrainedTokenizerBase

from ..errors import GenerationError
from .base import Completion, Generator, ModelKind, Prompt

# End-of-turn markers of common chat templates; generation stops at any of them.
END_OF_TURN_TOKENS = ("<|im_end|>", "<|eot_id|>", "<end_of_turn>", "<|end|>", "</s>", "<|endoftext|>")
DEFAULT_CONTEXT = 4096  # used when a model does not say how long its inputs may be
_SENSIBLE_MAX_LENGTH = 1_000_000  # tokenizers without a limit report ~1e30


class HFGenerator(Generator):
    """Common plumbing of the transformers backends: tokenise, generate greedily, decode."""

    kind: ModelKind

    def __init__(self, model: PreTrainedModel, tokenizer: PreTrainedTokenizerBase, *, name: str) -> None:
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.name = name
        self.max_input_tokens = self._context_length()
        if tokenizer.pad_token_id is None:
            tokenizer.pad_token = tokenizer.eos_token

    def _context_length(self) -> int:
        config = self.model.config
        for attr in ("max_position_embeddings", "n_positions", "max_sequence_length"):
            value = getattr(config, attr, None)
            if isinstance(value, int) and value > 0:
                return value
        limit = getattr(self.tokenizer, "model_max_length", None)
        if isinstance(limit, int) and 0 < limit < _SENSIBLE_MAX_LENGTH:
            return limit
        return DEFAULT_CONTEXT

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    def _inputs(self, prompts: Sequence[Prompt]) -> list[str]:
        raise NotImplementedError

    def _generation_kwargs(self) -> dict[str, Any]:
        return {}

    def _stop_token_ids(self) -> list[int]:
        eos = self.tokenizer.eos_token_id
        return [eos] if eos is not None else []

    def generate(self, prompts: Sequence[Prompt], *, max_new_tokens: int) -> list[Completion]:
        if not prompts:
            return []
        texts = self._inputs(prompts)
        batch = self.tokenizer(texts, return_tensors="pt", padding=True, add_special_tokens=self.kind == "seq2seq")
        longest = int(batch["attention_mask"].sum(dim=1).max())
        if longest > self.max_input_tokens:
            raise GenerationError(
                f"prompt of {longest} tokens exceeds {self.name}'s limit of {self.max_input_tokens}"
            )
        try:
            with torch.inference_mode():
                output = self.model.generate(
                    **batch,
                    max_new_tokens=max_new_tokens,
                    do_sample=False,
                    num_beams=1,
                    pad_token_id=self.tokenizer.pad_token_id,
                    **self._generation_kwargs(),
                )
        except (RuntimeError, ValueError, IndexError) as exc:
            raise GenerationError(f"{self.name} failed to generate: {exc}") from exc
        if self.kind == "chat":
            output = output[:, batch["input_ids"].shape[1] :]
        stops = torch.tensor(self._stop_token_ids())
        finished = [bool(torch.isin(row, stops).any()) or len(row) < max_new_tokens for row in output]
        texts = self.tokenizer.batch_decode(output, skip_special_tokens=True)
        return [Completion(text.strip(), done) for text, done in zip(texts, finished)]


class Seq2SeqGenerator(HFGenerator):
    """Encoder-decoder models (T5, mT5, mBART, ...): each prompt's ``seq2seq`` text is the input."""

    kind: ModelKind = "seq2seq"

    def _inputs(self, prompts: Sequence[Prompt]) -> list[str]:
        return [p.seq2seq for p in prompts]


class ChatGenerator(HFGenerator):
    """Decoder-only chat LLMs: prompts go through the tokenizer's chat template."""

    kind: ModelKind = "chat"

    def __init__(self, model: PreTrainedModel, tokenizer: PreTrainedTokenizerBase, *, name: str) -> None:
        tokenizer.padding_side = "left"  # decoder-only models continue from the right edge
        super().__init__(model, tokenizer, name=name)
        self._stop_ids = self._end_of_turn_ids()

    def _stop_token_ids(self) -> list[int]:
        return self._stop_ids

    def _end_of_turn_ids(self) -> list[int]:
        ids = set()
        eos = self.model.generation_config.eos_token_id
        ids.update(eos if isinstance(eos, list) else [eos] if eos is not None else [])
        if self.tokenizer.eos_token_id is not None:
            ids.add(self.tokenizer.eos_token_id)
        vocab = self.tokenizer.get_vocab()
        ids.update(vocab[token] for token in END_OF_TURN_TOKENS if token in vocab)
        return sorted(ids)

    def _inputs(self, prompts: Sequence[Prompt]) -> list[str]:
        if getattr(self.tokenizer, "chat_template", None):
            return [
                self.tokenizer.apply_chat_template(p.messages(), tokenize=False, add_generation_prompt=True)
                for p in prompts
            ]
        return [_plain_chat(p) for p in prompts]

    def _generation_kwargs(self) -> dict[str, Any]:
        return {"eos_token_id": self._stop_ids}


def _plain_chat(prompt: Prompt) -> str:
    """A prompt for models without a chat template (base models)."""
    parts = [prompt.system, ""]
    for question, answer in prompt.examples:
        parts += [question, answer, ""]
    parts += [prompt.user, ""]
    return "\n".join(parts)
