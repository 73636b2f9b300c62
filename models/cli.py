"""The command line: python -m models template | validate | project.

Exit codes: 0 done; 2 bad input (every problem listed, never a traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from models import metrics, workbook
from models.engine import project
from models.inputs import Inputs
from models.problems import InputError

JSON_FIELDS = ("year", "headcount", "fte", "separations", "hires", "base_salary", "stipends", "rollup",
               "total_cost")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except InputError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except (OSError, ValueError, KeyError) as exc:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        print(f"error: {message}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m models", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(required=True, metavar="command")
    t = sub.add_parser("template", help="write a blank, documented workbook to fill in")
    t.add_argument("out", type=Path)
    t.set_defaults(run=_template)
    v = sub.add_parser("validate", help="check a workbook: a summary, or every problem")
    v.add_argument("workbook", type=Path)
    v.add_argument("--roster", type=Path, help="a roster CSV to use instead of the Roster sheet")
    v.set_defaults(run=_validate)
    p = sub.add_parser("project", help="project the status quo and proposals")
    p.add_argument("workbook", type=Path)
    p.add_argument("--roster", type=Path, help="a roster CSV to use instead of the Roster sheet")
    p.add_argument("--proposal", action="append", help="a proposal to include (repeat; default all)")
    p.add_argument("--years", type=int, help="projection horizon in years")
    p.add_argument("--replicates", type=int, help="simulated futures (P10/P90 when more than 1)")
    p.add_argument("--seed", type=int, help="random seed")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--out", type=Path, help="write inputs, proposals and Results sheets to this .xlsx")
    p.set_defaults(run=_project)
    return parser


def _template(args: argparse.Namespace) -> int:
    workbook.write_template(args.out)
    print(f"Wrote {args.out}: every sheet, with a README sheet documenting each column and key.")
    return 0


def _load(args: argparse.Namespace) -> Inputs:
    return workbook.read(args.workbook, roster_csv=args.roster)


def _validate(args: argparse.Namespace) -> int:
    inputs = _load(args)
    b = inputs.baseline
    grid = b.pathways
    print(f"{args.workbook}: valid")
    print(f"  {inputs.title}")
    print(f"  fingerprint      {inputs.fingerprint}")
    print(f"  teachers         {len(inputs.roster):,} ({inputs.roster['fte'].sum():,.1f} FTE)")
    print(f"  step schedule    {b.step_schedule.steps} steps x {len(b.step_schedule.lanes)} lanes "
          f"({', '.join(b.step_schedule.lanes)})")
    if grid.defined:
        sizes = ", ".join(f"{n} {grid.intervals(n)}" for n in ("Standard", "Professional", "Model", "Lead"))
        print(f"  pathways         {sizes} intervals")
    print(f"  base year        {b['base_year']}, horizon {b['horizon']} years")
    print(f"  proposals        {', '.join(p.name for p in inputs.proposals) or 'none'}")
    if inputs.budget:
        print(f"  budget           {inputs.budget[0][0]}-{inputs.budget[-1][0]}")
    for notice in inputs.notices:
        print(f"  note: {notice}")
    return 0


def _project(args: argparse.Namespace) -> int:
    inputs = _load(args).with_settings(horizon=args.years, replicates=args.replicates, seed=args.seed)
    if args.years is not None and not 1 <= args.years <= 40:
        raise ValueError("--years must be from 1 to 40")
    if args.replicates is not None and not 1 <= args.replicates <= 1000:
        raise ValueError("--replicates must be from 1 to 1000")
    scenarios = inputs.scenarios(args.proposal)
    projections = project(inputs, scenarios)
    table = metrics.yearly(projections, inputs)
    if args.out:
        stayers = project(inputs, scenarios, replicates=1, separations=False)
        workbook.write(inputs, args.out, metrics.results_sheets(inputs, projections, stayers))
    if args.json:
        print(json.dumps(_json(inputs, table), indent=1))
    else:
        _print_table(inputs, table)
        if args.out:
            print(f"\nWrote {args.out}")
    return 0


def _json(inputs: Inputs, table) -> dict:
    fields = list(JSON_FIELDS) + [f for f in ("total_cost_p10", "total_cost_p90") if f in table]
    b = inputs.baseline
    scenarios = []
    for name, rows in table.groupby("scenario", sort=False):
        records = [{k: (int(v) if k == "year" else round(float(v), 2)) for k, v in r.items()}
                   for r in rows[fields].to_dict("records")]
        scenarios.append({"name": name, "years": records})
    return {"fingerprint": inputs.fingerprint, "title": inputs.title, "base_year": b["base_year"],
            "horizon": b["horizon"], "replicates": b["replicates"], "seed": b["seed"], "scenarios": scenarios}


def _print_table(inputs: Inputs, table) -> None:
    print(f"{inputs.title}  (fingerprint {inputs.fingerprint})")
    wide = table.pivot(index="year", columns="scenario", values="total_cost")[table["scenario"].unique()]
    print("Total cost (salary + stipends + roll-up), $ millions")
    print((wide / 1e6).round(2).to_string())


if __name__ == "__main__":
    sys.exit(main())
