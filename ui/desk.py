"""The desk: every change saved as it is made, restored after a reload or restart, and undoable.

The desk token sits in the address bar (never in the shared "link to this view"); the ledger
(models/ledger.py) keeps every version of every proposal with its side and time.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import streamlit as st

from models import workbook
from models.ledger import SIDES, Ledger, new_token, store_path
from models.problems import InputError
from ui import data, state

S = st.session_state
UNDO_DEPTH = 50


@st.cache_resource(show_spinner=False)
def _open_ledger(path: str) -> Ledger:
    return Ledger(path)


def ledger() -> Ledger:
    return _open_ledger(str(store_path()))


def init() -> None:
    """Restore the desk the address names, else open the session as its link says."""
    if "loaded" in S:
        return
    token = st.query_params.get("desk", "")
    desk = _find(token)
    if desk is not None:
        _restore(desk)
    state.init()  # opens the link's view when no desk was restored; defaults either way
    S.desk = token if len(token) >= 16 else new_token()
    S.setdefault("side", "joint")
    S.undo = []
    S.saved = _snapshot()


def _find(token: str):
    if len(token) < 16:
        return None
    try:
        return ledger().open(token)
    except sqlite3.Error as exc:
        S.load_problems = [f"The desk store could not be read ({exc}); the sample is open instead."]
        return None


def _restore(desk) -> None:
    content = desk.workbook if desk.workbook is not None else data.sample_bytes(desk.source)
    try:
        inputs = workbook.read(content)
    except InputError as exc:
        S.load_problems = [f"{desk.source}: {p}" for p in exc.problems]
        return
    state.use(inputs, desk.source, content)
    names = {p.name for p in desk.proposals}
    S.proposals = desk.proposals
    settings: dict[str, Any] = desk.settings
    S.compare = [n for n in settings.get("compare", []) if n in names]
    S.horizon = int(settings.get("horizon", S.horizon))
    S.editing = settings.get("editing") if settings.get("editing") in names else next(iter(names), None)
    S.side = settings.get("side", "joint") if settings.get("side") in SIDES else "joint"
    S.presenter = bool(settings.get("presenter", False))


def _snapshot() -> tuple:
    return (S.source, id(S.loaded), tuple(S.proposals), _settings())


def _settings() -> dict[str, Any]:
    return {"compare": list(S.compare), "horizon": int(S.horizon), "editing": S.editing,
            "side": S.get("side", "joint"), "presenter": bool(S.get("presenter"))}


def autosave() -> None:
    """Save what changed since the last run; keep the proposals before it for undo."""
    now = _snapshot()
    if now == S.saved:
        return
    if now[1] != S.saved[1]:
        S.undo = []  # another workbook: earlier proposals belong to it, not to this one
    elif now[2] != S.saved[2] and not S.pop("undoing", False):
        S.undo = (S.undo + [S.saved[2]])[-UNDO_DEPTH:]
    uploaded = None if S.source in data.SAMPLES else S.loaded_bytes
    try:
        ledger().save(S.desk, S.source, uploaded, _settings(), list(S.proposals), S.get("side", "joint"))
        S.save_problem = None
    except (sqlite3.Error, OSError) as exc:
        S.save_problem = f"Not saved to the desk store ({exc}); your work stays on this screen."
    S.saved = now


def undo() -> None:
    """Put the proposals back as they were before the last change."""
    if S.undo:
        S.proposals = list(S.undo.pop())
        names = {p.name for p in S.proposals}
        S.compare = [n for n in S.compare if n in names]
        S.editing = S.editing if S.editing in names else next(iter(names), None)
        S.editor_version += 1
        S.undoing = True


def forget() -> None:
    """Delete this desk and its ledger; the screen stays, and later changes go to a new desk."""
    ledger().forget(S.desk)
    S.desk = new_token()
    S.saved = _snapshot()
    S.undo = []
