"""Pathways Workbench: the entry point. Page config, shared sidebar, navigation over pages/."""

import streamlit as st

from models.inputs import Inputs
from models.safe_text import markdown as text
from ui import data, desk, joint, members, state, widgets

st.set_page_config(page_title="Pathways Workbench", page_icon=widgets.page_icon(), layout="wide")
desk.room_gate()
desk.init()
joint.init()
joint.follow()
state.keep_widget_values()
desk.autosave()  # before anything is drawn: the screen shows a change only once it is saved

my_pay = st.Page(state.PAGES / "my_pay.py", title="My pay", icon=":material/person:")
page = st.navigation([
    st.Page(state.PAGES / "bargaining_table.py", title="Bargaining table", icon=":material/groups:", default=True),
    st.Page(state.PAGES / "contract_terms.py", title="Contract terms", icon=":material/edit_note:"),
    my_pay,
    st.Page(state.PAGES / "budget.py", title="Budget", icon=":material/account_balance:"),
    st.Page(state.PAGES / "workbook.py", title="Workbook", icon=":material/table_view:"),
    st.Page(state.PAGES / "risk.py", title="Risk and agreement", icon=":material/troubleshoot:"),
    st.Page(state.PAGES / "workshop.py", title="Workshop", icon=":material/school:"),
    st.Page(state.PAGES / "ledger.py", title="Ledger of offers", icon=":material/history:"),
    st.Page(state.PAGES / "joint_table.py", title="Joint table", icon=":material/handshake:"),
    st.Page(state.PAGES / "state.py", title="State-wide costing", icon=":material/map:"),
], position="hidden" if members.in_copy() else "sidebar")  # a members' copy: My pay only


def _load_sample() -> None:
    state.load(data.sample_bytes(st.session_state.sample_choice), st.session_state.sample_choice)


def _load_upload() -> None:
    upload = st.session_state[state.upload_key()]
    if upload is None:
        return
    if upload.name.lower().endswith(".csv"):
        loaded = state.load(st.session_state.loaded_bytes, f"{st.session_state.source} + {upload.name}",
                            roster_csv=upload.getvalue(), refused=upload.name)
    else:
        loaded = state.load(upload.getvalue(), upload.name, refused=upload.name)
    if not loaded:  # a fresh, empty uploader: the refused file must not look loaded
        st.session_state.upload_version = st.session_state.get("upload_version", 0) + 1


def workbook_menu(inputs: Inputs) -> None:
    """Open a bundled sample, upload a workbook or roster, download this one with results or a blank template."""
    st.selectbox("Bundled sample", list(data.SAMPLES), index=None, placeholder="Open a sample...",
                 key="sample_choice", on_change=_load_sample)
    st.file_uploader("Upload a workbook (.xlsx) or a roster (.csv)", type=["xlsx", "csv"],
                     key=state.upload_key(), on_change=_load_upload)
    st.download_button("Download this workbook with results", on_click="ignore",
                       data=lambda: data.export_bytes(inputs.fingerprint, inputs),
                       file_name=f"workbench_{inputs.fingerprint}.xlsx", icon=":material/download:")
    st.download_button("Download a blank template", data=data.template_bytes, on_click="ignore",
                       file_name="workbench_template.xlsx", icon=":material/description:")


def _members_sidebar() -> None:
    """A member on a members' copy: what the fingerprint is of, the years and presenter mode; nothing else."""
    st.caption(f"Fingerprint of the {text(members.copy_title())}: not the bargaining table's, whose workbook has "
               "the roster and another fingerprint.")
    widgets.fingerprint(state.inputs().fingerprint)
    st.caption("This link opens My pay only: the members' copy has the schedules, rules and this one offer, and "
               "no one's records.")
    st.slider("Years to project", 1, 20, key="horizon")
    st.toggle("Presenter mode", key="presenter", help="Large type, metrics and chart labels for a projector.")


if members.in_copy():  # My pay and this sidebar only; an address of another page says so and opens My pay
    if page.title != "My pay":
        st.session_state.my_pay_only = page.title != "Bargaining table"  # not the app's root address
        st.switch_page(my_pay)
    with st.sidebar:
        _members_sidebar()
    widgets.page_style()
    if st.session_state.pop("my_pay_only", False):
        st.info("This link opens My pay only: the members' copy it opens has no roster, so the other pages have "
                "nothing to show.", icon=":material/info:")
    widgets.refused_notice()
    state.sync_link()
    page.run()
    st.stop()

with st.sidebar:
    inputs = state.inputs()
    st.caption("Fingerprint: the same code on both screens means the same numbers.")
    widgets.fingerprint(inputs.fingerprint)
    joint.status()
    st.caption(f"Workbook: {text(st.session_state.source)}")
    st.multiselect("Proposals to compare", [p.name for p in st.session_state.proposals], key="compare")
    st.slider("Years to project", 1, 20, key="horizon")
    st.toggle("Presenter mode", key="presenter",
              help="Large type, metrics and chart labels for a projector. Scenario colours are colour-blind "
                   "safe (Okabe-Ito) and stay the same on every page.")
    with st.expander("Workbook: open, upload, download", key="workbook_menu", on_change="rerun") as menu:
        if menu.open:  # its uploader and downloads are sent when asked for, not on every run
            workbook_menu(inputs)
    widgets.share_link()
    widgets.desk_controls()
    desk.remember_browser()

widgets.page_style()
widgets.refused_notice()
joint.save_drafts()
state.sync_link()

if st.session_state.pop("open_my_pay", False) and page.title != "My pay":
    st.switch_page(my_pay)  # a member link lands on My pay, whatever page its address names
page.run()
