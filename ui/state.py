"""Session state: what is loaded, the proposals being edited, what is compared.

Everything the user changes lives here; pages read `inputs()` and never keep copies. A bad
upload or a bad value is refused with its message and leaves the last good state in place.
"""

from __future__ import annotations

import runpy
from dataclasses import replace
from pathlib import Path
from typing import Any

import streamlit as st

from models import workbook
from models.inputs import Inputs
from models.problems import InputError
from models.terms import Proposal, Terms
from ui import data

S = st.session_state
APP = Path(__file__).resolve().parents[1] / "app.py"


def run_inside_app() -> None:
    """Run app.py around this page when Streamlit ran the page file alone.

    A fresh server whose first request is a page URL (say /contract_terms) runs that file by
    itself, in the legacy pages/ mode, before app.py has ever called st.navigation. Running
    app.py here gives the page its sidebar and session, and leaves that mode for good.
    """
    if "loaded" not in S:
        runpy.run_path(str(APP), run_name="__main__")
        st.stop()


def init() -> None:
    """Defaults for a new session: the Baltimore-scale sample, every proposal compared."""
    if "loaded" not in S:
        label = next(iter(data.SAMPLES))
        content = data.sample_bytes(label)
        _use(data.read_workbook(content), label, content)
    S.setdefault("load_problems", [])
    S.setdefault("edit_problems", [])
    S.setdefault("editor_version", 0)


def _use(inputs: Inputs, label: str, content: bytes) -> None:
    S.loaded = inputs
    S.loaded_bytes = content  # a roster CSV uploaded later replaces this workbook's roster
    S.source = label
    S.proposals = list(inputs.proposals)
    S.compare = [p.name for p in inputs.proposals]
    S.horizon = int(inputs.baseline["horizon"])
    S.editing = S.proposals[0].name if S.proposals else None
    S.editor_version = S.get("editor_version", 0) + 1


def load(content: bytes, label: str, roster_csv: bytes | None = None) -> bool:
    """Load a workbook (or a roster CSV into the current one); on problems keep what is loaded."""
    try:
        inputs = (workbook.read(content, roster_csv=roster_csv) if roster_csv is not None
                  else data.read_workbook(content))
    except InputError as exc:
        S.load_problems = [f"{label}: {p}" for p in exc.problems]
        return False
    S.load_problems = []
    _use(inputs, label, content)
    return True


def inputs() -> Inputs:
    """The loaded workbook with the proposals as edited and the chosen horizon."""
    current = S.loaded.with_proposals(tuple(S.proposals))
    return current.with_settings(horizon=S.horizon) if S.horizon != current.baseline["horizon"] else current


def compared() -> list[str]:
    names = {p.name for p in S.proposals}
    return [n for n in S.compare if n in names]


def proposal(name: str) -> Proposal:
    return next(p for p in S.proposals if p.name == name)


def proposal_terms(name: str) -> Terms:
    return proposal(name).terms(S.loaded.baseline)


def set_overrides(name: str, overrides: dict[str, Any]) -> list[str]:
    """Replace a proposal's overrides if they are all valid; else return the problems."""
    _, clean, problems = S.loaded.baseline.apply(overrides)
    if problems:
        return [str(p) for p in problems.items]
    S.proposals = [replace(p, overrides=tuple(clean.items())) if p.name == name else p for p in S.proposals]
    return []


def add_proposal(name: str, overrides: tuple = ()) -> str | None:
    name = name.strip()
    if not name or name in {p.name for p in S.proposals} or name.lower() == "status quo":
        return f"'{name}' cannot be used: give a new name, not 'Status quo' or one in use."
    S.proposals = S.proposals + [Proposal(name, overrides)]
    S.compare = S.compare + [name]
    S.editing = name
    return None


def rename_proposal(old: str, new: str) -> str | None:
    new = new.strip()
    if not new or new in {p.name for p in S.proposals} or new.lower() == "status quo":
        return f"'{new}' cannot be used: give a new name, not 'Status quo' or one in use."
    S.proposals = [replace(p, name=new) if p.name == old else p for p in S.proposals]
    S.compare = [new if n == old else n for n in S.compare]
    S.editing = new
    return None


def delete_proposal(name: str) -> None:
    S.proposals = [p for p in S.proposals if p.name != name]
    S.compare = [n for n in S.compare if n != name]
    S.editing = S.proposals[0].name if S.proposals else None


def set_override(name: str, key: str, value: Any) -> list[str]:
    """Change one value of a proposal (dropping the override when it equals the baseline)."""
    overrides = proposal(name).as_dict()
    baseline = dict(S.loaded.baseline.params)
    if key in baseline and baseline[key] == value:
        overrides.pop(key, None)
    else:
        overrides[key] = value
    return set_overrides(name, overrides)


def set_cells(name: str, cells: dict[str, Any]) -> list[str]:
    """Change schedule cells of a proposal (step_salary.* / pathway_salary.* keys) together."""
    overrides = proposal(name).as_dict()
    overrides.update(cells)
    return set_overrides(name, overrides)
