"""The command line: python -m models template | validate | project | sensitivity | solve | state.

Exit codes: 0 done; 1 solve found no value meeting its target (the closest is printed); 2 bad input
(every problem listed, never a traceback); 3 state: some district workbooks were refused (each listed; the
others were costed).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from models import metrics, results, risk, workbook
from models.components import COMPONENT_FIELDS
from models.engine import ROLLUP_LINES, project
from models.inputs import Inputs
from models.money import money
from models.problems import InputError

JSON_FIELDS = ("year", "headcount", "fte", "separations", "hires", "base_salary", "stipends", "rollup",
               "total_cost", "total_compensation") + ROLLUP_LINES
# Each pay component's line, after the fields above (which keep their meaning): see docs/model.md.
COMPONENT_JSON_FIELDS = COMPONENT_FIELDS


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
    _risk_parsers(sub)
    _state_parsers(sub)
    return parser


def _state_parsers(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("state", help="cost a state policy in every district workbook of a folder, on Dask")
    s.add_argument("folder", type=Path, help="a folder of district workbooks (.xlsx)")
    s.add_argument("--policy", type=Path, required=True, help="the policy workbook (a Policy sheet)")
    s.add_argument("--years", type=int, help="projection horizon in years (default: each district's own)")
    s.add_argument("--replicates", type=int, default=1, help="simulated futures (P10/P90 when more than 1)")
    s.add_argument("--scheduler", help="a running Dask scheduler, e.g. tcp://host:8786 (default: a local "
                                       "cluster on this machine's cores)")
    s.add_argument("--workers", type=int, help="local cluster worker processes (default: one a core)")
    s.add_argument("--serial", action="store_true", help="run in this process, without Dask")
    s.add_argument("--out", type=Path, help="write the state's figures to this .xlsx")
    s.add_argument("--json", action="store_true", help="print JSON instead of a table")
    s.set_defaults(run=_state)
    g = sub.add_parser("synthetic-state", help="write a synthetic state: district workbooks and a policy")
    g.add_argument("folder", type=Path)
    g.add_argument("--districts", type=int, default=300)
    g.add_argument("--seed", type=int, default=1)
    g.add_argument("--smallest", type=int, default=200, help="teachers in the smallest district")
    g.add_argument("--largest", type=int, default=80_000, help="teachers in the largest district")
    g.add_argument("--teachers", type=int, default=1_000_000, help="teachers in all, about")
    g.set_defaults(run=_synthetic_state)


def _risk_parsers(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("sensitivity", help="tornado: cost over the horizon as each key assumption moves")
    s.add_argument("workbook", type=Path)
    s.add_argument("--proposal", help="only this proposal (default: the status quo and every proposal)")
    s.add_argument("--json", action="store_true", help="print JSON instead of a table")
    s.set_defaults(run=_sensitivity)
    f = sub.add_parser("solve", help="set one lever of a proposal to fit the budget or cost neutral")
    f.add_argument("workbook", type=Path)
    f.add_argument("--proposal", required=True, help="the proposal to fit")
    f.add_argument("--lever", required=True, choices=list(risk.levers()), help="what the solver may change")
    f.add_argument("--pathway", help="the pathway, for --lever pathway")
    f.add_argument("--year", type=int, help="the school year, for --lever raise")
    f.add_argument("--target", required=True, choices=risk.TARGETS,
                   help="budget: at or under the budget every year; neutral: the status quo's cost over the horizon")
    f.add_argument("--json", action="store_true", help="print JSON instead of text")
    f.add_argument("--out", type=Path, help="write the workbook with the fitted proposal added to this .xlsx")
    f.set_defaults(run=_solve)


def _save(path: Path, write: Callable[[io.BytesIO], None]) -> None:
    """Write a workbook in memory, then to the file: a path that cannot be written gives one clean error
    (openpyxl writing to it directly left a dozen "Exception ignored" tracebacks behind the message)."""
    _check_writable(path)
    buffer = io.BytesIO()
    write(buffer)
    try:
        path.write_bytes(buffer.getvalue())
    except OSError as exc:
        raise OSError(f"cannot write {path}: {exc.strerror or exc}") from None


def _check_writable(path: Path) -> None:
    why = ("it is a folder" if path.is_dir() else "no such folder" if not path.parent.is_dir()
           else "permission denied" if not os.access(path if path.exists() else path.parent, os.W_OK) else None)
    if why:
        raise OSError(f"cannot write {path}: {why}")


def _template(args: argparse.Namespace) -> int:
    _save(args.out, workbook.write_template)
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
    labels = b.step_schedule.step_labels
    print(f"  step schedule    {b.step_schedule.steps} steps ({labels[0]} to {labels[-1]}) "
          f"x {len(b.step_schedule.lanes)} lanes "
          f"({', '.join(b.step_schedule.lanes)})")
    if b.step_schedule.extra:
        print(f"  schedules        StepSchedule, {', '.join(f'StepSchedule {n}' for n in b.step_schedule.names[1:])}")
    longevity = sorted((int(y), v) for y, v in b.family("longevity").items() if v)
    if longevity:
        print(f"  longevity        {'; '.join(f'${v:,.0f} from {y} years' for y, v in longevity)}")
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
    twice = sorted({p for p in args.proposal or [] if args.proposal.count(p) > 1})
    if twice:
        raise ValueError(f"--proposal {', '.join(twice)} given more than once: name each proposal once")
    if args.out:
        _check_writable(args.out)  # before the projection: an unwritable path fails at once, not after it
    if args.out or args.json:
        runs, stayers = results.projections(inputs, args.proposal)
    else:
        runs, stayers = project(inputs, inputs.scenarios(args.proposal)), None
    if args.out:
        _save(args.out, lambda out: workbook.write(inputs, out, metrics.results_sheets(inputs, runs, stayers)))
    table = metrics.yearly(runs, inputs)
    if args.json:
        out = _json(inputs, table)
        out["cast_forward"] = _cast_forward_json(metrics.cast_forward(runs, stayers), metrics.why_cost_falls(runs))
        print(json.dumps(out, indent=1))
    else:
        _print_table(inputs, table)
        if args.out:
            print(f"\nWrote {args.out}")
    return 0


def _json(inputs: Inputs, table) -> dict:
    fields = (list(JSON_FIELDS) + [f for f in ("total_cost_p10", "total_cost_p90") if f in table]
              + list(COMPONENT_JSON_FIELDS))
    b = inputs.baseline
    scenarios = []
    for name, rows in table.groupby("scenario", sort=False):
        records = [{k: (int(v) if k == "year" else round(float(v), 2)) for k, v in r.items()}
                   for r in rows[fields].to_dict("records")]
        scenarios.append({"name": name, "years": records})
    return {"fingerprint": inputs.fingerprint, "title": inputs.title, "base_year": b["base_year"],
            "horizon": b["horizon"], "replicates": b["replicates"], "seed": b["seed"], "scenarios": scenarios}


def _cast_forward_json(cast, why) -> dict:
    """The field's costing beside the projection: per scenario and year, and why the status quo falls."""
    fields = ["year", *metrics.CAST_FORWARD_WORDS]
    scenarios = [{"name": name, "years": [{k: (int(v) if k == "year" else round(float(v), 6 if k in
                                                metrics.SHARE_COLUMNS else 2)) for k, v in r.items()}
                                          for r in rows[fields].to_dict("records")]}
                 for name, rows in cast.groupby("scenario", sort=False)]
    return {"meaning": dict(metrics.CAST_FORWARD_WORDS), "scenarios": scenarios,
            "status_quo_falls": why["sentence"].tolist()}


def _print_table(inputs: Inputs, table) -> None:
    print(f"{inputs.title}  (fingerprint {inputs.fingerprint})")
    wide = table.pivot(index="year", columns="scenario", values="total_cost")[table["scenario"].unique()]
    print("Total cost (salary + stipends + roll-up + the district's MC programme costs), $ millions")
    print((wide / 1e6).round(2).to_string())


def _sensitivity(args: argparse.Namespace) -> int:
    inputs = workbook.read(args.workbook)
    names = [inputs.proposal(args.proposal).name] if args.proposal else None
    table = risk.sensitivity(inputs, names)
    if args.json:
        rows = [{k: (round(v, 6) if isinstance(v, float) else v) for k, v in r.items()}
                for r in table.to_dict("records")]
        print(json.dumps({"fingerprint": inputs.fingerprint, "title": inputs.title,
                          "horizon": inputs.baseline["horizon"], "rows": rows}, indent=1))
        return 0
    print(f"{inputs.title}  (fingerprint {inputs.fingerprint})")
    print(f"Cost over {inputs.baseline['horizon']} years as each assumption moves across its range, $ millions")
    for name, rows in table.groupby("scenario", sort=False):
        shown = rows.assign(**{c: (rows[c] / 1e6).round(1) for c in ("cost_low", "cost_high", "swing")})
        print(f"\n{name} (unchanged: {rows['base_cost'].iloc[0] / 1e6:,.1f})")
        print(shown[["rank", "assumption", "range", "cost_low", "cost_high", "swing"]].to_string(index=False))
    return 0


def _solve(args: argparse.Namespace) -> int:
    if args.pathway and args.lever != "pathway":
        raise ValueError("--pathway applies only to --lever pathway")
    if args.year is not None and args.lever != "raise":
        raise ValueError("--year applies only to --lever raise")
    inputs = workbook.read(args.workbook)
    start = time.perf_counter()
    found = risk.fit(inputs, args.proposal, args.lever, args.target, pathway=args.pathway, year=args.year)
    seconds = time.perf_counter() - start
    fitted = found.as_proposal(risk.free_name({p.name for p in inputs.proposals}, found.as_proposal().name))
    if args.out:
        _save(args.out, lambda out: workbook.write(inputs.with_proposals(inputs.proposals + (fitted,)), out))
    if args.json:
        print(json.dumps({"fingerprint": inputs.fingerprint, "proposal": found.proposal, "lever": found.lever,
                          "target": found.target, "value": found.value, "base_value": found.base_value,
                          "gap": round(found.gap, 2), "met": found.met, "binding_year": found.binding_year,
                          "evaluations": found.evaluations, "changes": found.changes, "new_proposal": fitted.name,
                          "message": found.message}, indent=1))
    else:
        _print_fit(inputs, found, seconds)
        if args.out:
            print(f"Wrote {args.out} with the proposal '{fitted.name}'")
    return 0 if found.met else 1


def _print_fit(inputs: Inputs, found: risk.Fit, seconds: float) -> None:
    lever = risk.levers()[found.lever]
    shown = (lambda v: f"{v:g}") if lever.whole else (lambda v: f"{v:+.3%}" if lever.relative else f"{v:.3%}")
    where = (f" in {found.binding_year} (cost minus budget, worst year)" if found.target == "budget"
             else " over the horizon (cost minus the status quo's)")
    print(f"{inputs.title}  (fingerprint {inputs.fingerprint})")
    print(f"{found.proposal}: {lever.label}, target {found.target}")
    print(f"  value        {shown(found.value)} (tabled {shown(found.base_value)})")
    print(f"  gap          {money(found.gap)}{where}")
    print(f"  evaluations  {found.evaluations} projections in {seconds:.2f} s")
    print(f"  {found.message}")


if __name__ == "__main__":
    sys.exit(main())


def _state(args: argparse.Namespace) -> int:
    from models import state

    if not args.folder.is_dir():
        raise ValueError(f"{args.folder} is not a folder of district workbooks")
    if args.years is not None and not 1 <= args.years <= 40:
        raise ValueError("--years must be from 1 to 40")
    if not 1 <= args.replicates <= 1000:
        raise ValueError("--replicates must be from 1 to 1000")
    policy = state.read_policy(args.policy, title=args.policy.stem)
    districts = state.district_files(args.folder, args.policy)
    if not districts:
        raise ValueError(f"{args.folder} holds no district workbooks (.xlsx)")
    tasks = state.tasks(districts, policy, args.years, args.replicates, teachers_of=state.teachers_in)
    start = time.perf_counter()
    with _progress(len(tasks), quiet=args.json) as tick:
        if args.serial:
            results = state.run_serial(tasks, tick)
        else:
            from models import state_dask

            results, _ = state_dask.run(tasks, args.scheduler, args.workers, tick)
    result = state.summarise(policy, results)
    seconds = time.perf_counter() - start
    if args.out:
        state.write_xlsx(result, args.out)
    if args.json:
        print(json.dumps(_state_json(result), indent=1))
    else:
        _print_state(result, len(districts), seconds)
        if args.out:
            print(f"\nWrote {args.out}")
    return 0 if result.refused.empty else 3


def _progress(total: int, quiet: bool):
    """A progress bar on standard error (tqdm), one tick a finished task."""
    from contextlib import contextmanager

    from tqdm import tqdm

    @contextmanager
    def bar():
        with tqdm(total=total, unit="district", disable=quiet, file=sys.stderr) as progress:
            yield lambda result: progress.update(1)
    return bar()


def _state_json(result) -> dict:
    frames = {"totals": result.totals, "districts": result.by_district, "ranking": result.ranking,
              "refused": result.refused}
    return {"policy": result.policy.title, "replicates": result.replicates,
            "parts": [{"name": p.name, "state_share": p.state_share} for p in result.policy.parts],
            **{k: json.loads(v.to_json(orient="records")) for k, v in frames.items()}}


def _print_state(result, districts: int, seconds: float) -> None:
    from models import state

    print(f"{result.policy.title}: {districts} district workbooks in {seconds:.1f} s")
    if not result.totals.empty:
        print("State total by year, $ millions")
        print(state.text_table(result))
        print("\nDistricts by cost the policy adds per teacher (FTE), over the horizon")
        top = result.ranking.head(10)[["rank", "district", "fte", "added", "added_per_teacher"]]
        print(top.rename(columns=state.WORDS).to_string(index=False))
    for district, rows in result.refused.groupby("district", sort=False):
        print(f"\nRefused: {district} ({len(rows)} problem(s))")
        for problem in rows["problem"].head(5):
            print(f"  - {problem}")


def _synthetic_state(args: argparse.Namespace) -> int:
    from models import synthetic_state

    folder = synthetic_state.write_state(args.folder, args.districts, args.seed, args.smallest, args.largest,
                                         args.teachers)
    print(f"Wrote {args.districts} district workbooks and policy.xlsx to {folder}")
    return 0
