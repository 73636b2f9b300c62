"""Ledger of offers: every saved version of every proposal at this desk, to reopen, compare and export."""

import streamlit as st

from models import changes, ledger, safe_text
from models.safe_text import markdown as text
from ui import desk, state

state.run_inside_app()

session = st.session_state
st.title("Ledger of offers")
st.caption("Every change to a proposal is saved here as a new version, with the side it was saved as and "
           "the time (UTC). Reopen any version as a new proposal, compare two, or export the whole ledger.")

history = desk.ledger().history(session.desk)
if history.empty:
    st.info("Nothing saved yet: change a proposal (Contract terms) and it appears here.")
    st.stop()

shown = history.drop(columns="overrides").assign(side=history["side"].map(ledger.SIDE_WORDS))
st.dataframe(safe_text.frame(shown), hide_index=True, width="stretch",
             column_config={"changes": st.column_config.NumberColumn("changes from the workbook")})
labels = [f"{r.proposal} v{r.version}" + (" (withdrawn)" if r.withdrawn else "") for r in history.itertuples()]
rows = dict(zip(labels, history.itertuples(), strict=True))


def _version(label: str):
    row = rows[label]
    return desk.ledger().version(session.desk, row.proposal, row.version)


def _reopen(label: str) -> None:
    old = _version(label)
    name = f"{old.name} (v{rows[label].version})"
    session.reopen_message = state.add_proposal(name)
    if session.reopen_message is None:
        problems = state.set_overrides(name, old.as_dict())
        session.reopen_message = "; ".join(problems) if problems else None


left, right = st.columns(2)
with left:
    st.subheader("Reopen")
    chosen = st.selectbox("Version", labels, index=len(labels) - 1, key="ledger_reopen")
    st.button("Reopen as a new proposal", icon=":material/restore:", on_click=_reopen, args=(chosen,))
    if session.get("reopen_message"):
        st.error(text(session.reopen_message))
with right:
    st.subheader("Compare two versions")
    first = st.selectbox("From", labels, index=0, key="ledger_from")
    second = st.selectbox("To", labels, index=len(labels) - 1, key="ledger_to")
    base = session.loaded.baseline
    try:
        words = changes.in_words(_version(first).terms(base), _version(second).terms(base))
    except ValueError as exc:  # a version saved against another workbook may not apply to this one
        st.warning(f"These versions do not apply to the workbook now open: {text(exc)}")
    else:
        st.markdown("\n".join(f"- {text(w)}" for w in words) if words else "No differences.")

st.download_button("Download the ledger (.xlsx)", icon=":material/download:", on_click="ignore",
                   data=lambda: ledger.export(history), file_name="ledger_of_offers.xlsx")
