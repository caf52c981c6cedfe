"""Thread count from the cores other processes leave free."""

from __future__ import annotations

import pytest

from summarize.models import threads


def test_explicit_thread_count_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(threads.THREADS_ENV, "3")
    assert threads.choose_threads() == 3


def test_busy_cores_are_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(threads.THREADS_ENV, raising=False)
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    monkeypatch.setattr(threads.os, "cpu_count", lambda: 4)
    monkeypatch.setattr(threads, "usable_cores", lambda: 4)
    monkeypatch.setattr(threads, "busy_cores", lambda: 1.7)  # one core busy, another at 70%
    assert threads.choose_threads() == 2
    monkeypatch.setattr(threads, "busy_cores", lambda: 0.3)
    assert threads.choose_threads() == 4


def test_at_least_one_thread_on_a_saturated_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(threads.THREADS_ENV, raising=False)
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    monkeypatch.setattr(threads, "busy_cores", lambda: 12.0)
    assert threads.choose_threads() == 1


def test_busy_cores_is_a_fraction_of_the_machine() -> None:
    assert 0 <= threads.busy_cores(0.05) <= (threads.os.cpu_count() or 1) + 1e-6


def test_a_sample_leaves_out_the_process_own_work(monkeypatch: pytest.MonkeyPatch) -> None:
    ticks = iter([(100, 200, 0), (100, 400, 150)])  # (idle, total, ours): 200 busy ticks, 150 of them ours
    monkeypatch.setattr(threads, "_cpu_times", lambda: next(ticks))
    monkeypatch.setattr(threads.os, "cpu_count", lambda: 2)
    sample = threads.CoreSample()
    assert sample.busy_cores(0.0) == pytest.approx(0.5)  # only the 50 ticks of others: a quarter of 2 cores
