"""Write docs/workbook.md, and the generated tables of docs/model.md, from the sheet specs and the parameter
registry: python -m models.docs"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from models import parameters, sheets

TARGET = Path(__file__).resolve().parents[1] / "docs" / "workbook.md"
MODEL = TARGET.with_name("model.md")
SETTINGS = ("base_year", "horizon", "seed", "replicates")  # the run, not a default anyone cites

INTRO = """# The budget workbook

One .xlsx file that both sides load. This page is generated from the code
(`python -m models.docs`), so it lists exactly what the reader accepts. Get a filled-in example
with `python -m models template my_district.xlsx`; its README sheet repeats this page.

Headers are matched ignoring case, spaces, underscores, hyphens and dots, and the synonyms
below are accepted. Sheets the workbench does not know are ignored with a notice; README and
Results sheets are ignored silently. Numbers may be typed as text (`52,000`, `$52,000`, `2%`).
Columns that look like names (first_name, last_name, email, ...) are dropped on load with a
notice: the workbench needs no names. Every problem is reported at once with its sheet, row,
column, the value found and what is expected.

A roster may also come as a CSV file (the app's upload, or `--roster` on the command line): UTF-8
with or without BOM, UTF-16 or Windows-1252, separated by commas, semicolons or tabs (detected from
the header line; in a semicolon file `0,5` is 0.5). The Roster's headers and lane codes may be the
HR system's own (see ColumnMap and LaneCodes); a Scattergram may stand in for the Roster.

Proposals override the keys below (those marked *in proposals*), plus
`step_salary.<lane>.<step>` (steps by their published labels; another schedule's cell:
`step_salary.<schedule>.<lane>.<step>`), `pathway_salary.<pathway>.<interval>` (the next interval number
adds an interval), a contract year's own grid (`step_salary.<year>.<lane>.<step>`,
`step_salary.<year>.<schedule>.<lane>.<step>`, `pathway_salary.<year>.<pathway>.<interval>`) and
`pay_system`. The status quo is today's step-and-lane schedule with the
Rules and Assumptions as given.
"""


def _value(v: object) -> str:
    if isinstance(v, dict):
        return "; ".join(f"{k}: {x}" for k, x in v.items())
    return "blank" if v is None else f"{v}"


def workbook_markdown() -> str:
    out = [INTRO]
    for spec in sheets.SHEETS:
        need = "optional" if not spec.required else f"required, or a {spec.instead}" if spec.instead else "required"
        out.append(f"\n## {spec.name} ({need})\n\n{spec.meaning}\n")
        if spec.synonyms:
            out.append(f"Also accepted as a sheet name: {', '.join(spec.synonyms)}.\n")
        out.append("| column | required | meaning | also accepted |\n|---|---|---|---|")
        for c in spec.columns:
            out.append(f"| `{c.name}` | {'yes' if c.required else 'no'} | {c.meaning} | {', '.join(c.synonyms)} |")
        if spec in (sheets.RULES, sheets.ASSUMPTIONS):
            out.append(f"\n### {spec.name} keys\n")
            out.append("| key | unit | default | in proposals | meaning | source of the default |\n"
                       "|---|---|---|---|---|---|")
            for p in parameters.REGISTRY:
                if p.sheet == spec.name:
                    bounds = "" if p.low is None else f" ({parameters.bound(p.low)} to {parameters.bound(p.high)})"
                    choices = f" One of: {', '.join(p.choices)}." if p.choices else ""
                    only = " Career pathways only: on step and lane it changes no figure." if p.pathways_only else ""
                    out.append(f"| `{p.key}` | {p.unit}{bounds} | {_value(p.default)} | "
                               f"{'yes' if p.in_proposals else 'no'} | {p.description}{choices}{only} | "
                               f"{_cited(p.source, p.references)} |")
    out.append("\nPlaceholders: `{year}` a school year by its starting calendar year (2027 = 2027-28); "
               "`{rating}` one of " + ", ".join(parameters.RATINGS) + "; `{band}` years of experience such as `0-3` "
               "or `20+` (bands must run from 0 with no gap and end open); `{lane}` a StepSchedule lane; "
               "`{role}` a roster role (e.g. mentor, master, lead_teacher); `{pathway}` one of "
               + ", ".join(parameters.PATHWAYS) + "; `{years}` years of service, 1 to 70 (`longevity.15`).\n")
    return "\n".join(out)


def _cited(words: str, references: tuple[parameters.Reference, ...]) -> str:
    links = [f"[{title}]({href})" if href else title for title, href in references]
    return "; ".join([words, *links]).replace("|", "/")


def defaults_table() -> str:
    """Every default of the contract rules and the forecast (pay components, off by default, aside)."""
    out = ["| what | key | default | source |", "|---|---|---|---|"]
    for p in parameters.REGISTRY:
        if p.default is not None and not p.quiet_default and p.key not in SETTINGS:
            out.append(f"| {p.label} | `{p.key}` | {_value(p.default)} | {_cited(p.source, p.references)} |")
    return "\n".join(out)


def ranges_table() -> str:
    """The tornado's and the fan's ranges, from the registry's spreads."""
    out = ["| assumption | keys | range | source of the range |", "|---|---|---|---|"]
    for p in parameters.REGISTRY:
        if p.spread:
            a = p.spread
            out.append(f"| {a.label or p.label} | `{p.pattern}` | {a.range} | {_cited(a.source, a.references)} |")
    return "\n".join(out)


GENERATED = {"defaults": defaults_table, "ranges": ranges_table}
_BLOCK = re.compile(r"(<!-- generated: (\w+) \(python -m models.docs\) -->\n).*?(<!-- end generated -->)", re.S)


def model_markdown(text: str) -> str:
    """docs/model.md with each generated table rewritten from the registry."""
    return _BLOCK.sub(lambda m: m.group(1) + GENERATED[m.group(2)]() + "\n" + m.group(3), text)


if __name__ == "__main__":
    TARGET.write_text(workbook_markdown())
    MODEL.write_text(model_markdown(MODEL.read_text()))
    print(f"wrote {TARGET} and the generated tables of {MODEL}", file=sys.stderr)
