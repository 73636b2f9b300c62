"""Altair chart builders: pure functions from tidy frames to charts, tested without a browser.

Every builder takes `names`, all scenario names in the workbook in order, so a scenario keeps
its colour on every chart whichever scenarios are shown.
"""

from __future__ import annotations

import textwrap

import altair as alt
import pandas as pd

from models import order
from models.metrics import GROWTH_WORDS
from models.terms import STATUS_QUO

# Okabe-Ito: colour-blind safe; the status quo is always grey, proposals take the rest in order.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442")
STATUS_QUO_COLOUR = "#6B6B6B"
YEAR_TITLE = "School year (starting)"
YEAR = alt.X("year:O", title=YEAR_TITLE)
ROW = 34  # pixels per heat-map row: room for a row label at presenter size (17 px) without Vega hiding it
DOLLARS = alt.Axis(format="$,.3s")


def scenario_colours(names: list[str]) -> alt.Scale:
    """The same scenario keeps the same colour on every chart."""
    proposals = [n for n in names if n != STATUS_QUO]
    domain = [STATUS_QUO] + proposals
    colours = [STATUS_QUO_COLOUR] + [PALETTE[i % len(PALETTE)] for i in range(len(proposals))]
    return alt.Scale(domain=domain, range=colours)


BUDGET = "Budget"
BUDGET_COLOUR = "#000000"
# Status quo solid, each proposal its own dash, so a line hidden under another still shows through.
DASHES = ([1, 0], [10, 4], [3, 3], [12, 3, 3, 3], [6, 2], [2, 6], [14, 6])
BUDGET_DASH = [6, 4]
# Causes of cost growth, one colour each (no two alike): Okabe-Ito's eight with grey for black, then Tol's wine.
CAUSE_COLOURS = ("#882255", "#D55E00", "#CC79A7", "#0072B2", "#E69F00", "#009E73", "#56B4E9", "#F0E442", "#999999")


def _colour(names: list[str], budget: bool = False) -> alt.Color:
    scale = scenario_colours(names)
    domain, colours = list(scale.domain), list(scale.range)
    if budget:
        domain, colours = domain + [BUDGET], colours + [BUDGET_COLOUR]
    return alt.Color("scenario:N", title="Scenario", scale=alt.Scale(domain=domain, range=colours), sort=domain)


def _dash(names: list[str], budget: bool = False) -> alt.StrokeDash:
    """One dash per scenario, merged with the colour legend (same field, title and domain)."""
    domain = order.scenarios(names)
    dashes = [DASHES[i % len(DASHES)] for i in range(len(domain))]
    if budget:
        domain, dashes = domain + [BUDGET], dashes + [BUDGET_DASH]
    return alt.StrokeDash("scenario:N", title="Scenario", scale=alt.Scale(domain=domain, range=dashes), sort=domain)


def _series(names: list[str], budget: bool = False) -> dict:
    return {"color": _colour(names, budget), "strokeDash": _dash(names, budget)}


def _budget_line(frame: pd.DataFrame, names: list[str], field: str = "budget") -> alt.Chart:
    """The budget as a dashed black line with its own entry in the scenario legend."""
    data = frame.dropna(subset=[field]).drop_duplicates("year")[["year", field]].assign(scenario=BUDGET)
    return alt.Chart(data).mark_line().encode(
        x=YEAR, y=f"{field}:Q", **_series(names, budget=True),
        tooltip=[alt.Tooltip(f"{field}:Q", format="$,.0f", title="Budget")])


def total_cost_by_year(yearly: pd.DataFrame, names: list[str]) -> alt.LayerChart | alt.Chart:
    """Total cost per scenario and year, with the budget as a dashed black line where there is one."""
    data = yearly[["scenario", "year", "total_cost"]]
    has_budget = yearly["budget"].notna().any()
    lines = alt.Chart(data, title="Total cost by year (salary, stipends and roll-up)").mark_line(point=True).encode(
        x=YEAR, y=alt.Y("total_cost:Q", title="Total cost ($)", axis=DOLLARS, scale=alt.Scale(zero=False)),
        **_series(names, has_budget),
        tooltip=["scenario", "year", alt.Tooltip("total_cost:Q", format="$,.0f", title="Total cost")],
    )
    return lines + _budget_line(yearly, names) if has_budget else lines


def _part_rows(data: pd.DataFrame, names: list[str], parts: list[str], title: str) -> alt.VConcatChart:
    """One row of bars per part (its name above it), each scenario in its own colour side by side in each year.

    Scenarios keep their colour here as on every chart; parts are told apart by their own row and name, not by
    a shade (a shade of the grey status quo reads as another scenario). Each row has its own scale, so a small
    part (stipends beside salary) reads as well as a large one; the stacked total is the total cost chart's.
    Rows stacked with vconcat, not a facet: Streamlit stretches each to the column, on a projector or a phone.
    """
    rows = []
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        rows.append(alt.Chart(data[data["part"] == part], title=alt.Title(part, anchor="start")).mark_bar().encode(
            x=alt.X("year:O", title=YEAR_TITLE if last else None),
            xOffset=alt.XOffset("scenario:N", sort=order.scenarios(names)),
            y=alt.Y("sum(amount):Q", title=None, axis=alt.Axis(format="$,.3s", tickCount=3)),
            color=_colour(names).legend(orient="top", direction="horizontal", columns=3, labelLimit=400),
            tooltip=["scenario", "year", alt.Tooltip("part:N", title="Part"),
                     alt.Tooltip("sum(amount):Q", format="$,.0f", title="Amount")],
        ).properties(height=PART_HEIGHT))
    return alt.vconcat(*rows, title=title).resolve_scale(y="independent")


PART_HEIGHT = 110  # pixels of bars per part


def cost_components(components: pd.DataFrame, names: list[str]) -> alt.VConcatChart:
    """Salary, stipends and roll-up, a row each, the scenarios side by side in their colours in each year."""
    words = {"base_salary": "Salary", "stipends": "Stipends", "rollup": "Roll-up"}
    data = components.assign(part=components["component"].map(words))[["scenario", "year", "part", "amount"]]
    return _part_rows(data, names, list(words.values()), "What the cost is made of")


def beyond_schedule(lines: pd.DataFrame) -> pd.DataFrame:
    """The pay lines the components chart draws: those other than schedule salary, roll-up and the AU cash-out
    value that some scenario pays (none, in a plain step-and-lane district)."""
    shown = lines[~lines["line"].isin(["schedule_salary", "rollup", "au_liability"])]
    return shown[shown.groupby("line")["amount"].transform(lambda a: a.abs().sum()) > 0]


def pay_components(lines: pd.DataFrame, names: list[str]) -> alt.VConcatChart:
    """What each pay component costs beyond the schedule: a row per component, the scenarios in their colours.

    Schedule salary and roll-up dwarf the components, so they are left to the table; the MC programme's
    outside funding is drawn beside the district's share (it is not in total cost).
    """
    shown = beyond_schedule(lines)
    data = shown.assign(part=shown["label"])[["scenario", "year", "part", "amount"]]
    return _part_rows(data, names, list(dict.fromkeys(shown["label"])), "Pay components beyond the schedule")


def cumulative_difference(yearly: pd.DataFrame, names: list[str]) -> alt.Chart:
    """Cumulative cost above the status quo, by year, for each proposal (none compared: no rows, so every field
    is typed: Altair cannot infer a type from an empty column)."""
    data = yearly[yearly["scenario"] != STATUS_QUO][["scenario", "year", "cumulative_diff_vs_status_quo"]]
    return alt.Chart(data, title="Cumulative cost above the status quo").mark_line(point=True).encode(
        x=YEAR, y=alt.Y("cumulative_diff_vs_status_quo:Q", title="Cumulative difference ($)", axis=DOLLARS),
        **_series(names),
        tooltip=["scenario:N", "year:O", alt.Tooltip("cumulative_diff_vs_status_quo:Q", format="$,.0f",
                                                 title="Cumulative difference")],
    )


def budget_gap(yearly: pd.DataFrame, names: list[str]) -> alt.Chart:
    """Cost minus budget by year: above zero is over budget."""
    data = yearly.dropna(subset=["budget"])[["scenario", "year", "diff_vs_budget"]]
    bars = alt.Chart(data, title="Cost against the budget (above zero: over budget)").mark_bar().encode(
        x=YEAR, xOffset=alt.XOffset("scenario:N", sort=order.scenarios(names)),
        y=alt.Y("diff_vs_budget:Q", title="Cost minus budget ($)", axis=DOLLARS), color=_colour(names),
        tooltip=["scenario", "year", alt.Tooltip("diff_vs_budget:Q", format="$,.0f", title="Cost minus budget")],
    )
    return bars + alt.Chart(pd.DataFrame({"zero": [0]})).mark_rule(color="black").encode(y="zero:Q")


def cost_growth(growth: pd.DataFrame, scenario: str) -> alt.Chart:
    """Each year's change in cost split by cause, for one scenario ("3% doesn't mean 3%")."""
    data = growth[growth["scenario"] == scenario]
    causes = list(GROWTH_WORDS.values())
    return alt.Chart(data, title=f"Why the cost changes each year: {scenario}").mark_bar().encode(
        x=YEAR, y=alt.Y("sum(amount):Q", title="Change from the year before ($)", axis=DOLLARS),
        color=alt.Color("label:N", title="Cause", sort=causes,
                        scale=alt.Scale(domain=causes, range=list(CAUSE_COLOURS[:len(causes)]))),
        tooltip=["year", "label", alt.Tooltip("amount:Q", format="$,.0f", title="Change")],
    )


def retention_curves(overall: pd.DataFrame, names: list[str]) -> alt.Chart:
    """Share of the base year's teachers still employed."""
    return alt.Chart(overall, title="Base-year teachers still employed").mark_line(point=True).encode(
        x=YEAR, y=alt.Y("share_remaining:Q", title="Share still employed", axis=alt.Axis(format="%"),
                        scale=alt.Scale(domain=[0, 1])),
        **_series(names),
        tooltip=["scenario", "year", alt.Tooltip("share_remaining:Q", format=".1%", title="Still employed")],
    )


def turnover(yearly: pd.DataFrame, names: list[str]) -> alt.Chart:
    """Separations (= hires, positions are refilled) by year."""
    data = yearly[yearly["year"] > yearly["year"].min()][["scenario", "year", "separations"]]
    return alt.Chart(data, title="Teachers leaving each year (each replaced by a hire)").mark_bar().encode(
        x=YEAR, xOffset=alt.XOffset("scenario:N", sort=order.scenarios(names)),
        y=alt.Y("separations:Q", title="Separations (= hires)"), color=_colour(names),
        tooltip=["scenario", "year", alt.Tooltip("separations:Q", format=",.0f", title="Separations")],
    )


def experienced(overall: pd.DataFrame, names: list[str]) -> alt.Chart:
    return alt.Chart(overall, title="Teachers with 4 or more years of experience").mark_line(point=True).encode(
        x=YEAR, y=alt.Y("experienced_teachers:Q", title="Teachers", scale=alt.Scale(zero=False)),
        **_series(names),
        tooltip=["scenario", "year", alt.Tooltip("experienced_teachers:Q", format=",.0f", title="Teachers")],
    )


def distribution_heatmap(distribution: pd.DataFrame, scenario: str, year: int) -> alt.Chart:
    """Teachers in each schedule cell (pathway x interval, or lane x step) in one year."""
    data = distribution[(distribution["scenario"] == scenario) & (distribution["year"] == year)]
    system = "pathway" if (data["system"] == "pathways").any() else "lane"
    number = "Interval" if system == "pathway" else "Step"
    return alt.Chart(data, title=f"Where teachers sit in {year}: {scenario}").mark_rect().encode(
        x=alt.X("number:O", title=number),
        y=alt.Y("group:N", title=system.title(), sort=order.groups(data["group"]), axis=alt.Axis(labelLimit=200)),
        color=alt.Color("headcount:Q", title="Teachers", scale=alt.Scale(scheme="blues")),
        tooltip=[alt.Tooltip("group:N", title=system.title()), alt.Tooltip("number:O", title=number),
                 alt.Tooltip("headcount:Q", format=",.1f", title="Teachers")],
    ).properties(height=alt.Step(ROW))


def salary_distribution(percentiles: pd.DataFrame, names: list[str]) -> alt.LayerChart:
    """Median salary per FTE with the 10th to 90th percentile band."""
    base = alt.Chart(percentiles, title="Salary per FTE: median and 10th to 90th percentile").encode(
        x=YEAR, color=_colour(names).legend(**LINE_LEGEND))
    band = base.mark_area(opacity=BAND_OPACITY).encode(
        y=alt.Y("p10:Q", title="Salary per FTE ($)", axis=DOLLARS, scale=alt.Scale(zero=False)), y2="p90:Q")
    line = base.mark_line(point=True).encode(
        y="p50:Q", strokeDash=_dash(names), tooltip=["scenario", "year"] + [alt.Tooltip(f"{q}:Q", format="$,.0f")
                                                  for q in ("p10", "p50", "p90")])
    return band + line


def gains_by_stage(gains_by_stage: pd.DataFrame, names: list[str]) -> alt.Chart:
    """Share of current teachers better off than under the status quo, by career stage (fields typed, as in
    cumulative_difference: no rows when no proposal is compared)."""
    data = gains_by_stage[gains_by_stage["scenario"] != STATUS_QUO]
    return alt.Chart(data, title="Share of current teachers better off, by years of experience").mark_bar().encode(
        x=alt.X("band:N", title="Years of experience (career stage)", sort=order.bands(data["band"])),
        xOffset=alt.XOffset("scenario:N", sort=order.scenarios(names)),
        y=alt.Y("share_better_off:Q", title="Share better off", axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1])),
        color=_colour(names),
        tooltip=["scenario:N", "band:N", alt.Tooltip("share_better_off:Q", format=".0%", title="Better off"),
                 alt.Tooltip("median_cumulative_gain:Q", format="$,.0f", title="Median gain over the horizon")],
    )


def member_salary(frame: pd.DataFrame, names: list[str], value: str = "salary") -> alt.Chart:
    """One member's salary (or cumulative earnings) by year under each scenario."""
    title = {"salary": "Your salary by year", "cumulative_earnings": "Your total earnings from next year on"}[value]
    return alt.Chart(frame, title=title).mark_line(point=True).encode(
        x=YEAR, y=alt.Y(f"{value}:Q", title="Dollars", axis=DOLLARS, scale=alt.Scale(zero=False)),
        **_series(names),
        tooltip=["scenario", "year", "placement", "number", alt.Tooltip(f"{value}:Q", format="$,.0f")],
    )


def scattergram(counts: pd.DataFrame) -> alt.Chart:
    """Headcount in each lane x step cell of today's schedule (metrics.scattergram)."""
    # a published schedule's labels (3A, 50) are not numbers: they keep the schedule's order
    steps = alt.EncodingSortField("step_order") if "step_order" in counts else "ascending"
    return alt.Chart(counts, title="Scattergram: teachers on each step and lane today").mark_rect().encode(
        x=alt.X("step:O", title="Step", sort=steps),
        y=alt.Y("lane:N", title="Lane", sort=order.groups(counts["lane"]), axis=alt.Axis(labelLimit=200)),
        color=alt.Color("teachers:Q", title="Teachers", scale=alt.Scale(scheme="blues")),
        tooltip=["lane", "step", "teachers", alt.Tooltip("fte:Q", format=",.1f", title="FTE")],
    ).properties(height=alt.Step(ROW))


TITLE_LINE = 40  # characters: a title this long fits a phone's width (390 px) and a presenter's half screen


def wrapped_title(chart: alt.TopLevelMixin, width: int = TITLE_LINE) -> alt.TopLevelMixin:
    """The chart with a long title on several lines: Vega-Lite never wraps a title, it cuts it at the edge.
    A layered chart's title is its layers' (Vega-Lite draws the first layer's)."""
    title = chart.title
    text = title if isinstance(title, str) else getattr(title, "text", None)
    layers = getattr(chart, "layer", None)
    if not isinstance(text, str) and isinstance(layers, list):
        layered = chart.copy(deep=False)
        layered.layer = [wrapped_title(layer, width) for layer in layers]
        return layered
    if not isinstance(text, str) or len(text) <= width:
        return chart
    lines = textwrap.wrap(text, width)
    return chart.properties(title=lines if isinstance(title, str) else alt.Title.from_dict(
        {**title.to_dict(), "text": lines}))


def for_presenter(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """The same chart readable across a room: larger labels and titles, thicker lines and points."""
    return (chart.configure_axis(labelFontSize=17, titleFontSize=19)
            .configure_legend(labelFontSize=17, titleFontSize=19, symbolSize=220, labelLimit=400)
            .configure_title(fontSize=23)
            .configure_line(strokeWidth=4)
            .configure_point(size=120))


def tornado(table: pd.DataFrame, scenario: str) -> alt.Chart:
    """Change in cost over the horizon when each assumption moves to its low and high end, largest swing on top."""
    rows = table[table["scenario"] == scenario]
    bars = pd.concat([rows.assign(end="Low end", change=rows["change_low"]),
                      rows.assign(end="High end", change=rows["change_high"])])
    ranked = list(rows.sort_values("swing", ascending=False)["assumption"])
    return alt.Chart(bars, title=f"{scenario}: change in cost over the horizon as each assumption moves").mark_bar(
    ).encode(
        y=alt.Y("assumption:N", sort=ranked, title=None, axis=alt.Axis(labelLimit=320)),
        x=alt.X("change:Q", title="Change in cost over the horizon ($)", axis=DOLLARS),
        color=alt.Color("end:N", title="Assumption at", scale=alt.Scale(domain=["Low end", "High end"],
                                                                        range=["#56B4E9", "#D55E00"])),
        tooltip=["assumption", "range", "end", alt.Tooltip("change:Q", format="$,.0f"), "source"],
    )


# A band's legend names its scenario by the median line's colour and dash, at full strength: left to Vega-Lite it
# takes the band's opacity, and a faint grey blob is neither the status quo's grey nor the budget's black line.
# Bands stay faint (they overlap); what they are is in the title.
BAND_OPACITY = 0.18
LINE_LEGEND = {"symbolType": "stroke", "symbolOpacity": 1, "symbolStrokeWidth": 3, "symbolSize": 400}


def cost_fan(fan: pd.DataFrame, names: list[str]) -> alt.LayerChart:
    """Total cost P10-P90 band and median per scenario, with the budget as a dashed black line."""
    has_budget = fan["budget"].notna().any()
    base = alt.Chart(fan, title="Total cost by year: median and 10th to 90th percentile of the replicates").encode(
        x=YEAR, color=_colour(names, has_budget).legend(**LINE_LEGEND))
    band = base.mark_area(opacity=BAND_OPACITY).encode(
        y=alt.Y("total_cost_p10:Q", title="Total cost ($)", axis=DOLLARS, scale=alt.Scale(zero=False)),
        y2="total_cost_p90:Q")
    line = base.mark_line(point=True).encode(
        y="total_cost_p50:Q", strokeDash=_dash(names, has_budget), tooltip=["scenario", "year"] + [
            alt.Tooltip(f"total_cost_{q}:Q", format="$,.0f", title=q.upper()) for q in ("p10", "p50", "p90")])
    return band + line + _budget_line(fan, names) if has_budget else band + line


def better_off_by_group(groups: pd.DataFrame) -> alt.Chart:
    """Share of current members better off over the horizon, by group, for one proposal."""
    data = groups[groups["dimension"] != "All members"]
    return alt.Chart(data, title="Members better off over the horizon, by group").mark_bar().encode(
        y=alt.Y("group:N", title=None, sort=None, axis=alt.Axis(labelLimit=320)),
        x=alt.X("share_better_off:Q", title="Share better off", axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1])),
        row=alt.Row("dimension:N", title=None, sort=["Career stage", "Lane", "Pathway"]),
        color=alt.value("#009E73"),
        tooltip=["dimension", "group", "teachers", alt.Tooltip("share_better_off:Q", format=".0%"),
                 alt.Tooltip("share_better_off_by_year:Q", format=".0%", title="by year 3"),
                 alt.Tooltip("median_loss:Q", format="$,.0f", title="median loss of those worse off")],
    ).resolve_scale(y="independent")
