"""The State page's Streamlit side: the bundled state, the policy, a run with progress, shown tables."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import streamlit as st

from models import state as costing
from models import state_dask
from models.problems import InputError

BUNDLED = Path(__file__).resolve().parents[1] / "sample_budgets" / "state"


@st.cache_resource
def bundled() -> tuple[list[tuple[str, bytes]], bytes]:
    return costing.district_files(BUNDLED), (BUNDLED / "policy.xlsx").read_bytes()


def policy(data: bytes | None) -> costing.Policy | None:
    if data is None:
        return None
    try:
        return costing.read_policy(data)
    except InputError as exc:
        for problem in exc.problems[:20]:
            st.error(str(problem))
        return None


def policy_table(found: costing.Policy) -> pd.DataFrame:
    return pd.DataFrame([(p.name, k, v, f"{p.state_share:.0%}") for p in found.parts
                         for k, v in (p.overrides or (("state.minimum_salary", p.minimum_salary),))],
                        columns=["Part", "Parameter", "Value", "State pays"])


def run(districts: list[tuple[str, bytes]], found: costing.Policy, years: int, replicates: int, workers: int,
        bar) -> costing.StateResult:
    tasks = costing.tasks(districts, found, years, replicates, teachers_of=costing.teachers_in)
    done = []

    def tick(result: costing.TaskResult) -> None:
        done.append(result)
        bar.progress(len(done) / len(tasks), text=f"{len(done)} of {len(tasks)} district tasks done")

    results, _ = state_dask.run(tasks, workers=workers, progress=tick)
    return costing.summarise(found, results)


def shown(frame: pd.DataFrame) -> pd.DataFrame:
    """Labels in words; money rounded to the dollar."""
    out = frame.rename(columns=costing.word)
    money = [c for c in out.columns if pd.api.types.is_float_dtype(out[c]) and c != "Teachers (FTE)"]
    return out.assign(**{c: out[c].round(0) for c in money})


def xlsx(result: costing.StateResult) -> bytes:
    buffer = io.BytesIO()
    costing.write_xlsx(result, buffer)
    return buffer.getvalue()
