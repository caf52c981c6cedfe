"""Judged faithfulness: sentence signals in the benchmark, blind packets, label ingest and judged rates."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path[:0] = [str(BENCHMARKS), str(BENCHMARKS / "judging")]

import faithfulness_metrics as fm  # noqa: E402
import ingest_labels  # noqa: E402
import make_packets  # noqa: E402
import rouge_benchmark as rb  # noqa: E402
from judged_labels import LabelError, LabelStore, append_lines, judged_rates  # noqa: E402

TEXT = (
    "Der Bundestag hat am Donnerstag das neue Heizungsgesetz beschlossen. "
    "Die Abgeordneten stimmten mit großer Mehrheit für den Entwurf der Regierung. "
    "Ab dem Jahr 2024 müssen neue Heizungen zu 65 Prozent mit erneuerbarer Energie betrieben werden. "
    "Die Opposition kritisierte das Verfahren als überhastet und kündigte Widerstand an. "
    "Der Bundesrat muss dem Gesetz im Herbst noch zustimmen."
)
SYSTEM = "qwen-secret-system"  # a name that must never reach a packet
NAMES = (SYSTEM, "default", "lead3", "extractive", "reference", "summary_de", "summary_en", "bullets")


def _record(i: int) -> dict:
    refs = ["Der Bundestag hat das Heizungsgesetz beschlossen.", "Neue Heizungen brauchen erneuerbare Energie."]
    return {"id": f"doc-{i}", "lang": "de", "title": f"Heizungsgesetz {i}", "text": TEXT, "reference_bullets": refs}


def _model_doc(record: dict) -> dict:
    output = rb.Output(
        [{"text": "Der Bundestag hat das Heizungsgesetz beschlossen.", "origin": "generated"},
         {"text": "Neue Heizungen brauchen ab 2025 erneuerbare Energie.", "origin": "generated"},
         {"text": "Die Opposition kritisiert das Verfahren.", "origin": "repaired"}],
        "de",
        {"de": "Der Bundestag beschloss das Heizungsgesetz. Der Bundesrat muss noch zustimmen.",
         "en": "The Bundestag passed the heating law. The Opposition kritisierte the procedure."},
        {"de": "generated", "en": "generated"},
    )  # fmt: skip
    return rb.doc_record(record, output, 1.0)


def _logs(records: list[dict]) -> dict[str, dict[str, dict]]:
    return {
        SYSTEM: {r["id"]: _model_doc(r) for r in records},
        "lead3": {r["id"]: rb.doc_record(r, rb.lead3(r), 0.0) for r in records},
    }


# --- sentence signals in the benchmark ---------------------------------------------------------------------


def test_benchmark_logs_every_output_sentence_with_its_signals() -> None:
    doc = _model_doc(_record(0))
    signals = doc["signals"]
    assert [len(signals[k]) for k in ("bullets", "summary_de", "summary_en")] == [3, 2, 2]
    first = signals["bullets"][0]
    assert first["coverage"] == 1.0 and first["novel_share"] == 0.0 and not first["unsupported"]
    invented = signals["bullets"][1]
    assert invented["unsupported"] and invented["novel_words"] == ["brauchen", "2025"] and invented["coverage"] < 1.0
    english = signals["summary_en"]
    assert english[0]["coverage"] is None  # a translation has no extractive fragments
    assert english[1]["foreign_words"] == ["kritisierte"] and english[0]["foreign_words"] == []


def test_older_logs_without_signals_get_them_computed() -> None:
    record = _record(0)
    doc = _model_doc(record)
    logged = doc.pop("signals")
    assert fm.signals_of(doc, record) == logged


def test_report_has_lead3_and_reference_as_systems_and_counts_unlabelled() -> None:
    records = [_record(i) for i in range(3)]
    report = fm.dataset_report(records, _logs(records), LabelStore())
    assert set(report) == {SYSTEM, "lead3", "reference"}
    assert set(report[SYSTEM]) == {"bullets", "summary_de", "summary_en"}
    assert set(report["lead3"]) == {"lead3"} and set(report["reference"]) == {"reference"}
    bullets = report[SYSTEM]["bullets"]
    assert bullets["sentences"] == 9 and bullets["unsupported"] == round(1 / 3, 4)
    assert bullets["judged"]["unlabelled"] == 9 and bullets["judged"]["not_supported"] is None
    assert report[SYSTEM]["summary_en"]["foreign_sentences"] == 0.5
    assert report["lead3"]["lead3"]["coverage"] == 1.0
    tables = fm.faithfulness_tables(report)
    assert "| reference | reference | 6 | 0 |" in tables


# --- judged rates ------------------------------------------------------------------------------------------


def _sentence_line(record_id: str, kind: str, text: str, support: str, fluent: bool, key_fact: bool, **extra) -> dict:
    return {"unit": "sentence", "record_id": record_id, "dataset": "d", "kind": kind, "system": "s", "text": text,
            "support": support, "fluent": fluent, "key_fact": key_fact, "packet": "p", "reader": "r1",
            "date": "2026-11-29", **extra}  # fmt: skip


def test_judged_rates_over_labelled_sentences_only() -> None:
    store = LabelStore()
    store.add(_sentence_line("a", "bullets", "Eins.", "no", True, False))
    store.add(_sentence_line("a", "bullets", "Zwei.", "partly", False, True))
    store.add(_sentence_line("a", "bullets", "Drei.", "yes", True, True))
    store.add(_sentence_line("a", "bullets", "Drei.", "yes", False, True))  # read again: the last line counts
    sentences = ["Eins.", "Zwei.", "Drei.", "Vier."]
    store.add({"unit": "list", "record_id": "a", "kind": "bullets", "system": "s", "sentences": sentences,
               "coverage": 3})  # fmt: skip
    rates = judged_rates([("a", "bullets", ["Eins.", "Zwei.", " Drei. ", "Vier."]), ("b", "bullets", ["Eins."])], store)
    assert (rates["sentences"], rates["labelled"], rates["unlabelled"]) == (5, 3, 2)
    assert rates["not_supported"] == rates["partly"] == round(1 / 3, 4)
    assert rates["not_fluent"] == round(2 / 3, 4) and rates["key_fact"] == round(2 / 3, 4)
    assert (rates["lists"], rates["lists_labelled"], rates["coverage"]) == (2, 1, 3.0)
    assert judged_rates([("a", "summary_de", ["Eins."])], store)["labelled"] == 0  # keyed by kind too


def test_store_rejects_values_outside_the_rubric(tmp_path: Path) -> None:
    store = tmp_path / "labels.jsonl"
    with pytest.raises(LabelError):
        good = _sentence_line("a", "bullets", "x", "yes", True, False)
        append_lines(store, [good, _sentence_line("a", "bullets", "y", "maybe", True, False)])
    assert not store.exists()  # nothing written
    with pytest.raises(LabelError):
        LabelStore().add(_sentence_line("a", "teaser", "x", "yes", True, False))


# --- packets -----------------------------------------------------------------------------------------------


def _packets(tmp_path: Path, n: int = 8, seed: int = 0) -> tuple[list[dict], Path, list[str]]:
    records = [_record(i) for i in range(n)]
    out = tmp_path / "judging"
    written = make_packets.write_packets(records, "set", _logs(records), out, seed=seed)
    return records, out, written


def test_packets_are_blind_and_number_every_sentence(tmp_path: Path) -> None:
    records, out, written = _packets(tmp_path)
    assert written == [f"set-{i:03d}" for i in range(1, 9)]
    for packet in written:
        text = (out / "packets" / f"{packet}.md").read_text(encoding="utf-8")
        template = (out / "labels" / f"{packet}.jsonl").read_text(encoding="utf-8")
        for name in NAMES:
            assert name not in text.lower() and name not in template.lower(), (packet, name)
        key = json.loads((out / "keys" / f"{packet}.json").read_text(encoding="utf-8"))
        kinds = sorted(p["kind"] for entry in key["lists"].values() for p in entry["producers"])
        assert kinds == ["bullets", "lead3", "reference", "summary_de", "summary_en"]
        for letter, entry in key["lists"].items():
            for i, sentence in enumerate(entry["sentences"], start=1):
                assert f"{letter}{i}. {sentence}" in text
        assert "expected language: English" in text and "Heizungsgesetz" in text


def test_shuffle_differs_across_records_and_repeats_with_the_seed(tmp_path: Path) -> None:
    def orders(out: Path, written: list[str]) -> list[tuple[str, ...]]:
        keys = [json.loads((out / "keys" / f"{p}.json").read_text(encoding="utf-8")) for p in written]
        return [tuple(e["producers"][0]["kind"] for e in k["lists"].values()) for k in keys]

    _, out, written = _packets(tmp_path / "a")
    first = orders(out, written)
    assert len(set(first)) > 1
    _, again, written_again = _packets(tmp_path / "b")
    assert orders(again, written_again) == first
    _, other, written_other = _packets(tmp_path / "c", seed=1)
    assert orders(other, written_other) != first


def test_identical_lists_are_shown_once_with_every_producer(tmp_path: Path) -> None:
    record = _record(0)
    docs = {"extractive": {record["id"]: rb.doc_record(record, rb.lead3(record), 0.0)}}
    lists = make_packets.collect_lists(record, docs)
    assert [sorted(p["system"] for p in o.producers) for o in lists] == [["extractive", "lead3"], ["reference"]]


# --- ingest ------------------------------------------------------------------------------------------------


def _fill(path: Path, *, support: str = "yes", skip: int = 0) -> None:
    lines = [json.loads(raw) for raw in path.read_text(encoding="utf-8").splitlines()]
    for line in lines[skip:]:
        if "coverage" in line:
            line["coverage"] = 4
        else:
            line.update(support=support, fluent="yes", key_fact="no")
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")


def test_ingest_round_trips_and_is_idempotent(tmp_path: Path) -> None:
    records, out, written = _packets(tmp_path, n=2)
    files = [out / "labels" / f"{p}.jsonl" for p in written]
    _fill(files[0], support="partly")
    _fill(files[1], skip=1)
    store = tmp_path / "store" / "labels.jsonl"
    counts = ingest_labels.ingest(files, out / "keys", store, reader="r1", date="2026-11-29")
    assert counts["unread"] == 1 and counts["added"] > 0
    lines = [json.loads(raw) for raw in store.read_text(encoding="utf-8").splitlines()]
    assert all("text" not in line or line["text"] != TEXT for line in lines)  # no article in the store
    assert {line["system"] for line in lines} == {SYSTEM, "lead3", "reference"}
    report = fm.dataset_report(records, _logs(records), LabelStore.load(store))
    assert report[SYSTEM]["summary_en"]["judged"]["labelled"] == 4
    assert report["lead3"]["lead3"]["judged"]["coverage"] == 4.0
    first_doc = [r for r in lines if r["record_id"] == "doc-0" and r["unit"] == "sentence"]
    assert {r["support"] for r in first_doc} == {"partly"} and all(r["fluent"] is True for r in first_doc)
    assert sum(j["judged"]["unlabelled"] for kinds in report.values() for j in kinds.values()) == 1
    again = ingest_labels.ingest(files, out / "keys", store, reader="r1", date="2026-11-30")
    assert again["added"] == 0 and again["already"] == counts["added"]


@pytest.mark.parametrize(
    ("change", "message"),
    [({"support": "maybe"}, "support must be"), ({"fluent": None}, "left empty"), ({"text": "Anders."}, "differs"),
     ({"item": "Z1"}, "no such item")],
)  # fmt: skip
def test_ingest_rejects_bad_lines_and_writes_nothing(tmp_path: Path, change: dict, message: str) -> None:
    _, out, written = _packets(tmp_path, n=1)
    path = out / "labels" / f"{written[0]}.jsonl"
    _fill(path)
    lines = [json.loads(raw) for raw in path.read_text(encoding="utf-8").splitlines()]
    lines[0].update(change)
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    store = tmp_path / "labels.jsonl"
    with pytest.raises(LabelError, match=message):
        ingest_labels.ingest([path], out / "keys", store, reader="r1", date="2026-11-29")
    assert not store.exists()
    assert ingest_labels.main([str(path), "--keys", str(out / "keys"), "--reader", "r1", "--store", str(store)]) == 1
