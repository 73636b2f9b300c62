"""Proposals in a link: the token restores the same proposals, and a bad token is refused, never run."""

import base64
import json
import zlib

import pytest

from models import links, workbook
from models.problems import InputError
from models.terms import Proposal
from tests.conftest import BALTIMORE


@pytest.fixture(scope="module")
def baltimore():
    return workbook.read(BALTIMORE)


def _token(payload) -> str:
    return base64.urlsafe_b64encode(zlib.compress(json.dumps(payload).encode())).decode().rstrip("=")


def test_no_token_for_the_workbook_as_tabled(baltimore):
    assert links.edits_token(baltimore.proposals, list(baltimore.proposals)) is None


def test_token_round_trip_gives_the_same_fingerprint(baltimore):
    edited = [Proposal("District offer", (("lead.slots", 20), ("pathway_salary.Model.2", 86000.0)), "edited"),
              Proposal("Mediator's idea — 50/50", (("raise.2012", 0.0125),))]
    token = links.edits_token(baltimore.proposals, edited)
    assert token and len(token) < 400 and set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                                              "0123456789-_")
    restored = links.proposals_from_token(token, baltimore.baseline)
    assert [p.name for p in restored] == [p.name for p in edited]
    assert baltimore.with_proposals(tuple(restored)).fingerprint == baltimore.with_proposals(tuple(edited)).fingerprint


def test_order_of_changes_does_not_change_the_fingerprint(baltimore):
    a = Proposal("X", (("lead.slots", 20), ("raise.2012", 0.01)))
    b = Proposal("X", (("raise.2012", 0.01), ("lead.slots", 20)))
    assert baltimore.with_proposals((a,)).fingerprint == baltimore.with_proposals((b,)).fingerprint


@pytest.mark.parametrize("token", ["not-a-token", "", "%%%", _token({"not": "a list"}), _token([["X", 5, ""]])])
def test_unreadable_tokens_are_refused_with_a_message(token, baltimore):
    with pytest.raises(InputError) as caught:
        links.proposals_from_token(token, baltimore.baseline)
    assert "Link" in str(caught.value) and "made by this workbench" in str(caught.value)


def test_invalid_values_in_a_token_are_refused_like_typed_values(baltimore):
    token = _token([["District offer", [["model.pass_rate", 3.0], ["no.such.thing", 1]], ""]])
    with pytest.raises(InputError) as caught:
        links.proposals_from_token(token, baltimore.baseline)
    text = str(caught.value)
    assert "District offer" in text and "pass" in text.lower() and "no.such.thing" in text


def test_a_compressed_bomb_is_refused(baltimore):
    bomb = base64.urlsafe_b64encode(zlib.compress(b"[" + b" " * 10_000_000 + b"]", 9)).decode()
    assert len(bomb) < links.MAX_TOKEN
    with pytest.raises(InputError):
        links.proposals_from_token(bomb, baltimore.baseline)
