"""What the engine keeps per roster follows the roster: another roster is never served the arrays of the
first, and they go when their roster goes."""

import gc
from dataclasses import replace

import numpy as np

from models import memo
from models.engine import project


def _cost(inputs) -> np.ndarray:
    return project(inputs, inputs.scenarios()[:1], horizon=3, replicates=1)[0].totals["base_salary"][:, 0]


def test_a_changed_roster_is_projected_from_its_own_arrays(small):
    before = _cost(small)
    roster = small.roster.copy()
    roster["fte"] = roster["fte"] * 0.5  # half time everyone: half the payroll, as a new roster object
    halved = replace(small, roster=roster, _fingerprint=[])
    np.testing.assert_allclose(_cost(halved), before * 0.5)
    np.testing.assert_array_equal(_cost(small), before)  # and the first roster still reads its own


def test_what_is_kept_for_a_roster_goes_with_it(small):
    roster = small.roster.copy()
    inputs = replace(small, roster=roster, _fingerprint=[])
    gc.collect()
    kept = memo.kept_count()
    _cost(inputs)
    assert memo.kept_count() > kept
    del inputs, roster
    gc.collect()
    assert memo.kept_count() == kept


def test_a_key_is_built_once_per_roster(small):
    built = []
    roster = small.roster.copy()
    for _ in range(3):
        memo.per_roster(roster, "test key", lambda: built.append(1) or len(built))
    assert built == [1]
    assert memo.per_roster(small.roster.copy(), "test key", lambda: "other") == "other"
