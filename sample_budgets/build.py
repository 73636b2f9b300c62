"""Rebuild the bundled sample budgets, deterministically: `python -m sample_budgets.build`.

Every figure is labelled inside the workbook (About sheet and the source column) with its
published source (title and address), or as illustrative. Rosters are synthetic.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

from models import engine, parameters, record, workbook
from models.compiled import compile_terms, salary_rollup
from models.inputs import Inputs
from models.problems import Problems
from models.synthetic import RosterShape, synthetic_roster

HERE = Path(__file__).resolve().parent
BALTIMORE_FILE = "baltimore_2010.xlsx"
SMALL_FILE = "small_district.xlsx"
MC_FILE = "microcredential_district.xlsx"
PERF_FILE = "performance_pay_district.xlsx"
ILLUSTRATIVE = "illustrative"
# The publications the samples' figures come from (title, address), as the workbooks' source column says them.
AUS, PATHWAYS_PAGE, CONVERSION, CONTRACT, LATER_RAISES, IRS, NCES_REF, HENDRICKS_REF, TAP_REF, PROCOMP_REF, \
    KETTLE, MC_POLICY = (parameters.cite(r) for r in (
        parameters.CITY_SCHOOLS_AUS, parameters.CITY_SCHOOLS_PATHWAYS, parameters.CONVERSION_2011,
        parameters.BTU_2010, parameters.BTU_2013, parameters.IRS_PUB15, parameters.NCES_TFS, parameters.HENDRICKS,
        parameters.NIET_TAP, parameters.DENVER_PROCOMP, parameters.KETTLE_MORAINE, parameters.NEW_AMERICA_MC))
PELP, COHORT = parameters.PELP_CASE[0], parameters.FIRST_COHORT[0]
QCOMP_REF = parameters.cite(parameters.MN_QCOMP) + "; the example district's plan: no address found"
LEAD = parameters.cite(parameters.CITY_SCHOOLS_PATHWAYS) + "; the number of Lead teachers is illustrative"
WORKED_EXAMPLE = "publication not identified: illustrative"
MARYLAND = "Maryland's rate: publication not identified"
TROY = "Troy, IL's rule: publication not identified"
# District leavers by band (leavers + the 41% of movers who leave the district), the registry's default.
DISTRICT_LEAVERS = parameters.BY_KEY["exit_rate.{band}"].default
NCES_LEAVERS = ("district leavers, leavers + 41% of movers (" + NCES_REF + "; "
                + parameters.cite(parameters.NCES_TURNOVER) + ")")


def even_steps(start: float, end: float, count: int) -> list[float]:
    """Salaries in even steps from start to end, rounded to the dollar."""
    return [float(round(x)) for x in np.linspace(start, end, count)]


def growth_steps(start: float, end: float, count: int) -> list[float]:
    """Salaries growing by the same percentage each step, rounded to the dollar."""
    return [float(round(start * (end / start) ** (k / (count - 1)))) for k in range(count)]


def _rows(header: tuple, data: list[tuple]) -> list[tuple[int, tuple]]:
    return [(i, row) for i, row in enumerate([header] + data, start=1)]


def _key_rows(entries: dict[str, tuple]) -> list[tuple[int, tuple]]:
    return _rows(("key", "value", "source"), [(k, v[0], v[1]) for k, v in entries.items()])


def _inputs(tables: dict[str, list]) -> Inputs:
    problems = Problems()
    return workbook.build_inputs(tables, problems, [])


def _roster_table(df: pd.DataFrame) -> list[tuple[int, tuple]]:
    return _rows(tuple(df.columns), [tuple(r) for r in df.itertuples(index=False)])


def _district(about: list[tuple], roster: pd.DataFrame, lanes: tuple[str, ...], schedule: list[tuple],
              rules: dict, assumptions: dict, proposals: list[tuple], budget_growth: float,
              **extra: list[tuple[int, tuple]]) -> Inputs:
    """A sample's tables (plus any extra sheets, e.g. Pathways, Market), then a Budget grown from its
    base-year cost."""
    tables = {
        "About": _rows(("topic", "note"), about), "Roster": _roster_table(roster),
        "StepSchedule": _rows(("step", *lanes), schedule),
        "Rules": _key_rows(rules), "Assumptions": _key_rows(assumptions),
        "Proposals": _rows(("proposal", "parameter", "value", "note"), proposals), **extra,
    }
    tables["Budget"] = _rows(("year", "amount"), _budget(_inputs(tables), budget_growth))
    return _inputs(tables)


def _budget(inputs: Inputs, growth: float) -> list[tuple[int, float]]:
    """Illustrative budget: the base year's cost (salary + roll-up) grown by `growth` a year."""
    base = inputs.baseline
    per_head = compile_terms(base, 1, int(base["base_year"]), [0.0]).health_per_fte * inputs.roster["fte"].sum()
    payroll = float((inputs.roster["fte"] * _year0_salary(inputs)).sum()) * (1 + salary_rollup(base)) + per_head
    year0 = int(base["base_year"])
    return [(year0 + t, float(round(payroll * (1 + growth) ** t, -3))) for t in range(0, int(base["horizon"]) + 1)]


def _year0_salary(inputs: Inputs) -> pd.Series:
    sched = inputs.baseline.step_schedule
    table = sched.array()
    lane = inputs.roster["lane"].map(sched.lanes.index)
    step = inputs.roster["step"].astype(int) - 1
    return pd.Series(table[step.to_numpy(), lane.to_numpy()])


# --- (a) Baltimore 2010 scale ------------------------------------------------------------------
BALTIMORE_LANES = ("BA", "MA", "MA+30", "PhD")
CITY_PAGE = f"Baltimore City Public Schools, Career Pathways for Teachers, {record.CITY_SCHOOLS.address}"
SUN_2011 = f"Baltimore Sun, 22 Feb 2011, {record.SUN_2011.address}"
BALTIMORE_STEPS = 20
# 2009-10 schedule, derived: the 2010-11 start of $46,774 was a $5,000 rise (Harvard PELP case PEL-071), so
# BA step 1 = $41,774; other lanes and the tops are illustrative.
BALTIMORE_LANE_RANGES = {"BA": (41774, 62000), "MA": (44500, 74000), "MA+30": (46500, 79500),
                         "PhD": (48500, 84000)}
BALTIMORE_PATHWAYS = {
    # Tentative agreement 2010 maximums (Harvard PELP case PEL-071); interval tables were not published, so
    # intervals are even steps from a start to the maximum. Starts beyond Standard are illustrative.
    "Standard": even_steps(46774, 53400, 5),
    "Professional": even_steps(54500, 84011, 15),
    "Model": even_steps(78000, 92700, 8),
    "Lead": even_steps(95000, 100800, 5),
}


def baltimore() -> Inputs:
    shape = RosterShape(
        teachers=6915, lanes=BALTIMORE_LANES, steps=BALTIMORE_STEPS,
        experience_bands=((0, 3, 0.33), (4, 9, 0.27), (10, 19, 0.22), (20, 38, 0.18)),
        advanced_lane_share=(0.55, 0.78, 0.86), rating_shares=(0.12, 0.70, 0.13, 0.05),
        part_time_share=0.03, schools=200)
    roster = synthetic_roster(shape, seed=2010)
    schedule = [(s, *[growth_steps(*BALTIMORE_LANE_RANGES[lane], BALTIMORE_STEPS)[s - 1]
                      for lane in BALTIMORE_LANES]) for s in range(1, BALTIMORE_STEPS + 1)]
    pathways = [(p, k, s) for p, salaries in BALTIMORE_PATHWAYS.items() for k, s in enumerate(salaries, 1)]
    ta = "Baltimore 2010 contract (" + CONTRACT + ")"
    rules = {
        "au.per_interval": (12, f"{CITY_PAGE}: 12 AUs move a teacher up one interval"),
        "au.by_rating.highly_effective": (12, "City Schools \"Achievement units\" page"),
        "au.by_rating.effective": (9, "City Schools \"Achievement units\" page"),
        "au.by_rating.developing": (3, "City Schools \"Achievement units\" page"),
        "au.by_rating.ineffective": (0, "City Schools \"Achievement units\" page"),
        "au.per_credit": (1, ta), "au.pd_hours_per_au": (15, ta),
        "au.by_role.building_rep": (3, "union building representative, 3 AUs a year (" + PATHWAYS_PAGE + ")"),
        "crosswalk.BA": ("Standard", f"bachelor's to Standard ({SUN_2011})"),
        "crosswalk.MA": ("Professional", f"master's to Professional ({SUN_2011})"),
        "crosswalk.MA+30": ("Professional", f"master's to Professional ({SUN_2011})"),
        "crosswalk.PhD": ("Professional", f"master's and beyond to Professional ({SUN_2011})"),
        "conversion.model_min_years": (33, "illustrative: chosen so about 4% of the converted staff start in "
                                           "Model, as published (master's plus 30 years in the system, or a "
                                           "doctorate; Baltimore Sun, 22 Feb 2011)"),
        "conversion.stipend_threshold": (1750, f"a placement raising pay by less than $1,750 ({SUN_2011})"),
        "conversion.stipend": (1750, f"a one-time $1,750 stipend ({SUN_2011})"),
        "model.application_rate": (0.07, "replaced by first_cohort_rates()"),
        "model.pass_rate": (round(FIRST_PROMOTED / FIRST_APPLIED, 4), "100 of 341 applicants promoted, first "
                            "cohort 2011-12 (Baltimore Sun, 16 May 2012)"),
        "review.cycle_years": (5, ta), "review.pass_rate": (0.9, ILLUSTRATIVE),
        "lead.slots": (10, "just a handful of Lead teachers by 2014-15 (Education Week, 19 Feb 2015)"),
        "lane_credits.MA": (36, "illustrative: 36 credits stand for a master's"),
        "lane_credits.MA+30": (30, "30 credits beyond the master's"),
        "raise.default": (0.01, "status quo: 1% a year, as Baltimore gave in 2013-16 (" + LATER_RAISES + ")"),
        "rollup.rate": (0.17, "about 17% in one worked example (" + WORKED_EXAMPLE + ")"),
        "rollup.stipend_rate": (0.0765, "Social Security 6.2% + Medicare 1.45% (" + IRS + ")"),
    }
    assumptions = {
        "base_year": (2010, "2010-11, the first contract year is 2011-12 in this sample"),
        "horizon": (10, "workbench default"), "seed": (2010, "workbench default"),
        "replicates": (1, "workbench default"),
        "rating_share.highly_effective": (0.12, ILLUSTRATIVE), "rating_share.effective": (0.70, ILLUSTRATIVE),
        "rating_share.developing": (0.13, ILLUSTRATIVE), "rating_share.ineffective": (0.05, ILLUSTRATIVE),
        "rating.persistence": (0.6, ILLUSTRATIVE),
        "credits.share_taking": (0.15, ILLUSTRATIVE), "credits.per_taker": (6, ILLUSTRATIVE),
        "pd_hours.per_year": (15, ILLUSTRATIVE),
        **{f"exit_rate.{band}": (rate, NCES_LEAVERS) for band, rate in DISTRICT_LEAVERS.items()},
        "elasticity.at_entry": (-2.0, "illustrative: early-career average near -1.4 (Hendricks 2014)"),
        "elasticity.fade_years": (19, "Hendricks 2014 (" + HENDRICKS_REF + ")"),
        "hire.years": (0, ILLUSTRATIVE), "hire.lane": ("BA", ILLUSTRATIVE),
    }
    district = [("pathway_salary.Model.1", 78000), ("raise.2011", 0.0), ("raise.2012", 0.01),
                ("raise.2013", 0.015), ("lead.slots", 10)]
    union = [("raise.2011", 0.02), ("raise.2012", 0.02), ("raise.2013", 0.02),
             ("au.per_interval", 10), ("model.pass_rate", 0.4), ("lead.slots", 50),
             ("conversion.stipend", 2500), ("conversion.stipend_threshold", 2500)]
    union += [(f"pathway_salary.Model.{k}", s + 3000) for k, s in enumerate(BALTIMORE_PATHWAYS["Model"], 1)]
    proposals = [("District offer", k, v, "") for k, v in district] + [("Union offer", k, v, "") for k, v in union]
    about = [
        ("title", "Baltimore-scale district, 2010 (synthetic roster)"),
        ("Roster", "Synthetic: 6,915 teachers as placed at Baltimore's conversion (" + CONVERSION + "); "
                   "experience, lanes, ratings and schools are illustrative."),
        ("StepSchedule", "2009-10, derived: BA step 1 = $46,774 - $5,000 (" + PELP + "); other cells illustrative "
                         "(even percentage steps)."),
        ("Pathways", "Maximums from the 2010 tentative agreement: Standard $53,400, Professional $84,011, Model "
                     "$92,700, Lead $100,800; Standard starts at $46,774 (" + PELP + "). Interval tables were not "
                     "published: even steps; starts of Professional, Model and Lead are illustrative."),
        ("Budget", "Illustrative: the base year's salary and roll-up grown 5% a year (room for the steps, lanes "
                   "and the 1% raise of the status quo, which costs about 3% a year cast forward)."),
        ("Market", "Illustrative comparison curve starting near Montgomery's $44,200 (2007-08) start, "
                   "grown to 2010 (" + PELP + ")."),
        ("District offer", "Illustrative: the tentative-agreement grid with raises of 0%, 1%, 1.5% (" + PELP + ")."),
        ("Union offer", "Illustrative: 2% raises, 10 AUs per interval, Model +$3,000, more Lead slots, a larger "
                        "hold-harmless stipend."),
    ]
    about.append((record.RECORD_TOPIC, f"{record.BALTIMORE}: the Workbook page sets this sample's conversion and "
                                       "first Model cohort against the published record."))
    market = [(y, float(round(47000 * 1.024 ** min(y, 25), -2))) for y in range(0, 41)]
    sheets = {"Pathways": _rows(("pathway", "interval", "salary"), pathways),
              "Market": _rows(("years_experience", "salary"), market)}
    draft = _district(about, roster, BALTIMORE_LANES, schedule, rules, assumptions, proposals, 0.05, **sheets)
    eligible, rate = first_cohort_rates(draft)
    rules["model.application_rate"] = (rate, f"341 applied (Baltimore Sun, 16 May 2012) of the {eligible:,.0f} "
                                             "the engine finds eligible in 2011-12 (see About)")
    about.append(("Model rates", f"Derived so the first cohort is the published one in expectation: in 2011-12 the "
                                 f"engine finds {eligible:,.0f} teachers eligible (Professional at the start of "
                                 "the year, stayed, rated Effective or better; mean of 50 runs with every eligible "
                                 f"teacher applying); application rate 341 / {eligible:,.0f} = {rate:.4f}; pass "
                                 f"rate 100 / 341 = {FIRST_PROMOTED / FIRST_APPLIED:.4f}."))
    return _district(about, roster, BALTIMORE_LANES, schedule, rules, assumptions, proposals, 0.05, **sheets)


FIRST_APPLIED, FIRST_PROMOTED = 341, 100  # first Model cohort, 2011-12 (Baltimore Sun, 16 May 2012)


def first_cohort_rates(inputs: Inputs, runs: int = 50) -> tuple[float, float]:
    """The eligible count of the first Model year under the engine's rule (every eligible teacher
    applying, mean of `runs` replicates) and the application rate that makes 341 of them apply."""
    everyone = inputs.with_assumptions(lambda _: {"model.application_rate": 1.0, "model.pass_rate": 1.0})
    first = record.first_pathways(engine.project(everyone, horizon=1, replicates=runs, keep_teachers=False))
    eligible = float(first.totals["model_applicants"][1].mean())
    return eligible, round(FIRST_APPLIED / eligible, 4)


# --- (b) a small district with a step-and-lane schedule only ------------------------------------
SMALL_LANES = ("BA", "BA+15", "MA", "MA+30")
SMALL_STEPS = 15


def small_district() -> Inputs:
    shape = RosterShape(
        teachers=350, lanes=SMALL_LANES, steps=SMALL_STEPS,
        experience_bands=((0, 3, 0.22), (4, 9, 0.28), (10, 19, 0.30), (20, 35, 0.20)),
        advanced_lane_share=(0.35, 0.6, 0.75), rating_shares=(0.15, 0.70, 0.12, 0.03),
        part_time_share=0.05, schools=6, max_credits=15)
    roster = synthetic_roster(shape, seed=350)
    starts = {"BA": (45000, 66000), "BA+15": (46500, 69000), "MA": (49000, 74000), "MA+30": (51500, 79000)}
    schedule = [(s, *[growth_steps(*starts[lane], SMALL_STEPS)[s - 1] for lane in SMALL_LANES])
                for s in range(1, SMALL_STEPS + 1)]
    rules = {
        "lane_credits.BA+15": (15, ILLUSTRATIVE), "lane_credits.MA": (21, ILLUSTRATIVE),
        "lane_credits.MA+30": (30, ILLUSTRATIVE),
        "crosswalk.BA": ("Standard", "as Baltimore: bachelor's to Standard (" + CONVERSION + ")"),
        "crosswalk.BA+15": ("Standard", ILLUSTRATIVE),
        "crosswalk.MA": ("Professional", "as Baltimore: master's to Professional (" + CONVERSION + ")"),
        "crosswalk.MA+30": ("Professional", "as Baltimore (" + CONVERSION + ")"),
        "raise.default": (0.015, ILLUSTRATIVE),
        "rollup.rate": (0.17, "about 17% in one worked example (" + WORKED_EXAMPLE + ")"),
        "lead.slots": (3, "illustrative: about one per two schools"),
    }
    md = "illustrative, near Maryland's ~90.5% yearly retention (" + MARYLAND + ")"
    assumptions = {
        "base_year": (2025, "2025-26"), "horizon": (10, "workbench default"), "seed": (350, "workbench default"),
        "exit_rate.0-3": (0.14, md), "exit_rate.4-9": (0.09, md), "exit_rate.10-19": (0.06, md),
        "exit_rate.20+": (0.12, md + ", retirements included"),
        "credits.share_taking": (0.2, ILLUSTRATIVE), "credits.per_taker": (6, ILLUSTRATIVE),
    }
    design = {"Standard": even_steps(47000, 54000, 5), "Professional": even_steps(55000, 80000, 12),
              "Model": even_steps(76000, 88000, 6), "Lead": even_steps(90000, 96000, 4)}
    adds = [("pay_system", "pathways")] + [
        (f"pathway_salary.{p}.{k}", s) for p, salaries in design.items() for k, s in enumerate(salaries, 1)]
    adds += [("raise.2026", 0.01), ("raise.2027", 0.01)]
    raise_only = [("raise.2026", 0.03), ("raise.2027", 0.025), ("step_salary.BA.1", 47000)]
    proposals = ([("Pathways proposal", k, v, "") for k, v in adds]
                 + [("Schedule raise", k, v, "") for k, v in raise_only])
    about = [
        ("title", "Small district, 350 teachers (synthetic)"),
        ("Roster", "Synthetic roster; every figure illustrative."),
        ("StepSchedule", "Illustrative 15-step, four-lane schedule."),
        ("Pathways proposal", "Adds Baltimore-style pathways (illustrative salaries) with 1% raises."),
        ("Schedule raise", "Keeps step and lane: 3% then 2.5% on-scale and a higher BA start."),
        ("Budget", "Illustrative: the base year's salary and roll-up grown 2.5% a year."),
    ]
    return _district(about, roster, SMALL_LANES, schedule, rules, assumptions, proposals, 0.025)


# --- (c) a micro-credential district: how to pay for an MC --------------------------------------
MC_LANES = ("BA", "BA+15", "MA", "MA+15", "MA+30")
MC_STEPS = 20
MC_SOURCE = "state phase-in proposal for micro-credentials (" + MC_POLICY + ")"


def microcredential_district() -> Inputs:
    shape = RosterShape(
        teachers=1200, lanes=MC_LANES, steps=MC_STEPS,
        experience_bands=((0, 3, 0.25), (4, 9, 0.28), (10, 19, 0.28), (20, 35, 0.19)),
        advanced_lane_share=(0.3, 0.55, 0.7), rating_shares=(0.14, 0.72, 0.11, 0.03),
        part_time_share=0.04, schools=18, max_credits=15)
    roster = synthetic_roster(shape, seed=1200)
    starts = {"BA": (44000, 66000), "BA+15": (45500, 69000), "MA": (48500, 75000), "MA+15": (50000, 78000),
              "MA+30": (51500, 81000)}
    schedule = [(s, *[growth_steps(*starts[lane], MC_STEPS)[s - 1] for lane in MC_LANES])
                for s in range(1, MC_STEPS + 1)]
    rules = {
        "lane_credits.BA+15": (15, "lane moves of 15 credits, as Troy, IL (" + TROY + ")"),
        "lane_credits.MA": (21, ILLUSTRATIVE), "lane_credits.MA+15": (15, "as Troy, IL (" + TROY + ")"),
        "lane_credits.MA+30": (15, "as Troy, IL (" + TROY + ")"),
        "crosswalk.BA": ("Standard", "as Baltimore: bachelor's to Standard (" + CONVERSION + ")"),
        "crosswalk.BA+15": ("Standard", ILLUSTRATIVE),
        "crosswalk.MA": ("Professional", "as Baltimore: master's to Professional (" + CONVERSION + ")"),
        "crosswalk.MA+15": ("Professional", "as Baltimore (" + CONVERSION + ")"),
        "crosswalk.MA+30": ("Professional", "as Baltimore (" + CONVERSION + ")"),
        "raise.default": (0.015, ILLUSTRATIVE),
        "rollup.rate": (0.17, "about 17% in one worked example (" + WORKED_EXAMPLE + ")"),
        "lead.slots": (4, ILLUSTRATIVE),
        "mc.renewal_per_year": (0.6, "3 MCs per 5 years in place of clock hours for licence renewal ("
                                     + MC_SOURCE + ")"),
        "mc.fee": (100, "illustrative: no fee per MC submission was found"),
        "mc.coaching_per_participant": (250, ILLUSTRATIVE),
        "mc.outside_share": (0.6, "illustrative: the state covers MC fees in one proposal (" + MC_SOURCE + "); "
                                  "coaching stays with the district"),
    }
    md = "illustrative, near Maryland's ~90.5% yearly retention (" + MARYLAND + ")"
    assumptions = {
        "base_year": (2025, "2025-26"), "horizon": (10, "workbench default"), "seed": (1200, "workbench default"),
        "exit_rate.0-3": (0.15, md), "exit_rate.4-9": (0.10, md), "exit_rate.10-19": (0.06, md),
        "exit_rate.20+": (0.12, md + ", retirements included"),
        "credits.share_taking": (0.12, ILLUSTRATIVE), "credits.per_taker": (6, ILLUSTRATIVE),
        "mc.share_taking": (0.2, ILLUSTRATIVE), "mc.per_taker": (2, ILLUSTRATIVE),
        "mc.share_by_band.0-3": (0.35, "illustrative: newer teachers take up MCs most"),
        "mc.share_by_band.4-9": (0.3, ILLUSTRATIVE), "mc.share_by_band.10-19": (0.2, ILLUSTRATIVE),
        "mc.share_by_band.20+": (0.08, ILLUSTRATIVE),
    }
    design = {"Standard": even_steps(45500, 53000, 5), "Professional": even_steps(54000, 82000, 14),
              "Model": even_steps(80000, 90000, 6), "Lead": even_steps(92000, 98000, 4)}
    as_aus = [("pay_system", "pathways"), ("au.per_mc", 3)] + [
        (f"pathway_salary.{p}.{k}", v) for p, salaries in design.items() for k, v in enumerate(salaries, 1)]
    proposals = ([("MC as AUs", k, v, "") for k, v in as_aus]
                 + [("MC stipend", "mc.stipend", 500, "one-time stipend per MC (illustrative amount)")]
                 + [("MC base increase", "mc.base_increase", 400, "permanent, as Kettle Moraine, WI; amount "
                                                                  "illustrative (" + KETTLE + ")")]
                 + [("MC lane credits", "mc.lane_credits", 1, "1 MC = 1 credit toward lane moves, as Troy, IL "
                                                             "(" + TROY + ")")])
    about = [
        ("title", "Micro-credential district, 1,200 teachers (synthetic)"),
        ("Roster", "Synthetic roster; every figure illustrative."),
        ("StepSchedule", "Illustrative 20-step, five-lane schedule; lane moves of 15 credits as Troy, IL "
                         "(" + TROY + ")."),
        ("Micro-credentials", "MCs earned by 8-35% of teachers a year by experience band, 2 each (illustrative); "
                              "renewal MCs 3 per 5 years and the state's share of fees from a state phase-in "
                              "proposal (" + MC_POLICY + "); fee and coaching amounts illustrative."),
        ("MC as AUs", "Baltimore-style pathways (illustrative salaries) with 3 AUs per MC (illustrative)."),
        ("MC stipend", "A one-time $500 per MC (illustrative; a state proposal had a $50 incentive)."),
        ("MC base increase", "A permanent $400 base increase per MC, as Kettle Moraine, WI (amount illustrative)."),
        ("MC lane credits", "1 MC = 1 credit toward lane moves (" + TROY + ")."),
        ("Budget", "Illustrative: the base year's salary and roll-up grown 2.5% a year."),
    ]
    return _district(about, roster, MC_LANES, schedule, rules, assumptions, proposals, 0.025)


# --- (d) a performance-pay district: TAP, Q Comp and ProComp-style designs -----------------------
PERF_LANES = ("BA", "MA", "MA+30")
PERF_STEPS = 18


def _performance_roster(shape: RosterShape, seed: int) -> pd.DataFrame:
    """The synthetic roster with school flags and TAP roles (one master, two mentors a school)."""
    roster = synthetic_roster(shape, seed=seed)
    rng = np.random.default_rng(seed + 1)
    schools = sorted(roster["school"].unique())
    hard = set(rng.choice(schools, size=len(schools) // 5, replace=False))  # a fifth of schools
    top = set(rng.choice(schools, size=len(schools) // 4, replace=False))  # a quarter meet their goal
    roster["hard_to_staff_school"] = roster["school"].isin(hard).astype(int)
    roster["top_school"] = roster["school"].isin(top).astype(int)
    roster["hard_to_staff_subject"] = (rng.random(len(roster)) < 0.15).astype(int)  # e.g. special ed, STEM
    order = roster.assign(u=rng.random(len(roster))).sort_values(["school", "u"])
    rank = order.groupby("school").cumcount()
    veteran = order["years_experience"] >= 5
    roster.loc[order.index[(rank == 1) & veteran], "role"] = "master"
    roster.loc[order.index[rank.isin([2, 3]) & veteran], "role"] = "mentor"
    return roster


def performance_pay_district() -> Inputs:
    shape = RosterShape(
        teachers=2500, lanes=PERF_LANES, steps=PERF_STEPS,
        experience_bands=((0, 3, 0.28), (4, 9, 0.28), (10, 19, 0.26), (20, 35, 0.18)),
        advanced_lane_share=(0.35, 0.6, 0.75), rating_shares=(0.15, 0.68, 0.13, 0.04),
        part_time_share=0.03, schools=40, max_credits=30)
    roster = _performance_roster(shape, seed=2500)
    starts = {"BA": (43000, 64000), "MA": (47000, 73000), "MA+30": (50000, 78000)}
    schedule = [(s, *[growth_steps(*starts[lane], PERF_STEPS)[s - 1] for lane in PERF_LANES])
                for s in range(1, PERF_STEPS + 1)]
    rules = {
        "lane_credits.MA": (36, "illustrative: 36 credits stand for a master's"),
        "lane_credits.MA+30": (30, "30 credits beyond the master's"),
        "raise.default": (0.015, ILLUSTRATIVE),
        # Roll-up as lines (the field's costing forms): Social Security, Medicare, pension, other, health.
        "rollup.social_security": (0.062, "6.2% employer share (" + IRS + ")"),
        "rollup.medicare": (0.0145, "1.45% employer share (" + IRS + ")"),
        "rollup.pension": (0.10, "illustrative: a state employer rate of 10%; enter your state's rate"),
        "rollup.rate": (0.01, "illustrative: other roll-up on salary (workers' compensation, unemployment)"),
        "rollup.stipend_rate": (0.0765, "Social Security 6.2% + Medicare 1.45% (" + IRS + ")"),
        "rollup.health_single": (9000, "illustrative employer share of a single premium"),
        "rollup.health_family": (22000, "illustrative employer share of a family premium"),
        "market.index_salary": (36635, "Denver ProComp index salary, 2008-09 (" + PROCOMP_REF + ")"),
    }
    health = "illustrative premiums (employer share) and enrolment; enter the district's own"
    assumptions = {
        "base_year": (2025, "2025-26"), "horizon": (10, "workbench default"), "seed": (2500, "workbench default"),
        **{f"exit_rate.{band}": (rate, NCES_LEAVERS) for band, rate in DISTRICT_LEAVERS.items()},
        "rollup.single_share": (0.35, health), "rollup.family_share": (0.5, health),
        "rollup.health_growth": (0.05, "illustrative premium trend"),
        "credits.share_taking": (0.12, ILLUSTRATIVE), "credits.per_taker": (6, ILLUSTRATIVE),
        "rating.persistence": (0.6, ILLUSTRATIVE),
    }
    tap = "TAP (" + TAP_REF + ")"
    tap_offer = [("perf.pool_per_teacher", 2000, "illustrative pool"),
                 ("perf.share_individual", 0.5, "observed skills 50%, " + tap),
                 ("perf.share_value_added", 0.3, "classroom value-added 30%, " + tap),
                 ("perf.share_school", 0.2, "school-wide 20%, " + tap),
                 ("role.stipend.mentor", 7000, "mentor $5,000-12,000, " + tap),
                 ("role.stipend.master", 15000, "master $10,000-20,000, " + tap)]
    qcomp = "Q Comp example district (" + QCOMP_REF + ")"
    qcomp_offer = [("qcomp.site_goal.amount", 50, qcomp), ("qcomp.student_goal.amount", 100, qcomp),
                   ("qcomp.plc.amount", 150, qcomp), ("qcomp.practice.amount", 950, qcomp),
                   ("qcomp.site_goal.take_up", 0.7, ILLUSTRATIVE), ("qcomp.student_goal.take_up", 0.6, ILLUSTRATIVE),
                   ("qcomp.plc.take_up", 0.95, ILLUSTRATIVE), ("qcomp.practice.take_up", 0.8, ILLUSTRATIVE)]
    procomp = "Denver ProComp 6.4% of the index salary (" + PROCOMP_REF + ")"
    market_offer = [("market.hard_to_staff_school", 0.064, procomp), ("market.hard_to_staff_subject", 0.064, procomp),
                    ("market.top_school", 0.064, procomp)]
    proposals = ([("TAP-style bonus", k, v, n) for k, v, n in tap_offer]
                 + [("Q Comp-style components", k, v, n) for k, v, n in qcomp_offer]
                 + [("ProComp-style incentives", k, v, n) for k, v, n in market_offer])
    about = [
        ("title", "Performance-pay district, 2,500 teachers (synthetic)"),
        ("Roster", "Synthetic roster; a fifth of schools hard to serve, a quarter top-performing, 15% of "
                   "positions hard to staff, a master and two mentors a school (veterans): all illustrative."),
        ("StepSchedule", "Illustrative 18-step, three-lane schedule."),
        ("TAP-style bonus", "A $2,000 pool per teacher split 50% observed skills, 30% classroom value-added, "
                            "20% school-wide; mentor $7,000 and master $15,000 within TAP's ranges (" + TAP_REF + ")."),
        ("Q Comp-style components", "$50 site goal + $100 student goal + $150 PLC + $950 practice proficiency, "
                                    "the Q Comp example district (" + QCOMP_REF + "); take-up shares illustrative."),
        ("ProComp-style incentives", "6.4% of the $36,635 index salary each for a hard-to-serve school, a "
                                     "hard-to-staff assignment and a top-performing school (" + PROCOMP_REF
                                     + ")."),
        ("Roll-up", "By line: Social Security 6.2% and Medicare 1.45% (" + IRS + "), pension 10% and other "
                    "roll-up 1% (illustrative), health $9,000 single / $22,000 family for 35% / 50% of FTE "
                    "(illustrative), growing 5% a year."),
        ("Budget", "Illustrative: the base year's salary and roll-up grown 3% a year."),
    ]
    return _district(about, roster, PERF_LANES, schedule, rules, assumptions, proposals, 0.03)


SAMPLES = {BALTIMORE_FILE: baltimore, SMALL_FILE: small_district, MC_FILE: microcredential_district,
           PERF_FILE: performance_pay_district}


def main(out: Path = HERE) -> None:
    for name, make in SAMPLES.items():
        inputs = make()
        workbook.write(inputs, out / name)
        print(f"{out / name}: {len(inputs.roster)} teachers, fingerprint {inputs.fingerprint}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
