"""The field's costing, computed by hand: cast forward, the increment, the cost of 1%, roll-up lines,
hires placed by a distribution, and the sentence that says why the status quo's cost falls."""

import numpy as np
import pytest

from models import metrics
from models.engine import project
from tests.district import district

SCHEDULE = {"BA": [40000, 42000, 44000], "MA": [45000, 47000, 49000]}

# A published-style scattergram: FTE in each cell, whole FTE, one row per position.
#            BA     MA
#  step 1     2      1
#  step 2     1      -
#  step 3     -      1
SCATTERGRAM = ([{"lane": "BA", "step": 1, "years_experience": 0}] * 2
               + [{"lane": "BA", "step": 2, "years_experience": 1}]
               + [{"lane": "MA", "step": 1, "years_experience": 4}, {"lane": "MA", "step": 3, "years_experience": 12}])


def _cast_forward(inputs):
    runs = project(inputs)
    stayers = project(inputs, separations=False)
    return metrics.cast_forward(runs, stayers), runs


def test_cast_forward_increment_and_cost_of_one_percent_by_hand():
    """Base year: 2 x 40,000 + 42,000 + 45,000 + 49,000 = 216,000 (roll-up 10%: 237,600).
    Increment: BA 1->2 2 x 2,000 + BA 2->3 2,000 + MA 1->2 2,000 + MA 3 (top) 0 = 8,000 = 3.704% of 216,000;
    with roll-up 8,800. Cast forward 2026: 224,000 salary, 246,400 with roll-up = 3.704% over base.
    Cost of 1% in 2026: 2,240 salary only, 2,464 with roll-up. 2027: BA 2->3 2 x 2,000, MA 2->3 2,000 = 6,000."""
    inputs = district(SCATTERGRAM, SCHEDULE, **{"rollup.rate": 0.1})
    table, _ = _cast_forward(inputs)
    sq = table[table["scenario"] == "Status quo"].set_index("year")
    assert sq.loc[2025, "cast_forward_cost"] == pytest.approx(237600)
    assert sq.loc[2026, "increment"] == pytest.approx(8000)
    assert sq.loc[2026, "increment_with_rollup"] == pytest.approx(8800)
    assert sq.loc[2026, "increment_share"] == pytest.approx(8000 / 216000)
    assert sq.loc[2026, "cast_forward_cost"] == pytest.approx(246400)
    assert sq.loc[2026, "cast_forward_over_base"] == pytest.approx(8000 / 216000)
    assert sq.loc[2026, "cost_of_one_percent"] == pytest.approx(2240)
    assert sq.loc[2026, "cost_of_one_percent_with_rollup"] == pytest.approx(2464)
    assert sq.loc[2027, "increment"] == pytest.approx(6000)
    # Nobody leaves here: with turnover is the cast forward, and breakage is 0.
    assert np.allclose(sq["breakage"], 0)


def test_a_raise_compounds_on_the_cast_forward():
    """A 2% raise in 2026: cast forward salary (216,000 + 8,000) x 1.02 = 228,480, 5.778% over base;
    the cost of one more point that year is 2,284.80."""
    inputs = district(SCATTERGRAM, SCHEDULE, **{"raise.2026": 0.02})
    table, _ = _cast_forward(inputs)
    sq = table[table["scenario"] == "Status quo"].set_index("year")
    assert sq.loc[2026, "cast_forward_cost"] == pytest.approx(228480)
    assert sq.loc[2026, "cast_forward_over_base"] == pytest.approx(228480 / 216000 - 1)
    assert sq.loc[2026, "cost_of_one_percent"] == pytest.approx(2284.8)


def test_breakage_is_with_turnover_minus_cast_forward():
    """Everyone leaves each year and hires land at BA step 1 (the roster's only recent cell is BA 1 and BA 2
    with 0-3 years, so set entry placement): with turnover 2026 = 5 x 40,000 = 200,000; cast forward 224,000;
    breakage -24,000; the status quo falls, and the sentence says why in the engine's own figures."""
    inputs = district(SCATTERGRAM, SCHEDULE, **{"exit_rate.0+": 1, "hire.placement": "entry"})
    table, runs = _cast_forward(inputs)
    sq = table[table["scenario"] == "Status quo"].set_index("year")
    assert sq.loc[2026, "with_turnover_cost"] == pytest.approx(200000)
    assert sq.loc[2026, "cast_forward_cost"] == pytest.approx(224000)
    assert sq.loc[2026, "breakage"] == pytest.approx(-24000)
    why = metrics.why_cost_falls(runs)
    assert why["year"].tolist() == [2026]
    assert why["sentence"].iloc[0] == (
        "In 2026-27 the cost of the status quo falls by $16,000 (-7.4%): 5 leavers at an average $43,200 are replaced "
        "by hires at $40,000: breakage (-$16,000) exceeds the step cost ($0).")


SAMPLE_FILES = ("baltimore_2010.xlsx", "small_district.xlsx", "microcredential_district.xlsx",
                "performance_pay_district.xlsx")


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_every_sample_status_quo_shows_cast_forward_and_with_turnover(name):
    """Both costings for the status quo, side by side; the increment is a cost, and with district-level exits
    and hires placed like recent hires the status quo's cost no longer falls in the first year (Baltimore's
    fell 1.6% with school-level exits and every hire at step 1)."""
    from models import workbook
    from tests.conftest import SAMPLES
    inputs = workbook.read(SAMPLES / name)
    runs, stayers = project(inputs), project(inputs, replicates=1, separations=False)
    cast = metrics.cast_forward(runs, stayers)
    year1 = int(inputs.baseline["base_year"]) + 1
    row = metrics.side_by_side(cast, year1).set_index("Scenario").loc["Status quo"]
    assert row["Cast forward"] > 0 and row["With turnover"] > 0
    assert row["Breakage"] == pytest.approx(row["With turnover"] - row["Cast forward"])
    sq = cast[(cast["scenario"] == "Status quo") & (cast["year"] == year1)].iloc[0]
    assert 0.01 < sq["increment_share"] < 0.04
    assert sq["with_turnover_over_base"] > 0
    assert metrics.why_cost_falls(runs).empty or metrics.why_cost_falls(runs)["year"].iloc[0] > year1


def test_exit_defaults_are_district_leavers():
    """Leavers + 41% of movers (NCES 2014-077 table 2; Condition of Education): 7.1 + 0.41 x 12.5 = 12.2% ..."""
    from models.parameters import BY_KEY
    rates = BY_KEY["exit_rate.{band}"]
    leavers, movers = (7.1, 6.8, 5.9, 11.4), (12.5, 11.7, 5.6, 5.4)
    expected = [round((a + 0.41 * b) / 100, 3) for a, b in zip(leavers, movers, strict=True)]
    assert list(rates.default.values()) == expected == [0.122, 0.116, 0.082, 0.136]
    addresses = " ".join(address for _, address in rates.references)
    assert "2014077" in addresses and "coe/indicator/slc" in addresses and "41% of movers" in rates.source


# --- Roll-up as lines ------------------------------------------------------------------------------
LINES = {"rollup.social_security": 0.062, "rollup.medicare": 0.0145, "rollup.pension": 0.10, "rollup.rate": 0.01,
         "rollup.health_per_fte": 8000, "rollup.health_single": 6000, "rollup.health_family": 15000,
         "rollup.single_share": 0.4, "rollup.family_share": 0.5, "rollup.health_growth": 0.05}


def test_benefit_lines_by_hand():
    """Salary 216,000 on 5 FTE. Social Security 6.2% = 13,392; Medicare 1.45% = 3,132; pension 10% = 21,600;
    other 1% = 2,160. Health: 8,000 per FTE + 6,000 x 0.4 + 15,000 x 0.5 = 17,900 per FTE x 5 = 89,500.
    Roll-up 129,784; total compensation 345,784. 2026: salary 224,000 x 18.65% = 41,776 on salary, health
    89,500 x 1.05 = 93,975. The cost of 1% with roll-up leaves health out: 2,240 x 1.1865 = 2,657.76."""
    inputs = district(SCATTERGRAM, SCHEDULE, **LINES)
    table, runs = _cast_forward(inputs)
    sq = runs[0].totals
    assert [round(sq[k][0, 0], 2) for k in ("rollup_social_security", "rollup_medicare", "rollup_pension",
                                            "rollup_other", "health")] == [13392, 3132, 21600, 2160, 89500]
    assert sq["rollup"][0, 0] == pytest.approx(129784)
    yearly = metrics.yearly(runs, inputs).set_index("year")
    assert yearly.loc[2025, "total_compensation"] == pytest.approx(345784)
    assert sq["health"][1, 0] == pytest.approx(93975)
    assert sq["rollup"][1, 0] == pytest.approx(224000 * 0.1865 + 93975)
    one = table[table["scenario"] == "Status quo"].set_index("year")
    assert one.loc[2026, "cost_of_one_percent_with_rollup"] == pytest.approx(2657.76)
    lines = metrics.compensation_by_year(yearly.reset_index(), "Status quo")
    assert lines.loc["Health and per-head benefits", 2025] == pytest.approx(89500)
    assert lines.loc["Total compensation", 2025] == pytest.approx(345784)


def test_a_single_rollup_rate_costs_as_before_and_keeps_its_fingerprint():
    """No line given: rollup.rate is the whole roll-up on salary, 17% of 216,000 = 36,720, and a line written
    at its off default changes neither the cost nor the fingerprint. Lines summing to 17% cost the same."""
    single = district(SCATTERGRAM, SCHEDULE, **{"rollup.rate": 0.17})
    stated_off = district(SCATTERGRAM, SCHEDULE, **{"rollup.rate": 0.17, "rollup.pension": 0})
    assert single.fingerprint == stated_off.fingerprint
    as_lines = district(SCATTERGRAM, SCHEDULE, **{"rollup.rate": 0.0, "rollup.social_security": 0.062,
                                                   "rollup.medicare": 0.0145, "rollup.pension": 0.0935})
    a, b = project(single)[0], project(as_lines)[0]
    assert a.totals["rollup"][0, 0] == pytest.approx(36720) == b.totals["rollup"][0, 0]
    assert np.allclose(a.totals["total_cost"], b.totals["total_cost"])
    assert a.totals["rollup_other"][0, 0] == pytest.approx(36720) and b.totals["rollup_other"][0, 0] == 0


# --- Hires placed as districts hire -------------------------------------------------------------------
GRID = {"Standard": [41000, 43000], "Professional": [45000, 47000, 49000, 51000], "Model": [60000], "Lead": [70000]}
VETERANS = [{"lane": "MA", "step": 3, "years_experience": 12}] * 2


def test_hires_follow_the_hires_sheet():
    """Everyone leaves each year; the Hires sheet places every hire at MA step 2 with 5 years: 2 x 47,000.
    Pathways: MA crosswalks to Professional, the lowest interval paying at least 47,000 is Professional 2."""
    inputs = district(VETERANS, SCHEDULE, GRID, proposals={"Pathways": {}}, hires=[("MA", 2, 5, 1)],
                      **{"exit_rate.0+": 1})
    sq, pw = project(inputs)
    assert sq.totals["base_salary"][:, 0].tolist() == [98000, 94000, 94000, 94000]
    assert sq.teacher["years"][1].tolist() == [5, 5]
    assert pw.totals["base_salary"][1:, 0].tolist() == [94000, 94000, 94000]


def test_hires_default_to_the_rosters_recent_teachers():
    """No Hires sheet: hires are placed like the roster's teachers with 0-3 years, here the two at BA step 2
    with 1 year, so the 4 hires cost 4 x 42,000 = 168,000 (at step 1 with entry placement: 160,000)."""
    roster = [{"lane": "BA", "step": 2, "years_experience": 1}] * 2 + VETERANS
    recent = district(roster, SCHEDULE, **{"exit_rate.0+": 1})
    entry = district(roster, SCHEDULE, **{"exit_rate.0+": 1, "hire.placement": "entry"})
    assert project(recent)[0].totals["base_salary"][1, 0] == 168000
    assert project(entry)[0].totals["base_salary"][1, 0] == 160000
    from models.hires import placement
    assert placement(recent, recent.baseline).words == (
        "Hires are placed like the roster's 2 teachers with 0-3 years of experience.")


def test_a_proposal_caps_the_hiring_step_with_the_same_draws():
    """Hires spread half and half over BA step 1 and MA step 3 (12 years); a proposal caps placement at step 2.
    Each position draws the same row in both scenarios, so the capped hires are exactly the MA step 3 ones,
    now at MA step 2 (47,000 instead of 49,000), and about half of 400 hires land on each row."""
    inputs = district([{"lane": "BA", "step": 1, "years_experience": 0}] * 400, SCHEDULE,
                      proposals={"Capped": {"hire.max_step": 2}}, hires=[("BA", 1, 0, 1), ("MA", 3, 12, 1)],
                      **{"exit_rate.0+": 1, "pay_system": "step_and_lane"})
    sq, capped = project(inputs)
    paid, paid_capped = sq.teacher["salary"][1], capped.teacher["salary"][1]
    assert set(paid.tolist()) == {40000, 49000} and set(paid_capped.tolist()) == {40000, 47000}
    assert np.array_equal(paid == 49000, paid_capped == 47000)
    assert (paid == 49000).mean() == pytest.approx(0.5, abs=0.08)


def test_hires_sheet_reads_back_and_is_checked():
    from models import workbook
    from models.problems import InputError
    inputs = district(VETERANS, SCHEDULE, hires=[("MA", 2, 5, 3), ("BA", 1, 0, 1)])
    again = workbook.read(workbook.to_bytes(inputs))
    assert again.hires == (("BA", 1, 0, 1.0), ("MA", 2, 5, 3.0)) and again.fingerprint == inputs.fingerprint
    assert inputs.fingerprint != district(VETERANS, SCHEDULE).fingerprint
    with pytest.raises(InputError) as bad:
        district(VETERANS, SCHEDULE, hires=[("PhD", 2, 5, 1)])
    assert "Hires" in str(bad.value) and "PhD" in str(bad.value) and "BA, MA" in str(bad.value)


# --- Positions along a stated path --------------------------------------------------------------------
def test_open_positions_follow_the_path_in_layoff_order():
    """Roster FTE 1, 0.5, 1, 1 (years 10, 2, 5, 20) = 3.5 FTE. 2027 target 5: two added 1.0 FTE positions
    (5.5, never split). 2028 target 2: both added close first (3.5), then the least experienced roster
    positions, 0.5 (2 years) and 1.0 (5 years): 2.0 FTE. 2030 target 4: two added positions again."""
    from models.positions import open_by_year
    nan = float("nan")
    masks, added = open_by_year(np.array([1, 0.5, 1, 1]), np.array([10, 2, 5, 20]),
                                np.array([nan, nan, 5.0, 2.0, nan, 4.0]))
    assert added == 2
    fte = np.array([1, 0.5, 1, 1, 1, 1])
    assert (masks * fte).sum(axis=1).tolist() == [3.5, 3.5, 5.5, 2.0, 2.0, 4.0]
    assert masks[3].tolist() == [True, False, False, True, False, False]


def test_added_positions_are_hired_and_cut_positions_leave_unreplaced():
    """Two MA step 3 veterans (49,000), nobody leaves. positions.2026 = 4: two positions open, hired at BA step 1
    (no recent teachers on the roster): 98,000 + 80,000 = 178,000, of which 80,000 is "positions added".
    2027: the hires move to step 2: 182,000. positions.2028 = 1: the two added positions close, then one
    veteran's: 49,000 left; positions -133,000 (two at 42,000 and one at 49,000); 3 separations, no hires."""
    inputs = district(VETERANS, SCHEDULE, horizon=3, **{"positions.2026": 4, "positions.2028": 1})
    sq, = project(inputs)
    t = sq.totals
    assert t["base_salary"][:, 0].tolist() == [98000, 178000, 182000, 49000]
    assert t["fte"][:, 0].tolist() == [2, 4, 4, 1] and t["headcount"][:, 0].tolist() == [2, 4, 4, 1]
    assert sq.growth["positions"][:, 0].tolist() == [0, 80000, 0, -133000]
    assert t["hires"][1:, 0].tolist() == [2, 0, 0] and t["separations"][1:, 0].tolist() == [0, 0, 3]
    assert sq.retention[-1].sum() == pytest.approx(0.5)
    assert np.allclose(sum(sq.growth.values())[1:], np.diff(t["base_salary"], axis=0))
    # The cast forward keeps today's staff: no positions path there.
    stayers, = project(inputs, separations=False)
    assert stayers.totals["fte"][:, 0].tolist() == [2, 2, 2, 2]


def test_a_hire_on_professional_applies_to_model_from_its_second_year():
    """The veteran (12 years) leaves in 2026; the Hires sheet places the hire at MA step 2 with 5 years,
    on pathways Professional 2 ($47,000). Everyone rated Effective applies and passes, but a hire has no
    rating of its own in its first year: Professional 2 in 2026, Model 1 ($60,000) in 2027."""
    inputs = district([{"lane": "MA", "step": 3, "years_experience": 12}], SCHEDULE, GRID,
                      proposals={"Pathways": {"model.application_rate": 1, "model.pass_rate": 1}},
                      hires=[("MA", 2, 5, 1)],
                      **{"exit_rate.0+": None, "exit_rate.0-11": 0, "exit_rate.12+": 1, "au.by_rating.effective": 0,
                         "rating_share.effective": 1, "rating_share.highly_effective": 0,
                         "rating_share.developing": 0, "rating_share.ineffective": 0})
    _, pw = project(inputs)
    assert pw.teacher["salary"][:, 0].tolist() == [49000, 47000, 60000, 60000]


def _guide_book(tmp_path, across: list[list] | None = None):
    """The golden case of NJSBA's "Costing Out the Contract" as an .xlsx; `across` replaces its Scattergram
    (steps down) with the rows given, as the guide prints them (steps across, a lane per row)."""
    from pathlib import Path

    import openpyxl
    import yaml

    from tests.test_golden_cases import HERE, write_xlsx
    path = Path(tmp_path) / ("across.xlsx" if across else "down.xlsx")
    write_xlsx(yaml.safe_load((HERE / "guide_njsba_costing_out_the_contract.yaml").read_text()), path)
    if across:
        book = openpyxl.load_workbook(path)
        del book["Scattergram"]
        sheet = book.create_sheet("Scattergram")
        for row in across:
            sheet.append(row)
        book.save(path)
    return path


def test_a_scattergram_typed_as_the_guide_prints_it_steps_across_reads_the_same(tmp_path):
    """NJSBA's guide prints its scattergram with the steps across and a row per lane, and a Total column (69.00
    and 31.00 FTE, which count steps 7-16 too). Typed that way it gives the same positions as steps down, and
    the salary base its printed 'Total $/Step' cells add up to: 2,545,660 + 1,480,140 = 4,025,800. Before, it
    was refused with nine problems, none saying why."""
    from models import workbook
    across = [["Step", 1, 2, 3, 4, 5, 6, 17, "Total"],
              ["BA", 3.5, 2.5, 3.0, 4.0, 3.0, 1.0, 22.0, 69.0],
              ["MA", 1.0, 0.0, 1.0, 4.0, 1.0, 0.0, 14.0, 31.0]]
    down, printed = workbook.read(_guide_book(tmp_path)), workbook.read(_guide_book(tmp_path, across))
    assert printed.roster.equals(down.roster)
    sq = project(printed)[0]
    assert sq.totals["base_salary"][0, 0] == pytest.approx(4_025_800)
    # Each cell costs what the guide's "Total $/Step" row prints for it (0 where it prints 0.0 FTE).
    cost = printed.roster.assign(pay=sq.teacher["salary"][0]).groupby(["lane", "step"])["pay"].sum()
    guide = {("BA", 1): 161_910, ("BA", 2): 116_750, ("BA", 3): 143_190, ("BA", 4): 194_920, ("BA", 5): 150_690,
             ("BA", 6): 51_200, ("BA", 17): 1_727_000, ("MA", 1): 48_260, ("MA", 3): 49_730, ("MA", 4): 202_920,
             ("MA", 5): 52_230, ("MA", 17): 1_127_000}
    assert cost.to_dict() == pytest.approx(guide)
    assert any("column 'Total' is a total" in n for n in printed.notices), printed.notices


def test_a_scattergram_with_steps_across_names_a_bad_cell_as_written(tmp_path):
    """One problem for the one bad cell, named by its row and its step's column; an unknown lane row is named."""
    from models import workbook
    from models.problems import InputError
    across = [["Step", 1, 2, 17], ["BA", 3.5, "three", 22], ["PhD", 1, 0, 1]]
    with pytest.raises(InputError) as caught:
        workbook.read(_guide_book(tmp_path, across))
    said = str(caught.value)
    assert "2 problems" in said and "row 2, column '2': found 'three'" in said, said
    assert "row 3, column 'Step': found 'PhD'" in said, said


# The guide's scattergram slide as it prints it: per lane an "FTE" row of counts, the lane's row of the guide's
# salaries and a "Total $/Step" row (FTE x salary); the Total column holds the lane's FTE and dollars.
GUIDE_PRINTED = [["Step", 1, 2, 3, 4, 5, 6, 17, "Total"],
                 ["FTE", 3.5, 2.5, 3.0, 4.0, 3.0, 1.0, 22.0, 69.0],
                 ["BA", 46_260, 46_700, 47_730, 48_730, 50_230, 51_200, 78_500],
                 ["Total $/Step", "$161,910", 116_750, 143_190, 194_920, 150_690, 51_200, 1_727_000, "$4,392,060"],
                 ["FTE", 1.0, 0.0, 1.0, 4.0, 1.0, 0.0, 14.0, 31.0],
                 ["MA", 48_260, 48_700, 49_730, 50_730, 52_230, 53_200, 80_500],
                 ["Total $/Step", "$48,260", 0, 49_730, 202_920, 52_230, 0, 1_127_000, "$2,107,940"]]


def test_the_guides_scattergram_with_its_fte_rows_beside_the_salary_rows_reads_as_typed(tmp_path):
    """Typed exactly as the guide prints it (an FTE row beside each lane's salary row), the sheet gives the same
    positions as steps down, whether the FTE row is above the lane's row (as the copy has it) or under it; the
    lane and money rows are said as salaries. Before, it was refused: 'FTE' is no lane, a salary no count."""
    from models import workbook
    under = [GUIDE_PRINTED[0], *GUIDE_PRINTED[2:0:-1], GUIDE_PRINTED[3], *GUIDE_PRINTED[5:3:-1], GUIDE_PRINTED[6]]
    assert [r[0] for r in under] == ["Step", "BA", "FTE", "Total $/Step", "MA", "FTE", "Total $/Step"]
    down = workbook.read(_guide_book(tmp_path))
    for rows in (GUIDE_PRINTED, under):
        printed = workbook.read(_guide_book(tmp_path, rows))
        assert printed.roster.equals(down.roster)
        said = " ".join(printed.notices)
        assert "row 3 ('BA'), row 4 ('Total $/Step'), row 6 ('MA'), row 7 ('Total $/Step') hold salaries" in said \
            or "row 2 ('BA'), row 4 ('Total $/Step'), row 5 ('MA'), row 7 ('Total $/Step') hold salaries" in said, said
    assert "FTE on row 2 is lane BA's (row 3), on row 5 MA's (row 6)" in " ".join(
        workbook.read(_guide_book(tmp_path, GUIDE_PRINTED)).notices)


def test_the_guides_fte_rows_name_a_bad_cell_or_an_unpaired_row_once(tmp_path):
    """A bad count is named by its row and step as written; an FTE row beside an unknown lane is that lane's one
    problem (its counts are not given to the next lane: no cascade); an FTE row with no lane row is named."""
    from models import workbook
    from models.problems import InputError

    def said(rows: list[list]) -> str:
        with pytest.raises(InputError) as caught:
            workbook.read(_guide_book(tmp_path, rows))
        return str(caught.value)

    bad = [row[:] for row in GUIDE_PRINTED]
    bad[4][3] = "one"
    text = said(bad)
    assert "1 problem" in text and "row 5, column '3': found 'one'" in text, text
    phd = [row[:] for row in GUIDE_PRINTED]
    phd[2][0] = "PhD"
    text = said(phd)
    assert "1 problem" in text and "row 3, column 'Step': found 'PhD'" in text, text
    text = said([GUIDE_PRINTED[0], GUIDE_PRINTED[4]])
    assert "1 problem" in text and "row 2, column 'Step': found 'FTE'" in text and "a row naming its lane" in text, text


def test_the_guides_lane_totals_that_count_steps_it_does_not_print_are_said_not_refused(tmp_path):
    """The guide's Total column (BA 69.00, MA 31.00 FTE) counts steps 7-16, whose cells its page leaves out: the
    printed cells add up to 39 and 21. Said once, beside the lanes and figures; the workbook is read from the
    cells (4,025,800). Before, the Total column was skipped without a word."""
    from models import workbook
    printed = workbook.read(_guide_book(tmp_path, GUIDE_PRINTED))
    said = [n for n in printed.notices if "disagree" in n]
    assert said == ["Scattergram: 2 totals disagree with the cells they total (a cell missed or mistyped?): lane BA "
                    "(row 2, column 'Total') states 69, its cells add up to 39; lane MA (row 5, column 'Total') "
                    "states 31, its cells add up to 21. The cells are read; the totals are not."], printed.notices
    assert project(printed)[0].totals["base_salary"][0, 0] == pytest.approx(4_025_800)
