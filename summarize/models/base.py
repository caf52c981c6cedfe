"""The one interface every generation backend implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

ModelKind = Literal["chat", "seq2seq"]


@dataclass(frozen=True)
class Prompt:
    """One request to a model, in the two shapes backends need.

    Chat models get ``system`` as the system message, each ``examples`` pair as a
    user/assistant turn (few-shot) and ``user`` as the final user message.
    Seq2seq models (T5, mT5, mBART) get ``seq2seq`` alone, e.g. ``"summarize: <text>"``.
    """

    system: str
    user: str
    seq2seq: str
    examples: tuple[tuple[str, str], ...] = field(default=())

    def messages(self) -> list[dict[str, str]]:
        """The prompt as chat messages."""
        turns = [{"role": "system", "content": self.system}]
        for question, answer in self.examples:
            turns += [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]
        turns.append({"role": "user", "content": self.user})
        return turns


@dataclass(frozen=True)
class Completion:
    """A model's answer; ``finished`` is False when it stopped at the token limit (may be cut off)."""

    text: str
    finished: bool = True


class Generator(ABC):
    """A text generator: prompts in, completions out (greedy, deterministic)."""

    #: A human-readable name of the model (hub id, path or "embedded default").
    name: str
    #: Whether prompts are sent as chat messages or as seq2seq input text.
    kind: ModelKind
    #: The most input tokens the model is given; longer inputs are shortened by the caller.
    max_input_tokens: int

    @abstractmethod
    def generate(self, prompts: Sequence[Prompt], *, max_new_tokens: int) -> list[Completion]:
        """Return one completion per prompt, in order, without the prompt text."""

    @abstractmethod
    def count_tokens(self, text: str) -> int:
        """Number of model tokens in ``text``."""
