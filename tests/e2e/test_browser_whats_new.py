"""The What's new brief in a real browser at 1 (seeds/), 55 (../shared/corpus) and 3,000
documents (synthetic, benchmarks.synth), at desktop and phone width, with screenshots under
test-artifacts/; its Markdown download; the count a cold load of 3,000 documents shows."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from benchmarks.synth import write_corpus
from e2e_helpers import ARTIFACTS, ROOT, idle, serve, shot

pytestmark = pytest.mark.browser

SHARED = ROOT.parent / "shared" / "corpus"
WIDTHS = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}
COLD = 900_000  # ms a cold load of 3,000 documents may take on a loaded 2-core machine


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("synth-3000")
    write_corpus(root, 3000)
    return root


def brief_drawn(page: Page, *, timeout: float = 60_000) -> None:
    page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=timeout)
    expect(page.get_by_role("heading", name="What's new")).to_be_visible(timeout=timeout)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=timeout)
    expect(page.get_by_test_id("stMetric").first).to_be_visible(timeout=timeout)
    expect(page.locator('[data-testid="stSkeleton"]')).to_have_count(0, timeout=timeout)


def brief_at_both_widths(browser, base: str, name: str) -> None:
    for width, viewport in WIDTHS.items():
        context = browser.new_context(viewport=viewport, accept_downloads=True)
        try:
            page = context.new_page()
            page.goto(f"{base}/whats_new")
            brief_drawn(page)
            speakers = page.get_by_role("heading", name=re.compile(r"New statements by speaker"))
            expect(speakers).to_be_visible()
            shot(page, f"whats-new-{name}-{width}")
            speakers.scroll_into_view_if_needed()  # the page scrolls inside the app's own pane
            shot(page, f"whats-new-{name}-{width}-speakers")
        finally:
            context.close()


def test_the_brief_of_the_seed_and_its_markdown(browser):
    with serve(log="streamlit-whats-new-seeds") as base:
        brief_at_both_widths(browser, base, "seeds")
        context = browser.new_context(viewport=WIDTHS["desktop"], accept_downloads=True)
        try:
            page = context.new_page()
            page.goto(f"{base}/whats_new?country=Qatar")
            brief_drawn(page)
            with page.expect_download() as info:
                page.get_by_role("button", name="Download the brief (Markdown)").click()
            download = info.value
            text = Path(download.path()).read_text("utf-8")
            (ARTIFACTS / download.suggested_filename).write_text(text, "utf-8")
            assert download.suggested_filename == "readout-whats-new-since-2026-03-02.md"
            assert text.startswith("# What's new since 2026-03-02\n")
            assert "Filtered to countries Qatar." in text and "## New contacts (1)" in text
        finally:
            context.close()


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/corpus is not here")
def test_the_brief_of_the_55_document_corpus(browser):
    with serve({"READOUT_CORPUS": str(SHARED)}, log="streamlit-whats-new-55") as base:
        page = browser.new_page()
        page.goto(f"{base}/whats_new")
        brief_drawn(page, timeout=300_000)  # a cold load
        page.close()
        brief_at_both_widths(browser, base, "corpus-55")


def test_a_cold_load_of_3000_documents_counts_and_the_brief_draws(browser, synthetic):
    with serve({"READOUT_CORPUS": str(synthetic)}, log="streamlit-whats-new-3000") as base:
        page = browser.new_page(viewport=WIDTHS["desktop"])
        page.goto(f"{base}/whats_new")
        count = page.get_by_text(re.compile(r"Reading documents: [\d,]+ of 3,000"))
        expect(count).to_be_visible(timeout=120_000)
        shot(page, "cold-load-3000-count")
        brief_drawn(page, timeout=COLD)
        expect(count).to_have_count(0)
        page.close()
        brief_at_both_widths(browser, base, "synthetic-3000")
