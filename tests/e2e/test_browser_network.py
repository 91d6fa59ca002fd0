"""The "Who talks to whom" page in headless Chromium, on the seed and a second readout of one
of its calls: the network drawn, a pair's hover with its dates and channels, the brokers, the
country-pair matrix and the pairs' download; and the link from an exchange to its document."""
from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import Page, expect

from e2e_helpers import ROOT, download_csv, idle, open_page, serve, shot

pytestmark = pytest.mark.browser

SECOND = ROOT / "tests" / "fixtures" / "second-readout" / "qna-amir-putin-call.txt"


@pytest.fixture(scope="module")
def two_reports(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("network") / "corpus"
    corpus.mkdir()
    shutil.copy(ROOT / "seeds" / "000_c64ff08c818fbad2.txt", corpus)
    shutil.copy(SECOND, corpus)
    with serve({"READOUT_CORPUS": str(corpus)}, log="streamlit-network") as base:
        yield base


def test_the_network_page_draws_pairs_brokers_and_the_matrix(new_page, two_reports):
    page: Page = new_page()
    open_page(page, two_reports, "/network")
    expect(page.get_by_text("4 exchanges in 5 reports; 4 pairs; 5 actors drawn.")).to_be_visible()
    chart = page.locator(".js-plotly-plot").first
    expect(chart).to_be_visible()
    labels = chart.locator("g.textpoint text")
    expect(labels).to_have_count(5)
    assert "Vladimir Putin" in labels.all_text_contents()
    expect(page.get_by_role("heading", name="Brokers")).to_be_visible()
    expect(page.get_by_role("heading", name="Country pairs")).to_be_visible()
    shot(page, "network")
    page.get_by_role("heading", name="Exchanges and their reports").scroll_into_view_if_needed()
    shot(page, "network-tables")
    frame, raw, name = download_csv(page, "Download the pairs CSV")
    assert name == "readout-network-edges.csv" and len(frame) == 4
    pair = frame[frame["target_label"].str.contains("Tamim") | frame["source_label"].str.contains(
        "Tamim")]
    assert pair["exchanges"].tolist() == ["1"] and pair["reports"].tolist() == ["2"]
    matrix, _, _ = download_csv(page, "Download the country-pair matrix CSV")
    assert set(matrix["country"]) == {"ARE", "BHR", "QAT", "RUS", "SAU"}


def test_countries_as_nodes(new_page, two_reports):
    page: Page = new_page()
    open_page(page, two_reports, "/network")
    page.get_by_test_id("stRadioGroup").get_by_text("Countries", exact=True).click()
    idle(page)
    expect(page.get_by_text("4 pairs; 5 countries drawn.", exact=False)).to_be_visible()
    shot(page, "network-countries")
