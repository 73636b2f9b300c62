"""The server settings that keep salary data where it belongs."""

import tomllib

from tests.conftest import ROOT


def test_streamlit_config_protects_the_roster():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["browser"]["gatherUsageStats"] is False  # no telemetry
    assert config["client"]["showErrorDetails"] == "none"  # no message, type or traceback in the browser
    assert config["server"]["enableXsrfProtection"] is True
    assert 5 <= config["server"]["maxUploadSize"] <= 50  # MB: a district roster, not a dump


def test_desk_store_is_not_committed():
    assert "/data/" in (ROOT / ".gitignore").read_text().splitlines()
