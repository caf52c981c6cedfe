"""The committed store of human faithfulness labels (docs/benchmarks/judged/labels.jsonl) and the rates it gives.

One JSON line per judged unit, appended by ``judging/ingest_labels.py``; the rubric is
docs/benchmarks/judging.md. Two kinds of line:

- a sentence: ``{"unit": "sentence", "record_id", "dataset", "kind", "system", "text",
  "support": "yes"|"partly"|"no", "fluent": bool, "key_fact": bool, "packet", "reader", "date"}``
- a list:     ``{"unit": "list", "record_id", "dataset", "kind", "system", "sentences": [str, ...],
  "coverage": 1..5, "packet", "reader", "date"}``

``kind`` is what the output is: ``bullets``, ``summary_de``, ``summary_en``, ``lead3`` or
``reference``. A sentence's label is keyed by (record id, kind, sentence text), a list's by
(record id, kind, its sentences), never by system or run: an unchanged sentence of a later run
reuses its label and only new sentences need reading. The store holds no article text.
When a key was labelled more than once, the last line in the file counts.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

STORE = Path(__file__).resolve().parent.parent / "docs" / "benchmarks" / "judged" / "labels.jsonl"
KINDS = ("bullets", "summary_de", "summary_en", "lead3", "reference")
SUPPORT = ("yes", "partly", "no")
COVERAGE = range(1, 6)

SentenceKey = tuple[str, str, str]
ListKey = tuple[str, str, tuple[str, ...]]


def squash(text: str) -> str:
    """``text`` with runs of whitespace made one space: the form sentences are keyed by."""
    return " ".join(text.split())


def sentence_key(record_id: str, kind: str, text: str) -> SentenceKey:
    return (str(record_id), kind, squash(text))


def list_key(record_id: str, kind: str, sentences: Sequence[str]) -> ListKey:
    return (str(record_id), kind, tuple(squash(s) for s in sentences))


class LabelError(ValueError):
    """A label line that does not follow the rubric's values or the store's shape."""


def check_line(line: dict[str, Any]) -> None:
    """Raise :class:`LabelError` unless ``line`` is a well-formed store line."""
    unit = line.get("unit")
    for name in ("record_id", "kind", "system"):
        if not isinstance(line.get(name), str) or not line[name]:
            raise LabelError(f"{name} must be a non-empty string: {line!r:.200}")
    if line["kind"] not in KINDS:
        raise LabelError(f"kind must be one of {KINDS}, got {line['kind']!r}")
    if unit == "sentence":
        if line.get("support") not in SUPPORT:
            raise LabelError(f"support must be one of {SUPPORT}, got {line.get('support')!r}")
        for name in ("fluent", "key_fact"):
            if not isinstance(line.get(name), bool):
                raise LabelError(f"{name} must be true or false, got {line.get(name)!r}")
        if not isinstance(line.get("text"), str) or not line["text"].strip():
            raise LabelError("a sentence label needs its text")
    elif unit == "list":
        if line.get("coverage") not in COVERAGE or isinstance(line.get("coverage"), bool):
            raise LabelError(f"coverage must be an integer 1-5, got {line.get('coverage')!r}")
        if not isinstance(line.get("sentences"), list):
            raise LabelError("a list label needs its sentences")
    else:
        raise LabelError(f"unit must be 'sentence' or 'list', got {unit!r}")


@dataclass
class LabelStore:
    """The labels of a store file, looked up by key (the last line per key wins)."""

    sentences: dict[SentenceKey, dict[str, Any]] = field(default_factory=dict)
    lists: dict[ListKey, dict[str, Any]] = field(default_factory=dict)
    lines: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def load(cls, path: str | Path = STORE) -> LabelStore:
        """Read ``path`` (an absent file is an empty store). Raises :class:`LabelError` on a bad line."""
        store = cls()
        path = Path(path)
        if path.exists():
            for number, raw in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
                if raw.strip():
                    try:
                        store.add(json.loads(raw))
                    except (json.JSONDecodeError, LabelError) as exc:
                        raise LabelError(f"{path}:{number}: {exc}") from exc
        return store

    def add(self, line: dict[str, Any]) -> None:
        check_line(line)
        self.lines.append(line)
        if line["unit"] == "sentence":
            self.sentences[sentence_key(line["record_id"], line["kind"], line["text"])] = line
        else:
            self.lists[list_key(line["record_id"], line["kind"], line["sentences"])] = line

    def sentence(self, record_id: str, kind: str, text: str) -> dict[str, Any] | None:
        return self.sentences.get(sentence_key(record_id, kind, text))

    def list_label(self, record_id: str, kind: str, sentences: Sequence[str]) -> dict[str, Any] | None:
        return self.lists.get(list_key(record_id, kind, sentences))


def append_lines(path: str | Path, lines: Iterable[dict[str, Any]]) -> int:
    """Append ``lines`` (each checked first: nothing is written if one is bad) to the store; returns how many."""
    lines = list(lines)
    for line in lines:
        check_line(line)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines))
    return len(lines)


# --- judged rates ------------------------------------------------------------------------------------------


def judged_rates(outputs: Iterable[tuple[str, str, Sequence[str]]], store: LabelStore) -> dict[str, Any]:
    """Judged rates over ``outputs``, each ``(record id, kind, sentences)``.

    Returns the counts (``sentences``, ``labelled``, ``unlabelled``, ``lists``, ``lists_labelled``)
    and, over the labelled units only, ``not_supported``, ``partly``, ``not_fluent`` and ``key_fact``
    (shares in [0, 1]) and ``coverage`` (mean of 1-5); a rate is None when nothing is labelled.
    """
    labels: list[dict[str, Any]] = []
    coverages: list[int] = []
    n_sentences = n_lists = 0
    for record_id, kind, sentences in outputs:
        n_lists += 1
        for text in sentences:
            n_sentences += 1
            label = store.sentence(record_id, kind, text)
            if label is not None:
                labels.append(label)
        list_label = store.list_label(record_id, kind, sentences)
        if list_label is not None:
            coverages.append(list_label["coverage"])

    def rate(test: Any) -> float | None:
        return round(sum(1 for label in labels if test(label)) / len(labels), 4) if labels else None

    return {
        "sentences": n_sentences,
        "labelled": len(labels),
        "unlabelled": n_sentences - len(labels),
        "not_supported": rate(lambda label: label["support"] == "no"),
        "partly": rate(lambda label: label["support"] == "partly"),
        "not_fluent": rate(lambda label: not label["fluent"]),
        "key_fact": rate(lambda label: label["key_fact"]),
        "lists": n_lists,
        "lists_labelled": len(coverages),
        "coverage": round(sum(coverages) / len(coverages), 3) if coverages else None,
    }
