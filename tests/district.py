"""Build small districts for hand-computed tests, through the same validation as a workbook."""

from __future__ import annotations

from typing import Any

from models import workbook
from models.inputs import Inputs
from models.parameters import BY_KEY, Context, find
from models.problems import Problems

ROSTER_HEADER = ("employee_id", "fte", "years_experience", "lane", "step", "rating", "salary", "role",
                 "credits_banked", "au_banked", "pathway", "interval", "school", "hard_to_staff_school",
                 "hard_to_staff_subject", "top_school")

# Deterministic by default: nobody leaves, no raises, no credits, PD or other AUs, no roll-up.
QUIET = {
    "base_year": 2025, "horizon": 3, "seed": 1, "replicates": 1,
    "exit_rate.0+": 0, "credits.share_taking": 0, "pd_hours.per_year": 0,
    "rating.persistence": 1, "rollup.rate": 0, "rollup.stipend_rate": 0,
    "model.application_rate": 0, "lead.slots": 0, "elasticity.at_entry": 0,
}


def _rows(header: tuple, data: list[tuple]) -> list[tuple[int, tuple]]:
    return [(i, row) for i, row in enumerate([header] + data, start=1)]


def district(teachers: list[dict[str, Any]], schedule: dict[str, list[float]],
             pathways: dict[str, list[float]] | None = None, proposals: dict[str, dict] | None = None,
             hires: list[tuple] | None = None, **settings: Any) -> Inputs:
    """teachers: dicts with the roster columns (defaults: fte 1, rating Effective, nothing banked);
    schedule: lane -> salaries by step; hires: Hires sheet rows (lane, step, years_experience, share);
    settings: any Rules or Assumptions key (dots as given)."""
    lanes = list(schedule)
    steps = len(schedule[lanes[0]])
    roster = []
    for i, t in enumerate(teachers, start=1):
        row = {"employee_id": f"E{i}", "fte": 1.0, "rating": "Effective", "salary": None, "role": None,
               "credits_banked": 0, "au_banked": 0, "pathway": None, "interval": None, "school": None,
               "hard_to_staff_school": None, "hard_to_staff_subject": None, "top_school": None, **t}
        roster.append(tuple(row[c] for c in ROSTER_HEADER))
    values = {k: v for k, v in {**QUIET, **settings}.items() if v is not None}  # None drops a quiet key
    sheets: dict[str, list] = {"Rules": [], "Assumptions": []}
    ctx = Context(lanes=tuple(lanes), roles=("building_rep", "mentor", "master"))
    for key, value in values.items():
        param = BY_KEY.get(key) or find(key, ctx)[0]
        sheets[param.sheet].append((key, value))
    tables = {
        "Roster": _rows(ROSTER_HEADER, roster),
        "StepSchedule": _rows(("step", *lanes), [(s + 1, *[schedule[lane][s] for lane in lanes])
                                                 for s in range(steps)]),
        "Rules": _rows(("key", "value"), sheets["Rules"]),
        "Assumptions": _rows(("key", "value"), sheets["Assumptions"]),
    }
    if pathways:
        tables["Pathways"] = _rows(("pathway", "interval", "salary"), [
            (p, k, s) for p, salaries in pathways.items() for k, s in enumerate(salaries, start=1)])
    if proposals:
        tables["Proposals"] = _rows(("proposal", "parameter", "value"), [
            (name, key, value) for name, changes in proposals.items()
            for key, value in (changes.items() or [(None, None)])])
    if hires:
        tables["Hires"] = _rows(("lane", "step", "years_experience", "share"), hires)
    return workbook.build_inputs(tables, Problems(), [])
