"""The export as a finance office prints it: opened in LibreOffice (headless), printed to PDF, read back.

Needs Debian's libreoffice-calc-nogui and poppler-utils (scripts/test.sh installs both)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import openpyxl
import pytest

from models import engine, metrics, workbook
from tests.conftest import SMALL

E_NOTATION = re.compile(r"\d[.,]?\d*E[+-]\d+")


@pytest.fixture(scope="module")
def exported() -> tuple[bytes, object]:
    inputs = workbook.read(SMALL)
    runs = engine.project(inputs)
    stayers = engine.project(inputs, replicates=1, separations=False)
    return workbook.to_bytes(inputs, metrics.results_sheets(inputs, runs, stayers)), inputs


def test_the_summary_comes_first_laid_out_to_print_and_the_inputs_read_back(exported):
    content, inputs = exported
    assert workbook.read(content).fingerprint == inputs.fingerprint
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames[:3] == ["Summary", "Results", "Results_staff"]
    summary = book["Summary"]
    assert [c.value for c in summary[1]][:2] == ["Measure", "Scenario"] and summary[1][-1].value == "Over the horizon"
    measures = {row[0] for row in summary.iter_rows(min_row=2, values_only=True)}
    assert {"Total cost", "Difference from the status quo ($)", "Difference from the status quo (%)", "Cost of 1%",
            "Step cost (gross)", "Step cost net of breakage"} <= measures
    percent_row = next(r for r in summary.iter_rows(min_row=2) if r[0].value == "Difference from the status quo (%)")
    assert percent_row[2].number_format == "0.0%" and summary["C2"].number_format.startswith('"$"')
    for sheet in ("Summary", "Results", "Results_growth", "Roster"):
        ws = book[sheet]
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref and ws.print_title_rows == "$1:$1", sheet
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1, sheet
        assert ws.column_dimensions["A"].width >= len(str(ws["A1"].value)), sheet
    growth_headers = [c.value for c in book["Results_growth"][1]]
    assert "Scenario" in growth_headers and not any("_" in str(h) for h in growth_headers)


def test_libreoffice_prints_the_summary_one_page_wide_with_no_hashes_or_e_notation(exported, tmp_path):
    soffice, pdftotext = shutil.which("soffice"), shutil.which("pdftotext")
    if not (soffice and pdftotext):
        pytest.fail("needs Debian's libreoffice-calc-nogui and poppler-utils (scripts/test.sh installs them)",
                    pytrace=False)
    source = tmp_path / "export.xlsx"
    source.write_bytes(exported[0])
    subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=300)
    first = subprocess.run([pdftotext, "-layout", "-f", "1", "-l", "1", str(tmp_path / "export.pdf"), "-"],
                           check=True, capture_output=True, text=True).stdout
    header = next(line for line in first.splitlines() if line.strip())
    assert header.split()[:2] == ["Measure", "Scenario"] and header.rstrip().endswith("Over the horizon"), header
    years = [int(y) for y in re.findall(r"\b(20\d\d)\b", header)]
    assert years == list(range(years[0], years[0] + len(years))) and len(years) >= 5  # every year on page one
    everything = subprocess.run([pdftotext, "-layout", str(tmp_path / "export.pdf"), "-"],
                                check=True, capture_output=True, text=True).stdout
    assert "###" not in everything
    assert not E_NOTATION.findall(everything), E_NOTATION.findall(everything)[:5]
