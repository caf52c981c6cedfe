"""Batches: one line per record, failures recorded, killed runs resume without loss or duplicates."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from summarize import Summarizer
from summarize.batch import read_records, run_batch
from summarize.cli import EXIT_ERROR, main
from tests.conftest import EXAMPLE, ScriptedGenerator


def _write_input(path: Path, n: int, *, bad: tuple[int, ...] = ()) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    lines = []
    for i in range(n):
        if i in bad:
            lines.append(json.dumps({"id": f"doc-{i}", "text": "   "}))
        else:
            lines.append(json.dumps({"id": f"doc-{i}", "text": text}, ensure_ascii=False))
    lines.insert(1, "{not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _ids(path: Path) -> list[str]:
    return [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()]


def test_every_record_gets_a_line_and_failures_do_not_stop_the_batch(tmp_path: Path) -> None:
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _write_input(source, 4, bad=(2,))
    report = run_batch(Summarizer(generator=ScriptedGenerator([])), read_records(source), out)
    assert (report.done, report.failed, report.skipped) == (3, 2, 0)
    rows = {row["id"]: row for row in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert set(rows) == {"doc-0", "line-2", "doc-1", "doc-2", "doc-3"}
    assert rows["doc-2"]["error"].startswith("EmptyInputError")
    assert "not valid JSON" in rows["line-2"]["error"]
    assert len(rows["doc-0"]["bullets"]) == 3


def test_rerun_skips_finished_records_and_drops_a_torn_line(tmp_path: Path) -> None:
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _write_input(source, 3)
    summarizer = Summarizer(generator=ScriptedGenerator([]))
    run_batch(summarizer, read_records(source)[:2], out)
    with out.open("a", encoding="utf-8") as fh:
        fh.write('{"id": "doc-2", "summ')  # a run killed mid-write
    report = run_batch(summarizer, read_records(source), out)
    assert report.skipped == 2 and report.done + report.failed == 2
    assert sorted(_ids(out)) == sorted(["doc-0", "line-2", "doc-1", "doc-2"])


def test_ids_of_other_json_types_and_repeated_ids_are_told_apart(tmp_path: Path) -> None:
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    text = json.dumps(EXAMPLE.read_text(encoding="utf-8"), ensure_ascii=False)
    rows = [f'{{"id": 1, "text": {text}}}', f'{{"id": "1", "text": {text}}}', f'{{"id": null, "text": {text}}}',
            f'{{"id": "None", "text": {text}}}', f'{{"id": "1", "text": {text}}}']  # fmt: skip
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    records = read_records(source)
    assert records[4] == {"id": "1", "error": "line 5 repeats the id of line 2"}
    summarizer = Summarizer(generator=ScriptedGenerator([]))
    run_batch(summarizer, records[:1], out)  # a run killed after the first record
    report = run_batch(summarizer, records, out)
    assert (report.skipped, report.done, report.failed) == (1, 3, 1)
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == [1, "1", None, "None", "1"]


def test_a_line_that_is_not_utf8_fails_alone(tmp_path: Path) -> None:
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    good = json.dumps({"id": "a", "text": EXAMPLE.read_text(encoding="utf-8")}, ensure_ascii=False).encode("utf-8")
    source.write_bytes(b"\xef\xbb\xbf" + good + b'\n{"id": "b", "text": "Gr\xfc\xdfe"}\n' + good.replace(b'"a"', b'"c"') + b"\n")
    report = run_batch(Summarizer(generator=ScriptedGenerator([])), read_records(source), out)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert (report.done, report.failed) == (2, 1)
    assert [row["id"] for row in rows] == ["a", "line-2", "c"]
    assert "line 2 is not valid UTF-8" in rows[1]["error"]


def test_cli_batch_reports_failures_with_exit_1(tmp_path: Path, tiny_llama_dir: Path) -> None:
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _write_input(source, 2)
    assert main(["batch", str(source), "--out", str(out), "--model", str(tiny_llama_dir)]) == EXIT_ERROR
    assert len(_ids(out)) == 3


def test_killed_batch_resumes_without_losing_or_duplicating(tmp_path: Path, tiny_llama_dir: Path) -> None:
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _write_input(source, 12)
    command = [sys.executable, "-m", "summarize", "batch", str(source), "--out", str(out), "--model", str(tiny_llama_dir)]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and (not out.exists() or len(out.read_text().splitlines()) < 3):
        time.sleep(0.2)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = len(_ids(out))
    assert 3 <= partial < 13
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
    ids = _ids(out)
    assert len(ids) == len(set(ids)) == 13
