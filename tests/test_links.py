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


def test_a_refused_change_names_the_link_the_proposal_and_the_change_as_written(baltimore):
    token = _token([["O'Neil's  idea", [["raise.2012", "lots"], ["no.such.thing", 1]], ""]])
    with pytest.raises(InputError) as caught:
        links.proposals_from_token(token, baltimore.baseline)
    assert caught.value.lines == [
        "sheet 'Link', proposal \"O'Neil's  idea\": found 'lots' for 'raise.2012'; expected a number from -0.5 "
        "to 0.5 (share)",
        "sheet 'Link', proposal \"O'Neil's  idea\": found the change 'no.such.thing'; expected a known parameter "
        "(see docs/workbook.md)"]


@pytest.mark.parametrize("change", [["x" * 900_000, 1], ["raise.2026", "y" * 900_000], ["lead.slots", 10**400],
                                    ["raise.2026", [[0.01] * 60_000]]])
def test_a_change_of_a_million_characters_is_refused_in_a_message_of_a_few_lines(change, baltimore):
    """A token of about a kilobyte can inflate to a key or value of a million characters: the message says what
    was found, cut, once (it repeated all of it, twice nested: 2 MB on the screen)."""
    token = _token([["A", [change], ""]])
    assert len(token) < links.MAX_TOKEN
    with pytest.raises(InputError) as caught:
        links.proposals_from_token(token, baltimore.baseline)
    text = str(caught.value)
    assert len(text) < 600 and "characters in all" in text and text.count("sheet 'Proposals'") == 0, text


def test_a_compressed_bomb_is_refused(baltimore):
    bomb = base64.urlsafe_b64encode(zlib.compress(b"[" + b" " * 10_000_000 + b"]", 9)).decode()
    assert len(bomb) < links.MAX_TOKEN
    with pytest.raises(InputError):
        links.proposals_from_token(bomb, baltimore.baseline)


def _payload(token: str):
    return json.loads(zlib.decompress(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))))


def test_a_member_link_holds_one_offer_and_the_members_own_inputs_only(baltimore):
    offer = baltimore.proposals[1]
    me = {"years_experience": 4, "lane": "MA", "step": "5", "rating": "highly_effective", "pd_hours_per_year": 30.0,
          "apply_for_model": True}
    token = links.member_token(offer, me)
    assert len(token) < links.MAX_TOKEN and set(_payload(token)) == {"offer", "member"}
    raw = json.dumps(_payload(token))
    assert not [i for i in baltimore.roster["employee_id"].astype(str) if f'"{i}"' in raw]  # no roster row
    restored, member = links.member_from_token(token, baltimore.baseline)
    assert restored == offer and member == {**me, "step": 5}
    assert links.member_from_token(links.member_token(offer), baltimore.baseline) == (offer, {})


@pytest.mark.parametrize(("member", "said"), [
    ({"years_experience": 51}, "from 0 to 50"), ({"years_experience": 2.5}, "whole number"),
    ({"fte": 0}, "from 0.1 to 1"), ({"lane": "XYZ"}, "one of BA"), ({"step": "99"}, "a step of the schedule"),
    ({"rating": "superb"}, "one of highly_effective"), ({"apply_for_model": "yes"}, "true or false"),
    ({"salary": 90000}, "no such input"), ({"pd_hours_per_year": True}, "a number")])
def test_a_member_link_with_inputs_out_of_bounds_is_refused_naming_them(member, said, baltimore):
    token = _token({"offer": ["Union offer", [], ""], "member": member})
    with pytest.raises(InputError) as caught:
        links.member_from_token(token, baltimore.baseline)
    assert said in str(caught.value) and "member" in str(caught.value)


@pytest.mark.parametrize("payload", [["Union offer"], {"offer": "x"}, {"offer": ["X", [], ""], "roster": []},
                                     {"member": {}}, {"offer": ["X", [], ""], "member": [1]}])
def test_a_member_link_of_another_shape_is_refused(payload, baltimore):
    with pytest.raises(InputError) as caught:
        links.member_from_token(_token(payload), baltimore.baseline)
    assert "made by this workbench" in str(caught.value)


def test_a_member_link_is_bounded_like_every_link(baltimore):
    bomb = base64.urlsafe_b64encode(zlib.compress(b"{" + b" " * 10_000_000 + b"}", 9)).decode()
    for token in (bomb, "A" * (links.MAX_TOKEN + 1)):
        with pytest.raises(InputError):
            links.member_from_token(token, baltimore.baseline)
    bad = _token({"offer": ["Union offer", [["model.pass_rate", 3.0]], ""]})
    with pytest.raises(InputError) as caught:  # the offer's changes are checked as if typed
        links.member_from_token(bad, baltimore.baseline)
    assert "Union offer" in str(caught.value)


# --- My pay's school and role inputs: a link carries them too, each checked -------------------------------------
SCHOOL_AND_ROLE = {"role": "mentor", "earns_qcomp": True, "top_school": True, "hard_to_staff_school": True,
                   "hard_to_staff_subject": False}


@pytest.fixture(scope="module")
def performance():
    from tests.conftest import PERFORMANCE
    return workbook.read(PERFORMANCE)


def tap_offer(performance) -> list:
    """The offer that pays mentors and masters, as a token holds it."""
    tap = performance.proposal("TAP-style bonus")
    return [tap.name, [list(kv) for kv in tap.overrides], tap.note]


def test_a_member_link_carries_the_role_and_school_inputs_and_they_change_the_pay(performance):
    from models.person import Member, member_projection
    tap = performance.proposal("TAP-style bonus")  # the offer that pays mentors
    me = {"years_experience": 6, "lane": "MA", "step": "7", **SCHOOL_AND_ROLE}
    restored, member = links.member_from_token(links.member_token(tap, me), performance.baseline)
    assert restored == tap and member == {**me, "step": 7}
    one = performance.with_proposals((tap,))
    plain = member_projection(one, Member(years_experience=6, lane="MA", step=7))
    given = member_projection(one, Member(**member))
    assert given["earnings"].sum() > plain["earnings"].sum()  # what the link carries is what the member is paid
    copy_token = links.member_inputs_token(me)  # a members' copy link: the copy holds the offer, checked with it
    assert links.member_inputs_from_token(copy_token, performance.baseline, [tap]) == {**me, "step": 7}


def test_a_member_link_carries_the_schedule_of_a_workbook_with_two():
    from tests.test_published_schedules import SPLIT, two_schedules
    inputs = workbook.read(two_schedules(SPLIT))
    offer = Proposal("X", ())
    _, member = links.member_from_token(links.member_token(offer, {"schedule": "235"}), inputs.baseline)
    assert member == {"schedule": "235"}
    with pytest.raises(InputError) as caught:
        links.member_from_token(links.member_token(offer, {"schedule": "260"}), inputs.baseline)
    assert "member schedule" in str(caught.value) and "'' (StepSchedule), '235'" in str(caught.value)


@pytest.mark.parametrize(("member", "said"), [
    ({"role": "janitor"}, "a role these terms pay: 'master', 'mentor'"), ({"role": 3}, "a role these terms pay"),
    ({"earns_qcomp": "yes"}, "true or false"), ({"top_school": 1}, "true or false"),
    ({"hard_to_staff_school": None}, "true or false"), ({"hard_to_staff_subject": [True]}, "true or false"),
    ({"schedule": "235"}, "'' (StepSchedule)")])
def test_a_member_link_with_a_bad_role_or_school_input_is_refused_naming_it(member, said, performance):
    field = next(iter(member))
    token = _token({"offer": tap_offer(performance), "member": member})
    with pytest.raises(InputError) as caught:
        links.member_from_token(token, performance.baseline)
    assert said in str(caught.value) and f"member {field}" in str(caught.value)


def test_a_role_is_one_the_links_own_offer_or_workbook_pays(performance, baltimore):
    me = {"role": "mentor"}
    with pytest.raises(InputError) as caught:  # the Q Comp offer pays no role: a mentor link on it is refused
        links.member_from_token(links.member_token(performance.proposal("Q Comp-style components"), me),
                                performance.baseline)
    assert "these terms pay no role" in str(caught.value)
    with pytest.raises(InputError) as caught:  # nor on a members' copy of it
        links.member_inputs_from_token(links.member_inputs_token(me), performance.baseline,
                                       [performance.proposal("Q Comp-style components")])
    assert "these terms pay no role" in str(caught.value)
    assert links.member_from_token(links.member_token(baltimore.proposals[0], {"role": ""}),
                                   baltimore.baseline)[1] == {"role": ""}  # none, on any workbook


@pytest.mark.parametrize("member", [{"role": "r" * 900_000}, {"lane": ["BA"] * 100_000},
                                    {"a" * n: n for n in range(1, 1_000)}, {"k" * 900_000: 1}])
def test_a_member_link_of_a_million_characters_is_refused_in_a_message_of_a_few_lines(member, performance):
    """A member's input is said as found, cut as a name is, and unknown inputs once however many (the lane was
    repeated whole, and each unknown input had its own line)."""
    token = _token({"offer": tap_offer(performance), "member": member})
    assert len(token) < links.MAX_TOKEN
    with pytest.raises(InputError) as caught:
        links.member_from_token(token, performance.baseline)
    text = str(caught.value)
    assert len(text) < 900 and ("characters in all" in text or "more" in text), text
