"""Cached calls into the model, keyed on small hashable things (content hash, fingerprint).

Never cache on an unhashed roster: the fingerprint covers the roster, every term, every proposal
and the settings, so it is the key; the Inputs object rides along unhashed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from models import engine, metrics, record, risk, workbook
from models.inputs import Inputs
from models.person import Member, member_projection, milestones

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "sample_budgets"
SAMPLES = {"Baltimore-scale district, 2010": "baltimore_2010.xlsx",
           "Small district, 350 teachers": "small_district.xlsx",
           "Micro-credential district, 1,200 teachers": "microcredential_district.xlsx",
           "Performance-pay district, 2,500 teachers": "performance_pay_district.xlsx"}


@st.cache_resource(show_spinner=False, max_entries=16)
def read_workbook(content: bytes) -> Inputs:
    """Parsed once per distinct file content (the key is the bytes' hash) and shared, not copied, between
    sessions: Inputs is frozen, and a room of thirty on one sample holds one roster, not thirty."""
    return workbook.read(content)


def sample_bytes(label: str) -> bytes:
    return (SAMPLES_DIR / SAMPLES[label]).read_bytes()


def only(frame: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """The rows of the status quo and the named proposals."""
    return frame[frame["scenario"].isin(["Status quo", *names])]


@dataclass(frozen=True)
class Results:
    """Every table the pages draw, for the status quo and every proposal."""

    yearly: pd.DataFrame
    headline: pd.DataFrame
    components: pd.DataFrame
    lines: pd.DataFrame  # the cost breakdown, each pay component its own line
    growth: pd.DataFrame
    step_costs: pd.DataFrame
    one_percent: pd.DataFrame
    distribution: pd.DataFrame
    percentiles: pd.DataFrame
    retention: pd.DataFrame
    overall_retention: pd.DataFrame
    gains: pd.DataFrame
    gains_by_stage: pd.DataFrame

    def only(self, names: list[str]) -> Results:
        """The same tables for the status quo and the named proposals."""
        return Results(**{k: only(v, names) for k, v in self.__dict__.items()})


@st.cache_data(show_spinner=False, max_entries=64)
def results(fingerprint: str, _inputs: Inputs) -> Results:
    """Projection and every metric, once per fingerprint."""
    runs = engine.project(_inputs)
    stayers = engine.project(_inputs, replicates=1, separations=False)
    yearly = metrics.yearly(runs, _inputs)
    gains = metrics.who_gains(stayers, _inputs)
    return Results(
        yearly=yearly, headline=metrics.headline(_inputs, yearly, gains, runs),
        components=metrics.cost_components(runs), lines=metrics.component_lines(runs), growth=metrics.cost_growth(runs),
        step_costs=metrics.step_costs(runs), one_percent=metrics.cost_of_one_percent(runs),
        distribution=metrics.distribution(runs), percentiles=metrics.salary_percentiles(runs, _inputs),
        retention=metrics.retention(runs), overall_retention=metrics.overall_retention(runs, _inputs),
        gains=gains, gains_by_stage=metrics.gains_summary(gains),
    )


@st.cache_data(show_spinner=False, max_entries=256)
def member(fingerprint: str, _inputs: Inputs, who: Member) -> tuple[pd.DataFrame, pd.DataFrame]:
    frame = member_projection(_inputs, who)
    return frame, milestones(frame)


@st.cache_data(show_spinner=False, max_entries=8)
def export_bytes(fingerprint: str, _inputs: Inputs) -> bytes:
    """The workbook with every proposal and the Results sheets; reads back to the same fingerprint."""
    runs = engine.project(_inputs)
    stayers = engine.project(_inputs, replicates=1, separations=False)
    return workbook.to_bytes(_inputs, metrics.results_sheets(_inputs, runs, stayers))


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
