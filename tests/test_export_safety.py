"""Exports keep user text as text: nothing a user typed can run as a formula when the file is opened."""

import io
from dataclasses import replace

import openpyxl

from models import workbook
from models.inputs import canonical_roster
from models.terms import Proposal
from tests.conftest import SMALL

# Leading tabs and carriage returns are trimmed from ids on reading, so the round trip uses the rest.
HOSTILE = ("=HYPERLINK(\"http://example.invalid\",\"x\")", "+1+1", "-2+3", "@SUM(A1:A2)")


def test_hostile_text_is_written_as_text_and_reads_back_unchanged():
    inputs = workbook.read(SMALL)
    roster = inputs.roster.copy()
    roster.loc[roster.index[: len(HOSTILE)], "employee_id"] = list(HOSTILE)
    proposals = tuple(Proposal(name, (("lead.slots", 4),), note=name) for name in HOSTILE[:3])
    hostile = replace(inputs, roster=canonical_roster(roster), proposals=proposals, _fingerprint=[])
    data = workbook.to_bytes(hostile)
    book = openpyxl.load_workbook(io.BytesIO(data))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # no formula anywhere
    written = {c.value for c in cells if isinstance(c.value, str)}
    assert set(HOSTILE[:3]) <= written
    numbers = [c.value for c in book["Roster"]["B"][1:]]  # FTE stays a number
    assert all(isinstance(v, (int, float)) for v in numbers)
    again = workbook.read(data)
    assert again.fingerprint == hostile.fingerprint and [p.name for p in again.proposals] == list(HOSTILE[:3])
