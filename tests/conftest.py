"""Shared fixtures: the bundled sample workbooks, read once per test session."""

from pathlib import Path

import pytest

from models import workbook

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_budgets"
BALTIMORE = SAMPLES / "baltimore_2010.xlsx"
SMALL = SAMPLES / "small_district.xlsx"


@pytest.fixture(scope="session")
def baltimore():
    return workbook.read(BALTIMORE)


@pytest.fixture(scope="session")
def small():
    return workbook.read(SMALL)
