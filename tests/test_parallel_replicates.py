"""Replicates split across two threads give the numbers of one pass (rows are independent).

Every event is identical; dollar sums may differ in the last bit, as BLAS sums a shorter matrix in
another order, so they are compared to 1e-12.
"""

import numpy as np
import pytest

from models import engine


@pytest.mark.parametrize("replicates", [4, 5])
def test_two_halves_equal_one_pass(baltimore, monkeypatch, replicates):
    monkeypatch.setattr(engine, "PARALLEL_FROM", 10**9)
    one = engine.project(baltimore, replicates=replicates, horizon=4)
    monkeypatch.setattr(engine, "PARALLEL_FROM", 2)
    two = engine.project(baltimore, replicates=replicates, horizon=4)
    for a, b in zip(one, two, strict=True):
        assert a.replicates == b.replicates == replicates
        for key in ("headcount", "separations", "hires", "model_applicants", "model_promotions"):
            np.testing.assert_array_equal(a.totals[key], b.totals[key], err_msg=f"{a.name} {key}")
        for key in a.totals:
            np.testing.assert_allclose(a.totals[key], b.totals[key], rtol=1e-12, err_msg=f"{a.name} {key}")
        for key in a.growth:
            np.testing.assert_allclose(a.growth[key], b.growth[key], rtol=1e-12, atol=1e-6, err_msg=key)
        np.testing.assert_allclose(a.retention, b.retention)
        np.testing.assert_allclose(a.cells, b.cells)
        for key in a.teacher:
            np.testing.assert_array_equal(a.teacher[key], b.teacher[key], err_msg=key)


def test_replicate_zero_is_the_single_run(baltimore):
    """The table's single run does not change when the fan is turned on: replicate 0 of R replicates
    draws what a one-replicate run draws (each stream fills replicates row by row)."""
    single = engine.project(baltimore, replicates=1, horizon=4)
    many = engine.project(baltimore, replicates=20, horizon=4)  # two threads from 16
    for a, b in zip(single, many, strict=True):
        for key in ("separations", "model_applicants", "model_promotions", "au_banked"):
            np.testing.assert_array_equal(a.totals[key][:, 0], b.totals[key][:, 0], err_msg=f"{a.name} {key}")
        for key in a.totals:
            np.testing.assert_allclose(a.totals[key][:, 0], b.totals[key][:, 0], rtol=1e-12, err_msg=key)
        for key in a.teacher:
            np.testing.assert_array_equal(a.teacher[key], b.teacher[key], err_msg=key)
