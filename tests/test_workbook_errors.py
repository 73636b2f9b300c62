"""Every malformed or hostile workbook is refused with a clear message naming sheet, row and column.

Each test starts from a real sample (small_district.xlsx), changes one thing (or plants several faults,
to show they are all reported at once) and checks the InputError's problems: the sheet, the row as
the user sees it (header = 1), the column, and what is expected. Hostile files (zip bombs, XML entity
attacks, absurd sizes, encrypted or old files) are refused before any XML is parsed, within seconds.
Builders are in tests/hostile.py.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import subprocess
import sys
import time
import zipfile

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import archive, sheet_rows, workbook
from models.problems import InputError, Problem, Problems
from tests import hostile as H
from tests.conftest import ROOT, SMALL

ROSTER_HEADER_ROW = 1


def problems_of(source, **kwargs) -> list[Problem]:
    with pytest.raises(InputError) as caught:
        workbook.read(source, **kwargs)
    return caught.value.problems


def at(problems: list[Problem], sheet: str, row: int | None, column: str | None) -> Problem:
    """The one problem at this place, or a failure listing what was reported."""
    found = [p for p in problems if (p.sheet, p.row, p.column) == (sheet, row, column)]
    assert len(found) == 1, f"no single problem at {sheet}/{row}/{column} in:\n" + "\n".join(map(str, problems))
    return found[0]


def read_edited(book: openpyxl.Workbook, tmp_path, name: str = "edited.xlsx"):
    return workbook.read(H.save(book, tmp_path / name))


def problems_edited(book: openpyxl.Workbook, tmp_path, name: str = "edited.xlsx") -> list[Problem]:
    return problems_of(H.save(book, tmp_path / name))


@pytest.fixture(scope="module")
def small_fingerprint() -> str:
    return workbook.read(SMALL).fingerprint


# --- 1. sheets and columns --------------------------------------------------------------------
@pytest.mark.parametrize("sheet", ["Roster", "StepSchedule", "Rules", "Assumptions"])
def test_a_missing_required_sheet_is_named(sheet, tmp_path):
    book = H.sample()
    del book[sheet]
    problem = at(problems_edited(book, tmp_path), sheet, None, None)
    assert f"a sheet named '{sheet}'" in problem.expected


def test_every_missing_sheet_is_reported_at_once(tmp_path):
    book = H.sample()
    del book["Rules"], book["Assumptions"]
    problems = problems_edited(book, tmp_path)
    assert {p.sheet for p in problems} == {"Rules", "Assumptions"}


@pytest.mark.parametrize("sheet", ["Roster", "StepSchedule", "Rules", "Assumptions", "Proposals", "Budget"])
def test_an_empty_sheet_asks_for_a_header_row(sheet, tmp_path):
    book = H.sample()
    H.empty_sheet(book, sheet)
    problem = at(problems_edited(book, tmp_path), sheet, 1, None)
    assert problem.found == "an empty sheet" and "header row" in problem.expected


def test_a_roster_with_only_a_header_asks_for_teachers(tmp_path):
    book = H.sample()
    book["Roster"].delete_rows(2, book["Roster"].max_row)
    problem = at(problems_edited(book, tmp_path), "Roster", 2, None)
    assert "at least one teacher" in problem.expected


def test_missing_required_columns_are_all_named_on_the_header_row(tmp_path):
    book = H.sample()
    ws = book["Roster"]
    ws.delete_cols(H.column(ws, "lane"))
    ws.delete_cols(H.column(ws, "fte"))
    rules = book["Rules"]
    rules.delete_cols(H.column(rules, "value"))
    problems = problems_edited(book, tmp_path)
    for sheet, name in (("Roster", "fte"), ("Roster", "lane"), ("Rules", "value")):
        problem = at(problems, sheet, ROSTER_HEADER_ROW, name)
        assert f"a column '{name}' in the header row" in problem.expected
    assert len(problems) == 3


def test_headers_and_sheet_names_match_ignoring_case_spaces_and_synonyms(tmp_path, small_fingerprint):
    """The same data under other spellings is the same workbook: same fingerprint."""
    book = H.sample()
    ws = book["Roster"]
    spelled = {"employee_id": "Employee ID", "fte": " FTE ", "years_experience": "YEARS OF EXPERIENCE",
               "lane": "Salary Lane", "step": "salary_step", "rating": "Evaluation Rating", "school": "Site",
               "credits_banked": "Credits", "au_banked": "Achievement Units", "pathway": "Career Pathway",
               "interval": "pathway-interval"}
    for name, header in spelled.items():
        ws.cell(row=1, column=H.column(ws, name), value=header)
    ws.title = "TEACHERS"
    book["StepSchedule"].title = "Salary Schedule"
    book["Rules"]["A1"], book["Rules"]["B1"] = "Parameter", "AMOUNT"
    book["Proposals"]["A1"] = "Scenario"
    inputs = read_edited(book, tmp_path)
    assert inputs.fingerprint == small_fingerprint


def test_two_sheets_meaning_the_same_are_refused(tmp_path):
    book = H.sample()
    copy = book.copy_worksheet(book["Roster"])
    copy.title = "Teachers"
    problem = at(problems_edited(book, tmp_path), "Teachers", None, None)
    assert "'Roster'" in problem.found and "one Roster sheet" in problem.expected


# --- 2. the roster ------------------------------------------------------------------------------
def test_numbers_stored_as_text_are_accepted(tmp_path, small_fingerprint):
    """Decision: text that is plainly a number ('52,000', '$52,000', '100%', ' 12 ') is read as that number,
    as Excel's 'convert to number' would; the workbook is the same workbook (same fingerprint)."""
    book = H.sample()
    roster, sched = book["Roster"], book["StepSchedule"]
    for row in range(2, 12):
        for name in ("fte", "years_experience", "step"):
            value = roster.cell(row=row, column=H.column(roster, name)).value
            H.put(roster, row, name, "100%" if name == "fte" and value == 1 else f" {value} ")
    sched.cell(row=2, column=H.column(sched, "BA"), value="45,000")
    sched.cell(row=2, column=H.column(sched, "MA"), value="$49,000")
    sched.cell(row=3, column=H.column(sched, "MA"), value="50 464")
    assert read_edited(book, tmp_path).fingerprint == small_fingerprint


def test_text_that_is_not_plainly_a_number_is_refused(tmp_path):
    """'52.000,00' (a European decimal comma) and '1,5' would silently become 52 and 15 if commas were
    simply dropped: they are refused, naming the cell."""
    book = H.sample()
    sched = book["StepSchedule"]
    sched.cell(row=2, column=H.column(sched, "BA"), value="45.000,00")
    H.put(book["Roster"], 2, "fte", "0,5")
    H.put(book["Roster"], 3, "years_experience", "twelve")
    problems = problems_edited(book, tmp_path)
    assert at(problems, "StepSchedule", 2, "BA").found == "45.000,00"
    assert "above 0" in at(problems, "StepSchedule", 2, "BA").expected
    assert at(problems, "Roster", 2, "fte").found == "0,5"
    assert "a whole number from 0 to 70" in at(problems, "Roster", 3, "years_experience").expected
    assert len(problems) == 3


def test_a_date_where_a_number_belongs_is_shown_as_a_date(tmp_path):
    book = H.sample()
    H.put(book["Roster"], 4, "years_experience", dt.datetime(2015, 9, 1))
    H.put(book["Roster"], 5, "step", dt.date(2020, 1, 1))
    problems = problems_edited(book, tmp_path)
    problem = at(problems, "Roster", 4, "years_experience")
    assert isinstance(problem.found, dt.datetime)
    assert "found the date 2015-09-01; expected a whole number from 0 to 70" in str(problem)
    assert "the date 2020-01-01" in str(at(problems, "Roster", 5, "step"))


def test_blank_required_cells_are_each_named(tmp_path):
    book = H.sample()
    roster = book["Roster"]
    for row, name in ((2, "employee_id"), (3, "fte"), (4, "years_experience"), (5, "lane"), (6, "step")):
        H.put(roster, row, name, None)
    H.put(roster, 7, "rating", None)  # blank rating: counted as Effective, with a notice (not a problem)
    problems = problems_edited(book, tmp_path)
    assert at(problems, "Roster", 2, "employee_id").expected == "a unique id"
    assert at(problems, "Roster", 3, "fte").expected == "a number above 0 and at most 1"
    assert at(problems, "Roster", 4, "years_experience").found is None
    assert "a lane of the StepSchedule: BA, BA+15, MA, MA+30" in at(problems, "Roster", 5, "lane").expected
    assert "a step of the StepSchedule (1 to 15)" == at(problems, "Roster", 6, "step").expected
    assert len(problems) == 5


def test_nan_and_infinity_are_refused_as_text_and_as_numbers(tmp_path):
    """Text 'NaN' or 'inf' is not a number; a numeric cell holding NaN/inf (which openpyxl cannot read)
    is found and named by its cell reference."""
    book = H.sample()
    H.put(book["Roster"], 2, "fte", "NaN")
    H.put(book["Roster"], 3, "years_experience", "inf")
    H.put(book["Rules"], H.row_of(book["Rules"], "key", "au.per_interval"), "value", "-Infinity")
    problems = problems_edited(book, tmp_path)
    assert at(problems, "Roster", 2, "fte").found == "NaN"
    assert at(problems, "Roster", 3, "years_experience").found == "inf"
    assert len(problems) == 3

    numeric = H.with_sheet_xml("Roster", H.set_cell_xml("B2", b'<c r="B2"><v>NaN</v></c>'))
    numeric = H.with_sheet_xml("StepSchedule", H.set_cell_xml("C5", b'<c r="C5"><v>inf</v></c>'), numeric)
    problems = problems_of(numeric)
    assert at(problems, "Roster", 2, "B").found == "NaN"
    assert "NaN and infinity are not numbers" in at(problems, "StepSchedule", 5, "C").expected
    assert len(problems) == 2


def test_duplicate_employee_ids_name_both_rows(tmp_path):
    book = H.sample()
    roster = book["Roster"]
    first = roster.cell(row=2, column=H.column(roster, "employee_id")).value
    H.put(roster, 9, "employee_id", first)
    H.put(roster, 12, "employee_id", first)
    problems = problems_edited(book, tmp_path)
    for row in (9, 12):
        assert at(problems, "Roster", row, "employee_id").expected == "a unique id (also on row 2)"
    assert len(problems) == 2


def test_out_of_range_roster_values_are_all_reported_at_once(tmp_path):
    """FTE outside (0, 1], negative years, steps beyond the schedule, unknown lanes, ratings and pathways,
    negative banked credits: one workbook, every fault reported."""
    book = H.sample()
    roster = book["Roster"]
    faults = {
        (2, "fte"): 0, (3, "fte"): 1.5, (4, "fte"): -0.5,
        (5, "years_experience"): -1, (6, "years_experience"): 71,  # 2.5 is read as 2 completed years
        (7, "step"): 16, (8, "step"): 0,
        (9, "lane"): "PhD",
        (10, "rating"): "Superb",
        (11, "pathway"): "Expert",
        (12, "credits_banked"): -3,
    }
    for (row, name), value in faults.items():
        H.put(roster, row, name, value)
    H.put(roster, 11, "interval", 1)
    problems = problems_edited(book, tmp_path)
    for (row, name), value in faults.items():
        assert at(problems, "Roster", row, name).found == value
    assert len(problems) == len(faults)
    assert at(problems, "Roster", 2, "fte").expected == "a number above 0 and at most 1"
    assert "a step of the StepSchedule (1 to 15)" == at(problems, "Roster", 7, "step").expected
    assert "Highly effective, Effective, Developing or Ineffective" in at(problems, "Roster", 10, "rating").expected
    assert "a pathway of the Pathways sheet" in at(problems, "Roster", 11, "pathway").expected


def test_an_interval_beyond_the_pathway_is_refused(tmp_path):
    book = H.sample()
    H.add_pathways(book)
    H.put(book["Roster"], 2, "pathway", "Standard")
    H.put(book["Roster"], 2, "interval", 6)
    problem = at(problems_edited(book, tmp_path), "Roster", 2, "interval")
    assert "Standard intervals 1 to 5" in problem.expected


def test_name_like_columns_are_dropped_with_a_notice(tmp_path, small_fingerprint):
    book = H.sample()
    roster = book["Roster"]
    extra = {"Name": "Ada Lovelace", "First name": "Ada", "Last Name": "Lovelace", "email": "ada@example.org"}
    start = roster.max_column + 1
    for offset, (header, value) in enumerate(extra.items()):
        roster.cell(row=1, column=start + offset, value=header)
        for row in range(2, roster.max_row + 1):
            roster.cell(row=row, column=start + offset, value=value)
    inputs = read_edited(book, tmp_path)
    notice = next(n for n in inputs.notices if "dropped" in n)
    assert all(header in notice for header in extra) and notice.startswith("Sheet 'Roster'")
    assert "Lovelace" not in inputs.roster.to_string() and "ada@" not in inputs.roster.to_string()
    assert inputs.fingerprint == small_fingerprint


# --- 3. Rules and Assumptions -----------------------------------------------------------------
def test_rules_and_assumptions_faults_are_all_reported(tmp_path):
    book = H.sample()
    rules, assumptions = book["Rules"], book["Assumptions"]
    row = {key: H.row_of(rules, "key", key) for key in ("au.per_interval", "model.pass_rate", "review.cycle_years",
                                                        "lead.slots", "conversion.stipend_mode")}
    H.put(rules, row["au.per_interval"], "value", 0)
    H.put(rules, row["model.pass_rate"], "value", 1.5)
    H.put(rules, row["review.cycle_years"], "value", "five")
    H.put(rules, row["lead.slots"], "key", "lead.slot")
    H.put(rules, row["conversion.stipend_mode"], "value", "generous")
    rules.append(("au.per_interval", 10))  # the same key twice
    a_row = {key: H.row_of(assumptions, "key", key) for key in ("horizon", "exit_rate.0-3", "rating.persistence")}
    H.put(assumptions, a_row["horizon"], "value", 2.5)
    H.put(assumptions, a_row["exit_rate.0-3"], "value", -0.1)
    H.put(assumptions, a_row["rating.persistence"], "value", dt.datetime(2024, 1, 1))
    problems = problems_edited(book, tmp_path)

    assert at(problems, "Rules", row["au.per_interval"], "value").expected == (
        "a number from 1 to 100 (AUs) for au.per_interval")
    assert "a share between 0 and 1" in at(problems, "Rules", row["model.pass_rate"], "value").expected
    assert at(problems, "Rules", row["review.cycle_years"], "value").found == "five"
    assert at(problems, "Rules", row["lead.slots"], "key").found == "lead.slot"
    assert "one of flat, top_up" in at(problems, "Rules", row["conversion.stipend_mode"], "value").expected
    assert "each key once" in at(problems, "Rules", rules.max_row, "key").expected
    assert "a whole number from 1 to 40" in at(problems, "Assumptions", a_row["horizon"], "value").expected
    assert "a share between 0 and 1" in at(problems, "Assumptions", a_row["exit_rate.0-3"], "value").expected
    assert "the date 2024-01-01" in str(at(problems, "Assumptions", a_row["rating.persistence"], "value"))
    assert len(problems) == 9


@pytest.mark.parametrize("value", [0, -12, 0.5, "twelve", None])
def test_au_per_interval_must_be_from_1_to_100(value, tmp_path):
    book = H.sample()
    row = H.row_of(book["Rules"], "key", "au.per_interval")
    H.put(book["Rules"], row, "value", value)
    problem = at(problems_edited(book, tmp_path), "Rules", row, "value")
    assert problem.expected == "a number from 1 to 100 (AUs) for au.per_interval"


def test_rating_shares_that_do_not_add_up_are_refused(tmp_path):
    book = H.sample()
    H.put(book["Assumptions"], H.row_of(book["Assumptions"], "key", "rating_share.effective"), "value", 0.9)
    problem = at(problems_edited(book, tmp_path), "Rules/Assumptions", None, "rating_share.*")
    assert "add up to 1" in problem.expected


# --- 4. StepSchedule and Pathways -------------------------------------------------------------
def test_step_schedule_faults_are_all_reported(tmp_path):
    """Missing cells, zero and negative salaries, a salary that falls from one step to the next (a typo;
    level is allowed) and steps out of order."""
    book = H.sample()
    ws = book["StepSchedule"]
    ba, ma, ma30 = (H.column(ws, lane) for lane in ("BA", "MA", "MA+30"))
    ws.cell(row=4, column=ba).value = None
    ws.cell(row=5, column=ma).value = 0
    ws.cell(row=6, column=ma30).value = -51000
    ws.cell(row=9, column=ba).value = ws.cell(row=8, column=ba).value - 1  # falls below step 7
    ws.cell(row=12, column=1).value = 12  # the row for step 11 says 12: step 12 twice
    problems = problems_edited(book, tmp_path)
    assert "repeat its top salary" in at(problems, "StepSchedule", 4, "BA").expected
    assert at(problems, "StepSchedule", 5, "MA").found == 0
    assert at(problems, "StepSchedule", 6, "MA+30").found == -51000
    falls = at(problems, "StepSchedule", 9, "BA")
    assert "the salary at step 7" in falls.expected and "never fall" in falls.expected
    assert "each step once (also on row 12)" == at(problems, "StepSchedule", 13, "step").expected
    assert len(problems) == 5


def test_a_schedule_salary_of_exactly_the_most_is_taken_and_a_dollar_more_is_told_the_bound_in_digits(tmp_path):
    """The reader's salary bound is MAX_SALARY too, and its message says 10,000,000 (it said 1e+07)."""
    book = H.sample()
    ws = book["StepSchedule"]
    last = max(r for r in range(2, ws.max_row + 1) if isinstance(ws.cell(row=r, column=H.column(ws, "MA+30")).value,
                                                                   int | float))
    ws.cell(row=last, column=H.column(ws, "MA+30")).value = 10_000_000
    assert 10_000_000 in read_edited(book, tmp_path).baseline.step_schedule.salaries[-1]
    ws.cell(row=last, column=H.column(ws, "MA+30")).value = 10_000_001
    expected = at(problems_edited(book, tmp_path), "StepSchedule", last, "MA+30").expected
    assert expected.startswith("a number above 0 and at most 10,000,000 (a salary on every step"), expected


def test_level_steps_are_accepted(tmp_path):
    book = H.sample()
    ws = book["StepSchedule"]
    for lane in ("BA", "MA"):
        col = H.column(ws, lane)
        ws.cell(row=3, column=col).value = ws.cell(row=2, column=col).value
    assert read_edited(book, tmp_path).baseline.step_schedule.salaries[1][0] == 45000


def test_a_bad_step_schedule_header_is_refused(tmp_path):
    book = H.sample()
    ws = book["StepSchedule"]
    ws.cell(row=1, column=3).value = "BA"  # two lanes called BA
    problem = at(problems_edited(book, tmp_path), "StepSchedule", 1, None)
    assert "one named, distinct column per lane" in problem.expected


def test_pathways_faults_are_all_reported(tmp_path):
    book = H.sample()
    ws = H.add_pathways(book)
    ws.cell(row=3, column=3).value = -48750  # Standard 2: negative
    ws.cell(row=5, column=3).value = 40000  # Standard 4: below Standard 3
    ws.cell(row=8, column=1).value = "Expert"  # Professional 2 -> an unknown pathway
    ws.cell(row=9, column=2).value = None  # Professional 3: no interval
    ws.append(("Professional", 12, 90000))  # Professional 12 twice
    problems = problems_edited(book, tmp_path)
    assert at(problems, "Pathways", 3, "salary").found == -48750
    assert "the salary at Standard interval 3" in at(problems, "Pathways", 5, "salary").expected
    assert "one of Standard, Professional, Model, Lead" in at(problems, "Pathways", 8, "pathway").expected
    assert at(problems, "Pathways", 9, "interval").found is None
    assert "each Professional interval once" in at(problems, "Pathways", ws.max_row, "interval").expected
    gap = at(problems, "Pathways", None, "interval")  # Professional 2 and 3 are gone: a gap
    assert gap.found == [1] + list(range(4, 13)) and "Professional intervals" in gap.expected
    assert "with no gap" in gap.expected
    assert len(problems) == 6


def test_a_market_salary_is_above_0_and_at_most_the_most_like_every_salary(tmp_path):
    """The Market sheet's comparison salaries took 0 (its low bound was closed); 10,000,000 is still one."""
    book = H.sample()
    ws = book.create_sheet("Market")
    ws.append(("years_experience", "salary"))
    ws.append((0, 48_000))
    ws.append((10, 10_000_000))
    assert read_edited(book, tmp_path).market == ((0, 48_000), (10, 10_000_000))
    ws.append((20, 0))
    ws.append((30, 10_000_001))
    problems = problems_edited(book, tmp_path)
    assert [(p.row, p.column, p.found, p.expected) for p in problems] == [
        (4, "salary", 0, "a number above 0 and at most 10,000,000"),
        (5, "salary", 10_000_001, "a number above 0 and at most 10,000,000")]


# --- 5. Proposals -------------------------------------------------------------------------------
def test_proposals_faults_name_the_row_and_the_cell(tmp_path):
    book = H.sample()
    ws = book["Proposals"]
    ws.append(("Union offer", "raise.20x6", 0.02, None))  # an unknown parameter path
    ws.append(("Union offer", "step_salary.PhD.3", 60000, None))  # a lane the schedule does not have
    ws.append(("Union offer", "pathway_salary.Standard.9", 60000, None))  # past the next interval
    ws.append(("Union offer", "raise.2027", "lots", None))  # a bad value
    ws.append(("Union offer", "lead.slots", -4, None))
    ws.append(("Union offer", "seed", 7, None))  # a global setting, not a contract term
    ws.append(("Union offer", "step_salary.BA.2", 0, None))  # a salary of 0
    ws.append(("Union offer", "raise.2027", 0.01, None))  # the same parameter twice in one proposal
    ws.append((None, "raise.2028", 0.01, None))  # no proposal name
    ws.append(("Status quo", "raise.2028", 0.01, None))  # the reserved name
    first = ws.max_row - 9
    problems = problems_edited(book, tmp_path)
    assert at(problems, "Proposals", first, "parameter").found == "raise.20x6"
    assert "a lane of BA, BA+15, MA, MA+30" in at(problems, "Proposals", first + 1, "parameter").expected
    assert "or the next one, to add it" in at(problems, "Proposals", first + 2, "parameter").expected
    assert at(problems, "Proposals", first + 3, "value").expected == "a number from -0.5 to 0.5 (share) for raise.2027"
    assert at(problems, "Proposals", first + 4, "value").found == -4
    assert "not a global setting" in at(problems, "Proposals", first + 5, "parameter").expected
    assert "a salary in dollars above 0 and at most 10,000,000 for step_salary.BA.2" == at(
        problems, "Proposals", first + 6, "value").expected
    assert "also on row" in at(problems, "Proposals", first + 7, "parameter").expected
    assert at(problems, "Proposals", first + 8, "proposal").expected == "a proposal name"
    assert "other than 'Status quo'" in at(problems, "Proposals", first + 9, "proposal").expected
    assert len(problems) == 10


def test_a_proposals_salary_of_exactly_the_most_is_taken_and_a_dollar_more_is_refused(tmp_path):
    """The one salary bound (terms.as_salary): 10,000,000 is a salary, 10,000,001 is not."""
    book = H.sample()
    book["Proposals"].append(("Top cell", "step_salary.BA.2", 10_000_000, None))
    inputs = read_edited(book, tmp_path)
    terms = inputs.proposal("Top cell").terms(inputs.baseline)
    assert terms.step_schedule.salaries[1][terms.step_schedule.lanes.index("BA")] == 10_000_000
    book["Proposals"].cell(book["Proposals"].max_row, 3).value = 10_000_001
    problem = at(problems_edited(book, tmp_path), "Proposals", book["Proposals"].max_row, "value")
    assert problem.expected == "a salary in dollars above 0 and at most 10,000,000 for step_salary.BA.2"


def test_an_unknown_proposal_named_on_the_command_line_lists_the_known_ones():
    out = run("project", SMALL, "--proposal", "Union offer")
    assert out.returncode == 2 and "Traceback" not in out.stdout + out.stderr
    assert "no proposal named 'Union offer'" in out.stderr
    assert "Pathways proposal" in out.stderr and "Schedule raise" in out.stderr


# --- formulas, hidden sheets ---------------------------------------------------------------------
def test_formulas_without_saved_results_are_named_by_cell(tmp_path):
    """openpyxl (like any program) writes formulas with no cached result: the reader cannot know the value."""
    book = H.sample()
    H.put(book["Roster"], 2, "fte", "=1/2")
    H.put(book["Roster"], 3, "rating", '=IF(TRUE,"Effective","")')
    book["StepSchedule"].cell(row=3, column=H.column(book["StepSchedule"], "MA"), value="=D2*1.03")
    H.put(book["Rules"], H.row_of(book["Rules"], "key", "lead.slots"), "value", "=2+1")
    H.put(book["Proposals"], 2, "note", "=A2")  # an unused cell: no problem
    problems = problems_edited(book, tmp_path)
    fte = at(problems, "Roster", 2, "fte")
    assert fte.found == "=1/2" and "formula has no saved result" in fte.expected
    assert at(problems, "Roster", 3, "rating").found.startswith("=IF(")
    assert at(problems, "StepSchedule", 3, "MA").found == "=D2*1.03"
    assert at(problems, "Rules", H.row_of(book["Rules"], "key", "lead.slots"), "value").found == "=2+1"
    assert len(problems) == 4  # one per cell: a formula's blank is not reported again


def test_a_formula_in_a_header_is_named_by_column_letter(tmp_path):
    book = H.sample()
    book["Budget"]["B1"] = '="amount"'
    problem = at(problems_edited(book, tmp_path), "Budget", 1, "B")
    assert "formula has no saved result" in problem.expected


def test_formulas_with_saved_results_are_read(small_fingerprint):
    """As Excel saves them: the formula and its last result; the result is what is read."""
    data = H.with_sheet_xml("Roster", H.set_cell_xml("B2", b'<c r="B2"><f>2/2</f><v>1</v></c>'))
    assert workbook.read(data).fingerprint == small_fingerprint


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_hidden_sheets_are_read_with_a_notice(state, tmp_path, small_fingerprint):
    """Decision: a hidden sheet the workbench reads is read (it is part of the file both sides hold) and
    flagged, so nobody is surprised by terms they cannot see in Excel."""
    book = H.sample()
    book["Proposals"].sheet_state = state
    inputs = read_edited(book, tmp_path)
    assert any("'Proposals' is hidden" in n and "Unhide" in n for n in inputs.notices)
    assert inputs.fingerprint == small_fingerprint


# --- 6. hostile files ------------------------------------------------------------------------------
def refused_quickly(source, within: float = 5.0) -> list[Problem]:
    start = time.perf_counter()
    problems = problems_of(source)
    assert time.perf_counter() - start < within
    return problems


def test_a_zip_bomb_by_size_is_refused_unread():
    problem = at(refused_quickly(H.zip_bomb(megabytes=256)), "(file)", None, None)
    assert "unpack to 269 MB" in problem.found and "zip bomb" in problem.expected


def test_a_zip_bomb_by_ratio_is_refused_unread():
    problem = at(refused_quickly(H.zip_bomb(megabytes=20)), "(file)", None, None)
    assert "xl/worksheets/sheet3.xml" in problem.found and "times its size" in problem.found
    assert "at most 100 times" in problem.expected


def test_a_zip_that_lies_about_a_size_is_refused_as_damaged():
    """zipfile never unpacks more than a part declares; a longer part fails its checksum."""
    data = H.SMALL.read_bytes()
    name = H.sheet_part(data, "Roster")
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    # Patch the central directory's record of the Roster part: it now says it unpacks to 1000 bytes.
    record = data.index(b"PK\x01\x02")
    while data[record + 46:record + 46 + len(name)] != name.encode():
        record = data.index(b"PK\x01\x02", record + 4)
    assert int.from_bytes(data[record + 24:record + 28], "little") == info.file_size
    lying = data[:record + 24] + (1000).to_bytes(4, "little") + data[record + 28:]
    problem = at(refused_quickly(lying), "(file)", None, None)
    assert "damaged" in problem.found


@pytest.mark.parametrize("attack", [H.billion_laughs, H.external_entity], ids=["billion-laughs", "external-entity"])
def test_xml_entity_attacks_are_refused_unread(attack):
    data = H.with_sheet_xml("Roster", lambda xml: attack())
    problem = at(refused_quickly(data, within=2), "(file)", None, None)
    assert "document type declaration" in problem.found and "xl/worksheets/sheet3.xml" in problem.found


def test_an_entity_attack_in_shared_strings_is_refused():
    members = H.parts(H.SMALL.read_bytes())
    members["xl/sharedStrings.xml"] = H.billion_laughs()
    problem = at(refused_quickly(H.package(members), within=2), "(file)", None, None)
    assert "xl/sharedStrings.xml" in problem.found


def test_openpyxl_parses_with_defusedxml_as_a_second_line_of_defence(monkeypatch):
    """requirements.txt installs defusedxml; openpyxl then parses every part with it (openpyxl/xml)."""
    import defusedxml
    import openpyxl.xml.functions

    assert openpyxl.DEFUSEDXML is True
    assert openpyxl.xml.functions.iterparse.__module__.startswith("defusedxml")
    # Even with the reader's own check switched off, the attack is refused (as a damaged sheet), not run.
    monkeypatch.setattr(archive, "DTD_MARKS", (b"\x00never\x00",))
    data = H.with_sheet_xml("Roster", lambda xml: H.billion_laughs())
    with pytest.raises(ValueError) as caught:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        list(book["Roster"].iter_rows(values_only=True))
    assert isinstance(caught.value.__cause__ or caught.value, defusedxml.DefusedXmlException)
    problem = at(refused_quickly(data, within=2), "(file)", None, None)
    assert problem.found.startswith("a damaged workbook (EntitiesForbidden")


def test_the_reader_opens_workbooks_read_only_and_values_only(monkeypatch):
    calls = []
    real = sheet_rows.load_workbook

    def spy(*args, **kwargs):
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(sheet_rows, "load_workbook", spy)
    workbook.read(SMALL)
    assert calls and all(c["read_only"] and c["data_only"] for c in calls)


def test_a_merged_cell_bomb_costs_nothing(small_fingerprint):
    """Merging A1:XFD1048576 would make 17 billion cells in openpyxl's normal mode; read-only ignores merges."""
    start = time.perf_counter()
    assert workbook.read(H.merged_cell_bomb()).fingerprint == small_fingerprint
    assert time.perf_counter() - start < 5


def test_a_sheet_declaring_a_million_rows_is_refused_unread(tmp_path):
    book = H.sample()
    book["Roster"].cell(row=1_000_000, column=1, value="T999999")
    book["StepSchedule"].cell(row=2, column=5_000, value=1)
    problems = refused_quickly(H.save(book, tmp_path / "huge.xlsx"))
    rows = at(problems, "Roster", 1_000_000, None)
    assert "1,000,000 rows" in rows.found and "at most 200,000 rows" in rows.expected
    columns = at(problems, "StepSchedule", None, "GJH")
    assert "5,000 columns" in columns.found and "300 columns" in columns.expected
    assert len(problems) == 2


def test_a_sheet_that_understates_its_size_is_read_only_up_to_the_limit():
    problem = at(refused_quickly(H.understated_rows(900_000)), "Roster", workbook.MAX_ROWS + 1, None)
    assert "below row 200,000" in problem.found and "the rest was not read" in problem.expected


@pytest.mark.parametrize("data, words", [
    (H.ole2(), "encrypted (password-protected) workbook or an old .xls"),
    (b"", "an empty file"),
    (bytes(range(256)) * 40, "not a spreadsheet"),
    (b"<html><body><table><tr><td>employee_id</td></tr></table></body></html>", "a web page (HTML)"),
    (b"\x50\x4b\x03\x04" + bytes(2000), "a damaged or incomplete .xlsx"),
], ids=["ole2", "empty", "garbage", "html", "truncated-zip"])
def test_files_that_are_not_xlsx_are_named_for_what_they_are(data, words):
    problem = at(refused_quickly(data, within=1), "(file)", None, None)
    assert words in problem.found and "xlsx" in problem.expected


def test_a_file_past_the_size_limit_is_refused_after_reading_no_more_than_the_limit(tmp_path):
    path = tmp_path / "huge.xlsx"
    with open(path, "wb") as file:
        file.truncate(workbook.MAX_FILE_BYTES + 10_000_000)  # sparse: costs no disk
    problem = at(refused_quickly(path), "(file)", None, None)
    assert problem.found == "a file larger than 50 MB"


def test_a_package_of_thousands_of_parts_is_refused_unread():
    members = H.parts(H.SMALL.read_bytes())
    members.update({f"xl/media/image{i}.png": b"" for i in range(workbook.MAX_PARTS)})
    problem = at(refused_quickly(H.package(members)), "(file)", None, None)
    assert "parts" in problem.found and "zip bomb" in problem.expected


def test_an_encrypted_or_old_xls_says_to_save_as_xlsx():
    problem = at(problems_of(H.ole2()), "(file)", None, None)
    assert "save as .xlsx" in problem.expected and "password" in problem.expected


def test_a_csv_uploaded_as_xlsx_says_so(small, tmp_path):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(small.roster.to_csv(index=False).encode())
    problem = at(problems_of(path), "(file)", None, None)
    assert "a text (CSV) file" in problem.found and "save it as .xlsx" in problem.expected


@pytest.mark.parametrize("name, content, words", [
    ("xl/workbook.bin", b"\x00", "an Excel binary workbook (.xlsb)"),
    ("content.xml", b"<x/>", "an OpenDocument spreadsheet (.ods)"),
])
def test_other_zip_spreadsheets_are_named(name, content, words):
    members = {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", name: content,
               "[Content_Types].xml": b"<Types/>"}
    problem = at(problems_of(H.package(members)), "(file)", None, None)
    assert problem.found == words


def test_a_zip_that_is_not_a_workbook_is_refused():
    problem = at(problems_of(H.package({"word/document.xml": b"<w/>", "[Content_Types].xml": b"<T/>"})),
                 "(file)", None, None)
    assert problem.found == "a zip file that is not an Excel workbook"


def test_a_damaged_part_is_refused_without_a_traceback():
    members = H.parts(H.SMALL.read_bytes())
    members["xl/workbook.xml"] = b"<workbook><sheets><sheet"  # cut short
    problem = at(problems_of(H.package(members)), "(file)", None, None)
    assert problem.found.startswith("a damaged workbook") and "save it again" in problem.expected


def test_a_hostile_roster_csv_is_refused_with_a_message(tmp_path):
    problems = problems_of(SMALL, roster_csv=b"\xff\xfe\x00garbage\x00")
    assert at(problems, "Roster (CSV)", None, None).found == "undecodable bytes"
    problems = problems_of(SMALL, roster_csv=b'employee_id,fte\n"' + b"x" * 200_000 + b'",1\n')
    assert at(problems, "Roster (CSV)", None, None).found.startswith("unreadable text")


# --- no crash on any cell value (property) ----------------------------------------------------------
SAMPLE_TABLES = workbook._open_xlsx(SMALL.read_bytes(), Problems(), [])
ODD_VALUES = st.sampled_from([
    None, "", " ", "x", "=A1", workbook.Formula("=A1"), 0, -1, 0.5, 1, 99, 1e308, -1e308, math.inf, math.nan,
    "52,000", "1,5", "NaN", "-", "%", True, dt.datetime(2020, 1, 1), dt.time(12, 0), "Standard", "BA", "effective",
    "pathways", "raise.2026", "T000001", 10**30])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(sorted(SAMPLE_TABLES)), st.integers(0, 400), st.integers(0, 12),
                          ODD_VALUES), min_size=1, max_size=8))
def test_any_odd_cell_value_gives_inputs_or_an_input_error(changes):
    tables = {name: list(rows) for name, rows in SAMPLE_TABLES.items()}
    for sheet, row_index, col, value in changes:
        rows = tables[sheet]
        number, values = rows[row_index % len(rows)]
        values = list(values) + [None] * max(0, col + 1 - len(values))
        values[col] = value
        rows[row_index % len(rows)] = (number, tuple(values))
    try:
        workbook.build_inputs(tables, Problems(), [])
    except InputError as exc:
        assert exc.problems
        for p in exc.problems:
            assert p.sheet and p.expected and (p.row is None or p.row >= 1)


# --- the command line ---------------------------------------------------------------------------
def run(*args):
    return subprocess.run([sys.executable, "-m", "models", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def test_validate_lists_every_problem_with_sheet_row_and_column_and_exits_2(tmp_path):
    book = H.sample()
    H.put(book["Roster"], 3, "fte", 1.5)
    H.put(book["Roster"], 4, "lane", "PhD")
    H.put(book["Rules"], H.row_of(book["Rules"], "key", "model.pass_rate"), "value", 2)
    path = H.save(book, tmp_path / "bad.xlsx")
    out = run("validate", path)
    assert out.returncode == 2
    assert "Traceback" not in out.stdout + out.stderr
    assert out.stderr.startswith("The workbook has 3 problems in 2 sheets (Roster, Rules); start with sheet "
                                 "'Roster', row 3:")
    assert "sheet 'Roster', row 3, column 'fte': found 1.5; expected a number above 0 and at most 1" in out.stderr
    assert "sheet 'Roster', row 4, column 'lane': found 'PhD'" in out.stderr
    assert "sheet 'Rules', row 22, column 'value': found 2; expected a share between 0 and 1" in out.stderr


@pytest.mark.parametrize("make, words", [
    (lambda: H.ole2(), "save as .xlsx"),
    (lambda: H.zip_bomb(megabytes=20), "zip bomb"),
    (lambda: H.with_sheet_xml("Roster", lambda xml: H.billion_laughs()), "document type declaration"),
    (lambda: H.with_sheet_xml("Roster", H.set_cell_xml("B2", b'<c r="B2"><v>NaN</v></c>')),
     "sheet 'Roster', row 2, column 'B': found 'NaN'"),
], ids=["ole2", "zip-bomb", "billion-laughs", "nan-cell"])
def test_validate_refuses_hostile_files_without_a_traceback(make, words, tmp_path):
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(make())
    out = run("validate", path)
    assert out.returncode == 2
    assert "Traceback" not in out.stdout + out.stderr
    assert words in out.stderr
