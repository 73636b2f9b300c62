"""Property tests: invariants of the projection that hold for every generated district.

Hypothesis generates small rosters (1-60 teachers on random lanes, steps, FTE, ratings, banked
credits and AUs, roles and known pathway placements) and rule sets (exit rates by band, pay
elasticity, AU rules, raises, freezes, Model and review rates, Lead slots, stipends, roll-up, the
pay system of each proposal, horizon 1-6, seed, replicates), and checks what must hold for all of
them: no crash, conservation of positions and dollars, the cost-growth split adding up, row order
and seed, common random numbers, flat cost when nothing moves, monotonicity in a salary cell, and
pay that is always a schedule cell (or the protected salary). Semantics: docs/model.md.
"""

from __future__ import annotations

import os
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from models import metrics
from models.engine import GROWTH, TOTALS, project
from models.hires import placement
from models.inputs import Inputs, canonical_roster
from models.parameters import PATHWAYS, RATINGS, find
from models.problems import InputError, Problems
from models.terms import STATUS_QUO, Proposal, check_terms
from tests.district import district

BASE_YEAR = 2025
LANE_NAMES = ("BA", "MA", "MA30")
RATING_NAMES = ("Highly effective", "Effective", "Developing", "Ineffective")
BAND_LAYOUTS = (("0+",), ("0-3", "4+"), ("0-3", "4-9", "10-19", "20+"))

# A few dozen examples per property keeps the file well under a minute. PROPERTIES_SCALE=10 runs ten
# times as many (a deeper search); PROPERTIES_NO_SHRINK=1 reports the first failing district at once
# (shrinking a 60-teacher district can take minutes). The suite draws the same examples on every run
# so CI is repeatable; PROPERTIES_RANDOM=1 draws new ones each run, to search further.
SCALE = float(os.environ.get("PROPERTIES_SCALE", "1"))
FAST = settings(max_examples=int(40 * SCALE), deadline=None, print_blob=True,
                derandomize=not os.environ.get("PROPERTIES_RANDOM"),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
                phases=[p for p in Phase if not (os.environ.get("PROPERTIES_NO_SHRINK") and p is Phase.shrink)])
FEWER = settings(FAST, max_examples=int(25 * SCALE))


rates = st.one_of(st.sampled_from([0.0, 1.0]), st.floats(0, 1))
dollars = st.integers(20, 120).map(lambda k: k * 1000.0) | st.floats(20_000, 120_000)


# --- strategies -----------------------------------------------------------------------------------
def _rule_candidates(lanes: tuple[str, ...], years: list[int]) -> dict[str, st.SearchStrategy]:
    """Every Rules/Assumptions key the generator may set, with the values it may take."""
    maybe_none = lambda s: st.none() | s  # noqa: E731
    c: dict[str, st.SearchStrategy] = {
        "elasticity.at_entry": st.just(0.0) | st.floats(-5, 0),
        "elasticity.fade_years": st.floats(0.5, 40),
        "au.per_interval": st.integers(1, 20),
        "au.per_credit": st.sampled_from([0.0, 1.0, 2.0]),
        "au.pd_hours_per_au": st.floats(1, 30),
        "au.per_mc": st.integers(0, 5),
        "au.other_per_year": st.integers(0, 5),
        "au.by_role.building_rep": st.integers(0, 6),
        "au.annual_cap": maybe_none(st.integers(0, 20)),
        "conversion.model_min_years": maybe_none(st.integers(0, 30)),
        "conversion.stipend_threshold": st.integers(0, 3000),
        "conversion.stipend": st.integers(0, 3000),
        "conversion.stipend_mode": st.sampled_from(["flat", "top_up"]),
        "model.application_rate": rates,
        "model.pass_rate": rates,
        "model.min_rating": st.sampled_from(RATINGS),
        "review.cycle_years": st.integers(1, 5),
        "review.pass_rate": rates,
        "lead.slots": st.integers(0, 5),
        "step_advance.default": st.integers(0, 1),
        "raise.default": st.just(0.0) | st.floats(-0.1, 0.1),
        "rollup.rate": rates,
        "rollup.stipend_rate": rates,
        "rating.persistence": rates,
        "credits.share_taking": rates,
        "credits.per_taker": st.integers(0, 12),
        "pd_hours.per_year": st.integers(0, 40),
        "mc.share_taking": rates,
        "mc.per_taker": st.integers(0, 3),
        "market_raise.default": maybe_none(st.floats(-0.1, 0.1)),
        "hire.years": st.integers(0, 5),
        "hire.lane": st.sampled_from(lanes),
    }
    for rating in RATINGS:
        c[f"au.by_rating.{rating}"] = st.integers(0, 15)
    for lane in lanes:
        c[f"crosswalk.{lane}"] = st.sampled_from(PATHWAYS)
    for lane in lanes[1:]:
        c[f"lane_credits.{lane}"] = maybe_none(st.integers(1, 30))
    for year in years:
        c[f"raise.{year}"] = st.floats(-0.1, 0.1)
        c[f"step_advance.{year}"] = st.integers(0, 1)
        c[f"market_raise.{year}"] = st.floats(-0.1, 0.1)
    return c


def _dropped(key: str, drop: tuple[str, ...], fixed: dict) -> bool:
    return key in fixed or any(key.startswith(prefix) for prefix in drop)


@st.composite
def rule_set(draw, lanes, years, percent, drop=(), fixed=None, grid=None):
    """A random subset of the rule keys (about `percent` % of them) with random values."""
    fixed = fixed or {}
    out = {}
    for key, strategy in _rule_candidates(lanes, years).items():
        if _dropped(key, drop, fixed) or draw(st.integers(0, 99)) >= percent:
            continue
        if key.startswith("crosswalk.") and grid:
            # A lane may be crosswalked only to a pathway that has intervals.
            strategy = st.sampled_from([p for p in PATHWAYS if grid.get(p)])
        out[key] = draw(strategy)
    return out


@st.composite
def schedules(draw):
    lanes = LANE_NAMES[:draw(st.integers(1, 3))]
    steps = draw(st.integers(1, 6))
    # The workbook refuses a salary that falls from one step to the next (a proposal's step_salary
    # override may still make one fall).
    return {lane: sorted(draw(st.lists(dollars, min_size=steps, max_size=steps))) for lane in lanes}


@st.composite
def grids(draw, ordered=None):
    """Intervals never fall within a pathway (the workbook refuses that); ordered: nor across the
    ladder (Standard < Professional < Model < Lead)."""
    ordered = draw(st.booleans()) if ordered is None else ordered
    grid = {}
    for pathway, lo, hi in (("Standard", 1, 3), ("Professional", 1, 4), ("Model", 0, 3), ("Lead", 0, 2)):
        grid[pathway] = sorted(draw(st.lists(dollars, min_size=lo, max_size=hi)))
    if ordered:
        floor = 0.0
        for pathway in PATHWAYS:
            grid[pathway] = [floor + s for s in grid[pathway]]
            floor = max(grid[pathway], default=floor)
    return {p: cells for p, cells in grid.items() if cells}


@st.composite
def teachers(draw, schedule, grid, max_teachers=60, deterministic=False):
    lanes = list(schedule)
    steps = len(schedule[lanes[0]])
    n = draw(st.integers(1, max_teachers))
    rows = []
    for i in range(n):
        row = {
            "employee_id": f"T{i:03d}",
            "lane": draw(st.sampled_from(lanes)),
            "step": draw(st.integers(1, steps)),
            "years_experience": draw(st.integers(0, 40)),
            "fte": draw(st.sampled_from([1.0, 0.5, 0.8]) | st.floats(0.05, 1.0)),
            "rating": draw(st.sampled_from(RATING_NAMES)),
            "credits_banked": draw(st.integers(0, 30)),
            "au_banked": draw(st.integers(0, 20)),
            "role": draw(st.sampled_from([None, None, None, "building_rep"])),
        }
        if grid and draw(st.integers(0, 9)) == 0:
            pathway = draw(st.sampled_from(sorted(grid)))
            row["pathway"], row["interval"] = pathway, draw(st.integers(1, len(grid[pathway])))
        rows.append(row)
    return rows


def with_exit_bands(inputs: Inputs, rates: dict[str, float]) -> Inputs:
    """The district with these exit-rate bands (tests/district.py always writes exit_rate.0+)."""
    params = {k: v for k, v in inputs.baseline.params if not k.startswith("exit_rate.")}
    params.update({f"exit_rate.{band}": rate for band, rate in rates.items()})
    baseline = replace(inputs.baseline, params=tuple(sorted(params.items())))
    problems = Problems()
    check_terms(baseline, problems, sheet="test")
    assert not problems.items, problems.items
    return replace(inputs, baseline=baseline, _fingerprint=[])


@st.composite
def districts(draw, fixed=None, drop=(), pathways=None, exit_rate=None, max_teachers=60,
              ordered=None, proposals=(0, 3), deterministic=False):
    """A validated district with 0-3 random proposals.

    fixed: baseline keys forced to these values (proposals never override them);
    drop: key prefixes neither the baseline nor any proposal sets (so the defaults of
    tests/district.py hold: no raises, no exits, ...); exit_rate: every band's rate.
    """
    fixed = dict(fixed or {})
    horizon = fixed.pop("horizon", None) or draw(st.integers(1, 6))
    years = list(range(BASE_YEAR + 1, BASE_YEAR + horizon + 1))
    schedule = draw(schedules())
    lanes = tuple(schedule)
    has_grid = draw(st.integers(0, 4)) > 0 if pathways is None else pathways
    grid = draw(grids(ordered)) if has_grid else None
    roster = draw(teachers(schedule, grid, max_teachers))
    base = draw(rule_set(lanes, years, 60, drop, fixed, grid))
    base.update(fixed)
    settings_ = {"horizon": horizon, "seed": draw(st.integers(0, 2**31 - 1)),
                 "replicates": draw(st.integers(1, 3)), **base}
    inputs = district(roster, schedule, grid, **settings_)
    layout = draw(st.sampled_from(BAND_LAYOUTS))
    if exit_rate is None and not _dropped("exit_rate.", drop, fixed):
        inputs = with_exit_bands(inputs, {band: draw(rates) for band in layout})
    elif exit_rate is not None:
        inputs = with_exit_bands(inputs, {band: exit_rate for band in layout})
    bands = list(inputs.baseline.family("exit_rate"))
    packages = []
    for k in range(draw(st.integers(*proposals))):
        changes = draw(rule_set(lanes, years, 12, drop, fixed, grid))
        systems = ["step_and_lane"] + (["pathways"] if grid else [])
        changes["pay_system"] = draw(st.sampled_from(systems))
        if exit_rate is None and not _dropped("exit_rate.", drop, fixed) and draw(st.booleans()):
            changes[f"exit_rate.{draw(st.sampled_from(bands))}"] = draw(rates)
        for _ in range(draw(st.integers(0, 2))):
            if grid and draw(st.booleans()):
                pathway = draw(st.sampled_from(sorted(grid)))
                interval = draw(st.integers(1, len(grid[pathway])))
                changes[f"pathway_salary.{pathway}.{interval}"] = draw(dollars)
            elif not _dropped("step_salary.", drop, fixed):
                lane = draw(st.sampled_from(lanes))
                changes[f"step_salary.{lane}.{draw(st.integers(1, len(schedule[lane])))}"] = draw(dollars)
        packages.append(Proposal(f"Proposal {k + 1}", tuple(changes.items())))
    inputs = inputs.with_proposals(tuple(packages))
    inputs.scenarios()  # every generated proposal is valid
    return inputs


# --- helpers --------------------------------------------------------------------------------------
def arrays(p) -> dict[str, np.ndarray]:
    """Every number a projection holds, by name."""
    out = {f"totals.{k}": v for k, v in p.totals.items()}
    out.update({f"growth.{k}": v for k, v in p.growth.items()})
    out.update({"retention": p.retention, "cells": p.cells})
    out.update({f"teacher.{k}": v for k, v in p.teacher.items()})
    return out


def assert_same(a, b, exact=True) -> None:
    x, y = arrays(a), arrays(b)
    assert x.keys() == y.keys()
    for key in x:
        if exact:
            assert np.array_equal(x[key], y[key]), key
        else:
            assert np.allclose(x[key], y[key], rtol=1e-9, atol=1e-6), key


def grid_of(inputs: Inputs) -> dict[str, list[float]]:
    grid = inputs.baseline.pathways.salaries
    return {p: list(cells) for p, cells in zip(PATHWAYS, grid, strict=True) if cells}


def raise_index(terms, horizon: int) -> np.ndarray:
    """Cumulative on-scale raise by year 0..H, from the terms (independently of the engine)."""
    raises = [float(terms.by_year("raise", BASE_YEAR + t, 0.0)) for t in range(1, horizon + 1)]
    return np.cumprod([1.0] + [1 + r for r in raises])


def tol(x) -> float:
    return 1e-6 * max(1.0, float(np.max(np.abs(x))))


# --- the engine runs ------------------------------------------------------------------------------
@FAST
@given(districts())
def test_engine_never_crashes_and_every_number_is_finite(inputs):
    runs = project(inputs)
    horizon, replicates = inputs.baseline["horizon"], inputs.baseline["replicates"]
    assert [p.name for p in runs] == [STATUS_QUO] + [p.name for p in inputs.proposals]
    for p in runs:
        for key, value in arrays(p).items():
            assert np.all(np.isfinite(value.astype(float))), key
        assert p.totals["total_cost"].shape == (horizon + 1, replicates)
        assert np.all(p.totals["base_salary"] > 0)
        assert np.all(p.totals["stipends"] >= 0) and np.all(p.totals["rollup"] >= 0)
        assert np.all((p.retention >= 0) & (p.retention <= 1))
    # The tidy tables the pages and the CLI JSON are drawn from build on any projection.
    table = metrics.yearly(runs, inputs)
    assert len(table) == len(runs) * (horizon + 1)
    assert not table[list(metrics.YEARLY)].isna().any().any()


override_values = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["52,000", "$1", "2%", "-3", "1e999", "nan", "pathways", "BA", "Model", "Lead"]))
override_keys = st.one_of(
    st.sampled_from(["raise.default", "raise.2027", "raise.1800", "exit_rate.0+", "exit_rate.5-9",
                     "exit_rate.x", "lead.slots", "review.cycle_years", "model.min_rating", "pay_system",
                     "crosswalk.BA", "crosswalk.PhD", "hire.lane", "au.annual_cap", "au.by_role.x y",
                     "rating_share.effective", "horizon", "seed", "step_salary.BA.1", "step_salary.BA.99",
                     "step_salary.PhD.1", "step_salary.BA", "pathway_salary.Model.1", "pathway_salary.Lead.9",
                     "pathway_salary.Nope.1", "step_salary.BA.\u00b2", "raise.\u00b2\u00b2\u00b2\u00b2",
                     "lane_credits.BA", "step_advance.2026", "market_raise.default", "conversion.stipend_mode"]),
    st.text(max_size=20))


@FAST
@given(districts(max_teachers=8, proposals=(0, 0)), st.dictionaries(override_keys, override_values, max_size=4))
def test_invalid_overrides_are_an_input_error_never_another_exception(inputs, overrides):
    try:
        terms = inputs.baseline.with_overrides(overrides)
    except InputError as exc:
        assert exc.problems and str(exc)
        return
    runs = project(inputs, [(STATUS_QUO, inputs.scenarios()[0][1]), ("Changed", terms)], horizon=2)
    assert np.all(np.isfinite(runs[1].totals["total_cost"]))


SMALL_GRID = {"Standard": [40000.0], "Professional": [45000.0, 46000.0, 48000.0]}


@pytest.mark.parametrize("overrides", [
    {"step_salary.BA.\u00b2": 50000},  # a digit int() cannot read: was a ValueError
    {"raise.\u00b2\u00b2\u00b2\u00b2": 0.01},  # the same, in a year placeholder
    {"lead.slots": 10**400}, {"step_salary.BA.1": 10**400},  # beyond any float: was an OverflowError
    {"hire.lane": "PhD"},  # not a lane: was accepted, then a ValueError in the engine
    {"crosswalk.MA": "Lead"},  # no Lead intervals: was silently placed on Professional's top
])
def test_overrides_found_by_the_properties_are_input_errors(overrides):
    inputs = district([{"lane": "MA", "step": 1, "years_experience": 5}], {"BA": [40000.0], "MA": [47000.0]},
                      SMALL_GRID)
    with pytest.raises(InputError):
        inputs.baseline.with_overrides(overrides)


# 1.5 years of experience is not bad: an HR export's years of service read as completed years (1).
BAD_CELLS = [("fte", 0), ("fte", -1), ("fte", 1.5), ("fte", "zz"),
             ("years_experience", -1), ("years_experience", "zz"), ("years_experience", 99),
             ("step", 0), ("step", 99), ("step", 1.5), ("step", "zz"), ("lane", "zz"), ("lane", 99),
             ("rating", "zz"), ("rating", 99), ("interval", 0), ("interval", 99), ("interval", 1.5)]


@FEWER
@given(districts(max_teachers=5, proposals=(0, 0)), st.sampled_from(BAD_CELLS))
def test_a_bad_roster_cell_is_an_input_error(inputs, bad):
    """A bad roster value is refused with a problem naming the Roster sheet and the column."""
    column, value = bad
    sched = inputs.baseline.step_schedule
    schedule = {lane: [row[j] for row in sched.salaries] for j, lane in enumerate(sched.lanes)}
    teachers_ = [{k: r[k] for k in ("employee_id", "fte", "years_experience", "lane", "step", "rating")}
                 for r in inputs.roster.to_dict("records")]
    if column == "interval":
        teachers_[0].update(pathway="Standard", interval=value)
    else:
        teachers_[0][column] = value
    with pytest.raises(InputError) as exc:
        district(teachers_, schedule, {"Standard": [40000.0], "Professional": [45000.0]})
    assert any(p.sheet == "Roster" and p.column == column for p in exc.value.problems)


# --- conservation ---------------------------------------------------------------------------------
@FAST
@given(districts())
def test_positions_fte_and_dollars_are_conserved_each_year(inputs):
    roster = inputs.roster
    n, fte = len(roster), roster["fte"].sum()
    for p in project(inputs):
        t = p.totals
        # Positions: a hire takes a leaver's position and FTE.
        assert np.all(t["headcount"] == n) and np.allclose(t["fte"], fte)
        assert np.array_equal(t["separations"], t["hires"])
        assert np.array_equal(t["headcount"][1:], t["headcount"][:-1] - t["separations"][1:] + t["hires"][1:])
        assert np.all(t["separations"][0] == 0) and np.all(t["separations"] <= n)
        assert np.allclose(p.cells.sum(axis=1), n)
        # Base-year teachers only ever leave; each who leaves is one of the year's separations.
        original = p.teacher["original"]
        assert np.all(original[0]) and not np.any(original[1:] & ~original[:-1])
        assert np.all(original[:-1].sum(axis=1) - original[1:].sum(axis=1) <= t["separations"][1:, 0])
        # Dollars: cost = salary + stipends + roll-up, and roll-up is the rates on them.
        assert np.allclose(t["total_cost"], t["base_salary"] + t["stipends"] + t["rollup"], rtol=1e-12)
        roll = p.terms["rollup.rate"] * t["base_salary"] + p.terms["rollup.stipend_rate"] * t["stipends"]
        # Year 0 is the same in every scenario: the status quo's roll-up rate, not a proposal's.
        roll[0] = inputs.baseline["rollup.rate"] * t["base_salary"][0]
        assert np.allclose(t["rollup"], roll, rtol=1e-12), (p.name, t["rollup"], roll)
        # The per-teacher record (replicate 0) adds up to the totals.
        assert np.allclose(p.teacher["salary"].sum(axis=1), t["base_salary"][:, 0], rtol=1e-9)
        assert np.allclose(p.teacher["stipend"].sum(axis=1), t["stipends"][:, 0], rtol=1e-9)


@FAST
@given(st.sampled_from([0.0, 1.0]).flatmap(lambda rate: st.tuples(districts(exit_rate=rate), st.just(rate))))
def test_exit_rates_of_zero_or_one_make_turnover_certain(case):
    """Every band's exit rate 0 (in every scenario): nobody leaves. Rate 1: everyone leaves each year
    wherever pay elasticity is 0, and on the status quo when the market follows its raises (relative
    pay is then exactly 1); elsewhere min(1, 1 x r^e) < 1 when pay is above the market (r > 1), so
    leaving is not certain."""
    inputs, rate = case
    n = len(inputs.roster)
    for p in project(inputs):
        seps = p.totals["separations"][1:]
        if rate == 0:
            # (breakage is 0 up to rounding: payroll before and after turnover are summed differently)
            assert np.all(seps == 0) and np.allclose(p.growth["breakage"], 0, atol=tol(p.totals["base_salary"]))
            assert np.all(p.teacher["original"])
        elif p.terms["elasticity.at_entry"] == 0 or (p.name == STATUS_QUO and not any(
                v is not None for v in p.terms.family("market_raise").values())):
            assert np.all(seps == n) and not np.any(p.teacher["original"][1:]), (p.name, seps.ravel(), n)


@FAST
@given(districts())
def test_cost_growth_parts_add_up_to_the_change_in_cost(inputs):
    """The five growth parts split the change in base salary; with the stipend and roll-up lines
    (metrics.cost_growth) they split the change in total cost."""
    runs = project(inputs)
    for p in runs:
        split = sum(p.growth[k] for k in GROWTH)
        assert np.all(split[0] == 0)
        change = np.diff(p.totals["base_salary"], axis=0)
        assert np.allclose(split[1:], change, rtol=0, atol=tol(p.totals["base_salary"]))
        if p.name == STATUS_QUO:  # the status quo never converts or promotes
            assert np.all(p.growth["conversion"] == 0) and np.all(p.growth["promotions"] == 0)
            assert np.all(p.totals["stipends"] == 0)
    growth = metrics.cost_growth(runs)
    table = metrics.yearly(runs, inputs).set_index(["scenario", "year"])
    parts = growth.groupby(["scenario", "year"])["amount"].sum()
    # "positions" is a part only along a positions path (none here).
    assert set(growth["component"]) == set(GROWTH) - {"positions"} | {"stipends", "rollup"}
    change = table["total_cost"].groupby(level="scenario").diff().dropna()
    assert np.allclose(parts.loc[change.index], change, rtol=0, atol=tol(table["total_cost"]))
    steps = metrics.step_costs(runs)
    assert np.allclose(steps["net_movement_cost"], steps["gross_movement_cost"] + steps["breakage"])


# --- order and seed -------------------------------------------------------------------------------
@FEWER
@given(districts(), st.randoms(use_true_random=False))
def test_roster_row_order_changes_no_number(inputs, rnd):
    """The workbook's row order never matters: the roster is sorted by employee id on load."""
    rows = inputs.roster.to_dict("records")
    rnd.shuffle(rows)
    shuffled = replace(inputs, roster=pd.DataFrame(rows), _fingerprint=[])
    shuffled = replace(shuffled, roster=canonical_roster(shuffled.roster))
    assert shuffled.fingerprint == inputs.fingerprint
    for a, b in zip(project(inputs), project(shuffled), strict=True):
        assert_same(a, b)


# Hires placed by a distribution take a row by their position's draw: entry placement is not a draw.
DETERMINISTIC = {"elasticity.at_entry": 0.0, "rating.persistence": 1.0, "hire.placement": "entry"}


@FEWER
@given(st.sampled_from([0.0, 1.0]).flatmap(lambda rate: st.tuples(st.just(rate), districts(
           exit_rate=rate, fixed=DETERMINISTIC, drop=("credits.", "mc.", "model.application_rate", "model.pass_rate",
                                                      "review.pass_rate", "lead.slots")))),
       st.sampled_from([0.0, 1.0]), st.sampled_from([0.0, 1.0]), st.sampled_from([0, 1000]),
       st.sampled_from([0.0, 1.0]), st.randoms(use_true_random=False))
def test_with_deterministic_rates_which_position_is_which_does_not_matter(case, credits, model, lead, review, rnd):
    """Draws belong to positions, so renumbering the positions (new employee ids in another order)
    changes the numbers only through the draws. With every rate 0 or 1, ratings that persist, no pay
    elasticity and Lead slots for everyone, nothing is random and the totals must not change. (Hires'
    ratings are random whatever the rates, so with turnover only step-and-lane scenarios, where ratings
    earn nothing, are compared.)"""
    exit_rate, inputs = case
    rules = {"credits.share_taking": credits, "model.application_rate": model, "model.pass_rate": model,
             "review.pass_rate": review, "lead.slots": lead, "mc.share_taking": credits}
    inputs = inputs.with_assumptions(lambda _: rules)
    ids = [f"X{i:03d}" for i in range(len(inputs.roster))]
    rnd.shuffle(ids)
    renumbered = replace(inputs, roster=canonical_roster(inputs.roster.assign(employee_id=ids)), _fingerprint=[])
    order = np.argsort(ids, kind="stable")  # renumbered position j holds original teacher order[j]
    for a, b in zip(project(inputs), project(renumbered), strict=True):
        if exit_rate == 1 and a.terms.pay_system == "pathways":
            continue
        for key in TOTALS + GROWTH:
            x = a.totals[key] if key in a.totals else a.growth[key]
            y = b.totals[key] if key in b.totals else b.growth[key]
            assert np.allclose(x, y, rtol=1e-9, atol=1e-6), (a.name, a.terms.pay_system, key, x.ravel(), y.ravel())
        assert np.allclose(a.teacher["salary"][:, order], b.teacher["salary"], rtol=1e-9)


@FEWER
@given(districts())
def test_same_seed_gives_identical_numbers(inputs):
    for a, b in zip(project(inputs), project(inputs), strict=True):
        assert_same(a, b)


# --- common random numbers ------------------------------------------------------------------------
@FAST
@given(districts(), st.data())
def test_a_proposal_identical_to_the_status_quo_gives_the_status_quo_numbers(inputs, data):
    """A step-and-lane proposal that changes nothing (or restates baseline values) is the status quo,
    to the cent; and adding or removing other scenarios changes no scenario's numbers."""
    base = dict(inputs.baseline.params)
    ctx = inputs.baseline.context  # a proposal restates contract terms and assumptions, not global settings
    restate = data.draw(st.lists(st.sampled_from(sorted(k for k, v in base.items() if v is not None and
                                                        find(k, ctx)[0] is not None and find(k, ctx)[0].in_proposals
                                                        and k not in ("base_year", "horizon", "seed", "replicates",
                                                                      "pay_system"))),
                                 max_size=4, unique=True))
    same = Proposal("Same", tuple({"pay_system": "step_and_lane", **{k: base[k] for k in restate}}.items()))
    with_same = inputs.with_proposals(inputs.proposals + (same,))
    runs = project(with_same)
    sq, twin = runs[0], runs[-1]
    assert_same(sq, twin)
    # Each scenario alone (with the status quo) equals the same scenario run with all the others.
    for i, p in enumerate(runs[1:-1], start=1):
        alone = project(with_same, [with_same.scenarios()[0], with_same.scenarios()[i]])
        assert_same(alone[0], sq)
        assert_same(alone[1], p)


# --- flat cost ------------------------------------------------------------------------------------
STILL = {"raise.default": 0.0, "step_advance.default": 0, "credits.share_taking": 0.0,
         "model.application_rate": 0.0, "review.pass_rate": 1.0, "lead.slots": 0}


@FAST
@given(districts(fixed=STILL, drop=("raise.", "step_advance.", "lane_credits.", "conversion.model_min_years",
                                    "credits.", "model.application_rate", "review.", "lead."),
                 exit_rate=0.0))
def test_no_raises_no_movement_no_turnover_gives_flat_cost(inputs):
    """Nothing moves, so cost is flat: from year 0 on the status quo; from year 1 on a step-and-lane
    proposal (its own schedule applies in year 1); on pathways base salary is flat from year 1 (the
    conversion) and total cost from year 2 (the conversion stipend is paid once). Lane changes are
    movement too, so no lane thresholds; AUs still bank but a freeze stops interval moves."""
    for p in project(inputs):
        t = p.totals
        first = 0 if p.name == STATUS_QUO else 1
        assert np.allclose(t["base_salary"][first:], t["base_salary"][first], rtol=1e-12)
        if p.terms.pay_system == "pathways":
            assert np.allclose(t["total_cost"][2:], t["total_cost"][2] if len(t["total_cost"]) > 2 else 0, rtol=1e-12)
            assert np.all(p.growth["movement"][2:] == 0) and np.all(p.growth["promotions"] == 0)
        else:
            assert np.allclose(t["total_cost"][first:], t["total_cost"][first], rtol=1e-12)
            assert np.all(p.growth["movement"] == 0) and np.all(p.growth["breakage"] == 0)
        assert np.all(t["separations"] == 0)


# --- monotonicity ---------------------------------------------------------------------------------
@FAST
@given(districts(fixed={"elasticity.at_entry": 0.0}, proposals=(0, 0)), st.data())
def test_raising_a_step_cell_never_lowers_cost_without_pay_elasticity(inputs, data):
    """A step-and-lane proposal with one step cell raised costs at least as much, every year and
    replicate: with elasticity 0 exits do not answer to pay, so the same positions move the same way."""
    changes = data.draw(rule_set(inputs.baseline.step_schedule.lanes, [], 12, drop=("elasticity.",),
                                 grid=grid_of(inputs)))
    changes["pay_system"] = "step_and_lane"
    sched = inputs.baseline.step_schedule
    lane = data.draw(st.sampled_from(sched.lanes))
    step = data.draw(st.integers(1, sched.steps))
    bump = data.draw(st.floats(1, 20_000))
    plain = inputs.baseline.with_overrides(changes)
    higher = inputs.baseline.with_overrides({**changes, f"step_salary.{lane}.{step}":
                                             sched.salaries[step - 1][sched.lanes.index(lane)] + bump})
    sq, a, b = project(inputs, [(STATUS_QUO, inputs.scenarios()[0][1]), ("plain", plain), ("higher", higher)])
    for key in ("base_salary", "total_cost"):
        assert np.all(b.totals[key] >= a.totals[key] - tol(a.totals[key])), key
    assert np.array_equal(a.totals["separations"], b.totals["separations"])


@FAST
@given(districts(fixed={"elasticity.at_entry": 0.0, "conversion.stipend_threshold": 0},
                 drop=("raise.",), pathways=True, ordered=True, proposals=(0, 0)), st.data())
def test_raising_the_top_of_a_pathway_never_lowers_cost_without_pay_elasticity(inputs, data):
    """On pathways the monotonicity holds only in a narrower form, by design:
    - placement (conversion, Model, Lead) is on the *lowest* interval paying at least the current
      salary, so raising a middle interval can place a teacher on it instead of the next one up,
      for less pay (e.g. Professional 45k/46k/48k, salary 47k: placed at 48k; raise 46k to 47.5k
      and the teacher is placed at 47.5k);
    - the hold-harmless stipend is a cliff: a placement raise that grows past the threshold loses
      the stipend (so the threshold is 0 here);
    - raising the top of Standard can end a teacher's protected salary, and the later move to a
      Professional interval that pays less than the protected salary is then unprotected.
    Raising the top interval of Professional, Model or Lead, on an ascending ladder with no pay
    cuts (raises 0 here), never lowers cost."""
    changes = data.draw(rule_set(inputs.baseline.step_schedule.lanes, [], 12, grid=grid_of(inputs),
                                 drop=("elasticity.", "raise.", "conversion.stipend_threshold")))
    changes["pay_system"] = "pathways"
    grid = inputs.baseline.pathways
    pathway = data.draw(st.sampled_from([p for p in PATHWAYS[1:] if grid.intervals(p)]))
    top = grid.intervals(pathway)
    bump = data.draw(st.floats(1, 20_000))
    plain = inputs.baseline.with_overrides(changes)
    higher = inputs.baseline.with_overrides({**changes, f"pathway_salary.{pathway}.{top}":
                                             grid.salary(pathway, top) + bump})
    sq, a, b = project(inputs, [(STATUS_QUO, inputs.scenarios()[0][1]), ("plain", plain), ("higher", higher)])
    for key in ("base_salary", "total_cost"):
        assert np.all(b.totals[key] >= a.totals[key] - tol(a.totals[key])), key


def test_raising_a_middle_interval_can_lower_cost_by_design():
    """Why the pathway property above is narrower: placement is on the lowest interval paying at
    least the current salary. Salary 47,000; Professional 45,000 / 46,000 / 48,000: placed at 48,000.
    Raise interval 2 to 47,500 and the teacher is placed there: the year costs 500 less."""
    inputs = district([{"lane": "MA", "step": 1, "years_experience": 5}], {"BA": [40000.0], "MA": [47000.0]},
                      SMALL_GRID, proposals={"plain": {"conversion.stipend_threshold": 0},
                                             "higher": {"conversion.stipend_threshold": 0,
                                                        "pathway_salary.Professional.2": 47500}})
    _, plain, higher = project(inputs)
    assert plain.totals["total_cost"][1, 0] == 48000 and higher.totals["total_cost"][1, 0] == 47500


# --- pay is a schedule cell -----------------------------------------------------------------------
@FAST
@given(districts())
def test_every_salary_is_a_schedule_cell_or_the_protected_salary(inputs):
    """Salary per FTE is the cell's salary x the cumulative on-scale raises (year 0: today's
    schedule, unraised); on pathways it may instead be the teacher's protected year-0 salary, when
    that is higher and the teacher has not left. Never negative."""
    today = inputs.baseline.step_schedule
    fte = inputs.roster["fte"].to_numpy()
    horizon = inputs.baseline["horizon"]
    for p in project(inputs):
        index = raise_index(p.terms, horizon)
        salary = p.teacher["salary"] / fte
        assert np.all(salary > 0) and np.all(p.teacher["stipend"] >= 0)
        for t in range(horizon + 1):
            for i, code in enumerate(p.teacher["cell"][t]):
                system, group, number = p.cell_labels[code]
                if system == "step_and_lane":
                    sched = today if t == 0 else p.terms.step_schedule
                    cell = sched.salaries[number - 1][sched.lanes.index(group)] * index[t]
                    assert salary[t, i] == pytest.approx(cell, rel=1e-9), (p.name, t, i)
                else:
                    assert t >= 1 and p.terms.pay_system == "pathways"
                    cell = p.terms.pathways.salary(group, number) * index[t]
                    if salary[t, i] != pytest.approx(cell, rel=1e-9):
                        # Protected: the year-0 salary, higher than the cell, for a teacher still here.
                        assert p.teacher["original"][t, i], (p.name, t, i)
                        assert salary[t, i] == pytest.approx(salary[0, i], rel=1e-9), (p.name, t, i)
                        assert salary[t, i] > cell


@FAST
@given(districts(pathways=True, proposals=(1, 3)), st.data())
def test_conversion_places_each_stayer_on_its_crosswalk_pathway(inputs, data):
    """Year 1 on pathways: a base-year teacher who stayed sits on the pathway its lane is crosswalked
    to, unless the roster names a placement, grandfathering made it Model, or it was promoted in year
    1; hires start on the crosswalk pathway of a lane they are placed in (models/hires.py), or at Standard 1
    with entry placement. A crosswalk to a pathway with no intervals is refused."""
    lanes = inputs.baseline.step_schedule.lanes
    crosswalk = data.draw(st.dictionaries(st.sampled_from([f"crosswalk.{lane}" for lane in lanes]),
                                          st.sampled_from(PATHWAYS), max_size=2))
    grid = inputs.baseline.pathways
    proposals = []
    for proposal in inputs.proposals:
        changed = Proposal(proposal.name, tuple({**proposal.as_dict(), **crosswalk}.items()))
        try:
            changed.terms(inputs.baseline)
        except InputError as exc:
            assert {p.column for p in exc.problems} <= set(crosswalk), exc
            assert any(not grid.intervals(target) for target in crosswalk.values())
            continue
        proposals.append(changed)
    inputs = inputs.with_proposals(tuple(proposals))
    roster = inputs.roster
    for p in project(inputs):
        if p.terms.pay_system != "pathways":
            continue
        for i, code in enumerate(p.teacher["cell"][1]):
            _, pathway, interval = p.cell_labels[code]
            if not p.teacher["original"][1, i]:
                placed = placement(inputs, p.terms)
                if placed.entry:  # the entry rule, or recent placement with no recent teacher to follow
                    assert (pathway, interval) == ("Standard", 1)
                else:
                    lanes_placed = placed.table(p.terms.step_schedule)["lane"]
                    assert pathway in {p.terms[f"crosswalk.{lane}"] for lane in lanes_placed}
                continue
            if roster["pathway"][i] and roster["interval"][i] >= 1:
                expected = roster["pathway"][i]
            else:
                expected = p.terms[f"crosswalk.{roster['lane'][i]}"]
            # Professional may be promoted to Model in year 1; Model may fill a Lead slot; Standard may
            # run on into Professional with the AUs banked in year 1.
            allowed = {"Standard": {"Standard", "Professional"}, "Professional": {"Professional", "Model"},
                       "Model": {"Model", "Lead"}, "Lead": {"Lead"}}[expected]
            if expected == "Professional" and p.terms["conversion.model_min_years"] is not None:
                allowed.add("Lead")  # grandfathered into Model, then a Lead slot
            assert pathway in allowed, (p.name, i, pathway, expected)
