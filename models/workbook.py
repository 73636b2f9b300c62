"""Read, validate and write the shared budget workbook (openpyxl).

read() reports every problem at once, each naming sheet, row and column, the value found and
what is expected; it never lets a parsing exception through.
"""

from __future__ import annotations

import csv
import io
import math
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell

from models import parameters as P
from models import sheets as S
from models.inputs import ROSTER_COLUMNS, Inputs, canonical_roster
from models.problems import Problems
from models.terms import PathwayGrid, Proposal, StepSchedule, Terms, check_terms, resolve_params

Rows = list[tuple[int, tuple]]  # (row number as the user sees it, values)
Source = str | Path | bytes | BinaryIO
IGNORED_SHEETS = ("readme", "results")


# --- reading --------------------------------------------------------------------------------
def read(source: Source, roster_csv: Source | None = None) -> Inputs:
    """The workbook's inputs, validated; raises InputError listing every problem."""
    problems = Problems()
    notices: list[str] = []
    tables = _open_xlsx(_bytes(source), problems, notices)
    if roster_csv is not None:
        tables["Roster"] = _csv_rows(_bytes(roster_csv), problems)
        notices.append("The roster comes from the CSV file, not the workbook's Roster sheet.")
    problems.raise_if_any()
    for spec in S.SHEETS:
        if spec.required and spec.name not in tables:
            problems.add(spec.name, None, None, None, f"a sheet named '{spec.name}' ({spec.meaning})")
    problems.raise_if_any()
    return build_inputs(tables, problems, notices)


def _bytes(source: Source) -> bytes:
    if isinstance(source, bytes):
        return source
    if isinstance(source, (str, Path)):
        return Path(source).read_bytes()
    return source.read()


def _open_xlsx(data: bytes, problems: Problems, notices: list[str]) -> dict[str, Rows]:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        problems.add("(file)", None, None, f"{len(data)} bytes",
                     "an .xlsx workbook (Excel 2007 or later, not password-protected)")
        return {}
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        problems.add("(file)", None, None, type(exc).__name__, f"a readable .xlsx workbook ({exc})")
        return {}
    tables: dict[str, Rows] = {}
    try:
        for ws in book.worksheets:
            spec = S.sheet_spec(ws.title)
            if spec is None:
                if not S.normalise(ws.title).startswith(IGNORED_SHEETS):
                    notices.append(f"Sheet '{ws.title}' is not one the workbench reads; ignored.")
                continue
            tables[spec.name] = [(i, row) for i, row in enumerate(ws.iter_rows(values_only=True), 1)
                                 if any(_clean(v) is not None for v in row)]
    finally:
        book.close()
    return tables


def _csv_rows(data: bytes, problems: Problems) -> Rows:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.add("Roster (CSV)", None, None, "undecodable bytes", "a UTF-8 text CSV file")
        return []
    reader = csv.reader(io.StringIO(text))
    return [(i, tuple(row)) for i, row in enumerate(reader, 1) if any(c.strip() for c in row)]


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _table(rows: Rows, spec: S.SheetSpec, problems: Problems, notices: list[str]) -> list[tuple[int, dict]]:
    """Rows as {column: value}, after matching the header; problems for missing columns."""
    if not rows:
        problems.add(spec.name, None, None, "an empty sheet", f"a header row and data ({spec.meaning})")
        return []
    header_row, header = rows[0]
    found, names, unknown = S.match_columns(list(header), spec)
    if names:
        notices.append(f"Sheet '{spec.name}': name-like column(s) {', '.join(names)} dropped on load; "
                       "the workbench needs no names.")
    if unknown and spec is not S.STEP_SCHEDULE:
        notices.append(f"Sheet '{spec.name}': column(s) {', '.join(unknown)} not used.")
    for column in spec.columns:
        if column.required and column.name not in found:
            problems.add(spec.name, header_row, column.name, None,
                         f"a column '{column.name}' in the header row ({column.meaning})")
    if any(c.required and c.name not in found for c in spec.columns):
        return []
    out = []
    for number, values in rows[1:]:
        cells = {name: _clean(values[i]) if i < len(values) else None for name, i in found.items()}
        out.append((number, cells))
    return out


def _number(problems: Problems, sheet: str, row: int, column: str, value: Any, *, low: float,
            high: float, whole: bool = False, low_open: bool = False, blank: Any = "required") -> Any:
    """A checked number from a cell; None (with a problem recorded) if it is not acceptable."""
    if value is None:
        if blank != "required":
            return blank
        problems.add(sheet, row, column, value, _range_words(low, high, whole, low_open))
        return None
    number = P.to_number(value)
    bad = (number is None or not math.isfinite(number) or number > high
           or (number <= low if low_open else number < low)
           or (whole and number != int(number)))
    if bad:
        problems.add(sheet, row, column, value, _range_words(low, high, whole, low_open))
        return None
    return int(number) if whole else number


def _range_words(low: float, high: float, whole: bool, low_open: bool) -> str:
    kind = "a whole number" if whole else "a number"
    return f"{kind} {'above' if low_open else 'from'} {low:g} {'and at most' if low_open else 'to'} {high:g}"


def build_inputs(tables: dict[str, Rows], problems: Problems, notices: list[str]) -> Inputs:
    schedule = _step_schedule(tables["StepSchedule"], problems)
    grid = _pathways(tables.get("Pathways", []), problems, notices) if "Pathways" in tables else PathwayGrid()
    roster = _roster(tables["Roster"], schedule, grid, problems, notices)
    roles = tuple(sorted({r for r in roster.get("role", []) if r}))
    ctx = P.Context(lanes=schedule.lanes if schedule else (), roles=roles)
    given, sources = {}, {}
    for sheet in ("Rules", "Assumptions"):
        _key_values(tables[sheet], S.RULES if sheet == "Rules" else S.ASSUMPTIONS, ctx, given, sources,
                    problems, notices)
    budget = _pairs(tables.get("Budget"), S.BUDGET, problems, notices, ("year", 1950, 2200, True),
                    ("amount", 0, 1e13, False))
    market = _pairs(tables.get("Market"), S.MARKET, problems, notices, ("years_experience", 0, 70, True),
                    ("salary", 0, 1e7, False))
    problems.raise_if_any()
    ratings = roster["rating"].value_counts(normalize=True).to_dict()
    params = resolve_params(given, schedule.lanes, ratings, grid.defined)
    baseline = Terms(schedule, grid, tuple(sorted(params.items())))
    check_terms(baseline, problems, sheet="Rules/Assumptions")
    problems.raise_if_any()
    about = tuple((str(c["topic"]), str(c["note"])) for _, c in _table(tables["About"], S.ABOUT, problems, notices)
                  if c["topic"] and c["note"]) if "About" in tables else ()
    proposals = _proposals(tables.get("Proposals"), baseline, problems, notices)
    problems.raise_if_any()
    all_sources = {p.key: p.source for p in P.REGISTRY}
    for key in params:
        param, _, _ = P.find(key, ctx)
        if param is not None:
            all_sources[key] = param.source
    all_sources.update(sources)
    return Inputs(roster=canonical_roster(roster), baseline=baseline, proposals=proposals,
                  budget=tuple(sorted(budget)), market=tuple(sorted(market)),
                  sources=tuple(sorted(all_sources.items())), notices=tuple(notices), about=about)


def _step_schedule(rows: Rows, problems: Problems) -> StepSchedule | None:
    sheet = "StepSchedule"
    if not rows:
        problems.add(sheet, None, None, "an empty sheet", "a header row: step, then one column per lane")
        return None
    header_row, header = rows[0]
    header = [_clean(h) for h in header]
    while header and header[-1] is None:
        header.pop()
    if not header or S.normalise(header[0]) not in ("step", "steps", "salarystep"):
        problems.add(sheet, header_row, "A", header[0] if header else None, "'step' as the first header")
        return None
    lanes = [str(h) for h in header[1:]]
    if not lanes or any(h is None for h in header[1:]) or len(set(lanes)) != len(lanes):
        problems.add(sheet, header_row, None, ", ".join(map(str, header[1:])),
                     "one named, distinct column per lane after 'step' (e.g. BA, MA, MA+30, PhD)")
        return None
    salaries = []
    for expected_step, (number, values) in enumerate(rows[1:], start=1):
        step = _number(problems, sheet, number, "step", _clean(values[0]), low=1, high=99, whole=True)
        if step is not None and step != expected_step:
            problems.add(sheet, number, "step", step, f"step {expected_step} (steps run 1, 2, 3 ... in order)")
        row = []
        for j, lane in enumerate(lanes, start=1):
            value = _clean(values[j]) if j < len(values) else None
            row.append(_number(problems, sheet, number, lane, value, low=0, high=1e7, low_open=True))
        salaries.append(tuple(row))
    if not salaries:
        problems.add(sheet, header_row + 1, None, None, "at least one step row of salaries")
    return StepSchedule(tuple(lanes), tuple(salaries))


def _pathways(rows: Rows, problems: Problems, notices: list[str]) -> PathwayGrid:
    sheet = "Pathways"
    by_pathway: dict[str, dict[int, float]] = {p: {} for p in P.PATHWAYS}
    for number, cells in _table(rows, S.PATHWAYS, problems, notices):
        name = _pathway_name(cells["pathway"])
        if name is None:
            problems.add(sheet, number, "pathway", cells["pathway"], f"one of {', '.join(P.PATHWAYS)}")
            continue
        interval = _number(problems, sheet, number, "interval", cells["interval"], low=1, high=99, whole=True)
        salary = _number(problems, sheet, number, "salary", cells["salary"], low=0, high=1e7, low_open=True)
        if interval is None or salary is None:
            continue
        if interval in by_pathway[name]:
            problems.add(sheet, number, "interval", interval, f"each {name} interval once")
        by_pathway[name][interval] = salary
    rows_out = []
    for name, cells in by_pathway.items():
        if cells and sorted(cells) != list(range(1, len(cells) + 1)):
            problems.add(sheet, None, "interval", sorted(cells), f"{name} intervals numbered 1, 2, 3 ... with no gap")
        rows_out.append(tuple(cells[k] for k in sorted(cells)))
    return PathwayGrid(tuple(rows_out))


def _pathway_name(value: Any) -> str | None:
    key = S.normalise(value)
    return next((p for p in P.PATHWAYS if p.lower() == key), None)


def _roster(rows: Rows, schedule: StepSchedule | None, grid: PathwayGrid, problems: Problems,
            notices: list[str]) -> pd.DataFrame:
    sheet = "Roster"
    lanes = {S.normalise(lane): lane for lane in (schedule.lanes if schedule else ())}
    steps = schedule.steps if schedule else 99
    records, seen, unrated = [], {}, 0
    for number, cells in _table(rows, S.ROSTER, problems, notices):
        rec: dict[str, Any] = {}
        eid = cells.get("employee_id")
        if isinstance(eid, float) and eid.is_integer():
            eid = int(eid)
        if eid is None:
            problems.add(sheet, number, "employee_id", None, "a unique id")
        elif str(eid) in seen:
            problems.add(sheet, number, "employee_id", eid, f"a unique id (also on row {seen[str(eid)]})")
        else:
            seen[str(eid)] = number
        rec["employee_id"] = str(eid)
        rec["fte"] = _number(problems, sheet, number, "fte", cells["fte"], low=0, high=1, low_open=True)
        rec["years_experience"] = _number(problems, sheet, number, "years_experience",
                                          cells["years_experience"], low=0, high=70, whole=True)
        lane = lanes.get(S.normalise(cells["lane"])) if cells["lane"] is not None else None
        if lane is None and schedule:
            problems.add(sheet, number, "lane", cells["lane"],
                         f"a lane of the StepSchedule: {', '.join(schedule.lanes)}")
        rec["lane"] = lane
        rec["step"] = _number(problems, sheet, number, "step", cells["step"], low=1, high=steps, whole=True)
        rating = cells.get("rating")
        if rating is None:
            unrated += 1
            rec["rating"] = "effective"
        else:
            rec["rating"] = P.normalise_rating(rating)
            if rec["rating"] is None:
                problems.add(sheet, number, "rating", rating,
                             "Highly effective, Effective, Developing or Ineffective (or blank)")
        for col in ("school", "role"):
            rec[col] = "" if cells.get(col) is None else str(cells[col])
        for col in ("credits_banked", "au_banked"):
            rec[col] = _number(problems, sheet, number, col, cells.get(col), low=0, high=1000, blank=0.0)
        _placement(rec, cells, number, grid, problems)
        records.append(rec)
    if not records and not any(p.sheet == sheet for p in problems.items):
        problems.add(sheet, None, None, "no teachers", "at least one teacher row under the header")
    if unrated:
        notices.append(f"Roster: {unrated} teacher(s) have no rating; counted as Effective.")
    return pd.DataFrame(records, columns=list(ROSTER_COLUMNS))


def _placement(rec: dict, cells: dict, number: int, grid: PathwayGrid, problems: Problems) -> None:
    pathway, interval = cells.get("pathway"), cells.get("interval")
    rec["pathway"], rec["interval"] = "", None
    if pathway is None and interval is None:
        return
    name = _pathway_name(pathway)
    if name is None or grid.intervals(name) == 0:
        problems.add("Roster", number, "pathway", pathway, "a pathway of the Pathways sheet, or blank")
        return
    rec["pathway"] = name
    rec["interval"] = _number(problems, "Roster", number, "interval", interval, low=1,
                              high=grid.intervals(name), whole=True)


def _key_values(rows: Rows, spec: S.SheetSpec, ctx: P.Context, given: dict, sources: dict,
                problems: Problems, notices: list[str]) -> None:
    seen: dict[str, int] = {}
    for number, cells in _table(rows, spec, problems, notices):
        key = None if cells["key"] is None else str(cells["key"])
        if key is None:
            problems.add(spec.name, number, "key", None, "a parameter key (see docs/workbook.md)")
            continue
        if key in seen:
            problems.add(spec.name, number, "key", key, f"each key once (also on row {seen[key]})")
            continue
        seen[key] = number
        param, _, bad = P.find(key, ctx)
        if bad or param is None:
            problems.add(spec.name, number, "key", key, bad or "a known parameter key")
            continue
        value, bad = P.coerce(param, cells["value"])
        if bad:
            problems.add(spec.name, number, "value", cells["value"], f"{bad} for {key}")
            continue
        given[key] = value
        if cells.get("source"):
            sources[key] = str(cells["source"])


def _pairs(rows: Rows | None, spec: S.SheetSpec, problems: Problems, notices: list[str],
           first: tuple, second: tuple) -> list[tuple[Any, float]]:
    if rows is None:
        return []
    out, seen = [], set()
    for number, cells in _table(rows, spec, problems, notices):
        a = _number(problems, spec.name, number, first[0], cells[first[0]], low=first[1], high=first[2],
                    whole=first[3])
        b = _number(problems, spec.name, number, second[0], cells[second[0]], low=second[1],
                    high=second[2], whole=second[3])
        if a in seen:
            problems.add(spec.name, number, first[0], a, "each value once")
        elif a is not None and b is not None:
            seen.add(a)
            out.append((a, b))
    return out


def _proposals(rows: Rows | None, baseline: Terms, problems: Problems, notices: list[str]) -> tuple[Proposal, ...]:
    if rows is None:
        return ()
    grouped: dict[str, list[tuple[int, dict]]] = {}
    for number, cells in _table(rows, S.PROPOSALS, problems, notices):
        if cells["proposal"] is None:
            problems.add("Proposals", number, "proposal", None, "a proposal name")
            continue
        grouped.setdefault(str(cells["proposal"]), []).append((number, cells))
    proposals = []
    for name, entries in grouped.items():
        if S.normalise(name) == S.normalise("Status quo"):
            problems.add("Proposals", entries[0][0], "proposal", name, "a name other than 'Status quo'")
            continue
        overrides, rows_of, notes = {}, {}, []
        for number, cells in entries:
            if cells["parameter"] is None:
                continue
            key = str(cells["parameter"]).strip()
            if key in rows_of:
                problems.add("Proposals", number, "parameter", key, f"each parameter once per proposal "
                             f"(also on row {rows_of[key]})")
                continue
            overrides[key], rows_of[key] = cells["value"], number
            if cells.get("note"):
                notes.append(f"{key}: {cells['note']}")
        _, clean, found = baseline.apply(overrides, rows_of)
        problems.items.extend(found.items)
        proposals.append(Proposal(name, tuple(clean.items()), "; ".join(notes)))
    return tuple(proposals)


# --- writing ----------------------------------------------------------------------------------
def to_bytes(inputs: Inputs, results: dict[str, pd.DataFrame] | None = None) -> bytes:
    buffer = io.BytesIO()
    write(inputs, buffer, results)
    return buffer.getvalue()


def write(inputs: Inputs, target: str | Path | BinaryIO, results: dict[str, pd.DataFrame] | None = None) -> None:
    """Every input sheet, a README sheet documenting them, and optional Results sheets."""
    book = Workbook(write_only=True)
    _sheet(book, "README", _readme_rows(inputs))
    if inputs.about:
        _sheet(book, "About", [("topic", "note")] + list(inputs.about))
    _sheet(book, "Roster", _roster_rows(inputs.roster))
    sched = inputs.baseline.step_schedule
    _sheet(book, "StepSchedule", [("step", *sched.lanes)] + [(i, *row) for i, row in enumerate(sched.salaries, 1)])
    grid = inputs.baseline.pathways
    if any(grid.salaries):
        _sheet(book, "Pathways", [("pathway", "interval", "salary")] + [
            (name, k, s) for name, row in zip(P.PATHWAYS, grid.salaries, strict=True) for k, s in enumerate(row, 1)])
    for sheet in ("Rules", "Assumptions"):
        _sheet(book, sheet, _key_value_rows(inputs, sheet))
    if inputs.market:
        _sheet(book, "Market", [("years_experience", "salary")] + list(inputs.market))
    if inputs.budget:
        _sheet(book, "Budget", [("year", "amount")] + list(inputs.budget))
    _sheet(book, "Proposals", _proposal_rows(inputs.proposals))
    for name, frame in (results or {}).items():
        _sheet(book, name[:31], [tuple(frame.columns)] + list(frame.itertuples(index=False, name=None)))
    book.save(target)


def _sheet(book: Workbook, title: str, rows: Iterable[tuple]) -> None:
    ws = book.create_sheet(title)
    for row in rows:
        ws.append([_cell(ws, v) for v in row])


def _cell(ws: Any, value: Any) -> Any:
    """Text stays text (never a formula); NaN and None are blank; whole floats are written whole."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if isinstance(value, str):
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        return cell
    return value


def _roster_rows(roster: pd.DataFrame) -> list[tuple]:
    out: list[tuple] = [ROSTER_COLUMNS]
    whole = ("years_experience", "step", "interval")
    for rec in roster.itertuples(index=False):
        row = []
        for col, value in zip(ROSTER_COLUMNS, rec, strict=True):
            if col in whole and value == value:
                value = int(value)
            row.append(value if value != "" else None)
        out.append(tuple(row))
    return out


def _key_value_rows(inputs: Inputs, sheet: str) -> list[tuple]:
    ctx = inputs.baseline.context
    order = {p.key: i for i, p in enumerate(P.REGISTRY)}
    rows = []
    for key, value in inputs.baseline.params:
        param, _, _ = P.find(key, ctx)
        if param is None or param.sheet != sheet:
            continue
        rows.append((order[param.key], key, value, param.unit, inputs.source(key) or param.source))
    rows.sort(key=lambda r: (r[0], r[1]))
    return [("key", "value", "unit", "source")] + [r[1:] for r in rows]


def _proposal_rows(proposals: tuple[Proposal, ...]) -> list[tuple]:
    rows: list[tuple] = [("proposal", "parameter", "value", "note")]
    for p in proposals:
        notes = dict(n.split(": ", 1) for n in p.note.split("; ") if ": " in n)
        if not p.overrides:
            rows.append((p.name, None, None, None))
        rows += [(p.name, key, value, notes.get(key)) for key, value in p.overrides]
    return rows


def _readme_rows(inputs: Inputs) -> list[tuple]:
    rows: list[tuple] = [
        (f"Pathways Workbench budget workbook: {inputs.title}",),
        (f"Fingerprint of these inputs: {inputs.fingerprint}",),
        ("Both sides load this file; the same fingerprint means the same numbers.",),
        ("Sheets, columns and keys are documented below and in docs/workbook.md.",),
        (),
        ("sheet", "column or key", "meaning", "unit", "default", "source"),
    ]
    for spec in S.SHEETS:
        rows.append((spec.name, "", spec.meaning + ("" if spec.required else " (optional)"), "", "", ""))
        for column in spec.columns:
            rows.append((spec.name, column.name, column.meaning, "", "required" if column.required else "", ""))
        if spec in (S.RULES, S.ASSUMPTIONS):
            for p in P.REGISTRY:
                if p.sheet == spec.name:
                    rows.append((spec.name, p.key, p.description, p.unit, _default_words(p), p.source))
    return rows


def _default_words(p: P.Parameter) -> str:
    if isinstance(p.default, dict):
        return ", ".join(f"{k}: {v}" for k, v in p.default.items())
    return "" if p.default is None else str(p.default)


def write_template(target: str | Path | BinaryIO) -> None:
    """A small, valid example of every sheet with a README sheet: fill it in and replace the rows."""
    from models.problems import Problems as _Problems

    lanes = ("BA", "MA", "MA+30", "PhD")
    rows = lambda header, data: [(i, r) for i, r in enumerate([header] + data, 1)]  # noqa: E731
    tables = {
        "About": rows(("topic", "note"), [("title", "Template: replace every example row"),
                                          ("Roster", "Example rows: one per teacher, no names.")]),
        "Roster": rows(("employee_id", "fte", "years_experience", "lane", "step", "rating", "school", "role",
                        "credits_banked", "au_banked"),
                       [("1001", 1.0, 0, "BA", 1, "Effective", "School A", "", 0, 0),
                        ("1002", 1.0, 6, "MA", 7, "Highly effective", "School A", "building_rep", 12, 0),
                        ("1003", 0.5, 15, "MA+30", 15, "Developing", "School B", "", 0, 0),
                        ("1004", 1.0, 25, "PhD", 20, "Effective", "School B", "", 0, 0)]),
        "StepSchedule": rows(("step", *lanes), [(s, *[round(45000 * (1.025 ** (s - 1)) * (1 + 0.06 * j))
                                                      for j in range(4)]) for s in range(1, 21)]),
        "Pathways": rows(("pathway", "interval", "salary"),
                         [("Standard", k, 47000 + 1500 * (k - 1)) for k in range(1, 6)]
                         + [("Professional", k, 55000 + 2000 * (k - 1)) for k in range(1, 16)]
                         + [("Model", k, 78000 + 2000 * (k - 1)) for k in range(1, 9)]
                         + [("Lead", k, 95000 + 1500 * (k - 1)) for k in range(1, 5)]),
        "Rules": rows(("key", "value"), [(p.key, p.default) for p in P.REGISTRY
                                         if p.sheet == "Rules" and not p.placeholder and p.default is not None]),
        "Assumptions": rows(("key", "value"), [(p.key, p.default) for p in P.REGISTRY
                                               if p.sheet == "Assumptions" and not p.placeholder
                                               and p.default is not None]),
        "Budget": rows(("year", "amount"), [(2025 + t, 300000.0 * 1.03 ** t) for t in range(11)]),
        "Market": rows(("years_experience", "salary"), [(y, 46000 + 1400 * min(y, 25)) for y in range(0, 31)]),
        "Proposals": rows(("proposal", "parameter", "value", "note"),
                          [("Example offer", "raise.2026", 0.02, "2% on-scale raise in 2026-27"),
                           ("Example offer", "pathway_salary.Model.1", 80000, "higher Model start")]),
    }
    write(build_inputs(tables, _Problems(), []), target)
