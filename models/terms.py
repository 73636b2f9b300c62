"""Contract terms (frozen), proposals as validated overrides of them."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

import numpy as np

from models import parameters
from models.problems import Problem, Problems, Words, shown

STATUS_QUO = "Status quo"
# What one workbook, link or desk may carry: far above any real table (the samples have 2-4 proposals of
# at most 31 changes; a whole 50-step, 10-lane schedule is 500 cells), far below what ruins a server.
MAX_PROPOSALS = 20
MAX_OVERRIDES = 600  # per proposal
MAX_SALARY = 10_000_000  # dollars: the most a salary cell (or a state's minimum salary) may say
SALARY_EXPECTED = f"a salary in dollars above 0 and at most {MAX_SALARY:,}"
MAX_NAME = 60  # characters of a proposal's name
MAX_NOTE = 2_000


def as_salary(value: Any) -> float | None:
    """The salary a value says (above 0, at most MAX_SALARY, as SALARY_EXPECTED words it); None if not one.

    The one rule for every salary given: a proposal's cell, a state's minimum salary, a members' copy's schedule.
    """
    number = parameters.to_number(value)
    return number if number is not None and math.isfinite(number) and 0 < number <= MAX_SALARY else None


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


def bad_change(problem: Problem) -> Words:
    """A refused change of an offer in words, its key and value cut as a name is: a link or a store may hold
    any text, and a message says what was found, not all of it."""
    key, value = problem.column, problem.found
    if value == key:
        return Words(f"the change {quoted_name(key)}")
    return Words(f"{found_words(value)} for {quoted_name(key)}")


def found_words(value: object) -> Words:
    """A value found in a link or a store, for a message: text quoted and anything cut as a name is."""
    return quoted_name(value) if type(value) is str else Words(_cut(shown(value)))


def _cut(text: str) -> str:
    return text[:MAX_NAME] + (f"... (cut; {len(text):,} characters in all)" if len(text) > MAX_NAME else "")


def admit_offer(raw: object, overrides: Mapping[str, Any], note: object, baseline: Terms,
                taken: Iterable[str] = ()) -> tuple[Proposal | None, str | None, list[Problem]]:
    """One offer checked as if typed: the one rule of an admissible offer for every way in but the Proposals
    sheet (a link, a reopened desk, the joint table). Its name as kept must be free of `taken` names, it has at
    most MAX_OVERRIDES changes, each one valid for the baseline; the note is cut at MAX_NOTE.

    Returns the proposal (None when refused), what its name or size lacks (the expected text) and the problems
    of its changes."""
    name = proposal_name(raw)
    bad = name_problem(name, taken)
    if bad is None and len(overrides) > MAX_OVERRIDES:
        bad = f"at most {MAX_OVERRIDES} changes in one proposal (found {len(overrides):,})"
    if bad:
        return None, bad, []
    _, clean, found = baseline.apply(overrides)
    if found.items:
        return None, None, found.items
    return Proposal(name, tuple(clean.items()), str(note or "")[:MAX_NOTE]), None, []


def admit_proposals(rows: Iterable[tuple[object, Mapping[str, Any], object]], baseline: Terms, sheet: str,
                    ) -> tuple[list[Proposal], Problems]:
    """Proposals from (name, overrides, note) rows that did not come through the Proposals sheet (a link, a
    reopened desk), each as admit_offer checks it, at most MAX_PROPOSALS. Bad ones are left out."""
    problems = Problems()
    proposals: list[Proposal] = []
    for number, (raw, overrides, note) in enumerate(rows, start=1):
        if number > MAX_PROPOSALS:
            problems.add(sheet, None, None, Words(f"more than {MAX_PROPOSALS} proposals"),
                         f"at most {MAX_PROPOSALS}; the first {MAX_PROPOSALS} are open")
            break
        admitted, bad, found = admit_offer(raw, overrides, note, baseline, [p.name for p in proposals])
        if bad:
            problems.add(sheet, None, None, Words(f"proposal {number} named {quoted_name(raw)}"), bad)
        for p in found:
            problems.add(sheet, None, Words(f"proposal {quoted_name(raw)}"), bad_change(p), p.expected)
        if admitted is not None:
            proposals.append(admitted)
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
    removed: tuple[str, ...] = ()  # a proposal's step_count: labels of the steps it removed, in order

    @property
    def steps(self) -> int:
        return len(self.salaries)

    @property
    def step_labels(self) -> tuple[str, ...]:
        return self.labels or tuple(str(s) for s in range(1, self.steps + 1))

    def label(self, step: int) -> str:
        """The published label of a step (its position in schedule order, from 1)."""
        return self.step_labels[step - 1]

    @property
    def printed(self) -> str:
        """The steps as printed, in words: '3, 3A, 4, 50, 55', or '4 to 33' for a long schedule."""
        shown = self.step_labels
        return ", ".join(shown) if len(shown) <= 12 else f"{shown[0]} to {shown[-1]}"

    def expected_step(self, found: object) -> str:
        """What a step that is not one of this schedule's was expected to be, in its printed labels."""
        reserved = step_key(found) in {step_key(label) for _, label in self.reserved}
        return f"a step of the StepSchedule ({self.printed}){'; reserved steps have no salaries' if reserved else ''}"

    def step_of(self, label: object) -> int | None:
        """The position of a published step label (5, '5', 5.0, 'Step 5' and '1a' for '1A'); None if not one."""
        return self._positions.get(step_key(label))

    @cached_property
    def _positions(self) -> dict[str, int]:
        """Each label's key -> its first position: reading a roster looks up a step per teacher, not per label."""
        positions: dict[str, int] = {}
        for i, lab in enumerate(self.step_labels, 1):
            positions.setdefault(step_key(lab), i)
        return positions

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

    def flat(self) -> np.ndarray:
        """Every schedule's salaries end to end: index schedule * lanes * steps + lane * steps + step - 1."""
        return np.concatenate([a.T.reshape(-1) for a in self.arrays()]).astype(float)

    def _each_grid(self, change) -> StepSchedule:
        """The same change to every schedule (they share lanes and steps)."""
        return replace(self, salaries=change(self.salaries), extra=tuple((n, change(g)) for n, g in self.extra))

    def without_lane(self, lane: str) -> StepSchedule:
        """The schedules without a lane (every schedule alike)."""
        j = self.lanes.index(lane)
        cut = self._each_grid(lambda grid: tuple(r[:j] + r[j + 1:] for r in grid))
        return replace(cut, lanes=self.lanes[:j] + self.lanes[j + 1:], tops=self.tops[:j] + self.tops[j + 1:])

    def with_lane(self, lane: str, after: str) -> StepSchedule:
        """A new lane after another in every schedule, paying its salaries (and ending where it ends) until set."""
        j = self.lanes.index(after) + 1
        added = self._each_grid(lambda grid: tuple(r[:j] + (r[j - 1],) + r[j:] for r in grid))
        tops = self.tops[:j] + (self.tops[j - 1],) + self.tops[j:] if self.tops else ()
        return replace(added, lanes=self.lanes[:j] + (lane,) + self.lanes[j:], tops=tops)

    def added_labels(self, steps: int) -> tuple[str, ...] | None:
        """Labels of the steps a step_count above today's adds: the next whole numbers after the last
        label; None when the last label is not a whole number (1A) or a new label is already taken."""
        if steps <= self.steps or not self.labels:
            return ()
        last = step_key(self.labels[-1])
        if not last.isdigit():
            return None
        new = tuple(str(int(last) + k) for k in range(1, steps - self.steps + 1))
        taken = {step_key(lab) for lab in self.labels + tuple(lab for _, lab in self.reserved)}
        return None if taken & set(new) else new

    def with_steps(self, steps: int) -> StepSchedule:
        """The first `steps` steps of every schedule; added steps pay the top step's salaries until set.

        Labels, reserved rows and lanes ending early follow: a lane that runs to the last step runs to the
        new last step; one that ends early keeps its end (or the new last step, if lower). The removed
        steps' labels are kept in `removed` (step_crosswalk names them)."""
        more = max(steps - self.steps, 0)
        cut = self._each_grid(lambda grid: grid[:steps] + (grid[-1],) * more)
        labels = self.labels[:steps] + (self.added_labels(steps) or ()) if self.labels else ()
        tops = tuple(steps if t == self.steps else min(t, steps) for t in self.tops)
        return replace(cut, labels=labels, tops=tops, removed=self.step_labels[steps:],
                       reserved=tuple((above, lab) for above, lab in self.reserved if above < steps))

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
    number = parameters.to_number(text)
    return str(int(number)) if number is not None and math.isfinite(number) and number == int(number) else text


@dataclass(frozen=True)
class PathwayGrid:
    """Interval salaries per pathway, in pathway order; a pathway may have none."""

    salaries: tuple[tuple[float, ...], ...] = ((), (), (), ())

    def intervals(self, pathway: str) -> int:
        return len(self.salaries[parameters.PATHWAYS.index(pathway)])

    def salary(self, pathway: str, interval: int) -> float:
        return self.salaries[parameters.PATHWAYS.index(pathway)][interval - 1]

    @property
    def defined(self) -> bool:
        return self.intervals("Standard") > 0 and self.intervals("Professional") > 0

    def with_intervals(self, pathway: str, intervals: int) -> PathwayGrid:
        """The pathway's first `intervals` intervals; added ones pay its top interval's salary until set."""
        rows = list(self.salaries)
        row = rows[parameters.PATHWAYS.index(pathway)]
        rows[parameters.PATHWAYS.index(pathway)] = row[:intervals] + row[-1:] * max(intervals - len(row), 0)
        return PathwayGrid(tuple(rows))

    def with_cell(self, pathway: str, interval: int, salary: float) -> PathwayGrid:
        rows = [list(r) for r in self.salaries]
        row = rows[parameters.PATHWAYS.index(pathway)]
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

    # Compiling a scenario looks up a few hundred keys: the params as a dict and by family, built once per
    # terms (frozen, so they never go stale; kept beside the fields, so equality and hashing ignore them).
    @cached_property
    def _values(self) -> dict[str, Any]:
        return dict(self.params)

    @cached_property
    def _families(self) -> dict[str, list[tuple[str, Any]]]:
        """Every dotted prefix of every key -> (the rest of the key, value), in params order."""
        families: dict[str, list[tuple[str, Any]]] = {}
        for key, value in self.params:
            dot = key.find(".")
            while dot > 0:
                families.setdefault(key[:dot], []).append((key[dot + 1:], value))
                dot = key.find(".", dot + 1)
        return families

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self._values.get(key, default)

    def by_year(self, family: str, year: int, fallback: Any = None) -> Any:
        """raise.2027 if set, else raise.default, else fallback."""
        values = self._values
        value = values.get(f"{family}.{year}")
        if value is None:
            value = values.get(f"{family}.default")
        return fallback if value is None else value

    def year_cells(self, year: int) -> dict[str, float]:
        """The cells a proposal sets for one school year: {'step_salary.2027.BA.3': 52000, ...}."""
        marks = (f"step_salary.{year}", f"pathway_salary.{year}")
        cells = [(f"{mark}.{rest}", v) for mark in marks for rest, v in self._families.get(mark, ())]
        return dict(sorted(cells))  # in params order (sorted by key), as before

    def family(self, prefix: str) -> dict[str, Any]:
        """{'0-3': 0.196, ...} for prefix 'exit_rate'."""
        return dict(self._families.get(prefix, ()))

    @property
    def pay_system(self) -> str:
        return self["pay_system"]

    @property
    def context(self) -> parameters.Context:
        roles = tuple(self.family("au.by_role"))
        return parameters.Context(lanes=self.step_schedule.lanes, roles=roles)

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
        # Lanes and steps are added or removed before cells are set (so added ones can be set); a pathway's
        # intervals after (its cells may define the pathway, and the next interval's cell adds one).
        for key, value in sorted(overrides.items(), key=lambda kv: _shape_order(str(kv[0]).strip())):
            key = str(key).strip()
            # From a Proposals sheet: the 'parameter' or 'value' cell of the key's row; else the key itself.
            row = (rows or {}).get(key)
            at_key = ("Proposals", row, "parameter" if rows is not None else key)
            at_value = ("Proposals", row, "value" if rows is not None else key)
            of_key = f" for {key}" if rows is not None else ""
            if key.startswith("step_salary.") or key.startswith("pathway_salary."):
                found = len(problems)
                terms = _override_cell(terms, key, value, problems, at_key, at_value, of_key)
                clean[key] = parameters.to_number(value)
                if year_of(key) and len(problems) == found:  # a year's grid: kept with the parameters
                    params[key] = clean[key]
                continue
            param, _, bad_key = parameters.find(key, terms.context)  # the lanes as the proposal has them so far
            if bad_key or param is None:
                problems.add(*at_key, key, bad_key or "a known parameter")
                continue
            if not param.in_proposals:
                problems.add(*at_key, key, "a contract term or assumption, not a global setting")
                continue
            coerced, bad = parameters.coerce(param, value)
            if bad:
                problems.add(*at_value, value, bad + of_key)
                continue
            params[key] = clean[key] = coerced
            if _is_shape(key):
                terms = _reshape(terms, key, coerced, problems, at_value, params)
        terms = replace(terms, params=tuple(sorted(params.items())))
        check_terms(terms, problems, sheet="Proposals")
        return terms, clean, problems


_LANE_SHAPES = ("lane_removed.", "lane_added.")


def _is_shape(key: str) -> bool:
    return key == "step_count" or key.startswith(("pathway_intervals.", *_LANE_SHAPES))


def _shape_order(key: str) -> int:
    """Lanes removed, then added, then steps, then cells and parameters, then pathway intervals."""
    order = {"lane_removed.": 0, "lane_added.": 1, "step_count": 2, "pathway_intervals.": 4}
    return next((v for k, v in order.items() if key.startswith(k)), 3)


def _reshape(terms: Terms, key: str, value: Any, problems: Problems, at_value: tuple,
             params: dict[str, Any]) -> Terms:
    """Lanes removed or added; steps or a pathway's intervals removed from the top, or added paying the top."""
    sched = terms.step_schedule
    if key.startswith(_LANE_SHAPES):
        lane = key.split(".", 1)[1]
        if value not in sched.lanes or value == lane:
            problems.add(*at_value, value, f"a lane the schedule keeps, one of {', '.join(sched.lanes)}")
            return terms
        if key.startswith("lane_removed."):
            for k in (f"crosswalk.{lane}", f"lane_credits.{lane}"):
                params.pop(k, None)
            return replace(terms, step_schedule=sched.without_lane(lane))
        params.setdefault(f"crosswalk.{lane}", "Professional")
        params.setdefault(f"lane_credits.{lane}", None)
        return replace(terms, step_schedule=sched.with_lane(lane, value))
    if key == "step_count":
        if sched.added_labels(value) is None:
            problems.add(*at_value, value, f"at most {sched.steps} steps: the schedule's last step is labelled "
                         f"'{sched.label(sched.steps)}', so new steps have no label to take (set the published "
                         "schedule's steps on the StepSchedule sheet)")
            return terms
        return replace(terms, step_schedule=sched.with_steps(value))
    pathway = key.split(".", 1)[1]
    if not terms.pathways.intervals(pathway):
        problems.add(*at_value, value, f"a pathway with salaries for {key} (set pathway_salary.{pathway}.1 first)")
        return terms
    return replace(terms, pathways=terms.pathways.with_intervals(pathway, value))


def _override_cell(terms: Terms, key: str, value: Any, problems: Problems, at_key: tuple, at_value: tuple,
                   of_key: str = "") -> Terms:
    parts = key.split(".")
    salary = as_salary(value)
    bad_salary = salary is None
    if bad_salary:
        problems.add(*at_value, value, SALARY_EXPECTED + of_key)
    if parts[0] == "step_salary":
        return _step_cell(terms, key, parts[1:], salary, bad_salary, problems, at_key)
    year = parts.pop(1) if len(parts) == 4 else None  # pathway_salary.<year>.<pathway>.<interval>: that year's grid
    if len(parts) != 3 or not (parts[2].isascii() and parts[2].isdigit()) or (
            year is not None and not is_school_year(year)):  # int('²') fails
        problems.add(*at_key, key, "pathway_salary.<pathway>.<interval> (with a school year after the first dot "
                     "for that year's grid: pathway_salary.2027.<pathway>.<interval>)")
        return terms
    if year is not None:
        return _year_cell(terms, key, parts[0], parts[1], int(parts[2]), problems, at_key)
    name, number = parts[1], int(parts[2])
    if name not in parameters.PATHWAYS or not 1 <= number <= terms.pathways.intervals(name) + 1:
        problems.add(*at_key, key, f"a pathway of {', '.join(parameters.PATHWAYS)} and an existing interval "
                     "(or the next one, to add it)")
        return terms
    if bad_salary:
        return terms
    return replace(terms, pathways=terms.pathways.with_cell(name, number, salary))


def is_school_year(text: str) -> bool:
    """A school year as keys name one (the registry's {year}: four ASCII digits, 1950-2200)."""
    return parameters._check_placeholder("year", text, parameters.Context()) is None


def year_of(key: str) -> str | None:
    """The school year of a year-grid key (step_salary.2027..., pathway_salary.2027...); else None."""
    parts = key.split(".")
    return parts[1] if parts[0] in ("step_salary", "pathway_salary") and len(parts) >= 4 and is_school_year(
        parts[1]) else None


def _step_cell(terms: Terms, key: str, parts: list[str], salary: float | None, bad_salary: bool,
               problems: Problems, at_key: tuple) -> Terms:
    """step_salary.[<year>.][<schedule>.]<lane>.<step>: the step as labelled (4, 1A, 50); a school year first is
    that contract year's grid (kept with the parameters, see year_schedules), a schedule the workbook's
    'StepSchedule <name>' sheet (blank: the StepSchedule sheet)."""
    sched = terms.step_schedule
    year = parts.pop(0) if len(parts) >= 3 and is_school_year(parts[0]) else None
    schedule = parts.pop(0) if len(parts) == 3 else ""
    others = ", ".join(sched.names[1:])
    if len(parts) != 2 or schedule not in sched.names:
        problems.add(*at_key, key, "step_salary.<lane>.<step>, step_salary.<year>.<lane>.<step> (a school year "
                     "such as 2027: that year's grid) or step_salary.<schedule>.<lane>.<step> with a schedule of "
                     + (f"{others} (and step_salary.<year>.<schedule>.<lane>.<step>)" if others else
                        "none (this workbook has one schedule)"))
        return terms
    name, number = parts[0], sched.step_of(parts[1])
    if name not in sched.lanes or number is None or number > sched.top(sched.lanes.index(name)):
        problems.add(*at_key, key, f"a lane of {', '.join(sched.lanes)} and a step it has ({sched.printed})")
        return terms
    if year is not None or bad_salary:
        return terms
    return replace(terms, step_schedule=sched.with_cell(name, number, salary, schedule))


def _year_cell(terms: Terms, key: str, kind: str, name: str, number: int, problems: Problems,
               at_key: tuple) -> Terms:
    """A cell of one year's pathway grid must be an existing cell (apply keeps it with the parameters)."""
    if not (name in parameters.PATHWAYS and 1 <= number <= terms.pathways.intervals(name)):
        problems.add(*at_key, key, "an existing cell of the schedule for that year's grid")
    return terms


def check_terms(terms: Terms, problems: Problems, sheet: str) -> None:
    """Checks across parameters that no single value can show."""
    shares = terms.family("rating_share")
    total = sum(shares.values())
    if shares and abs(total - 1) > 0.005:
        problems.add(sheet, None, "rating_share.*", round(total, 4), "rating shares that add up to 1")
    bad_bands = parameters.check_bands(list(terms.family("exit_rate")))
    if bad_bands:
        problems.add(sheet, None, "exit_rate.*", ", ".join(terms.family("exit_rate")), bad_bands)
    if terms.pay_system == "pathways" and not terms.pathways.defined:
        problems.add(sheet, None, "pay_system", "pathways",
                     "salaries for at least Standard and Professional (a Pathways sheet or "
                     "pathway_salary.* overrides)")
    shapes = {"step_count": terms.step_schedule.steps,
              **{f"pathway_intervals.{p}": terms.pathways.intervals(p) for p in parameters.PATHWAYS}}
    for key, count in shapes.items():  # a shape is a proposal's change to the workbook's schedules
        if terms.get(key) is not None and terms.get(key) != count:
            problems.add(sheet, None, key, terms.get(key), f"a proposal's change (on the Proposals sheet): "
                         f"the workbook's schedule has {count}")
    for key, _ in terms.params:  # a year's cell of an interval removed after it was set
        if key.count(".") == 3 and key.startswith("pathway_salary."):
            _, _, pathway, number = key.split(".")
            if int(number) > terms.pathways.intervals(pathway):
                problems.add(sheet, None, key, number, f"an interval of {pathway} (it has "
                             f"{terms.pathways.intervals(pathway)})")
    sched = terms.step_schedule
    removed = {step_key(lab) for lab in sched.removed}
    known = removed | {step_key(lab) for lab in sched.step_labels}
    for old, new in terms.family("step_crosswalk").items():  # labels as published; kept steps' entries unused
        cut = step_key(old) in removed
        if new is not None and (step_key(old) not in known or (cut and sched.step_of(new) is None)):
            problems.add(sheet, None, f"step_crosswalk.{old}", new, "a step of the workbook's schedule, to a step "
                         f"the proposal keeps (labelled {sched.label(1)} to {sched.label(sched.steps)})")
    cap = terms.get("hire.max_step")  # a printed step; one the proposal removed caps at its top step
    if cap is not None and step_key(cap) not in known:
        problems.add(sheet, None, "hire.max_step", cap, sched.expected_step(cap))
    lane_shapes = [k for k, v in terms.params if k.startswith(_LANE_SHAPES) and v is not None]
    for key in lane_shapes:  # given on the Rules sheet, a lane shape would change nothing
        lane = key.split(".", 1)[1]
        if (lane in terms.step_schedule.lanes) == key.startswith("lane_removed."):
            problems.add(sheet, None, key, terms.get(key), "a proposal's change (on the Proposals sheet)")
    if terms.pay_system == "pathways" and lane_shapes:  # its teachers leave the step schedule in year 1
        problems.add(sheet, None, lane_shapes[0], "pathways", "a step-and-lane proposal (pay_system step_and_lane) "
                     "to add or remove lanes")
    lanes = terms.step_schedule.lanes
    hire_lane = terms.get("hire.lane")
    if hire_lane is not None and hire_lane not in lanes:  # a lane is any text to the registry
        problems.add(sheet, None, "hire.lane", hire_lane, f"a lane of the step schedule: {', '.join(lanes)}")
    if terms.pay_system == "pathways" and terms.pathways.defined:
        for lane in lanes:  # else conversion would place the lane on another pathway's cells
            target = terms.get(f"crosswalk.{lane}")
            if target in parameters.PATHWAYS and not terms.pathways.intervals(target):
                problems.add(sheet, None, f"crosswalk.{lane}", target,
                             "a pathway with salaries (on the Pathways sheet or by pathway_salary.* overrides)")


def resolve_params(given: Mapping[str, Any], lanes: tuple[str, ...], roster_shares: Mapping[str, float],
                   has_pathways: bool) -> dict[str, Any]:
    """Every concrete key the engine reads: what the workbook gave, else the default."""
    values: dict[str, Any] = {}
    for p in parameters.REGISTRY:
        ph = p.placeholder
        if ph is None:
            values[p.key] = p.default
        elif isinstance(p.default, dict):
            for name, v in p.default.items():
                values[p.key.replace("{" + ph + "}", name)] = v
    for lane in lanes:
        values[f"crosswalk.{lane}"] = "Standard" if lane == lanes[0] else "Professional"
        values[f"lane_credits.{lane}"] = None
    for rating in parameters.RATINGS:
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
