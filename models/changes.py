"""Differences between two sets of terms, in words and as overrides."""

from __future__ import annotations

from typing import Any

from models import parameters as P
from models.terms import Terms


def describe(value: Any, key: str) -> str:
    """A parameter value in the users' words: $52,000, 2.5%, 12, none."""
    if value is None:
        return "none"
    param, _, _ = P.find(key, P.Context())
    unit = param.unit if param else ""
    if key.startswith(("step_salary.", "pathway_salary.")) or unit == "$":
        return f"${value:,.0f}"
    share = param is not None and (param.kind == "rate" or unit in ("share", "share a year"))
    if share or key.startswith(("raise.", "market_raise.")):
        return f"{100 * value:.4g}%"
    if isinstance(value, float):
        return f"{value:,.6g}"
    return str(value).replace("_", " ")


def label(key: str) -> str:
    """'pathway_salary.Model.3' -> 'Model interval 3'; 'raise.2027' -> 'On-scale raise in year 2027'."""
    parts = key.split(".")
    if parts[0] == "pathway_salary":
        return f"{parts[1]} interval {parts[2]}"
    if parts[0] == "step_salary":
        return f"{parts[-2]} step {parts[-1]}" + (f" (StepSchedule {parts[1]})" if len(parts) == 4 else "")
    param, placeholder, _ = P.find(key, P.Context())
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
    for pathway, row in zip(P.PATHWAYS, terms.pathways.salaries, strict=True):
        for k, salary in enumerate(row, start=1):
            cells[f"pathway_salary.{pathway}.{k}"] = salary
    return cells


YEARLY = ("raise", "step_advance", "market_raise")  # a year without its own value takes the default


def _value(terms: Terms, values: dict[str, Any], key: str) -> Any:
    family, _, year = key.rpartition(".")
    if key not in values and family in YEARLY and year.isdigit():
        return terms.by_year(family, int(year))
    return values.get(key)


def differences(before: Terms, after: Terms) -> list[tuple[str, Any, Any]]:
    """(key, before, after) for every cell and parameter that differs, cells first."""
    a = {**cell_values(before), **dict(before.params)}
    b = {**cell_values(after), **dict(after.params)}
    keys = list(dict.fromkeys(list(b) + list(a)))
    pairs = [(k, _value(before, a, k), _value(after, b, k)) for k in keys]
    return [(k, old, new) for k, old, new in pairs if old != new]


def in_words(before: Terms, after: Terms) -> list[str]:
    """'Model interval 3: $81,200 -> $84,000', one line per difference."""
    lines = []
    for key, old, new in differences(before, after):
        if old is None and key.startswith("pathway_salary."):
            lines.append(f"{label(key)} added: {describe(new, key)}")
        else:
            lines.append(f"{label(key)}: {describe(old, key)} -> {describe(new, key)}")
    return lines


def overrides_between(baseline: Terms, edited: Terms) -> dict[str, Any]:
    """The smallest proposal that turns the baseline into the edited terms."""
    return {key: new for key, _, new in differences(baseline, edited) if new is not None}
