"""Costs: the status quo and every proposal of the loaded workbook, year by year."""

import streamlit as st

from ui import charts, data

inputs = st.session_state.inputs
table = data.yearly_costs(inputs.fingerprint, inputs)

st.title("What each scenario costs")
st.caption(f"{inputs.title}. Total cost is salary, stipends and roll-up; the dashed line is the budget.")
st.altair_chart(charts.total_cost_by_year(table), width="stretch")
with st.expander("Table"):
    wide = table.pivot(index="year", columns="scenario", values="total_cost")[list(dict.fromkeys(table["scenario"]))]
    st.dataframe(wide.style.format("${:,.0f}"))
