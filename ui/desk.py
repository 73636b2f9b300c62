"""The desk: every change saved as it is made, restored after a reload or restart, and undoable.

The desk token sits in the address bar (never in the shared "link to this view"); the ledger
(models/ledger.py) keeps every version of every proposal with its side and time.

Only the server makes tokens (ledger.new_token): an address naming a desk the store does not have
opens a fresh desk under a new token, so nobody can plant a desk for someone else to fill. The
browser that made a desk holds it (a secret in a cookie, of which the store keeps a hash); an
address opened in another browser gives that browser its own copy of the desk (settings and
ledger) without the uploaded workbook, unless the holder chose to share it. Two tabs of one
browser share a desk: a save that finds the other tab's save merges the two (ledger.merge).
"""

from __future__ import annotations

import logging
import os
import secrets
import sqlite3
import time
from datetime import datetime
from typing import Any

import streamlit as st

from models import ledger as store
from models import links
from models.ledger import SIDES, Ledger, holder_digest, is_token, new_token, store_path
from models.problems import InputError, Problem
from models.terms import admit_proposals, found_words
from ui import data, members, state

session = st.session_state
UNDO_DEPTH = 50
COOKIE = "pathways_holder"
ROOM_ENV, ROOM_COOKIE = "PATHWAYS_ROOM_CODE", "pathways_room"
LOG = logging.getLogger(__name__)
NOT_SAVED = "Not saved to the desk store (it could not be written); your work stays on this screen."


@st.cache_resource(show_spinner=False)
def _open_ledger(path: str) -> Ledger:
    return Ledger(path)


def ledger() -> Ledger:
    return _open_ledger(str(store_path()))


def init() -> None:
    """Restore the desk the address names (a copy of it, in another browser), else open the session's link."""
    if "loaded" in session:
        return
    session.holder = _holder_secret()
    token = st.query_params.get("desk", "")
    desk = _find(token) if is_token(token) else None
    mine = desk is not None and desk.holder == holder_digest(session.holder)
    if desk is not None:
        _restore(desk, upload=mine or desk.shared, own=mine)
    elif "copy" in st.query_params:  # a member link to a members' copy: My pay on it, no desk
        members.open_link(ledger(), st.query_params)
    state.init()  # opens the link's view when no desk was restored; defaults either way
    session.desk, session.revision = (token, desk.revision) if mine else (new_token(), 0)
    if desk is not None and not mine and (desk.workbook is None or desk.shared):
        _copy(desk)  # a desk whose upload stays with its holder gives nothing: its proposals belong to that file
    session.setdefault("side", "joint")
    session.undo = []
    session.saved = _snapshot()


def _holder_secret() -> str:
    """This browser's holder secret: from its cookie, else a new one (remember_browser sets the cookie)."""
    given = _cookie(COOKIE)
    return given if is_token(given) else new_token()


def _cookie(name: str) -> str:
    value = st.context.cookies.get(name, "")
    return value if isinstance(value, str) else ""  # AppTest has no browser, hence no cookies


def remember_browser() -> None:
    """Keep the holder secret in a cookie of this site, so a reload in this browser is recognised."""
    if _cookie(COOKIE) != session.holder:
        st.html(f"<script>document.cookie = '{COOKIE}={session.holder}; path=/; "
                f"max-age={store.RETENTION_DAYS * 86400}; SameSite=Strict';</script>",
                unsafe_allow_javascript=True, width="content")


def room_gate() -> None:
    """In a workshop room (scripts/start.sh --lan), nothing is shown until the room code is typed."""
    code = os.environ.get(ROOM_ENV, "")
    if not code or session.get("in_room"):
        return
    given = _cookie(ROOM_COOKIE) or session.get("room_code_typed", "")
    if given and secrets.compare_digest(given.strip().encode(), code.encode()):
        session.in_room = True
        st.html(f"<script>document.cookie = '{ROOM_COOKIE}={code}; path=/; SameSite=Strict';</script>",
                unsafe_allow_javascript=True, width="content")
        return
    st.title("Pathways Workbench")
    st.text_input("Room code (the facilitator has it)", key="room_code_typed", type="password")
    if given:
        time.sleep(1)  # a guess a second: a six-character code is not found by trying
        st.error("That is not this room's code.")
    st.stop()


def _find(token: str):
    try:
        return ledger().open(token)
    except (sqlite3.Error, OSError):
        LOG.exception("desk store read failed")
        session.load_problems = ["The desk store could not be read; the sample is open instead."]
        return None


def _copy(desk) -> None:
    """This browser's own desk from another's address: the ledger comes along, the upload only if shared."""
    try:
        ledger().copy(desk.token, session.desk, holder_digest(session.holder), upload=desk.shared)
    except sqlite3.Error:
        LOG.exception("desk copy failed")


def _restore(desk, upload: bool, own: bool = True) -> bool:
    """Put the desk on this screen; False (and the screen as it was) when its workbook cannot be opened.
    My pay's inputs come back only to the browser that holds the desk (own): see _my_pay."""
    if desk.workbook is not None and not upload:
        session.load_problems = ["This address names a desk opened in another browser: its uploaded workbook stays "
                           "there unless its holder shares it (sidebar, Desk). A bundled sample is open instead."]
        return False
    label = desk.source if desk.workbook is None and desk.source in data.SAMPLES else None
    if desk.workbook is None and label is None:
        return False  # an upload the store could not keep: the link's view opens instead
    content = desk.workbook if desk.workbook is not None else data.sample_bytes(label)
    try:
        inputs = data.read_workbook(content)  # the shared parse cache: one parse per file, not one per tab
    except InputError as exc:
        session.load_problems = [f"{desk.source}: {p}" for p in exc.problems]
        return False
    state.use(inputs, desk.source, content)
    rows = [(p.name, p.as_dict(), p.note) for p in desk.proposals]
    proposals, problems = admit_proposals(rows, inputs.baseline, "Desk")  # as if typed: a store is input too
    session.load_problems = [str(p) for p in problems.items]
    names = {p.name for p in proposals}
    session.proposals = proposals
    settings: dict[str, Any] = desk.settings
    session.compare = [n for n in settings.get("compare", []) if n in names]
    horizon = settings.get("horizon")
    session.horizon = horizon if isinstance(horizon, int) and 1 <= horizon <= 20 else session.horizon
    session.editing = settings.get("editing") if settings.get("editing") in names else next(iter(names), None)
    session.side = settings.get("side", "joint") if settings.get("side") in SIDES else "joint"
    session.presenter = bool(settings.get("presenter", False))
    if settings.get("exercise"):
        session.exercise = settings["exercise"]
    session.share_upload = desk.shared
    if own:
        _restore_my_pay(settings.get("me"), inputs.baseline, proposals)
    return True


# My pay's inputs (ledger.HOLDER_ONLY) are kept for the browser that holds the desk, and left out of the copy another
# browser gets from its address: they describe one person (years, lane, step, rating, role, school), a member may
# have typed their own, and the address bar, where a desk's address sits, is easily copied and passed on. A member's
# inputs travel only in a member link whose sender ticks "Include the placement and expectations".
def _my_pay() -> dict[str, Any]:
    """My pay's inputs as the desk keeps them: as a member link carries them, the step only once it is chosen (until
    then it follows the years of experience)."""
    member = state.member_inputs()
    if not session.get("me_step_chosen"):
        member.pop("step", None)
    return member


def _restore_my_pay(stored: Any, baseline, proposals) -> None:
    """My pay's inputs as the desk kept them, each checked as a link's are (a store is input too): a value that
    does not fit (out of bounds, another workbook's lane, a role no offer pays) is said and left out, and My pay
    shows its first value there."""
    member, wrong = {}, []
    if isinstance(stored, dict):
        member, wrong = links.check_member(stored, baseline, proposals, sheet="Desk")
    elif stored is not None:
        wrong = [Problem("Desk", None, "member", found_words(stored), "My pay's inputs, each by its name")]
    state.take_member(member)
    session.load_problems = [*session.get("load_problems", []), *(f"My pay's saved inputs: {p}" for p in wrong)]


def recent() -> list[store.Recent]:
    """The other desks this browser holds (by its holder cookie), last saved first; none if the store is unread."""
    try:
        held = ledger().recent(holder_digest(session.holder), store.RECENT + 1)
    except (sqlite3.Error, OSError):  # a store that cannot be opened lists nothing; the save says why
        LOG.exception("desk store read failed")
        return []
    return [d for d in held if d.token != session.desk][:store.RECENT]


def reopen(token: str) -> None:
    """Open one of this browser's recent desks on this screen; the desk open until now stays saved at its address.

    The holder is checked again here: a desk another browser holds is never opened by this route."""
    found = _find(token)
    if found is None or found.holder != holder_digest(session.holder):
        session.reopen_problem = "That desk is no longer in the store."
        return
    if not _restore(found, upload=True):
        session.reopen_problem = (f"That desk's workbook ({found.source}) could not be opened again; this screen is "
                            "as it was.")
        return
    session.desk, session.revision = token, found.revision
    session.undo = []
    session.saved = _snapshot()


def _snapshot() -> tuple:
    return (session.source, id(session.loaded), tuple(session.proposals), _settings())


def _settings() -> dict[str, Any]:
    return {"compare": list(session.compare), "horizon": int(session.horizon), "editing": session.editing,
            "side": session.get("side", "joint"), "presenter": bool(session.get("presenter")),
            "exercise": session.get("exercise"), "me": _my_pay()}


def autosave() -> bool:
    """Save what changed since the last run; keep the proposals before it for undo.

    A save that finds another tab's save since this tab's last one keeps both tabs' changes and shows
    the merged proposals here, saying what merged (True).
    """
    now = _snapshot()
    if now == session.saved or members.in_copy():  # a member on a members' copy has no desk to save
        return False
    if now[1] != session.saved[1]:
        session.undo = []  # another workbook: earlier proposals belong to it, not to this one
    elif now[2] != session.saved[2] and not session.pop("undoing", False):
        session.undo = (session.undo + [session.saved[2]])[-UNDO_DEPTH:]
    uploaded = None if session.source in data.SAMPLES else session.loaded_bytes
    same_book = now[1] == session.saved[1]
    try:
        saved = ledger().save_desk(session.desk, session.source, uploaded, _settings(), list(session.proposals),
                                   session.get("side", "joint"), holder=holder_digest(session.holder),
                                   seen=session.revision,
                                   base=list(session.saved[2]) if same_book else None,
                                   upload_digest=_digest(uploaded), shared=bool(session.get("share_upload")),
                                   tabled=tuple(session.loaded.proposals))
    except (sqlite3.Error, OSError, ValueError):
        LOG.exception("desk save failed")
        session.save_problem, session.saved_at = NOT_SAVED, None
        session.saved = now
        return False
    session.revision, session.save_problem = saved.revision, saved.problem
    session.saved_at = _clock()
    if saved.merged:
        _take_merge(saved, now[2])
    session.saved = _snapshot()
    return bool(saved.merged)


def _digest(upload: bytes | None) -> str | None:
    """The upload's hash, once per file (not on every save): loading or re-mapping a file sets new bytes."""
    if upload is None:
        return None
    if session.get("digest_of") is not upload:
        session.digest_of, session.upload_digest = upload, store.digest(upload)
    return session.upload_digest


def _take_merge(saved, mine: tuple) -> None:
    """Show what the desk now holds: this tab's changes and the other tab's, both kept."""
    session.proposals = saved.proposals
    names = [p.name for p in saved.proposals]
    before = {p.name for p in mine}
    session.compare = [n for n in session.compare if n in names] + [
        n for n in names if n not in session.compare and n not in before]
    session.editing = session.editing if session.editing in names else next(iter(names), None)
    session.editor_version += 1
    session.merge_notice = "Another tab at this desk saved changes too; both are kept: " + "; ".join(saved.merged) + "."


def _clock() -> str:
    return datetime.now().strftime("%H:%M:%S")


def share(shared: bool) -> None:
    """The holder lets other browsers with this desk's address open its uploaded workbook (or stops it)."""
    try:
        ledger().share_upload(session.desk, shared)
    except sqlite3.Error:
        LOG.exception("desk share failed")
        session.save_problem = NOT_SAVED


def undo() -> None:
    """Put the proposals back as they were before the last change."""
    if session.undo:
        session.proposals = list(session.undo.pop())
        names = {p.name for p in session.proposals}
        session.compare = [n for n in session.compare if n in names]
        session.editing = session.editing if session.editing in names else next(iter(names), None)
        session.editor_version += 1
        session.undoing = True


def start_new() -> None:
    """Later changes go to a new desk; the one open until now stays saved at its own address."""
    session.previous_desk = session.desk
    session.desk, session.revision = new_token(), 0
    session.undo = []


def forget() -> None:
    """Delete this desk and its ledger; the screen stays, and later changes go to a new desk."""
    ledger().forget(session.desk)
    session.desk, session.revision = new_token(), 0
    session.saved = _snapshot()
    session.undo = []
