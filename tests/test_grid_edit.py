"""Salary grids edited as finance officers do: pasted grids, raises by % and $, dips, confirmations."""

from hypothesis import given, settings
from hypothesis import strategies as st

from models.changes import cell_values, confirmation, differences, in_words, label
from models.grid_edit import PATHWAYS, STEPS, dips, grid_of, parse_pasted, raised


def cells_falling(terms) -> set[tuple[str, str]]:
    return {(d.lower, d.upper) for prefix in (STEPS, PATHWAYS) for d in dips(grid_of(terms, prefix))}


def test_a_grid_that_falls_up_an_interval_or_across_a_lane_is_flagged_with_the_cells(baltimore):
    base = baltimore.baseline
    assert dips(grid_of(base, PATHWAYS)) == [] and dips(grid_of(base, STEPS)) == []
    model_2 = base.pathways.salary("Model", 2)
    falling = base.with_overrides({"pathway_salary.Model.1": model_2 + 900})
    assert [str(d) for d in dips(grid_of(falling, PATHWAYS))] == [
        f"Model interval 2 (${model_2:,.0f}) pays less than Model interval 1 (${model_2 + 900:,.0f})"]
    top = base.pathways.intervals("Standard")
    onto = base.with_overrides({f"pathway_salary.Standard.{top}": base.pathways.salary("Professional", 1) + 1})
    assert cells_falling(onto) == {(f"pathway_salary.Standard.{top}", "pathway_salary.Professional.1")}
    lanes = base.step_schedule.lanes
    across = base.with_overrides({f"step_salary.{lanes[1]}.4": base.step_schedule.salaries[3][0] - 1})
    found = cells_falling(across)
    assert (f"step_salary.{lanes[0]}.4", f"step_salary.{lanes[1]}.4") in found  # across a lane
    assert (f"step_salary.{lanes[1]}.3", f"step_salary.{lanes[1]}.4") in found  # up a step


def test_a_grid_pasted_from_a_spreadsheet_lands_cell_for_cell(baltimore):
    grid = grid_of(baltimore.baseline, PATHWAYS)
    with_names = ("Interval\tStandard ($)\tProfessional\tModel\tLead\r\n"
                  "1\t$50,000\t60,000\t80000\t\r\n2\t51000\t\t81000\t\r\n")
    cells, problems = parse_pasted(with_names, grid)
    assert problems == []
    assert cells == {"pathway_salary.Standard.1": 50000, "pathway_salary.Professional.1": 60000,
                     "pathway_salary.Model.1": 80000, "pathway_salary.Standard.2": 51000,
                     "pathway_salary.Model.2": 81000}
    plain, _ = parse_pasted("50000\t60000\t80000\t90000\n", grid)  # no names: the grid's columns in order
    assert plain == {"pathway_salary.Standard.1": 50000, "pathway_salary.Professional.1": 60000,
                     "pathway_salary.Model.1": 80000, "pathway_salary.Lead.1": 90000}
    numbered, _ = parse_pasted("Model\n7\t88000\n8\t89000", grid)  # a header and step numbers on the left
    assert numbered == {"pathway_salary.Model.7": 88000, "pathway_salary.Model.8": 89000}


def test_a_pasted_grid_with_a_bad_cell_is_refused_whole_with_the_cell_named(baltimore):
    grid = grid_of(baltimore.baseline, PATHWAYS)
    assert parse_pasted("50000\tabc\t1\t2\n", grid) == ({}, [
        "pasted row 1, Professional interval 1: found 'abc'; expected a salary in dollars above 0 and at most "
        "10,000,000"])
    assert parse_pasted("Standard\tMentor\n1\t2", grid)[1] == ["the pasted heading 'Mentor' is not one of Standard, "
                                                               "Professional, Model, Lead"]
    assert parse_pasted("50000\t60000\t70000\t80000\t90000\n", grid)[1][0].startswith("pasted row 1 has 5 cells")
    assert parse_pasted(" \n", grid)[1][0].startswith("the pasted text is empty")


def test_a_pasted_salary_is_held_to_the_one_salary_rule_and_its_cell_named_as_the_grid_shows_it(baltimore):
    """The salary rule of a proposal's cells (terms.as_salary): a paste checked only 'above 0' took 20,000,000."""
    grid = grid_of(baltimore.baseline, PATHWAYS)
    assert parse_pasted("Model\n7\t10,000,000", grid) == ({"pathway_salary.Model.7": 10_000_000}, [])
    assert parse_pasted("Interval\tModel\tLead\n7\t88000\t20,000,000\n8\t0\t90000", grid) == ({}, [
        "pasted row 1, Lead interval 7: found '20,000,000'; expected a salary in dollars above 0 and at most "
        "10,000,000",
        "pasted row 2, Model interval 8: found '0'; expected a salary in dollars above 0 and at most 10,000,000"])


def test_a_raise_by_percent_and_flat_dollars_covers_the_lane_and_step_range_chosen(baltimore):
    sched = baltimore.baseline.step_schedule
    grid = grid_of(baltimore.baseline, STEPS)
    lane = sched.lanes[1]
    cells = raised(grid, [lane], 2, 4, percent=2.0, dollars=1500)
    assert cells == {f"step_salary.{lane}.{s}": round(sched.salaries[s - 1][1] * 1.02 + 1500) for s in (2, 3, 4)}
    flat = raised(grid, list(sched.lanes), 1, sched.steps, dollars=1500)
    assert len(flat) == sched.steps * len(sched.lanes)
    assert flat[f"step_salary.{sched.lanes[0]}.1"] == sched.salaries[0][0] + 1500


def test_an_edit_is_confirmed_in_words_with_its_cost():
    line = "Model interval 3: $82,200 -> $86,000"
    assert confirmation([line], 4_100_000, 10, "District offer") == (
        "Model interval 3: $82,200 -> $86,000; +$4.1M over 10 years (District offer)")
    assert confirmation([line] * 5, -12_000, 1, "X") == f"{line}; {line} and 3 more cells; -$12K over 1 year (X)"


CELL = st.tuples(st.sampled_from(["pathway", "step", "year"]), st.integers(0, 3), st.integers(1, 20),
                 st.integers(30_000, 150_000))


def _edit_key(base, kind: str, column: int, row: int) -> str:
    """A cell of the grid the kind names: a pathway interval, a step, or a step of 2012's own grid."""
    if kind == "pathway":
        pathway = ["Standard", "Professional", "Model", "Lead"][column]
        return f"pathway_salary.{pathway}.{min(row, base.pathways.intervals(pathway))}"
    lane, step = base.step_schedule.lanes[column], min(row, base.step_schedule.steps)
    return f"step_salary.{lane}.{step}" if kind == "step" else f"step_salary.2012.{lane}.{step}"


@settings(max_examples=40, deadline=None)
@given(edits=st.lists(CELL, min_size=1, max_size=12))
def test_any_sequence_of_cell_edits_changes_exactly_the_edited_cells(baltimore, edits):
    """Each edit is added to the proposal's overrides, as Contract terms does; only those cells differ."""
    base = baltimore.baseline
    overrides = {}
    for kind, column, row, salary in edits:
        overrides[_edit_key(base, kind, column, row)] = salary
        edited = base.with_overrides(overrides)
    was = {**cell_values(base)}
    wanted = {k for k, v in overrides.items() if v != was.get(k)}
    assert {key for key, _, _ in differences(base, edited)} == wanted
    words = " ".join(in_words(base, edited))
    assert all(f"{label(k)}: " in words and f"${v:,.0f}" in words for k, v in overrides.items() if k in wanted)


def test_a_published_schedule_is_edited_by_its_step_labels_and_its_lanes_end_where_they_end():
    """Rows 3, 3A, 4, 50, 55 (MA ends at 50): cells, raises and pasted rows name steps by their labels."""
    from models import workbook
    from tests.test_published_schedules import PUBLISHED, TEACHERS, book
    base = workbook.read(book(PUBLISHED, TEACHERS)).baseline
    grid = grid_of(base, STEPS)
    assert grid.rows("BA") == 5 and grid.rows("MA") == 4  # nothing below MA's last step
    assert list(grid.as_cells())[:3] == ["step_salary.BA.3", "step_salary.BA.3A", "step_salary.BA.4"]
    assert raised(grid, ["MA"], 2, 3, dollars=500) == {"step_salary.MA.3A": 46500.0, "step_salary.MA.4": 47500.0}
    cells, problems = parse_pasted("Step\tBA\tMA\n3A\t41500\t46500\n50\t50500\t55500", grid)
    assert not problems and cells == {"step_salary.BA.3A": 41500, "step_salary.MA.3A": 46500,
                                      "step_salary.BA.50": 50500, "step_salary.MA.50": 55500}
    edited = base.with_overrides(cells)
    assert edited.step_schedule.salaries[1] == (41500, 46500) and edited.step_schedule.salaries[3] == (50500, 55500)
    assert dips(grid_of(base.with_overrides({"step_salary.MA.50": 46000}), STEPS))  # falls from MA 4 (47,000)
