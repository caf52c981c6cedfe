"""Throughput of ``summarize batch --engine ray`` for actor/thread layouts on one machine.

    python benchmarks/distributed_benchmark.py /work/shared/data/de_news.jsonl --records 10 \\
        --layouts 1x2 2x1 --out docs/benchmarks/distributed/results.json

Each layout ``AxT`` (A actors × T threads per actor) summarises the same first ``--records``
records with the embedded default model into a fresh output directory on one local Ray
instance (``num_cpus`` = the machine's cores). Reported per layout: wall seconds from job start
to the last row (model loading included, as a real job pays it once per actor), articles per
hour, and CPU-seconds per article: the CPU time (user + system, all threads) the actor processes
consumed, sampled every half second, divided by the articles. On a machine shared with other jobs
wall time measures the sharing; CPU time is what the cost model in docs/distributed.md needs.
Run with ``RAY_worker_niceness=0`` on a shared machine: Ray starts workers at nice 15.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import threading
import time
from pathlib import Path

import psutil
import ray

from summarize.distributed import SummarizerOptions, summarize_distributed


class ActorCpu:
    """CPU seconds of the Ray Data actor processes of the local instance this process started, sampled until
    :meth:`stop`."""

    def __init__(self, interval: float = 0.5) -> None:
        self.seen: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(interval,), daemon=True)
        self._thread.start()

    def _run(self, interval: float) -> None:
        while not self._stop.is_set():
            for proc in psutil.process_iter(["cmdline"]):
                try:
                    mine = any(parent.pid == os.getpid() for parent in proc.parents())  # not another job's actors
                    if mine and "MapWorker" in " ".join(proc.info["cmdline"] or []):
                        times = proc.cpu_times()
                        self.seen[proc.pid] = times.user + times.system
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    continue
            self._stop.wait(interval)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return sum(self.seen.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", help="JSONL with id/title/text records")
    parser.add_argument("--records", type=int, default=10)
    parser.add_argument("--layouts", nargs="+", default=["1x2", "2x1"], help="ACTORSxTHREADS")
    parser.add_argument("--batch-size", type=int, default=1)
    parser.add_argument("--out", type=Path, default=None, help="write the results as JSON here")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="distributed-bench-"))
    source = work / "in.jsonl"
    with open(args.data, encoding="utf-8") as handle:
        source.write_text("".join(line for _, line in zip(range(args.records), handle)), encoding="utf-8")
    cores = os.cpu_count() or 1
    ray.init(num_cpus=cores, include_dashboard=False, log_to_driver=False)
    results = []
    try:
        for layout in args.layouts:
            actors, threads = (int(x) for x in layout.split("x"))
            sampler = ActorCpu()
            start = time.perf_counter()
            report = summarize_distributed(
                str(source), str(work / f"out-{layout}"), options=SummarizerOptions(), actors=actors,
                threads_per_actor=threads, batch_size=args.batch_size,
            )  # fmt: skip
            wall = time.perf_counter() - start
            cpu = sampler.stop()
            rows = [json.loads(line) for part in (work / f"out-{layout}").glob("part-*.jsonl")
                    for line in part.read_text(encoding="utf-8").splitlines()]  # fmt: skip
            seconds = [row["seconds"] for row in rows if "seconds" in row]
            result = {
                "layout": layout, "actors": actors, "threads_per_actor": threads, "articles": len(rows),
                "failed": report.failed, "wall_s": round(wall, 1),
                "articles_per_hour": round(3600 * len(rows) / wall, 1),
                "actor_cpu_s": round(cpu, 1), "cpu_s_per_article": round(cpu / len(rows), 1),
                "load_average_1min_after": round(os.getloadavg()[0], 1),
                "mean_article_s_in_actor": round(sum(seconds) / max(len(seconds), 1), 1),
            }  # fmt: skip
            results.append(result)
            print(json.dumps(result), flush=True)
    finally:
        ray.shutdown()
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps({"data": args.data, "batch_size": args.batch_size, "results": results},
                                       indent=2) + "\n")  # fmt: skip


if __name__ == "__main__":
    main()
