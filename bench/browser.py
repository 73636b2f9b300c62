"""Browser timings benchmark (not a test): the four waits a user sees, in Debian's chromium on the Baltimore sample.

    python bench/browser.py [--rounds 10] [--sessions 5]

1. Fresh server to its first chart: from starting the server (as tests/browser/server.py does, through
   scripts/serve.py) to the Bargaining table's first chart drawn in a browser that opened it once the server
   was healthy (the browser itself is launched before the clock starts). Target 4 s.
2. New session to its first chart: a new browser context (a new Streamlit session) opening the app, from
   `goto` to the first chart drawn; median of --sessions, the server warm. Target 1.5 s.
3. Edit on Contract terms to the updated figures on the same page (median of --rounds, target 150 ms): the
   District offer's Model interval 1 is set to a new amount (a new fingerprint, so nothing is cached) with
   "Set this salary"; timed in the page, from the press (pointerdown) until (a) the sidebar shows the new
   fingerprint, (b) the edit's confirmation (the green box under the tools) names the new amount ("$78,500"),
   and (c) Streamlit reports no script running, so every element on the page is the new run's.
4. Switching to the Bargaining table after such an edit (median of --rounds, target 300 ms): timed from the
   press on the sidebar's "Bargaining table" link until its title shows, the three charts of its Cost tab
   are drawn (svg/canvas) and no script is running: the page has drawn the edited proposal's figures (its
   fingerprint is the one the edit produced, checked each round). Each round edits first (untimed here),
   then switches, then goes back to Contract terms.

The edit and the switch are timed in the page's clock from the press: Playwright's checks before it clicks
(scrolling the element into view, waiting for it to hold still) are not part of the user's wait.

With --reference DIR, another checkout (say main, exported with `git archive main | tar -x -C DIR`) is served
too and measured in the same run, alternating with this one, and each figure is printed as a ratio of the reference's.

"drawn" for the edit is when the browser last added or removed an element for it (DOM quiet for
250 ms after). The machine's load average is printed with the figures: on 2 shared cores it moves them.
Each figure is printed as its median with the range (fastest-slowest).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402

from tests.browser.helpers import (  # noqa: E402
    CHARTS_DRAWN,
    FINGERPRINT_CHANGED,
    choose_interval,
    fingerprint,
    go_to,
    launch,
    open_app,
    session_context,
    title,
    wait_idle,
)
from tests.browser.server import streamlit_server  # noqa: E402

TARGETS_MS = {"fresh server to its first chart": 4000, "new session to its first chart": 1500,
              "edit to the updated figures on Contract terms": 150,
              "switch to the Bargaining table after an edit": 300}
NOT_RUNNING = """(() => document.querySelector('[data-testid="stApp"]').dataset.testScriptState === 'notRunning'
    && !document.querySelector('[data-testid="stStatusWidgetRunningIcon"]'))()"""
EDIT_SHOWN = f"""([old, amount]) => ({FINGERPRINT_CHANGED})(old)
    && [...document.querySelectorAll('[data-testid="stAlertContentSuccess"]')]
        .some(box => box.textContent.includes(amount))
    && {NOT_RUNNING}"""
TABLE_SHOWN = f"""least => !!document.querySelector('h1') && document.querySelector('h1').textContent
    .includes('Bargaining table') && ({CHARTS_DRAWN})(least) && {NOT_RUNNING}"""


# When the user pressed (the button or link, in the page's clock): Playwright's own checks before its click
# (scrolling into view, waiting for the element to hold still) are not part of the user's wait.
PRESS_WATCH = "document.addEventListener('pointerdown', () => { window.__pressedAt = performance.now(); }, true);"


def until_shown(page: Page, condition: str, arg) -> float:
    """ms from the last press to the first animation frame at which `condition(arg)` held, in the page."""
    page.wait_for_function(f"arg => ({condition})(arg) && (window.__shownAt = performance.now())", arg=arg,
                           polling="raf")
    return page.evaluate("() => window.__shownAt - window.__pressedAt")


def new_page(browser: Browser, url: str) -> Page:
    context = session_context(browser, url)
    context.add_init_script(PRESS_WATCH)
    return context.new_page()


def first_chart(page: Page, path: str = "/") -> float:
    """ms from opening `path` to its first chart drawn."""
    start = time.perf_counter()
    page.goto(path)
    page.wait_for_function(CHARTS_DRAWN, arg=1, polling="raf", timeout=60_000)
    return (time.perf_counter() - start) * 1000


def edit(page: Page, amount: int) -> tuple[float, float, str]:
    """Set Model interval 1 to `amount`: ms to the updated figures, ms to the last DOM change, the new fingerprint."""
    old = fingerprint(page)
    page.get_by_label("New salary ($)", exact=True).first.fill(str(amount))
    page.get_by_role("button", name="Set this salary").first.click()
    shown = until_shown(page, EDIT_SHOWN, [old, f"${amount:,}"])
    wait_idle(page)
    return shown, page.evaluate("() => window.__lastDomChange - window.__pressedAt"), fingerprint(page)


def open_terms(page: Page) -> None:
    """Contract terms with Model interval 1 chosen in the set-one-salary tools."""
    go_to(page, "Contract terms")
    choose_interval(page, "Model", 1)  # chosen before the amount is typed, as in the tests


def switch_to_table(page: Page, edited: str) -> float:
    """ms from the sidebar link's click to the Bargaining table drawn with the edited figures."""
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Bargaining table", exact=True).click()
    took = until_shown(page, TABLE_SHOWN, 3)
    expect(title(page, "Bargaining table")).to_be_visible()
    assert fingerprint(page) == edited, "the table did not show the edited proposal's figures"
    wait_idle(page)
    return took


def line(what: str, ms: float, detail: str = "") -> str:
    target = TARGETS_MS[what]
    return f"{what:46s} {ms:7.0f} ms  (target {target} ms: {'met' if ms <= target else 'NOT met'}){detail}"


class Run:
    """One checkout's server, its edit page and its figures."""

    def __init__(self, root: Path) -> None:
        self.root, self.figures = root, {what: [] for what in TARGETS_MS}
        self.drawn: list[float] = []


def turns(round_: int, pairs) -> list:
    """The checkouts in turn, the other way round every second round: the one measured first in a round was
    slower by up to a fifth when measured against a copy of itself; turning the order cancels that."""
    pairs = list(pairs)
    return pairs if round_ % 2 == 0 else pairs[::-1]


def fresh_start(stack: ExitStack, browser: Browser, run: Run) -> str:
    """Start `run`'s server and open it: the fresh-server figure; the server stays up for the other figures."""
    start = time.perf_counter()
    url = stack.enter_context(streamlit_server(root=run.root))
    page = new_page(browser, url)
    first_chart(page)
    run.figures["fresh server to its first chart"].append((time.perf_counter() - start) * 1000)
    wait_idle(page)
    page.context.close()
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--sessions", type=int, default=5)
    parser.add_argument("--reference", type=Path, help="another checkout (say `git archive main`) measured in the "
                        "same run, alternating with this one round by round; its figures and the ratios are printed")
    args = parser.parse_args()
    runs = [Run(ROOT)] + ([Run(args.reference.resolve())] if args.reference else [])
    load_before = os.getloadavg()
    with sync_playwright() as playwright, ExitStack() as stack:
        browser = launch(playwright)
        urls = [fresh_start(stack, browser, run) for run in runs]
        for k in range(args.sessions):
            for run, url in turns(k, zip(runs, urls, strict=True)):
                page = new_page(browser, url)
                run.figures["new session to its first chart"].append(first_chart(page))
                wait_idle(page)
                page.context.close()
        pages = []
        for url in urls:
            pages.append(new_page(browser, url))
            open_app(pages[-1])
            open_terms(pages[-1])
            edit(pages[-1], 78_250)  # warm-up: the page's first edit
        for i in range(args.rounds):
            for run, page in turns(i, zip(runs, pages, strict=True)):
                shown, last, _ = edit(page, 78_500 + 250 * i)
                run.figures["edit to the updated figures on Contract terms"].append(shown)
                run.drawn.append(last)
        for i in range(args.rounds):
            for run, page in turns(i, zip(runs, pages, strict=True)):
                _, _, edited = edit(page, 90_000 + 250 * i)
                run.figures["switch to the Bargaining table after an edit"].append(switch_to_table(page, edited))
                open_terms(page)
        browser.close()
    load_after = os.getloadavg()
    for run in runs:
        print(f"\n{run.root}:")
        for what, values in run.figures.items():
            detail = f", median of {len(values)} ({min(values):.0f}-{max(values):.0f})" if len(values) > 1 else ""
            detail += f"; drawn {statistics.median(run.drawn):.0f} ms" if what.startswith("edit") else ""
            print(line(what, statistics.median(values), detail))
    if len(runs) > 1:
        print("\nthis checkout as a multiple of the reference (same run, alternating):")
        for what in TARGETS_MS:
            mine, ref = (statistics.median(run.figures[what]) for run in runs)
            print(f"{what:46s} {mine / ref:5.2f}x ({mine:.0f} / {ref:.0f} ms)")
    print(f"\nload average (1, 5, 15 min) before {', '.join(f'{x:.2f}' for x in load_before)}; "
          f"after {', '.join(f'{x:.2f}' for x in load_after)}; {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
