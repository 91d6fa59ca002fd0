"""Turns what a person types or a link says for a country ("Turkey", "UAE", "us", "GBR",
"Britain") into its ISO3 code, so that the filters accept the names and codes people use, not
only the chooser's own spelling ("Türkiye").

Pure (no streamlit). The names come from the engine's tables, not from code: the display names
of ``countries.csv``, the ``name`` and ``demonym`` rows of ``country_aliases.csv`` and
``country_aliases_extra.csv``, pycountry's names, and the ISO 3166-1 alpha-3 and alpha-2 codes.
Matching ignores case, diacritics, dots and surrounding space ("u.s.", "Turkiye").
"""
from __future__ import annotations

import unicodedata
from functools import cache

import pycountry

from analysis.engine.frames import split_list
from analysis.engine.gazetteer import countries, country_name
from analysis.engine.tables import read_table

#: The alias kinds of the engine's tables that name a state itself (not a city or a seat).
_KINDS = ("name", "demonym")


def _key(text: str) -> str:
    """``text`` compared loosely: no diacritics, no dots, single spaces, any case."""
    plain = unicodedata.normalize("NFKD", str(text))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return " ".join(plain.replace(".", "").split()).casefold()


@cache
def _table() -> dict[str, str]:
    """Every accepted spelling (as ``_key`` gives it) -> ISO3. Earlier sources win a clash:
    codes, then display names, then the alias tables, then pycountry."""
    table: dict[str, str] = {}

    def add(text: str | None, iso3: str) -> None:
        if text and iso3 in known:
            table.setdefault(_key(text), iso3)

    known = countries()
    for iso3 in known:
        add(iso3, iso3)
    for c in pycountry.countries:
        add(c.alpha_2, c.alpha_3)
    for iso3 in known:
        add(country_name(iso3), iso3)
    for name in ("country_aliases.csv", "country_aliases_extra.csv"):
        for row in read_table(name):
            if row.get("kind") in _KINDS:
                add(row["alias"], row["iso3"])
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            add(getattr(c, attr, None), c.alpha_3)
    return table


def resolve(text: str) -> str | None:
    """The ISO3 code of a country named or coded as people write it; None when it names none.

    >>> resolve("Turkey"), resolve("uae"), resolve("U.S."), resolve("GBR"), resolve("Narnia")
    ('TUR', 'ARE', 'USA', 'GBR', None)
    """
    return _table().get(_key(text))


def names_of(codes: object) -> str:
    """A cell of ISO3 codes (joined by the frames' separator) as country names, joined by
    ", "; what is no code (a group named as an actor) stays as written.

    >>> names_of("RUS; SAU"), names_of(""), names_of("Hamas")
    ('Russia, Saudi Arabia', '', 'Hamas')
    """
    return ", ".join(country_name(c) for c in split_list(codes))


__all__ = ["names_of", "resolve"]
