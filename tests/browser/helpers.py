"""Driving the running app in Chromium: waits on Streamlit's own run state and on the text we expect.

Streamlit marks its root `[data-testid="stApp"]` with `data-test-script-state` ("running" while a
script runs, "notRunning" after) and shows `stStatusWidgetRunningIcon` during long runs. Neither
means the page is drawn: on a slow machine the browser is still adding elements a second after
the script finished, and a click then (say on a page link) reaches Streamlit before the sidebar's
widgets exist. So "idle" also needs the DOM quiet for a moment (a MutationObserver installed in
every page by `watch_rendering`). Right after a click the state may still read "notRunning" (the
rerun has not started yet), so every step first waits for what it expects to see (a title, a
changed fingerprint), then for idleness.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Locator, Page, Playwright, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
VIEWPORT = {"width": 1400, "height": 1000}
TIMEOUT_MS = 30_000

expect.set_options(timeout=TIMEOUT_MS)

FINGERPRINT = re.compile(r"^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$")
# Pages every run must find in the sidebar (title -> URL path); `nav_pages` lists whatever else is there.
PAGES = {"Bargaining table": "", "Contract terms": "contract_terms", "My pay": "my_pay", "Budget": "budget",
         "Workbook": "workbook", "Workshop": "workshop", "Ledger of offers": "ledger", "State-wide costing": "state",
         "Joint table": "joint_table"}

QUIET_MS = 250  # no element added or removed for this long: the browser has drawn what it was sent

# Installed before any page script: when the DOM last gained or lost an element.
RENDER_WATCH = """
window.__lastDomChange = performance.now();
new MutationObserver(() => { window.__lastDomChange = performance.now(); })
    .observe(document, {childList: true, subtree: true});
"""

IDLE = f"""() => {{
    const app = document.querySelector('[data-testid="stApp"]');
    const running = document.querySelector(
        '[data-testid="stStatusWidgetRunningIcon"], [data-testid="stStatusWidgetRunningManIcon"]');
    return !!app && app.dataset.testConnectionState === 'CONNECTED'
        && app.dataset.testScriptState === 'notRunning' && !running
        && performance.now() - window.__lastDomChange > {QUIET_MS};
}}"""

# The sidebar's fingerprint: a markdown block in large monospace type (ui.widgets.fingerprint).
FINGERPRINT_BOX = '[data-testid="stSidebar"] [class*="st-key-fingerprint_"] [data-testid="stMarkdownContainer"] p'
FINGERPRINT_CHANGED = f"""old => {{
    const box = document.querySelector('{FINGERPRINT_BOX}');
    const shown = box && box.textContent.trim();
    return /^[0-9A-F]{{4}}-[0-9A-F]{{4}}-[0-9A-F]{{4}}$/.test(shown) && shown !== old;
}}"""

CHARTS_DRAWN = """least => {
    const shown = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
        .filter(chart => chart.getClientRects().length > 0);  // charts on a hidden tab are not drawn
    return shown.length >= least && shown.every(chart => chart.querySelector('svg, canvas'));
}"""


def launch(playwright: Playwright) -> Browser:
    """Debian's chromium (scripts/test.sh installs it); Playwright's own browser download is never used."""
    if not Path(CHROMIUM).is_file():
        raise FileNotFoundError(
            f"Chromium not found at {CHROMIUM}: the browser tests need Debian's chromium. Run "
            "'sudo apt-get install chromium' (scripts/test.sh does it when run as root) or set CHROMIUM.")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)


def watch_rendering(context: BrowserContext) -> None:
    """Every page of the context records when its DOM last changed (for `wait_idle`)."""
    context.add_init_script(RENDER_WATCH)


def session_context(browser: Browser, base_url: str | None = None, viewport: dict | None = None,
                    **options) -> BrowserContext:
    """A new browser context (a new Streamlit session and desk), watched for `wait_idle`."""
    context = browser.new_context(viewport=viewport or VIEWPORT, base_url=base_url, **options)
    context.set_default_timeout(TIMEOUT_MS)
    watch_rendering(context)
    return context


def wait_idle(page: Page, timeout: float = TIMEOUT_MS) -> None:
    """Until the connected app has no script running and the browser has drawn what it was sent."""
    page.wait_for_function(IDLE, timeout=timeout)


def title(page: Page, text: str) -> Locator:
    return page.get_by_role("heading", name=text, exact=True, level=1)


def open_app(page: Page, path: str = "", heading: str = "Bargaining table") -> None:
    """Open a page of the app by its address and wait until it has finished drawing."""
    page.goto(f"/{path}")
    expect(title(page, heading)).to_be_visible(timeout=60_000)
    expect(page.locator(FINGERPRINT_BOX)).to_have_text(FINGERPRINT)
    wait_idle(page)


def go_to(page: Page, heading: str) -> None:
    """Follow the sidebar link to a page (same session) and wait until it has drawn."""
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=heading, exact=True).click()
    expect(title(page, heading)).to_be_visible()
    wait_idle(page)


def nav_pages(page: Page) -> dict[str, str]:
    """Every page the sidebar links to, title -> URL path ("" for the default page), in its order."""
    links = page.get_by_test_id("stSidebarNav").get_by_role("link")
    expect(links.first).to_be_visible()
    return {link.get_by_test_id("stMarkdownContainer").inner_text().strip():  # the label without its icon
            urlsplit(link.get_attribute("href")).path.strip("/") for link in links.all()}


def sidebar(page: Page) -> Locator:
    return page.get_by_test_id("stSidebar")


def fingerprint(page: Page) -> str:
    """The fingerprint as the sidebar shows it."""
    box = page.locator(FINGERPRINT_BOX)
    expect(box).to_have_text(FINGERPRINT)
    return box.inner_text().strip()


def wait_fingerprint_change(page: Page, old: str, timeout: float = TIMEOUT_MS) -> str:
    """Until the sidebar shows a fingerprint other than `old` and the run is over; the new one."""
    page.wait_for_function(FINGERPRINT_CHANGED, arg=old, timeout=timeout)
    wait_idle(page, timeout)
    return fingerprint(page)


def exact(text: str) -> re.Pattern:
    return re.compile(rf"^\s*{re.escape(text)}\s*$")


def choose(page: Page, label: str, option: str, scope: Page | Locator | None = None) -> None:
    """Pick an option of a selectbox by its label."""
    box = (scope or page).get_by_label(label, exact=True).first
    item = page.get_by_role("option").filter(has_text=exact(option)).first
    for attempt in range(3):  # the list closes itself if the page scrolls under it (bringing the box into view)
        box.scroll_into_view_if_needed()
        box.click()
        try:
            item.click(timeout=2_000)
            break
        except PlaywrightTimeoutError:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")
    expect(box).to_have_value(option)


def open_workbook_menu(page: Page) -> Locator:
    """The sidebar expander with the samples, the uploader and the downloads, opened."""
    menu = sidebar(page).get_by_test_id("stExpander").filter(has_text="Workbook: open, upload, download")
    chooser = menu.get_by_text("Upload a workbook (.xlsx) or a roster (.csv)")
    if not chooser.is_visible():
        menu.locator("summary").click()
    expect(chooser).to_be_visible()
    return menu


def open_sample(page: Page, label: str) -> None:
    """Open a bundled sample from the sidebar and wait until it is loaded."""
    choose(page, "Bundled sample", label, scope=open_workbook_menu(page))
    expect(sidebar(page)).to_contain_text(f"Workbook: {label}")
    wait_idle(page)


def upload(page: Page, path: Path) -> None:
    """Give the sidebar's file chooser a file (the app loads it at once)."""
    open_workbook_menu(page).locator('input[type="file"]').set_input_files(path)


def metric(page: Page, scenario: str, label: str) -> str:
    """A headline figure as shown on the Bargaining table: the comparison has one row of columns per measure,
    scenarios across in the order of the heading row, so the scenario's place in that row finds its figure."""
    headings = page.get_by_test_id("stColumn").locator("h3")
    expect(headings.filter(has_text=exact(scenario))).to_have_count(1)
    place = [h.strip() for h in headings.all_inner_texts()].index(scenario)
    cards = page.get_by_test_id("stMetric").filter(has=page.get_by_test_id("stMetricLabel").filter(
        has_text=exact(label)))
    return cards.nth(place).get_by_test_id("stMetricValue").inner_text().strip()


def dollars(shown: str) -> float:
    """'$4,732.7M' -> 4.7327e9, '-$12K' -> -12000."""
    text = shown.replace("$", "").replace(",", "")
    scale = {"M": 1e6, "K": 1e3}.get(text[-1:], 1)
    return float(text.rstrip("MK")) * scale


def set_pathway_salary(page: Page, pathway: str, interval: int, amount: float) -> str:
    """On Contract terms: Pathway / Interval / New salary / Set this salary; the new fingerprint."""
    old = fingerprint(page)
    choose_interval(page, pathway, interval)
    page.get_by_label("New salary ($)", exact=True).first.fill(f"{amount:.0f}")
    page.get_by_role("button", name="Set this salary").first.click()
    return wait_fingerprint_change(page, old)


def choose_interval(page: Page, pathway: str, interval: int) -> None:
    """On Contract terms' set-one-salary tools: the pathway and interval chosen, and its salary shown."""
    choose(page, "Pathway", pathway)
    wait_idle(page)
    box = page.get_by_label("Interval", exact=True).first
    box.fill(str(interval))
    box.press("Enter")  # as a person does: the interval chosen, its salary shown, then the new one typed
    expect(page.get_by_text(re.compile(rf"^{pathway} interval {interval} (now pays|is empty)")).first).to_be_visible()
    wait_idle(page)


def charts_drawn(page: Page, at_least: int = 1, timeout: float = TIMEOUT_MS) -> int:
    """Until every visible Altair chart holds its svg/canvas; how many are visible."""
    page.wait_for_function(CHARTS_DRAWN, arg=at_least, timeout=timeout)
    return page.locator('[data-testid="stVegaLiteChart"]:visible').count()


def assert_no_exception(page: Page) -> None:
    exceptions = page.get_by_test_id("stException")
    assert exceptions.count() == 0, exceptions.all_inner_texts()
    assert "Traceback" not in page.locator("body").inner_text()


def full_page_screenshot(page: Page, path: Path, width: int = VIEWPORT["width"],
                         height: int = VIEWPORT["height"]) -> None:
    """The whole page as a PNG, `width` wide: Streamlit scrolls inside stMain, so grow the viewport to its height."""
    page.set_viewport_size({"width": width, "height": height})
    wait_idle(page)
    tall = page.get_by_test_id("stMain").evaluate("main => main.scrollHeight")
    page.set_viewport_size({"width": width, "height": max(tall, height)})
    try:
        wait_idle(page)
        charts_drawn(page, at_least=0)
        page.screenshot(path=path, full_page=True, animations="disabled")
    finally:
        page.set_viewport_size(VIEWPORT)
