"""Tidy tables drawn from projections: what the charts, tables, JSON and Results sheets show.

Figures are means over replicates; P10/P50/P90 of total cost are given when there are several.
Per-teacher tables (who gains, salary percentiles) use the first replicate.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from models import order
from models.compiled import salary_rollup
from models.components import COMPONENT_FIELDS, COST_LINES, LINE_WORDS, MEMO_LINES
from models.engine import GROWTH, ROLLUP_LINES, Projection
from models.inputs import Inputs
from models.parameters import parse_band
from models.terms import STATUS_QUO
from models.words import heading

YEARLY = ("headcount", "fte", "separations", "hires", "base_salary", "stipends", "rollup", "total_cost")
GROWTH_WORDS = {
    "positions": "Positions added or cut",
    "breakage": "Breakage (turnover savings)",
    "conversion": "Conversion to pathways",
    "movement": "Movement (steps, intervals, lanes)",
    "promotions": "Promotions (Model, Lead, review)",
    "raises": "On-scale raises",
    "components": "Pay components in base pay",  # MC base increases, pay types paid in base
    "stipends": "Stipends",
    "rollup": "Roll-up",
}


def yearly(projections: list[Projection], inputs: Inputs) -> pd.DataFrame:
    """One row per scenario and year: headcount, pay, cost, and differences."""
    frames = []
    for p in projections:
        columns = {"scenario": p.name, "year": p.years}  # built whole: a column added at a time copies the frame
        for key in YEARLY + ("au_banked", "model_applicants", "model_promotions") + COMPONENT_FIELDS + ROLLUP_LINES:
            columns[key] = p.totals[key].mean(axis=1)
        columns["total_compensation"] = _compensation(p)
        if p.replicates > 1:
            for q in (10, 50, 90):
                columns[f"total_cost_p{q}"] = np.percentile(p.totals["total_cost"], q, axis=1)
        df = pd.DataFrame(columns)
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
            if key == "positions" and not p.growth[key].any():
                continue  # no positions path: no line for it
            rows.append({"scenario": p.name, "year": p.years, "component": key, "amount": p.growth[key].mean(axis=1)})
        for key in ("stipends", "rollup"):
            series = p.totals[key].mean(axis=1)
            rows.append({"scenario": p.name, "year": p.years, "component": key,
                         "amount": np.diff(series, prepend=series[0])})
    out = _long(rows)
    out["label"] = out["component"].map(GROWTH_WORDS)
    return out[out["year"] > out["year"].min()].reset_index(drop=True)


def cost_components(projections: list[Projection]) -> pd.DataFrame:
    """Total cost by year in its parts: base salary, stipends, roll-up; long format."""
    return _long([{"scenario": p.name, "year": p.years, "component": key, "amount": p.totals[key].mean(axis=1)}
                  for p in projections for key in ("base_salary", "stipends", "rollup")])


def component_lines(projections: list[Projection]) -> pd.DataFrame:
    """The cost breakdown line by line, each pay component its own line; long format.

    Lines with in_total True add up to total cost (the district's); outside funding (the MC programme's
    state or grant line) and the cash-out value of banked AUs are shown beside it, not in it.
    """
    return _long([{"scenario": p.name, "year": p.years, "line": key, "label": LINE_WORDS[key],
                   "amount": p.totals[key].mean(axis=1), "in_total": key in COST_LINES}
                  for p in projections for key in COST_LINES + MEMO_LINES])


def _long(pieces: list[dict[str, Any]]) -> pd.DataFrame:
    """Long-format pieces (columns of one length; a scalar fills its column) as one frame, equal to the
    concatenation of a frame per piece but built at once: a small frame costs more than its numbers."""
    lengths = [len(next(v for v in piece.values() if np.ndim(v))) for piece in pieces]
    return pd.DataFrame({column: np.concatenate([
        np.asarray(piece[column]) if np.ndim(piece[column])
        else np.full(n, piece[column], dtype=object if isinstance(piece[column], str) else None)
        for piece, n in zip(pieces, lengths, strict=True)]) for column in pieces[0]})


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
    """What a 1% on-scale raise costs in each year, with its roll-up on salary (per-head benefits do not move)."""
    rows = []
    for p in projections:
        base = p.totals["base_salary"].mean(axis=1)
        rows.append(pd.DataFrame({"scenario": p.name, "year": p.years,
                                  "cost_of_one_percent": 0.01 * base * (1 + salary_rollup(p.terms))}))
    return pd.concat(rows, ignore_index=True)


ROLLUP_WORDS = {
    "rollup_social_security": "Social Security", "rollup_medicare": "Medicare", "rollup_pension": "Pension",
    "rollup_other": "Other roll-up on salary (rollup.rate)", "rollup_stipends": "Roll-up on stipends",
    "health": "Health and per-head benefits",
}
CAST_FORWARD_WORDS = {
    "cast_forward_cost": "Cast forward (same staff, no turnover)",
    "with_turnover_cost": "With turnover (projection)",
    "breakage": "Breakage (with turnover minus cast forward)",
    "cast_forward_over_base": "Cast forward, % over base-year total compensation",
    "with_turnover_over_base": "With turnover, % over base-year total compensation",
    "increment": "Cost of the increment (steps, lanes, intervals; salary only)",
    "increment_with_rollup": "Cost of the increment with roll-up on salary",
    "increment_share": "Increment, % of last year's salary",
    "cost_of_one_percent": "Cost of 1% (salary only)",
    "cost_of_one_percent_with_rollup": "Cost of 1% with roll-up on salary",
}


def _compensation(p: Projection) -> np.ndarray:
    """Total compensation by year: salary, stipends and roll-up (the MC programme's fees are not pay)."""
    return (p.totals["base_salary"] + p.totals["stipends"] + p.totals["rollup"]).mean(axis=1)


def cast_forward(projections: list[Projection], stayers: list[Projection]) -> pd.DataFrame:
    """The field's costing beside the projection, per scenario and year.

    Cast forward (the WERC/NJSBA costing forms' convention): the base year's staff, every one of them
    kept, moved on year by year by the scenario's rules (steps, lanes, intervals, promotions) and paid on
    its schedule; `stayers` is that projection (no separations). With turnover: the projection itself.
    Breakage is their difference (negative: turnover saves). Percentages are over the base year's total
    compensation (the same in every scenario). The increment is the cast forward's movement at last
    year's scale; the cost of 1% is 1% of that year's cast-forward salary, without and with the roll-up
    that rides on salary (Social Security, Medicare, pension, other; per-head benefits do not move).
    """
    turnover = {p.name: p for p in projections}
    rows = []
    for s in stayers:
        p = turnover[s.name]
        cast, turned = _compensation(s), _compensation(p)
        base0 = cast[0]
        rate = salary_rollup(s.terms)
        salary = s.totals["base_salary"].mean(axis=1)
        increment = s.growth["movement"].mean(axis=1)
        rows.append(pd.DataFrame({
            "scenario": s.name, "year": s.years, "cast_forward_cost": cast, "with_turnover_cost": turned,
            "breakage": turned - cast, "cast_forward_over_base": cast / base0 - 1,
            "with_turnover_over_base": turned / base0 - 1,
            "increment": increment, "increment_with_rollup": increment * (1 + rate),
            "increment_share": increment / np.maximum(np.concatenate([[salary[0]], salary[:-1]]), 1e-9),
            "cost_of_one_percent": 0.01 * salary, "cost_of_one_percent_with_rollup": 0.01 * salary * (1 + rate),
        }))
    return pd.concat(rows, ignore_index=True)


SHARE_COLUMNS = ("cast_forward_over_base", "with_turnover_over_base", "increment_share")
SHARE_WORDS = tuple(CAST_FORWARD_WORDS[c] for c in SHARE_COLUMNS)  # the rows and columns shown as percentages
# Side by side, one row per scenario: short headers so the five columns fit one screen.
SIDE_BY_SIDE = {"cast_forward_cost": "Cast forward", "cast_forward_over_base": "Cast forward, over base",
                "with_turnover_cost": "With turnover", "with_turnover_over_base": "With turnover, over base",
                "breakage": "Breakage"}


def side_by_side(cast: pd.DataFrame, year: int) -> pd.DataFrame:
    """One row per scenario for one year: cast forward and with turnover, each $ and % over the base year's
    total compensation, and breakage between them (gross versus net at one glance)."""
    one = cast[cast["year"] == year]
    return one[["scenario", *SIDE_BY_SIDE]].rename(columns={"scenario": "Scenario", **SIDE_BY_SIDE})


def cast_forward_by_year(cast: pd.DataFrame, scenario: str) -> pd.DataFrame:
    """One scenario's cast-forward costing laid out as costing forms are: a row per measure, years across."""
    one = cast[cast["scenario"] == scenario].set_index("year")
    return one[list(CAST_FORWARD_WORDS)].T.rename(index=CAST_FORWARD_WORDS)


def compensation_by_year(table: pd.DataFrame, scenario: str) -> pd.DataFrame:
    """Total compensation in its lines, years across: salary, stipends, each roll-up line, the total."""
    one = table[table["scenario"] == scenario].set_index("year")
    rows = {"base_salary": "Salary", "stipends": "Stipends", **ROLLUP_WORDS, "rollup": "Roll-up, all lines",
            "total_compensation": "Total compensation"}
    shown = one[list(rows)].T.rename(index=rows)
    keep = (shown.abs().sum(axis=1) > 0) | shown.index.isin(["Salary", "Total compensation"])
    return shown[keep]


def rollup_lines(projections: list[Projection]) -> pd.DataFrame:
    """Roll-up line by line (Social Security, Medicare, pension, other, stipends, health), by year; long."""
    rows = [pd.DataFrame({"scenario": p.name, "year": p.years, "line": key, "label": ROLLUP_WORDS[key],
                          "amount": p.totals[key].mean(axis=1)})
            for p in projections for key in ROLLUP_LINES]
    return pd.concat(rows, ignore_index=True)


def why_cost_falls(projections: list[Projection], scenario: str = STATUS_QUO) -> pd.DataFrame:
    """One sentence for the first year the scenario's total compensation falls: what made it fall.

    Empty when it never falls. Leavers' average is their last year's pay per FTE; hires' is what the
    hires into the same positions are paid, at the same scale (so the gap is breakage, per FTE).
    """
    p = next(x for x in projections if x.name == scenario)
    cost = _compensation(p)
    falls = [t for t in range(1, len(cost)) if cost[t] < cost[t - 1] - 0.5]
    if not falls:
        return pd.DataFrame(columns=["scenario", "year", "sentence"])
    t = falls[0]
    mean = {k: float(p.totals[k][t].mean()) for k in ("separations", "leavers_fte", "leavers_pay", "hires_pay")}
    growth = {k: float(p.growth[k][t].mean()) for k in GROWTH}
    steps = growth["movement"] + growth["promotions"] + growth["conversion"]
    year = int(p.years[t])
    change = cost[t] - cost[t - 1]
    who = "the status quo" if scenario == STATUS_QUO else f"'{scenario}'"
    start = (f"In {year}-{str(year + 1)[-2:]} the cost of {who} falls by {_dollars(-change)} "
             f"({change / cost[t - 1]:+.1%})")
    later = f" It falls again in {len(falls) - 1} later year(s)." if len(falls) > 1 else ""
    if mean["leavers_fte"] > 0 and -growth["breakage"] > steps:
        leavers = mean["leavers_pay"] / mean["leavers_fte"]
        hires = mean["hires_pay"] / mean["leavers_fte"]
        sentence = (f"{start}: {mean['separations']:,.0f} leavers at an average {_dollars(leavers)} are replaced by "
                    f"hires at {_dollars(hires)}: breakage ({_dollars(growth['breakage'])}) exceeds the step cost "
                    f"({_dollars(steps)}).")
    else:  # another cause: name every part that fell, largest first
        for key in ("stipends", "rollup"):
            growth[key] = float(p.totals[key][t].mean() - p.totals[key][t - 1].mean())
        causes = [f"{GROWTH_WORDS[k].lower()} {_dollars(v)}" for k, v in sorted(growth.items(), key=lambda kv: kv[1])
                  if v < -0.5]
        sentence = f"{start}: {'; '.join(causes)}."
    return pd.DataFrame([{"scenario": scenario, "year": year, "sentence": sentence + later}])


def _dollars(x: float) -> str:
    return f"{'-' if x < 0 else ''}${abs(x):,.0f}"


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
        paid = p.teacher["salary"] > 0  # a position closed along a positions path is paid nothing
        per_fte = np.where(paid, p.teacher["salary"] / fte, np.nan)
        q = np.nanpercentile(per_fte, [10, 25, 50, 75, 90], axis=1)
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


def gains_summary(gains: pd.DataFrame, by: str = "band", lanes: tuple[str, ...] = ()) -> pd.DataFrame:
    """Share better off (cumulative earnings above the status quo) and median gains, by group: bands in
    experience order, lanes in schedule order (models.order), scenarios as given."""
    g = gains.assign(better_off=gains["cumulative_gain"] > 0.5, worse_off=gains["cumulative_gain"] < -0.5)
    summary = g.groupby(["scenario", by], sort=False).agg(
        teachers=("employee_id", "size"), share_better_off=("better_off", "mean"),
        share_worse_off=("worse_off", "mean"), median_cumulative_gain=("cumulative_gain", "median"),
        median_final_salary_gain=("final_salary_gain", "median")).reset_index()
    groups = order.bands(summary[by]) if by == "band" else order.groups(summary[by], lanes)
    return order.sort_rows(order.sort_rows(summary, by, groups), "scenario", order.scenarios(summary["scenario"]))


def cumulative_cost(p: Projection) -> float:
    """A scenario's total cost summed over the projected years, the base year left out (the headline's figure)."""
    cost = pd.Series(p.totals["total_cost"].mean(axis=1))
    return float(cost[np.asarray(p.years) > p.years[0]].sum())


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
            "cumulative_cost": cumulative_cost(p),
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
    table = inputs.roster.groupby(by, as_index=False).agg(teachers=("employee_id", "size"), fte=("fte", "sum"))
    return order.sort_rows(table, by, order.groups(table[by], inputs.baseline.step_schedule.lanes)) if by == "lane" \
        else table


WIDE_MONEY = ("total_cost", "base_salary", "stipends", "rollup", "budget", "diff_vs_budget", "diff_vs_status_quo",
              "cumulative_cost", "cumulative_diff_vs_status_quo")
WIDE_STAFF = ("headcount", "fte", "separations", "hires", "model_promotions")


def wide(table: pd.DataFrame, measures: tuple[str, ...], fmt: str) -> pd.DataFrame:
    """Years across, one row per scenario and measure, as cost-outs are laid out; `fmt` says how years read."""
    long = table.melt(id_vars=["scenario", "year"], value_vars=list(measures), var_name="key")
    long["measure"] = long["key"].map(heading)
    out = long.pivot_table(index=["scenario", "measure"], columns="year", values="value", sort=False, dropna=False)
    out = out.reset_index().rename(columns={"scenario": "Scenario", "measure": "Measure"})
    out.columns = [c if isinstance(c, str) else int(c) for c in out.columns]
    out.attrs["years_format"] = fmt
    return out


def summary(inputs: Inputs, projections: list[Projection], cast: pd.DataFrame | None = None) -> pd.DataFrame:
    """The comparison a finance office prints: cost by year per scenario, each proposal's difference from the
    status quo in $ and %, the budget, the cast forward and breakage (given `cast`, from cast_forward), the
    cost of 1% and the step cost, years across (the base year left out), with the total over the horizon.
    attrs["row_formats"] says which rows are money and which percentages."""
    table = yearly(projections, inputs)
    first = int(table["year"].min()) + 1
    future = table[table["year"] >= first]
    years = sorted(future["year"].unique())
    rows: list[tuple[str, str, list[float], float, str]] = []

    def add(measure: str, scenario: str, values, total: float, fmt: str = "money") -> None:
        rows.append((measure, scenario, [float(v) for v in values], float(total), fmt))

    by = {name: future[future["scenario"] == name].set_index("year") for name in future["scenario"].unique()}
    sq = by[STATUS_QUO]
    for name, t in by.items():
        add("Total cost", name, t["total_cost"], t["total_cost"].sum())
    for name, t in by.items():
        if name != STATUS_QUO:
            diff = t["total_cost"] - sq["total_cost"]
            add("Difference from the status quo ($)", name, diff, diff.sum())
            add("Difference from the status quo (%)", name, diff / sq["total_cost"],
                diff.sum() / sq["total_cost"].sum(), "percent")
    if future["budget"].notna().any():
        add("Budget", "", sq["budget"].astype(float), sq["budget"].astype(float).sum())
    if cast is not None:
        for name in by:
            c = cast[(cast["scenario"] == name) & (cast["year"] >= first)]
            add("Cast forward (same staff, one year on)", name, c["cast_forward_cost"], c["cast_forward_cost"].sum())
            add("Breakage (with turnover minus cast forward)", name, c["breakage"], c["breakage"].sum())
    one = cost_of_one_percent(projections)
    steps = step_costs(projections)
    for name in by:
        o = one[(one["scenario"] == name) & (one["year"] >= first)]["cost_of_one_percent"]
        add("Cost of 1%", name, o, o.sum())
    for name in by:
        st = steps[(steps["scenario"] == name) & (steps["year"] >= first)]
        add("Step cost (gross)", name, st["gross_movement_cost"], st["gross_movement_cost"].sum())
        add("Step cost net of breakage", name, st["net_movement_cost"], st["net_movement_cost"].sum())
    out = pd.DataFrame([[m, s, *v, t] for m, s, v, t, _ in rows],
                       columns=["Measure", "Scenario", *[int(y) for y in years], "Over the horizon"])
    out.attrs["row_formats"] = [f for *_, f in rows]
    return out


def results_sheets(inputs: Inputs, projections: list[Projection], stayers: list[Projection]) -> dict[str, pd.DataFrame]:
    """The Results sheets of an export, the summary first: the comparison, money and staff by year (wide),
    growth, distribution, retention, gains."""
    table = yearly(projections, inputs)
    gains = who_gains(stayers, inputs)
    cast = cast_forward(projections, stayers)
    return {
        "Summary": summary(inputs, projections, cast),
        "Results": wide(table, WIDE_MONEY, "money"),
        "Results_staff": wide(table, WIDE_STAFF, "count"),
        "Results_cast_forward": cast,
        "Results_growth": cost_growth(projections),
        "Results_distribution": distribution(projections),
        "Results_retention": retention(projections),
        "Results_gains": gains_summary(gains),
    }
