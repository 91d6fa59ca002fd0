"""Checks over the reference tables in analysis/engine/data (countries, aliases, leaders)."""
from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "analysis" / "engine" / "data"
ALIAS_KINDS = {"name", "demonym", "capital", "city", "territory", "seat", "institution"}


def _read(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def countries() -> list[dict[str, str]]:
    return _read("countries.csv")


@pytest.fixture(scope="module")
def aliases() -> list[dict[str, str]]:
    return _read("country_aliases.csv")


@pytest.fixture(scope="module")
def leaders() -> list[dict[str, str]]:
    return _read("leaders.csv")


@pytest.fixture(scope="module")
def iso3s(countries) -> set[str]:
    return {r["iso3"] for r in countries}


@pytest.fixture(scope="module")
def alias_map(aliases) -> dict[str, str]:
    return {r["alias"]: r["iso3"] for r in aliases}


def _holders(leaders, title: str, country: str, day: str) -> list[str]:
    """Names holding `title` for `country` on `day` (from <= day, and day < to or no end)."""
    return sorted({r["name"] for r in leaders
                   if r["title"] == title and r["country"] == country
                   and r["from"] <= day and (not r["to"] or day < r["to"])})


# --- countries.csv -------------------------------------------------------------------------

def test_countries_columns(countries):
    assert list(countries[0].keys()) == ["iso3", "name", "lat", "lon"]


def test_countries_cover_iso_3166_plus_kosovo(iso3s):
    import pycountry

    assert {c.alpha_3 for c in pycountry.countries} | {"XKX"} == iso3s


def test_countries_iso3_unique(countries):
    codes = [r["iso3"] for r in countries]
    assert len(codes) == len(set(codes))


def test_every_country_has_coordinates_in_range(countries):
    bad = [r["iso3"] for r in countries
           if not r["lat"] or not r["lon"]
           or not -90 <= float(r["lat"]) <= 90 or not -180 <= float(r["lon"]) <= 180]
    assert bad == []


@pytest.mark.parametrize("iso3,lat,lon", [
    ("BHR", 26.22, 50.58),   # Manama
    ("PSE", 31.90, 35.20),   # Ramallah
    ("XKX", 42.66, 21.17),   # Pristina
    ("QAT", 25.29, 51.53),   # Doha
    ("TLS", -8.56, 125.56),  # Dili (countryinfo had New Delhi)
    ("BRA", -15.79, -47.88), # Brasilia
])
def test_capital_point(countries, iso3, lat, lon):
    row = next(r for r in countries if r["iso3"] == iso3)
    assert abs(float(row["lat"]) - lat) < 0.1 and abs(float(row["lon"]) - lon) < 0.1


@pytest.mark.parametrize("iso3,name", [
    ("USA", "United States"), ("GBR", "United Kingdom"), ("RUS", "Russia"), ("IRN", "Iran"),
    ("SYR", "Syria"), ("KOR", "South Korea"), ("PRK", "North Korea"), ("PSE", "Palestine"),
    ("TUR", "Türkiye"), ("VNM", "Vietnam"), ("TWN", "Taiwan"), ("XKX", "Kosovo"),
])
def test_country_short_name(countries, iso3, name):
    assert next(r["name"] for r in countries if r["iso3"] == iso3) == name


# --- country_aliases.csv -------------------------------------------------------------------

def test_alias_iso3_exist_in_countries(aliases, iso3s):
    assert sorted({r["iso3"] for r in aliases} - iso3s) == []


def test_no_alias_maps_to_two_countries(aliases):
    seen = defaultdict(set)
    for r in aliases:
        seen[r["alias"]].add(r["iso3"])
    assert {a: s for a, s in seen.items() if len(s) > 1} == {}


def test_alias_rows_unique(aliases):
    assert len(aliases) == len({r["alias"] for r in aliases})


def test_alias_kinds_valid(aliases):
    assert {r["kind"] for r in aliases} <= ALIAS_KINDS


def test_aliases_have_no_leading_article_or_padding(aliases):
    bad = [r["alias"] for r in aliases
           if r["alias"] != r["alias"].strip() or r["alias"].startswith(("the ", "The United"))]
    assert bad == []


@pytest.mark.parametrize("alias,iso3", [
    ("UAE", "ARE"), ("Bahrain", "BHR"), ("Kremlin", "RUS"), ("Emirati", "ARE"),
    ("Qatar", "QAT"), ("Saudi Arabia", "SAU"), ("Kingdom of Saudi Arabia", "SAU"),
    ("Iran", "IRN"), ("Iranian", "IRN"), ("US", "USA"), ("American", "USA"), ("Israeli", "ISR"),
    ("Russia", "RUS"), ("Saudi", "SAU"),
])
def test_seed_country_mentions_resolve(alias_map, alias, iso3):
    assert alias_map.get(alias) == iso3


@pytest.mark.parametrize("alias,iso3", [
    ("Riyadh", "SAU"), ("Doha", "QAT"), ("Manama", "BHR"), ("Tehran", "IRN"), ("Gaza", "PSE"),
    ("West Bank", "PSE"), ("Rafah", "PSE"), ("Kyiv", "UKR"), ("Crimea", "UKR"),
    ("White House", "USA"), ("Pentagon", "USA"), ("DoD", "USA"), ("Downing Street", "GBR"),
    ("Northern Ireland", "GBR"), ("Türkiye", "TUR"), ("Turkey", "TUR"), ("Al Udeid", "QAT"),
    ("IDF", "ISR"), ("IRGC", "IRN"), ("Palestinian", "PSE"), ("Kosovo", "XKX"),
    ("Côte d'Ivoire", "CIV"), ("Côte d\u2019Ivoire", "CIV"), ("Hong Kong", "CHN"),
])
def test_common_news_forms_resolve(alias_map, alias, iso3):
    assert alias_map.get(alias) == iso3


@pytest.mark.parametrize("alias", [
    "Gulf", "Persian Gulf", "GCC", "EU", "UN", "NATO", "Hamas", "Hezbollah", "Houthis",
    "Middle East", "Europe", "Africa", "Arab states", "Korean", "Congolese", "Dominican",
    "Persian", "Man", "Jersey", "Male", "Victoria",
])
def test_regions_groups_and_ambiguous_words_are_not_aliases(alias_map, alias):
    assert alias not in alias_map


def test_curated_alias_rows_are_valid():
    """Curated rows name real countries, valid kinds, and no alias twice with two countries."""
    extra = _read("country_aliases_extra.csv")
    codes = {r["iso3"] for r in _read("countries.csv")}
    seen = defaultdict(set)
    for r in extra:
        if r["kind"] == "drop":
            continue
        assert r["kind"] in ALIAS_KINDS, r
        assert r["iso3"] in codes, r
        seen[r["alias"]].add(r["iso3"])
    assert {a: s for a, s in seen.items() if len(s) > 1} == {}


# --- leaders.csv ---------------------------------------------------------------------------

def test_leaders_columns(leaders):
    assert list(leaders[0].keys()) == ["name", "aliases", "title", "country", "from", "to"]


def test_leader_countries_exist(leaders, iso3s):
    assert sorted({r["country"] for r in leaders if r["country"]} - iso3s) == []


def test_leader_dates_are_iso_and_ordered(leaders):
    bad = []
    for r in leaders:
        try:
            start = dt.date.fromisoformat(r["from"])
            end = dt.date.fromisoformat(r["to"]) if r["to"] else None
        except ValueError:
            bad.append(r)
            continue
        if end is not None and end < start:
            bad.append(r)
    assert bad == []


def test_leader_rows_have_name_and_title(leaders):
    assert [r for r in leaders if not r["name"].strip() or not r["title"].strip()] == []


def test_leader_aliases_do_not_repeat_the_name(leaders):
    bad = [r["name"] for r in leaders
           if r["name"] in [a.strip() for a in r["aliases"].split(";")]]
    assert bad == []


def test_king_of_bahrain_on_seed_date(leaders):
    assert _holders(leaders, "King", "BHR", "2026-03-02") == ["Hamad bin Isa Al Khalifa"]


def test_saudi_crown_prince_on_seed_date(leaders):
    assert _holders(leaders, "Crown Prince", "SAU", "2026-03-02") == ["Mohammed bin Salman"]


@pytest.mark.parametrize("title,country,day,name", [
    ("Emir", "QAT", "2026-03-02", "Tamim bin Hamad Al Thani"),
    ("President", "ARE", "2026-03-02", "Mohammed bin Zayed Al Nahyan"),
    ("President", "RUS", "2026-03-02", "Vladimir Putin"),
    ("Prime Minister", "RUS", "2010-01-01", "Vladimir Putin"),
    ("Prime Minister", "GBR", "2024-05-13", "Rishi Sunak"),
    ("Prime Minister", "GBR", "2025-10-01", "Keir Starmer"),
    ("Crown Prince", "KWT", "2025-10-01", "Sabah Al-Khaled Al-Hamad Al-Mubarak Al-Sabah"),
    ("Sultan", "OMN", "2025-06-22", "Haitham bin Tarik"),
    ("King", "SAU", "2006-11-25", "Abdullah bin Abdulaziz Al Saud"),
    ("Secretary of Defense", "USA", "2023-10-07", "Lloyd J. Austin III"),
    ("Defence Minister", "ISR", "2023-10-07", "Yoav Gallant"),
    ("President", "USA", "2023-10-16", "Joseph R. Biden, Jr."),
    ("Secretary-General", "", "2009-01-11", "Ban Ki-moon"),
])
def test_title_lookup_on_corpus_dates(leaders, title, country, day, name):
    assert _holders(leaders, title, country, day) == [name]


@pytest.mark.parametrize("name,title,country", [
    ("Mohammed bin Salman", "Prime Minister", "SAU"),
    ("Vladimir Putin", "Prime Minister", "RUS"),
    ("Salman bin Hamad Al Khalifa", "Prime Minister", "BHR"),
])
def test_person_with_two_offices_has_two_rows(leaders, name, title, country):
    rows = [r for r in leaders if r["name"] == name and r["country"] == country]
    assert len({r["title"] for r in rows}) >= 2 and title in {r["title"] for r in rows}


def test_no_two_holders_of_a_sole_office_overlap(leaders):
    """Heads of state and government, and foreign/defence ministers, hold office one at a time."""
    sole = {"King", "Emir", "Sultan", "President", "Prime Minister", "Crown Prince", "Chancellor",
            "Supreme Leader", "Foreign Minister", "Defence Minister", "Secretary of State",
            "Secretary of Defense", "Foreign Secretary", "Defence Secretary", "Premier"}
    by_office = defaultdict(list)
    for r in leaders:
        if r["title"] in sole and r["country"]:
            by_office[(r["title"], r["country"])].append(r)
    clashes = []
    for office, rows in by_office.items():
        rows.sort(key=lambda r: r["from"])
        for i, a in enumerate(rows):
            for b in rows[i + 1:]:
                if a["name"] != b["name"] and (not a["to"] or b["from"] < a["to"]):
                    clashes.append((office, a["name"], b["name"]))
    assert clashes == []


def test_first_names_have_a_known_gender():
    rows = _read("first_names.csv")
    assert rows and all(r["gender"] in ("m", "f", "") for r in rows)
    assert len({r["name"] for r in rows}) == len(rows)


def test_honorifics_have_a_known_gender():
    assert all(r["gender"] in ("m", "f", "") for r in _read("honorifics.csv"))


def test_speech_verbs_have_a_known_kind_and_appear_once():
    rows = _read("speech_verbs.csv")
    assert all(r["kind"] in ("claim", "topic", "quote") for r in rows)
    assert len({r["verb"] for r in rows}) == len(rows)


def test_publishers_name_known_countries(iso3s):
    assert all(r["iso3"] in iso3s or r["iso3"] == "" for r in _read("publishers.csv"))


def test_title_ranks_are_known():
    ranks = {"head", "minister", "envoy", "spokesperson", "military", "official"}
    assert all(r["rank"] in ranks for r in _read("titles.csv"))
