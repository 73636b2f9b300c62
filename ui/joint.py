"""The joint table in the session: seat a screen by its link, keep its proposals in step with the table.

At a table a screen's proposals are the latest tabled version of every offer, with the side's own caucus
drafts in place of (or beside) them; the projector shows the tabled offers only. A fragment in the
sidebar asks the store for the table's revision once a second and reruns the app when an offer was
tabled, so every screen shows it without a reload.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from models.joint import ROLE_WORDS, BadOffer, JointStore, NotAllowed, Seat, cost_comparison, on_screen
from models.ledger import store_path
from models.problems import InputError
from models.safe_text import markdown as text
from models.terms import Proposal
from ui import data, state

session = st.session_state
REFRESH_SECONDS = 1.0
PAGE = "joint_table"


@st.cache_resource(show_spinner=False)
def _open_store(path: str) -> JointStore:
    return JointStore(path)


def store() -> JointStore:
    return _open_store(str(store_path()))


def seat() -> Seat | None:
    return session.get("joint_seat")


def init() -> None:
    """Seat this session at the table its address names (once, when the session starts)."""
    if "joint_checked" in session:
        return
    session.joint_checked = True
    token = st.query_params.get("table", "")
    if token:
        found = store().seat(token)
        if found is None:
            session.joint_problem = ("This table link does not open a table: it was replaced by a new link, or the "
                               "table does not exist. Ask the other side or the facilitator for the current link.")
        else:
            sit(found)


def sit(found: Seat) -> None:
    """Open the table's workbook and its offers on this screen."""
    content = store().workbook(found)
    try:
        inputs = data.read_workbook(content)
    except InputError as exc:  # cannot happen for a table opened by the app; said plainly if it does
        session.joint_problem = f"The table's workbook cannot be read: {exc.problems[0]}"
        return
    state.use(inputs, f"Joint table {found.code}: {found.source}", content)
    session.joint_seat = found
    session.joint_problem = None
    _follow_table(initial=True)


def join_by_code() -> None:
    """The Join button's callback: a join code seats this screen as the projector."""
    found = store().join_code(session.get("joint_code", ""))
    session.joint_code_problem = None if found else ("No table has that join code. Check it with the person who "
                                               "opened the table.")
    if found:
        sit(found)


def leave() -> None:
    for key in ("joint_seat", "joint_revision", "joint_tabled"):
        session.pop(key, None)


def open_table() -> None:
    """Open a table on the workbook this screen has loaded; this screen takes the District's seat."""
    loaded = session.loaded
    offers = [(p, loaded.with_proposals((p,)).fingerprint) for p in loaded.proposals]
    opened = store().open_table(session.source, session.loaded_bytes, offers)
    session.joint_opened = opened
    found = store().seat(opened.tokens["district"])
    sit(found)


def _follow_table(initial: bool = False) -> None:
    """This screen's proposals: the latest tabled offers, with this side's drafts over them."""
    found = seat()
    session.joint_revision = store().revision(found)
    tabled, session.proposals, problems = on_screen(store().latest(found), store().drafts(found),
                                                    session.loaded.baseline)
    session.joint_tabled = {p.name: p for p in tabled}
    if problems.items:  # the store is input too: what fails the name check is left out, said once
        session.joint_problem = "Left out: " + "; ".join(str(p) for p in problems.items[:5])
    before = set(session.compare)
    names = [p.name for p in session.proposals]
    session.compare = names if initial else [n for n in names if n in before or n not in session.get("joint_known", ())]
    session.joint_known = set(names)
    session.editing = session.editing if session.get("editing") in names else next(iter(names), None)
    session.editor_version = session.get("editor_version", 0) + 1


def drafts() -> list[Proposal]:
    """This side's proposals that differ from what is tabled (new, or changed since tabling)."""
    tabled = session.get("joint_tabled", {})
    return [p for p in session.proposals if tabled.get(p.name) != p]


def save_drafts() -> None:
    """Keep this side's drafts in the table's store (so its other screens and a restart have them)."""
    found = seat()
    if found is None or found.side is None:
        return
    mine = drafts()
    if session.get("joint_saved_drafts") == mine:
        return
    try:
        store().save_drafts(found, mine, session.loaded.baseline)
        session.joint_saved_drafts = mine
    except (NotAllowed, BadOffer) as exc:
        session.joint_problem = str(exc)


def table(name: str) -> None:
    """Table one draft to the other side (a button's callback: it runs before the page is drawn)."""
    found = seat()
    offer = state.proposal(name)
    try:
        version = store().table_offer(found, offer, session.loaded.with_proposals((offer,)).fingerprint,
                                      session.loaded.baseline)
    except (NotAllowed, BadOffer) as exc:
        session.joint_problem = str(exc)
        return
    _follow_table()
    session.joint_tabled_message = f"Tabled {text(name)}, version {version}."


def table_fingerprint() -> str:
    """The same code on every screen at the table: the workbook with the tabled offers only."""
    return session.loaded.with_proposals(tuple(session.get("joint_tabled", {}).values())).fingerprint


def new_link() -> None:
    found = seat()
    token = store().new_token(found)
    session.joint_seat = store().seat(token)
    st.query_params["table"] = token


def status() -> None:
    """The sidebar's line for the table; reruns the app when the table changes."""
    if session.get("joint_problem"):
        st.warning(text(session.joint_problem))  # it may quote a name from the store: shown as text
    found = seat()
    if found is None:
        return
    tabled = session.get("joint_revision", 0)
    st.caption(f"Joint table {found.code} · {ROLE_WORDS[found.role]} · {tabled} versions tabled")
    _watch()


@st.fragment(run_every=REFRESH_SECONDS)
def _watch() -> None:
    found = seat()
    if found is None:
        return
    try:
        revision = store().revision(found)
    except Exception:  # the store is busy or gone for a moment: try again next second
        return
    if revision != session.get("joint_revision"):
        session.joint_refresh = True  # followed at the top of the next run, before any widget is drawn
        st.rerun(scope="app")


def follow() -> None:
    """At the top of a run: take in what was tabled since this screen last looked."""
    if session.pop("joint_refresh", False) and seat() is not None:
        _follow_table()


def link(token: str) -> str:
    """The address that seats a screen with this token (this server, the Joint table page)."""
    base = str(st.context.url or "").split("?")[0].rstrip("/")
    base = base.rsplit("/", 1)[0] if base.endswith(PAGE) else base
    return f"{base}/{PAGE}?{urlencode({'table': token})}"


def version(row) -> Proposal:
    """A tabled version as a proposal named with its version ("District offer v2")."""
    found = store().version(seat(), row.proposal, row.version)
    return Proposal(f"{row.proposal} v{row.version}", found.overrides, found.note)


def compare_costs(first: Proposal, second: Proposal) -> pd.DataFrame:
    inputs = state.tabled_inputs().with_proposals((first, second))
    return _costs(inputs.fingerprint, inputs, first.name, second.name)


@st.cache_data(show_spinner=False, max_entries=64)
def _costs(fingerprint: str, _inputs, first: str, second: str) -> pd.DataFrame:
    return cost_comparison(_inputs, first, second)
