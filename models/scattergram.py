"""A Scattergram sheet (steps down, lanes across, FTE in the cells) -> the positions it stands for.

Cost-out guides give a district's staff as a count per schedule cell. A cell of 3.5 is three full-time
positions and one half-time one, so the roster it expands to costs exactly what the cells say.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
from openpyxl.utils import get_column_letter

from models import sheets
from models.hr_columns import LaneCodes, is_total, step_value
from models.inputs import ROSTER_COLUMNS
from models.parameters import RATING_LABELS, to_number
from models.problems import Problems, Words
from models.sheet_rows import Formula, Rows, _clean
from models.terms import StepSchedule, step_key

SHEET = "Scattergram"
MAX_CELL = 10_000
COUNT_WORDS = ("fte", "ftes", "teachers", "count", "headcount", "#")  # the row of counts beside a lane's


def _ignored(value: Any) -> bool:
    """A salary (or pay) row or column beside the counts."""
    key = sheets.normalise(value)
    return any(word in key for word in ("salary", "pay", "amount", "$"))


def cells(rows: Rows, schedule: StepSchedule, codes: LaneCodes, problems: Problems,
          notices: list[str]) -> dict[tuple[str, int], float]:
    """FTE by (lane, step position) as the sheet gives it, its steps read as the schedule prints them (as the
    Roster's); problems name the cell as the user wrote it."""
    if not rows:
        problems.add(SHEET, 1, None, Words("an empty sheet"), "a header row: step, then one column per lane")
        return {}
    header_row, header = rows[0]
    header = [_clean(h) for h in header]
    corner = sheets.normalise(header[0]) if header else ""
    if corner and not (corner.startswith("step") or corner == "salarystep"):  # Step, Steps, Step #, Step No.
        problems.add(SHEET, header_row, "A", header[0], "'step' (or 'Step #', or blank) as the first header, "
                     "then one column per lane")
        return {}
    if _steps_across(header, rows, schedule, codes):
        return _across(rows, header, schedule, codes, problems, notices)
    lanes: dict[int, str] = {}
    totals, salaries = [], []
    for j, label in enumerate(header[1:], start=1):
        if label is None:
            continue
        if is_total(label) or _ignored(label):
            (totals if is_total(label) else salaries).append(f"column '{label}'")
            continue
        lane = codes.find(label)
        if lane is None:
            problems.add(SHEET, header_row, str(label), label, codes.expected + ", a Salary or a Total column")
        else:
            lanes[j] = lane
    if len(set(lanes.values())) != len(lanes):
        problems.add(SHEET, header_row, None, ", ".join(str(header[j]) for j in lanes),
                     "each lane once across the header row")
        return {}
    out: dict[tuple[str, int], float] = {}
    seen_steps: dict[int, int] = {}
    headless: set[int] = set()
    read, total_rows = [], []  # (row, label as written, step, values) and (row, values): the totals checked
    for number, values in rows[1:]:
        values = [_clean(v) for v in values]
        first = values[0] if values else None
        if is_total(first) or _ignored(first):
            (totals if is_total(first) else salaries).append(f"row {number} ('{first}')")
            if is_total(first):
                total_rows.append((number, values))
            continue
        step = schedule.step_of(step_value(first)) if first is not None and not isinstance(first, Formula) else None
        if step is None:
            reserved = {step_key(label) for _, label in schedule.reserved}
            counted = any(isinstance(v, Formula) or to_number(v) for v in values[1:])
            if step_key(step_value(first)) in reserved and not counted:
                continue  # a reserved step printed with no one on it
            problems.add(SHEET, number, str(header[0] or "A"), first,
                         f"{schedule.expected_step(step_value(first))}, or a row labelled Total or Salary")
            continue
        if step in seen_steps:
            problems.add(SHEET, number, str(header[0] or "A"), first,
                         f"each step once (also on row {seen_steps[step]})")
            continue
        seen_steps[step] = number
        read.append((number, first, step, values))
        for j in range(1, len(values)):
            value = values[j]
            if value is None:
                continue
            if j not in lanes:
                if (j >= len(header) or header[j] is None) and j not in headless:
                    headless.add(j)  # a number beside the grid never becomes a lane silently; said once
                    problems.add(SHEET, number, get_column_letter(j + 1), value, "a value only under a lane "
                                 "header (this column has no header: name its lane, or delete the column)")
                continue
            fte = _fte(value, number, str(header[j]), problems)
            if fte:
                out[(lanes[j], step)] = fte
    differ = _totals_differ(header, read, total_rows, lanes, lambda step, lane: out.get((lane, step), 0.0),
                            ("step", "lane"))
    return _checked(out, totals, salaries, header_row, problems, notices, differ)


def _fte(value: Any, number: int, column: str, problems: Problems) -> float | None:
    """A cell's FTE, or None (and the problem, naming the cell) when it is not a count."""
    fte = None if isinstance(value, Formula) else to_number(value)
    if fte is None or not math.isfinite(fte) or not 0 <= fte <= MAX_CELL:
        problems.add(SHEET, number, column, value, f"the FTE (or headcount) in this cell, a number from 0 to "
                     f"{MAX_CELL:,}")
        return None
    return fte


def _stated(values: list, j: int) -> float | None:
    """The figure a total cell states, or None (blank, text, or a formula with no saved result)."""
    value = values[j] if j < len(values) else None
    number = None if value is None or isinstance(value, Formula) else to_number(value)
    return number if number is not None and math.isfinite(number) else None


def _figure(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _totals_differ(header: list, read: list[tuple[int, Any, Any, list]], total_rows: list[tuple[int, list]],
                   keys: dict[int, Any], cell: Any, words: tuple[str, str]) -> list[str]:
    """Each total the sheet states (a Total column on a row read, a Total row under a column read, the two
    crossed) that is not the sum of the cells it totals: a missed or mistyped cell. `read` holds the rows read
    (row, label as written, key, values), `keys` the columns read, `cell(row key, column key)` the FTE read."""
    total_columns = [j for j, label in enumerate(header) if j and is_total(label)]
    checks = []
    for number, written, key, values in read:
        counted = sum(cell(key, other) for other in keys.values())
        checks += [(f"{words[0]} {written}", number, j, _stated(values, j), counted) for j in total_columns]
    for number, values in total_rows:
        checks += [(f"{words[1]} {header[j]}", number, j, _stated(values, j), sum(cell(r[2], key) for r in read))
                   for j, key in keys.items()]
        everything = sum(cell(r[2], key) for r in read for key in keys.values())
        checks += [("all cells", number, j, _stated(values, j), everything) for j in total_columns]
    return [f"{what} (row {number}, column '{header[j]}') states {_figure(stated)}, its cells add up to "
            f"{_figure(counted)}"
            for what, number, j, stated, counted in checks
            if stated is not None and not math.isclose(stated, counted, abs_tol=0.005)]


def _checked(out: dict[tuple[str, int], float], totals: list[str], salaries: list[str], header_row: int,
             problems: Problems, notices: list[str], differ: list[str]) -> dict[tuple[str, int], float]:
    """The cells read, once the rows and columns skipped as totals or salaries are said, and any total that
    is not the sum of its cells (a warning: a guide's printed totals may count cells its page leaves out)."""
    said = []
    if totals:
        said.append(f"{', '.join(totals)} {'is a total' if len(totals) == 1 else 'are totals'}")
    if salaries:
        said.append(f"{', '.join(salaries)} {'holds' if len(salaries) == 1 else 'hold'} salaries")
    if said:
        notices.append(f"Scattergram: {'; '.join(said)}; not read as teachers.")
    if differ:
        verb, it, read = (("total disagrees", "it totals", "total is") if len(differ) == 1
                          else ("totals disagree", "they total", "totals are"))
        notices.append(f"Scattergram: {len(differ)} {verb} with the cells {it} (a cell missed or mistyped?): "
                       f"{'; '.join(differ)}. The cells are read; the {read} not.")
    if not out and not any(p.sheet == SHEET for p in problems.items):
        problems.add(SHEET, header_row + 1, None, Words("no FTE in any cell"), "at least one teacher in a cell")
    return out


def _step(schedule: StepSchedule, label: Any) -> int | None:
    return None if label is None or isinstance(label, Formula) else schedule.step_of(step_value(label))


def _steps_across(header: list, rows: Rows, schedule: StepSchedule, codes: LaneCodes) -> bool:
    """The layout guides print (NJSBA's "Costing Out the Contract": steps across, a lane per row): every header
    after the first a step of the schedule and no lane, and a lane (or an FTE row) down the first column."""
    labels = [h for h in header[1:] if h is not None and not is_total(h) and not _ignored(h)]
    firsts = [values[0] for _, values in rows[1:] if values]
    return (bool(labels) and all(_step(schedule, h) is not None and codes.find(h) is None for h in labels)
            and any(codes.find(_clean(f)) is not None or _counts_row(_clean(f)) for f in firsts if f is not None))


def _counts_row(value: Any) -> bool:
    """The label of a row of counts beside a lane's salary row (the guide's 'FTE' row)."""
    return isinstance(value, str) and sheets.normalise(value).rstrip(":") in COUNT_WORDS


def _lane_of_fte_rows(labelled: list[tuple[int, Any, str | None]], column: str,
                      problems: Problems) -> dict[int, int]:
    """Each FTE row's lane row (by index in `labelled`), as the guide prints them: the nearest lane-named row on
    the side the first FTE row has its lane (above, or below as the guide's copy has it). A row named as no lane
    already has its problem, so its FTE row gets none (no cascade)."""
    fte = [i for i, (_, first, _) in enumerate(labelled) if _counts_row(first)]
    named = [i for i, (_, first, _) in enumerate(labelled) if not _counts_row(first)]
    if not fte:
        return {}
    below = not named or fte[0] < named[0]
    out = {}
    for i in fte:
        near = [k for k in named if (k > i if below else k < i)]
        if near:
            out[i] = min(near) if below else max(near)
        else:
            number, first, _ = labelled[i]
            problems.add(SHEET, number, column, first, "a row naming its lane beside these counts (above or "
                         "under them, as the guide prints it), or the lane here")
    return out


def _across(rows: Rows, header: list, schedule: StepSchedule, codes: LaneCodes, problems: Problems,
            notices: list[str]) -> dict[tuple[str, int], float]:
    """FTE by (lane, step position) from a sheet with the steps across and a lane on each row (its counts on the
    row, or on an FTE row beside it, the lane's row then holding salaries)."""
    header_row = rows[0][0]
    totals, salaries = [], []
    steps: dict[int, int] = {}
    for j, label in enumerate(header[1:], start=1):
        if label is None:
            continue
        if is_total(label) or _ignored(label):
            (totals if is_total(label) else salaries).append(f"column '{label}'")
        elif _step(schedule, label) in steps.values():
            problems.add(SHEET, header_row, get_column_letter(j + 1), label, "each step once across the header row")
        else:
            steps[j] = _step(schedule, label)
    labelled, salary_rows, total_rows = [], [], []  # (row, label, lane) of the rows not totals or salaries
    for number, values in rows[1:]:
        first = _clean(values[0]) if values else None
        if is_total(first) or _ignored(first):
            if is_total(first):
                totals.append(f"row {number} ('{first}')")
                total_rows.append((number, [_clean(v) for v in values]))
            else:
                salary_rows.append((number, f"row {number} ('{first}')"))
        else:
            lane = codes.find(first) if first is not None and not _counts_row(first) else None
            labelled.append((number, first, lane))
            if lane is None and not _counts_row(first):
                problems.add(SHEET, number, str(header[0] or "A"), first,
                             codes.expected + ", an FTE row beside a lane's, or a row labelled Total or Salary")
    paired = _lane_of_fte_rows(labelled, str(header[0] or "A"), problems)
    salary_rows += [(labelled[k][0], f"row {labelled[k][0]} ('{labelled[k][1]}')") for k in set(paired.values())]
    salaries += [said for _, said in sorted(salary_rows)]
    lane_row = {i: paired.get(i, i) for i in range(len(labelled))  # a row of counts -> the row naming its lane
                if i in paired or (i not in paired.values() and labelled[i][2] is not None)}
    counted = [(labelled[i][0], labelled[k][2], labelled[k][1]) for i, k in lane_row.items()]
    values_of = {number: [_clean(v) for v in values] for number, values in rows[1:]}
    out: dict[tuple[str, int], float] = {}
    seen: dict[str, int] = {}
    read = []  # (row, lane as written, lane, values): the totals checked
    for number, lane, written in counted:
        if lane is None:
            continue  # its lane's row was named as no lane: that is its problem
        if lane in seen:
            problems.add(SHEET, number, str(header[0] or "A"), values_of[number][0],
                         f"each lane once (also on row {seen[lane]})")
            continue
        seen[lane] = number
        values = values_of[number]
        read.append((number, written, lane, values))
        for j, step in steps.items():
            value = values[j] if j < len(values) else None
            fte = None if value is None else _fte(value, number, str(header[j]), problems)
            if fte:
                out[(lane, step)] = fte
    read_as = [(labelled[i][0], labelled[k][2], labelled[k][0]) for i, k in sorted(paired.items())
               if labelled[k][2] is not None]
    if read_as:
        notices.append("Scattergram: FTE on " + ", on ".join(
            f"row {row} {'is lane ' if n == 0 else ''}{lane}'s (row {of})" for n, (row, lane, of) in enumerate(read_as))
            + ".")
    differ = _totals_differ(header, read, total_rows, steps, lambda lane, step: out.get((lane, step), 0.0),
                            ("lane", "step"))
    return _checked(out, totals, salaries, header_row, problems, notices, differ)


def positions(fte_by_cell: dict[tuple[str, int], float], lanes: tuple[str, ...], years_on: dict[int, int],
              rating: str) -> pd.DataFrame:
    """The roster the cells stand for: whole FTEs as full-time positions, a fraction as one more."""
    records = []
    order = sorted(fte_by_cell, key=lambda cell: (lanes.index(cell[0]), cell[1]))
    for lane, step in order:
        fte = fte_by_cell[(lane, step)]
        whole = math.floor(fte + 1e-9)
        parts = [1.0] * whole + ([round(fte - whole, 9)] if fte - whole > 1e-9 else [])
        for k, share in enumerate(parts, start=1):
            records.append({"employee_id": f"{lane}-{step:02d}-{k:04d}", "fte": share,
                            "years_experience": years_on.get(step, step - 1), "lane": lane, "step": step,
                            "rating": rating, "school": "", "role": "", "credits_banked": 0.0,
                            "au_banked": 0.0, "pathway": "", "interval": None})
    return pd.DataFrame(records, columns=list(ROSTER_COLUMNS))


def notice(frame: pd.DataFrame, cells_given: int, placement: bool, rating: str, schedule: StepSchedule) -> str:
    """What the expansion assumed, for the Workbook page (years by a step's place in schedule order)."""
    first = schedule.label(1)
    by_place = ("step - 1" if schedule.step_labels == tuple(str(i) for i in range(1, schedule.steps + 1))
                else f"0 on step {first} (the schedule's first) and one more on each step after it")
    years = ("years of experience from the Placement sheet" if placement
             else f"years of experience {'= ' if by_place == 'step - 1' else ''}{by_place} (no Placement sheet)")
    return (f"The roster is expanded from the Scattergram: {frame['fte'].sum():,.2f} FTE in {cells_given} cells "
            f"became {len(frame):,} positions (each whole FTE one full-time position, a fraction one part-time "
            f"position); {years}; rating {RATING_LABELS.get(rating, rating)} for every position "
            "(Assumptions roster.default_rating).")


def disagreement(roster: pd.DataFrame, fte_by_cell: dict[tuple[str, int], float],
                 schedule: StepSchedule) -> str | None:
    """None if the Roster has the same FTE in every cell as the Scattergram; else the cells that differ, their
    steps as the schedule prints them."""
    counted = roster.groupby(["lane", "step"])["fte"].sum().to_dict()
    keys = sorted(set(counted) | set(fte_by_cell), key=lambda k: (str(k[0]), k[1]))
    differ = [(lane, int(step), fte_by_cell.get((lane, step), 0.0), counted.get((lane, step), 0.0))
              for lane, step in keys
              if not math.isclose(fte_by_cell.get((lane, step), 0.0), counted.get((lane, step), 0.0), abs_tol=1e-6)]
    if not differ:
        return None
    shown = "; ".join(f"{lane} step {schedule.label(step)}: {a:g} FTE here, {b:g} in the Roster"
                      for lane, step, a, b in differ[:5])
    more = f" and {len(differ) - 5} more" if len(differ) > 5 else ""
    return f"{len(differ)} cell(s) that differ from the Roster ({shown}{more})"
