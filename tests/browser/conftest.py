"""Real-browser fixtures: one Streamlit server and one Chromium for the session, a fresh context per test.

Each test gets its own browser context, so its own Streamlit session (and desk): tests never see
each other's edits. Chromium is Debian's (/usr/bin/chromium, or $CHROMIUM); without it every test
fails with a message saying how to install it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.browser.helpers import launch, session_context
from tests.browser.server import streamlit_server


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """The app served from the project root on a free loopback port, stopped after the session."""
    with streamlit_server() as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        try:
            chromium, missing = launch(playwright), None
        except FileNotFoundError as exc:
            chromium, missing = None, str(exc)
        if missing:
            pytest.fail(missing, pytrace=False)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, app_url: str) -> Iterator[Page]:
    """A new context per test (a new Streamlit session), 1400x1000, relative URLs on the app."""
    context = session_context(browser, app_url, accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()
