"""The command line, run as a user would run it."""

import json
import subprocess
import sys

from models import workbook
from models.components import COMPONENT_FIELDS
from models.engine import ROLLUP_LINES
from tests.conftest import BALTIMORE, ROOT, SMALL


def run(*args):
    return subprocess.run([sys.executable, "-m", "models", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def test_project_json_has_three_scenarios_for_ten_years():
    out = run("project", BALTIMORE, "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert [s["name"] for s in data["scenarios"]] == ["Status quo", "District offer", "Union offer"]
    for scenario in data["scenarios"]:
        years = scenario["years"]
        assert [y["year"] for y in years] == list(range(2010, 2021))
        assert set(years[0]) == {"year", "headcount", "fte", "separations", "hires", "base_salary", "stipends",
                                 "rollup", "total_cost", "total_compensation",
                                 *COMPONENT_FIELDS, *ROLLUP_LINES}
        for y in years:
            assert abs(y["total_cost"] - (y["base_salary"] + y["stipends"] + y["rollup"])) < 0.05
    assert data["fingerprint"] == workbook.read(BALTIMORE).fingerprint
    cast = data["cast_forward"]
    assert [s["name"] for s in cast["scenarios"]] == ["Status quo", "District offer", "Union offer"]
    sq = cast["scenarios"][0]["years"]
    for y in sq[1:]:  # the field's costing beside the projection, breakage between them
        assert abs(y["breakage"] - (y["with_turnover_cost"] - y["cast_forward_cost"])) < 0.05
        assert y["cost_of_one_percent_with_rollup"] > y["cost_of_one_percent"] > 0
    assert 0.01 < sq[1]["increment_share"] < 0.04 and cast["status_quo_falls"] == []


def test_replicates_add_percentiles_and_out_round_trips(tmp_path):
    out_path = tmp_path / "result.xlsx"
    out = run("project", SMALL, "--json", "--replicates", "5", "--years", "4", "--seed", "9",
              "--proposal", "Schedule raise", "--out", out_path)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert [s["name"] for s in data["scenarios"]] == ["Status quo", "Schedule raise"]
    last = data["scenarios"][1]["years"][-1]
    assert last["total_cost_p10"] <= last["total_cost"] * 1.001 and last["total_cost_p90"] >= last["total_cost_p10"]
    check = run("validate", out_path)
    assert check.returncode == 0 and data["fingerprint"] in check.stdout
    sheets = __import__("openpyxl").load_workbook(out_path, read_only=True).sheetnames
    assert {"Results", "Results_growth", "Results_distribution", "Results_retention", "Results_gains"} <= set(sheets)


def test_template_then_validate(tmp_path):
    path = tmp_path / "t.xlsx"
    assert run("template", path).returncode == 0
    out = run("validate", path)
    assert out.returncode == 0 and "fingerprint" in out.stdout


def test_table_output_names_every_scenario():
    out = run("project", SMALL)
    assert out.returncode == 0
    assert "Status quo" in out.stdout and "Pathways proposal" in out.stdout and "2035" in out.stdout


def test_bad_arguments_exit_2_without_traceback(tmp_path):
    for args in (("project", SMALL, "--years", "0"), ("project", SMALL, "--proposal", "Nope"),
                 ("validate", tmp_path / "missing.xlsx")):
        out = run(*args)
        assert out.returncode == 2, args
        assert "Traceback" not in out.stderr + out.stdout and out.stderr.strip()


def test_an_unwritable_output_gives_one_clean_error(tmp_path):
    for args in (("project", SMALL, "--out", "/nonexistent/x.xlsx"), ("template", "/nonexistent/t.xlsx"),
                 ("template", tmp_path), ("project", SMALL, "--out", "/proc/x.xlsx")):
        out = run(*args)
        assert out.returncode == 2 and out.stderr.startswith("error: cannot write"), (args, out.stderr)
        assert "Traceback" not in out.stderr and "Exception ignored" not in out.stderr
        assert len(out.stderr.splitlines()) == 1


def test_a_proposal_named_twice_is_refused_in_words():
    out = run("project", SMALL, "--proposal", "Schedule raise", "--proposal", "Schedule raise")
    assert out.returncode == 2 and "--proposal Schedule raise given more than once" in out.stderr


def test_validate_on_a_pipe_does_not_wait(tmp_path):
    import os
    fifo = tmp_path / "book.xlsx"
    os.mkfifo(fifo)
    out = run("validate", fifo)  # run() has a timeout: a hang fails the test
    assert out.returncode == 2 and "not a regular file" in out.stderr
