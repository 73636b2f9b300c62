"""The golden cases of tests/golden/*.yaml: small workbooks a budget officer can check by hand.

Each case is data: the inputs (roster, schedule, pathways, every rule and assumption it relies on),
the proposals' overrides, and the expected figures by year. This one runner writes each case as a
real .xlsx through openpyxl, reads it back through the public reader (models.workbook.read),
projects it and compares every expected figure to the cent. The format: tests/golden/README.md.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pytest
import yaml

from models import metrics, workbook
from models.engine import project
from models.problems import InputError

HERE = Path(__file__).resolve().parent / "golden"
CASES = sorted(HERE.glob("*.yaml"))
# Keys whose defaults would change a hand calculation: every case states them instead of inheriting them.
STATED = ("base_year", "horizon", "seed", "replicates", "raise.default", "rollup.rate", "rollup.stipend_rate",
          "credits.share_taking", "pd_hours.per_year", "elasticity.at_entry", "rating.persistence")
STATED_ON_PATHWAYS = ("au.per_interval", "au.by_rating.highly_effective", "au.by_rating.effective",
                      "au.by_rating.developing", "au.by_rating.ineffective", "model.application_rate",
                      "model.pass_rate", "lead.slots", "conversion.stipend_threshold", "conversion.stipend")
TEACHER_FIGURES = ("salary", "stipend", "au", "placement")


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text())


def write_xlsx(case: dict, path: Path) -> None:
    """The case's inputs as the sheets a district would fill in."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    if case.get("roster"):
        roster = case["roster"]
        header = list(dict.fromkeys(k for row in roster for k in row))
        _sheet(book, "Roster", header, [[row.get(k) for k in header] for row in roster])
    if case.get("scattergram"):  # lane: {step: FTE}, as a cost-out guide prints it; written steps down
        cells = case["scattergram"]
        steps = list(dict.fromkeys(step for by_step in cells.values() for step in by_step))
        _sheet(book, "Scattergram", ["step", *cells], [[step, *[cells[lane].get(step) for lane in cells]]
                                                        for step in steps])
    schedule = case["step_schedule"]
    lanes = list(schedule)
    steps = len(schedule[lanes[0]])
    labels = case.get("step_labels") or list(range(1, steps + 1))  # as published: 3A, 50, reserved rows
    _sheet(book, "StepSchedule", ["step", *lanes], [[labels[s], *[schedule[lane][s] for lane in lanes]]
                                                    for s in range(steps)])
    for name, other in (case.get("step_schedules") or {}).items():  # more schedules: 'StepSchedule <name>'
        _sheet(book, f"StepSchedule {name}", ["step", *lanes], [[labels[s], *[other[lane][s] for lane in lanes]]
                                                                for s in range(steps)])
    if case.get("pathways"):
        _sheet(book, "Pathways", ["pathway", "interval", "salary"],
               [[p, k, s] for p, salaries in case["pathways"].items() for k, s in enumerate(salaries, 1)])
    _sheet(book, "Rules", ["key", "value"], [[k, v] for k, v in (case.get("rules") or {}).items()])
    _sheet(book, "Assumptions", ["key", "value"], [[k, v] for k, v in case["assumptions"].items()])
    proposals = case.get("proposals") or {}
    if proposals:
        _sheet(book, "Proposals", ["proposal", "parameter", "value"],
               [[name, k, v] for name, changes in proposals.items()
                for k, v in ((changes or {}).items() or [(None, None)])])
    book.save(path)


def _sheet(book: openpyxl.Workbook, name: str, header: list, rows: list[list]) -> None:
    sheet = book.create_sheet(name)
    sheet.append(header)
    for row in rows:
        sheet.append(row)


def _teacher_figure(p, column: int, figure: str) -> list:
    if figure == "placement":
        return [" ".join(map(str, p.cell_labels[c][1:])) for c in p.teacher["cell"][:, column]]
    return p.teacher[figure][:, column].tolist()


def _figure(p, name: str) -> np.ndarray:
    source = p.totals if name in p.totals else p.growth
    return source[name][:, 0]


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_golden_case(path: Path, tmp_path: Path) -> None:
    case = load(path)
    assert case.get("relies_on"), f"{path.name}: a case lists the rules it relies on"
    given = {**(case.get("rules") or {}), **case["assumptions"]}
    stated = STATED + (STATED_ON_PATHWAYS if case.get("pathways") else ())
    missing = [k for k in stated if k not in given] + ([] if any(k.startswith("exit_rate.") for k in given)
                                                       else ["exit_rate.<band>"])
    assert not missing, f"{path.name}: state {missing} instead of inheriting the defaults"
    xlsx = tmp_path / f"{path.stem}.xlsx"
    write_xlsx(case, xlsx)
    if "expected_problem" in case:
        with pytest.raises(InputError) as caught:
            workbook.read(xlsx)
        assert case["expected_problem"] in str(caught.value)
        return
    inputs = workbook.read(xlsx)
    projections = {p.name: p for p in project(inputs)}
    column = {e: i for i, e in enumerate(inputs.roster["employee_id"])}
    # The base year is the roster as loaded, paid by the status quo: the same in every scenario, to the cent.
    first = next(iter(projections.values()))
    for p in projections.values():
        for key, values in p.totals.items():
            assert values[0] == pytest.approx(first.totals[key][0], abs=0.005), (path.name, p.name, key)
    years = list(first.years)
    if "cast_forward" in case:  # the field's costing (metrics.cast_forward): scenario: measure: year: value
        stayers = project(inputs, replicates=1, separations=False)
        cast = metrics.cast_forward(list(projections.values()), stayers)
        for scenario, measures in case["cast_forward"].items():
            one = cast[cast["scenario"] == scenario].set_index("year")
            for measure, by_year in measures.items():
                _compare(path, scenario, measure, by_year, [one.loc[y, measure] for y in years], years)
    for scenario, figures in (case.get("expected") or {}).items():
        p = projections[scenario]
        for name, by_year in figures.items():
            if name in column:  # a teacher: {figure: {year: value}}
                for figure, values in by_year.items():
                    assert figure in TEACHER_FIGURES, f"{path.name}: {figure}"
                    got = _teacher_figure(p, column[name], figure)
                    _compare(path, scenario, f"{name} {figure}", values, got, years)
            else:
                _compare(path, scenario, name, by_year, _figure(p, name).tolist(), years)


def _compare(path: Path, scenario: str, what: str, expected: dict, got: list, years: list) -> None:
    for year, value in expected.items():
        actual = got[years.index(int(year))]
        where = f"{path.name}: {scenario}, {what}, {year}"
        if isinstance(value, str):
            assert actual == value, f"{where}: engine {actual}, case {value}"
        else:
            assert actual == pytest.approx(value, abs=0.005), f"{where}: engine {actual}, case {value}"


def test_every_case_is_found() -> None:
    assert len(CASES) >= 20
