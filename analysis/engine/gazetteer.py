"""Finds the countries a text refers to: names, short forms, demonyms, cities and seats of
government, each turned into an ISO 3166-1 alpha-3 code.

Names and codes come from pycountry; the aliases (short forms, demonyms, capitals, cities,
territories, seats, institutions) from ``analysis/engine/data/country_aliases.csv``; phrases that look
like a country but are not ("Persian Gulf", "New Mexico") from ``not_countries.txt``.
Ambiguity is settled leftmost-longest by the matcher, then by the tier order below.
"""
from __future__ import annotations

from functools import cache
from typing import NamedTuple

import pycountry

from analysis.engine.matcher import Matches, PhraseMatcher
from analysis.engine.tables import read_list, read_table

#: Kinds of alias, best first: when two tables give one phrase, the earlier kind wins.
KIND_TIERS = ("name", "short", "demonym", "capital", "territory", "city", "seat", "institution")


class Place(NamedTuple):
    """What a matched phrase refers to: a country code and how it was named."""

    iso3: str | None  # None for a blocked phrase (not a country)
    kind: str


class Country(NamedTuple):
    """One row of the country table."""

    iso3: str
    name: str
    lat: float
    lon: float


@cache
def countries() -> dict[str, Country]:
    """All countries by ISO3 code, with display name and map coordinates."""
    out = {}
    for row in read_table("countries.csv"):
        out[row["iso3"]] = Country(row["iso3"], row["name"], float(row["lat"]), float(row["lon"]))
    return out


def country_name(iso3: str) -> str:
    """The display name of ``iso3``; the code itself when unknown.

    >>> country_name("ARE")
    'United Arab Emirates'
    """
    row = countries().get(iso3)
    return row.name if row else iso3


def _pycountry_phrases() -> list[tuple[str, Place]]:
    """Official and common English names of every ISO country, from pycountry."""
    phrases = []
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value and "," not in value:
                phrases.append((value, Place(c.alpha_3, "name")))
    return phrases


@cache
def matcher() -> PhraseMatcher[Place]:
    """The country phrase matcher, built once per process."""
    rows = sorted(read_table("country_aliases.csv"),
                  key=lambda r: KIND_TIERS.index(r["kind"]) if r["kind"] in KIND_TIERS else 99)
    phrases: list[tuple[str, Place]] = [(p, Place(None, "blocked"))
                                        for p in read_list("not_countries.txt")]
    phrases += [(r["alias"], Place(r["iso3"], r["kind"])) for r in rows]
    phrases += _pycountry_phrases()
    return PhraseMatcher(phrases)


def find_countries(text: str) -> Matches:
    """Every country reference in ``text``, in order (blocked phrases left out).

    >>> [(m.phrase, m.value.iso3) for m in find_countries("Talks in Riyadh with the UAE")]
    [('Riyadh', 'SAU'), ('UAE', 'ARE')]
    """
    return Matches(m for m in matcher().find(text) if m.value.iso3)
