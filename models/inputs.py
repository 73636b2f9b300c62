"""Everything one workbook says, frozen and canonical, with its fingerprint."""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from models.memo import per_roster
from models.parameters import quiet_at_default
from models.terms import STATUS_QUO, Proposal, Terms, status_quo_terms

# Roster columns in canonical order, with their canonical types.
# Flags of a position (0 or 1) read by pay components; added after workbooks were in use, so a flag
# column that is all 0 is left out of the fingerprint and of written rosters.
ROSTER_FLAGS = ("hard_to_staff_school", "hard_to_staff_subject", "top_school")
ROSTER_NUMBERS = ("fte", "years_experience", "step", "credits_banked", "au_banked", "interval", "salary") + ROSTER_FLAGS
# The position's schedule (blank: the StepSchedule sheet), like the flags, left out while all blank.
QUIET_TEXT = ("schedule",)
ROSTER_TEXT = ("employee_id", "lane", "rating", "school", "role", "pathway") + QUIET_TEXT
ROSTER_COLUMNS = ("employee_id", "fte", "years_experience", "lane", "step", "rating", "school",
                  "role", "credits_banked", "au_banked", "pathway", "interval") + ROSTER_FLAGS + ("salary",
                                                                                                 ) + QUIET_TEXT
# Optional columns added later: left out of the fingerprint and of written rosters while blank.
ROSTER_OPTIONAL = ("salary",)


def canonical_roster(df: pd.DataFrame) -> pd.DataFrame:
    """Roster sorted by employee id with fixed columns and types: row order never matters."""
    out = pd.DataFrame(index=range(len(df)))
    for col in ROSTER_COLUMNS:
        values = df[col] if col in df else pd.Series([None] * len(df))
        values = values.reset_index(drop=True)
        if col in ROSTER_TEXT:
            out[col] = values.map(lambda v: "" if v is None or v != v else str(v)).astype(object)
        else:
            out[col] = pd.to_numeric(values, errors="coerce").astype(float)
    out["credits_banked"] = out["credits_banked"].fillna(0.0)
    out["au_banked"] = out["au_banked"].fillna(0.0)
    for flag in ROSTER_FLAGS:
        out[flag] = out[flag].fillna(0.0)
    return out.sort_values("employee_id", kind="stable").reset_index(drop=True)


@dataclass(frozen=True, eq=False)
class Inputs:
    """One workbook, validated: roster, baseline terms, proposals, budget, market, sources."""

    roster: pd.DataFrame
    baseline: Terms
    proposals: tuple[Proposal, ...] = ()
    budget: tuple[tuple[int, float], ...] = ()
    market: tuple[tuple[int, float], ...] = ()  # (years of experience, comparison salary)
    sources: tuple[tuple[str, str], ...] = ()  # parameter key -> source, as the workbook says
    notices: tuple[str, ...] = ()
    about: tuple[tuple[str, str], ...] = ()  # (topic, note): title and sources of the data
    ranges: tuple[tuple[str, float, float], ...] = ()  # (assumption key, low, high) from the Assumptions sheet
    # How the roster was read (kept and written back, so both sides read an HR export the same way):
    column_map: tuple[tuple[str, str], ...] = ()  # (header as the export writes it, roster column)
    lane_codes: tuple[tuple[str, str], ...] = ()  # (lane code of the export, schedule lane)
    roster_headers: tuple[tuple[str, str], ...] = ()  # (header as written, roster column or '') as read
    hires: tuple[tuple[str, int, int, float], ...] = ()  # Hires sheet: (lane, step, years_experience, share)
    # A members' copy (models/members.py) has no roster: the average school's FTE is kept in its place.
    school_fte: float | None = None
    _fingerprint: list = field(default_factory=list, repr=False)  # memo (frozen class)

    def __hash__(self) -> int:
        return hash(self.fingerprint)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Inputs) and other.fingerprint == self.fingerprint

    @property
    def fingerprint(self) -> str:
        """Short hash of everything that changes a number; equal on any machine."""
        if not self._fingerprint:
            digest = _roster_digest(self.roster)
            digest.update(json.dumps(self._canonical(), sort_keys=True).encode())
            hexa = digest.hexdigest()[:12].upper()
            self._fingerprint.append("-".join(hexa[i:i + 4] for i in range(0, 12, 4)))
        return self._fingerprint[0]

    def _canonical(self) -> dict[str, Any]:
        b = self.baseline
        canonical = {
            "lanes": list(b.step_schedule.lanes),
            "steps": [[float(x) for x in row] for row in b.step_schedule.salaries],
            "pathways": [[float(x) for x in row] for row in b.pathways.salaries],
            "params": [[k, _canon(v)] for k, v in b.params if not quiet_at_default(k, v)],
            # sorted: the same changes made in another order are the same proposal, the same numbers
            "proposals": [[p.name, [[k, _canon(v)] for k, v in sorted(p.overrides, key=lambda kv: kv[0])]]
                          for p in self.proposals],
            "budget": [[int(y), float(a)] for y, a in self.budget],
            "market": [[int(y), float(s)] for y, s in self.market],
        }
        sched = b.step_schedule
        if sched.labels or sched.reserved or sched.tops:  # a published schedule's own shape, only when given
            canonical["schedule_shape"] = [list(sched.labels), [[n, lab] for n, lab in sched.reserved],
                                           list(sched.tops)]
        if sched.extra:
            canonical["schedules"] = [[name, [[float(x) for x in row] for row in grid]] for name, grid in sched.extra]
        if self.ranges:  # only when given, so workbooks without ranges keep their fingerprints
            canonical["ranges"] = [[k, _canon(lo), _canon(hi)] for k, lo, hi in self.ranges]
        if self.hires:  # likewise
            canonical["hires"] = [[lane, int(step), int(years), float(share)]
                                  for lane, step, years, share in self.hires]
        if self.school_fte is not None:  # a members' copy's one figure of the roster
            canonical["school_fte"] = float(self.school_fte)
        return canonical

    def with_settings(self, **settings: Any) -> Inputs:
        """The same inputs with other global settings (horizon, seed, replicates)."""
        params = dict(self.baseline.params)
        params.update({k: v for k, v in settings.items() if v is not None})
        baseline = replace(self.baseline, params=tuple(sorted(params.items())))
        return replace(self, baseline=baseline, _fingerprint=[])

    def with_proposals(self, proposals: tuple[Proposal, ...]) -> Inputs:
        return replace(self, proposals=tuple(proposals), _fingerprint=[])

    def with_assumptions(self, change: Callable[[Mapping[str, Any]], Mapping[str, Any]],
                         what: str = "The changed assumption") -> Inputs:
        """A what-if on shared terms, moved alike in every scenario.

        `change` takes one scenario's resolved parameters and returns the keys it moves with their
        new values. It is applied to the baseline (so the status quo and every proposal that inherits
        a key moves) and to each proposal's own terms, so a proposal that sets a key itself (its own
        raises, its own pass rate) moves by the same rule instead of escaping the what-if. Values are
        checked against the registry: InputError if any is out of bounds.
        """
        moved = dict(change(dict(self.baseline.params)))
        baseline = self.baseline.with_overrides(moved, what=what)
        new_base = dict(baseline.params)
        proposals = []
        for p in self.proposals:
            own = p.as_dict()
            mine = change(dict(p.terms(self.baseline).params))
            # A key the proposal does not set follows the new baseline; write it only if it differs.
            extra = {k: v for k, v in mine.items() if k in own or not _same(v, new_base.get(k))}
            proposals.append(replace(p, overrides=tuple({**own, **extra}.items())))
        return replace(self, baseline=baseline, proposals=tuple(proposals), _fingerprint=[])

    def proposal(self, name: str) -> Proposal:
        for p in self.proposals:
            if p.name == name:
                return p
        raise KeyError(f"no proposal named '{name}'; the workbook has: "
                       f"{', '.join(p.name for p in self.proposals) or 'none'}")

    def scenarios(self, names: list[str] | None = None) -> list[tuple[str, Terms]]:
        """The status quo first, then the named proposals (all of them by default)."""
        chosen = self.proposals if names is None else [self.proposal(n) for n in names]
        return [(STATUS_QUO, status_quo_terms(self.baseline))] + [
            (p.name, p.terms(self.baseline)) for p in chosen]

    @property
    def title(self) -> str:
        return dict(self.about).get("title", "Budget workbook")

    def budget_for(self, year: int) -> float | None:
        return dict(self.budget).get(year)

    def source(self, key: str) -> str:
        return dict(self.sources).get(key, "")


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=1e-15)
    return a == b


def _canon(value: Any) -> Any:
    if value is None or isinstance(value, str):
        return value
    return float(value)


def _roster_digest(roster: pd.DataFrame) -> Any:
    """The fingerprint's hash after the roster, to go on with (a copy): made once per roster, as every edit and
    every scenario's key takes a fingerprint of the same roster (hashing 10,000 rows each time was a tenth of
    an edit's run)."""
    return per_roster(roster, "fingerprint", lambda: _hash_roster(hashlib.sha256(), roster)).copy()


def _hash_roster(digest: Any, roster: pd.DataFrame) -> Any:
    for col in ROSTER_COLUMNS:
        if ((col in ROSTER_FLAGS or col in QUIET_TEXT) and not roster[col].any()) or (
                col in ROSTER_OPTIONAL and roster[col].isna().all()):
            continue
        digest.update(col.encode())
        values = roster[col]
        if col in ROSTER_TEXT:
            digest.update("\x1f".join(values.tolist()).encode())
        else:
            digest.update(np.ascontiguousarray(values.to_numpy(dtype="<f8")).tobytes())
    return digest
