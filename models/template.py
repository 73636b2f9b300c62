"""The blank template: a small, valid example of every sheet with its README sheet.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from models import parameters as P
from models.reader import build_inputs
from models.writer import write


def write_template(target: str | Path | BinaryIO) -> None:
    """A small, valid example of every sheet with a README sheet: fill it in and replace the rows."""
    from models.problems import Problems as _Problems

    lanes = ("BA", "MA", "MA+30", "PhD")
    rows = lambda header, data: [(i, r) for i, r in enumerate([header] + data, 1)]  # noqa: E731
    tables = {
        "About": rows(("topic", "note"), [("title", "Template: replace every example row"),
                                          ("Roster", "Example rows: one per teacher, no names.")]),
        "Roster": rows(("employee_id", "fte", "years_experience", "lane", "step", "rating", "school", "role",
                        "credits_banked", "au_banked"),
                       [("1001", 1.0, 0, "BA", 1, "Effective", "School A", "", 0, 0),
                        ("1002", 1.0, 6, "MA", 7, "Highly effective", "School A", "building_rep", 12, 0),
                        ("1003", 0.5, 15, "MA+30", 15, "Developing", "School B", "", 0, 0),
                        ("1004", 1.0, 25, "PhD", 20, "Effective", "School B", "", 0, 0)]),
        "StepSchedule": rows(("step", *lanes), [(s, *[round(45000 * (1.025 ** (s - 1)) * (1 + 0.06 * j))
                                                      for j in range(4)]) for s in range(1, 21)]),
        "Pathways": rows(("pathway", "interval", "salary"),
                         [("Standard", k, 47000 + 1500 * (k - 1)) for k in range(1, 6)]
                         + [("Professional", k, 55000 + 2000 * (k - 1)) for k in range(1, 16)]
                         + [("Model", k, 78000 + 2000 * (k - 1)) for k in range(1, 9)]
                         + [("Lead", k, 95000 + 1500 * (k - 1)) for k in range(1, 5)]),
        "Rules": rows(("key", "value"), [(p.key, p.default) for p in P.REGISTRY
                                         if p.sheet == "Rules" and not p.placeholder and p.default is not None]),
        "Assumptions": rows(("key", "value"), [(p.key, p.default) for p in P.REGISTRY
                                               if p.sheet == "Assumptions" and not p.placeholder
                                               and p.default is not None]),
        "Budget": rows(("year", "amount"), [(2025 + t, 300000.0 * 1.03 ** t) for t in range(11)]),
        "Market": rows(("years_experience", "salary"), [(y, 46000 + 1400 * min(y, 25)) for y in range(0, 31)]),
        "Proposals": rows(("proposal", "parameter", "value", "note"),
                          [("Example offer", "raise.2026", 0.02, "2% on-scale raise in 2026-27"),
                           ("Example offer", "pathway_salary.Model.1", 80000, "higher Model start")]),
    }
    write(build_inputs(tables, _Problems(), []), target)
