"""Problems found in user input, reported all at once with where they are and what is expected."""

from __future__ import annotations

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
        found = "blank" if self.found in (None, "") else repr(self.found)
        return f"{where}: found {found}; expected {self.expected}"


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

    def add(self, sheet: str, row: int | None, column: str | None, found: object, expected: str) -> None:
        self.items.append(Problem(sheet, row, column, found, expected))

    def raise_if_any(self, what: str = "The workbook") -> None:
        if self.items:
            raise InputError(self.items, what)

    def __len__(self) -> int:
        return len(self.items)
