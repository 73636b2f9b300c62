"""The joint table in the real app (AppTest): two sides and a projector, drafts, tabling, a leaked link."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.test_app import ENTRY, by_key, fingerprint, go, plain, term

RAISE = "all_pct|pathway_salary"


def seated(token: str) -> AppTest:
    at = AppTest.from_file(ENTRY, default_timeout=180)
    at.query_params["table"] = token
    at.run()
    return go(at, "joint_table.py")


def opened() -> tuple[AppTest, dict[str, str]]:
    at = AppTest.from_file(ENTRY, default_timeout=180).run()
    go(at, "joint_table.py")
    next(b for b in at.button if b.label == "Open a joint table").click().run()
    return at, at.session_state["joint_opened"].tokens


def ledger(at: AppTest) -> list[tuple[str, int, str]]:
    frame = next(t.value for t in at.table if "tabled by" in t.value.columns).reset_index()
    return list(frame[["proposal", "version", "tabled by"]].itertuples(index=False, name=None))


def draft_a_model_raise(at: AppTest) -> None:
    go(at, "contract_terms.py")
    by_key(at.selectbox, "all_group|pathway_salary").set_value("Model")
    by_key(at.number_input, RAISE).set_value(10.0)
    by_key(at.button, "all_apply|pathway_salary").click().run()
    go(at, "joint_table.py")


def test_a_draft_stays_in_caucus_until_tabled_and_then_every_screen_has_it():
    district, tokens = opened()
    assert not district.exception
    assert ledger(district) == [("District offer", 1, "in the workbook"), ("Union offer", 1, "in the workbook")]
    union, projector = seated(tokens["union"]), seated(tokens["view"])
    assert "Union" in union.markdown[0].value and "Projector" in projector.markdown[0].value

    draft_a_model_raise(district)
    assert [s.value for s in district.subheader][0] == "Our caucus drafts"
    assert any("District offer" in m.value and "changes to the tabled version" in m.value for m in district.markdown)
    union.run()
    projector.run()
    assert len(ledger(union)) == 2 and len(ledger(projector)) == 2  # nothing tabled yet
    assert union.session_state["proposals"][0] == district.session_state["loaded"].proposals[0]

    by_key(district.button, "table|District offer").click().run()
    assert not district.exception
    expected = ("District offer", 2, "District")
    assert ledger(district)[-1] == expected
    union.run()
    projector.run()
    assert ledger(union)[-1] == expected and ledger(projector)[-1] == expected
    tabled = district.session_state["proposals"][0]
    assert union.session_state["proposals"][0] == tabled == projector.session_state["proposals"][0]
    assert fingerprint(district) == fingerprint(union) == fingerprint(projector)


def test_a_leaked_side_link_is_replaced_and_the_old_one_stops():
    district, tokens = opened()
    union = seated(tokens["union"])
    next(b for b in union.button if b.label.startswith("Our link leaked")).click().run()
    assert union.query_params["table"] != [tokens["union"]]
    stale = seated(tokens["union"])
    assert any("does not open a table" in w.value for w in stale.sidebar.warning)
    assert stale.title[0].value == "Joint table" and any(b.label == "Open a joint table" for b in stale.button)


def test_the_projector_joins_by_code_and_has_nothing_to_table():
    district, _ = opened()
    code = district.session_state["joint_seat"].code
    screen = AppTest.from_file(ENTRY, default_timeout=180).run()
    go(screen, "joint_table.py")
    screen.text_input(key="joint_code").set_value(code.lower())
    next(b for b in screen.button if b.label == "Join").click().run()
    assert screen.session_state["joint_seat"].role == "view"
    assert not [b for b in screen.button if b.key and b.key.startswith("table|")]
    assert "Our caucus drafts" not in [s.value for s in screen.subheader]


def test_hostile_names_in_the_table_store_are_left_out_in_words_and_shown_as_text():
    """Offers written into the joint store behind the app's back: each name passes the one check on the way in."""
    from models.joint import JointStore
    from models.ledger import store_path
    from tests.test_joint import LINK, STORED, _behind_the_apps_back
    _, tokens = opened()
    store = JointStore(store_path())
    union = store.seat(tokens["union"])
    _behind_the_apps_back(store, union, [(n, w) for n, w in STORED if w == "tabled"]
                          + [("Status quo\u2060", "draft"), ("Fine", "draft")])
    screen = seated(tokens["union"])
    assert not screen.exception, [e.message for e in screen.exception]
    assert [p.name for p in screen.session_state["proposals"]] == ["District offer", "Union offer", LINK, "Fine"]
    warning = next(w.value for w in screen.sidebar.warning)
    assert warning.startswith("Left out") and len(warning) < 3_000
    names = list(next(t.value for t in screen.table if "tabled by" in t.value.columns).index)
    shown = next(n for n in names if "Sign in again" in n)
    assert shown.startswith("\\[Sign in again\\]\\(") and plain(shown).replace("\u2060", "") == LINK  # no live link
    long = next(n for n in names if n.startswith("xxx"))
    assert len(long) < 100 and "1,000,000 characters" in long  # not a million characters to every screen
    assert all(len(option) < 200 for option in screen.selectbox(key="joint_from").options)
    for page in ("bargaining_table.py", "contract_terms.py", "risk.py", "ledger.py"):
        assert not go(screen, page).exception, page


def test_at_twenty_tabled_offers_a_new_one_cannot_be_tabled_and_says_why_and_a_new_version_can():
    """The write refuses a 21st offer (models.joint.table_full, checked inside it); the screen disables the
    button with the reason rather than offering it and answering with a problem in the sidebar."""
    from models.joint import JointStore
    from models.ledger import store_path
    from models.terms import MAX_PROPOSALS, Proposal
    district, tokens = opened()
    store = JointStore(store_path())
    base = district.session_state["loaded"].baseline
    for k in range(MAX_PROPOSALS - 2):  # and the workbook's two
        store.table_offer(store.seat(tokens["district"]), Proposal(f"Offer {k}", (("lead.slots", 11 + k),)), "X",
                          base)
    union = go(seated(tokens["union"]), "contract_terms.py")
    union.selectbox(key="editing").set_value("Union offer").run()
    union.text_input(key="proposal_name").set_value("Union counter")
    next(b for b in union.button if b.label == "Rename").click().run()
    union.selectbox(key="editing").set_value("Offer 0").run()
    term(union, "Offer 0", "lead.slots").set_value(40).run()
    go(union, "joint_table.py")
    assert not union.exception
    new, version = by_key(union.button, "table|Union counter"), by_key(union.button, "table|Offer 0")
    assert new.disabled and not version.disabled
    assert [c.value for c in union.caption if c.value.startswith("Cannot be tabled")] == [
        f"Cannot be tabled: the table already holds {MAX_PROPOSALS} offers (at most {MAX_PROPOSALS} at one "
        "table); table a new version of one of them instead."]
    version.click().run()
    assert not union.exception and ("Offer 0", 2, "Union") in ledger(union)
