"""Rows of the workbook's sheets -> validated Inputs.

read() reports every problem at once, each naming sheet, row and column, the value found and what is
expected; it never lets a parsing exception through.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import pandas as pd

from models import hr_columns as hr
from models import parameters as P
from models import scattergram, sheets
from models.archive import Source, _bytes
from models.inputs import ROSTER_COLUMNS, ROSTER_FLAGS, Inputs, canonical_roster
from models.problems import InputError, Problems, Words
from models.sheet_rows import CSV_SHEET, FORMULA_EXPECTED, Formula, Rows, _clean, _csv_rows, open_xlsx
from models.terms import PathwayGrid, Proposal, StepSchedule, Terms, check_terms, resolve_params


def read(source: Source, roster_csv: Source | None = None,
         column_map: tuple[tuple[str, str], ...] | None = None) -> Inputs:
    """The workbook's inputs, validated; raises InputError listing every problem.

    `column_map` (header, roster column) pairs replace the workbook's ColumnMap sheet (as confirmed in the app)."""
    problems = Problems()
    notices: list[str] = []
    titles: dict[str, str] = {}
    tables = open_xlsx(_bytes(source), problems, notices, titles)
    if roster_csv is not None:
        titles["Roster"] = CSV_SHEET  # the roster's problems are in the CSV file, not a Roster sheet
        tables["Roster"] = _csv_rows(_bytes(roster_csv), problems, notices)
        tables.pop("Scattergram", None)  # the CSV is the roster now
        notices.append("The roster comes from the CSV file, not the workbook's Roster sheet.")
    if column_map is not None:
        tables["ColumnMap"] = [(1, ("workbook_column", "workbench_column"))] + [
            (row, pair) for row, pair in enumerate(column_map, start=2)]
    problems.raise_if_any()
    for spec in sheets.SHEETS:
        if spec.required and spec.name not in tables and spec.instead not in tables:
            instead = f" (or a {spec.instead} sheet instead)" if spec.instead else ""
            problems.add(spec.name, None, None, None, f"a sheet named '{spec.name}'{instead} ({spec.meaning})")
    problems.raise_if_any()
    try:
        return build_inputs(tables, problems, notices)
    except InputError as exc:  # each problem names its sheet as the user wrote it
        if not any(titles.get(p.sheet, p.sheet) != p.sheet for p in exc.problems):
            raise
        raise InputError([replace(p, sheet=titles.get(p.sheet, p.sheet)) for p in exc.problems]) from None


def _table(rows: Rows, spec: sheets.SheetSpec, problems: Problems, notices: list[str],
           mapping: dict[str, str] | None = None, labels: dict[str, str] | None = None) -> list[tuple[int, dict]]:
    """Rows as {column: value}, after matching the header; problems for missing columns.

    `mapping`: a ColumnMap (normalised header -> column); `labels` is filled with column -> header as written."""
    if not rows:
        problems.add(spec.name, 1, None, Words("an empty sheet"), f"a header row and data ({spec.meaning})")
        return []
    header_row, header = rows[0]
    found, names, unknown = sheets.match_columns(list(header), spec, mapping)
    if labels is not None:
        labels.update({name: str(header[i]).strip() for name, i in found.items()})
    if names:
        notices.append(f"Sheet '{spec.name}': name-like column(s) {', '.join(names)} dropped on load; "
                       "the workbench needs no names.")
    if unknown and spec is not sheets.STEP_SCHEDULE:
        notices.append(_unused(spec, header, found, unknown))
    for column in spec.columns:
        if column.required and column.name not in found:
            problems.add(spec.name, header_row, column.name, None,
                         f"a column '{column.name}' in the header row ({column.meaning})")
    if any(c.required and c.name not in found for c in spec.columns):
        return []
    out = []
    for number, values in rows[1:]:
        cells = {name: _clean(values[i]) if i < len(values) else None for name, i in found.items()}
        for name, value in cells.items():
            if _uncalculated(problems, spec.name, number, name, value):
                cells[name] = None  # the blank this leaves is not reported again: one problem per cell
        out.append((number, cells))
    return out


def _unused(spec: sheets.SheetSpec, header: tuple, found: dict[str, int], unknown: list[str]) -> str:
    """Headers not read; one that also names a column another header gave is said so (e.g. Column and Degree)."""
    twins = {h: sheets.column_of(h, spec) for h in unknown}
    twins = {h: c for h, c in twins.items() if c in found}
    text = f"Sheet '{spec.name}': column(s) {', '.join(unknown)} not used."
    if twins:
        text += " " + "; ".join(f"'{h}' also means {c}, read from '{str(header[found[c]]).strip()}'"
                                for h, c in twins.items())
        text += " (say which is which on the Workbook page, or in a ColumnMap sheet)." if spec is sheets.ROSTER else "."
    return text


def _uncalculated(problems: Problems, sheet: str, row: int, column: str, value: Any) -> bool:
    if isinstance(value, Formula):
        problems.add(sheet, row, column, str(value), FORMULA_EXPECTED)
        return True
    return False


def _number(problems: Problems, sheet: str, row: int, column: str, value: Any, *, low: float,
            high: float, whole: bool = False, low_open: bool = False, blank: Any = "required",
            meaning: str = "") -> Any:
    """A checked number from a cell; None (with a problem recorded) if it is not acceptable."""
    expected = _range_words(low, high, whole, low_open) + (f" ({meaning})" if meaning else "")
    if value is None:
        if blank != "required":
            return blank
        problems.add(sheet, row, column, value, expected)
        return None
    number = P.to_number(value)
    bad = (number is None or not math.isfinite(number) or number > high
           or (number <= low if low_open else number < low)
           or (whole and number != int(number)))
    if bad:
        problems.add(sheet, row, column, value, expected)
        return None
    return int(number) if whole else number


def _range_words(low: float, high: float, whole: bool, low_open: bool) -> str:
    kind = "a whole number" if whole else "a number"
    return f"{kind} {'above' if low_open else 'from'} {low:g} {'and at most' if low_open else 'to'} {high:g}"


def build_inputs(tables: dict[str, Rows], problems: Problems, notices: list[str]) -> Inputs:
    schedule = _step_schedule(tables["StepSchedule"], problems)
    grid = _pathways(tables.get("Pathways", []), problems, notices) if "Pathways" in tables else PathwayGrid()
    mapping, column_pairs = hr.column_map(_table(tables["ColumnMap"], sheets.COLUMN_MAP, problems, notices),
                                          problems) if "ColumnMap" in tables else ({}, ())
    codes = hr.LaneCodes(schedule.lanes if schedule else (),
                         _table(tables["LaneCodes"], sheets.LANE_CODES, problems, notices) if "LaneCodes" in tables
                         else [], problems)
    headers: list[tuple[str, str]] = []
    roster = (_roster(tables["Roster"], schedule, grid, problems, notices, mapping, codes, headers)
              if "Roster" in tables else None)
    roles = tuple(sorted({r for r in (roster["role"] if roster is not None else []) if r}))
    ctx = P.Context(lanes=schedule.lanes if schedule else (), roles=roles)
    given, sources, ranges = {}, {}, {}
    for sheet in ("Rules", "Assumptions"):
        _key_values(tables[sheet], sheets.RULES if sheet == "Rules" else sheets.ASSUMPTIONS, ctx, given, sources,
                    problems, notices, ranges)
    default_rating = given.get("roster.default_rating") or P.BY_KEY["roster.default_rating"].default
    if "Scattergram" in tables and schedule is not None:
        roster = _from_scattergram(tables, roster, schedule, codes, default_rating, problems, notices)
    _rate_blanks(roster, default_rating, notices)
    budget = _pairs(tables.get("Budget"), sheets.BUDGET, problems, notices, ("year", 1950, 2200, True),
                    ("amount", 0, 1e13, False))
    market = _pairs(tables.get("Market"), sheets.MARKET, problems, notices, ("years_experience", 0, 70, True),
                    ("salary", 0, 1e7, False))
    problems.raise_if_any()
    ratings = roster["rating"].value_counts(normalize=True).to_dict()
    params = resolve_params(given, schedule.lanes, ratings, grid.defined)
    baseline = Terms(schedule, grid, tuple(sorted(params.items())))
    check_terms(baseline, problems, sheet="Rules/Assumptions")
    problems.raise_if_any()
    about = tuple((str(c["topic"]), str(c["note"])) for _, c in _table(tables["About"], sheets.ABOUT, problems, notices)
                  if c["topic"] and c["note"]) if "About" in tables else ()
    proposals = _proposals(tables.get("Proposals"), baseline, problems, notices)
    problems.raise_if_any()
    all_sources = {p.key: p.citation for p in P.REGISTRY}
    for key in params:
        param, _, _ = P.find(key, ctx)
        if param is not None:
            all_sources[key] = param.citation
    all_sources.update(sources)
    return Inputs(roster=canonical_roster(roster), baseline=baseline, proposals=proposals,
                  budget=tuple(sorted(budget)), market=tuple(sorted(market)),
                  sources=tuple(sorted(all_sources.items())), notices=tuple(notices), about=about,
                  ranges=tuple(sorted((k, lo, hi) for k, (lo, hi) in ranges.items())),
                  column_map=column_pairs, lane_codes=tuple(codes.pairs), roster_headers=tuple(headers))


def _from_scattergram(tables: dict[str, Rows], roster: pd.DataFrame | None, schedule: StepSchedule,
                      codes: hr.LaneCodes, rating: str, problems: Problems, notices: list[str]) -> pd.DataFrame:
    """The Scattergram's positions, or the Roster when both are given and agree cell by cell."""
    fte = scattergram.cells(tables["Scattergram"], schedule.steps, codes, problems, notices)
    if roster is not None:
        if not problems.items:
            differ = scattergram.disagreement(roster, fte)
            if differ:
                problems.add("Scattergram", None, None, Words(differ), "the same FTE in every cell as the Roster "
                             "sheet (both are read only if they agree): correct one, or delete one of the two")
            else:
                notices.append("The Scattergram agrees with the Roster (the same FTE in every cell); the Roster "
                               "is used.")
        return roster
    placement = _pairs(tables.get("Placement"), sheets.PLACEMENT, problems, notices, ("step", 1, schedule.steps, True),
                       ("years_experience", 0, 70, True))
    frame = scattergram.positions(fte, schedule.lanes, dict(placement), rating)
    notices.append(scattergram.notice(frame, len(fte), "Placement" in tables, rating))
    return frame


def _rate_blanks(roster: pd.DataFrame | None, rating: str, notices: list[str]) -> None:
    """A blank rating is the workbook's stated default rating, said once."""
    if roster is None:
        return
    blank = roster["rating"].isna()
    if blank.any():
        roster.loc[blank, "rating"] = rating
        notices.append(f"Roster: {int(blank.sum())} teacher(s) have no rating; counted as "
                       f"{P.RATING_LABELS.get(rating, rating)} (Assumptions roster.default_rating).")


def _step_schedule(rows: Rows, problems: Problems) -> StepSchedule | None:
    sheet = "StepSchedule"
    if not rows:
        problems.add(sheet, 1, None, Words("an empty sheet"), "a header row: step, then one column per lane")
        return None
    header_row, header = rows[0]
    header = [_clean(h) for h in header]
    while header and header[-1] is None:
        header.pop()
    if not header or sheets.normalise(header[0]) not in ("step", "steps", "salarystep"):
        problems.add(sheet, header_row, "A", header[0] if header else None, "'step' as the first header")
        return None
    lanes = [str(h) for h in header[1:]]
    if not lanes or any(h is None for h in header[1:]) or len(set(lanes)) != len(lanes):
        problems.add(sheet, header_row, None, ", ".join(map(str, header[1:])),
                     "one named, distinct column per lane after 'step' (e.g. BA, MA, MA+30, PhD)")
        return None
    salaries = []
    for expected_step, (number, values) in enumerate(rows[1:], start=1):
        first = _clean(values[0])
        step = None if _uncalculated(problems, sheet, number, "step", first) else _number(
            problems, sheet, number, "step", first, low=1, high=99, whole=True)
        if step is not None and step != expected_step:
            problems.add(sheet, number, "step", step, f"step {expected_step} (steps run 1, 2, 3 ... in order)")
        row = []
        for j, lane in enumerate(lanes, start=1):
            value = _clean(values[j]) if j < len(values) else None
            if _uncalculated(problems, sheet, number, lane, value):
                value = None
            row.append(_number(problems, sheet, number, lane, value, low=0, high=1e7, low_open=True,
                               meaning="a salary on every step of every lane: if a lane stops early, "
                               "repeat its top salary"))
        salaries.append(tuple(row))
    if not salaries:
        problems.add(sheet, header_row + 1, None, None, "at least one step row of salaries")
    numbers = [number for number, _ in rows[1:]]
    for j, lane in enumerate(lanes):
        column = [(numbers[s], s + 1, row[j]) for s, row in enumerate(salaries)]
        _never_falls(problems, sheet, lane, column, "step")
    return StepSchedule(tuple(lanes), tuple(salaries))


def _never_falls(problems: Problems, sheet: str, column: str, cells: list[tuple[int, int, Any]],
                 unit: str) -> None:
    """A salary may stay level from one step (interval) to the next, never fall: a fall is a typo."""
    previous = None
    for number, position, salary in cells:
        if salary is None:
            previous = None
            continue
        if previous is not None and salary < previous[1]:
            problems.add(sheet, number, column, salary,
                         f"at least {previous[1]:,.0f}, the salary at {unit} {previous[0]} (salaries may stay "
                         f"level from one {unit} to the next, never fall)")
        previous = (position, salary)


def _pathways(rows: Rows, problems: Problems, notices: list[str]) -> PathwayGrid:
    sheet = "Pathways"
    by_pathway: dict[str, dict[int, float]] = {p: {} for p in P.PATHWAYS}
    rows_of: dict[tuple[str, int], int] = {}
    for number, cells in _table(rows, sheets.PATHWAYS, problems, notices):
        name = _pathway_name(cells["pathway"])
        if name is None:
            problems.add(sheet, number, "pathway", cells["pathway"], f"one of {', '.join(P.PATHWAYS)}")
            continue
        interval = _number(problems, sheet, number, "interval", cells["interval"], low=1, high=99, whole=True)
        salary = _number(problems, sheet, number, "salary", cells["salary"], low=0, high=1e7, low_open=True)
        if interval is None:
            continue
        if interval in by_pathway[name]:
            problems.add(sheet, number, "interval", interval, f"each {name} interval once")
            continue
        by_pathway[name][interval] = salary
        rows_of[(name, interval)] = number
    rows_out = []
    for name, cells in by_pathway.items():
        if cells and sorted(cells) != list(range(1, len(cells) + 1)):
            problems.add(sheet, None, "interval", sorted(cells), f"{name} intervals numbered 1, 2, 3 ... with no gap")
        _never_falls(problems, sheet, "salary", [(rows_of[(name, k)], k, cells[k]) for k in sorted(cells)],
                     f"{name} interval")
        rows_out.append(tuple(cells[k] for k in sorted(cells)))
    return PathwayGrid(tuple(rows_out))


def _pathway_name(value: Any) -> str | None:
    key = sheets.normalise(value)
    return next((p for p in P.PATHWAYS if p.lower() == key), None)


def _roster(rows: Rows, schedule: StepSchedule | None, grid: PathwayGrid, problems: Problems,
            notices: list[str], mapping: dict[str, str], codes: hr.LaneCodes,
            headers: list[tuple[str, str]]) -> pd.DataFrame:
    sheet = "Roster"
    steps = schedule.steps if schedule else 99
    records, seen, totals = [], {}, []
    labels: dict[str, str] = {}
    before = len(problems.items)
    entries = _table(rows, sheets.ROSTER, problems, notices, mapping, labels)
    if rows:
        read_as = {header: name for name, header in labels.items()}
        headers.extend((str(h).strip(), read_as.get(str(h).strip(), "")) for h in rows[0][1] if _clean(h) is not None)
    teachers = []
    for (number, cells), (_, values) in zip(entries, rows[1:], strict=False):
        label = hr.totals_label(values)
        if label is not None and (cells.get("employee_id") is None or hr.is_total(cells.get("employee_id"))):
            totals.append(f"row {number} ('{label}')")
        else:
            teachers.append((number, cells))
    percent = hr.fte_in_percent(labels.get("fte", ""), [cells["fte"] for _, cells in teachers])
    fractions: list[int] = []
    for number, cells in teachers:
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
        fte = P.to_number(cells["fte"]) if percent else None
        fte = cells["fte"] if fte is None else fte / 100
        rec["fte"] = _number(problems, sheet, number, "fte", fte, low=0, high=1, low_open=True)
        years, rounded = hr.completed_years(cells["years_experience"])
        if rounded:
            fractions.append(number)
        rec["years_experience"] = _number(problems, sheet, number, "years_experience", years, low=0, high=70,
                                          whole=True)
        lane = codes.lane(cells["lane"], number)
        if cells["lane"] is None and schedule:
            problems.add(sheet, number, "lane", cells["lane"],
                         f"a lane of the StepSchedule: {', '.join(schedule.lanes)}")
        rec["lane"] = lane
        rec["step"] = _number(problems, sheet, number, "step", hr.step_value(cells["step"]), low=1, high=steps,
                              whole=True, meaning=f"the StepSchedule has steps 1 to {steps}")
        rec["salary"] = _number(problems, sheet, number, "salary", cells.get("salary"), low=0, high=1e7,
                                blank=None)
        rating = cells.get("rating")
        if rating is None:
            rec["rating"] = None  # the workbook's default rating, once the Assumptions are read
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
        for flag in ROSTER_FLAGS:
            rec[flag] = _flag(problems, number, flag, cells.get(flag))
        records.append(rec)
    if schedule:
        codes.report(problems, sheet, "lane")
    if not records and not any(p.sheet == sheet for p in problems.items):
        problems.add(sheet, rows[0][0] + 1 if rows else 1, None, Words("no teachers"),
                     "at least one teacher row under the header")
    if totals:
        notices.append(f"Roster: {', '.join(totals)} is a totals row, not a teacher; skipped.")
    if percent:
        notices.append(f"Roster: the {labels.get('fte', 'fte')} column is read as percent (100 = full time).")
    if fractions:
        notices.append(f"Roster: {len(fractions)} teacher(s) have years of experience with a fraction (first on "
                       f"row {fractions[0]}); read as completed years (rounded down).")
    _as_written(problems, before, sheet, labels)
    return pd.DataFrame(records, columns=list(ROSTER_COLUMNS))


def _as_written(problems: Problems, since: int, sheet: str, labels: dict[str, str]) -> None:
    """Problems found since `since` name the column by the header the user wrote (e.g. 'Emp No')."""
    for i in range(since, len(problems.items)):
        p = problems.items[i]
        if p.sheet == sheet and p.column in labels and labels[p.column] != p.column:
            problems.items[i] = replace(p, column=labels[p.column])


_FLAG_WORDS = {"1": 1.0, "0": 0.0, "yes": 1.0, "no": 0.0, "y": 1.0, "n": 0.0, "true": 1.0, "false": 0.0,
               "x": 1.0}


def _flag(problems: Problems, number: int, column: str, value: Any) -> float | None:
    """A roster flag: 1/0, yes/no, true/false or x; blank is 0."""
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return float(value)
    flag = P.to_number(value)
    if flag in (0.0, 1.0):
        return flag
    key = sheets.normalise(value)
    if key in _FLAG_WORDS:
        return _FLAG_WORDS[key]
    problems.add("Roster", number, column, value, "1 or 0 (yes or no), or blank for 0")
    return None


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
                              high=grid.intervals(name), whole=True,
                              meaning=f"the Pathways sheet has {name} intervals 1 to {grid.intervals(name)}")


def _key_values(rows: Rows, spec: sheets.SheetSpec, ctx: P.Context, given: dict, sources: dict,
                problems: Problems, notices: list[str], ranges: dict | None = None) -> None:
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
        if ranges is not None and (cells.get("low") is not None or cells.get("high") is not None):
            _range(spec.name, number, key, param, value, cells, problems, ranges)


def _range(sheet: str, number: int, key: str, param: P.Parameter, value: Any, cells: dict,
           problems: Problems, ranges: dict) -> None:
    """An assumption's plausible range (low, high): both given, numbers within its bounds, around the value."""
    if param.kind not in ("rate", "number", "integer", "optional_number"):
        problems.add(sheet, number, "low", cells.get("low"), f"no range: {key} is not a number")
        return
    ends = []
    for column in ("low", "high"):
        end, bad = P.coerce(param, cells.get(column))
        if bad or end is None:
            problems.add(sheet, number, column, cells.get(column), f"{bad or 'a number'} for the range of {key}")
            return
        ends.append(float(end))
    low, high = ends
    if not low <= float(value) <= high:
        problems.add(sheet, number, "low", f"{low:g} to {high:g}", f"low <= value ({value}) <= high")
        return
    ranges[key] = (low, high)


def _pairs(rows: Rows | None, spec: sheets.SheetSpec, problems: Problems, notices: list[str],
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
    for number, cells in _table(rows, sheets.PROPOSALS, problems, notices):
        if cells["proposal"] is None:
            problems.add("Proposals", number, "proposal", None, "a proposal name")
            continue
        grouped.setdefault(str(cells["proposal"]), []).append((number, cells))
    proposals = []
    for name, entries in grouped.items():
        if sheets.normalise(name) == sheets.normalise("Status quo"):
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
