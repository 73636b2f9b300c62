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
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: found {shown(self.found)}; expected {self.expected}"


class Words(str):
    """What was found, described in words rather than quoted from a cell (shown without quotes)."""


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


class InputError(ValueError):
    """Raised with every problem found, never just the first."""

    def __init__(self, problems: list[Problem], what: str = "The workbook") -> None:
        self.problems = list(problems)
        lines = "\n".join(f"- {p}" for p in self.problems)
        super().__init__(f"{what} has {len(self.problems)} problem(s):\n{lines}")


class Problems:
    """Collects problems while reading, so all of them can be reported together."""

    def __init__(self) -> None:
        self.items: list[Problem] = []
        self._cells: set[tuple[str, int, str]] = set()

    def add(self, sheet: str, row: int | None, column: str | None, found: object, expected: str) -> None:
        """Record a problem; one per cell: a second problem for the same sheet, row and column is dropped."""
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
