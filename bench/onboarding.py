"""Onboarding: real published salary schedules brought in through the public path only.

For each district: `python -m models template`, then the schedule typed as published (its labels, its
reserved rows, its blank cells, even its typos) pasted over the template's StepSchedule, a small HR-style
roster export (the HR system's own column names) over its Roster, then `python -m models validate`.
When validate refuses, the fix a budget officer would make is applied (each one printed) and validate
runs again. Prints the rounds needed and the problems in each. Target: one round, no invented value.

    .venv/bin/python bench/onboarding.py

The rosters are small and made up (no district publishes its staff); every salary is typed from the
published table named with its address below.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parent.parent

# Prince William County Public Schools (Virginia), "Teacher Salary Scale 2020-21 (Adopted 05.20.20),
# 195 Day Contract", https://pwcs.ss9.sharpschool.com/cms/One.aspx?portalId=340225&pageId=43612788
# Steps 1, 2, 3 are one row, "Reserved" in every lane; the published page labels step 28 "8" (kept as
# published: validate finds it).
PWCS_LANES = ("Bachelors", "Bachelors + 15", "Masters", "Masters + 30", "Doctorate")
PWCS = [("Step #", *PWCS_LANES), ("1,2,3", *["Reserved"] * 5)] + [
    (step, *salaries) for step, salaries in [
        (4, (50324, 51674, 56065, 58010, 59438)), (5, (51166, 52517, 56908, 58853, 60281)),
        (6, (52020, 53370, 57762, 59707, 61135)), (7, (53753, 55103, 59495, 61440, 62868)),
        (8, (55537, 56887, 61279, 63224, 64652)), (9, (57377, 58728, 63119, 65064, 66492)),
        (10, (59272, 60623, 65014, 66959, 68387)), (11, (61220, 62571, 66962, 68907, 70335)),
        (12, (63230, 64580, 68971, 70916, 72345)), (13, (65299, 66650, 71041, 72986, 74414)),
        (14, (67429, 68780, 73171, 75116, 76544)), (15, (69625, 70976, 75367, 77312, 78740)),
        (16, (71886, 73236, 77627, 79572, 81000)), (17, (74212, 75563, 79954, 81899, 83327)),
        (18, (76611, 77962, 82353, 84298, 85726)), (19, (79083, 80433, 84824, 86769, 88197)),
        (20, (81629, 82979, 87370, 89315, 90743)), (21, (84248, 85598, 89990, 91935, 93363)),
        (22, (86947, 88297, 92688, 94633, 96062)), (23, (89727, 91078, 95469, 97414, 98842)),
        (24, (92592, 93942, 98333, 100278, 101706)), (25, (95540, 96891, 101282, 103227, 104655)),
        (26, (98580, 99930, 104322, 106267, 107695)), (27, (101711, 103062, 107453, 109398, 110826)),
        (8, (104935, 106285, 110676, 112621, 114049)), (29, (108256, 109606, 113997, 115942, 117370)),
        (30, (111677, 113027, 117418, 119363, 120791)), (31, (115201, 116551, 120942, 122887, 124316)),
        (32, (118830, 120180, 124572, 126517, 127945)), (33, (122573, 123922, 128311, 130254, 131680)),
    ]]

# A collective bargaining agreement (MSTEA) quoted by Law Insider, clause "Summer Employment",
# https://lawinsider.com/clause/summer-employment/_8 : 2024-2025 schedule, 13 steps, three lanes
# ("BA", "MA or BA +30", "MA +30 or BA +60") and longevity $3,388 at 14-19 years, $4,356 at 20-24,
# $5,324 at 25+.
MSTEA_LANES = ("BA", "MA or BA +30", "MA +30 or BA +60")
MSTEA = [("Step", *MSTEA_LANES)] + [(step, *salaries) for step, salaries in enumerate([
    (48400, 50134, 52123), (49308, 51460, 54189), (52123, 55019, 58692), (53898, 57208, 61135),
    (55800, 59523, 63700), (57825, 61961, 66387), (59977, 64526, 69198), (62211, 67173, 72135),
    (64526, 69901, 75195), (66923, 72712, 78378), (69402, 75608, 81687), (71967, 78586, 85115),
    (74614, 81642, 88670)], start=1)]
MSTEA_LONGEVITY = [("longevity.14", 3388), ("longevity.20", 4356), ("longevity.25", 5324)]

# Green Dot Public Schools California, "2023-2024 Salary Schedule" (Teachers 2023-24), rates for 193 days,
# https://careers.greendot.org/benefits-salary/ : columns 1 to 6 (I: BA ... VI: BA+75 or MA+30); columns 1
# and 2 end at step 5, columns 3 to 5 at step 13, column 6 runs to step 19: blank cells below, as published.
GREEN_DOT = [("Step", 1, 2, 3, 4, 5, 6)] + [(step, *salaries) for step, salaries in enumerate([
    (56938, 57510, 60965, 64623, 66562, 68559), (57054, 57624, 61081, 64738, 66676, 68673),
    (57169, 57738, 61195, 64853, 66793, 68789), (57285, 57918, 64408, 68258, 70299, 72401),
    (57538, 58354, 66824, 70817, 72935, 75115),
    (None, None, 69329, 73474, 75670, 77932), (None, None, 71929, 76229, 78507, 80854),
    (None, None, 75705, 80232, 82630, 85099), (None, None, 78544, 83240, 85727, 88290),
    (None, None, 81489, 86360, 88942, 91602), (None, None, 84546, 89600, 92278, 95038),
    (None, None, 87716, 92960, 95739, 98600), (None, None, 92321, 97840, 100764, 103778),
    (None, None, None, None, None, 103778), (None, None, None, None, None, 105334),
    (None, None, None, None, None, 105334), (None, None, None, None, None, 106914),
    (None, None, None, None, None, 106914), (None, None, None, None, None, 108518)], start=1)]

HR_HEADER = ("Employee ID", "FTE", "Step", "Column", "Years of Service")


@dataclass
class District:
    name: str
    schedule: list[tuple]
    roster: list[tuple]  # an HR export: HR_HEADER columns
    rules: list[tuple] = field(default_factory=list)  # (key, value) as the agreement states them
    fixes: list[tuple[str, Callable]] = field(default_factory=list)  # what an officer does when refused


def _fix_pwcs_typo(book) -> None:
    ws = book["StepSchedule"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == 8 and row[1].value == 104935:
            row[0].value = 28


DISTRICTS = [
    District("Prince William County 2020-21 (195 days; steps 1-3 reserved)", PWCS,
             [("E1001", 1.0, 4, "Bachelors", 0), ("E1002", 1.0, 10, "Masters", 6),
              ("E1003", 0.5, 20, "Masters + 30", 16), ("E1004", 1.0, 33, "Doctorate", 30),
              ("E1005", 1.0, 27, "Bachelors + 15", 23)],
             fixes=[("retype step 28, which the published page labels '8'", _fix_pwcs_typo)]),
    District("MSTEA agreement 2024-25 (13 steps, longevity at 14, 20, 25 years)", MSTEA,
             [("1", 1.0, 1, "BA", 0), ("2", 1.0, 8, "MA or BA +30", 7), ("3", 1.0, 13, "MA +30 or BA +60", 15),
              ("4", 0.8, 13, "BA", 22), ("5", 1.0, 13, "MA or BA +30", 26)],
             rules=MSTEA_LONGEVITY),
    District("Green Dot California 2023-24 (193 days; columns 1-2 end at step 5, 3-5 at 13)", GREEN_DOT,
             [("GD1", 1.0, 1, 1, 0), ("GD2", 1.0, 5, 2, 4), ("GD3", 1.0, 13, 5, 12),
              ("GD4", 1.0, 19, 6, 18), ("GD5", 0.6, 8, 3, 7)]),
]


def _replace(book, title: str, rows: list[tuple]) -> None:
    index = book.sheetnames.index(title)
    del book[title]
    ws = book.create_sheet(title, index)
    for row in rows:
        ws.append(list(row))


def _build(district: District, path: Path) -> None:
    subprocess.run([sys.executable, "-m", "models", "template", str(path)], cwd=ROOT, check=True,
                   capture_output=True)
    book = load_workbook(path)
    _replace(book, "StepSchedule", district.schedule)
    _replace(book, "Roster", [HR_HEADER] + district.roster)
    rules = book["Rules"]
    for key, value in district.rules:
        rules.append([key, value, "$ a year", district.name])
    book.save(path)


def _validate(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "models", "validate", str(path)], cwd=ROOT,
                          capture_output=True, text=True)


def onboard(district: District, folder: Path) -> int:
    path = folder / "district.xlsx"
    _build(district, path)
    print(f"\n== {district.name}")
    fixes = list(district.fixes)
    for round_ in range(1, len(fixes) + 2):
        out = _validate(path)
        lines = (out.stdout if out.returncode == 0 else out.stderr).strip().splitlines()
        print(f"round {round_}: {'valid' if out.returncode == 0 else 'refused'}")
        for line in lines:
            print(f"    {line}")
        if out.returncode == 0:
            costed = subprocess.run([sys.executable, "-m", "models", "project", str(path), "--years", "3"],
                                    cwd=ROOT, capture_output=True, text=True)
            print("  projected (status quo, 3 years):")
            for line in costed.stdout.strip().splitlines()[1:]:
                print(f"    {line}")
            _cast_forward(path)
            return round_
        if not fixes:
            return -round_
        what, fix = fixes.pop(0)
        print(f"  fix: {what}")
        book = load_workbook(path)
        fix(book)
        book.save(path)
    return -1


def _cast_forward(path: Path) -> None:
    """The status quo's next year as the field costs it (cast forward) beside the projection with turnover."""
    out = subprocess.run([sys.executable, "-m", "models", "project", str(path), "--years", "1", "--json"],
                         cwd=ROOT, capture_output=True, text=True)
    year = json.loads(out.stdout)["cast_forward"]["scenarios"][0]["years"][1]
    print(f"  status quo {year['year']}: cast forward ${year['cast_forward_cost']:,.0f} "
          f"({year['cast_forward_over_base']:+.2%}; increment {year['increment_share']:.2%}), with turnover "
          f"${year['with_turnover_cost']:,.0f} ({year['with_turnover_over_base']:+.2%}), breakage "
          f"${year['breakage']:,.0f}")


def main() -> None:
    rounds = []
    with tempfile.TemporaryDirectory() as folder:
        for district in DISTRICTS:
            rounds.append((district.name, onboard(district, Path(folder))))
    print("\nRounds of validate to a valid workbook (negative: still refused after that many):")
    for name, n in rounds:
        print(f"  {n:>3}  {name}")


if __name__ == "__main__":
    main()
