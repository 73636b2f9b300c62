"""Terms turned into the arrays and lookup tables the yearly loop reads."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy.special import ndtri

from models.components import PayTerms, compile_pay
from models.parameters import PATHWAYS, RATINGS, parse_band
from models.terms import StepSchedule, Terms, step_key

STD, PROF, MODEL, LEAD = range(4)
MAX_YEARS = 120  # lookup tables by years of experience run this far


@dataclass(frozen=True)
class Compiled:
    """One scenario's terms, as numbers and arrays for a horizon starting at base_year."""

    step_salary: np.ndarray  # flat, index schedule * lanes * steps + lane * steps + step - 1
    # The schedules paid in year 0..H, per FTE before raise_index, when a year has its own grid or a flat raise
    # (else None: step_salary and pathway_salary every year); flat as step_salary (every schedule).
    step_salary_by_year: tuple[np.ndarray, ...] | None
    pathway_salary_by_year: tuple[np.ndarray, ...] | None
    steps: int
    step_crosswalk: np.ndarray  # new step by old step (0: the lowest step paying at least the salary)
    lanes: int
    lane_names: tuple[str, ...]
    lane_moves: dict[str, str]  # a removed lane -> the lane its teachers go to
    lane_credits: np.ndarray  # credits to move into lane j from j-1 (inf: by degree only)
    pathway_salary: np.ndarray  # flat over all intervals of all pathways, in pathway order
    pathway_start: np.ndarray  # first flat index of each pathway
    pathway_len: np.ndarray
    pathway_of_cell: np.ndarray  # flat index -> pathway code
    ladder_top: np.ndarray  # flat index -> highest cell AUs alone can reach from it
    raise_index: np.ndarray  # on-scale factor paid in year 0..H (year 0 = 1); a raise from part-way paid in part
    market_index: np.ndarray
    step_advance: np.ndarray  # bool by year
    exit_by_years: np.ndarray  # base exit rate by years of experience
    elasticity_by_years: np.ndarray
    au_by_rating: np.ndarray  # by rating code (RATINGS order, best first)
    au_per_interval: float
    au_per_credit: float
    pd_hours_per_au: float
    au_per_mc: float
    au_other: float
    au_cap: float
    au_by_role: dict[str, float]
    crosswalk: np.ndarray  # pathway code by lane
    model_min_years: float
    stipend_threshold: float
    stipend: float
    stipend_top_up: bool
    application_rate: float
    pass_rate: float
    min_rating: int
    review_cycle: int
    review_pass: float
    lead_slots: int
    rollup: float  # every roll-up rate on salary: rollup.rate + Social Security + Medicare + pension
    rollup_lines: tuple[tuple[str, float], ...]  # (line, rate on salary), rollup_other first
    rollup_stipend: float
    health_per_fte: float  # per-head benefits a year per 1.0 FTE, base year
    health_growth: float
    hire_lane: int
    hire_years: int
    rating_cuts: np.ndarray  # latent thresholds, best rating first (descending)
    rating_bands: np.ndarray  # (4, 2) latent-CDF interval of each rating
    persistence: float
    credit_share: float
    credits_per_taker: float
    pd_hours: float
    mc_share: float
    mcs_per_taker: float
    pathways: bool
    pay: PayTerms  # pay components beyond the schedule (models/components.py)
    lane_top: np.ndarray  # each lane's last step (a lane may end early)
    longevity: np.ndarray  # longevity pay per FTE by years of service (0 .. MAX_YEARS)
    positions: np.ndarray  # FTE target by year 0..H (nan: as the year before)

    @cached_property
    def next_lane_credits(self) -> np.ndarray:
        """By lane, the credits that move a teacher to the next lane (inf from the last)."""
        return np.append(self.lane_credits[1:], np.inf)

    @cached_property
    def credits_move_lanes(self) -> bool:
        return self.lanes > 1 and bool(np.isfinite(self.lane_credits).any())

    @cached_property
    def intervals_to_top(self) -> np.ndarray:
        """By cell, the intervals AUs alone can still move a teacher (to ladder_top)."""
        return self.ladder_top - np.arange(self.ladder_top.size, dtype=np.int16)

    @cached_property
    def longevity_paid(self) -> bool:
        return bool(self.longevity.any())

    @cached_property
    def au_each_year(self) -> np.ndarray:
        """AUs a teacher earns a year by rating code, with the PD hours' and other AUs everyone earns (float64,
        as the bank)."""
        return self.au_by_rating.astype(float) + (self.pd_hours / self.pd_hours_per_au + self.au_other)

    def schedules_in(self, t: int) -> tuple[np.ndarray, np.ndarray]:
        """The step and pathway schedules paid in year t (the same arrays each call)."""
        steps = self.step_salary if self.step_salary_by_year is None else self.step_salary_by_year[t]
        grid = self.pathway_salary if self.pathway_salary_by_year is None else self.pathway_salary_by_year[t]
        return steps, grid

    @cached_property
    def _running_maxima(self) -> dict[tuple[int, int], tuple[np.ndarray, np.ndarray]]:
        return {}

    def _running_max(self, pathway: int, grid: np.ndarray) -> np.ndarray:
        """The highest salary up to each interval of a pathway on this grid, once per grid (each kept with its
        grid, so its id is never reused while kept)."""
        key = (pathway, id(grid))
        kept = self._running_maxima.get(key)
        if kept is None:
            start, n = int(self.pathway_start[pathway]), int(self.pathway_len[pathway])
            kept = self._running_maxima[key] = (grid, np.maximum.accumulate(grid[start:start + n]))
        return kept[1]

    def lowest_interval_at_least(self, pathway: int, salary: np.ndarray,
                                 grid: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Flat cell of the lowest interval of a pathway paying at least salary; and whether one does."""
        start, n = int(self.pathway_start[pathway]), int(self.pathway_len[pathway])
        grid = self.pathway_salary if grid is None else grid
        k = np.searchsorted(self._running_max(pathway, grid), salary, side="left")
        found = k < n
        return (start + np.minimum(k, n - 1)).astype(np.int16), found


def compile_terms(terms: Terms, horizon: int, base_year: int, market_raises: list[float]) -> Compiled:
    """market_raises: the status quo's raise by year 1..H, used unless the market has its own."""
    sched = terms.step_schedule
    years = [base_year + t for t in range(1, horizon + 1)]
    raises = [float(terms.by_year("raise", y, 0.0)) for y in years]
    market = [float(terms.by_year("market_raise", y, sq)) for y, sq in zip(years, market_raises, strict=True)]
    grid = terms.pathways.salaries
    lens = np.array([len(r) for r in grid])
    starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
    shares = np.array([terms[f"rating_share.{r}"] for r in RATINGS], dtype=float)
    cap = terms["au.annual_cap"]
    min_years = terms["conversion.model_min_years"]
    effective = [terms.get(f"raise_effective.{y}") for y in years]
    raise_index = _paid_index(raises, effective)
    by_year = _paid_by_year(terms, years, effective, raise_index)
    return Compiled(
        step_salary=sched.flat(),
        step_salary_by_year=by_year and tuple(steps for steps, _ in by_year),
        pathway_salary_by_year=by_year and tuple(grid for _, grid in by_year),
        steps=sched.steps,
        step_crosswalk=_step_crosswalk(terms.family("step_crosswalk"), sched),
        lanes=len(sched.lanes),
        lane_names=sched.lanes,
        lane_moves=dict(terms.family("lane_removed")),
        lane_credits=np.array([_or_inf(terms.get(f"lane_credits.{lane}")) for lane in sched.lanes]),
        pathway_salary=np.array([s for row in grid for s in row], dtype=float),
        pathway_start=starts,
        pathway_len=lens,
        pathway_of_cell=np.repeat(np.arange(4), lens).astype(np.int8),
        ladder_top=_ladder_top(starts, lens),
        raise_index=raise_index,
        market_index=np.cumprod([1.0] + [1 + r for r in market]),
        step_advance=np.array([True] + [bool(terms.by_year("step_advance", y, 1)) for y in years]),
        exit_by_years=_by_band(terms.family("exit_rate")),
        elasticity_by_years=_elasticity(terms["elasticity.at_entry"], terms["elasticity.fade_years"]),
        au_by_rating=np.array([terms[f"au.by_rating.{r}"] for r in RATINGS], dtype=np.float32),
        au_per_interval=float(terms["au.per_interval"]),
        au_per_credit=float(terms["au.per_credit"]),
        pd_hours_per_au=float(terms["au.pd_hours_per_au"]),
        au_per_mc=float(terms["au.per_mc"]),
        au_other=float(terms["au.other_per_year"]),
        au_cap=_or_inf(cap),
        au_by_role={k: float(v) for k, v in terms.family("au.by_role").items()},
        crosswalk=np.array([PATHWAYS.index(terms.get(f"crosswalk.{lane}") or "Professional") for lane in sched.lanes]),
        model_min_years=_or_inf(min_years),
        stipend_threshold=float(terms["conversion.stipend_threshold"]),
        stipend=float(terms["conversion.stipend"]),
        stipend_top_up=terms["conversion.stipend_mode"] == "top_up",
        application_rate=float(terms["model.application_rate"]),
        pass_rate=float(terms["model.pass_rate"]),
        min_rating=RATINGS.index(terms["model.min_rating"]),
        review_cycle=int(terms["review.cycle_years"]),
        review_pass=float(terms["review.pass_rate"]),
        lead_slots=int(terms["lead.slots"]),
        rollup=salary_rollup(terms),
        rollup_lines=_rollup_lines(terms),
        health_per_fte=_health_per_fte(terms),
        health_growth=float(terms.get("rollup.health_growth") or 0.0),
        rollup_stipend=float(terms["rollup.stipend_rate"]),
        hire_lane=sched.lanes.index(terms["hire.lane"]),
        hire_years=int(terms["hire.years"]),
        rating_cuts=_rating_cuts(shares),
        rating_bands=_rating_bands(shares),
        persistence=float(terms["rating.persistence"]),
        credit_share=float(terms["credits.share_taking"]),
        credits_per_taker=float(terms["credits.per_taker"]),
        pd_hours=float(terms["pd_hours.per_year"]),
        mc_share=float(terms["mc.share_taking"]),
        mcs_per_taker=float(terms["mc.per_taker"]),
        pathways=terms.pay_system == "pathways",
        pay=compile_pay(terms, years),
        lane_top=np.array([sched.top(j) for j in range(len(sched.lanes))], dtype=np.int8),
        longevity=_longevity(terms.family("longevity")),
        positions=np.array([np.nan] + [np.nan if terms.get(f"positions.{y}") is None
                                       else float(terms.get(f"positions.{y}")) for y in years]),
    )


ROLLUP_KEYS = (("rollup_other", "rollup.rate"), ("rollup_social_security", "rollup.social_security"),
               ("rollup_medicare", "rollup.medicare"), ("rollup_pension", "rollup.pension"))


def _rollup_lines(terms: Terms) -> tuple[tuple[str, float], ...]:
    """The roll-up rates on salary, line by line; the lines are 0 (off) unless the workbook gives them."""
    return tuple((line, float(terms.get(key) or 0.0)) for line, key in ROLLUP_KEYS)


def salary_rollup(terms: Terms) -> float:
    """The whole roll-up rate on salary: rollup.rate plus the Social Security, Medicare and pension lines."""
    return sum(rate for _, rate in _rollup_lines(terms))


def _health_per_fte(terms: Terms) -> float:
    """Per-head benefits per 1.0 FTE: a flat amount plus single and family premiums at their shares."""
    get = lambda key: float(terms.get(key) or 0.0)  # noqa: E731
    return (get("rollup.health_per_fte") + get("rollup.health_single") * get("rollup.single_share")
            + get("rollup.health_family") * get("rollup.family_share"))


def year_schedules(terms: Terms, years: list[int]) -> list[tuple[np.ndarray, np.ndarray]]:
    """The step and pathway schedules in force each year from the first, in dollars as paid for a full year:
    last year's raised by the year's raise and flat raise, then the year's own cells (step_salary.<year>.*,
    pathway_salary.<year>.*) as given. Flat arrays in the order of Compiled.step_salary (every schedule) and
    pathway_salary."""
    sched = terms.step_schedule
    steps = sched.flat()
    grid = np.array([s for row in terms.pathways.salaries for s in row], dtype=float)
    starts = np.concatenate([[0], np.cumsum([len(r) for r in terms.pathways.salaries])[:-1]]).astype(int)
    out = []
    for y in years:
        r, flat = float(terms.by_year("raise", y, 0.0)), float(terms.by_year("raise_flat", y, 0.0))
        steps, grid = steps * (1 + r) + flat, grid * (1 + r) + flat
        for key, salary in terms.year_cells(y).items():
            kind, _, *cell = key.split(".")
            if kind == "step_salary":
                schedule, lane, label = ([""] + cell)[-3:]  # step_salary.<year>[.<schedule>].<lane>.<step>
                at = (sched.names.index(schedule) * len(sched.lanes) + sched.lanes.index(lane)) * sched.steps
                steps[at + sched.step_of(label) - 1] = salary
            else:
                grid[starts[PATHWAYS.index(cell[0])] + int(cell[1]) - 1] = salary
        out.append((steps.copy(), grid.copy()))
    return out


def _paid_by_year(terms: Terms, years: list[int], effective: list[float | None],
                  raise_index: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]] | None:
    """Per year, the schedules as paid (a change from part-way through a year paid for its share of it),
    in the units the engine multiplies by raise_index; None when percentages alone move the schedule."""
    if not any(terms.by_year("raise_flat", y, 0.0) or terms.year_cells(y) for y in years):
        return None
    sched = terms.step_schedule
    before = (sched.flat(),
              np.array([s for row in terms.pathways.salaries for s in row], dtype=float))
    paid = [before]
    for t, now in enumerate(year_schedules(terms, years), start=1):
        share = 1.0 if effective[t - 1] is None else effective[t - 1]
        paid.append(tuple((old + share * (new - old)) / raise_index[t] for old, new in zip(before, now, strict=True)))
        before = now
    return paid


def _paid_index(raises: list[float], shares: list[float | None]) -> np.ndarray:
    """The schedule's factor as paid each year: a raise effective part-way through its first year is paid
    for that share of the year there (annualised: in full from the next year on)."""
    schedule = np.cumprod([1.0] + [1 + r for r in raises])
    paid = schedule.copy()
    for t, share in enumerate(shares, start=1):
        if share is not None:
            paid[t] = schedule[t - 1] * (1 + share * raises[t - 1])
    return paid


def _step_crosswalk(given: dict[str, object], sched: StepSchedule) -> np.ndarray:
    """New step (position) by old step (position in the workbook's schedule); keys and values are labels."""
    table = np.zeros(sched.steps + len(sched.removed) + 1, dtype=np.int64)
    removed = [step_key(lab) for lab in sched.removed]
    for old, new in given.items():
        if new is not None and step_key(old) in removed:
            table[sched.steps + 1 + removed.index(step_key(old))] = sched.step_of(new) or 0
    return table


# The cell layout, written once: a schedule's cells lane by lane (StepSchedule.flat), the pathways' intervals
# end to end in PATHWAYS order; the distribution's codes (cell_labels) are the step cells, then the pathway cells.
def step_cell(lane: np.ndarray, step: np.ndarray, steps: int, offset: int | np.ndarray,
              dtype: type[np.integer]) -> np.ndarray:
    """lane * steps + step (held at the top step, `steps`) + offset, in `dtype`: offset -1 is the cell on the
    first schedule (steps count from 1), a schedule's start less one the cell on that schedule."""
    return lane.astype(dtype) * steps + np.minimum(step, steps) + offset


def interval_cell(starts: np.ndarray, pathway: int | np.ndarray, interval: int | np.ndarray) -> np.ndarray:
    """The flat pathway cell of a pathway's interval (from 1); `starts` each pathway's first cell."""
    return starts[pathway] + interval - 1


def pathway_code(rules: Compiled, cell: np.ndarray, dtype: type[np.integer] | None = None) -> np.ndarray:
    """A pathway cell's code in the distribution (an index into cell_labels): after every step cell."""
    return np.add(cell, rules.steps * rules.lanes, dtype=dtype)


def _ladder_top(starts: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """AUs carry Standard on into Professional; Model and Lead each top out on their own."""
    tops = interval_cell(starts, np.arange(lens.size), lens)  # each pathway's last interval
    top_by_pathway = np.array([tops[PROF], tops[PROF], tops[MODEL], tops[LEAD]])
    return np.repeat(top_by_pathway, lens).astype(np.int16)


def _longevity(amounts: dict[str, float]) -> np.ndarray:
    """Pay by years of service: each longevity.<years> amount from that many years on, the highest reached
    in force (amounts replace, not add up)."""
    out = np.zeros(MAX_YEARS + 1)
    for years, amount in sorted((int(y), float(a or 0)) for y, a in amounts.items()):
        out[min(years, MAX_YEARS):] = amount
    return out


def _or_inf(value: float | None) -> float:
    return math.inf if value is None else float(value)


def _by_band(rates: dict[str, float]) -> np.ndarray:
    table = np.zeros(MAX_YEARS + 1, dtype=np.float32)
    for band, rate in rates.items():
        lo, hi = parse_band(band)
        table[lo:int(min(hi, MAX_YEARS)) + 1] = rate
    return table


def _elasticity(at_entry: float, fade_years: float) -> np.ndarray:
    years = np.arange(MAX_YEARS + 1)
    return (at_entry * np.clip(1 - years / fade_years, 0, None)).astype(np.float32)


def _rating_cuts(shares: np.ndarray) -> np.ndarray:
    """Latent thresholds: a draw above cuts[0] is Highly effective, above cuts[1] Effective, ..."""
    cumulative = np.clip(np.cumsum(shares)[:-1], 0, 1)
    return ndtri(1 - cumulative).astype(np.float32)


def _rating_bands(shares: np.ndarray) -> np.ndarray:
    """Each rating's interval on the latent CDF scale (best rating at the top)."""
    cumulative = np.concatenate([[0.0], np.clip(np.cumsum(shares), 0, 1)])
    upper = 1 - cumulative[:-1]
    lower = 1 - cumulative[1:]
    return np.stack([lower, upper], axis=1)
