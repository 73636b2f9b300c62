"""Golden cases computed by hand on small districts with deterministic rates.

Each case states its arithmetic; the engine must reproduce it to the cent.
"""

import numpy as np
import pytest

from models.engine import project
from tests.district import district

SCHEDULE = {"BA": [40000, 42000, 44000], "MA": [45000, 47000, 49000]}
GRID = {"Standard": [41000, 43000], "Professional": [45000, 47000, 49000, 51000],
        "Model": [60000, 62000], "Lead": [70000]}


def salaries(p, teacher=0):
    return p.teacher["salary"][:, teacher].round(2).tolist()


def test_status_quo_steps_and_raises():
    """A (BA step 1, 1.0 FTE) and B (MA step 3 = top, 0.5 FTE); raises 3% in 2026 then 2% a year.
    2025: A 40,000; B 0.5 x 49,000 = 24,500.
    2026: A step 2: 42,000 x 1.03 = 43,260;          B 49,000 x 1.03 x 0.5 = 25,235.
    2027: A step 3: 44,000 x 1.0506 = 46,226.40;     B 49,000 x 1.0506 x 0.5 = 25,739.70.
    2028: A stays at the top: 44,000 x 1.071612 = 47,150.93; B 26,254.49.
    Roll-up 10% on salary."""
    inputs = district([{"years_experience": 0, "lane": "BA", "step": 1},
                       {"years_experience": 5, "lane": "MA", "step": 3, "fte": 0.5}],
                      SCHEDULE, **{"raise.default": 0.02, "raise.2026": 0.03, "rollup.rate": 0.1})
    sq, = project(inputs)
    assert salaries(sq, 0) == [40000, 43260, 46226.4, 47150.93]
    assert salaries(sq, 1) == [24500, 25235, 25739.7, 26254.49]
    base = sq.totals["base_salary"][:, 0]
    assert base.round(2).tolist() == [64500, 68495, 71966.1, 73405.42]
    assert np.allclose(sq.totals["total_cost"][:, 0], base * 1.1)
    # Year 1's growth: A's step is $2,000 of movement at last year's scale; the rest is the raise.
    assert sq.growth["movement"][1, 0] == pytest.approx(2000)
    assert sq.growth["raises"][1, 0] == pytest.approx(68495 - 66500)
    assert sq.growth["breakage"][1, 0] == 0


def test_status_quo_lane_change_by_credits():
    """BA step 1 with 10 credits banked; 3 credits a year; 12 credits move BA -> MA.
    Year 1: 13 credits >= 12: MA, step 2 = 47,000, 1 credit left. Year 2: 4 credits, MA step 3."""
    inputs = district([{"years_experience": 0, "lane": "BA", "step": 1, "credits_banked": 10}], SCHEDULE,
                      **{"credits.share_taking": 1, "credits.per_taker": 3, "lane_credits.MA": 12})
    sq, = project(inputs)
    assert salaries(sq) == [40000, 47000, 49000, 49000]
    labels = [sq.cell_labels[c] for c in sq.teacher["cell"][:, 0]]
    assert labels == [("step_and_lane", "BA", 1), ("step_and_lane", "MA", 2), ("step_and_lane", "MA", 3),
                      ("step_and_lane", "MA", 3)]


def test_step_freeze_year():
    """step_advance.2027 = 0 freezes steps in 2027 only: BA 1 -> 2 -> 2 -> 3."""
    inputs = district([{"years_experience": 0, "lane": "BA", "step": 1}], SCHEDULE, **{"step_advance.2027": 0})
    sq, = project(inputs)
    assert salaries(sq) == [40000, 42000, 42000, 44000]


def test_au_accrual_moves_intervals():
    """MA step 1 (45,000) -> Professional; lowest interval paying 45,000 is interval 1: a $0 raise, so
    the flat $1,750 stipend. Effective = 9 AUs + 15 PD hours / 15 = 1 AU: 10 AUs a year; 12 move one
    interval. Bank: 10, 20 -> move (8), 18 -> move (6), 16 -> move (4) at the top, then 14 stay banked."""
    inputs = district([{"years_experience": 3, "lane": "MA", "step": 1}], SCHEDULE, GRID,
                      proposals={"Pathways": {}}, horizon=5, **{"pd_hours.per_year": 15})
    sq, pw = project(inputs)
    assert salaries(pw) == [45000, 45000, 47000, 49000, 51000, 51000]
    assert pw.teacher["stipend"][:, 0].tolist() == [0, 1750, 0, 0, 0, 0]
    assert pw.teacher["au"][:, 0].tolist() == [0, 10, 8, 6, 4, 14]
    assert pw.totals["total_cost"][1, 0] == 45000 + 1750
    assert salaries(sq) == [45000, 47000, 49000, 49000, 49000, 49000]


def test_standard_to_professional():
    """BA step 1 (40,000) -> Standard 1 (41,000): a $1,000 raise, under the threshold: stipend.
    Highly effective: 12 AUs a year. Year 1: Standard 2 (43,000). Year 2: past the top of Standard,
    the next 12 AUs move to Professional 1 (45,000). Year 3: Professional 2 (47,000)."""
    inputs = district([{"years_experience": 1, "lane": "BA", "step": 1, "rating": "Highly effective"}],
                      SCHEDULE, GRID, proposals={"Pathways": {}})
    _, pw = project(inputs)
    assert salaries(pw) == [40000, 43000, 45000, 47000]
    labels = [pw.cell_labels[c][1:] for c in pw.teacher["cell"][:, 0]]
    assert labels == [("BA", 1), ("Standard", 2), ("Professional", 1), ("Professional", 2)]


@pytest.mark.parametrize("mode, stipends", [("flat", [1750, 1750, 0]), ("top_up", [1750, 750, 0])])
def test_conversion_hold_harmless(mode, stipends):
    """No AUs, no raises, so only the conversion acts.
    T1 BA step 3 = 44,000: Standard tops out at 43,000, so T1 sits at Standard 2 with pay protected
       at 44,000: a $0 raise, the stipend ($1,750 either way).
    T2 MA step 2 = 47,000 in the grid below: lowest Professional >= 47,000 is 48,000: a $1,000 raise:
       flat $1,750, or top-up 1,750 - 1,000 = $750.
    T3 MA step 3 = 49,000 -> 51,500: a $2,500 raise, over the threshold: nothing."""
    grid = {**GRID, "Professional": [45000, 48000, 51500, 53000]}
    zero_aus = {f"au.by_rating.{r}": 0 for r in ("highly_effective", "effective", "developing", "ineffective")}
    inputs = district([{"years_experience": 9, "lane": "BA", "step": 3},
                       {"years_experience": 4, "lane": "MA", "step": 2},
                       {"years_experience": 9, "lane": "MA", "step": 3}],
                      SCHEDULE, grid, proposals={"Pathways": {"conversion.stipend_mode": mode}}, **zero_aus)
    _, pw = project(inputs)
    assert pw.teacher["stipend"][1].tolist() == stipends
    assert pw.teacher["salary"][1].tolist() == [44000, 48000, 51500]
    assert pw.teacher["salary"][3].tolist() == [44000, 48000, 51500]  # protection holds
    assert [pw.cell_labels[c][1:] for c in pw.teacher["cell"][1]] == [
        ("Standard", 2), ("Professional", 2), ("Professional", 3)]
    assert pw.growth["conversion"][1, 0] == pytest.approx(0 + 1000 + 2500)


def test_model_promotion_and_review():
    """Professional teacher, application and pass rates 1: promoted in year 1 to the lowest Model
    interval paying at least 45,000: Model 1 (60,000). Review every 2 years with pass rate 0: at two
    years in Model (year 3) back to the top of Professional (51,000), not eligible again that year;
    year 4 promoted again."""
    inputs = district([{"years_experience": 3, "lane": "MA", "step": 1}], SCHEDULE, GRID,
                      proposals={"Pathways": {"model.application_rate": 1, "model.pass_rate": 1,
                                              "review.cycle_years": 2, "review.pass_rate": 0}},
                      horizon=5, **{f"au.by_rating.{r}": 0 for r in ("effective",)})
    _, pw = project(inputs)
    assert salaries(pw) == [45000, 60000, 60000, 51000, 60000, 60000]
    assert pw.totals["model_promotions"][:, 0].tolist() == [0, 1, 0, 0, 1, 0]


def test_model_needs_minimum_rating_and_pass_rate_zero_blocks():
    inputs = district([{"years_experience": 3, "lane": "MA", "step": 1, "rating": "Developing"},
                       {"years_experience": 3, "lane": "MA", "step": 1}], SCHEDULE, GRID,
                      proposals={"Pathways": {"model.application_rate": 1, "model.pass_rate": 1},
                                 "Nobody passes": {"model.application_rate": 1, "model.pass_rate": 0}},
                      **{"au.by_rating.effective": 0, "au.by_rating.developing": 0})
    _, pw, none = project(inputs)
    assert pw.teacher["salary"][1].tolist() == [45000, 60000]  # Developing may not apply
    assert none.teacher["salary"][1].tolist() == [45000, 45000]
    assert none.totals["model_applicants"][1, 0] == 1


def test_lead_slots_filled_from_model():
    """Three Professional teachers all promoted to Model in year 1; one Lead slot is filled in year 2
    from Model teachers (not those promoted the same year), at the lowest Lead interval >= 60,000."""
    inputs = district([{"years_experience": 3, "lane": "MA", "step": 1}] * 3, SCHEDULE, GRID,
                      proposals={"Pathways": {"model.application_rate": 1, "model.pass_rate": 1, "lead.slots": 1}},
                      **{"au.by_rating.effective": 0})
    _, pw = project(inputs)
    assert sorted(pw.teacher["salary"][1].tolist()) == [60000, 60000, 60000]
    assert sorted(pw.teacher["salary"][2].tolist()) == [60000, 60000, 70000]
    assert sorted(pw.teacher["salary"][3].tolist()) == [60000, 60000, 70000]


def test_everyone_leaves_and_hires_start_at_entry():
    """Exit rate 1: every position turns over each year. Status quo hires: BA step 1 (40,000);
    pathways hires: Standard 1 (41,000). Breakage in year 1 is the drop from the leavers' pay."""
    inputs = district([{"years_experience": 10, "lane": "MA", "step": 3}] * 2, SCHEDULE, GRID,
                      proposals={"Pathways": {}}, **{"exit_rate.0+": 1})
    sq, pw = project(inputs)
    assert sq.totals["base_salary"][:, 0].tolist() == [98000, 80000, 80000, 80000]
    assert pw.totals["base_salary"][:, 0].tolist() == [98000, 82000, 82000, 82000]
    assert sq.totals["separations"][1:, 0].tolist() == [2, 2, 2]
    assert sq.growth["breakage"][1, 0] == 80000 - 98000
    assert pw.totals["stipends"][1, 0] == 0  # hires are not converted


def test_explicit_pathway_placement_on_the_roster():
    """A teacher whose roster row names Professional interval 3 is placed there, not by the crosswalk."""
    inputs = district([{"years_experience": 3, "lane": "MA", "step": 1, "pathway": "Professional", "interval": 3}],
                      SCHEDULE, GRID, proposals={"Pathways": {}}, **{"au.by_rating.effective": 0})
    _, pw = project(inputs)
    assert salaries(pw)[1] == 49000


def test_annual_cap_limits_aus():
    """Highly effective (12) + 30 PD hours (2 AUs) = 14 a year, capped at 6: two years to move."""
    inputs = district([{"years_experience": 3, "lane": "MA", "step": 1, "rating": "Highly effective"}],
                      SCHEDULE, GRID, proposals={"Capped": {"au.annual_cap": 6}},
                      **{"pd_hours.per_year": 30})
    _, capped = project(inputs)
    assert capped.teacher["au"][:, 0].tolist() == [0, 6, 0, 6]
    assert salaries(capped) == [45000, 45000, 47000, 47000]


def test_higher_pay_keeps_more_teachers():
    """With a negative elasticity, a proposal that pays more loses fewer teachers from year 2 on
    (year 1 exits answer to year-0 pay, the same everywhere); same draws, so never more."""
    inputs = district([{"years_experience": y % 8, "lane": "BA", "step": 1} for y in range(400)], SCHEDULE,
                      proposals={"Raise": {"raise.2026": 0.10}},
                      **{"exit_rate.0+": 0.3, "elasticity.at_entry": -2.0, "elasticity.fade_years": 19})
    sq, raised = project(inputs)
    assert raised.totals["separations"][1, 0] == sq.totals["separations"][1, 0]
    assert raised.totals["separations"][2, 0] < sq.totals["separations"][2, 0]


def test_a_teacher_who_fails_review_is_not_made_lead():
    """Review every year with pass rate 0 and one Lead slot: Model teachers due for review fall back to
    Professional that year and must not fill the Lead vacancy."""
    inputs = district([{"years_experience": 3, "lane": "MA", "step": 1}], SCHEDULE, GRID,
                      proposals={"Pathways": {"model.application_rate": 1, "model.pass_rate": 1,
                                              "review.cycle_years": 1, "review.pass_rate": 0, "lead.slots": 1}},
                      **{"au.by_rating.effective": 0})
    _, pw = project(inputs)
    # 2026 promoted to Model; 2027 reviewed, failed, back to the top of Professional; 2028 promoted again.
    assert salaries(pw) == [45000, 60000, 51000, 60000]
