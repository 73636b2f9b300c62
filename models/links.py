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
from models.person import MEMBER_LIMITS, paid_roles
from models.problems import InputError, Problem, Words
from models.terms import MAX_PROPOSALS, Proposal, Terms, admit_proposals, found_words, quoted_name

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


# What a member link may carry of a member: My pay's inputs (Member's fields: placement, expectations, schedule, a
# paid role and what the member says of their school), nothing else; each a number within MEMBER_LIMITS, a choice of
# the workbook's, or true or false.
MEMBER_FIELDS = ("years_experience", "lane", "step", "fte", "rating", "credits_per_year", "pd_hours_per_year",
                 "mcs_per_year", "apply_for_model", "schedule", "role", "earns_qcomp", "top_school",
                 "hard_to_staff_school", "hard_to_staff_subject")
YES_OR_NO = ("apply_for_model", "earns_qcomp", "top_school", "hard_to_staff_school", "hard_to_staff_subject")


def member_token(offer: Proposal, member: dict[str, Any] | None = None) -> str:
    """A link's token for My pay on one offer: the offer's changes and, if given, the member's own inputs
    (MEMBER_FIELDS only; the step by its published label)."""
    payload: dict[str, Any] = {"offer": [offer.name, [list(kv) for kv in offer.overrides], offer.note]}
    if member:
        payload["member"] = {k: member[k] for k in MEMBER_FIELDS if k in member}
    return _pack(payload)


def member_from_token(token: str, baseline: Terms) -> tuple[Proposal, dict[str, Any]]:
    """The offer a member link carries (validated as if typed) and the member's inputs (each within the bounds
    My pay's inputs take; the step as its position in the schedule; a role one the offer or the workbook pays).
    Anything else is refused."""
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
    member, wrong = check_member(given, baseline, offers)
    if wrong:
        raise InputError(wrong, "The link")
    return offers[0], member


def member_inputs_token(member: dict[str, Any]) -> str:
    """The member's own inputs alone (MEMBER_FIELDS), for a link to a members' copy, which holds the offer."""
    return _pack({"member": {k: member[k] for k in MEMBER_FIELDS if k in member}})


def member_inputs_from_token(token: str, baseline: Terms, offers: Sequence[Proposal] = ()) -> dict[str, Any]:
    """The member's inputs a members' copy link carries (its offers: the copy's), each within My pay's bounds;
    anything else is refused."""
    payload = _unpack(token, "me")
    if not isinstance(payload, dict) or set(payload) != {"member"} or not isinstance(payload["member"], dict):
        raise _unreadable("me")
    member, wrong = check_member(payload["member"], baseline, offers)
    if wrong:
        raise InputError(wrong, "The link")
    return member


def check_member(given: dict, baseline: Terms, offers: Sequence[Proposal] = (),
                 sheet: str = "Link") -> tuple[dict[str, Any], list[Problem]]:
    """The member's inputs as My pay takes them, and what is wrong with the others (one problem each, what was
    found cut as a name is: a link or a store may hold any text). A role is one these terms pay."""
    sched, out, wrong = baseline.step_schedule, {}, []

    def refuse(field: str, expected: str) -> None:
        wrong.append(Problem(sheet, None, f"member {field}", found_words(given[field]), expected))

    unknown = [k for k in given if k not in MEMBER_FIELDS]
    if unknown:  # said once, however many: a token may hold thousands
        names = ", ".join(quoted_name(k) for k in unknown[:3]) + (f" and {len(unknown) - 3:,} more"
                                                                  if len(unknown) > 3 else "")
        wrong.append(Problem(sheet, None, "member", Words(names),
                             f"no such input (My pay's are {', '.join(MEMBER_FIELDS)})"))
    for field, (low, high) in MEMBER_LIMITS.items():
        if field not in given:
            continue
        value = given[field]
        number = isinstance(value, int | float) and not isinstance(value, bool)
        whole = field != "years_experience" or (number and float(value).is_integer())
        if number and whole and low <= value <= high:
            out[field] = int(value) if field == "years_experience" else float(value)
        else:
            refuse(field, f"a {'whole ' if field == 'years_experience' else ''}number from {low:g} to {high:g}")
    for field in YES_OR_NO:
        if field in given:
            if isinstance(given[field], bool):
                out[field] = given[field]
            else:
                refuse(field, "true or false")
    roles = paid_roles([baseline, *(p.terms(baseline) for p in offers)])
    for field, options, expected in (
            ("rating", RATINGS, f"one of {', '.join(RATINGS)}"),
            ("lane", sched.lanes, f"one of {', '.join(sched.lanes)}"),
            ("schedule", sched.names, "'' (StepSchedule)" + "".join(f", {n!r}" for n in sched.names[1:])),
            ("role", ("", *roles), f"'' (none) or a role these terms pay: {', '.join(map(repr, roles))}"
             if roles else "'' (none): these terms pay no role")):
        if field in given:
            if type(given[field]) is str and given[field] in options:
                out[field] = given[field]
            else:
                refuse(field, expected)
    if "step" in given:
        top = sched.top(sched.lanes.index(out["lane"])) if "lane" in out else sched.steps
        step = sched.step_of(given["step"]) if isinstance(given["step"], str) else None
        if step is not None and step <= top:
            out["step"] = step
        else:
            refuse("step", f"a step of the schedule, {sched.label(1)} to {sched.label(top)}")
    return out, wrong
