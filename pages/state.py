"""State: a state policy costed in every district workbook of a folder, on the local Dask cluster."""

import streamlit as st

from models import safe_text
from ui import state, state_charts, state_run, widgets

state.run_inside_app()

st.title("State-wide costing")
st.caption("A state policy (a Policy sheet of the overrides a proposal uses, in parts, each with the share "
           "the state pays) on top of every district's own status quo. Each district is a task on a local "
           "Dask cluster on this machine's cores; the same run from the command line: `python -m models state "
           "FOLDER --policy POLICY.xlsx`.")

source = st.radio("District workbooks", ["The bundled synthetic state (12 districts)", "Upload workbooks"],
                  horizontal=True, key="state_source")
if source.startswith("Upload"):
    uploads = st.file_uploader("District workbooks (.xlsx)", type=["xlsx"], accept_multiple_files=True,
                               key="state_districts")
    policy_upload = st.file_uploader("The policy workbook (.xlsx, a Policy sheet)", type=["xlsx"],
                                     key="state_policy")
    districts = [(f.name, f.getvalue()) for f in uploads or []]
    policy_data = policy_upload.getvalue() if policy_upload else None
else:
    districts, policy_data = state_run.bundled()

left, middle, right = st.columns(3)
years = left.slider("Years to project", 1, 20, 10, key="state_years")
replicates = middle.number_input("Replicates (P10/P90 when more than 1)", 1, 200, 1, step=1, key="state_reps")
workers = right.number_input("Local workers", 1, 8, 2, step=1, key="state_workers")

policy = state_run.policy(policy_data)
if policy is not None:
    st.dataframe(safe_text.frame(state_run.policy_table(policy)), hide_index=True, width="stretch")
if st.button("Cost the policy in every district", type="primary", disabled=not districts or policy is None,
             icon=":material/play_arrow:"):
    bar = st.progress(0.0, text="Starting the local cluster...")
    st.session_state.state_result = state_run.run(districts, policy, years, int(replicates), int(workers), bar)

result = st.session_state.get("state_result")
if result is not None:
    if not result.refused.empty:
        st.warning(f"{result.refused['district'].nunique()} district workbook(s) refused; the others were costed.")
        st.dataframe(safe_text.frame(result.refused), hide_index=True, width="stretch")
    if not result.totals.empty:
        widgets.chart(state_charts.state_total_by_year, result.totals,
                      table=state_run.shown(result.totals), name="state total by year")
        st.subheader("State total by year")
        st.dataframe(safe_text.frame(state_run.shown(result.totals)), hide_index=True, width="stretch")
        widgets.chart(state_charts.cost_per_teacher, result.ranking,
                      table=state_run.shown(result.ranking), name="cost per teacher")
        st.subheader("Districts")
        st.dataframe(safe_text.frame(state_run.shown(result.ranking)), hide_index=True, width="stretch")
        st.download_button("Download the state's figures (.xlsx)", data=state_run.xlsx(result),
                           file_name="state_costing.xlsx", icon=":material/download:", on_click="ignore")
