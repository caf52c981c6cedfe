"""Add a reader's filled label files to the committed label store, through the packets' key files.

    python benchmarks/judging/ingest_labels.py --keys /tmp/judging/keys --reader r1 /tmp/judging/labels/*.jsonl

Each filled line is checked against the rubric's values (support yes/partly/no, fluent yes/no,
key_fact yes/no, coverage 1-5) and its sentence against the key; a line left all empty counts as
not read and is skipped. One bad line stops the whole run before anything is written. Each label
becomes one store line per (system, output kind) that produced the list (identical lists of
several systems were shown once), with the record id, sentence text, packet, reader and date,
never the article. Lines already in the store (same key, system, packet, reader and labels) are
not added again, so running the same files twice changes nothing.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # benchmarks/: judged_labels

from judged_labels import STORE, LabelError, LabelStore, append_lines, squash  # noqa: E402

_ITEM = re.compile(r"^([A-Z])(\d*)$")
_YES_NO = {"yes": True, "no": False, True: True, False: False, "y": True, "n": False}
SENTENCE_FIELDS = ("support", "fluent", "key_fact")


def _yes_no(value: Any, name: str, where: str) -> bool:
    key = value.strip().lower() if isinstance(value, str) else value
    if key not in _YES_NO:
        raise LabelError(f"{where}: {name} must be yes or no, got {value!r}")
    return _YES_NO[key]


def _support(value: Any, where: str) -> str:
    key = value.strip().lower() if isinstance(value, str) else value
    if key not in ("yes", "partly", "no"):
        raise LabelError(f"{where}: support must be yes, partly or no, got {value!r}")
    return key


def _coverage(value: Any, where: str) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or value not in range(1, 6):
        raise LabelError(f"{where}: coverage must be 1-5, got {value!r}")
    return int(value)


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def store_lines(
    filled: Iterable[dict[str, Any]], key: dict[str, Any], *, reader: str, date: str, source: str = "labels"
) -> tuple[list[dict[str, Any]], int]:
    """Store lines for one packet's filled label lines; returns them and the number of unread items.

    Raises :class:`LabelError` for a value outside the rubric, a half-filled line, an unknown item or
    a sentence that differs from the key's.
    """
    lines: list[dict[str, Any]] = []
    unread = 0
    base = {"record_id": key["record_id"], "dataset": key["dataset"]}
    for number, label in enumerate(filled, start=1):
        where = f"{source}:{number} ({label.get('item')})"
        match = _ITEM.match(str(label.get("item", "")))
        if not match or match.group(1) not in key["lists"]:
            raise LabelError(f"{where}: no such item in packet {key['packet']}")
        entry = key["lists"][match.group(1)]
        tail = {"packet": key["packet"], "reader": reader, "date": date}
        if label.get("note"):
            tail["note"] = str(label["note"])
        if match.group(2):  # a sentence
            index = int(match.group(2)) - 1
            if not 0 <= index < len(entry["sentences"]):
                raise LabelError(f"{where}: no such sentence in packet {key['packet']}")
            text = entry["sentences"][index]
            if "text" in label and squash(str(label["text"])) != squash(text):
                raise LabelError(f"{where}: the sentence differs from the key's ({text!r})")
            empty = [name for name in SENTENCE_FIELDS if _empty(label.get(name))]
            if len(empty) == len(SENTENCE_FIELDS):
                unread += 1
                continue
            if empty:
                raise LabelError(f"{where}: {', '.join(empty)} left empty")
            values = {"support": _support(label["support"], where), "fluent": _yes_no(label["fluent"], "fluent", where),
                      "key_fact": _yes_no(label["key_fact"], "key_fact", where)}  # fmt: skip
            lines += [{**base, "kind": p["kind"], "system": p["system"], "unit": "sentence", "text": text,
                       **values, **tail} for p in entry["producers"]]  # fmt: skip
        else:  # a list
            if _empty(label.get("coverage")):
                unread += 1
                continue
            coverage = _coverage(label["coverage"], where)
            values = {"unit": "list", "sentences": entry["sentences"], "coverage": coverage}
            lines += [{**base, "kind": p["kind"], "system": p["system"], **values, **tail} for p in entry["producers"]]
    return lines, unread


def _identity(line: dict[str, Any]) -> str:
    """A line's content without the date: the same label ingested again on another day is the same line."""
    return json.dumps({k: v for k, v in line.items() if k != "date"}, sort_keys=True, ensure_ascii=False)


def ingest(
    label_files: Sequence[Path], keys_dir: Path, store_path: Path, *, reader: str, date: str
) -> dict[str, int]:
    """Check every file, then append the new lines to ``store_path``; returns counts (added, already, unread)."""
    new: list[dict[str, Any]] = []
    unread = 0
    for path in label_files:
        filled = [json.loads(raw) for raw in path.read_text(encoding="utf-8").split("\n") if raw.strip()]
        packets = {str(line.get("packet")) for line in filled}
        if len(packets) != 1:
            raise LabelError(f"{path}: expected the lines of one packet, found {sorted(packets)}")
        key_path = keys_dir / f"{packets.pop()}.json"
        if not key_path.exists():
            raise LabelError(f"{path}: no key file {key_path}")
        key = json.loads(key_path.read_text(encoding="utf-8"))
        lines, skipped = store_lines(filled, key, reader=reader, date=date, source=str(path))
        new += lines
        unread += skipped
    existing = {_identity(line) for line in LabelStore.load(store_path).lines}
    fresh = []
    for line in new:
        if _identity(line) not in existing:
            existing.add(_identity(line))
            fresh.append(line)
    append_lines(store_path, fresh)
    return {"added": len(fresh), "already": len(new) - len(fresh), "unread": unread}


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("labels", nargs="+", type=Path, help="filled label files (labels/<packet>.jsonl)")
    parser.add_argument("--keys", type=Path, required=True, help="the packets' keys directory")
    parser.add_argument("--reader", required=True, help="who read the packets (a short id, no personal data)")
    parser.add_argument("--store", type=Path, default=STORE,
                        help="label store (default docs/benchmarks/judged/labels.jsonl)")
    parser.add_argument("--date", default=datetime.date.today().isoformat(), help="date of reading (default today)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        counts = ingest(args.labels, args.keys, args.store, reader=args.reader, date=args.date)
    except (LabelError, json.JSONDecodeError, OSError) as exc:
        print(f"error: {exc} (nothing was written)", file=sys.stderr)
        return 1
    print(f"{counts['added']} label lines added to {args.store}, {counts['already']} already there, "
          f"{counts['unread']} items left empty")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
