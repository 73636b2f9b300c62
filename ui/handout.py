"""A printable workshop handout: the exercises and the sample's figures, charts embedded as images.

Pure: from tables to one self-contained HTML file (no scripts, no links to fetch), so it prints
and mails anywhere. Charts are the app's own Altair builders rendered to PNG with vl-convert.
"""

from __future__ import annotations

import base64
import io
from html import escape

import altair as alt
import pandas as pd

from models import words
from models.parameters import RATING_LABELS
from models.workshop import Criterion, Exercise
from ui import charts

STYLE = """
body { font: 11pt/1.45 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; color: #222; }
h1 { font-size: 1.6rem; margin-bottom: 0; } h2 { font-size: 1.2rem; margin-top: 2rem; }
.meta { color: #555; } .fingerprint { font: 700 1.1rem monospace; }
table { border-collapse: collapse; margin: .6rem 0; } td, th { border: 1px solid #bbb; padding: .25rem .5rem; }
td.n { text-align: right; } img { max-width: 100%; } .notes { background: #f3f3f3; padding: .5rem .8rem; }
section { page-break-inside: avoid; } @media print { h2 { page-break-before: auto; } }
"""


def png(chart: alt.TopLevelMixin) -> str:
    """The chart as a base64 PNG (vl-convert renders offline)."""
    buffer = io.BytesIO()
    chart.properties(width=560, height=260).save(buffer, format="png", scale_factor=2)
    return base64.b64encode(buffer.getvalue()).decode()


def _headline_table(headline: pd.DataFrame) -> str:
    rows = "".join(
        f"<tr><td>{escape(str(r.scenario))}</td><td class=n>${r.year_1_cost / 1e6:,.1f}M</td>"
        f"<td class=n>${r.cumulative_cost / 1e6:,.1f}M</td>"
        f"<td class=n>{r.years_over_budget}</td><td class=n>{r.share_better_off:.0%}</td></tr>"
        for r in headline.itertuples())
    return ("<table><tr><th>Scenario</th><th>Year-1 cost</th><th>Cost over the horizon</th>"
            f"<th>Years over budget</th><th>Members better off</th></tr>{rows}</table>")


def _exercise(exercise: Exercise, status: list[Criterion] | None, notes: bool) -> str:
    hints = "".join(f"<li>{escape(h)}</li>" for h in exercise.hints)
    parts = [f"<section><h2>{escape(exercise.title)}</h2><p><b>Goal.</b> {escape(exercise.goal)}</p>",
             f"<p><b>What it teaches.</b> {escape(exercise.teaches)}</p>",
             f"<p><b>Proposal to edit:</b> {escape(exercise.proposal)}</p><p><b>Hints</b></p><ol>{hints}</ol>"]
    if status:
        items = "".join(f"<li>{'Met' if c.met else 'Not yet'}: {escape(c.goal)} (now {escape(c.now)})</li>"
                        for c in status)
        parts.append(f"<p><b>Where the room got to</b></p><ul>{items}</ul>")
    if notes:
        parts.append(f"<div class=notes><b>Facilitator notes.</b> {escape(exercise.facilitator)}</div>")
    return "".join(parts) + "</section>"


def handout(title: str, fingerprint: str, exercises: list[Exercise], headline: pd.DataFrame,
            yearly: pd.DataFrame, names: list[str], status: dict[str, list[Criterion]] | None = None,
            facilitator_notes: bool = False) -> str:
    """One HTML page: the sample's figures and chart, then each exercise with its hints."""
    cost = png(charts.total_cost_by_year(yearly, names))
    body = [f"<h1>Pathways Workbench workshop</h1><p class=meta>{escape(title)}<br>Fingerprint "
            f"<span class=fingerprint>{escape(fingerprint)}</span>: the same code on screen means the same "
            "numbers.</p>",
            "<h2>The figures when this was printed</h2>", _headline_table(headline),
            f'<img alt="Total cost by year" src="data:image/png;base64,{cost}">']
    body += [_exercise(e, (status or {}).get(e.key), facilitator_notes) for e in exercises]
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{escape(title)} workshop</title>"
            f"<style>{STYLE}</style></head><body>{''.join(body)}</body></html>")


def my_pay(title: str, fingerprint: str, member, sentences: dict[str, str], tables: dict[str, pd.DataFrame],
           step_label: str) -> str:
    """'My pay under these offers' on one printed page: how the member moves under each offer and one table,
    years down, each offer's placement and salary across (no chart: a table prints small and exact).

    step_label is the member's step as the schedule prints it ('3A', '50'), not its position in the schedule."""
    years = next(iter(tables.values()))["year"]
    head = "".join(f"<th colspan=2>{escape(s)}</th>" for s in tables)
    rows = "".join(
        f"<tr><td>{y}-{str(y + 1)[-2:]}</td>" + "".join(
            f"<td>{escape(t['placement'].iloc[i])}</td><td class=n>{words.money(t['salary'].iloc[i])}</td>"
            for t in tables.values()) + "</tr>"
        for i, y in enumerate(years))
    said = "".join(f"<li><b>{escape(s)}</b>: {escape(text)}</li>" for s, text in sentences.items())
    served = member.years_experience
    who = (f"{served} year{'' if served == 1 else 's'} of experience, {escape(member.lane)} step "
           f"{escape(step_label)}, FTE {member.fte:g}, "
           f"expecting {escape(RATING_LABELS.get(member.rating, member.rating))} each year, "
           f"{member.pd_hours_per_year:g} PD hours and {member.credits_per_year:g} credits a year"
           f"{', applying to Model' if member.apply_for_model else ''}")
    return ("<!doctype html><html lang=en><head><meta charset=utf-8><title>My pay under these offers</title>"
            f"<style>{STYLE} @page {{ size: landscape; margin: 1.2cm; }} body {{ max-width: none; font-size: 9.5pt; }}"
            "</style></head><body>"
            f"<h1>My pay under these offers</h1><p class=meta>{escape(title)}. Fingerprint "
            f"<span class=fingerprint>{escape(fingerprint)}</span>: the same code on screen means the same numbers."
            f"<br>For a teacher with {who}. No one's records are used.</p><ul>{said}</ul>"
            f"<table><tr><th>Year</th>{head}</tr>{rows}</table></body></html>")
