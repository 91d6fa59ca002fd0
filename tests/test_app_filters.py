"""The shared filters (dashboard/sidebar.py) as links and choosers set them, in the real app:
common names and codes, what cannot be applied named on the page, a reversed range flagged,
the date pickers starting at the data's dates."""
from datetime import date
from pathlib import Path

import pytest

from dashboard_seed import app_at, texts


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def chooser(at, label: str):
    return next(w for w in at.sidebar.multiselect if w.label == label)


@pytest.fixture
def two_countries(tmp_path: Path, monkeypatch) -> Path:
    """A corpus of two calls of our own: Türkiye and France; the UK and the United States."""
    (tmp_path / "a.txt").write_text(
        "date 2026-04-02\n\nPresident Recep Tayyip Erdogan of Türkiye spoke by telephone with "
        "President Emmanuel Macron of France on Wednesday.\n", "utf-8")
    (tmp_path / "b.txt").write_text(
        "date 2026-04-05\n\nPrime Minister Keir Starmer of the United Kingdom met President "
        "Joe Biden of the United States in London on Saturday.\n", "utf-8")
    monkeypatch.setenv("READOUT_CORPUS", str(tmp_path))
    return tmp_path


@pytest.mark.parametrize("asked", ["Turkey", "TUR", "turkiye", "Türkiye"])
def test_a_link_naming_turkey_any_way_filters_to_turkiye(two_countries, asked):
    at = app_at(query={"country": asked})
    assert chooser(at, "Countries").value == ["Türkiye"]
    assert metrics(at)["Exchanges"] == "1" and metrics(at)["Documents"] == "1"
    assert "Filtered to countries Türkiye" in texts(at)
    assert "Not applied" not in texts(at)


@pytest.mark.parametrize("asked, shown", [("UAE", "United Arab Emirates"), ("QAT", "Qatar"),
                                          ("us", "United States")])
def test_common_names_and_codes_in_a_link_are_applied(asked, shown):
    at = app_at(query={"country": asked})
    assert chooser(at, "Countries").value == [shown]
    assert f"Filtered to countries {shown}" in texts(at)


@pytest.mark.parametrize("typed", ["Britain", "UK", "GBR"])
def test_a_name_typed_in_the_chooser_becomes_the_choosers_name(two_countries, typed):
    at = app_at()
    chooser(at, "Countries").set_value([typed]).run()
    assert chooser(at, "Countries").value == ["United Kingdom"]
    assert metrics(at)["Exchanges"] == "1"


def test_a_link_naming_no_country_says_so_and_filters_nothing():
    at = app_at(page="map", query={"country": "Narnia"})
    assert "Not applied" in texts(at) and "country “Narnia” (no country of that name)" in texts(at)
    assert chooser(at, "Countries").value == []
    assert "Filtered to" not in texts(at)


def test_a_country_no_document_involves_is_named_with_the_reason(two_countries):
    at = app_at(query={"country": ["Narnia", "Japan", "France"]})
    said = texts(at)
    assert "country “Narnia” (no country of that name)" in said
    assert "country “Japan” (Japan: no document involves it)" in said
    assert chooser(at, "Countries").value == ["France"]
    assert metrics(at)["Exchanges"] == "1"


@pytest.mark.parametrize("key, raw", [("from", "2026-13-45"), ("to", "yesterday"),
                                      ("from", "2026-02-30")])
def test_a_link_with_an_impossible_date_says_so_and_filters_nothing(key, raw):
    at = app_at(query={key: raw})
    assert f"{key} “{raw}” (not a date: write YYYY-MM-DD)" in texts(at)
    assert metrics(at)["Documents"] == "1" and metrics(at)["Exchanges"] == "4"
    assert "Filtered to" not in texts(at)


@pytest.mark.parametrize("key, raw", [("actor", "Nobody Known"), ("channel", "pigeon")])
def test_a_link_with_an_unknown_actor_or_channel_says_so(key, raw):
    at = app_at(query={key: raw})
    assert f"{key} “{raw}” (not in these documents)" in texts(at)
    assert metrics(at)["Exchanges"] == "4"


def test_a_reversed_range_is_flagged_not_just_empty():
    at = app_at(query={"from": "2026-03-03", "to": "2026-03-01"})
    said = texts(at)
    assert "The date range is reversed: From (2026-03-03) is after To (2026-03-01)" in said
    assert "From (2026-03-03) is after To (2026-03-01)." in [e.value for e in at.sidebar.error]


def test_swapping_a_reversed_range_applies_it():
    at = app_at(query={"from": "2026-03-03", "to": "2026-03-01"})
    next(b for b in at.sidebar.button if b.label == "Swap the dates").click().run()
    assert "reversed" not in texts(at)
    assert [d.value for d in at.sidebar.date_input] == [date(2026, 3, 1), date(2026, 3, 3)]
    assert "Filtered to dates 2026-03-01 to …" in texts(at)


def test_the_date_pickers_start_at_the_datas_dates_and_filter_nothing():
    at = app_at()
    assert [d.value for d in at.sidebar.date_input] == [date(2026, 2, 28), date(2026, 3, 3)]
    assert "Filtered to" not in texts(at)


def test_clear_filters_puts_the_dates_back_to_the_datas_range():
    at = app_at(query={"from": "2026-03-02", "country": "Qatar"})
    next(b for b in at.sidebar.button if b.label == "Clear filters").click().run()
    assert [d.value for d in at.sidebar.date_input] == [date(2026, 2, 28), date(2026, 3, 3)]
    assert chooser(at, "Countries").value == [] and "Filtered to" not in texts(at)


def test_pickers_left_at_the_datas_dates_follow_them_when_a_document_arrives(tmp_path,
                                                                            monkeypatch):
    (tmp_path / "a.txt").write_text(
        "date 2026-04-02\n\nPresident Recep Tayyip Erdogan of Türkiye spoke by telephone with "
        "President Emmanuel Macron of France on Wednesday.\n", "utf-8")
    monkeypatch.setenv("READOUT_CORPUS", str(tmp_path))
    at = app_at()
    assert [d.value for d in at.sidebar.date_input] == [date(2026, 4, 1), date(2026, 4, 2)]
    (tmp_path / "b.txt").write_text(
        "date 2026-05-05\n\nPrime Minister Keir Starmer of the United Kingdom met President "
        "Joe Biden of the United States in London on Monday.\n", "utf-8")
    at.run()
    assert [d.value for d in at.sidebar.date_input] == [date(2026, 4, 1), date(2026, 5, 5)]
    assert metrics(at)["Documents"] == "2" and "Filtered to" not in texts(at)
