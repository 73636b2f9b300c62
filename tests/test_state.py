"""State-wide costing: the policy, one district by hand, the Dask run against one process, refusals."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from models import state, state_dask, synthetic_state, workbook
from models.problems import InputError
from tests import hostile
from tests.district import district

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "sample_budgets" / "state"


def policy_file(*rows: tuple) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Policy"
    sheet.append(["part", "parameter", "value", "state_share"])
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def one_teacher(salary: float = 40_000, **settings) -> bytes:
    inputs = district([{"years_experience": 5, "lane": "BA", "step": 1}], {"BA": [salary, salary + 2000]},
                      horizon=2, **settings)
    return workbook.to_bytes(inputs)


def test_a_minimum_salary_costs_the_gap_and_the_state_pays_its_share():
    """One teacher on a $40,000 cell, no movement (a one-step stay), no raises, no roll-up, nobody leaves:
    a $45,000 state minimum adds $5,000 a year; the state pays half, the district half."""
    data = one_teacher(**{"step_advance.default": 0})
    policy = state.read_policy(policy_file(("Floor", "state.minimum_salary", 45_000, 0.5)))
    result = state.summarise(policy, state.run_serial(state.tasks([("one.xlsx", data)], policy)))
    later = result.by_district[result.by_district["year"] > 2025]
    assert later["added"].tolist() == [5000.0, 5000.0]
    assert later["state_pays"].tolist() == [2500.0, 2500.0]
    assert later["district_pays"].tolist() == [2500.0, 2500.0]
    assert result.by_district.loc[result.by_district["year"] == 2025, "added"].item() == 0
    assert result.ranking["added_per_teacher"].item() == 10_000.0  # two years of $5,000, one FTE


def test_each_part_costs_what_it_adds_after_the_parts_before_it():
    """Floor to $45,000 (state pays all), then a $1,000 flat mentor stipend for the one mentor (state pays
    none): the parts are added in the sheet's order and each costs its own increment."""
    inputs = district([{"years_experience": 5, "lane": "BA", "step": 1, "role": "mentor"}],
                      {"BA": [40_000, 42_000]}, horizon=1, **{"step_advance.default": 0})
    policy = state.read_policy(policy_file(("Floor", "state.minimum_salary", 45_000, 1),
                                           ("Mentors", "role.stipend.mentor", 1_000, 0)))
    result = state.summarise(policy, state.run_serial(state.tasks([("d", workbook.to_bytes(inputs))], policy)))
    year1 = result.by_district[result.by_district["year"] == 2026].iloc[0]
    assert year1["part: Floor"] == 5000.0
    assert year1["part: Mentors"] == 1000.0
    assert (year1["added"], year1["state_pays"], year1["district_pays"]) == (6000.0, 5000.0, 1000.0)


@pytest.mark.parametrize("row, where, expected", [
    (("Floor", "state.minimum_salary", 45_000, 2), ("Policy", 2, "state_share"), "a share from 0 to 1"),
    (("Floor", "no.such.key", 1, 1), ("Policy", 2, "parameter"), "a known parameter"),
    (("Floor", "mc.stipend", -5, 1), ("Policy", 2, "value"), "a number from 0 to 100000"),
    (("Status quo", "mc.stipend", 5, 1), ("Policy", 2, "part"), "a name other than 'Status quo'"),
    (("Floor", "seed", 5, 1), ("Policy", 2, "parameter"), "not a global setting"),
])
def test_a_bad_policy_row_is_named_by_sheet_row_and_column(row, where, expected):
    with pytest.raises(InputError) as caught:
        state.read_policy(policy_file(row))
    problem = caught.value.problems[0]
    assert (problem.sheet, problem.row, problem.column) == where
    assert expected in problem.expected
    assert len(caught.value.problems) == 1


@pytest.mark.parametrize("key", ["state.minimum_salary", "step_salary.BA.1"])
def test_a_policy_salary_of_exactly_the_most_is_taken_and_a_dollar_more_is_refused(key):
    """The one salary bound (terms.as_salary) the proposals and members' copies use: 10,000,000 is a salary."""
    policy = state.read_policy(policy_file(("Floor", key, 10_000_000, 1)))
    assert [p.name for p in policy.parts] == ["Floor"]
    with pytest.raises(InputError) as caught:
        state.read_policy(policy_file(("Floor", key, 10_000_001, 1)))
    [problem] = caught.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("Policy", 2, "value")
    assert problem.expected == "a salary in dollars above 0 and at most 10,000,000"


def test_a_workbook_without_a_policy_sheet_says_what_it_needs():
    book = openpyxl.Workbook()
    book.active.title = "Sheet1"
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(InputError, match="a sheet named 'Policy'"):
        state.read_policy(buffer.getvalue())


def damaged(part: str, change) -> bytes:
    """The one-row policy file with one of its parts changed (as a broken save or a download cut short)."""
    members = hostile.parts(policy_file(("Floor", "state.minimum_salary", 45_000, 0.5)))
    members[part] = change(members[part])
    return hostile.package(members)


SHEET = "xl/worksheets/sheet1.xml"
DAMAGES = {  # what openpyxl raises on each: ParseError, TypeError, KeyError, IndexError, a wrapped ValueError
    "a sheet cut short": (SHEET, lambda xml: xml[:len(xml) // 2]),
    "a style of the wrong type": ("xl/styles.xml", lambda xml: xml.replace(b'numFmtId="0"', b'numFmtId="zz"', 1)),
    "a sheet no relation names": ("xl/workbook.xml", lambda xml: re.sub(rb' r:id="[^"]*"', b' r:id="rId99"', xml)),
    "a style that is not there": ("xl/styles.xml", lambda xml: xml.replace(b'<xf numFmtId="0" fontId="0"',
                                                                          b'<xf numFmtId="0" fontId="99"')),
    "a date that is not one": ("docProps/core.xml", lambda xml: re.sub(rb"(<dcterms:created[^>]*>)[^<]*",
                                                                       rb"\1garbage", xml)),
}


@pytest.mark.parametrize("kind", list(DAMAGES))
def test_a_damaged_policy_workbook_is_said_once_in_words(kind):
    with pytest.raises(InputError) as caught:
        state.read_policy(damaged(*DAMAGES[kind]))
    [problem] = caught.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("(file)", None, None)
    assert problem.found.startswith("a damaged workbook (") and "save it again as .xlsx" in problem.expected


def test_a_policy_cell_that_cannot_be_read_is_named_by_its_sheet_row_and_column():
    with pytest.raises(InputError) as caught:
        state.read_policy(damaged(SHEET, lambda xml: xml.replace(b"<v>45000</v>", b"<v>lots</v>")))
    [problem] = caught.value.problems
    assert (problem.sheet, problem.row, problem.column, problem.found) == ("Policy", 2, "C", "lots")
    assert "a number" in problem.expected


def test_memory_running_out_while_reading_a_policy_is_not_called_a_bad_policy():
    """Only what a damaged file raises is the file's problem: a MemoryError (here from a data limit a little
    above what the process holds, and 3M shared strings) goes up, as a bug would, not as 'a damaged workbook'."""
    script = textwrap.dedent("""
        import resource, sys
        from models import state
        from models.problems import InputError
        from tests import hostile
        data = hostile.shared_strings_bomb(3_000_000)
        held = int(open("/proc/self/statm").read().split()[5]) * resource.getpagesize()
        resource.setrlimit(resource.RLIMIT_DATA, (held + 150_000_000, resource.RLIM_INFINITY))
        try:
            state.read_policy(data)
        except InputError as exc:
            sys.exit(f"read as a bad policy: {exc}")
    """)
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1 and run.stderr.strip().endswith("MemoryError"), run.stderr[-2000:]


@pytest.fixture(scope="module")
def twenty() -> list[tuple[str, bytes]]:
    return synthetic_state.state(20, seed=7, smallest=200, largest=400, total=6000)


def test_twenty_districts_on_a_two_worker_cluster_equal_one_process_to_the_cent(twenty):
    policy = state.read_policy(synthetic_state.policy_bytes())
    tasks = state.tasks(twenty, policy, years=3, replicates=2, teachers_of=state.teachers_in)
    serial = state.summarise(policy, state.run_serial(tasks))
    done = []
    results, info = state_dask.run(tasks, workers=2, progress=done.append)
    on_dask = state.summarise(policy, results)
    assert info.workers == 2 and len(done) == 20
    assert len(serial.by_district) == 20 * 4
    pd.testing.assert_frame_equal(serial.by_district, on_dask.by_district, check_exact=True)
    pd.testing.assert_frame_equal(serial.totals, on_dask.totals, check_exact=True)
    assert (serial.by_district.loc[serial.by_district["year"] > 2025, "added"] > 0).all()


def test_a_refused_district_is_reported_and_the_others_finish(twenty):
    broken = workbook.to_bytes(workbook.read(twenty[0][1]))
    book = openpyxl.load_workbook(io.BytesIO(broken))
    book["Roster"]["B2"] = "full time"  # the fte of the first teacher
    buffer = io.BytesIO()
    book.save(buffer)
    districts = [("broken.xlsx", buffer.getvalue()), ("not_a_workbook.xlsx", b"hello"), *twenty[1:4]]
    policy = state.read_policy(synthetic_state.policy_bytes())
    result = state.summarise(policy, state.run_serial(state.tasks(districts, policy, years=2)))
    assert set(result.refused["district"]) == {"broken.xlsx", "not_a_workbook.xlsx"}
    fte = result.refused[result.refused["district"] == "broken.xlsx"]["problem"].iloc[0]
    assert "sheet 'Roster', row 2, column 'fte'" in fte
    assert sorted(result.by_district["district"].unique()) == sorted(name for name, _ in twenty[1:4])


def test_a_large_district_is_split_into_replicate_blocks_whose_first_is_its_own_run(twenty, monkeypatch):
    name, data = twenty[0]
    policy = state.read_policy(synthetic_state.policy_bytes())
    whole = state.run_serial(state.tasks([(name, data)], policy, years=2, replicates=5))
    monkeypatch.setattr(state, "BLOCK_TEACHER_REPLICATES", state.teachers_in(data) * 2)
    split = state.tasks([(name, data)], policy, years=2, replicates=5, teachers_of=state.teachers_in)
    assert [(t.block, t.block_replicates) for t in split] == [(0, 2), (1, 2), (2, 1)]
    parts = state.run_serial(split)
    costs = pd.concat([p.costs for p in parts])
    assert sorted(costs["replicate"].unique()) == [0, 1, 2, 3, 4]
    first = whole[0].costs[whole[0].costs["replicate"] < 2].reset_index(drop=True)
    # The same events; dollar sums over fewer replicate rows may differ in the last bits (summation order).
    pd.testing.assert_frame_equal(parts[0].costs.reset_index(drop=True), first, check_exact=False, rtol=0,
                                  atol=0.005)


def test_the_synthetic_state_is_deterministic_by_seed_and_the_bundled_one_rebuilds():
    a = synthetic_state.state(3, seed=11, smallest=200, largest=300, total=700)
    b = synthetic_state.state(3, seed=11, smallest=200, largest=300, total=700)
    assert [workbook.read(x).fingerprint for _, x in a] == [workbook.read(x).fingerprint for _, x in b]
    rebuilt = synthetic_state.state(12, seed=2026, smallest=200, largest=3000, total=12000)
    bundled = state.district_files(BUNDLED)
    assert [n for n, _ in rebuilt] == [n for n, _ in bundled]
    assert [workbook.read(x).fingerprint for _, x in rebuilt] == [workbook.read(x).fingerprint for _, x in bundled]
    assert state.read_policy(BUNDLED / "policy.xlsx") == state.read_policy(synthetic_state.policy_bytes())


def test_the_command_line_costs_the_bundled_state(tmp_path):
    out = tmp_path / "state.xlsx"
    run = subprocess.run([sys.executable, "-m", "models", "state", str(BUNDLED), "--policy",
                          str(BUNDLED / "policy.xlsx"), "--years", "3", "--serial", "--json", "--out", str(out)],
                         capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout)
    assert len(found["ranking"]) == 12 and found["refused"] == []
    assert [r["year"] for r in found["totals"]] == [2025, 2026, 2027, 2028]
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames == ["State totals", "Districts by year", "Ranking", "Refused", "Policy"]
    header = next(book["State totals"].iter_rows(values_only=True))
    assert header[:4] == ("Year", "Status quo", "With the policy", "Added by the policy")


def test_the_command_line_says_when_the_folder_is_missing(tmp_path):
    run = subprocess.run([sys.executable, "-m", "models", "state", str(tmp_path / "nowhere"), "--policy",
                          str(BUNDLED / "policy.xlsx")], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert run.returncode == 2
    assert "is not a folder of district workbooks" in run.stderr and "Traceback" not in run.stderr
