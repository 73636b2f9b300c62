"""Published schedules as they are (labels, reserved rows, lanes ending early, longevity) and first contact
(the summary, a cause said once, template examples), through real .xlsx files."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from models import workbook
from models.engine import project
from models.problems import InputError
from tests.district import QUIET

HEADER = ("employee_id", "fte", "years_experience", "lane", "step", "rating")
# As a district publishes it: steps 1 and 2 reserved, a half step 3A, then 4, 50 and 55; MA ends at 50.
PUBLISHED = [("Step", "BA", "MA"), (1, "Reserved", "Reserved"), (2, None, None),
             (3, 40000, 45000), ("3A", 41000, 46000), (4, 42000, 47000), (50, 50000, 55000), (55, 51000, None)]


def book(schedule: list[tuple], teachers: list[tuple], rules: dict | None = None) -> bytes:
    wb = Workbook()
    wb.active.title = "Roster"
    wb["Roster"].append(HEADER)
    for row in teachers:
        wb["Roster"].append(row)
    ws = wb.create_sheet("StepSchedule")
    for row in schedule:
        ws.append(list(row))
    values = {**QUIET, **(rules or {})}
    for sheet in ("Rules", "Assumptions"):
        wb.create_sheet(sheet).append(("key", "value"))
    from models.parameters import Context, find
    for key, value in values.items():
        wb[find(key, Context(lanes=("BA", "MA")))[0].sheet].append((key, value))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def problems(data: bytes) -> InputError:
    with pytest.raises(InputError) as caught:
        workbook.read(data)
    return caught.value


TEACHERS = [("A", 1.0, 0, "BA", 3, "Effective"), ("B", 1.0, 1, "MA", "3A", "Effective"),
            ("C", 1.0, 9, "MA", 50, "Effective"), ("D", 1.0, 12, "BA", 55, "Effective")]


def test_reserved_and_half_steps_keep_their_labels_and_move_in_schedule_order():
    inputs = workbook.read(book(PUBLISHED, TEACHERS))
    sched = inputs.baseline.step_schedule
    assert sched.step_labels == ("3", "3A", "4", "50", "55")
    assert [label for _, label in sched.reserved] == ["1", "2"]
    sq, = project(inputs, horizon=3)
    # A: BA 3 -> 3A -> 4 -> 50; B: MA 3A -> 4 -> 50 -> stays (MA ends at 50); C stays at MA 50; D at BA's top.
    assert sq.teacher["salary"][:, 0].tolist() == [40000, 41000, 42000, 50000]
    assert sq.teacher["salary"][:, 1].tolist() == [46000, 47000, 55000, 55000]
    assert sq.teacher["salary"][:, 2].tolist() == [55000] * 4
    assert sq.teacher["salary"][:, 3].tolist() == [51000] * 4


def test_a_published_schedule_exports_as_published_and_reimports_with_the_same_fingerprint():
    inputs = workbook.read(book(PUBLISHED, TEACHERS))
    written = workbook.to_bytes(inputs)
    sheet = load_workbook(io.BytesIO(written))["StepSchedule"]
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows()]
    assert [r[0] for r in rows] == ["step", 1, 2, 3, "3A", 4, 50, 55]
    assert rows[1][1:] == ("Reserved", "Reserved") and rows[-1] == (55, 51000, None)  # reserved; MA's blank end
    roster = load_workbook(io.BytesIO(written))["Roster"]
    step = [c.value for c in roster[1]].index("step")
    assert sorted(str(r[step].value) for r in roster.iter_rows(min_row=2)) == ["3", "3A", "50", "55"]
    again = workbook.read(written)
    assert again.fingerprint == inputs.fingerprint
    assert again.baseline.step_schedule == inputs.baseline.step_schedule


def test_a_step_on_a_reserved_row_or_past_a_lanes_end_is_refused_in_the_schedules_words():
    error = problems(book(PUBLISHED, [("A", 1.0, 0, "BA", 2, "Effective"), ("B", 1.0, 0, "MA", 55, None)]))
    by_row = {p.row: p.expected for p in error.problems}
    assert by_row[2] == "a step of the StepSchedule (3, 3A, 4, 50, 55); reserved steps have no salaries"
    assert by_row[3] == "a step lane MA has: it ends at step 50 on the StepSchedule"
    assert len(error.problems) == 2


def test_a_gap_inside_a_lane_is_still_a_problem():
    schedule = PUBLISHED[:4] + [("3A", None, 46000)] + PUBLISHED[5:]
    error = problems(book(schedule, TEACHERS))
    assert [(p.row, p.column) for p in error.problems] == [(5, "BA")]


def test_the_default_schedule_keeps_its_fingerprint_shape():
    """Steps 1..N with every lane to the end carry no labels, reserved rows or tops (quiet defaults)."""
    plain = [("step", "BA", "MA"), (1, 40000, 45000), (2, 42000, 47000)]
    sched = workbook.read(book(plain, [("A", 1.0, 0, "BA", 1, None)])).baseline.step_schedule
    assert (sched.labels, sched.reserved, sched.tops) == ((), (), ())


def test_longevity_by_hand():
    """longevity.15 = 1,500 and .20 = 3,000 (the highest reached is paid); steps 40,000 -> 42,000 (top).
    A: 14 years, 1.0 FTE, step 1. 2025: 40,000. 2026: step 2 and 15 years: 42,000 + 1,500 = 43,500.
    B: 19 years, 0.5 FTE, step 2. 2025: 0.5 x (42,000 + 1,500) = 21,750. 2026: 0.5 x (42,000 + 3,000) = 22,500.
    Roll-up 10% rides on longevity (pensionable); the 2026 gain of A's longevity is movement, not a raise."""
    schedule = [("step", "BA", "MA"), (1, 40000, 45000), (2, 42000, 47000)]
    teachers = [("A", 1.0, 14, "BA", 1, None), ("B", 0.5, 19, "BA", 2, None)]
    inputs = workbook.read(book(schedule, teachers, {"longevity.15": 1500, "longevity.20": 3000,
                                                     "rollup.rate": 0.1}))
    sq, = project(inputs, horizon=1)
    assert sq.teacher["salary"][:, 0].tolist() == [40000, 43500]
    assert sq.teacher["salary"][:, 1].tolist() == [21750, 22500]
    assert sq.totals["rollup"][:, 0].round(2).tolist() == [6175, 6600]
    assert sq.growth["movement"][1, 0] == pytest.approx(2000 + 1500 + 750)
    assert sq.growth["raises"][1, 0] == pytest.approx(0)
    assert workbook.read(workbook.to_bytes(inputs)).fingerprint == inputs.fingerprint


def test_a_bad_lane_header_is_one_problem_not_a_cascade():
    """Before: an unreadable lane header also gave a Rules error per lane key with an empty list of lanes."""
    data = book([("step", "BA", "BA"), (1, 40000, 45000)], [("A", 1.0, 0, "BA", 1, None)],
                {"crosswalk.BA": "Standard", "lane_credits.MA": 30})
    error = problems(data)
    assert [(p.sheet, p.row) for p in error.problems] == [("StepSchedule", 1)]
    assert "BA is named twice" in error.problems[0].expected
    assert error.summary == ("The workbook has 1 problem in 1 sheet (StepSchedule); fix the StepSchedule "
                             "header first")


def test_a_helper_column_of_small_numbers_is_not_a_lane():
    schedule = [("step", "BA", "MA", "Years"), (1, 40000, 45000, 0), (2, 42000, 47000, 1)]
    error = problems(book(schedule, [("A", 1.0, 0, "BA", 1, None)]))
    assert [(p.sheet, p.column) for p in error.problems] == [("StepSchedule", "Years")]
    assert "a helper column beside the grid is not a lane" in error.problems[0].expected
    assert error.problems[0].found == "a column 'Years' of numbers from 0 to 1, not salaries"
    # Past a blank column it is a note, with a notice.
    spaced = [("step", "BA", "MA", None, "Years"), (1, 40000, 45000, None, 0), (2, 42000, 47000, None, 1)]
    inputs = workbook.read(book(spaced, [("A", 1.0, 0, "BA", 1, None)]))
    assert inputs.baseline.step_schedule.lanes == ("BA", "MA")
    assert any("Years after the blank column D are not lanes" in n for n in inputs.notices)



def test_a_helper_columns_numbers_read_in_digits_never_python_s_1e_07():
    """Its numbers were said with {:g}: a -20,000,000 (a deduction column beside the grid) read -2e+07."""
    schedule = [("step", "BA", "MA", "Less"), (1, 40000, 45000, -20_000_000), (2, 42000, 47000, 500)]
    error = problems(book(schedule, [("A", 1.0, 0, "BA", 1, None)]))
    assert [str(p.found) for p in error.problems] == ["a column 'Less' of numbers from -20,000,000 to 500, not "
                                                      "salaries"]

def test_repeated_problems_are_said_once_with_where_they_are():
    teachers = [(f"T{i}", 1.0, 0, "BA", 1, "Superb") for i in range(8)]
    error = problems(book([("step", "BA", "MA"), (1, 40000, 45000)], teachers))
    assert len(error.problems) == 8 and len(error.lines) == 1
    assert error.lines[0].startswith("8 cells in sheet 'Roster', rows 2-9, column 'rating': found 'Superb'")
    assert str(error).startswith("The workbook has 8 problems in 1 sheet (Roster); start with sheet 'Roster', row 2:")


def test_template_examples_leave_when_the_districts_schedule_arrives(tmp_path):
    path = tmp_path / "t.xlsx"
    workbook.write_template(path)
    template = workbook.read(path)  # the untouched template keeps its examples
    assert template.budget and template.proposals
    wb = load_workbook(path)
    del wb["StepSchedule"]
    ws = wb.create_sheet("StepSchedule")
    for row in [("Step", "Bachelors", "Masters"), *[(s, 40000 + 1000 * s, 45000 + 1000 * s) for s in range(1, 21)]]:
        ws.append(row)
    roster = wb["Roster"]
    lane = [c.value for c in roster[1]].index("lane") + 1
    for row in range(2, roster.max_row + 1):
        roster.cell(row=row, column=lane, value="Masters")
    wb.save(path)
    mine = workbook.read(path)
    assert mine.budget == () and mine.proposals == () and not mine.baseline.pathways.defined
    assert mine.baseline.pay_system == "step_and_lane"  # the example pathways left with the example offer
    params = dict(mine.baseline.params)
    assert params["hire.lane"] == "Bachelors" and "crosswalk.BA" not in params
    assert params["rating_share.effective"] == 0.5  # the roster's own shares (2 of 4), not a template row
    assert any(n.startswith("Template example rows dropped") for n in mine.notices)
    assert mine.title == "Budget workbook"  # not the template's title


def test_a_budget_for_other_years_is_flagged():
    wb = load_workbook(io.BytesIO(book([("step", "BA", "MA"), (1, 40000, 45000)], [("A", 1.0, 0, "BA", 1, None)])))
    ws = wb.create_sheet("Budget")
    ws.append(("year", "amount"))
    ws.append((2040, 1e6))
    out = io.BytesIO()
    wb.save(out)
    notices = workbook.read(out.getvalue()).notices
    assert any("do not overlap the projection (2025-2028" in n for n in notices)


def two_schedules(teachers: list[tuple], rules: dict | None = None, long_year: list[tuple] | None = None) -> bytes:
    """A 195-day StepSchedule and a 235-day 'StepSchedule 235'; the roster's 'Schedule' column names each."""
    data = book([("step", "BA", "MA"), (1, 40000, 45000), (2, 42000, 47000)],
                [t[:6] for t in teachers], rules)
    wb = load_workbook(io.BytesIO(data))
    ws = wb.create_sheet("StepSchedule 235")
    for row in long_year or [("step", "BA", "MA"), (1, 48000, 54000), (2, 50400, 56400)]:
        ws.append(row)
    roster = wb["Roster"]
    roster.cell(row=1, column=len(HEADER) + 1, value="Schedule")
    for i, t in enumerate(teachers, start=2):
        roster.cell(row=i, column=len(HEADER) + 1, value=t[6])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


SPLIT = [("A", 1.0, 0, "BA", 1, None, None), ("B", 0.5, 0, "BA", 1, None, 235),
         ("C", 1.0, 5, "MA", 2, None, "StepSchedule 235")]


def test_two_schedules_by_hand():
    """A on the 195-day StepSchedule, B (0.5 FTE) and C on 'StepSchedule 235'; raise 2% in 2026.
    2025: A 40,000; B 0.5 x 48,000 = 24,000; C 56,400 (MA top).
    2026: A 42,000 x 1.02 = 42,840; B 0.5 x 50,400 x 1.02 = 25,704; C 56,400 x 1.02 = 57,528.
    A proposal setting step_salary.235.BA.2 = 51,000 moves B only: 0.5 x 51,000 x 1.02 = 26,010."""
    inputs = workbook.read(two_schedules(SPLIT, {"raise.2026": 0.02}))
    assert inputs.baseline.step_schedule.names == ("", "235")
    sq, = project(inputs, horizon=1)
    assert sq.teacher["salary"].round(2).tolist() == [[40000, 24000, 56400], [42840, 25704, 57528]]
    terms = inputs.baseline.with_overrides({"step_salary.235.BA.2": 51000})
    _, offer = project(inputs, [("Status quo", inputs.baseline), ("Offer", terms)], horizon=1)
    assert offer.teacher["salary"][1].round(2).tolist() == [42840, 26010, 57528]
    again = workbook.read(workbook.to_bytes(inputs))
    assert again.fingerprint == inputs.fingerprint and again.roster["schedule"].tolist() == ["", "235", "235"]
    from models import changes, risk
    assert changes.label("step_salary.235.BA.2") == "BA step 2 (StepSchedule 235)"
    assert "step_salary.235.MA.2" in risk._salary_cells(inputs.baseline, None)  # a % lever moves every schedule


def test_a_hire_takes_the_positions_schedule():
    """Everyone leaves each year (exit rate 1): each position is refilled at BA step 1 of its own schedule."""
    inputs = workbook.read(two_schedules(SPLIT, {"exit_rate.0+": 1}))
    sq, = project(inputs, horizon=1)
    assert sq.teacher["salary"][1].tolist() == [40000, 24000, 48000]


def test_an_unknown_schedule_or_one_of_another_shape_is_refused():
    error = problems(two_schedules([("A", 1.0, 0, "BA", 1, None, "240")]))
    assert [(p.row, p.column) for p in error.problems] == [(2, "Schedule")]  # as the user wrote it
    assert "'StepSchedule <name>': 235" in error.problems[0].expected
    error = problems(two_schedules(SPLIT, long_year=[("step", "BA"), (1, 48000), (2, 50400)]))
    assert [(p.sheet, p.row) for p in error.problems] == [("StepSchedule 235", 1)]
    assert "the same lanes, steps and blank cells as the StepSchedule" in error.problems[0].expected


def test_problems_quote_the_users_own_column_label():
    wb = Workbook()
    wb.active.title = "Roster"
    wb["Roster"].append(("Employee ID", "FTE", "Years of Service", "Column", "Step"))
    wb["Roster"].append(("E1", 1.5, 3, "BA", 1))
    ws = wb.create_sheet("StepSchedule")
    for row in [("Step", "BA"), (1, 40000)]:
        ws.append(row)
    for sheet in ("Rules", "Assumptions"):
        wb.create_sheet(sheet).append(("key", "value"))
    out = io.BytesIO()
    wb.save(out)
    error = problems(out.getvalue())
    assert [(p.row, p.column) for p in error.problems] == [(2, "FTE")]


def test_formulas_without_saved_values_are_one_line_with_their_span():
    rows = [("step", "BA", "MA")] + [(s, f"=40000+{s}*1000", f"=45000+{s}*1000") for s in range(1, 7)]
    error = problems(book(rows, [("A", 1.0, 0, "BA", 1, None)]))
    assert len(error.problems) == 12
    assert error.lines == ["12 formulas without saved values in sheet 'StepSchedule', rows 2-7, columns 'BA', "
                           "'MA': open and save the file in Excel or LibreOffice (or paste values)"]


def test_my_pay_follows_the_members_schedule_and_longevity():
    from models.person import Member, member_projection
    inputs = workbook.read(two_schedules(SPLIT, {"longevity.1": 500}))
    frame = member_projection(inputs, Member(years_experience=0, lane="BA", step=1, schedule="235"), [])
    assert frame["salary"].round(2).tolist()[:2] == [48000, 50400 + 500]  # 1 year of service earns longevity.1
    with pytest.raises(ValueError, match="schedule must be one of StepSchedule, 235"):
        member_projection(inputs, Member(years_experience=0, lane="BA", step=1, schedule="240"), [])


def test_the_scattergram_names_published_steps_in_schedule_order():
    from models import metrics
    from ui import charts
    counts = metrics.scattergram(workbook.read(book(PUBLISHED, TEACHERS)))
    assert counts[["lane", "step"]].values.tolist() == [["BA", "3"], ["BA", "55"], ["MA", "3A"], ["MA", "50"]]
    spec = charts.scattergram(counts).to_dict()
    assert spec["encoding"]["x"]["sort"] == {"field": "step_order"}


def test_a_scattergram_is_read_by_the_schedules_printed_steps():
    """A district's scattergram counts teachers by the steps its schedule prints (as Prince William County's
    'Teacher Salary Scale 2020-21' starts at step 4, steps 1-3 reserved): rows 3, 3A and 55 are those steps,
    a reserved row left empty is skipped, and a count on a reserved step is refused in the schedule's words."""
    def with_scatter(rows: list[tuple]) -> bytes:
        wb = load_workbook(io.BytesIO(book(PUBLISHED, [])))
        del wb["Roster"]
        sheet = wb.create_sheet("Scattergram")
        for row in rows:
            sheet.append(list(row))
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()

    head = ("Step", "BA", "MA")
    inputs = workbook.read(with_scatter([head, (1, None, None), (3, 2, None), ("3A", None, 1), (55, 1, None)]))
    r = inputs.roster
    sched = inputs.baseline.step_schedule
    cells = {(lane, sched.label(int(step))): fte for (lane, step), fte in r.groupby(["lane", "step"])["fte"].sum()
             .items()}
    assert cells == {("BA", "3"): 2.0, ("MA", "3A"): 1.0, ("BA", "55"): 1.0}
    assert sorted(set(zip(r["step"], r["years_experience"], strict=True))) == [(1, 0), (2, 1), (5, 4)]  # by place
    assert ("years of experience 0 on step 3 (the schedule's first) and one more on each step after it "
            "(no Placement sheet)") in " ".join(inputs.notices)
    # headed as the schedule itself is ('Step #' on Prince William County's), the same cells
    again = workbook.read(with_scatter([("Step #", "BA", "MA"), (3, 2, None), ("3A", None, 1), (55, 1, None)]))
    assert again.roster[["lane", "step", "fte"]].equals(r[["lane", "step", "fte"]])
    error = problems(with_scatter([head, (2, 1, None), (3, 2, None)]))
    assert [(p.sheet, p.row, p.expected) for p in error.problems] == [
        ("Scattergram", 2, "a step of the StepSchedule (3, 3A, 4, 50, 55); reserved steps have no salaries, "
                           "or a row labelled Total or Salary")]


def test_a_hires_sheet_is_read_and_written_by_the_schedules_printed_steps():
    """The district's recent hires on BA 3A and MA 50 (the schedule's own labels, as on the Roster): read as
    those steps, written back as printed, and read again to the same fingerprint."""
    wb = load_workbook(io.BytesIO(book(PUBLISHED, TEACHERS)))
    sheet = wb.create_sheet("Hires")
    for row in [("lane", "step", "years_experience", "share"), ("BA", "3A", 0, 3), ("MA", 50, 8, 1)]:
        sheet.append(row)
    out = io.BytesIO()
    wb.save(out)
    inputs = workbook.read(out.getvalue())
    sched = inputs.baseline.step_schedule
    assert [(lane, sched.label(step), years, share) for lane, step, years, share in inputs.hires] == [
        ("BA", "3A", 0, 3.0), ("MA", "50", 8, 1.0)]
    written = workbook.to_bytes(inputs)
    rows = list(load_workbook(io.BytesIO(written))["Hires"].iter_rows(values_only=True))
    assert rows[1:] == [("BA", "3A", 0, 3), ("MA", 50, 8, 1)]
    assert workbook.read(written).fingerprint == inputs.fingerprint


def test_a_placement_chart_and_a_scattergram_roster_mismatch_speak_the_schedules_steps():
    """Beside a Scattergram on the schedule above (steps 1-2 reserved), the Placement sheet's rows 3, 3A and
    55 are those printed steps; a Roster that disagrees with the Scattergram is told so by printed step."""
    def with_sheets(roster: bool = False, **extra: list[tuple]) -> bytes:
        wb = load_workbook(io.BytesIO(book(PUBLISHED, TEACHERS)))
        for name, rows in extra.items():
            sheet = wb.create_sheet(name)
            for row in rows:
                sheet.append(list(row))
        if not roster:
            del wb["Roster"]
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()

    scatter = [("Step", "BA", "MA"), (3, 2, None), ("3A", None, 1), (55, 1, None)]
    placement = [("step", "years_experience"), (3, 0), ("3A", 1), (55, 20)]
    r = workbook.read(with_sheets(Scattergram=scatter, Placement=placement)).roster
    sched = workbook.read(with_sheets(Scattergram=scatter)).baseline.step_schedule
    years = {sched.label(int(s)): sorted(set(y)) for s, y in r.groupby("step")["years_experience"]}
    assert years == {"3": [0], "3A": [1], "55": [20]}
    error = problems(with_sheets(roster=True, Scattergram=scatter))  # the Roster has one on BA 3 and one on MA 50
    assert str(error.problems[0].found) == ("2 cell(s) that differ from the Roster (BA step 3: 2 FTE here, 1 in the "
                                            "Roster; MA step 50: 0 FTE here, 1 in the Roster)")


def with_hires(rules: dict, hires: list[tuple]) -> bytes:
    """The published schedule above with a Hires sheet (lane, step as printed, years, share)."""
    wb = load_workbook(io.BytesIO(book(PUBLISHED, TEACHERS, rules)))
    sheet = wb.create_sheet("Hires")
    for row in [("lane", "step", "years_experience", "share"), *hires]:
        sheet.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_the_hiring_cap_is_the_step_the_schedule_prints():
    """hire.max_step 4 on the schedule above (steps 1-2 reserved; 3, 3A, 4, 50, 55) caps hires at printed step 4,
    as a contract states it: it was the fourth step, printed 50, so a hire on MA 50 kept $55,000. A reserved or
    unknown step is refused in the schedule's words; a step the proposal removes caps at its top step."""
    from models.hires import placement
    inputs = workbook.read(with_hires({"hire.max_step": 4, "exit_rate.0+": 1}, [("BA", "3A", 0, 1), ("MA", 50, 8, 1)]))
    placed = placement(inputs, inputs.baseline)
    sched = inputs.baseline.step_schedule
    assert [sched.label(s) for s in placed.step] == ["3A", "4"]
    assert placed.words.endswith(", no higher than step 4.")
    sq, = project(inputs, horizon=1)
    assert set(sq.teacher["salary"][1].tolist()) <= {41000, 47000}  # BA 3A, and MA 4 (not MA 50's 55,000)
    for cap in (2, 7):
        error = problems(book(PUBLISHED, TEACHERS, {"hire.max_step": cap}))
        assert [(p.column, p.expected) for p in error.problems] == [
            ("hire.max_step", sched.expected_step(cap))]
    compressed = inputs.baseline.with_overrides({"step_count": 3, "hire.max_step": 50})  # keeps 3, 3A, 4
    assert [compressed.step_schedule.label(s) for s in placement(inputs, compressed).step] == ["3A", "4"]


def test_a_half_step_is_a_step_rule_as_printed():
    """A cap or a crosswalk target may be a half step as printed (3A): a whole-number box refused it ('a whole
    number'), so a teacher on removed step 55 could not be sent to 3A, nor hires capped there."""
    from models.compiled import _step_crosswalk
    from models.hires import placement
    inputs = workbook.read(with_hires({"hire.max_step": "3A"}, [("BA", 3, 0, 1), ("MA", 50, 8, 1)]))
    sched = inputs.baseline.step_schedule
    assert [sched.label(s) for s in placement(inputs, inputs.baseline).step] == ["3", "3A"]
    shorter = inputs.baseline.with_overrides({"step_count": 3, "step_crosswalk.55": "3a", "step_crosswalk.50": 4})
    assert _step_crosswalk(shorter.family("step_crosswalk"), shorter.step_schedule).tolist() == [0, 0, 0, 0, 3, 2]
    again = workbook.read(workbook.to_bytes(inputs))
    assert again.baseline.get("hire.max_step") == "3A" and again.fingerprint == inputs.fingerprint
