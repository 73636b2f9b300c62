"""Builders of malformed and hostile workbooks for tests/test_workbook_errors.py.

Each starts from a real sample (sample_budgets/small_district.xlsx) and changes one thing, so a test
shows that one fault is refused with a clear message. Content faults are made with openpyxl; faults
in the file itself (zip bombs, XML entity attacks, absurd sizes) by rewriting the zip package.
"""

from __future__ import annotations

import io
import posixpath
import random
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import openpyxl

from tests.conftest import SMALL

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")


# --- content faults, through openpyxl ---------------------------------------------------------
def sample() -> openpyxl.Workbook:
    """The small district sample, editable."""
    return openpyxl.load_workbook(SMALL)


def save(book: openpyxl.Workbook, path: Path) -> Path:
    book.save(path)
    return path


def column(ws: Any, header: str) -> int:
    """1-based position of a header in row 1."""
    for cell in ws[1]:
        if cell.value == header:
            return cell.column
    raise KeyError(header)


def put(ws: Any, row: int, header: str, value: Any) -> None:
    """Set the cell under `header` (None blanks it: ws.cell(value=None) would leave it as it was)."""
    ws.cell(row=row, column=column(ws, header)).value = value


def row_of(ws: Any, header: str, value: Any) -> int:
    """The row whose cell under `header` holds `value` (the first one)."""
    col = column(ws, header)
    for row in ws.iter_rows(min_row=2):
        if row[col - 1].value == value:
            return row[0].row
    raise KeyError(value)


def empty_sheet(book: openpyxl.Workbook, title: str) -> None:
    """Replace a sheet by an empty one of the same name, in the same place."""
    index = book.sheetnames.index(title)
    del book[title]
    book.create_sheet(title, index)


def add_pathways(book: openpyxl.Workbook) -> openpyxl.worksheet.worksheet.Worksheet:
    """A Pathways sheet (the small sample has none): Standard 1-5, Professional 1-12."""
    ws = book.create_sheet("Pathways", book.sheetnames.index("StepSchedule") + 1)
    ws.append(("pathway", "interval", "salary"))
    for k in range(1, 6):
        ws.append(("Standard", k, 47000 + 1750 * (k - 1)))
    for k in range(1, 13):
        ws.append(("Professional", k, 55000 + 2250 * (k - 1)))
    return ws


# --- the zip package --------------------------------------------------------------------------
def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def package(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def sheet_part(data: bytes, title: str) -> str:
    """The part (e.g. xl/worksheets/sheet3.xml) that holds the sheet with this title."""
    members = parts(data)
    book = ElementTree.fromstring(members["xl/workbook.xml"])
    rid = next(s.get(f"{{{REL}}}id") for s in book.iter(f"{{{MAIN}}}sheet") if s.get("name") == title)
    rels = ElementTree.fromstring(members["xl/_rels/workbook.xml.rels"])
    target = next(r.get("Target") for r in rels.iter(f"{{{PKG_REL}}}Relationship") if r.get("Id") == rid)
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))


def with_sheet_xml(title: str, change: Callable[[bytes], bytes], source: bytes | None = None) -> bytes:
    """The sample with one sheet's XML changed."""
    data = source if source is not None else SMALL.read_bytes()
    members = parts(data)
    name = sheet_part(data, title)
    members[name] = change(members[name])
    return package(members)


def before_sheet_data_end(insert: bytes) -> Callable[[bytes], bytes]:
    return lambda xml: xml.replace(b"</sheetData>", insert + b"</sheetData>", 1)


def after_sheet_data_end(insert: bytes) -> Callable[[bytes], bytes]:
    return lambda xml: xml.replace(b"</sheetData>", b"</sheetData>" + insert, 1)


def set_cell_xml(ref: str, cell_xml: bytes) -> Callable[[bytes], bytes]:
    """Replace the cell element with reference `ref` (e.g. B2) by `cell_xml`."""
    pattern = re.compile(rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', re.S)

    def change(xml: bytes) -> bytes:
        new, count = pattern.subn(cell_xml, xml, count=1)
        assert count == 1, f"no cell {ref}"
        return new
    return change


def zip_bomb(megabytes: int, part: str | None = None) -> bytes:
    """The sample with one sheet part replaced by a long run of zeros, deflated (about 1000:1)."""
    data = SMALL.read_bytes()
    members = parts(data)
    target = part or sheet_part(data, "Roster")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in members.items():
            if name != target:
                archive.writestr(name, content)
        with archive.open(target, "w", force_zip64=True) as out:
            chunk = b"\0" * (1 << 20)
            for _ in range(megabytes):
                out.write(chunk)
    return buffer.getvalue()


def billion_laughs(levels: int = 10) -> bytes:
    """A sheet whose one cell expands to 10**levels 'lol's if entities are resolved."""
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, levels)]
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE worksheet [{"".join(entities)}]>\n'
            f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
            f'&lol{levels - 1};</t></is></c></row></sheetData></worksheet>').encode()


def external_entity() -> bytes:
    """A sheet that asks the parser to read a local file into a cell (XXE)."""
    return (f'<?xml version="1.0"?>\n<!DOCTYPE worksheet [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
            f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&secret;</t>'
            f'</is></c></row></sheetData></worksheet>').encode()


def merged_cell_bomb() -> bytes:
    """The Roster sheet with every cell of the sheet merged into one (17 billion cells if expanded)."""
    merge = b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
    return with_sheet_xml("Roster", after_sheet_data_end(merge))


def understated_rows(row: int = 900_000) -> bytes:
    """The Roster sheet with a value far below the data and no dimension saying so."""
    cell = f'<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>T999999</t></is></c></row>'.encode()
    return with_sheet_xml("Roster", before_sheet_data_end(cell))


def ole2(size: int = 8192) -> bytes:
    """The first bytes of an OLE2 compound document: an encrypted workbook or an Excel 97-2003 .xls."""
    return OLE2 + bytes(size - len(OLE2))


# --- valid but ruinous files (issue 14): each within the upload limit and the zip-bomb checks --------------
def style_bomb(count: int = 2_290_000, seed: int = 14) -> bytes:
    """The sample with `count` cell styles (a 2.29M-style file is 5.9 MB; it held 2.6 GB for 66 s)."""
    members = parts(SMALL.read_bytes())
    noise = random.Random(seed)  # varied, as a real file's styles are: too alike, the zip-bomb check refuses them
    xfs = b"".join(b'<xf numFmtId="%d" applyNumberFormat="1"/>'
                   % noise.randrange(164, 100_000) for _ in range(count))
    members["xl/styles.xml"] = re.sub(rb"<cellXfs count=\"\d+\">.*?</cellXfs>",
                                      b'<cellXfs count="%d">' % count + xfs + b"</cellXfs>",
                                      members["xl/styles.xml"], count=1, flags=re.S)
    return package(members)


def shared_strings_bomb(count: int = 3_000_000) -> bytes:
    """The sample with a shared-strings part of `count` distinct strings (8.9M: 49 MB, 91 s, 1.9 GB)."""
    members = parts(SMALL.read_bytes())
    strings = b"".join(b"<si><t>s%d</t></si>" % i for i in range(count))
    members["xl/sharedStrings.xml"] = (b'<sst xmlns="%s" count="%d" uniqueCount="%d">' % (MAIN.encode(), count, count)
                                       + strings + b"</sst>")
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                     b'officedocument.spreadsheetml.sharedStrings+xml" /></Types>')
    members["xl/_rels/workbook.xml.rels"] = members["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdSst" Target="sharedStrings.xml" Type="http://schemas.'
                             b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" /></Relationships>')
    return package(members)


def nesting_bomb(depth: int = 3_000_000) -> bytes:
    """The Roster sheet with one cell holding `depth` nested elements (3M: 13.7 s, 1.25 GB)."""
    noise = random.Random(14)
    nested = b"".join(b'<r x="%d">' % noise.randrange(10**6) for _ in range(depth)) + b"</r>" * depth
    return with_sheet_xml("Roster", before_sheet_data_end(
        b'<row r="999"><c r="A999" t="inlineStr"><is>' + nested + b"</is></c></row>"))


def problem_flood(rows: int = 200_000) -> bytes:
    """The Roster sheet with `rows` teachers whose fte is text: one problem each (1.4M: 43 s to refuse)."""
    cells = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>X%d</t></is></c><c r="B%d" t="inlineStr"><is>'
                     b"<t>full</t></is></c></row>" % (r, r, r, r) for r in range(400, 400 + rows))
    return with_sheet_xml("Roster", before_sheet_data_end(cells))


def rows_without_dimension(rows: int = 2_000_000) -> bytes:
    """The Roster sheet followed by `rows` empty rows and no dimension saying so (2M: 15 MB, past 30 s)."""
    empty = b"".join(b'<row r="%d"/>' % r for r in range(400, 400 + rows))
    drop = re.compile(rb"<dimension[^>]*/>")
    return with_sheet_xml("Roster", lambda xml: before_sheet_data_end(empty)(drop.sub(b"", xml)))


def link_bomb(proposals: int = 3_000, name: str = "P{k}") -> str:
    """A link's edits token carrying `proposals` proposals (3,000: 8,935 characters, past 6 GB)."""
    from models import links
    from models.terms import Proposal
    return links.edits_token((), [Proposal(name.format(k=k), (("lead.slots", 10 + k % 50),))
                                  for k in range(proposals)])


CRASH_NAMES = ("Status quo", "status quo", "Status\u200b quo", "\u200bStatus quo\u2060", "", " ", "\u200b",
               "x" * 1_000_000, "District offer")  # the last: a twin of a sample's proposal
