"""Run state-wide costing tasks on Dask: a local cluster on this machine's cores, or an existing cluster.

Each task carries its workbook's bytes and returns a small tidy frame, so a task runs the same on any
worker; results come back in the order of the tasks, whatever order they finish in, and equal a
one-process run (models.state.run_serial) to the cent.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from models.state import Task, TaskResult, cost_task


@dataclass
class ClusterInfo:
    address: str
    workers: int
    memory_per_worker: list[int]  # resident bytes of each worker after the run
    start_seconds: float  # connecting to the scheduler, or starting the local cluster


def run(all_tasks: Sequence[Task], scheduler: str | None = None, workers: int | None = None,
        progress: Callable[[TaskResult], None] | None = None) -> tuple[list[TaskResult], ClusterInfo]:
    """Every task on Dask; without a scheduler address, on a local cluster of `workers` processes."""
    from dask.distributed import Client, LocalCluster, as_completed

    started = time.perf_counter()
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        # Loopback only, no dashboard: the cluster serves this machine and nobody else.
        cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address=None)
        client = Client(cluster)
    start_seconds = time.perf_counter() - started
    try:
        futures = client.map(cost_task, list(all_tasks), pure=False)
        order = {f.key: i for i, f in enumerate(futures)}
        results: list[TaskResult | None] = [None] * len(futures)
        for future in as_completed(futures):
            result = future.result()
            results[order[future.key]] = result
            if progress:
                progress(result)
        memory = client.run(_resident_bytes)
        info = ClusterInfo(client.scheduler.address, len(memory), list(memory.values()), start_seconds)
        return [r for r in results if r is not None], info
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _resident_bytes() -> int:
    import psutil

    return int(psutil.Process().memory_info().rss)
