"""Desks in a real browser (issue 14): the holder's cookie, another browser, two tabs, names shown as text."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

from playwright.sync_api import Browser, Page, expect

from models import links
from models.terms import Proposal
from tests.browser.helpers import (
    assert_no_exception,
    fingerprint,
    go_to,
    open_app,
    session_context,
    sidebar,
    upload,
    wait_fingerprint_change,
    wait_idle,
)
from tests.conftest import SMALL


def _context(browser: Browser, app_url: str):
    return session_context(browser, app_url)


def desk_of(page: Page) -> str:
    page.wait_for_url(lambda url: "desk=" in url)
    return parse_qs(urlsplit(page.url).query)["desk"][0]


def test_an_upload_comes_back_in_this_browser_and_not_in_another(page: Page, browser: Browser, app_url, small):
    open_app(page)
    before = fingerprint(page)
    upload(page, SMALL)
    assert wait_fingerprint_change(page, before) == small.fingerprint
    token = desk_of(page)
    page.reload()  # the same browser: its cookie says it holds the desk
    expect(sidebar(page)).to_contain_text("Workbook: small_district.xlsx")
    assert fingerprint(page) == small.fingerprint and desk_of(page) == token
    other = _context(browser, app_url)  # another browser with the same address
    try:
        theirs = other.new_page()
        open_app(theirs, f"?desk={token}")
        assert fingerprint(theirs) != small.fingerprint and desk_of(theirs) != token
        # said where people look (the desk panel's own caption also names "another browser": not this)
        expect(theirs.get_by_test_id("stMain")).to_contain_text("names a desk opened in another browser")
        assert_no_exception(theirs)
    finally:
        other.close()


def test_a_planted_desk_address_opens_a_fresh_desk(page: Page):
    open_app(page, "?desk=attacker-chosen-0001&sample=baltimore_2010")
    assert desk_of(page) != "attacker-chosen-0001"


def _set_number(page: Page, tab: str, label: str, value: int) -> None:
    page.get_by_role("tab", name=tab).click()
    wait_idle(page)
    box = page.get_by_label(label, exact=True).first
    box.fill(str(value))
    box.press("Enter")
    wait_idle(page)


def test_two_tabs_at_one_desk_keep_both_edits(page: Page, baltimore):
    open_app(page, "contract_terms", heading="Contract terms")
    _set_number(page, "Promotion and review", "Lead slots", 15)  # the desk is stored from its first save
    token = desk_of(page)
    second = page.context.new_page()  # the same browser, another tab, on the same desk
    open_app(second, f"contract_terms?desk={token}", heading="Contract terms")
    assert desk_of(second) == token
    _set_number(page, "Promotion and review", "Lead slots", 201)
    second.get_by_label("Proposal to edit", exact=True).first.click()
    second.get_by_role("option", name="Union offer").click()  # saved (the choice), finding the first tab's save
    expect(sidebar(second)).to_contain_text("both are kept")
    wait_idle(second)
    _set_number(second, "Promotion and review", "Lead slots", 77)
    page.reload()
    go_to(page, "Contract terms")
    page.get_by_role("tab", name="Promotion and review").click()
    wait_idle(page)
    slots = page.get_by_label("Lead slots", exact=True).first
    expect(slots).to_have_value("77")  # the second tab's edit, on the proposal it chose
    page.get_by_label("Proposal to edit", exact=True).first.click()
    page.get_by_role("option", name="District offer").click()
    wait_idle(page)
    expect(page.get_by_label("Lead slots", exact=True).first).to_have_value("201")  # not reverted to 15
    assert_no_exception(second)


def test_a_proposal_name_in_markdown_draws_no_image_and_no_link(page: Page):
    outside: list[str] = []
    page.on("request", lambda request: outside.append(request.url) if ":9/" in request.url else None)
    names = ["![p](http://127.0.0.1:9/x.png)", "[Sign in again](http://127.0.0.1:9/)"]
    edits = links.edits_token((), [Proposal(n, (("lead.slots", 12),)) for n in names])
    for where, heading in (("", "Bargaining table"), ("risk", "Risk and agreement"), ("my_pay", "My pay"),
                           ("contract_terms", "Contract terms")):
        open_app(page, f"{where}?{urlencode({'sample': 'baltimore_2010', 'edits': edits})}", heading=heading)
        assert page.locator("img[src*='127.0.0.1:9'], a[href*='127.0.0.1:9']").count() == 0, where
        assert_no_exception(page)
    open_app(page, f"?{urlencode({'sample': 'baltimore_2010', 'edits': edits})}")
    headings = [h.replace("\u2060", "").strip() for h in page.get_by_role("heading").all_inner_texts()]
    assert names[0] in headings and names[1] in headings  # the names, shown as typed (word joiners unseen)
    assert outside == []


def test_recent_desks_are_this_browsers_and_reopen_from_the_sidebar(page: Page, browser: Browser, app_url, small):
    open_app(page)
    before = fingerprint(page)
    upload(page, SMALL)  # desk A: an uploaded workbook
    assert wait_fingerprint_change(page, before) == small.fingerprint
    earlier = desk_of(page)
    page.goto("/")  # a fresh visit in this browser: a new desk, the same holder cookie
    open_app(page)
    assert desk_of(page) != earlier
    recent = sidebar(page).get_by_test_id("stExpander").filter(has_text="Recent desks on this browser")
    recent.locator("summary").click()
    recent.get_by_role("button", name="small_district.xlsx").click()
    page.wait_for_url(lambda url: f"desk={earlier}" in url)
    expect(sidebar(page)).to_contain_text("Workbook: small_district.xlsx")
    assert fingerprint(page) == small.fingerprint
    other = _context(browser, app_url)  # another browser lists none of this browser's desks
    try:
        theirs = other.new_page()
        open_app(theirs)
        expect(sidebar(theirs).get_by_text("Recent desks on this browser")).to_have_count(0)
        assert_no_exception(theirs)
    finally:
        other.close()
