"""ui/data.py, the app's cached calls into the model, called as the pages call them."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from models import guarded, workbook
from models.results import results
from tests.conftest import BALTIMORE, ROOT
from ui import data


def test_a_bundled_sample_is_read_in_the_server_and_any_other_file_in_the_guarded_child(monkeypatch, small,
                                                                                         baltimore, tmp_path):
    data.read_workbook.clear()
    monkeypatch.setattr(guarded, "_spares", [])  # no reader left waiting by an earlier test
    monkeypatch.setattr(guarded.sys, "executable", str(tmp_path / "no-python"))  # no child can start
    assert data.read_workbook(BALTIMORE.read_bytes()).fingerprint == baltimore.fingerprint
    with pytest.raises(FileNotFoundError):  # the same inputs in other bytes: not a sample, so the child reads them
        data.read_workbook(workbook.to_bytes(small))
    data.read_workbook.clear()


def test_the_warm_up_tables_the_view_a_new_session_opens():
    data.results.clear()
    first = data.warm_up()
    assert data.results(first.fingerprint, None).headline is not None  # a hit: a miss would project None
    at = AppTest.from_file(str(ROOT / "tests" / "app_entry.py"), default_timeout=120).run()
    assert not at.exception
    assert at.session_state["loaded"].fingerprint == first.fingerprint
    assert data.results(first.fingerprint, None).headline["scenario"].tolist() == ["Status quo"] + [
        p.name for p in first.proposals]


@pytest.mark.parametrize("horizon", [None, 3])
def test_the_cost_over_the_horizon_of_one_scenario_is_the_headlines(baltimore, horizon):
    inputs = baltimore if horizon is None else baltimore.with_settings(horizon=horizon)
    head = results(inputs).headline.set_index("scenario")["cumulative_cost"]
    assert {name: data.cost_over_horizon(inputs, name) for name in head.index} == head.to_dict()


def test_a_remembered_refusal_holds_no_upload_and_each_refusal_is_its_own(monkeypatch):
    """The remembered refusal keeps the problems only: no traceback, whose frames would hold the upload."""
    monkeypatch.setattr(guarded, "_refused", {})  # this read's memory alone, not an earlier test's refusals
    content = b"not a workbook, refused " + b"x" * 1000
    with pytest.raises(guarded.InputError) as first:
        guarded.read(content)
    (kept,) = guarded._refused.values()
    assert kept.__traceback__ is None and kept is not first.value
    with pytest.raises(guarded.InputError) as again:  # refused at once, from memory
        guarded.read(content)
    assert again.value.problems == first.value.problems and again.value is not kept
    assert kept.__traceback__ is None
