"""Session state: what is loaded, the proposals being edited, what is compared.

Everything the user changes lives here; pages read `inputs()` and never keep copies. A bad
upload or a bad value is refused with its message and leaves the last good state in place.
"""

from __future__ import annotations

import runpy
from dataclasses import replace
from pathlib import Path
from typing import Any

import streamlit as st

from models import guarded, links, workbook, workshop
from models.changes import differences, label
from models.inputs import Inputs
from models.person import paid_roles
from models.problems import InputError, Problem, shown
from models.terms import MAX_PROPOSALS, Proposal, Terms, name_problem, proposal_name, quoted_name
from ui import data

session = st.session_state
APP = Path(__file__).resolve().parents[1] / "app.py"
PAGES = APP.parent / "pages"


def run_inside_app() -> None:
    """Run app.py around this page when Streamlit ran the page file alone.

    A fresh server whose first request is a page URL (say /contract_terms) runs that file by
    itself, in the legacy pages/ mode, before app.py has ever called st.navigation. Running
    app.py here gives the page its sidebar and session, and leaves that mode for good.
    """
    if "loaded" not in session:
        runpy.run_path(str(APP), run_name="__main__")
        st.stop()


def init() -> None:
    """A new session opens what its link names, else the Baltimore-scale sample with every proposal."""
    session.setdefault("load_problems", [])
    if "loaded" not in session:
        _open_link(st.query_params)
    session.setdefault("edit_problems", [])
    session.setdefault("editor_version", 0)


# exercise: Workshop's choice; side and share_upload: the desk panel's, drawn only while it is open
SIDEBAR_KEYS = ("compare", "horizon", "presenter", "side", "share_upload", "editing", "exercise")


def keep_widget_values() -> None:
    """Re-own the sidebar's widget values at the start of every run.

    Streamlit forgets a widget's session-state value if a run is interrupted (say, by a quick page
    click) before the widget is drawn, or on a page that does not draw it (My pay's inputs); the browser
    then sends the widget's default back (1 year, no proposals). Assigning the values to themselves makes
    them the session's, not the widget's.
    """
    for key in (*SIDEBAR_KEYS, *MEMBER_KEYS.values()):  # My pay's inputs too: kept on another page, and saved
        if key in session:
            session[key] = list(session[key]) if isinstance(session[key], list) else session[key]


def _open_link(query: Any) -> None:
    """The view a shared link describes: sample, proposals as edited, compared, years, presenter mode."""
    by_stem = {Path(file).stem: label for label, file in data.SAMPLES.items()}
    label = by_stem.get(query.get("sample", ""), next(iter(data.SAMPLES)))
    content = data.sample_bytes(label)
    use(data.read_workbook(content), label, content)
    if "member" in query:
        _open_member_link(query["member"])
        return
    if "edits" in query:
        try:
            session.proposals = links.proposals_from_token(query["edits"], session.loaded.baseline)
        except InputError as exc:
            session.load_problems = [str(p) for p in exc.problems]
        session.editing = session.proposals[0].name if session.proposals else None
    names = [p.name for p in session.proposals]
    # a link leaves out compare when every proposal is compared (link_query)
    session.compare = [n for n in query.get_all("compare") if n in names] if "compare" in query else names
    years = query.get("years", "")
    if years.isascii() and years.isdigit() and len(years) < 4:  # int("²") fails though "²".isdigit()
        session.horizon = min(max(int(years), 1), 20)
    session.presenter = query.get("presenter") == "1"
    if query.get("exercise") in {e.key for e in workshop.EXERCISES}:
        session.exercise = query["exercise"]


# My pay's inputs by the member's field a member link carries (models.links.MEMBER_FIELDS).
MEMBER_KEYS = {"years_experience": "me_years", "lane": "me_lane", "step": "me_step", "fte": "me_fte",
               "rating": "me_rating", "credits_per_year": "me_credits", "pd_hours_per_year": "me_hours",
               "mcs_per_year": "me_mcs", "apply_for_model": "me_model", "schedule": "me_schedule",
               "role": "me_role", "earns_qcomp": "me_qcomp", "top_school": "me_top",
               "hard_to_staff_school": "me_hard_school", "hard_to_staff_subject": "me_hard_subject"}


def _open_member_link(token: str) -> None:
    """A member link: My pay on its one offer beside the status quo, with the member's inputs if it has them."""
    try:
        offer, member = links.member_from_token(token, session.loaded.baseline)
    except InputError as exc:
        session.load_problems = [str(p) for p in exc.problems]  # said in the main area; the sample opens as tabled
        return
    session.proposals, session.compare, session.editing = [offer], [offer.name], offer.name
    session.me_table_scenario = offer.name
    take_member(member)
    session.open_my_pay = True


def take_member(member: dict[str, Any]) -> None:
    """My pay's inputs as a member link or a desk gives them (models.links.check_member: each within My pay's
    bounds); those it leaves out take My pay's first values."""
    for key in MEMBER_KEYS.values():
        session.pop(key, None)
    for field, value in member.items():
        session[MEMBER_KEYS[field]] = value
    session.me_step_chosen = "step" in member  # a step the link names stays, whatever the years


def member_inputs(offer: Proposal | None = None) -> dict[str, Any]:
    """My pay's inputs on screen as a member link carries them (the step by its published label); for a link on
    `offer`, a role that neither it nor the workbook pays is left out (the link's receiver would refuse it)."""
    member = {field: session[key] for field, key in MEMBER_KEYS.items() if key in session}
    base = session.loaded.baseline
    if "step" in member:
        member["step"] = base.step_schedule.label(int(member["step"]))
    if offer is not None and member.get("role") not in ("", *paid_roles([base, offer.terms(base)])):
        del member["role"]
    return member


def member_link(offer: Proposal, with_member: bool) -> dict[str, str] | None:
    """The query of a link for members: My pay on `offer`, with My pay's inputs if asked; None when the
    workbook is an upload (its link opens a members' copy: ui.members)."""
    if session.source not in data.SAMPLES:
        return None
    return {"sample": Path(data.SAMPLES[session.source]).stem,
            "member": links.member_token(offer, member_inputs(offer) if with_member else None)}


def link_query(desk: bool = False) -> dict[str, Any]:
    """What a link needs to reopen this view; the address bar also carries this session's desk."""
    if session.get("members_copy"):  # a member's view of a members' copy: no desk, the copy and the link's inputs
        query = {"copy": session.members_copy, "me": session.get("members_copy_me"),
                 "presenter": "1" if session.get("presenter") else None}
        return {k: v for k, v in query.items() if v}
    query: dict[str, Any] = {"desk": session.desk} if desk and "desk" in session else {}
    if desk and session.get("joint_seat") is not None:
        query["table"] = session.joint_seat.token  # this screen's seat at a joint table: never in a shared link
    if session.source in data.SAMPLES:
        query["sample"] = Path(data.SAMPLES[session.source]).stem
        token = links.edits_token(session.loaded.proposals, session.proposals)
        if token:
            query["edits"] = token
    if session.compare != [p.name for p in session.proposals]:
        query["compare"] = list(session.compare)
    if session.horizon != int(session.loaded.baseline["horizon"]):
        query["years"] = str(session.horizon)
    if session.get("presenter"):
        query["presenter"] = "1"
    if session.get("exercise"):
        query["exercise"] = session.exercise
    return query


def sync_link() -> None:
    """Keep the address bar a link to this view (written only when it changes)."""
    wanted = link_query(desk=True)
    current = {k: (st.query_params.get_all(k) if k == "compare" else st.query_params[k]) for k in st.query_params}
    if current != wanted:
        st.query_params.from_dict(wanted)


def use(inputs: Inputs, label: str, content: bytes) -> None:
    session.loaded = inputs
    session.loaded_bytes = content  # a roster CSV uploaded later replaces this workbook's roster
    session.loaded_csv = None  # the roster CSV read with it, if any (set by load)
    session.source = label
    session.proposals = list(inputs.proposals)
    session.compare = [p.name for p in inputs.proposals]
    session.horizon = int(inputs.baseline["horizon"])
    session.editing = session.proposals[0].name if session.proposals else None
    session.editor_version = session.get("editor_version", 0) + 1
    _fit_member(inputs)


def _fit_member(inputs: Inputs) -> None:
    """My pay's inputs that this workbook has no place for (another workbook's lane, schedule or paid role, a step
    past the lane's last) go, and My pay shows its first values there; the others stay."""
    base = inputs.baseline
    sched = base.step_schedule
    lane = session.get("me_lane")
    if lane not in sched.lanes:
        for key in ("me_lane", "me_step", "me_step_chosen"):
            session.pop(key, None)
    elif "me_step" in session:
        session.me_step = min(int(session.me_step), sched.top(sched.lanes.index(lane)))
    if session.get("me_schedule", "") not in sched.names:
        del session["me_schedule"]
    if session.get("me_role", "") not in ("", *paid_roles([base, *(p.terms(base) for p in inputs.proposals)])):
        del session["me_role"]


def upload_key() -> str:
    """The uploader's key, renewed after a refusal so that it no longer shows the refused file."""
    return f"upload|{session.get('upload_version', 0)}"


def load(content: bytes, label: str, roster_csv: bytes | None = None,
         column_map: tuple[tuple[str, str], ...] | None = None, refused: str | None = None) -> bool:
    """Load a workbook (or a roster CSV into the current one); on problems keep what is loaded."""
    try:
        inputs = (guarded.read(content, roster_csv=roster_csv, column_map=column_map)
                  if roster_csv is not None or column_map is not None else data.read_workbook(content))
    except InputError as exc:
        session.load_problems = exc.lines  # one line per cause, a repeated kind said once
        session.load_summary = f"{exc.summary}."
        session.refused_count = len(exc.problems)
        session.refused_file = refused or label
        session.refused_reason = getattr(exc, "reason", None)  # past a reader's limit (time, memory): said plainly
        return False
    session.load_problems = []
    session.refused_file = None
    use(inputs, label, content)
    session.loaded_csv = roster_csv  # read again with it when the column mapping is confirmed
    return True


def confirm_columns(editor_key: str) -> bool:
    """Read the roster again with the mapping as shown and edited (a button's callback, before widgets draw);
    proposals and settings as edited stay."""
    pairs = [list(pair) for pair in session.loaded.roster_headers]
    for row, change in session.get(editor_key, {}).get("edited_rows", {}).items():
        if "read as" in change:
            pairs[int(row)][1] = change["read as"]
    kept = {k: session[k] for k in ("proposals", "compare", "horizon", "editing")}
    mapping = tuple((str(header), column or "ignore") for header, column in pairs)
    if not load(session.loaded_bytes, session.source, roster_csv=session.get("loaded_csv"), column_map=mapping):
        return False
    for key, value in kept.items():
        session[key] = value
    # The workbook kept (and saved with the desk) is now the one with the roster as read and its ColumnMap.
    session.loaded_bytes, session.loaded_csv = workbook.to_bytes(session.loaded), None
    return True


def inputs() -> Inputs:
    """The loaded workbook with the proposals as edited and the chosen horizon."""
    current = session.loaded.with_proposals(tuple(session.proposals))
    return current.with_settings(horizon=session.horizon) if session.horizon != current.baseline["horizon"] else current


def shown_inputs() -> Inputs:
    """inputs() with only the compared proposals: a page projects what it shows, not every proposal."""
    full, names = inputs(), set(compared())
    return full.with_proposals(tuple(p for p in full.proposals if p.name in names))


def tabled_inputs() -> Inputs:
    """The loaded workbook with its own proposals (as tabled, before any edit) and the chosen horizon."""
    loaded = session.loaded
    return loaded.with_settings(horizon=session.horizon) if session.horizon != loaded.baseline["horizon"] else loaded


def sample_label(file: str) -> str:
    return next(label for label, name in data.SAMPLES.items() if name == file)


def start_exercise(sample_file: str, proposal_name: str) -> None:
    """Open the exercise's sample as tabled and its proposal (ui.desk.start_new keeps the earlier desk)."""
    label = sample_label(sample_file)
    load(data.sample_bytes(label), label)
    session.editing = proposal_name
    session.compare = [proposal_name]


def reset_proposal(name: str) -> None:
    """Put one proposal back as the workbook tabled it."""
    tabled = next(p for p in session.loaded.proposals if p.name == name)
    session.proposals = [tabled if p.name == name else p for p in session.proposals]
    session.editor_version += 1


def compared() -> list[str]:
    names = {p.name for p in session.proposals}
    return [n for n in session.compare if n in names]


def proposal(name: str) -> Proposal:
    return next(p for p in session.proposals if p.name == name)


def proposal_terms(name: str) -> Terms:
    return proposal(name).terms(session.loaded.baseline)


def on_screen(p: Problem) -> str:
    """An edit's problem named by the field's label on screen ('AUs per interval'), not its workbook key."""
    if p.sheet == "Proposals" and p.row is None and p.column:
        return f"{label(p.column)}: found {shown(p.found)}; expected {p.expected}"
    return str(p)


def set_overrides(name: str, overrides: dict[str, Any]) -> list[str]:
    """Replace a proposal's overrides if they are all valid; else return the problems."""
    _, clean, problems = session.loaded.baseline.apply(overrides)
    if problems:
        return [on_screen(p) for p in problems.items]
    session.proposals = [replace(p, overrides=tuple(clean.items())) if p.name == name else p for p in session.proposals]
    return []


def _name_refused(name: str, old: str | None = None) -> str | None:
    bad = name_problem(name, [p.name for p in session.proposals if p.name != old])
    if bad is None and old is None and len(session.proposals) >= MAX_PROPOSALS:
        bad = f"at most {MAX_PROPOSALS} proposals at one table: delete one first"
    return f"{quoted_name(name)} cannot be used: expected {bad}." if bad else None


def add_proposal(name: str, overrides: tuple = ()) -> str | None:
    name = proposal_name(name)
    if refused := _name_refused(name):
        return refused
    session.proposals = session.proposals + [Proposal(name, overrides)]
    session.compare = session.compare + [name]
    session.editing = name
    return None


def rename_proposal(old: str, new: str) -> str | None:
    new = proposal_name(new)
    if refused := _name_refused(new, old):
        return refused
    session.proposals = [replace(p, name=new) if p.name == old else p for p in session.proposals]
    session.compare = [new if n == old else n for n in session.compare]
    session.editing = new
    return None


def delete_proposal(name: str) -> None:
    session.proposals = [p for p in session.proposals if p.name != name]
    session.compare = [n for n in session.compare if n != name]
    session.editing = session.proposals[0].name if session.proposals else None


def set_override(name: str, key: str, value: Any) -> list[str]:
    """Change one value of a proposal. The value already in force changes nothing (no override, no undo step);
    one the proposal would have in force without its override of the key drops the override."""
    baseline = session.loaded.baseline
    overrides = proposal(name).as_dict()
    if value is None and key not in dict(baseline.params):
        overrides.pop(key, None)  # a cleared year's value: the default
    else:
        overrides[key] = value
    edited, _, problems = baseline.apply(overrides)
    if problems:
        return [on_screen(p) for p in problems.items]
    if not differences(proposal_terms(name), edited):
        return []
    without = {k: v for k, v in overrides.items() if k != key}
    bare, _, unfit = baseline.apply(without)
    return set_overrides(name, without if not unfit and not differences(bare, edited) else overrides)


def set_cells(name: str, cells: dict[str, Any]) -> list[str]:
    """Change schedule cells of a proposal (step_salary.* / pathway_salary.* keys) together."""
    overrides = proposal(name).as_dict()
    overrides.update(cells)
    return set_overrides(name, overrides)
