"""An HR export as it comes: which column is which (ColumnMap), lane codes (LaneCodes), step labels
such as 'Step 5', and the totals row an export or a hand-made sheet ends with.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Any

from models import sheets
from models.parameters import to_number
from models.problems import Problems, Words

TOTAL_WORDS = ("total", "totals", "grandtotal", "sum", "alltotal", "columntotal", "rowtotal")


def is_total(value: Any) -> bool:
    """A label that names a totals row or column ('Total', 'Grand total', 'Totals:')."""
    return isinstance(value, str) and sheets.normalise(value).rstrip(":") in TOTAL_WORDS


def totals_label(values: tuple) -> str | None:
    """The label of a totals row: a text cell saying total, in a row that names no teacher."""
    return next((str(v).strip() for v in values if is_total(v)), None)


def step_value(value: Any) -> Any:
    """'Step 5' -> 5 and '5.0' -> 5.0; anything else unchanged (then checked as a number)."""
    if isinstance(value, str):
        m = re.fullmatch(r"\s*(?:step|stp|st)\.?\s*#?\s*(\d+(?:\.0*)?)\s*", value, flags=re.IGNORECASE)
        if m:
            return float(m.group(1))
    return value


def fte_in_percent(header: str, values: list[Any]) -> bool:
    """An FTE column written as percent (100 = full time): its header says so (FTE %, FTE percent), or
    every number is from 10 to 100 with some at 100. Anything else is read as a share of 1."""
    numbers = [n for n in (to_number(v) for v in values if v is not None) if n is not None and math.isfinite(n)]
    if not numbers or not all(1 < n <= 100 for n in numbers):
        return False
    said = "%" in header or any(word in header.lower() for word in ("percent", "pct"))
    return said or (all(n >= 10 for n in numbers) and 100 in numbers)


def completed_years(value: Any) -> tuple[Any, bool]:
    """Years of service as an HR system writes them (12.75) -> completed years (12); True if rounded down."""
    number = to_number(value) if value is not None else None
    if number is None or not math.isfinite(number) or number < 0 or number == int(number):
        return value, False
    return math.floor(number), True


def column_map(entries: list[tuple[int, dict]], problems: Problems) -> tuple[dict[str, str], tuple]:
    """The ColumnMap sheet as {normalised header: roster column or 'ignore'} and as (header, column) pairs."""
    names = {sheets.normalise(c.name): c.name for c in sheets.ROSTER.columns}
    for c in sheets.ROSTER.columns:
        names.update({syn: c.name for syn in c.synonyms if syn not in names})
    mapping: dict[str, str] = {}
    pairs = []
    for number, cells in entries:
        header, target = cells["workbook_column"], cells["workbench_column"]
        if header is None:
            problems.add("ColumnMap", number, "workbook_column", None, "the header as the export writes it")
            continue
        column = sheets.IGNORE if sheets.normalise(target) == sheets.IGNORE else names.get(sheets.normalise(target))
        if column is None:
            problems.add("ColumnMap", number, "workbench_column", target,
                         f"a Roster column ({', '.join(c.name for c in sheets.ROSTER.columns)}) or 'ignore'")
            continue
        if column != sheets.IGNORE and column in mapping.values():
            problems.add("ColumnMap", number, "workbench_column", target, f"each Roster column once ({column} "
                         "is already given to another header)")
            continue
        mapping[sheets.normalise(header)] = column
        pairs.append((str(header).strip(), column))
    return mapping, tuple(pairs)


def _code(value: Any) -> str:
    """A lane code with case, spaces and punctuation removed: BA+15, ba 15 and BA15 are one code."""
    return re.sub(r"[^0-9a-z]", "", str(value).lower())


class LaneCodes:
    """Lane values as an export writes them -> schedule lanes; unmapped codes are counted, reported once."""

    def __init__(self, lanes: tuple[str, ...], entries: list[tuple[int, dict]], problems: Problems) -> None:
        self.lanes = lanes
        self.exact = {sheets.normalise(lane): lane for lane in lanes}
        loose: dict[str, list[str]] = {}
        for lane in lanes:
            loose.setdefault(_code(lane), []).append(lane)
        self.loose = {k: v[0] for k, v in loose.items() if len(v) == 1}  # ambiguous codes need the table
        self.table: dict[str, str] = {}
        self.pairs: list[tuple[str, str]] = []
        for number, cells in entries:
            code, lane = cells["code"], cells["lane"]
            target = self._schedule_lane(lane) if lane is not None else None
            if code is None or target is None:
                problems.add("LaneCodes", number, "code" if code is None else "lane", code if code is None else lane,
                             "a code" if code is None else f"a StepSchedule lane: {', '.join(lanes)}")
                continue
            self.table[_code(code)] = target
            self.pairs.append((str(code).strip(), target))
        self.unmapped: Counter = Counter()
        self.first_row: dict[str, int] = {}

    def _schedule_lane(self, value: Any) -> str | None:
        return self.exact.get(sheets.normalise(value)) or self.loose.get(_code(value))

    def find(self, value: Any) -> str | None:
        """The schedule lane this value means, or None."""
        return self._schedule_lane(value) or self.table.get(_code(value))

    @property
    def expected(self) -> str:
        return (f"a lane of the StepSchedule ({', '.join(self.lanes)}), or a LaneCodes sheet row "
                "mapping the code to one (code, lane)")

    def lane(self, value: Any, row: int) -> str | None:
        """The schedule lane this value means, or None (counted for one problem at the end)."""
        if value is None:
            return None
        found = self.find(value)
        if found is None:
            key = str(value).strip()
            self.unmapped[key] += 1
            self.first_row.setdefault(key, row)
        return found

    def report(self, problems: Problems, sheet: str, column: str) -> None:
        """Every unmapped code once, with how many rows have it and the first of them."""
        if not self.unmapped:
            return
        expected = self.expected
        if len(self.unmapped) == 1 and sum(self.unmapped.values()) == 1:  # one row: said at that row
            code = next(iter(self.unmapped))
            problems.add(sheet, self.first_row[code], column, code, expected)
            return
        codes = "; ".join(f"'{code}' on {n} row(s), first row {self.first_row[code]}"
                          for code, n in self.unmapped.most_common())
        problems.add(sheet, None, column, Words(f"lane code(s) the schedule does not have: {codes}"), expected)
