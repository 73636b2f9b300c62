"""Workbook: what is loaded, the schedules, every rule and assumption with its source, every message."""

import pandas as pd
import streamlit as st

from models import hires, metrics, parameters, record, safe_text, sheets
from models.reconcile import reconcile
from models.safe_text import markdown as text
from ui import charts, data, state, widgets

state.run_inside_app()

inputs = state.inputs()
base = inputs.baseline

st.title("Workbook")
st.caption(f"{text(inputs.title)} ({text(st.session_state.source)}). Fingerprint {inputs.fingerprint}.")
for notice in inputs.notices:
    st.info(text(notice))

a, b, c = st.columns(3)
a.metric("Teachers", f"{len(inputs.roster):,}")
b.metric("FTE", f"{inputs.roster['fte'].sum():,.1f}")
c.metric("Base year", f"{base['base_year']}-{str(base['base_year'] + 1)[-2:]}")

check = reconcile(inputs)
if check:
    st.subheader("Actual pay against the schedule")
    st.markdown(check.sentence().replace("$", "\\$"))  # a literal dollar, not LaTeX between two of them

if inputs.roster_headers:
    st.subheader("Roster columns: which is which")
    st.caption("How each header of the roster was read. Change any, then confirm once: the mapping is kept in "
               "the workbook (its ColumnMap sheet, also in the download), so the other side reads the same HR "
               "export the same way.")
    table = pd.DataFrame(inputs.roster_headers, columns=["header in the file", "read as"])
    choices = [""] + [c.name for c in sheets.ROSTER.columns] + [sheets.IGNORE]
    editor = f"columns_{inputs.fingerprint}"
    st.data_editor(table, disabled=["header in the file"], hide_index=True, key=editor,
                   column_config={"read as": st.column_config.SelectboxColumn(options=choices)})
    if inputs.column_map:
        st.caption(f"Confirmed mapping in use: {len(inputs.column_map)} header(s).")
    st.button("Confirm this mapping", key="confirm_columns", on_click=state.confirm_columns, args=(editor,))

counts = metrics.scattergram(inputs)
widgets.chart(charts.scattergram, counts, table=counts, name="scattergram")
cols = st.columns(3)
for col, by in zip(cols, ("lane", "rating", "school"), strict=True):
    with col:
        st.dataframe(safe_text.frame(metrics.roster_summary(inputs, by)), hide_index=True, width="stretch")

st.subheader("Where hires are placed")
placed = hires.placement(inputs, base)
st.caption(f"{placed.words} Each hire takes one row, in these shares (the same draw in every scenario). Set "
           "hire.placement, hire.recent_years or hire.max_step, or add a Hires sheet (lane, step, years_experience, "
           "share) with the district's recent hires.")
st.dataframe(placed.table(base.step_schedule).style.format({"share": "{:.1%}"}), hide_index=True,
             width="stretch")

st.subheader("Today's salary schedule")
sched = base.step_schedule
for other, grid in zip(sched.names, sched.arrays(), strict=True):
    if other:
        st.caption(f"StepSchedule {text(other)}: the positions whose roster 'schedule' is {text(other)}")
    shown = pd.DataFrame(grid, columns=list(sched.lanes), index=pd.Index(sched.step_labels, name="step"))
    for j in range(len(sched.lanes)):  # a lane that ends early shows blank below its last step
        shown.iloc[sched.top(j):, j] = None
    st.dataframe(safe_text.frame(shown).style.format("${:,.0f}", na_rep=""), width="stretch")
if sched.reserved:
    st.caption("Reserved steps (no salaries; no one is placed on them): "
               + text(", ".join(label for _, label in sched.reserved)))
if base.pathways.defined:
    st.subheader("Baseline pathway design")
    grid = pd.DataFrame({p: pd.Series(r, index=range(1, len(r) + 1), dtype=float)
                         for p, r in zip(parameters.PATHWAYS, base.pathways.salaries, strict=True)})
    st.dataframe(grid.map(lambda x: "" if pd.isna(x) else f"${x:,.0f}"), width="stretch")  # blanks, not None

st.subheader("Rules and assumptions, with their sources")
if not any(terms.pay_system == "pathways" for _, terms in inputs.scenarios()):
    st.caption("No scenario here is on career pathways: the rules marked 'career pathways' (AUs, promotion and "
               "review, conversion) change no figure. They stay in the workbook, with their sources, for a proposal "
               "that moves to pathways.")
rows = []
ranges = {key: (low, high) for key, low, high in inputs.ranges}
for key, value in base.params:
    param, _, _ = parameters.find(key, base.context)
    low, high = ranges.get(key, (None, None))
    rows.append({"key": key, "value": widgets.describe_value(value, key), "sheet": param.sheet if param else "",
                 "applies under": "career pathways" if param and param.pathways_only else "every pay system",
                 "range (Risk page)": "" if low is None else f"{widgets.describe_value(low, key)} to "
                                                            f"{widgets.describe_value(high, key)}",
                 "meaning": param.description if param else "", "source": inputs.source(key)})
st.dataframe(safe_text.frame(pd.DataFrame(rows)), hide_index=True, width="stretch")
if inputs.about:
    st.subheader("About this workbook")
    about = pd.DataFrame(inputs.about, columns=["topic", "note"])
    st.dataframe(safe_text.frame(about), hide_index=True, width="stretch")

published = data.published_record(inputs.fingerprint, inputs)
if published is not None:
    facts, placement = published
    st.subheader("Against the published record")
    st.caption("The first pathways proposal's figures beside what Baltimore published; placements and stipends "
               f"from one run, counts as the mean of {data.RECORD_RUNS} runs. Conversion placement counts the "
               "converted staff on their own: year-1 hires are placed as hires are (Where hires are placed).")
    st.dataframe(facts, hide_index=True, width="stretch",
                 column_config={"address": st.column_config.LinkColumn("address")})
    st.caption("Placement at conversion (the first pathways proposal, one run): the converted staff, and apart "
               "from them the teachers hired that year.")
    st.dataframe(record.placement_table(placement), hide_index=True, width="stretch")
