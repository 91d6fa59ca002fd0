"""Fixtures for the browser tests: a real `streamlit run app.py` on a free port (a direct
child process, stopped by its PID), Debian's headless Chromium driven by Playwright, and a
guard that fails a test whose page asked anything of the internet."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from e2e_helpers import ARTIFACTS, ROOT
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
LOCAL = ("http://localhost", "http://127.0.0.1", "ws://localhost", "ws://127.0.0.1", "data:",
         "blob:", "about:")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server():
    """Serve app.py on seeds/ (read-only, no basemap); yields the base URL."""
    ARTIFACTS.mkdir(exist_ok=True)
    port = free_port()
    env = {k: v for k, v in os.environ.items()
           if k not in ("READOUT_CORPUS", "READOUT_ALLOW_WRITE", "READOUT_MAP_STYLE")}
    log = open(ARTIFACTS / "streamlit-server.log", "w", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://localhost:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"streamlit did not start; see {ARTIFACTS}/streamlit-server.log")
        time.sleep(0.3)
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    log.close()


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
