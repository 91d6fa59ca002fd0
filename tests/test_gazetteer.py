"""Tests for analysis.engine.gazetteer: country references of every kind."""
import pytest

from analysis.engine.gazetteer import countries, country_name, find_countries


def codes(text):
    return [m.value.iso3 for m in find_countries(text)]


@pytest.mark.parametrize("text, expected", [
    ("leaders of Bahrain, Qatar, the UAE, and Saudi Arabia", ["BHR", "QAT", "ARE", "SAU"]),
    ("the Iranian leadership and Israeli aggression", ["IRN", "ISR"]),
    ("the Kremlin said", ["RUS"]),
    ("talks in Riyadh", ["SAU"]),
    ("aid into Gaza", ["PSE"]),
    ("the U.S.-Bahrain relationship", ["USA", "BHR"]),
    ("Iran-backed threats", ["IRN"]),
    ("an Emirati official", ["ARE"]),
])
def test_finds_each_kind_of_reference(text, expected):
    assert codes(text) == expected


def test_regions_and_groups_are_not_countries():
    assert codes("the Gulf, Arab states, the GCC, the EU and Hamas") == []


def test_a_sea_named_for_a_country_is_not_that_country():
    assert codes("ships in the Persian Gulf and the Red Sea") == []


def test_lower_case_words_are_not_countries():
    assert codes("tell us about turkey and china plates") == []


def test_every_country_has_coordinates():
    table = countries()
    assert {"BHR", "PSE", "XKX", "QAT"} <= set(table)
    assert all(-90 <= c.lat <= 90 and -180 <= c.lon <= 180 for c in table.values())


def test_country_name_of_unknown_code_is_the_code():
    assert country_name("ZZZ") == "ZZZ"
