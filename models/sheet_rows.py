"""A workbook's (or a CSV's) sheets as rows of values, each with the row number the user sees.

Sheets are read in openpyxl's read-only, values-only mode (merged ranges are never expanded), at most
MAX_ROWS rows and MAX_COLUMNS columns each. A formula with no saved result (written by a program, never
calculated) is reported by its cell; a hidden sheet is read, with a notice.
"""

from __future__ import annotations

import csv
import io
import math
import re
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from models import sheets
from models.archive import FILE, MAIN_NS, MAX_COLUMNS, MAX_ROWS, _check_package, _short
from models.problems import Problems, Words

Rows = list[tuple[int, tuple]]  # (row number as the user sees it, values)
IGNORED_SHEETS = ("readme", "results")


def open_xlsx(data: bytes, problems: Problems, notices: list[str],
              titles: dict[str, str] | None = None) -> dict[str, Rows]:
    """Every sheet the workbench reads, as its non-empty rows; a hostile file is refused unparsed.

    `titles` is filled with each sheet's name as the workbook writes it (e.g. Roster -> 'Teachers')."""
    package = _check_package(data, problems)
    if package is None:
        return {}
    tables: dict[str, Rows] = {}
    titles = {} if titles is None else titles
    books = []
    try:
        books.append(load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False))
        if package.formulas:  # the same cells with their formulas, to find formulas with no saved result
            books.append(load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False))
        for index, ws in enumerate(books[0].worksheets):
            extra = sheets.extra_schedule(ws.title)
            spec = sheets.sheet_spec(ws.title) if extra is None else sheets.SheetSpec(ws.title, False, "", ())
            if spec is None:
                if not sheets.normalise(ws.title).startswith(IGNORED_SHEETS):
                    notices.append(f"Sheet '{ws.title}' is not one the workbench reads; ignored.")
                continue
            if spec.name in tables:
                problems.add(ws.title, None, None, Words(f"sheets '{titles[spec.name]}' and '{ws.title}'"),
                             f"one {spec.name} sheet (both names mean {spec.name}); delete or rename one")
                continue
            if ws.sheet_state != "visible":
                notices.append(f"Sheet '{ws.title}' is hidden in the workbook; it was read all the same. "
                               "Unhide it in Excel (right-click a sheet tab, Unhide) to see what the workbench uses.")
            if _too_big(ws, problems):
                continue
            formulas = books[1].worksheets[index] if len(books) > 1 else None
            titles[spec.name] = ws.title
            try:
                tables[spec.name] = _sheet_rows(ws, formulas, problems)
            except Exception as exc:  # a cell openpyxl cannot read: find it, to say where it is
                _out_of_memory(exc)
                tables[spec.name] = []
                if not _locate_unreadable(books[0], ws, problems):
                    problems.add(ws.title, None, None, Words(f"a sheet that cannot be read ({_short(exc)})"),
                                 "a sheet Excel can open: open the file in Excel and save it again as .xlsx")
    except Exception as exc:  # openpyxl raises many kinds on a damaged file, also while streaming rows
        _out_of_memory(exc)
        cause = exc.__cause__ or exc  # openpyxl wraps what went wrong in a ValueError
        problems.add(FILE, None, None, Words(f"a damaged workbook ({type(cause).__name__}: {_short(cause)})"),
                     "a workbook Excel can open: open it in Excel and save it again as .xlsx")
        return {}
    finally:
        for book in books:
            book.close()
    return tables


class Formula(str):
    """A formula cell with no saved result (written by a program, never calculated by Excel)."""


FORMULA_EXPECTED = ("a value: this formula has no saved result (the file was written by a program, never "
                    "calculated); open and save it in Excel or LibreOffice, or paste values")


def _too_big(ws: Any, problems: Problems) -> bool:
    """Refuse a sheet whose declared used range (its dimension) is beyond the limits, before reading it."""
    rows, columns = ws.max_row or 0, ws.max_column or 0
    if rows <= MAX_ROWS and columns <= MAX_COLUMNS:
        return False
    span = f"{get_column_letter(min(columns, 18278) or 1)}{rows}"
    problems.add(ws.title, rows if rows > MAX_ROWS else None,
                 get_column_letter(min(columns, 18278)) if columns > MAX_COLUMNS else None,
                 Words(f"a sheet whose used range reaches cell {span} ({rows:,} rows, {columns:,} columns)"),
                 f"at most {MAX_ROWS:,} rows and {MAX_COLUMNS} columns: delete the rows and columns past your "
                 "data (or copy the data to a new sheet); the sheet was not read")
    return True


def _sheet_rows(ws: Any, formulas: Any, problems: Problems) -> Rows:
    """The sheet's non-empty rows, reading no further than the limits (a sheet may understate its size)."""
    bounds = {"max_row": MAX_ROWS + 1, "max_col": MAX_COLUMNS + 1, "values_only": True}
    values = ws.iter_rows(**bounds)
    behind = formulas.iter_rows(**bounds) if formulas is not None else None
    out: Rows = []
    wide = False
    for number, row in enumerate(values, 1):
        shown = next(behind, None) if behind is not None else None
        if number > MAX_ROWS:
            problems.add(ws.title, number, None, Words(f"data below row {MAX_ROWS:,}"),
                         f"at most {MAX_ROWS:,} rows: delete the rows past your data; the rest was not read")
            break
        empty = row.count(None) == len(row)
        if empty and (shown is None or shown.count(None) == len(shown)):
            continue
        cells = list(row)
        if shown is not None:
            for j, (value, formula) in enumerate(zip(row, shown, strict=False)):
                if value is None and formula is not None:
                    cells[j] = Formula(str(getattr(formula, "text", None) or formula))
        if len(cells) > MAX_COLUMNS and cells[MAX_COLUMNS] is not None and not wide:
            wide = True
            problems.add(ws.title, number, get_column_letter(MAX_COLUMNS + 1), cells[MAX_COLUMNS],
                         f"at most {MAX_COLUMNS} columns: delete the columns past your data")
        del cells[MAX_COLUMNS:]
        while cells and cells[-1] is None:
            cells.pop()
        if any(_clean(v) is not None for v in cells):
            out.append((number, tuple(cells)))
    if out:  # a formula in the header row is reported here; in data rows, by the column it is in
        number, header = out[0]
        for j, value in enumerate(header):
            if isinstance(value, Formula):
                problems.add(ws.title, number, get_column_letter(j + 1), str(value), FORMULA_EXPECTED)
    return out


def _locate_unreadable(book: Any, ws: Any, problems: Problems) -> bool:
    """Problems for number and true/false cells openpyxl cannot read (NaN, inf, junk); False if none found."""
    from openpyxl.xml.functions import iterparse  # defusedxml's, when installed (requirements.txt)

    path, archive = getattr(ws, "_worksheet_path", None), getattr(book, "_archive", None)  # openpyxl 3.1
    if path is None or archive is None:
        return False
    found = 0
    with archive.open(path) as source:
        for _, element in iterparse(source):
            if element.tag != f"{{{MAIN_NS}}}c":
                continue
            kind, value = element.get("t", "n"), element.findtext(f"{{{MAIN_NS}}}v")
            if value is not None and not _readable(kind, value):
                ref = element.get("r", "")
                letters = ref.rstrip("0123456789")
                digits = ref[len(letters):]
                problems.add(ws.title, int(digits) if digits.isdigit() else None, letters or None, value,
                             "true/false" if kind == "b" else "a number (NaN and infinity are not numbers)")
                found += 1
            element.clear()
    return found > 0


def _readable(kind: str, value: str) -> bool:
    try:
        if kind == "n":
            float(value) if any(c in value for c in ".eE") else int(value)
            return math.isfinite(float(value))
        if kind == "b":
            return value in ("0", "1")
    except ValueError:
        return False
    return True


CSV_SHEET = "Roster (CSV)"
DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs"}


def _decode(data: bytes) -> tuple[str, str] | None:
    """The text and the name of its encoding: UTF-8 (with or without BOM), UTF-16 or Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        tried = [("utf-16", "UTF-16")]
    elif data[:200].count(b"\x00") > len(data[:200]) // 4:  # UTF-16 written without its BOM
        tried = [("utf-16-le" if data[1:2] == b"\x00" else "utf-16-be", "UTF-16")]
    else:
        tried = [("utf-8-sig", "UTF-8"), ("cp1252", "Windows-1252")]
    for codec, name in tried:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        return None if "\x00" in text else (text, name)  # NUL in text: binary, not a CSV
    return None


def _delimiter(text: str) -> str:
    """The separator the header line uses most (outside quotes): comma, semicolon or tab."""
    line = next((ln for ln in text.splitlines() if ln.strip()), "")
    outside = "".join(part for k, part in enumerate(line.split('"')) if k % 2 == 0)
    counts = {d: outside.count(d) for d in DELIMITERS}
    return max(counts, key=lambda d: (counts[d], d == ","))


def _decimal_comma(value: str) -> str:
    """In a semicolon file a comma is the decimal mark: '0,5' is 0.5 ('52,000' stays fifty-two thousand)."""
    stripped = value.strip()
    if re.fullmatch(r"-?\d+,\d{1,2}", stripped) or re.fullmatch(r"-?0,\d+", stripped):
        return stripped.replace(",", ".")
    return value


def _csv_rows(data: bytes, problems: Problems, notices: list[str] | None = None) -> Rows:
    """A roster CSV as rows: its encoding and separator are detected (and said in a notice)."""
    decoded = _decode(data)
    if decoded is None:
        problems.add(CSV_SHEET, None, None, Words("undecodable bytes"),
                     "a text CSV file (UTF-8, UTF-16 or Windows-1252)")
        return []
    text, encoding = decoded
    delimiter = _delimiter(text)
    if notices is not None:
        notices.append(f"Roster (CSV): read as {encoding} text, separated by {DELIMITERS[delimiter]}.")
    rows: Rows = []
    try:
        for i, row in enumerate(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter), 1):
            if i > MAX_ROWS:
                problems.add(CSV_SHEET, i, None, Words(f"more than {MAX_ROWS:,} rows"),
                             f"at most {MAX_ROWS:,} rows")
                break
            if delimiter == ";":
                row = [_decimal_comma(c) for c in row]
            if any(c.strip() for c in row):
                rows.append((i, tuple(row[:MAX_COLUMNS])))
    except csv.Error as exc:
        problems.add(CSV_SHEET, None, None, Words(f"unreadable text ({exc})"), "a CSV file: one teacher a line")
    return rows


def _clean(value: Any) -> Any:
    if isinstance(value, Formula):
        return value
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _out_of_memory(exc: BaseException) -> None:
    """Memory running out is the reader's limit (models/guarded.py says so), not damage in the file."""
    if isinstance(exc, MemoryError) or isinstance(exc.__cause__, MemoryError):
        raise MemoryError from exc
