"""Workbook round trip, template, headers and synonyms, through real files."""

import io

import openpyxl
import pandas as pd

from models import workbook
from tests.conftest import BALTIMORE, MICRO, PERFORMANCE, SMALL


def test_round_trip_keeps_inputs_and_fingerprint(baltimore, tmp_path):
    path = tmp_path / "copy.xlsx"
    workbook.write(baltimore, path)
    again = workbook.read(path)
    assert again.fingerprint == baltimore.fingerprint
    assert again.baseline == baltimore.baseline
    assert again.proposals == baltimore.proposals
    assert again.budget == baltimore.budget
    pd.testing.assert_frame_equal(again.roster, baltimore.roster)


def test_export_with_results_is_read_again(small, tmp_path):
    table = pd.DataFrame({"scenario": ["=cmd()", "Status quo"], "year": [2025, 2026]})
    path = tmp_path / "with_results.xlsx"
    workbook.write(small, path, {"Results": table})
    assert workbook.read(path).fingerprint == small.fingerprint
    sheet = openpyxl.load_workbook(path)["Results"]
    assert sheet["A2"].value == "=cmd()" and sheet["A2"].data_type == "s"  # text, never a formula


def test_written_sheets_declare_their_used_range(small, tmp_path):
    """Each sheet says how far it reaches (<dimension>): a read-only reader never parses a sheet twice to find it."""
    path = tmp_path / "copy.xlsx"
    workbook.write(small, path, {"Results": pd.DataFrame({"scenario": ["Status quo"], "year": [2025]})})
    book = openpyxl.load_workbook(path, read_only=True)
    roster = book["Roster"]
    assert (roster.max_row, roster.max_column) == (len(small.roster) + 1, len(next(roster.values)))
    assert (book["Results"].max_row, book["Results"].max_column) == (2, 2)
    book.close()


def test_fingerprint_changes_with_any_number(small):
    sched = small.baseline.step_schedule
    bumped = sched.with_cell(sched.lanes[0], 1, sched.salaries[0][0] + 1)
    from dataclasses import replace
    other = replace(small, baseline=replace(small.baseline, step_schedule=bumped), _fingerprint=[])
    assert other.fingerprint != small.fingerprint
    assert small.with_settings(seed=7).fingerprint != small.fingerprint
    assert small.with_settings(seed=small.baseline["seed"]).fingerprint == small.fingerprint


def test_template_is_valid_and_documents_every_key(tmp_path):
    path = tmp_path / "template.xlsx"
    workbook.write_template(path)
    inputs = workbook.read(path)
    assert len(inputs.roster) == 4 and inputs.proposals
    readme = [row for row in openpyxl.load_workbook(path, read_only=True)["README"].iter_rows(values_only=True)]
    documented = {row[1] for row in readme if row and len(row) > 1}
    from models.parameters import REGISTRY
    assert {p.key for p in REGISTRY} <= documented


def test_headers_match_ignoring_case_spaces_and_synonyms(tmp_path):
    path = tmp_path / "headers.xlsx"
    workbook.write_template(path)
    book = openpyxl.load_workbook(path)
    roster = book["Roster"]
    for cell, header in zip(roster[1], ["Employee ID", "FTE", "Years of Experience", "Column", "Step",
                                        "Evaluation", "Site", "Role", "Credits", "AUs"], strict=False):
        cell.value = header
    roster.cell(row=1, column=13, value="Last Name")
    roster.cell(row=2, column=13, value="Smith")
    book.save(path)
    inputs = workbook.read(path)
    assert len(inputs.roster) == 4
    assert "last_name" not in inputs.roster.columns and "Smith" not in inputs.roster.to_string()
    assert any("Last Name" in n and "dropped" in n for n in inputs.notices)


def test_roster_as_csv_replaces_the_sheet(small):
    csv = small.roster.head(25).to_csv(index=False).encode()
    inputs = workbook.read(SMALL, roster_csv=io.BytesIO(csv))
    assert len(inputs.roster) == 25
    assert any("CSV" in n for n in inputs.notices)


def test_samples_are_labelled_with_sources(baltimore, small):
    for inputs in (baltimore, small):
        topics = dict(inputs.about)
        assert "title" in topics and "Roster" in topics and "StepSchedule" in topics
        assert all(inputs.source(key) for key, _ in inputs.baseline.params)
    assert "baltimorecityschools.org" in baltimore.source("au.per_interval")  # a publication, with its address
    assert "illustrative" in baltimore.source("rating.persistence")


def test_samples_are_rebuilt_identically(tmp_path):
    """The generator is deterministic: rebuilding gives the bundled inputs exactly."""
    from sample_budgets import build
    build.main(tmp_path)
    for name, bundled in ((build.BALTIMORE_FILE, BALTIMORE), (build.SMALL_FILE, SMALL),
                          (build.MC_FILE, MICRO), (build.PERF_FILE, PERFORMANCE)):
        assert workbook.read(tmp_path / name).fingerprint == workbook.read(bundled).fingerprint


def test_workbook_docs_are_current():
    """docs/workbook.md is generated from the registry; refresh it with `python -m models.docs`."""
    from models.docs import TARGET, workbook_markdown
    assert TARGET.read_text() == workbook_markdown()
