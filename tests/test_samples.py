"""Invariants of the projection on the bundled samples."""

from dataclasses import replace

import numpy as np
import pytest

from models import record
from models.engine import project
from models.inputs import canonical_roster
from models.terms import STATUS_QUO


@pytest.fixture(scope="module")
def baltimore_run(baltimore):
    return project(baltimore)


def test_every_sample_projects_status_quo_and_proposals(baltimore, small):
    for inputs, names in ((baltimore, ["Status quo", "District offer", "Union offer"]),
                          (small, ["Status quo", "Pathways proposal", "Schedule raise"])):
        runs = project(inputs)
        assert [p.name for p in runs] == names
        for p in runs:
            assert p.totals["total_cost"].shape == (inputs.baseline["horizon"] + 1, 1)
            assert np.all(p.totals["total_cost"] > 0)


def test_headcount_and_dollars_are_conserved(baltimore, baltimore_run):
    n, fte = len(baltimore.roster), baltimore.roster["fte"].sum()
    for p in baltimore_run:
        t = p.totals
        assert np.all(t["headcount"] == n) and np.allclose(t["fte"], fte)
        assert np.array_equal(t["separations"], t["hires"])
        assert np.allclose(t["total_cost"], t["base_salary"] + t["stipends"] + t["rollup"])
        split = sum(p.growth.values())[1:]
        assert np.allclose(split, np.diff(t["base_salary"], axis=0), atol=0.01)
        assert np.allclose(p.cells.sum(axis=1), n)


def test_base_year_is_the_same_in_every_scenario(baltimore_run):
    year0 = {p.name: p.totals["total_cost"][0, 0] for p in baltimore_run}
    assert len(set(year0.values())) == 1


def test_raising_a_salary_cell_never_lowers_cost(baltimore):
    offer = baltimore.proposal("District offer").as_dict()
    higher = {**offer, "pathway_salary.Model.3": baltimore.baseline.pathways.salary("Model", 3) + 5000,
              "pathway_salary.Professional.8": baltimore.baseline.pathways.salary("Professional", 8) + 2000}
    base = baltimore.baseline
    _, plain, raised = project(baltimore, [(STATUS_QUO, base), ("plain", base.with_overrides(offer)),
                                           ("raised", base.with_overrides(higher))])
    assert np.all(raised.totals["total_cost"] >= plain.totals["total_cost"] - 1e-6)
    assert raised.totals["total_cost"][-1, 0] > plain.totals["total_cost"][-1, 0]


def test_no_raises_no_movement_no_turnover_gives_flat_cost(small):
    still = {"raise.default": 0, "step_advance.default": 0, "credits.share_taking": 0,
             **{f"exit_rate.{band}": 0 for band in small.baseline.family("exit_rate")}}
    terms = small.baseline.with_overrides(still)
    sq, = project(small, [(STATUS_QUO, terms)])
    assert np.all(sq.totals["total_cost"] == sq.totals["total_cost"][0])


def test_row_order_does_not_matter(small):
    shuffled = small.roster.sample(frac=1.0, random_state=3)
    other = replace(small, roster=canonical_roster(shuffled), _fingerprint=[])
    assert other.fingerprint == small.fingerprint
    a, b = project(small), project(other)
    for x, y in zip(a, b, strict=True):
        assert np.array_equal(x.totals["total_cost"], y.totals["total_cost"])


def test_same_seed_same_numbers_and_seed_matters(small):
    first, again = project(small, replicates=3), project(small, replicates=3)
    other = project(small, replicates=3, seed=99)
    for x, y in zip(first, again, strict=True):
        assert np.array_equal(x.totals["total_cost"], y.totals["total_cost"])
    assert not np.array_equal(first[0].totals["total_cost"], other[0].totals["total_cost"])


def test_common_random_numbers_across_scenarios(baltimore):
    alone = project(baltimore, baltimore.scenarios(["District offer"]))
    together = project(baltimore)
    assert np.array_equal(alone[1].totals["total_cost"], together[1].totals["total_cost"])
    assert np.array_equal(alone[0].totals["total_cost"], together[0].totals["total_cost"])


def test_replicates_give_ordered_percentiles(small):
    from models import metrics
    runs = project(small, replicates=20)
    table = metrics.yearly(runs, small)
    assert np.all(table["total_cost_p10"] <= table["total_cost_p50"])
    assert np.all(table["total_cost_p50"] <= table["total_cost_p90"])
    later = table[table["year"] > table["year"].min()]
    assert (later["total_cost_p90"] > later["total_cost_p10"]).any()


def test_status_quo_exits_follow_the_base_rates(baltimore):
    """Relative pay is 1 on the status quo, so its exit rates are the observed ones."""
    sq, = project(baltimore, baltimore.scenarios([]), replicates=20)
    years = baltimore.roster["years_experience"].to_numpy()
    rates = {"0-3": 0.122, "4-9": 0.116, "10-19": 0.082, "20+": 0.136}  # district leavers (NCES TFS 2012-13)
    expected = sum(rate * ((years >= int(b.split("-")[0].rstrip("+"))) &
                           (years <= (int(b.split("-")[1]) if "-" in b else 999))).sum() for b, rate in rates.items())
    assert sq.totals["separations"][1].mean() == pytest.approx(expected, rel=0.02)


def test_pathways_conversion_places_baltimore_like_shares(baltimore, baltimore_run):
    """Converted staff at conversion, hires apart: 26% Standard, 70% Professional, 4% Model as published
    (Baltimore Sun, 22 Feb 2011)."""
    placement = record.conversion_placement(baltimore_run[1])
    converted = placement[placement["who"] == "converted staff"].set_index("pathway")["share"]
    assert converted["Standard"] == pytest.approx(0.26, abs=0.015)
    assert converted["Professional"] == pytest.approx(0.70, abs=0.015)
    assert converted["Model"] == pytest.approx(0.04, abs=0.005)
    hires = placement[placement["who"] == "year-1 hires"].set_index("pathway")["teachers"]
    # Hires are placed like recent hires: on their lane's crosswalk pathway (BA to Standard, the rest to
    # Professional), never straight into Model or Lead.
    assert hires.sum() == baltimore_run[1].totals["hires"][1, 0]
    assert hires.get("Model", 0) == 0 and hires.get("Lead", 0) == 0 and hires["Standard"] > 0


def test_first_model_cohort_is_the_published_one(baltimore):
    """341 applied and 100 promoted in 2011-12 (Baltimore Sun, 16 May 2012), in expectation under the
    engine's rule: the sample's rates were derived for it (sample_budgets/build.py)."""
    district = record.first_pathways(project(baltimore, horizon=1, replicates=40, keep_teachers=False))
    assert district.totals["model_applicants"][1].mean() == pytest.approx(341, rel=0.03)
    assert district.totals["model_promotions"][1].mean() == pytest.approx(100, rel=0.06)
