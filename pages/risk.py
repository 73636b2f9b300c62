"""Risk and agreement: how uncertain the cost is, which assumptions move it, what fits the budget, who wins."""

import streamlit as st

from models import parameters, risk, words
from models.changes import label
from models.results import only
from models.safe_text import markdown as text
from models.terms import STATUS_QUO
from ui import charts, data, state, widgets

state.run_inside_app()

session = st.session_state
inputs = state.shown_inputs()  # projects the compared proposals only
names = widgets.scenario_names()
compared = state.compared()



@st.fragment
def tornado(table, shown: list[str]) -> None:
    """The tornado of one scenario: picking another redraws this chart only."""
    scenario = st.selectbox("Scenario", shown, index=min(1, len(shown) - 1), key="risk_tornado_scenario")
    widgets.chart(charts.tornado, table, scenario,
                  table=table[table["scenario"] == scenario].drop(columns="scenario"), name="sensitivity")


st.title("Risk and agreement")
st.caption("The same workbook and proposals as the bargaining table: the spread of cost from chance alone, the "
           "assumptions that move it most, a lever set to fit the budget, and who is better off.")
# Only the open tab runs (on_change="rerun"): the replicates and the tornado take seconds the first time.
uncertain, levers, outlook = st.tabs(["Uncertainty and sensitivity", "Fit to budget", "Ratification outlook"],
                                     key="risk_tab", on_change="rerun")

with uncertain:
    if uncertain.open:
        replicates = st.select_slider("Replicates (independent runs of who leaves, is rated, applies, passes)",
                                      [20, 40, 100], value=40, key="risk_replicates")
        ranges = st.toggle("Also draw the assumptions across their ranges", key="risk_ranges",
                           help="Each replicate also picks every assumption in the sensitivity table below "
                                "(pass and application rates, exit rates, elasticity, rating shares, credits, "
                                "PD hours, raises, roll-up) uniformly within its range, the same in every scenario.")
        fan, chance = data.uncertainty(inputs.fingerprint, inputs, replicates, ranges)
        shown = [STATUS_QUO] + compared
        widgets.chart(charts.cost_fan, only(fan, compared), names, table=fan, name="cost percentiles")
        if chance["chance_over_budget"].notna().any():
            st.markdown("**Chance of going over budget in some year**")  # once, so each figure's label fits
            cols = st.columns(len(shown))
            for col, row in zip(cols, only(chance, compared).to_dict("records"), strict=True):
                col.metric(text(row["scenario"]), f"{row['chance_over_budget']:.0%}",
                           help=f"Share of {replicates} replicates with cost above the budget in at least one year.")
        st.subheader("Which assumptions matter most")
        table = data.sensitivity(inputs.fingerprint, inputs)
        tornado(table, shown)
        st.caption("Each assumption moves alone across the range shown in the table, in every scenario at once; "
                   "ranges come from the workbook's Assumptions sheet (low, high) where it gives them, else are "
                   "illustrative unless the table names a source.")

with levers:
    if levers.open:
        if not compared:
            st.info("Choose a proposal to compare in the sidebar.")
        else:
            left, right = st.columns(2)
            proposal = left.selectbox("Proposal", compared, key="fit_proposal")
            lever = left.selectbox("Lever", list(risk.levers()), format_func=lambda k: risk.levers()[k].label,
                                   key="fit_lever")
            pathway = left.selectbox("Pathway", parameters.PATHWAYS, key="fit_pathway") if lever == "pathway" else None
            year = (left.number_input("Year of the raise", *risk.raise_years(inputs), key="fit_year")
                    if lever == "raise" else None)
            target = right.radio("Target", risk.TARGETS, key="fit_target", format_func=risk.TARGET_LABELS.get)
            if right.button("Find the value", type="primary", icon=":material/target:"):
                try:
                    session.fit_result = data.fit(inputs.fingerprint, inputs, proposal, lever, target, pathway, year)
                except (ValueError, KeyError) as exc:
                    session.fit_result = None
                    st.error(f"Cannot fit: {text(exc)}")
            result = session.get("fit_result")
            if result is not None and result.proposal == proposal:
                widgets.fit_result(result)
            st.divider()
            rate = st.radio("Break-even for", risk.BREAK_EVEN_KEYS, horizontal=True,
                            format_func=label, key="break_even_key")
            widgets.break_even(data.break_even(inputs.fingerprint, inputs, proposal, rate), proposal)

with outlook:
    if outlook.open:
        if not compared:
            st.info("Choose a proposal to compare in the sidebar.")
        else:
            proposal = st.selectbox("Proposal", compared, key="outlook_proposal")
            seen = data.outlook(inputs.fingerprint, inputs, proposal, 3)
            everyone = seen.everyone
            a, b, c = st.columns(3)
            a.metric("Better off by year 3", f"{everyone['share_better_off_by_year']:.0%}")
            b.metric("Better off over the horizon", f"{everyone['share_better_off']:.0%}")
            c.metric("Cost of a hold-harmless guarantee", widgets.money(seen.hold_harmless_total),
                     help="Topping every current member up to their status-quo pay each year they would earn less, "
                          "with roll-up, counting everyone as staying: an upper bound.")
            widgets.chart(charts.better_off_by_group, seen.groups, table=seen.groups, name="better off by group")
            st.caption("Hold-harmless top-ups by year:")
            st.dataframe(words.styled(seen.hold_harmless), hide_index=True, width="stretch")
