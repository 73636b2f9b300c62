"""Budget: cost against the budget, why cost grows ("3% doesn't mean 3%"), the cost of 1%, step costs."""

import streamlit as st

from models.terms import STATUS_QUO
from ui import charts, data, state, widgets

state.run_inside_app()

inputs = state.inputs()
names = widgets.scenario_names()
res = data.results(inputs.fingerprint, inputs).only(state.compared())

st.title("Budget")
if not inputs.budget:
    st.info("This workbook has no Budget sheet: add one (year, amount) to compare costs with the money available.")
else:
    widgets.chart(charts.budget_gap(res.yearly, names),
                  res.yearly[["scenario", "year", "total_cost", "budget", "diff_vs_budget"]], "cost against budget")

st.subheader("Why the cost grows")
st.caption("Each year's change in cost split by cause, in order: turnover (breakage), conversion, movement on the "
           "schedule, promotions, then the on-scale raise; stipends and roll-up follow.")
scenario = st.selectbox("Scenario", [STATUS_QUO] + state.compared(), index=min(1, len(state.compared())))
growth = res.growth[res.growth["scenario"] == scenario]
widgets.chart(charts.cost_growth(res.growth, scenario), growth[["year", "label", "amount"]], "cost growth")

left, right = st.columns(2)
with left:
    st.subheader("Cost of 1%")
    st.caption("A 1% on-scale raise in each year, with roll-up.")
    one = res.one_percent.pivot(index="year", columns="scenario", values="cost_of_one_percent")
    st.dataframe(one.style.format("${:,.0f}"), width="stretch")
with right:
    st.subheader("Step cost, gross and net of breakage")
    st.caption("Gross: moving teachers up the schedule (steps, lanes, intervals, promotions, conversion). "
               "Net: after leavers are replaced by cheaper hires.")
    steps = res.step_costs[res.step_costs["scenario"] == scenario]
    st.dataframe(steps.style.format({c: "${:,.0f}" for c in ("gross_movement_cost", "breakage",
                                                           "net_movement_cost")}),
                 hide_index=True, width="stretch")
