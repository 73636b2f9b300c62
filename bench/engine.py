"""Engine benchmark (not a test): prints times, throughput and peak memory.

    python bench/engine.py

Targets on a 2-core machine: Baltimore sample, 10 years, status quo + 2 proposals, 1 replicate
50 ms, 100 replicates 1.5 s; a generated 100,000-teacher district, 10 years, 1 replicate, 1 s;
peak memory under 1 GB.

Each engine figure is also printed as a ratio against a reference measured in the same run: a numpy loop
doing the least such a projection must do (per teacher-year and scenario an exit draw, a step move, a
salary look-up and a sum; loops over years and scenarios, vectorised over teachers and replicates).
Targets: within 4x of it at 1 replicate (Baltimore and 100,000 teachers), within 1.5x at 100 replicates.
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

import numpy as np  # noqa: E402

from models import workbook  # noqa: E402
from models.engine import project  # noqa: E402
from models.inputs import canonical_roster  # noqa: E402
from models.synthetic import RosterShape, synthetic_roster  # noqa: E402


def median_times(runs: list, repeats: int) -> list[tuple[float, float]]:
    """(median, best) of each run; the runs alternate, so a busy machine slows each alike."""
    for run in runs:
        run()  # warm caches and imports
    times: list[list[float]] = [[] for _ in runs]
    for _ in range(repeats):
        for run, kept in zip(runs, times, strict=True):
            start = time.perf_counter()
            run()
            kept.append(time.perf_counter() - start)
    return [(statistics.median(t), min(t)) for t in times]


def timed(label: str, target: float, run, repeats: int, teacher_years: int, reference=None,
          ratio_target: float | None = None) -> None:
    """The engine's time against its target and, with a reference loop, as a multiple of that loop."""
    found = median_times([run] if reference is None else [run, reference], repeats)
    median, best = found[0]
    verdict = "meets" if median <= target else "MISSES"
    print(f"{label:<58} median {median * 1000:8.1f} ms  best {best * 1000:8.1f} ms  "
          f"target {target * 1000:6.0f} ms ({verdict})  {teacher_years / median / 1e6:6.2f} M teacher-years/s")
    if reference is not None:
        loop = found[1][0]
        ratio = median / loop
        print(f"{'  reference numpy loop':<58} median {loop * 1000:8.1f} ms  engine = {ratio:5.1f}x the loop  "
              f"target {ratio_target:g}x ({'meets' if ratio <= ratio_target else 'MISSES'})")


def reference_loop(inputs, scenarios: int, horizon: int, replicates: int):
    """The least a projection must do, in numpy: each year one exit draw per teacher (shared by the scenarios,
    as the engine's common random numbers) against the rate at the teacher's experience, then per scenario
    the exit, a step up the schedule, the salary look-up and the year's sum. A scenario's schedule is the
    status quo's scaled, so each looks up its own."""
    roster = inputs.roster
    schedule = np.asarray(inputs.baseline.step_schedule.array(), dtype=np.float64)
    lanes = {lane: j for j, lane in enumerate(inputs.baseline.step_schedule.lanes)}
    lane = roster["lane"].map(lanes).to_numpy()
    start_step = roster["step"].to_numpy(dtype=np.int64) - 1
    fte = roster["fte"].to_numpy(dtype=np.float64)
    start_years = roster["years_experience"].to_numpy(dtype=np.int64)
    by_years = np.arange(80)  # the exit rate at each year of experience (the sample's bands)
    rate_at = np.select([by_years <= 3, by_years <= 9, by_years <= 19], [0.122, 0.116, 0.082], 0.136)
    rate_at = rate_at.astype(np.float32)
    schedules = [schedule * (1 + 0.01 * s) for s in range(scenarios)]
    top = schedule.shape[0] - 1

    def run() -> np.ndarray:
        rng = np.random.default_rng(2010)
        shape = (replicates, len(fte))
        alive = [np.ones(shape, dtype=bool) for _ in range(scenarios)]
        step = [np.broadcast_to(start_step, shape).copy() for _ in range(scenarios)]
        totals = np.zeros((scenarios, horizon + 1, replicates))
        for t in range(1, horizon + 1):
            u = rng.random(shape, dtype=np.float32)
            rate = rate_at[np.minimum(start_years + t - 1, 79)]  # the teacher's rate at this year's experience
            for s in range(scenarios):
                alive[s] &= u >= rate
                np.minimum(step[s] + 1, top, out=step[s])
                totals[s, t] = (schedules[s][step[s], lane] * fte * alive[s]).sum(axis=1)
        return totals

    return run


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
          repeats=20, teacher_years=n * 10 * 3, reference=reference_loop(baltimore, 3, 10, 1), ratio_target=4)
    # The app's own call keeps replicate 0's teachers (My pay, the heat map, the placement table).
    timed("  the same, keeping each teacher's pay (as the app does)", 0.050,
          lambda: project(baltimore, scenarios, horizon=10, replicates=1),
          repeats=20, teacher_years=n * 10 * 3, reference=reference_loop(baltimore, 3, 10, 1), ratio_target=4)
    timed("Baltimore, 10 years, 3 scenarios, 100 replicates", 1.5,
          lambda: project(baltimore, scenarios, horizon=10, replicates=100, keep_teachers=False),
          repeats=5, teacher_years=n * 10 * 3 * 100, reference=reference_loop(baltimore, 3, 10, 100),
          ratio_target=1.5)
    big = large_district(100_000)
    big_scenarios = big.scenarios()
    timed("Generated 100,000 teachers, 10 years, status quo only, 1 rep", 1.0,
          lambda: project(big, big_scenarios[:1], horizon=10, replicates=1, keep_teachers=False),
          repeats=5, teacher_years=100_000 * 10)
    timed("Generated 100,000 teachers, 10 years, 3 scenarios, 1 rep", 1.0,
          lambda: project(big, big_scenarios, horizon=10, replicates=1, keep_teachers=False),
          repeats=5, teacher_years=100_000 * 10 * 3, reference=reference_loop(big, 3, 10, 1), ratio_target=4)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Peak memory (max RSS of this process): {peak_mb:,.0f} MB (target under 1,024 MB)")


if __name__ == "__main__":
    main()
