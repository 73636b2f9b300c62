"""Budget: cost against the budget, why cost grows ("3% doesn't mean 3%"), the cost of 1%, step costs."""

import streamlit as st

from models import metrics, order, safe_text, words
from models.terms import STATUS_QUO
from ui import charts, data, state, widgets

state.run_inside_app()

inputs = state.shown_inputs()  # projects the compared proposals only
names = widgets.scenario_names()
res = data.results(inputs.fingerprint, inputs)


@st.fragment
def breakdown(lines) -> None:
    """One scenario's pay components by year: picking another redraws this table only."""
    breakdown_for = st.selectbox("Breakdown for", [STATUS_QUO] + state.compared(),
                                 index=min(1, len(state.compared())), key="components_scenario")
    one = lines[lines["scenario"] == breakdown_for]
    table = one.pivot_table(index=["label", "in_total"], columns="year", values="amount", sort=False)
    table.index = [f"{label}{'' if in_total else ' (not in total)'}" for label, in_total in table.index]
    widgets.by_year_table(table, key="components")


@st.fragment
def growth(res) -> None:
    """Why the cost grows and the step cost, for the scenario picked here: picking redraws this part only."""
    st.subheader("Why the cost grows")
    st.caption("Each year's change in cost split by cause, in order: turnover (breakage), conversion, movement on the "
               "schedule, promotions, then the on-scale raise; stipends and roll-up follow.")
    scenario = st.selectbox("Scenario", [STATUS_QUO] + state.compared(), index=min(1, len(state.compared())))
    causes = res.growth[res.growth["scenario"] == scenario]
    widgets.chart(charts.cost_growth, res.growth, scenario,
                  table=causes[["year", "label", "amount"]], name="cost growth")

    # One under the other, full width: side by side, the step cost's last column was cut at 1280 and 1400.
    st.subheader("Cost of 1%")
    st.caption("A 1% on-scale raise in each year on the projection's salaries (with turnover: leavers replaced by "
               "hires), with roll-up on salary. The cast-forward table above gives it on today's staff, all kept.")
    one = res.one_percent.pivot(index="year", columns="scenario", values="cost_of_one_percent")
    one = one[order.scenarios(one.columns)].rename_axis(index="Year", columns=None)
    st.dataframe(safe_text.frame(one).style.format(words.money), width="stretch", height="content")
    st.subheader("Step cost, gross and net of breakage")
    st.caption("Gross: moving teachers up the schedule (steps, lanes, intervals, promotions, conversion). "
               "Net: after leavers are replaced by cheaper hires.")
    steps = res.step_costs[res.step_costs["scenario"] == scenario]
    st.dataframe(words.styled(steps.drop(columns="scenario")), hide_index=True, width="stretch",
                 height="content")  # every year: at most ten rows would hide the last


st.title("Budget")
if not inputs.budget:
    st.info("This workbook has no Budget sheet: add one (year, amount) to compare costs with the money available.")
else:
    widgets.chart(charts.budget_gap, res.yearly, names,
                  table=res.yearly[["scenario", "year", "total_cost", "budget", "diff_vs_budget"]],
                  name="cost against budget")

st.subheader("Cast forward and with turnover")
st.caption("Cast forward is the field's costing: today's staff, every one kept, moved on a year at a time by the "
           "scenario's rules (no turnover). With turnover is the projection. Breakage is their difference, so gross "
           "against net is one glance. The increment is the cost of steps, lanes and intervals; the cost of 1% is "
           "1% of that year's cast-forward salary, without and with the roll-up that rides on salary (per-head "
           "benefits do not move with pay).")
cast_for = st.selectbox("Scenario", [STATUS_QUO] + state.compared(), key="cast_scenario")
widgets.by_year_table(metrics.cast_forward_by_year(res.cast_forward, cast_for), metrics.SHARE_WORDS, key="cast")
for sentence in res.why_falls["sentence"]:
    st.warning(sentence)

st.subheader("Total compensation, roll-up by line")
st.caption("Salary, stipends and each roll-up line with its source on the Workbook page: Social Security, Medicare, "
           "pension and other roll-up on salary (rollup.rate), roll-up on stipends, and per-head benefits such as "
           "health. Total compensation leaves out the micro-credential programme's fees and coaching.")
widgets.by_year_table(metrics.compensation_by_year(res.yearly, cast_for), key="compensation")

st.subheader("Cost by pay component")
st.caption("Each pay component on its own line: schedule salary, the conversion stipend, micro-credential pay, "
           "performance bonuses, Q Comp components, market incentives, role stipends, roll-up and the district's "
           "share of the MC programme add up to the total cost. The MC programme's outside funding (state or grant "
           "line) and the cash-out value of banked AUs are shown beside it, not in it.")
lines = res.lines[res.lines.groupby("line")["amount"].transform(lambda a: a.abs().sum()) > 0]
if charts.beyond_schedule(lines).empty:  # an empty chart would be a blank space under the caption
    st.caption("No pay component beyond schedule salary and roll-up in these scenarios; the table below has "
               "those by year.")
else:
    widgets.chart(charts.pay_components, lines, names, table=lines, name="pay components")
breakdown(lines)

growth(res)
