"""Risk and agreement: how far the numbers can move, and what it takes to agree.

- `sensitivity`: a tornado of the key assumptions, each moved across a stated range in every scenario.
- `fit`: one lever of a proposal set by a 1-D root find so the proposal fits the budget or costs what
  the status quo costs.
- `break_even`: the Model pass (or application) rate at which a proposal first goes over budget.
- `outlook`: the ratification outlook: who among today's members is better off, who loses and by how
  much, and what a hold-harmless guarantee would cost.

Every result is a tidy DataFrame or a frozen record a page can draw; ranges and semantics are in
docs/model.md ("Risk").
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from models import engine, metrics, order, parameters
from models.compiled import salary_rollup
from models.inputs import Inputs
from models.money import money
from models.terms import STATUS_QUO, Proposal, Terms, status_quo_terms

TOLERANCE = 1000.0  # dollars: how close a fit must come to its target


# --- sensitivity ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Assumption:
    """One key assumption and the range it is moved across.

    mode: "scale" multiplies every matching value (low and high are factors); "shift" adds to it
    (low and high are amounts); "ratings" moves share between the top two ratings and the bottom two
    (low and high are points of share rated Effective or better). Values are clipped to the
    registry's bounds.
    """

    label: str
    key: str  # a parameter key, or a family such as "exit_rate.*"
    mode: str
    low: float
    high: float
    range: str  # the range in words
    source: str


def default_assumptions() -> tuple[Assumption, ...]:
    """The key assumptions and their ranges: every registry entry with a spread, in registry order."""
    return tuple(Assumption(spread.label or p.label, p.pattern, spread.mode, spread.low, spread.high, spread.range,
                            "; ".join([spread.source, *(parameters.cite(r) for r in spread.references)]))
                 for p in parameters.REGISTRY if (spread := p.spread))


SENSITIVITY_COLUMNS = ("scenario", "rank", "assumption", "key", "base_value", "low_value", "high_value", "range",
                       "source", "base_cost", "cost_low", "cost_high", "change_low", "change_high", "swing")


def _matches(key: str, pattern: str) -> bool:
    return key.startswith(pattern[:-1]) if pattern.endswith(".*") else key == pattern


def _clip(key: str, value: float) -> float:
    """Keep a moved value inside the registry's bounds (a rate stays a share)."""
    param = parameters.BY_KEY.get(key) or parameters.find(key, parameters.Context(lanes=("x",)))[0]
    low = -math.inf if param is None or param.low is None else param.low
    high = math.inf if param is None or param.high is None else param.high
    return float(min(max(value, low), high))


def _moved_ratings(params: Mapping[str, Any], points: float) -> dict[str, float]:
    """Move `points` of share into Effective or better, proportionally within each half."""
    shares = {r: float(params[f"rating_share.{r}"]) for r in parameters.RATINGS}
    top, bottom = parameters.RATINGS[:2], parameters.RATINGS[2:]
    old_top = sum(shares[r] for r in top)
    new_top = min(max(old_top + points, 0.0), 1.0)
    out = {}
    for group, old, new in ((top, old_top, new_top), (bottom, 1 - old_top, 1 - new_top)):
        for r in group:  # an empty half is filled evenly
            out[r] = new * (shares[r] / old if old > 0 else 1 / len(group))
    rounded = {f"rating_share.{r}": round(v, 6) for r, v in out.items()}
    largest = max(rounded, key=rounded.get)
    rounded[largest] = round(rounded[largest] + 1 - sum(rounded.values()), 6)  # sums to 1 exactly
    return rounded


def _change(a: Assumption, amount: float) -> Callable[[Mapping[str, Any]], dict[str, Any]]:
    """The what-if for Inputs.with_assumptions: this assumption moved by `amount`."""

    def change(params: Mapping[str, Any]) -> dict[str, Any]:
        if a.mode == "ratings":
            return _moved_ratings(params, amount)
        keys = [k for k, v in params.items() if _matches(k, a.key) and isinstance(v, (int, float))]
        if a.mode == "scale":
            return {k: _clip(k, params[k] * amount) for k in keys}
        if a.mode == "set":  # a workbook range: the value itself, for every scenario
            return {k: _clip(k, amount) for k in keys}
        return {k: _clip(k, params[k] + amount) for k in keys}

    return change


def assumptions_for(inputs: Inputs) -> tuple[Assumption, ...]:
    """The key assumptions with their ranges: the workbook's own (Assumptions sheet, low and high) where it
    gives one for a key, else the defaults above."""
    given = {key: (low, high) for key, low, high in inputs.ranges}
    kept = tuple(a for a in default_assumptions() if a.key not in given)
    return kept + tuple(
        Assumption(f"{label_of(key)}", key, "set", low, high, f"{parameters.bound(low)} to {parameters.bound(high)}",
                   "workbook: Assumptions sheet")
        for key, (low, high) in given.items())


def label_of(key: str) -> str:
    param, placeholder, _ = parameters.find(key, parameters.Context())
    if param is None:
        return key
    return param.label + (f" {placeholder.replace('_', ' ')}" if placeholder else "")


def _shown_value(a: Assumption, params: Mapping[str, Any]) -> float:
    """One number for the table: the value, the mean over bands, or the share rated Effective or better."""
    if a.mode == "ratings":
        return float(sum(params[f"rating_share.{r}"] for r in parameters.RATINGS[:2]))
    if a.key == "raise.*":  # the mean raise over the projected years, as a proposal may set each year
        first = int(params["base_year"]) + 1
        raises = [params.get(f"raise.{y}") for y in range(first, first + int(params["horizon"]))]
        return float(np.mean([params["raise.default"] if r is None else r for r in raises]))
    values = [float(v) for k, v in params.items() if _matches(k, a.key) and isinstance(v, (int, float))]
    return float(np.mean(values)) if values else math.nan


def cumulative_costs(inputs: Inputs, names: list[str] | None = None) -> dict[str, float]:
    """Total cost summed over the projection years (base year excluded), by scenario."""
    runs = engine.project(inputs, inputs.scenarios(names), keep_teachers=False)
    return {p.name: float(p.totals["total_cost"].mean(axis=1)[1:].sum()) for p in runs}


def sensitivity(inputs: Inputs, proposals: list[str] | None = None,
                assumptions: tuple[Assumption, ...] | None = None) -> pd.DataFrame:
    """Tornado: each assumption at its low and high end, in every scenario at once, against the
    unchanged run. Rows per scenario ranked by swing (|cost at high - cost at low|).

    proposals: None for the status quo and every proposal; else just the named proposals.
    """
    assumptions = assumptions_for(inputs) if assumptions is None else assumptions
    names = proposals if proposals is not None else [p.name for p in inputs.proposals]
    base = cumulative_costs(inputs, names)
    shown = [STATUS_QUO] + names if proposals is None else list(names)
    rows = []
    for a in assumptions:
        low_inputs = inputs.with_assumptions(_change(a, a.low), what=f"{a.label} at its low end")
        high_inputs = inputs.with_assumptions(_change(a, a.high), what=f"{a.label} at its high end")
        low, high = cumulative_costs(low_inputs, names), cumulative_costs(high_inputs, names)
        for name in shown:
            rows.append(_tornado_row(a, name, inputs, low_inputs, high_inputs, base[name], low[name], high[name]))
    if not rows:
        return pd.DataFrame(columns=list(SENSITIVITY_COLUMNS))
    frame = pd.DataFrame(rows)
    frame = frame.sort_values(["scenario", "swing"], ascending=[True, False], key=_scenario_order(shown))
    frame["rank"] = frame.groupby("scenario", sort=False).cumcount() + 1
    return frame[list(SENSITIVITY_COLUMNS)].reset_index(drop=True)


def _scenario_order(shown: list[str]) -> Callable[[pd.Series], pd.Series]:
    return lambda s: s.map(shown.index) if s.name == "scenario" else s


def _tornado_row(a: Assumption, name: str, inputs: Inputs, low_inputs: Inputs, high_inputs: Inputs,
                 base: float, low: float, high: float) -> dict[str, Any]:
    params = lambda i: dict(_terms(i, name).params)  # noqa: E731
    return {"scenario": name, "assumption": a.label, "key": a.key,
            "base_value": _shown_value(a, params(inputs)), "low_value": _shown_value(a, params(low_inputs)),
            "high_value": _shown_value(a, params(high_inputs)), "range": a.range, "source": a.source,
            "base_cost": base, "cost_low": low, "cost_high": high, "change_low": low - base,
            "change_high": high - base, "swing": abs(high - low)}


def _terms(inputs: Inputs, name: str) -> Terms:
    return status_quo_terms(inputs.baseline) if name == STATUS_QUO else inputs.proposal(name).terms(inputs.baseline)


# --- fit to budget ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Lever:
    """A proposal term the solver may set: its domain, and whether it takes whole values only."""

    name: str
    label: str
    low: float
    high: float
    whole: bool = False
    relative: bool = False  # the value is a % change to salaries, 0.05 = +5%


SALARY_LEVERS: dict[str, Lever] = {  # salary cells are grids, not registry entries
    "grid": Lever("grid", "Whole salary grid (% change)", -0.5, 0.5, relative=True),
    "pathway": Lever("pathway", "One pathway's salaries (% change)", -0.5, 0.5, relative=True),
}


def levers() -> dict[str, Lever]:
    """What the solver may set: the salary levers, then every registry entry with lever limits."""
    return {**SALARY_LEVERS, **{p.lever.name: Lever(p.lever.name, p.label, p.lever.low, p.lever.high, p.lever.whole)
                                for p in parameters.REGISTRY if p.lever}}


def lever_parameter(lever: str) -> parameters.Parameter:
    return next(p for p in parameters.REGISTRY if p.lever and p.lever.name == lever)


TARGETS = ("budget", "neutral")
TARGET_LABELS = {"budget": "At or under the budget every year", "neutral": "Cost neutral against the status quo"}
BREAK_EVEN_KEYS = ("model.pass_rate", "model.application_rate")


def raise_years(inputs: Inputs) -> tuple[int, int]:
    """The first and last projected school year: the years whose raise the raise lever may set."""
    first = int(inputs.baseline["base_year"]) + 1
    return first, first + int(inputs.baseline["horizon"]) - 1


def free_name(taken: set[str], name: str) -> str:
    """`name`, or `name 2`, `name 3` ... the first that no proposal has."""
    number, candidate = 2, name
    while candidate in taken:
        candidate, number = f"{name} {number}", number + 1
    return candidate


@dataclass(frozen=True)
class Fit:
    """What the solver found. gap: for "budget" the worst year's cost minus budget (at most 0 means
    within budget every year); for "neutral" cumulative cost minus the status quo's."""

    proposal: str
    lever: str
    target: str
    value: float
    base_value: float
    changes: dict[str, Any]  # the lever's overrides only
    overrides: dict[str, Any]  # the whole new proposal: the tabled overrides plus the changes
    gap: float
    met: bool  # within the tolerance of the target (and within budget, for "budget")
    binding_year: int | None  # the year closest to (or furthest over) the budget
    evaluations: int  # projections of the proposal the search ran
    message: str = ""

    def as_proposal(self, name: str | None = None) -> Proposal:
        """The fitted proposal, ready to add to the workbook."""
        words = "fit to budget" if self.target == "budget" else "cost neutral"
        note = "; ".join(f"{k}: set by the solver ({words})" for k in self.changes)
        return Proposal(name or f"{self.proposal} ({words})", tuple(self.overrides.items()), note)


@dataclass
class _Search:
    """Every point evaluated, so the best one can be chosen whatever the root finder did."""

    target: str
    tolerance: float
    base: float  # the lever's value as tabled
    points: list[tuple[float, float, int | None]] = field(default_factory=list)  # (x, gap, year)
    bracketed: bool = False  # the lever's domain holds a sign change of the gap

    def accepts(self, gap: float) -> bool:
        if self.target == "budget":
            return -self.tolerance <= gap <= 0
        return abs(gap) <= self.tolerance

    def best(self) -> tuple[float, float, int | None]:
        """A point meeting the target; else the affordable one nearest it; else the cheapest. Of equal
        gaps (cost is flat between steps) the one nearest the tabled value: the smallest change."""
        change = lambda p: abs(p[0] - self.base)  # noqa: E731
        met = [p for p in self.points if self.accepts(p[1])]
        if met:
            return min(met, key=lambda p: (abs(p[1]), change(p)))
        affordable = [p for p in self.points if p[1] <= 0]
        if affordable:
            return min(affordable, key=lambda p: (-p[1], change(p)))
        return min(self.points, key=lambda p: (p[1], change(p)))


class _Found(Exception):
    """Raised inside the root finder to stop as soon as a point meets the target."""


def _salary_cells(terms: Terms, pathway: str | None) -> dict[str, float]:
    """Salary cells the percentage levers scale, as override keys."""
    if terms.pay_system == "pathways":
        names = [pathway] if pathway else [n for n in parameters.PATHWAYS if terms.pathways.intervals(n)]
        return {f"pathway_salary.{n}.{k}": terms.pathways.salary(n, k)
                for n in names for k in range(1, terms.pathways.intervals(n) + 1)}
    sched = terms.step_schedule
    return {f"step_salary.{name + '.' if name else ''}{lane}.{sched.label(s)}": grid[s - 1][j]  # every schedule
            for name, grid in zip(sched.names, sched.arrays(), strict=True)
            for j, lane in enumerate(sched.lanes) for s in range(1, sched.top(j) + 1)}


def _lever_changes(inputs: Inputs, terms: Terms, lever: str, pathway: str | None,
                   year: int | None) -> tuple[Callable[[float], dict[str, Any]], float]:
    """The lever as a function value -> overrides, and its value in the proposal as tabled."""
    _check_lever(inputs, terms, lever, pathway, year)
    if lever in ("grid", "pathway"):
        cells = _salary_cells(terms, pathway if lever == "pathway" else None)
        return (lambda x: {k: round(s * (1 + x), 2) for k, s in cells.items()}), 0.0
    param = lever_parameter(lever)
    key = param.key.replace("{year}", str(year))
    whole = param.lever.whole
    tabled = terms.by_year(key.rsplit(".", 1)[0], year, 0.0) if param.placeholder == "year" else terms[key]
    return (lambda x: {key: float(round(x)) if whole else float(x)}), float(tabled)


def _check_lever(inputs: Inputs, terms: Terms, lever: str, pathway: str | None, year: int | None) -> None:
    """ValueError with what to do instead, for a lever this proposal cannot use."""
    if lever not in levers():
        raise ValueError(f"unknown lever '{lever}'; choose one of {', '.join(levers())}")
    on_pathways = terms.pay_system == "pathways"
    if lever in ("pathway", "au_per_interval", "pass_rate") and not on_pathways:
        raise ValueError(f"the lever '{lever}' needs a proposal on pathways; this one is on step and lane "
                         "(use grid or raise)")
    if lever == "pathway" and (pathway not in parameters.PATHWAYS or not terms.pathways.intervals(pathway)):
        have = [n for n in parameters.PATHWAYS if terms.pathways.intervals(n)]
        raise ValueError(f"the lever 'pathway' needs --pathway, one of {', '.join(have)}")
    if lever == "pass_rate" and not terms.pathways.intervals("Model"):
        raise ValueError("the lever 'pass_rate' needs Model intervals in the proposal")
    first = int(inputs.baseline["base_year"]) + 1
    last = first + int(inputs.baseline["horizon"]) - 1
    if lever == "raise" and (year is None or not first <= year <= last):
        raise ValueError(f"the lever 'raise' needs --year, a projected year from {first} to {last}")


def _budget_years(inputs: Inputs) -> tuple[np.ndarray, np.ndarray]:
    """Indexes (1..H) of projected years with a budget line, and the budget in each."""
    base_year, horizon = int(inputs.baseline["base_year"]), int(inputs.baseline["horizon"])
    pairs = [(t, inputs.budget_for(base_year + t)) for t in range(1, horizon + 1)]
    pairs = [(t, b) for t, b in pairs if b is not None]
    if not pairs:
        raise ValueError("the workbook has no budget for the projected years; use the target 'neutral'")
    return np.array([t for t, _ in pairs]), np.array([b for _, b in pairs], dtype=float)


def _gap_function(inputs: Inputs, target: str) -> Callable[[engine.Projection], tuple[float, int | None]]:
    """projection -> (gap to the target, the binding year)."""
    if target not in TARGETS:
        raise ValueError(f"unknown target '{target}'; choose budget or neutral")
    if target == "budget":
        index, budget = _budget_years(inputs)

        def over_budget(p: engine.Projection) -> tuple[float, int | None]:
            over = p.totals["total_cost"].mean(axis=1)[index] - budget
            worst = int(np.argmax(over))
            return float(over[worst]), int(p.years[index[worst]])

        return over_budget
    status_quo = cumulative_costs(inputs, [])[STATUS_QUO]
    return lambda p: (float(p.totals["total_cost"].mean(axis=1)[1:].sum()) - status_quo, None)


def fit(inputs: Inputs, proposal: str, lever: str, target: str = "budget", *, pathway: str | None = None,
        year: int | None = None, tolerance: float = TOLERANCE) -> Fit:
    """Set one lever of a proposal so it meets the target, by a bracketing root find.

    target "budget": cost at or under the budget in every projected year, the binding year within
    `tolerance` dollars; "neutral": cumulative cost over the horizon equal to the status quo's within
    `tolerance`. Only the proposal is projected at each step (the status quo once, for "neutral").
    """
    tabled = inputs.proposal(proposal)
    terms = tabled.terms(inputs.baseline)
    changes_at, base_value = _lever_changes(inputs, terms, lever, pathway, year)
    gap_of = _gap_function(inputs, target)
    search = _Search(target, tolerance, base_value)

    def gap(x: float) -> float:
        for seen, g, _ in search.points:  # brentq asks for the bracket ends again
            if seen == x:
                return g
        overrides = {**tabled.as_dict(), **changes_at(x)}
        moved = inputs.baseline.with_overrides(overrides, what=f"Proposal '{proposal}' with {lever} = {x:g}")
        run = engine.project(inputs, [(proposal, moved)], keep_teachers=False)[0]
        g, binding = gap_of(run)
        search.points.append((x, g, binding))
        if search.accepts(g):
            raise _Found
        return g

    limits = levers()[lever]
    _root(gap, limits, search)
    value, g, binding = search.best()
    changes = changes_at(value)
    return Fit(proposal, lever, target, float(round(value) if limits.whole else value), base_value,
               changes, {**tabled.as_dict(), **changes}, g, search.accepts(g), binding, len(search.points),
               _fit_message(limits, target, search, g))


def _root(gap: Callable[[float], float], lever: Lever, search: _Search) -> None:
    """Bracket the root over the lever's domain, then brentq (or integer bisection for whole levers).

    Cost may be a step function of the lever (placements, stipends, whole AUs); brentq still converges
    on the step and the search keeps every point, so the best point and its real gap are reported.
    """
    try:
        lo, hi = lever.low, lever.high
        g_lo, g_hi = gap(lo), gap(hi)
        if g_lo * g_hi > 0:
            return  # no sign change: the target is out of the lever's reach; best() reports how far
        search.bracketed = True
        if lever.whole:
            _integer_bisection(gap, int(lo), int(hi), g_lo)
        else:
            brentq(gap, lo, hi, xtol=1e-12 * (hi - lo), maxiter=200)
    except _Found:
        return


def _integer_bisection(gap: Callable[[float], float], lo: int, hi: int, g_lo: float) -> None:
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if (gap(mid) > 0) == (g_lo > 0):
            lo = mid
        else:
            hi = mid


def _fit_message(lever: Lever, target: str, search: _Search, gap: float) -> str:
    goal = "the budget in every year" if target == "budget" else "the status quo's cost over the horizon"
    if search.accepts(gap):
        return f"{lever.label}: meets {goal} within ${search.tolerance:,.0f} (gap {money(gap)})."
    side = "over" if gap > 0 else "under"
    why = (f"it is out of reach from {lever.low:g} to {lever.high:g}" if not search.bracketed else
           "whole values only" if lever.whole else "cost jumps here as placements or stipends change at once")
    return (f"{lever.label}: cannot meet {goal} within ${search.tolerance:,.0f} ({why}); "
            f"the closest value found is {money(abs(gap))} {side}.")


# --- break-even -------------------------------------------------------------------------------
@dataclass(frozen=True)
class BreakEven:
    """The lowest rate (to `step`) at which the proposal is over budget in some year."""

    key: str
    value: float  # over budget at this rate ...
    below: float | None  # ... and within budget at this one (None: over budget even at 0)
    year: int  # the year that goes over first (the worst year at `value`)
    gap: float  # cost minus budget in that year, at `value`


def break_even(inputs: Inputs, proposal: str, key: str = "model.pass_rate", step: float = 1e-4) -> BreakEven | None:
    """The Model pass (or application) rate at which the proposal's cost first crosses the budget in
    some year; None if it stays within budget at every rate in [0, 1]. Bisection, as cost need not be
    smooth in the rate."""
    if key not in ("model.pass_rate", "model.application_rate"):
        raise ValueError("break-even works on model.pass_rate or model.application_rate")
    tabled = inputs.proposal(proposal)
    gap_of = _gap_function(inputs, "budget")

    def over(rate: float) -> tuple[float, int | None]:
        terms = inputs.baseline.with_overrides({**tabled.as_dict(), key: rate}, what=f"Proposal '{proposal}'")
        return gap_of(engine.project(inputs, [(proposal, terms)], keep_teachers=False)[0])

    g0, year0 = over(0.0)
    if g0 > 0:
        return BreakEven(key, 0.0, None, year0, g0)
    if over(1.0)[0] <= 0:
        return None
    lo, hi = 0.0, 1.0
    while hi - lo > step:
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if over(mid)[0] > 0 else (mid, hi)
    g, year = over(hi)
    return BreakEven(key, hi, lo, year, g)


# --- ratification outlook ---------------------------------------------------------------------
@dataclass(frozen=True)
class Outlook:
    """Today's members under one proposal against the status quo, each projected as if they stay.

    members: one row per member. groups: shares better and worse off by dimension ("All members",
    "Career stage", "Lane", "Pathway") and group. hold_harmless: by year, what topping every member
    up to their status-quo pay would cost.
    """

    proposal: str
    year: int  # the contract year `share_better_off_by_year` looks at
    members: pd.DataFrame
    groups: pd.DataFrame
    hold_harmless: pd.DataFrame

    @property
    def hold_harmless_total(self) -> float:
        return float(self.hold_harmless["top_up_with_rollup"].sum())

    @property
    def everyone(self) -> pd.Series:
        """The "All members" row of `groups`."""
        return self.groups[self.groups["dimension"] == "All members"].iloc[0]


def outlook(inputs: Inputs, proposal: str, year: int = 3) -> Outlook:
    """Who is better off by contract year `year` and over the horizon, who loses and by how much, and
    the cost of a hold-harmless guarantee. Uses the stayers projection of the bargaining table."""
    stayers = engine.project(inputs, inputs.scenarios([proposal]), replicates=1, separations=False)
    sq, offer = stayers
    year = max(1, min(year, len(sq.years) - 1))
    members = _members(inputs, stayers, offer, sq, year)
    return Outlook(proposal, int(sq.years[year]), members, _groups(members, offer), _hold_harmless(offer, sq))


def _earnings(p: engine.Projection) -> np.ndarray:
    return p.teacher["salary"] + p.teacher["stipend"]  # (years, members), year 0 is the base year


def _members(inputs: Inputs, stayers: list[engine.Projection], offer: engine.Projection,
             sq: engine.Projection, year: int) -> pd.DataFrame:
    gains = metrics.who_gains(stayers, inputs)
    members = gains[gains["scenario"] == offer.name].reset_index(drop=True)
    difference = _earnings(offer) - _earnings(sq)
    members["gain_by_year"] = difference[1:year + 1].sum(axis=0)
    labels = offer.cell_labels
    members["pathway"] = [labels[c][1] if labels[c][0] == "pathways" else "Step and lane"
                          for c in offer.teacher["cell"][1]]  # placement in year 1
    return members


def _groups(members: pd.DataFrame, offer: engine.Projection) -> pd.DataFrame:
    dimensions = [("All members", None), ("Career stage", "band"), ("Lane", "lane")]
    if offer.terms.pay_system == "pathways":
        dimensions.append(("Pathway", "pathway"))
    m = members.assign(
        better_by_year=members["gain_by_year"] > 0.5, better=members["cumulative_gain"] > 0.5,
        worse=members["cumulative_gain"] < -0.5, loss=(-members["cumulative_gain"]).where(
            members["cumulative_gain"] < -0.5))
    frames = []
    for dimension, column in dimensions:
        by = m.assign(group="All") if column is None else m.assign(group=m[column].astype(str))
        table = by.groupby("group", sort=False).agg(
            teachers=("employee_id", "size"), share_better_off_by_year=("better_by_year", "mean"),
            share_better_off=("better", "mean"), share_worse_off=("worse", "mean"), losers=("worse", "sum"),
            median_gain=("cumulative_gain", "median"), median_loss=("loss", "median"))
        table = table.reset_index()
        if column == "band":
            table = order.sort_rows(table, "group", order.bands(table["group"]))
        elif column is not None:
            table = order.sort_rows(table, "group", order.groups(table["group"], offer.terms.step_schedule.lanes))
        frames.append(table.assign(dimension=dimension))
    out = pd.concat(frames, ignore_index=True)
    return out[["dimension", "group", "teachers", "share_better_off_by_year", "share_better_off",
                "share_worse_off", "losers", "median_gain", "median_loss"]]


def _hold_harmless(offer: engine.Projection, sq: engine.Projection) -> pd.DataFrame:
    """Top-ups to status-quo pay each year; roll-up at the salary rate, as a top-up is salary."""
    short = np.maximum(_earnings(sq) - _earnings(offer), 0.0)[1:]
    rollup = salary_rollup(offer.terms)
    return pd.DataFrame({"year": offer.years[1:], "members_topped_up": (short > 0.5).sum(axis=1),
                         "top_up": short.sum(axis=1), "top_up_with_rollup": short.sum(axis=1) * (1 + rollup)})


def uncertainty(inputs: Inputs, replicates: int = 40, ranges: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cost fan (P10/P50/P90 by scenario and year) and the chance each scenario goes over the budget in at
    least one year (nan without a budget).

    ranges=False: replicates of the individual draws (who leaves, is rated, applies, passes) only.
    ranges=True: each replicate also draws every key assumption uniformly across its tornado range
    (default_assumptions()), the same values for every scenario, with its own seed for the individual draws.
    """
    if ranges:
        totals = _sampled_totals(inputs, replicates)
    else:
        runs = engine.project(inputs, replicates=replicates)
        totals = {p.name: p.totals["total_cost"] for p in runs}
    years = np.arange(int(inputs.baseline["base_year"]), int(inputs.baseline["base_year"])
                      + int(inputs.baseline["horizon"]) + 1)
    fan = pd.concat([pd.DataFrame({"scenario": name, "year": years,
                                   **{f"total_cost_p{q}": np.percentile(cost, q, axis=1) for q in (10, 50, 90)}})
                     for name, cost in totals.items()], ignore_index=True)
    fan["budget"] = [inputs.budget_for(int(y)) for y in fan["year"]]
    try:
        index, budget = _budget_years(inputs)
    except ValueError:  # no budget sheet: the chance is not defined
        index, budget = np.array([], dtype=int), np.array([])
    rows = [{"scenario": name, "replicates": replicates, "ranges": ranges,
             "chance_over_budget": float((cost[index] > budget[:, None]).any(axis=0).mean()) if budget.size
             else float("nan")} for name, cost in totals.items()]
    return fan, pd.DataFrame(rows)


def _sampled_totals(inputs: Inputs, replicates: int) -> dict[str, np.ndarray]:
    """Total cost (years, replicates) per scenario, each replicate with its own assumption draw and seed."""
    seed = int(inputs.baseline["seed"])
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(99,)))  # apart from the engine's streams
    columns: dict[str, list[np.ndarray]] = {}
    for r in range(replicates):
        picks = [(a, rng.uniform(a.low, a.high)) for a in assumptions_for(inputs)]
        moved = inputs.with_assumptions(lambda params, picks=picks: {
            k: v for a, amount in picks for k, v in _change(a, amount)(params).items()}, "A sampled assumption")
        for p in engine.project(moved, replicates=1, seed=seed + 1 + r, keep_teachers=False):
            columns.setdefault(p.name, []).append(p.totals["total_cost"][:, 0])
    return {name: np.stack(cols, axis=1) for name, cols in columns.items()}
