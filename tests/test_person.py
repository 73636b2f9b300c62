"""One member's pay, year by year."""

import pytest

from models.person import Member, member_projection, milestones
from tests.district import district
from tests.test_golden import GRID, SCHEDULE


def test_member_follows_the_schedules_by_hand():
    """MA step 1, Effective + 15 PD hours = 10 AUs a year: the golden AU case, seen by a member."""
    inputs = district([{"years_experience": 3, "lane": "MA", "step": 1}], SCHEDULE, GRID,
                      proposals={"Pathways": {}}, horizon=5)
    frame = member_projection(inputs, Member(3, "MA", 1, pd_hours_per_year=15))
    pw = frame[frame["scenario"] == "Pathways"]
    assert pw["salary"].tolist() == [45000, 45000, 47000, 49000, 51000, 51000]
    assert pw["stipend"].tolist() == [0, 1750, 0, 0, 0, 0]
    assert pw["cumulative_earnings"].iloc[-1] == 45000 + 1750 + 47000 + 49000 + 51000 + 51000
    sq = frame[frame["scenario"] == "Status quo"]
    assert sq["salary"].tolist() == [45000, 47000, 49000, 49000, 49000, 49000]


def test_applying_to_model_shows_when_each_pathway_is_reached():
    inputs = district([{"years_experience": 1, "lane": "BA", "step": 1}], SCHEDULE, GRID,
                      proposals={"Pathways": {}}, horizon=6)
    member = Member(1, "BA", 1, rating="highly_effective", apply_for_model=True)
    first = milestones(member_projection(inputs, member)).set_index("pathway")["first_year"]
    # Professional through AUs in 2027; Model applications open to those who hold Professional
    # when the year starts, so 2028.
    assert first.to_dict() == {"Standard": 2026, "Professional": 2027, "Model": 2028}


def test_rating_matters_under_the_baltimore_offers(baltimore):
    """A Highly effective member out-earns a Developing one by year 10 under each offer."""
    base = dict(years_experience=4, lane="MA", step=5, credits_per_year=3, pd_hours_per_year=15)
    strong = member_projection(baltimore, Member(rating="highly_effective", **base))
    weak = member_projection(baltimore, Member(rating="developing", **base))
    for offer in ("District offer", "Union offer"):
        hi = strong[(strong["scenario"] == offer) & (strong["year"] == 2020)]["salary"].item()
        lo = weak[(weak["scenario"] == offer) & (weak["year"] == 2020)]["salary"].item()
        assert hi > lo
    sq_hi = strong[strong["scenario"] == "Status quo"]["salary"].tolist()
    sq_lo = weak[weak["scenario"] == "Status quo"]["salary"].tolist()
    assert sq_hi == sq_lo  # the step schedule ignores ratings


@pytest.mark.parametrize("bad", [dict(lane="MBA"), dict(step=99), dict(rating="great"), dict(fte=0)])
def test_impossible_member_is_refused(baltimore, bad):
    member = dict(years_experience=4, lane="MA", step=5) | bad
    with pytest.raises(ValueError):
        member_projection(baltimore, Member(**member))
