"""A member link to an uploaded workbook: the union publishes a members' copy (schedules, rules, one offer; no
roster) on the server, and the link opens My pay on it with the same pay the whole workbook gives."""

import json
import sqlite3
from dataclasses import replace
from urllib.parse import parse_qs, urlsplit

import pytest

from models import links, members, workbook
from models.inputs import canonical_roster
from models.ledger import Ledger, new_token
from models.person import Member, member_projection
from models.problems import InputError
from tests.conftest import BALTIMORE, MICRO, PERFORMANCE, SMALL
from tests.test_app import fingerprint, go, open_app, open_link, plain, term, upload

OFFER = "Pathways proposal"


def district() -> tuple:
    """The small district as a district's own upload: ids, schools and salaries of its people, Hires rows, and an
    offer paying a pool per school (so the one figure of the roster the copy keeps, the average school's FTE,
    counts)."""
    small = workbook.read(SMALL)
    roster = small.roster.copy()
    roster["employee_id"] = [f"HR-{n:06d}-Q" for n in range(len(roster))]
    roster["school"] = [f"Juniper Hollow Academy {n % 7}" for n in range(len(roster))]
    roster["salary"] = 51_234.57 + roster.index * 1.013
    offer = small.proposal(OFFER)
    offer = replace(offer, overrides=offer.overrides + (("perf.pool_per_school", 40_000.0),))
    inputs = replace(small, roster=canonical_roster(roster), hires=(("BA", 2, 1, 0.3737), ("MA", 3, 2, 0.6263)),
                     proposals=(offer, *small.proposals[1:]), _fingerprint=[])
    return inputs, workbook.to_bytes(inputs)


@pytest.fixture(scope="module")
def upload_bytes() -> bytes:
    return district()[1]


def numbers_and_text(payload) -> tuple[list[float], list[str]]:
    """Every number and every piece of text a JSON document holds, however deep."""
    if isinstance(payload, dict):
        payload = [*payload, *payload.values()]
    if isinstance(payload, list):
        parts = [numbers_and_text(x) for x in payload]
        return [n for ns, _ in parts for n in ns], [t for _, ts in parts for t in ts]
    if isinstance(payload, bool) or payload is None:
        return [], []
    return ([float(payload)], []) if isinstance(payload, int | float) else ([], [str(payload)])


@pytest.mark.parametrize("path", [BALTIMORE, SMALL, MICRO, PERFORMANCE])
def test_a_members_copy_gives_a_member_the_pay_the_whole_workbook_gives(path):
    full = workbook.read(path)
    lane = full.baseline.step_schedule.lanes[-1]
    me = Member(years_experience=6, lane=lane, step=7, pd_hours_per_year=20, credits_per_year=3, mcs_per_year=1,
                role="mentor", top_school=True, earns_qcomp=True, apply_for_model=True)
    for offer in full.proposals:
        copy = members.read_members_copy(members.members_copy(full, offer))
        assert len(copy.roster) == 0 and copy.proposals == (offer,)
        assert copy.fingerprint != full.with_proposals((offer,)).fingerprint
        assert member_projection(copy, me).equals(member_projection(full.with_proposals((offer,)), me))


def test_the_pool_per_school_is_shared_over_the_copys_school_fte():
    full, _ = district()
    me = Member(years_experience=6, lane="BA", step=7)
    copy = members.read_members_copy(members.members_copy(full, full.proposal(OFFER)))
    frame = member_projection(copy, me)
    assert frame.equals(member_projection(full.with_proposals((full.proposal(OFFER),)), me))
    assert not frame.equals(member_projection(replace(copy, school_fte=copy.school_fte * 2, _fingerprint=[]), me))


@pytest.mark.parametrize(("change", "said"), [
    (lambda p: p.pop("rules"), "made by this workbench"),
    (lambda p: p.update(members_copy=2), "made by this workbench"),
    (lambda p: p["rules"].append(["model.pass_rate", 3.0]), "model.pass_rate"),
    (lambda p: p["rules"].append(["rating_share.effective", 1.0]), "rating_share.effective"),
    (lambda p: p["schedule"]["salaries"][0].pop(), "every step of every lane"),
    (lambda p: p["schedule"]["salaries"][0].__setitem__(0, -5), "found -5; expected a salary in dollars above 0"),
    (lambda p: p.update(school_fte=0), "average school's FTE"),
    (lambda p: p["offer"][1].append(["no.such.rule", 1]), "no.such.rule"),
])
def test_a_members_copy_is_checked_again_when_it_is_read(change, said):
    payload = _payload(SMALL)
    change(payload)
    refused = _refusal(payload)
    assert said in str(refused) and "Members' copy" in str(refused)


def _payload(path) -> dict:
    """A sample's members' copy on its first offer, as the JSON a link's server stores."""
    inputs = workbook.read(path)
    return json.loads(members.members_copy(inputs, inputs.proposals[0]))


def _refusal(payload: dict) -> InputError:
    """What reading this copy back refuses (it must refuse)."""
    with pytest.raises(InputError) as caught:
        members.read_members_copy(json.dumps(payload).encode())
    return caught.value


@pytest.mark.parametrize("salary", [10_000_000, 10_000_001])
def test_a_members_copy_takes_a_salary_of_exactly_the_most_and_refuses_a_dollar_more(salary):
    """The one salary bound (terms.as_salary) the proposals and the state policy use."""
    payload = _payload(SMALL)
    payload["schedule"]["salaries"][-1][0] = salary  # the top step of the first lane
    if salary == 10_000_000:
        read = members.read_members_copy(json.dumps(payload).encode())
        assert read.baseline.step_schedule.salaries[-1][0] == salary
    else:
        assert [str(p) for p in _refusal(payload).problems] == [
            "sheet 'Members' copy', schedule, BA step 15: found 10000001; expected a salary in dollars above 0 and "
            "at most 10,000,000"]


@pytest.mark.parametrize(("plant", "said"), [
    (lambda p: p["pathways"][2].__setitem__(0, 20_000_000), "pathways, Model interval 1: found 20000000"),
    (lambda p: [p["pathways"][1].__setitem__(k, 0) for k in (2, 3)], "pathways, Professional interval 3 (and 1 "
                                                                     "more cells): found 0"),
    (lambda p: p["schedule"]["salaries"][1].__setitem__(0, 0.0), "schedule, BA step 2: found 0.0"),
])
def test_a_members_copy_refuses_a_salary_once_in_the_salary_rules_words_naming_the_cell(plant, said):
    """Its refusal said 'a salary above 0' and 'of another shape', not the most (terms.SALARY_EXPECTED)."""
    payload = _payload(BALTIMORE)
    plant(payload)
    assert [str(p) for p in _refusal(payload).problems] == [
        f"sheet 'Members' copy', {said}; expected a salary in dollars above 0 and at most 10,000,000"]


def test_the_store_keeps_one_copy_per_content_under_a_server_token_and_expires_it(tmp_path):
    from datetime import UTC, datetime, timedelta
    store = Ledger(tmp_path / "desks.sqlite")
    small = workbook.read(SMALL)
    content = members.members_copy(small, small.proposals[0])
    token = store.publish_copy(content)
    assert store.publish_copy(content) == token and store.open_copy(token) == content
    assert store.publish_copy(members.members_copy(small, small.proposals[1])) != token
    assert store.open_copy(new_token()) is None and store.open_copy("../" + token) is None
    with pytest.raises(ValueError):
        store.publish_copy(b" " * 1_000_001)
    store.expire(datetime.now(UTC) + timedelta(days=29))
    assert store.open_copy(token) == content
    store.expire(datetime.now(UTC) + timedelta(days=31))
    assert store.open_copy(token) is None


def test_past_its_bound_the_store_lets_the_least_recently_opened_copy_go(tmp_path, monkeypatch):
    from models import ledger
    monkeypatch.setattr(ledger, "MAX_COPIES", 2)
    store = Ledger(tmp_path / "desks.sqlite")
    small = workbook.read(SMALL)
    first, second = (store.publish_copy(members.members_copy(small, p)) for p in small.proposals)
    offer = replace(small.proposals[0], name="A third offer")
    third = store.publish_copy(members.members_copy(small, offer))
    assert store.open_copy(first) is None and store.open_copy(second) and store.open_copy(third)


def publish(at, offer: str = OFFER, mine: bool = True) -> dict[str, str]:
    """Publish the members' copy from My pay's panel and return the link's query."""
    at.session_state["member_link"] = True  # the panel opened
    at.run()
    at.selectbox(key="member_link_offer").set_value(offer).run()
    if mine:
        at.checkbox(key="member_link_mine").check().run()
    assert not [c for c in at.code if "copy=" in c.value]  # no link before the copy is on the server
    next(b for b in at.button if b.key == "member_copy_publish").click().run()
    link = next(c.value for c in at.code if "copy=" in c.value)
    return {k: v[0] for k, v in parse_qs(urlsplit(link).query).items()}


def sender(upload_bytes: bytes):
    at = go(upload(open_app(), "district_2026.xlsx", upload_bytes), "my_pay.py")
    at.number_input(key="me_years").set_value(9).run()
    at.selectbox(key="me_lane").set_value("MA").run()
    at.number_input(key="me_hours").set_value(25.0).run()
    at.checkbox(key="me_top").check().run()
    return at


def test_the_stored_members_copy_holds_no_roster_value(upload_bytes):
    full = workbook.read(upload_bytes)
    query = publish(sender(upload_bytes))
    assert set(query) == {"copy", "me"} and len(query["copy"]) == 24
    with sqlite3.connect(Ledger().path) as db:  # the bytes as the server keeps them
        (content,) = db.execute("SELECT content FROM member_copies WHERE token=?", (query["copy"],)).fetchone()
    raw = content.decode()
    assert not [i for i in full.roster["employee_id"] if i in raw]
    assert not [s for s in set(full.roster["school"]) if s in raw]
    payload = json.loads(raw)
    numbers, texts = numbers_and_text(payload)
    assert not set(full.roster["salary"]) & set(numbers)  # no one's salary
    assert not {0.3737, 0.6263} & set(numbers) and "hires" not in payload  # no Hires rows
    assert set(payload) == {"members_copy", "title", "schedule", "pathways", "rules", "offer", "school_fte"}
    assert not [t for t in texts if t.startswith("rating_share.")]  # nor the roster's shares of ratings
    assert set(links.member_inputs_from_token(query["me"], full.baseline)) <= set(links.MEMBER_FIELDS)


def pay_lines(at) -> list[str]:
    """My pay's sentences for the status quo and the offer: salaries, earnings, and how the member moves."""
    return [plain(m.value) for m in at.markdown if plain(m.value).startswith(("**Status quo**:", f"**{OFFER}**:"))]


def test_the_member_link_opens_my_pay_with_the_pay_the_whole_workbook_shows(upload_bytes):
    at = sender(upload_bytes)
    query = publish(at)
    whole = pay_lines(at)
    whole_table = next(t for t in at.table if "Placement" in t.value.columns).value
    member = open_link(query)  # a fresh session, as a member opens it
    assert not member.exception and member.title[0].value == "My pay"
    assert member.selectbox(key="me_table_scenario").value == OFFER
    assert member.number_input(key="me_years").value == 9 and member.selectbox(key="me_lane").value == "MA"
    assert member.checkbox(key="me_top").value  # what the sender said of the school comes along
    assert pay_lines(member) == whole and len(whole) == 2 and "more than the status quo" in whole[1]
    assert next(t for t in member.table if "Placement" in t.value.columns).value.equals(whole_table)
    said = " ".join(plain(c.value) for c in member.sidebar.caption)
    assert f"Members' copy of {workbook.read(upload_bytes).title}, offer {OFFER}" in said
    assert fingerprint(member) != fingerprint(at)
    assert not member.sidebar.multiselect and not member.main.warning and not member.main.error
    assert dict(member.query_params) == query  # the address reopens the copy, and names no desk


def test_a_changed_offer_needs_its_copy_published_again(upload_bytes):
    at = sender(upload_bytes)
    publish(at, mine=False)
    term(go(at, "contract_terms.py"), OFFER, "lead.slots").set_value(7).run()
    go(at, "my_pay.py")
    assert not [c for c in at.code if "copy=" in c.value]


@pytest.mark.parametrize("token", [new_token(), "not-a-token", "A" * 24])
def test_an_unknown_members_copy_opens_the_app_as_usual_with_one_message(token):
    at = open_link({"copy": token})
    assert not at.exception and at.title[0].value == "Bargaining table"
    assert [plain(w.value) for w in at.main.warning] == [plain(at.session_state["load_problems"][0])]
    assert "no members' copy" in plain(at.main.warning[0].value)
    assert "copy" not in at.query_params


def test_a_member_link_with_inputs_out_of_bounds_opens_the_copy_without_them_and_says_why(upload_bytes):
    query = publish(sender(upload_bytes), mine=False)
    member = open_link({**query, "me": links.member_inputs_token({"years_experience": 400, "lane": "MA"})})
    assert not member.exception and member.title[0].value == "My pay"
    assert [w.value for w in member.main.warning if "from 0 to 50" in plain(w.value)]
    assert member.number_input(key="me_years").value == 5  # My pay's own first value, not the link's
    assert "me" not in member.query_params


@pytest.mark.parametrize("page", ["budget.py", "workbook.py", "ledger.py"])
def test_a_members_copy_opens_my_pay_only_and_says_so_on_another_pages_address(upload_bytes, page):
    member = go(open_link(publish(sender(upload_bytes), mine=False)), page)
    assert not member.exception and member.title[0].value == "My pay"
    assert [i.value for i in member.main.info] == [next(i.value for i in member.main.info if "My pay only" in i.value)]
    assert not member.sidebar.file_uploader and not member.sidebar.download_button  # no workbook to open or take
    assert not [box for box in member.sidebar.expander if box.label.startswith("Workbook")]  # nor a panel for it


def test_a_members_copy_link_carries_the_role_and_school_inputs_checked_against_the_copy():
    """The copy holds the offer that pays mentors: the link's role is checked against it, and the member sees the
    pay the whole workbook gives a mentor at a hard-to-serve school who expects Q Comp."""
    at = go(upload(open_app(), "performance_2026.xlsx", PERFORMANCE.read_bytes()), "my_pay.py")
    at.selectbox(key="me_role").set_value("mentor").run()
    for key in ("me_qcomp", "me_hard_school", "me_hard_subject"):
        at.checkbox(key=key).check().run()
    query = publish(at, "TAP-style bonus")
    with pytest.raises(InputError) as caught:  # the workbook's own rules pay no mentor: the copy's offer does
        links.member_inputs_from_token(query["me"], workbook.read(PERFORMANCE).baseline)
    assert "member role" in str(caught.value)
    whole = pay_lines_of(at, "TAP-style bonus")
    member = open_link(query)
    assert not member.exception and not member.main.warning and member.title[0].value == "My pay"
    assert member.selectbox(key="me_role").value == "mentor" and member.checkbox(key="me_hard_subject").value
    assert member.checkbox(key="me_qcomp").value and member.checkbox(key="me_hard_school").value
    assert pay_lines_of(member, "TAP-style bonus") == whole and len(whole) == 2


def pay_lines_of(at, offer: str) -> list[str]:
    return [plain(m.value) for m in at.markdown if plain(m.value).startswith(("**Status quo**:", f"**{offer}**:"))]
