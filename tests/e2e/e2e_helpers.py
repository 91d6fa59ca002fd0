"""Small Playwright steps shared by the browser tests (and scripts/loadtest.py): start a real
`streamlit run app.py` on a free loopback port, wait for a run, screenshot, download."""
from __future__ import annotations

import io
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
from playwright.sync_api import Page, expect

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
#: The dashboard's settings, cleared for a test server unless given again.
SETTINGS = ("READOUT_CORPUS", "READOUT_STORE", "READOUT_ALLOW_WRITE", "READOUT_MAP_STYLE")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(env: Mapping[str, str] | None = None, *, log: str = "streamlit-server",
          timeout: float = 90, app: Path | None = None) -> Iterator[str]:
    """Run `streamlit run app.py` (or another ``app`` script, from its own folder) on a free
    port of 127.0.0.1 (a direct child, stopped by its PID) with the dashboard's settings
    cleared, then ``env`` applied; yield its base URL once /_stcore/health answers. The
    server's output goes to test-artifacts/<log>.log."""
    ARTIFACTS.mkdir(exist_ok=True)
    port = free_port()
    child_env = {k: v for k, v in os.environ.items() if k not in SETTINGS}
    child_env.update(env or {})
    out = open(ARTIFACTS / f"{log}.log", "w", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(app or "app.py"), "--server.port",
         str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
         "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        cwd=app.parent if app else ROOT, env=child_env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start; see {ARTIFACTS}/{log}.log")
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        out.close()


def idle(page: Page) -> None:
    """Wait until the app is drawn and no script run is in progress."""
    page.wait_for_selector('[data-testid="stSidebar"]')
    page.wait_for_selector('[data-testid="stMainBlockContainer"] h1')
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=30_000)
    expect(page.locator('[data-testid="stSkeleton"]')).to_have_count(0, timeout=30_000)


def open_page(page: Page, base: str, path: str = "/") -> None:
    page.goto(base + path)
    idle(page)


def shot(page: Page, name: str) -> None:
    """Save a named full-page screenshot under test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def download_csv(page: Page, label: str) -> tuple[pd.DataFrame, bytes, str]:
    """Click the download button whose label starts with ``label``; return the CSV read by
    pandas, its bytes and the file name."""
    button = page.get_by_test_id("stDownloadButton").filter(
        has_text=re.compile(re.escape(label))).first
    with page.expect_download() as info:
        button.click()
    download = info.value
    path = download.path()
    raw = open(path, "rb").read()
    (ARTIFACTS / download.suggested_filename).write_bytes(raw)
    frame = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False)
    return frame, raw, download.suggested_filename


def choose_in_multiselect(page: Page, label: str, option: str) -> None:
    """Pick an option in the (sidebar or page) multiselect labelled ``label``."""
    box = page.get_by_test_id("stMultiSelect").filter(has_text=label).first
    box.locator("input").click()
    box.locator("input").fill(option)
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")
    idle(page)
