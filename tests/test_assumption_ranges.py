"""Assumption ranges carried by the workbook (Assumptions sheet, low and high): read, checked, kept on
export, and used by the Risk page's tornado and uncertainty in place of the default ranges."""

import pytest

from models import risk, workbook
from models.problems import InputError
from tests.conftest import SMALL
from tests.hostile import put, row_of, sample, save


def with_ranges(tmp_path, ranges: dict, name: str = "ranged.xlsx"):
    book = sample()
    ws = book["Assumptions"]
    ws.cell(row=1, column=ws.max_column + 1, value="Low")  # header spelling is free, as for other columns
    ws.cell(row=1, column=ws.max_column + 1, value="high")
    for key, (low, high) in ranges.items():
        row = row_of(ws, "key", key)
        put(ws, row, "Low", low)
        put(ws, row, "high", high)
    return save(book, tmp_path / name)


def test_ranges_are_read_change_the_fingerprint_and_survive_export(tmp_path):
    plain = workbook.read(SMALL)
    ranged = workbook.read(with_ranges(tmp_path, {"exit_rate.0-3": (0.10, 0.20), "credits.per_taker": (3, 9)}))
    assert ranged.ranges == (("credits.per_taker", 3.0, 9.0), ("exit_rate.0-3", 0.10, 0.20))
    assert ranged.fingerprint != plain.fingerprint
    again = workbook.read(workbook.to_bytes(ranged))
    assert again.ranges == ranged.ranges and again.fingerprint == ranged.fingerprint


@pytest.mark.parametrize(("low", "high", "column", "words"), [
    # The column is named as the workbook spells its header ("Low"), as every problem names it.
    (0.2, 0.3, "Low", "low <= value"),  # the value 0.14 lies outside
    (0.1, None, "high", "range of exit_rate.0-3"),
    ("lots", 0.3, "Low", "range of exit_rate.0-3"),
    (-0.1, 0.3, "Low", "range of exit_rate.0-3"),  # a rate below 0
])
def test_bad_ranges_are_refused_with_their_place(tmp_path, low, high, column, words):
    path = with_ranges(tmp_path, {"exit_rate.0-3": (low, high)})
    with pytest.raises(InputError) as caught:
        workbook.read(path)
    (problem,) = caught.value.problems
    row = row_of(sample()["Assumptions"], "key", "exit_rate.0-3")
    assert (problem.sheet, problem.row, problem.column) == ("Assumptions", row, column)
    assert words in problem.expected


def test_a_range_around_a_value_it_misses_is_said_in_digits(tmp_path):
    """The range was said with {:g}: 10,000,000 to 20,000,000 around a seed of 350 read 1e+07 to 2e+07."""
    with pytest.raises(InputError) as caught:
        workbook.read(with_ranges(tmp_path, {"seed": (10_000_000, 20_000_000)}))
    (problem,) = caught.value.problems
    assert (problem.found, problem.expected) == ("10,000,000 to 20,000,000", "low <= value (350) <= high")


def test_a_workbook_range_reads_in_digits_on_the_risk_page(tmp_path):
    """The tornado said a workbook's range with {:g}: 0 to 10,000,000 read 0 to 1e+07."""
    ranged = workbook.read(with_ranges(tmp_path, {"seed": (0, 10_000_000), "credits.per_taker": (0.5, 12)}))
    shown = {a.key: a.range for a in risk.assumptions_for(ranged) if a.source == "workbook: Assumptions sheet"}
    assert shown == {"seed": "0 to 10,000,000", "credits.per_taker": "0.5 to 12"}


def test_the_tornado_and_fan_use_the_workbook_range(tmp_path):
    ranged = workbook.read(with_ranges(tmp_path, {"credits.per_taker": (0, 12)}))
    table = risk.sensitivity(ranged, [ranged.proposals[0].name])
    row = table[table["key"] == "credits.per_taker"].iloc[0]
    assert (row["low_value"], row["high_value"]) == (0.0, 12.0)
    assert row["source"] == "workbook: Assumptions sheet"
    assert len(table[table["key"] == "credits.per_taker"]) == 1  # replaces the default x0.8-x1.2 range
    assert [a for a in risk.assumptions_for(ranged) if a.key == "credits.per_taker"][0].mode == "set"
    fan, _ = risk.uncertainty(ranged, replicates=4, ranges=True)
    default, _ = risk.uncertainty(workbook.read(SMALL), replicates=4, ranges=True)
    assert not fan["total_cost_p50"].equals(default["total_cost_p50"])  # the workbook's range was drawn
