"""A district's own staff data: Scattergram, HR exports (synonyms, ColumnMap, LaneCodes, totals rows),
roster CSVs in every encoding and separator, and actual pay (reconciliation, protected off-grid pay).
Every workbook here is a real .xlsx written with openpyxl and read through the public reader."""

import io

import numpy as np
import openpyxl
import pandas as pd
import pytest

from models import engine, workbook
from models.parameters import BY_KEY, Context, find
from models.problems import InputError
from models.reconcile import reconcile
from tests.district import QUIET

SCHEDULE = [("step", "BA", "BA+15", "MA", "PhD"),
            (1, 40000, 41000, 44000, 48000),
            (2, 42000, 43000, 46000, 50000),
            (3, 44000, 45000, 48000, 52000),
            (4, 46000, 47000, 50000, 54000)]


def book(settings: dict | None = None, **sheets: list[tuple]) -> bytes:
    """A workbook with the StepSchedule above, quiet Rules/Assumptions (plus `settings`), and the sheets given."""
    values = {**QUIET, **(settings or {})}
    sheet_of = {k: (BY_KEY.get(k) or find(k, Context(lanes=("BA",)))[0]).sheet for k in values}
    rules = [("key", "value")] + [(k, v) for k, v in values.items() if sheet_of[k] == "Rules"]
    assumptions = [("key", "value")] + [(k, v) for k, v in values.items() if sheet_of[k] == "Assumptions"]
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in {"StepSchedule": SCHEDULE, "Rules": rules, "Assumptions": assumptions, **sheets}.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def problems_of(data: bytes, **kw) -> list:
    with pytest.raises(InputError) as caught:
        workbook.read(data, **kw)
    return caught.value.problems


# --- Scattergram ---------------------------------------------------------------------------

SCATTER = [("Step", "BA", "BA15", "MA", "Salary", "Total"),  # BA15 is BA+15; a salary column; a totals column
           ("Step 1", 2, None, 1.5, 40000, 3.5),
           (2, 1, 1, None, 42000, 2),
           ("3.0", None, 0.5, 2, 44000, 2.5),
           ("Total", 3, 1.5, 3.5, None, 8)]


def test_scattergram_expands_into_positions_with_their_fte_years_and_default_rating():
    inputs = workbook.read(book(Scattergram=SCATTER))
    r = inputs.roster
    assert r["fte"].sum() == pytest.approx(8.0)
    # 3.5 FTE in MA step 1 is three full-time positions and one half-time one
    ma1 = r[(r["lane"] == "MA") & (r["step"] == 1)]
    assert sorted(ma1["fte"]) == [0.5, 1.0]  # 1.5 FTE: one full-time, one half-time
    assert len(r) == 2 + 2 + 1 + 1 + 1 + 2  # BA1, MA1, BA2, BA+15 2, BA+15 3 (0.5), MA3
    assert (r["years_experience"] == r["step"] - 1).all()  # no Placement sheet
    assert set(r["rating"]) == {"effective"}
    said = " ".join(inputs.notices)
    assert "expanded from the Scattergram" in said and "step - 1" in said and "Effective" in said
    assert "column 'Total', row 5 ('Total') are totals; column 'Salary' holds salaries" in said


def test_a_total_that_disagrees_with_its_cells_is_said_once_and_the_cells_are_read():
    """A missed cell (BA step 2 left blank) under totals typed for it: the lane's Total row, the step's Total
    column and the grand total each say what they state and what the cells add up to, in one notice; the
    workbook is still read, from the cells. Totals that agree (SCATTER's) say nothing. Before, no word."""
    missed = [row[:] for row in SCATTER]
    missed[2] = (2, None, 1, None, 42000, 2)
    inputs = workbook.read(book(Scattergram=missed))
    assert inputs.roster["fte"].sum() == pytest.approx(7.0)
    said = [n for n in inputs.notices if "disagree" in n]
    assert said == ["Scattergram: 3 totals disagree with the cells they total (a cell missed or mistyped?): "
                    "step 2 (row 3, column 'Total') states 2, its cells add up to 1; lane BA (row 5, column 'BA') "
                    "states 3, its cells add up to 2; all cells (row 5, column 'Total') states 8, its cells add "
                    "up to 7. The cells are read; the totals are not."], inputs.notices
    assert not [n for n in workbook.read(book(Scattergram=SCATTER)).notices if "disagree" in n]
    across = [("Step", 1, 2, 3, "Total"), ("BA", 2, 1, None, 3), ("BA15", None, 1, 0.5, 1.5), ("MA", 1.5, None, 2, 5),
              ("Total", 3.5, 2, 2.5, 8), ("Salary", 40000, 42000, 44000)]
    said = [n for n in workbook.read(book(Scattergram=across)).notices if "disagree" in n]
    assert said == ["Scattergram: 1 total disagrees with the cells it totals (a cell missed or mistyped?): "
                    "lane MA (row 4, column 'Total') states 5, its cells add up to 3.5. The cells are read; the "
                    "total is not."], said


def test_placement_chart_and_stated_default_rating_are_used():
    data = book({"roster.default_rating": "Developing"}, Scattergram=SCATTER,
                Placement=[("step", "years"), (1, 0), (2, 3), (3, 6)])
    inputs = workbook.read(data)
    years = inputs.roster.groupby("step")["years_experience"].unique().to_dict()
    assert {s: list(v) for s, v in years.items()} == {1: [0], 2: [3], 3: [6]}
    assert set(inputs.roster["rating"]) == {"developing"}
    assert "Placement sheet" in " ".join(inputs.notices) and "Developing" in " ".join(inputs.notices)
    assert dict(inputs.baseline.params)["roster.default_rating"] == "developing"


def _roster_of(cells: dict[tuple[str, int], float]) -> list[tuple]:
    """A hand-written roster with the same FTE per cell, in other ids and another split of part-timers."""
    rows = [("employee_id", "fte", "years_experience", "lane", "step", "rating")]
    n = 0
    for (lane, step), fte in cells.items():
        halves = int(round(fte * 2))
        for _ in range(halves):
            n += 1
            rows.append((f"T{n:03d}", 0.5, step - 1, lane, step, "Effective"))
    return rows


CELLS = {("BA", 1): 2, ("MA", 1): 1.5, ("BA", 2): 1, ("BA+15", 2): 1, ("BA+15", 3): 0.5, ("MA", 3): 2}


def test_a_scattergram_and_the_roster_it_expands_to_cost_the_same():
    scatter = workbook.read(book(Scattergram=SCATTER))
    by_hand = workbook.read(book(Roster=_roster_of(CELLS)))  # all half-time positions, other ids
    exported = workbook.read(workbook.to_bytes(scatter))  # the expanded roster written out
    assert exported.fingerprint == scatter.fingerprint
    totals = [engine.project(x)[0].totals for x in (scatter, by_hand, exported)]
    for key in ("base_salary", "rollup", "total_cost"):
        np.testing.assert_allclose(totals[0][key], totals[1][key])
        np.testing.assert_allclose(totals[0][key], totals[2][key])
    # by hand, year 0: 2x40000 + 1.5x44000 + 42000 + 43000 + 0.5x45000 + 2x48000
    assert totals[0]["base_salary"][0, 0] == pytest.approx(80000 + 66000 + 42000 + 43000 + 22500 + 96000)


def test_roster_and_scattergram_together_must_agree():
    agree = workbook.read(book(Scattergram=SCATTER, Roster=_roster_of(CELLS)))
    assert any("agrees with the Roster" in n for n in agree.notices)
    assert len(agree.roster) == 16  # the Roster is used
    cells = {**CELLS, ("MA", 3): 3}
    found = problems_of(book(Scattergram=SCATTER, Roster=_roster_of(cells)))
    assert len(found) == 1 and found[0].sheet == "Scattergram"
    assert "MA step 3: 2 FTE here, 3 in the Roster" in str(found[0])


def test_a_scattergram_cell_problem_names_the_cell_as_written_and_helper_columns_are_refused():
    bad = [("Step", "BA", "MA", None), (1, "two", 1, 7), (2, 1, 1, 8), (9, 1, 1)]
    found = problems_of(book(Scattergram=bad))
    where = [(p.sheet, p.row, p.column) for p in found]
    assert ("Scattergram", 2, "BA") in where  # 'two' is not a count
    assert ("Scattergram", 2, "D") in where  # a number under no header never becomes a lane: said once
    assert ("Scattergram", 4, "Step") in where  # step 9 is not on the schedule
    assert len(where) == 3
    unknown = problems_of(book(Scattergram=[("Step", "BA", "Masters"), (1, 1, 1)]))
    assert [(p.row, p.column) for p in unknown] == [(1, "Masters")]


def test_no_roster_and_no_scattergram_says_either_will_do():
    found = problems_of(book())
    assert [p.sheet for p in found] == ["Roster"] and "or a Scattergram sheet" in found[0].expected


# --- HR exports -----------------------------------------------------------------------------

HR_HEADER = ("Emp No", "FTE", "Years of Service", "Degree", "Step", "Annual Salary")


def test_hr_export_headers_step_labels_and_lane_codes_as_they_come():
    rows = [HR_HEADER, (101, 1, 4, "BA15", "Step 3", 45000), (102, "0.5", 0, "DOC", "1.0", 24000),
            (103, 1, 2, "m.a.", 2, 46000), ("Total", 2.5, None, None, None, 115000)]
    inputs = workbook.read(book(Roster=rows, LaneCodes=[("code", "lane"), ("DOC", "PhD")]))
    r = inputs.roster.set_index("employee_id")
    assert r.loc["101", ["lane", "step"]].tolist() == ["BA+15", 3]
    assert r.loc["102", ["lane", "step", "fte"]].tolist() == ["PhD", 1, 0.5]
    assert r.loc["103", "lane"] == "MA"
    assert len(r) == 3  # the totals row is no teacher
    assert any("row 5 ('Total') is a totals row" in n for n in inputs.notices)
    assert any("no rating; counted as Effective" in n for n in inputs.notices)  # rating is optional
    assert inputs.lane_codes == (("DOC", "PhD"),)
    assert dict(inputs.roster_headers)["Degree"] == "lane" and dict(inputs.roster_headers)["Emp No"] == "employee_id"


def test_two_headers_meaning_one_column_are_said_so():
    rows = [("Employee ID", "FTE", "Step", "Column", "Years of Service", "Degree"), (1, 1, 2, "MA", 1, "Masters")]
    inputs = workbook.read(book(Roster=rows))
    assert inputs.roster["lane"].tolist() == ["MA"]
    assert any("'Degree' also means lane, read from 'Column'" in n and "ColumnMap" in n for n in inputs.notices)


def test_fte_in_percent_and_fractional_years_of_service_as_hr_systems_write_them():
    rows = [("Emp No", "FTE %", "Years of Service", "Degree", "Step"), (1, 100, 12.75, "BA", 1),
            (2, "50", 3, "BA", 2), (3, 80, 0.5, "MA", 1), ("Total", 230, None, None, None)]
    inputs = workbook.read(book(Roster=rows))
    r = inputs.roster.set_index("employee_id")
    assert r["fte"].to_dict() == {"1": 1.0, "2": 0.5, "3": 0.8}
    assert r["years_experience"].to_dict() == {"1": 12, "2": 3, "3": 0}
    said = " ".join(inputs.notices)
    assert "the FTE % column is read as percent" in said
    assert "2 teacher(s) have years of experience with a fraction (first on row 2)" in said
    typo = [("employee_id", "fte", "years_experience", "lane", "step"), (1, 1, 0, "BA", 1), (2, 1.5, 0, "BA", 1)]
    assert [(p.row, p.column) for p in problems_of(book(Roster=typo))] == [(3, "fte")]  # 1.5 is no percent
    typo[1:] = [(1, 2, 0, "BA", 1), (2, 50, 0, "BA", 1)]  # no 100, no % in the header: not percent
    assert [(p.row, p.column) for p in problems_of(book(Roster=typo))] == [(2, "fte"), (3, "fte")]
    rows[0] = ("Emp No", "Assignment FTE", "Years of Service", "Degree", "Step")
    assert workbook.read(book(Roster=rows)).roster["fte"].tolist() == [1.0, 0.5, 0.8]  # 10 to 100, some at 100


def test_unmapped_lane_codes_are_listed_once_with_their_counts():
    rows = [HR_HEADER] + [(i, 1, 0, "DOC" if i % 3 else "XYZ", 1, 48000) for i in range(1, 31)]
    found = problems_of(book(Roster=rows))
    assert len(found) == 1
    p = found[0]
    assert (p.sheet, p.row, p.column) == ("Roster", None, "Degree")  # the column as the user wrote it
    assert "'DOC' on 20 row(s), first row 2" in str(p) and "'XYZ' on 10 row(s), first row 4" in str(p)


def test_problems_name_the_column_as_the_export_writes_it():
    rows = [HR_HEADER, (1, 1.5, 0, "BA", 1, None), (1, 1, 0, "BA", "Step six", None)]
    where = {(p.row, p.column) for p in problems_of(book(Roster=rows))}
    assert where == {(2, "FTE"), (3, "Emp No"), (3, "Step")}


def test_a_bad_flag_is_named_at_its_row():
    rows = [("employee_id", "fte", "years_experience", "lane", "step", "Hard to serve"), ("A", 1, 0, "BA", 1, "maybe")]
    assert [(p.row, p.column) for p in problems_of(book(Roster=rows))] == [(2, "Hard to serve")]


def test_roster_and_budget_problems_are_reported_together():
    rows = [HR_HEADER, (1, 2, 0, "BA", 1, None)]
    found = problems_of(book(Roster=rows, Budget=[("year", "amount"), ("next year", 1)]))
    assert {p.sheet for p in found} == {"Roster", "Budget"}


def test_problems_name_the_sheet_as_the_workbook_writes_it():
    rows = [("employee_id", "fte", "years_experience", "lane", "step"), (1, 3, 0, "BA", 1)]
    assert [p.sheet for p in problems_of(book(Teachers=rows))] == ["Teachers"]


def test_column_map_says_which_column_is_which_and_travels_with_the_workbook():
    # 'Column' is an HR system's column for something else; 'Track' holds the lane
    rows = [("Staff", "Load", "Exp", "Track", "Column", "Step"), ("A1", 1, 3, "MA", "X-17", 4),
            ("A2", 0.8, 1, "BA", "X-02", 2)]
    column_map = [("workbook_column", "workbench_column"), ("Staff", "employee_id"), ("Load", "fte"),
                  ("Exp", "years_experience"), ("Track", "lane"), ("Column", "ignore")]
    inputs = workbook.read(book(Roster=rows, ColumnMap=column_map))
    assert inputs.roster.set_index("employee_id")["lane"].to_dict() == {"A1": "MA", "A2": "BA"}
    assert inputs.column_map == tuple(column_map[1:])
    exported = workbook.to_bytes(inputs)
    assert [tuple(r) for r in openpyxl.load_workbook(io.BytesIO(exported))["ColumnMap"].values] == column_map
    # the other side loads the exported workbook with the same HR export as a CSV: the same roster
    csv = "\n".join(",".join(map(str, r)) for r in rows).encode()
    again = workbook.read(exported, roster_csv=csv)
    pd.testing.assert_frame_equal(again.roster, inputs.roster)
    assert again.fingerprint == inputs.fingerprint


def test_a_column_map_confirmed_in_the_app_replaces_the_sheet_and_a_bad_target_is_named():
    rows = [("Staff", "Load", "Exp", "Track", "Step"), ("A1", 1, 3, "MA", 4)]
    mapping = (("Staff", "employee_id"), ("Load", "fte"), ("Exp", "years_experience"), ("Track", "lane"),
               ("Step", "step"))
    assert workbook.read(book(Roster=rows), column_map=mapping).column_map == mapping
    found = problems_of(book(Roster=rows, ColumnMap=[("workbook_column", "workbench_column"), ("Load", "hours")]))
    assert ("ColumnMap", 2, "workbench_column") in {(p.sheet, p.row, p.column) for p in found}


# --- CSV ------------------------------------------------------------------------------------

CSV_ROWS = [("Employee ID", "FTE", "Years of Service", "Column", "Step", "School"),
            ("1", "1", "4", "BA", "4.0", "École Sainte-Thérèse"), ("2", "0.5", "0", "MA", "Step 1", "Hill, North")]


def _csv_text(delimiter: str) -> str:
    lines = []
    for row in CSV_ROWS:
        cells = [f'"{c}"' if delimiter in c or "," in c else c for c in row]
        if delimiter == ";":
            cells = [c.replace("0.5", "0,5") for c in cells]  # a semicolon file writes decimal commas
        lines.append(delimiter.join(cells))
    return "\r\n".join(lines) + "\r\n"


ENCODINGS = {"UTF-8": lambda t: t.encode("utf-8"), "UTF-8 with BOM": lambda t: t.encode("utf-8-sig"),
             "Windows-1252": lambda t: t.encode("cp1252"), "UTF-16": lambda t: t.encode("utf-16"),
             "UTF-16 LE without BOM": lambda t: t.encode("utf-16-le")}
SEPARATORS = {",": "commas", ";": "semicolons", "\t": "tabs"}


@pytest.mark.parametrize("delimiter", list(SEPARATORS))
@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_roster_csv_in_every_encoding_and_separator(encoding, delimiter):
    data = ENCODINGS[encoding](_csv_text(delimiter))
    inputs = workbook.read(book(Roster=[("employee_id",)]), roster_csv=data)
    r = inputs.roster.set_index("employee_id")
    assert r["school"].to_dict() == {"1": "École Sainte-Thérèse", "2": "Hill, North"}
    assert r["fte"].to_dict() == {"1": 1.0, "2": 0.5}
    assert r["step"].to_dict() == {"1": 4, "2": 1}
    shown = encoding.split(" ")[0] if encoding != "UTF-8 with BOM" else "UTF-8"
    assert f"read as {shown} text, separated by {SEPARATORS[delimiter]}" in " ".join(inputs.notices)


def test_a_csv_roster_problem_names_the_csv_and_its_header():
    data = b"Emp No;FTE;Years of Service;Column;Step\r\n7;1,5;3;BA;2\r\n"
    found = problems_of(book(Roster=[("employee_id",)]), roster_csv=data)
    assert [(p.sheet, p.row, p.column) for p in found] == [("Roster (CSV)", 2, "FTE")]


def test_undecodable_csv_is_one_problem():
    found = problems_of(book(Roster=[("employee_id",)]), roster_csv=b"id,fte\n\x81\x8d\x8f\x90\x9d,1\n")
    assert len(found) == 1 and "UTF-8, UTF-16 or Windows-1252" in found[0].expected


# --- Actual pay -----------------------------------------------------------------------------

def test_salary_column_is_reconciled_with_the_schedule_by_hand():
    rows = [("employee_id", "fte", "years_experience", "lane", "step", "salary"),
            ("A", 1, 0, "BA", 1, 40000),      # on the cell
            ("B", 1, 0, "BA", 1, 43000),      # 3,000 above (red-circled)
            ("C", 0.5, 2, "MA", 3, 23000),    # cell 48,000 x 0.5 = 24,000: 1,000 below
            ("D", 1, 1, "BA", 2, None)]       # no salary given
    inputs = workbook.read(book(Roster=rows))
    check = reconcile(inputs)
    assert (check.payroll, check.schedule) == (106000, 40000 + 40000 + 24000)
    assert (check.off, check.off_by, check.above, check.below) == (2, 4000, 1, 1)
    assert check.sentence().startswith("Payroll $106,000; schedule cells $104,000; 2 positions off the schedule "
                                       "by $4,000 in all (salary given for 3 of 4 positions).")
    assert workbook.read(workbook.to_bytes(inputs)).fingerprint == inputs.fingerprint  # salary written back


def test_a_salary_column_of_full_time_rates_is_pointed_out():
    rows = [("employee_id", "fte", "years_experience", "lane", "step", "salary"),
            ("A", 0.5, 0, "BA", 1, 40000), ("B", 0.5, 1, "BA", 2, 42000), ("C", 1, 0, "BA", 1, 40000)]
    check = reconcile(workbook.read(book(Roster=rows)))
    assert (check.part_time, check.full_time_rate, check.above) == (2, 2, 2)
    assert "2 of 2 part-time positions have a salary equal to their cell at full time" in check.sentence()
    rows[1] = ("A", 0.5, 0, "BA", 1, 20000)
    assert "part-time" not in reconcile(workbook.read(book(Roster=rows[:2]))).sentence()


def test_off_grid_pay_is_protected_until_the_schedule_overtakes_it():
    rows = [("employee_id", "fte", "years_experience", "lane", "step", "salary"),
            ("A", 1, 0, "BA", 1, 43000), ("B", 0.5, 0, "BA", 1, 19000), ("C", 1, 0, "BA", 1, None)]
    p = engine.project(workbook.read(book(Roster=rows)))[0]
    # A: 43,000 protected over 40,000 and 42,000; at step 3 (44,000) the schedule overtakes it.
    # B: paid 19,000 for half time, below the cell (20,000): costed at the cell. C: on the schedule.
    by_hand = [43000 + 20000 + 40000, 43000 + 21000 + 42000, 44000 + 22000 + 44000, 46000 + 23000 + 46000]
    np.testing.assert_allclose(p.totals["base_salary"][:, 0], by_hand)
    without = engine.project(workbook.read(book(Roster=[r[:5] for r in rows])))[0]
    assert without.totals["base_salary"][0, 0] == 100000 and without.totals["base_salary"][2, 0] == 110000


def test_protected_pay_is_no_pay_difference_between_scenarios():
    """A proposal that changes no pay keeps the status quo's exits, protected teachers included."""
    rows = [("employee_id", "fte", "years_experience", "lane", "step", "salary")] + [
        (f"P{i}", 1, 0, "BA", 1, 47000) for i in range(40)]
    data = book({"exit_rate.0+": 0.3, "elasticity.at_entry": -3, "replicates": 4}, Roster=rows,
                Proposals=[("proposal", "parameter", "value"), ("Same pay", "au.per_interval", 10)])
    inputs = workbook.read(data)
    status_quo, same = engine.project(inputs)
    np.testing.assert_allclose(same.totals["separations"], status_quo.totals["separations"])
    np.testing.assert_allclose(same.totals["base_salary"], status_quo.totals["base_salary"])
