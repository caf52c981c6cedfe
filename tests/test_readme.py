"""The README's Python example runs as written (with a scripted model in place of the embedded one)."""

from __future__ import annotations

import re

import pytest

import summarize
from summarize import Summarizer
from tests.conftest import ROOT, ScriptedGenerator
from tests.test_pipeline import _script


def _python_blocks() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^```python\n(.*?)^```", readme, flags=re.DOTALL | re.MULTILINE)


def test_readme_python_example_runs(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    blocks = _python_blocks()
    assert blocks, "the README has a python example"
    made: list[Summarizer] = []

    def scripted_summarizer(*args: object, **kwargs: object) -> Summarizer:
        made.append(Summarizer(generator=ScriptedGenerator(_script()), **kwargs))  # type: ignore[arg-type]
        return made[-1]

    monkeypatch.setattr(summarize, "Summarizer", scripted_summarizer)
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 - the README's own example
    out, err = capsys.readouterr()
    result = namespace["result"]
    assert isinstance(result, summarize.SummaryResult) and len(made) == 1
    assert result.title == "Bodensee-Region bekommt neue Fährverbindung zwischen Konstanz und Friedrichshafen"  # no title=
    for text in (result.title, result.summary_de, result.summary_en, *result.bullet_texts):
        assert text in out
    assert "summarize: generating" in err  # the example's LogLines progress
    assert set(namespace["scores"]) == {"rouge1", "rouge2", "rougeL", "rougeLsum"}  # type: ignore[arg-type]
