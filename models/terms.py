"""Contract terms (frozen), proposals as validated overrides of them."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from models import parameters as P
from models.problems import Problems, Words

STATUS_QUO = "Status quo"
# What one workbook, link or desk may carry: far above any real table (the samples have 2-4 proposals of
# at most 31 changes; a whole 50-step, 10-lane schedule is 500 cells), far below what ruins a server.
MAX_PROPOSALS = 20
MAX_OVERRIDES = 600  # per proposal
MAX_NAME = 60  # characters of a proposal's name
MAX_NOTE = 2_000


def proposal_name(name: object) -> str:
    """The name as it is kept and shown: NFKC, invisible and control characters dropped, spaces collapsed."""
    text = unicodedata.normalize("NFKC", str(name if name is not None else ""))
    text = "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Cc", "Co", "Cs"))
    return " ".join(text.split())


def name_problem(name: str, taken: Iterable[str] = ()) -> str | None:
    """What is wrong with a (cleaned) proposal name, as the expected text; None when it may be used.

    The one check for every way a name comes in: the Proposals sheet, a link, the editor, a reopened desk.
    """
    if not name:
        return "a proposal name (not blank)"
    if len(name) > MAX_NAME:
        return f"a name of at most {MAX_NAME} characters"
    if name.casefold() == STATUS_QUO.casefold():
        return f"a name other than '{STATUS_QUO}'"
    if name.casefold() in {t.casefold() for t in taken}:
        return "a name no other proposal has"
    return None


def quoted_name(raw: object) -> Words:
    """A name as found, for a message: quoted, cut at MAX_NAME characters."""
    text = str(raw)
    return Words(repr(text[:MAX_NAME]) + (f" (cut; {len(text):,} characters in all)" if len(text) > MAX_NAME else ""))


def admit_proposals(rows: Iterable[tuple[object, Mapping[str, Any], object]], baseline: Terms, sheet: str,
                    ) -> tuple[list[Proposal], Problems]:
    """Proposals from (name, overrides, note) rows that did not come through the Proposals sheet (a link, a
    reopened desk): names, counts and every override checked as if typed. Bad ones are left out."""
    problems = Problems()
    proposals: list[Proposal] = []
    for number, (raw, overrides, note) in enumerate(rows, start=1):
        if number > MAX_PROPOSALS:
            problems.add(sheet, None, None, Words(f"more than {MAX_PROPOSALS} proposals"),
                         f"at most {MAX_PROPOSALS}; the first {MAX_PROPOSALS} are open")
            break
        name = proposal_name(raw)
        shown = Words(f"proposal {number} named {quoted_name(raw)}")
        bad = name_problem(name, [p.name for p in proposals])
        if bad is None and len(overrides) > MAX_OVERRIDES:
            bad = f"at most {MAX_OVERRIDES} changes in one proposal (found {len(overrides):,})"
        if bad:
            problems.add(sheet, None, None, shown, bad)
            continue
        _, clean, found = baseline.apply(overrides)
        for p in found.items:
            problems.add(sheet, None, f"proposal '{name}'", Words(str(p)), "a valid change")
        if found.items:
            continue
        proposals.append(Proposal(name, tuple(clean.items()), str(note or "")[:MAX_NOTE]))
    return proposals, problems


@dataclass(frozen=True)
class StepSchedule:
    """The step-and-lane salary schedule: salaries[step - 1][lane index], step = position in schedule order.

    A published schedule keeps its own step labels (4 ... 33, 1A/1B, 50/55/60), its reserved rows (a
    label with no salaries, skipped by movement) and lanes that end early (blank cells at the bottom of
    a lane: a teacher there stays on the lane's last step). The defaults (steps 1..N, nothing reserved,
    every lane to the end) are left out of the fingerprint.
    """

    lanes: tuple[str, ...]
    salaries: tuple[tuple[float, ...], ...]  # blank cells of a lane that ends early repeat its top salary
    labels: tuple[str, ...] = ()  # step label of each salaried row; () = 1, 2, 3 ...
    reserved: tuple[tuple[int, str], ...] = ()  # rows with no salaries: (salaried rows above it, label)
    tops: tuple[int, ...] = ()  # each lane's last step with a salary; () = every lane runs to the last step
    # Other schedules of the same lanes and steps (a 235-day, a 12-month one): (name, salaries), from the
    # sheets 'StepSchedule <name>'; a roster position names its schedule, blank is this one.
    extra: tuple[tuple[str, tuple[tuple[float, ...], ...]], ...] = ()

    @property
    def steps(self) -> int:
        return len(self.salaries)

    @property
    def step_labels(self) -> tuple[str, ...]:
        return self.labels or tuple(str(s) for s in range(1, self.steps + 1))

    def label(self, step: int) -> str:
        """The published label of a step (its position in schedule order, from 1)."""
        return self.step_labels[step - 1]

    def step_of(self, label: object) -> int | None:
        """The position of a published step label (5, '5', 5.0, 'Step 5' and '1a' for '1A'); None if not one."""
        key = step_key(label)
        return next((i for i, lab in enumerate(self.step_labels, 1) if step_key(lab) == key), None)

    def top(self, lane: int) -> int:
        """The last step of a lane (by index) that has a salary."""
        return self.tops[lane] if self.tops else self.steps

    def array(self) -> np.ndarray:
        return np.array(self.salaries, dtype=float)

    @property
    def names(self) -> tuple[str, ...]:
        """The schedules in order: '' (the StepSchedule sheet), then each extra one's name."""
        return ("",) + tuple(name for name, _ in self.extra)

    def arrays(self) -> list[np.ndarray]:
        """Every schedule's salaries (steps x lanes), in the order of names."""
        return [self.array()] + [np.array(grid, dtype=float) for _, grid in self.extra]

    def with_cell(self, lane: str, step: int, salary: float, schedule: str = "") -> StepSchedule:
        grids = [self.salaries] + [grid for _, grid in self.extra]
        rows = [list(r) for r in grids[self.names.index(schedule)]]
        rows[step - 1][self.lanes.index(lane)] = salary
        grid = tuple(tuple(r) for r in rows)
        if not schedule:
            return replace(self, salaries=grid)
        return replace(self, extra=tuple((n, grid if n == schedule else g) for n, g in self.extra))


def step_key(label: object) -> str:
    """A step label as compared: whole numbers as digits ('5', 5.0, 'Step 5'), text ignoring case and spaces."""
    if isinstance(label, float) and label.is_integer():
        return str(int(label))
    text = re.sub(r"\s+", "", str(label)).lower()
    text = text[4:] if text.startswith("step") and len(text) > 4 else text
    number = P.to_number(text)
    return str(int(number)) if number is not None and math.isfinite(number) and number == int(number) else text


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
    if parts[0] == "step_salary" and len(parts) in (3, 4):  # the step as labelled (4, 1A, 50); 4 parts: a schedule
        sched = terms.step_schedule
        schedule = parts[1] if len(parts) == 4 else ""
        name, number = parts[-2], sched.step_of(parts[-1])
        if schedule not in sched.names:
            problems.add(*at_key, key, f"step_salary.<schedule>.<lane>.<step> with a schedule of "
                         f"{', '.join(sched.names[1:]) or 'none (this workbook has one schedule)'}")
            return terms
        if name not in sched.lanes or number is None or number > sched.top(sched.lanes.index(name)):
            steps = ", ".join(sched.step_labels) if len(sched.step_labels) <= 12 else (
                f"{sched.label(1)} to {sched.label(sched.steps)}")
            problems.add(*at_key, key, f"a lane of {', '.join(sched.lanes)} and a step it has ({steps})")
            return terms
        return terms if bad_salary else replace(terms, step_schedule=sched.with_cell(name, number, salary, schedule))
    if len(parts) != 3 or not (parts[2].isascii() and parts[2].isdigit()):  # int('²') fails
        problems.add(*at_key, key, "step_salary.<lane>.<step> or pathway_salary.<pathway>.<interval>")
        return terms
    name, number = parts[1], int(parts[2])
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
