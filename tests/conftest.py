"""Shared fixtures: the bundled sample workbooks, read once per test session."""

import os
import tempfile
from pathlib import Path

import pytest

from models import workbook

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_budgets"
BALTIMORE = SAMPLES / "baltimore_2010.xlsx"
SMALL = SAMPLES / "small_district.xlsx"
MICRO = SAMPLES / "microcredential_district.xlsx"
PERFORMANCE = SAMPLES / "performance_pay_district.xlsx"

# The app saves desks as it runs: the tests (and servers they start) use a scratch store.
os.environ["PATHWAYS_DATA_DIR"] = tempfile.mkdtemp(prefix="pathways-test-store-")


@pytest.fixture(scope="session")
def baltimore():
    return workbook.read(BALTIMORE)


@pytest.fixture(scope="session")
def small():
    return workbook.read(SMALL)
