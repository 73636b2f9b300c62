"""The pages on a phone, as a member opens them at home: nothing cut, nothing wider than the screen, and on
My pay the figures come before the inputs."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, BrowserContext

from tests.browser.helpers import full_page_screenshot, session_context, title, wait_idle
from tests.browser.test_journeys import SCREENSHOTS
from tests.browser.test_screens import EVERY_PAGE, OVERFLOWING, misaligned_rows, settle

PHONE = {"width": 390, "height": 844}  # a common phone, in CSS pixels
MAIN, SIDEBAR = '[data-testid="stMain"]', '[data-testid="stSidebar"]'

# The page itself never scrolls sideways (a wide table may scroll inside its own frame; the page may not).
SIDEWAYS = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const page = document.scrollingElement;
    return {main: main.scrollWidth - main.clientWidth, page: page.scrollWidth - window.innerWidth};
}"""

# Chart titles drawn past their chart's edge (Vega-Lite never wraps a title: it is cut where the chart ends).
TITLES_CUT = """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')].flatMap(chart => {
    const box = chart.getBoundingClientRect();
    return [...chart.querySelectorAll('.role-title-text text')].filter(t => {
        const r = t.getBoundingClientRect();
        return r.width && (r.right > box.right + 1 || r.left < box.left - 1);
    }).map(t => t.textContent);
})"""


@pytest.fixture
def phone(browser: Browser, app_url: str) -> BrowserContext:
    context = session_context(browser, app_url, PHONE, is_mobile=True, has_touch=True)
    yield context
    context.close()


def test_every_page_fits_a_phone(phone: BrowserContext):
    page = phone.new_page()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for heading, path in EVERY_PAGE.items():
        page.set_viewport_size(PHONE)  # the screenshot below leaves the page at the desktop size
        page.goto(f"/{path}")
        title(page, heading).wait_for(timeout=60_000)
        settle(page)
        # the sidebar is folded away on a phone (its boxes are measured once opened, below)
        cut, wide, titles = page.evaluate(OVERFLOWING, MAIN), page.evaluate(SIDEWAYS), page.evaluate(TITLES_CUT)
        full_page_screenshot(page, SCREENSHOTS / f"phone_{path or 'bargaining_table'}.png", **PHONE)
        assert cut == [], heading
        assert titles == [], heading
        assert wide["main"] <= 1 and wide["page"] <= 1, (heading, wide)


def test_my_pay_on_a_phone_says_the_pay_before_asking_anything(phone: BrowserContext):
    page = phone.new_page()
    page.goto("/my_pay")
    title(page, "My pay").wait_for(timeout=60_000)
    settle(page)
    first_figure = page.get_by_text("Status quo: salary", exact=False).first
    first_input = page.get_by_label("Years of experience", exact=True)
    figure_top = first_figure.bounding_box()["y"]
    assert figure_top < first_input.bounding_box()["y"]
    assert figure_top < PHONE["height"]  # on the first screen, not below the fold


def test_the_sidebar_opened_on_a_phone_cuts_nothing(phone: BrowserContext):
    page = phone.new_page()
    page.goto("/")
    title(page, "Bargaining table").wait_for(timeout=60_000)
    settle(page)
    page.get_by_test_id("stExpandSidebarButton").click()
    page.wait_for_function("""() => { const box = document.querySelector('[data-testid="stSidebar"]')
        .getBoundingClientRect(); return box.left >= 0 && box.width > 200; }""")  # slid in, full width
    wait_idle(page)
    page.wait_for_timeout(500)  # the slide's end
    assert page.evaluate(OVERFLOWING, SIDEBAR) == []


def test_on_a_phone_each_figure_sits_beside_the_other_scenarios_figures(phone: BrowserContext):
    """Not stacked: stacked, the names come first and the figures below carry no name."""
    page = phone.new_page()
    page.goto("/")
    title(page, "Bargaining table").wait_for(timeout=60_000)
    settle(page)
    assert misaligned_rows(page) == {}


# Plain tables (st.table) whose frame scrolls sideways: a column a member has to find by swiping.
TABLES_SIDEWAYS = """() => [...document.querySelectorAll('[data-testid="stTable"]')].flatMap(table =>
    [table, ...table.querySelectorAll('*')].filter(box => box.scrollWidth > box.clientWidth + 1)
        .map(box => `${box.tagName} ${box.scrollWidth}px in ${box.clientWidth}px`))"""


def test_the_cast_forward_on_a_phone_reads_without_swiping(phone: BrowserContext):
    """Measures down and the three scenarios across: laid out with the measures across it scrolled past its
    fourth column."""
    page = phone.new_page()
    page.goto("/")
    title(page, "Bargaining table").wait_for(timeout=60_000)
    settle(page)
    assert page.get_by_test_id("stTable").count() == 1
    assert page.evaluate(TABLES_SIDEWAYS) == []
