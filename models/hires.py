"""Where hires are placed: a stated distribution of (lane, step, years of experience), not always step 1.

Districts hire experienced teachers too (movers from other districts, re-entrants) and place them
with service credit, so the default is the district's own recent hires: the Hires sheet when the
workbook has one, else the roster's teachers with at most `hire.recent_years` years. Each hire
takes one row of the table, chosen by that position's uniform draw for the year (common random
numbers: the same position draws the same number in every scenario).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from models.inputs import Inputs
from models.memo import per_roster
from models.terms import StepSchedule, Terms


@dataclass(frozen=True)
class Placement:
    """Rows of (lane index, step, years of experience) with their shares; `words` says where they come from."""

    lane: np.ndarray
    step: np.ndarray
    years: np.ndarray
    share: np.ndarray
    words: str
    entry: bool = False  # the entry rule (step 1 of hire.lane): on pathways, Standard interval 1

    @cached_property
    def _cumulative(self) -> np.ndarray:
        cumulative = np.cumsum(self.share)
        return cumulative / cumulative[-1]

    def pick(self, u: np.ndarray | float) -> np.ndarray:
        """The row each uniform draw lands on (inverse of the cumulative shares)."""
        if self.share.size == 1:
            return np.zeros(np.shape(u), dtype=np.intp)
        return np.minimum(np.searchsorted(self._cumulative, u, side="right"), self.share.size - 1)

    def table(self, schedule: StepSchedule) -> pd.DataFrame:
        """The rows as a person reads them: lanes by name, steps by the schedule's printed labels."""
        return pd.DataFrame({"lane": [schedule.lanes[i] for i in self.lane],
                             "step": [schedule.label(int(s)) for s in self.step],
                             "years_experience": self.years, "share": self.share / self.share.sum()})


def placement(inputs: Inputs, terms: Terms) -> Placement:
    """The hire placement of one scenario's terms (hire.placement, hire.max_step, ...) on these inputs."""
    lanes = terms.step_schedule.lanes
    entry_lane = lanes.index(terms["hire.lane"])
    mode = terms.get("hire.placement", "entry")
    recent = int(terms.get("hire.recent_years", 3))
    if mode == "recent" and inputs.hires:
        rows = pd.DataFrame(list(inputs.hires), columns=["lane", "step", "years_experience", "share"])
        words = f"the Hires sheet ({len(rows)} rows)"
    elif mode == "recent":
        rows, teachers = per_roster(inputs.roster, ("recent hires", recent), lambda: _recent(inputs.roster, recent))
        words = (f"like the roster's {teachers:,} teachers with 0-{recent} years of experience"
                 if teachers else "")
    else:
        rows = pd.DataFrame()
        words = ""
    entry = rows.empty
    if entry:
        fallback = "" if mode == "entry" else f" (the roster has no teacher with 0-{recent} years)"
        rows = pd.DataFrame({"lane": [lanes[entry_lane]], "step": [1], "years_experience": [terms["hire.years"]],
                             "share": [1.0]})
        words = (f"at step {terms.step_schedule.label(1)} of {lanes[entry_lane]} with {int(terms['hire.years'])} "
                 f"years of experience{fallback}")
    step = rows["step"].to_numpy(int)
    cap = terms.get("hire.max_step")  # the step the schedule prints (checked); one the proposal removed: its top
    top = (None if cap is None else terms.step_schedule.step_of(cap)) or terms.step_schedule.steps
    if (step > top).any():
        words += f", no higher than step {terms.step_schedule.label(top)}"
    moved = terms.family("lane_removed")  # a proposal's removed lane: its hires go where its teachers go
    lane_of = rows["lane"].map(lambda lane: lanes.index(moved.get(lane) or lane))
    return Placement(lane=lane_of.to_numpy(np.int8), step=np.minimum(step, top).astype(np.int8),
                     years=rows["years_experience"].to_numpy(np.int16), share=rows["share"].to_numpy(float),
                     words="Hires are placed " + words + ".", entry=entry)


def _recent(roster: pd.DataFrame, recent: int) -> tuple[pd.DataFrame, int]:
    """The roster's teachers with at most `recent` years, counted by (lane, step, years), and how many."""
    roster = roster[roster["years_experience"] <= recent]
    rows = (roster.groupby(["lane", "step", "years_experience"], as_index=False, sort=True).size()
            .rename(columns={"size": "share"}))
    return rows, len(roster)
