"""Results: every table the bargaining table, the budget page, the workshop, the export and the command line
show, computed in one place from the projections.

Each scenario is projected on its own (common random numbers: every scenario reads the same draws, so a
scenario projected alone equals the same scenario in a joint run), which lets a caller cache one
projection per scenario: an edit to one proposal re-projects that proposal only.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from models import engine, metrics
from models.engine import Projection
from models.inputs import Inputs
from models.terms import STATUS_QUO, Terms

# (inputs, (name, terms), stayers) -> that scenario's projection; stayers: one replicate, nobody leaves
ProjectOne = Callable[[Inputs, tuple[str, Terms], bool], Projection]


@dataclass(frozen=True)
class Results:
    """Every table the pages draw, for the status quo and every proposal."""

    yearly: pd.DataFrame
    headline: pd.DataFrame
    components: pd.DataFrame
    lines: pd.DataFrame  # the cost breakdown, each pay component its own line
    growth: pd.DataFrame
    step_costs: pd.DataFrame
    one_percent: pd.DataFrame
    distribution: pd.DataFrame
    percentiles: pd.DataFrame
    retention: pd.DataFrame
    overall_retention: pd.DataFrame
    gains: pd.DataFrame
    gains_by_stage: pd.DataFrame
    cast_forward: pd.DataFrame  # the field's costing (same staff, no turnover) beside the projection
    rollup_lines: pd.DataFrame  # roll-up line by line: Social Security, Medicare, pension, other, health
    why_falls: pd.DataFrame  # the sentence for the first year the status quo's cost falls (or no row)

    def only(self, names: list[str]) -> Results:
        """The same tables for the status quo and the named proposals."""
        return Results(**{k: only(v, names) for k, v in self.__dict__.items()})


def only(frame: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """The rows of the status quo and the named proposals."""
    return frame[frame["scenario"].isin([STATUS_QUO, *names])]


def project_one(inputs: Inputs, scenario: tuple[str, Terms], stayers: bool) -> Projection:
    """One scenario's projection: the workbook's replicates, or the stayers run (one replicate, no exits)."""
    if stayers:
        return engine.project(inputs, [scenario], replicates=1, separations=False)[0]
    return engine.project(inputs, [scenario])[0]


def projections(inputs: Inputs, names: list[str] | None = None,
                one: ProjectOne | None = None) -> tuple[list[Projection], list[Projection]]:
    """The runs and the stayers runs of the status quo and the named proposals (all by default).

    one: how to project a single scenario (a cache, in the app); None projects them together in one pass.
    """
    scenarios = inputs.scenarios(names)
    if one is None:
        return (engine.project(inputs, scenarios),
                engine.project(inputs, scenarios, replicates=1, separations=False))
    return [one(inputs, s, False) for s in scenarios], [one(inputs, s, True) for s in scenarios]


def results(inputs: Inputs, one: ProjectOne | None = None) -> Results:
    """Every table, from the projection of every scenario."""
    runs, stayers = projections(inputs, one=one)
    yearly = metrics.yearly(runs, inputs)
    gains = metrics.who_gains(stayers, inputs)
    return Results(
        yearly=yearly, headline=metrics.headline(inputs, yearly, gains, runs),
        components=metrics.cost_components(runs), lines=metrics.component_lines(runs), growth=metrics.cost_growth(runs),
        step_costs=metrics.step_costs(runs), one_percent=metrics.cost_of_one_percent(runs),
        distribution=metrics.distribution(runs), percentiles=metrics.salary_percentiles(runs, inputs),
        retention=metrics.retention(runs), overall_retention=metrics.overall_retention(runs, inputs),
        gains=gains, gains_by_stage=metrics.gains_summary(gains),
        cast_forward=metrics.cast_forward(runs, stayers), rollup_lines=metrics.rollup_lines(runs),
        why_falls=metrics.why_cost_falls(runs),
    )


def sheets(inputs: Inputs, names: list[str] | None = None, one: ProjectOne | None = None) -> dict[str, pd.DataFrame]:
    """The Results sheets of an export, for the status quo and the named proposals (all by default)."""
    return metrics.results_sheets(inputs, *projections(inputs, names, one))


def scenario_keys(inputs: Inputs) -> dict[str, str]:
    """A key per scenario that changes only when its own projection would: the workbook without proposals
    (roster, terms, settings, market) for the status quo, plus the proposal's own overrides for a proposal."""
    shared = inputs.with_proposals(()).fingerprint
    keys = {STATUS_QUO: shared}
    for p in inputs.proposals:
        changes = json.dumps([p.name, sorted(p.as_dict().items())], default=str)
        keys[p.name] = f"{shared}/{hashlib.sha256(changes.encode()).hexdigest()[:12]}"
    return keys
