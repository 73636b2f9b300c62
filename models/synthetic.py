"""Synthetic rosters for the sample budgets and the benchmarks: no real person is in them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from models.parameters import RATING_LABELS, RATINGS


@dataclass(frozen=True)
class RosterShape:
    """What a synthetic district looks like."""

    teachers: int
    lanes: tuple[str, ...]
    steps: int
    experience_bands: tuple[tuple[int, int, float], ...]  # (first year, last year, share)
    advanced_lane_share: tuple[float, ...]  # share beyond the first lane: novice, mid, veteran
    rating_shares: tuple[float, float, float, float]  # RATINGS order
    part_time_share: float = 0.03
    schools: int = 50
    role_per_school: str = "building_rep"
    max_credits: int = 30


def synthetic_roster(shape: RosterShape, seed: int) -> pd.DataFrame:
    """A roster whose experience, lanes, ratings and FTE follow the shape; deterministic by seed."""
    rng = np.random.default_rng(seed)
    n = shape.teachers
    band = rng.choice(len(shape.experience_bands), size=n, p=[b[2] for b in shape.experience_bands])
    lo = np.array([b[0] for b in shape.experience_bands])[band]
    hi = np.array([b[1] for b in shape.experience_bands])[band]
    years = lo + np.floor(rng.random(n) * (hi - lo + 1)).astype(int)
    # Steps lag experience a little (past freezes, late starts).
    lag = np.where(years > 5, rng.integers(0, 3, size=n), 0)
    step = np.clip(years + 1 - lag, 1, shape.steps)
    stage = np.digitize(years, [4, 15])
    advanced = rng.random(n) < np.array(shape.advanced_lane_share)[stage]
    extra = len(shape.lanes) - 1
    # Beyond the first lane, higher lanes are rarer and come later in a career.
    weights = np.array([0.6, 0.3, 0.1][:extra] if extra <= 3 else np.ones(extra) / extra)
    lane_index = np.where(advanced, 1 + rng.choice(extra, size=n, p=weights / weights.sum()), 0) if extra else 0
    rating = rng.choice(len(RATINGS), size=n, p=shape.rating_shares)
    school = rng.integers(1, shape.schools + 1, size=n)
    df = pd.DataFrame({
        "employee_id": [f"T{i:06d}" for i in range(1, n + 1)],
        "fte": np.where(rng.random(n) < shape.part_time_share, 0.5, 1.0),
        "years_experience": years,
        "lane": np.array(shape.lanes)[lane_index],
        "step": step,
        "rating": [RATING_LABELS[RATINGS[r]] for r in rating],
        "school": [f"School {s:03d}" for s in school],
        "role": "",
        "credits_banked": np.floor(rng.random(n) * shape.max_credits),
        "au_banked": 0.0,
    })
    first_in_school = ~pd.Series(school).duplicated().to_numpy()
    df.loc[first_in_school, "role"] = shape.role_per_school
    return df
