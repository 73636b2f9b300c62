"""Cached calls into the model, keyed on small hashable things (content hash, fingerprint)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from models import engine, metrics, workbook
from models.inputs import Inputs

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "sample_budgets"
SAMPLES = {"Baltimore-scale district, 2010": "baltimore_2010.xlsx",
           "Small district, 350 teachers": "small_district.xlsx"}


@st.cache_data(show_spinner=False, max_entries=16)
def read_workbook(content: bytes) -> Inputs:
    """Parsed once per distinct file content (the cache key is the bytes' hash)."""
    return workbook.read(content)


def sample_bytes(label: str) -> bytes:
    return (SAMPLES_DIR / SAMPLES[label]).read_bytes()


@st.cache_data(show_spinner=False, max_entries=64)
def yearly_costs(fingerprint: str, _inputs: Inputs) -> pd.DataFrame:
    """Per scenario and year; keyed on the fingerprint, which covers the roster and every term."""
    projections = engine.project(_inputs, keep_teachers=False)
    return metrics.yearly(projections, _inputs)
