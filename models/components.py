"""Pay components beyond the schedule: micro-credential pay and programme costs, performance pay
(a TAP-like pool, Q Comp-like fixed amounts, ProComp-like market incentives), role stipends, and
the cash-out value of banked AUs. Semantics: docs/model.md, "Pay components".

compile_pay() turns a scenario's terms into PayTerms once; year_pay() gives one year's component
pay per position (replicates x positions), vectorised, from the year's state. Every component is
off (zero) by default, and then nothing here runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from models.parameters import PATHWAYS, RATINGS, parse_band
from models.terms import Terms

# Component pay lines, in the order the cost breakdown shows them (dollars a year).
PAY_LINES = ("mc_base_increase", "mc_stipend", "perf_individual", "perf_value_added", "perf_school",
             "qcomp_pay", "market_incentives", "role_stipends", "off_schedule")
# Counts and programme costs (the MC programme: fees and coaching, who pays) and the AU liability.
COUNT_LINES = ("mc_earned", "mc_participants", "mc_renewal", "mc_aus", "mc_lane_credits")
PROGRAMME_LINES = ("mc_fees", "mc_coaching", "programme_cost", "outside_funding", "programme_district")
COMPONENT_FIELDS = (("schedule_salary", "conversion_stipend") + PAY_LINES + COUNT_LINES + PROGRAMME_LINES
                    + ("au_liability",))
# The lines that add up to total cost (the district's); outside funding and the AU liability are memo lines.
COST_LINES = ("schedule_salary", "conversion_stipend") + PAY_LINES + ("rollup", "programme_district")
MEMO_LINES = ("outside_funding", "au_liability")
LINE_WORDS = {
    "schedule_salary": "Schedule salary (steps, lanes, intervals)",
    "conversion_stipend": "Conversion stipend (hold harmless)",
    "mc_base_increase": "MC base increases",
    "mc_stipend": "MC stipends",
    "perf_individual": "Bonus: observed skills (rating)",
    "perf_value_added": "Bonus: classroom value-added",
    "perf_school": "Bonus: school-wide",
    "qcomp_pay": "Q Comp components",
    "market_incentives": "Market incentives (hard-to-staff, top school)",
    "role_stipends": "Role stipends (mentor, master, lead)",
    "off_schedule": "Off-schedule payments (one-time or recurring)",
    "rollup": "Roll-up",
    "programme_district": "MC programme (district budget)",
    "outside_funding": "MC programme (state or grant line)",
    "mc_fees": "MC fees",
    "mc_coaching": "MC coaching",
    "au_liability": "Banked AU liability (cash-out value)",
}
FLAGS = ("hard_to_staff_school", "hard_to_staff_subject", "top_school")  # roster columns, 0 or 1


@dataclass(frozen=True)
class PayTerms:
    """One scenario's pay components as numbers."""

    mc_stipend: float = 0.0
    mc_base: float = 0.0
    mc_lane_credits: float = 0.0
    mc_renewal: float = 0.0
    mc_fee: float = 0.0
    mc_coaching: float = 0.0
    mc_outside: float = 0.0
    mc_share: float = 0.0
    mcs_per_taker: float = 0.0
    mc_share_by_years: np.ndarray | None = None  # by years of experience, when bands are given
    mc_share_by_pathway: np.ndarray | None = None  # by pathway code; NaN where not given
    perf_pool: float = 0.0
    perf_pool_school: float = 0.0
    perf_shares: tuple[float, float, float] = (0.5, 0.3, 0.2)  # observed skills, value-added, school
    rating_factor: np.ndarray = field(default_factory=lambda: np.zeros(4))
    va_min_rating: int = 1
    qcomp_expected: float = 0.0  # sum over components of amount x take-up, per FTE
    index_salary: float = 0.0
    market_shares: np.ndarray = field(default_factory=lambda: np.zeros(3))  # FLAGS order
    role_stipend: dict[str, float] = field(default_factory=dict)
    role_slots: dict[str, float | None] = field(default_factory=dict)
    in_base: dict[str, bool] = field(default_factory=dict)  # perf, qcomp, market, role
    full_rollup: dict[str, bool] = field(default_factory=dict)
    cashout_rate: float = 0.0
    off_schedule: np.ndarray = field(default_factory=lambda: np.zeros(1))  # $ per FTE by year 0..H

    @property
    def off_schedule_on(self) -> bool:
        return bool(self.off_schedule.any())

    @property
    def mc_paid(self) -> bool:
        """Whether MCs earned need counting this year (for pay, credits or programme costs)."""
        return bool(self.mc_stipend or self.mc_base or self.mc_lane_credits or self.mc_fee or self.mc_coaching)

    @property
    def mc_taken(self) -> bool:
        by_band = self.mc_share_by_years is not None and self.mc_share_by_years.any()
        by_pathway = self.mc_share_by_pathway is not None and np.nan_to_num(self.mc_share_by_pathway).any()
        return self.mcs_per_taker > 0 and (self.mc_share > 0 or by_band or by_pathway)

    @property
    def perf_on(self) -> bool:
        return bool(self.perf_pool or self.perf_pool_school)

    @property
    def market_on(self) -> bool:
        return bool(self.index_salary and self.market_shares.any())

    @property
    def role_on(self) -> bool:
        return any(self.role_stipend.values())

    @property
    def yearly_on(self) -> bool:
        """Components paid every year whatever MCs are earned."""
        return self.perf_on or bool(self.qcomp_expected) or self.market_on or self.role_on or self.off_schedule_on

    @property
    def any_on(self) -> bool:
        return self.yearly_on or self.mc_paid or bool(self.mc_renewal) or bool(self.cashout_rate)


def compile_pay(terms: Terms, years: list[int] | None = None) -> PayTerms:
    """years: the projection's years 1..H (off-schedule payments are by year)."""
    qcomp = sum(float(terms[f"qcomp.{c}.amount"]) * float(terms[f"qcomp.{c}.take_up"])
                for c in ("site_goal", "student_goal", "plc", "practice"))
    by_band = terms.family("mc.share_by_band")
    by_pathway = terms.family("mc.share_by_pathway")
    groups = ("perf", "qcomp", "market", "role")
    pensionable = bool(terms.get("off_schedule.pensionable", 0))
    return PayTerms(
        mc_stipend=float(terms["mc.stipend"]), mc_base=float(terms["mc.base_increase"]),
        mc_lane_credits=float(terms["mc.lane_credits"]), mc_renewal=float(terms["mc.renewal_per_year"]),
        mc_fee=float(terms["mc.fee"]), mc_coaching=float(terms["mc.coaching_per_participant"]),
        mc_outside=float(terms["mc.outside_share"]),
        mc_share=float(terms["mc.share_taking"]), mcs_per_taker=float(terms["mc.per_taker"]),
        mc_share_by_years=_share_by_years(by_band, float(terms["mc.share_taking"])) if by_band else None,
        mc_share_by_pathway=(np.array([by_pathway.get(p, np.nan) for p in PATHWAYS], dtype=float)
                             if by_pathway else None),
        perf_pool=float(terms["perf.pool_per_teacher"]), perf_pool_school=float(terms["perf.pool_per_school"]),
        perf_shares=(float(terms["perf.share_individual"]), float(terms["perf.share_value_added"]),
                     float(terms["perf.share_school"])),
        rating_factor=np.array([terms[f"perf.rating_factor.{r}"] for r in RATINGS], dtype=float),
        va_min_rating=RATINGS.index(terms["perf.value_added_min_rating"]),
        qcomp_expected=qcomp,
        index_salary=float(terms["market.index_salary"]),
        market_shares=np.array([terms[f"market.{f}"] for f in FLAGS], dtype=float),
        role_stipend={k: float(v) for k, v in terms.family("role.stipend").items() if v},
        role_slots=dict(terms.family("role.slots")),
        in_base={**{g: bool(terms[f"{g}.in_base"]) for g in groups}, "off_schedule": pensionable},
        full_rollup={**{g: bool(terms[f"{g}.rollup"]) for g in groups}, "off_schedule": pensionable},
        cashout_rate=float(terms["au.cashout_rate"]),
        off_schedule=np.array([0.0] + [float(terms.by_year("off_schedule", y, 0.0) or 0.0) for y in years or []]),
    )


def _share_by_years(bands: dict[str, float], default: float) -> np.ndarray:
    table = np.full(121, default, dtype=np.float32)
    for band, share in bands.items():
        lo, hi = parse_band(band)
        table[lo:int(min(hi, 120)) + 1] = share
    return table


def mc_share(pay: PayTerms, years: np.ndarray, pathway: np.ndarray | None) -> np.ndarray | float:
    """Each position's chance of earning MCs this year: by pathway, else by band, else the one share."""
    share: np.ndarray | float = pay.mc_share
    if pay.mc_share_by_years is not None:
        share = pay.mc_share_by_years[np.minimum(years, 120)]
    if pay.mc_share_by_pathway is not None and pathway is not None:
        own = pay.mc_share_by_pathway[np.maximum(pathway, 0)]
        share = np.where((pathway >= 0) & ~np.isnan(own), own, share)
    return share


@dataclass(frozen=True)
class Position:
    """What the components read about each position (fixed for the position, whoever holds it)."""

    fte: np.ndarray  # (N,)
    flags: np.ndarray  # (3, N) FLAGS
    school: np.ndarray  # (N,) school name (blank: one group)
    role: np.ndarray  # (N,) roster role of the base-year teacher

    @cached_property
    def any_flags(self) -> bool:
        return bool(self.flags.any())

    @cached_property
    def school_fte(self) -> np.ndarray:
        """FTE of each position's school (only a per-school pool needs it)."""
        _, inverse = np.unique(self.school.astype(str), return_inverse=True)
        return np.bincount(inverse, weights=self.fte)[inverse]


@dataclass
class YearPay:
    """One year's component pay: totals by line (replicates,), and per position what is base or stipend."""

    lines: dict[str, np.ndarray]
    in_base: np.ndarray | float = 0.0  # (R, N) dollars counted as base salary
    as_stipend: np.ndarray | float = 0.0  # (R, N) dollars paid as stipends
    unplaced_base: np.ndarray | float = 0.0  # (R,) base pay no position carries (role slots the district fills)
    unplaced_stipend: np.ndarray | float = 0.0  # (R,) the same, paid as stipends
    full_rollup: np.ndarray | float = 0.0  # (R,) component dollars at the salary roll-up rate
    stipend_rollup: np.ndarray | float = 0.0  # (R,) component dollars at the stipend roll-up rate
    per_position: dict[str, np.ndarray] = field(default_factory=dict)  # line -> (R, N), lines that are on


def year_pay(pay: PayTerms, pos: Position, *, rating: np.ndarray, rated: np.ndarray | None, original: np.ndarray,
             mcs: np.ndarray | None, mc_base: np.ndarray | None, index: float, replicates: int,
             year: int = 0) -> YearPay:
    """Component pay of every position this year.

    rating: last rating (it earns this year's bonus); rated: False for hires in their first year (no
    rating yet); original: the base-year teacher still holds the position (roster roles); mcs: MCs
    credited this year; mc_base: carried MC base increase per FTE (nominal); index: on-scale factor;
    year: 0..H, for payments by year.
    """
    zeros = np.zeros(replicates)
    parts: dict[str, tuple[np.ndarray, str]] = {}  # line -> (per position (R, N), group)
    if mc_base is not None:
        parts["mc_base_increase"] = (mc_base * pos.fte, "mc_base")
    if mcs is not None and pay.mc_stipend:
        parts["mc_stipend"] = (mcs * pay.mc_stipend, "mc_stipend")
    if pay.perf_on:
        parts.update(_performance(pay, pos, rating, rated))
    if pay.qcomp_expected:
        parts["qcomp_pay"] = (np.broadcast_to(pay.qcomp_expected * pos.fte, rating.shape), "qcomp")
    if pay.market_on and pos.any_flags:
        per_fte = pay.index_salary * index * (pay.market_shares @ pos.flags)
        parts["market_incentives"] = (np.broadcast_to(per_fte * pos.fte, rating.shape), "market")
    if pay.off_schedule_on and pay.off_schedule[year]:
        parts["off_schedule"] = (np.broadcast_to(pay.off_schedule[year] * pos.fte, rating.shape), "off_schedule")
    vacant = zeros
    if pay.role_on:
        held, vacant = _roles(pay, pos, original)
        parts["role_stipends"] = (held, "role")
    out = YearPay(lines={k: zeros for k in PAY_LINES})
    for line, (amount, group) in parts.items():
        unplaced = vacant if line == "role_stipends" else 0.0
        total = amount.sum(axis=1) + unplaced
        out.lines[line] = total
        base = group == "mc_base" or (group != "mc_stipend" and pay.in_base.get(group, False))
        if base:
            out.in_base, out.unplaced_base = out.in_base + amount, out.unplaced_base + unplaced
        else:
            out.as_stipend, out.unplaced_stipend = out.as_stipend + amount, out.unplaced_stipend + unplaced
        full = group == "mc_base" or pay.full_rollup.get(group, False)
        if full:
            out.full_rollup = out.full_rollup + total
        else:
            out.stipend_rollup = out.stipend_rollup + total
        out.per_position[line] = amount
    return out


def _performance(pay: PayTerms, pos: Position, rating: np.ndarray,
                 rated: np.ndarray | None) -> dict[str, tuple[np.ndarray, str]]:
    """The TAP-like pool per position, split: observed skills by rating, value-added by a rating
    threshold (no test scores on the roster), school-wide by the school's top_school flag."""
    pool = pay.perf_pool + pay.perf_pool_school / np.maximum(pos.school_fte, 1e-9)  # per FTE
    pool = pool * pos.fte
    ind, va, school = pay.perf_shares
    individual = pool * ind * pay.rating_factor[rating]
    value_added = pool * va * (rating <= pay.va_min_rating)
    if rated is not None:
        individual, value_added = individual * rated, value_added * rated
    school_wide = np.broadcast_to(pool * school * pos.flags[FLAGS.index("top_school")], rating.shape)
    return {"perf_individual": (individual, "perf"), "perf_value_added": (value_added, "perf"),
            "perf_school": (school_wide, "perf")}


def _roles(pay: PayTerms, pos: Position, original: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Roster holders paid while they stay (up to the slots); the district fills the other slots,
    counted as a cost no one position carries."""
    held = np.zeros(original.shape)
    vacant = np.zeros(original.shape[0])
    for role, amount in pay.role_stipend.items():
        holders = (pos.role == role) & original
        slots = pay.role_slots.get(role)
        if slots is None:  # as many as the roster has: leavers' slots are filled too
            slots = float((pos.role == role).sum())
        holders &= np.cumsum(holders, axis=1) <= slots
        held += holders * amount
        vacant += np.maximum(slots - holders.sum(axis=1), 0) * amount
    return held, vacant


def programme(pay: PayTerms, mcs: np.ndarray | None, headcount: int, replicates: int) -> dict[str, np.ndarray]:
    """The MC programme this year: counts, fees, coaching, and who pays."""
    zeros = np.zeros(replicates)
    earned = mcs.sum(axis=1, dtype=float) if mcs is not None else zeros
    participants = (mcs > 0).sum(axis=1).astype(float) if mcs is not None else zeros
    renewal = np.full(replicates, pay.mc_renewal * headcount)
    fees = pay.mc_fee * (earned + renewal)
    coaching = pay.mc_coaching * participants
    total = fees + coaching
    outside = pay.mc_outside * total
    return {"mc_earned": earned, "mc_participants": participants, "mc_renewal": renewal,
            "mc_fees": fees, "mc_coaching": coaching, "programme_cost": total, "outside_funding": outside,
            "programme_district": total - outside}
