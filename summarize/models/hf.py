"""transformers backends: seq2seq models (T5, mT5, mBART) and chat LLMs (GGUF or not)."""

from __future__ import annotations

import copy
import inspect
from collections.abc import Sequence
from typing import Any

import torch
from transformers import PreTrainedModel, PreTrainedTokenizerBase

from ..errors import GenerationError
from .base import Completion, Generator, ModelKind, Prompt
from .threads import CoreSample, configure_torch_threads

# End-of-turn markers of common chat templates; generation stops at any of them.
END_OF_TURN_TOKENS = ("<|im_end|>", "<|eot_id|>", "<end_of_turn>", "<|end|>", "</s>", "<|endoftext|>")
MIN_SHARED_PREFIX = 16  # shorter common prefixes are prefilled with each row
DEFAULT_CONTEXT = 4096  # used when a model does not say how long its inputs may be
_SENSIBLE_MAX_LENGTH = 1_000_000  # tokenizers without a limit report ~1e30


class HFGenerator(Generator):
    """Common plumbing of the transformers backends: tokenise, generate greedily, decode."""

    kind: ModelKind

    def __init__(
        self,
        model: PreTrainedModel,
        tokenizer: PreTrainedTokenizerBase,
        *,
        name: str,
        core_sample: CoreSample | None = None,
    ) -> None:
        """``core_sample``: a sample of the busy cores started while the model loaded (else one is taken now)."""
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.name = name
        # cores nobody else keeps busy; $SUMMARIZE_THREADS overrides
        self.threads = configure_torch_threads(core_sample)
        self.max_input_tokens = self._context_length()
        if tokenizer.pad_token_id is None:
            tokenizer.pad_token = tokenizer.eos_token
        self._setup()

    def _setup(self) -> None:
        """Backend-specific state, once the common attributes are set."""

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

    def _check_length(self, longest: int) -> None:
        if longest > self.max_input_tokens:
            raise GenerationError(f"prompt of {longest} tokens exceeds {self.name}'s limit of {self.max_input_tokens}")

    def _generate_new_tokens(self, texts: list[str], max_new_tokens: int) -> torch.Tensor:
        """Generate for a batch of rendered prompts; return only the new tokens, one row per prompt."""
        batch = self.tokenizer(texts, return_tensors="pt", padding=True)
        self._check_length(int(batch["attention_mask"].sum(dim=1).max()))
        return self.model.generate(**batch, **self._sampling(max_new_tokens))

    def _sampling(self, max_new_tokens: int) -> dict[str, Any]:
        return {
            "max_new_tokens": max_new_tokens,
            "do_sample": False,
            "num_beams": 1,
            "pad_token_id": self.tokenizer.pad_token_id,
            **self._generation_kwargs(),
        }

    def generate(self, prompts: Sequence[Prompt], *, max_new_tokens: int) -> list[Completion]:
        if not prompts:
            return []
        try:
            with torch.inference_mode():
                output = self._generate_new_tokens(self._inputs(prompts), max_new_tokens)
        except (RuntimeError, ValueError, IndexError) as exc:
            raise GenerationError(f"{self.name} failed to generate: {exc}") from exc
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

    def _setup(self) -> None:
        self.tokenizer.padding_side = "left"  # decoder-only models continue from the right edge
        self._stop_ids = self._end_of_turn_ids()
        self._prefix: tuple[tuple[int, ...], Any] | None = None  # the last shared prefix and its one-row KV cache

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

    def _generate_new_tokens(self, texts: list[str], max_new_tokens: int) -> torch.Tensor:
        """Batched greedy decoding; a prefix that all prompts share (the article) is prefilled once.

        Rows are laid out as ``[shared prefix | left padding | own suffix]``: the prefix's
        KV cache is computed for one row and copied to all, and the attention mask hides
        the padding, so each row decodes exactly as it would alone.
        """
        ids = [self.tokenizer(text, add_special_tokens=False)["input_ids"] for text in texts]
        self._check_length(max(map(len, ids)))
        shared, prefix_cache = self._shared_prefix(ids)
        width = max(len(seq) - shared for seq in ids)
        input_ids = torch.full((len(ids), shared + width), self.tokenizer.pad_token_id, dtype=torch.long)
        mask = torch.zeros_like(input_ids)
        for row, seq in enumerate(ids):
            input_ids[row, :shared] = torch.tensor(seq[:shared])
            mask[row, :shared] = 1
            suffix = seq[shared:]
            input_ids[row, shared + width - len(suffix) :] = torch.tensor(suffix)
            mask[row, shared + width - len(suffix) :] = 1
        extra: dict[str, Any] = {}
        if prefix_cache is not None:
            prefix_cache.batch_repeat_interleave(len(ids))
            extra[self._cache_argument] = prefix_cache
        output = self.model.generate(
            input_ids=input_ids, attention_mask=mask, **self._sampling(max_new_tokens), **extra
        )
        return output[:, shared + width :]

    def _shared_prefix(self, ids: list[list[int]]) -> tuple[int, Any]:
        """How many leading tokens every row shares, and a fresh one-row KV cache of them (or ``0, None``).

        Rows sharing at least :data:`MIN_SHARED_PREFIX` tokens get that prefix prefilled once. The
        last such prefix and its cache are kept: a later call whose rows share exactly the same
        tokens (a prompt family's system message and instruction head, across articles) reuses it.
        Only an identical prefix is reused, so a call's output never depends on the calls before it.
        """
        shared = _common_prefix_length(ids) if len(ids) > 1 else 0
        if shared < MIN_SHARED_PREFIX:
            return 0, None
        prefix = tuple(ids[0][:shared])
        kept = self._prefix
        if kept is None or kept[0] != prefix:
            kept = self._prefix = (prefix, self._prefilled_cache(torch.tensor([prefix])))
        return shared, copy.deepcopy(kept[1])

    def _prefilled_cache(self, prefix: torch.Tensor) -> Any:
        from transformers import DynamicCache

        cache = DynamicCache(config=self.model.config)
        self.model(input_ids=prefix, use_cache=True, **{self._cache_argument: cache}, **self._last_logit_only)
        return cache

    @property
    def _cache_argument(self) -> str:
        # transformers 5.x renamed ``past_key_values`` to ``cache``; accept both.
        return "cache" if "cache" in inspect.signature(self.model.forward).parameters else "past_key_values"

    @property
    def _last_logit_only(self) -> dict[str, int]:
        # The prefill needs no logits; computing one row instead of one per prefix token saves a vocab-sized matmul each.
        return {"logits_to_keep": 1} if "logits_to_keep" in inspect.signature(self.model.forward).parameters else {}


def _common_prefix_length(sequences: list[list[int]]) -> int:
    """Length of the longest common prefix, leaving every sequence at least one token of its own."""
    limit = min(map(len, sequences)) - 1
    n = 0
    while n < limit and all(seq[n] == sequences[0][n] for seq in sequences):
        n += 1
    return n


def _plain_chat(prompt: Prompt) -> str:
    """A prompt for models without a chat template (base models)."""
    parts = [prompt.system, ""]
    for question, answer in prompt.examples:
        parts += [question, answer, ""]
    parts += [prompt.user, ""]
    return "\n".join(parts)
