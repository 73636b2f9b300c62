"""The desk store and ledger of offers, on a real SQLite file."""

import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import openpyxl
import pytest

from models import ledger
from models.terms import Proposal
from tests.conftest import ROOT

A = Proposal("District offer", (("lead.slots", 10), ("raise.2012", 0.01)), "first")
B = Proposal("Union offer", (("raise.2012", 0.02),))


@pytest.fixture
def store(tmp_path):
    return ledger.Ledger(tmp_path / "desks.sqlite")


def test_a_desk_comes_back_as_saved(store):
    token = ledger.new_token()
    assert len(token) >= 20 and store.open(token) is None
    store.save(token, "Small district", b"PK-bytes", {"compare": ["Union offer"], "horizon": 7}, [A, B], "district")
    desk = store.open(token)
    assert desk.proposals == [A, B] and desk.workbook == b"PK-bytes" and desk.settings["horizon"] == 7


def test_only_changes_make_new_versions_and_removal_is_recorded(store):
    token = ledger.new_token()
    assert store.save(token, "s", None, {}, [A, B], "district") == 2
    assert store.save(token, "s", None, {"horizon": 5}, [A, B], "union") == 0
    changed = Proposal(A.name, (("lead.slots", 25),), A.note)
    assert store.save(token, "s", None, {}, [changed, B], "union") == 1
    assert store.save(token, "s", None, {}, [changed], "joint") == 1
    history = store.history(token)
    assert list(zip(history["proposal"], history["version"], history["side"], history["withdrawn"],
                    strict=True)) == [
        ("District offer", 1, "district", False), ("Union offer", 1, "district", False),
        ("District offer", 2, "union", False), ("Union offer", 2, "joint", True)]
    assert store.open(token).proposals == [changed]
    assert store.version(token, "District offer", 1) == A
    assert store.save(token, "s", None, {}, [changed, B], "joint") == 1  # reinstated as version 3
    assert store.open(token).proposals == [changed, B]


def test_sides_are_checked_and_desks_are_separate(store):
    one, two = ledger.new_token(), ledger.new_token()
    with pytest.raises(ValueError):
        store.save(one, "s", None, {}, [A], "mediator")
    store.save(one, "s", None, {}, [A], "joint")
    store.save(two, "s", None, {}, [B], "joint")
    assert store.open(one).proposals == [A] and store.open(two).proposals == [B]
    store.forget(one)
    assert store.open(one) is None and store.history(one).empty and store.open(two).proposals == [B]


def test_ledger_export_keeps_text_as_text_and_numbers_as_numbers(store):
    token = ledger.new_token()
    hostile = Proposal("=HYPERLINK(\"http://x\",\"click\")", (("lead.slots", 12),), "+cmd|' /C calc'!A0")
    store.save(token, "s", None, {}, [hostile, A], "union")
    book = openpyxl.load_workbook(io.BytesIO(ledger.export(store.history(token))))
    rows = list(book["Ledger"].iter_rows(values_only=True))
    header = rows[0]
    first = dict(zip(header, rows[1], strict=True))
    assert first["proposal"].startswith("'=") and first["note"].startswith("'+")
    assert first["version"] == 1 and isinstance(first["changes"], int)
    changes = list(book["Changes"].iter_rows(values_only=True))
    assert ("'=HYPERLINK(\"http://x\",\"click\")", 1, "lead.slots", 12) in changes
    assert all(c.data_type != "f" for row in book["Ledger"].iter_rows() for c in row)


WRITER = """
import sys
from models import ledger
from models.terms import Proposal
store = ledger.Ledger(sys.argv[1])
n = 0
print("ready", flush=True)
while True:
    n += 1
    store.save("crash-desk-token-0001", "s", b"x" * 20000, {"n": n},
               [Proposal(f"P{k}", (("lead.slots", n), ("raise.2012", n / 1000))) for k in range(5)], "joint")
"""


def test_a_crash_mid_save_leaves_the_last_complete_save(tmp_path):
    path = tmp_path / "desks.sqlite"
    for _ in range(3):
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], cwd=ROOT, stdout=subprocess.PIPE,
                                  env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert writer.stdout.readline().strip() == b"ready"
        time.sleep(0.6)
        writer.send_signal(signal.SIGKILL)
        writer.wait()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    desk = ledger.Ledger(path).open("crash-desk-token-0001")
    slots = {dict(p.overrides)["lead.slots"] for p in desk.proposals}
    assert len(desk.proposals) == 5 and len(slots) == 1  # all five from one save, never a half-written one
    assert desk.settings["n"] == slots.pop()
    history = ledger.Ledger(path).history("crash-desk-token-0001")
    for _, versions in history.groupby("proposal")["version"]:
        assert list(versions) == list(range(1, len(versions) + 1))
    assert all(isinstance(json.loads(o), list) for o in history["overrides"])
