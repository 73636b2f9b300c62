"""The real Streamlit app, run by AppTest: every page, every sample, and the main interactions."""

import re
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs
from streamlit.testing.v1 import AppTest

from models import parameters, workbook
from models.terms import Proposal
from tests.conftest import BALTIMORE, PERFORMANCE, ROOT, SMALL

ENTRY = str(Path(__file__).resolve().parent / "app_entry.py")
PAGES = ["bargaining_table.py", "contract_terms.py", "my_pay.py", "budget.py", "workbook.py", "workshop.py",
         "risk.py", "ledger.py", "state.py", "joint_table.py"]


def open_app() -> AppTest:
    return AppTest.from_file(ENTRY, default_timeout=180).run()


def go(at: AppTest, page: str) -> AppTest:
    return at.switch_page(str(ROOT / "pages" / page)).run()


def by_key(elements, part: str):
    """The widget whose key holds `part` (keys carry a version that changes when grids redraw)."""
    return next(e for e in elements if e.key and part in e.key)


def open_table(at: AppTest, name: str) -> AppTest:
    """Open the table under a chart, as a click does (a chart's table is drawn when opened)."""
    at.session_state[f"table|{name}"] = True
    return at.run()


def open_tab(at: AppTest, tab: str) -> None:
    if at.session_state["terms_tab"] != tab:
        at.session_state["terms_tab"] = tab
        at.run()


def term(at: AppTest, proposal: str, key: str):
    """The input for one term of a proposal on Contract terms, opening its tab as a click would."""
    open_tab(at, parameters.find(key, parameters.Context(lanes=("x",)))[0].tab)  # the tab the registry puts it on
    return by_key(at.number_input, f"|{proposal}|{key}")


def metric(at: AppTest, label: str, column: int) -> float:
    """A metric's value in dollars, from the column of the scenario (0 = status quo)."""
    values = [m.value for m in at.metric if m.label == label]
    text = values[column].replace("$", "").replace(",", "")
    scale = 1e6 if text.endswith("M") else 1e3 if text.endswith("K") else 1
    return float(text.rstrip("MK")) * scale


def plain(shown: str) -> str:
    """Text as the browser shows it: user and workbook text reaches Markdown with its punctuation escaped."""
    return re.sub(r"\\(.)", r"\1", shown)


def fingerprint(at: AppTest) -> str:
    """The fingerprint as the sidebar shows it."""
    shown = " ".join(m.value for m in at.sidebar.markdown)
    return re.search(r"\b[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}\b", shown).group(0)


def test_opens_on_the_baltimore_sample(baltimore):
    at = open_app()
    assert not at.exception
    assert fingerprint(at) == baltimore.fingerprint
    assert at.title[0].value == "Bargaining table"
    assert [plain(s.value) for s in at.subheader][:3] == ["Status quo", "District offer", "Union offer"]


@pytest.mark.parametrize("sample", ["Baltimore-scale district, 2010", "Small district, 350 teachers",
                                    "Micro-credential district, 1,200 teachers",
                                    "Performance-pay district, 2,500 teachers"])
def test_every_page_runs_on_every_sample(sample):
    at = open_app()
    open_sample(at, sample)
    assert not at.exception
    for page in PAGES:
        go(at, page)
        assert not at.exception, (page, [e.message for e in at.exception])
        assert at.title[0].value


def test_model_raise_in_contract_terms_raises_the_cost_on_the_table():
    at = open_app()
    before = metric(at, "Cost over the horizon", 1)
    go(at, "contract_terms.py")
    by_key(at.selectbox, "all_group|pathway_salary").set_value("Model")
    by_key(at.number_input, "all_pct|pathway_salary").set_value(10.0)
    by_key(at.button, "all_apply|pathway_salary").click().run()
    assert not at.exception and not at.error
    assert any("Model interval 1: $78,000 -> $85,800" in plain(m.value) for m in at.markdown)
    go(at, "bargaining_table.py")
    assert metric(at, "Cost over the horizon", 1) > before
    assert metric(at, "Cost over the horizon", 0) == pytest.approx(metric(at, "Cost over the horizon", 0))


def test_invalid_entry_is_refused_and_the_old_value_kept():
    at = open_app()
    go(at, "contract_terms.py")
    old = fingerprint(at)
    term(at, "District offer", "au.per_interval").set_value(-3).run()
    refused = [plain(e.value) for e in at.error if "Not applied" in plain(e.value)]
    assert refused and all("AUs per interval" in e and "au.per_interval" not in e for e in refused), refused
    assert term(at, "District offer", "au.per_interval").value == 12
    assert fingerprint(at) == old
    open_tab(at, "Salaries")
    by_key(at.number_input, "one_amount|pathway_salary").set_value(-5000.0)
    by_key(at.button, "one_apply|pathway_salary").click().run()
    assert any("salary" in plain(e.value) for e in at.error) and fingerprint(at) == old
    term(at, "District offer", "au.per_interval").set_value(10).run()
    assert not at.error and fingerprint(at) != old


def test_proposals_are_created_renamed_duplicated_and_deleted():
    at = open_app()
    go(at, "contract_terms.py")
    at.text_input(key="proposal_name").set_value("Mediator's idea")
    at.button[0].click().run()  # New proposal
    assert "Mediator's idea" in at.sidebar.multiselect(key="compare").value
    at.text_input(key="proposal_name").set_value("Joint draft")
    next(b for b in at.button if b.label == "Rename").click().run()
    assert at.selectbox(key="editing").value == "Joint draft"
    next(b for b in at.button if b.label == "Duplicate").click().run()
    assert "Joint draft (copy)" in at.selectbox(key="editing").options
    next(b for b in at.button if b.label == "Delete").click().run()
    assert "Joint draft (copy)" not in at.selectbox(key="editing").options
    at.text_input(key="proposal_name").set_value("Status quo")
    next(b for b in at.button if b.label == "New proposal").click().run()
    assert any("cannot be used" in plain(e.value) for e in at.error)


def menu(at: AppTest, panel: str) -> AppTest:
    """The app with a sidebar panel opened, as a click on it does ("workbook_menu", "desk_menu"): their controls
    are drawn only while open."""
    if not (panel in at.session_state and at.session_state[panel]):
        at.session_state[panel] = True
        at.run()
    return at


def open_sample(at: AppTest, label: str) -> AppTest:
    return menu(at, "workbook_menu").sidebar.selectbox(key="sample_choice").set_value(label).run()


def upload(at: AppTest, name: str, content: bytes) -> AppTest:
    chooser = next(u for u in menu(at, "workbook_menu").sidebar.file_uploader if u.key.startswith("upload|"))
    return chooser.set_value((name, content, "application/octet-stream")).run()


def test_uploading_a_sample_loads_it_and_a_broken_file_keeps_the_last_good(small):
    at = upload(open_app(), "small.xlsx", SMALL.read_bytes())
    assert not at.exception and fingerprint(at) == small.fingerprint
    upload(at, "broken.xlsx", b"not a workbook")
    assert fingerprint(at) == small.fingerprint
    notice = [plain(e.value) for e in at.main.error]
    assert any(n.startswith("Still using small.xlsx: 1 problem in the new file broken.xlsx") for n in notice), notice
    assert any("(file)" in t.value for t in at.main.text)  # the problem itself, in the main area
    chooser = next(u for u in at.sidebar.file_uploader if u.key.startswith("upload|"))
    assert chooser.key != "upload|0" and not chooser.value  # the refused file does not look loaded


def test_the_upload_panel_starts_with_the_summary_and_says_a_cause_once(small):
    from tests.test_published_schedules import book
    at = upload(open_app(), "small.xlsx", SMALL.read_bytes())
    bad = book([("step", "BA", "BA"), (1, 40000, 45000)], [("A", 1.0, 0, "BA", 1, None)], {"crosswalk.BA": "Standard"})
    upload(at, "mine.xlsx", bad)
    notice = plain(at.main.error[0].value)
    assert notice.startswith("Still using small.xlsx: 1 problem in the new file mine.xlsx"), notice
    shown = next(t.value for t in at.main.text).splitlines()  # in the main area, where people look
    assert shown[0] == "The workbook has 1 problem in 1 sheet (StepSchedule); fix the StepSchedule header first."
    assert len(shown) == 2 and "BA is named twice" in shown[1]
    assert fingerprint(at) == small.fingerprint  # what was loaded stays


def test_a_published_schedule_shows_its_labels_on_every_page():
    from tests.test_published_schedules import PUBLISHED, TEACHERS, book
    data = book(PUBLISHED, TEACHERS)
    at = upload(open_app(), "published.xlsx", data)
    assert not at.exception and fingerprint(at) == workbook.read(data).fingerprint
    go(at, "workbook.py")
    assert not at.exception
    assert list(at.dataframe[-1].value.index) == ["3", "3A", "4", "50", "55"] or any(
        list(d.value.index) == ["3", "3A", "4", "50", "55"] for d in at.dataframe)
    go(at, "my_pay.py")
    assert not at.exception and at.selectbox(key="me_step").options == ["3", "3A", "4", "50"]  # MA ends at 50
    at.selectbox(key="me_step").set_value(2).run()  # 3A, the half step
    assert not at.exception
    go(at, "contract_terms.py")
    assert not at.exception


def test_export_then_import_gives_the_same_fingerprint():
    at = open_app()
    go(at, "contract_terms.py")
    term(at, "District offer", "lead.slots").set_value(25).run()
    shown = fingerprint(at)
    exported = _export(at)
    assert workbook.read(exported).fingerprint == shown
    assert {"Results", "Results_growth"} <= set(__import__("openpyxl").load_workbook(
        __import__("io").BytesIO(exported), read_only=True).sheetnames)
    assert fingerprint(upload(open_app(), "exported.xlsx", exported)) == shown


def _export(at: AppTest) -> bytes:
    """What the sidebar's download button serves (ui.data.export_bytes) for the inputs on screen."""
    from ui import data
    inputs = at.session_state["loaded"].with_proposals(tuple(at.session_state["proposals"]))
    return data.export_bytes(inputs.fingerprint, inputs)


def test_my_pay_rewards_a_highly_effective_expectation():
    at = open_app()
    go(at, "my_pay.py")
    at.number_input(key="me_years").set_value(4)
    at.selectbox(key="me_lane").set_value("MA")
    at.number_input(key="me_step").set_value(5)
    at.number_input(key="me_credits").set_value(3.0)
    open_table(at, "your pay by year")
    finals = {}
    for rating in ("highly_effective", "developing"):
        at.selectbox(key="me_rating").set_value(rating).run()
        assert not at.exception
        table = next(d.value for d in at.dataframe if "Salary" in d.value.columns and "Scenario" in d.value.columns)
        finals[rating] = table[(table["Scenario"] == "Union offer") & (table["Year"] == 2020)]["Salary"].item()
    assert finals["highly_effective"] > finals["developing"]
    assert any("Union offer" in m.value and "status quo" in plain(m.value) for m in at.markdown)


def test_workbook_page_shows_sources_and_horizon_changes_the_projection(baltimore):
    at = open_app()
    go(at, "workbook.py")
    table = next(d.value for d in at.dataframe if "source" in d.value.columns)
    assert "https://" in " ".join(table["source"])  # a publication with its address
    at.sidebar.slider(key="horizon").set_value(5).run()
    assert fingerprint(at) != baltimore.fingerprint
    go(at, "budget.py")
    assert not at.exception
    assert BALTIMORE.exists()


def test_workbook_page_sets_baltimore_against_the_published_record():
    at = open_app()
    go(at, "workbook.py")
    assert "Against the published record" in [s.value for s in at.subheader]
    facts = next(d.value for d in at.dataframe if "published" in d.value.columns).set_index("fact")
    assert facts.loc["First Model cohort (2011-12): applied", "published"] == "341"
    applied = int(facts.loc["First Model cohort (2011-12): applied", "this workbook"].split()[0].replace(",", ""))
    assert abs(applied - 341) <= 15
    assert all(a.startswith("http") for a in facts["address"])
    placement = next(d.value for d in at.dataframe if "who" in d.value.columns).set_index("who")
    # Hires are placed like recent hires: BA on Standard, the rest on Professional.
    assert placement.loc["year-1 hires", "Standard"].startswith("44%")
    assert placement.loc["converted staff", "Professional"].startswith("69%")
    open_sample(at, "Small district, 350 teachers")
    go(at, "workbook.py")
    assert "Against the published record" not in [s.value for s in at.subheader]


def open_link(query: dict) -> AppTest:
    at = AppTest.from_file(ENTRY, default_timeout=180)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def test_the_address_is_a_link_that_reopens_the_same_view():
    at = open_app()
    open_sample(at, "Small district, 350 teachers")
    go(at, "contract_terms.py")
    term(at, "Pathways proposal", "lead.slots").set_value(7).run()
    at.sidebar.multiselect(key="compare").set_value(["Pathways proposal"]).run()
    at.sidebar.toggle(key="presenter").set_value(True).run()
    shown, query = fingerprint(at), dict(at.query_params)
    assert query["sample"] == "small_district" and query["presenter"] == "1" and "edits" in query
    again = open_link(query)
    assert not again.exception and not again.sidebar.error
    assert fingerprint(again) == shown
    assert again.sidebar.multiselect(key="compare").value == ["Pathways proposal"]
    assert again.sidebar.toggle(key="presenter").value is True


def test_a_damaged_link_says_so_and_opens_the_workbook_as_tabled(small):
    at = open_link({"sample": "small_district", "edits": "not-a-token"})
    assert not at.exception and fingerprint(at) == small.fingerprint
    assert any("Link" in plain(w.value) and "edits" in plain(w.value) for w in at.main.warning)  # where people look


def test_presenter_mode_enlarges_type_and_keeps_across_pages():
    at = open_app()
    assert not any("font-size: 21px" in h.proto.body for h in at.get("html"))
    at.sidebar.toggle(key="presenter").set_value(True).run()
    assert any("font-size: 21px" in h.proto.body for h in at.get("html"))
    go(at, "budget.py")
    assert at.sidebar.toggle(key="presenter").value is True
    assert any("font-size: 21px" in h.proto.body for h in at.get("html"))


def test_workshop_goal_is_checked_live_and_met_by_editing_the_proposal():
    at = go(open_app(), "workshop.py")
    at.selectbox(key="exercise").set_value("fit_district").run()
    assert not at.exception
    status = [plain(m.value) for m in at.markdown if "now" in m.value]
    assert len(status) == 2 and all(":material/pending:" in s for s in status)
    go(at, "contract_terms.py")
    by_key(at.selectbox, "all_group|pathway_salary").set_value("Model")
    by_key(at.number_input, "all_pct|pathway_salary").set_value(9.0)
    by_key(at.button, "all_apply|pathway_salary").click().run()
    term(at, "District offer", "conversion.stipend").set_value(0.0).run()
    assert not at.error
    go(at, "workshop.py")
    assert [s.value for s in at.success] and "Goal met" in at.success[0].value
    next(b for b in at.button if b.label.startswith("Reset")).click().run()
    assert not at.success


def test_workshop_opens_the_exercise_sample_only_when_confirmed_and_keeps_the_earlier_desk(small, baltimore):
    at = go(open_app(), "workshop.py")
    earlier = at.query_params["desk"]
    at.selectbox(key="exercise").set_value("three_percent").run()
    assert any("replaces Baltimore-scale district, 2010" in plain(w.value) for w in at.warning)
    opener = next(b for b in at.button if b.label.startswith("Open the sample"))
    assert opener.disabled  # nothing is replaced without the confirmation
    at.checkbox(key="exercise_replace_sure").check().run()
    next(b for b in at.button if b.label.startswith("Open the sample")).click().run()
    assert not at.exception and fingerprint(at) == small.fingerprint
    assert any("3.0%" in m.value and "now" in plain(m.value) for m in at.markdown)
    assert at.query_params["desk"] != earlier and any(f"desk={earlier}" in c.value for c in at.caption)
    assert fingerprint(open_link({"desk": earlier})) == baltimore.fingerprint  # the earlier desk, as it was


def test_the_chosen_exercise_survives_a_page_change_and_travels_in_the_link():
    at = go(open_app(), "workshop.py")
    at.selectbox(key="exercise").set_value("three_percent").run()
    go(go(at, "budget.py"), "workshop.py")
    assert at.selectbox(key="exercise").value == "three_percent"
    assert at.query_params["exercise"] == "three_percent"
    again = go(open_link({"exercise": "three_percent"}), "workshop.py")
    assert again.selectbox(key="exercise").value == "three_percent"


def test_every_hint_names_a_label_that_is_on_the_page_it_names():
    from models import workshop
    files = {"Bargaining table": "bargaining_table.py", "Budget": "budget.py", "Contract terms": "contract_terms.py"}
    named = [(m["page"], m["label"]) for e in workshop.EXERCISES for h in e.hints
             for m in re.finditer(r"\((?P<page>[A-Z][a-z ]+), '(?P<label>[^']+)'", h)]
    assert named
    at = open_app()
    for page, label in named:
        go(at, files[page])
        text = " ".join(str(getattr(e, "value", "")) + str(getattr(e, "label", "")) + str(getattr(e, "proto", ""))
                        for e in at.main)
        assert label in text, (page, label)


def test_a_reload_brings_the_desk_back_and_the_ledger_records_each_side():
    at = open_app()
    go(at, "contract_terms.py")
    menu(at, "desk_menu").sidebar.selectbox(key="side").set_value("union").run()
    term(at, "District offer", "lead.slots").set_value(33).run()
    shown, token = fingerprint(at), at.query_params["desk"]
    again = open_link({"desk": token})  # a new browser session on the same address
    assert not again.exception and fingerprint(again) == shown
    assert menu(again, "desk_menu").sidebar.selectbox(key="side").value == "union"
    go(again, "ledger.py")
    table = next(d.value for d in again.dataframe if "side" in d.value.columns)
    saved = set(zip(table["proposal"], table["version"], table["side"], strict=True))
    # as tabled (whoever's desk it is), then edited by the union
    assert {("District offer", 1, "tabled in the workbook"), ("District offer", 2, "union")} <= saved
    again.selectbox(key="ledger_reopen").set_value("District offer v1").run()
    next(b for b in again.button if b.label.startswith("Reopen")).click().run()
    assert "District offer (v1)" in again.sidebar.multiselect(key="compare").value
    assert any("Lead" in m.value and "33" in m.value for m in again.markdown)  # v1 -> v2 in words


def test_undo_puts_back_the_last_change(baltimore):
    at = go(open_app(), "contract_terms.py")
    undo = next(b for b in at.button if b.label == "Undo last change")
    assert undo.disabled
    term(at, "District offer", "lead.slots").set_value(40).run()
    term(at, "District offer", "au.per_interval").set_value(10).run()
    assert fingerprint(at) != baltimore.fingerprint
    next(b for b in at.button if b.label == "Undo last change").click().run()
    assert term(at, "District offer", "au.per_interval").value == 12
    assert term(at, "District offer", "lead.slots").value == 40
    next(b for b in at.button if b.label == "Undo last change").click().run()
    assert fingerprint(at) == baltimore.fingerprint


def test_the_sidebar_panels_are_drawn_when_opened_and_keep_their_choices_while_shut():
    """A new session's first view sends neither the uploader nor the desk's controls (they wait in shut panels);
    what was chosen in the desk panel stays when it is shut, and the desk saves it."""
    at = go(open_app(), "contract_terms.py")
    assert not at.sidebar.file_uploader and not [w for w in at.sidebar.selectbox if w.key == "side"]
    assert menu(at, "workbook_menu").sidebar.file_uploader
    menu(at, "desk_menu").sidebar.selectbox(key="side").set_value("union").run()
    at.sidebar.toggle(key="share_upload").set_value(True).run()
    at.session_state["desk_menu"] = False
    at.run()
    term(at, "District offer", "lead.slots").set_value(33).run()  # saved while the panel is shut
    assert not [w for w in at.sidebar.toggle if w.key == "share_upload"]
    assert at.session_state["side"] == "union" and at.session_state["share_upload"] is True
    again = menu(open_link({"desk": at.query_params["desk"]}), "desk_menu")
    assert again.sidebar.selectbox(key="side").value == "union"


def test_forgetting_a_desk_deletes_it(baltimore):
    at = go(open_app(), "contract_terms.py")
    term(at, "District offer", "lead.slots").set_value(44).run()
    token = at.query_params["desk"]
    menu(at, "desk_menu").sidebar.checkbox(key="forget_sure").check().run()
    next(b for b in at.sidebar.button if b.label == "Forget this desk").click().run()
    assert at.query_params["desk"] != token and any("Deleted" in s.value for s in at.sidebar.success)
    assert fingerprint(open_link({"desk": token})) == baltimore.fingerprint


def test_risk_page_fits_a_proposal_to_the_budget_and_adds_it():
    at = go(open_app(), "risk.py")
    assert not at.exception
    chance = "**Chance of going over budget in some year**"
    assert chance in [m.value for m in at.markdown] and "District offer" in [m.label for m in at.metric]
    at.toggle(key="risk_ranges").set_value(True).run()
    assert not at.exception and chance in [m.value for m in at.markdown]
    at.session_state["risk_tab"] = "Fit to budget"  # as a click on the tab would
    at.run()
    at.selectbox(key="fit_lever").set_value("grid")
    at.radio(key="fit_target").set_value("budget")
    next(b for b in at.button if b.label == "Find the value").click().run()
    assert not at.exception and at.success, [w.value for w in at.warning]
    next(b for b in at.button if b.label == "Add as a new proposal").click().run()
    assert "District offer (fit to budget)" in at.sidebar.multiselect(key="compare").value
    go(at, "bargaining_table.py")
    column = [plain(s.value) for s in at.subheader].index("District offer (fit to budget)")
    over = [m for m in at.metric if m.label == "Worst year vs budget"][column]
    assert over.value.startswith("-$") or over.value == "$0"


def test_budget_page_shows_each_pay_component_on_its_own_line():
    at = open_app()
    open_sample(at, "Performance-pay district, 2,500 teachers")
    go(at, "budget.py")
    assert not at.exception and "Cost by pay component" in [plain(s.value) for s in at.subheader]
    at.selectbox(key="components_scenario").set_value("TAP-style bonus").run()
    shown = " | ".join(plain(str(i)) for df in at.table for i in df.value.index)  # the breakdown: years across
    for label in ("Schedule salary", "Bonus: observed skills", "Bonus: classroom value-added", "Bonus: school-wide",
                  "Role stipends", "Roll-up"):
        assert label in shown, label


def test_my_pay_gives_a_members_component_pay():
    at = open_app()
    open_sample(at, "Performance-pay district, 2,500 teachers")
    go(at, "my_pay.py")
    at.selectbox(key="me_role").set_value("master").run()
    at.checkbox(key="me_hard_school").check().run()
    assert not at.exception
    assert "Your pay from each component" in [plain(s.value) for s in at.subheader]
    shown = " | ".join(str(i) for df in at.dataframe for i in df.value.index)
    assert "Role stipends" in shown and "Market incentives" in shown


def test_pay_components_are_edited_in_contract_terms():
    at = open_app()
    open_sample(at, "Micro-credential district, 1,200 teachers")
    go(at, "contract_terms.py")
    editing = at.selectbox(key="editing").value
    old = fingerprint(at)
    term(at, editing, "mc.stipend").set_value(750.0).run()
    assert not at.exception and not at.error and fingerprint(at) != old
    assert any("750" in plain(m.value) for m in at.markdown)  # listed among the changes, in words
    term(at, editing, "mc.outside_share").set_value(140.0).run()
    assert any("Not applied" in plain(e.value) for e in at.error)


# --- a hostile link or neighbour (issue 14) -------------------------------------------------------------
def test_an_address_with_a_planted_desk_token_opens_a_fresh_desk(baltimore):
    planted = "attacker-chosen-0001"
    at = open_link({"desk": planted, "sample": "baltimore_2010"})
    go(at, "contract_terms.py")
    term(at, "District offer", "lead.slots").set_value(30).run()
    assert not at.exception and at.session_state["desk"] != planted and at.query_params["desk"] != planted
    assert desk_store().open(planted) is None  # nothing saved under the planted name
    assert desk_store().open(at.session_state["desk"]) is not None


def desk_store():
    from models.ledger import Ledger, store_path
    return Ledger(store_path())


def test_a_desk_address_opened_in_another_browser_does_not_reveal_its_upload(small):
    from models.ledger import holder_digest, new_token
    token, upload = new_token(), SMALL.read_bytes()  # as if another browser uploaded the small district
    desk_store().save(token, "district_roster.xlsx", upload, {}, list(small.proposals), "union",
                      holder=holder_digest(new_token()))
    at = open_link({"desk": token})
    assert not at.exception and fingerprint(at) != small.fingerprint
    assert at.session_state["desk"] != token and at.session_state["source"] != "district_roster.xlsx"
    assert any("another browser" in plain(w.value) for w in at.main.warning)  # said where people look
    desk_store().share_upload(token, True)  # its holder shares it: now the address opens the upload
    shared = open_link({"desk": token})
    assert fingerprint(shared) == small.fingerprint and shared.session_state["desk"] != token


def test_recent_desks_of_this_browser_reopen_from_the_sidebar_and_no_one_elses_are_listed(small, baltimore):
    from models.ledger import holder_digest, new_token
    at = open_app()
    at.sidebar.slider(key="horizon").set_value(7).run()  # desk A: the Baltimore sample over 7 years, saved
    earlier = at.session_state["desk"]
    theirs = new_token()  # another browser's desk, in the same store
    desk_store().save(theirs, "their_roster.xlsx", SMALL.read_bytes(), {}, [], "union",
                      holder=holder_digest(new_token()))
    go(at, "workshop.py")
    at.selectbox(key="exercise").set_value("three_percent").run()
    at.checkbox(key="exercise_replace_sure").check().run()
    next(b for b in at.button if b.label.startswith("Open the sample")).click().run()  # desk B: the small sample
    assert fingerprint(at) == small.fingerprint and at.session_state["desk"] != earlier
    listed = [b for b in at.sidebar.button if b.key and b.key.startswith("reopen_desk|")]
    assert [plain(b.label).split(":")[0] for b in listed] == ["Baltimore-scale district, 2010"]
    assert not any("their_roster" in b.label for b in at.sidebar.button)
    listed[0].click().run()
    assert not at.exception and at.session_state["desk"] == earlier and at.query_params["desk"] == earlier
    assert at.session_state["source"] == "Baltimore-scale district, 2010" and at.session_state["horizon"] == 7
    again = [plain(b.label) for b in at.sidebar.button if b.key and b.key.startswith("reopen_desk|")]
    assert [label.split(":")[0] for label in again] == ["Small district, 350 teachers"]  # B kept at its address
    assert desk_store().open(theirs).holder != holder_digest(at.session_state["holder"])


@pytest.mark.parametrize("years", ["²", "٣", "99999999999999999999", "-3"])
def test_odd_years_in_a_link_open_the_default_horizon(years, baltimore):
    at = open_link({"years": years})
    assert not at.exception and fingerprint(at) == baltimore.fingerprint


@pytest.mark.parametrize("name", ["Status quo", "status\u200b quo", " Status  Quo\u2060", "", "\u200b",
                                  "x" * 1_000_000, "Union offer", "union OFFER"])
def test_a_name_that_would_break_the_pages_is_refused_in_the_editor(name):
    at = go(open_app(), "contract_terms.py")
    at.text_input(key="proposal_name").set_value(name).run()
    next(b for b in at.button if b.label == "New proposal").click().run()
    assert not at.exception and [p.name for p in at.session_state["proposals"]] == ["District offer", "Union offer"]
    assert at.error and len(at.error[0].value) < 400
    rename = next(b for b in at.button if b.label == "Rename")
    at.text_input(key="proposal_name").set_value(name).run()
    rename.click().run()
    assert [p.name for p in at.session_state["proposals"]] == ["District offer", "Union offer"]
    for page in PAGES:
        assert not go(at, page).exception, page


def test_a_link_with_a_status_quo_or_twin_proposal_is_refused_and_the_pages_run(baltimore):
    from models import links
    token = links.edits_token((), [Proposal("Status\u200b quo", ()), Proposal("A", ()), Proposal("a", ())])
    at = open_link({"sample": "baltimore_2010", "edits": token})
    assert not at.exception and fingerprint(at) == baltimore.fingerprint
    assert any("Status" in plain(w.value) for w in at.main.warning)  # said where people look
    for page in PAGES:
        assert not go(at, page).exception, page


def shown_markdown(at: AppTest) -> list[str]:
    """Every piece of text the page hands to Streamlit's Markdown: bodies, headings, messages, labels, and the
    cells of plain tables (st.table reads Markdown in a cell)."""
    texts = [e.value for kind in ("markdown", "subheader", "caption", "error", "warning", "info", "success", "title")
             for e in getattr(at, kind)] + [e.value for e in at.sidebar.markdown]
    texts += [str(c) for t in at.table for c in [*t.value.columns, *t.value.index, *t.value.to_numpy().ravel()]]
    return texts + [w.label for kind in ("metric", "number_input", "selectbox", "text_input", "checkbox", "toggle")
                    for w in getattr(at, kind)]


@pytest.mark.parametrize("page", PAGES)
def test_proposal_names_and_file_names_are_shown_as_text_not_markdown(page):
    from models import links
    image, link = "![p](http://127.0.0.1:9/x)", "[Sign in again](http://127.0.0.1:9/)"
    token = links.edits_token((), [Proposal(image, (("lead.slots", 12),)), Proposal(link, ())])
    at = go(open_link({"sample": "baltimore_2010", "edits": token}), page)
    assert not at.exception and [p.name for p in at.session_state["proposals"]] == [image, link]
    texts = shown_markdown(at)
    assert not [t for t in texts if re.search(r"(?<!\\)\]\(|(?<!\\)!\[", t)]  # no live link or image
    if page in ("bargaining_table.py", "risk.py"):
        assert any(r"\!\[p\]\(http\:" in t for t in texts)  # the name is there, escaped


def test_no_table_the_app_shows_holds_a_live_formula(tmp_path):
    """Streamlit's "Download as CSV" writes a table as shown: every shown frame must be formula-safe."""
    from models import safe_text
    from models.ledger import holder_digest, new_token
    from tests import hostile
    book = hostile.sample()
    ws = book["Roster"]
    for row in range(2, ws.max_row + 1):
        hostile.put(ws, row, "school", "=cmd|' /C calc'!A0" if row % 2 else "@SUM(A1)")
    content = hostile.save(book, tmp_path / "formulas.xlsx").read_bytes()
    token = new_token()
    desk_store().save(token, "=2+2.xlsx", content, {}, [Proposal("-1+1", (("lead.slots", 9),))], "joint",
                      holder=holder_digest(new_token()), shared=True)
    for page in ("workbook.py", "bargaining_table.py", "ledger.py"):
        at = go(open_link({"desk": token}), page)
        assert not at.exception
        frames = [d.value for d in [*at.dataframe, *at.table]]
        assert frames
        for frame in frames:
            cells = [*map(str, frame.columns), *frame.astype(str).to_numpy().ravel()]
            assert not [c for c in cells if c.startswith(("=", "@", "+")) or c.startswith("-1+")], page
    assert safe_text.cell("-1+1") == "'-1+1" and safe_text.cell("-1.5%") == "-1.5%"


def test_the_step_and_lane_grid_of_a_pathways_proposal_is_drawn_when_opened():
    at = go(open_app(), "contract_terms.py")
    assert [e.key.split("|")[1] for e in at.data_editor] == ["pathway_salary"]  # the step grid's expander is shut
    at.session_state["step_grid|pathways"] = True  # opened, as a click does
    at.run()
    assert [e.key.split("|")[1] for e in at.data_editor] == ["pathway_salary", "step_salary"]


def test_an_enormous_raise_of_the_grid_is_refused_with_a_message(baltimore):
    at = go(open_app(), "contract_terms.py")
    at.session_state["step_grid|pathways"] = True  # the step-and-lane grid's expander opened
    at.run()
    box = by_key(at.number_input, "all_pct|step_salary")
    at.session_state[box.key] = 1e308  # past the box's bounds, as a typed value reaches the server
    at.run()
    next(b for b in at.button if b.label == "Apply to the grid" and "step_salary" in b.key).click().run()
    assert not at.exception  # was the error page (round() of an infinite salary)
    cells = dict(at.session_state["proposals"][0].overrides)
    assert all(0 < v <= 11 * 200_000 for k, v in cells.items() if k.startswith("step_salary."))  # 1,000% at most


def test_a_whole_number_typed_in_exponent_form_is_taken_as_typed():
    at = go(open_app(), "contract_terms.py")
    box = term(at, "District offer", "lead.slots")
    assert box.step == 1 and box.format == "%.10g"  # a decimal box: the browser reads "1e3" as 1000, not 1
    box.set_value(1e3).run()
    assert dict(at.session_state["proposals"][0].overrides)["lead.slots"] == 1000
    term(at, "District offer", "lead.slots").set_value(0.5).run()  # "5e-1": refused, said, last value kept
    assert any("whole number" in e.value for e in at.error)
    assert dict(at.session_state["proposals"][0].overrides)["lead.slots"] == 1000


def test_a_renamed_proposal_keeps_its_place_and_the_fingerprint_after_a_reload():
    at = go(open_app(), "contract_terms.py")
    at.text_input(key="proposal_name").set_value("District offer, revised").run()
    next(b for b in at.button if b.label == "Rename").click().run()
    shown = fingerprint(at)
    again = open_link({"desk": at.query_params["desk"]})
    assert [p.name for p in again.session_state["proposals"]] == ["District offer, revised", "Union offer"]
    assert fingerprint(again) == shown


def test_a_workshop_room_shows_nothing_until_its_code_is_typed(monkeypatch, baltimore):
    monkeypatch.setenv("PATHWAYS_ROOM_CODE", "c0ffee")
    at = open_app()
    assert not at.exception and not at.metric and not at.sidebar.markdown
    at.text_input(key="room_code_typed").set_value("wrong").run()
    assert any("not this room" in e.value for e in at.error) and not at.metric
    at.text_input(key="room_code_typed").set_value("c0ffee").run()
    assert not at.exception and fingerprint(at) == baltimore.fingerprint


def test_a_store_that_cannot_be_written_says_so_without_its_details(monkeypatch, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the store's folder should be")
    monkeypatch.setenv("PATHWAYS_DATA_DIR", str(blocker / "data"))
    at = go(open_app(), "contract_terms.py")
    term(at, "District offer", "lead.slots").set_value(31).run()
    assert not at.exception
    shown = " ".join(w.value for w in at.sidebar.warning)
    assert "Not saved to the desk store" in plain(shown)
    assert "Errno" not in shown and "not-a-folder" not in shown and "sqlite" not in shown.lower()


def _cast_forward_frames(at: AppTest) -> list:
    """The cast-forward tables: a plain table on the Bargaining table, a by-year frame on Budget."""
    return [d.value for d in [*at.table, *at.dataframe] if any(
        "Cast forward" in str(c) for c in list(getattr(d.value, "columns", [])) + list(d.value.index))]


@pytest.mark.parametrize("page", ["bargaining_table.py", "budget.py"])
def test_cast_forward_and_with_turnover_side_by_side(page):
    """Both pages show the field's cast forward beside the projection with turnover, and breakage between."""
    at = go(open_app(), page)
    assert not at.exception
    assert "Cast forward and with turnover" in [h.value for h in at.subheader]
    frames = _cast_forward_frames(at)
    assert frames, [type(d.value) for d in [*at.table, *at.dataframe]]
    shown = frames[0]
    labels = [str(c) for c in shown.index]  # measures down, as costing forms lay them out
    assert any(c.startswith("Cast forward") for c in labels) and any(c.startswith("With turnover") for c in labels)
    assert any(c.startswith("Breakage") for c in labels)


def test_a_falling_status_quo_says_why_on_both_pages():
    """Everyone leaves each year and hires start at step 1: the status quo's cost falls in the first year,
    and the Bargaining table and the Budget page say why in one sentence."""
    from tests.district import district
    falling = district([{"years_experience": 12, "lane": "MA", "step": 3}] * 3,
                       {"BA": [40000, 42000, 44000], "MA": [45000, 47000, 49000]},
                       **{"exit_rate.0+": 1, "hire.placement": "entry"})
    at = upload(open_app(), "falling.xlsx", workbook.to_bytes(falling))
    for page in ("bargaining_table.py", "budget.py"):
        go(at, page)
        said = [w.value for w in at.warning]
        assert any("3 leavers at an average $49,000 are replaced by hires at $40,000" in w for w in said), said


def test_workbook_page_states_where_hires_are_placed(baltimore):
    at = go(open_app(), "workbook.py")
    assert "Where hires are placed" in [h.value for h in at.subheader]
    recent = int((baltimore.roster["years_experience"] <= 3).sum())
    assert any(f"Hires are placed like the roster's {recent:,} teachers with 0-3 years" in c.value for c in at.caption)


def test_workbook_page_names_hires_steps_as_the_schedule_prints_them():
    """A schedule whose steps 1 and 2 are reserved and which has a half step 3A (as Prince William County's
    'Teacher Salary Scale 2020-21' reserves steps 1-3): the roster's new teachers are on BA 3 and MA 3A, so
    the hires table says steps 3 and 3A, not the positions 1 and 2 that the schedule marks as reserved."""
    from tests.test_published_schedules import PUBLISHED, TEACHERS, book
    at = go(upload(open_app(), "published.xlsx", book(PUBLISHED, TEACHERS)), "workbook.py")
    placed = next(d.value for d in at.dataframe if "share" in d.value.columns)
    assert [str(s) for s in placed["step"]] == ["3", "3A"], placed
    assert any("Hires are placed like the roster's 2 teachers with 0-3 years" in c.value for c in at.caption)


def test_budget_says_so_when_no_pay_component_lies_beyond_the_schedule():
    """A plain step-and-lane district (no stipends, bonuses, Q Comp or micro-credentials: most districts'
    status quo) drew an empty 'Pay components beyond the schedule' chart, a blank space under a caption listing
    components it does not have; the page now says in one line that there are none, and keeps the table."""
    from tests.test_published_schedules import PUBLISHED, TEACHERS, book
    at = go(upload(open_app(), "plain.xlsx", book(PUBLISHED, TEACHERS)), "budget.py")
    assert not at.exception
    specs = [spec for spec, _ in charts_shown(at)]
    assert not any("Pay components beyond the schedule" in spec for spec in specs)
    said = [c.value for c in at.caption]
    assert any(c.startswith("No pay component beyond schedule salary and roll-up") for c in said), said
    assert "Breakdown for" in [s.label for s in at.selectbox]  # the by-year table of the lines stays


def test_a_heading_with_nothing_under_it_says_how_to_add_one():
    """A workbook stating no longevity lines (most do not): Contract terms' Raises tab showed a bare 'Longevity'
    heading with no input under it; it now says how the workbook adds one."""
    at = go(open_app(), "contract_terms.py")
    assert not at.session_state["loaded"].baseline.family("longevity")
    open_tab(at, "Raises and roll-up")
    said = [plain(c.value) for c in at.caption]
    assert "None in this workbook: a row longevity.<years> on its Rules sheet adds one." in said, said


def test_budgets_two_costs_of_one_percent_say_which_salaries_they_are_on():
    """The Budget page shows a cost of 1% twice: in the cast-forward table (today's staff, all kept) and under
    'Cost of 1%' (the projection, leavers replaced by cheaper hires), two different figures under one name. The
    second now says it is on the projection with turnover; its figure is 1% of that salary with roll-up."""
    from models.engine import project
    from models.metrics import salary_rollup
    at = go(open_app(), "budget.py")
    loaded = at.session_state["loaded"]
    sq = project(loaded, horizon=10)[0]
    one = next(d.value for d in at.dataframe if "Status quo" in d.value.columns)
    expected = 0.01 * sq.totals["base_salary"].mean(axis=1)[1] * (1 + salary_rollup(sq.terms))
    assert one["Status quo"].iloc[1] == pytest.approx(expected)
    said = [plain(c.value) for c in at.caption]
    assert any(c.startswith("A 1% on-scale raise in each year on the projection's salaries (with turnover: "
                            "leavers replaced by hires)") for c in said), said


def test_my_pay_asks_about_model_only_where_an_offer_has_pathways():
    """A step-and-lane district whose offers are all step and lane (the performance-pay sample; Prince William
    County's schedule typed in): 'I would apply to Model' asked a teacher about a pathway no offer has. On the
    Baltimore sample, whose offers have pathways, it is still asked."""
    at = go(open_sample(open_app(), PERFORMANCE_SAMPLE), "my_pay.py")
    assert not at.exception and not [c for c in at.checkbox if c.key == "me_model"]
    at = go(open_app(), "my_pay.py")
    asked = [c.label for c in at.checkbox if c.key == "me_model"]
    assert asked == ["I would apply to Model as soon as I can (and pass)"]


def test_my_pay_asks_for_pd_hours_only_where_an_offer_has_pathways_and_keeps_a_links_hours():
    """PD hours earn AUs, which only pathways pay: a member link on the small district's 'Schedule raise' (step
    and lane, the one offer at its desk) carrying 30 PD hours opens My pay without the box, and keeps the hours:
    once the sample's pathways offer is at the desk the box shows them and the sentence counts them."""
    from models import links
    offer = next(p for p in workbook.read(SMALL).proposals if p.name == "Schedule raise")
    at = open_link({"sample": SMALL.stem, "member": links.member_token(offer, {"pd_hours_per_year": 30.0})})
    assert not at.exception and at.title[0].value == "My pay"
    assert not [n for n in at.number_input if n.key == "me_hours"] and at.session_state["me_hours"] == 30.0
    assert at.session_state["me_years"] == 5  # the other inputs asked as before
    go(open_sample(at, "Small district, 350 teachers"), "my_pay.py")  # its offers: the pathways one too
    assert at.number_input(key="me_hours").value == 30.0
    assert any("with 30 PD hours you earn" in s for s in my_pay_sentences(at)), my_pay_sentences(at)


def edited_cells(at: AppTest, proposal: str) -> dict:
    """The schedule cells of a proposal that differ from the workbook as tabled, as (before, after)."""
    from models.changes import differences
    loaded = at.session_state["loaded"]
    tabled = next(p for p in loaded.proposals if p.name == proposal).terms(loaded.baseline)
    now = next(p for p in at.session_state["proposals"] if p.name == proposal).terms(loaded.baseline)
    return {k: (a, b) for k, a, b in differences(tabled, now) if "_salary." in k}


def test_two_salary_edits_on_two_model_intervals_change_exactly_those_cells():
    """The negotiator's journey of issue 12: the controls kept Model after the first edit, not Standard 1."""
    at = go(open_app(), "contract_terms.py")
    by_key(at.selectbox, "one_group|pathway_salary").set_value("Model").run()
    by_key(at.number_input, "one_number|pathway_salary").set_value(3).run()
    assert by_key(at.number_input, "one_amount|pathway_salary").value == 82_200  # starts from that cell
    by_key(at.number_input, "one_amount|pathway_salary").set_value(86_000.0)
    by_key(at.button, "one_apply|pathway_salary").click().run()
    confirmed = [plain(s.value) for s in at.success]
    assert any(re.fullmatch(r"Model interval 3: \$82,200 -> \$86,000; \+\$[\d.]+[MK] over 10 years "
                            r"\(District offer\)", s) for s in confirmed), confirmed
    assert by_key(at.selectbox, "one_group|pathway_salary").value == "Model"  # the choice survives the edit
    open_tab(at, "Achievement Units")
    open_tab(at, "Salaries")  # and a visit to another tab
    assert by_key(at.selectbox, "one_group|pathway_salary").value == "Model"
    assert by_key(at.number_input, "one_number|pathway_salary").value == 3
    by_key(at.number_input, "one_number|pathway_salary").set_value(4).run()
    assert by_key(at.number_input, "one_amount|pathway_salary").value == 84_300
    by_key(at.number_input, "one_amount|pathway_salary").set_value(87_000.0)
    by_key(at.button, "one_apply|pathway_salary").click().run()
    assert not at.exception and not at.error
    assert edited_cells(at, "District offer") == {"pathway_salary.Model.3": (82_200, 86_000),
                                                  "pathway_salary.Model.4": (84_300, 87_000)}
    kept = plain(" ".join(m.value for m in at.markdown))  # both confirmations kept under "What this proposal changes"
    assert "Model interval 3: $82,200 -> $86,000; +$" in kept and "Model interval 4: $84,300 -> $87,000; +$" in kept
    next(b for b in at.button if b.label == "Undo last change").click().run()
    assert edited_cells(at, "District offer") == {"pathway_salary.Model.3": (82_200, 86_000)}
    kept = plain(" ".join(m.value for m in at.markdown))
    assert "~~Model interval 4: $84,300 -> $87,000" in kept and "(undone or changed since)" in kept
    assert "- Model interval 3: $82,200 -> $86,000; +$" in kept
    assert not any("Model interval 4" in s.value for s in at.success)  # no confirmation of an undone edit


def test_an_amount_typed_as_the_interval_changes_is_kept_not_replaced_by_the_cells_salary():
    """Typed fast, the new interval and the amount reach the server in one run: the amount is the user's."""
    at = go(open_app(), "contract_terms.py")
    by_key(at.selectbox, "one_group|pathway_salary").set_value("Model").run()
    by_key(at.number_input, "one_number|pathway_salary").set_value(4)
    by_key(at.number_input, "one_amount|pathway_salary").set_value(87_000.0).run()
    assert by_key(at.number_input, "one_amount|pathway_salary").value == 87_000
    by_key(at.button, "one_apply|pathway_salary").click().run()
    assert edited_cells(at, "District offer") == {"pathway_salary.Model.4": (84_300, 87_000)}
    by_key(at.number_input, "one_number|pathway_salary").set_value(2).run()  # chosen alone: starts from the cell
    assert by_key(at.number_input, "one_amount|pathway_salary").value == 80_100


def test_a_callback_that_reports_the_value_an_input_already_shows_changes_nothing():
    """A term's input whose server-side value was lost (the browser still shows it) reports it again as a
    change: seen at the joint table, where four 'Intervals of the pathway' inputs put four overrides nobody
    made into the District offer, which the Union then tabled as its own draft."""
    at = go(open_app(), "contract_terms.py")
    box = term(at, "District offer", "pathway_intervals.Standard")
    shown, before = box.value, fingerprint(at)
    # The server forgets the input's last value (Streamlit's own state, reached privately: no public call
    # does this) while the screen still holds the input, which it sends with the next run.
    box.set_value(shown)  # the value the screen holds and sends (unchanged)
    state = at.session_state._state._state
    widget = state._get_widget_id(box.key)
    state._old_state.pop(widget, None)
    state._new_widget_state.states.pop(widget, None)
    at.run()
    assert not at.exception
    assert "pathway_intervals.Standard" not in dict(
        next(p for p in at.session_state["proposals"] if p.name == "District offer").overrides)
    assert fingerprint(at) == before and term(at, "District offer", "pathway_intervals.Standard").value == shown


def overrides_of(at: AppTest, proposal: str) -> dict:
    return dict(next(p for p in at.session_state["proposals"] if p.name == proposal).overrides)


def test_a_term_set_to_the_value_in_force_without_its_override_leaves_no_override(baltimore):
    """The District offer's intervals of Standard are the grid's (no Rules value); one more and back again is the
    offer as tabled, fingerprint and all. Its 2011 raise of 0% set to 1%, the workbook's raise in force that
    year (raise.default), drops the offer's raise.2011 rather than keeping an override that changes nothing."""
    at = go(open_app(), "contract_terms.py")
    box = term(at, "District offer", "pathway_intervals.Standard")
    shown = box.value
    box.set_value(shown + 1).run()
    assert overrides_of(at, "District offer")["pathway_intervals.Standard"] == shown + 1
    term(at, "District offer", "pathway_intervals.Standard").set_value(shown).run()
    assert not at.exception and not at.error
    assert "pathway_intervals.Standard" not in overrides_of(at, "District offer")
    assert fingerprint(at) == baltimore.fingerprint
    assert overrides_of(at, "District offer")["raise.2011"] == 0
    term(at, "District offer", "raise.2011").set_value(1.0).run()
    assert "raise.2011" not in overrides_of(at, "District offer")
    assert term(at, "District offer", "raise.2011").value == 1.0


def test_a_salary_edit_confirms_the_tables_cost_and_projects_only_the_edited_proposal():
    """The confirmation's cost is the bargaining table's; the edit itself tables nothing (the table does, when
    opened), so an edit on Contract terms waits for one scenario's projection, not for every table."""
    from models.changes import signed_money
    from ui import data
    at = go(open_app(), "contract_terms.py")
    before = data.results(fingerprint(at), None).headline.set_index("scenario")["cumulative_cost"]
    by_key(at.number_input, "one_amount|pathway_salary").set_value(90_000.0)
    by_key(at.button, "one_apply|pathway_salary").click().run()
    assert not at.exception
    edited = fingerprint(at)
    with pytest.raises(AttributeError):  # not in the cache: the edit did not table it (None has no roster)
        data.results(edited, None)
    go(at, "bargaining_table.py")
    now = data.results(edited, None).headline.set_index("scenario")["cumulative_cost"]
    assert now["Status quo"] == before["Status quo"] and now["District offer"] > before["District offer"]
    confirmed = plain(" ".join(s.value for s in go(at, "contract_terms.py").success))
    shown = f"-> $90,000; {signed_money(now['District offer'] - before['District offer'])} over 10 years"
    assert shown in confirmed, confirmed


def test_a_falling_grid_is_flagged_with_its_cells_and_a_deliberate_dip_can_be_kept():
    at = go(open_app(), "contract_terms.py")
    by_key(at.selectbox, "one_group|pathway_salary").set_value("Model").run()
    by_key(at.number_input, "one_amount|pathway_salary").set_value(84_000.0)  # Model 2 pays $80,100
    by_key(at.button, "one_apply|pathway_salary").click().run()
    assert edited_cells(at, "District offer") == {"pathway_salary.Model.1": (78_000, 84_000)}  # applied
    flags = [plain(w.value) for w in at.warning]
    assert any("Model interval 2 ($80,100) pays less than Model interval 1 ($84,000)" in w for w in flags), flags
    by_key(at.button, "keep_dips|pathway_salary").click().run()
    assert not any("pays less" in w.value for w in at.warning)
    assert any("kept on purpose" in i.value and "Model interval 2" in i.value for i in at.info)


def test_a_grid_pasted_from_a_spreadsheet_lands_as_pasted_and_is_highlighted():
    at = go(open_app(), "contract_terms.py")
    pasted = "Interval\tStandard\tProfessional\tModel\tLead\n1\t$49,000\t\t80,500\t\n2\t50,100\t\t81,000\t\n"
    by_key(at.text_area, "paste|pathway_salary").set_value(pasted)
    by_key(at.button, "paste_apply|pathway_salary").click().run()
    assert not at.exception and not at.error
    cells = edited_cells(at, "District offer")
    assert {k: after for k, (_, after) in cells.items()} == {
        "pathway_salary.Standard.1": 49_000, "pathway_salary.Model.1": 80_500,
        "pathway_salary.Standard.2": 50_100, "pathway_salary.Model.2": 81_000}
    assert by_key(at.text_area, "paste|pathway_salary").value == ""
    assert any("Highlighted: the 4 cells" in c.value for c in at.caption)
    by_key(at.text_area, "paste|pathway_salary").set_value("Standard\n1\tfifty")
    by_key(at.button, "paste_apply|pathway_salary").click().run()
    assert any("found 'fifty'; expected a salary in dollars" in plain(e.value) for e in at.error)
    assert len(edited_cells(at, "District offer")) == 4  # nothing else changed


def test_a_pasted_salary_past_the_most_is_refused_once_in_the_salary_rules_words():
    """The paste checked only 'above 0', so 20,000,000 was refused later, as the proposal's cell, in other words."""
    at = go(open_app(), "contract_terms.py")
    by_key(at.text_area, "paste|pathway_salary").set_value("Interval\tModel\n2\t20,000,000\n")
    by_key(at.button, "paste_apply|pathway_salary").click().run()
    assert not at.exception
    said = [plain(e.value) for e in at.error if "20,000,000" in plain(e.value) or "20000000" in plain(e.value)]
    assert len(said) == 1 and "pasted row 1, Model interval 2: found '20,000,000'; expected a salary in dollars " \
        "above 0 and at most 10,000,000" in said[0], said
    assert edited_cells(at, "District offer") == {}  # nothing changed
    assert by_key(at.text_area, "paste|pathway_salary").value == "Interval\tModel\n2\t20,000,000\n"  # kept


def test_a_later_years_grid_and_a_flat_raise_on_a_step_range_are_edited_in_contract_terms():
    at = go(open_app(), "contract_terms.py")
    by_key(at.selectbox, "grid_year|pathway_salary").set_value(2012).run()
    by_key(at.selectbox, "one_group|pathway_salary").set_value("Model").run()
    assert by_key(at.number_input, "one_amount|pathway_salary").value == 78_780  # 78,000 raised 1% in 2012
    by_key(at.number_input, "one_amount|pathway_salary").set_value(90_000.0)
    by_key(at.button, "one_apply|pathway_salary").click().run()
    assert any(plain(s.value).startswith("Model interval 1 in 2012: $78,780 -> $90,000 (that year's grid); +$")
               for s in at.success)
    assert edited_cells(at, "District offer") == {"pathway_salary.2012.Model.1": (None, 90_000)}
    open_tab(at, "Conversion")
    open_tab(at, "Salaries")
    assert by_key(at.selectbox, "grid_year|pathway_salary").value == 2012  # still the year chosen
    by_key(at.selectbox, "grid_year|pathway_salary").set_value(0).run()  # the proposal's own schedule
    by_key(at.selectbox, "all_group|pathway_salary").set_value("Professional")
    by_key(at.number_input, "all_from|pathway_salary").set_value(2)
    by_key(at.number_input, "all_to|pathway_salary").set_value(3)
    by_key(at.number_input, "all_dollars|pathway_salary").set_value(1_500.0)
    by_key(at.button, "all_apply|pathway_salary").click().run()
    assert not at.exception and not at.error
    loaded = at.session_state["loaded"]
    tabled = next(p for p in loaded.proposals if p.name == "District offer").terms(loaded.baseline)
    assert set(edited_cells(at, "District offer")) == {"pathway_salary.2012.Model.1", "pathway_salary.Professional.2",
                                                       "pathway_salary.Professional.3"}
    assert edited_cells(at, "District offer")["pathway_salary.Professional.2"] == (
        tabled.pathways.salary("Professional", 2), tabled.pathways.salary("Professional", 2) + 1_500)


def test_a_redraw_leaves_the_salary_tools_choices_as_the_browser_holds_them():
    """A value the script writes is sent to the browser, which takes it over one entered as the redraw was under
    way (the joint table's watch redraws when the other side tables an offer): the entry was lost. A plain redraw
    writes none of the tools' choices (the schedule, the cell, the raise's range); only a choice that must change."""
    at = go(open_app(), "contract_terms.py")
    by_key(at.selectbox, "grid_year|pathway_salary").set_value(2012).run()
    at.run()  # a redraw, as the watch's
    tools = [by_key(at.selectbox, "grid_year|pathway_salary"), by_key(at.selectbox, "one_group|pathway_salary"),
             *(by_key(at.number_input, f"{part}|pathway_salary") for part in ("one_number", "all_from", "all_to"))]
    assert [t.key.split("|")[0] for t in tools if t.proto.set_value] == []
    assert by_key(at.selectbox, "grid_year|pathway_salary").value == 2012


@settings(max_examples=5, deadline=None, derandomize=True)
@given(edits=hs.lists(hs.tuples(hs.sampled_from(["Standard", "Professional", "Model", "Lead"]), hs.integers(1, 15),
                                hs.integers(40, 120).map(lambda k: 1000.0 * k)), min_size=1, max_size=4))
def test_any_sequence_of_set_this_salary_edits_changes_exactly_the_edited_cells(baltimore, edits):
    """Through the real controls, as a negotiator clicks: pathway, interval, amount, Set this salary."""
    at = go(open_app(), "contract_terms.py")
    tabled = next(p for p in baltimore.proposals if p.name == "District offer").terms(baltimore.baseline)
    wanted = {}
    for pathway, interval, amount in edits:
        interval = min(interval, tabled.pathways.intervals(pathway))
        by_key(at.selectbox, "one_group|pathway_salary").set_value(pathway).run()
        by_key(at.number_input, "one_number|pathway_salary").set_value(interval).run()
        by_key(at.number_input, "one_amount|pathway_salary").set_value(amount)
        by_key(at.button, "one_apply|pathway_salary").click().run()
        wanted[f"pathway_salary.{pathway}.{interval}"] = amount
    assert not at.exception and not at.error
    assert {k: after for k, (_, after) in edited_cells(at, "District offer").items()} == {
        k: v for k, v in wanted.items() if v != tabled.pathways.salary(k.split(".")[1], int(k.split(".")[2]))}


def test_a_lane_is_removed_and_added_in_contract_terms_and_put_back():
    at = open_app()
    open_sample(at, "Small district, 350 teachers")
    go(at, "contract_terms.py")
    at.selectbox(key="editing").set_value("Schedule raise").run()  # a step-and-lane proposal
    by_key(at.selectbox, "lane_drop|Schedule raise").set_value("BA+15")
    by_key(at.selectbox, "lane_to|Schedule raise").set_value("MA")
    by_key(at.button, "lane_drop_apply|Schedule raise").click().run()
    by_key(at.text_input, "lane_new|Schedule raise").set_value("MA+45")
    by_key(at.selectbox, "lane_after|Schedule raise").set_value("MA+30")
    by_key(at.button, "lane_add_apply|Schedule raise").click().run()
    assert not at.exception and not at.error
    terms = next(p for p in at.session_state["proposals"] if p.name == "Schedule raise").terms(
        at.session_state["loaded"].baseline)
    assert terms.step_schedule.lanes == ("BA", "MA", "MA+30", "MA+45")
    words = plain(" ".join(m.value for m in at.markdown))
    assert "Lane BA+15 removed: its teachers go to MA" in words and "Lane MA+45 added after MA+30" in words
    by_key(at.number_input, "|Schedule raise|lane_credits.MA+45").set_value(45).run()
    assert "Credits to enter lane MA+45: none -> 45" in plain(" ".join(m.value for m in at.markdown))
    by_key(at.button, "lane_undo|lane_removed.BA+15").click().run()
    terms = next(p for p in at.session_state["proposals"] if p.name == "Schedule raise").terms(
        at.session_state["loaded"].baseline)
    assert terms.step_schedule.lanes == ("BA", "BA+15", "MA", "MA+30", "MA+45")
    go(at, "bargaining_table.py")
    assert not at.exception
    at = go(open_app(), "my_pay.py")  # Effective, 15 PD hours a year, MA step 6 with 5 years
    assert not at.exception
    district = next(plain(m.value) for m in at.markdown if m.value.startswith("**District offer**"))
    assert "you earn 10 AUs a year; 12 move you up one interval" in district
    at.selectbox(key="me_table_scenario").set_value("District offer").run()
    table = next(t.value for t in at.table if "AUs to the next interval" in t.value.columns)
    assert table["Placement"].iloc[0] == "MA step 6" and table["Placement"].iloc[1].startswith("Professional interval")
    assert table["AUs earned"].iloc[1:].eq(10).all()
    assert (table["AUs banked"] + table["AUs to the next interval"]).dropna().eq(12).all()
    assert {"Salary", "Salary vs the status quo"} <= set(table.columns)
    order = [e.value if e.type == "markdown" else getattr(e, "label", None) for e in at.main]
    first_result = next(i for i, v in enumerate(order) if str(v).startswith("**Status quo**"))
    assert first_result < order.index("Years of experience")  # the results come before the inputs


def test_my_pay_says_the_status_quo_has_no_aus_instead_of_none():
    """Streamlit prints a missing cell as "None": the step schedule's year-by-year table has no AU columns (a
    caption says why), and a pathway offer's year before any AU is counted shows a dash."""
    at = go(open_app(), "my_pay.py")
    at.selectbox(key="me_table_scenario").set_value("Status quo").run()
    table = next(t for t in [*at.table, *at.dataframe] if "Placement" in t.value.columns)  # the first: results
    assert not table.value.isna().any().any(), table.value
    assert not {"AUs earned", "AUs banked", "AUs to the next interval"} & set(table.value.columns)
    assert any("No AUs on the step schedule" in c.value for c in at.caption)
    at.selectbox(key="me_table_scenario").set_value("District offer").run()
    table = next(t for t in at.table if "Placement" in t.value.columns)
    assert table.value["AUs earned"].isna().iloc[0]  # the base year, on today's schedule
    from streamlit import dataframe_util
    shown = dataframe_util.convert_arrow_bytes_to_pandas_df(table.proto.arrow_data.styler.display_values)
    assert shown.iloc[0, 2] == "–"  # ... shown as a dash


def test_a_member_link_opens_my_pay_on_its_offer_with_no_roster_data_in_it(baltimore):
    import base64
    import json
    import zlib
    from urllib.parse import parse_qs, urlsplit
    at = go(open_app(), "my_pay.py")
    at.number_input(key="me_years").set_value(12).run()
    assert "member_link_offer" not in [s.key for s in at.selectbox]  # a shut panel works nothing out
    at.session_state["member_link"] = True  # the panel opened
    at.run()
    at.selectbox(key="member_link_offer").set_value("Union offer").run()
    at.checkbox(key="member_link_mine").check().run()
    link = next(c.value for c in at.code if "member=" in c.value)
    query = {k: v[0] for k, v in parse_qs(urlsplit(link).query).items()}
    assert set(query) == {"sample", "member"}  # no desk, no other offer
    token = query["member"]
    raw = zlib.decompress(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))).decode()
    payload = json.loads(raw)
    union = next(p for p in baltimore.proposals if p.name == "Union offer")
    assert payload["offer"][0] == "Union offer" and payload["offer"][1] == [list(kv) for kv in union.overrides]
    assert set(payload["member"]) <= {"years_experience", "lane", "step", "fte", "rating", "credits_per_year",
                                      "pd_hours_per_year", "mcs_per_year", "apply_for_model", "schedule", "role",
                                      "earns_qcomp", "top_school", "hard_to_staff_school", "hard_to_staff_subject"}
    assert not [i for i in baltimore.roster["employee_id"].astype(str) if f'"{i}"' in raw]  # no roster row
    assert not [s for s in set(baltimore.roster["school"]) if s and s in raw]  # nor where anyone works
    member = open_link(query)  # as a member opens it, on whichever page the address names
    assert not member.exception and member.title[0].value == "My pay"
    assert member.selectbox(key="me_table_scenario").value == "Union offer"
    assert member.session_state["compare"] == ["Union offer"] and member.number_input(key="me_years").value == 12
    assert [plain(m.value).split("**")[1] for m in member.markdown if m.value.startswith("**")][:2] == [
        "Status quo", "Union offer"]
    assert not member.warning and not member.main.error  # no "set via Session State" warning, no refusal


def test_a_member_link_out_of_bounds_is_refused_in_the_main_area_and_the_sample_opens():
    from models import links
    from models.terms import Proposal
    token = links.member_token(Proposal("Union offer", ()), {"years_experience": 400})
    at = open_link({"sample": "baltimore_2010", "member": token})
    assert not at.exception and any("from 0 to 50" in plain(w.value) for w in at.main.warning)


def test_my_pay_step_follows_experience_until_the_member_sets_it():
    at = go(open_app(), "my_pay.py")
    at.number_input(key="me_years").set_value(8).run()
    assert at.number_input(key="me_step").value == 9
    at.number_input(key="me_step").set_value(3).run()
    at.number_input(key="me_years").set_value(12).run()
    assert at.number_input(key="me_step").value == 3 and not at.exception


def test_tables_use_the_users_words_with_the_status_quo_first():
    at = go(open_app(), "budget.py")
    assert not at.exception
    headings = [str(c) for d in [*at.dataframe, *at.table] for c in [*d.value.columns, *d.value.index]]
    assert "Step cost (gross)" in headings and not [h for h in headings if "_" in h], headings
    go(at, "bargaining_table.py")
    for name in ("total cost by year", "cost components", "cumulative difference from the status quo"):
        open_table(at, name)
    tables = [d.value for d in at.dataframe if "Scenario" in d.value.columns]
    assert len(tables) >= 3 and all(t["Scenario"].iloc[0] == "Status quo" for t in tables)
    across = [list(t.value.columns) for t in at.table]  # the cast forward: scenarios across, the status quo first
    assert across and all(c[0] == "Status quo" for c in across), across


def test_the_bargaining_table_with_nothing_compared_says_what_its_proposal_charts_need():
    """The charts of proposals against the status quo have no rows then: each says to choose a proposal instead of
    drawing an empty chart (whose building made Altair warn it could not infer a type from an empty column)."""
    at = open_app()
    drawn = len(at.get("vega_lite_chart"))
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)  # Altair's, while the page runs: an exception it shows
        at.sidebar.multiselect(key="compare").set_value([]).run()
        assert not at.exception, [e.message for e in at.exception]
        assert len(at.get("vega_lite_chart")) == drawn - 1
        assert any("cost above the status quo" in i.value for i in at.info)
        at.session_state["table_tab"] = "Distribution and who gains"
        at.run()
        assert not at.exception, [e.message for e in at.exception]
        assert any("who is better off" in i.value for i in at.info)


def test_the_link_to_this_view_is_made_when_its_expander_is_opened():
    at = open_app()
    assert not at.sidebar.code
    at.session_state["share_link"] = True
    at.run()
    assert "sample=baltimore_2010" in at.sidebar.code[0].value and not at.exception


def test_a_charts_table_is_sent_when_opened():
    at = go(open_app(), "bargaining_table.py")
    totals = [d for d in at.dataframe if "Total cost" in d.value.columns]
    assert not totals and [e.label for e in at.expander if e.label.startswith("Table: ")] == [
        "Table: total cost by year", "Table: cost components", "Table: cumulative difference from the status quo"]
    open_table(at, "total cost by year")
    shown = next(d.value for d in at.dataframe if "Total cost" in d.value.columns)
    assert not at.exception and shown["Scenario"].unique().tolist() == ["Status quo", "District offer", "Union offer"]


def charts_shown(at: AppTest) -> list[tuple[str, tuple[bytes, ...]]]:
    """Each chart on the page as sent: its Vega-Lite spec and its datasets (Arrow bytes)."""
    return [(c.proto.spec, tuple(d.data.data for d in c.proto.datasets)) for c in at.get("vega_lite_chart")]


def test_a_kept_chart_is_sent_again_only_for_the_same_data():
    """Charts are kept by their builder and data: a second session on the same workbook is sent the first's
    charts; after an edit the cost charts carry the edited figures; presenter mode has charts of its own."""
    first = charts_shown(open_app())
    at = open_app()
    assert len(first) == 3 and charts_shown(at) == first
    term(go(at, "contract_terms.py"), "District offer", "au.per_interval").set_value(6).run()
    edited = charts_shown(go(at, "bargaining_table.py"))
    assert len(edited) == 3 and [data for _, data in edited] != [data for _, data in first]  # other figures
    at.sidebar.toggle(key="presenter").set_value(True).run()
    assert [spec for spec, _ in charts_shown(at)] != [spec for spec, _ in first]


def test_charts_are_drawn_on_a_streamlit_without_its_altair_step(monkeypatch):
    """A later Streamlit may drop the private converter the kept specs use: the charts are then built each run."""
    from ui import widgets
    monkeypatch.setattr(widgets, "_vega_lite", None)
    at = open_app()
    assert not at.exception and len(charts_shown(at)) == 3


# --- My pay's inputs at the desk ---------------------------------------------------------------------------------
PERFORMANCE_SAMPLE = "Performance-pay district, 2,500 teachers"


def my_pay_sentences(at: AppTest) -> list[str]:
    return [plain(m.value) for m in at.markdown if " in all over " in plain(m.value)]


def reopen_other_desk(at: AppTest) -> AppTest:
    """Reopen the one other desk this browser holds, from the sidebar's recent desks, as a click does."""
    listed = [b for b in at.run().sidebar.button if b.key and b.key.startswith("reopen_desk|")]
    assert len(listed) == 1, [b.label for b in listed]
    return listed[0].click().run()


def hold(at: AppTest, token: str, settings: dict, sample: str, proposals) -> None:
    """A desk of this browser's (its holder), saved in the store as a session would have saved it."""
    from models.ledger import holder_digest
    settings = {"compare": [p.name for p in proposals], **settings}
    desk_store().save(token, sample, None, settings, list(proposals), "joint",
                      holder=holder_digest(at.session_state["holder"]))


def set_my_pay(at: AppTest) -> AppTest:
    """A member on the performance-pay sample: 12 years, MA, step 4 chosen, a mentor at a hard-to-serve school
    who expects Q Comp (PD hours are not asked: no offer has pathways; the first 15 are kept)."""
    go(open_sample(at, PERFORMANCE_SAMPLE), "my_pay.py")
    at.number_input(key="me_years").set_value(12).run()
    at.selectbox(key="me_lane").set_value("MA").run()
    at.number_input(key="me_step").set_value(4).run()
    assert not [n for n in at.number_input if n.key == "me_hours"]  # no offer has pathways: no AUs to earn
    at.selectbox(key="me_role").set_value("mentor").run()
    at.checkbox(key="me_qcomp").check().run()
    at.checkbox(key="me_hard_school").check().run()
    assert not at.exception
    return at


SET = {"years_experience": 12, "lane": "MA", "step": "4", "pd_hours_per_year": 15.0, "role": "mentor",
       "earns_qcomp": True, "hard_to_staff_school": True, "top_school": False, "apply_for_model": False}


def test_my_pays_inputs_are_saved_with_the_desk_and_come_back_to_the_browser_holding_it():
    """A member's inputs (or a negotiator's example teacher) are saved as they are typed, kept on another page,
    and come back when this browser reopens the desk; a desk whose My pay was never filled shows the first
    values."""
    at = set_my_pay(open_app())
    shown = my_pay_sentences(at)
    go(at, "budget.py")  # kept on a page that does not draw them
    token = at.session_state["desk"]
    kept = desk_store().open(token).settings["me"]
    assert {k: kept[k] for k in SET} == SET, kept
    assert my_pay_sentences(go(at, "my_pay.py")) == shown and at.selectbox(key="me_role").value == "mentor"
    from models.ledger import new_token
    other = new_token()
    hold(at, other, {}, PERFORMANCE_SAMPLE, workbook.read(PERFORMANCE).proposals)
    reopen_other_desk(at)  # another desk of this browser: My pay as it first opens
    assert at.session_state["desk"] == other
    go(at, "my_pay.py")
    assert at.number_input(key="me_years").value == 5 and at.selectbox(key="me_role").value == ""
    assert not at.checkbox(key="me_hard_school").value
    reopen_other_desk(at)  # back to the first desk: its member again
    go(at, "my_pay.py")
    assert not at.exception and at.session_state["desk"] == token
    assert at.number_input(key="me_years").value == 12 and at.number_input(key="me_step").value == 4
    assert at.selectbox(key="me_role").value == "mentor" and at.checkbox(key="me_qcomp").value
    assert my_pay_sentences(at) == shown


def test_a_desk_address_opened_in_another_browser_leaves_out_my_pays_inputs():
    """They describe one person: the copy another browser gets has the desk, not them (ledger.HOLDER_ONLY)."""
    at = set_my_pay(open_app())
    token = at.query_params["desk"]
    theirs = open_link({"desk": token})  # AppTest sends no cookie: another browser
    assert not theirs.exception and theirs.session_state["desk"] != token
    assert "me" not in desk_store().open(theirs.session_state["desk"]).settings  # the copy in the store
    go(theirs, "my_pay.py")
    assert theirs.number_input(key="me_years").value == 5 and theirs.selectbox(key="me_role").value == ""
    assert desk_store().open(token).settings["me"]["years_experience"] == 12  # the holder's desk keeps them


@pytest.mark.parametrize(("stored", "said"), [
    ({"years_experience": 400, "lane": "BA+15", "fte": 0.5, "role": "r" * 100_000, "step": "99",
      "hours": 3, "top_school": "yes"},
     ["years_experience", "lane", "role", "step", "'hours'", "top_school"]),
    ("twelve years, MA", ["member"]), ({"fte": 1e400, "lane": ["BA"] * 5_000}, ["fte", "lane"])])
def test_my_pays_inputs_stored_out_of_bounds_are_left_out_and_said_once(stored, said, baltimore):
    """A desk store is input too: a value out of bounds, of another workbook (the small district's lane BA+15)
    or a role no offer pays is left out with My pay's first value shown, each said once and cut; nothing breaks."""
    at = open_app()
    from models.ledger import new_token
    hold(at, new_token(), {"me": stored}, "Baltimore-scale district, 2010", baltimore.proposals)
    reopen_other_desk(at)
    warned = [plain(w.value) for w in at.main.warning if "My pay's saved inputs" in plain(w.value)]
    assert len(warned) == len(said) and all(f"column 'member{' ' * (s != 'member')}" in " ".join(warned)
                                             for s in said), warned
    assert all(any(s in w for w in warned) for s in said) and max(map(len, warned)) < 400, warned
    go(at, "my_pay.py")
    assert not at.exception and at.number_input(key="me_years").value == 5
    assert at.selectbox(key="me_lane").value == "MA"  # My pay's first lane, not the other workbook's
    assert at.number_input(key="me_fte").value == (0.5 if isinstance(stored, dict) and "role" in stored else 1.0)


def member_link_query(at: AppTest, offer: str) -> dict[str, str]:
    """The query of My pay's member link on `offer`, with the inputs on screen."""
    from urllib.parse import parse_qs, urlsplit
    at.session_state["member_link"] = True  # the panel opened
    at.run()
    at.selectbox(key="member_link_offer").set_value(offer).run()
    if not at.checkbox(key="member_link_mine").value:
        at.checkbox(key="member_link_mine").check().run()
    link = next(c.value for c in at.code if "member=" in c.value or "copy=" in c.value)
    return {k: v[0] for k, v in parse_qs(urlsplit(link).query).items()}


def test_a_member_link_carries_my_pays_role_and_school_inputs():
    """The paid role, Q Comp, top school, hard-to-serve school and hard-to-staff assignment travel with the
    placement; a role the link's offer does not pay is left out, so the link still opens with the rest."""
    at = set_my_pay(open_app())
    at.checkbox(key="me_hard_subject").check().run()
    shown = my_pay_sentences(at)
    member = open_link(member_link_query(at, "TAP-style bonus"))
    assert not member.exception and not member.main.warning and member.title[0].value == "My pay"
    assert member.selectbox(key="me_role").value == "mentor" and member.checkbox(key="me_qcomp").value
    assert member.checkbox(key="me_hard_school").value and member.checkbox(key="me_hard_subject").value
    assert not member.checkbox(key="me_top").value and member.number_input(key="me_step").value == 4
    assert my_pay_sentences(member) == [s for s in shown if s.startswith(("**Status quo**", "**TAP-style bonus**"))]
    qcomp = open_link(member_link_query(at, "Q Comp-style components"))  # pays no mentor
    assert not qcomp.exception and not qcomp.main.warning and qcomp.selectbox(key="me_role").value == ""
    assert qcomp.checkbox(key="me_qcomp").value and qcomp.number_input(key="me_years").value == 12


def test_another_workbook_keeps_the_my_pay_inputs_that_fit_it_and_drops_the_others():
    """Baltimore's PhD lane at step 20 means nothing in the small district (no PhD lane, 15 steps): opening it
    drops them (My pay's first lane, the step from the years) and keeps the rest, as its desk saves them. A step
    past the new last one is brought down to it (with no label for it, every save broke)."""
    at = go(open_app(), "my_pay.py")
    at.number_input(key="me_years").set_value(30).run()
    at.selectbox(key="me_lane").set_value("PhD").run()
    at.number_input(key="me_step").set_value(20).run()
    at.number_input(key="me_hours").set_value(60.0).run()
    open_sample(at, "Small district, 350 teachers")
    assert not at.exception
    kept = desk_store().open(at.session_state["desk"]).settings["me"]
    assert kept["lane"] == "BA+15" and "step" not in kept and kept["pd_hours_per_year"] == 60.0
    go(at, "my_pay.py")
    assert at.selectbox(key="me_lane").value == "BA+15" and at.number_input(key="me_step").value == 15
    at.selectbox(key="me_lane").set_value("MA+30").run()
    open_sample(at, "Baltimore-scale district, 2010")  # MA+30 is a lane there too: kept
    assert go(at, "my_pay.py").selectbox(key="me_lane").value == "MA+30" and not at.main.warning
    at.number_input(key="me_step").set_value(20).run()
    open_sample(at, "Small district, 350 teachers")
    assert not at.exception and go(at, "my_pay.py").number_input(key="me_step").value == 15
    assert desk_store().open(at.session_state["desk"]).settings["me"]["step"] == "15"


def test_my_pays_schedule_comes_back_with_an_uploaded_desk():
    """A workbook with a 235-day schedule beside the StepSchedule: the member's schedule is saved and reopened."""
    from models.ledger import new_token
    from tests.test_published_schedules import SPLIT, two_schedules
    at = go(upload(open_app(), "two_schedules.xlsx", two_schedules(SPLIT)), "my_pay.py")
    at.selectbox(key="me_schedule").set_value("235").run()
    shown = my_pay_sentences(at)
    assert desk_store().open(at.session_state["desk"]).settings["me"]["schedule"] == "235"
    hold(at, new_token(), {}, "Baltimore-scale district, 2010", workbook.read(BALTIMORE).proposals)
    reopen_other_desk(at)
    assert go(at, "my_pay.py").session_state["source"] == "Baltimore-scale district, 2010"
    reopen_other_desk(at)  # the upload's desk again
    go(at, "my_pay.py")
    assert not at.exception and at.selectbox(key="me_schedule").value == "235" and my_pay_sentences(at) == shown


def test_the_bargaining_tables_caption_counts_the_proposals_compared_in_words():
    """'Status quo and 0 proposal(s)' read as a fault; none compared says where to choose them."""
    at = go(open_app(), "bargaining_table.py")
    compare = at.sidebar.multiselect(key="compare")
    said = {}
    for chosen in ([], compare.options[:1], compare.options[:2]):
        at.sidebar.multiselect(key="compare").set_value(chosen).run()
        said[len(chosen)] = at.main.caption[0].value
    assert "The status quo alone (choose proposals to compare in the sidebar)" in said[0], said[0]
    assert "The status quo and 1 proposal," in said[1], said[1]
    assert "The status quo and 2 proposals," in said[2], said[2]
    assert not any("proposal(s)" in words for words in said.values()) and not at.exception


def test_rules_only_career_pathways_use_are_said_to_change_nothing_on_step_and_lane():
    """A step-and-lane district's workbook keeps the AU, promotion and conversion rules (cited to Baltimore):
    the Workbook page says which apply under pathways only, and Contract terms says so on their tabs for a
    step-and-lane proposal (test_registry checks they change no figure there)."""
    at = open_app()
    chooser = menu(at, "workbook_menu").sidebar.selectbox(key="sample_choice")
    open_sample(at, next(o for o in chooser.options if "erformance" in o))  # no scenario on pathways
    go(at, "workbook.py")
    rules = next(d.value for d in at.dataframe if "applies under" in d.value.columns)
    applies = dict(zip(rules["key"], rules["applies under"], strict=True))
    assert applies["au.per_interval"] == applies["lead.slots"] == "career pathways"
    assert applies["raise.default"] == applies["rollup.rate"] == "every pay system"
    assert any("No scenario here is on career pathways" in c.value for c in at.caption)
    open_sample(at, next(o for o in chooser.options if o.startswith("Baltimore")))
    go(at, "workbook.py")
    assert not any("No scenario here is on career pathways" in c.value for c in at.caption)
    go(at, "contract_terms.py")
    at.radio(key=next(r.key for r in at.radio if r.key.startswith("paysys|"))).set_value("step_and_lane").run()
    open_tab(at, "Achievement Units")
    assert any("pays on the step-and-lane schedule" in i.value for i in at.info), [i.value for i in at.info]
    open_tab(at, "Raises and roll-up")
    assert not any("pays on the step-and-lane schedule" in i.value for i in at.info)
    at.radio(key=next(r.key for r in at.radio if r.key.startswith("paysys|"))).set_value("pathways").run()
    open_tab(at, "Achievement Units")
    assert not any("pays on the step-and-lane schedule" in i.value for i in at.info) and not at.exception


def published_terms(at: AppTest) -> AppTest:
    """Contract terms on a published schedule (steps 1-2 reserved, a half step 3A, then 4, 50, 55; MA ends at
    50), with a new proposal to edit."""
    from tests.test_published_schedules import PUBLISHED, TEACHERS, book
    at = go(upload(at, "published.xlsx", book(PUBLISHED, TEACHERS)), "contract_terms.py")
    at.text_input(key="proposal_name").set_value("Offer")
    next(b for b in at.button if b.label == "New proposal").click().run()
    return at


def offer_cells(at: AppTest) -> dict:
    """The schedule cells the new proposal 'Offer' sets, as (workbook's, proposal's)."""
    from models.changes import differences
    base = at.session_state["loaded"].baseline
    now = next(p for p in at.session_state["proposals"] if p.name == "Offer").terms(base)
    return {k: (a, b) for k, a, b in differences(base, now) if "_salary." in k}


def test_the_salary_tools_choose_steps_by_the_labels_the_schedule_prints():
    """As Prince William County's 'Teacher Salary Scale 2020-21' prints steps 4-33 (1-3 reserved): the Step box
    showed 1 beside 'BA step 3 now pays', and the raise range read 'from step 1 to step 5'; a negotiator who
    typed 4 got printed step 50. Both now offer the printed steps, and the edits and the changes name them."""
    at = published_terms(open_app())
    step = by_key(at.selectbox, "one_number|step_salary")
    assert step.options == ["3", "3A", "4", "50", "55"] and step.value == 1  # kept by position, shown as printed
    assert any(plain(c.value) == "BA step 3 now pays $40,000." for c in at.caption)
    by_key(at.selectbox, "one_group|step_salary").set_value("MA").run()
    assert by_key(at.selectbox, "one_number|step_salary").options == ["3", "3A", "4", "50"]  # MA ends at 50
    by_key(at.selectbox, "one_number|step_salary").select("50").run()
    assert any(plain(c.value) == "MA step 50 now pays $55,000." for c in at.caption)
    by_key(at.number_input, "one_amount|step_salary").set_value(56_000.0)
    by_key(at.button, "one_apply|step_salary").click().run()
    assert offer_cells(at) == {"step_salary.MA.50": (55_000, 56_000)}
    assert by_key(at.selectbox, "all_from|step_salary").options == ["3", "3A", "4", "50", "55"]
    by_key(at.selectbox, "all_group|step_salary").set_value("BA")
    by_key(at.selectbox, "all_from|step_salary").select("4")
    by_key(at.selectbox, "all_to|step_salary").select("50")
    by_key(at.number_input, "all_dollars|step_salary").set_value(1_000.0)
    by_key(at.button, "all_apply|step_salary").click().run()
    assert not at.exception and not at.error
    assert offer_cells(at) == {"step_salary.MA.50": (55_000, 56_000), "step_salary.BA.4": (42_000, 43_000),
                                         "step_salary.BA.50": (50_000, 51_000)}
    words = plain(" ".join(m.value for m in at.markdown))
    assert "MA step 50: $55,000 -> $56,000" in words and "BA step 4: $42,000 -> $43,000" in words


def test_the_step_rules_on_contract_terms_say_the_steps_the_schedule_prints():
    """hire.max_step is chosen among the steps the schedule prints (3, 3A, 4, 50, 55; its help says 1-2 are
    reserved), and a count of steps says which printed steps it keeps, on the Salaries tab and in the changes."""
    at = published_terms(open_app())
    open_tab(at, parameters.BY_KEY["hire.max_step"].tab)
    cap = by_key(at.selectbox, "|Offer|hire.max_step")
    assert cap.options == ["none", "3", "3A", "4", "50", "55"] and cap.value == ""
    assert "Steps as this schedule prints them: 3, 3A, 4, 50, 55 (1, 2 reserved)." in cap.help, cap.help
    cap.select("4").run()
    assert "Highest step a hire is placed on: none -> 4" in plain(" ".join(m.value for m in at.markdown))
    assert dict(at.session_state["proposals"][-1].overrides)["hire.max_step"] == 4  # as a Rules row states it
    by_key(at.selectbox, "|Offer|hire.max_step").select("3A").run()  # a half step, which a number box refused
    assert "Highest step a hire is placed on: none -> 3A" in plain(" ".join(m.value for m in at.markdown))
    open_tab(at, "Salaries")
    assert any(plain(c.value).startswith("The schedule runs from step 3 to step 55 as printed (5 steps)")
               for c in at.caption)
    ends = by_key(at.selectbox, "|Offer|step_count")  # the last step kept, as printed: a negotiator's words
    assert ends.label == "The schedule ends at step" and ends.value == 5
    assert ends.options[:6] == ["3 (1 step)", "3A (2 steps)", "4 (3 steps)", "50 (4 steps)", "55 (5 steps)",
                                "56 (6 steps)"] and ends.options[-1] == "110 (60 steps)"  # added: 56 on
    ends.select(3).run()
    assert not at.exception and not at.error
    words = plain(" ".join(m.value for m in at.markdown))
    assert "Steps in the schedule: 5 -> 3 (steps 3 to 55 -> 3 to 4)" in words, words
    assert dict(at.session_state["proposals"][-1].overrides)["step_count"] == 3  # the count, as a Rules row states it
    assert by_key(at.selectbox, "|Offer|step_count").value == 3
    by_key(at.selectbox, "|Offer|step_count").select(6).run()  # one more than printed: step 56, paying step 55's
    assert "(steps 3 to 55 -> 3 to 56)" in plain(" ".join(m.value for m in at.markdown))


def test_a_published_guides_worked_example_shows_its_figures_on_both_pages(tmp_path):
    """NJSBA's "Costing Out the Contract" (2018): its 2017-2018 guide and the scattergram cells it prints, uploaded
    as a budget officer types them (tests/golden/guide_njsba_costing_out_the_contract.yaml). The Budget page
    shows the salary base the guide's 'Total $/Step' figures add up to, the increment by the guide's method and
    the cost of 1%; the Bargaining table the cast forward, in whole dollars as the guide prints them."""
    import yaml
    from streamlit import dataframe_util

    from tests.test_golden_cases import HERE, write_xlsx
    xlsx = tmp_path / "njsba.xlsx"
    write_xlsx(yaml.safe_load((HERE / "guide_njsba_costing_out_the_contract.yaml").read_text()), xlsx)
    at = upload(open_app(), "njsba.xlsx", xlsx.read_bytes())

    def shown(page: str) -> dict[str, list[str]]:
        go(at, page)
        assert not at.exception
        table = next(t for t in at.table if "Cast forward" in " ".join(map(str, [*t.value.index, *t.value.columns])))
        cells = dataframe_util.convert_arrow_bytes_to_pandas_df(table.proto.arrow_data.styler.display_values)
        rows = zip(table.value.index, cells.itertuples(index=False), strict=True)
        return {plain(str(k)): list(row) for k, row in rows}

    budget = shown("budget.py")  # years across: 2017-2018 (the base), 2018-2019
    assert budget["Cast forward (same staff, no turnover)"] == ["$4,025,800", "$4,051,765"]
    assert budget["Cost of the increment (steps, lanes, intervals; salary only)"][1] == "$25,965"
    assert budget["Cost of 1% (salary only)"] == ["$40,258", "$40,518"]
    table = shown("bargaining_table.py")  # the first year out, scenarios across
    assert table["Cast forward"][0] == "$4,051,765" and table["Breakage"][0] == "$0"
