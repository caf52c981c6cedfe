"""The command line: reports, JSON, scoring, batches and exit codes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from summarize import Summarizer
from summarize.cli import EXIT_ERROR, EXIT_OK, EXIT_USAGE, main, print_report
from tests.conftest import EXAMPLE, ScriptedGenerator

CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")  # anything but a newline


def test_json_output_of_a_summary(tiny_llama_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(EXAMPLE), "--model", str(tiny_llama_dir), "--json"]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert data["language"]["lang"] == "de"
    assert len(data["bullets"]) == 3
    assert data["reference_bullets"][0].startswith("Ab dem 1. Mai 2027")
    assert set(data["rouge"]) == {"rouge1", "rouge2", "rougeL", "rougeLsum"}


def test_readable_report(tiny_llama_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(EXAMPLE), "--model", str(tiny_llama_dir), "--bullets", "2"]) == EXIT_OK
    report = capsys.readouterr().out
    for heading in ("Language: de", "Zusammenfassung (Deutsch)", "Summary (English)", "Das Wichtigste in Kürze", "ROUGE F1"):
        assert heading in report
    assert report.count("• ") == 2


def test_progress_is_plain_lines_when_stderr_is_not_a_terminal(tiny_llama_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(EXAMPLE), "--model", str(tiny_llama_dir)]) == EXIT_OK
    err = capsys.readouterr().err
    assert err.splitlines() == [f"summarize: loading {tiny_llama_dir}", "summarize: generating"]
    assert not CONTROL.search(err)


def test_an_error_after_progress_has_no_stray_blank_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(EXAMPLE), "--model", str(tmp_path / "nope")]) == EXIT_ERROR
    lines = capsys.readouterr().err.split("\n")
    assert lines[0] == f"summarize: loading {tmp_path / 'nope'}"
    assert lines[1].startswith("summarize: error: cannot load model")
    assert lines[2:] == [""]  # the text ends with one newline, nothing between the lines


def test_report_shows_how_each_summary_was_made(example_text: str, capsys: pytest.CaptureFixture[str]) -> None:
    result = Summarizer(generator=ScriptedGenerator([])).summarize(example_text)  # no answers: extracted
    assert result.origins == {"summary_de": "extracted", "summary_en": "extracted"}
    print_report(result)
    report = capsys.readouterr().out
    assert "Zusammenfassung (Deutsch)  (extracted)" in report
    assert "Summary (English)  (extracted)" in report


def test_report_can_show_the_sources_of_translated_texts(example_text: str, capsys: pytest.CaptureFixture[str]) -> None:
    lead = "Pendler am Bodensee können sich auf eine neue Verbindung über den See freuen."
    translation = "Commuters on Lake Constance can look forward to a new connection across the lake."
    generator = ScriptedGenerator([(rf"^German sentence:\n{re.escape(lead)}\n", translation)])
    result = Summarizer(generator=generator).summarize(example_text)
    print_report(result)
    assert "from:" not in capsys.readouterr().out
    print_report(result, sources=True)
    report = capsys.readouterr().out
    assert f"{translation}\n  from: {lead}\n" in report
    assert report.count("from:") == 1  # extracted texts are their own sources: not repeated


def test_sources_of_shortened_texts_are_shown_with_their_brackets(capsys: pytest.CaptureFixture[str]) -> None:
    article = (
        "Fähre [Update]\n\n"
        "Die neue Fähre [Baujahr 2026] fährt ab Mai jeden Tag zwischen Konstanz und Friedrichshafen über den See. "
        "Der Bau hat 40 Millionen Euro gekostet. Die Bürger freuen sich auf die erste Fahrt im Frühjahr."
    )
    short = "Die neue Fähre fährt ab Mai zwischen Konstanz und Friedrichshafen über den See."
    generator = ScriptedGenerator([(r"^Sentence:\nDie neue Fähre", short)])
    result = Summarizer(generator=generator, bullet_strategy="compressed").summarize(article)
    assert (result.bullets[0].text, result.bullets[0].origin) == (short, "compressed")
    print_report(result, sources=True)
    report = capsys.readouterr().out
    assert f"• {short}  (compressed)\n    from: Die neue Fähre [Baujahr 2026] fährt ab Mai" in report


def test_report_prints_brackets_in_the_article_as_they_are(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "klammern.txt"
    article.write_text(
        "Streit um die Fähre [Update]\n\n"
        "Die Partei [SPD] sagte am Montag, sie [die Regierung] habe die Fähre zu spät bestellt. "
        "Der Landrat widersprach am Dienstag und nannte die Kritik [/b] unfair. "
        "Die Fähre soll im Mai zum ersten Mal fahren.\n",
        encoding="utf-8",
    )
    result = Summarizer(generator=ScriptedGenerator([])).summarize(article.read_text(encoding="utf-8"))
    print_report(result)
    report = capsys.readouterr().out
    assert "Streit um die Fähre [Update]" in report
    assert "sie [die Regierung] habe" in report and "die Kritik [/b] unfair" in report


def _reference_and_candidate(tmp_path: Path, candidate_text: str) -> tuple[Path, Path]:
    """A reference file of two lines and a candidate file holding ``candidate_text``."""
    reference, candidate = tmp_path / "ref.txt", tmp_path / "cand.txt"
    reference.write_text("Die Fähre fährt ab Mai.\nDas Land zahlt.\n", encoding="utf-8")
    candidate.write_text(candidate_text, encoding="utf-8")
    return reference, candidate


def test_score_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reference, candidate = _reference_and_candidate(tmp_path, "Das Land zahlt.\nDie Fähre fährt ab Mai.\n")
    assert main(["score", str(reference), str(candidate), "--json"]) == EXIT_OK
    scores = json.loads(capsys.readouterr().out)
    assert scores["rougeLsum"]["fmeasure"] == pytest.approx(1.0)
    assert main(["score", str(reference), str(candidate)]) == EXIT_OK
    report = capsys.readouterr().out
    assert f"reference: {reference}" in report and f"candidate: {candidate}" in report
    assert "P = share of the candidate's" in report and "rouge1" in report


def test_score_roles_by_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reference, candidate = _reference_and_candidate(tmp_path, "Die Fähre fährt.\n")
    assert main(["score", str(reference), str(candidate), "--json"]) == EXIT_OK
    positional = json.loads(capsys.readouterr().out)
    assert main(["score", "--candidate", str(candidate), "--reference", str(reference), "--json"]) == EXIT_OK
    named = json.loads(capsys.readouterr().out)
    assert named == positional
    assert named["rouge1"]["precision"] == 1.0 and named["rouge1"]["recall"] < 1.0  # every candidate word is in the reference
    with pytest.raises(SystemExit) as exc:
        main(["score", str(reference), "--reference", str(reference)])
    assert exc.value.code == EXIT_USAGE
    assert "given twice" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["0", "-1", "three"])
def test_a_bad_bullet_count_is_a_usage_error(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([str(EXAMPLE), "--bullets", value])
    assert exc.value.code == EXIT_USAGE
    assert "--bullets: must be a positive integer" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: d, "is a directory"),
        (lambda d: (d / "bad.txt", (d / "bad.txt").write_bytes(b"Gr\xfc\xdfe aus K\xf6ln"))[0], "not valid UTF-8"),
        (lambda d: (d / "empty.txt", (d / "empty.txt").write_text("  \n"))[0], "empty"),
    ],
)
def test_bad_inputs_give_one_line_and_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str], make, message: str) -> None:
    path = make(tmp_path)
    assert main([str(path), "--model", str(tmp_path / "never-loaded")]) == EXIT_ERROR
    err = capsys.readouterr().err.strip()
    assert err.startswith("summarize: error:") and message in err
    assert len(err.splitlines()) == 1


def test_unavailable_model_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(EXAMPLE), "--model", str(tmp_path / "nope")]) == EXIT_ERROR
    assert "cannot load model" in capsys.readouterr().err


def test_usage_error_exits_2() -> None:
    with pytest.raises(SystemExit) as exc:
        main([])
    assert exc.value.code == 2


def test_module_and_console_script_are_the_same_command() -> None:
    result = subprocess.run([sys.executable, "-m", "summarize", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("summarize ")


def test_stdin_input(tiny_llama_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "summarize", "-", "--model", str(tiny_llama_dir), "--json"],
        input=EXAMPLE.read_text(encoding="utf-8"), capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["language"]["lang"] == "de"
