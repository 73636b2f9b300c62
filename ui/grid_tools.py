"""A salary grid on Contract terms, edited safely: the editor, paste, set one cell, raise a range.

Every edit goes through `edit`: an edit is confirmed in words with its cost where it was made and kept in the
proposal's edit log. The choice of cell (pathway or lane, interval or step) lives in keys without
the editor's version, so it survives the redraw an edit causes.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from models import changes, grid_edit, parameters
from models.grid_edit import PATHWAYS, STEPS, Grid
from models.safe_text import markdown as text
from models.terms import Terms
from ui import data, state, widgets

session = st.session_state


def _cost(name: str) -> float:
    """The proposal's cost over the horizon, as the bargaining table shows it (its projection alone, cached)."""
    return data.cost_over_horizon(state.inputs(), name)


def edit(name: str, cells: dict[str, Any], where: str) -> None:
    """Apply cells to a proposal and confirm the edit in words with its cost; a bad cell refuses them all."""
    before = state.proposal_terms(name)
    cost_before = _cost(name)
    session.edit_problems = state.set_cells(name, cells)
    if session.edit_problems:
        return
    text = changes.confirmation(changes.in_words(before, state.proposal_terms(name)), _cost(name) - cost_before,
                                int(session.horizon), name)
    applied = {k: v for k, v in state.proposal(name).as_dict().items() if k in cells}
    session.last_edit = {"name": name, "where": where, "text": text, "cells": applied}
    session.setdefault("edit_log", {}).setdefault(name, []).append({"text": text, "cells": applied})


def _in_force(name: str, entry: dict) -> bool:
    """Whether an edit's cells are still as it set them (not undone or changed since)."""
    now = state.proposal(name).as_dict()
    return all(now.get(k) == v for k, v in entry["cells"].items())


def edit_log(name: str) -> None:
    """The salary edits made on this screen, each with its cost when made; one undone or changed since is marked."""
    made = session.get("edit_log", {}).get(name, [])
    if not made:
        return
    st.markdown("**Salary edits made here, each with its cost when it was made**")
    st.markdown("\n".join(f"- {text(e['text'])}" if _in_force(name, e) else
                          f"- ~~{text(e['text'])}~~ (undone or changed since)" for e in made))  # names are users' text


def _keep_dips(name: str, found: list[tuple[str, str]]) -> None:
    session.setdefault("kept_dips", set()).update((name, lower, upper) for lower, upper in found)


def _frame(grid: Grid, extra_row: bool) -> pd.DataFrame:
    longest = max(len(v) for v in grid.cells) + extra_row
    word = grid.row_word.title()
    return pd.DataFrame({c: list(v) + [float("nan")] * (longest - len(v)) for c, v in zip(grid.columns, grid.cells,
                                                                                          strict=True)},
                        index=pd.Index([grid.label(r) for r in range(1, longest + 1)], name=word))  # as published


def _grid_changed(name: str, key: str, frame: pd.DataFrame, grid: Grid) -> None:
    """The editor's changed cells, as one edit."""
    cells, refused = {}, []
    for row, changed in session[key].get("edited_rows", {}).items():
        for column, value in changed.items():
            number = int(row) + 1  # rows in schedule order; the index shows their labels
            if value is None or value != value:
                refused.append(f"{column}, {frame.index.name.lower()} {frame.index[int(row)]}: a salary cannot be "
                               "removed (type another amount instead)")
            else:
                cells[grid.key(column, number)] = value
    # The editor keeps its own edits while its key stands: a new key redraws it from the terms in force,
    # whatever happens. The tools below it leave the key alone (the editor holds no edits then), so the
    # page's widgets stay mounted and only the grid's values change in the browser.
    session.editor_version += 1
    if refused:
        session.edit_problems = refused
        return
    edit(name, cells, grid.prefix)


def _typed(tag: str) -> None:
    session[f"one_typed|{tag}"] = True


def _set_one(name: str, grid: Grid, keys: tuple[str, str, str]) -> None:
    column, number, amount = (session[k] for k in keys)
    edit(name, {grid.key(column, number): amount}, grid.prefix)


def _raise(name: str, prefix: str, keys: tuple[str, ...], columns: list[str], grid: Grid) -> None:
    chosen, first, last, percent, dollars = (session[k] for k in keys)
    if percent is None or not -100 < percent <= 1000 or dollars is None or abs(dollars) > 1_000_000:
        session.edit_problems = [f"a raise of {percent}% plus ${dollars}: expected one above -100% and at most 1,000%, "
                           "and at most $1,000,000"]  # 1e308 would overflow round() into the error page
        return
    cells = grid_edit.raised(grid, columns if chosen == "All" else [chosen], int(first), int(last),
                             float(percent), float(dollars))
    edit(name, cells, prefix)


def _paste(name: str, prefix: str, key: str, grid: Grid) -> None:
    cells, problems = grid_edit.parse_pasted(session[key] or "", grid)
    if problems:
        session.edit_problems = problems
        return
    edit(name, cells, prefix)
    if not session.edit_problems:
        session[key] = ""


def _chosen_cell(tag: str, grid: Grid, columns: list[str]) -> tuple[str, str, str]:
    """The keys of the set-one-salary controls, the choice kept and the amount started from the cell's value.

    A widget's value is dropped when a run does not draw it (another tab open), so the choice is
    also kept under a plain key and put back from there. An amount typed in the same run as a new
    cell was chosen (typed fast, before the page had caught up) is the user's: it is not replaced.
    """
    keys = (f"one_group|{tag}", f"one_number|{tag}", f"one_amount|{tag}")
    seen = session.get(f"one_seen|{tag}")
    column = session.get(keys[0], seen[0] if seen else columns[0])
    column = column if column in columns else columns[0]
    top = grid.rows(column) + _adds(grid)  # the next interval adds one
    number = min(max(int(session.get(keys[1], seen[1] if seen else 1)), 1), top)
    current = grid.value(column, number)
    _put(keys[0], column)
    _put(keys[1], number)
    typed = session.pop(f"one_typed|{tag}", False)
    if (seen != (column, number, current) and not typed) or keys[2] not in session:
        session[keys[2]] = float(current if current is not None else grid.value(column, number - 1))
    session[f"one_seen|{tag}"] = (column, number, current)
    return keys


def _step_box(where: Any, title: str, grid: Grid, top: int, key: str) -> None:
    """A step chosen by the label the schedule prints (4 ... 33, 3A), kept as its position (from 1): on a
    schedule reserving steps 1-3 a typed 10 was its tenth step, printed 13."""
    where.selectbox(title, range(1, top + 1), key=key, format_func=grid.label)


def _put(key: str, value: Any) -> None:
    """Set a widget's value only where it must change (put back, or out of range). A value set from the script
    is sent to the browser, which takes it over an interval entered while this run was under way (the joint
    table's watch redraws the screen when the other side tables an offer): the user's entry would be lost."""
    if key not in session or session[key] != value:
        session[key] = value


def _adds(grid: Grid) -> bool:
    """Whether the next interval's cell adds one (pathways, as written; not a later year's grid)."""
    return grid.prefix == PATHWAYS and grid.year is None


def _year_choice(name: str, prefix: str) -> tuple[int | None, int]:
    """Which schedule to edit: the proposal's own (0), or the one in force in a contract year, as paid."""
    first = int(session.loaded.baseline["base_year"]) + 1
    years = [0, *range(first, first + int(session.horizon))]
    key, kept = f"grid_year|{prefix}|{name}", f"grid_year_kept|{prefix}|{name}"
    chosen = session.get(key, session.get(kept, 0))  # put back after a run that did not draw it (other tab open)
    _put(key, chosen if chosen in years else 0)
    session[kept] = session[key]
    st.selectbox("Schedule to edit", years, key=key,
                 format_func=lambda y: "The proposal's schedule (before raises)" if not y else
                 f"{y}-{(y + 1) % 100:02d} as paid: a cell set here is that year's salary (its own grid)")
    return session[key] or None, first


def salary_grid(name: str, terms: Terms, prefix: str) -> None:
    """One salary schedule of a proposal: flags, the editor, the tools, the confirmation, the changes highlighted."""
    year, first = _year_choice(name, prefix)
    grid = grid_edit.grid_of(terms, prefix, year, first)
    columns = [c for c in grid.columns if grid.rows(c)]
    word = grid.row_word.title()
    column_word = "Pathway" if prefix == PATHWAYS else "Lane"
    tag = f"{prefix}|{name}" + (f"|{year}" if year else "")
    _flags(name, grid)
    frame = _frame(grid, extra_row=_adds(grid))
    key = f"grid|{prefix}|{year}|{session.editor_version}|{name}"
    st.data_editor(frame, key=key, on_change=_grid_changed, args=(name, key, frame, grid),
                   column_config={c: st.column_config.NumberColumn(f"{c} ($)", format="localized")
                                  for c in grid.columns})

    one = _chosen_cell(tag, grid, columns)
    a, b, c, d = st.columns([2, 1, 2, 2], vertical_alignment="bottom")
    a.selectbox(column_word, columns, key=one[0])
    if grid.prefix == STEPS:
        _step_box(b, word, grid, grid.rows(session[one[0]]), one[1])
    else:
        b.number_input(word, 1, grid.rows(session[one[0]]) + _adds(grid), step=1, key=one[1])
    c.number_input("New salary ($)", step=500.0, key=one[2], on_change=_typed, args=(tag,))
    d.button("Set this salary", key=f"one_apply|{tag}", on_click=_set_one, args=(name, grid, one))
    current = grid.value(session[one[0]], session[one[1]])
    chosen = changes.label(grid.key(session[one[0]], session[one[1]]))
    st.caption(text(f"{chosen} now pays ${current:,.0f}." if current is not None
                    else f"{chosen} is empty: setting it adds the interval."))  # lane names are the workbook's

    every = tuple(f"all_{part}|{tag}" for part in ("group", "from", "to", "pct", "dollars"))
    rows = max(grid.rows(c) for c in columns)
    _put(every[2], min(session.get(every[2], rows), rows))
    a, b, b2, c, c2, d = st.columns([2, 1, 1, 1, 1, 2], vertical_alignment="bottom")
    a.selectbox("Raise the salaries of", ["All"] + columns, key=every[0])
    if grid.prefix == STEPS:
        _put(every[1], min(session.get(every[1], 1), rows))
        _step_box(b, f"from {word.lower()}", grid, rows, every[1])
        _step_box(b2, f"to {word.lower()}", grid, rows, every[2])
    else:
        b.number_input(f"from {word.lower()}", 1, rows, 1, key=every[1])
        b2.number_input(f"to {word.lower()}", 1, rows, key=every[2])
    c.number_input("by (%)", value=0.0, step=0.5, min_value=-99.0, max_value=1000.0, key=every[3])
    c2.number_input("plus ($)", value=0.0, step=250.0, min_value=-1e6, max_value=1e6, key=every[4],
                      help="A flat amount added to each salary.")
    d.button("Apply to the grid", key=f"all_apply|{tag}", on_click=_raise, args=(name, prefix, every, columns, grid))

    paste = f"paste|{tag}"
    with st.expander("Paste a grid from Excel or LibreOffice"):
        rows_named = "steps as the schedule prints them" if prefix == STEPS else "interval numbers"
        st.caption(f"Copy the cells (with or without the {column_word.lower()} names on top and the "
                   f"{rows_named} on the left) and paste them here. Empty cells change nothing.")
        st.text_area("Pasted grid", key=paste, height=150)
        st.button("Use the pasted grid", key=f"paste_apply|{tag}", on_click=_paste, args=(name, prefix, paste, grid))

    if year is None:
        _shape(name, terms, prefix)
    last = session.get("last_edit")
    if last and last["name"] == name and last["where"] == prefix and _in_force(name, last):
        st.success(text(last["text"]), icon=":material/check:")
    _highlighted(grid, grid_edit.grid_of(session.loaded.baseline, prefix, year, first))


def _shape(name: str, terms: Terms, prefix: str) -> None:
    """Steps or intervals removed from the top (or added, paying the top salary until set); lanes removed or
    added (step-and-lane proposals)."""
    if prefix == PATHWAYS:
        cols = st.columns(4)
        for col, pathway in zip(cols, [p for p in parameters.PATHWAYS if terms.pathways.intervals(p)],
                                strict=False):
            with col:
                widgets.param_input(name, f"pathway_intervals.{pathway}", terms.pathways.intervals(pathway))
        return
    workbook = session.loaded.baseline.step_schedule  # removed steps by their published labels
    removed = [workbook.label(s) for s in range(terms.step_schedule.steps + 1, workbook.steps + 1)]
    sched = terms.step_schedule
    st.caption(f"The schedule runs from step {sched.label(1)} to step {sched.label(sched.steps)} as printed "
               f"({sched.steps} steps); ending it at a lower step removes the steps above it, at a later one "
               f"adds steps after {sched.label(sched.steps)} (paying its salaries until set).")
    cols = st.columns(4)
    with cols[0]:
        widgets.param_input(name, "step_count", terms.step_schedule.steps)
    for i, step in enumerate(removed, start=1):
        with cols[i % 4]:
            widgets.param_input(name, f"step_crosswalk.{step}", terms.get(f"step_crosswalk.{step}"))
    if len(removed):
        st.caption("Teachers on a removed step go to the step named here, else to the lowest step of their lane "
                   "paying at least their salary; nobody's pay falls at the change.")
    if terms.pay_system == "step_and_lane":
        _lanes(name, terms)


def _set_lane(name: str, kind: str, keys: tuple[str, str]) -> None:
    """lane_removed.<lane> = the lane its teachers go to; lane_added.<new lane> = the lane it follows."""
    lane, other = (str(session[k] or "").strip() for k in keys)
    session.edit_problems = state.set_override(name, f"lane_{kind}.{lane}", other) if lane else [
        "a lane needs a name (letters, digits, + - _)"]
    session.editor_version += 1


def _unset(name: str, key: str) -> None:
    session.edit_problems = state.set_override(name, key, None)
    session.editor_version += 1


def _lanes(name: str, terms: Terms) -> None:
    """Remove a lane (its teachers placed on another) or add one; each change can be taken back."""
    lanes = list(terms.step_schedule.lanes)
    drop = (f"lane_drop|{name}", f"lane_to|{name}")
    a, b, c = st.columns([2, 2, 2], vertical_alignment="bottom")
    a.selectbox("Lane to remove", lanes, key=drop[0])
    b.selectbox("its teachers go to", lanes, index=len(lanes) - 1, key=drop[1])
    c.button("Remove the lane", key=f"lane_drop_apply|{name}", on_click=_set_lane, args=(name, "removed", drop))
    add = (f"lane_new|{name}", f"lane_after|{name}")
    a, b, c = st.columns([2, 2, 2], vertical_alignment="bottom")
    a.text_input("New lane named", key=add[0])
    b.selectbox("after", lanes, index=len(lanes) - 1, key=add[1])
    c.button("Add the lane", key=f"lane_add_apply|{name}", on_click=_set_lane, args=(name, "added", add))
    for key, value in state.proposal(name).as_dict().items():
        if key.startswith(("lane_removed.", "lane_added.")):
            lane = key.split(".", 1)[1]
            said = f"{lane} removed (teachers to {value})" if key.startswith("lane_removed.") else \
                f"{lane} added after {value}"
            a, b = st.columns([2, 2], vertical_alignment="bottom")
            a.button(f"Put back: {said}", key=f"lane_undo|{key}|{name}", on_click=_unset, args=(name, key),
                     icon=":material/undo:")
            if key.startswith("lane_added."):  # how teachers reach it: credits banked since the lane before
                with b:
                    widgets.param_input(name, f"lane_credits.{lane}", terms.get(f"lane_credits.{lane}"))


def _flags(name: str, grid: Grid) -> None:
    """Where the schedule falls as a teacher moves up, cells named; a dip kept on purpose is noted, not warned."""
    kept = session.get("kept_dips", set())
    found = grid_edit.dips(grid)
    falls = [d for d in found if (name, d.lower, d.upper) not in kept]
    on_purpose = [str(d) for d in found if (name, d.lower, d.upper) in kept]
    if falls:
        st.warning(text("This schedule falls as a teacher moves up: " + "; ".join(str(d) for d in falls)
                        + ". Fix the cells, or keep the dip if it is deliberate."), icon=":material/warning:")
        st.button("Keep this dip: it is deliberate", key=f"keep_dips|{grid.prefix}|{name}", on_click=_keep_dips,
                  args=(name, [(d.lower, d.upper) for d in falls]))
    if on_purpose:
        st.info(text("Dips kept on purpose: " + "; ".join(on_purpose) + "."))


def _highlighted(grid: Grid, workbook: Grid) -> None:
    """The grid with the cells that differ from the workbook's schedule highlighted."""
    frame = _frame(grid, extra_row=False)
    before = _frame(workbook, extra_row=False).reindex(index=frame.index, columns=frame.columns)
    changed = (frame != before) & frame.notna()
    if not changed.to_numpy().any():
        return
    st.caption(f"Highlighted: the {int(changed.to_numpy().sum())} cells this proposal changes from the "
               "workbook's schedule.")
    style = changed.replace({True: "background-color: #fde68a; font-weight: 600", False: ""})
    st.dataframe(frame.style.apply(lambda _: style, axis=None).format("${:,.0f}", na_rep=""),
                 key=f"changed|{grid.prefix}")
