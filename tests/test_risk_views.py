"""Uncertainty and the Risk page's chart builders, on the small sample (real projections, no browser)."""

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from models import risk, workbook
from tests.conftest import SMALL
from ui import charts


@pytest.fixture(scope="module")
def small():
    return workbook.read(SMALL)


def test_uncertainty_fan_is_ordered_and_chance_is_a_share(small):
    fan, chance = risk.uncertainty(small, replicates=12)
    assert (fan["total_cost_p10"] <= fan["total_cost_p50"]).all()
    assert (fan["total_cost_p50"] <= fan["total_cost_p90"]).all()
    future = fan[fan["year"] > fan["year"].min()]
    assert (future["total_cost_p90"] > future["total_cost_p10"]).any()  # chance alone spreads the cost
    assert list(chance["scenario"]) == ["Status quo"] + [p.name for p in small.proposals]
    assert chance["chance_over_budget"].between(0, 1).all() and (chance["replicates"] == 12).all()


def test_uncertainty_without_a_budget_has_no_chance(small):
    fan, chance = risk.uncertainty(replace(small, budget=(), _fingerprint=[]), replicates=4)
    assert chance["chance_over_budget"].isna().all() and fan["budget"].isna().all()


def test_tornado_puts_the_largest_swing_on_top():
    table = pd.DataFrame({"scenario": "X", "assumption": ["small", "big"], "range": "", "source": "",
                          "change_low": [-1.0, -50.0], "change_high": [2.0, 40.0], "swing": [3.0, 90.0]})
    spec = charts.tornado(table, "X").to_dict()
    assert spec["encoding"]["y"]["sort"] == ["big", "small"]
    values = spec["datasets"][spec["data"]["name"]]
    assert sorted(v["change"] for v in values) == [-50.0, -1.0, 2.0, 40.0]


def test_fan_and_outlook_charts_carry_their_data(small):
    fan, _ = risk.uncertainty(small, replicates=4)
    fan_spec = charts.cost_fan(fan, ["Status quo"]).to_dict()
    assert [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]
            for layer in fan_spec["layer"]] == ["area", "line", "line"]
    seen = risk.outlook(small, small.proposals[0].name)
    spec = charts.better_off_by_group(seen.groups).to_dict()
    rows = spec["datasets"][spec["data"]["name"]]
    assert {r["dimension"] for r in rows} >= {"Career stage", "Lane"} and "All members" not in {
        r["dimension"] for r in rows}
    assert np.isclose(sum(r["teachers"] for r in rows if r["dimension"] == "Lane"), len(small.roster))


def test_drawing_the_assumption_ranges_widens_the_fan_and_repeats_exactly(small):
    draws, _ = risk.uncertainty(small, replicates=12)
    ranged, chance = risk.uncertainty(small, replicates=12, ranges=True)
    last = draws["year"].max()
    width = lambda fan: (fan["total_cost_p90"] - fan["total_cost_p10"])[fan["year"] == last].to_numpy()  # noqa: E731
    assert (width(ranged) > width(draws)).all()
    again, _ = risk.uncertainty(small, replicates=12, ranges=True)
    pd.testing.assert_frame_equal(ranged, again)
    assert chance["ranges"].all()
