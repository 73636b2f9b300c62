"""Altair chart builders: pure functions from tidy frames to charts, tested without a browser."""

from __future__ import annotations

import altair as alt
import pandas as pd

from models.terms import STATUS_QUO

# Okabe-Ito: colour-blind safe; the status quo is always grey, proposals take the rest in order.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442")
STATUS_QUO_COLOUR = "#6B6B6B"


def scenario_colours(names: list[str]) -> alt.Scale:
    """The same scenario keeps the same colour on every chart."""
    proposals = [n for n in names if n != STATUS_QUO]
    domain = ([STATUS_QUO] if STATUS_QUO in names else []) + proposals
    colours = ([STATUS_QUO_COLOUR] if STATUS_QUO in names else []) + [
        PALETTE[i % len(PALETTE)] for i in range(len(proposals))]
    return alt.Scale(domain=domain, range=colours)


def total_cost_by_year(yearly: pd.DataFrame) -> alt.Chart:
    """Total cost per scenario and year, with the budget as a dashed line where there is one."""
    names = list(dict.fromkeys(yearly["scenario"]))
    data = yearly[["scenario", "year", "total_cost"]]
    lines = alt.Chart(data, title="Total cost by year (salary, stipends and roll-up)").mark_line(point=True).encode(
        x=alt.X("year:O", title="School year (starting)"),
        y=alt.Y("total_cost:Q", title="Total cost ($)", axis=alt.Axis(format="$,.3s"),
                scale=alt.Scale(zero=False)),
        color=alt.Color("scenario:N", title="Scenario", scale=scenario_colours(names)),
        tooltip=["scenario", "year", alt.Tooltip("total_cost:Q", format="$,.0f", title="Total cost")],
    )
    budget = yearly.drop_duplicates("year")[["year", "budget"]].dropna()
    if budget.empty:
        return lines
    rule = alt.Chart(budget).mark_line(strokeDash=[6, 4], color="black").encode(
        x="year:O", y="budget:Q", tooltip=[alt.Tooltip("budget:Q", format="$,.0f", title="Budget")])
    return lines + rule
