"""The model-free parts of benchmarks/speed_benchmark.py: the report table and its ratios."""

from __future__ import annotations

import json
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import speed_benchmark as sb


def _phase(pipeline_s: float, decode: float) -> dict[str, float]:
    return {"load_s": 4.0, "prefill_tok_s": 200.0, "decode_tok_s": decode, "pipeline_s_per_article": pipeline_s,
            "peak_rss_gib": 2.0}  # fmt: skip


def test_report_has_a_column_and_ratio_per_measured_engine(tmp_path: Path) -> None:
    report = {"command": "c", "cpu": "Test CPU", "machine": "2 cores", "load_before": "0.1", "articles": 1,
              "ours_warm": _phase(10.0, 12.0), "llama_cpp": _phase(30.0, 10.0)}  # fmt: skip
    sb.save(report, tmp_path)
    table = (tmp_path / "speed.md").read_text()
    assert "Test CPU" in table
    assert "| llama.cpp | llama.cpp / ours |" in table and "naive" not in table  # unmeasured engines left out
    assert "| pipeline per article, after load | 10.0 s | 30.0 s | 3.00× |" in table
    assert "| decode | 12.0 tok/s | 10.0 tok/s | 1.20× |" in table
    assert json.loads((tmp_path / "speed.json").read_text())["ratios"] == {"pipeline_llama_cpp_over_ours": 3.0}
