"""The app in a real browser: what a district or union user does, end to end, on the running server.

Each test has its own browser context, hence its own Streamlit session. The run also writes a
full-page screenshot of every page (Baltimore sample) to build/screenshots/ (ignored by git), or to
$PATHWAYS_SCREENSHOTS: scripts/screenshots.sh points it at docs/screenshots/ to refresh the README's.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Browser, Page, expect

from models import engine, metrics, workbook
from tests.browser.helpers import (
    PAGES,
    assert_no_exception,
    charts_drawn,
    choose,
    dollars,
    fingerprint,
    full_page_screenshot,
    go_to,
    metric,
    nav_pages,
    open_app,
    open_sample,
    open_workbook_menu,
    session_context,
    set_pathway_salary,
    sidebar,
    title,
    upload,
    wait_fingerprint_change,
    wait_idle,
)
from tests.browser.server import streamlit_server
from tests.conftest import ROOT, SMALL
from ui.widgets import money

SCREENSHOTS = Path(os.environ.get("PATHWAYS_SCREENSHOTS", ROOT / "build" / "screenshots"))
SAMPLES = {"Baltimore-scale district, 2010": ["District offer", "Union offer"],
           "Small district, 350 teachers": ["Pathways proposal", "Schedule raise"]}


def headline(inputs) -> dict[str, dict[str, str]]:
    """The headline figures the Bargaining table should show, formatted as it formats them."""
    runs = engine.project(inputs)
    gains = metrics.who_gains(engine.project(inputs, replicates=1, separations=False), inputs)
    head = metrics.headline(inputs, metrics.yearly(runs, inputs), gains, runs)
    return {row.scenario: {"Year-1 cost": money(row.year_1_cost), "Cost over the horizon": money(row.cumulative_cost)}
            for row in head.itertuples()}


def test_the_app_opens_on_the_baltimore_sample_with_its_figures_and_charts(page: Page, baltimore):
    open_app(page)
    assert fingerprint(page) == baltimore.fingerprint
    expect(sidebar(page)).to_contain_text("Workbook: Baltimore-scale district, 2010")
    for scenario, figures in headline(baltimore).items():
        for label, shown in figures.items():
            assert metric(page, scenario, label) == shown, (scenario, label)
    assert charts_drawn(page, at_least=3) >= 3  # the Cost tab: total cost, components, cumulative difference
    page.get_by_role("tab", name="Retention").click()
    assert charts_drawn(page, at_least=3) >= 3
    assert_no_exception(page)


def test_a_salary_set_in_contract_terms_changes_the_cost_on_the_table_and_the_fingerprint(page: Page, baltimore):
    open_app(page)
    before = {s: dollars(metric(page, s, "Cost over the horizon")) for s in ("Status quo", "District offer")}
    year_1 = dollars(metric(page, "District offer", "Year-1 cost"))

    go_to(page, "Contract terms")
    expect(page.get_by_label("Proposal to edit", exact=True)).to_have_value("District offer")
    edited = set_pathway_salary(page, "Model", 1, 120_000)
    assert edited != baltimore.fingerprint
    expect(page.get_by_text(re.compile(r"Model interval 1: \$78,000 (→|->) \$120,000")).first).to_be_visible()

    go_to(page, "Bargaining table")
    assert fingerprint(page) == edited
    assert dollars(metric(page, "District offer", "Cost over the horizon")) > before["District offer"]
    assert dollars(metric(page, "District offer", "Year-1 cost")) >= year_1
    assert dollars(metric(page, "Status quo", "Cost over the horizon")) == before["Status quo"]
    assert_no_exception(page)


def test_two_salary_edits_change_exactly_their_cells_a_dip_is_flagged_and_a_pasted_grid_lands(page: Page):
    """Issue 12's negotiator: Model 3 then Model 4 (without choosing Model again), then a pasted grid."""
    open_app(page, "contract_terms", "Contract terms")
    model_3 = page.get_by_test_id("stDataFrame").first.get_by_test_id("glide-cell-3-2")  # Model column, row 3
    expect(model_3).to_have_text("82200")
    page.get_by_test_id("stDataFrame").first.evaluate("grid => { grid.dataset.before = 'edit'; }")
    set_pathway_salary(page, "Model", 3, 86_000)
    expect(model_3).to_have_text("86000")  # the grid above the tools shows the new salary
    # ... and it is the same grid, not a new one: the tools' edit does not remount the page's widgets (speed)
    expect(page.locator('[data-testid="stDataFrame"][data-before="edit"]')).to_have_count(1)
    confirmed = page.get_by_test_id("stAlertContentSuccess")
    expect(confirmed).to_contain_text(re.compile(
        r"Model interval 3: \$82,200 (→|->) \$86,000; \+\$[\d.]+[MK] over 10 years \(District offer\)"))
    expect(page.get_by_label("Pathway", exact=True).first).to_have_value("Model")  # kept, not Standard
    expect(page.get_by_text("Model interval 3 now pays $86,000.")).to_be_visible()
    old = fingerprint(page)
    page.get_by_label("Interval", exact=True).first.fill("4")
    page.get_by_label("Interval", exact=True).first.press("Enter")
    expect(page.get_by_text("Model interval 4 now pays $84,300.")).to_be_visible()
    expect(page.get_by_label("New salary ($)", exact=True).first).to_have_value("84300.00")
    page.get_by_label("New salary ($)", exact=True).first.fill("87000")
    page.get_by_role("button", name="Set this salary").first.click()
    wait_fingerprint_change(page, old)
    expect(confirmed).to_contain_text(re.compile(r"Model interval 4: \$84,300 (→|->) \$87,000; \+\$"))
    # The dip the second edit leaves (Model 5 below Model 4) is flagged where it is, cells named.
    expect(page.get_by_test_id("stAlertContentWarning").first).to_contain_text(
        "Model interval 5 ($86,400) pays less than Model interval 4 ($87,000)")
    changes_now = page.get_by_test_id("stMarkdownContainer").filter(
        has_text=re.compile(r"Model interval 3: \$82,200 (→|->) \$86,000"))
    expect(changes_now.first).to_be_visible()
    assert "Standard interval" not in page.get_by_test_id("stMain").inner_text()  # no other cell was edited

    old = fingerprint(page)
    page.get_by_text("Paste a grid from Excel or LibreOffice").first.click()
    box = page.get_by_label("Pasted grid", exact=True).first
    box.fill("Interval\tStandard\tProfessional\tModel\tLead\n1\t49000\t\t80500\t\n")
    box.press("Control+Enter")
    wait_idle(page)
    page.get_by_role("button", name="Use the pasted grid").first.click()
    wait_fingerprint_change(page, old)
    expect(confirmed).to_contain_text(re.compile(
        r"Standard interval 1: \$46,774 (→|->) \$49,000; Model interval 1: \$78,000 (→|->) \$80,500"))
    expect(page.get_by_text("Highlighted: the 4 cells this proposal changes")).to_be_visible()
    assert_no_exception(page)


def broken_workbook(folder: Path) -> Path:
    """The small sample with a word where Roster row 3 wants a number of years."""
    book = openpyxl.load_workbook(SMALL)
    roster = book["Roster"]
    column = [cell.value for cell in roster[1]].index("years_experience") + 1
    roster.cell(row=3, column=column).value = "banana"
    path = folder / "broken.xlsx"
    book.save(path)
    return path


def test_a_broken_upload_is_refused_with_its_place_and_a_good_one_loads(page: Page, baltimore, small, tmp_path):
    open_app(page)
    upload(page, broken_workbook(tmp_path))
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("Still using Baltimore-scale district, 2010: 1 problem in the new file broken.xlsx")
    wait_idle(page)
    main.get_by_text("The 1 problem").click()
    expect(main).to_contain_text("sheet 'Roster', row 3, column 'years_experience': found 'banana'")
    assert fingerprint(page) == baltimore.fingerprint
    expect(sidebar(page)).to_contain_text("Workbook: Baltimore-scale district, 2010")
    expect(title(page, "Bargaining table")).to_be_visible()
    assert_no_exception(page)

    upload(page, SMALL)
    assert wait_fingerprint_change(page, baltimore.fingerprint) == small.fingerprint
    expect(sidebar(page)).to_contain_text("Workbook: small_district.xlsx")
    expect(sidebar(page)).not_to_contain_text("broken.xlsx")
    expect(page.get_by_role("heading", name="Pathways proposal", exact=True)).to_be_visible()
    assert_no_exception(page)


def test_my_pay_follows_a_placement_and_expectations_year_by_year(page: Page):
    open_app(page, "my_pay", "My pay")
    union = page.get_by_test_id("stMarkdownContainer").filter(has_text=re.compile(r"^Union offer: "))
    before = union.inner_text()

    page.get_by_label("Years of experience", exact=True).fill("4")
    page.get_by_label("Years of experience", exact=True).press("Enter")
    choose(page, "Lane today", "MA")
    page.get_by_label("Step today", exact=True).fill("5")
    page.get_by_label("Step today", exact=True).press("Enter")
    choose(page, "Rating you expect each year", "Highly effective")
    page.get_by_label("Graduate credits a year", exact=True).fill("3")
    page.get_by_label("Graduate credits a year", exact=True).press("Enter")
    page.get_by_text("I would apply to Model as soon as I can (and pass)").click()
    expect(union).to_contain_text("Model in 20")  # the year the member reaches Model
    wait_idle(page)

    assert union.inner_text() != before
    for scenario in ["Status quo", "District offer", "Union offer"]:
        line = page.get_by_test_id("stMarkdownContainer").filter(has_text=re.compile(rf"^{scenario}: "))
        expect(line).to_contain_text(re.compile(r"\$[\d,.]+[KM]? in 2011-12, .* in all over 10 years"))
    expect(union).to_contain_text(re.compile(r"(more|less) than the status quo"))
    assert charts_drawn(page, at_least=2) == 2  # pay by year, earnings added up

    year_by_year = page.get_by_test_id("stMain").get_by_test_id("stTable").first  # results first
    expect(year_by_year.locator("tbody tr")).to_have_count(11)  # 2010..2020, one offer
    table = page.get_by_test_id("stExpander").filter(has_text="Table: your pay by year")
    table.get_by_text("Table: your pay by year").click()
    grid = table.get_by_test_id("stDataFrame").locator('table[role="grid"]')
    expect(grid).to_have_attribute("aria-rowcount", str(1 + 3 * 11))  # header + 3 scenarios x 2010..2020
    assert_no_exception(page)


def test_the_exported_workbook_uploads_again_with_the_same_fingerprint(page: Page, baltimore, tmp_path):
    open_app(page)
    go_to(page, "Contract terms")
    edited = set_pathway_salary(page, "Model", 1, 80_000)

    with page.expect_download() as download_info:
        open_workbook_menu(page).get_by_role("button", name="Download this workbook with results").click()
    download = download_info.value
    assert download.suggested_filename == f"workbench_{edited}.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert workbook.read(path).fingerprint == edited
    assert {"Results", "Results_growth"} <= set(openpyxl.load_workbook(path, read_only=True).sheetnames)

    upload(page, path)
    expect(sidebar(page)).to_contain_text(f"Workbook: {path.name}")
    wait_idle(page)
    assert fingerprint(page) == edited
    assert_no_exception(page)


def test_the_sidebar_links_to_every_page(page: Page):
    open_app(page)
    pages = nav_pages(page)
    assert PAGES.items() <= pages.items(), pages


@pytest.mark.parametrize("sample", list(SAMPLES))
def test_every_page_runs_on_every_sample(page: Page, sample: str):
    open_app(page)
    open_sample(page, sample)
    for heading in nav_pages(page):
        go_to(page, heading)
        expect(sidebar(page)).to_contain_text(f"Workbook: {sample}")
        assert_no_exception(page)
    go_to(page, "Bargaining table")
    for proposal in SAMPLES[sample]:
        expect(page.get_by_role("heading", name=proposal, exact=True)).to_be_visible()


def test_a_page_address_opens_that_page(page: Page, baltimore):
    open_app(page)
    for heading, path in nav_pages(page).items():
        open_app(page, path, heading)
        assert fingerprint(page) == baltimore.fingerprint
        assert_no_exception(page)


def test_a_fresh_server_whose_first_request_is_a_page_address_opens_it_inside_the_app(browser: Browser, baltimore):
    with streamlit_server() as url:
        context = session_context(browser, url)
        try:
            page = context.new_page()
            open_app(page, "contract_terms", "Contract terms")
            assert fingerprint(page) == baltimore.fingerprint
            expect(page.get_by_test_id("stSidebarNav")).to_contain_text("Ledger of offers")
            assert_no_exception(page)
        finally:
            context.close()


def test_screenshots_of_every_page(page: Page):
    """Every page as the room sees it: presenter mode on a 1280x720 projector (the whole page, scrolled)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    open_app(page, "?presenter=1")
    for heading, path in nav_pages(page).items():
        go_to(page, heading)
        shot = SCREENSHOTS / f"{path or 'bargaining_table'}.png"
        full_page_screenshot(page, shot, width=1280, height=720)
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert shot.stat().st_size < 5_000_000, shot


def test_presenter_mode_enlarges_type_and_stays_on_across_pages(page: Page):
    open_app(page)
    size = lambda: page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")  # noqa: E731
    normal = size()
    sidebar(page).get_by_text("Presenter mode", exact=True).click()
    page.wait_for_function("parseFloat(getComputedStyle(document.documentElement).fontSize) > 20")
    wait_idle(page)
    assert size() > normal
    go_to(page, "Budget")
    assert size() > normal and "presenter=1" in page.url


def test_a_link_and_a_reload_reopen_the_same_view(page: Page, browser: Browser, baltimore):
    open_app(page)
    old = fingerprint(page)
    go_to(page, "Contract terms")
    edited = set_pathway_salary(page, "Model", 2, 90_000)
    assert edited != old
    wait_idle(page)
    page.reload()
    expect(title(page, "Contract terms")).to_be_visible(timeout=60_000)
    wait_idle(page)
    assert fingerprint(page) == edited  # the desk in the address brought the edit back
    link = re.sub(r"desk=[^&]+&?", "", page.url)  # what "Link to this view" gives: no desk
    other = session_context(browser).new_page()
    other.goto(link)
    expect(title(other, "Contract terms")).to_be_visible(timeout=60_000)
    wait_idle(other)
    assert fingerprint(other) == edited
    other.context.close()


def test_the_workshop_checks_a_goal_live(page: Page):
    open_app(page, "workshop", "Workshop")
    expect(page.get_by_text("Every Model interval pays at least $85,000", exact=True)).to_be_visible()
    expect(page.get_by_text("lowest Model salary $78,000")).to_be_visible()
    go_to(page, "Contract terms")
    for interval in (1, 2, 3, 4):
        set_pathway_salary(page, "Model", interval, 85_000)
    go_to(page, "Workshop")
    expect(page.get_by_text("lowest Model salary $85,000")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile("printable handout")).click()
    html = Path(download.value.path()).read_text()
    assert "data:image/png;base64," in html and "Fit the District offer to the budget" in html


def test_a_server_restart_brings_the_desk_back(browser: Browser, baltimore):
    """Both servers use the suite's desk store (PATHWAYS_DATA_DIR); the desk lives in the address."""
    address = ""
    for attempt in ("before", "after"):
        with streamlit_server() as url:
            context = session_context(browser, url)
            try:
                page = context.new_page()
                if attempt == "before":
                    open_app(page, "contract_terms", "Contract terms")
                    edited = set_pathway_salary(page, "Lead", 1, 99_000)
                    wait_idle(page)
                    # keep only the desk: the address's edits token alone would also restore the proposals
                    address = re.sub(r"&?edits=[^&]+", "", page.url.removeprefix(url))
                    assert "desk=" in address
                else:
                    open_app(page, address.lstrip("/"), "Contract terms")
                    assert fingerprint(page) == edited != baltimore.fingerprint
            finally:
                context.close()


def test_a_salary_is_set_on_a_step_chosen_as_the_schedule_prints_it(page: Page, tmp_path):
    """A schedule printed from step 3 (steps 1-2 reserved, a half step 3A, then 4, 50, 55; as Prince William
    County's starts at 4): the Step box offers the printed steps, and MA 50 is the cell set."""
    from tests.test_published_schedules import PUBLISHED, TEACHERS, book
    path = tmp_path / "published.xlsx"
    path.write_bytes(book(PUBLISHED, TEACHERS))
    open_app(page)
    upload(page, path)
    expect(sidebar(page)).to_contain_text("Workbook: published.xlsx")
    go_to(page, "Contract terms")
    name = page.get_by_label("Name (for new, duplicate or rename)", exact=True)
    name.fill("Offer")
    name.press("Enter")
    wait_idle(page)
    page.get_by_role("button", name="New proposal").click()
    expect(page.get_by_text("BA step 3 now pays $40,000.")).to_be_visible()
    choose(page, "Lane", "MA")
    wait_idle(page)
    choose(page, "Step", "50")
    expect(page.get_by_text("MA step 50 now pays $55,000.")).to_be_visible()
    old = fingerprint(page)
    page.get_by_label("New salary ($)", exact=True).first.fill("56000")
    page.get_by_role("button", name="Set this salary").first.click()
    wait_fingerprint_change(page, old)
    expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text(
        re.compile(r"MA step 50: \$55,000 (→|->) \$56,000; \+\$"))
    assert_no_exception(page)
