"""Cached calls into the model, keyed on small hashable things (content hash, fingerprint).

Never cache on an unhashed roster: the fingerprint covers the roster, every term, every proposal
and the settings, so it is the key; the Inputs object rides along unhashed.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
from pathlib import Path

import pandas as pd
import streamlit as st

from models import engine, guarded, metrics, record, risk, workbook
from models.engine import Projection
from models.inputs import Inputs
from models.person import Member, member_projection, milestones
from models.results import ProjectOne, Results, project_one, scenario_keys, sheets
from models.results import results as compute_results
from models.terms import STATUS_QUO, Terms

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "sample_budgets"
SAMPLES = {"Baltimore-scale district, 2010": "baltimore_2010.xlsx",
           "Small district, 350 teachers": "small_district.xlsx",
           "Micro-credential district, 1,200 teachers": "microcredential_district.xlsx",
           "Performance-pay district, 2,500 teachers": "performance_pay_district.xlsx"}


@st.cache_resource(show_spinner="Reading the workbook...", max_entries=16)
def read_workbook(content: bytes) -> Inputs:
    """Parsed once per distinct file content (the key is the bytes' hash) and shared, not copied, between
    sessions: Inputs is frozen, and a room of thirty on one sample holds one roster, not thirty. Read in a
    child process with memory and time limits (models/guarded.py): no file can take the server down. A bundled
    sample (the same bytes, however they came) is ours and is read here: the child spends about a second
    starting and importing before it reads, the wait of every fresh server's first page, and a busy machine
    (which can leave a reader short of its 5 s on the clock) must never refuse the page everyone opens first."""
    if hashlib.sha256(content).digest() in _sample_digests():
        with contextlib.suppress(OSError):  # a reader that cannot start never keeps the sample shut; an upload says why
            guarded.warm()  # meanwhile a reader starts for the first upload, off that upload's clock
        return workbook.read(content)
    return guarded.read(content)


def sample_bytes(label: str) -> bytes:
    return (SAMPLES_DIR / SAMPLES[label]).read_bytes()


@functools.cache
def _sample_digests() -> frozenset[bytes]:
    return frozenset(hashlib.sha256(sample_bytes(label)).digest() for label in SAMPLES)


@st.cache_resource(show_spinner=False, max_entries=32)  # each keeps every teacher's pay by year: 2 MB on Baltimore
def _projection(key: str, stayers: bool, _inputs: Inputs, _scenario: tuple[str, Terms]) -> Projection:
    """One scenario's projection, shared read-only between sessions and kept across edits to the others."""
    return project_one(_inputs, _scenario, stayers)


def _cached_one(inputs: Inputs) -> ProjectOne:
    keys = scenario_keys(inputs)
    return lambda i, scenario, stayers: _projection(keys[scenario[0]], stayers, i, scenario)


def cost_over_horizon(inputs: Inputs, name: str) -> float:
    """One scenario's cost over the horizon as the headline shows it, from its projection alone (cached on its
    own key): an edit's confirmation waits for the edited proposal only, not for every table of every scenario."""
    scenario = next(s for s in inputs.scenarios([] if name == STATUS_QUO else [name]) if s[0] == name)
    return metrics.cumulative_cost(_projection(scenario_keys(inputs)[name], False, inputs, scenario))


@st.cache_data(show_spinner=False, max_entries=32)
def results(fingerprint: str, _inputs: Inputs) -> Results:
    """Every table, once per fingerprint; each scenario's projection is cached on its own key, so an edit
    to one proposal re-projects that proposal only. Pages pass the compared proposals only (at most
    MAX_PROPOSALS): an entry holds up to about 9 MB (Baltimore, 20 proposals), the cache up to about 300 MB."""
    return compute_results(_inputs, _cached_one(_inputs))


def warm_up() -> Inputs:
    """The view a new session opens (state.init: the first sample, every proposal compared), read and tabled
    into the caches; the server does it at start (scripts/serve.py), while the first browser loads the page."""
    inputs = read_workbook(sample_bytes(next(iter(SAMPLES))))
    results(inputs.fingerprint, inputs)
    return inputs


@st.cache_data(show_spinner=False, max_entries=256)
def member(fingerprint: str, _inputs: Inputs, who: Member) -> tuple[pd.DataFrame, pd.DataFrame]:
    frame = member_projection(_inputs, who)
    return frame, milestones(frame)


@st.cache_data(show_spinner=False, max_entries=8)
def export_bytes(fingerprint: str, _inputs: Inputs) -> bytes:
    """The workbook with every proposal and the Results sheets; reads back to the same fingerprint."""
    return workbook.to_bytes(_inputs, sheets(_inputs, one=_cached_one(_inputs)))


@st.cache_data(show_spinner=False, max_entries=1)
def template_bytes() -> bytes:
    import io
    buffer = io.BytesIO()
    workbook.write_template(buffer)
    return buffer.getvalue()


@st.cache_data(show_spinner="Moving each assumption across its range...", max_entries=16)
def sensitivity(fingerprint: str, _inputs: Inputs) -> pd.DataFrame:
    return risk.sensitivity(_inputs)


@st.cache_data(show_spinner="Running the replicates...", max_entries=16)
def uncertainty(fingerprint: str, _inputs: Inputs, replicates: int,
                ranges: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    return risk.uncertainty(_inputs, replicates, ranges)


@st.cache_data(show_spinner=False, max_entries=32)
def outlook(fingerprint: str, _inputs: Inputs, proposal: str, year: int) -> risk.Outlook:
    return risk.outlook(_inputs, proposal, year)


@st.cache_data(show_spinner=False, max_entries=32)
def break_even(fingerprint: str, _inputs: Inputs, proposal: str, key: str) -> risk.BreakEven | None:
    return risk.break_even(_inputs, proposal, key)


@st.cache_data(show_spinner="Searching for the value...", max_entries=32)
def fit(fingerprint: str, _inputs: Inputs, proposal: str, lever: str, target: str, pathway: str | None,
        year: int | None) -> risk.Fit:
    return risk.fit(_inputs, proposal, lever, target, pathway=pathway, year=year)


RECORD_RUNS, RECORD_YEARS = 20, 4  # enough runs for stable cohort counts; 2014-15 for a 2010 base year


@st.cache_data(show_spinner="Setting the workbook against the published record...", max_entries=8)
def published_record(fingerprint: str, _inputs: Inputs) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """The published facts against this workbook's figures, and conversion placement (record.py)."""
    if not record.compares_with_record(_inputs):
        return None
    horizon = min(RECORD_YEARS, int(_inputs.baseline["horizon"]))
    first = record.first_pathways(engine.project(_inputs, horizon=horizon, replicates=RECORD_RUNS))
    if first is None:
        return None
    return record.baltimore_record(_inputs, first), record.conversion_placement(first)
