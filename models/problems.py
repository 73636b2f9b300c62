"""Problems found in user input, reported all at once with where they are and what is expected."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where it is, what was found, what was expected."""

    sheet: str
    row: int | None  # spreadsheet row number as the user sees it (1 = header row)
    column: str | None
    found: object
    expected: str

    def __str__(self) -> str:
        where = f"sheet '{self.sheet}'"
        if self.row is not None:
            where += f", row {self.row}"
        if isinstance(self.column, Words):  # a place in words, not a header (a link's proposal)
            where += f", {self.column}"
        elif self.column:
            where += f", column '{self.column}'"
        return f"{where}: found {shown(self.found)}; expected {self.expected}"


class Words(str):
    """What was found (or where), described in words rather than quoted from a cell (shown without quotes)."""


def shown(found: object) -> str:
    """A cell's value in the user's words: blank, a date as a date, text in quotes."""
    if isinstance(found, Words):
        return str(found)
    if found is None or found == "":
        return "blank"
    if isinstance(found, dt.datetime) and found.time() == dt.time():
        return f"the date {found.date().isoformat()}"
    if isinstance(found, (dt.date, dt.time, dt.datetime)):
        return f"the date/time {found.isoformat()}"
    if isinstance(found, dt.timedelta):
        return f"the duration {found}"
    return repr(found)


SHEET_ORDER = ("(file)", "StepSchedule", "Roster", "Pathways", "Rules", "Assumptions", "Budget", "Proposals")
REPEATED = 5  # this many problems of one kind on one sheet are said once, with where they are


def _first_fix(p: Problem) -> tuple:
    """What to fix first: a missing sheet or header before cells, the schedule before what reads it."""
    structural = "header" in p.expected or "a sheet named" in p.expected or p.found == "an empty sheet"
    rank = SHEET_ORDER.index(p.sheet) if p.sheet in SHEET_ORDER else len(SHEET_ORDER)
    return (not structural, rank, p.row or 0)


def summary(problems: list[Problem], what: str = "The workbook") -> str:
    """One sentence: how many problems in which sheets, and where to start."""
    sheets = list(dict.fromkeys(p.sheet for p in problems))
    first = min(problems, key=_first_fix)
    if "header" in first.expected:
        start = f"fix the {first.sheet} header first"
    else:
        start = f"start with sheet '{first.sheet}'" + (f", row {first.row}" if first.row is not None else "")
    many = f"{len(problems)} problem{'s' * (len(problems) != 1)}"
    return f"{what} has {many} in {len(sheets)} sheet{'s' * (len(sheets) != 1)} ({', '.join(sheets)}); {start}"


def grouped(problems: list[Problem]) -> list[str]:
    """Each problem as a line; a kind repeated on one sheet (formulas, one wrong column) said once with its span."""
    kinds: dict[tuple[str, str], list[Problem]] = {}
    for p in problems:
        kinds.setdefault((p.sheet, p.expected), []).append(p)
    lines = []
    for (sheet, expected), group in kinds.items():
        if len(group) < REPEATED or any(p.row is None for p in group):
            lines += [str(p) for p in group]
            continue
        rows = [p.row for p in group]
        columns = list(dict.fromkeys(p.column for p in group if p.column))
        where = (f"sheet '{sheet}', rows {min(rows)}-{max(rows)}"
                 + (f", column{'s' * (len(columns) > 1)} {', '.join(repr(c) for c in columns[:8])}"
                    + (" ..." if len(columns) > 8 else "") if columns else ""))
        if expected.startswith("a value: this formula has no saved result"):
            lines.append(f"{len(group)} formulas without saved values in {where}: open and save the file in "
                         "Excel or LibreOffice (or paste values)")
        else:
            lines.append(f"{len(group)} cells in {where}: found {shown(group[0].found)} (first of them, row "
                         f"{group[0].row}); expected {expected}")
    return lines


class InputError(ValueError):
    """Raised with every problem found, never just the first: a summary line, then one line per cause."""

    def __init__(self, problems: list[Problem], what: str = "The workbook") -> None:
        self.problems = list(problems)
        self.summary = summary(self.problems, what) if self.problems else f"{what} has no problems"
        self.lines = grouped(self.problems)
        listed = "\n".join(f"- {line}" for line in self.lines)
        super().__init__(f"{self.summary}:\n{listed}")


MAX_PROBLEMS = 200  # listed; a file with more stops being checked, and says so


class TooManyProblems(Exception):
    """Raised by Problems.add past MAX_PROBLEMS, so a reader stops at once instead of checking on."""


class Problems:
    """Collects problems while reading, so all of them can be reported together (up to MAX_PROBLEMS)."""

    def __init__(self, limit: int | None = None) -> None:
        self.items: list[Problem] = []
        self._cells: set[tuple[str, int, str]] = set()
        self.labels: dict[str, dict[str, str]] = {}  # sheet -> column -> the header as the user wrote it
        self.limit = limit  # None: collect all (a proposal's changes, already bounded in number)

    def add(self, sheet: str, row: int | None, column: str | None, found: object, expected: str) -> None:
        """Record a problem; one per cell: a second problem for the same sheet, row and column is dropped.
        A column is named by the user's own header ('Years of Service', not years_experience).

        With a limit, the problem past it is replaced by one saying the check stopped, and TooManyProblems
        is raised: catch it where the reading starts (raise_if_any then reports what was found)."""
        if self.limit is not None and len(self.items) >= self.limit:
            self.items.append(Problem(sheet, None, None, Words(f"more than {self.limit} problems"),
                                      "fewer: checking stopped here; fix these and load the file again"))
            raise TooManyProblems
        column = self.labels.get(sheet, {}).get(column, column) if column else column
        if row is not None and column:
            if (sheet, row, column) in self._cells:
                return
            self._cells.add((sheet, row, column))
        self.items.append(Problem(sheet, row, column, found, expected))

    def raise_if_any(self, what: str = "The workbook") -> None:
        if self.items:
            raise InputError(self.items, what)

    def __len__(self) -> int:
        return len(self.items)
