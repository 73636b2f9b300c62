"""A joint table in three real browsers (District, Union, projector), then a server restart."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, BrowserContext, Page, expect

from models.joint import JointStore
from models.ledger import store_path
from models.reader import read
from models.terms import Proposal
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


# A busy machine's order of events, made certain: what the server sends is held back from the page until the
# user presses Enter, and the page's widget manager sends the entered value later than the held messages are
# handled (it sends on a zero-delay timer, here 0.5 s).
HOLD_UNTIL_ENTER = """
(() => {
  const held = [];
  const gate = fn => function (event) {
    if (window.__hold) { held.push([fn, this, event]); return; }
    return fn.call(this, event);
  };
  const add = WebSocket.prototype.addEventListener;
  WebSocket.prototype.addEventListener = function (type, fn, options) {
    return add.call(this, type, type === 'message' ? gate(fn) : fn, options);
  };
  const onmessage = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage');
  Object.defineProperty(WebSocket.prototype, 'onmessage', {configurable: true,
    get() { return onmessage.get.call(this); }, set(fn) { onmessage.set.call(this, fn && gate(fn)); }});
  const later = window.setTimeout;
  window.setTimeout = function (fn, ms, ...rest) {
    return later.call(this, fn, window.__slow && !ms ? 500 : ms, ...rest);
  };
  window.__heldText = () => held.map(([, , event]) => event.data instanceof ArrayBuffer
    ? new TextDecoder('latin1').decode(event.data) : String(event.data)).join(' ');
  document.addEventListener('keydown', event => {
    if (event.key !== 'Enter' || !window.__hold) return;
    window.__hold = false;
    window.__slow = true;
    later(() => { window.__slow = false; }, 2000);
    later(() => { for (const [fn, socket, message] of held.splice(0)) fn.call(socket, message); }, 1);
  }, true);
})();
"""


def table_again(token: str, name: str) -> None:
    """The other side tables a new version of an offer (its laptop, through the table's store)."""
    store = JointStore(store_path())
    seat = store.seat(token)
    inputs = read(store.workbook(seat))
    offer = next(p for p in store.latest(seat) if p.name == name)
    again = Proposal(offer.name, offer.overrides, "tabled again")
    store.table_offer(seat, again, inputs.with_proposals((again,)).fingerprint, inputs.baseline)


def test_an_interval_entered_as_the_other_side_tables_an_offer_is_kept(browser: Browser, app_url: str):
    """The watch redraws the screen when the other side tables an offer. That run started before the user pressed
    Enter on a new interval, so it carries the interval shown before; the screen must keep the one entered."""
    context, district = screen(browser, app_url)
    try:
        context.add_init_script(HOLD_UNTIL_ENTER)
        open_app(district, "joint_table", "Joint table")
        district.get_by_role("button", name="Open a joint table").click()
        expect(district.get_by_text("this screen: District")).to_be_visible()
        token = links(district)["union"].split("table=")[1]
        go_to(district, "Contract terms")
        choose(district, "Pathway", "Model")
        wait_idle(district)
        box = district.get_by_label("Interval", exact=True).first
        expect(box).to_have_value("1")
        district.evaluate("() => { window.__hold = true; }")
        box.fill("2")
        table_again(token, "Union offer")
        district.wait_for_function("() => window.__heldText().includes('Model interval 1 now pays')",
                                   timeout=LIVE_MS)  # the watch's redraw, held back, ran with interval 1
        box.press("Enter")
        expect(district.get_by_text(re.compile(r"^Model interval 2 now pays"))).to_be_visible(timeout=LIVE_MS)
        wait_idle(district)
        expect(box).to_have_value("2")
    finally:
        context.close()
