"""Read, validate and write the shared budget workbook (openpyxl).

read() reports every problem at once, each naming sheet, row and column, the value found and
what is expected; it never lets a parsing exception through.

A file is checked as a zip package before any XML is parsed, and refused unread if it is not an
.xlsx (an encrypted workbook or old .xls, a CSV, a web page, garbage), if it would unpack to far
more than a workbook does (a zip bomb: see the limits below), or if any part declares an XML DTD
(entity attacks; openpyxl also parses with defusedxml, installed by requirements.txt). Sheets are
read in openpyxl's read-only, values-only mode (merged ranges are never expanded), at most MAX_ROWS
rows and MAX_COLUMNS columns each. A formula with no saved result (written by a program, never
calculated) is reported by its cell; a hidden sheet is read, with a notice.
"""

from __future__ import annotations

import csv
import io
import math
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from models import parameters as P
from models import sheets as S
from models.inputs import ROSTER_COLUMNS, ROSTER_FLAGS, Inputs, canonical_roster
from models.problems import Problems, Words
from models.terms import PathwayGrid, Proposal, StepSchedule, Terms, check_terms, resolve_params

Rows = list[tuple[int, tuple]]  # (row number as the user sees it, values)
Source = str | Path | bytes | BinaryIO
IGNORED_SHEETS = ("readme", "results")
FILE = "(file)"  # the sheet named in a problem with the file as a whole

# Limits checked before any XML is parsed (a hostile file is refused within seconds, unread). A real
# workbook is far inside them: the Baltimore sample is 0.3 MB, unpacks to 3 MB at 10 times its size.
MAX_FILE_BYTES = 50_000_000
MAX_UNPACKED_BYTES = 200_000_000
MAX_PARTS = 2_000
MAX_RATIO = 100  # unpacked / packed size of one part, for parts above RATIO_FROM_BYTES
RATIO_FROM_BYTES = 1_000_000
MAX_ROWS = 200_000  # rows read from one sheet
MAX_COLUMNS = 300  # columns read from one sheet
OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")  # an encrypted workbook, or an Excel 97-2003 .xls
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
DTD_MARKS = tuple(mark.encode(code) for mark in ("<!DOCTYPE", "<!ENTITY") for code in ("ascii", "utf-16-le",
                                                                                     "utf-16-be"))


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
    """The file's bytes, never more than one byte past the limit (so a huge file is refused, not loaded)."""
    if isinstance(source, bytes):
        return source
    if isinstance(source, (str, Path)):
        with open(source, "rb") as file:
            return file.read(MAX_FILE_BYTES + 1)
    return source.read(MAX_FILE_BYTES + 1)


def _open_xlsx(data: bytes, problems: Problems, notices: list[str]) -> dict[str, Rows]:
    """Every sheet the workbench reads, as its non-empty rows; a hostile file is refused unparsed."""
    package = _check_package(data, problems)
    if package is None:
        return {}
    tables: dict[str, Rows] = {}
    titles: dict[str, str] = {}
    books = []
    try:
        books.append(load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False))
        if package.formulas:  # the same cells with their formulas, to find formulas with no saved result
            books.append(load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False))
        for index, ws in enumerate(books[0].worksheets):
            spec = S.sheet_spec(ws.title)
            if spec is None:
                if not S.normalise(ws.title).startswith(IGNORED_SHEETS):
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
                tables[spec.name] = []
                if not _locate_unreadable(books[0], ws, problems):
                    problems.add(ws.title, None, None, Words(f"a sheet that cannot be read ({_short(exc)})"),
                                 "a sheet Excel can open: open the file in Excel and save it again as .xlsx")
    except Exception as exc:  # openpyxl raises many kinds on a damaged file, also while streaming rows
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


@dataclass(frozen=True)
class _Package:
    formulas: bool  # some worksheet may hold a formula


def _check_package(data: bytes, problems: Problems) -> _Package | None:
    """Checks on the file as a zip package, before any XML is parsed; None (with a problem) to refuse it."""
    expected = "an .xlsx workbook (Excel 2007 or later): open the file in Excel and save it as .xlsx"
    if not data:
        problems.add(FILE, None, None, Words("an empty file (0 bytes)"), expected)
        return None
    if len(data) > MAX_FILE_BYTES:
        problems.add(FILE, None, None, Words(f"a file larger than {MAX_FILE_BYTES / 1e6:,.0f} MB"),
                     f"an .xlsx workbook of at most {MAX_FILE_BYTES / 1e6:,.0f} MB")
        return None
    if data.startswith(OLE2):
        problems.add(FILE, None, None, Words("an encrypted (password-protected) workbook or an old .xls file"),
                     "an .xlsx workbook with no password: open it in Excel and save as .xlsx "
                     "(Excel Workbook), with the password removed")
        return None
    if not zipfile.is_zipfile(io.BytesIO(data)):
        problems.add(FILE, None, None, Words(_describe(data)), expected)
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _check_archive(archive, problems)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError, ValueError,
            NotImplementedError, RuntimeError) as exc:
        problems.add(FILE, None, None, Words(f"a damaged zip package ({_short(exc)})"),
                     "a workbook Excel can open: open it in Excel and save it again as .xlsx")
        return None


def _check_archive(archive: zipfile.ZipFile, problems: Problems) -> _Package | None:
    infos = archive.infolist()
    names = {i.filename for i in infos}
    if "xl/workbook.bin" in names:
        problems.add(FILE, None, None, Words("an Excel binary workbook (.xlsb)"), "an .xlsx workbook: save it as .xlsx")
        return None
    if "mimetype" in names and "content.xml" in names:
        problems.add(FILE, None, None, Words("an OpenDocument spreadsheet (.ods)"),
                     "an .xlsx workbook: save it as .xlsx")
        return None
    if "[Content_Types].xml" not in names or not any(n.endswith("workbook.xml") for n in names):
        problems.add(FILE, None, None, Words("a zip file that is not an Excel workbook"),
                     "an .xlsx workbook (Excel 2007 or later)")
        return None
    refused = "; refused unread, as a possible zip bomb"
    if len(infos) > MAX_PARTS:
        problems.add(FILE, None, None, Words(f"a package of {len(infos):,} parts"),
                     f"at most {MAX_PARTS:,} parts{refused}")
        return None
    unpacked = sum(i.file_size for i in infos)
    if unpacked > MAX_UNPACKED_BYTES:
        problems.add(FILE, None, None, Words(f"parts that unpack to {unpacked / 1e6:,.0f} MB"),
                     f"a workbook that unpacks to at most {MAX_UNPACKED_BYTES / 1e6:,.0f} MB{refused}")
        return None
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FROM_BYTES and ratio > MAX_RATIO:
            problems.add(FILE, None, None,
                         Words(f"a part ({info.filename}) that unpacks to {ratio:,.0f} times its size"),
                         f"parts that unpack to at most {MAX_RATIO} times their size{refused}")
            return None
        if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            problems.add(FILE, None, None, Words(f"a part ({info.filename}) encrypted or packed in an unusual way"),
                         "an .xlsx workbook as Excel saves it, with no password")
            return None
    formulas = False
    for info in infos:
        if not info.filename.endswith((".xml", ".rels", ".vml")):
            continue
        found = _scan_part(archive, info)
        if found["dtd"]:
            problems.add(FILE, None, None, Words(f"an XML document type declaration (DTD) in {info.filename}"),
                         "a workbook as Excel saves it: Excel never writes a DTD, and XML entities can be used "
                         "to attack the reader; refused unread")
            return None
        formulas = formulas or (found["formula"] and info.filename.startswith("xl/worksheets/"))
    return _Package(formulas=formulas)


def _scan_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> dict[str, bool]:
    """Stream one part (at most its declared size, which zipfile enforces) looking for a DTD or a formula."""
    found = {"dtd": False, "formula": False}
    tail = b""
    with archive.open(info) as part:
        while chunk := part.read(1 << 20):
            window = tail + chunk
            found["dtd"] = found["dtd"] or any(mark in window for mark in DTD_MARKS)
            found["formula"] = found["formula"] or b"<f>" in window or b"<f " in window
            if found["dtd"]:
                break
            tail = window[-32:]
    return found


def _describe(data: bytes) -> str:
    """What a file that is not a zip package looks like, in the user's words."""
    head = data[:4096]
    if head.startswith(b"PK"):
        return "a damaged or incomplete .xlsx (a zip package cut short, perhaps an interrupted download)"
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = head.decode("latin-1")
        if sum(c.isprintable() or c in "\r\n\t" for c in text) < 0.95 * len(text):
            return "a file that is not a spreadsheet (unrecognised content)"
    if "\x00" in text:
        return "a file that is not a spreadsheet (unrecognised content)"
    lowered = text.lstrip().lower()
    if lowered.startswith(("<html", "<!doctype html", "<table")) or "<table" in lowered[:1000]:
        return "a web page (HTML), which some systems export with an .xls name"
    if lowered.startswith("<?xml"):
        return "an XML text file (perhaps an Excel 2003 XML spreadsheet)"
    lines = [line for line in text.splitlines()[:5] if line.strip()]
    if lines and all("," in line or "\t" in line or ";" in line for line in lines):
        return ("a text (CSV) file, not an .xlsx workbook (a roster CSV can be loaded on its own as the "
                "roster)")
    return "a text file, not an .xlsx workbook"


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


def _short(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else ""
    return text[:200]


def _csv_rows(data: bytes, problems: Problems) -> Rows:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.add("Roster (CSV)", None, None, Words("undecodable bytes"), "a UTF-8 text CSV file")
        return []
    rows: Rows = []
    try:
        for i, row in enumerate(csv.reader(io.StringIO(text)), 1):
            if i > MAX_ROWS:
                problems.add("Roster (CSV)", i, None, Words(f"more than {MAX_ROWS:,} rows"),
                             f"at most {MAX_ROWS:,} rows")
                break
            if any(c.strip() for c in row):
                rows.append((i, tuple(row[:MAX_COLUMNS])))
    except csv.Error as exc:
        problems.add("Roster (CSV)", None, None, Words(f"unreadable text ({exc})"), "a CSV file: one teacher a line")
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


def _table(rows: Rows, spec: S.SheetSpec, problems: Problems, notices: list[str]) -> list[tuple[int, dict]]:
    """Rows as {column: value}, after matching the header; problems for missing columns."""
    if not rows:
        problems.add(spec.name, 1, None, Words("an empty sheet"), f"a header row and data ({spec.meaning})")
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
        for name, value in cells.items():
            if _uncalculated(problems, spec.name, number, name, value):
                cells[name] = None  # the blank this leaves is not reported again: one problem per cell
        out.append((number, cells))
    return out


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
    roster = _roster(tables["Roster"], schedule, grid, problems, notices)
    roles = tuple(sorted({r for r in roster.get("role", []) if r}))
    ctx = P.Context(lanes=schedule.lanes if schedule else (), roles=roles)
    given, sources, ranges = {}, {}, {}
    for sheet in ("Rules", "Assumptions"):
        _key_values(tables[sheet], S.RULES if sheet == "Rules" else S.ASSUMPTIONS, ctx, given, sources,
                    problems, notices, ranges)
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
                  sources=tuple(sorted(all_sources.items())), notices=tuple(notices), about=about,
                  ranges=tuple(sorted((k, lo, hi) for k, (lo, hi) in ranges.items())))


def _step_schedule(rows: Rows, problems: Problems) -> StepSchedule | None:
    sheet = "StepSchedule"
    if not rows:
        problems.add(sheet, 1, None, Words("an empty sheet"), "a header row: step, then one column per lane")
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
    for number, cells in _table(rows, S.PATHWAYS, problems, notices):
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
        rec["step"] = _number(problems, sheet, number, "step", cells["step"], low=1, high=steps, whole=True,
                              meaning=f"the StepSchedule has steps 1 to {steps}")
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
        for flag in ROSTER_FLAGS:
            rec[flag] = _flag(problems, number, flag, cells.get(flag))
        records.append(rec)
    if not records and not any(p.sheet == sheet for p in problems.items):
        problems.add(sheet, rows[0][0] + 1 if rows else 1, None, Words("no teachers"),
                     "at least one teacher row under the header")
    if unrated:
        notices.append(f"Roster: {unrated} teacher(s) have no rating; counted as Effective.")
    return pd.DataFrame(records, columns=list(ROSTER_COLUMNS))


_FLAG_WORDS = {"1": 1.0, "0": 0.0, "yes": 1.0, "no": 0.0, "y": 1.0, "n": 0.0, "true": 1.0, "false": 0.0,
               "x": 1.0}


def _flag(problems: Problems, number: int, column: str, value: Any) -> float | None:
    """A roster flag: 1/0, yes/no, true/false or x; blank is 0."""
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return float(value)
    number = P.to_number(value)
    if number in (0.0, 1.0):
        return number
    key = S.normalise(value)
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


def _key_values(rows: Rows, spec: S.SheetSpec, ctx: P.Context, given: dict, sources: dict,
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
    columns = tuple(c for c in ROSTER_COLUMNS if c not in ROSTER_FLAGS or roster[c].any())  # flags only if used
    out: list[tuple] = [columns]
    whole = ("years_experience", "step", "interval") + ROSTER_FLAGS
    for rec in roster[list(columns)].itertuples(index=False):
        row = []
        for col, value in zip(columns, rec, strict=True):
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
        if param is None or param.sheet != sheet or P.quiet_at_default(key, value):
            continue
        rows.append((order[param.key], key, value, param.unit, inputs.source(key) or param.source))
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
