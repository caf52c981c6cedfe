"""Helpers shared by the benchmark scripts: data loading, resumable per-document logs, models, statistics.

Nothing here knows about ROUGE; the quality and speed benchmarks both build on it.
"""

from __future__ import annotations

import json
import re
import resource
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from summarize import Generator, SummarizeError, Summarizer, drop_torn_tail

DEFAULT_SYSTEM = "default"  # the library's embedded model: Summarizer() with no model name
RESAMPLES = 1000
SEED = 0
CONFIDENCE = 0.95

Record = dict[str, Any]
Doc = dict[str, Any]


# --- data -----------------------------------------------------------------------------------------


def load_records(path: str | Path, limit: int | None = None, skip: int = 0) -> list[Record]:
    """The first ``limit`` JSONL records of ``path`` in file order (all when ``limit`` is None),
    after the first ``skip`` records (held-out data for settings tuned on the first ones).

    Each record needs ``id``, ``lang`` and ``text``; a repeated id keeps its first record.
    """
    records: list[Record] = []
    seen: set[str] = set()
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if limit is not None and len(records) >= skip + limit:
                break
            if not line.strip():
                continue
            record = json.loads(line)
            missing = {"id", "lang", "text"} - record.keys()
            if missing:
                raise ValueError(f"{path}:{number}: record lacks {sorted(missing)}")
            record["id"] = str(record["id"])
            if record["id"] not in seen:
                seen.add(record["id"])
                records.append(record)
    return records[skip:]


def dataset_stem(path: str | Path) -> str:
    """The name a dataset goes by in outputs: its file name without ``.jsonl``."""
    return Path(path).name.removesuffix(".jsonl").removesuffix(".json")


def system_slug(name: str) -> str:
    """A file-name-safe short name for a system: a model path becomes its file or directory name,
    a hub id ``org/model`` becomes ``org--model``."""
    path = Path(name)
    if path.exists() or name.endswith(".gguf"):
        name = path.name.removesuffix(".gguf")
    name = name.replace("/", "--")
    return re.sub(r"[^A-Za-z0-9._+@=-]", "_", name) or "_"


# --- resumable per-document logs -------------------------------------------------------------------


def read_docs(path: Path) -> dict[str, Doc]:
    """Documents already logged in ``path`` by id (the first line per id wins; unreadable lines are skipped)."""
    docs: dict[str, Doc] = {}
    if not path.exists():
        return docs
    for line in path.read_text(encoding="utf-8", errors="replace").split("\n"):  # JSON Lines: "\n" only
        try:
            doc = json.loads(line)
            docs.setdefault(str(doc["id"]), doc)
        except (json.JSONDecodeError, KeyError, TypeError):
            continue
    return docs


class DocLog:
    """An append-only JSONL log of per-document results: each line is flushed when written,
    so a killed run loses at most the document in progress and the next run resumes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        drop_torn_tail(path)
        self.docs = read_docs(path)

    def __contains__(self, doc_id: object) -> bool:
        return str(doc_id) in self.docs

    def append(self, doc: Doc) -> None:
        """Write one document's line and flush it to disk."""
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(doc, ensure_ascii=False) + "\n")
            handle.flush()
        self.docs.setdefault(str(doc["id"]), doc)

    def rewrite(self, docs: Iterable[Doc]) -> None:
        """Replace the log with ``docs`` (written to a temp file, then renamed into place)."""
        docs = list(docs)
        tmp = self.path.with_suffix(".jsonl.tmp")
        tmp.write_text("".join(json.dumps(doc, ensure_ascii=False) + "\n" for doc in docs), encoding="utf-8")
        tmp.replace(self.path)
        self.docs = {str(doc["id"]): doc for doc in docs}

    def select(self, ids: Iterable[str]) -> list[Doc]:
        """The logged documents among ``ids``, in the order of ``ids``."""
        return [self.docs[i] for i in ids if i in self.docs]


# --- models ------------------------------------------------------------------------------------------


class ModelLoadError(Exception):
    """A model could not be loaded: the whole system fails, not one document (wraps the SummarizeError)."""

    def __init__(self, spec: str, cause: SummarizeError) -> None:
        super().__init__(f"{type(cause).__name__}: {cause}")
        self.spec = spec
        self.cause = cause


@dataclass
class ModelPool:
    """Loads each model once per run and hands out its Summarizer (pass ``bullets_language=``
    to ``summarize()`` per article)."""

    source_tokens: int | None = None
    status: Callable[[str], None] = lambda message: None  # load progress ("assembling model", ...)
    load_seconds: dict[str, float] = field(default_factory=dict)
    errors: dict[str, ModelLoadError] = field(default_factory=dict)
    _loaded: dict[str, Summarizer] = field(default_factory=dict)

    def _kwargs(self) -> dict[str, Any]:
        return {} if self.source_tokens is None else {"source_tokens": self.source_tokens}

    def get(self, spec: str) -> Summarizer:
        """The Summarizer of ``spec`` with its model loaded (timed once).

        Raises :class:`ModelLoadError` (remembered, so a broken model is tried once per run).
        """
        if spec in self.errors:
            raise self.errors[spec]
        if spec not in self._loaded:
            model = None if spec == DEFAULT_SYSTEM else spec
            summarizer = Summarizer(model, status=lambda message: self.status(message), **self._kwargs())
            started = time.perf_counter()
            try:
                summarizer.generator  # noqa: B018 - loads the model
            except SummarizeError as exc:
                self.errors[spec] = ModelLoadError(spec, exc)
                raise self.errors[spec] from exc
            self.load_seconds[spec] = time.perf_counter() - started
            self._loaded[spec] = summarizer
        return self._loaded[spec]

    def preload(self, spec: str, generator: Generator) -> None:
        """Use an already loaded model for ``spec`` (no load time is recorded)."""
        self._loaded[spec] = Summarizer(generator=generator, **self._kwargs())


# --- statistics -------------------------------------------------------------------------------------


def bootstrap_ci(
    values: Sequence[float], *, resamples: int = RESAMPLES, seed: int = SEED, confidence: float = CONFIDENCE
) -> tuple[float, float] | None:
    """Percentile bootstrap confidence interval of the mean of ``values`` (resampling documents).

    Deterministic for a given ``seed``; None for no values.
    """
    if len(values) == 0:
        return None
    data = np.asarray(values, dtype=float)
    rng = np.random.default_rng(seed)
    means = data[rng.integers(0, len(data), size=(resamples, len(data)))].mean(axis=1)
    tail = (1 - confidence) / 2 * 100
    lo, hi = np.percentile(means, [tail, 100 - tail])
    return float(lo), float(hi)


def mean(values: Sequence[float]) -> float | None:
    """The arithmetic mean, or None for no values."""
    return float(sum(values) / len(values)) if values else None


def share(flags: Sequence[bool]) -> float | None:
    """The share of true flags, or None for no flags."""
    return mean([float(f) for f in flags])


def rounded(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MiB (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def command_line(argv: Sequence[str]) -> str:
    """The command as a user would type it to repeat this run."""
    import shlex

    return " ".join(shlex.quote(a) for a in ["python", *argv])
