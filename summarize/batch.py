"""Summarise JSONL records, a few articles per model call: every record gets an output line, failures included,
and reruns resume."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from .errors import InputFileError, InvalidInputError
from .files import read_bytes
from .pipeline import ARTICLES_PER_CALL, Summarizer, check_articles_per_call


@dataclass
class BatchReport:
    """Counts of one batch run."""

    done: int = 0
    failed: int = 0
    skipped: int = 0


def read_records(path: str | Path) -> list[dict[str, Any]]:
    """Records of a JSONL file; a line that is not a JSON object (or not UTF-8) becomes a record carrying its
    error, so one bad line never stops the others."""
    return parse_records(read_bytes(path))


def record_key(record_id: Any) -> str:
    """The key a record's ``id`` is known by across runs: its JSON text, so ``1`` and ``"1"`` (or ``null`` and
    ``"None"``) stay two records."""
    return json.dumps(record_id, ensure_ascii=False, sort_keys=True)


def parse_records(data: str | bytes, *, id_prefix: str = "") -> list[dict[str, Any]]:
    """Records of JSONL ``data``; a line that is not a JSON object becomes a record carrying its error.

    Lines end at ``\n`` only (JSON Lines): U+2028, U+2029 and U+0085 are valid unescaped
    inside a JSON string, and ``str.splitlines`` would cut a record there. Bytes are decoded line by line
    (UTF-8): a line that is not UTF-8 becomes a record carrying that error. A BOM at the start is dropped.

    A record without an ``id`` gets ``f"{id_prefix}line-{number}"`` (1-based line number), so ids
    stay stable across reruns; ``id_prefix`` tells files apart when several are read. A record whose id an
    earlier line already has carries an error instead of its text: resuming a run could not tell the two apart.
    """
    lines = data.split(b"\n") if isinstance(data, bytes) else data.split("\n")
    records: list[dict[str, Any]] = []
    first_line: dict[str, int] = {}
    for number, raw in enumerate(lines, start=1):
        line, error = _decoded(raw, number)
        if error is None and not line.strip():
            continue
        record = _parsed(line, number) if error is None else {"error": error}
        record.setdefault("id", f"{id_prefix}line-{number}")
        key = record_key(record["id"])
        if key in first_line:
            record = {"id": record["id"], "error": f"line {number} repeats the id of line {first_line[key]}"}
        else:
            first_line[key] = number
        records.append(record)
    return records


def _decoded(raw: str | bytes, number: int) -> tuple[str, str | None]:
    if isinstance(raw, str):
        return (raw.removeprefix("\ufeff") if number == 1 else raw), None
    try:
        return raw.decode("utf-8-sig" if number == 1 else "utf-8"), None
    except UnicodeDecodeError as exc:
        return "", f"line {number} is not valid UTF-8 (bad byte at column {exc.start + 1})"


def _parsed(line: str, number: int) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"error": f"line {number} is not valid JSON: {exc.msg}"}
    return record if isinstance(record, dict) else {"error": f"line {number} is not a JSON object"}


def summarize_record(summarizer: Summarizer, record: dict[str, Any]) -> dict[str, Any]:
    """The output row of one record: ``{"id", **result.to_dict()}``, or ``{"id", "error"}`` when it fails.

    ``record`` is a parsed JSONL object (see :func:`parse_records`) with a ``text`` string and an
    optional ``title``; a record carrying ``error`` (unparsable line) fails with that message. Every
    exception becomes the row's ``error`` (``"TypeName: message"``), so one record never stops a batch;
    ``summarize batch`` and :mod:`summarize.distributed` both write exactly these rows.
    """
    return summarize_pack(summarizer, [record])[0]


def summarize_pack(summarizer: Summarizer, records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """:func:`summarize_record`'s row for each record, in order, the articles summarised together.

    The records' model rows share each pass's ``generate`` call (:meth:`Summarizer.summarize_packed`);
    a record that fails (no text, an unparsable line, an article the library rejects, a model error
    on its own rows) gets its error row and the others their results.
    """
    rows: list[dict[str, Any]] = [{"id": record.get("id")} for record in records]
    texts, titles, places = [], [], []
    for place, record in enumerate(records):
        try:
            texts.append(_record_text(record))
            titles.append(record.get("title"))
            places.append(place)
        except InvalidInputError as exc:
            rows[place]["error"] = _error_text(exc)
    try:
        outcomes = summarizer.summarize_packed(texts, titles)
    except Exception as exc:  # noqa: BLE001 (a model or library bug in one record must not lose the others)
        outcomes = [exc] * len(texts)
    for place, outcome in zip(places, outcomes, strict=True):
        if isinstance(outcome, Exception):
            rows[place]["error"] = _error_text(outcome)
        else:
            rows[place].update(outcome.to_dict())
    return rows


def _record_text(record: dict[str, Any]) -> str:
    """The record's ``text``; ``InvalidInputError`` for a record carrying a parse error or no text string."""
    if "error" in record:
        raise InvalidInputError(record["error"])
    text = record.get("text")
    if not isinstance(text, str):
        raise InvalidInputError("record has no 'text' string")
    return text


def _error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def summarize_records(
    summarizer: Summarizer, records: Iterable[dict[str, Any]], *, articles_per_call: int = ARTICLES_PER_CALL
) -> Iterator[dict[str, Any]]:
    """Yield :func:`summarize_record`'s row per record, in input order; a record's failure never stops the others.

    ``articles_per_call`` records at a time are summarised together (:func:`summarize_pack`); their
    rows come out together when the last of them is done. Raises :class:`InvalidInputError` when
    ``articles_per_call`` is not a positive int.
    """
    return _packs(summarizer, iter(records), check_articles_per_call(articles_per_call))


def _packs(summarizer: Summarizer, records: Iterator[dict[str, Any]], size: int) -> Iterator[dict[str, Any]]:
    while pack := list(islice(records, size)):
        yield from summarize_pack(summarizer, pack)


def ids_in(lines: Iterable[str]) -> set[str]:
    """The ``id`` of each JSONL output line, as :func:`record_key`; lines that do not parse (a torn tail) are
    ignored."""
    ids = set()
    for line in lines:
        try:
            ids.add(record_key(json.loads(line)["id"]))
        except (json.JSONDecodeError, KeyError, TypeError):
            continue
    return ids


def finished_ids(out_path: Path) -> set[str]:
    """Ids already written to ``out_path`` by an earlier run; a torn last line is ignored.

    Split on ``\\n`` only, as :func:`read_records` (our own lines hold raw U+2028 and U+0085).
    """
    if not out_path.exists():
        return set()
    return ids_in(out_path.read_text(encoding="utf-8", errors="replace").split("\n"))


def drop_torn_tail(out_path: Path) -> None:
    """Cut a last line that a killed run left without its newline."""
    if not out_path.exists():
        return
    data = out_path.read_bytes()
    if data and not data.endswith(b"\n"):
        out_path.write_bytes(data[: data.rfind(b"\n") + 1])


def run_batch(
    summarizer: Summarizer,
    records: Sequence[dict[str, Any]],
    out_path: str | Path,
    *,
    on_record: Callable[[dict[str, Any]], None] | None = None,
    articles_per_call: int = ARTICLES_PER_CALL,
) -> BatchReport:
    """Summarise ``records`` (see :func:`read_records`) into ``out_path`` (JSONL), resuming a previous run.

    ``articles_per_call`` records at a time share the model's calls (:func:`summarize_records`).
    Each output line is written and flushed as soon as its pack is done, in input order; records whose
    id is already in ``out_path`` are skipped, so a killed run loses at most the pack in progress and
    duplicates nothing. ``on_record(out_dict)`` is called per record.
    Raises :class:`InvalidInputError` when ``articles_per_call`` is not a positive int.
    """
    check_articles_per_call(articles_per_call)
    out_file = Path(out_path)
    if out_file.is_dir():
        raise InputFileError(f"{out_file} is a directory; --out needs a file path")
    drop_torn_tail(out_file)
    done_ids = finished_ids(out_file)
    todo = [r for r in records if record_key(r["id"]) not in done_ids]
    report = BatchReport(skipped=len(records) - len(todo))
    try:
        handle = out_file.open("a", encoding="utf-8")
    except OSError as exc:
        raise InputFileError(f"cannot write {out_file}: {exc.strerror or exc}") from None
    with handle:
        for out in summarize_records(summarizer, todo, articles_per_call=articles_per_call):
            handle.write(json.dumps(out, ensure_ascii=False) + "\n")
            handle.flush()
            if "error" in out:
                report.failed += 1
            else:
                report.done += 1
            if on_record:
                on_record(out)
    return report
