"""What each table sheet holds: its columns, their synonyms, units and meaning.

Headers are matched ignoring case, spaces, underscores, hyphens and dots, so 'Employee ID',
'employee_id' and 'EMPLOYEEID' are the same column. docs/workbook.md is written from this.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    meaning: str
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class SheetSpec:
    name: str
    required: bool
    meaning: str
    columns: tuple[Column, ...]
    synonyms: tuple[str, ...] = ()
    instead: str = ""  # a sheet that may replace this required one (Roster or Scattergram)


def normalise(header: object) -> str:
    return re.sub(r"[\s_\-\.]", "", str(header or "")).lower()


ROSTER = SheetSpec("Roster", True, "One row per teacher (a position): no names needed. An HR export may "
                   "be used as it comes: its headers are matched by the synonyms below or by a ColumnMap "
                   "sheet, its lane codes by a LaneCodes sheet, and a totals row is recognised and skipped.", (
    Column("employee_id", True, "Any unique id.", ("id", "employee", "empid", "teacherid", "staffid",
                                                   "employeenumber", "personid", "empno", "employeeno",
                                                   "emp#", "employee#", "empnum", "staffnumber", "staffno")),
    Column("fte", True, "Full-time equivalent, above 0 and at most 1; or percent (100 = full time) when the "
           "header says so (FTE %) or every value is from 10 to 100 with some at 100.",
           ("fulltimeequivalent", "fteshare", "ftepercent", "fte%", "percentfte", "assignmentfte")),
    Column("years_experience", True, "Completed years of teaching experience (years of service with a "
           "fraction, as HR systems write them, are rounded down).",
           ("years", "experience", "yos", "yearsofexperience", "serviceyears", "yearsofservice",
            "yrsexp", "yearsexp", "totalexperience")),
    Column("lane", True, "Lane on the step schedule (a StepSchedule column), or a code the LaneCodes sheet "
           "maps to one; BA15 is read as BA+15 (case, spaces and punctuation do not count).",
           ("column", "education", "degree", "educationlane", "salarylane", "salarycolumn", "edlevel",
            "educationlevel", "track")),
    Column("step", True, "Step on the step schedule by its StepSchedule label (5, 1A, 50); 'Step 5' and "
           "'5.0' read as 5.",
           ("salarystep", "stepnumber", "steplevel", "stepno")),
    Column("rating", False, "Last evaluation rating: Highly effective, Effective, Developing or "
           "Ineffective (blank or no column: the Assumptions key roster.default_rating, Effective unless "
           "stated). It earns AUs in the first projected year.",
           ("evaluation", "evalrating", "effectiveness", "evaluationrating", "summativerating")),
    Column("salary", False, "Actual annual base pay as paid (at the position's FTE, without stipends or "
           "extra-duty pay), e.g. from payroll. Checked "
           "against the schedule on the Workbook page; pay above the schedule cell (off-grid, red-circled) "
           "is protected until the schedule overtakes it; pay below the cell is costed at the cell.",
           ("annualsalary", "basesalary", "basepay", "annualpay", "contractsalary", "currentsalary",
            "salaryamount", "pay")),
    Column("school", False, "School or site.", ("site", "building", "schoolname", "location")),
    Column("role", False, "Role that earns AUs a year (Rules au.by_role.<role>), e.g. building_rep.",
           ("position", "assignment")),
    Column("credits_banked", False, "Graduate credits banked toward the next lane.", ("credits",)),
    Column("au_banked", False, "AUs already banked.", ("aus", "au", "achievementunits")),
    Column("pathway", False, "Placement on a pathway if already known, with its interval (else the "
           "crosswalk decides).",
           ("careerpathway",)),
    Column("interval", False, "Interval on that pathway: required when a pathway is given.", ("pathwayinterval",)),
    Column("schedule", False, "The schedule that pays the position when the workbook has more than one: blank for "
           "the StepSchedule sheet, else the name of another sheet 'StepSchedule <name>' (235 for 'StepSchedule "
           "235').", ("payschedule", "salaryschedule", "calendar")),
    Column("hard_to_staff_school", False, "1 if the position is in a hard-to-serve school (market incentive), "
           "else 0 or blank.", ("hardtoserve", "hardtoserveschool", "hardtostaffschool")),
    Column("hard_to_staff_subject", False, "1 if the position is a hard-to-staff assignment or subject "
           "(market incentive), else 0 or blank.", ("hardtostaff", "hardtostaffassignment", "shortagesubject")),
    Column("top_school", False, "1 if the position's school met its goal or is top-performing (school-wide "
           "bonus, market incentive), else 0 or blank.", ("topperformingschool", "schoolgoalmet", "schoolwide")),
), ("teachers", "staff", "employees"), instead="Scattergram")

SCATTERGRAM = SheetSpec("Scattergram", False, "Instead of a Roster (or beside it, if the two agree): the "
                        "count of teachers in each cell of the schedule, as cost-out guides lay it out. "
                        "A step column, then one column per lane (the StepSchedule's lanes, or codes the "
                        "LaneCodes sheet maps), or, as guides print it, the steps across the first row and a "
                        "lane on each row below; each cell holds the FTE (or headcount) on that step and "
                        "lane; fractions are allowed (3.5 is three full-time positions and one half-time). "
                        "Steps across, the counts may be on a row labelled FTE (or Teachers, Count, #) beside "
                        "the lane's row, which then holds its salaries (NJSBA's guide prints the FTE row above "
                        "the lane's salaries and a 'Total $/Step' row under them; an FTE row under its lane's "
                        "row reads as well). "
                        "A salary row or column is ignored; a totals row or column is recognised and "
                        "skipped, and a total that is not the sum of the cells it totals (a missed cell) is "
                        "said on the Workbook page, the cells being read as they are. Each position's years "
                        "of experience come from the Placement sheet, "
                        "else one less than its step's place on the schedule (step - 1 when steps are numbered "
                        "from 1); its rating is roster.default_rating.", (
                            Column("step", True, "Step label, as on the StepSchedule ('Step 5' reads as 5).",
                                   ("steps", "salarystep")),
                        ), ("scatter", "scattergrid", "placementcounts", "staffbycell"))

PLACEMENT = SheetSpec("Placement", False, "Years of experience a teacher on each step has (the placement "
                      "chart), for the positions a Scattergram expands into; without it, one less than the "
                      "step's place on the schedule (step - 1 when steps are numbered from 1).", (
                          Column("step", True, "Step label, as on the StepSchedule.", ("salarystep",)),
                          Column("years_experience", True, "Years of experience on that step.",
                                 ("years", "experience", "yearsofexperience", "yearsofservice")),
                      ), ("placementchart", "stepyears", "experiencebystep"))

COLUMN_MAP = SheetSpec("ColumnMap", False, "Which roster column is which: one row per header as the HR "
                       "export (the Roster sheet or the roster CSV) writes it. The app writes this sheet "
                       "when you confirm the mapping, so both sides read the same export the same way.", (
                           Column("workbook_column", True, "The header as written in the export.",
                                  ("header", "yourcolumn", "exportcolumn", "hrcolumn", "fromcolumn")),
                           Column("workbench_column", True, "The Roster column it holds (employee_id, fte, "
                                  "years_experience, lane, step, rating, salary ...), or 'ignore'.",
                                  ("column", "rostercolumn", "tocolumn", "meaning")),
                       ), ("columnmapping", "columns", "headermap"))

LANE_CODES = SheetSpec("LaneCodes", False, "Lane codes of the HR export and what schedule lane each is.", (
    Column("code", True, "The code as the export writes it (e.g. DOC, BA15).", ("lanecode", "hrcode", "from")),
    Column("lane", True, "The StepSchedule lane it means (e.g. PhD, BA+15).", ("schedulelane", "to", "column")),
), ("lanemap", "lanemapping", "lanecodemap"))

STEP_SCHEDULE = SheetSpec("StepSchedule", True,
                          "Today's salary schedule as published: a step column, then one column per lane "
                          "in order (e.g. BA, MA, MA+30, PhD), annual salary at 1.0 FTE. A row with no "
                          "salaries ('Reserved') is reserved; blank cells at the bottom of a lane end it "
                          "early; lanes stop at the first blank header (columns past it are notes).", (
                              Column("step", True, "Step label as published: 1, 2, 3 ... or 4 ... 33, 1A, "
                                     "50; movement follows the rows' order.", ("steps", "salarystep", "step#",
                                                                               "stepno")),
                          ), ("salaryschedule", "schedule", "steplane", "salaryguide"))

PATHWAYS = SheetSpec("Pathways", False, "The baseline pathway design: one row per interval.", (
    Column("pathway", True, "Standard, Professional, Model or Lead.", ("careerpathway",)),
    Column("interval", True, "Interval number, 1, 2, 3 ... within the pathway.", ("step", "level")),
    Column("salary", True, "Annual salary at 1.0 FTE.", ("pay", "amount")),
    Column("note", False, "Anything else; 'example:' at its start marks a template row (dropped once your "
           "own schedule is in).",
           ("notes", "comment", "source")),
), ("pathwayschedule", "careerpathways"))

RULES = SheetSpec("Rules", True, "Contract terms: one key and value per row (see the keys below).", (
    Column("key", True, "Parameter key.", ("parameter", "rule", "name")),
    Column("value", True, "Its value.", ("amount",)),
    Column("unit", False, "Unit, for the reader."),
    Column("source", False, "Where the figure comes from, or 'illustrative'.", ("sources", "citation")),
    Column("note", False, "Anything else.", ("notes", "comment")),
))

ASSUMPTIONS = SheetSpec("Assumptions", True, "The forecast: one key and value per row.", RULES.columns + (
    Column("low", False, "Lowest plausible value (with high): the range the Risk page moves and draws it across.",
           ("min", "minimum", "range low")),
    Column("high", False, "Highest plausible value (with low).", ("max", "maximum", "range high")),
))

MARKET = SheetSpec("Market", False, "Comparison (neighbouring districts') salary by experience, for comps.", (
    Column("years_experience", True, "Years of experience.", ("years", "experience")),
    Column("salary", True, "Comparison annual salary.", ("marketsalary", "comparisonsalary", "amount")),
), ("comps", "comparison"))

BUDGET = SheetSpec("Budget", False, "Money available for teacher pay and roll-up, by school year.", (
    Column("year", True, "School year by its starting calendar year.", ("schoolyear", "fiscalyear")),
    Column("amount", True, "Dollars available.", ("available", "budget", "availableamount")),
    Column("note", False, "Anything else; 'example:' at its start marks a template row (dropped once your "
           "own schedule is in).",
           ("notes", "comment", "source")),
))

HIRES = SheetSpec("Hires", False, "Where hires are placed (with hire.placement recent): one row per placement "
                  "of recent hires, e.g. the district's last three years of hires. Without it, hires are placed "
                  "like the roster's teachers with at most hire.recent_years years.", (
    Column("lane", True, "Lane on the step schedule.", ("column", "salarylane")),
    Column("step", True, "Step label, as on the StepSchedule (as the Roster's).", ("salarystep",)),
    Column("years_experience", True, "Years of experience credited at hire.", ("years", "experience", "yos")),
    Column("share", False, "Share of hires (or a count of hires) placed so; blank: 1.", ("count", "hires", "weight")),
), ("hireplacement", "newhires"))

PROPOSALS = SheetSpec("Proposals", False, "Proposals in long format: one override per row.", (
    Column("proposal", True, "Proposal name, e.g. District offer.", ("name", "scenario", "offer")),
    Column("parameter", True, "A Rules or Assumptions key, step_salary.<lane>.<step>, "
           "pathway_salary.<pathway>.<interval> or pay_system; blank declares a proposal with "
           "no changes.", ("key", "path", "rule")),
    Column("value", True, "The proposal's value.", ("amount",)),
    Column("note", False, "Why, for the table.", ("notes", "comment")),
))

ABOUT = SheetSpec("About", False, "Title and where the schedules and roster come from (not part of "
                  "the fingerprint).", (
                      Column("topic", True, "What the note is about (title, StepSchedule, Roster ...); "
                             "topic record with a note starting baltimore_2010 sets the workbook against "
                             "Baltimore's published record on the Workbook page.",
                             ("key", "item")),
                      Column("note", True, "The note or source.", ("value", "source", "text")),
                  ), ("notes", "sources"))

SHEETS = (ABOUT, ROSTER, SCATTERGRAM, PLACEMENT, COLUMN_MAP, LANE_CODES, STEP_SCHEDULE, PATHWAYS, RULES,
          ASSUMPTIONS, MARKET, BUDGET, HIRES, PROPOSALS)

NAME_LIKE = {"name", "firstname", "lastname", "fullname", "surname", "givenname", "teachername",
             "employeename", "middlename", "email", "emailaddress", "preferredname", "ssn",
             "dateofbirth", "dob", "birthdate", "address", "phone"}


IGNORE = "ignore"


EXTRA_SCHEDULE = re.compile(r"\s*step\s*schedule[\s_\-:]+(\S.*?)\s*", re.IGNORECASE)


def extra_schedule(sheet_name: str) -> str | None:
    """'StepSchedule 235' -> '235': another schedule of the same lanes and steps (a longer year, 12 months)."""
    m = EXTRA_SCHEDULE.fullmatch(str(sheet_name))
    return m.group(1) if m and "." not in m.group(1) else None


def sheet_spec(sheet_name: str) -> SheetSpec | None:
    key = normalise(sheet_name)
    for spec in SHEETS:
        if key == normalise(spec.name) or key in spec.synonyms:
            return spec
    return None


def column_of(header: object, spec: SheetSpec) -> str | None:
    """The column a header names by its name or a synonym, if any."""
    key = normalise(header)
    return next((c.name for c in spec.columns if key == normalise(c.name) or key in c.synonyms), None)


def match_columns(headers: list[object], spec: SheetSpec, mapping: dict[str, str] | None = None,
                  ) -> tuple[dict[str, int], list[str], list[str]]:
    """Map each known column to its position; also name-like headers and unknown headers.

    `mapping` (normalised header -> column name or 'ignore', from a ColumnMap sheet) is applied first; a
    column it gives to a header is then no other header's by synonym (only by its own exact name)."""
    mapping = mapping or {}
    found: dict[str, int] = {}
    for i, header in enumerate(headers):
        mapped = mapping.get(normalise(header))
        if mapped in {c.name for c in spec.columns} and mapped not in found:
            found[mapped] = i
    names, unknown = [], []
    for i, header in enumerate(headers):
        key = normalise(header)
        if not key or key in mapping:
            continue
        column = next((c for c in spec.columns if key == normalise(c.name)), None) or next(
            (c for c in spec.columns if key in c.synonyms and c.name not in mapping.values()), None)
        if column and column.name not in found:
            found[column.name] = i
        elif key in NAME_LIKE:
            names.append(str(header))
        else:
            unknown.append(str(header))
    return found, names, unknown
