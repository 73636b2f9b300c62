"""The joint table: both sides and the projector on one live record of tabled offers.

One person opens a table on a workbook and gets a short join code (view only) and three links, each with
a token the server made: one per side and one for the projector. A side drafts in caucus (its drafts are
its own: the other side and the projector never read them) and tables an offer to the other side; a
tabled offer is never changed in place: tabling again adds a version. The workbook's own offers are
recorded as tabled "in the workbook". A side can be given a new token; the old one stops working.

Stored in the same SQLite file as the desks (models/ledger.py), in WAL mode, each change one
transaction, so two sides tabling at the same moment both land and a server restart loses nothing. Each
table has a revision number that every change raises, so a waiting screen asks one cheap question a second.
"""

from __future__ import annotations

import io
import json
import secrets
import sqlite3
from collections.abc import Collection
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from models import metrics, safe_text
from models.engine import project
from models.inputs import Inputs
from models.ledger import private, retention_cutoff, store_path
from models.problems import Problems, Words
from models.terms import (
    MAX_NAME,
    MAX_PROPOSALS,
    Proposal,
    Terms,
    admit_offer,
    admit_proposals,
    bad_change,
    quoted_name,
)

SIDES = ("district", "union")
ROLES = SIDES + ("view",)
IN_WORKBOOK = "in the workbook"  # the side recorded for the offers the workbook itself holds
ROLE_WORDS = {"district": "District", "union": "Union", "view": "Projector (view only)"}
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud across a room
# The store's bounds for tables (README, Reliability), beside the desks': a table untouched (nothing
# drafted, tabled or re-linked) for RETENTION_DAYS is deleted with its ledger; past MAX_TABLES tables or
# MAX_TABLE_BYTES of their workbooks the oldest go first. Checked when the store opens and at each new table.
MAX_TABLES = 1_000
MAX_TABLE_BYTES = 2_000_000_000
SCHEMA = """
CREATE TABLE IF NOT EXISTS joint_tables (
    id TEXT PRIMARY KEY, code TEXT UNIQUE NOT NULL, created TEXT NOT NULL, source TEXT NOT NULL,
    workbook BLOB NOT NULL, revision INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS joint_tokens (
    token TEXT PRIMARY KEY, table_id TEXT NOT NULL REFERENCES joint_tables(id) ON DELETE CASCADE,
    role TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 1, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS joint_drafts (
    table_id TEXT NOT NULL REFERENCES joint_tables(id) ON DELETE CASCADE, side TEXT NOT NULL,
    position INTEGER NOT NULL, proposal TEXT NOT NULL, overrides TEXT NOT NULL, note TEXT NOT NULL,
    PRIMARY KEY (table_id, side, proposal));
CREATE TABLE IF NOT EXISTS joint_offers (
    id INTEGER PRIMARY KEY AUTOINCREMENT, table_id TEXT NOT NULL REFERENCES joint_tables(id) ON DELETE CASCADE,
    proposal TEXT NOT NULL, version INTEGER NOT NULL, side TEXT NOT NULL, tabled TEXT NOT NULL,
    overrides TEXT NOT NULL, note TEXT NOT NULL, fingerprint TEXT NOT NULL,
    UNIQUE (table_id, proposal, version));
"""


class NotAllowed(PermissionError):
    """A token that does not open this table, or a role that may not do this."""


class BadOffer(ValueError):
    """A draft or offer the one check of an offer (models.terms.admit_offer) refuses: nothing is written."""


@dataclass(frozen=True)
class Seat:
    """Who a token seats at which table."""

    table_id: str
    code: str
    role: str  # district | union | view
    token: str
    source: str

    @property
    def side(self) -> str | None:
        return self.role if self.role in SIDES else None


@dataclass(frozen=True)
class Opened:
    code: str
    tokens: dict[str, str]  # role -> token


class JointStore:
    """One SQLite file (the desk store's); a connection per call, so any thread or process can use it."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = private(Path(path) if path else store_path())
        with closing(self._connect()) as db, db:
            db.executescript(SCHEMA)
            if "updated" not in {row[1] for row in db.execute("PRAGMA table_info(joint_tables)")}:
                db.execute("ALTER TABLE joint_tables ADD COLUMN updated TEXT")  # a store from before the bounds
        self.expire()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        return db

    def _write(self, db: sqlite3.Connection):
        """BEGIN IMMEDIATE: writers queue for the lock, so concurrent tablings are serialised, never lost."""
        db.execute("BEGIN IMMEDIATE")
        return _Transaction(db)

    # --- opening and joining ---------------------------------------------------------------------
    def open_table(self, source: str, workbook: bytes, offers: list[tuple[Proposal, str]]) -> Opened:
        """A new table on this workbook, its own offers recorded as tabled in the workbook.

        offers: each workbook proposal with its fingerprint (the workbook with that offer alone)."""
        table_id = secrets.token_urlsafe(12)
        tokens = {role: new_token() for role in ROLES}
        now = _now()
        self.expire(new_table_bytes=len(workbook))
        with closing(self._connect()) as db, self._write(db):
            code = self._free_code(db)
            db.execute("INSERT INTO joint_tables (id, code, created, source, workbook, updated) "
                       "VALUES (?, ?, ?, ?, ?, ?)", (table_id, code, now, source, workbook, now))
            db.executemany("INSERT INTO joint_tokens (token, table_id, role, created) VALUES (?, ?, ?, ?)",
                           [(t, table_id, role, now) for role, t in tokens.items()])
            for proposal, fingerprint in offers:
                _insert_offer(db, table_id, proposal, IN_WORKBOOK, fingerprint, now)
        return Opened(code, tokens)

    def expire(self, now: datetime | None = None, new_table_bytes: int | None = None) -> int:
        """Delete tables untouched for RETENTION_DAYS, then the oldest past MAX_TABLES or MAX_TABLE_BYTES; the
        number deleted. new_table_bytes: the workbook size of a table about to be opened, which the bounds
        make room for (one table fewer kept, its bytes counted); None when none is."""
        cutoff = retention_cutoff(now)
        with closing(self._connect()) as db, self._write(db):
            gone = db.execute("DELETE FROM joint_tables WHERE COALESCE(updated, created) < ?", (cutoff,)).rowcount
            rows = db.execute("SELECT id, LENGTH(workbook) FROM joint_tables ORDER BY COALESCE(updated, created) "
                              "DESC").fetchall()
            kept, held = 0, new_table_bytes or 0
            for table_id, size in rows:
                kept, held = kept + 1, held + size
                if kept > MAX_TABLES - (new_table_bytes is not None) or held > MAX_TABLE_BYTES:
                    gone += db.execute("DELETE FROM joint_tables WHERE id=?", (table_id,)).rowcount
        return gone

    def _touch(self, db: sqlite3.Connection, seat: Seat) -> None:
        db.execute("UPDATE joint_tables SET updated=? WHERE id=?", (_now(), seat.table_id))

    def _free_code(self, db: sqlite3.Connection) -> str:
        while True:
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
            if db.execute("SELECT 1 FROM joint_tables WHERE code=?", (code,)).fetchone() is None:
                return f"{code[:4]}-{code[4:]}"

    def seat(self, token: str) -> Seat | None:
        """The seat a token gives, or None (unknown, or replaced by a new token)."""
        if not token or len(token) > 100:
            return None
        with closing(self._connect()) as db:
            row = db.execute("SELECT t.table_id, j.code, t.role, j.source FROM joint_tokens t JOIN joint_tables j "
                             "ON j.id = t.table_id WHERE t.token=? AND t.active=1", (token,)).fetchone()
        return Seat(row[0], row[1], row[2], token, row[3]) if row else None

    def join_code(self, code: str) -> Seat | None:
        """A join code seats a screen as a viewer (the projector); sides join by their own link."""
        cleaned = "".join(c for c in str(code).upper() if c in CODE_ALPHABET)
        if len(cleaned) != 8:
            return None
        with closing(self._connect()) as db:
            row = db.execute("SELECT t.token FROM joint_tokens t JOIN joint_tables j ON j.id = t.table_id "
                             "WHERE j.code=? AND t.role='view' AND t.active=1",
                             (f"{cleaned[:4]}-{cleaned[4:]}",)).fetchone()
        return self.seat(row[0]) if row else None

    def workbook(self, seat: Seat) -> bytes:
        with closing(self._connect()) as db:
            return db.execute("SELECT workbook FROM joint_tables WHERE id=?", (seat.table_id,)).fetchone()[0]

    def new_token(self, seat: Seat) -> str:
        """Replace this side's token (a leaked link): the old one stops working at once."""
        if seat.side is None:
            raise NotAllowed("only a side can ask for a new link")
        token = new_token()
        with closing(self._connect()) as db, self._write(db):
            self._check(db, seat)
            db.execute("UPDATE joint_tokens SET active=0 WHERE table_id=? AND role=?", (seat.table_id, seat.role))
            self._touch(db, seat)
            db.execute("INSERT INTO joint_tokens (token, table_id, role, created) VALUES (?, ?, ?, ?)",
                       (token, seat.table_id, seat.role, _now()))
        return token

    def tokens(self, seat: Seat) -> dict[str, str]:
        """The links a side may hand on: its own and the projector's (never the other side's)."""
        if seat.side is None:
            raise NotAllowed("the projector cannot hand out links")
        with closing(self._connect()) as db:
            rows = db.execute("SELECT role, token FROM joint_tokens WHERE table_id=? AND active=1 AND role IN (?, ?)",
                              (seat.table_id, seat.role, "view")).fetchall()
        return dict(rows)

    # --- caucus drafts ------------------------------------------------------------------------------
    def save_drafts(self, seat: Seat, proposals: list[Proposal], baseline: Terms) -> None:
        """This side's drafts as they are now (the whole list: a draft left out is deleted), each checked
        against the table's baseline terms."""
        if seat.side is None:
            raise NotAllowed("the projector cannot draft")
        admitted = _admit_offers(proposals, baseline)
        with closing(self._connect()) as db, self._write(db):
            self._check(db, seat)
            db.execute("DELETE FROM joint_drafts WHERE table_id=? AND side=?", (seat.table_id, seat.side))
            self._touch(db, seat)
            db.executemany("INSERT INTO joint_drafts VALUES (?, ?, ?, ?, ?, ?)",
                           [(seat.table_id, seat.side, i, p.name, _body(p), p.note) for i, p in enumerate(admitted)])

    def drafts(self, seat: Seat) -> list[Proposal] | None:
        """This side's drafts (None: it has saved none yet); a viewer has none."""
        if seat.side is None:
            return None
        with closing(self._connect()) as db:
            self._check(db, seat)
            rows = db.execute("SELECT proposal, overrides, note FROM joint_drafts WHERE table_id=? AND side=? "
                              "ORDER BY position", (seat.table_id, seat.side)).fetchall()
            saved = db.execute("SELECT COUNT(*) FROM joint_offers WHERE table_id=? AND side=?",
                               (seat.table_id, seat.side)).fetchone()[0]
        if not rows and not saved:
            return None
        return [Proposal(name, _overrides(o), note) for name, o, note in rows]

    # --- tabling and the ledger ---------------------------------------------------------------------
    def table_offer(self, seat: Seat, proposal: Proposal, fingerprint: str, baseline: Terms) -> int:
        """Table a draft to the other side: a new version of that offer (checked against the table's baseline
        terms); returns the version number. A new offer is refused once MAX_PROPOSALS are tabled (every screen
        shows that many): counted inside the write, so two sides tabling at once cannot both pass."""
        if seat.side is None:
            raise NotAllowed("the projector cannot table an offer")
        with closing(self._connect()) as db, self._write(db):
            self._check(db, seat)
            tabled = [n for (n,) in db.execute("SELECT DISTINCT proposal FROM joint_offers WHERE table_id=?",
                                               (seat.table_id,))]
            [admitted] = _admit_offers([proposal], baseline, [n for n in tabled if n != proposal.name])
            if full := table_full(tabled, proposal.name):
                raise BadOffer(f"{quoted_name(proposal.name)} cannot be tabled: {full}")
            self._touch(db, seat)
            return _insert_offer(db, seat.table_id, admitted, seat.side, fingerprint, _now())

    def revision(self, seat: Seat) -> int:
        with closing(self._connect()) as db:
            row = db.execute("SELECT revision FROM joint_tables WHERE id=?", (seat.table_id,)).fetchone()
        return int(row[0]) if row else -1

    def offers(self, seat: Seat) -> pd.DataFrame:
        """Every tabled version of every offer, oldest first (what every screen at the table sees)."""
        with closing(self._connect()) as db:
            self._check(db, seat)
            frame = pd.read_sql_query("SELECT proposal, version, side, tabled, fingerprint, overrides, note "
                                      "FROM joint_offers WHERE table_id=? ORDER BY id", db, params=(seat.table_id,))
        frame["changes"] = frame["overrides"].map(lambda o: len(json.loads(o)))
        return frame

    def latest(self, seat: Seat) -> list[Proposal]:
        """The latest tabled version of each offer, in the order offers were first tabled."""
        frame = self.offers(seat)
        last = frame.groupby("proposal", sort=False).tail(1).set_index("proposal")
        return [Proposal(name, _overrides(last.at[name, "overrides"]), last.at[name, "note"])
                for name in frame["proposal"].unique()]

    def version(self, seat: Seat, proposal: str, version: int) -> Proposal:
        with closing(self._connect()) as db:
            self._check(db, seat)
            row = db.execute("SELECT overrides, note FROM joint_offers WHERE table_id=? AND proposal=? AND version=?",
                             (seat.table_id, proposal, version)).fetchone()
        if row is None:
            raise KeyError(f"no tabled version {version} of '{proposal}'")
        return Proposal(proposal, _overrides(row[0]), row[1])

    def _check(self, db: sqlite3.Connection, seat: Seat) -> None:
        row = db.execute("SELECT role FROM joint_tokens WHERE token=? AND table_id=? AND active=1",
                         (seat.token, seat.table_id)).fetchone()
        if row is None or row[0] != seat.role:
            raise NotAllowed("this link no longer opens the table (a new one was issued)")


def table_full(tabled: Collection[str], name: str) -> str | None:
    """Why a table holding the offers `tabled` (their names) takes no offer called `name`: a new one past
    MAX_PROPOSALS (a new version of a tabled one is always taken); None when it takes it. The screen's reason
    for a disabled button; JointStore.table_offer checks it again inside the write."""
    if name in tabled or len(tabled) < MAX_PROPOSALS:
        return None
    return (f"the table already holds {len(tabled)} offers (at most {MAX_PROPOSALS} at one table); table a new "
            "version of one of them instead")


def _admit_offers(proposals: list[Proposal], baseline: Terms, taken: list[str] | None = None) -> list[Proposal]:
    """Each offer as on every other way in (models.terms.admit_offer: name, count of changes, every change) and
    its name as kept (no invisible characters); at most MAX_PROPOSALS drafts. Nothing is written if one fails.

    Returns them as admitted, which is what is kept: the note cut at MAX_NOTE, the changes as typed values."""
    if len(proposals) > MAX_PROPOSALS:
        raise BadOffer(f"at most {MAX_PROPOSALS} proposals at one table (found {len(proposals):,})")
    names = list(taken or [])
    kept: list[Proposal] = []
    for p in proposals:
        admitted, bad, found = admit_offer(p.name, p.as_dict(), p.note, baseline, names)
        if admitted is not None and admitted.name != p.name:
            bad = "a name without invisible characters"
        refused = f"{quoted_name(p.name)} cannot be tabled or kept"
        if found:  # the first bad change
            raise BadOffer(f"{refused}: found {bad_change(found[0])}; expected {found[0].expected}")
        if bad:
            raise BadOffer(f"{refused}: expected {bad}")
        names.append(p.name)
        kept.append(admitted)
    return kept


def on_screen(tabled: list[Proposal], drafts: list[Proposal] | None, baseline: Terms,
              ) -> tuple[list[Proposal], list[Proposal], Problems]:
    """A side's screen from the store: the tabled offers with its drafts over them (by name, in any case).

    The store is input too (as a reopened desk is): every offer and draft passes the one check for names and
    changes (models.terms.admit_proposals); one that does not is left out and said once.
    Returns the admitted tabled offers, the screen's proposals and the problems."""
    shown, problems = admit_proposals([(p.name, p.as_dict(), p.note) for p in tabled], baseline, "Joint table")
    mine, more = admit_proposals([(p.name, p.as_dict(), p.note) for p in drafts or ()], baseline,
                                 "Joint table drafts")
    problems.items.extend(more.items)
    by_name = {p.name.casefold(): p for p in shown}
    by_name.update({p.name.casefold(): p for p in mine})
    proposals = list(by_name.values())
    if len(proposals) > MAX_PROPOSALS:
        problems.add("Joint table", None, None, Words(f"{len(proposals)} offers and drafts"),
                     f"at most {MAX_PROPOSALS}; the first {MAX_PROPOSALS} are open")
    return shown, proposals[:MAX_PROPOSALS], problems


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        return self.db

    def __exit__(self, kind, value, trace) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")


def _insert_offer(db: sqlite3.Connection, table_id: str, proposal: Proposal, side: str, fingerprint: str,
                  now: str) -> int:
    version = db.execute("SELECT COALESCE(MAX(version), 0) + 1 FROM joint_offers WHERE table_id=? AND proposal=?",
                         (table_id, proposal.name)).fetchone()[0]
    db.execute("INSERT INTO joint_offers (table_id, proposal, version, side, tabled, overrides, note, fingerprint) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (table_id, proposal.name, version, side, now, _body(proposal),
                                                  proposal.note, fingerprint))
    db.execute("UPDATE joint_tables SET revision = revision + 1 WHERE id=?", (table_id,))
    return int(version)


def shown_name(name: str) -> str:
    """A stored name as a screen shows it: cut at MAX_NAME characters (only a store altered by hand holds
    longer ones, and a million-character name would go to every screen at the table on every rerun)."""
    return name if len(name) <= MAX_NAME else f"{name[:MAX_NAME]}… ({len(name):,} characters)"


def new_token() -> str:
    """An unguessable token, made by the server (never one a link brings)."""
    return secrets.token_urlsafe(18)


def _body(p: Proposal) -> str:
    return json.dumps([list(kv) for kv in p.overrides])


def _overrides(text: str) -> tuple[tuple[str, Any], ...]:
    return tuple((str(k), v) for k, v in json.loads(text))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def export(offers: pd.DataFrame) -> bytes:
    """The table's ledger as .xlsx: one row per tabled version with its fingerprint, one per change."""
    changes = [{"proposal": r.proposal, "version": r.version, "parameter": k, "value": v}
               for r in offers.itertuples() for k, v in json.loads(r.overrides)]
    shown = offers.drop(columns="overrides").rename(columns={"side": "tabled by"})
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as xl:
        safe_text.frame(shown).to_excel(xl, sheet_name="Tabled offers", index=False)
        safe_text.frame(pd.DataFrame(changes, columns=["proposal", "version", "parameter", "value"])).to_excel(
            xl, sheet_name="Changes", index=False)
    return buffer.getvalue()


def cost_comparison(inputs: Inputs, first: str, second: str) -> pd.DataFrame:
    """Total cost by year of two proposals (tabled versions) of these inputs, and the difference."""
    yearly = metrics.yearly(project(inputs, inputs.scenarios([first, second])), inputs)
    wide = yearly.pivot(index="year", columns="scenario", values="total_cost")
    out = wide[[first, second]].assign(difference=wide[second] - wide[first]).reset_index()
    total = out.drop(columns="year").where(out["year"] > out["year"].min()).sum()
    return pd.concat([out.astype({"year": str}), pd.DataFrame([{"year": "over the horizon", **total}])],
                     ignore_index=True)
