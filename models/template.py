"""The blank template: a small, valid example of every sheet with its README sheet.
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from openpyxl import load_workbook

from models import parameters
from models.reader import EXAMPLE, build_inputs
from models.terms import StepSchedule
from models.writer import write

LANES = ("BA", "MA", "MA+30", "PhD")
EXAMPLE_KEYS = ("crosswalk.", "lane_credits.", "hire.lane", "rating_share.", "pay_system")
MARK = f"{EXAMPLE}: a template row; replace it with your district's (dropped once your own StepSchedule is in)"


def example_schedule() -> StepSchedule:
    """The template's example schedule: a district whose StepSchedule is still this one has not brought its own."""
    return StepSchedule(LANES, tuple(tuple(float(round(45000 * (1.025 ** (s - 1)) * (1 + 0.06 * j)))
                                           for j in range(4)) for s in range(1, 21)))


def write_template(target: str | Path | BinaryIO) -> None:
    """A small, valid example of every sheet with a README sheet: fill it in and replace the rows."""
    from models.problems import Problems as _Problems

    rows = lambda header, data: [(i, r) for i, r in enumerate([header] + data, 1)]  # noqa: E731
    tables = {
        "About": rows(("topic", "note"), [("title", f"{EXAMPLE}: the template's district; replace every example row"),
                                          ("Roster", f"{EXAMPLE}: rows one per teacher, no names.")]),
        "Roster": rows(("employee_id", "fte", "years_experience", "lane", "step", "rating", "school", "role",
                        "credits_banked", "au_banked"),
                       [("1001", 1.0, 0, "BA", 1, "Effective", "School A", "", 0, 0),
                        ("1002", 1.0, 6, "MA", 7, "Highly effective", "School A", "building_rep", 12, 0),
                        ("1003", 0.5, 15, "MA+30", 15, "Developing", "School B", "", 0, 0),
                        ("1004", 1.0, 25, "PhD", 20, "Effective", "School B", "", 0, 0)]),
        "StepSchedule": rows(("step", *LANES), [(s, *row) for s, row in enumerate(example_schedule().salaries, 1)]),
        "Pathways": rows(("pathway", "interval", "salary"),
                         [("Standard", k, 47000 + 1500 * (k - 1)) for k in range(1, 6)]
                         + [("Professional", k, 55000 + 2000 * (k - 1)) for k in range(1, 16)]
                         + [("Model", k, 78000 + 2000 * (k - 1)) for k in range(1, 9)]
                         + [("Lead", k, 95000 + 1500 * (k - 1)) for k in range(1, 5)]),
        "Rules": rows(("key", "value"), [(p.key, p.default) for p in parameters.REGISTRY
                                         if p.sheet == "Rules" and not p.placeholder and p.default is not None]),
        "Assumptions": rows(("key", "value", "source"), [(p.key, p.default, None) for p in parameters.REGISTRY
                                                         if p.sheet == "Assumptions" and not p.placeholder
                                                         and p.default is not None]
                            ),
        "Budget": rows(("year", "amount"), [(2025 + t, 300000.0 * 1.03 ** t) for t in range(11)]),
        "Market": rows(("years_experience", "salary"), [(y, 46000 + 1400 * min(y, 25)) for y in range(0, 31)]),
        "Proposals": rows(("proposal", "parameter", "value", "note"),
                          [("Example offer", "raise.2026", 0.02, f"{EXAMPLE}: 2% on-scale raise in 2026-27"),
                           ("Example offer", "pathway_salary.Model.1", 80000, f"{EXAMPLE}: higher Model start")]),
    }
    buffer = io.BytesIO()
    inputs = build_inputs(tables, _Problems(), [])
    # Rows that follow from the example roster and lanes are examples too: they are not your district's.
    marked = {key: MARK for key, _ in inputs.baseline.params if key.startswith(EXAMPLE_KEYS)}
    write(replace(inputs, sources=tuple(sorted({**dict(inputs.sources), **marked}.items()))), buffer)
    book = load_workbook(io.BytesIO(buffer.getvalue()))  # the Budget's and Pathways' example rows get their mark
    for sheet in (book["Budget"], book["Pathways"]):
        column = sheet.max_column + 1
        sheet.cell(row=1, column=column, value="note")
        for row in range(2, sheet.max_row + 1):
            sheet.cell(row=row, column=column, value=MARK)
    book.save(target)
