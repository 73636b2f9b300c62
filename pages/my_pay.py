"""My pay: what a member would earn, year by year, under each offer against today's schedule.

Results come first (on a phone the inputs would otherwise fill the screen before any figure)."""

import streamlit as st

from models import parameters, safe_text, words
from models.components import LINE_WORDS, PAY_LINES
from models.person import MEMBER_LIMITS, Member, how_you_move, paid_roles, year_by_year
from models.safe_text import markdown as text
from models.terms import STATUS_QUO
from ui import charts, data, desk, handout, members, state, widgets

state.run_inside_app()

session = st.session_state
inputs = state.shown_inputs()  # projects the compared proposals only
base = inputs.baseline
sched = base.step_schedule
names = widgets.scenario_names()
title = members.copy_title() if members.in_copy() else inputs.title  # the printout says what its fingerprint is of


def _step_follows_experience() -> None:
    """Step today follows years of experience until the member sets the step themselves."""
    if not session.get("me_step_chosen"):
        session.me_step = min(int(session.me_years) + 1, sched.top(sched.lanes.index(session.me_lane)))


def _step_chosen() -> None:
    session.me_step_chosen = True


# The inputs' first values; a member link may have set some already (ui.state), so widgets take them from here.
FIRST = {"me_years": 5, "me_lane": sched.lanes[min(1, len(sched.lanes) - 1)], "me_fte": 1.0,
         "me_rating": "effective", "me_credits": 0.0, "me_hours": 15.0, "me_mcs": 0.0, "me_model": False}
for key, first in FIRST.items():
    if key not in session or (key == "me_lane" and session[key] not in sched.lanes):  # a lane of another workbook
        session[key] = first


st.title("My pay")
st.caption("Your salary under each offer, from where you are today and what you expect to do; no one's records "
           "are used. Each year assumes the same rating, credits, PD hours and micro-credentials.")


@st.fragment
def my_pay() -> None:
    """The member's inputs and their pay under each offer: an input redraws this part, not the page."""
    results = st.container()

    with st.container(border=True):
        st.markdown("**Where you are today and what you expect**")
        a, b, c, d = st.columns(4)
        years = a.number_input("Years of experience", *MEMBER_LIMITS["years_experience"], key="me_years",
                               on_change=_step_follows_experience)
        lane = b.selectbox("Lane today", sched.lanes, key="me_lane")
        top = sched.top(sched.lanes.index(lane))  # the lane's last step (a lane may end early)
        if "me_step" not in session:
            session.me_step = min(int(years) + 1, top)
        if session.me_step > top:  # a lane chosen that ends before the step shown
            session.me_step = top
        if sched.labels:  # a published schedule's own labels (4 ... 33, 1A/1B): chosen from its list
            step = c.selectbox("Step today", range(1, top + 1), format_func=sched.label, key="me_step",
                               on_change=_step_chosen, help="Follows your years of experience unless you change it.")
        else:
            step = c.number_input("Step today", 1, top, key="me_step", on_change=_step_chosen,
                                  help="Follows your years of experience unless you change it.")
        fte = d.number_input("FTE", *MEMBER_LIMITS["fte"], step=0.1, key="me_fte")
        schedule = ""
        if sched.extra:  # a 235-day or 12-month schedule beside the StepSchedule
            schedule = a.selectbox("Schedule", sched.names, key="me_schedule",
                                   format_func=lambda n: f"StepSchedule {n}" if n else "StepSchedule")
        # PD hours earn AUs and Model is a pathway: asked only where an offer at the desk has pathways. Not asked,
        # the hours a link or the desk gave stay (ui.state keeps them) and count once a pathways offer appears.
        pathways = any(t.pay_system == "pathways" for t in [base, *(p.terms(base) for p in session.proposals)])
        a, b, *c, d = st.columns(4 if pathways else 3)
        rating = a.selectbox("Rating you expect each year", parameters.RATINGS,
                             format_func=parameters.RATING_LABELS.get, key="me_rating")
        credits = b.number_input("Graduate credits a year", *MEMBER_LIMITS["credits_per_year"], step=1.0,
                                 key="me_credits")
        hours = (c[0].number_input("PD hours a year", *MEMBER_LIMITS["pd_hours_per_year"], step=5.0, key="me_hours")
                 if pathways else float(session.me_hours))
        mcs = d.number_input("Micro-credentials a year", *MEMBER_LIMITS["mcs_per_year"], step=1.0, key="me_mcs")
        apply = (st.checkbox("I would apply to Model as soon as I can (and pass)", key="me_model")
                 if pathways else False)
        with st.expander("Performance pay, roles and my school (for offers that pay them)"):
            # the roles any offer at the desk pays, compared or not: leaving an offer out of the comparison
            # keeps the role chosen
            roles = paid_roles([base, *(p.terms(base) for p in session.proposals)])
            if session.get("me_role") not in ["", *roles]:  # a role of another workbook or a deleted offer
                session.me_role = ""
            a, b = st.columns(2)
            role = a.selectbox("A paid role I hold", [""] + roles, format_func=lambda r: r or "none", key="me_role")
            qcomp = b.checkbox("I expect to earn every Q Comp component", key="me_qcomp")
            a, b, c = st.columns(3)
            top = a.checkbox("My school meets its goal (top school)", key="me_top")
            hard_school = b.checkbox("My school is hard to serve", key="me_hard_school")
            hard_subject = c.checkbox("My assignment is hard to staff", key="me_hard_subject")

    member = Member(years_experience=int(years), lane=lane, step=int(step), rating=rating, credits_per_year=credits,
                    pd_hours_per_year=hours, mcs_per_year=mcs, apply_for_model=apply, fte=fte, role=role,
                    top_school=top, hard_to_staff_school=hard_school, hard_to_staff_subject=hard_subject,
                    earns_qcomp=qcomp, schedule=schedule)
    frame, reached = data.member(inputs.fingerprint, inputs, member)
    shown = [STATUS_QUO] + state.compared()
    frame = frame[frame["scenario"].isin(shown)]
    terms = {name: t for name, t in inputs.scenarios(None) if name in shown}
    first, last = int(frame["year"].min()) + 1, int(frame["year"].max())

    with results:
        sq = frame[frame["scenario"] == STATUS_QUO].set_index("year")
        sentences = {}
        for scenario, rows in frame.groupby("scenario", sort=False):
            rows = rows.set_index("year")
            total, sq_total = rows["cumulative_earnings"].iloc[-1], sq["cumulative_earnings"].iloc[-1]
            money = widgets.money
            line = (f"**{text(scenario)}**: salary {money(rows.loc[first, 'salary'])} in "
                    f"{first}-{str(first + 1)[-2:]}, "
                    f"{money(rows.loc[last, 'salary'])} in {last}-{str(last + 1)[-2:]}; with stipends and "
                    f"bonuses {money(total)} in all over {last - first + 1} years")
            if scenario != STATUS_QUO:
                line += (f", **{widgets.money(abs(total - sq_total))}** {'more' if total >= sq_total else 'less'} "
                         "than the status quo")
            sentences[scenario] = how_you_move(frame, scenario, terms[scenario], member)
            st.markdown(f"{line}. {sentences[scenario]}")
        if session.get("me_table_scenario") not in shown:  # an offer no longer compared: the first one compared
            session.me_table_scenario = shown[min(1, len(shown) - 1)]
        pick = st.selectbox("Year by year under", shown, key="me_table_scenario")
        table = year_by_year(frame, pick, terms[pick], member)
        if terms[pick].pay_system != "pathways":  # AUs belong to pathways: no column of blanks for the status quo
            table = table.drop(columns=["aus_earned", "aus_banked", "aus_needed"])
            st.caption("No AUs on the step schedule: you move up a step a year.")
        widgets.member_table(table)
        st.download_button(
            "Download my pay under these offers (one printable page)", icon=":material/print:", on_click="ignore",
            file_name="my_pay.html", mime="application/octet-stream",
            data=lambda: handout.my_pay(title, inputs.fingerprint, member, sentences,
                                        {s: year_by_year(frame, s, terms[s], member) for s in shown},
                                        step_label=sched.label(member.step)))

    widgets.member_link([p for p in inputs.proposals if p.name in shown], pick)

    widgets.chart(charts.member_salary, frame, names, table=frame, name="your pay by year")
    widgets.chart(charts.member_salary, frame[frame["year"] >= first], names, "cumulative_earnings",
                  table=frame[["scenario", "year", "earnings", "cumulative_earnings"]], name="your earnings added up")

    paid = [line for line in PAY_LINES if frame[line].abs().sum() > 0]
    if paid:
        st.subheader("Your pay from each component")
        st.caption("From your expected micro-credentials, rating, role and school; included in the pay above "
                   "(as salary or as stipends and bonuses, as each offer pays it).")
        parts = frame[frame["year"] >= first].melt(id_vars=["scenario", "year"], value_vars=paid,
                                                   var_name="component", value_name="amount")
        parts["component"] = parts["component"].map(LINE_WORDS)
        wide = parts.pivot_table(index=["scenario", "component"], columns="year", values="amount", sort=False)
        st.dataframe(safe_text.frame(wide).style.format(words.money), width="stretch")

    # Saved with the desk as they change: an input here reruns this fragment, not app.py and its autosave.
    if desk.autosave():  # another tab's offers merged in: the whole page shows them
        st.rerun()


my_pay()
