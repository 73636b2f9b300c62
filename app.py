"""Pathways Workbench: the entry point. Page config, shared sidebar, navigation over pages/."""

from pathlib import Path

import streamlit as st

from ui import data

PAGES = Path(__file__).resolve().parent / "pages"

st.set_page_config(page_title="Pathways Workbench", page_icon=":material/balance:", layout="wide")

if "sample" not in st.session_state:
    st.session_state.sample = next(iter(data.SAMPLES))

page = st.navigation([st.Page(PAGES / "costs.py", title="Costs", icon=":material/payments:", default=True)])

with st.sidebar:
    st.selectbox("Budget workbook", list(data.SAMPLES), key="sample")
    inputs = data.read_workbook(data.sample_bytes(st.session_state.sample))
    st.session_state.inputs = inputs
    st.caption("Fingerprint: the same code on both screens means the same numbers.")
    st.markdown(f"## `{inputs.fingerprint}`")

page.run()
