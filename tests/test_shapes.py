"""Proposal shapes on every way in: read back in words, written to the Proposals sheet and read again with
the same fingerprint, costed by the command line as by the engine, and refused with the key when they cannot
apply. The shapes' figures by hand are golden cases: tests/golden/shape_*.yaml."""

import json
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models import engine, workbook
from models.changes import in_words
from models.engine import GROWTH, project
from models.parameters import PATHWAYS
from models.problems import InputError
from models.terms import Proposal
from tests.conftest import ROOT
from tests.district import district
from tests.test_properties import FAST, districts, tol

SIX_STEPS = {"BA": [40000, 42000, 44000, 46000, 48000, 50000], "MA": [45000, 47000, 49000, 51000, 53000, 55000]}


SHAPES = {"step_count": 12, "step_crosswalk.15": 10, "raise.2026": 0.03, "raise_effective.2026": 0.5,
          "raise_flat.2027": 1500, "off_schedule.2026": 2000, "off_schedule.pensionable": 1,
          "lane_removed.BA+15": "MA", "lane_added.MA+45": "MA+30", "lane_credits.MA+45": 45}


def test_each_shape_reads_back_in_words_and_round_trips_through_the_proposals_sheet_and_the_cli(small, tmp_path):
    base = small.baseline
    assert base.step_schedule.steps == 15  # what the sample has
    pathways = small.proposals[0]  # Standard and Professional set by pathway_salary.* cells
    shorter = {**pathways.as_dict(), "pathway_intervals.Professional": 3}
    shaped = small.with_proposals(small.proposals + (Proposal("Shapes", tuple(SHAPES.items())),
                                                     Proposal("Shorter", tuple(shorter.items()))))
    lines = in_words(base, shaped.proposals[-2].terms(base))
    assert "Steps in the schedule: 15 -> 12" in lines
    assert "Lane BA+15 removed: its teachers go to MA, on the lowest step paying at least their salary" in lines
    assert any(line.startswith("Lane MA+45 added after MA+30: steps 1-12 pay $") for line in lines)
    assert "Teachers on removed step 15 go to step 10 (not the lowest step paying at least their salary)" in lines
    assert "On-scale raise in year 2026 starts part-way: paid for 50% of 2026 (annualised: in full from 2027)" in lines
    lane = base.step_schedule.lanes[0]
    assert "Flat raise in year 2027: none -> $1,500" in lines
    assert "Off-schedule payment in year 2026: $0 -> $2,000" in lines
    shapes = dict(SHAPES, **{f"step_salary.2027.{lane}.3": 61000})
    shaped = small.with_proposals(small.proposals + (Proposal("Shapes", tuple(shapes.items())),
                                                     Proposal("Shorter", tuple(shorter.items()))))
    assert f"{lane} step 3 in 2027" in " ".join(in_words(base, shaped.proposals[-2].terms(base)))
    assert f"{lane} step 13 removed (was ${base.step_schedule.salaries[12][0]:,.0f})" in lines
    professional = pathways.terms(base).pathways.intervals("Professional")
    assert f"Intervals of the pathway Professional: {professional} -> 3" in in_words(
        pathways.terms(base), shaped.proposals[-1].terms(base))
    path = tmp_path / "shapes.xlsx"
    workbook.write(shaped, path)
    again = workbook.read(path)
    assert again.fingerprint == shaped.fingerprint and again.proposals[-1] == shaped.proposals[-1]
    out = subprocess.run([sys.executable, "-m", "models", "project", str(path), "--json", "--proposal", "Shapes"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    years = json.loads(out.stdout)["scenarios"][1]["years"]
    costs = next(p for p in engine.project(shaped) if p.name == "Shapes").totals["total_cost"][:, 0]
    assert [round(y["total_cost"]) for y in years] == [round(c) for c in costs]


def test_a_shape_the_workbook_cannot_apply_is_refused_with_its_key():
    with pytest.raises(InputError, match="step_count.*a proposal's change"):
        district([{"years_experience": 0, "lane": "BA", "step": 1}], SIX_STEPS, **{"step_count": 5})
    with pytest.raises(InputError, match="lane_removed.MA.*a step-and-lane proposal"):
        district([{"years_experience": 0, "lane": "BA", "step": 1}], SIX_STEPS, pathways={"Standard": [41000],
                 "Professional": [45000]}, proposals={"P": {"pay_system": "pathways", "lane_removed.MA": "BA"}})
    with pytest.raises(InputError, match="step_salary.2026.BA.7.*a lane of BA, MA and a step it has"):
        district([{"years_experience": 0, "lane": "BA", "step": 1}], SIX_STEPS,
                 proposals={"P": {"step_salary.2026.BA.7": 50000}})


@st.composite
def shaped_districts(draw):
    """A generated district (tests/test_properties.py) whose proposals also take the new shapes at random."""
    inputs = draw(districts(proposals=(1, 3)))
    base = inputs.baseline
    first, horizon = int(base["base_year"]) + 1, int(base["horizon"])
    years = st.integers(first, first + horizon - 1)
    shaped = []
    for p in inputs.proposals:
        changes = p.as_dict()
        terms = p.terms(base)
        for _ in range(draw(st.integers(0, 2))):
            changes[f"raise_flat.{draw(years)}"] = draw(st.integers(0, 3000))
        if draw(st.booleans()):
            changes[f"raise_effective.{draw(years)}"] = draw(st.floats(0, 1))
        if draw(st.booleans()):
            changes["off_schedule.default" if draw(st.booleans()) else f"off_schedule.{draw(years)}"] = draw(
                st.integers(0, 5000))
            changes["off_schedule.pensionable"] = draw(st.integers(0, 1))
        sched = terms.step_schedule
        if terms.pay_system == "step_and_lane" and sched.steps > 1 and draw(st.booleans()):
            count = changes["step_count"] = draw(st.integers(1, sched.steps + 2))
            changes = {k: v for k, v in changes.items()  # a removed step's cells go with it
                       if not (k.startswith("step_salary.") and int(k.rsplit(".", 1)[1]) > count)}
            if count < sched.steps and draw(st.booleans()):  # the last step is removed: say where it goes
                changes[f"step_crosswalk.{sched.steps}"] = draw(st.integers(1, count))
        for _ in range(draw(st.integers(0, 2))):  # a later year's own cells
            if terms.pay_system == "pathways":
                pathway = draw(st.sampled_from([n for n in PATHWAYS if terms.pathways.intervals(n)]))
                interval = draw(st.integers(1, terms.pathways.intervals(pathway)))
                key = f"pathway_salary.{draw(years)}.{pathway}.{interval}"
            else:
                key = f"step_salary.{draw(years)}.{draw(st.sampled_from(sched.lanes))}.1"
            changes[key] = float(draw(st.integers(20, 120)) * 1000)
        shaped.append(Proposal(p.name, tuple(changes.items())))
    inputs = inputs.with_proposals(tuple(shaped))
    inputs.scenarios()  # every shaped proposal is valid
    return inputs


@settings(FAST, max_examples=25)
@given(shaped_districts())
def test_shaped_proposals_conserve_positions_and_dollars_and_their_growth_adds_up(inputs):
    """With steps removed or added, year grids, flat raises, part-year raises and off-schedule pay: no crash,
    finite and positive pay, positions and FTE kept, cost = salary + stipends + roll-up, the growth parts
    split the change in base salary, and the base year the same in every scenario."""
    runs = project(inputs)
    n, fte = len(inputs.roster), inputs.roster["fte"].sum()
    first = runs[0].totals
    for p in runs:
        t = p.totals
        assert all(np.all(np.isfinite(v)) for v in t.values()) and np.all(p.teacher["salary"] > 0)
        assert np.all(t["headcount"] == n) and np.allclose(t["fte"], fte) and np.allclose(p.cells.sum(axis=1), n)
        assert np.allclose(t["total_cost"], t["base_salary"] + t["stipends"] + t["rollup"], rtol=1e-12)
        split = sum(p.growth[k] for k in GROWTH)
        assert np.allclose(split[1:], np.diff(t["base_salary"], axis=0), rtol=0, atol=tol(t["base_salary"]))
        for key, values in t.items():
            assert values[0] == pytest.approx(first[key][0]), (p.name, key)


def test_a_year_or_a_schedule_after_step_salary_and_neither_is_refused_naming_both():
    """step_salary.<X>.<lane>.<step>: X a school year is that year's grid, X a schedule is its cell; else refused."""
    from tests.test_published_schedules import SPLIT, two_schedules
    base = workbook.read(two_schedules(SPLIT)).baseline
    year = base.with_overrides({"step_salary.2027.235.BA.2": 51000, "step_salary.2027.BA.2": 43000})
    assert year.step_schedule == base.step_schedule  # a year's cells leave the schedule as written
    assert year.year_cells(2027) == {"step_salary.2027.235.BA.2": 51000, "step_salary.2027.BA.2": 43000}
    assert base.with_overrides({"step_salary.235.BA.2": 51000}).step_schedule.extra[0][1][1] == (51000, 56400)
    for bad in ("step_salary.2300.BA.2", "step_salary.240.BA.2", "step_salary.2027.240.BA.2"):
        with pytest.raises(InputError, match="step_salary.<year>.<lane>.<step>.*step_salary.<schedule>.<lane>.<step>"
                           " with a schedule of 235"):
            base.with_overrides({bad: 50000})
    single = district([{"years_experience": 0, "lane": "BA", "step": 1}], SIX_STEPS).baseline
    with pytest.raises(InputError, match="none \\(this workbook has one schedule\\)"):
        single.with_overrides({"step_salary.2300.BA.2": 50000})
    assert in_words(base, year) == ["BA step 2 (StepSchedule 235) in 2027: $50,400 -> $51,000 (that year's grid)",
                                    "BA step 2 in 2027: $42,000 -> $43,000 (that year's grid)"]


def test_lanes_and_steps_change_on_every_schedule_alike():
    """Two schedules share lanes and steps: a lane removed or added, or steps cut, change both; the teachers of
    the removed lane go to the lowest step of their own schedule's lane paying at least their salary."""
    from tests.test_published_schedules import SPLIT, two_schedules
    inputs = workbook.read(two_schedules(SPLIT))
    base = inputs.baseline
    reshaped = base.with_overrides({"lane_removed.BA": "MA", "lane_added.PhD": "MA", "hire.lane": "MA"}).step_schedule
    assert reshaped.lanes == ("MA", "PhD") and reshaped.salaries == ((45000, 45000), (47000, 47000))
    assert reshaped.extra == (("235", ((54000, 54000), (56400, 56400))),)
    assert base.with_overrides({"step_count": 1}).step_schedule.extra == (("235", ((48000, 54000),)),)
    # A (195-day BA 1, 40,000) -> MA 1 (45,000); B (235-day BA 1, 0.5 x 48,000) -> 235-day MA 1 (54,000);
    # C stays on 235-day MA 2 (56,400); in 2026 A and B step to MA 2.
    offer_terms = base.with_overrides({"lane_removed.BA": "MA", "hire.lane": "MA"})
    _, offer = project(inputs, [("Status quo", base), ("Offer", offer_terms)], horizon=1)
    assert offer.teacher["salary"][1].round(2).tolist() == [47000, 0.5 * 56400, 56400]


def test_steps_added_to_a_published_schedule_take_the_next_labels_or_are_refused():
    from tests.test_published_schedules import book
    labelled = workbook.read(book([("step", "BA", "MA"), (4, 40000, 45000), (5, 42000, 47000)],
                                  [("A", 1.0, 0, "BA", 4, None)])).baseline
    assert labelled.with_overrides({"step_count": 3}).step_schedule.step_labels == ("4", "5", "6")
    assert labelled.with_overrides({"step_count": 1, "step_crosswalk.5": 4}).get("step_crosswalk.5") == 4
    with pytest.raises(InputError, match="step_crosswalk.5.*to a step the proposal keeps \\(labelled 4 to 4\\)"):
        labelled.with_overrides({"step_count": 1, "step_crosswalk.5": 5})
    with pytest.raises(InputError, match="step_crosswalk.3.*a step of the workbook's schedule"):
        labelled.with_overrides({"step_count": 1, "step_crosswalk.3": 4})
    half = workbook.read(book([("step", "BA", "MA"), ("1", 40000, 45000), ("1A", 42000, 47000)],
                              [("A", 1.0, 0, "BA", 1, None)])).baseline
    with pytest.raises(InputError, match="last step is labelled '1A'"):
        half.with_overrides({"step_count": 3})


def test_hires_placed_like_recent_hires_of_a_removed_lane_go_where_its_teachers_go():
    """hire.placement recent draws hires from the roster's 0-3 year teachers; one on a lane the proposal removes
    is placed on the lane its teachers go to (this raised a ValueError before)."""
    inputs = district([{"years_experience": 1, "lane": "MA", "step": 2}], SIX_STEPS,
                      proposals={"P": {"lane_removed.MA": "BA"}}, **{"hire.placement": "recent", "exit_rate.0+": 1})
    sq, offer = project(inputs, horizon=2)
    assert offer.teacher["salary"][1:, 0].tolist() == [42000, 42000]  # a hire each year, on BA 2 (was MA 2)
    assert sq.teacher["salary"][1:, 0].tolist() == [47000, 47000]
