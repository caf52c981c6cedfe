"""The command line: reports, JSON, scoring, batches and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from summarize.cli import EXIT_ERROR, EXIT_OK, main
from tests.conftest import EXAMPLE


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


def test_score_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reference = tmp_path / "ref.txt"
    candidate = tmp_path / "cand.txt"
    reference.write_text("Die Fähre fährt ab Mai.\nDas Land zahlt.\n", encoding="utf-8")
    candidate.write_text("Das Land zahlt.\nDie Fähre fährt ab Mai.\n", encoding="utf-8")
    assert main(["score", str(reference), str(candidate), "--json"]) == EXIT_OK
    scores = json.loads(capsys.readouterr().out)
    assert scores["rougeLsum"]["fmeasure"] == pytest.approx(1.0)
    assert main(["score", str(reference), str(candidate)]) == EXIT_OK
    assert "rouge1" in capsys.readouterr().out


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
