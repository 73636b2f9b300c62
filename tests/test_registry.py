"""The registry is the one place a rule is defined: change an entry there and every consumer follows."""

import io
from dataclasses import replace

import numpy as np
import openpyxl
import pytest

from models import docs, parameters, risk, workbook, workshop
from models.engine import project
from models.terms import Proposal


@pytest.fixture
def registry(monkeypatch):
    """Replace one entry of the registry for the test (fields as keyword arguments)."""

    def change(key: str, **fields) -> parameters.Parameter:
        new = tuple(replace(p, **fields) if p.key == key else p for p in parameters.REGISTRY)
        monkeypatch.setattr(parameters, "REGISTRY", new)
        monkeypatch.setattr(parameters, "BY_KEY", {p.key: p for p in new})
        monkeypatch.setattr(parameters, "_FAMILIES", [p for p in new if p.placeholder])
        return parameters.BY_KEY[key]

    return change


def _template() -> bytes:
    buffer = io.BytesIO()
    workbook.write_template(buffer)
    return buffer.getvalue()


def _rules_sheet(content: bytes) -> dict:
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True)["Rules"]
    return {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}


def test_a_default_changed_in_the_registry_reaches_the_template_the_docs_and_the_workshop(registry):
    assert parameters.BY_KEY["au.per_interval"].default == 12
    registry("au.per_interval", default=10)
    content = _template()
    assert _rules_sheet(content)["au.per_interval"] == 10  # the template writes the registry's default
    inputs = workbook.read(content)
    assert inputs.baseline["au.per_interval"] == 10
    assert "| AUs per interval | `au.per_interval` | 10 |" in docs.model_markdown(docs.MODEL.read_text())
    assert "| `au.per_interval` | AUs (1 to 100) | 10 |" in docs.workbook_markdown()
    # The workshop's "back to the workbook's value" is the default where the workbook does not set it.
    exercise = workshop.find("fit_union")
    tabled = inputs.with_proposals((Proposal("Union offer", (("au.per_interval", 14.0),)),))
    solved = workshop.with_solution(exercise, tabled)
    assert dict(solved.proposals[0].overrides)["au.per_interval"] == 10


def test_the_tab_and_heading_of_a_rule_decide_where_contract_terms_shows_it(registry):
    keys = lambda tab: [k for _, ks in parameters.on_tab(tab, lambda p: ["x"]) for k in ks]  # noqa: E731
    assert "au.per_interval" in keys("Achievement Units")
    registry("au.per_interval", tab="Promotion and review", heading="Moved")
    assert "au.per_interval" not in keys("Achievement Units")
    assert ("Moved", ["au.per_interval"]) in parameters.on_tab("Promotion and review", lambda p: ["x"])


def test_every_rules_tab_of_contract_terms_is_named_by_the_registry():
    used = {p.tab for p in parameters.REGISTRY if p.tab}
    assert used == set(parameters.TERMS_TABS) - {"Salaries"}  # Salaries holds the grids, not registry entries
    assert all(p.sheet == "Rules" for p in parameters.REGISTRY if p.tab)


def test_lever_limits_and_labels_come_from_the_registry(registry):
    assert risk.levers()["au_per_interval"].high == 100
    registry("au.per_interval", label="AUs to the next interval",
             lever=parameters.LeverLimits("au_per_interval", 6, 24, whole=True))
    lever = risk.levers()["au_per_interval"]
    assert (lever.label, lever.low, lever.high, lever.whole) == ("AUs to the next interval", 6, 24, True)


def test_tornado_ranges_come_from_the_registry(registry):
    assert "credits.per_taker" in [a.key for a in risk.default_assumptions()]
    registry("credits.per_taker", spread=parameters.Spread("scale", 0.5, 2.0, "a test range"))
    found = next(a for a in risk.default_assumptions() if a.key == "credits.per_taker")
    assert (found.low, found.high, found.range, found.source) == (0.5, 2.0, "x0.5 to x2", "a test range")
    assert "| Credits per taker | `credits.per_taker` | x0.5 to x2 | a test range |" in docs.ranges_table()
    registry("credits.per_taker", spread=None)
    assert "credits.per_taker" not in [a.key for a in risk.default_assumptions()]


def test_a_tornado_range_reads_in_digits_never_python_s_1e_07(registry):
    """Spread.range said x{low:g}: a scale to 10,000,000 read x1e+07, on the Risk page and in docs/model.md."""
    registry("credits.per_taker", spread=parameters.Spread("scale", 0.5, 10_000_000, "a test range"))
    assert "| Credits per taker | `credits.per_taker` | x0.5 to x10,000,000 | a test range |" in docs.ranges_table()
    assert parameters.Spread("shift", -10_000_000, 20_000_000, "s").range == "-10,000,000 to +20,000,000"
    assert parameters.Spread("shift", -0.5, 0.25, "s").range == "-0.5 to +0.25"  # small amounts as before


def test_defaults_cite_a_publication_or_say_illustrative_and_never_a_private_file():
    for p in parameters.REGISTRY:
        text = p.citation + (p.spread.source if p.spread else "")
        assert "DOMAIN" not in text, p.key
        for title, href in p.references + (p.spread.references if p.spread else ()):
            assert title and (href == "" or href.startswith(("http://", "https://"))), p.key
            assert href or "no " in title, f"{p.key}: a reference without an address says so"


def test_model_docs_tables_are_current():
    """docs/model.md's defaults and ranges tables are generated; refresh them with `python -m models.docs`."""
    text = docs.MODEL.read_text()
    assert docs.model_markdown(text) == text
    assert "<!-- generated: defaults" in text and "<!-- generated: ranges" in text


def test_the_contract_terms_page_draws_a_rule_on_the_tab_the_registry_gives_it(registry):
    """The real app (AppTest, in this process): move a rule to another tab in the registry and the page follows."""
    from tests.test_app import by_key, go, open_app, open_tab

    registry("au.per_interval", tab="Promotion and review", heading="Moved here")
    at = go(open_app(), "contract_terms.py")
    open_tab(at, "Achievement Units")
    assert not any(w.key and w.key.endswith("|au.per_interval") for w in at.number_input)
    open_tab(at, "Promotion and review")
    assert by_key(at.number_input, "|au.per_interval").value == 12  # the Baltimore sample's own value
    assert "**Moved here**" in [m.value for m in at.markdown]
    assert not at.exception


def _another_value(param: parameters.Parameter, now):
    """A valid value of this rule other than `now`."""
    if param.choices:
        return next(c for c in param.choices if c != now)
    if param.kind == "pathway":
        return next(p for p in parameters.PATHWAYS if p != now)
    low = param.low if param.low is not None else 0.0
    high = param.high if param.high is not None else low + 10
    value = low + (high - low) / 3
    value = round(value) if param.kind == "integer" or param.low is not None and float(param.low).is_integer() \
        and float(high).is_integer() and param.kind != "rate" else value
    return value if value != now else (value + high) / 2


def test_a_rule_marked_career_pathways_only_changes_no_figure_of_a_step_and_lane_proposal(small):
    """What the Workbook page and Contract terms tell a step-and-lane district about its AU, promotion and
    conversion rules (they stay in its workbook, cited to Baltimore): set to anything else, not one figure moves."""
    base = small.baseline
    lanes = base.step_schedule.lanes
    fill = {"rating": "effective", "lane": lanes[0], "role": next(iter(small.roster["role"].dropna()), None)
            if "role" in small.roster else None}
    step_and_lane = {"pay_system": "step_and_lane"}
    unchanged, _, problems = base.apply(step_and_lane)
    assert not problems.items
    reference = project(small, [("offer", unchanged)], horizon=4, replicates=2)[0]
    marked = [p for p in parameters.REGISTRY if p.pathways_only]
    assert {"au.per_interval", "lead.slots", "crosswalk.{lane}", "conversion.stipend", "au.cashout_rate"} <= {
        p.key for p in marked}
    tried = 0
    for param in marked:
        key = param.key.replace(f"{{{param.placeholder}}}", str(fill.get(param.placeholder))) \
            if param.placeholder else param.key
        if param.placeholder and fill.get(param.placeholder) is None:
            continue
        value = _another_value(param, base.get(key))
        terms, _, problems = base.apply({**step_and_lane, key: value})
        assert not problems.items, (key, value, problems.items)
        moved = project(small, [("offer", terms)], horizon=4, replicates=2)[0]
        for line in reference.totals:
            np.testing.assert_array_equal(moved.totals[line], reference.totals[line], err_msg=f"{key}={value}")
        tried += 1
    assert tried >= len(marked) - 1  # every marked rule but a role's, when the roster names no role
