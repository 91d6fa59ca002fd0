"""Works out whose government a document speaks for, so that "The Prime Minister" of a readout
that never names the Prime Minister is read as that government's.

Evidence, strongest first:
1. the document's metadata (``source: gov.uk``, ``url: https://www.state.gov/...``), through the
   publishers table ``data/publishers.csv`` or the seat of government the source names;
2. a seat of government named in the text ("in Downing Street") whose country has the office;
3. a country the text names as a party, not a topic: in the first person ("the UK and Europe
   are ready to play our part"), beside the counterpart ("between the UK and Qatar"), or as an
   owner ("the UK's support"); countries whose people the text names are the counterparts.
When the evidence is missing or split, the answer is None: unknown, not a guess.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cache
from urllib.parse import urlsplit

from analysis.engine.gazetteer import find_countries
from analysis.engine.matcher import Matches
from analysis.engine.tables import read_table

_FIRST_PERSON = re.compile(r"\b(?:our|we|us|ours)\b", re.IGNORECASE)
_BETWEEN = re.compile(r"\s*(?:and|-|–|/)\s*(?:the\s+)?")


@cache
def _publishers() -> tuple[tuple[str, str | None], ...]:
    return tuple((r["publisher"].lower(), r["iso3"] or None) for r in read_table("publishers.csv"))


def publisher_country(source: str = "", url: str = "") -> tuple[bool, str | None]:
    """The country of a document's publisher from its metadata: (known, iso3).

    ``known`` is True when the metadata names a publisher the table or the gazetteer knows;
    iso3 is then its country, or None for a body with no country (the EU, the UN).

    >>> publisher_country(url="https://www.gov.uk/government/news/pm-call")
    (True, 'GBR')
    """
    hosts = []
    for value in (url, source):
        value = (value or "").strip().lower()
        if not value:
            continue
        host = urlsplit(value if "//" in value else "//" + value).hostname or ""
        hosts.append(host.removeprefix("www."))
    for host in hosts:
        for publisher, iso3 in _publishers():
            if host == publisher or host.endswith("." + publisher):
                return True, iso3
    if source.strip():
        seats = [p for p in find_countries(source) if p.value.iso3]
        if seats:
            return True, seats[0].value.iso3
    return False, None


def _clause_after(body: str, pos: int) -> str:
    """The rest of the clause after ``pos``: up to the next comma, semicolon or full stop."""
    stop = len(body)
    for ch in ",;.":
        at = body.find(ch, pos, stop)
        if at >= 0:
            stop = at
    return body[pos:stop]


def _beside_counterpart(body: str, places: Matches, place, others: set[str]) -> bool:
    """True when a counterpart's country stands right beside ``place`` ("the UK and Qatar",
    "Qatar and the UK", "UK-Qatar")."""
    before = places.last_ending_by(place.start)
    if before is not None and before.value.iso3 in others and \
            _BETWEEN.fullmatch(body, before.end, place.start):
        return True
    after = places.starting_in(place.end, place.end + 12)
    return bool(after) and after[0].value.iso3 in others and \
        _BETWEEN.fullmatch(body, place.end, after[0].start) is not None


def home_country(body: str, *, places: Matches, office_countries: set[str],
                 counterparts: Iterable[str]) -> str | None:
    """The country whose government wrote ``body``, among ``office_countries`` (those where the
    office in question has a holder), from the text alone; None when the text does not say.

    ``counterparts`` are the countries of the people the text names: the readout's principal
    is the one it does not name, so theirs are not the home country.
    """
    others = set(counterparts)
    for p in places:
        if p.value.kind == "seat" and p.value.iso3 in office_countries:
            return p.value.iso3
    score: Counter[str] = Counter()
    for p in places:
        iso3 = p.value.iso3
        if not iso3 or iso3 in others or iso3 not in office_countries or \
                p.value.kind not in ("name", "short"):
            continue
        score[iso3] += 1
        if _FIRST_PERSON.search(_clause_after(body, p.end)):
            score[iso3] += 2
        if body[p.end:p.end + 2] in ("'s", "’s"):
            score[iso3] += 1
        if _beside_counterpart(body, places, p, others):
            score[iso3] += 2
    ranked = score.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]
