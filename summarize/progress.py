"""Progress of the slow steps (first-run model assembly and int8 conversion, loading, generating).

The library reports progress and never prints on its own: a caller passes a :class:`Progress`
(``Summarizer(progress=...)``, default silent). Two displays come with it:
:class:`LogLines` writes plain lines for logs, CI and notebooks
(``summarize: converting the model to int4/int8 (first run only): 40%``), and
:class:`TerminalProgress` draws a rich spinner with a percentage bar in a terminal.
:func:`display_for` picks one for a console, as the command line does.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from typing import Protocol, TextIO, runtime_checkable

from rich.console import Console

Status = Callable[[str], None]  # the older, simpler form: receives each step's name


@runtime_checkable
class Progress(Protocol):
    """Receives the steps of slow work and how far the current step is."""

    def step(self, name: str) -> None:
        """A new step begins, e.g. ``"loading qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"``."""

    def advance(self, fraction: float) -> None:
        """The current step is ``fraction`` done, from 0.0 to 1.0 (only steps that can measure it call this)."""


class Silent:
    """Progress that goes nowhere: the library's default."""

    def step(self, name: str) -> None:
        pass

    def advance(self, fraction: float) -> None:
        pass


SILENT = Silent()


class StatusSteps:
    """Adapts a ``status(message)`` callable: it receives step names, fractions are dropped."""

    def __init__(self, status: Status) -> None:
        self._status = status

    def step(self, name: str) -> None:
        self._status(name)

    def advance(self, fraction: float) -> None:
        pass


def as_progress(progress: Progress | Status | None) -> Progress:
    """A :class:`Progress` for ``progress``: itself, a ``status`` callable adapted, or silent for ``None``."""
    if progress is None:
        return SILENT
    if isinstance(progress, Progress):
        return progress
    if callable(progress):
        return StatusSteps(progress)
    raise TypeError(f"progress must be a Progress or a callable taking a message, got {type(progress).__name__}")


class LogLines:
    """Plain, complete lines for a log: one per step, and one per ``every`` (10%) of a measured step.

    Also a context manager (doing nothing), like :class:`TerminalProgress`.
    Lines carry no control characters, so a log file, CI or a notebook shows them as they are.
    A step named like the current one continues it (a batch generates once per record).
    """

    def __init__(self, stream: TextIO | None = None, *, prefix: str = "summarize", every: float = 0.1) -> None:
        self._stream = stream
        self._prefix = prefix
        self._every = every
        self._name = ""
        self._shown = 0  # how many ``every`` marks of the current step were written

    def _write(self, text: str) -> None:
        stream = self._stream or sys.stderr  # looked up late: pytest and callers swap sys.stderr
        stream.write(f"{self._prefix}: {text}\n")
        stream.flush()

    def step(self, name: str) -> None:
        if name != self._name:
            self._write(name)
            self._name, self._shown = name, 0

    def advance(self, fraction: float) -> None:
        marks = math.floor(min(max(fraction, 0.0), 1.0) / self._every + 1e-9)
        if marks > self._shown:
            self._shown = marks
            self._write(f"{self._name}: {min(round(marks * self._every * 100), 100)}%")

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


class TerminalProgress:
    """A transient rich line in a terminal: spinner, step, percentage bar (when measured), elapsed time.

    Use as a context manager; it disappears when the work is done. A step named like the
    current one continues it.
    """

    def __init__(self, console: Console) -> None:
        from rich.progress import BarColumn, SpinnerColumn, TaskProgressColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as RichProgress

        columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), TimeElapsedColumn())
        self._bar = RichProgress(*columns, console=console, transient=True)
        self._task = self._bar.add_task("starting", total=None)
        self._name = ""

    def __enter__(self) -> Progress:
        self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.stop()

    def step(self, name: str) -> None:
        if name != self._name:
            self._name = name
            self._bar.update(self._task, description=name, total=None, completed=0)

    def advance(self, fraction: float) -> None:
        self._bar.update(self._task, total=1.0, completed=min(max(fraction, 0.0), 1.0))


def display_for(console: Console) -> TerminalProgress | LogLines:
    """The progress display for ``console`` as a context manager: rich in a terminal, plain lines otherwise."""
    if console.is_terminal:
        return TerminalProgress(console)
    return LogLines(console.file)


class Phases:
    """One step's fraction split over consecutive phases by their expected shares of its time.

    >>> phases = Phases(progress, {"read": 0.6, "quantise": 0.3, "save": 0.1})
    >>> phases.report("quantise")(0.5)    # progress.advance(0.6 + 0.3 * 0.5)
    """

    def __init__(self, progress: Progress, shares: dict[str, float]) -> None:
        self._progress = progress
        total = sum(shares.values())
        self._start: dict[str, float] = {}
        self._share: dict[str, float] = {}
        done = 0.0
        for name, share in shares.items():
            self._start[name], self._share[name] = done / total, share / total
            done += share

    def report(self, phase: str) -> Callable[[float], None]:
        """A callback taking the fraction of ``phase`` done."""
        start, share = self._start[phase], self._share[phase]
        return lambda fraction: self._progress.advance(start + share * min(max(fraction, 0.0), 1.0))
