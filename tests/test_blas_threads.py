"""The engine's figures do not depend on how many threads BLAS (numpy's sums) may use.

Each side's laptop has its own core count: a payroll sum split over BLAS threads adds in another order,
so before the engine kept BLAS on one thread a large district's totals differed in their last bits
between machines (21 of them on this district with two threads against one).
"""

from dataclasses import replace

import numpy as np
from threadpoolctl import threadpool_limits

from models import engine
from models.inputs import canonical_roster
from models.synthetic import RosterShape, synthetic_roster


def _large_district(baltimore, teachers: int):
    base = baltimore
    sched = base.baseline.step_schedule
    shape = RosterShape(teachers=teachers, lanes=sched.lanes, steps=sched.steps,
                        experience_bands=((0, 3, 0.33), (4, 9, 0.27), (10, 19, 0.22), (20, 38, 0.18)),
                        advanced_lane_share=(0.55, 0.78, 0.86), rating_shares=(0.12, 0.70, 0.13, 0.05),
                        schools=300)
    return replace(base, roster=canonical_roster(synthetic_roster(shape, seed=20000)), _fingerprint=[])


def test_a_large_districts_figures_are_the_same_whatever_blas_may_use(baltimore):
    district = _large_district(baltimore, 20_000)
    runs = []
    for threads in (1, 2):
        with threadpool_limits(limits=threads, user_api="blas"):  # as a machine with one core, or two
            runs.append(engine.project(district, horizon=3, replicates=1, keep_teachers=False))
    for one, two in zip(*runs, strict=True):
        for key in one.totals:
            np.testing.assert_array_equal(one.totals[key], two.totals[key], err_msg=f"{one.name} {key}")
        for key in one.growth:
            np.testing.assert_array_equal(one.growth[key], two.growth[key], err_msg=f"{one.name} {key}")
