"""My pay as a member and a room see it: the year-by-year table fits a projector, a member link opens on its offer,
its inputs come back after a reload."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect

from models import links, workbook
from tests.browser.helpers import (
    FINGERPRINT_BOX,
    assert_no_exception,
    charts_drawn,
    fingerprint,
    go_to,
    open_app,
    session_context,
    sidebar,
    title,
    upload,
    wait_fingerprint_change,
    wait_idle,
)

# The year-by-year table (the first table of the page: results come first): wider inside than its box means
# the room scrolls sideways to read a column. Any element of it that scrolls counts (a grid's own scroller too).
TABLE_OVERFLOW = """() => {
    const table = document.querySelector('[data-testid="stMain"] [data-testid="stTable"], '
                                         + '[data-testid="stMain"] [data-testid="stDataFrame"]');
    const boxes = [table, ...table.querySelectorAll('*')].filter(box => box.clientWidth > 0);
    const widest = boxes.reduce((a, b) => (b.scrollWidth - b.clientWidth > a.scrollWidth - a.clientWidth ? b : a));
    return [widest.scrollWidth, widest.clientWidth];
}"""


def test_the_year_by_year_table_fits_a_projector_in_presenter_mode(browser: Browser, app_url: str):
    context = session_context(browser, app_url, {"width": 1280, "height": 720})
    page = context.new_page()
    try:
        page.goto("/my_pay?presenter=1")
        expect(title(page, "My pay")).to_be_visible(timeout=60_000)
        wait_idle(page)
        charts_drawn(page, at_least=0)
        expect(page.get_by_label("Year by year under", exact=True)).to_have_value("District offer")  # AUs shown
        shown = '[data-testid="stMain"] :is([data-testid="stTable"], [data-testid="stDataFrame"])'
        page.locator(shown).first.wait_for()
        wait_idle(page)
        inside, box = page.evaluate(TABLE_OVERFLOW)
        assert inside <= box, f"the table is {inside}px wide in a {box}px box"
    finally:
        context.close()


def test_a_member_link_opens_my_pay_on_its_offer(page, baltimore):
    union = next(p for p in baltimore.proposals if p.name == "Union offer")
    token = links.member_token(union, {"years_experience": 8, "lane": "BA", "step": "9"})
    page.goto(f"/?sample=baltimore_2010&member={token}")  # even an address of another page lands on My pay
    expect(title(page, "My pay")).to_be_visible(timeout=60_000)
    wait_idle(page)
    expect(page.get_by_label("Year by year under", exact=True)).to_have_value("Union offer")
    expect(page.get_by_label("Lane today", exact=True)).to_have_value("BA")
    expect(page.get_by_label("Years of experience", exact=True)).to_have_value("8")
    district = page.get_by_test_id("stMarkdownContainer").filter(has_text=re.compile(r"^District offer: "))
    expect(district).to_have_count(0)  # the one offer beside the status quo
    assert_no_exception(page)


def test_an_uploaded_workbooks_member_link_opens_my_pay_on_its_members_copy(page, browser: Browser, app_url: str,
                                                                              tmp_path):
    from tests.test_member_copy import OFFER, district
    content = district()[1]
    full = workbook.read(content)
    path = tmp_path / "district_2026.xlsx"
    path.write_bytes(content)
    open_app(page)
    before = fingerprint(page)
    upload(page, path)
    assert wait_fingerprint_change(page, before) == full.fingerprint
    go_to(page, "My pay")
    panel = page.get_by_test_id("stExpander").filter(has_text="A link for members")
    panel.locator("summary").click()
    panel.get_by_role("button", name="Publish the members' copy").click()
    link = panel.get_by_test_id("stCode").filter(has_text="copy=")
    expect(link).to_have_count(1)
    address = link.inner_text().strip()
    assert "desk=" not in address and "sample=" not in address
    other = session_context(browser)  # a member's browser
    try:
        member = other.new_page()
        member.goto(address)
        expect(title(member, "My pay")).to_be_visible(timeout=60_000)
        wait_idle(member)
        expect(member.get_by_label("Year by year under", exact=True)).to_have_value(OFFER)
        expect(sidebar(member)).to_contain_text(f"Members' copy of {full.title}, offer {OFFER}")
        assert member.locator(FINGERPRINT_BOX).inner_text().strip() != full.fingerprint
        expect(member.get_by_test_id("stSidebarNav")).to_have_count(0)  # My pay only: no other page to open
        expect(member.get_by_text(re.compile("Juniper Hollow|HR-0"))).to_have_count(0)  # no school, no id
        assert_no_exception(member)
    finally:
        other.close()


def test_my_pays_inputs_come_back_after_a_reload(page):
    """An input on My pay reruns its fragment only (not app.py and its autosave): it is saved all the same, and a
    reload in this browser (its holder cookie) brings it back."""
    open_app(page, "my_pay", heading="My pay")
    years = page.get_by_label("Years of experience", exact=True)
    years.fill("17")
    years.press("Enter")
    wait_idle(page)
    page.get_by_test_id("stExpander").filter(has_text="Performance pay, roles and my school").locator("summary").click()
    page.get_by_text("My school is hard to serve", exact=True).click()
    wait_idle(page)
    page.wait_for_url(lambda url: "desk=" in url)
    page.reload()
    expect(title(page, "My pay")).to_be_visible(timeout=60_000)
    wait_idle(page)
    expect(page.get_by_label("Years of experience", exact=True)).to_have_value("17")
    page.get_by_test_id("stExpander").filter(has_text="Performance pay, roles and my school").locator("summary").click()
    expect(page.get_by_role("checkbox", name="My school is hard to serve", exact=True)).to_be_checked()
    assert_no_exception(page)
