"""A synthetic state: many district workbooks drawn from a few schedule families, deterministic by seed.

For tests, benchmarks and workshops on state-wide costing. Nothing in it is about any real person or
district: rosters come from models.synthetic, schedules from the families below (illustrative shapes of
published schedules: short and long ladders, two to five lanes), sizes from a lognormal with the
largest district set to the stated maximum.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from models import workbook
from models.inputs import Inputs
from models.problems import Problems
from models.synthetic import RosterShape, synthetic_roster

ILLUSTRATIVE = "illustrative: a synthetic district"


@dataclass(frozen=True)
class Family:
    """A schedule family: lanes, steps, the first cell, the step and the lane increments."""

    name: str
    lanes: tuple[str, ...]
    steps: int
    start: float
    step_rise: float
    lane_rise: float


FAMILIES = (
    Family("short ladder", ("BA", "MA"), 15, 42000, 0.028, 0.08),
    Family("long ladder", ("BA", "BA+15", "MA", "MA+30", "PhD"), 25, 45000, 0.02, 0.04),
    Family("middle ladder", ("BA", "MA", "MA+30"), 20, 47000, 0.023, 0.06),
)


def sizes(districts: int, seed: int, smallest: int = 200, largest: int = 80_000,
          total: int | None = None) -> np.ndarray:
    """Teachers per district: lognormal, one district at `largest`, scaled to `total` when given."""
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(1,)))
    raw = rng.lognormal(mean=np.log(1500), sigma=1.1, size=districts)
    raw[int(np.argmax(raw))] = largest
    if total is not None and districts > 1:
        rest = np.ones(districts, dtype=bool)
        rest[int(np.argmax(raw))] = False
        raw[rest] *= max(total - largest, smallest * (districts - 1)) / raw[rest].sum()
    return np.clip(np.round(raw), smallest, largest).astype(int)


def district(index: int, teachers: int, seed: int) -> Inputs:
    """One synthetic district's inputs: a roster, its family's schedule, plain rules and assumptions."""
    family = FAMILIES[index % len(FAMILIES)]
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(2, index)))
    start = round(family.start * (1 + rng.uniform(-0.06, 0.06)), -2)
    shape = RosterShape(
        teachers=int(teachers), lanes=family.lanes, steps=family.steps,
        experience_bands=((0, 3, 0.24), (4, 9, 0.28), (10, 19, 0.29), (20, 35, 0.19)),
        advanced_lane_share=(0.3, 0.55, 0.7), rating_shares=(0.14, 0.72, 0.11, 0.03),
        schools=max(1, int(teachers) // 40), max_credits=15)
    roster = synthetic_roster(shape, seed=seed * 1000 + index)
    roster["role"] = roster["role"].where(roster["role"] == "", "mentor")  # one mentor a school
    schedule = [(s, *[float(round(start * (1 + family.step_rise) ** (s - 1) * (1 + family.lane_rise) ** j))
                      for j in range(len(family.lanes))]) for s in range(1, family.steps + 1)]
    name = f"District {index + 1:03d}"
    tables = {
        "About": _rows(("topic", "note"), [("title", f"{name} ({family.name}, {teachers:,} teachers)"),
                                           ("source", ILLUSTRATIVE)]),
        "Roster": _rows(tuple(roster.columns), [tuple(r) for r in roster.itertuples(index=False)]),
        "StepSchedule": _rows(("step", *family.lanes), schedule),
        "Rules": _rows(("key", "value", "source"), [("role.stipend.mentor", 0, ILLUSTRATIVE)]),
        "Assumptions": _rows(("key", "value", "source"), [
            ("base_year", 2025, ILLUSTRATIVE), ("horizon", 10, ILLUSTRATIVE), ("seed", 1000 + index, ILLUSTRATIVE),
            ("raise.default", round(float(rng.choice([0.015, 0.02, 0.025])), 3), ILLUSTRATIVE)]),
    }
    return workbook.build_inputs(tables, Problems(), [])


def state(districts: int = 300, seed: int = 1, smallest: int = 200, largest: int = 80_000,
          total: int | None = 1_000_000) -> list[tuple[str, bytes]]:
    """(file name, workbook bytes) for every district of a synthetic state."""
    out = []
    for index, teachers in enumerate(sizes(districts, seed, smallest, largest, total)):
        buffer = io.BytesIO()
        workbook.write(district(index, int(teachers), seed), buffer)
        out.append((f"district_{index + 1:03d}.xlsx", buffer.getvalue()))
    return out


POLICY_ROWS = (
    ("part", "parameter", "value", "state_share", "note"),
    ("State minimum salary", "state.minimum_salary", 46000, 0.5,
     "illustrative: a state floor under every schedule cell, half paid by the state"),
    ("MC incentive", "mc.stipend", 50, 1, "a small incentive per MC earned, e.g. $50: illustrative"),
    ("MC incentive", "mc.share_taking", 0.15, None, "illustrative: 15% of teachers earn MCs in a year"),
    ("MC incentive", "mc.per_taker", 2, None, "illustrative: two MCs each"),
    ("MC fees", "mc.fee", 100, 1, "illustrative: the state covers a $100 fee per MC"),
    ("Mentor stipend", "role.stipend.mentor", 1500, 1, "illustrative: a state-paid stipend, one mentor a school"),
)


def policy_bytes() -> bytes:
    """An example state policy workbook (Policy sheet plus a README line)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Policy"
    for row in POLICY_ROWS:
        sheet.append(list(row))
    readme = book.create_sheet("README")
    readme.append(["A state policy: overrides a proposal may use, in named parts; state_share is the share "
                   "of each part's cost the state pays (blank on a part's later rows: the part's share)."])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_state(folder: Path, districts: int, seed: int, smallest: int, largest: int, total: int | None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in state(districts, seed, smallest, largest, total):
        (folder / name).write_bytes(data)
    (folder / "policy.xlsx").write_bytes(policy_bytes())
    return folder


def _rows(header: tuple, data: list[tuple]) -> list[tuple[int, tuple]]:
    return [(i, row) for i, row in enumerate([header] + data, start=1)]
