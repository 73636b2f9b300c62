"""My pay: what a member would earn, year by year, under each offer against today's schedule."""

import streamlit as st

from models import parameters as P
from models import safe_text
from models.components import LINE_WORDS, PAY_LINES
from models.person import Member
from models.safe_text import markdown as text
from models.terms import STATUS_QUO
from ui import charts, data, state, widgets

state.run_inside_app()

inputs = state.shown_inputs()  # projects the compared proposals only
base = inputs.baseline
sched = base.step_schedule
names = widgets.scenario_names()

st.title("My pay")
st.caption("Where you are today and what you expect to do; no one's records are used. "
           "Each year assumes the same rating, credits, PD hours and micro-credentials.")



@st.fragment
def my_pay() -> None:
    """The member's inputs and their pay under each offer: an input redraws this part, not the page."""
    with st.container(border=True):
        a, b, c, d = st.columns(4)
        years = a.number_input("Years of experience", 0, 50, 5, key="me_years")
        lane = b.selectbox("Lane today", sched.lanes, index=min(1, len(sched.lanes) - 1), key="me_lane")
        top = sched.top(sched.lanes.index(lane))  # the lane's last step (a lane may end early)
        if st.session_state.get("me_step", 1) > top:  # a lane chosen that ends before the step shown
            st.session_state["me_step"] = top
        if sched.labels:  # a published schedule's own labels (4 ... 33, 1A/1B): chosen from its list
            step = c.selectbox("Step today", range(1, top + 1), index=min(years, top - 1),
                               format_func=sched.label, key="me_step")
        else:
            step = c.number_input("Step today", 1, top, min(years + 1, top), key="me_step")
        fte = d.number_input("FTE", 0.1, 1.0, 1.0, step=0.1, key="me_fte")
        schedule = ""
        if sched.extra:  # a 235-day or 12-month schedule beside the StepSchedule
            schedule = a.selectbox("Schedule", sched.names, key="me_schedule",
                                   format_func=lambda n: f"StepSchedule {n}" if n else "StepSchedule")
        a, b, c, d = st.columns(4)
        rating = a.selectbox("Rating you expect each year", P.RATINGS, index=1, format_func=P.RATING_LABELS.get,
                             key="me_rating")
        credits = b.number_input("Graduate credits a year", 0.0, 30.0, 0.0, step=1.0, key="me_credits")
        hours = c.number_input("PD hours a year", 0.0, 500.0, 15.0, step=5.0, key="me_hours")
        mcs = d.number_input("Micro-credentials a year", 0.0, 20.0, 0.0, step=1.0, key="me_mcs")
        apply = st.checkbox("I would apply to Model as soon as I can (and pass)", key="me_model")
        with st.expander("Performance pay, roles and my school (for offers that pay them)"):
            roles = sorted({key.split(".", 2)[2] for terms in [base] + [p.terms(base) for p in inputs.proposals]
                            for key, value in terms.params if key.startswith("role.stipend.") and value})
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
    frame = frame[frame["scenario"].isin([STATUS_QUO] + state.compared())]
    first, last = int(frame["year"].min()) + 1, int(frame["year"].max())

    sq = frame[frame["scenario"] == STATUS_QUO].set_index("year")
    for scenario, rows in frame.groupby("scenario", sort=False):
        rows = rows.set_index("year")
        total, sq_total = rows["cumulative_earnings"].iloc[-1], sq["cumulative_earnings"].iloc[-1]
        line = (f"**{text(scenario)}**: {widgets.money(rows.loc[first, 'earnings'])} in {first}-{str(first + 1)[-2:]}, "
                f"{widgets.money(rows.loc[last, 'salary'])} in {last}-{str(last + 1)[-2:]}; "
                f"{widgets.money(total)} in all over {last - first + 1} years")
        if scenario != STATUS_QUO:
            more = "more" if total >= sq_total else "less"
            line += f", **{widgets.money(total - sq_total)}** {more} than the status quo"
            steps = reached[reached["scenario"] == scenario]
            if len(steps):
                line += ". Pathways: " + ", ".join(f"{r.pathway} in {r.first_year}" for r in steps.itertuples())
        st.markdown(line + ".")

    widgets.chart(charts.member_salary(frame, names), frame, "your pay by year")
    widgets.chart(charts.member_salary(frame[frame["year"] >= first], names, "cumulative_earnings"),
                  frame[["scenario", "year", "earnings", "cumulative_earnings"]], "your earnings added up")

    paid = [line for line in PAY_LINES if frame[line].abs().sum() > 0]
    if paid:
        st.subheader("Your pay from each component")
        st.caption("From your expected micro-credentials, rating, role and school; included in the pay above "
                   "(as salary or as stipends and bonuses, as each offer pays it).")
        parts = frame[frame["year"] >= first].melt(id_vars=["scenario", "year"], value_vars=paid,
                                                   var_name="component", value_name="amount")
        parts["component"] = parts["component"].map(LINE_WORDS)
        wide = parts.pivot_table(index=["scenario", "component"], columns="year", values="amount", sort=False)
        st.dataframe(safe_text.frame(wide).style.format("${:,.0f}"), width="stretch")


my_pay()
