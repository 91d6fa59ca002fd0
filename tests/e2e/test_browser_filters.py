"""The shared filters in a real browser: links that name a country as people write it, what a
link asks for that cannot be applied, a reversed range, the date pickers' first values, and a
filter that survives a reload. On a corpus of two calls of our own (Türkiye and France; the UK
and the United States)."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from e2e_helpers import idle, open_page, serve, shot

pytestmark = pytest.mark.browser

DOCS = {
    "a.txt": "date 2026-04-02\n\nPresident Recep Tayyip Erdogan of Türkiye spoke by telephone "
             "with President Emmanuel Macron of France on Wednesday.\n",
    "b.txt": "date 2026-04-05\n\nPrime Minister Keir Starmer of the United Kingdom met President "
             "Joe Biden of the United States in London on Saturday.\n",
}


@pytest.fixture(scope="module")
def two_calls(tmp_path_factory) -> str:
    root: Path = tmp_path_factory.mktemp("two-calls")
    for name, text in DOCS.items():
        (root / name).write_text(text, "utf-8")
    with serve({"READOUT_CORPUS": str(root)}, log="streamlit-filters") as base:
        yield base


def countries_chooser(page: Page):
    return page.get_by_test_id("stMultiSelect").filter(has_text="Countries")


def asked(page: Page, key: str) -> list[str]:
    return parse_qs(urlsplit(page.url).query).get(key, [])


@pytest.mark.parametrize("link", ["Turkey", "TUR", "T%C3%BCrkiye"])
def test_a_link_naming_turkey_filters_to_turkiye_and_survives_a_reload(page: Page, two_calls,
                                                                        link):
    open_page(page, two_calls, f"/map?country={link}")
    expect(countries_chooser(page)).to_contain_text("Türkiye")
    expect(page.get_by_text("Filtered to countries Türkiye.")).to_be_visible()
    before = asked(page, "country")
    assert before and all(v in ("Turkey", "TUR", "Türkiye") for v in before)
    page.reload()
    idle(page)
    assert asked(page, "country") == before
    expect(countries_chooser(page)).to_contain_text("Türkiye")
    expect(page.get_by_text("Filtered to countries Türkiye.")).to_be_visible()
    shot(page, f"filters-link-{re.sub(r'[^A-Za-z]', '', link)}")


def test_a_country_typed_as_people_write_it_is_chosen(page: Page, two_calls):
    open_page(page, two_calls, "/")
    box = countries_chooser(page).locator("input")
    box.click()
    box.fill("UK")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    idle(page)
    expect(countries_chooser(page)).to_contain_text("United Kingdom")
    expect(page.get_by_text("Filtered to countries United Kingdom.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"country=United(\+|%20)Kingdom"))
    shot(page, "filters-typed-uk")


def test_a_link_to_narnia_and_an_impossible_date_is_named_not_dropped(page: Page, two_calls):
    open_page(page, two_calls, "/map?country=Narnia&from=2026-13-45")
    warning = page.get_by_test_id("stAlert").filter(has_text="Not applied")
    expect(warning).to_contain_text("country “Narnia” (no country of that name)")
    expect(warning).to_contain_text("from “2026-13-45” (not a date: write YYYY-MM-DD)")
    expect(page.get_by_text("Filtered to")).to_have_count(0)
    shot(page, "filters-narnia")


def test_a_reversed_range_is_flagged_and_swapped(page: Page, two_calls):
    open_page(page, two_calls, "/?from=2026-04-05&to=2026-04-02")
    expect(page.get_by_test_id("stAlert").filter(has_text="The date range is reversed")) \
        .to_be_visible()
    shot(page, "filters-reversed")
    page.get_by_role("button", name="Swap the dates").click()
    idle(page)
    expect(page.get_by_text("The date range is reversed")).to_have_count(0)


def test_the_date_pickers_show_the_datas_first_and_last_dates(page: Page, two_calls):
    open_page(page, two_calls, "/")
    dates = page.get_by_test_id("stDateInput").locator("input")
    expect(dates.nth(0)).to_have_value(re.compile(r"2026\s*-\s*04\s*-\s*01"))
    expect(dates.nth(1)).to_have_value(re.compile(r"2026\s*-\s*04\s*-\s*05"))
