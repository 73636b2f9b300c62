"""The tidy tables behind every chart: their sums agree with the projection."""

import numpy as np
import pytest

from models import metrics
from models.engine import project
from models.terms import STATUS_QUO


@pytest.fixture(scope="module")
def runs(baltimore):
    return project(baltimore)


@pytest.fixture(scope="module")
def stayers(baltimore):
    return project(baltimore, replicates=1, separations=False)


def test_yearly_differences(baltimore, runs):
    table = metrics.yearly(runs, baltimore)
    sq = table[table["scenario"] == STATUS_QUO]
    assert (sq["diff_vs_status_quo"] == 0).all() and (sq["cumulative_diff_vs_status_quo"] == 0).all()
    offer = table[table["scenario"] == "Union offer"].reset_index(drop=True)
    assert offer["diff_vs_status_quo"].to_numpy() == pytest.approx(
        offer["total_cost"].to_numpy() - sq["total_cost"].to_numpy())
    assert offer["cumulative_cost"].iloc[-1] == pytest.approx(offer["total_cost"].iloc[1:].sum())
    assert offer["diff_vs_budget"].to_numpy() == pytest.approx((offer["total_cost"] - offer["budget"]).to_numpy())


def test_cost_growth_adds_up_to_the_change_in_total_cost(runs):
    growth = metrics.cost_growth(runs)
    for p in runs:
        by_year = growth[growth["scenario"] == p.name].groupby("year")["amount"].sum()
        change = np.diff(p.totals["total_cost"][:, 0])
        assert by_year.to_numpy() == pytest.approx(change, abs=0.05)
    assert set(growth["label"]) >= {"Breakage (turnover savings)", "On-scale raises", "Conversion to pathways"}


def test_step_costs_gross_and_net(runs):
    steps = metrics.step_costs(runs)
    assert (steps["net_movement_cost"] == steps["gross_movement_cost"] + steps["breakage"]).all()
    sq = steps[steps["scenario"] == STATUS_QUO]
    assert (sq["gross_movement_cost"] > 0).all() and (sq["breakage"] < 0).all()


def test_cost_of_one_percent(runs):
    one = metrics.cost_of_one_percent(runs)
    first = one.iloc[0]
    assert first["cost_of_one_percent"] == pytest.approx(0.01 * runs[0].totals["base_salary"][0, 0] * 1.17)


def test_distribution_counts_every_teacher(baltimore, runs):
    d = metrics.distribution(runs)
    totals = d.groupby(["scenario", "year"])["headcount"].sum()
    assert np.allclose(totals.to_numpy(), len(baltimore.roster))
    later = d[(d["scenario"] == "District offer") & (d["year"] == 2015)]
    assert set(later["system"]) == {"pathways"} and set(later["group"]) <= {"Standard", "Professional", "Model", "Lead"}


def test_retention_starts_whole_and_never_rises(runs):
    r = metrics.retention(runs)
    for _, group in r.groupby(["scenario", "band"]):
        shares = group["share_remaining"].to_numpy()
        assert shares[0] == 1 and np.all(np.diff(shares) <= 1e-12)


def test_salary_percentiles_are_ordered(baltimore, runs):
    q = metrics.salary_percentiles(runs, baltimore)
    assert (q["p10"] <= q["p25"]).all() and (q["p25"] <= q["p50"]).all() and (q["p75"] <= q["p90"]).all()


def test_who_gains_against_the_status_quo(baltimore, stayers, runs):
    gains = metrics.who_gains(stayers, baltimore)
    sq = gains[gains["scenario"] == STATUS_QUO]
    assert (sq["cumulative_gain"] == 0).all() and len(sq) == len(baltimore.roster)
    summary = metrics.gains_summary(gains)
    assert summary["share_better_off"].between(0, 1).all()
    union = gains[gains["scenario"] == "Union offer"]
    district = gains[gains["scenario"] == "District offer"]
    assert (union["cumulative_gain"] > 0.5).mean() >= (district["cumulative_gain"] > 0.5).mean()
    head = metrics.headline(baltimore, metrics.yearly(runs, baltimore), gains, runs)
    assert list(head["scenario"]) == [STATUS_QUO, "District offer", "Union offer"]
    assert head.loc[0, "cumulative_diff_vs_status_quo"] == 0 and head.loc[0, "retention_change_vs_status_quo"] == 0
    assert head.loc[2, "cumulative_cost"] > head.loc[1, "cumulative_cost"]


def test_results_sheets(baltimore, runs, stayers):
    sheets = metrics.results_sheets(baltimore, runs, stayers)
    assert list(sheets) == ["Summary", "Results", "Results_staff", "Results_cast_forward", "Results_growth",
                            "Results_distribution", "Results_retention", "Results_gains"]
    assert all(len(frame) for frame in sheets.values())
