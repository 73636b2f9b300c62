"""Tidy tables drawn from projections: what the charts, tables, JSON and Results sheets show.

Figures are means over replicates; P10/P50/P90 of total cost are given when there are several.
Per-teacher tables (who gains, salary percentiles) use the first replicate.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from models.components import COMPONENT_FIELDS, COST_LINES, LINE_WORDS, MEMO_LINES
from models.engine import GROWTH, Projection
from models.inputs import Inputs
from models.parameters import parse_band
from models.terms import STATUS_QUO

YEARLY = ("headcount", "fte", "separations", "hires", "base_salary", "stipends", "rollup", "total_cost")
GROWTH_WORDS = {
    "breakage": "Breakage (turnover savings)",
    "conversion": "Conversion to pathways",
    "movement": "Movement (steps, intervals, lanes)",
    "promotions": "Promotions (Model, Lead, review)",
    "raises": "On-scale raises",
    "components": "Pay components in base (MC base increases, pay types in base)",
    "stipends": "Stipends",
    "rollup": "Roll-up",
}


def yearly(projections: list[Projection], inputs: Inputs) -> pd.DataFrame:
    """One row per scenario and year: headcount, pay, cost, and differences."""
    frames = []
    for p in projections:
        df = pd.DataFrame({"scenario": p.name, "year": p.years})
        for key in YEARLY + ("au_banked", "model_applicants", "model_promotions") + COMPONENT_FIELDS:
            df[key] = p.totals[key].mean(axis=1)
        if p.replicates > 1:
            for q in (10, 50, 90):
                df[f"total_cost_p{q}"] = np.percentile(p.totals["total_cost"], q, axis=1)
        df["budget"] = [inputs.budget_for(int(y)) for y in p.years]
        df["diff_vs_budget"] = df["total_cost"] - df["budget"].astype(float)
        df["cumulative_cost"] = df["total_cost"].where(df["year"] > p.years[0], 0.0).cumsum()
        frames.append(df)
    out = pd.concat(frames, ignore_index=True)
    sq = out[out["scenario"] == STATUS_QUO].set_index("year")
    out["diff_vs_status_quo"] = out["total_cost"] - out["year"].map(sq["total_cost"])
    out["cumulative_diff_vs_status_quo"] = out["cumulative_cost"] - out["year"].map(sq["cumulative_cost"])
    return out


def cost_growth(projections: list[Projection]) -> pd.DataFrame:
    """Each year's change in total cost split by cause ("3% doesn't mean 3%"); long format."""
    rows = []
    for p in projections:
        for key in GROWTH:
            rows.append(pd.DataFrame({"scenario": p.name, "year": p.years, "component": key,
                                      "amount": p.growth[key].mean(axis=1)}))
        for key in ("stipends", "rollup"):
            series = p.totals[key].mean(axis=1)
            rows.append(pd.DataFrame({"scenario": p.name, "year": p.years, "component": key,
                                      "amount": np.diff(series, prepend=series[0])}))
    out = pd.concat(rows, ignore_index=True)
    out["label"] = out["component"].map(GROWTH_WORDS)
    return out[out["year"] > out["year"].min()].reset_index(drop=True)


def cost_components(projections: list[Projection]) -> pd.DataFrame:
    """Total cost by year in its parts: base salary, stipends, roll-up; long format."""
    rows = [pd.DataFrame({"scenario": p.name, "year": p.years, "component": key,
                          "amount": p.totals[key].mean(axis=1)})
            for p in projections for key in ("base_salary", "stipends", "rollup")]
    return pd.concat(rows, ignore_index=True)


def component_lines(projections: list[Projection]) -> pd.DataFrame:
    """The cost breakdown line by line, each pay component its own line; long format.

    Lines with in_total True add up to total cost (the district's); outside funding (the MC programme's
    state or grant line) and the cash-out value of banked AUs are shown beside it, not in it.
    """
    rows = []
    for p in projections:
        for key in COST_LINES + MEMO_LINES:
            rows.append(pd.DataFrame({"scenario": p.name, "year": p.years, "line": key, "label": LINE_WORDS[key],
                                      "amount": p.totals[key].mean(axis=1), "in_total": key in COST_LINES}))
    return pd.concat(rows, ignore_index=True)


def step_costs(projections: list[Projection]) -> pd.DataFrame:
    """Gross movement cost (steps, intervals, lanes, promotions) and net of breakage, by year."""
    rows = []
    for p in projections:
        gross = (p.growth["movement"] + p.growth["promotions"] + p.growth["conversion"]).mean(axis=1)
        breakage = p.growth["breakage"].mean(axis=1)
        rows.append(pd.DataFrame({"scenario": p.name, "year": p.years, "gross_movement_cost": gross,
                                  "breakage": breakage, "net_movement_cost": gross + breakage}))
    out = pd.concat(rows, ignore_index=True)
    return out[out["year"] > out["year"].min()].reset_index(drop=True)


def cost_of_one_percent(projections: list[Projection]) -> pd.DataFrame:
    """What a 1% on-scale raise costs in each year, with its roll-up."""
    rows = []
    for p in projections:
        base = p.totals["base_salary"].mean(axis=1)
        rows.append(pd.DataFrame({"scenario": p.name, "year": p.years,
                                  "cost_of_one_percent": 0.01 * base * (1 + p.terms["rollup.rate"])}))
    return pd.concat(rows, ignore_index=True)


def distribution(projections: list[Projection]) -> pd.DataFrame:
    """Mean headcount in each schedule cell (lane x step, or pathway x interval), by year."""
    rows = []
    for p in projections:
        labels = pd.DataFrame(p.cell_labels, columns=["system", "group", "number"])
        year, cell = np.nonzero(p.cells > 0)  # by year, then cell: one frame per scenario, not per year
        frame = labels.iloc[cell].reset_index(drop=True)
        rows.append(frame.assign(scenario=p.name, year=p.years[year].astype(int), headcount=p.cells[year, cell]))
    cols = ["scenario", "year", "system", "group", "number", "headcount"]
    return pd.concat(rows, ignore_index=True)[cols]


def pathway_headcount(projections: list[Projection]) -> pd.DataFrame:
    """Headcount by pathway (or lane, before conversion) and year."""
    d = distribution(projections)
    return d.groupby(["scenario", "year", "system", "group"], as_index=False, sort=False)["headcount"].sum()


def salary_percentiles(projections: list[Projection], inputs: Inputs) -> pd.DataFrame:
    """P10 to P90 of salary per FTE across teachers, by year (first replicate)."""
    fte = inputs.roster["fte"].to_numpy()
    rows = []
    for p in projections:
        per_fte = p.teacher["salary"] / fte
        q = np.percentile(per_fte, [10, 25, 50, 75, 90], axis=1)
        rows.append(pd.DataFrame({"scenario": p.name, "year": p.years, "p10": q[0], "p25": q[1],
                                  "p50": q[2], "p75": q[3], "p90": q[4]}))
    return pd.concat(rows, ignore_index=True)


def retention(projections: list[Projection]) -> pd.DataFrame:
    """Share of base-year teachers still employed, by career stage (band of experience) and year."""
    rows = []
    for p in projections:
        for j, band in enumerate(p.bands):
            rows.append(pd.DataFrame({"scenario": p.name, "year": p.years, "band": band,
                                      "share_remaining": p.retention[:, j]}))
    return pd.concat(rows, ignore_index=True)


def overall_retention(projections: list[Projection], inputs: Inputs) -> pd.DataFrame:
    """Share of all base-year teachers still employed, and experienced teachers, by year."""
    rows = []
    for p in projections:
        rows.append(pd.DataFrame({"scenario": p.name, "year": p.years,
                                  "share_remaining": _overall(p, inputs),
                                  "experienced_teachers": _experienced(p)}))
    return pd.concat(rows, ignore_index=True)


def _overall(p: Projection, inputs: Inputs) -> np.ndarray:
    counts = _band_counts(p, inputs)
    return (p.retention * counts).sum(axis=1) / counts.sum()


def _band_counts(p: Projection, inputs: Inputs) -> np.ndarray:
    index = _band_index(p, inputs.roster)
    return np.bincount(index, minlength=len(p.bands)).astype(float)


def _experienced(p: Projection, threshold: int = 4) -> np.ndarray:
    """Teachers with at least `threshold` years of experience (first replicate)."""
    return (p.teacher["years"] >= threshold).sum(axis=1).astype(float)


def who_gains(stayers: list[Projection], inputs: Inputs) -> pd.DataFrame:
    """For each base-year teacher who stays: final salary and cumulative earnings by scenario,
    and the gain against the status quo. `stayers` is a projection with no separations."""
    roster = inputs.roster
    sq = next(p for p in stayers if p.name == STATUS_QUO)
    sq_final, sq_total = _final_and_total(sq)
    rows = []
    for p in stayers:
        final, total = _final_and_total(p)
        rows.append(pd.DataFrame({
            "scenario": p.name, "employee_id": roster["employee_id"], "band": np.array(p.bands)[_band_index(p, roster)],
            "lane": roster["lane"], "years_experience": roster["years_experience"].astype(int),
            "final_salary": final, "cumulative_earnings": total,
            "final_salary_gain": final - sq_final, "cumulative_gain": total - sq_total,
        }))
    return pd.concat(rows, ignore_index=True)


def _final_and_total(p: Projection) -> tuple[np.ndarray, np.ndarray]:
    earnings = p.teacher["salary"] + p.teacher["stipend"]
    return p.teacher["salary"][-1], earnings[1:].sum(axis=0)


def _band_index(p: Projection, roster: pd.DataFrame) -> np.ndarray:
    """Career-stage band of each base-year teacher."""
    years = roster["years_experience"].to_numpy()
    index = np.zeros(len(years), dtype=int)
    for j, (lo, hi) in enumerate(map(parse_band, p.bands)):
        index[(years >= lo) & (years <= hi)] = j
    return index


def gains_summary(gains: pd.DataFrame, by: str = "band") -> pd.DataFrame:
    """Share better off (cumulative earnings above the status quo) and median gains, by group."""
    g = gains.assign(better_off=gains["cumulative_gain"] > 0.5, worse_off=gains["cumulative_gain"] < -0.5)
    summary = g.groupby(["scenario", by], sort=False).agg(
        teachers=("employee_id", "size"), share_better_off=("better_off", "mean"),
        share_worse_off=("worse_off", "mean"), median_cumulative_gain=("cumulative_gain", "median"),
        median_final_salary_gain=("final_salary_gain", "median"))
    return summary.reset_index()


def headline(inputs: Inputs, table: pd.DataFrame, gains: pd.DataFrame,
             projections: list[Projection]) -> pd.DataFrame:
    """One row per scenario: the figures at the top of the bargaining table."""
    rows = []
    first = int(table["year"].min()) + 1
    sq_keep = _overall(projections[0], inputs)[-1]
    for p in projections:
        t = table[table["scenario"] == p.name]
        future = t[t["year"] >= first]
        g = gains[gains["scenario"] == p.name]
        budget_gap = future["diff_vs_budget"].max() if future["budget"].notna().any() else np.nan
        rows.append({
            "scenario": p.name,
            "year_1_cost": float(future["total_cost"].iloc[0]),
            "cumulative_cost": float(future["total_cost"].sum()),
            "cumulative_diff_vs_status_quo": float(future["cumulative_diff_vs_status_quo"].iloc[-1]),
            "worst_year_vs_budget": float(budget_gap),
            "years_over_budget": int((future["diff_vs_budget"] > 0).sum()),
            "share_better_off": float((g["cumulative_gain"] > 0.5).mean()),
            "retention_final_year": float(_overall(p, inputs)[-1]),
            "retention_change_vs_status_quo": float(_overall(p, inputs)[-1] - sq_keep),
        })
    return pd.DataFrame(rows)


def scattergram(inputs: Inputs) -> pd.DataFrame:
    """Teachers and FTE in each lane x step cell of today's schedule."""
    sched = inputs.baseline.step_schedule
    roster = inputs.roster.assign(step=inputs.roster["step"].astype(int),
                                  order=inputs.roster["lane"].map(sched.lanes.index))
    counts = roster.groupby(["order", "lane", "step"], as_index=False).agg(
        teachers=("employee_id", "size"), fte=("fte", "sum")).drop(columns="order")
    if sched.labels:  # a published schedule's own step labels (4 ... 33, 3A, 50); step_order keeps their order
        counts.insert(2, "step_order", counts["step"])
        counts["step"] = counts["step"].map(sched.label)
    return counts


def roster_summary(inputs: Inputs, by: str) -> pd.DataFrame:
    """Teachers and FTE by one roster column (lane, rating, pathway, school ...)."""
    return inputs.roster.groupby(by, as_index=False).agg(teachers=("employee_id", "size"), fte=("fte", "sum"))


def results_sheets(inputs: Inputs, projections: list[Projection], stayers: list[Projection]) -> dict[str, pd.DataFrame]:
    """The Results sheets of an export: per scenario per year, growth, distribution, retention, gains."""
    table = yearly(projections, inputs)
    gains = who_gains(stayers, inputs)
    return {
        "Results": table,
        "Results_growth": cost_growth(projections),
        "Results_distribution": distribution(projections),
        "Results_retention": retention(projections),
        "Results_gains": gains_summary(gains),
    }
