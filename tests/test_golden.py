"""Hand-computed cases that do not fit the data files of tests/golden/ (run by tests/test_golden_cases.py):
which of identical teachers is chosen depends on the draws, and a comparison between scenarios.
"""


from models.engine import project
from tests.district import district

SCHEDULE = {"BA": [40000, 42000, 44000], "MA": [45000, 47000, 49000]}
GRID = {"Standard": [41000, 43000], "Professional": [45000, 47000, 49000, 51000],
        "Model": [60000, 62000], "Lead": [70000]}


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


def test_higher_pay_keeps_more_teachers():
    """With a negative elasticity, a proposal that pays more loses fewer teachers from year 2 on
    (year 1 exits answer to year-0 pay, the same everywhere); same draws, so never more."""
    inputs = district([{"years_experience": y % 8, "lane": "BA", "step": 1} for y in range(400)], SCHEDULE,
                      proposals={"Raise": {"raise.2026": 0.10}},
                      **{"exit_rate.0+": 0.3, "elasticity.at_entry": -2.0, "elasticity.fade_years": 19})
    sq, raised = project(inputs)
    assert raised.totals["separations"][1, 0] == sq.totals["separations"][1, 0]
    assert raised.totals["separations"][2, 0] < sq.totals["separations"][2, 0]
