"""Workshop: guided exercises on the bundled samples, each goal checked live by the model."""

import streamlit as st

from models import workshop
from models.changes import describe, label
from models.safe_text import markdown as text
from ui import data, desk, handout, state, widgets

state.run_inside_app()

session = st.session_state
st.title("Workshop")
st.caption("Pick an exercise, open its sample, change the proposal in Contract terms and come back: the goal "
           "is checked against the model's figures every time anything changes.")

def _start(sample_file: str, proposal: str) -> None:
    desk.start_new()  # the desk open until now stays at its address
    state.start_exercise(sample_file, proposal)
    session.exercise_replace_sure = False


titles = {e.key: e.title for e in workshop.EXERCISES}
key = st.selectbox("Exercise", list(titles), format_func=titles.get, key="exercise")
exercise = workshop.find(key)
sample = state.sample_label(exercise.sample)

with st.container(border=True):
    st.markdown(f"**Goal.** {exercise.goal}")
    st.caption(f"What it teaches: {exercise.teaches} Sample: {sample}. Proposal to edit: {exercise.proposal}.")

ready = session.source == sample and exercise.proposal in [p.name for p in session.proposals]
if not ready:
    st.info(f"This exercise uses the {sample} sample and its '{exercise.proposal}'.")
    edited = [p.name for p in session.proposals if p not in session.loaded.proposals]
    st.warning(f"Opening it replaces {text(session.source)} on this screen"
               + (f", with your changes to {', '.join(map(text, edited))}" if edited else "")
               + ". What is open now stays saved at this desk's address (kept below once you open the exercise).",
               icon=":material/swap_horiz:")
    sure = st.checkbox(f"Yes, replace {text(session.source)} with the {sample} sample", key="exercise_replace_sure")
    st.button("Open the sample for this exercise", type="primary", icon=":material/play_arrow:",
              disabled=not sure, on_click=_start, args=(exercise.sample, exercise.proposal))
    st.stop()
if session.get("previous_desk"):
    st.caption(f"The desk open before this exercise: [reopen it](?desk={session.previous_desk}) (keep this address).")

inputs, tabled = state.inputs(), state.tabled_inputs()
now, before = data.results(inputs.fingerprint, inputs), data.results(tabled.fingerprint, tabled)
situation = workshop.situation(exercise, inputs, tabled, (now.headline, now.yearly),
                               (before.headline, before.yearly))
status = exercise.check(situation)
widgets.checklist(status)

edit, reset = st.columns(2)
if edit.button("Edit the proposal in Contract terms", icon=":material/edit_note:"):
    session.editing = exercise.proposal
    st.switch_page(state.PAGES / "contract_terms.py")
reset.button("Reset the proposal to the workbook's", icon=":material/restart_alt:",
             on_click=state.reset_proposal, args=(exercise.proposal,))

for n, hint in enumerate(exercise.hints, 1):
    with st.expander(f"Hint {n}"):
        st.write(hint)
with st.expander("Facilitator notes"):
    st.write(exercise.facilitator)
    st.markdown("One solution, on top of the proposal as tabled: " +
                "; ".join(f"{label(k)} {describe(v, k)}" for k, v in workshop.solution_for(exercise, tabled).items())
                + ".")

st.subheader("Handout")
notes = st.checkbox("Include facilitator notes", value=False)
same_sample = [e for e in workshop.EXERCISES if e.sample == exercise.sample]
names = widgets.scenario_names()  # read here: the download runs later, outside this session's run
st.download_button(
    "Download a printable handout (HTML, charts included)", icon=":material/print:", on_click="ignore",
    file_name=f"workshop_{exercise.sample.removesuffix('.xlsx')}.html",
    mime="application/octet-stream",  # saved as a file, not opened in the tab
    data=lambda: handout.handout(inputs.title, inputs.fingerprint, same_sample, now.headline, now.yearly,
                                 names, {exercise.key: status}, notes))
