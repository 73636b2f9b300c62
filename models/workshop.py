"""Workshop exercises: goals on the bundled samples that the model checks live.

Each exercise names a sample and the proposal participants edit, a goal made of criteria, hints,
facilitator notes and one known solution (tests prove the solution meets the goal and the
starting proposal does not, so every exercise can be finished and none is finished at the start).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from models.inputs import Inputs
from models.money import money
from models.results import results
from models.terms import Terms


@dataclass(frozen=True)
class Situation:
    """What a check looks at: the proposal now, and as the workbook tabled it."""

    proposal: str
    terms: Terms
    tabled_terms: Terms
    headline: pd.DataFrame  # metrics.headline of the current proposals
    tabled_headline: pd.DataFrame  # metrics.headline of the workbook's own proposals
    yearly: pd.DataFrame  # metrics.yearly of the current proposals

    def now(self, column: str) -> Any:
        return self.headline.set_index("scenario").at[self.proposal, column]

    def tabled(self, column: str) -> Any:
        return self.tabled_headline.set_index("scenario").at[self.proposal, column]


@dataclass(frozen=True)
class Criterion:
    goal: str
    now: str  # the current figure, in words
    met: bool


@dataclass(frozen=True)
class Exercise:
    key: str
    title: str
    sample: str  # file in sample_budgets/
    proposal: str
    goal: str
    teaches: str
    hints: tuple[str, ...]
    facilitator: str
    solution: dict[str, Any] = field(hash=False)  # overrides on top of the tabled proposal
    criteria: Callable[[Situation], list[Criterion]] = field(hash=False, repr=False)

    def check(self, situation: Situation) -> list[Criterion]:
        return self.criteria(situation)


def _change(x: float) -> str:
    return money(x, short=True, sign=True)


AS_WORKBOOK = "as the workbook"  # a solution's value: the workbook's own, undoing the proposal's change


def _within_budget(s: Situation) -> Criterion:
    over, worst = int(s.now("years_over_budget")), float(s.now("worst_year_vs_budget"))
    now = (f"over budget in {over} year(s); worst year {_change(worst)}" if over
           else f"within budget every year; closest year {_change(worst)}")
    return Criterion("Cost at or under the budget in every year", now, over == 0)


def _lowest_model_pay(s: Situation, floor: float) -> Criterion:
    grid = s.terms.pathways
    lowest = min(grid.salary("Model", k) for k in range(1, grid.intervals("Model") + 1))
    return Criterion(f"Every Model interval pays at least ${floor:,.0f}", f"lowest Model salary ${lowest:,.0f}",
                     lowest >= floor)


def _better_off(s: Situation, share: float) -> Criterion:
    now = float(s.now("share_better_off"))
    return Criterion(f"At least {share:.0%} of current members better off over the horizon", f"{now:.1%}",
                     now >= share)


def _fit_district(s: Situation) -> list[Criterion]:
    return [_within_budget(s), _lowest_model_pay(s, 85_000)]


def _fit_union(s: Situation) -> list[Criterion]:
    return [_within_budget(s), _better_off(s, 0.80)]


def _double_pass_rate(s: Situation) -> list[Criterion]:
    tabled, rate = float(s.tabled_terms["model.pass_rate"]), float(s.terms["model.pass_rate"])
    change = float(s.now("cumulative_cost")) - float(s.tabled("cumulative_cost"))
    share = change / float(s.tabled("cumulative_cost"))
    return [
        Criterion(f"Model pass rate at least double the tabled {tabled:.1%}", f"{rate:.1%}",
                  rate >= min(1.0, 2 * tabled) - 1e-9),
        Criterion("Read the change in cost over the horizon against the offer as tabled",
                  f"{_change(change)} ({share:+.2%})", True),
    ]


def _three_percent(s: Situation) -> list[Criterion]:
    years = s.yearly[s.yearly["scenario"] == s.proposal].set_index("year")["total_cost"]
    first = int(years.index.min())
    growth = float(years[first + 1] / years[first] - 1)
    raised = s.terms.by_year("raise", first + 1, 0.0)
    return [Criterion(f"Total cost grows 3.0% (within 0.1 point) from {first} to {first + 1}",
                      f"{growth:+.2%} with a {raised:.2%} raise", abs(growth - 0.03) <= 0.001)]


EXERCISES: tuple[Exercise, ...] = (
    Exercise(
        key="fit_district", title="Fit the District offer to the budget", sample="baltimore_2010.xlsx",
        proposal="District offer",
        goal="Make the District offer fit the budget in every year while every Model interval pays at least "
             "$85,000.",
        teaches="Where the money goes in year 1 of a conversion, and what a hold-harmless promise costs.",
        hints=("The offer is over budget in one year only: which one? (Budget, 'Cost against the budget'.)",
               "Budget page, cost growth: in year 1 the conversion itself, not raises, drives the cost.",
               "Contract terms, Salaries: set Model intervals below $85,000 to $85,000 and watch the cost.",
               "Contract terms, Conversion: the one-time stipend is paid to every converted teacher."),
        facilitator="The offer converts everyone at once; conversion and its stipend make year 1 the tight "
                    "year, so cutting later raises does not help. Raising Model intervals 1-4 to $85,000 "
                    "adds about $2M; dropping the $1,750 conversion stipend saves about $5M and fits. Ask "
                    "who loses the stipend and whether a smaller stipend for fewer people (the threshold) "
                    "would do. Then compare with the Union offer's choices.",
        solution={"pathway_salary.Model.1": 85000.0, "pathway_salary.Model.2": 85000.0,
                  "pathway_salary.Model.3": 85000.0, "pathway_salary.Model.4": 85000.0,
                  "conversion.stipend": 0.0},
        criteria=_fit_district,
    ),
    Exercise(
        key="pass_rate", title="What if the Model pass rate doubles?", sample="baltimore_2010.xlsx",
        proposal="District offer",
        goal="Double the Model pass rate in the District offer and read what it does to the cost over the horizon.",
        teaches="Promotion risk: how much of the cost a promotion rate can move, and why.",
        hints=("Contract terms, Promotion and review: Model pass rate.",
               "Who can apply at all? Look at the Model eligibility rules beside the pass rate.",
               "Bargaining table, Distribution: how many teachers reach Model by the last year?"),
        facilitator="The fear is that easy promotion 'could bankrupt the district'. Here doubling the pass "
                    "rate moves the ten-year cost by about 1%: only Professional teachers with enough "
                    "years apply, at the application rate, and Model pays a few thousand dollars more than "
                    "the top of Professional. Ask which assumption would have to change for the fear to come "
                    "true (application rate, eligibility years, Model salaries) and try it.",
        solution={"model.pass_rate": 0.5866},  # twice 100 / 341, as the Baltimore sample tables it
        criteria=_double_pass_rate,
    ),
    Exercise(
        key="fit_union", title="Keep most members better off within the budget", sample="baltimore_2010.xlsx",
        proposal="Union offer",
        goal="Make the Union offer fit the budget in every year while at least 80% of current members are "
             "better off than under the status quo.",
        teaches="Which levers buy member gains cheaply and which cost the most.",
        hints=("The Union offer is over budget in two years: year 1 and the next.",
               "Raises and roll-up: each 1% raise is paid every year after it.",
               "Conversion: the stipend threshold and amount decide year 1.",
               "Achievement Units: a larger AU requirement per interval slows movement for everyone."),
        facilitator="One way: no raise in the first year, 0.5% and 1% in the next two, no conversion stipend, "
                    "and AUs per interval back to the workbook's (12 on this sample). About 82% stay better off "
                    "because conversion itself lifts most members. Ask the room which of these the union would "
                    "trade first, and what the members who are not better off have in common (Bargaining table, "
                    "gains by stage).",
        solution={"raise.2011": 0.0, "raise.2012": 0.005, "raise.2013": 0.01, "conversion.stipend": 0.0,
                  "au.per_interval": AS_WORKBOOK},
        criteria=_fit_union,
    ),
    Exercise(
        key="three_percent", title="3% does not mean 3%", sample="small_district.xlsx",
        proposal="Schedule raise",
        goal="Set the first year's raise in 'Schedule raise' so the district's total cost grows exactly 3% "
             "(within 0.1 point) over the base year.",
        teaches="Cost growth is raises plus step movement minus breakage, plus roll-up on all of it.",
        hints=("Contract terms, Raises and roll-up: the raise for the first projected year.",
               "Budget page: the cost growth split shows movement, breakage and roll-up beside the raise.",
               "With no raise at all, does the cost stay flat? Try 0% first."),
        facilitator="With no raise the cost still grows about 0.5%: steps cost more than leavers save "
                    "(breakage), and roll-up rides on both. Each 1% of raise then adds about 1% (roll-up "
                    "is proportional), so a raise of about 2.48% gives 3% growth. In a district with fewer "
                    "leavers or more steps to climb, the same raise costs more. Ask each side to state a "
                    "raise as its cost, not its percentage.",
        solution={"raise.2026": 0.0248},
        criteria=_three_percent,
    ),
)


def find(key: str) -> Exercise:
    return next(e for e in EXERCISES if e.key == key)


def figures(inputs: Inputs) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Headline and yearly tables, as the bargaining table shows them."""
    found = results(inputs)
    return found.headline, found.yearly


def situation(exercise: Exercise, now: Inputs, tabled: Inputs,
              now_figures: tuple[pd.DataFrame, pd.DataFrame] | None = None,
              tabled_figures: tuple[pd.DataFrame, pd.DataFrame] | None = None) -> Situation:
    """The exercise's proposal now and as tabled; pass figures already computed to avoid recomputing."""
    head, yearly = now_figures or figures(now)
    tabled_head, _ = tabled_figures or figures(tabled)
    pick = lambda inputs: next(p for p in inputs.proposals if p.name == exercise.proposal)  # noqa: E731
    return Situation(exercise.proposal, pick(now).terms(now.baseline), pick(tabled).terms(tabled.baseline),
                     head, tabled_head, yearly)


def solution_for(exercise: Exercise, tabled: Inputs) -> dict[str, Any]:
    """The solution's overrides, AS_WORKBOOK read from the workbook's terms (its Rules, else the registry default)."""
    return {k: tabled.baseline[k] if v == AS_WORKBOOK else v for k, v in exercise.solution.items()}


def with_solution(exercise: Exercise, tabled: Inputs) -> Inputs:
    """The tabled workbook with the exercise's known solution applied to its proposal."""
    solution = solution_for(exercise, tabled)
    return tabled.with_proposals(tuple(
        replace(p, overrides=tuple({**p.as_dict(), **solution}.items())) if p.name == exercise.proposal
        else p for p in tabled.proposals))
