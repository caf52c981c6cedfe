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


def _cpu_times() -> tuple[int, int] | None:
    """(idle, total) jiffies of all CPUs from /proc/stat, or None off Linux."""
    try:
        with open("/proc/stat") as stat:
            fields = [int(v) for v in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return idle, sum(fields[:8])  # guest time is already counted in user


def busy_cores(sample_seconds: float = SAMPLE_SECONDS) -> float:
    """How many cores other processes keep busy: /proc/stat over ``sample_seconds``, else the 1-minute load."""
    before = _cpu_times()
    if before is not None:
        time.sleep(sample_seconds)
        after = _cpu_times()
        if after is not None and after[1] > before[1]:
            idle = (after[0] - before[0]) / (after[1] - before[1])
            return (1 - idle) * (os.cpu_count() or 1)
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return 0.0


def free_cores() -> int:
    """Usable cores minus the busy ones (a core counts as busy from 60% use), at least one."""
    busy = int(busy_cores() + 0.4)
    return max(1, min(usable_cores(), (os.cpu_count() or 1) - busy))


def choose_threads() -> int:
    """``$SUMMARIZE_THREADS``, else ``$OMP_NUM_THREADS`` if set (torch already obeys it), else :func:`free_cores`."""
    for name in (THREADS_ENV, "OMP_NUM_THREADS"):
        value = os.environ.get(name, "").strip()
        if value.isdigit() and int(value) > 0:
            return int(value)
    return free_cores()


def configure_torch_threads() -> int:
    """Set torch's intra-op thread count to :func:`choose_threads`; returns it."""
    import torch

    threads = choose_threads()
    torch.set_num_threads(threads)
    return threads
