"""Small Playwright steps shared by the browser tests: wait for a run, screenshot, download."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
from playwright.sync_api import Page, expect

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"


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
