"""The model-free parts of benchmarks/rouge_benchmark.py: bootstrap CIs, resume, aggregation, reports."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import _common  # noqa: E402
import rouge_benchmark as rb  # noqa: E402

from summarize import EmptyInputError  # noqa: E402

DE_TEXT = (
    "Der Bundestag hat am Donnerstag das neue Heizungsgesetz beschlossen. "
    "Die Abgeordneten stimmten mit großer Mehrheit für den Entwurf der Regierung. "
    "Ab dem Jahr 2024 müssen neue Heizungen zu 65 Prozent mit erneuerbarer Energie betrieben werden. "
    "Die Opposition kritisierte das Verfahren als überhastet und kündigte Widerstand an. "
    "Der Bundesrat muss dem Gesetz im Herbst noch zustimmen."
)
EN_TEXT = (
    "The city council approved the new budget on Monday evening. "
    "Spending on schools will rise by 12 percent next year. "
    "Several members criticised the cuts to public transport. "
    "The mayor said the plan was the best possible compromise."
)


def _record(i: int, text: str = DE_TEXT, lang: str = "de") -> dict:
    refs = ["Der Bundestag hat das Heizungsgesetz beschlossen.", "Neue Heizungen brauchen erneuerbare Energie."]
    if lang == "en":
        refs = ["The council approved the budget.", "School spending rises by 12 percent."]
    return {"id": f"doc-{i}", "lang": lang, "title": None, "text": text, "reference_bullets": refs}


def _write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _doc(i: int, r1: float, *, bullets: list[dict] | None = None, seconds: float = 1.0, **extra) -> dict:
    bullet = {"text": "x", "origin": "generated", "words": 10, "unsupported": False, "copy": False,
              "lang": "de", "lang_reliable": True, "wrong_language": False, "duplicate": False}  # fmt: skip
    return {
        "id": f"d{i}", "lang": "de", "seconds": seconds,
        "rouge": {"rouge1": r1, "rouge2": r1 / 2, "rougeL": r1 * 0.8, "rougeLsum": r1 * 0.9},
        "bullets_language": "de", "bullets": bullets if bullets is not None else [dict(bullet)] * 3, **extra,
    }  # fmt: skip


# --- bootstrap -------------------------------------------------------------------------------------------


def test_bootstrap_ci_brackets_the_mean_and_is_reproducible() -> None:
    values = [10.0, 20.0, 30.0, 40.0, 25.0, 15.0, 35.0, 5.0]
    lo, hi = _common.bootstrap_ci(values, resamples=1000, seed=0)
    assert lo < sum(values) / len(values) < hi
    assert min(values) <= lo and hi <= max(values)
    assert _common.bootstrap_ci(values, resamples=1000, seed=0) == (lo, hi)
    assert _common.bootstrap_ci(values, resamples=1000, seed=1) != (lo, hi)


def test_bootstrap_ci_degenerate_inputs() -> None:
    assert _common.bootstrap_ci([]) is None
    assert _common.bootstrap_ci([7.0]) == (7.0, 7.0)
    assert _common.bootstrap_ci([3.0] * 20) == (3.0, 3.0)


def test_bootstrap_ci_narrows_with_more_documents() -> None:
    few = [0.0, 100.0] * 5
    many = [0.0, 100.0] * 200
    lo_few, hi_few = _common.bootstrap_ci(few)
    lo_many, hi_many = _common.bootstrap_ci(many)
    assert hi_many - lo_many < (hi_few - lo_few) / 3
    assert lo_many < 50 < hi_many


# --- data, names -------------------------------------------------------------------------------------------


def test_load_records_takes_first_n_in_file_order(tmp_path: Path) -> None:
    path = _write_jsonl(tmp_path / "set.jsonl", [_record(i) for i in range(5)])
    assert [r["id"] for r in _common.load_records(path, 3)] == ["doc-0", "doc-1", "doc-2"]
    assert len(_common.load_records(path)) == 5
    assert [r["id"] for r in _common.load_records(path, 2, skip=3)] == ["doc-3", "doc-4"]
    assert [r["id"] for r in _common.load_records(path, skip=4)] == ["doc-4"]
    assert _common.dataset_stem(path) == "set"


def test_system_slug_is_file_name_safe(tmp_path: Path) -> None:
    gguf = tmp_path / "SmolLM2-135M.Q4_1.gguf"
    gguf.write_bytes(b"")
    assert _common.system_slug(str(gguf)) == "SmolLM2-135M.Q4_1"
    assert _common.system_slug("google/mt5-small") == "google--mt5-small"
    assert _common.system_slug("lead3") == "lead3"


# --- resume ----------------------------------------------------------------------------------------------


def test_doclog_drops_a_torn_last_line_and_resumes(tmp_path: Path) -> None:
    path = tmp_path / "docs" / "set__lead3.jsonl"
    path.parent.mkdir()
    path.write_text('{"id": "a", "x": 1}\n{"id": "b", "x": 2}\n{"id": "c", "x"', encoding="utf-8")
    log = _common.DocLog(path)
    assert "a" in log and "b" in log and "c" not in log
    log.append({"id": "c", "x": 3})
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["a", "b", "c"]
    assert [d["x"] for d in _common.DocLog(path).select(["c", "a", "zzz"])] == [3, 1]


def test_run_system_skips_ids_already_logged(tmp_path: Path) -> None:
    records = [_record(i) for i in range(4)]
    calls: list[str] = []

    def system(record: dict) -> rb.Output:
        calls.append(record["id"])
        return rb.lead3(record)

    path = tmp_path / "log.jsonl"
    assert rb.run_system_on_dataset(system, records[:2], _common.DocLog(path)) == 2
    assert rb.run_system_on_dataset(system, records, _common.DocLog(path)) == 2
    assert calls == ["doc-0", "doc-1", "doc-2", "doc-3"]
    assert rb.run_system_on_dataset(system, records, _common.DocLog(path)) == 0
    assert len(path.read_text(encoding="utf-8").splitlines()) == 4


def test_summarize_error_is_logged_and_counted_not_raised(tmp_path: Path) -> None:
    def system(record: dict) -> rb.Output:
        if record["id"] == "doc-1":
            raise EmptyInputError("the article is empty")
        return rb.lead3(record)

    log = _common.DocLog(tmp_path / "log.jsonl")
    rb.run_system_on_dataset(system, [_record(i) for i in range(3)], log)
    docs = log.select(["doc-0", "doc-1", "doc-2"])
    assert docs[1]["error"].startswith("EmptyInputError")
    metrics = rb.aggregate(docs)
    assert metrics["n"] == 2 and metrics["n_errors"] == 1


def test_other_exceptions_are_not_swallowed(tmp_path: Path) -> None:
    def system(record: dict) -> rb.Output:
        raise RuntimeError("bug")

    with pytest.raises(RuntimeError):
        rb.run_system_on_dataset(system, [_record(0)], _common.DocLog(tmp_path / "log.jsonl"))


# --- per-document metrics -------------------------------------------------------------------------------------


def test_lead3_doc_metrics() -> None:
    doc = rb.run_doc(rb.lead3, _record(0))
    assert [b["text"] for b in doc["bullets"]][0].startswith("Der Bundestag hat am Donnerstag")
    assert len(doc["bullets"]) == 3
    assert all(b["copy"] and not b["unsupported"] and not b["duplicate"] for b in doc["bullets"])
    assert all(b["origin"] == "extracted" for b in doc["bullets"])
    assert 0 < doc["rouge"]["rouge1"] <= 100
    assert "summaries" not in doc


def test_bullet_flags_catch_unsupported_duplicates_and_wrong_language() -> None:
    bullets = [
        {"text": "Der Bundestag hat das Heizungsgesetz beschlossen.", "origin": "generated"},
        {"text": "Der Bundestag hat das Heizungsgesetz beschlossen.", "origin": "repaired"},
        {"text": "Kanzler Olaf Scholz lobte das Gesetz mit 99 Stimmen.", "origin": "generated"},
        {"text": "The parliament in Berlin passed the new heating law on Thursday.", "origin": "generated"},
    ]
    rows = rb.bullet_metrics(bullets, _record(0), "de")
    assert [r["duplicate"] for r in rows] == [False, True, False, False]
    assert [r["unsupported"] for r in rows][:3] == [False, False, True]
    assert "99" in rows[2]["unsupported_numbers"] and "Scholz" in rows[2]["unsupported_names"]
    assert rows[3]["wrong_language"] and not rows[0]["wrong_language"]
    assert not any(r["copy"] for r in rows)


def test_model_outputs_get_summary_metrics() -> None:
    output = rb.Output(
        [{"text": "Der Bundestag hat das Heizungsgesetz beschlossen.", "origin": "generated"}],
        "de",
        {"de": "Der Bundestag hat das Gesetz beschlossen. Der Bundesrat muss noch zustimmen.",
         "en": "The Bundestag passed the heating law. It takes effect in 2031."},
        {"de": "generated", "en": "repaired"},
    )  # fmt: skip
    doc = rb.doc_record(_record(0), output, 2.5)
    assert doc["summaries"]["de"]["sentences"] == 2 and doc["summaries"]["de"]["lang"] == "de"
    assert doc["summaries"]["en"]["unsupported"] and not doc["summaries"]["de"]["unsupported"]
    metrics = rb.aggregate([doc])
    assert metrics["summary_de_is_de"] == 1.0 and metrics["summary_en_is_en"] == 1.0
    assert metrics["summary_de_2to4_sentences"] == 1.0 and metrics["summary_en_2to4_sentences"] == 1.0
    assert metrics["summary_unsupported_rate"] == 0.5
    assert metrics["summary_origins"] == {"generated": 1, "repaired": 1, "extracted": 0}
    assert metrics["seconds_per_doc"] == 2.5


def test_names_from_the_headline_count_as_supported_and_rescoring_uses_the_logged_outputs() -> None:
    record = {**_record(0), "title": "Habeck jubelt über Heizungsgesetz"}
    output = rb.Output([{"text": "Minister Habeck lobt das Gesetz.", "origin": "generated"}], "de",
                       {"de": "Minister Habeck lobt das Gesetz.", "en": "Minister Habeck praised the law."},
                       {"de": "generated", "en": "generated"})  # fmt: skip
    doc = rb.doc_record(record, output, 3.0)
    assert not doc["bullets"][0]["unsupported"] and not doc["summaries"]["en"]["unsupported"]
    untitled = rb.doc_record(_record(0), output, 3.0)
    assert untitled["bullets"][0]["unsupported_names"] == ["Habeck"]
    assert rb.rescored(untitled, record) == doc  # same outputs, metrics computed again
    failed = {"id": "doc-0", "lang": "de", "seconds": 1.0, "error": "EmptyInputError: empty"}
    assert rb.rescored(failed, record) == failed


# --- aggregation and reports ---------------------------------------------------------------------------------


def test_aggregate_means_rates_and_origins() -> None:
    flagged = {"text": "y", "origin": "extracted", "words": 20, "unsupported": True, "copy": True,
               "lang": "en", "lang_reliable": True, "wrong_language": True, "duplicate": True}  # fmt: skip
    plain = dict(flagged, origin="generated", words=10, unsupported=False, copy=False, wrong_language=False,
                 duplicate=False)  # fmt: skip
    docs = [
        _doc(0, 20.0, bullets=[flagged, plain, plain], seconds=1.0),
        _doc(1, 40.0, bullets=[plain], seconds=3.0),
        {"id": "d2", "lang": "de", "seconds": 2.0, "error": "InvalidInputError: too short"},
    ]
    m = rb.aggregate(docs, resamples=200, seed=0)
    assert m["n"] == 2 and m["n_errors"] == 1
    assert m["rouge1"] == 30.0 and m["rouge2"] == 15.0
    lo, hi = m["rouge1_ci"]
    assert 20.0 <= lo <= 30.0 <= hi <= 40.0
    assert m["bullets_per_doc"] == 2.0
    assert m["words_per_bullet"] == 12.5
    assert m["unsupported_rate"] == m["copy_rate"] == m["wrong_language_rate"] == m["duplicate_rate"] == 0.25
    assert m["bullet_origins"] == {"generated": 3, "repaired": 0, "extracted": 1}
    assert m["seconds_per_doc"] == 2.0
    assert "summary_de_is_de" not in m


def test_aggregate_of_nothing() -> None:
    m = rb.aggregate([])
    assert m["n"] == 0 and m["rouge1"] is None and m["rouge1_ci"] is None and m["unsupported_rate"] is None


def test_build_summary_shape_and_top_level_systems() -> None:
    results = {"de_news": {"lead3": rb.aggregate([_doc(0, 10.0)])}, "en_news": {"lead3": rb.aggregate([_doc(0, 50.0)])}}
    summary = rb.build_summary("python x", results, {"peak_rss_mb": 100.0})
    assert summary["command"] == "python x"
    assert set(summary["datasets"]) == {"de_news", "en_news"}
    assert summary["datasets"]["en_news"]["systems"]["lead3"]["rouge1"] == 50.0
    assert summary["systems"] == summary["datasets"]["de_news"]["systems"]
    markdown = rb.results_markdown(summary)
    assert "## de_news" in markdown and "## en_news" in markdown
    assert "| lead3 | 1 | 10.0 [10.0, 10.0] |" in markdown


def test_markdown_table_marks_errors_and_load_failures() -> None:
    systems = {
        "lead3": rb.aggregate([_doc(0, 10.0), {"id": "x", "lang": "de", "error": "EmptyInputError: empty"}]),
        "broken": {"n": 0, "load_error": "ModelUnavailableError: not found"},
    }
    table = rb.markdown_table(systems)
    assert "| lead3 | 1 (1 err) |" in table
    assert "broken" in table and "ModelUnavailableError" in table


# --- end to end, baselines only -----------------------------------------------------------------------------


def test_main_end_to_end_and_rerun_resumes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    de = _write_jsonl(tmp_path / "de_set.jsonl", [_record(i) for i in range(3)])
    en = _write_jsonl(tmp_path / "en_set.jsonl", [_record(i, EN_TEXT, "en") for i in range(2)])
    out = tmp_path / "out"
    argv = ["--data", str(de), "--data", str(en), "--limit", "2", "--systems", "lead3,extractive", "--out", str(out)]
    assert rb.main(argv) == 0
    assert "| lead3 | 2 |" in capsys.readouterr().out
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert set(summary["datasets"]) == {"de_set", "en_set"}
    assert set(summary["systems"]) == {"lead3", "extractive"}
    assert summary["datasets"]["en_set"]["systems"]["lead3"]["n"] == 2
    assert summary["systems"]["lead3"]["copy_rate"] == 1.0
    assert summary["peak_rss_mb"] > 0
    assert (out / "results.md").exists()
    for name in ("de_set__lead3", "de_set__extractive", "en_set__lead3", "en_set__extractive"):
        assert len((out / "docs" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()) == 2
    pytest.importorskip("matplotlib")
    assert (out / "rouge.png").stat().st_size > 0

    first = (out / "docs" / "de_set__lead3.jsonl").read_text(encoding="utf-8")
    assert rb.main(argv) == 0  # nothing left to do: same logs, same numbers
    assert (out / "docs" / "de_set__lead3.jsonl").read_text(encoding="utf-8") == first
    again = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert again["datasets"] == summary["datasets"]
    assert rb.main([*argv, "--rescore"]) == 0  # metrics computed again from the logged outputs
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["datasets"] == summary["datasets"]


def test_parse_args_rejects_duplicate_dataset_names(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        rb.parse_args(["--data", "a/x.jsonl", "--data", "b/x.jsonl", "--out", str(tmp_path)])
    args = rb.parse_args(["--data", "x.jsonl", "--systems", "lead3, default", "--out", str(tmp_path)])
    assert args.systems == ["lead3", "default"]


# --- model systems without a real model --------------------------------------------------------------------


def test_model_system_shares_one_model_and_reports_summaries() -> None:
    from tests.conftest import ScriptedGenerator

    generator = ScriptedGenerator([])  # answers nothing: the pipeline falls back to extracted sentences
    pool = _common.ModelPool()
    pool.preload("fake", generator)
    system = rb.make_system("fake", pool)
    de_doc = rb.run_doc(system, _record(0))
    en_doc = rb.run_doc(system, _record(1, EN_TEXT, "en"))
    assert pool.get("fake").generator is generator and len(generator.calls) == 2  # both articles, one pass (translations) each
    assert de_doc["bullets_language"] == "de" and en_doc["bullets_language"] == "en"
    assert all(b["origin"] == "extracted" and b["copy"] for b in de_doc["bullets"])
    assert set(de_doc["summaries"]) == {"de", "en"}
    m = rb.aggregate([de_doc])
    assert m["bullet_origins"]["extracted"] == len(de_doc["bullets"])
    assert m["summary_de_is_de"] == 1.0
    assert m["summary_en_is_en"] == 0.0  # an extracted German sentence is no English summary


def test_a_model_that_cannot_load_fails_its_system_only(tmp_path: Path) -> None:
    data = _write_jsonl(tmp_path / "de_set.jsonl", [_record(i) for i in range(2)])
    out = tmp_path / "out"
    missing = str(tmp_path / "nope.gguf")
    assert rb.main(["--data", str(data), "--systems", f"lead3,{missing}", "--out", str(out)]) == 0
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["command"].startswith("python benchmarks/rouge_benchmark.py --data")
    assert summary["systems"]["lead3"]["n"] == 2
    broken = summary["systems"]["nope"]
    assert broken["n"] == 0 and "ModelUnavailableError" in broken["load_error"] and broken["model"] == missing
    assert not (out / "docs" / "de_set__nope.jsonl").exists()
    assert "model failed to load" in (out / "results.md").read_text(encoding="utf-8")


def test_plot_is_skipped_with_a_warning_without_matplotlib(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes "import matplotlib" raise ImportError
    summary = rb.build_summary("python x", {"d": {"lead3": rb.aggregate([_doc(0, 10.0)])}}, {})
    assert rb.plot(summary, tmp_path / "rouge.png") is False
    assert not (tmp_path / "rouge.png").exists()
