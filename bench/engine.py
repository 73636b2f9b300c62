"""Engine benchmark (not a test): prints times, throughput and peak memory.

    python bench/engine.py

Targets on a 2-core machine: Baltimore sample, 10 years, status quo + 2 proposals, 1 replicate
50 ms, 100 replicates 1.5 s; a generated 100,000-teacher district, 10 years, 1 replicate, 1 s;
peak memory under 1 GB.
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dataclasses import replace  # noqa: E402

from models import workbook  # noqa: E402
from models.engine import project  # noqa: E402
from models.inputs import canonical_roster  # noqa: E402
from models.synthetic import RosterShape, synthetic_roster  # noqa: E402


def timed(label: str, target: float, run, repeats: int, teacher_years: int) -> None:
    run()  # warm caches and imports
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    best, median = min(times), statistics.median(times)
    verdict = "meets" if median <= target else "MISSES"
    print(f"{label:<58} median {median * 1000:8.1f} ms  best {best * 1000:8.1f} ms  "
          f"target {target * 1000:6.0f} ms ({verdict})  {teacher_years / median / 1e6:6.2f} M teacher-years/s")


def large_district(teachers: int):
    """The Baltimore sample's schedules and rules with a generated roster of `teachers`."""
    base = workbook.read(ROOT / "sample_budgets" / "baltimore_2010.xlsx")
    shape = RosterShape(teachers=teachers, lanes=base.baseline.step_schedule.lanes,
                        steps=base.baseline.step_schedule.steps,
                        experience_bands=((0, 3, 0.33), (4, 9, 0.27), (10, 19, 0.22), (20, 38, 0.18)),
                        advanced_lane_share=(0.55, 0.78, 0.86), rating_shares=(0.12, 0.70, 0.13, 0.05),
                        schools=1500)
    roster = synthetic_roster(shape, seed=100000)
    return replace(base, roster=canonical_roster(roster), _fingerprint=[])


def main() -> None:
    baltimore = workbook.read(ROOT / "sample_budgets" / "baltimore_2010.xlsx")
    n = len(baltimore.roster)
    scenarios = baltimore.scenarios()
    print(f"Baltimore sample: {n:,} teachers, {len(scenarios)} scenarios, 10 years")
    timed("Baltimore, 10 years, 3 scenarios, 1 replicate", 0.050,
          lambda: project(baltimore, scenarios, horizon=10, replicates=1, keep_teachers=False),
          repeats=20, teacher_years=n * 10 * 3)
    timed("Baltimore, 10 years, 3 scenarios, 100 replicates", 1.5,
          lambda: project(baltimore, scenarios, horizon=10, replicates=100, keep_teachers=False),
          repeats=5, teacher_years=n * 10 * 3 * 100)
    big = large_district(100_000)
    big_scenarios = big.scenarios()
    timed("Generated 100,000 teachers, 10 years, status quo only, 1 rep", 1.0,
          lambda: project(big, big_scenarios[:1], horizon=10, replicates=1, keep_teachers=False),
          repeats=5, teacher_years=100_000 * 10)
    timed("Generated 100,000 teachers, 10 years, 3 scenarios, 1 rep", 1.0,
          lambda: project(big, big_scenarios, horizon=10, replicates=1, keep_teachers=False),
          repeats=5, teacher_years=100_000 * 10 * 3)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Peak memory (max RSS of this process): {peak_mb:,.0f} MB (target under 1,024 MB)")


if __name__ == "__main__":
    main()
