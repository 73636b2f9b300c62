"""A members' copy: what a member link to an uploaded workbook opens, with no roster in it.

The union publishes it from a desk with the district's own workbook: the title, the schedules, the rules
and one offer, and one figure of the roster's, the average school's FTE (a member's share of a school's
pool is the pool over it). No roster row, employee id, salary, school or name; no Hires rows, no
scattergram counts, no shares of ratings (My pay takes the member's own rating). It reads back as an
Inputs with an empty roster: My pay projects the member on a one-teacher roster of their own.

Stored on the server (models/ledger.py) and so input too: every value is checked again when it is read.
"""

from __future__ import annotations

import json
import math
from typing import Any, NoReturn

import pandas as pd

from models import parameters
from models.inputs import Inputs, canonical_roster
from models.problems import InputError, Problems, Words
from models.terms import (
    MAX_OVERRIDES,
    SALARY_EXPECTED,
    PathwayGrid,
    Proposal,
    StepSchedule,
    Terms,
    admit_proposals,
    as_salary,
    check_terms,
    resolve_params,
)

VERSION = 1
MAX_BYTES = 1_000_000  # stored or read; a 50-step, 10-lane schedule with three others and all rules: under 100 KB
WHAT = "The members' copy"
SHEET = "Members' copy"
ROSTER_SHARES = "rating_share."  # the roster's shares of ratings: left out


def school_fte(inputs: Inputs) -> float:
    """The average school's FTE: from the roster, or as a members' copy keeps it."""
    if inputs.school_fte is not None:
        return inputs.school_fte
    return float(inputs.roster.groupby("school")["fte"].sum().mean())


def members_copy(inputs: Inputs, offer: Proposal) -> bytes:
    """The members' copy of this workbook on one offer (as edited): JSON, no roster."""
    baseline, sched = inputs.baseline, inputs.baseline.step_schedule
    payload = {
        "members_copy": VERSION, "title": inputs.title,
        "schedule": {"lanes": list(sched.lanes), "salaries": [list(row) for row in sched.salaries],
                     "labels": list(sched.labels), "reserved": [list(r) for r in sched.reserved],
                     "tops": list(sched.tops),
                     "extra": [[name, [list(row) for row in grid]] for name, grid in sched.extra]},
        "pathways": [list(row) for row in baseline.pathways.salaries],
        "rules": [[key, value] for key, value in baseline.params if not key.startswith(ROSTER_SHARES)],
        "offer": [offer.name, [list(kv) for kv in offer.overrides], offer.note],
        "school_fte": school_fte(inputs),
    }
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()


def read_members_copy(content: bytes) -> Inputs:
    """The members' copy as Inputs with an empty roster and its one offer; InputError naming what is wrong."""
    problems = Problems()
    if len(content) > MAX_BYTES:
        _refuse("size", f"{len(content):,} bytes", f"at most {MAX_BYTES:,}")
    try:
        payload = json.loads(content.decode())
        if not isinstance(payload, dict) or payload.get("members_copy") != VERSION:
            raise ValueError("not a members' copy")
        fields = {k: payload[k] for k in ("title", "schedule", "pathways", "rules", "offer", "school_fte")}
    except (ValueError, KeyError, UnicodeDecodeError):
        _refuse(None, "an unreadable copy", "a members' copy made by this workbench")
    sched = _schedule(fields["schedule"], problems)
    grid = _pathways(fields["pathways"], problems)
    title = fields["title"] if isinstance(fields["title"], str) and len(fields["title"]) <= 500 else None
    if title is None:
        problems.add(SHEET, None, "title", fields["title"], "the workbook's title, at most 500 characters")
    fte = fields["school_fte"]
    if not (isinstance(fte, int | float) and not isinstance(fte, bool) and math.isfinite(fte) and 0 < fte <= 1e6):
        problems.add(SHEET, None, "school_fte", fte, "the average school's FTE, a number above 0")
    problems.raise_if_any(WHAT)
    baseline = _baseline(fields["rules"], sched, grid, problems)
    offers, found = admit_proposals([_offer(fields["offer"])], baseline, SHEET)
    problems.items.extend(found.items)
    problems.raise_if_any(WHAT)
    return Inputs(roster=canonical_roster(pd.DataFrame()), baseline=baseline, proposals=tuple(offers),
                  about=(("title", title),), school_fte=float(fte))


def _refuse(column: str | None, found: object, expected: str) -> NoReturn:
    problems = Problems()
    problems.add(SHEET, None, column, found, expected)
    raise InputError(problems.items, WHAT)


def _numbers(row: Any) -> tuple[float, ...] | None:
    """A row of numbers, or None if it is not one (whether each is a salary is _not_salaries's to say)."""
    if not isinstance(row, list) or not all(isinstance(x, int | float) and not isinstance(x, bool) for x in row):
        return None
    return tuple(row)


def _not_salaries(problems: Problems, column: str, cells: list[tuple[str, float]]) -> bool:
    """Whether any cell is not a salary (terms.as_salary): said once, naming the first, in SALARY_EXPECTED's words."""
    bad = [(where, x) for where, x in cells if as_salary(x) is None]
    if bad:
        where, found = bad[0]
        more = f" (and {len(bad) - 1} more cells)" if len(bad) > 1 else ""
        problems.add(SHEET, None, Words(f"{column}, {where}{more}"), found, SALARY_EXPECTED)
    return bool(bad)


def _schedule(given: Any, problems: Problems) -> StepSchedule | None:
    """The step schedule as the workbook had it: lanes, a salary per step and lane, its own labels and shape."""
    try:
        lanes = tuple(given["lanes"])
        grids = [given["salaries"]] + [grid for _, grid in given["extra"]]
        salaries = [tuple(_numbers(row) or ()) for grid in grids for row in grid]
        labels, tops = tuple(given["labels"]), tuple(given["tops"])
        reserved = tuple((int(n), str(label)) for n, label in given["reserved"])
        names = [str(name) for name, _ in given["extra"]]
    except (KeyError, TypeError, ValueError):
        problems.add(SHEET, None, "schedule", "an unreadable schedule", "lanes, steps and salaries")
        return None
    steps = len(given["salaries"])
    if (not lanes or len(set(lanes)) != len(lanes) or not all(isinstance(x, str) and x for x in lanes)
            or not steps or any(len(row) != len(lanes) for row in salaries)
            or any(len(grid) != steps for grid in grids)):
        problems.add(SHEET, None, "schedule", "a schedule of another shape",
                     "a salary for every step of every lane, in every schedule")
        return None
    if (labels and (len(labels) != steps or not all(isinstance(x, str) for x in labels))) or (
            tops and (len(tops) != len(lanes) or not all(isinstance(t, int) and 1 <= t <= steps for t in tops))):
        problems.add(SHEET, None, "schedule", "step labels or lane tops of another shape",
                     "a label per step and a last step per lane")
        return None
    grid_rows = [salaries[i * steps:(i + 1) * steps] for i in range(len(grids))]
    sched = StepSchedule(lanes, tuple(grid_rows[0]), labels, reserved, tops,
                         tuple(zip(names, (tuple(g) for g in grid_rows[1:]), strict=True)))
    cells = [(f"{lane} step {sched.label(s)}" + (f" (StepSchedule {name})" if name else ""), x)
             for name, grid in zip(sched.names, grid_rows, strict=True)
             for s, row in enumerate(grid, start=1) for lane, x in zip(lanes, row, strict=True)]
    return None if _not_salaries(problems, "schedule", cells) else sched


def _pathways(given: Any, problems: Problems) -> PathwayGrid | None:
    fits = isinstance(given, list) and len(given) == len(parameters.PATHWAYS)
    rows = [_numbers(row) for row in given] if fits else [None]
    if any(row is None for row in rows):
        problems.add(SHEET, None, "pathways", "pathway salaries of another shape",
                     f"salaries for each interval of {', '.join(parameters.PATHWAYS)}")
        return None
    cells = [(f"{pathway} interval {k}", x) for pathway, row in zip(parameters.PATHWAYS, rows, strict=True)
             for k, x in enumerate(row, start=1)]
    return None if _not_salaries(problems, "pathways", cells) else PathwayGrid(tuple(rows))


def _baseline(rules: Any, sched: StepSchedule, grid: PathwayGrid, problems: Problems) -> Terms:
    """The workbook's rules, each checked against the registry as if read from its Rules sheet."""
    if not isinstance(rules, list) or not all(isinstance(r, list) and len(r) == 2 and isinstance(r[0], str)
                                              for r in rules):
        _refuse("rules", "unreadable rules", "a list of rules, each a key and a value")
    ctx = parameters.Context(lanes=sched.lanes)
    given = {}
    for key, value in rules:
        param, _, bad = parameters.find(key, ctx)
        if bad or param is None or key.startswith(ROSTER_SHARES):
            problems.add(SHEET, None, key, value, bad or "a rule of the workbook")
            continue
        # blank stays blank (not set)
        coerced, wrong = (None, None) if value is None else parameters.coerce(param, value)
        if wrong:
            problems.add(SHEET, None, key, value, wrong)
        given[key] = coerced
    problems.raise_if_any(WHAT)
    # no roster, no shares: My pay fixes the member's rating
    even = {r: 1 / len(parameters.RATINGS) for r in parameters.RATINGS}
    params = resolve_params(given, sched.lanes, even, grid.defined)
    baseline = Terms(sched, grid, tuple(sorted(params.items())))
    check_terms(baseline, problems, sheet=SHEET)
    problems.raise_if_any(WHAT)
    return baseline


def _offer(given: Any) -> tuple[object, dict, object]:
    if (isinstance(given, list) and len(given) == 3 and isinstance(given[1], list)
            and all(isinstance(kv, list) and len(kv) == 2 and isinstance(kv[0], str) for kv in given[1])):
        return given[0], dict(given[1]), given[2]
    _refuse("offer", "an unreadable offer", f"one offer's name, at most {MAX_OVERRIDES} changes and a note")
