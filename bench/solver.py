"""Solver benchmark (not a test): time to fit the District offer on the Baltimore sample, per lever.

    python bench/solver.py

Target on a 2-core machine: under 2 s for each lever and target (10 years, 1 replicate; the solver
projects only the proposal at each step, and the status quo once for the "neutral" target).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from models import workbook  # noqa: E402
from models.risk import fit  # noqa: E402

TARGET = 2.0
LEVERS = (("grid", {}), ("pathway", {"pathway": "Professional"}), ("au_per_interval", {}),
          ("raise", {"year": 2011}), ("pass_rate", {}))


def main(repeats: int = 5) -> None:
    inputs = workbook.read(ROOT / "sample_budgets" / "baltimore_2010.xlsx")
    print(f"Baltimore sample, District offer, {len(inputs.roster):,} teachers, 10 years, 1 replicate; "
          f"median of {repeats}")
    for target in ("budget", "neutral"):
        for lever, extra in LEVERS:
            times = []
            for _ in range(repeats):
                start = time.perf_counter()
                found = fit(inputs, "District offer", lever, target, **extra)
                times.append(time.perf_counter() - start)
            median = statistics.median(times)
            verdict = "meets" if median <= TARGET else "MISSES"
            print(f"{lever:<16} {target:<8} median {median:6.2f} s  target {TARGET:.0f} s ({verdict})  "
                  f"{found.evaluations:3d} projections  gap {found.gap:>16,.0f}  met {found.met}")


if __name__ == "__main__":
    main()
