"""Every workshop exercise can be finished, and none is finished before anyone starts."""

import pytest

from models import workbook, workshop
from tests.conftest import SAMPLES


@pytest.fixture(scope="module")
def tabled():
    return {e.sample: workbook.read(SAMPLES / e.sample) for e in workshop.EXERCISES}


@pytest.mark.parametrize("exercise", workshop.EXERCISES, ids=lambda e: e.key)
def test_exercise_is_open_at_the_start_and_met_by_its_solution(exercise, tabled):
    start = tabled[exercise.sample]
    assert exercise.proposal in [p.name for p in start.proposals]
    before = exercise.check(workshop.situation(exercise, start, start))
    assert not all(c.met for c in before), [c.now for c in before]
    solved = workshop.with_solution(exercise, start)
    after = exercise.check(workshop.situation(exercise, solved, start))
    assert all(c.met for c in after), [(c.goal, c.now) for c in after]


def test_fit_district_reports_the_figures_it_judges(tabled):
    exercise = workshop.find("fit_district")
    start = tabled[exercise.sample]
    budget, model_pay = exercise.check(workshop.situation(exercise, start, start))
    assert (budget.met, model_pay.met) == (False, False)
    assert "over budget in 1 year(s)" in budget.now
    assert model_pay.now == "lowest Model salary $78,000"


def test_three_percent_needs_less_than_a_three_percent_raise(tabled):
    """Movement outweighs breakage a little here, so 3% growth takes a raise under 3%."""
    exercise = workshop.find("three_percent")
    start = tabled[exercise.sample]
    three = workshop.with_solution(exercise, start)
    three = three.with_proposals(tuple(p if p.name != exercise.proposal else
                                       type(p)(p.name, tuple({**p.as_dict(), "raise.2026": 0.03}.items()))
                                       for p in three.proposals))
    (growth,) = exercise.check(workshop.situation(exercise, three, start))
    assert not growth.met and growth.now.startswith("+3.5")
