"""A joint table in three real browsers (District, Union, projector), then a server restart."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.helpers import (
    choose,
    fingerprint,
    go_to,
    open_app,
    session_context,
    set_pathway_salary,
    wait_fingerprint_change,
    wait_idle,
)
from tests.browser.server import streamlit_server

LIVE_MS = 5_000  # a tabled offer shows on the other screens without a reload (the watch asks once a second)


def screen(browser: Browser, url: str) -> tuple[BrowserContext, Page]:
    context = session_context(browser, url)
    return context, context.new_page()


def ledger_row(page: Page, proposal: str, version: int, side: str):
    """The row of the table's ledger for one tabled version."""
    rows = page.get_by_test_id("stTable").filter(has_text="tabled by").locator("tbody tr")
    return rows.filter(has=page.locator("th", has_text=re.compile(rf"^{re.escape(proposal)}$"))).filter(
        has=page.locator("td", has_text=re.compile(rf"^{version}$"))).filter(
        has=page.locator("td", has_text=re.compile(rf"^{re.escape(side)}$")))


def links(page: Page) -> dict[str, str]:
    """The invitation links the District's screen shows once the table is open (and the page has drawn them)."""
    expect(page.get_by_test_id("stCode").filter(has_text="table=")).to_have_count(3)
    codes = page.get_by_test_id("stCode").all_inner_texts()
    found = [re.search(r"/joint_table\?table=[\w-]+", c).group(0) for c in codes if "table=" in c]
    return {"union": found[0], "district": found[1], "view": found[2]}


def table_draft(page: Page, proposal: str, other: str) -> None:
    go_to(page, "Joint table")
    wait_idle(page)  # as a person does: the page drawn (its drafts listed) before the click
    page.get_by_role("button", name=f"Table to the {other}").first.click()
    expect(page.get_by_text(re.compile(rf"Tabled {proposal}, version \d"))).to_be_visible()
    wait_idle(page)


def test_two_sides_and_a_projector_hold_a_session_and_a_restart_keeps_it(browser: Browser):
    addresses: dict[str, str] = {}
    with streamlit_server() as url:
        contexts = {}
        try:
            contexts["district"], district = screen(browser, url)
            open_app(district, "joint_table", "Joint table")
            district.get_by_role("button", name="Open a joint table").click()
            expect(district.get_by_text("this screen: District")).to_be_visible()
            invites = links(district)
            contexts["union"], union = screen(browser, url)
            contexts["view"], projector = screen(browser, url)
            open_app(union, invites["union"].lstrip("/"), "Joint table")
            open_app(projector, invites["view"].lstrip("/"), "Joint table")
            expect(union.get_by_text("this screen: Union")).to_be_visible()
            expect(projector.get_by_text("this screen: Projector (view only)")).to_be_visible()
            for page in (district, union, projector):
                expect(ledger_row(page, "District offer", 1, "in the workbook")).to_have_count(1)
            tabled = fingerprint(district)
            assert fingerprint(union) == fingerprint(projector) == tabled

            # The District drafts in caucus: nobody else sees it (their screens keep the tabled numbers).
            go_to(district, "Contract terms")
            drafted = set_pathway_salary(district, "Model", 1, 91_000)
            go_to(district, "Joint table")
            expect(district.get_by_text("changes to the tabled version")).to_be_visible()
            union.wait_for_timeout(2_000)  # two watches later: still nothing new on the other screens
            for page in (union, projector):
                expect(ledger_row(page, "District offer", 2, "District")).to_have_count(0)
                assert fingerprint(page) == tabled != drafted

            # Tabled: it appears on both other screens without a reload, with the District's numbers.
            table_draft(district, "District offer", "Union")
            for page in (union, projector):
                expect(ledger_row(page, "District offer", 2, "District")).to_have_count(1, timeout=LIVE_MS)
                assert wait_fingerprint_change(page, tabled, timeout=LIVE_MS) == drafted

            # The Union's counter reaches the District's screen.
            go_to(union, "Contract terms")
            choose(union, "Proposal to edit", "Union offer")
            wait_idle(union)
            set_pathway_salary(union, "Lead", 1, 99_500)
            countered = fingerprint(union)
            table_draft(union, "Union offer", "District")
            for page in (district, projector):
                expect(ledger_row(page, "Union offer", 2, "Union")).to_have_count(1, timeout=LIVE_MS)
                assert wait_fingerprint_change(page, drafted, timeout=LIVE_MS) == countered

            # A District draft left in caucus when the server goes down.
            go_to(district, "Contract terms")
            set_pathway_salary(district, "Model", 2, 92_000)
            wait_idle(district)
            for role, page in (("district", district), ("union", union), ("view", projector)):
                addresses[role] = page.url.removeprefix(url)
        finally:
            for context in contexts.values():
                context.close()

    with streamlit_server() as url:  # a new server on the same store
        contexts = {}
        try:
            for role, address in addresses.items():
                contexts[role], page = screen(browser, url)
                open_app(page, address.lstrip("/").replace("contract_terms", "joint_table"), "Joint table")
                expect(ledger_row(page, "District offer", 2, "District")).to_have_count(1)
                expect(ledger_row(page, "Union offer", 2, "Union")).to_have_count(1)
                if role == "district":  # its caucus draft is back, and only on its screen
                    expect(page.get_by_text("changes to the tabled version")).to_be_visible()
                    assert fingerprint(page) != countered
                else:
                    assert fingerprint(page) == countered
        finally:
            for context in contexts.values():
                context.close()
