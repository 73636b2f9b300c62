"""The desk store and ledger of offers: nothing a negotiator enters is lost.

A desk is one table's working session, found again by an unguessable token kept in the link.
Every version of every proposal is kept with its time and side (district, union, joint), so
offers can be reopened, compared and exported; the desk's workbook and settings come back after
a reload or a server restart. SQLite in WAL mode, each save one transaction: a crash mid-save
leaves the last complete save.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import secrets
import sqlite3
import time
from contextlib import closing
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from models import members, safe_text
from models.terms import Proposal

SIDES = ("district", "union", "joint")
TABLED = "workbook"  # the side of a version that is the workbook's own offer, as tabled, whoever saved the desk
SIDE_WORDS = {"district": "district", "union": "union", "joint": "joint", TABLED: "tabled in the workbook"}
DEFAULT_DIR = Path(__file__).resolve().parents[1] / "data"
# The store's bounds (README, Reliability). A desk untouched for RETENTION_DAYS is deleted with its ledger;
# an uploaded file is kept once (by content hash) while some desk uses it. Past the bounds the oldest
# desks go first; an upload that still does not fit is not stored (the proposals are) and the save says so.
RETENTION_DAYS = 30
MAX_DESKS = 5_000
MAX_UPLOAD_BYTES = 2_000_000_000  # all distinct uploads together
MAX_VERSIONS = 20_000  # per desk
MAX_TOKEN = 64  # characters; issued tokens have 24
RECENT = 8  # desks a browser's sidebar lists
# Members' copies (models/members.py: a workbook's schedules, rules and one offer, no roster) behind member
# links: each under its own token, one per distinct copy, deleted when neither made nor opened for RETENTION_DAYS.
MAX_COPIES = 5_000
# Settings that stay with the browser holding a desk, left out of the copy another browser gets from its address:
# My pay's inputs describe one person (a member may have typed their own), and an address is easily passed on.
HOLDER_ONLY = ("me",)
SCHEMA = """
CREATE TABLE IF NOT EXISTS desks (
    token TEXT PRIMARY KEY, created TEXT NOT NULL, updated TEXT NOT NULL,
    source TEXT NOT NULL, workbook BLOB, settings TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT, token TEXT NOT NULL REFERENCES desks(token) ON DELETE CASCADE,
    proposal TEXT NOT NULL, version INTEGER NOT NULL, side TEXT NOT NULL, saved TEXT NOT NULL,
    overrides TEXT NOT NULL, note TEXT NOT NULL, withdrawn INTEGER NOT NULL DEFAULT 0,
    UNIQUE (token, proposal, version));
CREATE INDEX IF NOT EXISTS versions_by_desk ON versions (token, proposal, version);
CREATE TABLE IF NOT EXISTS uploads (digest TEXT PRIMARY KEY, content BLOB NOT NULL, size INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS member_copies (
    token TEXT PRIMARY KEY, digest TEXT NOT NULL UNIQUE, created TEXT NOT NULL, used TEXT NOT NULL,
    content BLOB NOT NULL);
"""
# Added to desks: the upload by its hash, who holds the desk, whether its upload is shared, a save counter.
COLUMNS = {"upload": "TEXT", "holder": "TEXT", "shared": "INTEGER NOT NULL DEFAULT 0",
           "revision": "INTEGER NOT NULL DEFAULT 0"}


def store_path() -> Path:
    """PATHWAYS_DATA_DIR if set (a deployment's data volume), else data/ beside the code."""
    return Path(os.environ.get("PATHWAYS_DATA_DIR", DEFAULT_DIR)) / "desks.sqlite"


def private(path: Path) -> Path:
    """The store's file and folder made readable by the server's user only (rosters are salary data)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))  # SQLite gives -wal/-shm the same mode
    os.chmod(path, 0o600)
    return path


def new_token() -> str:
    """A desk token. The only place tokens are made: a desk is only ever opened under one of these."""
    return secrets.token_urlsafe(18)


def is_token(text: str) -> bool:
    """Whether text could be a token new_token made (24 URL-safe characters)."""
    return len(text) == 24 and all(c.isascii() and (c.isalnum() or c in "-_") for c in text)


def holder_digest(secret: str) -> str:
    """What the store keeps of a browser's holder secret (never the secret itself)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@dataclass(frozen=True)
class Desk:
    token: str
    source: str  # a bundled sample's label, or the uploaded file's name
    workbook: bytes | None  # the uploaded file; None for a bundled sample
    settings: dict[str, Any]
    proposals: list[Proposal]  # the latest version of each proposal not withdrawn, in the desk's order
    holder: str | None = None  # holder_digest of the browser that made the desk
    shared: bool = False  # its holder lets other browsers open the upload
    revision: int = 0  # saves so far: another tab's save moves it


@dataclass(frozen=True)
class Recent:
    """A desk this browser holds, as its sidebar lists it: the workbook's name, the last save, how many offers."""

    token: str
    source: str
    updated: datetime
    proposals: int


@dataclass(frozen=True)
class Saved:
    """What a save did: the proposals now at the desk (merged with another tab's), and in words what merged."""

    revision: int
    written: int
    proposals: list[Proposal]
    merged: list[str]
    problem: str | None = None  # the upload not stored, and why


class Ledger:
    """One SQLite file readable by the server's user only; a connection per call for any thread or process."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = private(Path(path) if path else store_path())
        with closing(self._connect()) as db, db:
            db.executescript(SCHEMA)
            have = {row[1] for row in db.execute("PRAGMA table_info(desks)")}
            for name, kind in COLUMNS.items():
                if name not in have:
                    db.execute(f"ALTER TABLE desks ADD COLUMN {name} {kind}")
            for token, content in db.execute("SELECT token, workbook FROM desks WHERE workbook IS NOT NULL"
                                             ).fetchall():  # an older store kept a copy per desk
                db.execute("UPDATE desks SET upload=?, workbook=NULL WHERE token=?", (_keep(db, content), token))
        self.expire()
        self._expired = time.monotonic()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30)
        db.execute("PRAGMA journal_mode=WAL")
        # NORMAL in WAL mode: a killed process never loses or corrupts a committed save; only a power
        # cut may drop the last ones. FULL made thirty writers queue on disk flushes.
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        return db

    def save(self, token: str, source: str, workbook: bytes | None, settings: dict[str, Any],
             proposals: list[Proposal], side: str, **how: Any) -> int:
        """Record the desk and a new version of every proposal that changed; returns versions written."""
        return self.save_desk(token, source, workbook, settings, proposals, side, **how).written

    def save_desk(self, token: str, source: str, workbook: bytes | None, settings: dict[str, Any],
                  proposals: list[Proposal], side: str, *, holder: str | None = None, seen: int | None = None,
                  base: list[Proposal] | None = None, upload_digest: str | None = None,
                  shared: bool = False, tabled: tuple[Proposal, ...] = ()) -> Saved:
        """Save the desk as this screen has it, in one transaction (all of this save or none of it).

        seen is the revision this screen last saved or opened and base its proposals then: when another
        tab at the desk has saved since, both tabs' changes are kept (see merge) and the merge is returned.
        A version that is one of the workbook's own offers as tabled (`tabled`) is recorded as TABLED.
        """
        if side not in SIDES:
            raise ValueError(f"side must be one of {SIDES}")
        if len(token) > MAX_TOKEN:
            raise ValueError(f"a desk token has at most {MAX_TOKEN} characters")
        now = _now()
        with closing(self._connect()) as db, db:
            db.execute("BEGIN IMMEDIATE")  # read, merge and write with no other save in between
            row = db.execute("SELECT revision, settings FROM desks WHERE token=?", (token,)).fetchone()
            latest = _latest(db, token, json.loads(row[1]).get("order", []) if row else [])
            merged_words: list[str] = []
            if row is not None and seen is not None and base is not None and row[0] != seen:
                theirs = [Proposal(n, _overrides(o), note) for n, (_, o, note, gone) in latest.items() if not gone]
                proposals, merged_words = merge(base, proposals, theirs)
            upload, problem = self._upload(db, workbook, upload_digest)
            settings = {**settings, "order": [p.name for p in proposals]}
            db.execute("INSERT INTO desks (token, created, updated, source, settings, upload, holder, shared, "
                       "revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1) ON CONFLICT(token) DO UPDATE SET "
                       "updated=excluded.updated, source=excluded.source, settings=excluded.settings, "
                       "upload=excluded.upload, holder=COALESCE(desks.holder, excluded.holder), "
                       "shared=excluded.shared, revision=desks.revision + 1",
                       (token, now, now, source, json.dumps(settings), upload, holder, int(shared)))
            written = _write_versions(db, token, latest, proposals, side, now, tabled)
            revision = db.execute("SELECT revision FROM desks WHERE token=?", (token,)).fetchone()[0]
            if db.execute("SELECT COUNT(*) FROM versions WHERE token=?", (token,)).fetchone()[0] > MAX_VERSIONS:
                db.execute("DELETE FROM versions WHERE id IN (SELECT id FROM versions WHERE token=? AND id NOT IN "
                           "(SELECT MAX(id) FROM versions WHERE token=? GROUP BY proposal) ORDER BY id LIMIT ?)",
                           (token, token, written))  # the oldest go, never a proposal's latest
        if time.monotonic() - self._expired > 3600:  # a server up for weeks expires desks too, hourly
            self._expired = time.monotonic()
            self.expire()
        return Saved(revision, written, list(proposals), merged_words, problem)

    def _upload(self, db: sqlite3.Connection, content: bytes | None,
                known: str | None) -> tuple[str | None, str | None]:
        """The stored upload's hash (stored once, whichever desks use it), or None and why it was not stored."""
        if content is None:
            return None, None
        key = known or digest(content)
        if db.execute("SELECT 1 FROM uploads WHERE digest=?", (key,)).fetchone():
            return key, None
        held = db.execute("SELECT COALESCE(SUM(size), 0) FROM uploads").fetchone()[0]
        if held + len(content) > MAX_UPLOAD_BYTES:
            return None, (f"the desk store holds its limit of {MAX_UPLOAD_BYTES / 1e9:,.0f} GB of uploads, so this "
                          "upload is not kept: the proposals are saved; after a restart the desk opens a sample")
        return _keep(db, content, key), None

    def open(self, token: str) -> Desk | None:
        with closing(self._connect()) as db:
            row = db.execute("SELECT source, u.content, settings, holder, shared, revision FROM desks d "
                             "LEFT JOIN uploads u ON u.digest = d.upload WHERE token=?", (token,)).fetchone()
            if row is None:
                return None
            settings = json.loads(row[2])
            latest = _latest(db, token, settings.get("order", []))
        proposals = [Proposal(name, _overrides(o), note) for name, (_, o, note, gone) in latest.items() if not gone]
        return Desk(token, row[0], row[1], settings, proposals, row[3], bool(row[4]), row[5])

    def recent(self, holder: str, limit: int = RECENT) -> list[Recent]:
        """The desks held by this holder (made in its browser, or copied to it from another's address), last
        saved first: never a desk another browser holds."""
        with closing(self._connect()) as db:
            rows = db.execute("SELECT token, source, updated, settings FROM desks WHERE holder=? "
                              "ORDER BY updated DESC, rowid DESC LIMIT ?", (holder, limit)).fetchall()
        return [Recent(token, source, datetime.fromisoformat(updated), len(json.loads(settings).get("order", [])))
                for token, source, updated, settings in rows]

    def share_upload(self, token: str, shared: bool) -> None:
        """Let other browsers that have the desk's address open its uploaded workbook (or stop that)."""
        with closing(self._connect()) as db, db:
            db.execute("UPDATE desks SET shared=? WHERE token=?", (int(shared), token))

    def copy(self, token: str, to: str, holder: str, upload: bool) -> None:
        """A new desk for another browser: the settings but HOLDER_ONLY's and the whole ledger, the upload only if
        asked."""
        now = _now()
        with closing(self._connect()) as db, db:
            row = db.execute("SELECT settings FROM desks WHERE token=?", (token,)).fetchone()
            if row is None:
                return
            settings = {k: v for k, v in json.loads(row[0]).items() if k not in HOLDER_ONLY}
            db.execute("INSERT INTO desks (token, created, updated, source, settings, upload, holder, revision) "
                       "SELECT ?, ?, ?, source, ?, CASE WHEN ? THEN upload END, ?, 0 FROM desks WHERE token=?",
                       (to, now, now, json.dumps(settings), int(upload), holder, token))
            db.execute("INSERT INTO versions (token, proposal, version, side, saved, overrides, note, withdrawn) "
                       "SELECT ?, proposal, version, side, saved, overrides, note, withdrawn FROM versions "
                       "WHERE token=? ORDER BY id", (to, token))

    def expire(self, now: datetime | None = None) -> int:
        """Delete desks untouched for RETENTION_DAYS (and the oldest past MAX_DESKS), then unused uploads, and
        members' copies neither made nor opened for RETENTION_DAYS."""
        cutoff = retention_cutoff(now)
        with closing(self._connect()) as db, db:
            gone = db.execute("DELETE FROM desks WHERE updated < ?", (cutoff,)).rowcount
            gone += db.execute("DELETE FROM desks WHERE token IN (SELECT token FROM desks ORDER BY updated DESC "
                               "LIMIT -1 OFFSET ?)", (MAX_DESKS,)).rowcount
            db.execute("DELETE FROM uploads WHERE digest NOT IN (SELECT upload FROM desks WHERE upload IS NOT NULL)")
            db.execute("DELETE FROM member_copies WHERE used < ?", (cutoff,))
        return gone

    def publish_copy(self, content: bytes) -> str:
        """The token a member link opens this members' copy by: a new one, or the one this same copy has."""
        if len(content) > members.MAX_BYTES:
            raise ValueError(f"a members' copy has at most {members.MAX_BYTES:,} bytes")
        key, now = digest(content), _now()
        with closing(self._connect()) as db, db:
            db.execute("INSERT INTO member_copies (token, digest, created, used, content) VALUES (?, ?, ?, ?, ?) "
                       "ON CONFLICT(digest) DO UPDATE SET used=excluded.used", (new_token(), key, now, now, content))
            token = db.execute("SELECT token FROM member_copies WHERE digest=?", (key,)).fetchone()[0]
            db.execute("DELETE FROM member_copies WHERE token IN (SELECT token FROM member_copies ORDER BY used DESC, "
                       "rowid DESC LIMIT -1 OFFSET ?)", (MAX_COPIES,))  # past the bound, the least used go
        return token

    def open_copy(self, token: str) -> bytes | None:
        """The members' copy under this token (None if there is none); opening it keeps it a while longer."""
        if not is_token(token):
            return None
        now = datetime.now(UTC)
        with closing(self._connect()) as db, db:
            row = db.execute("SELECT content FROM member_copies WHERE token=?", (token,)).fetchone()
            if row is not None:  # at most once a day: a class of members opening it is not a class of writes
                db.execute("UPDATE member_copies SET used=? WHERE token=? AND used < ?",
                           (now.isoformat(timespec="seconds"), token,
                            (now - timedelta(days=1)).isoformat(timespec="seconds")))
        return None if row is None else row[0]

    def history(self, token: str) -> pd.DataFrame:
        """Every version of every proposal at this desk, oldest first."""
        with closing(self._connect()) as db:
            frame = pd.read_sql_query(
                "SELECT proposal, version, side, saved, withdrawn, overrides, note FROM versions "
                "WHERE token=? ORDER BY id", db, params=(token,))
        frame["changes"] = frame["overrides"].map(lambda o: len(json.loads(o)))
        frame["withdrawn"] = frame["withdrawn"].astype(bool)
        return frame

    def version(self, token: str, proposal: str, version: int) -> Proposal:
        with closing(self._connect()) as db:
            overrides, note = db.execute("SELECT overrides, note FROM versions WHERE token=? AND proposal=? "
                                         "AND version=?", (token, proposal, version)).fetchone()
        return Proposal(proposal, _overrides(overrides), note)

    def forget(self, token: str) -> None:
        """Delete the desk and its whole ledger (and its upload, unless another desk uses it)."""
        with closing(self._connect()) as db, db:
            db.execute("DELETE FROM desks WHERE token=?", (token,))
            db.execute("DELETE FROM uploads WHERE digest NOT IN (SELECT upload FROM desks WHERE upload IS NOT NULL)")


def merge(base: list[Proposal], mine: list[Proposal], theirs: list[Proposal]) -> tuple[list[Proposal], list[str]]:
    """Both tabs' changes since `base` (what this tab last saw): each change is kept, none reverted.

    A proposal only one tab changed takes that tab's version; one both changed takes, change by change,
    whichever tab moved it; where both moved one value differently, theirs keeps the name and this
    tab's version is kept beside it as "<name> (this tab)". Returns the proposals and what merged, in words.
    """
    was, now, other = ({p.name: p for p in ps} for ps in (base, mine, theirs))
    out: dict[str, Proposal] = {}
    words: list[str] = []
    for name in [*other, *(n for n in now if n not in other)]:
        b, m, t = was.get(name), now.get(name), other.get(name)
        if m == b:  # this tab left it alone: theirs as it is (or gone, if they deleted it)
            if t is not None:
                out[name] = t
                if t != b:
                    words.append(f"'{name}' as the other tab saved it")
        elif t == b or t is None and b is None:  # only this tab changed (or added) it
            if m is not None:
                out[name] = m
        elif m is None or t is None:  # deleted in one tab, changed in the other: keep the changed one
            out[name] = m or t
            words.append(f"'{name}' kept: changed in one tab, deleted in the other")
        else:
            mixed, clash = _merge_values(b.as_dict() if b else {}, m.as_dict(), t.as_dict())
            out[name] = replace(t, overrides=tuple(mixed.items()))
            if clash:
                twin = _free(f"{name} (this tab)", set(out) | set(other) | set(now))
                out[twin] = replace(m, name=twin)
                words.append(f"'{name}' changed in both tabs: theirs kept, this tab's as '{twin}'")
            else:
                words.append(f"'{name}' has both tabs' changes")
    return list(out.values()), words


def _merge_values(base: dict, mine: dict, theirs: dict) -> tuple[dict, bool]:
    out, clash = dict(theirs), False
    for key in set(base) | set(mine):
        if mine.get(key) != base.get(key):
            if theirs.get(key) != base.get(key) and theirs.get(key) != mine.get(key):
                clash = True  # theirs stays under the name; this tab's whole version goes beside it
                continue
            if key in mine:
                out[key] = mine[key]
            else:
                out.pop(key, None)
    return out, clash


def _free(name: str, taken: set[str]) -> str:
    number, candidate = 2, name
    while candidate in taken:
        candidate, number = f"{name} {number}", number + 1
    return candidate


def _keep(db: sqlite3.Connection, content: bytes, key: str | None = None) -> str:
    key = key or digest(content)
    db.execute("INSERT OR IGNORE INTO uploads VALUES (?, ?, ?)", (key, content, len(content)))
    return key


def _write_versions(db: sqlite3.Connection, token: str, latest: dict, proposals: list[Proposal], side: str,
                    now: str, tabled: tuple[Proposal, ...] = ()) -> int:
    written = 0
    for p in proposals:
        body = (json.dumps([list(kv) for kv in p.overrides]), p.note)
        if p.name not in latest or latest[p.name][1:3] != body or latest[p.name][3]:
            version = latest[p.name][0] + 1 if p.name in latest else 1
            by = TABLED if p in tabled else side
            db.execute("INSERT INTO versions (token, proposal, version, side, saved, overrides, note) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)", (token, p.name, version, by, now, *body))
            written += 1
    kept = {p.name for p in proposals}
    for name, (version, overrides, note, withdrawn) in latest.items():
        if name not in kept and not withdrawn:
            db.execute("INSERT INTO versions (token, proposal, version, side, saved, overrides, note, "
                       "withdrawn) VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
                       (token, name, version + 1, side, now, overrides, note))
            written += 1
    return written


def _latest(db: sqlite3.Connection, token: str, order: list[str]) -> dict[str, tuple[int, str, str, int]]:
    """The last version of each proposal, in the desk's order (as the screen had it at the last save), then
    first-saved order: so a rename or a reload never reorders the proposals, nor changes the fingerprint."""
    rows = db.execute("SELECT proposal, version, overrides, note, withdrawn FROM versions v WHERE token=? AND "
                      "version = (SELECT MAX(version) FROM versions w WHERE w.token=v.token AND "
                      "w.proposal=v.proposal) ORDER BY (SELECT MIN(id) FROM versions f WHERE f.token=v.token "
                      "AND f.proposal=v.proposal)", (token,)).fetchall()
    place = {name: i for i, name in enumerate(order)}
    rows.sort(key=lambda r: place.get(r[0], len(place)))
    return {name: (version, overrides, note, withdrawn) for name, version, overrides, note, withdrawn in rows}


def _overrides(text: str) -> tuple[tuple[str, Any], ...]:
    return tuple((str(k), v) for k, v in json.loads(text))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def retention_cutoff(now: datetime | None = None) -> str:
    """The stored time before which a desk, a joint table or a members' copy untouched is deleted: RETENTION_DAYS
    before now (ISO, seconds, as the stores compare times)."""
    return ((now or datetime.now(UTC)) - timedelta(days=RETENTION_DAYS)).isoformat(timespec="seconds")


def export(history: pd.DataFrame) -> bytes:
    """The ledger as .xlsx: one row per version, and one per change; text is formula-safe."""
    changes = [
        {"proposal": r.proposal, "version": r.version, "parameter": k, "value": v}
        for r in history.itertuples() for k, v in json.loads(r.overrides)
    ]
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as xl:
        safe_text.frame(history.drop(columns="overrides")).to_excel(xl, sheet_name="Ledger", index=False)
        safe_text.frame(pd.DataFrame(changes, columns=["proposal", "version", "parameter", "value"])).to_excel(
            xl, sheet_name="Changes", index=False)
    return buffer.getvalue()
