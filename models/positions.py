"""Positions per year along a stated path (`positions.<year>`, FTE), instead of the base year's.

The path is deterministic: which positions are open in a year is the same in every replicate and
every scenario with the same path. Added positions are whole 1.0 FTE positions, each filled by a
hire in the year it opens. A cut closes positions in layoff order (last in, first out): the added
positions most recently opened first, then the roster's positions whose base-year teacher has the
fewest years of experience; the teacher in a closed position leaves and is not replaced. Open FTE
after a change is the target, or up to one position above it (positions are not split).
"""

from __future__ import annotations

import math

import numpy as np

ADDED_FTE = 1.0  # an added position is a full-time position
TOLERANCE = 1e-9


def open_by_year(fte: np.ndarray, years: np.ndarray, targets: np.ndarray) -> tuple[np.ndarray, int]:
    """Roster positions open each year and the added ones: ((years, N + added) bool, added).

    fte, years: the roster's positions; targets: FTE by year from the base year (nan: as the year before).
    """
    order = np.argsort(years, kind="stable")  # layoff order among roster positions: least experience first
    open_roster = np.ones(fte.size, dtype=bool)
    added = 0  # added positions open: always the first `added` of the added slots
    states = []
    for t, target in enumerate(targets):
        if t > 0 and not math.isnan(target):
            current = float(fte[open_roster].sum()) + added * ADDED_FTE
            if target > current + TOLERANCE:
                added += math.ceil((target - current) / ADDED_FTE - TOLERANCE)
            else:
                spare = current - target
                dropped = min(added, int((spare + TOLERANCE) // ADDED_FTE))
                added -= dropped
                spare -= dropped * ADDED_FTE
                if added == 0:
                    candidates = order[open_roster[order]]
                    cut = candidates[np.cumsum(fte[candidates]) <= spare + TOLERANCE]
                    open_roster[cut] = False
        states.append((open_roster.copy(), added))
    slots = max(a for _, a in states)
    masks = np.array([np.concatenate([o, np.arange(slots) < a]) for o, a in states])
    return masks, slots

