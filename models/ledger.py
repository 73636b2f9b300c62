"""The desk store and ledger of offers: nothing a negotiator enters is lost.

A desk is one table's working session, found again by an unguessable token kept in the link.
Every version of every proposal is kept with its time and side (district, union, joint), so
offers can be reopened, compared and exported; the desk's workbook and settings come back after
a reload or a server restart. SQLite in WAL mode, each save one transaction: a crash mid-save
leaves the last complete save.
"""

from __future__ import annotations

import io
import json
import os
import secrets
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from models import safe_text
from models.terms import Proposal

SIDES = ("district", "union", "joint")
DEFAULT_DIR = Path(__file__).resolve().parents[1] / "data"
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
"""


def store_path() -> Path:
    """PATHWAYS_DATA_DIR if set (a deployment's data volume), else data/ beside the code."""
    return Path(os.environ.get("PATHWAYS_DATA_DIR", DEFAULT_DIR)) / "desks.sqlite"


def new_token() -> str:
    return secrets.token_urlsafe(18)


@dataclass(frozen=True)
class Desk:
    token: str
    source: str  # a bundled sample's label, or the uploaded file's name
    workbook: bytes | None  # the uploaded file; None for a bundled sample
    settings: dict[str, Any]
    proposals: list[Proposal]  # the latest version of each proposal not withdrawn, in first-saved order


class Ledger:
    """One SQLite file; open a connection per call so any thread or process can use it."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path else store_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as db, db:
            db.executescript(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30)
        db.execute("PRAGMA journal_mode=WAL")
        # NORMAL in WAL mode: a killed process never loses or corrupts a committed save; only a power
        # cut may drop the last ones. FULL made thirty writers queue on disk flushes.
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        return db

    def save(self, token: str, source: str, workbook: bytes | None, settings: dict[str, Any],
             proposals: list[Proposal], side: str) -> int:
        """Record the desk and a new version of every proposal that changed; returns versions written."""
        if side not in SIDES:
            raise ValueError(f"side must be one of {SIDES}")
        now = _now()
        with closing(self._connect()) as db, db:  # one transaction: all of this save or none of it
            db.execute("INSERT INTO desks VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(token) DO UPDATE SET "
                       "updated=excluded.updated, source=excluded.source, workbook=excluded.workbook, "
                       "settings=excluded.settings", (token, now, now, source, workbook, json.dumps(settings)))
            latest = _latest(db, token)
            written = 0
            for p in proposals:
                body = (json.dumps([list(kv) for kv in p.overrides]), p.note)
                if p.name not in latest or latest[p.name][1:3] != body or latest[p.name][3]:
                    version = latest[p.name][0] + 1 if p.name in latest else 1
                    db.execute("INSERT INTO versions (token, proposal, version, side, saved, overrides, note) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?)", (token, p.name, version, side, now, *body))
                    written += 1
            kept = {p.name for p in proposals}
            for name, (version, overrides, note, withdrawn) in latest.items():
                if name not in kept and not withdrawn:
                    db.execute("INSERT INTO versions (token, proposal, version, side, saved, overrides, note, "
                               "withdrawn) VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
                               (token, name, version + 1, side, now, overrides, note))
                    written += 1
            return written

    def open(self, token: str) -> Desk | None:
        with closing(self._connect()) as db:
            row = db.execute("SELECT source, workbook, settings FROM desks WHERE token=?", (token,)).fetchone()
            if row is None:
                return None
            latest = _latest(db, token)
        proposals = [Proposal(name, _overrides(o), note) for name, (_, o, note, gone) in latest.items() if not gone]
        return Desk(token, row[0], row[1], json.loads(row[2]), proposals)

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
        """Delete the desk and its whole ledger."""
        with closing(self._connect()) as db, db:
            db.execute("DELETE FROM desks WHERE token=?", (token,))


def _latest(db: sqlite3.Connection, token: str) -> dict[str, tuple[int, str, str, int]]:
    rows = db.execute("SELECT proposal, version, overrides, note, withdrawn FROM versions v WHERE token=? AND "
                      "version = (SELECT MAX(version) FROM versions w WHERE w.token=v.token AND "
                      "w.proposal=v.proposal) ORDER BY (SELECT MIN(id) FROM versions f WHERE f.token=v.token "
                      "AND f.proposal=v.proposal)", (token,)).fetchall()
    return {name: (version, overrides, note, withdrawn) for name, version, overrides, note, withdrawn in rows}


def _overrides(text: str) -> tuple[tuple[str, Any], ...]:
    return tuple((str(k), v) for k, v in json.loads(text))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


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
