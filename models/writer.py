"""Write the inputs back as a workbook (every input sheet, a README sheet, optional Results sheets).

With results, a Summary sheet comes first and the Results sheets follow, laid out for a finance office to
print as is: headings in the users' words, money as money, widths that fit, frozen and filtered headers,
landscape pages one page wide with the header repeated. Input sheets keep their keys as headers (they are
read back) and get the same page layout; values are untouched, so the fingerprint is the same.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any, BinaryIO

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from models import parameters, sheets, words
from models.inputs import QUIET_TEXT, ROSTER_COLUMNS, ROSTER_FLAGS, ROSTER_OPTIONAL, Inputs
from models.terms import Proposal, StepSchedule


def to_bytes(inputs: Inputs, results: dict[str, pd.DataFrame] | None = None) -> bytes:
    buffer = io.BytesIO()
    write(inputs, buffer, results)
    return buffer.getvalue()


def write(inputs: Inputs, target: str | Path | BinaryIO, results: dict[str, pd.DataFrame] | None = None) -> None:
    """Every input sheet, a README sheet documenting them, and optional Results sheets."""
    book = Workbook(write_only=True)
    for name, frame in (results or {}).items():
        _table(book, name[:31], frame)
    _sheet(book, "README", _readme_rows(inputs), header=False)
    if inputs.about:
        _sheet(book, "About", [("topic", "note")] + list(inputs.about))
    sched = inputs.baseline.step_schedule
    _sheet(book, "Roster", _roster_rows(inputs.roster, sched))
    if inputs.column_map:  # kept, so the other side reads the same HR export the same way
        _sheet(book, "ColumnMap", [("workbook_column", "workbench_column")] + list(inputs.column_map))
    if inputs.lane_codes:
        _sheet(book, "LaneCodes", [("code", "lane")] + list(inputs.lane_codes))
    _sheet(book, "StepSchedule", schedule_rows(sched))
    for name, grid in sched.extra:  # each other schedule on its own sheet, as a budget officer keeps them
        _sheet(book, f"StepSchedule {name}", schedule_rows(replace(sched, salaries=grid, extra=())))
    grid = inputs.baseline.pathways
    if any(grid.salaries):
        _sheet(book, "Pathways", [("pathway", "interval", "salary")] + [
            (name, k, s) for name, row in zip(parameters.PATHWAYS, grid.salaries, strict=True)
            for k, s in enumerate(row, 1)])
    for sheet in ("Rules", "Assumptions"):
        _sheet(book, sheet, _key_value_rows(inputs, sheet))
    if inputs.market:
        _sheet(book, "Market", [("years_experience", "salary")] + list(inputs.market))
    if inputs.budget:
        _sheet(book, "Budget", [("year", "amount")] + list(inputs.budget))
    if inputs.hires:
        sched = inputs.baseline.step_schedule  # steps as the schedule prints them, as the reader reads them
        _sheet(book, "Hires", [("lane", "step", "years_experience", "share")]
               + [(lane, _published(sched.label(step)), years, share) for lane, step, years, share in inputs.hires])
    _sheet(book, "Proposals", _proposal_rows(inputs.proposals))
    book.save(target)


FORMATS = {"money": '"$"#,##0;-"$"#,##0', "percent": "0.0%", "count": "#,##0", "tenths": "#,##0.0"}
HEADER = Font(bold=True)


def _sheet(book: Workbook, title: str, rows: Iterable[tuple], header: bool = True) -> None:
    """An input sheet as it is read back, laid out to print: widths that fit, header frozen and repeated."""
    rows = list(rows)
    ws = book.create_sheet(title)
    _layout(ws, rows, header)
    for i, row in enumerate(rows):
        ws.append([_cell(ws, v, bold=header and i == 0) for v in row])


def _table(book: Workbook, title: str, frame: pd.DataFrame) -> None:
    """A Results sheet: headings in the users' words, each number formatted as what it is."""
    formats = [_format(c, frame.attrs) for c in frame.columns]
    row_formats = frame.attrs.get("row_formats")
    headings = tuple(str(c) if not isinstance(c, str) else words.heading(c) for c in frame.columns)
    body = list(frame.itertuples(index=False, name=None))
    ws = book.create_sheet(title)
    _layout(ws, [headings] + [tuple(_shown(v, f) for v, f in zip(r, formats, strict=True)) for r in body], True)
    ws.append([_cell(ws, h, bold=True) for h in headings])
    by_row = [row_formats is not None and (not isinstance(c, str) or c == "Over the horizon") for c in frame.columns]
    for i, row in enumerate(body):  # a summary's figures read as their row says (money or percent)
        ws.append([_cell(ws, v, fmt=row_formats[i] if own else f)
                   for v, f, own in zip(row, formats, by_row, strict=True)])


def _format(column: Any, attrs: dict) -> str | None:
    """How a column's numbers read: year columns of a wide sheet as the sheet says, else by what the column is."""
    if not isinstance(column, str):
        return attrs.get("years_format", "money")
    if column in words.MONEY or column == "Over the horizon":
        return "money"
    if column in words.SHARES:
        return "percent"
    if column in words.COUNTS:
        return "tenths" if column in ("fte", "headcount") or column.startswith("au") else "count"
    return None


def _shown(value: Any, fmt: str | None) -> str:
    """Roughly what a cell shows, to size its column."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and fmt and value == value:
        return f"-${abs(value):,.0f}" if fmt == "money" else f"{value:,.1f}"
    return "" if value is None else str(value)


def _layout(ws: Any, rows: list[tuple], header: bool) -> None:
    """Widths from the longest value shown (within limits); header row frozen, filtered and repeated on every
    printed page; landscape, fitted to one page wide."""
    width = max((len(r) for r in rows), default=0)
    for j in range(width):
        longest = max((len(_shown(r[j], "money" if isinstance(r[j], float) else None)) for r in rows if j < len(r)),
                      default=8)
        ws.column_dimensions[get_column_letter(j + 1)].width = min(max(longest + 2, 8), 60)
    # openpyxl's write-only sheets leave out their used range (<dimension>): a reader in read-only mode
    # (openpyxl's, so ours) then parses the whole sheet an extra time looking for it
    used = f"A1:{get_column_letter(width)}{len(rows)}" if rows and width else "A1:A1"
    ws.calculate_dimension = lambda: used
    if header and rows and width:
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{get_column_letter(width)}{len(rows)}"
        ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _cell(ws: Any, value: Any, fmt: str | None = None, bold: bool = False) -> Any:
    """Text stays text (never a formula); NaN and None are blank; whole floats are written whole."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if isinstance(value, str):
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        if bold:
            cell.font = HEADER
        return cell
    if fmt and isinstance(value, (int, float)) and not isinstance(value, bool):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = FORMATS[fmt]
        return cell
    return value


def _published(label: str) -> int | str:
    """A step label as the schedule prints it: digits as a number, anything else as text."""
    return int(label) if label.isascii() and label.isdigit() else label


def schedule_rows(sched: StepSchedule) -> list[tuple]:
    """The StepSchedule sheet as published: its labels, reserved rows, blank cells where a lane ends."""
    rows: list[tuple] = [("step", *sched.lanes)]
    reserved = list(sched.reserved)
    for i, row in enumerate(sched.salaries):
        rows += [(_published(label), *["Reserved"] * len(sched.lanes)) for n, label in reserved if n == i]
        cells = [s if i < sched.top(j) else None for j, s in enumerate(row)]
        rows.append((_published(sched.label(i + 1)), *cells))
    rows += [(_published(label), *["Reserved"] * len(sched.lanes)) for n, label in reserved if n >= sched.steps]
    return rows


def _roster_rows(roster: pd.DataFrame, sched: StepSchedule) -> list[tuple]:
    columns = tuple(c for c in ROSTER_COLUMNS if (c not in ROSTER_FLAGS + QUIET_TEXT or roster[c].any())
                    and (c not in ROSTER_OPTIONAL or roster[c].notna().any()))  # flags, schedule, salary if used
    out: list[tuple] = [columns]
    whole = ("years_experience", "step", "interval") + ROSTER_FLAGS
    for rec in roster[list(columns)].itertuples(index=False):
        row = []
        for col, value in zip(columns, rec, strict=True):
            if col in whole and value == value:
                value = _published(sched.label(int(value))) if col == "step" else int(value)
            row.append(value if value != "" else None)
        out.append(tuple(row))
    return out


def _key_value_rows(inputs: Inputs, sheet: str) -> list[tuple]:
    ctx = inputs.baseline.context
    order = {p.key: i for i, p in enumerate(parameters.REGISTRY)}
    rows = []
    for key, value in inputs.baseline.params:
        param, _, _ = parameters.find(key, ctx)
        if param is None or param.sheet != sheet or parameters.quiet_at_default(key, value):
            continue
        rows.append((order[param.key], key, value, param.unit, inputs.source(key) or param.citation))
    rows.sort(key=lambda r: (r[0], r[1]))
    ranges = {k: (lo, hi) for k, lo, hi in inputs.ranges} if sheet == "Assumptions" else {}
    if not ranges:
        return [("key", "value", "unit", "source")] + [r[1:] for r in rows]
    return [("key", "value", "unit", "source", "low", "high")] + [r[1:] + ranges.get(r[1], (None, None))
                                                                  for r in rows]


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
    for spec in sheets.SHEETS:
        rows.append((spec.name, "", spec.meaning + ("" if spec.required else " (optional)"), "", "", ""))
        for column in spec.columns:
            rows.append((spec.name, column.name, column.meaning, "", "required" if column.required else "", ""))
        if spec in (sheets.RULES, sheets.ASSUMPTIONS):
            for p in parameters.REGISTRY:
                if p.sheet == spec.name:
                    rows.append((spec.name, p.key, p.description, p.unit, _default_words(p), p.citation))
    return rows


def _default_words(p: parameters.Parameter) -> str:
    if isinstance(p.default, dict):
        return ", ".join(f"{k}: {v}" for k, v in p.default.items())
    return "" if p.default is None else str(p.default)
