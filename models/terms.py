"""Contract terms (frozen), proposals as validated overrides of them."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from models import parameters as P
from models.problems import Problems

STATUS_QUO = "Status quo"


@dataclass(frozen=True)
class StepSchedule:
    """The step-and-lane salary schedule: salaries[step - 1][lane index]."""

    lanes: tuple[str, ...]
    salaries: tuple[tuple[float, ...], ...]

    @property
    def steps(self) -> int:
        return len(self.salaries)

    def array(self) -> np.ndarray:
        return np.array(self.salaries, dtype=float)

    def with_cell(self, lane: str, step: int, salary: float) -> StepSchedule:
        rows = [list(r) for r in self.salaries]
        rows[step - 1][self.lanes.index(lane)] = salary
        return replace(self, salaries=tuple(tuple(r) for r in rows))


@dataclass(frozen=True)
class PathwayGrid:
    """Interval salaries per pathway, in pathway order; a pathway may have none."""

    salaries: tuple[tuple[float, ...], ...] = ((), (), (), ())

    def intervals(self, pathway: str) -> int:
        return len(self.salaries[P.PATHWAYS.index(pathway)])

    def salary(self, pathway: str, interval: int) -> float:
        return self.salaries[P.PATHWAYS.index(pathway)][interval - 1]

    @property
    def defined(self) -> bool:
        return self.intervals("Standard") > 0 and self.intervals("Professional") > 0

    def with_cell(self, pathway: str, interval: int, salary: float) -> PathwayGrid:
        rows = [list(r) for r in self.salaries]
        row = rows[P.PATHWAYS.index(pathway)]
        if interval == len(row) + 1:
            row.append(salary)
        else:
            row[interval - 1] = salary
        return PathwayGrid(tuple(tuple(r) for r in rows))


@dataclass(frozen=True)
class Terms:
    """One scenario's complete terms: both schedules and every resolved parameter."""

    step_schedule: StepSchedule
    pathways: PathwayGrid
    params: tuple[tuple[str, Any], ...]  # sorted (key, value); hashable

    def __getitem__(self, key: str) -> Any:
        return dict(self.params)[key]

    def get(self, key: str, default: Any = None) -> Any:
        return dict(self.params).get(key, default)

    def by_year(self, family: str, year: int, fallback: Any = None) -> Any:
        """raise.2027 if set, else raise.default, else fallback."""
        values = dict(self.params)
        value = values.get(f"{family}.{year}")
        if value is None:
            value = values.get(f"{family}.default")
        return fallback if value is None else value

    def family(self, prefix: str) -> dict[str, Any]:
        """{'0-3': 0.196, ...} for prefix 'exit_rate'."""
        start = prefix + "."
        return {k[len(start):]: v for k, v in self.params if k.startswith(start)}

    @property
    def pay_system(self) -> str:
        return self["pay_system"]

    @property
    def context(self) -> P.Context:
        roles = tuple(self.family("au.by_role"))
        return P.Context(lanes=self.step_schedule.lanes, roles=roles)

    def with_overrides(self, overrides: Mapping[str, Any], what: str = "The proposal",
                       rows: Mapping[str, int] | None = None) -> Terms:
        """Apply a proposal; every override is checked first, so none applies if any is bad.

        rows maps a key to its row on the Proposals sheet, for the messages.
        """
        terms, _, problems = self.apply(overrides, rows)
        problems.raise_if_any(what)
        return terms

    def apply(self, overrides: Mapping[str, Any], rows: Mapping[str, int] | None = None,
              ) -> tuple[Terms, dict[str, Any], Problems]:
        """The overridden terms, the overrides as typed values, and every problem found."""
        problems = Problems()
        terms = self
        params = dict(self.params)
        clean: dict[str, Any] = {}
        for key, value in overrides.items():
            key = str(key).strip()
            # From a Proposals sheet: the 'parameter' or 'value' cell of the key's row; else the key itself.
            row = (rows or {}).get(key)
            at_key = ("Proposals", row, "parameter" if rows is not None else key)
            at_value = ("Proposals", row, "value" if rows is not None else key)
            of_key = f" for {key}" if rows is not None else ""
            if key.startswith("step_salary.") or key.startswith("pathway_salary."):
                terms = _override_cell(terms, key, value, problems, at_key, at_value, of_key)
                clean[key] = P.to_number(value)
                continue
            param, _, bad_key = P.find(key, self.context)
            if bad_key or param is None:
                problems.add(*at_key, key, bad_key or "a known parameter")
                continue
            if not param.in_proposals:
                problems.add(*at_key, key, "a contract term or assumption, not a global setting")
                continue
            coerced, bad = P.coerce(param, value)
            if bad:
                problems.add(*at_value, value, bad + of_key)
                continue
            params[key] = clean[key] = coerced
        terms = replace(terms, params=tuple(sorted(params.items())))
        check_terms(terms, problems, sheet="Proposals")
        return terms, clean, problems


def _override_cell(terms: Terms, key: str, value: Any, problems: Problems, at_key: tuple, at_value: tuple,
                   of_key: str = "") -> Terms:
    parts = key.split(".")
    salary = P.to_number(value)
    bad_salary = salary is None or not math.isfinite(salary) or salary <= 0 or salary > 10_000_000
    if bad_salary:
        problems.add(*at_value, value, "a salary in dollars above 0" + of_key)
    if len(parts) != 3 or not (parts[2].isascii() and parts[2].isdigit()):  # int('²') fails
        problems.add(*at_key, key, "step_salary.<lane>.<step> or pathway_salary.<pathway>.<interval>")
        return terms
    name, number = parts[1], int(parts[2])
    if parts[0] == "step_salary":
        sched = terms.step_schedule
        if name not in sched.lanes or not 1 <= number <= sched.steps:
            problems.add(*at_key, key, f"a lane of {', '.join(sched.lanes)} and a step 1-{sched.steps}")
            return terms
        return terms if bad_salary else replace(terms, step_schedule=sched.with_cell(name, number, salary))
    if name not in P.PATHWAYS or not 1 <= number <= terms.pathways.intervals(name) + 1:
        problems.add(*at_key, key, f"a pathway of {', '.join(P.PATHWAYS)} and an existing interval "
                     "(or the next one, to add it)")
        return terms
    if bad_salary:
        return terms
    return replace(terms, pathways=terms.pathways.with_cell(name, number, salary))


def check_terms(terms: Terms, problems: Problems, sheet: str) -> None:
    """Checks across parameters that no single value can show."""
    shares = terms.family("rating_share")
    total = sum(shares.values())
    if shares and abs(total - 1) > 0.005:
        problems.add(sheet, None, "rating_share.*", round(total, 4), "rating shares that add up to 1")
    bad_bands = P.check_bands(list(terms.family("exit_rate")))
    if bad_bands:
        problems.add(sheet, None, "exit_rate.*", ", ".join(terms.family("exit_rate")), bad_bands)
    if terms.pay_system == "pathways" and not terms.pathways.defined:
        problems.add(sheet, None, "pay_system", "pathways",
                     "salaries for at least Standard and Professional (a Pathways sheet or "
                     "pathway_salary.* overrides)")
    lanes = terms.step_schedule.lanes
    hire_lane = terms.get("hire.lane")
    if hire_lane is not None and hire_lane not in lanes:  # a lane is any text to the registry
        problems.add(sheet, None, "hire.lane", hire_lane, f"a lane of the step schedule: {', '.join(lanes)}")
    if terms.pay_system == "pathways" and terms.pathways.defined:
        for lane in lanes:  # else conversion would place the lane on another pathway's cells
            target = terms.get(f"crosswalk.{lane}")
            if target in P.PATHWAYS and not terms.pathways.intervals(target):
                problems.add(sheet, None, f"crosswalk.{lane}", target,
                             "a pathway with salaries (on the Pathways sheet or by pathway_salary.* overrides)")


def resolve_params(given: Mapping[str, Any], lanes: tuple[str, ...], roster_shares: Mapping[str, float],
                   has_pathways: bool) -> dict[str, Any]:
    """Every concrete key the engine reads: what the workbook gave, else the default."""
    values: dict[str, Any] = {}
    for p in P.REGISTRY:
        ph = p.placeholder
        if ph is None:
            values[p.key] = p.default
        elif isinstance(p.default, dict):
            for name, v in p.default.items():
                values[p.key.replace("{" + ph + "}", name)] = v
    for lane in lanes:
        values[f"crosswalk.{lane}"] = "Standard" if lane == lanes[0] else "Professional"
        values[f"lane_credits.{lane}"] = None
    for rating in P.RATINGS:
        values[f"rating_share.{rating}"] = round(float(roster_shares.get(rating, 0.0)), 6)
    values["hire.lane"] = lanes[0]
    values["pay_system"] = "pathways" if has_pathways else "step_and_lane"
    if any(k.startswith("exit_rate.") for k in given):  # the workbook's bands replace the defaults
        values = {k: v for k, v in values.items() if not k.startswith("exit_rate.")}
    values.update(given)
    return values


def status_quo_terms(baseline: Terms) -> Terms:
    """The status quo: today's step-and-lane schedule with the baseline's rules."""
    params = dict(baseline.params)
    params["pay_system"] = "step_and_lane"
    return replace(baseline, params=tuple(sorted(params.items())))


@dataclass(frozen=True)
class Proposal:
    """A named package: parameter path -> value, applied on top of the baseline terms."""

    name: str
    overrides: tuple[tuple[str, Any], ...] = ()
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return dict(self.overrides)

    def terms(self, baseline: Terms, rows: Mapping[str, int] | None = None) -> Terms:
        return baseline.with_overrides(self.as_dict(), what=f"Proposal '{self.name}'", rows=rows)
