"""Contract terms: edit a proposal. Every change is checked; a bad value is refused and the last good kept."""

import streamlit as st

from models import changes, parameters
from models.safe_text import markdown as text
from models.terms import STATUS_QUO
from ui import grid_tools, state, widgets

state.run_inside_app()

session = st.session_state
base = session.loaded.baseline

st.title("Contract terms")
st.caption("A proposal is the workbook's terms plus the changes listed at the bottom. Changes apply at once; "
           "the bargaining table and the fingerprint follow.")


def _manage(action: str) -> None:
    name = session.get("proposal_name", "")
    current = session.editing
    if action == "new":
        session.manage_message = state.add_proposal(name)
    elif action == "duplicate":
        session.manage_message = state.add_proposal(name or f"{current} (copy)", state.proposal(current).overrides)
    elif action == "rename":
        session.manage_message = state.rename_proposal(current, name)
    elif action == "delete":
        state.delete_proposal(current)
        session.manage_message = None
    session.proposal_name = ""


with st.container(border=True):
    names = [p.name for p in session.proposals]
    pick, name_box = st.columns([2, 2])
    if names:
        pick.selectbox("Proposal to edit", names, key="editing")
    name_box.text_input("Name (for new, duplicate or rename)", key="proposal_name")
    buttons = st.columns(4)
    buttons[0].button("New proposal", on_click=_manage, args=("new",), icon=":material/add:")
    buttons[1].button("Duplicate", on_click=_manage, args=("duplicate",), disabled=not names,
                      icon=":material/content_copy:")
    buttons[2].button("Rename", on_click=_manage, args=("rename",), disabled=not names, icon=":material/edit:")
    buttons[3].button("Delete", on_click=_manage, args=("delete",), disabled=not names, icon=":material/delete:")
    if session.get("manage_message"):
        st.error(text(session.manage_message))

widgets.undo_button()
if not session.proposals:
    st.info("No proposals yet: name one above and press New proposal.")
    st.stop()

name = session.editing
terms = state.proposal_terms(name)
version = session.editor_version
widgets.show_problems()


def _pay_system_changed(key: str) -> None:
    session.edit_problems = state.set_override(name, "pay_system", session[key])


paysys_key = f"paysys|{version}|{name}"
st.radio("Pay system", parameters.PAY_SYSTEMS, index=parameters.PAY_SYSTEMS.index(terms.pay_system), horizontal=True,
         format_func=lambda s: {"pathways": "Career pathways", "step_and_lane": "Step and lane"}[s],
         key=paysys_key, on_change=_pay_system_changed, args=(paysys_key,))

# Only the open tab is drawn (on_change="rerun"): an edit redraws a dozen inputs, not eighty.
CAPTIONS = {
    "Raises and roll-up": "On-scale raises by school year (2.0 = 2%): they compound, and recur in every later year. "
                          "A raise by lane or step range is that year's own grid (Salaries, Schedule to edit).",
    "Pay components": "Pay beyond the schedule: micro-credentials, performance bonuses, Q Comp-style components, "
                      "market incentives and role stipends. Each is off at 0; 'added to base' and 'roll-up' are 1 "
                      "(yes) or 0 (no).",
}
salaries, *others = st.tabs(list(parameters.TERMS_TABS), key="terms_tab", on_change="rerun")

with salaries:
    if salaries.open:
        if terms.pay_system == "pathways":
            st.caption("Annual salary at 1.0 FTE before raises. "
                       "Cells marked None are empty: type in the first one below a pathway to add an interval.")
            grid_tools.salary_grid(name, terms, "pathway_salary")
        with st.expander("Step-and-lane schedule" + (" (used by this proposal)" if terms.pay_system == "step_and_lane"
                                                      else " (the status quo's, and hires' shadow)"),
                         expanded=terms.pay_system == "step_and_lane", key=f"step_grid|{terms.pay_system}",
                         on_change="rerun") as step_grid:
            if step_grid.open:  # drawn when open: a closed one no longer redraws a second grid on every edit
                grid_tools.salary_grid(name, terms, "step_salary")

for tab, name_of_tab in zip(others, parameters.TERMS_TABS[1:], strict=True):
    with tab:
        if tab.open:
            if name_of_tab in CAPTIONS:
                st.caption(CAPTIONS[name_of_tab])
            widgets.terms_tab(name, terms, name_of_tab)

st.subheader("What this proposal changes")
against = st.selectbox("Against", ["The workbook's terms"] + [p.name for p in session.proposals if p.name != name])
other = base if against == "The workbook's terms" else state.proposal_terms(against)
lines = changes.in_words(other, terms)
if lines:
    st.markdown("\n".join(f"- {text(line)}" for line in lines))
else:
    st.write("No differences.")
grid_tools.edit_log(name)
st.caption(f"The status quo ({STATUS_QUO}) always pays today's step-and-lane schedule with the workbook's rules.")
