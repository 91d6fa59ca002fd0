"""dashboard/country_names.py: the names and codes people type or link, to ISO3."""
import pytest

from dashboard.country_names import resolve


@pytest.mark.parametrize("text, iso3", [
    ("Turkey", "TUR"), ("Türkiye", "TUR"), ("turkiye", "TUR"), ("TUR", "TUR"), ("TR", "TUR"),
    ("UAE", "ARE"), ("United Arab Emirates", "ARE"), ("ARE", "ARE"),
    ("US", "USA"), ("USA", "USA"), ("U.S.", "USA"), ("United States", "USA"), ("us", "USA"),
    ("UK", "GBR"), ("Britain", "GBR"), ("United Kingdom", "GBR"), ("GBR", "GBR"),
    ("  qatar ", "QAT"),
])
def test_common_names_and_codes_give_the_country(text, iso3):
    assert resolve(text) == iso3


@pytest.mark.parametrize("text", ["Narnia", "", "Gulf", "Paris"])
def test_what_names_no_country_gives_none(text):
    assert resolve(text) is None
