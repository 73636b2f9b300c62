"""The Workbook page on a district's own staff data (real app through AppTest)."""

from models import workbook
from tests.test_app import PAGES, fingerprint, go, open_app, plain, upload
from tests.test_hr_roster import SCATTER, book

SALARIES = [("Emp No", "FTE", "Years of Service", "Degree", "Step", "Annual Salary"),
            ("A", 1, 0, "BA", 1, 40000), ("B", 1, 0, "BA", 1, 43000), ("C", 0.5, 2, "MA", 3, 23000)]


def test_workbook_page_states_the_scattergram_expansion():
    at = go(upload(open_app(), "scatter.xlsx", book(Scattergram=SCATTER)), "workbook.py")
    assert not at.exception
    assert any("expanded from the Scattergram" in plain(i.value) and "step - 1" in plain(i.value) for i in at.info)
    assert any(m.label == "FTE" and m.value == "8.0" for m in at.metric)
    for page in PAGES:  # every page works on the expanded roster
        assert not go(at, page).exception, page


def test_workbook_page_says_a_total_that_disagrees_with_its_cells_once():
    missed = [("Step", "BA", "MA", "Total"), (1, 2, 1, 3), (2, None, 1, 2), ("Total", 3, 2, 5)]
    at = go(upload(open_app(), "missed.xlsx", book(Scattergram=missed)), "workbook.py")
    assert not at.exception
    said = [plain(i.value) for i in at.info if "disagree" in plain(i.value)]
    assert len(said) == 1 and "lane BA (row 4, column 'BA') states 3, its cells add up to 2" in said[0], said
    assert any(m.label == "FTE" and m.value == "4.0" for m in at.metric)


def test_workbook_page_reconciles_actual_pay_and_keeps_a_confirmed_column_map():
    at = go(upload(open_app(), "hr.xlsx", book(Roster=SALARIES)), "workbook.py")
    assert not at.exception
    raw = " ".join(m.value for m in at.markdown)
    assert "\\$106,000" in raw  # escaped: Markdown would read the text between two dollars as maths
    shown = raw.replace("\\$", "$")
    assert ("Payroll $106,000; schedule cells $104,000; 2 positions off the schedule by $4,000 in all." in shown)
    assert "protected" in shown
    before = fingerprint(at)
    next(b for b in at.button if b.label == "Confirm this mapping").click().run()
    assert not at.exception
    loaded = at.session_state["loaded"]
    assert dict(loaded.column_map)["Degree"] == "lane" and dict(loaded.column_map)["Emp No"] == "employee_id"
    assert fingerprint(at) == before  # the same roster, read the same way
    assert any("Confirmed mapping in use" in c.value for c in at.caption)
    kept = workbook.read(at.session_state["loaded_bytes"])  # what the desk saves and a reload reads
    assert kept.column_map == loaded.column_map and kept.fingerprint == before
