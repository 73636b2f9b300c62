"""Bargaining table: the status quo and the chosen proposals side by side, on one shared screen."""

import streamlit as st

from models import metrics
from models.safe_text import markdown as text
from ui import charts, data, state, widgets

state.run_inside_app()

inputs = state.shown_inputs()  # projects the compared proposals only
names = widgets.scenario_names()
res = data.results(inputs.fingerprint, inputs)
years = sorted(res.yearly["year"].unique())

st.title("Bargaining table")
compared = len(state.compared())
shown = {0: "The status quo alone (choose proposals to compare in the sidebar)", 1: "The status quo and 1 proposal"}
st.caption(f"{text(inputs.title)}. {shown.get(compared, f'The status quo and {compared} proposals')}, "
           f"{years[0]}-{years[-1]}; every figure comes from the workbook's assumptions (see Workbook and Contract "
           "terms).")
widgets.headline(res.headline)


@st.fragment
def cast_forward(cast, why, years: list[int]) -> None:
    """The field's cast forward beside the projection with turnover, for one year: picking another redraws this only."""
    st.subheader("Cast forward and with turnover")
    st.caption("Cast forward: today's staff, every one kept, moved on by each scenario's rules, the way costing "
               "forms do it. With turnover: the projection, where leavers are replaced by hires. Breakage is the "
               "difference (negative: turnover saves); \"over base\" is the change over the base year's total "
               "compensation.")
    year = st.select_slider("Year", years[1:], value=years[1], key="cast_year")
    widgets.cast_forward_table(metrics.side_by_side(cast, year))
    for sentence in why["sentence"]:
        st.warning(sentence)


cast_forward(res.cast_forward, res.why_falls, years)


@st.fragment
def heatmap(distribution, years: list[int]) -> None:
    """Teachers by cell for one scenario and year: picking another redraws this chart only."""
    left, right = st.columns(2)
    scenario = left.selectbox("Scenario", ["Status quo"] + state.compared(), index=min(1, len(state.compared())))
    year = right.select_slider("Year", years, value=years[min(3, len(years) - 1)])
    cells = distribution[(distribution["scenario"] == scenario) & (distribution["year"] == year)]
    widgets.chart(charts.distribution_heatmap, distribution, scenario, year, table=cells, name="teachers by cell")

# Only the open tab is drawn (on_change="rerun"): an edit redraws three charts, not nine.
cost, keep, who = st.tabs(["Cost", "Retention", "Distribution and who gains"], key="table_tab", on_change="rerun")
with cost:
    if cost.open:
        costs = ["scenario", "year", "total_cost", "budget", "diff_vs_status_quo", "diff_vs_budget"]
        widgets.chart(charts.total_cost_by_year, res.yearly, names, table=res.yearly[costs], name="total cost by year")
        widgets.chart(charts.cost_components, res.components, names, table=res.components, name="cost components")
        if state.compared():
            widgets.chart(charts.cumulative_difference, res.yearly, names,
                          table=res.yearly[["scenario", "year", "cumulative_cost", "cumulative_diff_vs_status_quo"]],
                          name="cumulative difference from the status quo")
        else:  # an empty chart says nothing: what it needs instead
            st.info("Choose a proposal to compare in the sidebar to see its cost above the status quo.")
with keep:
    if keep.open:
        st.caption("Exit rates and their response to pay are assumptions (Workbook page), not a forecast.")
        widgets.chart(charts.retention_curves, res.overall_retention, names,
                      table=res.retention, name="retention by career stage")
        widgets.chart(charts.turnover, res.yearly, names,
                      table=res.yearly[["scenario", "year", "separations", "hires"]], name="separations and hires")
        widgets.chart(charts.experienced, res.overall_retention, names,
                      table=res.overall_retention, name="experienced teachers")
with who:
    if who.open:
        heatmap(res.distribution, years)
        widgets.chart(charts.salary_distribution, res.percentiles, names,
                      table=res.percentiles, name="salary percentiles")
        if state.compared():
            widgets.chart(charts.gains_by_stage, res.gains_by_stage, names,
                          table=res.gains_by_stage, name="gains by career stage")
        else:
            st.info("Choose a proposal to compare in the sidebar to see who is better off than under the status quo.")
