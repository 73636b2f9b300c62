"""One member's pay, year by year, under the status quo and each proposal.

It runs the same engine as the district projection on a one-teacher roster with fixed
expectations (a constant rating, credits, PD hours and micro-credentials a year), no exits, and
no chance draws: the member either applies to Model and is promoted as soon as eligible, or
does not apply. Nothing about who the member is is needed beyond their placement.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from models.components import PAY_LINES
from models.engine import project
from models.inputs import Inputs, canonical_roster
from models.members import school_fte as average_school_fte
from models.parameters import PATHWAYS, RATING_LABELS, RATINGS
from models.terms import Terms

# The bounds of a member's own numbers, as My pay takes them (and a member link carries them).
MEMBER_LIMITS = {"years_experience": (0, 50), "fte": (0.1, 1.0), "credits_per_year": (0.0, 30.0),
                 "pd_hours_per_year": (0.0, 500.0), "mcs_per_year": (0.0, 20.0)}


@dataclass(frozen=True)
class Member:
    """A placement and expectations; no roster knowledge of who the member is."""

    years_experience: int
    lane: str
    step: int
    rating: str = "effective"
    credits_per_year: float = 0.0
    pd_hours_per_year: float = 0.0
    mcs_per_year: float = 0.0
    apply_for_model: bool = False
    fte: float = 1.0
    pathway: str | None = None  # a placement already known; else the crosswalk decides
    interval: int | None = None
    au_banked: float = 0.0
    credits_banked: float = 0.0
    role: str = ""  # a paid role the member holds (role.stipend.<role>), e.g. mentor
    hard_to_staff_school: bool = False
    hard_to_staff_subject: bool = False
    top_school: bool = False  # the member's school meets its goal (school-wide bonus, market incentive)
    earns_qcomp: bool = False  # the member expects to earn every Q Comp component
    schedule: str = ""  # the member's schedule when the workbook has more than one (blank: StepSchedule)


def paid_roles(terms: Iterable[Terms]) -> list[str]:
    """The roles any of these terms pays a stipend for (role.stipend.<role> above 0): what My pay offers a member."""
    return sorted({role for t in terms for role, amount in t.family("role.stipend").items() if amount})


def _member_terms(terms: Terms, m: Member, school_fte: float = 1.0) -> Terms:
    """The scenario's contract terms with this member's expectations made certain."""
    # A member's role is paid whatever the slots; their MCs are certain, whatever the shares by band or pathway.
    params = {k: v for k, v in terms.params if not k.startswith(("role.slots.", "mc.share_by_"))}
    params.update(_certain(m))
    # A school's pool shared per FTE: the member's share is the pool over an average school's FTE.
    params["perf.pool_per_teacher"] = (float(params["perf.pool_per_teacher"])
                                       + float(params["perf.pool_per_school"]) / max(school_fte, 1e-9))
    params["perf.pool_per_school"] = 0.0
    for name in ("site_goal", "student_goal", "plc", "practice"):
        params[f"qcomp.{name}.take_up"] = 1.0 if m.earns_qcomp else 0.0
    return replace(terms, params=tuple(sorted(params.items())))


def _certain(m: Member) -> dict:
    """Expectations as certainties: a fixed rating, credits, hours and MCs; Model as chosen."""
    return {
        "rating.persistence": 1.0,
        **{f"rating_share.{r}": 0.25 for r in RATINGS},  # any shares: with persistence 1 the rating is fixed
        "credits.share_taking": 1.0, "credits.per_taker": float(m.credits_per_year),
        "pd_hours.per_year": float(m.pd_hours_per_year),
        "mc.share_taking": 1.0, "mc.per_taker": float(m.mcs_per_year),
        "model.application_rate": 1.0 if m.apply_for_model else 0.0,
        "model.pass_rate": 1.0, "review.pass_rate": 1.0, "lead.slots": 0,
    }


def member_projection(inputs: Inputs, member: Member, names: list[str] | None = None) -> pd.DataFrame:
    """Salary, stipends, cumulative earnings and placement by year, per scenario."""
    _check(inputs, member)
    roster = canonical_roster(pd.DataFrame([{
        "employee_id": "member", "fte": member.fte, "years_experience": member.years_experience,
        "lane": member.lane, "step": member.step, "rating": member.rating, "school": "",
        "credits_banked": member.credits_banked, "au_banked": member.au_banked,
        "pathway": member.pathway or "", "interval": member.interval, "role": member.role,
        "hard_to_staff_school": float(member.hard_to_staff_school),
        "hard_to_staff_subject": float(member.hard_to_staff_subject), "top_school": float(member.top_school),
        "schedule": member.schedule,
    }]))
    one = replace(inputs, roster=roster, _fingerprint=[])
    school_fte = average_school_fte(inputs)
    scenarios = [(name, _member_terms(terms, member, school_fte)) for name, terms in inputs.scenarios(names)]
    rows = []
    for p in project(one, scenarios, replicates=1, separations=False):
        labels = [p.cell_labels[int(code)] for code in p.teacher["cell"][:, 0]]
        salary = p.teacher["salary"][:, 0]
        stipend = p.teacher["stipend"][:, 0]
        earnings = salary + stipend
        rows.append(pd.DataFrame({
            "scenario": p.name, "year": p.years, "salary": salary, "stipend": stipend,
            "earnings": earnings, "cumulative_earnings": np.cumsum(np.where(np.arange(len(p.years)) > 0, earnings, 0)),
            "system": [s for s, _, _ in labels], "placement": [g for _, g, _ in labels],
            "number": [k for _, _, k in labels],
            "au_banked": p.teacher["au"][:, 0],
            **{line: _line(p, line) for line in PAY_LINES},
        }))
    return pd.concat(rows, ignore_index=True)


def _line(p, line: str) -> np.ndarray:
    """The member's pay from one component by year (zero when the scenario does not pay it)."""
    kept = p.teacher.get(f"pay.{line}")
    return kept[:, 0] if kept is not None else np.zeros(len(p.years))


def _check(inputs: Inputs, m: Member) -> None:
    lanes = inputs.baseline.step_schedule.lanes
    steps = inputs.baseline.step_schedule.steps
    problems = []
    if m.lane not in lanes:
        problems.append(f"lane must be one of {', '.join(lanes)}")
    sched = inputs.baseline.step_schedule
    top = sched.top(lanes.index(m.lane)) if m.lane in lanes else steps
    if not 1 <= m.step <= top:
        problems.append(f"step must be from {sched.label(1)} to {sched.label(top)} (in schedule order)")
    if m.schedule not in sched.names:
        problems.append(f"schedule must be one of {', '.join(n or 'StepSchedule' for n in sched.names)}")
    if m.rating not in RATINGS:
        problems.append(f"rating must be one of {', '.join(RATING_LABELS.values())}")
    if not 0 < m.fte <= 1:
        problems.append("FTE must be above 0 and at most 1")
    if m.years_experience < 0 or min(m.credits_per_year, m.pd_hours_per_year, m.mcs_per_year) < 0:
        problems.append("years and yearly credits, hours and micro-credentials cannot be negative")
    if m.pathway is not None and m.pathway not in PATHWAYS:
        problems.append(f"pathway must be one of {', '.join(PATHWAYS)}")
    if problems:
        raise ValueError("; ".join(problems))


def milestones(frame: pd.DataFrame) -> pd.DataFrame:
    """The first year the member is on each pathway, per scenario (pathway scenarios only)."""
    on_pathways = frame[frame["system"] == "pathways"]
    first = on_pathways.groupby(["scenario", "placement"], sort=False)["year"].min().reset_index()
    first["order"] = first["placement"].map(PATHWAYS.index)
    return first.sort_values(["scenario", "order"]).drop(columns="order").rename(
        columns={"placement": "pathway", "year": "first_year"}).reset_index(drop=True)


def aus_a_year(terms: Terms, m: Member) -> float:
    """The AUs the member earns each year under these terms (the engine's rule with their certain
    expectations): rating + PD hours / hours per AU + credits + MCs + other + role, up to the annual cap."""
    earned = (float(terms[f"au.by_rating.{m.rating}"]) + m.pd_hours_per_year / float(terms["au.pd_hours_per_au"])
              + m.credits_per_year * float(terms["au.per_credit"]) + m.mcs_per_year * float(terms["au.per_mc"])
              + float(terms["au.other_per_year"]) + float(terms.family("au.by_role").get(m.role, 0) or 0))
    cap = terms["au.annual_cap"]
    return min(earned, float(cap)) if cap is not None else earned


def placement(system: str, group: str, number: int | str) -> str:
    """'MA step 6', 'MA step 3A' (a published schedule's own label) or 'Professional interval 3'."""
    shown = number if isinstance(number, str) else int(number)
    return f"{group} {'interval' if system == 'pathways' else 'step'} {shown}"


def year_by_year(frame: pd.DataFrame, scenario: str, terms: Terms, m: Member) -> pd.DataFrame:
    """One row a year for one scenario: placement, AUs earned, banked and still needed for the next interval
    (on pathways), salary, and the difference from the status quo's salary."""
    rows = frame[frame["scenario"] == scenario].reset_index(drop=True)
    sq = frame[frame["scenario"] == frame["scenario"].iloc[0]].set_index("year")["salary"]
    on_pathways = rows["system"] == "pathways"
    per_interval = float(terms["au.per_interval"])
    earned = aus_a_year(terms, m) if terms.pay_system == "pathways" else 0.0
    table = pd.DataFrame({
        "year": rows["year"],
        "placement": [placement(s, g, k) for s, g, k in zip(rows["system"], rows["placement"], rows["number"],
                                                              strict=True)],
        # AUs earned in a year are banked at the start of the next; the base year has none yet.
        "aus_earned": np.where(on_pathways & (rows.index > 0), earned, np.nan),
        "aus_banked": rows["au_banked"].where(on_pathways),
        "aus_needed": (per_interval - rows["au_banked"]).where(on_pathways),
        "salary": rows["salary"],
        "salary_vs_status_quo": rows["salary"] - rows["year"].map(sq).to_numpy(),
    })
    return table


def how_you_move(frame: pd.DataFrame, scenario: str, terms: Terms, m: Member) -> str:
    """One sentence on how the member moves under a scenario, from the rules the model uses."""
    if terms.pay_system != "pathways":
        return ("You move up one step a year to the top of your lane"
                f"{' and change lane as your credits reach its threshold' if m.credits_per_year else ''}.")
    extras = ", ".join(f"{amount:g} {what}" for amount, what in (
        (m.pd_hours_per_year, "PD hours"), (m.credits_per_year, "credits"), (m.mcs_per_year, "micro-credentials"))
        if amount)
    earned, per_interval = aus_a_year(terms, m), float(terms["au.per_interval"])
    text = (f"At {RATING_LABELS[m.rating]}{f' with {extras}' if extras else ''} you earn "
            f"{earned:g} AUs a year; {per_interval:g} move you up one interval")
    reached = list(milestones(frame[frame["scenario"] == scenario]).itertuples())
    if reached:
        text += f"; you convert to {reached[0].pathway} in {reached[0].first_year}"
        text += "".join(f", reach {r.pathway} in {r.first_year}" for r in reached[1:])
    return text + "."
