"""Member links to an uploaded workbook: the union publishes a members' copy (models/members.py, no roster) and
members open My pay on it. A link to a bundled sample carries its offer itself (ui.state.member_link).

The link holds the copy's server-issued token (models.ledger.new_token) and, if the sender ticks it, the
member's own inputs: the member's browser gets the copy's schedules, rules and offer, never the roster.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

import streamlit as st

from models import links, members
from models.ledger import Ledger, digest
from models.problems import InputError
from models.terms import Proposal
from ui import state

session = st.session_state
LOG = logging.getLogger(__name__)
UNKNOWN = ("This member link names no members' copy on this server (it is deleted 30 days after it was last "
           "opened, or the address was cut short): the workbench opens as usual. Ask whoever sent it for a new link.")


def in_copy() -> bool:
    """Whether this session is a member's, on a members' copy: My pay only, no desk, no roster."""
    return bool(session.get("members_copy"))


def copy_title(offer: str | None = None) -> str:
    """What a members' copy is of (this session's, or the one of `offer`): its fingerprint differs from the whole
    workbook's and is never to be taken for the bargaining table's."""
    return f"Members' copy of {session.loaded.title}, offer {offer or session.loaded.proposals[0].name}"


def open_link(store: Ledger, query: Any) -> bool:
    """Open the members' copy a link names: My pay on its offer beside the status quo, with the member's inputs
    if the link has them (inputs out of bounds are said, and left out). An unknown or unreadable copy is said
    once and the app opens as usual (False)."""
    try:
        content = store.open_copy(query.get("copy", ""))
    except (sqlite3.Error, OSError):
        LOG.exception("members' copy read failed")
        content = None
    if content is None:
        session.load_problems = [UNKNOWN]
        return False
    try:
        copy = members.read_members_copy(content)
    except InputError as exc:
        session.load_problems = [str(p) for p in exc.problems]
        return False
    try:
        member = links.member_inputs_from_token(query["me"], copy.baseline, copy.proposals) if "me" in query else {}
    except InputError as exc:  # the copy opens without them; what was wrong is said on My pay
        session.load_problems, member = [str(p) for p in exc.problems], {}
    state.use(copy, f"Members' copy of {copy.title}", content)
    session.members_copy, session.members_copy_me = query["copy"], query.get("me") if member else None
    offer = copy.proposals[0].name
    session.compare, session.editing, session.me_table_scenario = [offer], offer, offer
    state.take_member(member)
    session.presenter = query.get("presenter") == "1"
    return True


def _copy_of(offer: Proposal) -> bytes:
    """The members' copy of the workbook on screen (years as chosen) on this offer as edited."""
    return members.members_copy(state.inputs(), offer)


def published(offer: Proposal) -> str | None:
    """The token of this offer's members' copy as it is now, if it was published in this session."""
    if in_copy():
        return session.members_copy
    return session.get("member_copies", {}).get(digest(_copy_of(offer)))


def publish(store: Ledger, offer: Proposal) -> None:
    """Store the members' copy of this offer on the server (a button's callback); said if it cannot be."""
    content = _copy_of(offer)
    try:
        token = store.publish_copy(content)
    except (sqlite3.Error, OSError, ValueError):
        LOG.exception("members' copy save failed")
        session.member_copy_problem = "The members' copy could not be saved on this server, so there is no link yet."
        return
    session.member_copies = {**session.get("member_copies", {}), digest(content): token}
    session.member_copy_problem = None


def member_query(offer: Proposal, with_member: bool) -> dict[str, str] | None:
    """A member link's query on a members' copy: its token and, if asked, My pay's inputs; None until published."""
    token = published(offer)
    if token is None:
        return None
    query = {"copy": token}
    if with_member:
        query["me"] = links.member_inputs_token(state.member_inputs(offer))
    return query
