"""Proposals carried in a link: a short, URL-safe token for edits made since the workbook was opened.

A facilitator sends a link; whoever opens it gets the same proposals, hence the same fingerprint.
The token holds the proposals as edited (name, overrides, note), compressed; the receiving side
validates every override against the workbook exactly as if it had been typed.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from collections.abc import Sequence

from models.problems import InputError, Problem
from models.terms import MAX_PROPOSALS, Proposal, Terms, admit_proposals

MAX_TOKEN = 16_000  # characters; browsers and servers accept URLs well beyond this
MAX_JSON = 1 << 20  # bytes once inflated: refuse a compressed bomb


def edits_token(workbook_proposals: Sequence[Proposal], proposals: Sequence[Proposal]) -> str | None:
    """None when the proposals are the workbook's own; else the token that restores them."""
    if tuple(proposals) == tuple(workbook_proposals):
        return None
    payload = [[p.name, [list(kv) for kv in p.overrides], p.note] for p in proposals]
    raw = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode().rstrip("=")


def proposals_from_token(token: str, baseline: Terms) -> list[Proposal]:
    """The proposals a token carries, each validated against the workbook's terms."""
    where = ("Link", None, "edits")
    if len(token) > MAX_TOKEN:
        raise InputError([Problem(*where, f"{len(token)} characters", f"at most {MAX_TOKEN}")], "The link")
    try:
        inflate = zlib.decompressobj()
        raw = inflate.decompress(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)), MAX_JSON)
        if inflate.unconsumed_tail:
            raise ValueError("too large")
        payload = json.loads(raw.decode())
        rows = [(name, dict(overrides), note) for name, overrides, note in payload[:MAX_PROPOSALS + 1]]
        if any(not isinstance(k, str) for _, overrides, _ in rows for k in overrides):
            raise ValueError("keys")
    except (ValueError, TypeError, binascii.Error, zlib.error):
        raise InputError([Problem(*where, "an unreadable token", "a link made by this workbench")],
                         "The link") from None
    proposals, problems = admit_proposals(rows, baseline, "Link")
    if problems.items:
        raise InputError(problems.items, "The link")
    return proposals
