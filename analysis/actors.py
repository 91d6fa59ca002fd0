"""Finds the people and institutions a document names and gives each one canonical name,
title and country, whether the text says "Crown Prince ... of the Kingdom of Saudi Arabia,
Mohammed bin Salman", "the Saudi Crown Prince" or "Mohammed bin Salman Al Saud".

Sources, in priority order:
1. the leaders table (``analysis/data/leaders.csv``: name, aliases, title, country, from, to),
   valid on the document's date;
2. a title with a name ("Israeli Minister of Defense Yoav Gallant", "Emir of the State of
   Qatar, Tamim bin Hamad Al Thani"), the country read from the words around the title;
3. later mentions by surname ("Austin"), by title and surname ("Secretary Austin") or by title
   alone ("the Crown Prince", "the Secretary"), resolved to a person already named, else to the
   leaders table's holder of that office on the document's date;
4. seats of government and institutions that speak ("the Kremlin", "the White House").
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from typing import NamedTuple

from analysis.gazetteer import Place, find_countries
from analysis.matcher import Match, Matches, PhraseMatcher
from analysis.tables import read_list, read_table

# ---------------------------------------------------------------------------------------------
# Tables


class Leader(NamedTuple):
    """One office held by one person for a period (a row of leaders.csv)."""

    name: str
    title: str
    country: str | None
    start: date | None
    end: date | None

    def holds_on(self, when: date | None) -> bool:
        """True when the office was held on ``when`` (any period when ``when`` is None)."""
        if when is None:
            return True
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)


class Title(NamedTuple):
    """A title as text writes it, with its canonical form, rank and implied country."""

    canonical: str
    rank: str  # head | minister | envoy | spokesperson | military
    country: str | None


def _parse_date(text: str) -> date | None:
    text = (text or "").strip()
    return date.fromisoformat(text) if text else None


@cache
def leaders() -> tuple[Leader, ...]:
    """Every row of the leaders table."""
    out = []
    for row in read_table("leaders.csv"):
        out.append(Leader(row["name"].strip(), _canonical_title(row["title"].strip()),
                          row["country"].strip() or None,
                          _parse_date(row["from"]), _parse_date(row["to"])))
    return tuple(out)


@cache
def _leader_matcher() -> PhraseMatcher[str]:
    """Names and aliases of the leaders table, each to its canonical name."""
    phrases: list[tuple[str, str]] = []
    for row in read_table("leaders.csv"):
        name = row["name"].strip()
        phrases.append((name, name))
        for alias in (row.get("aliases") or "").split(";"):
            if alias.strip():
                phrases.append((alias.strip(), name))
    return PhraseMatcher(phrases)


@cache
def titles() -> dict[str, Title]:
    """Title phrases as written ("Minister of Defense") to their ``Title``."""
    return {r["title"]: Title(r["canonical"], r["rank"], r["country"] or None)
            for r in read_table("titles.csv")}


def _canonical_title(title: str) -> str:
    """Map a title as written to its canonical form ("Amir" -> "Emir"); unknown ones unchanged."""
    known = titles().get(title)
    return known.canonical if known else title


@cache
def _title_matcher() -> PhraseMatcher[Title]:
    """Title phrases, capitalised as in front of a name and lower-cased as after "the"."""
    phrases: list[tuple[str, Title]] = []
    for text, title in titles().items():
        phrases.append((text, title))
        phrases.append((text[0].lower() + text[1:], title))
        phrases.append((text.lower(), title))
    return PhraseMatcher(phrases)


@cache
def _honorific_pattern() -> re.Pattern[str]:
    words = sorted(read_list("honorifics.txt"), key=len, reverse=True)
    one = r"(?:%s)\s+" % "|".join(re.escape(w) for w in words)
    # "(?:X)+" written "X(?:X)*": the same matches, and the regex engine can skip ahead to
    # the honorifics' first letters instead of trying every position.
    return re.compile(rf"{one}(?:{one})*")


def holder(title: str, country: str | None, *, on: date | None) -> str | None:
    """The name of whoever held ``title`` in ``country`` on the date, or None when unknown.

    >>> holder("King", "BHR", on=date(2026, 3, 2))
    'Hamad bin Isa Al Khalifa'
    """
    canonical = _canonical_title(title)
    found = [l for l in _leaders_by("title").get(canonical, ())
             if l.country == country and l.holds_on(on)]
    names = sorted({l.name for l in found})
    return names[0] if len(names) == 1 else None


@cache
def _leaders_by(field: str) -> dict[str, list[Leader]]:
    """The leaders table indexed by one of its fields ("name", "title")."""
    out: dict[str, list[Leader]] = {}
    for row in leaders():
        out.setdefault(getattr(row, field), []).append(row)
    return out


@cache
def _leader_on(name: str, when: date | None) -> Leader | None:
    """The leaders-table row for ``name`` valid on ``when`` (else its latest row)."""
    rows = _leaders_by("name").get(name, [])
    if not rows:
        return None
    valid = [l for l in rows if l.holds_on(when)]
    pool = valid or rows
    rank = {"head": 0, "minister": 1}
    return sorted(pool, key=lambda l: (rank.get(titles().get(l.title, Title("", "", None)).rank, 2),
                                       l.start or date.min), reverse=False)[0]


# ---------------------------------------------------------------------------------------------
# Patterns

_PARTICLES = r"(?:bin|bint|ibn|Bin|Ibn|al|Al|el|El|de|da|di|van|von|der|du|la|le|abu|Abu|Abd|bin\s+Abdul)"
_TOKEN = r"(?:[A-Z][a-zA-Z'’]+(?:-[A-Z]?[a-zA-Z'’]+)*|[A-Z]\.|(?:al|el|Al|El)-[A-Z][a-zA-Z'’]+)"
_SUFFIX = r"(?:,?\s+(?:Jr\.|Sr\.|II|III|IV)(?![\w.]))"
#: A person's name: capitalised words joined by particles ("bin", "Al"), at most eight words,
#: so that a long run of capitalised words cannot make matching slow.
NAME = re.compile(rf"{_TOKEN}(?:\s+(?:{_PARTICLES}\s+){{0,2}}{_TOKEN}){{0,7}}{_SUFFIX}?")

_PATRONYMIC_BEFORE = re.compile(r"\b(?:bin|ibn|bint|Bin|Ibn)\s+$|(?:Al|al|El|el)-$")
_NAME_GOES_ON = re.compile(r"\s+(?:Al-|al-|bin\s|ibn\s|Bin\s)")
_COMMA_GAP = re.compile(r"[ \t]*,?[ \t]*")
_APPOS_COMMA = re.compile(r",\s+")
_OF_PHRASE = re.compile(r"\s+(?:of|and|for)\s+[^,;.()\"“”\n]{1,110}?(?:\s*\([A-Z]{2,6}\))?,[ \t]+")
#: What may stand between a country word and a title it qualifies: "Saudi leader King",
#: "Iranian Foreign Ministry spokesman", "Israeli military spokesman".
_ADJ_GAP = re.compile(r"(?:['’]s)?[ \t]{0,2}(?:(?:[A-Z][a-z]+|leader|ruler|official|monarch|"
                      r"head of state|military|government|army|presidential|foreign ministry)"
                      r"[ \t]+){0,3}")
_OF_THE = re.compile(r"\s+of\s+(?:the\s+)?")
_NAME_SPLIT = re.compile(r"[\s,]+")
#: Between a person and an appositive title: ", Qatar's", ", the", ", Foreign".
_APPOSITIVE_GAP = re.compile(r",\s+(?:the\s+|a\s+)?(?:[\w.]+['’]s\s+|[A-Z][\w.]*\s+)?")
_THE_BEFORE = re.compile(r"\b(?:the|The)\s+(?:\w+\s+)?$")

#: Capitalised words that are never part of a person's name.
_NOT_NAME = frozenset("""
The A An In On At By For From To With Of And But Or As He She They It We I This That These Those
His Her Their Its Our Both Since After Before During While When Where Who Which What Today
Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June
July August September October November December Sept Secretary Minister President King Queen
Prince Crown Emir Amir Sultan Prime Defense Defence Foreign State Department Ministry Affairs
Council Chairman Commander Chief General Gen Force Forces Air Base Army Navy Office Government
Kingdom Republic United Nations Security Press Vice Deputy National Supreme Leader Chancellor
Separately Meanwhile However Also Still Given According Turning Further Discussing Speaking
Readout Spokesman Spokesperson Embassy Mission Task Operation Joint Staff Chairman Ambassador
Envoy Special Senior Official Officials Leaders Leader Parliament Congress Senate House
""".split())

_SPEAKER_INSTITUTION_KINDS = {"seat", "institution"}

_SPEECH_WORDS = ("said", "says", "told", "added", "stated", "insisted", "warned", "noted",
                 "commented", "criticized", "criticised")
#: A name after an honorific that is no title: "Dr. Mona al-Farra of the Palestinian Red Crescent".
#: (Each honorific is written "D(?<!\w.)r": the same as a leading ``\b``, placed after the first
#: letter so that the regex engine can skip ahead to the letters D, S and P.)
_HONORED = re.compile(rf"(?:D(?<!\w.)r\.?|S(?<!\w.)heikh|S(?<!\w.)ir|P(?<!\w.)rof\.)\s+"
                      rf"(?P<name>{NAME.pattern})"
                      rf"(?P<tail>\s+of\s+the\s+[^,.;]{{3,60}})?")
#: A name followed by an appositive and a speech verb, or by the verb itself:
#: "Mehdi Dakhlallah, Syria's information minister, told", "Arieh Mekel says". Matched
#: backwards from each speech verb, on a short window (fast on long texts).
_SPEAKING_TAIL = re.compile(r"(?P<tail>,\s+(?:the\s+|a\s+|an\s+)?[^,.;\"“”]{3,80},)?\s+")


class SpeakerName(NamedTuple):
    """A name found right before a speech verb, and the appositive between them (if any)."""

    name_start: int
    name_end: int
    name: str
    tail_end: int | None


@cache
def _speech_verbs() -> PhraseMatcher[str]:
    """The speech verbs as whole words: the matches of ``\\b(?:said|says|...)\\b`` (letters
    only, so they cannot overlap), found in one Aho-Corasick pass over the text."""
    return PhraseMatcher((word, word) for word in _SPEECH_WORDS)


def _speakers_before_verbs(body: str) -> list[SpeakerName]:
    """Names that stand right before a speech verb: "Arieh Mekel says", "Mehdi Dakhlallah,
    Syria's information minister, told". Read on a short window before each verb: the last
    name in it must reach the verb through white space or one appositive."""
    found = []
    for verb in _speech_verbs().find(body):
        start = max(0, verb.start - 160)
        names = list(NAME.finditer(body, start, verb.start))
        for name in reversed(names[-3:]):
            tail = _SPEAKING_TAIL.fullmatch(body, name.end(), verb.start)
            if tail:
                found.append(SpeakerName(name.start(), name.end(), name.group(),
                                         tail.end("tail") if tail.group("tail") else None))
                break
    return found


@dataclass
class Person:
    """A person or institution named in one document."""

    name: str
    country: str | None
    title: str = ""
    kind: str = "person"
    from_table: bool = False
    keys: set[str] = field(default_factory=set)
    first: int = 0


class ActorMention(NamedTuple):
    """A span of the body that refers to a ``Person`` (index into ``Actors.people``)."""

    start: int
    end: int
    person: int
    via: str  # name | surname | title | institution | state


class Actors:
    """The people of one document and every span that refers to one of them."""

    def __init__(self) -> None:
        self.people: list[Person] = []
        self.mentions: list[ActorMention] = []
        self._by_name: dict[str, int] = {}
        self._by_ends: dict[tuple[str, str], list[int]] = {}
        self._starts: list[int] = []
        self._snap: list[ActorMention] = []
        self._snap_ends: list[int] = []

    def add(self, person: Person) -> int:
        """Add a person (or return the index of the one with that name); keeps the fuller name."""
        key = person.name.lower()
        if key in self._by_name:
            index = self._by_name[key]
            known = self.people[index]
            known.country = known.country or person.country
            known.title = known.title or person.title
            known.keys |= person.keys
            return index
        # A fuller form of a name already known ("Salman bin Hamad bin Isa Al Khalifa"):
        # same first and last words, looked up by them.
        ends = _ends(person.name)
        for index in self._by_ends.get(ends, ()) if ends else ():
            known = self.people[index]
            if known.kind == person.kind == "person" and not known.from_table and \
                    _same_person(known.name, person.name):
                if len(person.name) > len(known.name):
                    self._by_name[key] = index
                    known.name = person.name
                known.country = known.country or person.country
                known.title = known.title or person.title
                known.keys |= person.keys
                self._by_name[key] = index
                return index
        self.people.append(person)
        self._by_name[key] = len(self.people) - 1
        if ends:
            self._by_ends.setdefault(ends, []).append(len(self.people) - 1)
        return len(self.people) - 1

    def mention(self, start: int, end: int, person: int, via: str) -> None:
        """Record that ``body[start:end]`` refers to ``person``."""
        self.mentions.append(ActorMention(start, end, person, via))

    def snapshot(self) -> None:
        """Sort the mentions found so far, for ``latest_before`` (called between passes)."""
        self._snap = sorted(self.mentions, key=lambda m: (m.end, m.start))
        self._snap_ends = [m.end for m in self._snap]

    def latest_before(self, pos: int, fits) -> ActorMention | None:
        """The last mention of the snapshot ending at or before ``pos`` whose person ``fits``."""
        i = bisect_right(self._snap_ends, pos) - 1
        while i >= 0:
            m = self._snap[i]
            if fits(self.people[m.person]):
                return m
            i -= 1
        return None

    def finish(self) -> None:
        """Sort mentions and drop those nested in a longer one."""
        self.mentions.sort(key=lambda m: (m.start, -(m.end - m.start)))
        kept: list[ActorMention] = []
        for m in self.mentions:
            if kept and m.start < kept[-1].end:
                continue
            kept.append(m)
        self.mentions = kept
        self._starts = [m.start for m in kept]

    def within(self, start: int, end: int) -> list[ActorMention]:
        """The mentions lying inside ``[start, end)``, in order."""
        i = bisect_right(self._starts, start - 1)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            if self.mentions[i].end <= end:
                out.append(self.mentions[i])
            i += 1
        return out

    def last_before(self, pos: int, *, kinds: tuple[str, ...] = ("person",)) -> int | None:
        """The person of the last mention ending at or before ``pos``, or None."""
        i = bisect_right(self._starts, pos) - 1
        while i >= 0:
            m = self.mentions[i]
            if m.end <= pos and self.people[m.person].kind in kinds:
                return m.person
            i -= 1
        return None


def _tokens(name: str) -> list[str]:
    return [t for t in _NAME_SPLIT.split(name) if t]


@lru_cache(maxsize=8192)
def _ends(name: str) -> tuple[str, str] | None:
    """The first and last words of a name of two words or more, else None (kept for the
    names seen last: the same names come back in every document about a crisis)."""
    tokens = _tokens(name)
    return (tokens[0], tokens[-1]) if len(tokens) >= 2 else None


def _same_person(a: str, b: str) -> bool:
    """True when one name's words include the other's and they share first and last words."""
    ta, tb = _tokens(a), _tokens(b)
    if len(ta) < 2 or len(tb) < 2:
        return False
    return ta[0] == tb[0] and ta[-1] == tb[-1]


def _name_keys(name: str) -> set[str]:
    """Words by which a later mention may name the person: the surname, and for names
    built with "bin"/"Al" the given name ("Tamim"). A fresh set per call (callers grow it)."""
    return set(_name_keys_cached(name))


@cache
def _name_keys_cached(name: str) -> frozenset[str]:
    tokens = [t for t in _tokens(name) if t not in {"Jr.", "Sr.", "II", "III", "IV"}]
    if not tokens:
        return frozenset()
    keys = {tokens[-1]}
    if any(t.lower() in {"bin", "ibn", "al", "bint"} for t in tokens[1:]):
        keys.add(tokens[0])
    return frozenset(k for k in keys if len(k) > 2 and (k not in _NOT_NAME or k in _MONTH_SURNAMES))


#: Month names that are also surnames ("Theresa May"): a later "May" may be her, but only
#: once the full name has been read in the same document.
_MONTH_SURNAMES = frozenset({"May", "June", "August"})


@lru_cache(maxsize=8192)
def _clean_name(text: str) -> str:
    """Strip honorifics and stop words from the edges of a captured name (kept for the
    names seen last, as ``_ends``)."""
    text = _honorific_pattern().sub("", text).strip(" ,")
    tokens = text.split()
    while tokens and tokens[0].strip(",") in _NOT_NAME:
        tokens.pop(0)
    while tokens and tokens[-1].strip(",") in _NOT_NAME:
        tokens.pop()
    return " ".join(tokens).strip(" ,")


# ---------------------------------------------------------------------------------------------
# Finding actors


def _country_near(places: Matches, start: int, end: int) -> str | None:
    """The first country reference inside ``[start, end)``, or None."""
    inside = places.within(start, end)
    return inside[0].value.iso3 if inside else None


def _country_before(body: str, places: Matches, pos: int) -> str | None:
    """A country adjective or name just before a title ("Saudi Minister", "U.S. Vice President",
    "Qatar's Emir", "Kremlin spokesman"), or None."""
    m = places.last_ending_by(pos)
    if m is not None:
        gap = body[m.end:pos]
        if _ADJ_GAP.fullmatch(gap):
            return m.value.iso3
    return None


def _read_titled_name(body: str, pos: int) -> tuple[int, int, str] | None:
    """After a title ending at ``pos``, read the name it introduces: directly ("President
    Putin"), or after an "of ..." phrase and a comma ("King of Bahrain, Hamad bin Isa Al
    Khalifa"). Returns (start, end, name) or None."""
    m = _COMMA_GAP.match(body, pos)
    at = m.end()
    hon = _honorific_pattern().match(body, at)
    if hon:
        at = hon.end()
    name = NAME.match(body, at)
    if name and body[pos:at].count(",") == 0:
        cleaned = _clean_name(name.group())
        if cleaned and cleaned.split()[0] not in _NOT_NAME:
            return name.start() + name.group().find(cleaned.split()[0]), name.end(), cleaned
    # "the Israeli Prime Minister, Mr. Benjamin Netanyahu"
    appos = _APPOS_COMMA.match(body, pos)
    if appos:
        at = appos.end()
        hon = _honorific_pattern().match(body, at)
        at = hon.end() if hon else at
        name = NAME.match(body, at)
        if name:
            cleaned = _clean_name(name.group())
            if len(cleaned.split()) >= 2 and cleaned.split()[0] not in _NOT_NAME:
                return name.start(), name.end(), cleaned
    # "of the Kingdom of Saudi Arabia, Mohammed bin Salman" / "(BDF), Field Marshall Khalifa ..."
    longer = _OF_PHRASE.match(body, pos)
    if longer:
        at = longer.end()
        hon = _honorific_pattern().match(body, at)
        if hon:
            at = hon.end()
        name = NAME.match(body, at)
        if name:
            cleaned = _clean_name(name.group())
            if cleaned and len(cleaned.split()) >= 2:
                return name.start(), name.end(), cleaned
    return None


def _table_name(name: str, title: str, country: str | None,
                when: date | None) -> tuple[str, str | None] | None:
    """The leaders-table person a short titled name stands for ("King Abdullah" on 2006-11-25
    -> Abdullah bin Abdulaziz Al Saud), when exactly one holder of that title fits."""
    tokens = name.split()
    found = {(l.name, l.country) for l in _leaders_by("title").get(title, ())
             if l.holds_on(when) and (country is None or l.country == country)
             and l.name.split()[:len(tokens)] == tokens}
    return found.pop() if len(found) == 1 else None


def _home_country(body: str, title: str, *, places: Matches,
                  when: date | None) -> str | None:
    """The government whose own voice a readout is written in, for a principal named by
    title alone ("The Prime Minister spoke to..."): a seat of government the text names
    ("in Downing Street") whose country has that office, else ``voices.csv`` markers; or
    None."""
    for p in places:
        if p.value.kind == "seat" and holder(title, p.value.iso3, on=when):
            return p.value.iso3
    for row in read_table("voices.csv"):
        if row["title"] == title and re.search(row["markers"], body):
            return row["country"]
    return None


def find_actors(body: str, *, doc_date: date | None,
                places: list[Match[Place]] | None = None) -> Actors:
    """Find every actor of a document body and the spans that name them.

    ``places`` are the body's country references (found here when not given). Returns an
    ``Actors`` with no people when the text names none.
    """
    places = find_countries(body) if places is None else Matches(places)
    actors = Actors()
    leader_at: dict[int, ActorMention] = {}
    taken = bytearray(len(body) + 1)  # 1 where a mention already covers the character

    def overlaps(s: int, e: int) -> bool:
        return 1 in taken[s:e]

    def take(s: int, e: int) -> None:
        taken[s:e] = b"\x01" * (e - s)

    # 1. Names from the leaders table.
    for m in _leader_matcher().find(body):
        if _PATRONYMIC_BEFORE.search(body[max(0, m.start - 5):m.start]) or body[m.end:m.end + 1] == "-":
            continue  # "Salman bin Hamad bin Isa Al Khalifa" is not his father, nor
            # "Sabah Al-Khaled Al-Hamad Al-Mubarak Al-Sabah" Hosni Mubarak
        if _NAME_GOES_ON.match(body[m.end:m.end + 5]):
            continue  # "Sheikh Sabah Al-Khaled ..." is a longer name than the alias
        row = _leader_on(m.value, doc_date)
        current = row is not None and row.holds_on(doc_date)
        person = Person(m.value, row.country if row else None, row.title if current else "",
                        from_table=True, keys=_name_keys(m.value) | {m.phrase} if
                        len(m.phrase.split()) == 1 else _name_keys(m.value), first=m.start)
        index = actors.add(person)
        actors.mention(m.start, m.end, index, "name")
        leader_at[m.start] = actors.mentions[-1]
        take(m.start, m.end)

    # 2. Titles, with the name they introduce or alone.
    title_hits = _title_matcher().find(body)
    for t in title_hits:
        if overlaps(t.start, t.end):
            continue
        title: Title = t.value
        read = _read_titled_name(body, t.end)
        if read:
            n_start, n_end, name = read
            if overlaps(n_start, n_end):
                # The name is a known leader: the title only confirms it, and is part of it.
                known = leader_at.get(n_start)
                if known:
                    actors.mention(t.start, known.end, known.person, "name")
                    take(t.start, known.end)
                continue
            left = _country_before(body, places, t.start)
            inside = _country_near(places, t.end, n_start)
            country = left or inside or title.country
            known = _table_name(name, title.canonical, country, doc_date)
            if known:
                name, country = known
            elif len(name.split()) == 1:
                # "Secretary Austin", "President Sisi": a surname of someone already named
                same = [i for i, p in enumerate(actors.people) if name in p.keys]
                if same:
                    actors.mention(t.start, n_end, same[0], "surname")
                    take(t.start, n_end)
                    continue
            if name in {p.phrase for p in places.starting_in(n_start, n_end + 1)}:
                continue
            index = actors.add(Person(name, country, title.canonical, keys=_name_keys(name),
                                      first=t.start))
            actors.mention(t.start, n_end, index, "name")
            take(t.start, n_end)

    # 2b. Names with no title before them: "Dr. Mona al-Farra", "Ian Paisley, the First
    # Minister of ...", "Mehdi Dakhlallah, Syria's information minister, told".
    untitled = [SpeakerName(m.start("name"), m.end("name"), m.group("name"),
                            m.end("tail") if m.group("tail") else None)
                for m in _HONORED.finditer(body)] + _speakers_before_verbs(body)
    for n_start, n_end, raw, tail_end in untitled:
        name = _clean_name(raw)
        if len(name.split()) < 2 or overlaps(n_start, n_end) or \
                places.overlapping(n_start, n_end):
            continue
        country = _country_near(places, n_end, tail_end) if tail_end else None
        index = actors.add(Person(name, country, "", keys=_name_keys(name), first=n_start))
        actors.mention(n_start, n_end, index, "name")
        take(n_start, n_end)

    # 3. Later mentions by surname or given name.
    keys: dict[str, int] = {}
    for index, person in enumerate(actors.people):
        for key in person.keys:
            keys.setdefault(key, index)
    if keys:
        key_matcher = PhraseMatcher(keys.items())
        for m in key_matcher.find(body):
            if not overlaps(m.start, m.end):
                actors.mention(m.start, m.end, m.value, "surname")
                take(m.start, m.end)

    # 4. Titles alone: "the Crown Prince", "the Secretary", "the King of Bahrain".
    actors.snapshot()
    for t in title_hits:
        if overlaps(t.start, t.end):
            continue
        title = t.value
        if title.rank == "minister" and title.canonical == "Minister":
            continue
        before = body[max(0, t.start - 12):t.start]
        of = _OF_THE.match(body, t.end)
        country = _country_before(body, places, t.start)
        end = t.end
        if of:
            nxt = places.starting_in(of.end(), of.end() + 1)
            if nxt:
                country, end = nxt[0].value.iso3, nxt[0].end
        # An appositive title: "Khalid bin Mohamed Al Attiyah, Qatar's deputy prime minister".
        prior = actors.latest_before(t.start, lambda p: p.kind == "person")
        if prior and _APPOSITIVE_GAP.fullmatch(body[prior.end:t.start]):
            index = prior.person
            actors.people[index].title = actors.people[index].title or title.canonical
            actors.mention(t.start, end, index, "title")
            take(t.start, end)
            continue
        if not (_THE_BEFORE.search(before) or country):
            continue
        index = _resolve_title(actors, title, country, body, doc_date, t.start, places)
        if index is not None:
            actors.mention(t.start, end, index, "title")
            take(t.start, end)

    # 5. Seats of government and institutions ("the Kremlin said").
    for p in places:
        if p.value.kind in _SPEAKER_INSTITUTION_KINDS and not overlaps(p.start, p.end):
            name = ("the " if body[max(0, p.start - 4):p.start].lower() == "the " else "") + p.phrase
            index = actors.add(Person(name if name.startswith("the ") else "the " + p.phrase,
                                      p.value.iso3, kind="institution", first=p.start))
            actors.mention(p.start, p.end, index, "institution")
    actors.finish()
    return actors


def _resolve_title(actors: Actors, title: Title, country: str | None, body: str,
                   doc_date: date | None, pos: int, places: Matches) -> int | None:
    """The person a bare title refers to: the latest person named before ``pos`` with that
    title (and country, when given), else the first after it, else the leaders table's holder,
    else the title itself when the readout's own voice gives its country."""
    def fits(p: Person) -> bool:
        if p.kind != "person":
            return False
        same_title = p.title == title.canonical or (
            title.canonical in ("Minister", "Secretary") and title.canonical in p.title)
        return same_title and (country is None or p.country == country)

    before = actors.latest_before(pos, fits)
    if before is not None:
        return before.person
    candidates = [i for i, p in enumerate(actors.people) if fits(p)]
    if candidates:
        return min(candidates, key=lambda i: actors.people[i].first)
    if title.rank not in ("head", "minister"):
        return None
    home = country or title.country or _home_country(body, title.canonical, places=places,
                                                     when=doc_date)
    if home is None:
        return None
    name = holder(title.canonical, home, on=doc_date)
    if name:
        return actors.add(Person(name, home, title.canonical, from_table=True,
                                 keys=_name_keys(name), first=pos))
    return actors.add(Person(f"the {title.canonical}", home, title.canonical, first=pos))
