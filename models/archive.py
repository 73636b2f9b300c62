"""The file as a zip package, checked before any XML is parsed.

A file is refused unread if it is not an .xlsx (an encrypted workbook or old .xls, a CSV, a web page,
garbage), if it would unpack to far more than a workbook does (a zip bomb: see the limits below), or if
any part declares an XML DTD (entity attacks; openpyxl also parses with defusedxml).
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from models.problems import Problems, Words

Source = str | Path | bytes | BinaryIO
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



def _bytes(source: Source) -> bytes:
    """The file's bytes, never more than one byte past the limit (so a huge file is refused, not loaded)."""
    if isinstance(source, bytes):
        return source
    if isinstance(source, (str, Path)):
        if not stat.S_ISREG(os.stat(source).st_mode):  # a pipe would wait for a writer forever
            raise OSError(f"{source}: not a regular file (a pipe, a device or a folder)")
        with open(source, "rb") as file:
            return file.read(MAX_FILE_BYTES + 1)
    return source.read(MAX_FILE_BYTES + 1)


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


def _short(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else ""
    return text[:200]
