"""Fixtures for the browser tests: a real `streamlit run app.py` on a free port (a direct
child process, stopped by its PID), Debian's headless Chromium driven by Playwright, and a
guard that fails a test whose page asked anything of the internet."""
from __future__ import annotations

from pathlib import Path

import pytest

from e2e_helpers import CHROMIUM, CHROMIUM_ARGS, serve

LOCAL = ("http://localhost", "http://127.0.0.1", "ws://localhost", "ws://127.0.0.1", "data:",
         "blob:", "about:")


@pytest.fixture(scope="session")
def server():
    """Serve app.py on seeds/ (read-only, no basemap); yields the base URL."""
    with serve() as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser):
    """Make pages in fresh browser contexts (a new context is a new browser profile: no shared
    session); every request must stay on this machine."""
    contexts, external = [], []

    def make():
        context = browser.new_context(viewport={"width": 1400, "height": 1000},
                                      accept_downloads=True)
        context.on("request", lambda r: None if r.url.startswith(LOCAL)
                   else external.append(r.url))
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        return page

    yield make
    for context in contexts:
        context.close()
    assert not external, f"the page asked the internet for {external[:5]}"


@pytest.fixture
def page(new_page):
    return new_page()
