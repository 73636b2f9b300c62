"""The real Streamlit app, run by AppTest."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ENTRY = str(Path(__file__).resolve().parent / "app_entry.py")


@pytest.fixture
def app():
    return AppTest.from_file(ENTRY, default_timeout=120).run()


def test_opens_on_the_baltimore_sample(app, baltimore):
    assert not app.exception
    assert any(baltimore.fingerprint in m.value for m in app.sidebar.markdown)
    assert app.title[0].value == "What each scenario costs"
    table = app.dataframe[0].value
    assert list(table.columns) == ["Status quo", "District offer", "Union offer"]


def test_switching_sample_changes_fingerprint_and_scenarios(app, small):
    app.sidebar.selectbox[0].set_value("Small district, 350 teachers").run()
    assert not app.exception
    assert any(small.fingerprint in m.value for m in app.sidebar.markdown)
    assert "Pathways proposal" in app.dataframe[0].value.columns
