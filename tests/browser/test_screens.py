"""The screens as a room sees them: presenter mode on a projector, nothing cut, rows aligned, nothing fetched
from outside the machine."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from models import parameters
from tests.browser.helpers import (
    PAGES,
    TIMEOUT_MS,
    charts_drawn,
    choose,
    go_to,
    open_app,
    session_context,
    title,
    upload,
    wait_idle,
)

PROJECTORS = [(1280, 720), (1920, 1080)]
HEADINGS = {"State": "State-wide costing"}  # a page whose heading is not its title in the sidebar
EVERY_PAGE = {HEADINGS.get(name, name): path for name, path in {**PAGES, "Risk and agreement": "risk"}.items()}

# Every headline figure, its label and delta, every chip of the proposals chooser, the fingerprint and the
# headings of the comparison: none may be wider inside than its box (cut, or "$4,317..." with an ellipsis).
OVERFLOWING = """(root) => {
    const boxes = (root ? document.querySelector(root) : document).querySelectorAll([
        '[data-testid="stMetricValue"]', '[data-testid="stMetricValue"] > div',
        '[data-testid="stMetricLabel"]', '[data-testid="stMetricLabel"] *',
        '[data-testid="stMetricDelta"]', '[data-testid="stMetricDelta"] div',
        '[data-testid="stMultiSelect"] [data-tag]', '[data-testid="stMultiSelect"] [data-tag] span[title]',
        '[class*="st-key-fingerprint_"] p', '[data-testid="stColumn"] h3',
        '[data-testid="stButton"] button *', '[data-testid="stDownloadButton"] button *'].join(', '));
    return [...boxes].filter(box => box.getClientRects().length && box.scrollWidth > box.clientWidth + 1)
        .map(box => `${box.dataset.testid || box.className || box.tagName}: "${box.textContent.trim()}" `
                    + `${box.scrollWidth}px in ${box.clientWidth}px`);
}"""

# The fingerprint on one line: its box is no taller than one line of its type.
FINGERPRINT_LINES = """() => {
    const box = document.querySelector('[class*="st-key-fingerprint_"] p');
    const style = getComputedStyle(box);
    return box.getBoundingClientRect().height / parseFloat(style.lineHeight);
}"""

SETTLED = """() => !document.querySelector('[data-testid="stSkeleton"]')"""


def settle(page: Page) -> None:
    """Until the page has drawn its figures (no placeholder left) and its charts."""
    wait_idle(page)
    page.wait_for_function(SETTLED, timeout=TIMEOUT_MS)
    wait_idle(page)
    charts_drawn(page, at_least=0)


@pytest.mark.parametrize(("width", "height"), PROJECTORS, ids=[f"{w}x{h}" for w, h in PROJECTORS])
def test_presenter_mode_cuts_nothing_on_any_page_and_asks_no_one_outside(browser: Browser, app_url: str,
                                                                         width: int, height: int):
    context = session_context(browser, app_url, {"width": width, "height": height})
    outside: list[str] = []
    context.on("request", lambda request: None if request.url.startswith((app_url, "data:", "blob:"))
               else outside.append(request.url))
    page = context.new_page()
    try:
        for heading, path in EVERY_PAGE.items():
            page.goto(f"/{path}?presenter=1")
            title(page, heading).wait_for(timeout=60_000)
            settle(page)
            assert page.get_by_role("switch", name="Presenter mode").is_checked()
            assert page.evaluate(OVERFLOWING) == [], (heading, width)
            assert page.evaluate(FINGERPRINT_LINES) < 1.5, (heading, width)
        assert outside == [], outside
    finally:
        context.close()


def test_the_comparison_rows_line_up_across_scenarios(page: Page):
    """Each measure sits at the same height in every scenario's column (the status quo has no 'better off')."""
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto("/?presenter=1")
    title(page, "Bargaining table").wait_for(timeout=60_000)
    settle(page)
    assert misaligned_rows(page) == {}


# Each metric label's height on the page, by label: one row of the comparison is one height.
LABEL_TOPS = """() => {
    const rows = {};
    for (const label of document.querySelectorAll('[data-testid="stMetricLabel"]')) {
        const text = label.textContent.trim();
        (rows[text] = rows[text] || []).push(Math.round(label.getBoundingClientRect().top));
    }
    return rows;
}"""


def misaligned_rows(page: Page, scenarios: int = 3) -> dict[str, list[int]]:
    """The comparison's measures whose figures are not side by side, with their heights."""
    tops = page.evaluate(LABEL_TOPS)
    assert len(tops["Year-1 cost"]) == scenarios
    return {label: y for label, y in tops.items() if max(y) - min(y) > 2}


def test_a_refused_upload_is_said_in_the_main_area(page: Page, tmp_path):
    open_app(page)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    upload(page, broken)
    notice = page.get_by_test_id("stMain").get_by_text(re.compile(
        r"Still using Baltimore-scale district, 2010: 1 problem in the new file broken.xlsx"))
    expect(notice).to_be_visible()
    expect(page.get_by_test_id("stSidebar").get_by_text("broken.xlsx")).to_have_count(0)  # not shown as loaded


def test_the_chosen_exercise_survives_a_page_change(page: Page):
    open_app(page, "workshop", "Workshop")
    choose(page, "Exercise", "What if the Model pass rate doubles?")
    wait_idle(page)
    go_to(page, "Budget")
    go_to(page, "Workshop")
    expect(page.get_by_label("Exercise", exact=True)).to_have_value("What if the Model pass rate doubles?")


def test_lanes_appear_in_schedule_order_on_the_scattergram(page: Page, baltimore):
    open_app(page, "workbook", "Workbook")
    charts_drawn(page, at_least=1)
    chart = page.get_by_test_id("stVegaLiteChart").first
    lanes = list(baltimore.baseline.step_schedule.lanes)
    labels = chart.evaluate("""(chart, lanes) => [...chart.querySelectorAll('svg text')]
        .filter(t => lanes.includes(t.textContent))
        .map(t => [t.getBoundingClientRect().top, t.textContent])""", lanes)
    shown = [text for _, text in sorted(labels)]  # top to bottom, as the room reads them
    assert shown == lanes, labels


# The by-year tables (widgets.by_year_table), each a block keyed by_year_...: boxes wider inside than out (years
# hidden behind a sideways scroll), and the years heading their columns on the screen, block by block.
BY_YEAR_SIDEWAYS = """() => [...document.querySelectorAll('[class*="st-key-by_year_"]')].flatMap(block =>
    [...block.querySelectorAll('*')].filter(box => box.scrollWidth > box.clientWidth + 1)
        .map(box => `${block.className.match(/st-key-\\S+/)}: ${box.tagName} ${box.scrollWidth}px in `
                    + `${box.clientWidth}px`))"""
BY_YEAR_ON_SCREEN = """() => Object.fromEntries([...document.querySelectorAll('[class*="st-key-by_year_"]')].map(
    block => [block.className.match(/st-key-(\\S+)/)[1], [...block.querySelectorAll('th')]
        .filter(th => /^\\d{4}$/.test(th.textContent.trim()) && th.getBoundingClientRect().right <= innerWidth)
        .map(th => Number(th.textContent.trim()))]))"""
# Grids (st.dataframe) whose scroller is larger inside than out: a column off to the right, a year below.
GRIDS_CUT = """() => [...document.querySelectorAll('[data-testid="stDataFrame"] .dvn-scroller')]
    .filter(box => box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1)
    .map(box => `${box.scrollWidth}x${box.scrollHeight}px in ${box.clientWidth}x${box.clientHeight}px`)"""


@pytest.mark.parametrize("horizon", [10, 20])
def test_every_year_of_the_budget_tables_reads_on_a_projector_in_presenter_mode(browser: Browser, app_url: str,
                                                                                horizon: int):
    """Years across, as a district's cost-out: each year of the horizon on the screen at 1280 in presenter type
    (20 years: tables of five). In a scrolling grid each, the years from 2014 on were off to the right (1822 px
    in 768)."""
    context = session_context(browser, app_url, {"width": 1280, "height": 720})
    page = context.new_page()
    try:
        page.goto(f"/budget?presenter=1&years={horizon}")
        title(page, "Budget").wait_for(timeout=60_000)
        settle(page)
        assert page.evaluate(BY_YEAR_SIDEWAYS) == []
        years = list(range(2010, 2011 + horizon))  # the base year and those projected
        assert page.evaluate(BY_YEAR_ON_SCREEN) == {f"by_year_{k}": years
                                                    for k in ("cast", "compensation", "components")}
        # years down, the cost of 1% and the step cost: side by side their last columns were cut (664 px in 373),
        # and ten rows high the last years were below
        assert page.get_by_test_id("stDataFrame").count() == 2 and page.evaluate(GRIDS_CUT) == []
    finally:
        context.close()


def test_the_budgets_years_down_tables_are_whole_outside_presenter_mode(browser: Browser, app_url: str):
    """The cost of 1% and the step cost, years down: side by side at 1280 (the common projector, out of
    presenter mode) and at 1400 the step cost's last column was cut ('Step cost net of bre...')."""
    for width in (1280, 1400):
        context = session_context(browser, app_url, {"width": width, "height": 900})
        page = context.new_page()
        try:
            page.goto("/budget")
            title(page, "Budget").wait_for(timeout=60_000)
            settle(page)
            assert page.get_by_test_id("stDataFrame").count() == 2 and page.evaluate(GRIDS_CUT) == [], width
        finally:
            context.close()


# Contract terms' tab bar: tabs not wholly inside it or the window (hidden behind Streamlit's scroll arrow), a
# tab bar wider inside than out, and a scroll arrow shown.
TABS_HIDDEN = """() => {
    const bar = document.querySelector('.st-key-terms_tab [role="tablist"]');
    const box = bar.getBoundingClientRect();
    const hidden = [...bar.querySelectorAll('[role="tab"]')].filter(tab => {
        const r = tab.getBoundingClientRect();
        return r.left < Math.max(box.left, 0) - 1 || r.right > Math.min(box.right, innerWidth) + 1;
    }).map(tab => tab.textContent.trim());
    const arrows = [...document.querySelectorAll('.st-key-terms_tab [data-testid^="stTabsScroll"]')]
        .filter(arrow => arrow.getClientRects().length).map(arrow => arrow.dataset.testid);
    return {hidden, arrows, wider: bar.scrollWidth - bar.clientWidth};
}"""
SCREENS = {"1280 presenter": ({"width": 1280, "height": 720}, True),
           "1920 presenter": ({"width": 1920, "height": 1080}, True),
           "phone": ({"width": 390, "height": 844}, False)}


@pytest.mark.parametrize("screen", list(SCREENS))
def test_every_contract_terms_tab_is_in_view(browser: Browser, app_url: str, screen: str):
    """The parameter groups' tabs (from the registry) all readable: at 1280 in presenter type "Pay components"
    was behind the tab bar's arrow."""
    viewport, presenter = SCREENS[screen]
    phone = {"is_mobile": True, "has_touch": True} if screen == "phone" else {}
    context = session_context(browser, app_url, viewport, **phone)
    page = context.new_page()
    try:
        page.goto(f"/contract_terms{'?presenter=1' if presenter else ''}")
        title(page, "Contract terms").wait_for(timeout=60_000)
        settle(page)
        tabs = page.locator('.st-key-terms_tab [role="tab"]')
        assert tabs.count() == len(parameters.TERMS_TABS)
        assert page.evaluate(TABS_HIDDEN) == {"hidden": [], "arrows": [], "wider": 0}
    finally:
        context.close()
