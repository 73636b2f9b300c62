"""The projection: a vectorised microsimulation over teachers x replicates, looping over years.

Semantics are those of docs/model.md. Every scenario is stepped through the same years with the
same random draws (common random numbers): a teacher's draw in year t is the same in every
scenario, so a difference between scenarios is the policy, not noise. A roster row is a
position: when its teacher leaves, the hire takes the same position and FTE.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np
import pandas as pd
from scipy.special import ndtri
from threadpoolctl import ThreadpoolController

from models import components as pay_components
from models.compiled import LEAD, MODEL, PROF, Compiled, compile_terms, interval_cell, pathway_code, step_cell
from models.hires import Placement, placement
from models.inputs import Inputs
from models.memo import per_roster
from models.parameters import PATHWAYS, RATINGS, normalise_rating, parse_band
from models.positions import open_by_year
from models.reconcile import TOLERANCE as OFF_GRID_TOLERANCE
from models.terms import STATUS_QUO, Terms, status_quo_terms

# Roll-up line by line (they add up to "rollup"): the rates on salary, the stipend rate, per-head benefits.
ROLLUP_LINES = ("rollup_other", "rollup_social_security", "rollup_medicare", "rollup_pension", "rollup_stipends",
                "health")
# Leavers' pay (last year) and their hires' pay at last year's scale: what breakage is made of.
TURNOVER_PAY = ("leavers_fte", "leavers_pay", "hires_pay")
POSITION_COUNTS = ("positions_opened", "positions_closed")  # along a positions.<year> path
TOTALS = ("headcount", "fte", "separations", "hires", "base_salary", "stipends", "rollup",
          "total_cost", "au_banked", "model_applicants", "model_promotions") \
    + pay_components.COMPONENT_FIELDS + ROLLUP_LINES + TURNOVER_PAY + POSITION_COUNTS
# "components": the change in pay components counted as base (MC base increases, pay types in base).
GROWTH = ("positions", "breakage", "conversion", "movement", "promotions", "raises", "components")


@dataclass
class Projection:
    """One scenario's projection. Arrays by year run from the base year (index 0) to H."""

    name: str
    terms: Terms
    years: np.ndarray
    totals: dict[str, np.ndarray]  # each (years, replicates)
    growth: dict[str, np.ndarray]  # base-salary change from the year before, split by cause
    retention: np.ndarray  # (years, bands): share of base-year teachers still employed
    bands: list[str]
    cells: np.ndarray  # (years, cells): mean headcount in each schedule cell
    cell_labels: list[tuple[str, str, int]]  # (system, lane or pathway, step or interval)
    teacher: dict[str, np.ndarray] = field(default_factory=dict)  # replicate 0, (years, N)
    # Replicate 0's cell (index into cell_labels) right after conversion, before year 1's promotions;
    # -1 where the base-year teacher left.
    converted: np.ndarray | None = None

    @property
    def replicates(self) -> int:
        return self.totals["total_cost"].shape[1]


@dataclass
class _Roster:
    """The roster as arrays, one entry per position."""

    fte: np.ndarray
    years: np.ndarray
    lane: np.ndarray
    step: np.ndarray
    rating: np.ndarray
    credits: np.ndarray
    au: np.ndarray
    explicit_pathway: np.ndarray  # pathway code, -1 when the crosswalk decides
    explicit_interval: np.ndarray
    role: np.ndarray
    roles: tuple[str, ...]  # the distinct roles, and each position's index into them
    role_index: np.ndarray
    position: pay_components.Position  # what pay components read: FTE, flags, school size, role
    band: np.ndarray  # career-stage band (index into band_labels) of the base-year teacher
    band_labels: list[str]
    protected: np.ndarray  # actual pay per FTE from the roster's salary column; 0 where none is given
    schedule: np.ndarray  # the position's schedule (0: the StepSchedule sheet; then each extra one)
    rows: int  # the roster's positions; slots after them are added positions (a positions path)


# Where each stream starts, by (seed, spawn key): seeding one costs 8 microseconds, setting a kept start 1, and
# a projection starts some hundred streams (each purpose, each year).
_STREAM_STARTS: dict[tuple[int, tuple[int, ...]], dict] = {}
_STREAM_STARTS_KEPT = 5_000  # about 3 MB; a projection of 10 years starts about 200
_SPARE = threading.local()  # each thread's bit generator, restarted for each stream it draws


def stream(seed: int, spawn: tuple[int, ...]) -> np.random.Generator:
    """The stream np.random.default_rng(np.random.SeedSequence(seed, spawn_key=spawn)) gives, draw for draw.
    Use it before asking this thread for another stream: they share one bit generator."""
    start = _STREAM_STARTS.get((seed, spawn))
    if start is None:
        start = np.random.PCG64(np.random.SeedSequence(seed, spawn_key=spawn)).state
        if len(_STREAM_STARTS) < _STREAM_STARTS_KEPT:
            _STREAM_STARTS[(seed, spawn)] = start
    bits = getattr(_SPARE, "bits", None)
    if bits is None:
        bits = _SPARE.bits = np.random.PCG64(0)
    bits.state = start
    return np.random.Generator(bits)


class _Draws:
    """All random numbers for one year, shared by every scenario.

    Each purpose has its own stream per year (seed, purpose, year), drawn only when a scenario
    needs it: whether one is drawn never shifts another, so adding a scenario changes none.
    """

    PURPOSES = ("exit", "credit", "mc", "apply", "review", "lead", "rating", "hire_z", "hire_place")

    def __init__(self, seed: int, year: int, shape: tuple[int, int], users: int = 1, roster: int | None = None) -> None:
        self.seed, self.year, self.shape = seed, year, shape
        self.roster = shape[1] if roster is None else roster  # positions after these (added ones) draw apart
        self._cache: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()
        self._users = users

    def release(self) -> None:
        """One user is done with this year; the last one frees the arrays."""
        with self._lock:
            self._users -= 1
            if self._users <= 0:
                self._cache.clear()

    def __getattr__(self, purpose: str) -> np.ndarray:
        if purpose not in _Draws.PURPOSES:
            raise AttributeError(purpose)
        with self._lock:  # the two halves of the replicates share one stream
            return self._draw(purpose)

    def _draw(self, purpose: str) -> np.ndarray:
        if purpose not in self._cache:
            key = _Draws.PURPOSES.index(purpose)
            normal = purpose == "rating"
            parts = []
            # The roster's positions draw the same whether or not a positions path adds slots after them.
            for spawn, width in (((key, self.year), self.roster), ((key, self.year, 1), self.shape[1] - self.roster)):
                if width:
                    rng = stream(self.seed, spawn)
                    size = (self.shape[0], width)
                    parts.append(rng.standard_normal(size, dtype=np.float32) if normal
                                 else rng.random(size, dtype=np.float32))
            self._cache[purpose] = parts[0] if len(parts) == 1 else np.concatenate(parts, axis=1)
        return self._cache[purpose]


# BLAS (numpy's payroll sums) on one thread. A sum split over threads adds in another order, so its last bits
# followed the machine's core count: each side's laptop gave other figures for a large district. And on a
# busy machine the split waits for a core: 100,000 teachers took 1.5 s on two BLAS threads, 0.23 s on one.
# The engine runs its own threads (replicate halves). Set, not restored: sessions project concurrently.
_BLAS = ThreadpoolController()


def project(inputs: Inputs, scenarios: list[tuple[str, Terms]] | None = None, *,
            horizon: int | None = None, replicates: int | None = None, seed: int | None = None,
            separations: bool = True, keep_teachers: bool = True) -> list[Projection]:
    """Project the status quo and proposals together, year by year, with shared draws."""
    _BLAS.limit(limits=1, user_api="blas")  # a caller may have raised it since (about 6 microseconds)
    base = inputs.baseline
    horizon = int(horizon or base["horizon"])
    replicates = int(replicates or base["replicates"])
    seed = int(base["seed"] if seed is None else seed)
    base_year = int(base["base_year"])
    scenarios = scenarios if scenarios is not None else inputs.scenarios()
    # The status quo's rules move everyone's status-quo position (the market's reference).
    sq = next((terms for name, terms in scenarios if name == STATUS_QUO), None) or status_quo_terms(base)
    sq_raises = [float(sq.by_year("raise", base_year + t, 0.0)) for t in range(1, horizon + 1)]
    sq_rules = compile_terms(sq, horizon, base_year, sq_raises)
    compiled = [(name, terms, sq_rules if terms is sq else compile_terms(terms, horizon, base_year, sq_raises))
                for name, terms in scenarios]
    # A positions path (never in the cast forward, which keeps today's staff) adds slots for added positions.
    paths = _paths(inputs, [rules for _, _, rules in compiled]) if separations else [None] * len(compiled)
    added = max((p.shape[1] - len(inputs.roster) for p in paths if p is not None), default=0)
    roster = _roster_arrays(inputs, base, added)
    n = len(roster.fte)
    shape = (replicates, n)
    start_u = stream(seed, (99, 0)).random((replicates, roster.rows))
    if added:  # added positions draw apart, so the roster's draws do not depend on them
        extra_u = stream(seed, (99, 1)).random((replicates, added))
        start_u = np.concatenate([start_u, extra_u], axis=1)
    sq_hires = placement(inputs, sq)
    hires = [sq_hires if terms is sq else placement(inputs, terms) for _, terms in scenarios]
    # Replicates are independent rows: two halves run on two threads (numpy releases the GIL in its loops).
    halves = [slice(0, replicates)] if replicates < PARALLEL_FROM else [
        slice(0, replicates // 2), slice(replicates // 2, replicates)]
    # each stream drawn once
    draws = [_Draws(seed, t, shape, users=len(halves), roster=roster.rows) for t in range(horizon + 1)]

    def run_rows(rows: slice) -> list[_Run]:
        size = (rows.stop - rows.start, n)
        shared_z: dict = {}  # scenarios rating alike start from the same latent ratings
        runs = [_Run(name, terms, rules, sq_rules, roster, size, start_u[rows], horizon, name == STATUS_QUO,
                     keep_teachers and rows.start == 0, (own, sq_hires), _widen(path, n), shared_z)
                for (name, terms, rules), own, path in zip(compiled, hires, paths, strict=True)]
        for t in range(1, horizon + 1):
            view = _DrawRows(draws[t], rows)
            for run in runs:
                run.year(t, view, separations)
            draws[t].release()  # the year's streams go once every half is past it
        return runs

    if len(halves) == 1:
        parts = [run_rows(halves[0])]
    else:
        with ThreadPoolExecutor(max_workers=len(halves)) as pool:
            parts = list(pool.map(run_rows, halves))
    years = np.arange(base_year, base_year + horizon + 1)
    return [_merge([part[i].result(years) for part in parts]) for i in range(len(compiled))]


# The kept teacher arrays: pay as float64, cells as int32, years as the state's int16.
KEPT_DTYPES = {"salary": np.float64, "stipend": np.float64, "cell": np.int32, "years": np.int16, "original": bool,
               "au": np.float64}
PARALLEL_FROM = 16  # replicates; below this the thread start costs more than it saves
# Banked AUs and credits are sums of fractions a workbook states (3 PD hours / 10 hours per AU = 0.3);
# in binary ten times 0.3 is 2.9999999999999996, so a bank within this of a block counts as the block.
BANK_TOLERANCE = 1e-9


def _paths(inputs: Inputs, compiled: list[Compiled]) -> list[np.ndarray | None]:
    """Each scenario's open positions by year (years, roster + its added positions), or None without a path."""
    roster = inputs.roster
    return [open_by_year(roster["fte"].to_numpy(float), roster["years_experience"].to_numpy(float),
                         rules.positions)[0] if not np.isnan(rules.positions).all() else None for rules in compiled]


def _widen(path: np.ndarray | None, n: int) -> np.ndarray | None:
    """A path over every slot of the run (added slots another scenario needs stay closed)."""
    if path is None or path.shape[1] == n:
        return path
    return np.concatenate([path, np.zeros((path.shape[0], n - path.shape[1]), dtype=bool)], axis=1)


class _DrawRows:
    """Some replicates' rows of a year's draws (views, not copies)."""

    def __init__(self, draws: _Draws, rows: slice) -> None:
        self.draws, self.rows = draws, rows

    def __getattr__(self, purpose: str) -> np.ndarray:
        rows = getattr(self.draws, purpose)[self.rows]
        setattr(self, purpose, rows)  # the next scenario reads it as a plain attribute
        return rows


def _merge(parts: list[Projection]) -> Projection:
    """One projection from its replicate halves: totals side by side, means weighted by replicates."""
    if len(parts) == 1:
        return parts[0]
    weights = np.array([p.replicates for p in parts], dtype=float)
    mean = lambda arrays: sum(w * a for w, a in zip(weights, arrays, strict=True)) / weights.sum()  # noqa: E731
    first = parts[0]
    return replace(first, totals={k: np.concatenate([p.totals[k] for p in parts], axis=1) for k in first.totals},
                   growth={k: np.concatenate([p.growth[k] for p in parts], axis=1) for k in first.growth},
                   retention=mean([p.retention for p in parts]), cells=mean([p.cells for p in parts]))


def _roster_arrays(inputs: Inputs, base: Terms, added: int = 0) -> _Roster:
    """The roster's arrays, built once per roster and the base terms' lanes, schedules and career bands."""
    sched = base.step_schedule
    key = ("engine roster", sched.lanes, tuple(sched.names), tuple(base.family("exit_rate")), added)
    return per_roster(inputs.roster, key, lambda: _build_roster_arrays(inputs, base, added))


def _build_roster_arrays(inputs: Inputs, base: Terms, added: int) -> _Roster:
    df = inputs.roster
    if added:  # slots for added positions: full time, no flags or role; a hire sets the rest when one opens
        extra = pd.DataFrame({"employee_id": [f"added-{i + 1}" for i in range(added)], "fte": 1.0,
                              "years_experience": 0.0, "lane": base.step_schedule.lanes[0], "step": 1.0,
                              "rating": "effective", "school": "", "role": "", "pathway": "", "interval": np.nan,
                              "schedule": base.step_schedule.names[0]})
        df = pd.concat([df, extra], ignore_index=True).fillna({col: 0.0 for col in df.columns if col not in extra})
    lanes = base.step_schedule.lanes
    pathway = df["pathway"].map(lambda p: PATHWAYS.index(p) if p in PATHWAYS else -1)
    bands = sorted(base.family("exit_rate"), key=lambda label: parse_band(label)[0])
    band_of = np.zeros(len(df), dtype=np.int8)
    for i, label in enumerate(bands):
        lo, hi = parse_band(label)
        band_of[(df["years_experience"] >= lo) & (df["years_experience"] <= hi)] = i
    return _Roster(
        fte=df["fte"].to_numpy(float),
        years=df["years_experience"].to_numpy().astype(np.int16),
        lane=df["lane"].map(lanes.index).to_numpy().astype(np.int8),
        step=df["step"].to_numpy().astype(np.int8),
        rating=_codes(df["rating"], lambda r: RATINGS.index(normalise_rating(r))).astype(np.int8),
        credits=df["credits_banked"].to_numpy(float),
        au=df["au_banked"].to_numpy(float),
        explicit_pathway=pathway.to_numpy().astype(np.int8),
        explicit_interval=df["interval"].fillna(0).to_numpy().astype(np.int16),
        role=df["role"].to_numpy(object),
        **dict(zip(("roles", "role_index"), _distinct(df["role"]), strict=True)),
        position=_position(df),
        band=band_of,
        band_labels=bands,
        protected=(df["salary"] / df["fte"]).fillna(0.0).to_numpy(float) if "salary" in df else np.zeros(len(df)),
        schedule=df["schedule"].map(base.step_schedule.names.index).to_numpy().astype(np.int32),
        rows=len(inputs.roster),
    )


def _distinct(values: pd.Series) -> tuple[tuple[str, ...], np.ndarray]:
    """The distinct values (as text) and each value's index into them."""
    distinct, inverse = np.unique(values.to_numpy(object).astype(str), return_inverse=True)
    return tuple(distinct), inverse


def _codes(values: pd.Series, code) -> np.ndarray:
    """code(value) for each value, computed once per distinct value (ratings repeat thousands of times)."""
    distinct, inverse = _distinct(values)
    return np.array([code(v) for v in distinct], dtype=np.int64)[inverse] if distinct else np.zeros(0, int)


def _position(df) -> pay_components.Position:
    flags = np.array([df[f].to_numpy(float) if f in df else np.zeros(len(df)) for f in pay_components.FLAGS])
    return pay_components.Position(fte=df["fte"].to_numpy(float), flags=flags, school=df["school"].to_numpy(object),
                      role=df["role"].to_numpy(object))


class _Run:
    """One scenario's state (replicates x positions) and its yearly records."""

    def __init__(self, name: str, terms: Terms, rules: Compiled, sq_rules: Compiled, roster: _Roster,
                 shape: tuple[int, int], start_u: np.ndarray, horizon: int, status_quo: bool,
                 keep_teachers: bool, hires: tuple[Placement, Placement], path: np.ndarray | None = None,
                 shared_z: dict | None = None) -> None:
        self.name, self.terms, self.rules, self.sq_rules, self.roster = name, terms, rules, sq_rules, roster
        # Open positions by year (None: every roster position, every year); closed ones carry no FTE.
        self.path = path
        self.fte = roster.fte if path is None else roster.fte * path[0]
        self.position = roster.position if path is None else replace(roster.position, fte=self.fte)
        self.hires, self.sq_hires = hires  # this scenario's placement of hires, and the status quo's
        # Alike shares pick alike rows (the samples' proposals place hires as the status quo does).
        self._same_shares = self.sq_hires is self.hires or np.array_equal(self.sq_hires.share, self.hires.share)
        # Each placement row's step by the status quo's and by this scenario's lanes (a lane may end early).
        self._hire_steps = [np.minimum(table.step, top[table.lane]) for table, top in
                            ((self.sq_hires, sq_rules.lane_top), (self.hires, rules.lane_top))]
        self.status_quo = status_quo
        self.keep_teachers = keep_teachers
        tile = lambda a, dtype: np.tile(a.astype(dtype), (shape[0], 1))  # noqa: E731
        self.years = tile(roster.years, np.int16)
        # Where the status quo would have this teacher: drives relative pay and today's market.
        self.lane, self.step = tile(roster.lane, np.int8), tile(roster.step, np.int8)
        self.credits = tile(roster.credits, float)
        # A step-and-lane proposal moves by its own rules; the status quo's position is the shadow.
        self.own = None if (status_quo or rules.pathways) else [self.lane.copy(), self.step.copy(),
                                                             self.credits.copy()]
        # The proposal's lanes: a kept lane by its name, a removed lane's teachers to the lane named (placed on a
        # step in year 1); the status-quo shadow keeps today's lanes (hires: the status quo's placement).
        self.lane_moved = None
        if self.own is not None and rules.lane_names != sq_rules.lane_names:
            moves, today = rules.lane_moves, sq_rules.lane_names
            to = np.array([rules.lane_names.index(moves.get(n, n)) for n in today], dtype=np.int8)
            self.lane_moved = np.isin(self.own[0], [j for j, n in enumerate(today) if n in moves])
            self.own[0] = to[self.own[0]]
        self.cell = np.full(shape, -1, dtype=np.int16)  # pathway cell; -1 before conversion
        self.au = tile(roster.au, float)  # float64, compared to a block within BANK_TOLERANCE
        self.status_years = np.zeros(shape, dtype=np.int16)
        self.rating = tile(roster.rating, np.int8)
        self.z = _start_z(rules.rating_bands, self.rating, start_u, shared_z).copy()  # hires overwrite theirs
        self.original = np.ones(shape, dtype=bool)
        self.original[:, roster.rows:] = False  # added positions hold no base-year teacher
        self.role_au = np.array([rules.au_by_role.get(x, 0.0) for x in roster.roles])[roster.role_index]
        # Year 0 is paid on today's schedules; self.shape is the terms whose lanes and steps are in force.
        self.steps_in_force, self.shape = sq_rules.step_salary, sq_rules
        self.grid_now = rules.pathway_salary  # the pathway grid in force (a year may have its own)
        self._starts: dict[tuple[int, int], np.ndarray] = {}
        self.sal = self.steps_in_force[self._cell(self.lane, self.step)]  # per FTE, before raises
        # Protected salaries, few positions kept sparse (flat positions; nominal pay per FTE): off-grid pay
        # (a roster salary above its cell, red-circled) until the schedule overtakes it, then at conversion.
        actual = np.tile(roster.protected, shape[0])
        self.floor_at = np.flatnonzero(actual > self.sal.ravel() + OFF_GRID_TOLERANCE)
        self.floor_pay = actual[self.floor_at]
        self._protected: tuple[np.ndarray, ...] | None = None
        self._fte_kept: tuple | None = None
        self._band = roster.band.astype(np.intp)
        self._any_protected = bool(roster.protected.any())
        # The status quo at its own market: pay is the market, so no exit responds to pay.
        self._default_market = status_quo and np.array_equal(rules.market_index, rules.raise_index)
        self.pay = self._pay_per_fte(1.0, sq_rules)  # per FTE, as paid in the last year (year 0: the status quo's)
        self.labels = _cell_labels(terms, rules)
        self.records: dict[str, list] = {k: [] for k in TOTALS + GROWTH}
        # Replicate 0's teachers by year, written in place (stacking a list of years cost more than the year loop).
        self.kept = {k: np.empty((horizon + 1, roster.rows) if keep_teachers else (0, 0), dtype=dtype)
                     for k, dtype in KEPT_DTYPES.items()}
        self.retained: list[np.ndarray] = []
        self.cell_counts: list[np.ndarray] = []
        self.mcs: np.ndarray | None = None  # MCs credited this year, by position
        self.mc_base = np.zeros(shape) if rules.pay.mc_base else None  # carried MC base increase per FTE
        self.prev_in_base = np.zeros(shape[0])  # last year's component pay counted as base
        self.kept_lines: dict[str, dict[int, np.ndarray]] = {}
        self.converted: np.ndarray | None = None
        # Year 0 is the same in every scenario: the status quo's yearly components on the roster as loaded.
        year0 = (pay_components.year_pay(sq_rules.pay, self.position, rating=self.rating, rated=None,
                                         original=self.original, mcs=None, mc_base=None, index=1.0,
                                         replicates=shape[0]) if sq_rules.pay.yearly_on else None)
        self._record(0, np.zeros(shape), {k: 0.0 for k in GROWTH}, {}, sq_rules, year0)

    # --- positions and pay ------------------------------------------------------------------
    def _step_code(self, lane: np.ndarray, step: np.ndarray, shape: Compiled | None = None) -> np.ndarray:
        """Cell of one schedule shaped as `shape` (the terms in force by default); beyond its top, the top.
        In bincount's own index type, as it counts the cells each year."""
        return step_cell(lane, step, (shape or self.shape).steps, -1, np.intp)

    def _cell(self, lane: np.ndarray, step: np.ndarray, shape: Compiled | None = None,
              starts: np.ndarray | None = None) -> np.ndarray:
        """Flat index into a step_salary array: the cell on each position's own schedule (all schedules share
        lanes and steps, concatenated in the order of StepSchedule.names); `starts`: the positions' schedule
        starts when lane and step are some positions' only."""
        shape = shape or self.shape
        starts = self._schedule_start(shape) if starts is None else starts
        return step_cell(lane, step, shape.steps, starts, np.int32)

    def _schedule_start(self, shape: Compiled) -> np.ndarray:
        """Each position's first cell on its own schedule, less one (steps count from 1); once per shape."""
        key = (shape.lanes, shape.steps)
        if key not in self._starts:
            self._starts[key] = self.roster.schedule * (shape.lanes * shape.steps) - 1
        return self._starts[key]

    def _refresh_salary(self) -> None:
        """Schedule salary of every position, from positions (after movement)."""
        if self.rules.pathways and self.cell.min() >= 0:  # everyone converted
            self.sal = self.grid_now[self.cell]
            return
        lane, step = (self.own[0], self.own[1]) if self.own else (self.lane, self.step)
        step_sal = self.steps_in_force[self._cell(lane, step)]
        if self.rules.pathways and self.cell.max() >= 0:
            step_sal = np.where(self.cell >= 0, self.grid_now[np.maximum(self.cell, 0)], step_sal)
        self.sal = step_sal

    def _top_up(self, index: float) -> np.ndarray:
        """What protection adds, per FTE, at the protected positions."""
        return np.maximum(self.floor_pay - self.sal.ravel()[self.floor_at] * index, 0)

    def _pay_per_fte(self, index: float, comp: Compiled | None = None) -> np.ndarray:
        """Pay per FTE at this index, with longevity by `comp`'s terms (the scenario's; year 0 the status quo's)."""
        pay = self.sal * index
        if (comp or self.rules).longevity_paid:  # (schedule pay is never -0.0, so adding 0.0 changed nothing)
            pay += _longevity(comp or self.rules, self.years, self.cell)
        if self.floor_at.size:
            pay.ravel()[self.floor_at] += self._top_up(index)
        return pay

    def _payroll(self, index: float, years: np.ndarray | None = None) -> np.ndarray:
        """Payroll at this index; longevity at `years` of service (this year's, once movement is counted)."""
        payroll = index * (self.sal @ self.fte)
        extra = _longevity(self.rules, self.years if years is None else years, self.cell)
        if not np.isscalar(extra):
            payroll = payroll + extra @ self.fte
        if self.floor_at.size:
            rows, fte = self._protected_rows()
            payroll = payroll + np.bincount(rows, weights=self._top_up(index) * fte, minlength=len(payroll))
        return payroll

    def _protected_rows(self) -> tuple[np.ndarray, np.ndarray]:
        """The replicate and FTE of each protected position, kept while the protected positions and FTE are."""
        kept = self._protected
        if kept is None or kept[0] is not self.floor_at or kept[1] is not self.fte:
            n = self.fte.size
            kept = self._protected = (self.floor_at, self.fte, self.floor_at // n, self.fte[self.floor_at % n])
        return kept[2], kept[3]

    # --- one year ---------------------------------------------------------------------------
    def year(self, t: int, d: _Draws, separations: bool) -> None:
        rules = self.rules
        prev_index = rules.raise_index[t - 1]
        payroll_before = self.paid  # last year's pay on last year's positions, as recorded
        leave = self._separations(t, d) if separations else np.zeros(self.cell.shape, dtype=bool)
        turnover = dict.fromkeys(TURNOVER_PAY + POSITION_COUNTS, np.zeros(leave.shape[0]))  # replaced, never added to
        closed = opened = None
        if self.path is not None:
            closed, opened = self.path[t - 1] & ~self.path[t], self.path[t] & ~self.path[t - 1]
            leave &= self.path[t]  # a closed position's teacher goes with the position, unreplaced
        hire = leave if opened is None or not opened.any() else leave | opened
        hired = hire.any()
        if hired:
            turnover["leavers_fte"] = leave @ self.fte
            turnover["leavers_pay"] = (self.pay * leave) @ self.fte
        positions = np.zeros(leave.shape[0])
        if closed is not None:
            positions = -(self.pay[:, closed] @ self.fte[closed])
            self.original[:, closed] = False
            self.fte = self.roster.fte * self.path[t]
            self.position = replace(self.position, fte=self.fte)
            turnover.update(positions_opened=np.full(leave.shape[0], float(opened.sum())),
                            positions_closed=np.full(leave.shape[0], float(closed.sum())))
        if hired:
            self._hire(hire, d)
            turnover["hires_pay"] = (self._pay_per_fte(prev_index) * leave) @ self.fte
            if opened is not None and opened.any():
                positions = positions + self._pay_per_fte(prev_index)[:, opened] @ self.fte[opened]
        stay = ~hire if self.path is None else ~hire & self.path[t]
        after_turnover = self._payroll(prev_index)
        stipend = None
        if rules.pathways and t == 1:
            stipend = self._convert(stay, prev_index)
            if self.keep_teachers:
                rows = self.roster.rows  # the roster's positions, as the kept teacher arrays
                self.converted = np.where(stay[0, :rows], pathway_code(self.rules, self.cell[0, :rows]), -1)
        reshaped = self.own is not None and t == 1 and (rules.steps != self.sq_rules.steps
                                                        or self.lane_moved is not None)
        if reshaped:
            self._place_on_new_steps(stay, prev_index)
        after_conversion = self._payroll(prev_index) if stipend is not None or reshaped else after_turnover
        # Model applicants must hold Professional when the year starts, not reach it this year.
        # A hire placed on Professional has no rating of its own yet: it may apply from its second year.
        was_professional = ((self.cell >= rules.pathway_start[PROF]) & (self.cell < rules.pathway_start[MODEL]) & stay
                            if rules.pathways else None)
        self._move(t, stay, d)
        self._refresh_salary()
        service = self.years + stay  # a longevity step is movement
        after_movement = self._payroll(prev_index, service)
        # Promotions compare this year's pay (cell at this year's raise, or protected pay) with this year's scale.
        applicants, promoted, after_promotion = 0, 0, after_movement  # on a schedule nobody is promoted
        if rules.pathways:
            applicants, promoted = self._promote(stay, was_professional, d, rules.raise_index[t])
            after_promotion = self._payroll(prev_index, service)
        self.years = service
        if rules.pathways:
            self.status_years += stay & (self.cell >= rules.pathway_start[MODEL])
        steps, grid = rules.schedules_in(t)  # from year 1 the scenario's own schedules (a year may have its own)
        if self.steps_in_force is not steps or self.grid_now is not grid:
            self.steps_in_force, self.shape, self.grid_now = steps, rules, grid
            self._refresh_salary()
        self.pay = self._pay_per_fte(rules.raise_index[t])
        year_pay = (pay_components.year_pay(rules.pay, self.position, rating=self.rating,
                                            rated=stay if hired else None, original=self.original, mcs=self.mcs,
                                            mc_base=self.mc_base, index=rules.raise_index[t],
                                            replicates=stay.shape[0], year=t) if rules.pay.any_on else None)
        growth = {
            "positions": positions,
            "breakage": after_turnover - payroll_before - positions,
            "conversion": after_conversion - after_turnover,
            "movement": after_movement - after_conversion,
            "promotions": after_promotion - after_movement,
            "raises": (paid := self.pay @ self.fte) - after_promotion,
            "components": (_total(year_pay.in_base, stay.shape[0]) + year_pay.unplaced_base if year_pay
                           else np.zeros(stay.shape[0])) - self.prev_in_base,
        }
        self._rate(d)
        moved = leave.sum(axis=1)
        hires = moved if hire is leave else hire.sum(axis=1)  # every hire replaces a leaver
        counts = {"separations": moved + turnover["positions_closed"], "hires": hires,
                  "model_applicants": applicants, "model_promotions": promoted, **turnover}
        self._record(t, stipend, growth, counts, rules, year_pay, paid)

    def _separations(self, t: int, d: _Draws) -> np.ndarray:
        rules, sq_rules = self.rules, self.sq_rules
        years = np.minimum(self.years, rules.exit_by_years.size - 1, dtype=np.intp)  # an index for two look-ups
        p = rules.exit_by_years[years]
        if not self._default_market:
            market = (sq_rules.step_salary * rules.market_index[t - 1])[self._cell(self.lane, self.step, sq_rules)]
            if self.floor_at.size and self._any_protected:  # the status quo pays off-grid pay too
                market = np.maximum(market, np.where(self.original, self.roster.protected, 0.0))
            ratio = (self.pay / market).astype(np.float32)
            p = np.minimum(1.0, p * ratio ** rules.elasticity_by_years[years])
        return d.exit < p

    def _hire(self, leave: np.ndarray, d: _Draws) -> None:
        rules, n = self.rules, self.fte.size
        flat = np.flatnonzero(leave)

        def put(array: np.ndarray, value: float | np.ndarray) -> None:
            array.ravel()[flat] = value if np.isscalar(value) else value.ravel()[flat]

        # Each hire takes a row of the placement table by this position's draw (the same in every scenario).
        u = d.hire_place.ravel()[flat] if self.hires.share.size > 1 or self.sq_hires.share.size > 1 else 0.0
        mine = self.hires.pick(u)
        sq = mine if self._same_shares else self.sq_hires.pick(u)
        self.years.ravel()[flat] = self.hires.years[mine]
        if self.mc_base is not None:
            put(self.mc_base, 0)
        # The status-quo position by the status quo's placement; a step-and-lane proposal's own by its own.
        targets = [(self.lane, self.step, self.credits, self.sq_hires, sq, self._hire_steps[0])]
        if self.own:
            targets.append((*self.own, self.hires, mine, self._hire_steps[1]))
        for lane, step, credits, table, rows, steps in targets:
            lane.ravel()[flat] = table.lane[rows]
            step.ravel()[flat] = steps[rows]
            put(credits, 0)
        if rules.pathways:
            cell = self._hire_cells[mine]
            self.cell.ravel()[flat] = cell
            self.sal.ravel()[flat] = self.grid_now[cell]
            put(self.au, 0)
            put(self.status_years, 0)
        else:
            # the placement's cell on the position's own schedule; in year 1 before a proposal's new lanes and
            # steps apply (self.shape still today's), the status-quo placement on today's schedule
            mine_now = self.own and self.shape is not self.sq_rules
            lane, step = (self.own[0], self.own[1]) if mine_now else (self.lane, self.step)
            cell = self._cell(lane.ravel()[flat], step.ravel()[flat], starts=self._schedule_start(self.shape)[flat % n])
            self.sal.ravel()[flat] = self.steps_in_force[cell]
        if self.floor_at.size:  # a leaver's protected pay leaves with them
            kept = ~leave.ravel()[self.floor_at]
            self.floor_at, self.floor_pay = self.floor_at[kept], self.floor_pay[kept]
        # A hire's persistent rating component: a normal from this position's uniform this year.
        self.z.ravel()[flat] = ndtri(np.clip(d.hire_z.ravel()[flat], 1e-7, 1 - 1e-7))
        self.original.ravel()[flat] = False  # (the leavers only, not a pass over everyone)

    @cached_property
    def _hire_cells(self) -> np.ndarray:
        """Pathway cell of each placement row (the same every year): at entry, Standard interval 1; else the
        crosswalk of the row's lane, the lowest interval paying at least the row's status-quo cell."""
        rules, h = self.rules, self.hires
        if h.entry:
            return np.zeros(1, dtype=np.int16)
        salary = self.sq_rules.step_salary[step_cell(h.lane, h.step, self.sq_rules.steps, -1, np.int32)]
        target = rules.crosswalk[h.lane]
        cells = np.zeros(h.share.size, dtype=np.int16)
        for pathway in np.unique(target):
            placed, _ = rules.lowest_interval_at_least(int(pathway), salary)
            cells = np.where(target == pathway, placed, cells)
        return cells

    def _convert(self, stay: np.ndarray, index: float) -> np.ndarray:
        """Year 1 under pathways: crosswalk each stayer, place, protect, pay the stipend."""
        rules, r = self.rules, self.roster
        current = self.pay  # year-0 salary per FTE
        target = rules.crosswalk[self.lane]
        if rules.pathway_len[MODEL] and np.isfinite(rules.model_min_years):
            veteran = (target == PROF) & (self.years >= rules.model_min_years) & (self.rating <= rules.min_rating)
            target = np.where(veteran, MODEL, target)
        cell = np.zeros(stay.shape, dtype=np.int16)
        # Each pathway searches its own teachers' salaries only (a search over everyone per pathway cost
        # more than the rest of the conversion).
        for pathway in np.flatnonzero(np.bincount(target.ravel(), minlength=len(PATHWAYS))):
            at = np.flatnonzero(target == pathway)
            cell.ravel()[at], _ = rules.lowest_interval_at_least(int(pathway), current.ravel()[at] / index)
        explicit = (r.explicit_pathway >= 0) & (r.explicit_interval >= 1)
        if explicit.any():
            chosen = interval_cell(rules.pathway_start, np.maximum(r.explicit_pathway, 0), r.explicit_interval)
            cell = np.where(explicit & self.original, chosen.astype(np.int16), cell)
        self.cell = np.where(stay, cell, self.cell).astype(np.int16)
        self.sal = rules.pathway_salary[self.cell]
        new_pay = self.sal * index
        protect = stay & (new_pay < current)
        self.floor_at = np.flatnonzero(protect)
        self.floor_pay = current.ravel()[self.floor_at]
        placement_raise = np.where(protect, 0.0, new_pay - current)
        short = stay & (placement_raise < rules.stipend_threshold)
        amount = (rules.stipend_threshold - placement_raise) if rules.stipend_top_up else rules.stipend
        return np.where(short, amount, 0.0) * self.fte

    def _place_on_new_steps(self, stay: np.ndarray, index: float) -> None:
        """Year 1 of a step-and-lane proposal with steps or lanes removed or added: its schedule from now on.

        A teacher on a removed step goes to the step step_crosswalk names, and one from a removed lane to
        the lowest step of the lane it names, else to the lowest step of their lane paying at least their
        salary (the top if none does); nobody's pay falls at the change (protected, as at a pathways
        conversion).
        """
        rules = self.rules
        # last year's pay per FTE (longevity apart)
        current = self.pay - _longevity(self.sq_rules, self.years, self.cell)
        lane, step = self.own[0], self.own[1]
        self.steps_in_force, self.shape = rules.step_salary, rules
        # every schedule alike: (schedule, lane) -> the lowest step paying at least the salary
        ladder = np.maximum.accumulate(rules.step_salary.reshape(-1, rules.lanes, rules.steps), axis=2)
        by_rule = np.zeros(step.shape, dtype=np.int64)
        for k in range(ladder.shape[0]):
            for j in range(rules.lanes):
                at = (lane == j) & (self.roster.schedule == k)
                by_rule = np.where(at, np.searchsorted(ladder[k, j], current / index, side="left"), by_rule)
        removed = step > rules.steps
        crosswalk = rules.step_crosswalk[np.minimum(step, rules.step_crosswalk.size - 1)]
        by_rule = np.minimum(by_rule + 1, rules.lane_top[lane])
        placed = np.where(removed & (crosswalk > 0), np.minimum(crosswalk, rules.lane_top[lane]), by_rule)
        moved = removed if self.lane_moved is None else removed | self.lane_moved
        self.own[1] = np.where(stay & moved, placed, np.minimum(step, rules.lane_top[lane])).astype(np.int8)
        self._refresh_salary()
        protect = stay & (self.sal * index < current)
        self.floor_at = np.flatnonzero(protect)
        self.floor_pay = current.ravel()[self.floor_at]

    def _move(self, t: int, stay: np.ndarray, d: _Draws) -> None:
        rules, sq_rules = self.rules, self.sq_rules
        share = max(sq_rules.credit_share, rules.credit_share)
        earned_credits = None
        if share > 0:
            earned_credits = np.where(stay & (d.credit < rules.credit_share), rules.credits_per_taker, 0.0)
        self.mcs = self._mcs(rules, t, stay, d) if rules.pay.mc_taken else None
        # The status-quo shadow earns lane credits for MCs by the status quo's rules.
        shadow_mcs = self.mcs if self.status_quo else (
            self._mcs(sq_rules, t, stay, d) if sq_rules.pay.mc_taken and sq_rules.pay.mc_lane_credits else None)
        self.lane, self.step, self.credits = _step_and_lane(
            sq_rules, t, stay, self.lane, self.step, self.credits,
            _with_mc_credits(earned_credits, shadow_mcs, sq_rules))
        if self.own:
            own_credits = _with_mc_credits(earned_credits, self.mcs, rules)
            self.own = list(_step_and_lane(rules, t, stay, *self.own, own_credits))
        if rules.pathways:
            self._earn_aus(t, stay, d, earned_credits)
        if self.mc_base is not None and self.mcs is not None:
            self.mc_base += self.mcs * rules.pay.mc_base

    def _mcs(self, comp: Compiled, t: int, stay: np.ndarray, d: _Draws) -> np.ndarray:
        """MCs each stayer earned last year, credited now (share by pathway, band or overall).
        The pathway is the one held last year, when they were earned: none in year 1's (the base year)."""
        pathway = None
        if comp.pathways and comp.pay.mc_share_by_pathway is not None and t > 1:
            pathway = np.where(self.cell >= 0, comp.pathway_of_cell[np.maximum(self.cell, 0)], -1)
        share = pay_components.mc_share(comp.pay, self.years, pathway)
        return np.where(stay & (d.mc < share), comp.pay.mcs_per_taker, 0.0)

    def _earn_aus(self, t: int, stay: np.ndarray, d: _Draws, earned_credits: np.ndarray | None) -> None:
        """Bank the AUs earned last year; each full block moves an interval, to the ladder's top."""
        rules = self.rules
        earned = rules.au_each_year[self.rating]
        if earned_credits is not None and rules.au_per_credit:
            earned += earned_credits * rules.au_per_credit
        if self.mcs is not None and rules.au_per_mc:
            earned += self.mcs * rules.au_per_mc
        if self.role_au.any():
            earned += self.role_au * self.original
        if np.isfinite(rules.au_cap):
            earned = np.minimum(earned, rules.au_cap)
        self.au += earned * stay
        if rules.step_advance[t]:
            blocks = self.au + BANK_TOLERANCE
            np.floor(np.divide(blocks, rules.au_per_interval, out=blocks), out=blocks)
            moves = np.minimum(blocks.astype(np.int16), rules.intervals_to_top[self.cell])
            moves *= stay
            self.cell += moves
            moved = np.flatnonzero(moves != 0)  # (nonzero on a bool array is several times faster)
            left = self.au.ravel()[moved] - moves.ravel()[moved] * rules.au_per_interval
            left[np.abs(left) < BANK_TOLERANCE] = 0.0  # 2.9999999999999996 AUs spent as 3 leave 0
            self.au.ravel()[moved] = left

    def _promote(self, stay: np.ndarray, was_professional: np.ndarray, d: _Draws,
                 index: float) -> tuple[np.ndarray, np.ndarray]:
        """Review, then Model applications, then Lead vacancies; returns applicants, promoted."""
        rules = self.rules
        model_start, lead_start = rules.pathway_start[MODEL], rules.pathway_start[LEAD]  # cells run in pathway order
        fail = None  # nobody failed a review
        senior = self.cell >= model_start
        if senior.any():
            due = stay & senior & (self.status_years > 0) & (self.status_years % rules.review_cycle == 0)
            if due.any():
                fail = due & (d.review >= rules.review_pass)
                top = interval_cell(rules.pathway_start, PROF, rules.pathway_len[PROF])  # Professional's top
                self._set(fail, np.int16(top))
        rated = self.rating <= rules.min_rating  # (ratings do not change while promoting)
        applied = promoted = np.zeros(stay.shape, dtype=bool)
        if rules.pathway_len[MODEL] and rules.application_rate > 0:
            # Professional when the year started (so a stayer), still Professional, not just failed review.
            eligible = was_professional & (self.cell < model_start) & rated
            if fail is not None:
                eligible &= ~fail
            # One draw: applying is u < a; passing, given applying, is u < a * p.
            applied = eligible & (d.apply < rules.application_rate)
            promoted = applied & (d.apply < rules.application_rate * rules.pass_rate)
            self._place(promoted, MODEL, index)
        if rules.pathway_len[LEAD] and rules.lead_slots:
            in_lead = self.cell >= lead_start
            vacancies = rules.lead_slots - in_lead.sum(axis=1)
            if vacancies.max() > 0:
                # In Model a full year: not promoted, placed by conversion or back from review this year.
                in_model = (self.cell >= model_start) & ~in_lead & (self.status_years > 0)
                candidates = stay & in_model & rated
                self._place(_fill(candidates, d.lead, vacancies), LEAD, index)
        return applied.sum(axis=1), promoted.sum(axis=1)

    def _place(self, who: np.ndarray, pathway: int, index: float) -> None:
        """Promotion lands on the lowest interval paying at least the current salary."""
        flat = np.flatnonzero(who)
        if flat.size == 0:
            return
        current = self.sal.ravel()[flat]
        if self.floor_at.size:  # a protected salary counts as the current salary
            pos = np.minimum(np.searchsorted(self.floor_at, flat), self.floor_at.size - 1)
            protected = self.floor_at[pos] == flat
            current = np.where(protected, np.maximum(current, self.floor_pay[pos] / index), current)
        cell, _ = self.rules.lowest_interval_at_least(pathway, current, self.grid_now)
        self._set(who, cell, flat)

    def _set(self, who: np.ndarray, cell: np.ndarray, flat: np.ndarray | None = None) -> None:
        """Move the chosen teachers to new cells; their status clock restarts."""
        flat = np.flatnonzero(who) if flat is None else flat
        self.cell.ravel()[flat] = cell
        self.sal.ravel()[flat] = self.grid_now[cell]
        self.status_years.ravel()[flat] = 0

    def _rate(self, d: _Draws) -> None:
        """This year's rating, which earns AUs next year."""
        rho = self.rules.persistence
        latent = self.z if rho >= 1 else rho * self.z + np.float32(np.sqrt(1 - rho * rho)) * d.rating
        cuts = self.rules.rating_cuts
        rating = (latent < cuts[0]).astype(np.int8)
        rating += latent < cuts[1]
        rating += latent < cuts[2]
        self.rating = rating

    # --- records ------------------------------------------------------------------------------
    def _record(self, t: int, stipend: np.ndarray | None, growth: dict, counts: dict, rates: Compiled,
                year_pay: pay_components.YearPay | None = None, paid: np.ndarray | None = None) -> None:
        """One year's totals; `rates` gives the roll-up (the status quo's in the base year); `paid`: the
        schedule pay (self.pay @ self.fte) when the year has it already."""
        fte = self.fte
        replicates = self.cell.shape[0]
        zeros = np.zeros(replicates)
        schedule_pay = self.pay @ fte if paid is None else paid
        self.paid = schedule_pay
        conversion = zeros if stipend is None else stipend.sum(axis=1)
        in_base = _total(year_pay.in_base, replicates) + year_pay.unplaced_base if year_pay else zeros
        base_salary = schedule_pay + in_base
        stipends = conversion + (_total(year_pay.as_stipend, replicates) + year_pay.unplaced_stipend
                                 if year_pay else zeros)
        on_salary = schedule_pay + (year_pay.full_rollup if year_pay else 0.0)
        lines = {line: rate * on_salary for line, rate in rates.rollup_lines}
        lines["rollup_stipends"] = rates.rollup_stipend * (conversion + (year_pay.stipend_rollup if year_pay else 0.0))
        fte_sum, headcount, fte_total = self._fte_totals()
        lines["health"] = np.full(replicates, rates.health_per_fte * (1 + rates.health_growth) ** t * fte_sum)
        roll = sum(lines.values())
        au_banked = self.au.sum(axis=1, dtype=float) if self.rules.pathways and t > 0 else zeros
        values = dict.fromkeys(pay_components.COMPONENT_FIELDS, zeros)
        values.update({
            "headcount": headcount, "fte": fte_total,
            "separations": zeros, "hires": zeros, "base_salary": base_salary, "stipends": stipends,
            "rollup": roll, "total_cost": base_salary + stipends + roll,
            "au_banked": au_banked, "model_applicants": zeros, "model_promotions": zeros,
            "schedule_salary": schedule_pay, "conversion_stipend": conversion,
            "au_liability": au_banked * rates.pay.cashout_rate, **lines,
            **dict.fromkeys(TURNOVER_PAY + POSITION_COUNTS, zeros),
        })
        if t > 0:
            values.update(self._mc_lines(replicates))
            values["total_cost"] = values["total_cost"] + values["programme_district"]
        if year_pay:
            values.update(year_pay.lines)
        # As float arrays by replicate (0.0 + x is x + 0.0, bit for bit, -0.0 included).
        values.update({k: zeros + v for k, v in counts.items()})
        values.update({k: zeros + v for k, v in growth.items()})
        for key, by_year in self.records.items():
            by_year.append(values[key])
        self.prev_in_base = in_base
        code = self._distribution_code()
        held = None if self.path is None else np.broadcast_to(self.fte > 0, code.shape).ravel()
        self.cell_counts.append(np.bincount(code.ravel(), weights=held, minlength=len(self.labels)) / replicates)
        # Whole numbers as weights (exact); bands as bincount's own index type, so it converts none.
        held = self.original[0] if replicates == 1 else self.original.sum(axis=0)
        survivors = np.bincount(self._band, weights=held, minlength=len(self.roster.band_labels))
        self.retained.append(survivors / replicates)
        if self.keep_teachers:
            self._keep(t, stipend, year_pay, code)

    def _fte_totals(self) -> tuple[float, np.ndarray, np.ndarray]:
        """FTE, and headcount and FTE by replicate, kept while the positions' FTE is."""
        kept = self._fte_kept
        if kept is None or kept[0] is not self.fte:
            replicates = self.cell.shape[0]
            fte_sum = self.fte.sum()
            kept = self._fte_kept = (self.fte, fte_sum, np.full(replicates, float((self.fte > 0).sum())),
                                     np.full(replicates, fte_sum))
        return kept[1], kept[2], kept[3]

    def _mc_lines(self, replicates: int) -> dict[str, np.ndarray]:
        """The MC programme (counts, fees, coaching, who pays) and the AUs and lane credits MCs earned."""
        pay = self.rules.pay
        if not (pay.mc_taken or pay.mc_renewal):
            return {}
        lines = pay_components.programme(pay, self.mcs, int((self.fte > 0).sum()), replicates)
        earned = lines["mc_earned"]
        lines["mc_aus"] = earned * self.rules.au_per_mc if self.rules.pathways else np.zeros(replicates)
        own_schedule = not self.rules.pathways
        lines["mc_lane_credits"] = earned * pay.mc_lane_credits if own_schedule else np.zeros(replicates)
        return lines

    def _keep(self, t: int, stipend: np.ndarray | None, year_pay: pay_components.YearPay | None,
              code: np.ndarray) -> None:
        """Replicate 0's teachers: salary (with component pay counted as base), stipends, placement.
        The roster's positions only (a closed one is paid 0); added positions are in the totals."""
        n = self.roster.rows
        fte = self.fte[:n]
        salary = self.pay[0, :n] * fte
        stipend0 = np.zeros(n) if stipend is None else stipend[0, :n]
        if year_pay:
            salary = salary + _first(year_pay.in_base, self.fte.size)[:n]
            stipend0 = stipend0 + _first(year_pay.as_stipend, self.fte.size)[:n]
            for line, amount in year_pay.per_position.items():
                self.kept_lines.setdefault(line, {})[t] = np.array(amount[0][:n])
        for key, value in (("salary", salary), ("stipend", stipend0), ("cell", code[0]),
                           ("years", self.years[0]), ("original", self.original[0]), ("au", self.au[0])):
            self.kept[key][t] = value[:n]

    def _distribution_code(self) -> np.ndarray:
        if self.rules.pathways and self.cell.min() >= 0:  # everyone on a pathway (from year 1)
            return pathway_code(self.rules, self.cell, np.intp)  # bincount's own type
        lane, step = (self.own[0], self.own[1]) if self.own else (self.lane, self.step)
        code = self._step_code(lane, step, self.rules)  # labelled by the scenario's own schedule
        if self.rules.pathways:
            code = np.where(self.cell >= 0, pathway_code(self.rules, self.cell), code)
        return code

    def _teacher_arrays(self, years: int) -> dict[str, np.ndarray]:
        """Per-teacher arrays by year; component pay as 'pay.<line>' (zero in years it was not paid)."""
        out = dict(self.kept)
        n = self.roster.rows
        for line, by_year in self.kept_lines.items():
            out[f"pay.{line}"] = np.array([by_year.get(t, np.zeros(n)) for t in range(years)])
        return out

    def result(self, years: np.ndarray) -> Projection:
        roster = self.roster
        base_band_counts = np.bincount(roster.band[:roster.rows], minlength=len(roster.band_labels)).astype(float)
        retention = np.array(self.retained) / np.maximum(base_band_counts, 1)
        return Projection(
            name=self.name, terms=self.terms, years=years,
            totals={k: np.array(self.records[k]) for k in TOTALS},
            growth={k: np.array(self.records[k]) for k in GROWTH},
            retention=retention, bands=list(self.roster.band_labels),
            cells=np.array(self.cell_counts), cell_labels=self.labels,
            teacher=self._teacher_arrays(len(years)) if self.keep_teachers else {},
            converted=self.converted,
        )


def _start_z(bands: np.ndarray, rating: np.ndarray, start_u: np.ndarray, shared: dict | None) -> np.ndarray:
    """Each teacher's persistent rating component: a normal within their rating's band, from their draw."""
    key = bands.tobytes()
    if shared is not None and key in shared:
        return shared[key]
    lo, hi = bands[rating, 0], bands[rating, 1]
    z = ndtri(np.clip(lo + start_u * (hi - lo), 1e-9, 1 - 1e-9)).astype(np.float32)
    if shared is not None:
        shared[key] = z
    return z


def _total(amount: np.ndarray | float, replicates: int) -> np.ndarray:
    """Sum over positions of a (replicates, positions) array, or zeros for a scalar 0."""
    return amount.sum(axis=1) if isinstance(amount, np.ndarray) else np.zeros(replicates)


def _first(amount: np.ndarray | float, n: int) -> np.ndarray:
    """Replicate 0's row of a (replicates, positions) array, or zeros."""
    return amount[0] if isinstance(amount, np.ndarray) else np.zeros(n)


def _with_mc_credits(earned: np.ndarray | None, mcs: np.ndarray | None, rules: Compiled) -> np.ndarray | None:
    """Graduate credits plus the lane credits MCs earn under these terms."""
    if mcs is None or not rules.pay.mc_lane_credits:
        return earned
    extra = mcs * rules.pay.mc_lane_credits
    return extra if earned is None else earned + extra


def _step_and_lane(rules: Compiled, t: int, stay: np.ndarray, lane: np.ndarray, step: np.ndarray,
                   credits: np.ndarray, earned: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One step a year (to the lane's last step); a lane change when banked credits reach the
    next lane's threshold."""
    if rules.step_advance[t]:
        step = np.minimum(step + stay, rules.lane_top[lane])  # int8 + bool stays int8
    if earned is not None:
        credits += earned  # in place, as below
    if rules.credits_move_lanes:
        threshold = rules.next_lane_credits[lane]
        move = stay & (credits + BANK_TOLERANCE >= threshold)
        if move.any():
            moved = np.flatnonzero(move)
            # In place, for the movers only: everyone else's lane and step are as they were. The new lane may
            # end earlier.
            lane.ravel()[moved] += 1
            step.ravel()[moved] = np.minimum(step.ravel()[moved], rules.lane_top[lane.ravel()[moved]])
            left = credits.ravel()[moved] - threshold.ravel()[moved]
            left[np.abs(left) < BANK_TOLERANCE] = 0.0  # 2.9999999999999996 credits spent as 3 leave 0
            credits.ravel()[moved] = left  # in place: the caller replaces its credits with the result
    return lane, step, credits


def _longevity(rules: Compiled, years: np.ndarray, cell: np.ndarray) -> np.ndarray | float:
    """Longevity pay per FTE by years of service, on the step-and-lane schedule (0 when there is none)."""
    if not rules.longevity_paid:
        return 0.0
    pay = rules.longevity[np.minimum(years, rules.longevity.size - 1)]
    return np.where(cell < 0, pay, 0.0) if rules.pathways else pay


def _fill(candidates: np.ndarray, draw: np.ndarray, vacancies: np.ndarray) -> np.ndarray:
    """In each replicate, the `vacancies` candidates with the lowest draws."""
    vacancies = np.maximum(vacancies, 0)
    k = int(min(vacancies.max(initial=0), candidates.shape[1]))
    if k == 0 or not candidates.any():
        return np.zeros(candidates.shape, dtype=bool)
    score = np.where(candidates, draw, 2.0)
    smallest = np.sort(np.partition(score, k - 1, axis=1)[:, :k], axis=1)
    threshold = smallest[np.arange(len(score)), np.clip(vacancies - 1, 0, k - 1)]
    return candidates & (score <= threshold[:, None]) & (vacancies > 0)[:, None]


def _cell_labels(terms: Terms, rules: Compiled) -> list[tuple[str, str, int]]:
    sched = terms.step_schedule  # a published schedule's cells carry its own step labels (3A, 50)
    labels = [("step_and_lane", lane, sched.label(s) if sched.labels else s) for lane in sched.lanes
              for s in range(1, rules.steps + 1)]
    for p, name in enumerate(PATHWAYS):
        labels += [("pathways", name, k) for k in range(1, int(rules.pathway_len[p]) + 1)]
    return labels
