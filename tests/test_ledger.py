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


def test_the_workbooks_own_offers_are_recorded_as_tabled_in_the_workbook(store):
    token = ledger.new_token()
    store.save(token, "s", None, {}, [A, B], "union", tabled=(A, B))
    edited = Proposal(A.name, (("lead.slots", 30),), A.note)
    store.save(token, "s", None, {}, [edited, B], "union", tabled=(A, B))
    history = store.history(token)
    assert list(zip(history["proposal"], history["version"], history["side"], strict=True)) == [
        ("District offer", 1, ledger.TABLED), ("Union offer", 1, ledger.TABLED), ("District offer", 2, "union")]
    assert ledger.SIDE_WORDS[ledger.TABLED] == "tabled in the workbook"


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


# --- two tabs, order, the store's bounds (issue 14) ------------------------------------------------------
def test_two_tabs_at_one_desk_keep_each_others_changes(store):
    token = ledger.new_token()
    first = store.save_desk(token, "s", None, {}, [A, B], "joint")
    tab_one = Proposal(A.name, (("lead.slots", 201), ("raise.2012", 0.01)), A.note)
    one = store.save_desk(token, "s", None, {}, [tab_one, B], "joint", seen=first.revision, base=[A, B])
    assert not one.merged
    tab_two = Proposal(B.name, (("raise.2012", 0.03),))  # the other tab still shows slots 15 ... as first loaded
    two = store.save_desk(token, "s", None, {}, [A, tab_two], "joint", seen=first.revision, base=[A, B])
    assert two.proposals == [tab_one, tab_two] and two.merged  # the first tab's 201 is not reverted
    assert store.open(token).proposals == [tab_one, tab_two]


def test_one_value_changed_in_two_tabs_keeps_both_versions(store):
    token = ledger.new_token()
    first = store.save_desk(token, "s", None, {}, [A], "joint")
    mine, theirs = (Proposal(A.name, (("lead.slots", n), ("raise.2012", 0.01)), A.note) for n in (15, 201))
    store.save_desk(token, "s", None, {}, [theirs], "joint", seen=first.revision, base=[A])
    saved = store.save_desk(token, "s", None, {}, [mine], "joint", seen=first.revision, base=[A])
    assert [p.name for p in saved.proposals] == [A.name, f"{A.name} (this tab)"]
    assert saved.proposals[0].as_dict()["lead.slots"] == 201 and saved.proposals[1].as_dict()["lead.slots"] == 15


def test_a_rename_keeps_the_order_of_the_proposals(store):
    token = ledger.new_token()
    store.save(token, "s", None, {}, [A, B], "joint")
    renamed = Proposal("District offer, revised", A.overrides, A.note)
    store.save(token, "s", None, {}, [renamed, B], "joint")
    assert store.open(token).proposals == [renamed, B]  # was [B, renamed]: another fingerprint after a reload


def test_an_upload_is_stored_once_and_the_store_is_private(store, tmp_path):
    content = os.urandom(200_000)
    for _ in range(5):
        store.save(ledger.new_token(), "roster.xlsx", content, {}, [A], "joint")
    with sqlite3.connect(store.path) as db:
        assert db.execute("SELECT COUNT(*), SUM(size) FROM uploads").fetchone() == (1, 200_000)
        assert db.execute("SELECT COUNT(*) FROM desks WHERE workbook IS NOT NULL").fetchone() == (0,)
    assert store.path.stat().st_mode & 0o777 == 0o600 and store.path.parent.stat().st_mode & 0o777 == 0o700
    assert all(p.stat().st_mode & 0o077 == 0 for p in tmp_path.glob("desks.sqlite*"))


def test_abandoned_desks_expire_with_their_uploads(store):
    from datetime import UTC, datetime, timedelta
    old, fresh = ledger.new_token(), ledger.new_token()
    store.save(old, "roster.xlsx", b"old upload", {}, [A], "joint")
    store.save(fresh, "s", None, {}, [B], "joint")
    later = datetime.now(UTC) + timedelta(days=ledger.RETENTION_DAYS + 1)
    with sqlite3.connect(store.path) as db:
        db.execute("UPDATE desks SET updated=? WHERE token=?", (later.isoformat(timespec="seconds"), fresh))
    assert store.expire(later) == 1
    assert store.open(old) is None and store.open(fresh) is not None
    with sqlite3.connect(store.path) as db:
        assert db.execute("SELECT COUNT(*) FROM uploads").fetchone() == (0,)


def test_a_forged_long_token_is_refused(store):
    with pytest.raises(ValueError):
        store.save("x" * 100_000, "s", None, {}, [A], "joint")
    assert not ledger.is_token("attacker-chosen-0001") and ledger.is_token(ledger.new_token())


def test_an_upload_past_the_store_quota_is_not_kept_and_the_save_says_so(store, monkeypatch):
    monkeypatch.setattr(ledger, "MAX_UPLOAD_BYTES", 300_000)
    first, second = ledger.new_token(), ledger.new_token()
    assert store.save_desk(first, "a.xlsx", os.urandom(200_000), {}, [A], "joint").problem is None
    saved = store.save_desk(second, "b.xlsx", os.urandom(200_000), {}, [B], "joint")
    assert saved.problem and "not kept" in saved.problem and store.open(second).proposals == [B]
    assert store.open(second).workbook is None and store.open(first).workbook is not None


def test_a_browser_lists_only_the_desks_it_holds_last_saved_first(store):
    mine, theirs = ledger.holder_digest("this browser"), ledger.holder_digest("another browser")
    first, second, other, copied = (ledger.new_token() for _ in range(4))
    store.save(first, "Small district", None, {}, [A], "joint", holder=mine)
    store.save(other, "their_roster.xlsx", b"PK-roster", {}, [A, B], "union", holder=theirs)
    time.sleep(1.1)  # saves are stamped to the second
    store.save(second, "district.xlsx", b"PK-bytes", {}, [A, B], "joint", holder=mine)
    store.copy(other, copied, mine, upload=False)  # their address opened here: this browser's own copy
    listed = store.recent(mine)
    assert [d.token for d in listed] == [copied, second, first]
    assert [(d.source, d.proposals) for d in listed[1:]] == [("district.xlsx", 2), ("Small district", 1)]
    assert other not in {d.token for d in listed} and [d.token for d in store.recent(theirs)] == [other]
    assert store.recent(ledger.holder_digest("a stranger")) == []
    assert len(store.recent(mine, limit=2)) == 2


def test_another_browsers_copy_of_a_desk_leaves_out_my_pays_inputs(store):
    """My pay's inputs describe one person: the copy another browser gets from the address has the desk's other
    settings and its whole ledger, not them."""
    mine, theirs = ledger.holder_digest("this browser"), ledger.holder_digest("another browser")
    token, copied = ledger.new_token(), ledger.new_token()
    me = {"years_experience": 14, "lane": "MA", "role": "mentor", "hard_to_staff_school": True}
    store.save(token, "Small district", None, {"horizon": 7, "side": "union", "me": me}, [A, B], "union", holder=mine)
    store.copy(token, copied, theirs, upload=False)
    copy = store.open(copied)
    assert copy.settings["horizon"] == 7 and copy.settings["side"] == "union" and copy.proposals == [A, B]
    assert "me" not in copy.settings and store.open(token).settings["me"] == me  # the holder's desk keeps them
    assert len(store.history(copied)) == len(store.history(token))
    store.copy(ledger.new_token(), ledger.new_token(), theirs, upload=False)  # a desk no longer there: nothing
