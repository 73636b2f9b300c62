"""Widgets shared by the pages: charts with their tables, headline metrics, validated inputs."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import altair as alt
import pandas as pd
import streamlit as st

from models import parameters as P
from models import risk, safe_text
from models.changes import describe, label
from models.money import money as dollars
from models.safe_text import markdown as text
from models.terms import STATUS_QUO
from ui import charts, desk, state

S = st.session_state
PERCENT_KINDS = ("rate",)


def money(x: float) -> str:
    """Short enough for a metric ($4,732.9M, $12K, $950); exact figures are in the tables."""
    return dollars(x, short=True)


def chart(figure: alt.Chart, table: pd.DataFrame, name: str) -> None:
    """A chart and, one click away, the table it is drawn from (for minutes and copy-paste)."""
    st.altair_chart(charts.for_presenter(figure) if S.get("presenter") else figure, width="stretch")
    with st.expander(f"Table: {name}"):
        st.dataframe(safe_text.frame(table), hide_index=True, width="stretch")


def scenario_names() -> list[str]:
    """Every scenario of the workbook in order, so colours stay put whatever is compared."""
    return [STATUS_QUO] + [p.name for p in S.proposals]


def headline(head: pd.DataFrame) -> None:
    """One column of key figures per scenario, each against the status quo."""
    sq = head.iloc[0]
    columns = st.columns(len(head))
    for column, (_, row) in zip(columns, head.iterrows(), strict=True):
        with column:
            st.subheader(text(row["scenario"]))
            is_sq = row["scenario"] == STATUS_QUO
            st.metric("Year-1 cost", money(row["year_1_cost"]),
                      None if is_sq else f"{money(row['year_1_cost'] - sq['year_1_cost'])} vs status quo",
                      delta_color="inverse")
            st.metric("Cost over the horizon", money(row["cumulative_cost"]),
                      None if is_sq else f"{money(row['cumulative_diff_vs_status_quo'])} vs status quo",
                      delta_color="inverse")
            if pd.notna(row["worst_year_vs_budget"]):
                over = int(row["years_over_budget"])
                st.metric("Worst year against the budget", money(row["worst_year_vs_budget"]),
                          f"{over} year(s) over budget" if over else "within budget every year",
                          delta_color="inverse" if over else "off", delta_arrow="auto" if over else "off",
                          help="Cost minus budget in the year it is highest; below zero means room to spare.")
            if not is_sq:
                st.metric("Members better off", f"{row['share_better_off']:.0%}",
                          help="Current teachers whose earnings over the horizon beat the status quo's, "
                               "if they stay.")
            st.metric("Base-year teachers still employed at the end", f"{row['retention_final_year']:.1%}",
                      None if is_sq else f"{100 * row['retention_change_vs_status_quo']:+.1f} pts vs status quo")


def cast_forward_table(table: pd.DataFrame) -> None:
    """Cast forward beside with turnover: dollars as dollars, shares over base as signed percentages."""
    shares = [c for c in table.columns if c.endswith("over base")]
    amounts = [c for c in table.columns if c not in shares and c != "Scenario"]
    st.dataframe(table.style.format(dollars, subset=amounts).format("{:+.2%}", subset=shares),
                 hide_index=True, width="stretch")


def by_year_table(table: pd.DataFrame, shares: tuple[str, ...] = ()) -> None:
    """A measure per row and years across: dollars, and the rows named in `shares` as signed percentages."""
    rows = [i for i in table.index if i in shares]
    st.dataframe(table.style.format(dollars).format("{:+.2%}", subset=pd.IndexSlice[rows, :]), width="stretch")


def param_input(proposal: str, key: str, current: Any) -> None:
    """An input for one parameter of a proposal; a bad value is refused and the last good one kept."""
    param, _, _ = P.find(key, S.loaded.baseline.context)
    widget = f"term|{S.editor_version}|{proposal}|{key}"
    percent = param.kind in PERCENT_KINDS or param.unit == "share"
    shown = None if current is None else (round(100 * current, 6) if percent else current)
    if param.kind == "integer" and shown is not None:
        shown = float(shown)
    if widget not in S:
        S[widget] = shown
    title = f"{text(label(key))}{' (%)' if percent else ''}"
    helptext = f"{param.description} Default source: {param.citation}."

    def apply() -> None:
        value = S[widget]
        if percent and value is not None:
            value = value / 100
        problems = state.set_override(proposal, key, value)
        S.edit_problems = problems
        if problems:
            S[widget] = shown  # keep the last good value on screen

    if param.kind in ("choice", "pathway", "rating", "lane"):
        lanes = S.loaded.baseline.step_schedule.lanes
        options = list(param.choices or (P.PATHWAYS if param.kind == "pathway" else lanes))
        st.selectbox(title, options, key=widget, on_change=apply, help=helptext,
                     format_func=lambda o: P.RATING_LABELS.get(o, str(o).replace("_", " ")))
    else:
        # Whole numbers too go in a decimal box: Streamlit's whole-number box reads "1e3" as 1 without a word;
        # this one reads 1000 (or 0.5, which the registry then refuses with a message).
        whole = param.kind == "integer"
        st.number_input(title, key=widget, on_change=apply, help=helptext, step=1.0 if whole else None,
                        format="%.10g" if whole else "%.4g")


def tab_keys(terms, tab: str) -> list[tuple[str, list[str]]]:
    """The keys on one Contract terms tab (from the registry), by heading, placeholders filled in:
    ratings, the schedule's lanes, the projected years, and the roles the heading's families name."""
    first = int(terms["base_year"]) + 1
    years = range(first, first + int(S.horizon))

    def options(param: P.Parameter) -> list:
        hole = param.placeholder
        if hole == "rating":
            return list(P.RATINGS)
        if hole == "lane":
            return list(terms.step_schedule.lanes)
        if hole == "year":
            return list(years)
        if hole == "years":  # the longevity steps the workbook states (longevity.15, .20 ...)
            return sorted(int(y) for y in terms.family(param.key.split(".{")[0]))
        if hole == "role":  # the roles any family under the same heading names (a stipend, its slots)
            kin = [p for p in P.REGISTRY
                   if (p.tab, p.heading, p.placeholder) == (param.tab, param.heading, "role")]
            return sorted({r for p in kin for r in terms.family(p.key.split(".{")[0])})
        return []

    return P.on_tab(tab, options)


def tab_value(terms, key: str):
    """What an input on Contract terms shows: the term, or for a year the value in force that year."""
    family, _, year = key.rpartition(".")
    if year.isdigit() and P.find(key, terms.context)[0].placeholder == "year":  # blank: a family with no default
        return terms.by_year(family, int(year), 0.0 if f"{family}.default" in P.BY_KEY else None)
    return terms.get(key)


def terms_tab(proposal: str, terms, tab: str) -> None:
    """Every input of one Contract terms tab, three to a row, under its headings."""
    for heading, keys in tab_keys(terms, tab):
        if heading:
            st.markdown(f"**{heading}**")
        cols = st.columns(3)
        for i, key in enumerate(keys):
            with cols[i % 3]:
                param_input(proposal, key, tab_value(terms, key))


def fingerprint(code: str) -> None:
    """The fingerprint in large type, for both sides to read across the table."""
    st.markdown(f"<div style='font: 700 1.55rem/1.2 monospace'>{code}</div>",
                unsafe_allow_html=True)


def show_problems() -> None:
    for problem in S.get("edit_problems", []):
        st.error(f"Not applied: {text(problem)}. The last good value is kept.")


def describe_value(value: Any, key: str) -> str:
    return describe(value, key)


PRESENTER_CSS = """<style>
html { font-size: 21px; }
[data-testid="stMetricValue"] { font-size: 3rem; }
[data-testid="stMetricLabel"] p { font-size: 1.1rem; }
[data-testid="stMetricDelta"] { font-size: 1.05rem; }
</style>"""


def presenter_style() -> None:
    """Larger type everywhere when presenter mode is on (charts get theirs in `chart`)."""
    if S.get("presenter"):
        st.html(PRESENTER_CSS)


def share_link() -> None:
    """The address of this view, to send to the other side or to a workshop's participants."""
    query = state.link_query()
    with st.expander("Link to this view"):
        if "sample" not in query:
            st.caption("A link carries bundled samples only: send the workbook itself with this one.")
            return
        st.caption("Opens this page, sample, proposals (as edited), comparison and years: the same fingerprint.")
        base = str(st.context.url or "").split("?")[0]
        st.code(f"{base}?{urlencode(query, doseq=True)}", language=None, wrap_lines=True)


def checklist(criteria: list) -> None:
    """A workshop goal, criterion by criterion, with the figure the model gives now."""
    for c in criteria:
        mark = ":green[:material/check_circle:]" if c.met else ":orange[:material/pending:]"
        st.markdown(f"{mark} **{c.goal}**: now {c.now}")
    if all(c.met for c in criteria):
        st.success("Goal met. Compare your design with the other side's on the Bargaining table.",
                   icon=":material/celebration:")


def desk_controls() -> None:
    """Who is saving, whether it worked, sharing the upload, and deleting the desk."""
    with st.expander("Desk: saved as you go", expanded=bool(S.get("save_problem") or S.get("merge_notice"))):
        st.selectbox("Changes are saved as offers of", desk.SIDES, key="side", format_func=str.title,
                     help="Each saved version of a proposal records its side and time (Ledger of offers).")
        if S.get("save_problem"):
            st.warning(text(S.save_problem))
        elif S.get("saved_at"):
            st.caption(f"Saved at {S.saved_at}.")
        if S.get("merge_notice"):
            st.info(text(S.pop("merge_notice")))
        if S.pop("forgotten", False):
            st.success("Deleted. This screen stays as it is; changes from now on start a new desk.")
        st.caption("Reload the page or come back to this address later in this browser: the desk reopens as you "
                   "left it. In another browser the address opens a copy, without an uploaded workbook.")
        st.toggle("Let another browser with this address open the uploaded workbook", key="share_upload",
                  on_change=lambda: desk.share(bool(S.share_upload)),
                  help="Off: a roster you upload is seen in this browser only, even by someone who has the address.")
        sure = st.checkbox("Yes, delete this desk's proposals and ledger", key="forget_sure")
        st.button("Forget this desk", icon=":material/delete_forever:", disabled=not sure, on_click=_forget)


def _forget() -> None:
    desk.forget()
    S.forget_sure = False
    S.forgotten = True


def undo_button() -> None:
    st.button("Undo last change", icon=":material/undo:", disabled=not S.get("undo"), on_click=desk.undo,
              help="Puts the proposals back as they were before the last change (up to 50 steps).")


def fit_result(result) -> None:
    """What the solver found, in words, and a button that adds it as a proposal."""
    shown = ", ".join(f"{label(k)} {describe(v, k)}" for k, v in list(result.changes.items())[:6])
    more = f" and {len(result.changes) - 6} more cells" if len(result.changes) > 6 else ""
    (st.success if result.met else st.warning)(text(f"{result.message} Changes: {shown}{more}."))
    st.caption(f"Gap to the target: {money(result.gap)}"
               + (f"; binding year {result.binding_year}" if result.binding_year else "")
               + f"; {result.evaluations} projections.")
    st.button("Add as a new proposal", icon=":material/add:", on_click=_add_fit, args=(result,))
    if S.get("fit_message"):
        st.info(text(S.fit_message))


def _add_fit(result) -> None:
    name = risk.free_name({p.name for p in S.proposals}, result.as_proposal().name)
    problem = state.add_proposal(name)
    problems = [problem] if problem else state.set_overrides(name, dict(result.overrides))
    S.fit_message = "; ".join(problems) if problems else f"Added '{name}': it is on the bargaining table now."


def break_even(found, proposal: str) -> None:
    if found is None:
        st.info(f"{text(proposal)} stays within the budget at every rate from 0% to 100%.")
    elif found.below is None:
        st.warning(f"{text(proposal)} is over the budget in {found.year} even at a rate of 0%: promotions are not "
                   "what breaks it.")
    else:
        st.metric(f"{text(label(found.key))} at which {text(proposal)} first goes over the budget",
                  f"{found.value:.1%}",
                  help=f"Within budget at {found.below:.1%}; over by {money(found.gap)} in {found.year} at "
                       f"{found.value:.1%}.")
