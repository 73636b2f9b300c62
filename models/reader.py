"""Rows of the workbook's sheets -> validated Inputs.

read() reports every problem at once, each naming sheet, row and column, the value found and what is
expected; it never lets a parsing exception through.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from typing import Any

import pandas as pd
from openpyxl.utils import get_column_letter

from models import hr_columns as hr
from models import parameters, scattergram, sheets
from models.archive import Source, _bytes
from models.inputs import ROSTER_COLUMNS, ROSTER_FLAGS, Inputs, canonical_roster
from models.problems import MAX_PROBLEMS, InputError, Problems, TooManyProblems, Words
from models.sheet_rows import CSV_SHEET, FORMULA_EXPECTED, Formula, Rows, _clean, _csv_rows, open_xlsx
from models.terms import (
    MAX_NOTE,
    MAX_OVERRIDES,
    MAX_PROPOSALS,
    MAX_SALARY,
    STATUS_QUO,
    PathwayGrid,
    Proposal,
    StepSchedule,
    Terms,
    check_terms,
    name_problem,
    proposal_name,
    quoted_name,
    resolve_params,
    step_key,
)


def read(source: Source, roster_csv: Source | None = None,
         column_map: tuple[tuple[str, str], ...] | None = None) -> Inputs:
    """The workbook's inputs, validated; raises InputError listing every problem (up to MAX_PROBLEMS).

    `column_map` (header, roster column) pairs replace the workbook's ColumnMap sheet (as confirmed in the app)."""
    problems = Problems(limit=MAX_PROBLEMS)
    try:
        return _read(source, roster_csv, column_map, problems)
    except TooManyProblems:
        raise InputError(problems.items) from None


def _read(source: Source, roster_csv: Source | None, column_map: tuple[tuple[str, str], ...] | None,
          problems: Problems) -> Inputs:
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
    problems.labels[spec.name] = {name: str(header[i]).strip() for name, i in found.items()
                                  if str(header[i]).strip() != name}  # problems quote the user's header
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
    number = parameters.to_number(value)
    bad = (number is None or not math.isfinite(number) or number > high
           or (number <= low if low_open else number < low)
           or (whole and number != int(number)))
    if bad:
        problems.add(sheet, row, column, value, expected)
        return None
    return int(number) if whole else number


def _range_words(low: float, high: float, whole: bool, low_open: bool) -> str:
    kind = "a whole number" if whole else "a number"
    low_word, high_word = parameters.bound(low), parameters.bound(high)
    return f"{kind} {'above' if low_open else 'from'} {low_word} {'and at most' if low_open else 'to'} {high_word}"


EXAMPLE = "example"  # a row whose source or note starts with 'example:' came from the blank template
EXAMPLE_SHEETS = {"About": sheets.ABOUT, "Pathways": sheets.PATHWAYS, "Rules": sheets.RULES,
                  "Assumptions": sheets.ASSUMPTIONS, "Budget": sheets.BUDGET, "Proposals": sheets.PROPOSALS}


def _drop_examples(tables: dict[str, Rows], notices: list[str]) -> None:
    """The template's example rows (marked 'example:' in their source or note) leave once the district's own
    schedule is in: its rating shares, budget years and example offer are not the district's."""
    dropped = []
    for name, spec in EXAMPLE_SHEETS.items():
        rows = tables.get(name)
        if not rows:
            continue
        found, _, _ = sheets.match_columns(list(rows[0][1]), spec)
        marks = [found[c] for c in ("source", "note") if c in found]
        keep = [rows[0]] + [(n, v) for n, v in rows[1:] if not any(
            i < len(v) and str(v[i] or "").strip().lower().startswith(f"{EXAMPLE}:") for i in marks)]
        if len(keep) < len(rows):
            dropped.append(f"{name} ({len(rows) - len(keep)} row(s))")
            tables[name] = keep
    if len(tables.get("Pathways", ())) == 1:  # the template's example pathways, all gone: no Pathways sheet
        del tables["Pathways"]
    if dropped:
        notices.append(f"Template example rows dropped now that the StepSchedule is your own: {', '.join(dropped)}. "
                       "Add your district's rows (or take 'example:' out of a row's source or note to keep it).")


def build_inputs(tables: dict[str, Rows], problems: Problems, notices: list[str]) -> Inputs:
    schedule = _step_schedule(tables["StepSchedule"], problems, notices)
    if schedule is not None:
        from models.template import example_schedule  # the template is written through this module

        if schedule != example_schedule():
            _drop_examples(tables, notices)
    grid = _pathways(tables.get("Pathways", []), problems, notices) if "Pathways" in tables else PathwayGrid()
    mapping, column_pairs = hr.column_map(_table(tables["ColumnMap"], sheets.COLUMN_MAP, problems, notices),
                                          problems) if "ColumnMap" in tables else ({}, ())
    codes = hr.LaneCodes(schedule.lanes if schedule else (),
                         _table(tables["LaneCodes"], sheets.LANE_CODES, problems, notices) if "LaneCodes" in tables
                         else [], problems)
    if schedule is not None:
        schedule = _extra_schedules(tables, schedule, problems, notices)
    sound = schedule if not any(p.sheet.startswith("StepSchedule") for p in problems.items) else None
    headers: list[tuple[str, str]] = []
    roster = (_roster(tables["Roster"], schedule, sound, grid, problems, notices, mapping, codes, headers)
              if "Roster" in tables else None)
    roles = tuple(sorted({r for r in (roster["role"] if roster is not None else []) if r}))
    ctx = parameters.Context(lanes=schedule.lanes if schedule else (), roles=roles)
    given, sources, ranges = {}, {}, {}
    for sheet in ("Rules", "Assumptions"):
        _key_values(tables[sheet], sheets.RULES if sheet == "Rules" else sheets.ASSUMPTIONS, ctx, given, sources,
                    problems, notices, ranges)
    default_rating = given.get("roster.default_rating") or parameters.BY_KEY["roster.default_rating"].default
    if "Scattergram" in tables and schedule is not None:
        roster = _from_scattergram(tables, roster, schedule, codes, default_rating, problems, notices)
    _rate_blanks(roster, default_rating, notices)
    budget = _pairs(tables.get("Budget"), sheets.BUDGET, problems, notices, ("year", 1950, 2200, True, False),
                    ("amount", 0, 1e13, False, False))
    market = _pairs(tables.get("Market"), sheets.MARKET, problems, notices, ("years_experience", 0, 70, True, False),
                    ("salary", 0, MAX_SALARY, False, True))  # a salary, above 0 like every salary
    hires = _hires(tables.get("Hires"), schedule, problems, notices)
    problems.raise_if_any()
    _budget_overlaps(budget, given, notices)
    ratings = roster["rating"].value_counts(normalize=True).to_dict()
    params = resolve_params(given, schedule.lanes, ratings, grid.defined)
    baseline = Terms(schedule, grid, tuple(sorted(params.items())))
    check_terms(baseline, problems, sheet="Rules/Assumptions")
    problems.raise_if_any()
    about = tuple((str(c["topic"]), str(c["note"])) for _, c in _table(tables["About"], sheets.ABOUT, problems, notices)
                  if c["topic"] and c["note"]) if "About" in tables else ()
    proposals = _proposals(tables.get("Proposals"), baseline, problems, notices)
    problems.raise_if_any()
    all_sources = {p.key: p.citation for p in parameters.REGISTRY}
    for key in params:
        param, _, _ = parameters.find(key, ctx)
        if param is not None:
            all_sources[key] = param.citation
    all_sources.update(sources)
    return Inputs(roster=canonical_roster(roster), baseline=baseline, proposals=proposals,
                  budget=tuple(sorted(budget)), market=tuple(sorted(market)),
                  sources=tuple(sorted(all_sources.items())), notices=tuple(notices), about=about,
                  ranges=tuple(sorted((k, lo, hi) for k, (lo, hi) in ranges.items())),
                  column_map=column_pairs, lane_codes=tuple(codes.pairs), roster_headers=tuple(headers), hires=hires)


def _hires(rows: Rows | None, schedule: StepSchedule | None, problems: Problems,
           notices: list[str]) -> tuple[tuple[str, int, int, float], ...]:
    """The Hires sheet: (lane, step, years_experience, share) rows, shares kept as given (they are weights)."""
    if rows is None or schedule is None:
        return ()
    out = []
    for number, cells in _table(rows, sheets.HIRES, problems, notices):
        if all(v is None for v in cells.values()):
            continue
        lane = None if cells["lane"] is None else str(cells["lane"]).strip()
        if lane not in schedule.lanes:
            problems.add("Hires", number, "lane", cells["lane"],
                         f"a lane of the step schedule: {', '.join(schedule.lanes)}")
        step = schedule.step_of(cells["step"]) if cells["step"] is not None else None  # as the Roster's
        if step is None:
            problems.add("Hires", number, "step", cells["step"], schedule.expected_step(cells["step"]))
        years = _number(problems, "Hires", number, "years_experience", cells["years_experience"], low=0, high=70,
                        whole=True)
        share = _number(problems, "Hires", number, "share", cells.get("share"), low=0, high=1e9, blank=1.0)
        if lane in schedule.lanes and None not in (step, years, share):
            out.append((lane, int(step), int(years), float(share)))
    if rows and not problems and not any(share > 0 for *_, share in out):
        problems.add("Hires", None, "share", None, "at least one row with a share above 0")
    return tuple(sorted(out))


def _from_scattergram(tables: dict[str, Rows], roster: pd.DataFrame | None, schedule: StepSchedule,
                      codes: hr.LaneCodes, rating: str, problems: Problems, notices: list[str]) -> pd.DataFrame:
    """The Scattergram's positions, or the Roster when both are given and agree cell by cell."""
    fte = scattergram.cells(tables["Scattergram"], schedule, codes, problems, notices)
    if roster is not None:
        if not problems.items:
            differ = scattergram.disagreement(roster, fte, schedule)
            if differ:
                problems.add("Scattergram", None, None, Words(differ), "the same FTE in every cell as the Roster "
                             "sheet (both are read only if they agree): correct one, or delete one of the two")
            else:
                notices.append("The Scattergram agrees with the Roster (the same FTE in every cell); the Roster "
                               "is used.")
        return roster
    placement = _years_by_step(tables.get("Placement"), schedule, problems, notices)
    frame = scattergram.positions(fte, schedule.lanes, placement, rating)
    notices.append(scattergram.notice(frame, len(fte), "Placement" in tables, rating, schedule))
    return frame


def _years_by_step(rows: Rows | None, schedule: StepSchedule, problems: Problems,
                   notices: list[str]) -> dict[int, int]:
    """The Placement sheet: years of experience by step position, its steps read as the schedule prints them."""
    out: dict[int, int] = {}
    for number, cells in _table(rows, sheets.PLACEMENT, problems, notices) if rows is not None else ():
        step = schedule.step_of(cells["step"]) if cells["step"] is not None else None
        if step is None:
            problems.add("Placement", number, "step", cells["step"], schedule.expected_step(cells["step"]))
        years = _number(problems, "Placement", number, "years_experience", cells["years_experience"], low=0,
                        high=70, whole=True)
        if step in out:
            problems.add("Placement", number, "step", cells["step"], "each step once")
        elif step is not None and years is not None:
            out[step] = int(years)
    return out


def _rate_blanks(roster: pd.DataFrame | None, rating: str, notices: list[str]) -> None:
    """A blank rating is the workbook's stated default rating, said once."""
    if roster is None:
        return
    blank = roster["rating"].isna()
    if blank.any():
        roster.loc[blank, "rating"] = rating
        notices.append(f"Roster: {int(blank.sum())} teacher(s) have no rating; counted as "
                       f"{parameters.RATING_LABELS.get(rating, rating)} (Assumptions roster.default_rating).")


def _budget_overlaps(budget: list[tuple[int, float]], given: dict, notices: list[str]) -> None:
    """A budget for other years than the projection's is no budget line at all: say so."""
    if not budget:
        return
    first = int(given.get("base_year", parameters.BY_KEY["base_year"].default))
    last = first + int(given.get("horizon", parameters.BY_KEY["horizon"].default))
    years = [year for year, _ in budget]
    if not any(first <= year <= last for year in years):
        notices.append(f"Budget: its years ({min(years)}-{max(years)}) do not overlap the projection "
                       f"({first}-{last}, Assumptions base_year and horizon); no year is compared with a budget.")


def _step_schedule(rows: Rows, problems: Problems, notices: list[str], sheet: str = "StepSchedule",
                   ) -> StepSchedule | None:
    """The schedule as published: its step labels, reserved rows (no salaries) and lanes that end early."""
    if not rows:
        problems.add(sheet, 1, None, Words("an empty sheet"), "a header row: step, then one column per lane")
        return None
    header_row, header = rows[0]
    lanes = _lane_headers(sheet, header_row, [_clean(h) for h in header], problems, notices)
    if lanes is None:
        return None
    labels, reserved, grid, numbers, seen = [], [], [], [], {}
    for number, values in rows[1:]:
        first = _clean(values[0]) if values else None
        if _uncalculated(problems, sheet, number, "step", first):
            first = None
        cells = [_clean(values[j]) if j < len(values) else None for j in range(1, len(lanes) + 1)]
        label = None if first is None else _label(first)
        if label is None:
            problems.add(sheet, number, "step", first, "a step label (a number such as 5, or 1A, 50)")
        elif step_key(label) in seen:
            problems.add(sheet, number, "step", label, f"each step once (also on row {seen[step_key(label)]})")
        else:
            seen[step_key(label)] = number
        if all(c is None or (isinstance(c, str) and not isinstance(c, Formula) and parameters.to_number(c) is None)
               for c in cells):  # 'Reserved', '-' or blank across: a step no one is placed on
            reserved.append((len(grid), label or ""))
            continue
        labels.append(label or "")
        numbers.append(number)
        grid.append(cells)
    if not grid:
        problems.add(sheet, header_row + 1, None, None, "at least one step row of salaries")
        return None
    helpers = _helper_columns(sheet, header_row, lanes, grid, problems)
    salaries, tops = _lane_salaries(sheet, lanes, grid, numbers, problems, helpers)
    if reserved:
        notices.append(f"{sheet}: step(s) {', '.join(r[1] for r in reserved)} have no salaries (reserved); "
                       "no one is placed on them and movement skips them.")
    early = [f"lane {lane} ends at step {labels[top - 1]}" for lane, top in zip(lanes, tops, strict=True)
             if top < len(labels)]
    if early:
        notices.append(f"{sheet}: {'; '.join(early)} (blank cells below); a teacher on a lane's last "
                       "step stays there.")
    default = labels == [str(s) for s in range(1, len(labels) + 1)] and not reserved
    return StepSchedule(tuple(lanes), salaries, labels=() if default else tuple(labels),
                        reserved=tuple(reserved), tops=tuple(tops) if early else ())


def _extra_schedules(tables: dict[str, Rows], main: StepSchedule, problems: Problems,
                     notices: list[str]) -> StepSchedule:
    """Sheets 'StepSchedule <name>': other schedules of the same lanes and steps (195 and 235 days, 10 or
    12 months); a roster position names its own in the `schedule` column."""
    extra = []
    for title in [t for t in tables if sheets.extra_schedule(t)]:
        other = _step_schedule(tables[title], problems, [], sheet=title)
        if other is None:
            continue
        shape = lambda s: (s.lanes, s.step_labels, s.reserved, s.tops)  # noqa: E731
        if shape(other) != shape(main):
            problems.add(title, tables[title][0][0], None, Words(f"lanes {', '.join(other.lanes)}; steps "
                                                                 f"{', '.join(other.step_labels)}"),
                         f"the same lanes, steps and blank cells as the StepSchedule (lanes {', '.join(main.lanes)}; "
                         f"steps {', '.join(main.step_labels)})")
            continue
        extra.append((sheets.extra_schedule(title), other.salaries))
    if extra:
        notices.append(f"Schedules: StepSchedule and {', '.join(f'StepSchedule {n}' for n, _ in extra)}; the roster's "
                       "'schedule' column names each position's (blank: StepSchedule).")
    return replace(main, extra=tuple(extra))


def _label(value: Any) -> str | None:
    """A step label as published: whole numbers as digits (5.0 is '5'), text as written."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            return None
        return str(int(value)) if value == int(value) else f"{value:g}"  # a half step typed as 1.5
    text = str(value).strip()
    return str(int(text)) if text.isascii() and text.isdigit() else (text or None)  # '05' is 5; '1,2,3' as written


def _lane_headers(sheet: str, header_row: int, header: list, problems: Problems,
                  notices: list[str]) -> list[str] | None:
    """The lanes: the named columns after 'step' up to the first blank header (columns past it are notes)."""
    while header and header[-1] is None:
        header.pop()
    first = re.sub(r"[#:]|no$|number$", "", sheets.normalise(header[0])) if header else ""
    if first not in ("step", "steps", "salarystep", "stepno"):  # 'Step #', 'Step No.', 'Salary step'
        problems.add(sheet, header_row, "A", header[0] if header else None,
                     "'step' as the first header (the column of step labels), then one column per lane")
        return None
    named = header[1:]
    cut = named.index(None) if None in named else len(named)
    lanes = [str(h) for h in named[:cut]]
    if cut < len(named):
        beyond = [str(h) for h in named[cut:] if h is not None]
        notices.append(f"{sheet}: column(s) {', '.join(beyond)} after the blank column "
                       f"{get_column_letter(cut + 2)} are not lanes; ignored.")
    doubled = sorted({lane for lane in lanes if lanes.count(lane) > 1})
    if not lanes or doubled:
        problems.add(sheet, header_row, None, ", ".join(lanes) if lanes else Words("no lane columns"),
                     "one named, distinct column per lane after 'step' in the header row (e.g. BA, MA, MA+30, PhD)"
                     + (f"; {', '.join(doubled)} is named twice" if doubled else ""))
        return None
    return lanes


def _lane_salaries(sheet: str, lanes: list[str], grid: list[list], numbers: list[int], problems: Problems,
                   helpers: set[int]) -> tuple[tuple[tuple[float, ...], ...], list[int]]:
    """Salaries by step and lane; a lane may end early (blank cells at its bottom repeat its top salary)."""
    columns, tops = [], []
    for j, lane in enumerate(lanes):
        if j in helpers:  # reported once as a helper column; its cells are not salaries to check
            columns.append([1.0] * len(grid))
            tops.append(len(grid))
            continue
        cells = [row[j] for row in grid]
        top = max((i + 1 for i, v in enumerate(cells) if v is not None), default=len(cells))
        column = []
        for i, value in enumerate(cells[:top]):
            if _uncalculated(problems, sheet, numbers[i], lane, value):
                value = None
            column.append(_number(problems, sheet, numbers[i], lane, value, low=0, high=MAX_SALARY, low_open=True,
                                  meaning="a salary on every step of the lane down to its last: a lane may "
                                  "end early (blank cells at the bottom), not have gaps; or repeat its top salary"))
        _never_falls(problems, sheet, lane, [(numbers[i], i + 1, v) for i, v in enumerate(column)], "step")
        last = column[-1] if column else None
        columns.append(column + [last] * (len(cells) - top))
        tops.append(top)
    return tuple(tuple(col[i] for col in columns) for i in range(len(grid))), tops


HELPER_MAX = 1000  # a lane whose every number is below this holds no salaries (years, an index, a %)


def _helper_columns(sheet: str, header_row: int, lanes: list[str], grid: list[list], problems: Problems) -> set[int]:
    """A column of small numbers beside the grid (years, a step index, a %) must not become a lane silently."""
    helpers = set()
    for j, lane in enumerate(lanes):
        numbers = [parameters.to_number(row[j]) for row in grid if not isinstance(row[j], Formula)]
        values = [v for v in numbers if v is not None and math.isfinite(v)]
        if values and max(values) < HELPER_MAX:
            helpers.add(j)
            problems.add(sheet, header_row, lane, Words(f"a column '{lane}' of numbers from "
                                                        f"{parameters.bound(min(values))} to "
                                                        f"{parameters.bound(max(values))}, not salaries"),
                         "salaries in every lane column: a helper column beside the grid is not a lane; "
                         "delete it or leave a blank column between it and the lanes")
    return helpers


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
    by_pathway: dict[str, dict[int, float]] = {p: {} for p in parameters.PATHWAYS}
    rows_of: dict[tuple[str, int], int] = {}
    for number, cells in _table(rows, sheets.PATHWAYS, problems, notices):
        name = _pathway_name(cells["pathway"])
        if name is None:
            problems.add(sheet, number, "pathway", cells["pathway"], f"one of {', '.join(parameters.PATHWAYS)}")
            continue
        interval = _number(problems, sheet, number, "interval", cells["interval"], low=1, high=99, whole=True)
        salary = _number(problems, sheet, number, "salary", cells["salary"], low=0, high=MAX_SALARY, low_open=True)
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
    return next((p for p in parameters.PATHWAYS if p.lower() == key), None)


def _roster(rows: Rows, schedule: StepSchedule | None, sound: StepSchedule | None, grid: PathwayGrid,
            problems: Problems, notices: list[str], mapping: dict[str, str], codes: hr.LaneCodes,
            headers: list[tuple[str, str]]) -> pd.DataFrame:
    """The roster's positions; steps are checked only against a schedule read without problems (`sound`)."""
    sheet = "Roster"
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
        fte = parameters.to_number(cells["fte"]) if percent else None
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
        rec["step"] = _roster_step(problems, number, hr.step_value(cells["step"]), sound, lane)
        rec["schedule"] = _roster_schedule(problems, number, cells.get("schedule"), sound)
        rec["salary"] = _number(problems, sheet, number, "salary", cells.get("salary"), low=0, high=MAX_SALARY,
                                blank=None)
        rating = cells.get("rating")
        if rating is None:
            rec["rating"] = None  # the workbook's default rating, once the Assumptions are read
        else:
            rec["rating"] = parameters.normalise_rating(rating)
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


def _roster_schedule(problems: Problems, number: int, value: Any, schedule: StepSchedule | None) -> str:
    """The position's schedule by its sheet's name ('235' for 'StepSchedule 235'); blank: the StepSchedule."""
    if value is None or schedule is None:
        return ""
    text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value).strip()
    text = sheets.extra_schedule(text) or text  # 'StepSchedule 235' as well as '235'
    found = next((n for n in schedule.names[1:] if sheets.normalise(n) == sheets.normalise(text)), None)
    if found is None and sheets.normalise(text) not in ("", "stepschedule"):
        problems.add("Roster", number, "schedule", value, "blank (the StepSchedule) or the name of a sheet "
                     f"'StepSchedule <name>': {', '.join(schedule.names[1:]) or 'this workbook has no other'}")
    return found or ""


def _roster_step(problems: Problems, number: int, value: Any, schedule: StepSchedule | None,
                 lane: str | None) -> int | None:
    """The step's position in schedule order, from its published label (5, '5', 5.0, 'Step 5', '1A')."""
    if schedule is None:  # the StepSchedule's own problem is the cause: not repeated on every row
        return 1 if value is not None else _number(problems, "Roster", number, "step", value, low=1, high=99)
    step = schedule.step_of(value) if value is not None else None
    if step is None:
        problems.add("Roster", number, "step", value, schedule.expected_step(value))
        return None
    top = schedule.top(schedule.lanes.index(lane)) if lane is not None else schedule.steps
    if step > top:
        problems.add("Roster", number, "step", value,
                     f"a step lane {lane} has: it ends at step {schedule.label(top)} on the StepSchedule")
        return None
    return step


_FLAG_WORDS = {"1": 1.0, "0": 0.0, "yes": 1.0, "no": 0.0, "y": 1.0, "n": 0.0, "true": 1.0, "false": 0.0,
               "x": 1.0}


def _flag(problems: Problems, number: int, column: str, value: Any) -> float | None:
    """A roster flag: 1/0, yes/no, true/false or x; blank is 0."""
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return float(value)
    flag = parameters.to_number(value)
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


def _key_values(rows: Rows, spec: sheets.SheetSpec, ctx: parameters.Context, given: dict, sources: dict,
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
        param, _, bad = parameters.find(key, ctx)
        if bad and param is not None and param.placeholder == "lane" and not ctx.lanes:
            continue  # the StepSchedule's lanes could not be read: that problem is the cause, said once
        if bad or param is None:
            problems.add(spec.name, number, "key", key, bad or "a known parameter key")
            continue
        value, bad = parameters.coerce(param, cells["value"])
        if bad:
            problems.add(spec.name, number, "value", cells["value"], f"{bad} for {key}")
            continue
        given[key] = value
        if cells.get("source"):
            sources[key] = str(cells["source"])
        if ranges is not None and (cells.get("low") is not None or cells.get("high") is not None):
            _range(spec.name, number, key, param, value, cells, problems, ranges)


def _range(sheet: str, number: int, key: str, param: parameters.Parameter, value: Any, cells: dict,
           problems: Problems, ranges: dict) -> None:
    """An assumption's plausible range (low, high): both given, numbers within its bounds, around the value."""
    if param.kind not in ("rate", "number", "integer", "optional_number"):
        problems.add(sheet, number, "low", cells.get("low"), f"no range: {key} is not a number")
        return
    ends = []
    for column in ("low", "high"):
        end, bad = parameters.coerce(param, cells.get(column))
        if bad or end is None:
            problems.add(sheet, number, column, cells.get(column), f"{bad or 'a number'} for the range of {key}")
            return
        ends.append(float(end))
    low, high = ends
    if not low <= float(value) <= high:
        problems.add(sheet, number, "low", f"{parameters.bound(low)} to {parameters.bound(high)}",
                     f"low <= value ({value}) <= high")
        return
    ranges[key] = (low, high)


def _pairs(rows: Rows | None, spec: sheets.SheetSpec, problems: Problems, notices: list[str],
           first: tuple, second: tuple) -> list[tuple[Any, float]]:
    """Two-column rows; first and second are each (column, low, high, whole, low_open), as _number takes them."""
    if rows is None:
        return []
    out, seen = [], set()
    for number, cells in _table(rows, spec, problems, notices):
        a, b = (_number(problems, spec.name, number, name, cells[name], low=low, high=high, whole=whole,
                        low_open=low_open) for name, low, high, whole, low_open in (first, second))
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
        grouped.setdefault(proposal_name(cells["proposal"]), []).append((number, cells))
    proposals: list[Proposal] = []
    for name, entries in grouped.items():
        bad = name_problem(name, [p.name for p in proposals])
        if sheets.normalise(name) == sheets.normalise(STATUS_QUO):
            bad = f"a name other than '{STATUS_QUO}'"
        if bad is None and len(proposals) == MAX_PROPOSALS:
            bad = f"at most {MAX_PROPOSALS} proposals in one workbook"
        if bad is None and len(entries) > MAX_OVERRIDES:
            bad = f"at most {MAX_OVERRIDES} rows (changes) for one proposal; found {len(entries):,}"
        if bad:
            problems.add("Proposals", entries[0][0], "proposal", quoted_name(entries[0][1]["proposal"]), bad)
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
        proposals.append(Proposal(name, tuple(clean.items()), "; ".join(notes)[:MAX_NOTE]))
    return tuple(proposals)
