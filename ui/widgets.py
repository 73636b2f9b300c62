"""Widgets shared by the pages: charts with their tables, headline metrics, validated inputs."""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st
from PIL import Image

from models import parameters, risk, words
from models.changes import describe, label
from models.money import money as dollars
from models.safe_text import markdown as text
from models.terms import STATUS_QUO, step_key
from ui import charts, desk, members, state

try:  # st.altair_chart's own Altair-to-Vega-Lite step, so a kept spec draws exactly as st.altair_chart draws it
    from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec as _vega_lite
except ImportError:  # a later Streamlit without it: charts are built on every run, as st.altair_chart does
    _vega_lite = None

session = st.session_state
PERCENT_KINDS = ("rate",)


def page_icon() -> Image.Image:
    """The tab's icon drawn here, a balance on blue: a Material icon name would be fetched from Google's
    font server, and the tool runs offline."""
    icon = np.zeros((32, 32, 3), dtype=np.uint8) + np.array([0, 114, 178], dtype=np.uint8)  # Okabe-Ito blue
    white = 255
    icon[6:26, 15:17] = white  # the post
    icon[8:10, 5:27] = white  # the beam
    icon[24:26, 10:22] = white  # the foot
    for x in (7, 24):  # the pans
        icon[15:17, x - 4:x + 5] = white
        icon[10:15, x] = white
    return Image.fromarray(icon)


def money(x: float) -> str:
    """Short enough for a metric ($4,732.9M, $12K, $950); exact figures are in the tables."""
    return dollars(x, short=True)


def chart(build: Callable[..., alt.TopLevelMixin], *data: Any, table: pd.DataFrame, name: str) -> None:
    """The chart `build(*data)` and, one click away, the table it is drawn from (for minutes and copy-paste)."""
    presenter = bool(session.get("presenter"))
    if _vega_lite is None:  # a Streamlit without its converter: the chart is built on every run
        st.altair_chart(_figure(build, data, presenter), width="stretch")
    else:
        kind = f"{build.__module__}.{build.__qualname__}"
        st.vega_lite_chart(spec=copy.deepcopy(_spec(kind, data, presenter, build)), width="stretch")
    chart_table(table, name)


def _figure(build: Callable[..., alt.TopLevelMixin], data: tuple, presenter: bool) -> alt.TopLevelMixin:
    figure = charts.wrapped_title(build(*data))
    return charts.for_presenter(figure) if presenter else figure


# A chart's Vega-Lite spec, kept by its builder and the content of its data: a new session on the same workbook,
# or a run that leaves a chart's data as it was, sends the kept spec. Building one (Altair's schema checks,
# then to_dict) took 10-25 ms a chart, most of a new session's script run. Deep-copied on use: drawing edits it.
@st.cache_resource(show_spinner=False, max_entries=512)
def _spec(kind: str, data: tuple, presenter: bool, _build: Callable[..., alt.TopLevelMixin]) -> dict:
    """`kind`: the builder's name, its key (the function itself is not hashed)."""
    return _vega_lite(_figure(_build, data, presenter))


@st.fragment
def chart_table(table: pd.DataFrame, name: str) -> None:
    """The table under its chart, drawn when opened (a shut one is not sent at all): opening it reruns this only."""
    with st.expander(f"Table: {name}", key=f"table|{name}", on_change="rerun") as box:
        if box.open:
            st.dataframe(words.styled(table), hide_index=True, width="stretch")


def member_link(offers: list, chosen: str) -> None:
    """The link a union sends its members: My pay on one offer, no roster data (ui.state.member_link)."""
    with st.expander("A link for members: My pay on one offer", key="member_link", on_change="rerun") as box:
        if not box.open:  # worked out when asked for: for an upload it builds the members' copy to look it up
            return
        if not offers:
            st.caption("Compare an offer (sidebar) to make a link for it.")
            return
        names = [p.name for p in offers]
        name = st.selectbox("Offer", names, index=names.index(chosen) if chosen in names else 0,
                            key="member_link_offer")
        mine = st.checkbox("Include the placement and expectations above (for one member)", key="member_link_mine")
        offer = next(p for p in offers if p.name == name)
        query = state.member_link(offer, mine) or members.member_query(offer, mine)  # an upload: a members' copy
        if query is None:
            st.caption("An uploaded workbook's link opens a members' copy kept on this server: its schedules, rules "
                       "and this offer as it is now, without the roster (no one's id, salary, school or name). It "
                       "is deleted 30 days after it was last opened.")
            if session.get("member_copy_problem"):
                st.warning(session.member_copy_problem)
            st.button("Publish the members' copy", key="member_copy_publish", icon=":material/publish:",
                      on_click=members.publish, args=(desk.ledger(), offer))
            return
        held = ("the offer's terms" if "sample" in query else
                f"the token of the {text(members.copy_title(offer.name))} kept on this server")
        st.caption(f"Opens My pay on this offer beside the status quo. It holds {held}"
                   f"{' and these inputs' if mine else ''}: no roster, no one's records.")
        base = str(st.context.url or "").split("?")[0]
        st.code(f"{base}?{urlencode(query)}", language=None, wrap_lines=True)


def member_table(table: pd.DataFrame) -> None:
    """A member's year-by-year table as a plain table that wraps to its column (no sideways scroll on a projector);
    a year before any AU is counted shows a dash, not "None"."""
    shown = table.assign(placement=table["placement"].map(text))  # a table cell reads Markdown: names stay text
    st.table(words.styled(shown, blank="–"), hide_index=True)


def scenario_names() -> list[str]:
    """Every scenario of the workbook in order, so colours stay put whatever is compared."""
    return [STATUS_QUO] + [p.name for p in session.proposals]


def versus(amount: float, base: float) -> str:
    """A difference from the status quo in dollars and percent: '+$23.0M (+5.2%)'."""
    share = f" ({amount / base:+.1%})" if base else ""
    return f"{dollars(amount, short=True, sign=True)}{share}"


def headline(head: pd.DataFrame) -> None:
    """The comparison as a table: measures down, scenarios across, each against the status quo in $ and %.

    One row of columns per measure, so rows line up whatever the length of a name (up to five scenarios).
    """
    sq = head.iloc[0]
    rows = list(head.itertuples(index=False))
    with st.container(key="comparison"):  # on a phone its rows stay rows (FIT_CSS), each figure under its name
        _comparison(rows, sq, head["worst_year_vs_budget"].notna().any())


def _comparison(rows: list, sq: pd.Series, budgeted: bool) -> None:
    def across(show) -> None:
        for column, row in zip(st.columns(len(rows)), rows, strict=True):
            with column:
                show(row, row.scenario == STATUS_QUO)

    across(lambda row, _: st.subheader(text(row.scenario), anchor=False))
    across(lambda row, is_sq: st.metric(
        "Year-1 cost", money(row.year_1_cost),
        None if is_sq else versus(row.year_1_cost - sq["year_1_cost"], sq["year_1_cost"]), delta_color="inverse"))
    across(lambda row, is_sq: st.metric(
        "Cost over the horizon", money(row.cumulative_cost),
        None if is_sq else versus(row.cumulative_diff_vs_status_quo, sq["cumulative_cost"]), delta_color="inverse"))
    if budgeted:
        across(_worst_year)
    if len(rows) > 1:
        across(lambda row, is_sq: st.metric(
            "Members better off", "-" if is_sq else f"{row.share_better_off:.0%}",
            help="Current teachers whose earnings over the horizon beat the status quo's, if they stay."))
    across(lambda row, is_sq: st.metric(
        "Still employed at the end", f"{row.retention_final_year:.1%}",
        None if is_sq else f"{100 * row.retention_change_vs_status_quo:+.1f} pts",
        help="Share of the base year's teachers still employed in the last year."))


def _worst_year(row, is_sq: bool) -> None:
    over = int(row.years_over_budget)
    st.metric("Worst year vs budget", money(row.worst_year_vs_budget),
              f"{over} year(s) over" if over else "within budget", delta_color="inverse" if over else "off",
              delta_arrow="auto" if over else "off",
              help="Cost minus budget in the year it is highest; below zero means room to spare.")


def cast_forward_table(table: pd.DataFrame) -> None:
    """Cast forward beside with turnover for one year: measures down and scenarios across, as in the comparison
    above. A plain table, so it wraps to its column (a phone reads it without scrolling sideways) and the first
    view needs no grid."""
    across = table.set_index("Scenario").T
    across.columns = [text(c) for c in across.columns]  # a plain table reads Markdown: names stay text
    _measures(across, [m for m in across.index if m.endswith("over base")])


# Years across in tables of at most five, one under another, each a plain table that wraps to its column:
# every year reads on a 1280-pixel projector in presenter type without scrolling sideways (a frame that scrolls
# hides the out-years, where compounding shows). Whole dollars as a costing form states them, not $450.4M: the
# budget officer checks them against the district's own cost-out and the negotiator quotes them; the workbook
# download carries the cents.
YEARS_A_TABLE = 5


def by_year_table(table: pd.DataFrame, shares: tuple[str, ...] = (), *, key: str) -> None:
    """A measure per row and years across, in blocks of as many years each (11 columns: 4, 4, 3), the rows named
    in `shares` as signed percentages. `key` names the block on the page (by_year_<key>)."""
    shown = table.rename(index=text)  # a plain table reads Markdown: labels stay text
    rows = [text(i) for i in table.index if i in shares]
    blocks = np.array_split(np.arange(table.shape[1]), max(1, math.ceil(table.shape[1] / YEARS_A_TABLE)))
    with st.container(key=f"by_year_{key}"):
        for block in blocks:
            _measures(shown.iloc[:, block], rows)


def _measures(table: pd.DataFrame, shares: list) -> None:
    """A plain table of measures down: whole dollars, and the rows named in `shares` as signed percentages."""
    st.table(table.style.format(words.money).format("{:+.2%}", subset=pd.IndexSlice[shares, :]))


def _step_choice(proposal: str, current: Any) -> tuple[list[str], str, str]:
    """A step rule is chosen among the steps the proposal's schedule prints (4 ... 33, 3A), not counted from 1:
    the choices ('' for none), the one in force (a step the proposal removed stays a choice) and its help."""
    sched = state.proposal_terms(proposal).step_schedule
    options = ["", *sched.step_labels]
    shown = "" if current is None else next((o for o in options if step_key(o) == step_key(current)), str(current))
    reserved = ", ".join(lab for _, lab in sched.reserved)
    return (options if shown in options else [*options, shown], shown,
            f" Steps as this schedule prints them: {sched.printed}{f' ({reserved} reserved)' if reserved else ''}.")


def _last_step_choice(current: int, most: int) -> tuple[list[int], Callable[[int], str]]:
    """step_count chosen as the step the schedule ends at, by its printed label (on steps 4-33, 1-3 reserved,
    ending at 13 keeps 10 steps), then the steps it can add (56, 57 ... after 55, up to the registry's most);
    kept as the count the workbook states."""
    sched = session.loaded.baseline.step_schedule
    added = (next((a for n in range(most, sched.steps, -1) if (a := sched.added_labels(n))), ()) if sched.labels
             else tuple(str(n) for n in range(sched.steps + 1, most + 1)))
    labels = [*sched.step_labels, *added]
    counts = list(range(1, len(labels) + 1))
    return (counts if current in counts else [*counts, current],
            lambda n: f"{labels[n - 1]} ({n} step{'s' if n > 1 else ''})" if n <= len(labels) else f"{n} steps")


def param_input(proposal: str, key: str, current: Any) -> None:
    """An input for one parameter of a proposal; a bad value is refused and the last good one kept."""
    param, _, _ = parameters.find(key, session.loaded.baseline.context)
    widget = f"term|{session.editor_version}|{proposal}|{key}"
    percent = param.kind in PERCENT_KINDS or param.unit == "share"
    shown = None if current is None else (round(100 * current, 6) if percent else current)
    if param.kind == "integer" and shown is not None:
        shown = float(shown)
    steps = _step_choice(proposal, current) if param.kind == "step" else None
    if steps:
        shown = steps[1]
    ends = _last_step_choice(int(current), int(param.high)) if key == "step_count" else None
    if ends:
        shown = int(current)
    if widget not in session:
        session[widget] = shown
    title = f"{text(label(key))}{' (%)' if percent else ''}"
    helptext = f"{param.description}{steps[2] if steps else ''} Default source: {param.citation}."

    def apply() -> None:
        value = session[widget]
        if value == shown:  # reported as changed but showing what it showed: Streamlit lost the input's last value
            return  # (a redraw raced a run). set_override refuses the value in force; a percent shown rounded is not it
        if percent and value is not None:
            value = value / 100
        problems = state.set_override(proposal, key, value)
        session.edit_problems = problems
        if problems:
            session[widget] = shown  # keep the last good value on screen

    if steps:
        st.selectbox(title, steps[0], key=widget, on_change=apply, help=helptext, format_func=lambda o: o or "none")
    elif ends:
        st.selectbox("The schedule ends at step", ends[0], key=widget, on_change=apply, help=helptext,
                     format_func=ends[1])
    elif param.kind in ("choice", "pathway", "rating", "lane"):
        lanes = session.loaded.baseline.step_schedule.lanes
        options = list(param.choices or (parameters.PATHWAYS if param.kind == "pathway" else lanes))
        st.selectbox(title, options, key=widget, on_change=apply, help=helptext,
                     format_func=lambda o: parameters.RATING_LABELS.get(o, str(o).replace("_", " ")))
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
    years = range(first, first + int(session.horizon))

    def options(param: parameters.Parameter) -> list:
        hole = param.placeholder
        if hole == "rating":
            return list(parameters.RATINGS)
        if hole == "lane":
            return list(terms.step_schedule.lanes)
        if hole == "year":
            return list(years)
        if hole == "years":  # the longevity steps the workbook states (longevity.15, .20 ...)
            return sorted(int(y) for y in terms.family(param.key.split(".{")[0]))
        if hole == "role":  # the roles any family under the same heading names (a stipend, its slots)
            kin = [p for p in parameters.REGISTRY
                   if (p.tab, p.heading, p.placeholder) == (param.tab, param.heading, "role")]
            return sorted({r for p in kin for r in terms.family(p.key.split(".{")[0])})
        return []

    return parameters.on_tab(tab, options)


def tab_value(terms, key: str):
    """What an input on Contract terms shows: the term, or for a year the value in force that year."""
    family, _, year = key.rpartition(".")
    if year.isdigit() and parameters.find(key, terms.context)[0].placeholder == "year":
        # blank: a family with no default
        return terms.by_year(family, int(year), 0.0 if f"{family}.default" in parameters.BY_KEY else None)
    return terms.get(key)


def none_stated(tab: str, heading: str) -> str:
    """What a heading whose families the workbook states none of says: the rows that would add one."""
    kin = [p for p in parameters.REGISTRY if (p.tab, p.heading) == (tab, heading)]
    rows = " or ".join(p.key.replace("{", "<").replace("}", ">") for p in kin)
    return f"None in this workbook: a row {rows} on its {kin[0].sheet} sheet adds one."


def terms_tab(proposal: str, terms, tab: str) -> None:
    """Every input of one Contract terms tab, three to a row, under its headings."""
    if tab in parameters.PATHWAYS_TABS and terms.pay_system != "pathways":
        st.info(f"{text(proposal)} pays on the step-and-lane schedule: the rules on this tab apply only under career "
                "pathways and change none of its figures (choose Career pathways as its pay system to use them).")
    for heading, keys in tab_keys(terms, tab):
        if heading:
            st.markdown(f"**{heading}**")
        if not keys:  # a family the workbook states none of (longevity.15, ...): a bare heading explains nothing
            st.caption(none_stated(tab, heading))
            continue
        cols = st.columns(3)
        for i, key in enumerate(keys):
            with cols[i % 3]:
                param_input(proposal, key, tab_value(terms, key))


def fingerprint(code: str, of: str = "view") -> None:
    """The fingerprint in large type (FIT_CSS), for both sides to read across the table; `of`: what it is the
    fingerprint of, one per page. Plain Markdown: HTML in Markdown would have a new session's browser load a
    190 kB parser for these fourteen characters."""
    with st.container(key=f"fingerprint_{of}"):
        st.markdown(code)


def refused_notice() -> None:
    """A refused file, said once where people look (the main area of every page), with what is still in use."""
    problems = session.get("load_problems") or []
    if not problems:
        return
    if not session.get("refused_file"):  # not an upload (a desk that could not be reopened): its own words
        for problem in problems[:20]:
            st.warning(text(problem))
        return
    n = session.get("refused_count") or len(problems)
    count = f"{n} problem{'s' if n != 1 else ''}"
    with st.container(border=True):
        refused = text(session.get("refused_file") or "")
        if session.get("refused_reason"):
            st.error(f"Not loaded: {refused} was refused because {session.refused_reason}. Still using "
                     f"{text(session.source)}; nothing you entered here is lost.", icon=":material/block:")
        else:
            st.error(f"Still using {text(session.source)}: {count} in the new file {refused}. "
                     "Fix them in the file and upload it again; nothing you entered here is lost.",
                     icon=":material/block:")
        with st.expander(f"The {count}"):  # as plain text: a cell's value is never read as Markdown
            st.text("\n".join(([session.load_summary] if session.get("load_summary") else [])
                               + [f"- {p}" for p in problems[:50]]
                               + ([f"- ... and {len(problems) - 50} more."] if len(problems) > 50 else [])))
        st.button("Dismiss", key="dismiss_refused", on_click=_dismiss_refused)


def _dismiss_refused() -> None:
    session.load_problems, session.refused_file = [], None


def show_problems() -> None:
    for problem in session.get("edit_problems", []):
        st.error(f"Not applied: {text(problem)}. The last good value is kept.")


def describe_value(value: Any, key: str) -> str:
    return describe(value, key)


# Figures, labels and chips size themselves to their column (container query units, cqi), never cut or
# wrapped: a room reads "$4,732.7M" whole in a fifth of a 1280-pixel projector; labels and deltas stay on one line.
FIT_CSS = """<style>
[data-testid="stColumn"], [data-testid="stSidebarContent"] { container-type: inline-size; }
[data-testid="stMetricLabel"] p, [data-testid="stMetricDelta"] div { white-space: nowrap; }
[data-testid="stColumn"] [data-testid="stMetricValue"] { font-size: min(2.25rem, 17cqi); }
[data-testid="stColumn"] [data-testid="stMetricLabel"] p { font-size: min(0.875rem, 6.5cqi); }
[data-testid="stColumn"] [data-testid="stMetricDelta"] { font-size: min(0.875rem, 6cqi); }
[data-testid="stColumn"] h3 { font-size: min(1.5rem, 11cqi); }
[data-testid="stMultiSelect"] [data-tag] { max-width: 100% !important; flex-shrink: 0; }
[data-testid="stMultiSelect"] [data-tag] span[title] { max-width: none !important; overflow: visible !important; }
[class*="st-key-fingerprint_"] p { font: 700 min(1.55rem, 10cqi)/1.2 monospace; white-space: nowrap; }
[data-testid="stButton"] button *, [data-testid="stDownloadButton"] button * {  /* a label wraps, never "New prop..." */
  white-space: normal; overflow: visible; text-overflow: clip; }
/* Contract terms' tabs (the registry's groups) wrap onto a second line: behind the bar's arrow a room never sees
   them. A gap between lines, so a wrapped tab's underline never touches the line below. */
.st-key-terms_tab [role="tablist"] { flex-wrap: wrap; overflow-x: visible; row-gap: 0.5rem; }
.st-key-terms_tab [data-testid^="stTabsScroll"] { display: none; }
/* A by-year table's blocks of years, one under another, keep one width for their labels, so the figures line up */
[class*="st-key-by_year_"] table th:first-child { width: 36%; }
@media (max-width: 640px) {  /* a phone: the comparison's columns stay side by side, labels wrap */
  .st-key-comparison [data-testid="stHorizontalBlock"] { flex-wrap: nowrap !important; gap: 0.5rem; }
  .st-key-comparison [data-testid="stColumn"] {
    min-width: 0 !important; width: auto !important; flex: 1 1 0 !important; }
  .st-key-comparison [data-testid="stMetricLabel"] p { white-space: normal; font-size: 0.75rem; }
  .st-key-comparison [data-testid="stMetricDelta"] { font-size: 0.7rem; height: auto; max-width: 100%; }
  .st-key-comparison [data-testid="stMetricDelta"] * { white-space: normal; overflow: visible; text-overflow: clip; }
  .st-key-comparison h3 { font-size: 0.95rem; }
}
</style>"""
PRESENTER_CSS = """<style>
html { font-size: 21px; }
[data-testid="stColumn"] [data-testid="stMetricValue"] { font-size: min(3rem, 18cqi); }
[data-testid="stColumn"] [data-testid="stMetricLabel"] p { font-size: min(1.1rem, 7.5cqi); }
[data-testid="stColumn"] [data-testid="stMetricDelta"] { font-size: min(1.05rem, 6.5cqi); }
</style>"""


def page_style() -> None:
    """Figures that fit their boxes on every screen, and larger type when presenter mode is on."""
    st.html(FIT_CSS + (PRESENTER_CSS if session.get("presenter") else ""))


def share_link() -> None:
    """The address of this view, to send to the other side or to a workshop's participants."""
    with st.expander("Link to this view", key="share_link", on_change="rerun") as box:
        if not box.open:  # the address is worked out (and its code box sent) when asked for
            return
        query = state.link_query()
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
    """Who is saving, whether it worked, sharing the upload, and deleting the desk. What happened to the desk is
    said above its panel, open or shut; the panel's controls are drawn when it is opened (state.SIDEBAR_KEYS
    keeps their values meanwhile)."""
    if session.get("save_problem"):
        st.warning(text(session.save_problem))
    if session.get("merge_notice"):
        st.info(text(session.pop("merge_notice")))
    if session.pop("forgotten", False):
        st.success("Deleted. This screen stays as it is; changes from now on start a new desk.")
    with st.expander("Desk: saved as you go", key="desk_menu", on_change="rerun") as box:
        if box.open:
            _desk_menu()
    recent_desks()


def _desk_menu() -> None:
    st.selectbox("Changes are saved as offers of", desk.SIDES, key="side", format_func=str.title,
                 help="Each saved version of a proposal records its side and time (Ledger of offers).")
    if session.get("saved_at") and not session.get("save_problem"):
        st.caption(f"Saved at {session.saved_at}.")
    st.caption("Reload the page or come back to this address later in this browser: the desk reopens as you "
               "left it. In another browser the address opens a copy, without an uploaded workbook.")
    st.toggle("Let another browser with this address open the uploaded workbook", key="share_upload",
              on_change=lambda: desk.share(bool(session.share_upload)),
              help="Off: a roster you upload is seen in this browser only, even by someone who has the address.")
    sure = st.checkbox("Yes, delete this desk's proposals and ledger", key="forget_sure")
    st.button("Forget this desk", icon=":material/delete_forever:", disabled=not sure, on_click=_forget)


def recent_desks() -> None:
    """The other desks this browser holds, each reopened here with one click (the one open now stays saved)."""
    held = desk.recent()
    if not held and not session.get("reopen_problem"):
        return
    with st.expander("Recent desks on this browser"):
        if session.get("reopen_problem"):
            st.warning(text(session.pop("reopen_problem")))
        st.caption("Last saved first. The desk open now stays at its address.")
        for i, d in enumerate(held):
            offers = f"{d.proposals} proposal{'' if d.proposals == 1 else 's'}"
            st.button(f"{text(d.source)}: saved {when(d.updated)}, {offers}", key=f"reopen_desk|{i}",
                      on_click=desk.reopen, args=(d.token,), icon=":material/history:", width="stretch")


def when(saved: datetime) -> str:
    """A save's time in the browser's time zone (UTC when the browser does not say): '14:03 today', '30 Nov 09:12'."""
    try:
        zone = ZoneInfo(st.context.timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    local, today = saved.astimezone(zone), datetime.now(zone).date()
    name = "" if zone.key != "UTC" else " UTC"
    return f"{local:%H:%M} today{name}" if local.date() == today else f"{local:%-d %b %H:%M}{name}"


def _forget() -> None:
    desk.forget()
    session.forget_sure = False
    session.forgotten = True


def undo_button() -> None:
    st.button("Undo last change", icon=":material/undo:", disabled=not session.get("undo"), on_click=desk.undo,
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
    if session.get("fit_message"):
        st.info(text(session.fit_message))


def _add_fit(result) -> None:
    name = risk.free_name({p.name for p in session.proposals}, result.as_proposal().name)
    problem = state.add_proposal(name)
    problems = [problem] if problem else state.set_overrides(name, dict(result.overrides))
    session.fit_message = "; ".join(problems) if problems else f"Added '{name}': it is on the bargaining table now."


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
