"""Valid but ruinous workbooks and links (issue 14): each is read or refused within its bounds.

Uploads are read by models/guarded.py in a child process (at most 1 GB of data memory, 5 s of processor
time). Each test builds the file the issue describes, reads it as the app reads an upload, and checks the
answer, the time on the clock, that this (the server's) process did not grow, and the child's peak memory.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import textwrap
import time

import pytest

from models import guarded
from models.problems import InputError
from tests import hostile
from tests.conftest import ROOT

CLOCK = guarded.START_SECONDS + 2 * guarded.MAX_SECONDS + 5  # the bound on a busy machine; about 6 s when idle
RUINOUS = {
    "cell styles": lambda: hostile.style_bomb(2_290_000),
    "shared strings": lambda: hostile.shared_strings_bomb(3_000_000),
    "nesting": lambda: hostile.nesting_bomb(3_000_000),
    "problem flood": lambda: hostile.problem_flood(200_000),
    "rows without a dimension": lambda: hostile.rows_without_dimension(2_000_000),
}


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


@pytest.mark.parametrize("kind", list(RUINOUS))
def test_a_ruinous_workbook_is_refused_within_the_bounds(kind):
    content = RUINOUS[kind]()
    assert len(content) <= 50_000_000  # within the upload limit
    before = _peak_mb(resource.RUSAGE_SELF)
    start = time.monotonic()
    with pytest.raises(InputError) as refused:
        guarded.read(content)
    seconds = time.monotonic() - start
    assert seconds < CLOCK, seconds
    assert _peak_mb(resource.RUSAGE_SELF) < before + 100  # the server's own process did not read it
    assert _peak_mb(resource.RUSAGE_CHILDREN) < 1_300  # the child's data stayed under 1 GB (plus code)
    assert len(refused.value.problems) <= 201 and len(str(refused.value)) < 20_000  # one message, not a flood
    start = time.monotonic()
    with pytest.raises(InputError):  # the same file again is refused at once
        guarded.read(content)
    assert time.monotonic() - start < 1


def test_a_real_workbook_reads_the_same_in_the_child(baltimore):
    from tests.conftest import BALTIMORE
    assert guarded.read(BALTIMORE.read_bytes()).fingerprint == baltimore.fingerprint


def test_a_problem_flood_stops_at_the_limit_and_says_so(small):
    from models import workbook
    from models.problems import MAX_PROBLEMS
    with pytest.raises(InputError) as refused:
        workbook.read(hostile.problem_flood(20_000))
    problems = refused.value.problems
    assert len(problems) == MAX_PROBLEMS + 1 and "checking stopped" in str(problems[-1])


BOUNDED = """
import resource, time
resource.setrlimit(resource.RLIMIT_DATA, (1_000_000_000, 1_000_000_000))
from streamlit.testing.v1 import AppTest
from tests import hostile
start = time.monotonic()
at = AppTest.from_file("tests/app_entry.py", default_timeout=120)
at.query_params["sample"] = "baltimore_2010"
at.query_params["edits"] = {edits!r}
at.run()
assert not at.exception, [e.message for e in at.exception]
print(len(at.session_state["proposals"]), round(time.monotonic() - start, 1), at.main.warning[0].value[:300])
"""


@pytest.mark.parametrize("edits", [hostile.link_bomb(3_000), hostile.link_bomb(20, name="x" * 50_000 + "{k}"),
                                   hostile.link_bomb(2, name="Status\u200b quo")])
def test_a_link_bomb_is_refused_within_the_bounds(edits, tmp_path):
    """In a child with 1 GB of data memory: 3,000 proposals took the server past 6 GB."""
    code = textwrap.dedent(BOUNDED.format(edits=edits))
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         env={"PATH": "/usr/bin:/bin", "PATHWAYS_DATA_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)})
    assert out.returncode == 0, out.stderr[-2000:]
    proposals, seconds, message = out.stdout.split(" ", 2)
    assert int(proposals) == 2 and float(seconds) < 60  # the sample's own two; the link refused in words
    assert "at most" in message or "other than" in message or "no other" in message


@pytest.mark.parametrize("name", hostile.CRASH_NAMES)
def test_a_crash_name_on_the_proposals_sheet_is_one_message(name, tmp_path):
    from models import workbook
    book = hostile.sample()
    ws = book["Proposals"]
    hostile.put(ws, 2, "proposal", name)
    with pytest.raises(InputError) as refused:
        workbook.read(hostile.save(book, tmp_path / "names.xlsx"))
    assert len(str(refused.value)) < 2_000 and "Proposals" in str(refused.value)
