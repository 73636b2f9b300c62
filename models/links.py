"""Proposals carried in a link: a short, URL-safe token for edits made since the workbook was opened.

A facilitator sends a link; whoever opens it gets the same proposals, hence the same fingerprint.
The token holds the proposals as edited (name, overrides, note), compressed; the receiving side
validates every override against the workbook exactly as if it had been typed.

A member link (`member_token`) holds one offer and, if the sender chooses, a member's own placement and
expectations: never a roster row, an employee id or anyone's salary. It opens My pay on that offer.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from collections.abc import Sequence
from typing import Any

from models.parameters import RATINGS
from models.person import MEMBER_LIMITS
from models.problems import InputError, Problem
from models.terms import MAX_PROPOSALS, Proposal, Terms, admit_proposals

MAX_TOKEN = 16_000  # characters; browsers and servers accept URLs well beyond this
MAX_JSON = 1 << 20  # bytes once inflated: refuse a compressed bomb


def edits_token(workbook_proposals: Sequence[Proposal], proposals: Sequence[Proposal]) -> str | None:
    """None when the proposals are the workbook's own; else the token that restores them."""
    if tuple(proposals) == tuple(workbook_proposals):
        return None
    return _pack([[p.name, [list(kv) for kv in p.overrides], p.note] for p in proposals])


def _pack(payload: object) -> str:
    raw = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode().rstrip("=")


def _unpack(token: str, field: str) -> Any:
    """The JSON a token holds, within the link bounds (length, inflated size); else one clear refusal."""
    where = ("Link", None, field)
    if len(token) > MAX_TOKEN:
        raise InputError([Problem(*where, f"{len(token)} characters", f"at most {MAX_TOKEN}")], "The link")
    try:
        inflate = zlib.decompressobj()
        raw = inflate.decompress(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)), MAX_JSON)
        if inflate.unconsumed_tail:
            raise ValueError("too large")
        return json.loads(raw.decode())
    except (ValueError, TypeError, binascii.Error, zlib.error):
        raise _unreadable(field) from None


def _unreadable(field: str) -> InputError:
    return InputError([Problem("Link", None, field, "an unreadable token", "a link made by this workbench")],
                      "The link")


def _rows(payload: Any) -> list[tuple[Any, dict, Any]]:
    rows = [(name, dict(overrides), note) for name, overrides, note in payload[:MAX_PROPOSALS + 1]]
    if any(not isinstance(k, str) for _, overrides, _ in rows for k in overrides):
        raise ValueError("keys")
    return rows


def proposals_from_token(token: str, baseline: Terms) -> list[Proposal]:
    """The proposals a token carries, each validated against the workbook's terms."""
    try:
        rows = _rows(_unpack(token, "edits"))
    except (ValueError, TypeError):
        raise _unreadable("edits") from None
    proposals, problems = admit_proposals(rows, baseline, "Link")
    if problems.items:
        raise InputError(problems.items, "The link")
    return proposals


# What a member link may carry of a member: their placement and expectations (Member's fields), nothing else.
MEMBER_FIELDS = ("years_experience", "lane", "step", "fte", "rating", "credits_per_year", "pd_hours_per_year",
                 "mcs_per_year", "apply_for_model")


def member_token(offer: Proposal, member: dict[str, Any] | None = None) -> str:
    """A link's token for My pay on one offer: the offer's changes and, if given, the member's own inputs
    (MEMBER_FIELDS only; the step by its published label)."""
    payload: dict[str, Any] = {"offer": [offer.name, [list(kv) for kv in offer.overrides], offer.note]}
    if member:
        payload["member"] = {k: member[k] for k in MEMBER_FIELDS if k in member}
    return _pack(payload)


def member_from_token(token: str, baseline: Terms) -> tuple[Proposal, dict[str, Any]]:
    """The offer a member link carries (validated as if typed) and the member's inputs (each within the bounds
    My pay's inputs take; the step as its position in the schedule). Anything else is refused."""
    try:
        payload = _unpack(token, "member")
        if not isinstance(payload, dict) or set(payload) - {"offer", "member"} or "offer" not in payload:
            raise ValueError("shape")
        rows = _rows([payload["offer"]])
        given = payload.get("member", {})
        if not isinstance(given, dict):
            raise ValueError("member")
    except (ValueError, TypeError):
        raise _unreadable("member") from None
    offers, problems = admit_proposals(rows, baseline, "Link")
    if problems.items:
        raise InputError(problems.items, "The link")
    member, wrong = _member(given, baseline)
    if wrong:
        raise InputError([Problem("Link", None, f"member {field}", found, expected) for field, found, expected
                          in wrong], "The link")
    return offers[0], member


def member_inputs_token(member: dict[str, Any]) -> str:
    """The member's own inputs alone (MEMBER_FIELDS), for a link to a members' copy, which holds the offer."""
    return _pack({"member": {k: member[k] for k in MEMBER_FIELDS if k in member}})


def member_inputs_from_token(token: str, baseline: Terms) -> dict[str, Any]:
    """The member's inputs a members' copy link carries, each within My pay's bounds; anything else is refused."""
    payload = _unpack(token, "me")
    if not isinstance(payload, dict) or set(payload) != {"member"} or not isinstance(payload["member"], dict):
        raise _unreadable("me")
    member, wrong = _member(payload["member"], baseline)
    if wrong:
        raise InputError([Problem("Link", None, f"member {field}", found, expected) for field, found, expected
                          in wrong], "The link")
    return member


def _member(given: dict, baseline: Terms) -> tuple[dict[str, Any], list[tuple[str, object, str]]]:
    """The member's inputs as My pay takes them, and what is wrong: (field, found, expected)."""
    sched, out, wrong = baseline.step_schedule, {}, []
    for field in set(given) - set(MEMBER_FIELDS):
        wrong.append((field, given[field], "no such input"))
    for field, value in given.items():
        if field in MEMBER_LIMITS:
            low, high = MEMBER_LIMITS[field]
            number = isinstance(value, int | float) and not isinstance(value, bool)
            whole = field != "years_experience" or (number and float(value).is_integer())
            if number and whole and low <= value <= high:
                out[field] = int(value) if field == "years_experience" else float(value)
            else:
                wrong.append((field, value, f"a {'whole ' if field == 'years_experience' else ''}number "
                                            f"from {low:g} to {high:g}"))
    if "rating" in given:
        if given["rating"] in RATINGS:
            out["rating"] = given["rating"]
        else:
            wrong.append(("rating", given["rating"], f"one of {', '.join(RATINGS)}"))
    if "apply_for_model" in given:
        if isinstance(given["apply_for_model"], bool):
            out["apply_for_model"] = given["apply_for_model"]
        else:
            wrong.append(("apply_for_model", given["apply_for_model"], "true or false"))
    if "lane" in given:
        if given["lane"] in sched.lanes:
            out["lane"] = given["lane"]
        else:
            wrong.append(("lane", given["lane"], f"one of {', '.join(sched.lanes)}"))
    if "step" in given:
        top = sched.top(sched.lanes.index(out["lane"])) if "lane" in out else sched.steps
        step = sched.step_of(given["step"]) if isinstance(given["step"], str) else None
        if step is not None and step <= top:
            out["step"] = step
        else:
            wrong.append(("step", given["step"], f"a step of the schedule, {sched.label(1)} to {sched.label(top)}"))
    return out, wrong
