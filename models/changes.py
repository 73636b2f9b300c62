"""Differences between two sets of terms, in words and as overrides."""

from __future__ import annotations

from typing import Any

from models import parameters
from models.compiled import year_schedules
from models.terms import Terms, year_of


def describe(value: Any, key: str) -> str:
    """A parameter value in the users' words: $52,000, 2.5%, 12, none."""
    if value is None:
        return "none"
    param, _, _ = parameters.find(key, parameters.Context())
    unit = param.unit if param else ""
    if key.startswith(("step_salary.", "pathway_salary.")) or unit.startswith("$"):  # '$', '$ per FTE', ...
        return f"${value:,.0f}" if float(value).is_integer() or abs(value) >= 1000 else f"${value:,.2f}"
    share = param is not None and (param.kind == "rate" or unit in ("share", "share a year"))
    if share or key.startswith(("raise.", "market_raise.")):
        return f"{100 * value:.4g}%"
    if isinstance(value, float):
        return f"{value:,.6g}"
    return str(value).replace("_", " ")


def label(key: str) -> str:
    """'pathway_salary.Model.3' -> 'Model interval 3'; 'step_salary.2027.BA.3' -> 'BA step 3 in 2027';
    'raise.2027' -> 'On-scale raise in year 2027'."""
    parts = key.split(".")
    year = f" in {parts.pop(1)}" if year_of(key) else ""
    if parts[0] == "pathway_salary":
        return f"{parts[1]} interval {parts[2]}{year}"
    if parts[0] == "step_salary":
        return f"{parts[-2]} step {parts[-1]}" + (f" (StepSchedule {parts[1]})" if len(parts) == 4 else "") + year
    param, placeholder, _ = parameters.find(key, parameters.Context())
    if param is None:
        return key
    return param.label + (f" {placeholder.replace('_', ' ')}" if placeholder else "")


def cell_values(terms: Terms) -> dict[str, float]:
    """Every schedule cell as an override key."""
    cells = {}
    sched = terms.step_schedule
    for name, grid in zip(sched.names, sched.arrays(), strict=True):
        for s, row in enumerate(grid, start=1):
            for lane, salary in zip(sched.lanes, row, strict=True):
                cells[f"step_salary.{name + '.' if name else ''}{lane}.{sched.label(s)}"] = float(salary)
    for pathway, row in zip(parameters.PATHWAYS, terms.pathways.salaries, strict=True):
        for k, salary in enumerate(row, start=1):
            cells[f"pathway_salary.{pathway}.{k}"] = salary
    return cells


YEARLY = ("raise", "step_advance", "market_raise", "off_schedule")  # a year without its own value takes the default


def _value(terms: Terms, values: dict[str, Any], key: str) -> Any:
    family, _, year = key.rpartition(".")
    if key not in values and family in YEARLY and year.isdigit():
        return terms.by_year(family, int(year))
    if values.get(key) is None and key == "step_count":  # the schedule's shape, whoever set it
        return terms.step_schedule.steps
    if values.get(key) is None and family == "pathway_intervals":
        return terms.pathways.intervals(year)
    return values.get(key)


def differences(before: Terms, after: Terms) -> list[tuple[str, Any, Any]]:
    """(key, before, after) for every cell and parameter that differs, cells first."""
    a = {**cell_values(before), **dict(before.params)}
    b = {**cell_values(after), **dict(after.params)}
    keys = list(dict.fromkeys(list(b) + list(a)))
    pairs = [(k, _value(before, a, k), _value(after, b, k)) for k in keys]
    return [(k, old, new) for k, old, new in pairs if old != new]


def _paid_cell(terms: Terms, key: str) -> float:
    """A cell's salary in a contract year, as the terms pay it (raises since the first year applied)."""
    kind, year, *cell = key.split(".")
    steps, grid = year_schedules(terms, list(range(int(terms["base_year"]) + 1, int(year) + 1)))[-1]
    if kind == "step_salary":
        sched = terms.step_schedule
        schedule, lane, label = ([""] + cell)[-3:]
        at = (sched.names.index(schedule) * len(sched.lanes) + sched.lanes.index(lane)) * sched.steps
        return round(float(steps[at + sched.step_of(label) - 1]), 2)
    name, number = cell
    start = sum(terms.pathways.intervals(p) for p in parameters.PATHWAYS[:parameters.PATHWAYS.index(name)])
    return round(float(grid[start + int(number) - 1]), 2)


def in_words(before: Terms, after: Terms) -> list[str]:
    """'Model interval 3: $81,200 -> $84,000', one line per difference."""
    lines = []
    lanes = set(before.step_schedule.lanes) ^ set(after.step_schedule.lanes)  # a lane added or removed: one line
    for key, old, new in differences(before, after):
        cell = key.startswith(("pathway_salary.", "step_salary."))
        if key.startswith("step_salary.") and key.split(".")[-2] in lanes:
            continue
        by_lane = key.startswith(("crosswalk.", "lane_credits.")) and key.split(".", 1)[1] in lanes
        if by_lane and (new is None or (key.startswith("crosswalk.") and new == "Professional")):
            continue  # the removed lane's rules, or the added lane's defaults
        if key.startswith("lane_removed.") and new is not None:
            lines.append(f"Lane {key.split('.', 1)[1]} removed: its teachers go to {new}, on the lowest step paying "
                         "at least their salary")
            continue
        if key.startswith("lane_added.") and new is not None:
            lane = key.split(".", 1)[1]
            sched = after.step_schedule
            pays = [row[sched.lanes.index(lane)] for row in sched.salaries]
            lines.append(f"Lane {lane} added after {new}: steps {sched.label(1)}-{sched.label(len(pays))} pay "
                         f"${pays[0]:,.0f} to ${pays[-1]:,.0f}")
            continue
        if cell and year_of(key):  # a cell of a contract year's own grid: compare as paid that year
            old, new = (_paid_cell(t, key) if v is None else v for t, v in ((before, old), (after, new)))
            lines.append(f"{label(key)}: {describe(old, key)} -> {describe(new, key)} (that year's grid)")
        elif old is None and cell:
            lines.append(f"{label(key)} added: {describe(new, key)}")
        elif new is None and cell:
            lines.append(f"{label(key)} removed (was {describe(old, key)})")
        elif key == "step_count" and after.step_schedule.labels:  # a count: the printed steps it keeps (4-33: 30)
            runs = [f"{t.step_schedule.label(1)} to {t.step_schedule.label(t.step_schedule.steps)}"
                    for t in (before, after)]
            lines.append(f"{label(key)}: {old} -> {new} (steps {runs[0]} -> {runs[1]})")
        elif key.startswith("step_crosswalk.") and new is not None:
            lines.append(f"Teachers on removed step {key.rpartition('.')[2]} go to step {new} "
                         "(not the lowest step paying at least their salary)")
        elif key.startswith("raise_effective.") and new is not None:
            year = int(key.rpartition(".")[2])
            lines.append(f"On-scale raise in year {year} starts part-way: paid for {100 * new:.4g}% of {year} "
                         f"(annualised: in full from {year + 1})")
        else:
            lines.append(f"{label(key)}: {describe(old, key)} -> {describe(new, key)}")
    return lines


def overrides_between(baseline: Terms, edited: Terms) -> dict[str, Any]:
    """The smallest proposal that turns the baseline into the edited terms."""
    return {key: new for key, _, new in differences(baseline, edited) if new is not None}


def signed_money(x: float) -> str:
    """+$4.1M, -$120K, +$950: the cost of an edit at a glance."""
    sign = "-" if x < 0 else "+"
    x = abs(x)
    if x >= 1e6:
        return f"{sign}${x / 1e6:,.1f}M"
    if x >= 1e4:
        return f"{sign}${x / 1e3:,.0f}K"
    return f"{sign}${x:,.0f}"


def confirmation(lines: list[str], cost: float, years: int, proposal: str) -> str:
    """'Model interval 3: $82,200 -> $86,000; +$4.1M over 10 years (District offer)'.

    lines are the edit's differences in words (in_words); more than three are summed up by count.
    """
    if not lines:
        return f"No cell changed ({proposal})."
    shown = "; ".join(lines) if len(lines) <= 3 else f"{'; '.join(lines[:2])} and {len(lines) - 2} more cells"
    return f"{shown}; {signed_money(cost)} over {years} year{'s' * (years != 1)} ({proposal})"
