"""Tests for analysis.engine.voice: whose government a document speaks for."""
import pytest

from analysis.engine.gazetteer import find_countries
from analysis.engine.voice import home_country, publisher_country


@pytest.mark.parametrize("source, url, expected", [
    ("", "https://www.gov.uk/government/news/pm-call-with-the-president", (True, "GBR")),
    ("whitehouse.gov", "", (True, "USA")),
    ("", "http://en.kremlin.ru/events/president/news/1", (True, "RUS")),
    ("The White House", "", (True, "USA")),
    ("", "https://www.eeas.europa.eu/eeas/remarks", (True, None)),
    ("", "", (False, None)),
    ("a blog", "https://example.org/post", (False, None)),
])
def test_publisher_from_metadata(source, url, expected):
    assert publisher_country(source, url) == expected


def home(text, offices=("GBR", "FRA", "UKR", "ITA"), named=("FRA",)):
    return home_country(text, places=find_countries(text), office_countries=set(offices),
                        counterparts=set(named))


def test_a_country_speaking_in_the_first_person_is_home():
    text = ("The Prime Minister spoke to President Dupont of France. They agreed that peace "
            "in Ukraine is vital, and Britain and its partners will play our part.")
    assert home(text) == "GBR"


def test_a_country_beside_the_counterpart_is_home():
    text = ("The Prime Minister spoke to President Dupont of France. The leaders welcomed "
            "the growing trade between the United Kingdom and France.")
    assert home(text) == "GBR"


def test_a_seat_of_government_with_the_office_is_home():
    text = "The Prime Minister welcomed President Dupont of France to Downing Street."
    assert home(text) == "GBR"


def test_a_topic_country_is_not_home():
    text = "The Prime Minister spoke to President Dupont of France about Ukraine and Italy."
    assert home(text) is None


def test_no_country_named_gives_no_home():
    assert home("The Prime Minister spoke to President Dupont this morning.") is None
