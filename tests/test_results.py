"""Results are computed in models/, once: each scenario projected alone equals the joint run, and an edit
to one proposal changes the cache key of that proposal only."""

import numpy as np
import pandas as pd
import pytest

from models import results
from models.terms import STATUS_QUO


def _same(a, b) -> None:
    assert a.name == b.name
    for part in ("totals", "growth", "teacher"):
        left, right = getattr(a, part), getattr(b, part)
        assert left.keys() == right.keys()
        for key in left:
            np.testing.assert_array_equal(left[key], right[key], err_msg=f"{a.name} {part}.{key}")
    np.testing.assert_array_equal(a.retention, b.retention)
    np.testing.assert_array_equal(a.cells, b.cells)


@pytest.mark.parametrize("replicates", [1, 20])  # 20: the two-thread path
def test_each_scenario_projected_alone_equals_the_joint_run(small, replicates):
    inputs = small.with_settings(replicates=replicates)
    joint = results.projections(inputs)
    alone = results.projections(inputs, one=results.project_one)
    assert [p.name for p in alone[0]] == [STATUS_QUO] + [p.name for p in inputs.proposals]
    for together, apart in zip(joint, alone, strict=True):
        for a, b in zip(together, apart, strict=True):
            _same(a, b)


def test_the_tables_are_the_same_projected_jointly_or_one_scenario_at_a_time(baltimore):
    joint, alone = results.results(baltimore), results.results(baltimore, one=results.project_one)
    for name, frame in joint.__dict__.items():
        pd.testing.assert_frame_equal(frame, getattr(alone, name), obj=name)


def test_an_edit_to_one_proposal_changes_that_proposals_key_only(baltimore):
    before = results.scenario_keys(baltimore)
    first, *rest = baltimore.proposals
    edited = baltimore.with_proposals((first.__class__(first.name, first.overrides + (("lead.slots", 77),)), *rest))
    after = results.scenario_keys(edited)
    assert after[first.name] != before[first.name]
    assert {k: v for k, v in after.items() if k != first.name} == {k: v for k, v in before.items() if k != first.name}
    # A shared assumption moves every scenario.
    moved = results.scenario_keys(baltimore.with_settings(horizon=5))
    assert all(moved[k] != before[k] for k in before)
