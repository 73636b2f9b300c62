"""Salary grids as finance officers edit them: cells by key, pasted grids, raises, and dips.

A grid is one schedule of a proposal, the step-and-lane schedule (columns are lanes, rows steps)
or the pathway grid (columns are pathways, rows intervals), with its cells as override keys
(step_salary.<lane>.<step>, pathway_salary.<pathway>.<interval>).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from models import parameters
from models.changes import label
from models.compiled import year_schedules
from models.problems import shown
from models.terms import SALARY_EXPECTED, Terms, as_salary, step_key

STEPS, PATHWAYS = "step_salary", "pathway_salary"


@dataclass(frozen=True)
class Grid:
    prefix: str  # STEPS or PATHWAYS
    columns: tuple[str, ...]  # lanes or pathways, in order
    cells: tuple[tuple[float, ...], ...]  # per column, row 1 first (pathways may differ in length)
    year: int | None = None  # a later contract year's grid (its cells are step_salary.<year>.<lane>.<step>)
    labels: tuple[str, ...] = ()  # a published schedule's step labels (4 ... 33, 1A); () = 1, 2, 3 ...

    @property
    def row_word(self) -> str:
        return "step" if self.prefix == STEPS else "interval"

    def label(self, row: int) -> str:
        """A row as keys and screens name it: the step's published label, else its number."""
        return self.labels[row - 1] if self.labels and 1 <= row <= len(self.labels) else str(row)

    def row_of(self, text: str) -> int | None:
        """The row a label names (a step's published label, an interval's number)."""
        if not self.labels:
            return int(text) if text.isascii() and text.isdigit() and 1 <= int(text) <= 100 else None  # not a salary
        wanted = step_key(text)
        return next((i for i, lab in enumerate(self.labels, 1) if step_key(lab) == wanted), None)

    def key(self, column: str, row: int) -> str:
        year = "" if self.year is None else f"{self.year}."
        return f"{self.prefix}.{year}{column}.{self.label(row)}"

    def value(self, column: str, row: int) -> float | None:
        values = self.cells[self.columns.index(column)]
        return values[row - 1] if 1 <= row <= len(values) else None

    def rows(self, column: str) -> int:
        return len(self.cells[self.columns.index(column)])

    def as_cells(self) -> dict[str, float]:
        return {self.key(c, r): v for c, values in zip(self.columns, self.cells, strict=True)
                for r, v in enumerate(values, start=1)}


def grid_of(terms: Terms, prefix: str, year: int | None = None, first_year: int | None = None) -> Grid:
    """A schedule of the terms: as written (year None), or as in force in a later contract year (after
    the raises since first_year and that year's own cells)."""
    sched = terms.step_schedule  # the StepSchedule sheet's (other schedules: step_salary.<schedule>.* keys)
    labels = sched.labels
    if year is None:
        if prefix == STEPS:  # a lane that ends early has no cells below its last step
            return Grid(STEPS, sched.lanes, tuple(tuple(row[j] for row in sched.salaries[:sched.top(j)])
                                                  for j in range(len(sched.lanes))), labels=labels)
        return Grid(PATHWAYS, parameters.PATHWAYS, terms.pathways.salaries)
    steps, grid = year_schedules(terms, list(range(first_year, year + 1)))[-1]
    cents = lambda values: tuple(round(float(v), 2) for v in values)  # noqa: E731
    if prefix == STEPS:
        n = sched.steps
        return Grid(STEPS, sched.lanes, tuple(cents(steps[j * n:j * n + sched.top(j)])
                                              for j in range(len(sched.lanes))), year, labels)
    ends = np.cumsum([len(r) for r in terms.pathways.salaries])
    return Grid(PATHWAYS, parameters.PATHWAYS, tuple(cents(grid[end - len(r):end])
                                            for r, end in zip(terms.pathways.salaries, ends, strict=True)), year)


@dataclass(frozen=True)
class Dip:
    """A move up (a step, an interval or a lane) that pays less: `upper` pays below `lower`."""

    lower: str  # the cell a teacher moves from
    upper: str  # the cell they move to
    lower_salary: float
    upper_salary: float

    def __str__(self) -> str:
        return (f"{label(self.upper)} (${self.upper_salary:,.0f}) pays less than "
                f"{label(self.lower)} (${self.lower_salary:,.0f})")


def dips(grid: Grid) -> list[Dip]:
    """Every place the grid falls as a teacher moves up a row, from Standard's top on to Professional 1, or
    (step and lane) across to the next lane."""
    found = []
    for column, values in zip(grid.columns, grid.cells, strict=True):
        found += [Dip(grid.key(column, r), grid.key(column, r + 1), a, b)
                  for r, (a, b) in enumerate(pairwise(values), start=1) if b < a]
    standard, professional = (grid.cells[grid.columns.index(p)] for p in ("Standard", "Professional")) \
        if grid.prefix == PATHWAYS else ((), ())
    if standard and professional and professional[0] < standard[-1]:  # AUs carry Standard on into Professional
        found.append(Dip(grid.key("Standard", len(standard)), grid.key("Professional", 1), standard[-1],
                         professional[0]))
    if grid.prefix == STEPS:  # across to the next lane, on the steps both lanes have
        for (left, right), (a_values, b_values) in zip(pairwise(grid.columns), pairwise(grid.cells), strict=False):
            found += [Dip(grid.key(left, r), grid.key(right, r), a, b)
                      for r, (a, b) in enumerate(zip(a_values, b_values, strict=False), start=1) if b < a]
    return found


def raised(grid: Grid, columns: list[str], first: int, last: int, percent: float = 0.0,
           dollars: float = 0.0) -> dict[str, float]:
    """The cells of `columns`, rows first..last, raised by a percentage and then a flat amount (whole dollars)."""
    return {grid.key(c, r): float(round(v * (1 + percent / 100) + dollars))
            for c in columns for r, v in enumerate(grid.cells[grid.columns.index(c)], start=1) if first <= r <= last}


def _header_name(text: str) -> str:
    return text.strip().removesuffix("($)").strip().lower()


def parse_pasted(text: str, grid: Grid) -> tuple[dict[str, float], list[str]]:
    """Cells from a grid copied out of Excel or LibreOffice (tab-separated rows); empty cells change nothing.

    A first row of names (lanes or pathways) says which column is which, else the columns are the
    grid's in order; a first column of step or interval numbers says which row is which, else rows
    run from 1. Returns the cells and, if any cell is not a salary (terms.as_salary), the problems instead.
    """
    rows = [line.split("\t") for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        return {}, ["the pasted text is empty: copy the cells in the spreadsheet, then paste them here"]
    names = {c.lower(): c for c in grid.columns}
    header = [_header_name(c) for c in rows[0]]
    has_header = any(h in names for h in header)
    body = rows[1:] if has_header else rows
    labels = [r[0].strip() for r in body]
    width = max((len(r) for r in body), default=0)
    label_heading = has_header and header[0] not in names  # 'Step', 'Interval' or empty above the numbers
    if has_header:
        has_labels = label_heading or width > len(header)
    else:
        has_labels = bool(labels) and all(grid.row_of(x) is not None for x in labels) and width > len(grid.columns)
    problems: list[str] = []
    if has_header:
        columns = header[1:] if label_heading else header
        unknown = [c for c in rows[0][label_heading:] if c.strip() and _header_name(c) not in names]
        if unknown:
            return {}, [f"the pasted heading {', '.join(repr(u.strip()) for u in unknown)} is not one of "
                        f"{', '.join(grid.columns)}"]
        columns = [names.get(c) for c in columns]
    else:
        columns = list(grid.columns)
    cells: dict[str, float] = {}
    for i, row in enumerate(body, start=1):
        values = row[1:] if has_labels else row
        number = (grid.row_of(labels[i - 1]) if has_labels else None) or i
        if any(v.strip() for v in values[len(columns):]):
            problems.append(f"pasted row {i} has {len(values)} cells; the grid has {len(columns)} columns "
                            f"({', '.join(c for c in columns if c)})")
            continue
        for column, value in zip(columns, values, strict=False):
            if column is None or not value.strip():
                continue
            key, salary = grid.key(column, number), as_salary(value)
            if salary is None:  # the one salary rule, said here once for the cell it would land on
                problems.append(f"pasted row {i}, {label(key)}: found {shown(value.strip())}; "
                                f"expected {SALARY_EXPECTED}")
                continue
            cells[key] = salary
    return ({}, problems) if problems else (cells, [])
