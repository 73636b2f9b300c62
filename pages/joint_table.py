"""Joint table: both sides and the projector on one live ledger of tabled offers, with caucus drafts."""

import streamlit as st

from models import changes, joint, safe_text
from models.joint import ROLE_WORDS, SIDES
from models.safe_text import markdown as text
from ui import joint as table
from ui import state, widgets

state.run_inside_app()

session = st.session_state
st.title("Joint table")
seat = table.seat()

if seat is None:
    st.caption("One live record for both teams and the shared screen: each side drafts in caucus on its own "
               "laptop and tables offers; every screen at the table shows a tabled offer within a second.")
    left, right = st.columns(2)
    with left:
        st.subheader("Open a table")
        st.write(f"On the workbook open now: {session.source}. This screen takes the District's seat; you get the "
                 "Union's link and the projector's link to hand on.")
        st.button("Open a joint table", type="primary", icon=":material/handshake:", on_click=table.open_table)
    with right:
        st.subheader("Join as the projector")
        st.text_input("Join code (view only)", placeholder="ABCD-EFGH", key="joint_code")
        st.button("Join", icon=":material/co_present:", on_click=table.join_by_code)
        if session.get("joint_code_problem"):
            st.error(session.joint_code_problem)
    st.stop()

st.markdown(f"**Table {seat.code}** · this screen: **{ROLE_WORDS[seat.role]}** · workbook: {text(seat.source)}")
st.caption("Table fingerprint (the workbook with the tabled offers): the same code on every screen.")
widgets.fingerprint(table.table_fingerprint(), of="table")

opened = session.get("joint_opened")
offers = table.store().offers(seat)
if seat.side is not None:
    with st.expander("Invitation links", expanded=opened is not None):
        if opened is not None:
            st.write("Send the **Union** its link now (it is shown once, here): it seats the Union's laptop.")
            st.code(table.link(opened.tokens["union"]), language=None, wrap_lines=True)
        links = table.store().tokens(seat)
        st.write(f"This screen, the {ROLE_WORDS[seat.role]}'s (open it on your team's other laptops):")
        st.code(table.link(links[seat.role]), language=None, wrap_lines=True)
        st.write(f"The projector (view only), or the join code **{seat.code}**:")
        st.code(table.link(links["view"]), language=None, wrap_lines=True)
        st.button("Our link leaked: give us a new one", icon=":material/key:", on_click=table.new_link,
                  help="The old link stops working at once; open the new one on your team's screens.")

    other = next(s for s in SIDES if s != seat.side)
    st.subheader("Our caucus drafts")
    st.caption(f"Edit on Contract terms. Drafts are this side's only: the {ROLE_WORDS[other]} and the projector "
               "see an offer when you table it, never before. Tabling adds a version; a tabled offer is never "
               "changed in place.")
    drafts = table.drafts()
    if not drafts:
        st.info("No drafts: everything on this screen is as tabled. Change an offer on Contract terms, or add "
                "one there, to draft a counter.")
    for draft in drafts:
        left, right = st.columns([3, 1])
        tabled = session.joint_tabled.get(draft.name)
        before = tabled.terms(session.loaded.baseline) if tabled else session.loaded.baseline
        words = changes.in_words(before, draft.terms(session.loaded.baseline))
        left.markdown(f"**{text(draft.name)}** ({'changes to the tabled version' if tabled else 'new'})")
        left.text("\n".join(words) if words else "the same as tabled")
        full = joint.table_full(set(offers["proposal"]), draft.name)  # the write checks it again
        right.button(f"Table to the {ROLE_WORDS[other]}", key=f"table|{draft.name}", icon=":material/send:",
                     on_click=table.table, args=(draft.name,), disabled=full is not None)
        if full:
            right.caption(f"Cannot be tabled: {full}.")
    if session.get("joint_tabled_message"):
        st.success(session.pop("joint_tabled_message"))
else:
    st.caption("The projector shows the offers as tabled; drafts stay with each side until tabled.")

st.subheader("Ledger of the table")
shown = offers.drop(columns=["overrides"]).assign(side=offers["side"].map(lambda s: ROLE_WORDS.get(s, s)),
                                                  proposal=offers["proposal"].map(lambda n: text(joint.shown_name(n))),
                                                  note=offers["note"].map(text))
# A plain table: every screen, the projector included, reads it whole (and it prints). st.table reads
# Markdown in its cells: names and notes are escaped.
st.table(shown.rename(columns={"side": "tabled by", "tabled": "tabled (UTC)"}).set_index("proposal"))
labels = [f"{joint.shown_name(r.proposal)} v{r.version} ({ROLE_WORDS.get(r.side, r.side)})"
          for r in offers.itertuples()]
if len(labels) >= 2:
    st.subheader("Compare two tabled versions")
    left, right = st.columns(2)
    first = left.selectbox("From", labels, index=0, key="joint_from")
    second = right.selectbox("To", labels, index=len(labels) - 1, key="joint_to")
    pick = dict(zip(labels, offers.itertuples(), strict=True))
    a, b = table.version(pick[first]), table.version(pick[second])
    words = changes.in_words(a.terms(session.loaded.baseline), b.terms(session.loaded.baseline))
    st.markdown("**In words**")
    st.text("\n".join(words) if words else "No differences.")
    st.markdown("**In cost**")
    money = [safe_text.cell(a.name), safe_text.cell(b.name), "difference"]  # names as the safe frame has them
    st.dataframe(safe_text.frame(table.compare_costs(a, b)).style.format("${:,.0f}", subset=money),
                 hide_index=True, width="stretch")
st.download_button("Download the table's ledger (.xlsx)", icon=":material/download:", on_click="ignore",
                   data=lambda: joint.export(offers), file_name=f"joint_table_{seat.code}.xlsx")
