"""State-wide costing: one state policy applied on top of every district's own status quo.

A policy is a workbook with a `Policy` sheet of the same overrides a proposal uses, grouped in named
parts, each with the share of its cost the state pays (the rest falls on the district). A part's cost
is its marginal cost: the parts are added one after another in the sheet's order, and each part costs
what it adds to the district's spending (total cost plus any outside funding line) over the parts
before it. The special parameter `state.minimum_salary` raises every schedule cell (step and lane, and
pathway intervals where a district has them) below that amount to it in the base-year schedule; later
on-scale raises apply to those cells as to every other.

Each district is one task (a large district with many replicates is split into replicate blocks, each
with its own seed: block b uses seed + b, so block 0 is the district's own run). Tasks carry workbook
bytes, never open files, and return small tidy frames; they run in this process (`run_serial`) or on a
Dask cluster (`models.state_dask`), with identical results.
"""

from __future__ import annotations

import io
import math
import zipfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl.utils.exceptions import CellCoordinatesException, InvalidFileException

from models import sheets, workbook
from models.archive import FILE, _check_package, _short
from models.engine import project
from models.inputs import Inputs
from models.parameters import PATHWAYS, Context, coerce, find, to_number
from models.problems import InputError, Problems, Words
from models.reader import _table
from models.sheet_rows import _locate_unreadable, _out_of_memory, _sheet_rows
from models.terms import SALARY_EXPECTED, STATUS_QUO, as_salary, status_quo_terms

POLICY_SHEET = sheets.SheetSpec("Policy", True, "The state policy: overrides in named parts, with the state's share.", (
    sheets.Column("part", True, "A name for a part of the policy (its cost is shown on its own)."),
    sheets.Column("parameter", True, "A parameter a proposal may override (see docs/workbook.md), or "
                                "state.minimum_salary."),
    sheets.Column("value", True, "The value the policy sets."),
    sheets.Column("state_share", False, "Share of this part's cost the state pays, 0 to 1 (blank: 1, all of it)."),
    sheets.Column("note", False, "Where the figure comes from."),
))
MINIMUM = "state.minimum_salary"
SPENDING = ("total_cost", "outside_funding")  # what all payers spend: the district's cost + outside funding
BLOCK_TEACHER_REPLICATES = 2_000_000  # a larger district x replicates is split into replicate blocks
# What reading a damaged workbook raises (openpyxl, zipfile, the XML parser: SyntaxError is ElementTree's
# ParseError and lxml's XMLSyntaxError), each met on a damaged policy file: XML cut short, a part missing or
# named by no relation, a style or cell of the wrong type, a style that is not there. Anything else (memory
# running out, a bug) is no fault of the file and is not reported as one: it goes up, as the rest of the
# reader lets it.
DAMAGED = (SyntaxError, ValueError, TypeError, KeyError, IndexError, OSError, EOFError, zipfile.BadZipFile,
           zlib.error, CellCoordinatesException, InvalidFileException)


@dataclass(frozen=True)
class Part:
    name: str
    overrides: tuple[tuple[str, Any], ...]
    state_share: float
    minimum_salary: float | None = None
    note: str = ""


@dataclass(frozen=True)
class Policy:
    title: str
    parts: tuple[Part, ...]


@dataclass(frozen=True)
class Task:
    """One district (or one replicate block of it): everything a worker needs, as plain values."""

    district: str
    data: bytes
    policy: Policy
    years: int | None
    replicates: int
    block: int = 0
    block_replicates: int = 0  # 0: all the replicates
    first_replicate: int = 0  # the number of this block's first replicate among the district's


@dataclass
class TaskResult:
    district: str
    block: int
    costs: pd.DataFrame | None  # long: district, block, replicate, year, scenario, spending
    teachers: float = 0.0  # FTE in the base year
    headcount: int = 0
    fingerprint: str = ""
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0  # the whole task: reading the workbook and projecting
    read_seconds: float = 0.0  # reading and checking the workbook
    teacher_years: int = 0


# --- the policy workbook ---------------------------------------------------------------------------
def read_policy(source: str | bytes | Any, title: str = "State policy") -> Policy:
    """The policy's parts, checked; raises InputError naming sheet, row and column."""
    data = workbook_bytes(source)
    problems = Problems()
    rows = _policy_rows(data, problems)
    problems.raise_if_any("The policy workbook")
    parts: dict[str, dict] = {}
    for number, cells in _table(rows, POLICY_SHEET, problems, []):
        name = cells["part"]
        if name is None or str(name).strip() == "":
            problems.add("Policy", number, "part", name, "a name for the part")
            continue
        if sheets.normalise(name) == sheets.normalise(STATUS_QUO):
            problems.add("Policy", number, "part", name, "a name other than 'Status quo'")
            continue
        part = parts.setdefault(str(name).strip(), {"overrides": {}, "share": None, "minimum": None,
                                                     "rows": {}, "notes": []})
        _policy_row(problems, number, cells, part)
    if not parts and not problems.items:
        problems.add("Policy", 2, "part", None, "at least one part of the policy")
    problems.raise_if_any("The policy workbook")
    return Policy(title, tuple(
        Part(name, tuple(p["overrides"].items()), 1.0 if p["share"] is None else p["share"], p["minimum"],
             "; ".join(p["notes"])) for name, p in parts.items()))


def workbook_bytes(source: str | bytes | Any) -> bytes:
    if isinstance(source, bytes):
        return source
    if hasattr(source, "read"):
        return source.read()
    with open(source, "rb") as file:
        return file.read()


def _policy_rows(data: bytes, problems: Problems) -> list:
    from openpyxl import load_workbook

    if _check_package(data, problems) is None:
        return []
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
        try:
            sheet = next((ws for ws in book.worksheets if sheets.normalise(ws.title) == "policy"), None)
            if sheet is None:
                problems.add(FILE, None, None, Words(f"sheets {', '.join(book.sheetnames)}"),
                             "a sheet named 'Policy' (columns part, parameter, value, state_share)")
                return []
            try:
                return _sheet_rows(sheet, None, problems)
            except DAMAGED:  # a cell openpyxl cannot read: found, to say where it is
                if not _locate_unreadable(book, sheet, problems):
                    raise
                return []
        finally:
            book.close()
    except DAMAGED as exc:
        _out_of_memory(exc)
        cause = exc.__cause__ or exc  # openpyxl wraps what went wrong in a ValueError
        problems.add(FILE, None, None, Words(f"a damaged workbook ({type(cause).__name__}: {_short(cause)})"),
                     "a workbook Excel can open: open it in Excel and save it again as .xlsx")
        return []


def _policy_row(problems: Problems, number: int, cells: dict, part: dict) -> None:
    key = str(cells["parameter"] or "").strip()
    share = cells.get("state_share")
    if share is not None:
        value = _number(share)
        if value is None or not 0 <= value <= 1:
            problems.add("Policy", number, "state_share", share, "a share from 0 to 1 (e.g. 0.5 or 50%)")
        elif part["share"] is not None and part["share"] != value:
            problems.add("Policy", number, "state_share", share, f"the same share on every row of a part "
                         f"(this part says {part['share']:g} above)")
        else:
            part["share"] = value
    if not key:
        problems.add("Policy", number, "parameter", None, "a parameter to override")
        return
    if key in part["rows"]:
        problems.add("Policy", number, "parameter", key, f"each parameter once per part (also on row "
                     f"{part['rows'][key]})")
        return
    part["rows"][key] = number
    if cells.get("note"):
        part["notes"].append(f"{key}: {cells['note']}")
    if key == MINIMUM:
        value = as_salary(cells["value"])
        if value is None:
            problems.add("Policy", number, "value", cells["value"], SALARY_EXPECTED)
        part["minimum"] = value
        return
    problem = _check_override(key, cells["value"])
    if problem:
        problems.add("Policy", number, problem[0], key if problem[0] == "parameter" else cells["value"], problem[1])
        return
    part["overrides"][key] = cells["value"]


def _check_override(key: str, value: Any) -> tuple[str, str] | None:
    """What is wrong with a policy row that can be told without a district (lanes are each district's own)."""
    if key.startswith(("step_salary.", "pathway_salary.")):
        return None if as_salary(value) is not None else ("value", SALARY_EXPECTED)
    param, _, bad = find(key, Context())
    if param is None:
        return ("parameter", bad or "a known parameter")
    if param.placeholder == "lane":
        return None  # checked against each district's lanes when its task runs
    if bad:
        return ("parameter", bad)
    if not param.in_proposals:
        return ("parameter", "a contract term or assumption, not a global setting")
    _, wrong = coerce(param, value)
    return ("value", wrong) if wrong else None


def _number(value: Any) -> float | None:
    number = to_number(value)
    return number if number is not None and math.isfinite(number) else None


# --- one district ----------------------------------------------------------------------------------
def scenarios(inputs: Inputs, policy: Policy) -> list[tuple[str, Any]]:
    """The status quo, then the status quo with the policy's parts added one after another."""
    sq = status_quo_terms(inputs.baseline)
    out = [(STATUS_QUO, sq)]
    overrides: dict[str, Any] = {}
    terms = sq
    for part in policy.parts:
        overrides.update(part.overrides)
        terms = sq.with_overrides(overrides, what=f"The policy part '{part.name}'")
        if part.minimum_salary is not None:
            cells = _minimum_overrides(terms, part.minimum_salary)
            overrides.update(cells)
            terms = terms.with_overrides(cells, what="The state minimum salary") if cells else terms
        out.append((part.name, terms))
    return out


def _minimum_overrides(terms: Any, minimum: float) -> dict[str, float]:
    sched = terms.step_schedule
    cells = {f"step_salary.{lane}.{sched.label(s)}": minimum for s, row in enumerate(sched.salaries, 1)
             for lane, salary in zip(sched.lanes, row, strict=True) if salary is not None and salary < minimum}
    for name, row in zip(PATHWAYS, terms.pathways.salaries, strict=True):
        cells.update({f"pathway_salary.{name}.{k}": minimum for k, s in enumerate(row, 1) if s < minimum})
    return cells


def cost_task(task: Task) -> TaskResult:
    """Cost one district (or one replicate block): never raises for a district's own bad input."""
    import time

    start = time.perf_counter()
    try:
        inputs = workbook.read(task.data)
        plan = scenarios(inputs, task.policy)
    except InputError as exc:
        return TaskResult(task.district, task.block, None, problems=[str(p) for p in exc.problems])
    read = time.perf_counter() - start
    base = inputs.baseline
    replicates = task.block_replicates or task.replicates
    seed = int(base["seed"]) + task.block
    runs = project(inputs, plan, horizon=task.years, replicates=replicates, seed=seed, keep_teachers=False)
    frames = []
    first = task.first_replicate
    for run in runs:
        spending = sum(run.totals[k] for k in SPENDING if k in run.totals)
        years, reps = spending.shape
        frames.append(pd.DataFrame({
            "district": task.district, "block": task.block,
            "replicate": np.tile(np.arange(first, first + reps), years),
            "year": np.repeat(run.years, reps), "scenario": run.name, "spending": spending.reshape(-1)}))
    n = len(inputs.roster)
    horizon = len(runs[0].years) - 1
    return TaskResult(task.district, task.block, pd.concat(frames, ignore_index=True),
                      teachers=float(inputs.roster["fte"].sum()), headcount=n, fingerprint=inputs.fingerprint,
                      seconds=time.perf_counter() - start, read_seconds=read,
                      teacher_years=n * horizon * replicates * len(runs))


def tasks(districts: Iterable[tuple[str, bytes]], policy: Policy, years: int | None = None,
          replicates: int = 1, teachers_of: Callable[[bytes], int] | None = None) -> list[Task]:
    """One task a district; a district whose teachers x replicates exceed the block size is split."""
    out = []
    for name, data in districts:
        n = teachers_of(data) if teachers_of and replicates > 1 else 0  # one replicate is never split
        size = replicates if n * replicates <= BLOCK_TEACHER_REPLICATES else max(
            1, BLOCK_TEACHER_REPLICATES // max(n, 1))
        if size >= replicates:
            out.append(Task(name, data, policy, years, replicates))
            continue
        blocks = math.ceil(replicates / size)
        out += [Task(name, data, policy, years, replicates, b, min(size, replicates - b * size), b * size)
                for b in range(blocks)]
    return out


def run_serial(all_tasks: Sequence[Task], progress: Callable[[TaskResult], None] | None = None
               ) -> list[TaskResult]:
    """Every task in this process, in order: the reference the cluster run must equal."""
    results = []
    for task in all_tasks:
        results.append(cost_task(task))
        if progress:
            progress(results[-1])
    return results


# --- the state's figures ---------------------------------------------------------------------------
@dataclass
class StateResult:
    policy: Policy
    by_district: pd.DataFrame  # district, year, status quo, policy, added, each part, state, district share
    totals: pd.DataFrame  # year: the same summed over districts (+ P10/P90 when replicates > 1)
    ranking: pd.DataFrame  # districts by added cost per teacher over the horizon
    refused: pd.DataFrame  # district, problem
    replicates: int


def summarise(policy: Policy, results: Sequence[TaskResult]) -> StateResult:
    """Per district and year: status quo, with the policy, what it adds, and who pays; totals; ranking."""
    good = [r for r in results if r.costs is not None]
    refused = pd.DataFrame([(r.district, p) for r in results if r.costs is None for p in r.problems],
                           columns=["district", "problem"])
    if not good:
        empty = pd.DataFrame()
        return StateResult(policy, empty, empty, empty, refused, 0)
    long = pd.concat([r.costs for r in good], ignore_index=True)
    wide = long.pivot_table(index=["district", "replicate", "year"], columns="scenario", values="spending",
                            aggfunc="first", sort=False)
    part_names = [p.name for p in policy.parts]
    per_rep = _shares(wide, policy, part_names)
    replicates = int(per_rep.index.get_level_values("replicate").nunique())
    by_district = per_rep.groupby(level=["district", "year"], sort=False).mean()
    totals = per_rep.groupby(level=["replicate", "year"]).sum().groupby(level="year").mean()
    if replicates > 1:
        state_by_rep = per_rep.groupby(level=["replicate", "year"]).sum()
        for column in ("added", "state_pays"):
            q = state_by_rep[column].groupby(level="year")
            totals[f"{column}_p10"] = q.quantile(0.10)
            totals[f"{column}_p90"] = q.quantile(0.90)
        q = per_rep["added"].groupby(level=["district", "year"], sort=False)
        by_district["added_p10"] = q.quantile(0.10)
        by_district["added_p90"] = q.quantile(0.90)
    teachers = pd.Series({r.district: r.teachers for r in good if r.block == 0})
    by_district = by_district.round(2).reset_index()
    totals = totals.round(2).reset_index()
    return StateResult(policy, by_district, totals, _ranking(by_district, teachers), refused, replicates)


def _shares(wide: pd.DataFrame, policy: Policy, part_names: list[str]) -> pd.DataFrame:
    out = pd.DataFrame(index=wide.index)
    out["status_quo"] = wide[STATUS_QUO]
    out["with_policy"] = wide[part_names[-1]]
    out["added"] = out["with_policy"] - out["status_quo"]
    state = 0.0
    before = wide[STATUS_QUO]
    for part in policy.parts:
        cost = wide[part.name] - before
        out[f"part: {part.name}"] = cost
        state = state + part.state_share * cost
        before = wide[part.name]
    out["state_pays"] = state
    out["district_pays"] = out["added"] - out["state_pays"]
    return out


def _ranking(by_district: pd.DataFrame, teachers: pd.Series) -> pd.DataFrame:
    later = by_district[by_district["year"] > by_district["year"].min()]
    over = later.groupby("district", sort=False)[["added", "state_pays", "district_pays"]].sum()
    over["fte"] = teachers.reindex(over.index)
    over["added_per_teacher"] = (over["added"] / over["fte"]).round(2)
    over = over.sort_values("added_per_teacher", ascending=False).reset_index()
    over.insert(0, "rank", range(1, len(over) + 1))
    return over


def teachers_in(data: bytes) -> int:
    """About how many positions a district workbook holds (its Roster sheet's rows), for sizing its tasks
    without validating it: 0 when that cannot be told."""
    from openpyxl import load_workbook

    if _check_package(data, Problems()) is None:
        return 0
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, keep_links=False)
        try:
            sheet = next((ws for ws in book.worksheets if sheets.normalise(ws.title) == "roster"), None)
            if sheet is None:
                return 0
            # A written-by-program file may declare no used range: count the rows of the first column.
            return max(sum(1 for _ in sheet.iter_rows(min_col=1, max_col=1, values_only=True)) - 1, 0)
        finally:
            book.close()
    except Exception:  # a damaged file: its own task reports it
        return 0


# --- the command line's and the page's helpers ------------------------------------------------------
def district_files(folder: str | Path, policy_file: str | Path | None = None) -> list[tuple[str, bytes]]:
    """Every .xlsx in the folder but the policy's own file (and Excel's ~$ lock files), by name."""
    folder = Path(folder)
    skip = Path(policy_file).resolve() if policy_file else None
    files = sorted(p for p in folder.glob("*.xlsx") if not p.name.startswith("~$") and p.resolve() != skip
                   and not _is_policy(p))
    return [(p.name, p.read_bytes()) for p in files]


def _is_policy(path: Path) -> bool:
    return path.stem.lower() == "policy"


MONEY = '"$"#,##0;-"$"#,##0'
WORDS = {"district": "District", "year": "Year", "status_quo": "Status quo", "with_policy": "With the policy",
         "added": "Added by the policy", "state_pays": "State pays", "district_pays": "Districts pay",
         "added_p10": "Added, 10th percentile", "added_p90": "Added, 90th percentile",
         "state_pays_p10": "State pays, 10th percentile", "state_pays_p90": "State pays, 90th percentile",
         "rank": "Rank", "fte": "Teachers (FTE)", "added_per_teacher": "Added per teacher (FTE)",
         "problem": "Problem"}


def write_xlsx(result: StateResult, target: str | Path | Any) -> None:
    """The state's figures as a workbook a finance office reads: totals, districts, ranking, refusals."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    policy = pd.DataFrame([(p.name, k, v, p.state_share) for p in result.policy.parts
                           for k, v in (p.overrides or (("state.minimum_salary", p.minimum_salary),))],
                          columns=["Part", "Parameter", "Value", "State share"])
    for title, frame in (("State totals", result.totals), ("Districts by year", result.by_district),
                         ("Ranking", result.ranking), ("Refused", result.refused), ("Policy", policy)):
        sheet = book.create_sheet(title)
        shown = frame.rename(columns=word)
        sheet.append([str(c) for c in shown.columns])
        for row in shown.itertuples(index=False):
            sheet.append([v.item() if hasattr(v, "item") else v for v in row])
        for j, column in enumerate(shown.columns, 1):
            letter = get_column_letter(j)
            sheet.column_dimensions[letter].width = max(12, min(40, len(str(column)) + 2))
            if pd.api.types.is_float_dtype(shown[column]) and column not in ("State share", "Value"):
                for cell in sheet[letter][1:]:
                    cell.number_format = MONEY
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
    book.save(target)


def text_table(result: StateResult) -> str:
    """The state totals by year, in $ millions, for the command line."""
    shown = result.totals.set_index("year")
    columns = [c for c in shown.columns if not c.endswith(("_p10", "_p90"))]
    lines = [(shown[columns] / 1e6).round(2).rename(columns=word).to_string()]
    if result.replicates > 1:
        spread = shown[["added_p10", "added_p90"]] / 1e6
        lines.append("\nAdded by the policy, 10th to 90th percentile of replicates, $ millions")
        lines.append(spread.round(2).rename(columns=WORDS).to_string())
    return "\n".join(lines)


def word(column: str) -> str:
    return WORDS.get(column, column.replace("part: ", "Part: "))
