"""Contract terms: edit a proposal. Every change is checked; a bad value is refused and the last good kept."""

import pandas as pd
import streamlit as st

from models import changes
from models import parameters as P
from models.safe_text import markdown as text
from models.terms import STATUS_QUO
from ui import state, widgets

state.run_inside_app()

S = st.session_state
base = S.loaded.baseline

st.title("Contract terms")
st.caption("A proposal is the workbook's terms plus the changes listed at the bottom. Changes apply at once; "
           "the bargaining table and the fingerprint follow.")


def _manage(action: str) -> None:
    name = S.get("proposal_name", "")
    current = S.editing
    if action == "new":
        S.manage_message = state.add_proposal(name)
    elif action == "duplicate":
        S.manage_message = state.add_proposal(name or f"{current} (copy)", state.proposal(current).overrides)
    elif action == "rename":
        S.manage_message = state.rename_proposal(current, name)
    elif action == "delete":
        state.delete_proposal(current)
        S.manage_message = None
    S.proposal_name = ""


with st.container(border=True):
    names = [p.name for p in S.proposals]
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
    if S.get("manage_message"):
        st.error(text(S.manage_message))

widgets.undo_button()
if not S.proposals:
    st.info("No proposals yet: name one above and press New proposal.")
    st.stop()

name = S.editing
terms = state.proposal_terms(name)
version = S.editor_version
widgets.show_problems()


def _cells_changed(editor_key: str, frame: pd.DataFrame, prefix: str) -> None:
    """Apply edits of a salary grid: each changed cell becomes an override."""
    edits = S[editor_key].get("edited_rows", {})
    cells, refused = {}, []
    for row, changed in edits.items():
        for column, value in changed.items():
            key = f"{prefix}.{column}.{frame.index[int(row)]}"
            if value is None or value != value:
                refused.append(f"{column}, {frame.index.name.lower()} {frame.index[int(row)]}: a salary cannot be "
                               "removed (type another amount instead)")
            else:
                cells[key] = value
    problems = refused or state.set_cells(name, cells)
    S.edit_problems = problems
    S.editor_version += 1  # redraw the grid from the terms now in force


def _pay_system_changed(key: str) -> None:
    S.edit_problems = state.set_override(name, "pay_system", S[key])


paysys_key = f"paysys|{version}|{name}"
st.radio("Pay system", P.PAY_SYSTEMS, index=P.PAY_SYSTEMS.index(terms.pay_system), horizontal=True,
         format_func=lambda s: {"pathways": "Career pathways", "step_and_lane": "Step and lane"}[s],
         key=paysys_key, on_change=_pay_system_changed, args=(paysys_key,))

def _set_one(prefix: str, keys: tuple[str, str, str]) -> None:
    group, number, amount = (S[k] for k in keys)
    S.edit_problems = state.set_cells(name, {f"{prefix}.{group}.{_published(prefix, number)}": amount})
    S.editor_version += 1


def _published(prefix: str, number: int) -> str:
    """A step by its published label (the tools count rows in schedule order); an interval by its number."""
    return terms.step_schedule.label(number) if prefix == "step_salary" else str(number)


def _raise_all(prefix: str, keys: tuple[str, str], groups: list[str], size, salary) -> None:
    group, percent = (S[k] for k in keys)
    if percent is None or not -100 < percent <= 1000:  # 1e308 would overflow round() into the error page
        S.edit_problems = [f"a raise of {percent}%: expected one above -100% and at most 1,000%"]
        return
    chosen = groups if group == "All" else [group]
    cells = {f"{prefix}.{g}.{_published(prefix, k)}": round(salary(g, k) * (1 + percent / 100)) for g in chosen
             for k in range(1, size(g) + 1)}
    S.edit_problems = state.set_cells(name, cells)
    S.editor_version += 1


def _salary_tools(terms, prefix: str, groups: list[str], size, salary, number_word: str) -> None:
    """Set one salary, or raise a whole pathway (lane) or the whole grid by a percentage."""
    tag = f"{prefix}|{version}|{name}"
    one = (f"one_group|{tag}", f"one_number|{tag}", f"one_amount|{tag}")
    a, b, c, d = st.columns([2, 1, 2, 2], vertical_alignment="bottom")
    a.selectbox("Pathway" if prefix == "pathway_salary" else "Lane", groups, key=one[0])
    b.number_input(number_word, 1, max(size(g) for g in groups) + (prefix == "pathway_salary"), 1, key=one[1])
    c.number_input("New salary ($)", value=float(salary(groups[0], 1)), step=500.0, key=one[2])
    d.button("Set this salary", key=f"one_apply|{tag}", on_click=_set_one, args=(prefix, one))
    every = (f"all_group|{tag}", f"all_pct|{tag}")
    a, c, d = st.columns([3, 2, 2], vertical_alignment="bottom")
    a.selectbox("Raise every salary of", ["All"] + groups, key=every[0])
    c.number_input("by (%)", value=0.0, step=0.5, min_value=-99.0, max_value=1000.0, key=every[1])
    d.button("Apply to the grid", key=f"all_apply|{tag}", on_click=_raise_all,
             args=(prefix, every, groups, size, salary))


# Only the open tab is drawn (on_change="rerun"): an edit redraws a dozen inputs, not eighty.
CAPTIONS = {
    "Raises and roll-up": "On-scale raises by school year (2.0 = 2%): they compound, and recur in every later year.",
    "Pay components": "Pay beyond the schedule: micro-credentials, performance bonuses, Q Comp-style components, "
                      "market incentives and role stipends. Each is off at 0; 'added to base' and 'roll-up' are 1 "
                      "(yes) or 0 (no).",
}
salaries, *others = st.tabs(list(P.TERMS_TABS), key="terms_tab", on_change="rerun")

with salaries:
    if salaries.open:
        if terms.pay_system == "pathways":
            longest = max(len(r) for r in terms.pathways.salaries) + 1  # one more row adds an interval
            grid = pd.DataFrame({p: list(r) + [float("nan")] * (longest - len(r))
                                 for p, r in zip(P.PATHWAYS, terms.pathways.salaries, strict=True)},
                                index=pd.Index(range(1, longest + 1), name="Interval"))
            st.caption("Annual salary at 1.0 FTE before raises. "
                       "Cells marked None are empty: type in the first one below a pathway to add an interval.")
            key = f"grid|{version}|{name}"
            st.data_editor(grid, key=key, on_change=_cells_changed, args=(key, grid, "pathway_salary"),
                           column_config={p: st.column_config.NumberColumn(f"{p} ($)", format="localized")
                                          for p in P.PATHWAYS})
            _salary_tools(terms, "pathway_salary", [p for p in P.PATHWAYS if terms.pathways.intervals(p)],
                          lambda p: terms.pathways.intervals(p), lambda p, k: terms.pathways.salary(p, k), "Interval")
        sched = terms.step_schedule
        steps = pd.DataFrame(sched.array(), columns=list(sched.lanes),
                             index=pd.Index(sched.step_labels, name="Step"))  # as published
        with st.expander("Step-and-lane schedule" + (" (used by this proposal)" if terms.pay_system == "step_and_lane"
                                                      else " (the status quo's, and hires' shadow)"),
                         expanded=terms.pay_system == "step_and_lane"):
            key = f"steps|{version}|{name}"
            money_columns = {lane: st.column_config.NumberColumn(f"{lane} ($)", format="localized")
                             for lane in sched.lanes}
            st.data_editor(steps, key=key, on_change=_cells_changed, args=(key, steps, "step_salary"),
                           column_config=money_columns)
            lane_of = {lane: j for j, lane in enumerate(sched.lanes)}
            _salary_tools(terms, "step_salary", list(sched.lanes), lambda lane: sched.top(lane_of[lane]),
                          lambda lane, k: sched.salaries[k - 1][lane_of[lane]], "Step")

for tab, name_of_tab in zip(others, P.TERMS_TABS[1:], strict=True):
    with tab:
        if tab.open:
            if name_of_tab in CAPTIONS:
                st.caption(CAPTIONS[name_of_tab])
            widgets.terms_tab(name, terms, name_of_tab)

st.subheader("What this proposal changes")
against = st.selectbox("Against", ["The workbook's terms"] + [p.name for p in S.proposals if p.name != name])
other = base if against == "The workbook's terms" else state.proposal_terms(against)
lines = changes.in_words(other, terms)
if lines:
    st.markdown("\n".join(f"- {text(line)}" for line in lines))
else:
    st.write("No differences.")
st.caption(f"The status quo ({STATUS_QUO}) always pays today's step-and-lane schedule with the workbook's rules.")
