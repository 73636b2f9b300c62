"""Chart builders for the State page: pure functions from the state's tidy frames to Altair charts."""

from __future__ import annotations

import altair as alt
import pandas as pd

PAYERS = {"state_pays": "State pays", "district_pays": "Districts pay"}
PAYER_COLOURS = alt.Scale(domain=list(PAYERS.values()), range=["#0072B2", "#E69F00"])
DOLLARS = alt.Axis(format="$,.3s")


def state_total_by_year(totals: pd.DataFrame) -> alt.Chart:
    """What the policy adds each year, stacked by who pays it."""
    later = totals[totals["year"] > totals["year"].min()]
    data = later.melt(id_vars="year", value_vars=list(PAYERS), var_name="payer", value_name="amount")
    data["payer"] = data["payer"].map(PAYERS)
    return alt.Chart(data, title="What the policy adds, by year and payer").mark_bar().encode(
        x=alt.X("year:O", title="School year (starting)"),
        y=alt.Y("sum(amount):Q", title="Added cost ($)", axis=DOLLARS),
        color=alt.Color("payer:N", title="Who pays", scale=PAYER_COLOURS, sort=list(PAYERS.values())),
        order=alt.Order("payer:N", sort="descending"),
        tooltip=["year", "payer", alt.Tooltip("sum(amount):Q", format="$,.0f", title="Amount")],
    )


def cost_per_teacher(ranking: pd.DataFrame, top: int = 25) -> alt.Chart:
    """Districts by what the policy adds per teacher (FTE) over the horizon, highest first."""
    data = ranking.head(top)
    return alt.Chart(data, title=f"Added cost per teacher over the horizon (top {min(top, len(data))})").mark_bar(
        color="#0072B2").encode(
        y=alt.Y("district:N", title=None, sort=list(data["district"]), axis=alt.Axis(labelLimit=260)),
        x=alt.X("added_per_teacher:Q", title="Added per teacher, FTE ($)", axis=alt.Axis(format="$,.0f")),
        tooltip=["district", alt.Tooltip("fte:Q", format=",.1f", title="Teachers (FTE)"),
                 alt.Tooltip("added:Q", format="$,.0f", title="Added"),
                 alt.Tooltip("added_per_teacher:Q", format="$,.0f", title="Per teacher")],
    )
