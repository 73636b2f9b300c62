"""Golden cases for the pay components, computed by hand on tiny districts with deterministic rates.

Each case states its arithmetic (docs/model.md, "Pay components"); the engine must reproduce it.
Defaults (tests/district.py): nobody leaves, no raises, no credits or PD, no roll-up, ratings fixed.
"""

import numpy as np
import pytest

from models import metrics
from models.engine import project
from models.person import Member, member_projection
from tests.district import district

SCHEDULE = {"BA": [40000, 42000, 44000], "MA": [45000, 47000, 49000]}
GRID = {"Standard": [41000, 43000], "Professional": [45000, 47000, 49000, 51000],
        "Model": [60000, 62000], "Lead": [70000]}
A = {"years_experience": 0, "lane": "BA", "step": 1}  # 40,000 then steps of 2,000 to 44,000
B = {"years_experience": 9, "lane": "MA", "step": 3, "fte": 0.5}  # at the top: 0.5 x 49,000 = 24,500


def line(p, key):
    return p.totals[key][:, 0].round(2).tolist()


def salaries(p, teacher=0):
    return p.teacher["salary"][:, teacher].round(2).tolist()


def test_mc_stipend_is_one_time_with_stipend_rollup():
    """Every teacher earns 2 MCs a year at $50 each: $100 a year, paid as a stipend (not pro-rated by FTE),
    with the 10% roll-up on stipends; base salary does not move for it."""
    inputs = district([A], SCHEDULE, **{"mc.share_taking": 1, "mc.per_taker": 2, "mc.stipend": 50,
                                        "rollup.stipend_rate": 0.1})
    sq, = project(inputs)
    assert line(sq, "mc_earned") == [0, 2, 2, 2]
    assert line(sq, "mc_stipend") == [0, 100, 100, 100]
    assert line(sq, "stipends") == [0, 100, 100, 100]
    assert line(sq, "base_salary") == [40000, 42000, 44000, 44000]
    assert line(sq, "rollup") == [0, 10, 10, 10]
    assert line(sq, "total_cost") == [40000, 42110, 44110, 44110]
    assert sq.teacher["stipend"][:, 0].tolist() == [0, 100, 100, 100]


def test_mc_base_increase_is_carried_forward_and_counted_as_base():
    """1 MC a year, $500 a year added to base per 1.0 FTE and carried forward (not raised).
    A: 40,000; 42,000 + 500; 44,000 + 1,000; 44,000 + 1,500. B (0.5 FTE, top step): 24,500; 0.5 x
    (49,000 + 500) = 24,750; 25,000; 25,250. Roll-up 10% on all of it (it is salary)."""
    inputs = district([A, B], SCHEDULE, **{"mc.share_taking": 1, "mc.per_taker": 1, "mc.base_increase": 500,
                                           "rollup.rate": 0.1})
    sq, = project(inputs)
    assert salaries(sq, 0) == [40000, 42500, 45000, 45500]
    assert salaries(sq, 1) == [24500, 24750, 25000, 25250]
    assert line(sq, "mc_base_increase") == [0, 750, 1500, 2250]
    assert line(sq, "base_salary") == [64500, 67250, 70000, 70750]
    assert line(sq, "schedule_salary") == [64500, 66500, 68500, 68500]
    assert line(sq, "rollup") == [6450, 6725, 7000, 7075]
    # The cost growth split still adds up: the base increase is its own part.
    assert sq.growth["components"][1:, 0].tolist() == [750, 750, 750]
    assert np.allclose(sum(sq.growth.values())[1:], np.diff(sq.totals["base_salary"], axis=0))


def test_mc_credits_move_a_lane():
    """3 lane credits per MC, 1 MC a year; 6 credits move BA -> MA. Status quo: year 1 BA step 2 (42,000,
    3 credits); year 2 6 credits: MA step 3 (49,000). A step-and-lane proposal with 6 credits per MC moves
    in year 1: MA step 2 (47,000)."""
    inputs = district([A], SCHEDULE, proposals={"MC credits": {"mc.lane_credits": 6}},
                      **{"mc.share_taking": 1, "mc.per_taker": 1, "mc.lane_credits": 3, "lane_credits.MA": 6})
    sq, offer = project(inputs)
    assert salaries(sq) == [40000, 42000, 49000, 49000]
    assert line(sq, "mc_lane_credits") == [0, 3, 3, 3]
    assert salaries(offer) == [40000, 47000, 49000, 49000]


def test_mc_au_per_mc_is_reused_under_pathways():
    """au.per_mc still earns AUs: MA step 1 -> Professional 1; Effective 9 AUs + 1 MC x 3 AUs = 12 a year,
    banked at the start of each year: one interval a year from Professional 1 (45,000): 47,000, 49,000,
    51,000; 3 AUs a year come from MCs."""
    inputs = district([{"years_experience": 3, "lane": "MA", "step": 1}], SCHEDULE, GRID,
                      proposals={"Pathways": {}}, **{"mc.share_taking": 1, "mc.per_taker": 1, "au.per_mc": 3})
    _, pw = project(inputs)
    assert salaries(pw) == [45000, 47000, 49000, 51000]
    assert line(pw, "mc_aus") == [0, 3, 3, 3]


def test_programme_cost_split_between_district_and_outside():
    """2 teachers earn 1 MC a year; 0.6 renewal MCs per teacher a year; fee $100 per MC; coaching $1,000
    per participant; the state pays 25%. Fees 100 x (2 + 1.2) = 320; coaching 2,000; programme 2,320;
    outside 580; the district 1,740, which is in total cost."""
    inputs = district([A, B], SCHEDULE, **{"mc.share_taking": 1, "mc.per_taker": 1, "mc.fee": 100,
                                           "mc.coaching_per_participant": 1000, "mc.renewal_per_year": 0.6,
                                           "mc.outside_share": 0.25})
    sq, = project(inputs)
    assert line(sq, "mc_renewal")[1] == pytest.approx(1.2)
    assert line(sq, "mc_fees")[1:] == [320] * 3
    assert line(sq, "mc_coaching")[1:] == [2000] * 3
    assert line(sq, "programme_cost")[1:] == [2320] * 3
    assert line(sq, "outside_funding")[1:] == [580] * 3
    assert line(sq, "programme_district")[1:] == [1740] * 3
    assert line(sq, "total_cost") == [64500, 66500 + 1740, 68500 + 1740, 68500 + 1740]


def test_tap_pool_split_by_rating_value_added_and_school():
    """Pool $1,000 per FTE split 50/30/20. A (Effective, top_school): 500 x 0.75 + 300 + 200 = 875.
    B (Developing, 0.5 FTE, no flag): pool 500: 250 x 0.25 = 62.5; no value-added (below Effective); no
    school part. The status quo pays it, so the base year does too."""
    inputs = district([{**A, "top_school": 1}, {**B, "rating": "Developing"}], SCHEDULE,
                      **{"perf.pool_per_teacher": 1000})
    sq, = project(inputs)
    assert line(sq, "perf_individual") == [437.5] * 4
    assert line(sq, "perf_value_added") == [300] * 4
    assert line(sq, "perf_school") == [200] * 4
    assert sq.teacher["stipend"][:, 0].tolist() == [875] * 4
    assert sq.teacher["stipend"][:, 1].tolist() == [62.5] * 4


def test_tap_pool_per_school_is_shared_per_fte():
    """$3,000 per school; one school of 1.5 FTE: $2,000 per FTE: A's pool 2,000, B's 1,000 (both Effective,
    no flag): observed skills 0.75 x 50%, value-added 30%: A 750 + 600, B 375 + 300."""
    inputs = district([{**A, "school": "S1"}, {**B, "school": "S1"}], SCHEDULE, **{"perf.pool_per_school": 3000})
    sq, = project(inputs)
    assert sq.teacher["stipend"][1, :].tolist() == [1350, 675]


def test_qcomp_fixed_amounts_with_take_up_in_base():
    """Site goal $50 (all earn it) + practice $950 (half earn it) + PLC $150 (none): 50 + 475 = 525 per FTE;
    A 525 + B 262.5 = 787.5 a year, counted as base salary with full roll-up (10%)."""
    inputs = district([A, B], SCHEDULE, **{
        "qcomp.site_goal.amount": 50, "qcomp.site_goal.take_up": 1, "qcomp.practice.amount": 950,
        "qcomp.practice.take_up": 0.5, "qcomp.plc.amount": 150, "qcomp.in_base": 1, "qcomp.rollup": 1,
        "rollup.rate": 0.1})
    sq, = project(inputs)
    assert line(sq, "qcomp_pay") == [787.5] * 4
    assert line(sq, "base_salary") == [65287.5, 67287.5, 69287.5, 69287.5]
    assert line(sq, "stipends") == [0] * 4
    assert line(sq, "rollup") == pytest.approx([6528.75, 6728.75, 6928.75, 6928.75])


def test_market_incentive_by_flag_moves_with_raises():
    """ProComp-like: 6.4% of the $36,635 index for a hard-to-serve school (A) and a hard-to-staff subject
    (B, 0.5 FTE): 2,344.64 and 1,172.32; a 2% raise in 2026 moves the index: 2,391.53 and 1,195.77."""
    inputs = district([{**A, "hard_to_staff_school": 1}, {**B, "hard_to_staff_subject": "yes"}], SCHEDULE,
                      **{"market.hard_to_staff_school": 0.064, "market.hard_to_staff_subject": 0.064,
                         "raise.2026": 0.02})
    sq, = project(inputs)
    assert line(sq, "market_incentives")[:2] == [3516.96, round(3516.96 * 1.02, 2)]
    assert sq.teacher["stipend"][0].round(2).tolist() == [2344.64, 1172.32]


def test_role_stipend_slots():
    """Mentor $5,000, 1 slot: two roster mentors, the first (E1) holds it. Master $10,000, 2 slots: one roster
    master (E3) and one slot the district fills: 5,000 + 20,000 = 25,000 a year; E2 is paid nothing."""
    inputs = district([{**A, "role": "mentor"}, {**A, "role": "mentor"}, {**A, "role": "master"}], SCHEDULE,
                      **{"role.stipend.mentor": 5000, "role.slots.mentor": 1, "role.stipend.master": 10000,
                         "role.slots.master": 2})
    sq, = project(inputs)
    assert line(sq, "role_stipends") == [25000] * 4
    assert line(sq, "stipends") == [25000] * 4 and line(sq, "base_salary") == [120000, 126000, 132000, 132000]
    assert sq.teacher["stipend"][1].tolist() == [5000, 0, 10000]


def test_rollup_on_and_off_per_pay_type():
    """A $2,344.64 incentive; salary roll-up 20%, stipend roll-up 5%. With market.rollup 1 it carries 20%
    (468.93); with 0 only 5% (117.23). Salary's roll-up is 20% of 40,000 in the base year."""
    settings = {"market.hard_to_staff_school": 0.064, "rollup.rate": 0.2, "rollup.stipend_rate": 0.05}
    on = district([{**A, "hard_to_staff_school": 1}], SCHEDULE, **settings, **{"market.rollup": 1})
    off = district([{**A, "hard_to_staff_school": 1}], SCHEDULE, **settings)
    (p_on,), (p_off,) = project(on), project(off)
    assert p_on.totals["rollup"][0, 0] == pytest.approx(8000 + 0.2 * 2344.64)
    assert p_off.totals["rollup"][0, 0] == pytest.approx(8000 + 0.05 * 2344.64)
    assert p_on.totals["stipends"][0, 0] == pytest.approx(2344.64)


def test_in_base_counts_as_salary():
    """market.in_base 1: the incentive is base salary (not a stipend) for as long as the position is flagged."""
    inputs = district([{**A, "hard_to_staff_school": 1}], SCHEDULE,
                      **{"market.hard_to_staff_school": 0.064, "market.in_base": 1})
    sq, = project(inputs)
    assert line(sq, "base_salary")[0] == 42344.64 and line(sq, "stipends")[0] == 0
    assert line(sq, "schedule_salary")[0] == 40000


def test_banked_au_liability():
    """MA step 1 -> Professional 1; Effective: 9 AUs a year, 12 an interval. Banked after each year: 9,
    18 -> move, 6; 15 -> move, 3. At $100 an AU the cash-out value is 900, 600, 300."""
    inputs = district([{"years_experience": 3, "lane": "MA", "step": 1}], SCHEDULE, GRID,
                      proposals={"Pathways": {}}, **{"au.cashout_rate": 100})
    _, pw = project(inputs)
    assert line(pw, "au_banked") == [0, 9, 6, 3]
    assert line(pw, "au_liability") == [0, 900, 600, 300]


def test_component_lines_add_up_to_total_cost():
    inputs = district([{**A, "top_school": 1, "role": "mentor"}, {**B, "hard_to_staff_school": 1}], SCHEDULE,
                      **{"perf.pool_per_teacher": 1000, "market.hard_to_staff_school": 0.064, "mc.share_taking": 1,
                         "mc.per_taker": 1, "mc.fee": 100, "mc.outside_share": 0.5, "mc.base_increase": 300,
                         "role.stipend.mentor": 5000, "rollup.rate": 0.17, "rollup.stipend_rate": 0.0765})
    runs = project(inputs)
    lines = metrics.component_lines(runs)
    total = lines[lines["in_total"]].groupby("year")["amount"].sum().to_numpy()
    assert np.allclose(total, runs[0].totals["total_cost"][:, 0])
    assert set(lines.loc[~lines["in_total"], "line"]) == {"outside_funding", "au_liability"}


def test_member_component_pay():
    """My pay: a member rated Effective in a top school, with 1 MC a year at a $50 stipend, a mentor
    ($5,000): bonus 875 a year; MC stipend 50 from year 1; role 5,000."""
    inputs = district([A, B], SCHEDULE, **{"perf.pool_per_teacher": 1000, "mc.stipend": 50,
                                           "role.stipend.mentor": 5000, "role.slots.mentor": 0})
    me = Member(years_experience=2, lane="BA", step=1, mcs_per_year=1, top_school=True, role="mentor")
    frame = member_projection(inputs, me)
    assert (frame["perf_individual"] + frame["perf_value_added"] + frame["perf_school"]).tolist() == [875] * 4
    assert frame["mc_stipend"].tolist() == [0, 50, 50, 50]
    assert frame["role_stipends"].tolist() == [5000] * 4


@pytest.mark.parametrize("sample, proposals, lines", [
    ("microcredential_district.xlsx", ["MC as AUs", "MC stipend", "MC base increase", "MC lane credits"],
     {"mc_stipend", "mc_base_increase", "programme_district", "outside_funding", "mc_aus", "mc_lane_credits"}),
    ("performance_pay_district.xlsx", ["TAP-style bonus", "Q Comp-style components", "ProComp-style incentives"],
     {"perf_individual", "perf_value_added", "perf_school", "qcomp_pay", "market_incentives", "role_stipends"}),
])
def test_new_samples_project_on_the_cli_with_component_fields(sample, proposals, lines):
    """`python -m models project <sample> --json`: every proposal, the component fields in each year, and
    each of the sample's components paid by some proposal."""
    import json
    import subprocess
    import sys

    from models.components import COMPONENT_FIELDS
    from tests.conftest import ROOT, SAMPLES
    out = subprocess.run([sys.executable, "-m", "models", "project", str(SAMPLES / sample), "--json"], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert [s["name"] for s in data["scenarios"]] == ["Status quo"] + proposals
    paid = set()
    for scenario in data["scenarios"]:
        for year in scenario["years"]:
            assert set(COMPONENT_FIELDS) <= set(year)
            parts = (year["schedule_salary"] + year["conversion_stipend"] + year["rollup"] + year["programme_district"]
                     + sum(year[k] for k in ("mc_base_increase", "mc_stipend", "perf_individual", "perf_value_added",
                                             "perf_school", "qcomp_pay", "market_incentives", "role_stipends")))
            assert abs(parts - year["total_cost"]) < 0.5
            paid |= {k for k in lines if year[k]}
    assert paid == lines
