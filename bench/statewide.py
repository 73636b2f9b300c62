"""State-wide costing benchmark (not a test): a synthetic state on 1 and 2 local Dask workers against
the same tasks in one process, at 1 and 20 replicates.

    python bench/statewide.py [--districts 300] [--teachers 1000000] [--years 10] [--replicates 1 20]
                              [--workers 1 2] [--folder DIR]

Prints, for each run: wall time, teacher-years a second (teachers x years x replicates x scenarios
projected), the ratio of the one-process time to this run's (above 1: faster than one process), memory of
each worker after the run, and the seconds a task took per million teacher-years, from which the README
sizes a national run. The synthetic state is written once into --folder (default: a folder in the system's
temporary directory named by its size and seed) and reused.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from models import state, state_dask, synthetic_state  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--districts", type=int, default=300)
    parser.add_argument("--teachers", type=int, default=1_000_000)
    parser.add_argument("--largest", type=int, default=80_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--replicates", type=int, nargs="+", default=[1, 20])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--folder", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    folder = args.folder or Path(tempfile.gettempdir()) / (
        f"pathways_state_{args.districts}_{args.teachers}_{args.largest}_{args.seed}")
    if not (folder / "policy.xlsx").exists():
        start = time.perf_counter()
        synthetic_state.write_state(folder, args.districts, args.seed, 200, args.largest, args.teachers)
        print(f"wrote the synthetic state to {folder} in {time.perf_counter() - start:.0f} s")
    districts = state.district_files(folder)
    policy = state.read_policy(folder / "policy.xlsx")
    sizes = [state.teachers_in(data) for _, data in districts]
    print(f"{len(districts)} districts, {sum(sizes):,} teachers (smallest {min(sizes):,}, largest {max(sizes):,}), "
          f"{args.years} years, policy in {len(policy.parts)} parts ({len(policy.parts) + 1} scenarios)")
    for replicates in args.replicates:
        tasks = state.tasks(districts, policy, args.years, replicates, teachers_of=state.teachers_in)
        start = time.perf_counter()
        serial = state.run_serial(tasks)
        reference = time.perf_counter() - start
        work = sum(r.teacher_years for r in serial)
        task_seconds = sum(r.seconds for r in serial)
        read_share = sum(r.read_seconds for r in serial) / task_seconds
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"\nR={replicates}: {len(tasks)} tasks, {work / 1e6:,.0f} M teacher-years")
        print(f"  one process        {reference:8.1f} s  {work / reference / 1e6:6.2f} M teacher-years/s  "
              f"ratio 1.00  peak memory {peak:,.0f} MB  "
              f"({task_seconds / (work / 1e6):.3f} task-s per M teacher-years, {read_share:.0%} of it reading "
              "workbooks)")
        expected = state.summarise(policy, serial).totals
        for workers in args.workers:
            start = time.perf_counter()
            results, info = state_dask.run(tasks, workers=workers)
            seconds = time.perf_counter() - start
            same = state.summarise(policy, results).totals.equals(expected)
            memory = ", ".join(f"{m / 1e6:,.0f}" for m in info.memory_per_worker)
            print(f"  {workers} local worker(s) {seconds:8.1f} s  {work / seconds / 1e6:6.2f} M teacher-years/s  "
                  f"ratio {reference / seconds:4.2f} (cluster start {info.start_seconds:.1f} s of it)  "
                  f"worker memory {memory} MB  "
                  f"same totals as one process: {same}")


if __name__ == "__main__":
    main()
