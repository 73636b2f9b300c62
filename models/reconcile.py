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
    part_time: int = 0  # part-time positions with a salary given
    full_time_rate: int = 0  # of them, those whose salary is their cell at 1.0 FTE (a full-time rate?)

    @property
    def off(self) -> int:
        return self.above + self.below

    @property
    def off_by(self) -> float:
        return self.above_by + self.below_by

    def sentence(self) -> str:
        given = "" if self.positions == self.of else f" (salary given for {self.positions:,} of {self.of:,} positions)"
        text = (f"Payroll ${self.payroll:,.0f}; schedule cells ${self.schedule:,.0f}; {_positions(self.off)} off the "
                f"schedule by ${self.off_by:,.0f} in all{given}.")
        if self.above:
            keeps = "its cell keeps" if self.above == 1 else "their cells keep"
            text += (f" {_positions(self.above)} paid ${self.above_by:,.0f} above {keeps} that pay (protected, "
                     "red-circled) until the schedule overtakes it.")
        if self.below:
            cells = "its cell" if self.below == 1 else "their cells"
            text += (f" {_positions(self.below)} paid ${self.below_by:,.0f} below {cells} "
                     f"{'is' if self.below == 1 else 'are'} costed at {cells}.")
        if self.full_time_rate and self.full_time_rate * 2 > self.part_time:
            text += (f" {self.full_time_rate:,} of {self.part_time:,} part-time positions have a salary equal to "
                     "their cell at full time: the column should give pay as paid (at the FTE); if it gives "
                     "full-time rates, multiply them by the FTE.")
        return text


def _positions(n: int) -> str:
    return f"{n:,} position{'' if n == 1 else 's'}"


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
    full = sched.array()[step, lane]  # the cell at 1.0 FTE
    cell = full * fte
    actual = roster["salary"].to_numpy(float)
    diff = np.where(given, actual - cell, 0.0)
    up, down = diff > TOLERANCE * fte, diff < -TOLERANCE * fte  # per FTE, as the engine protects pay
    part = given & (fte < 1)
    full_rate = part & (np.abs(actual - full) <= TOLERANCE)
    return Reconciliation(positions=int(given.sum()), of=len(roster), payroll=float(actual[given].sum()),
                          schedule=float(cell[given].sum()), above=int(up.sum()), above_by=float(diff[up].sum()),
                          below=int(down.sum()), below_by=float(-diff[down].sum()), part_time=int(part.sum()),
                          full_time_rate=int(full_rate.sum()))
