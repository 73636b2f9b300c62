"""Actual pay against the schedule: the roster's salary column reconciled with its schedule cells."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from models.inputs import Inputs

TOLERANCE = 1.0  # dollars per FTE: rounding in a payroll export is not pay off the schedule


@dataclass(frozen=True)
class Reconciliation:
    """Payroll as the roster's salary column gives it, beside what its schedule cells pay."""

    positions: int  # positions with a salary given
    of: int  # positions on the roster
    payroll: float
    schedule: float  # the same positions' schedule cells x FTE
    above: int  # positions paid above their cell (protected pay)
    above_by: float
    below: int  # positions paid below their cell (costed at the cell)
    below_by: float

    @property
    def off(self) -> int:
        return self.above + self.below

    @property
    def off_by(self) -> float:
        return self.above_by + self.below_by

    def sentence(self) -> str:
        given = "" if self.positions == self.of else f" (salary given for {self.positions:,} of {self.of:,} positions)"
        text = (f"Payroll ${self.payroll:,.0f}; schedule cells ${self.schedule:,.0f}; {self.off:,} positions off the "
                f"schedule by ${self.off_by:,.0f} in all{given}.")
        if self.above:
            text += (f" {self.above:,} paid ${self.above_by:,.0f} above their cells keep that pay (protected, "
                     "red-circled) until the schedule overtakes it.")
        if self.below:
            text += f" {self.below:,} paid ${self.below_by:,.0f} below their cells are costed at their cells."
        return text


def reconcile(inputs: Inputs) -> Reconciliation | None:
    """None when the roster has no salary column."""
    roster = inputs.roster
    given = roster["salary"].notna().to_numpy()
    if not given.any():
        return None
    sched = inputs.baseline.step_schedule
    lane = roster["lane"].map(sched.lanes.index).to_numpy(int)
    step = roster["step"].to_numpy(int) - 1
    fte = roster["fte"].to_numpy(float)
    cell = sched.array()[step, lane] * fte
    actual = roster["salary"].to_numpy(float)
    diff = np.where(given, actual - cell, 0.0)
    up, down = diff > TOLERANCE * fte, diff < -TOLERANCE * fte  # per FTE, as the engine protects pay
    return Reconciliation(positions=int(given.sum()), of=len(roster), payroll=float(actual[given].sum()),
                          schedule=float(cell[given].sum()), above=int(up.sum()), above_by=float(diff[up].sum()),
                          below=int(down.sum()), below_by=float(-diff[down].sum()))
