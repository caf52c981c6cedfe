"""How many threads torch should use: the cores this process may run on that nobody else keeps busy.

torch starts one OpenMP thread per core. When another process keeps a core busy, the two
threads of every parallel operation wait for each other at its end, and on our 2-core
machines decoding got 5-10x slower (docs/performance.md, "Threads"). So the thread count
is the number of cores that were idle over a short sample, at least one.
"""

from __future__ import annotations

import os
import time

THREADS_ENV = "SUMMARIZE_THREADS"  # an explicit count wins over the measurement
SAMPLE_SECONDS = 0.2


def usable_cores() -> int:
    """Cores this process may run on (its CPU affinity; the machine's count where that is unknown)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _cpu_times() -> tuple[int, int, int] | None:
    """(idle, total, ours) clock ticks: all CPUs' idle and total from /proc/stat, this process's own
    user + system time from /proc/self/stat (same unit); None off Linux."""
    try:
        with open("/proc/stat") as stat:
            fields = [int(v) for v in stat.readline().split()[1:]]
        with open("/proc/self/stat") as own:
            ours = own.read().rsplit(")", 1)[1].split()  # the command name may hold spaces
        idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
        return idle, sum(fields[:8]), int(ours[11]) + int(ours[12])  # guest time is already counted in user
    except (OSError, ValueError, IndexError):
        return None


class CoreSample:
    """A /proc/stat sample started now and read later, so that it can run while the model loads.

    The process's own CPU time is left out: a loading process must not count itself as "others".
    """

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.before = _cpu_times()

    def busy_cores(self, sample_seconds: float = SAMPLE_SECONDS) -> float:
        """How many cores other processes kept busy since the start (waiting until ``sample_seconds`` passed);
        the 1-minute load average off Linux."""
        if self.before is not None:
            time.sleep(max(0.0, self.started + sample_seconds - time.monotonic()))
            after = _cpu_times()
            if after is not None and after[1] > self.before[1]:
                total = after[1] - self.before[1]
                others = total - (after[0] - self.before[0]) - (after[2] - self.before[2])
                return max(0.0, others / total) * (os.cpu_count() or 1)
        try:
            return os.getloadavg()[0]
        except (AttributeError, OSError):
            return 0.0


def busy_cores(sample_seconds: float = SAMPLE_SECONDS) -> float:
    """How many cores other processes keep busy: /proc/stat over ``sample_seconds``, else the 1-minute load."""
    return CoreSample().busy_cores(sample_seconds)


def free_cores(sample: CoreSample | None = None) -> int:
    """Usable cores minus the busy ones (a core counts as busy from 60% use), at least one.

    ``sample``: one started earlier (see :class:`CoreSample`); else a fresh one is taken.
    """
    busy = int((sample.busy_cores() if sample else busy_cores()) + 0.4)
    return max(1, min(usable_cores(), (os.cpu_count() or 1) - busy))


def choose_threads(sample: CoreSample | None = None) -> int:
    """``$SUMMARIZE_THREADS``, else ``$OMP_NUM_THREADS`` if set (torch already obeys it), else :func:`free_cores`."""
    for name in (THREADS_ENV, "OMP_NUM_THREADS"):
        value = os.environ.get(name, "").strip()
        if value.isdigit() and int(value) > 0:
            return int(value)
    return free_cores(sample)


def configure_torch_threads(sample: CoreSample | None = None) -> int:
    """Set torch's intra-op thread count to :func:`choose_threads`; returns it."""
    import torch

    threads = choose_threads(sample)
    torch.set_num_threads(threads)
    return threads
