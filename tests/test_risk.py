"""Risk and agreement: sensitivity, the solver, break-even and the ratification outlook."""

import json
import subprocess
import sys
from dataclasses import replace

import pytest

from models import engine, metrics, workbook
from models.problems import InputError
from models.risk import break_even, cumulative_costs, default_assumptions, fit, outlook, sensitivity
from tests.conftest import BALTIMORE, ROOT, SMALL
from tests.district import district

SCHEDULE = {"BA": [40000, 42000, 44000, 46000, 48000], "MA": [45000, 47000, 49000, 51000, 53000]}


def gap_when_applied(inputs, found):
    """The fitted proposal added to the workbook and projected the way the bargaining table does."""
    name = found.as_proposal().name
    table = metrics.yearly(engine.project(inputs.with_proposals(inputs.proposals + (found.as_proposal(),)),
                                          keep_teachers=False), inputs)
    rows = table[(table["scenario"] == name) & (table["year"] > table["year"].min())]
    if found.target == "budget":
        return float(rows["diff_vs_budget"].max())
    return float(rows["cumulative_diff_vs_status_quo"].iloc[-1])


# --- the solver -------------------------------------------------------------------------------
CASES = [
    ("baltimore", "District offer", "grid", {}, "budget"),
    # The District offer's cost-neutral grid (about -16%) now falls in a jump of protected placements: the
    # Union offer's is reachable.
    ("baltimore", "Union offer", "grid", {}, "neutral"),
    ("baltimore", "District offer", "raise", {"year": 2011}, "budget"),
    ("baltimore", "District offer", "raise", {"year": 2011}, "neutral"),
    ("baltimore", "District offer", "pathway", {"pathway": "Professional"}, "budget"),
    ("small", "Pathways proposal", "grid", {}, "budget"),
    ("small", "Pathways proposal", "grid", {}, "neutral"),
    ("small", "Pathways proposal", "pathway", {"pathway": "Professional"}, "neutral"),
    ("small", "Pathways proposal", "raise", {"year": 2026}, "budget"),
    ("small", "Schedule raise", "raise", {"year": 2026}, "neutral"),
    ("small", "Schedule raise", "grid", {}, "budget"),
]


@pytest.mark.parametrize("sample,proposal,lever,extra,target", CASES)
def test_fit_meets_its_target_and_the_overrides_reproduce_the_gap(request, sample, proposal, lever, extra, target):
    inputs = request.getfixturevalue(sample)
    found = fit(inputs, proposal, lever, target, **extra)
    assert found.met, found.message
    if target == "budget":
        assert -1000 <= found.gap <= 0
        assert found.binding_year is not None
    else:
        assert abs(found.gap) <= 1000
    assert found.overrides == {**inputs.proposal(proposal).as_dict(), **found.changes}
    assert gap_when_applied(inputs, found) == pytest.approx(found.gap, abs=1.0)


def test_fit_out_of_reach_reports_the_closest_value(baltimore):
    found = fit(baltimore, "District offer", "pass_rate", "budget")
    assert not found.met and found.gap > 0 and found.value == 0.0
    assert "out of reach" in found.message


def test_whole_lever_returns_the_smallest_affordable_whole_value(baltimore):
    found = fit(baltimore, "District offer", "au_per_interval", "budget")
    assert found.value == int(found.value) and found.changes == {"au.per_interval": found.value}
    assert found.gap <= 0
    assert gap_when_applied(baltimore, found) == pytest.approx(found.gap, abs=1.0)
    tighter = replace(found, changes={"au.per_interval": found.value - 1},
                      overrides={**found.overrides, "au.per_interval": found.value - 1})
    assert gap_when_applied(baltimore, tighter) > 0  # one AU fewer goes over budget


def test_levers_a_proposal_cannot_use_are_refused(small, baltimore):
    with pytest.raises(ValueError, match="pathways"):
        fit(small, "Schedule raise", "pass_rate", "budget")
    with pytest.raises(ValueError, match="--year"):
        fit(baltimore, "District offer", "raise", "budget")
    with pytest.raises(ValueError, match="--pathway"):
        fit(baltimore, "District offer", "pathway", "budget", pathway="Nope")
    with pytest.raises(ValueError, match="no budget"):
        fit(replace(small, budget=(), _fingerprint=[]), "Schedule raise", "grid", "budget")


# --- sensitivity ------------------------------------------------------------------------------
def test_assumption_changes_move_every_scenario_including_a_proposals_own_values():
    inputs = district([{"years_experience": 2, "lane": "BA", "step": 1}], SCHEDULE,
                      proposals={"Raise": {"raise.2026": 0.05}}, **{"raise.default": 0.02})
    moved = inputs.with_assumptions(lambda params: {k: v + 0.01 for k, v in params.items()
                                                    if k.startswith("raise.") and v is not None})
    assert moved.baseline["raise.default"] == pytest.approx(0.03)
    terms = moved.proposal("Raise").terms(moved.baseline)
    assert terms["raise.2026"] == pytest.approx(0.06) and terms["raise.default"] == pytest.approx(0.03)
    assert moved.fingerprint != inputs.fingerprint
    with pytest.raises(InputError):
        inputs.with_assumptions(lambda params: {"rollup.rate": 2.0})


@pytest.mark.parametrize("first,settings", [
    ("Roll-up on salary", {"horizon": 3, "rollup.rate": 0.5, "raise.default": 0.0}),
    ("On-scale raises (every year)", {"horizon": 10, "rollup.rate": 0.1, "raise.default": 0.0}),
])
def test_tornado_ranks_the_dominant_assumption_first(first, settings):
    teachers = [{"years_experience": y, "lane": lane, "step": s} for y, lane, s in
                ((1, "BA", 1), (3, "BA", 3), (8, "MA", 2), (15, "MA", 5))]
    inputs = district(teachers, SCHEDULE, **settings)
    table = sensitivity(inputs)
    assert list(table["scenario"].unique()) == ["Status quo"]
    assert table.iloc[0]["assumption"] == first and table.iloc[0]["rank"] == 1
    assert list(table["swing"]) == sorted(table["swing"], reverse=True)
    # Nobody leaves, earns AUs or is promoted: only raises and roll-up move the cost.
    assert (table.iloc[2:]["swing"] == 0).all()
    assert len(table) == len(default_assumptions())


def test_tornado_on_a_sample_has_a_row_per_assumption_and_scenario(small):
    table = sensitivity(small)
    assert len(table) == 3 * len(default_assumptions())
    base = cumulative_costs(small)
    for name, rows in table.groupby("scenario"):
        assert rows["base_cost"].iloc[0] == pytest.approx(base[name])
        assert (rows["swing"] == (rows["cost_high"] - rows["cost_low"]).abs()).all()
    raises = table[table["key"] == "raise.*"]
    assert (raises["cost_high"] > raises["cost_low"]).all()
    only = sensitivity(small, ["Pathways proposal"])
    assert set(only["scenario"]) == {"Pathways proposal"}


# --- break-even -------------------------------------------------------------------------------
def over_budget(inputs, proposal, rate):
    terms = inputs.baseline.with_overrides({**inputs.proposal(proposal).as_dict(), "model.pass_rate": rate})
    costs = engine.project(inputs, [(proposal, terms)], keep_teachers=False)[0].totals["total_cost"].mean(axis=1)
    return max(costs[t] - inputs.budget_for(int(inputs.baseline["base_year"]) + t) for t in range(1, len(costs)))


def test_break_even_finds_the_rate_where_the_budget_is_crossed(small):
    name = "Pathways proposal"
    terms = small.baseline.with_overrides({**small.proposal(name).as_dict(), "model.pass_rate": 0.5})
    costs = engine.project(small, [(name, terms)], keep_teachers=False)[0].totals["total_cost"].mean(axis=1)
    years = range(int(small.baseline["base_year"]), int(small.baseline["base_year"]) + len(costs))
    tight = replace(small, budget=tuple((y, float(c) + 1.0) for y, c in zip(years, costs, strict=True)),
                    _fingerprint=[])
    found = break_even(tight, name)
    assert found is not None and 0.3 < found.value <= 0.7
    assert found.value - found.below <= 1e-4
    assert over_budget(tight, name, found.value) > 0 and over_budget(tight, name, found.below) <= 0
    assert found.gap == pytest.approx(over_budget(tight, name, found.value))
    roomy = replace(small, budget=tuple((y, 1e12) for y in years), _fingerprint=[])
    assert break_even(roomy, name) is None
    broke = replace(small, budget=tuple((y, 1.0) for y in years), _fingerprint=[])
    assert break_even(broke, name).value == 0.0 and break_even(broke, name).below is None


# --- ratification outlook ---------------------------------------------------------------------
def test_outlook_matches_a_hand_computed_district():
    # No exits, no raises, one step a year. The proposal cuts BA step 2 and MA step 5, raises BA step 5.
    teachers = [{"years_experience": 0, "lane": "BA", "step": 1},   # 42k 44k 46k 48k -> 41k 44k 46k 50k
                {"years_experience": 5, "lane": "BA", "step": 4},   # 48k x4 -> 50k x4
                {"years_experience": 12, "lane": "MA", "step": 4},  # 53k x4 -> 52k x4
                {"years_experience": 25, "lane": "MA", "step": 1}]  # 47k 49k 51k 53k -> ... 52k
    inputs = district(teachers, SCHEDULE, horizon=4, proposals={"Reshaped": {
        "step_salary.BA.2": 41000, "step_salary.BA.5": 50000, "step_salary.MA.5": 52000}})
    seen = outlook(inputs, "Reshaped", year=3)
    assert seen.year == 2028
    assert list(seen.members["gain_by_year"]) == [-1000, 6000, -3000, 0]
    assert list(seen.members["cumulative_gain"]) == [1000, 8000, -4000, -1000]
    groups = seen.groups.set_index(["dimension", "group"])
    assert groups.loc[("All members", "All"), "share_better_off_by_year"] == 0.25
    assert groups.loc[("All members", "All"), "share_better_off"] == 0.5
    assert groups.loc[("Lane", "BA"), "share_better_off"] == 1.0
    assert groups.loc[("Lane", "MA"), "losers"] == 2 and groups.loc[("Lane", "MA"), "median_loss"] == 2500
    assert "Pathway" not in groups.index.get_level_values(0)  # a step-and-lane proposal has no pathways
    assert list(seen.hold_harmless["top_up"]) == [2000, 1000, 1000, 2000]
    assert list(seen.hold_harmless["members_topped_up"]) == [2, 1, 1, 2]
    assert seen.hold_harmless_total == 6000


def test_outlook_agrees_with_the_bargaining_table(baltimore):
    seen = outlook(baltimore, "District offer")
    runs = engine.project(baltimore, keep_teachers=False)
    stayers = engine.project(baltimore, replicates=1, separations=False)
    head = metrics.headline(baltimore, metrics.yearly(runs, baltimore), metrics.who_gains(stayers, baltimore), runs)
    groups = seen.groups.set_index(["dimension", "group"])
    expected = head.set_index("scenario").at["District offer", "share_better_off"]
    assert groups.loc[("All members", "All"), "share_better_off"] == pytest.approx(expected)
    pathways = seen.groups[seen.groups["dimension"] == "Pathway"]
    assert set(pathways["group"]) <= {"Standard", "Professional", "Model", "Lead"}
    assert pathways["teachers"].sum() == len(baltimore.roster)
    assert (seen.hold_harmless["top_up_with_rollup"] >= seen.hold_harmless["top_up"]).all()


# --- command line -----------------------------------------------------------------------------
def run(*args):
    return subprocess.run([sys.executable, "-m", "models", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


def test_cli_sensitivity_json():
    out = run("sensitivity", SMALL, "--proposal", "Pathways proposal", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["fingerprint"] == workbook.read(SMALL).fingerprint
    assert len(data["rows"]) == len(default_assumptions())
    assert {"assumption", "key", "low_value", "high_value", "cost_low", "cost_high", "swing"} <= set(data["rows"][0])
    assert data["rows"][0]["rank"] == 1 and data["rows"][0]["swing"] >= data["rows"][-1]["swing"]
    table = run("sensitivity", SMALL)
    assert table.returncode == 0 and "Roll-up on salary" in table.stdout and "Schedule raise" in table.stdout


def test_cli_solve_json_and_out_round_trips(tmp_path):
    path = tmp_path / "fitted.xlsx"
    out = run("solve", BALTIMORE, "--proposal", "District offer", "--lever", "raise", "--year", "2011",
              "--target", "budget", "--json", "--out", path)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["met"] and -1000 <= data["gap"] <= 0 and data["binding_year"] == 2011
    assert data["new_proposal"] == "District offer (fit to budget)" and set(data["changes"]) == {"raise.2011"}
    check = run("validate", path)
    assert check.returncode == 0, check.stderr
    assert "District offer (fit to budget)" in check.stdout
    text = run("solve", SMALL, "--proposal", "Schedule raise", "--lever", "grid", "--target", "neutral")
    assert text.returncode == 0 and "gap" in text.stdout


@pytest.mark.parametrize("args", [
    ("solve", SMALL, "--proposal", "Schedule raise", "--lever", "nope", "--target", "budget"),
    ("solve", SMALL, "--proposal", "Schedule raise", "--lever", "raise", "--target", "budget"),
    ("solve", SMALL, "--proposal", "Schedule raise", "--lever", "grid", "--year", "2026", "--target", "budget"),
    ("solve", SMALL, "--proposal", "Nope", "--lever", "grid", "--target", "budget"),
    ("solve", SMALL, "--proposal", "Schedule raise", "--lever", "pass_rate", "--target", "neutral"),
    ("sensitivity", SMALL, "--proposal", "Nope"),
])
def test_cli_bad_arguments_exit_2_without_traceback(args):
    out = run(*args)
    assert out.returncode == 2, (args, out.stdout, out.stderr)
    assert "Traceback" not in out.stderr + out.stdout and out.stderr.strip()


def test_cli_solve_out_of_reach_exits_1():
    out = run("solve", BALTIMORE, "--proposal", "District offer", "--lever", "pass_rate", "--target", "budget")
    assert out.returncode == 1 and "out of reach" in out.stdout
