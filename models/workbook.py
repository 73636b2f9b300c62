"""The shared budget workbook: read, validate and write it (openpyxl).

The parts live in their own modules: `archive` (the file as a zip package, checked before any XML is
parsed), `sheet_rows` (sheets and CSV files as rows), `reader` (rows -> validated Inputs), `writer`
(Inputs -> .xlsx) and `template` (the blank template). This module is the one the rest of the code uses.
"""

from models.archive import MAX_FILE_BYTES, MAX_PARTS, MAX_ROWS
from models.reader import build_inputs, read
from models.sheet_rows import Formula, Rows
from models.sheet_rows import open_xlsx as _open_xlsx
from models.template import write_template
from models.writer import to_bytes, write

__all__ = ["MAX_FILE_BYTES", "MAX_PARTS", "MAX_ROWS", "Formula", "Rows", "build_inputs", "read", "to_bytes",
           "write", "write_template", "_open_xlsx"]
