"""Finds the people and institutions a document names and gives each one name, title, country
and, where the text shows it, gender: open-world, so that anyone the text names is a person
whether or not the leaders table knows them.

How a person is read, in order:
1. Every run of capitalised words ("Vice President Mike Pence", "President Ivan Duque of
   Colombia", "Sen. Lindsey Graham") is split into its parts: titles, honorifics, places,
   organisation words and the name itself.
2. The country comes from the text first: an adjective or possessive before the title
   ("Colombian President", "Ghana's President"), "of COUNTRY" after the title or the name, an
   appositive (", Qatar's deputy prime minister,"); the leaders table (``data/leaders.csv``)
   fills the gap and gives the canonical spelling; a title that implies a country ("Secretary
   of State") comes last.
3. Later mentions by surname or given name ("Duque", "Tamim"), by title and surname ("President
   Duque"), or by title alone ("the Vice President") resolve to a person already named; a bare
   title nobody holds in the text resolves to the table's holder in the document's own
   government (``analysis.engine.voice``), else stays the title.
4. Seats of government and institutions ("the Kremlin") are speakers too.

Variants of one name ("Al-Thani" / "Al Thani", "Erdoğan" / "Erdogan") are one person
(``analysis.engine.names``).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from collections.abc import Iterable
from typing import NamedTuple

from analysis.engine.gazetteer import Place, find_countries
from analysis.engine.matcher import Match, Matches, PhraseMatcher
from analysis.engine.names import key_words, name_key, same_person
from analysis.engine.tables import read_list, read_table
from analysis.engine.voice import home_country

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
    rank: str  # head | minister | envoy | spokesperson | military | official
    country: str | None


def _parse_date(text: str) -> date | None:
    text = (text or "").strip()
    return date.fromisoformat(text) if text else None


@cache
def leaders() -> tuple[Leader, ...]:
    """Every row of the leaders table."""
    return tuple(Leader(row["name"].strip(), _canonical_title(row["title"].strip()),
                        row["country"].strip() or None, _parse_date(row["from"]),
                        _parse_date(row["to"]))
                 for row in read_table("leaders.csv"))


@cache
def _leader_keys() -> tuple[dict[str, str], dict[str, list[tuple[tuple[str, ...], str]]]]:
    """The leaders table's names and aliases by ``name_key`` (to the canonical name), and the
    names of two words or more by their first key word (for longer printed forms)."""
    exact: dict[str, str] = {}
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for row in read_table("leaders.csv"):
        name = row["name"].strip()
        forms = [name] + [a.strip() for a in (row.get("aliases") or "").split(";") if a.strip()]
        for form in forms:
            form = _strip_honorifics(form)
            key = name_key(form)
            if key:
                exact.setdefault(key, name)
            words = key_words(form)
            if len(words) >= 2:
                by_first.setdefault(words[0], []).append((words, name))
    return exact, by_first


def table_name(name: str) -> str | None:
    """The leaders table's canonical name for a printed name, or None when it has none: the
    same key, or a table name of two words or more that the printed name starts with
    ("Mohammed bin Salman Al Saud" -> "Mohammed bin Salman").

    >>> table_name("Recep Tayyip Erdogan")
    'Recep Tayyip Erdoğan'
    """
    exact, by_first = _leader_keys()
    key = name_key(name)
    if key in exact:
        return exact[key]
    parts = key.split()
    if len(parts) == 2 and f"{parts[1]} {parts[0]}" in exact:
        return exact[f"{parts[1]} {parts[0]}"]  # family name first: "Kishida Fumio"
    words = key.split()
    if len(words) < 2:
        return None
    found = {canonical for table_words, canonical in by_first.get(words[0], ())
             if words[:len(table_words)] == list(table_words)}
    return found.pop() if len(found) == 1 else None


@cache
def titles() -> dict[str, Title]:
    """Title phrases as written ("Minister of Defense") to their ``Title``."""
    return {r["title"]: Title(r["canonical"], r["rank"], r["country"] or None)
            for r in read_table("titles.csv")}


def _canonical_title(title: str) -> str:
    """Map a title as written to its canonical form ("Amir" -> "Emir"); unknown ones unchanged."""
    known = titles().get(title) or titles().get(title[:1].upper() + title[1:])
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
def _honorifics() -> dict[str, str]:
    """Honorifics ("Sheikh", "Mr.") to the gender they show ("m", "f" or "")."""
    return {r["honorific"]: r["gender"] for r in read_table("honorifics.csv")}


@cache
def _honorific_matcher() -> PhraseMatcher[str]:
    return PhraseMatcher(_honorifics().items())


@cache
def _honorific_pattern() -> re.Pattern[str]:
    words = sorted(_honorifics(), key=len, reverse=True)
    one = r"(?:%s)\s+" % "|".join(re.escape(w) for w in words)
    return re.compile(rf"^(?:{one})+")


def _strip_honorifics(name: str) -> str:
    """``name`` without leading honorifics: "Sheikh Tamim bin Hamad" -> "Tamim bin Hamad"."""
    return _honorific_pattern().sub("", name.strip())


@cache
def _region_matcher() -> PhraseMatcher[str]:
    return PhraseMatcher((r, r) for r in read_list("regions.txt"))


@cache
def _org_words() -> frozenset[str]:
    return frozenset(read_list("org_words.txt"))


@cache
def _not_names() -> frozenset[str]:
    return frozenset(read_list("not_names.txt"))


def _title_country(printed: str) -> str | None:
    """The country a title implies on its own, with or without modifiers ("Deputy Secretary
    of State" -> USA, like "Secretary of State"), or None."""
    for form in (printed, _MODIFIERS_BEFORE_START.sub("", printed)):
        known = titles().get(form) or titles().get(form[:1].upper() + form[1:])
        if known is not None and known.country:
            return known.country
    return None


def is_title_word(word: str) -> bool:
    """True for a word that is part of a title ("Vice", "President", "Secretary")."""
    return word in _TITLE_MODIFIERS or word in _title_words()


@cache
def _title_words() -> frozenset[str]:
    return frozenset(w for t in titles() for w in t.split() if w[:1].isupper())


@cache
def _first_names() -> dict[str, str]:
    return {r["name"]: r["gender"] for r in read_table("first_names.csv")}


def name_gender(name: str) -> str:
    """The gender a name's first word shows when it is a common given name ("m", "f"), else
    "" ("Hillary Clinton" -> "f"; "Clinton" -> "")."""
    words = name.split()
    return _first_names().get(words[0], "") if len(words) >= 2 else ""


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


def holder_countries(title: str, *, on: date | None) -> set[str]:
    """The countries where somebody held ``title`` on the date (from the leaders table)."""
    canonical = _canonical_title(title)
    return {l.country for l in _leaders_by("title").get(canonical, ())
            if l.country and l.holds_on(on)}


@cache
def _leaders_by(field_name: str) -> dict[str, list[Leader]]:
    """The leaders table indexed by one of its fields ("name", "title")."""
    out: dict[str, list[Leader]] = {}
    for row in leaders():
        out.setdefault(getattr(row, field_name), []).append(row)
    return out


@cache
def _leader_on(name: str, when: date | None) -> Leader | None:
    """The leaders-table row for ``name`` valid on ``when`` (else its latest row); heads of
    state first, then ministers."""
    rows = _leaders_by("name").get(name, [])
    if not rows:
        return None
    pool = [l for l in rows if l.holds_on(when)] or rows
    rank = {"head": 0, "minister": 1}
    return sorted(pool, key=lambda l: (rank.get(titles().get(l.title, Title("", "", None)).rank, 2),
                                       l.start or date.min))[0]


# ---------------------------------------------------------------------------------------------
# Runs of capitalised words

_ABBR = (r"(?:Mr|Mrs|Ms|Mx|Dr|Sen|Rep|Gov|Lt|Gen|Col|Maj|Capt|Sgt|Adm|Jr|Sr|St|Prof|Rev|Hon|"
         r"Brig|Cmdr|Amb|Pres|Sec|Gens|Reps|Sens)\.")
_INITIALS = r"(?:[A-Z]\.){1,3}(?![A-Za-z])"
_WORD = r"(?:(?:al|el|ad|as|at|az|an|ul|bin|ibn|abu)[-‑])?[A-Z][\w’']*(?:[-‑][\w’']+)*"
#: A capitalised word, an abbreviation or initials; it starts with a capital (or "al-"), which
#: lets the regex engine skip ahead to the next capital instead of trying every position.
_TOKEN = (rf"(?=[A-Z]|(?:al|el|ad|as|at|az|an|ul|bin|ibn|abu)[-‑][A-Z])"
          rf"(?:{_ABBR}|{_INITIALS}|{_WORD})")
_LINK = (r"(?:bin|bint|ibn|al|el|de|da|di|del|della|der|den|van|von|du|la|le|y|wa|abu|dos|das|"
         r"ben|zu|of|for|of\s+the|for\s+the)")
#: A run of capitalised words, joined by name particles and "of (the)": one line at most.
RUN = re.compile(rf"(?<![\w’']){_TOKEN}(?:[ \t]+(?:{_LINK}[ \t]+)?{_TOKEN})*")
_RUN_TOKEN = re.compile(r"\S+")
#: Particles inside a name ("bin", "Al", "de"); "of" and "for" join titles and places only.
_PARTICLES = frozenset("bin bint ibn al el de da di del della der den van von du la le y wa abu "
                       "dos das ben zu".split())
_SUFFIXES = frozenset({"Jr.", "Sr.", "II", "III", "IV"})
#: A hyphenated word ending in lower case ("Iran-backed", "U.S.-led") is no name.
_LOWER_TAIL = re.compile(r"[-‑][a-z]+$")
#: A given name of two syllables joined by a hyphen, the second in lower case ("Tae-yul",
#: "Jong-un", "Kyung-wha").
_SYLLABLES = re.compile(r"[A-Z][a-z]{1,4}[-‑](?P<tail>[a-z]{2,5})")


def _syllable_name(word: str) -> bool:
    """True for a hyphenated name word such as "Tae-yul"; False for a compound such as
    "Iran-backed", "Saudi-led" or "Iran-made" (``hyphen_tails.txt``)."""
    m = _SYLLABLES.fullmatch(word)
    return m is not None and not m["tail"].endswith("ed") and \
        m["tail"] not in _hyphen_tails()


@cache
def _portfolio_words() -> frozenset[str]:
    return frozenset(read_list("portfolio_words.txt"))


@cache
def _portfolio_tail() -> re.Pattern[str]:
    """The portfolio that follows a title: " for Foreign Affairs", " of the Interior"."""
    words = "|".join(sorted(_portfolio_words()))
    return re.compile(rf"(?:[ \t]+(?:of|for|the|and|{words}))+")


@cache
def _hyphen_tails() -> frozenset[str]:
    return frozenset(read_list("hyphen_tails.txt"))


#: "I've", "Don't": a contraction is no name.
_CONTRACTION = re.compile(r"['’](?:ve|t|re|ll|d|m)$")
#: Endings of abstract nouns that open sentences ("Dissatisfaction was expressed"): a single
#: word with one of them is no person however it acts.
_ABSTRACT = re.compile(r"(?:ion|ment|ness|ity|ism|ance|ence|ing|ship|ure)$")
#: Words that make a title of the next one ("Deputy Secretary", "Acting Foreign Minister").
_TITLE_MODIFIERS = frozenset(read_list("title_modifiers.txt"))
_PERSONAL_HONORIFICS = frozenset({"Mr.", "Mr", "Mrs.", "Mrs", "Ms.", "Ms", "Miss", "Dr.", "Dr"})
_MONTHS_AS_NAMES = frozenset({"May", "June", "April", "August"})
_INITIAL = re.compile(r"(?:[A-Z]\.)+")
def _has_word(text: str, word: str) -> bool:
    """True when ``word`` stands in ``text`` as a whole word (not inside another)."""
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if (at == 0 or not text[at - 1].isalnum()) and \
                (end == len(text) or not text[end].isalnum()):
            return True
        at = text.find(word, at + 1)
    return False
_SENTENCE_START = re.compile(r"(?:^|[.!?][\"”’)]?\s+|\n\s*)$")
_POSSESSIVE = re.compile(r"['’]s?$")
_FEMALE_TITLE = re.compile(r"(?:woman|Queen|Princess|Sheikha|Empress|Duchess|Lady)\b", re.I)
_MALE_TITLE = re.compile(r"(?:(?<!wo)man\b|\bKing\b|\bPrince\b|\bSheikh\b|\bEmperor\b|"
                         r"\bSultan\b|\bEmir\b|\bAmir\b|\bDuke\b)", re.I)


class _Token(NamedTuple):
    start: int
    end: int
    text: str  # without a possessive ending
    tag: str  # N name | T title | H honorific | P place | I institution | O organisation | S stop | L link
    possessive: bool


class Candidate(NamedTuple):
    """A name found in a run of capitalised words, with what the words around it say."""

    start: int
    end: int
    name: str
    words: int
    title: str
    title_start: int
    country: str | None
    gender: str
    honored: bool


# ---------------------------------------------------------------------------------------------
# People


@dataclass
class Person:
    """A person or institution named in one document."""

    name: str
    country: str | None
    title: str = ""
    kind: str = "person"  # person | institution
    from_table: bool = False
    gender: str = ""  # m | f | "" (unknown)
    first: int = 0
    strong: bool = True  # False for a bare capitalised name with no title (maybe not a person)
    canonical: str = ""  # the leaders table's name for this person, when it has one

    @property
    def label(self) -> str:
        """The name to show across documents: the table's, else the fullest printed form."""
        return self.canonical or self.name


class ActorMention(NamedTuple):
    """A span of the body that refers to a ``Person`` (index into ``Actors.people``)."""

    start: int
    end: int
    person: int
    via: str  # name | surname | title | institution


class Actors:
    """The people of one document and every span that refers to one of them."""

    def __init__(self) -> None:
        self.people: list[Person] = []
        self.mentions: list[ActorMention] = []
        self._by_key: dict[str, int] = {}
        self._by_word: dict[str, list[int]] = {}
        self._single: dict[str, list[int]] = {}  # one-word names by their key
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._by_end: list[ActorMention] = []

    def find(self, name: str, *, gender: str = "", before: int | None = None) -> int | None:
        """The person ``name`` can refer to ("Duque" -> Ivan Duque): the same key, else the
        latest person named before ``before`` whose name it shortens, else the first one."""
        key = name_key(name)
        if not key:
            return None
        if key in self._by_key:
            return self._by_key[key]
        words = key.split()
        pool = set(self._by_word.get(words[0], ())) | set(self._by_word.get(words[-1], ()))
        fits = [i for i in pool if self.people[i].kind == "person"
                and same_person(name, self.people[i].name)
                and (not gender or not self.people[i].gender or self.people[i].gender == gender)]
        if not fits:
            return None
        if before is not None:
            earlier = [i for i in fits if self.people[i].first <= before]
            if earlier:
                return max(earlier, key=lambda i: self.people[i].first)
        return min(fits, key=lambda i: self.people[i].first)

    def add(self, person: Person) -> int:
        """Add a person, or merge it into the one already known under a variant of the name
        (the longer printed form is kept); returns its index."""
        index = None
        if person.kind == "person":
            if person.canonical:
                index = self._by_key.get("canonical:" + person.canonical)
            if index is None:
                index = self.find(person.name, gender=person.gender, before=person.first)
            if index is None:
                # a fuller form of a name already known ("Lloyd J. Austin III" after "Austin")
                words = key_words(person.name)
                pool = self._single.get(words[0], []) + self._single.get(words[-1], []) \
                    if words else []
                index = next((i for i in sorted(pool) if same_person(self.people[i].name,
                                                                    person.name)), None)
        else:
            index = self._by_key.get("institution:" + person.name.lower())
        if index is None:
            self.people.append(person)
            index = len(self.people) - 1
        else:
            known = self.people[index]
            if len(person.name) > len(known.name) and person.kind == "person":
                known.name = person.name
            known.canonical = known.canonical or person.canonical
            known.country = known.country or person.country
            known.title = known.title or person.title
            known.gender = known.gender or person.gender
            known.strong = known.strong or person.strong
            known.from_table = known.from_table or person.from_table
        self._index(index)
        return index

    def _index(self, index: int) -> None:
        person = self.people[index]
        if person.kind != "person":
            self._by_key["institution:" + person.name.lower()] = index
            return
        key = name_key(person.name)
        self._by_key.setdefault(key, index)
        if len(key.split()) == 1:
            bucket = self._single.setdefault(key, [])
            if index not in bucket:
                bucket.append(index)
        if person.canonical:
            self._by_key.setdefault("canonical:" + person.canonical, index)
            self._by_key.setdefault(name_key(person.canonical), index)
        words = key.split()
        for word in {words[0], words[-1]} if words else ():
            bucket = self._by_word.setdefault(word, [])
            if index not in bucket:
                bucket.append(index)

    def mention(self, start: int, end: int, person: int, via: str) -> None:
        """Record that ``body[start:end]`` refers to ``person``."""
        self.mentions.append(ActorMention(start, end, person, via))

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
        self._by_end = sorted(kept, key=lambda m: m.end)
        self._ends = [m.end for m in self._by_end]

    def within(self, start: int, end: int) -> list[ActorMention]:
        """The mentions lying inside ``[start, end)``, in order."""
        i = bisect_left(self._starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            if self.mentions[i].end <= end:
                out.append(self.mentions[i])
            i += 1
        return out

    def at(self, start: int, end: int) -> ActorMention | None:
        """The mention overlapping ``[start, end)`` first, or None."""
        i = bisect_right(self._starts, start) - 1
        if i >= 0 and self.mentions[i].end > start:
            return self.mentions[i]
        i += 1
        if i < len(self.mentions) and self.mentions[i].start < end:
            return self.mentions[i]
        return None

    def last_before(self, pos: int, *, kinds: tuple[str, ...] = ("person",),
                    reach: int = 200) -> int | None:
        """The person of the last mention ending at or before ``pos`` (among the ``reach``
        mentions before it), or None."""
        i = bisect_right(self._ends, pos) - 1
        stop = max(-1, i - reach)
        while i > stop:
            m = self._by_end[i]
            if self.people[m.person].kind in kinds:
                return m.person
            i -= 1
        return None

    def latest_before(self, pos: int, fits, *, reach: int = 200) -> ActorMention | None:
        """The last mention ending at or before ``pos`` whose person ``fits``, among the
        ``reach`` mentions before it (a bound that keeps long documents linear)."""
        i = bisect_right(self._ends, pos) - 1
        stop = max(-1, i - reach)
        while i > stop:
            m = self._by_end[i]
            if fits(self.people[m.person]):
                return m
            i -= 1
        return None


# ---------------------------------------------------------------------------------------------
# Reading runs


class _Hits:
    """The places, titles and honorifics of a body, looked up by where they start or end,
    and the words it writes in lower case (a capitalised sentence opener that the text also
    writes in lower case is a common word, not a name)."""

    def __init__(self, body: str, places: Matches) -> None:
        self.body = body
        self._lower: dict[str, bool] = {}
        self.places = places
        self.titles = Matches(_title_matcher().find(body))
        self.regions = Matches(_region_matcher().find(body))
        self.honorifics = Matches(_honorific_matcher().find(body))
        self.title_by_end = {t.end: t for t in self.titles}
        self.honorific_by_end = {h.end: h for h in self.honorifics}
        self.place_by_end = {p.end: p for p in places}
        self._region_at = _word_starts(body, self.regions)
        self._place_at = _word_starts(body, places)
        self._title_at = _word_starts(body, self.titles)
        self._honorific_at = _word_starts(body, self.honorifics)

    def written_lower(self, word: str) -> bool:
        """True when the body also writes ``word`` in lower case as a word of its own
        (looked up once per word and document)."""
        lower = word.lower()
        found = self._lower.get(lower)
        if found is None:
            found = self._lower[lower] = _has_word(self.body, lower)
        return found

    @staticmethod
    def _covering(at: dict[int, Match], start: int, end: int) -> Match | None:
        m = at.get(start)
        return m if m is not None and end <= m.end else None

    def region(self, start: int, end: int) -> Match | None:
        return self._covering(self._region_at, start, end)

    def place(self, start: int, end: int) -> Match | None:
        return self._covering(self._place_at, start, end)

    def title(self, start: int, end: int) -> Match | None:
        return self._covering(self._title_at, start, end)

    def honorific(self, start: int, end: int) -> Match | None:
        return self._covering(self._honorific_at, start, end)


def _word_starts(body: str, matches: Iterable[Match]) -> dict[int, Match]:
    """Each match under the offset of every word it covers (a phrase's words start at its
    start and after each space), so that a word's phrase is one dictionary look-up."""
    out: dict[int, Match] = {}
    for m in matches:
        out[m.start] = m
        at = body.find(" ", m.start, m.end)
        while at >= 0:
            out[at + 1] = m
            at = body.find(" ", at + 1, m.end)
    return out


@lru_cache(maxsize=65536)
def _run_words(run: str) -> tuple[tuple[int, str, bool, str], ...]:
    """The words of a run of capitalised words as (offset in the run, word without a
    possessive ending, possessive, the tag its spelling alone gives: L, O, N, S, or "" when
    it depends on where it stands). Kept for the runs seen last: names and titles recur."""
    not_names, orgs = _not_names(), _org_words()
    out = []
    for m in _RUN_TOKEN.finditer(run):
        text = m.group()
        possessive = False
        cut = _POSSESSIVE.search(text) if len(text) > 2 and text[-1] in "s’'" else None
        if cut and cut.start() > 0 and text[cut.start() - 1].isalpha():
            text, possessive = text[:cut.start()], True
        if text in _PARTICLES or text in ("of", "for", "the"):
            tag = "L"
        elif text in orgs:
            tag = "o"  # an organisation's word, unless a place or title claims it
        elif text in _SUFFIXES:
            tag = "n"
        elif text in not_names or (("-" in text or "‑" in text) and _LOWER_TAIL.search(text)
                                   and not _syllable_name(text)) \
                or _CONTRACTION.search(text) or len(text) == 1:
            tag = "s"
        elif text.isupper() and len(text) > 1 and "." not in text:
            tag = "a" if len(text) <= 6 else "s"  # an acronym (NATO, CNN); else a shout
        else:
            tag = ""
        out.append((m.start(), text, possessive, tag))
    return tuple(out)


def _tag_run(body: str, start: int, end: int, hits: _Hits) -> list[_Token]:
    """The tokens of one run of capitalised words, each tagged with what it is."""
    out: list[_Token] = []
    for offset, text, possessive, base in _run_words(body[start:end]):
        s = start + offset
        e_word = s + len(text)
        if offset == 0 and text.endswith("ing") and e_word < end and \
                _SENTENCE_START.search(body, max(0, s - 4), s):
            base = "s"  # "Echoing Austin, Marles said": a participle opens the sentence
        if base == "L":
            tag = "L"
        elif hits.region(s, e_word) is not None:
            tag = "O"  # a province or a US state ("New Jersey Gov. Chris Christie")
        elif (p := hits.place(s, e_word)) is not None:
            tag = "I" if p.value.kind in ("seat", "institution") else (
                "P" if p.value.iso3 else "O")
        elif (hits.title(s, e_word) is not None or text in _TITLE_MODIFIERS) and \
                not (out and out[-1].tag == "H" and out[-1].text in _PERSONAL_HONORIFICS):
            tag = "T"  # ("Mr. King" is a surname, not a title)
        elif hits.honorific(s, e_word) is not None:
            tag = "H"
        elif base == "o":
            tag = "O"
        elif base == "n":
            tag = "N"
        elif base == "s" or (
                _SENTENCE_START.search(body, max(0, s - 4), s) and
                (hits.written_lower(text) or
                 (text.endswith("ly") and body[e_word:e_word + 1] == ","))):
            tag = "S"
        elif base == "a":
            tag = "O"
        else:
            tag = "N"
        out.append(_Token(s, e_word, text, tag, possessive))
    # The portfolio after a title's "of" or "for" is the title's ("Secretary of National
    # Defense Gilberto Teodoro").
    portfolio = _portfolio_words()
    for i in range(2, len(out)):
        if out[i].text not in portfolio or out[i].tag == "P":
            continue
        k = i - 1
        if out[k].text == "the" and k > 1:
            k -= 1
        after_title = out[k].text in ("of", "for") and out[k - 1].tag == "T"
        if after_title or (out[i - 1].tag == "T" and out[i - 1].text in portfolio):
            out[i] = out[i]._replace(tag="T")
    # The words after "Ministry of", "Department of" name the body, not a person.
    for i in range(1, len(out)):
        if out[i].tag == "N" and out[i - 1].tag == "L" and out[i - 1].text in ("of", "for") \
                and i >= 2 and out[i - 2].tag in "OI":
            j = i
            while j < len(out) and out[j].tag in "NL":
                out[j] = out[j]._replace(tag="O")
                j += 1
    return out


def _name_spans(tokens: list[_Token]) -> list[tuple[int, int]]:
    """(first, last) token indexes of each name in a tagged run: name words joined by
    particles; a month word ("May") counts after a name word; an organisation word right
    after the name makes it an organisation's name ("Clinton Foundation")."""
    spans: list[tuple[int, int]] = []
    i, n = 0, len(tokens)
    while i < n:
        month_after_title = tokens[i].tag == "S" and tokens[i].text in _MONTHS_AS_NAMES and \
            i > 0 and tokens[i - 1].tag in "TH"
        if tokens[i].tag != "N" and not month_after_title:
            i += 1
            continue
        j = i
        while True:
            if tokens[j].possessive:
                break
            k = j + 1
            while k < n and tokens[k].tag == "L" and tokens[k].text in _PARTICLES:
                k += 1
            if k < n and (tokens[k].tag == "N" or (tokens[k].tag == "S" and
                                                   tokens[k].text in _MONTHS_AS_NAMES)):
                j = k
                continue
            break
        after = j + 1
        if after < n and tokens[after].tag == "O" and not tokens[j].possessive:
            i = after + 1
            continue
        if i > 0 and tokens[i - 1].tag == "O" and not tokens[i - 1].possessive:
            i = j + 1  # "Operation Midnight Hammer": the organisation's or operation's name
            continue
        spans.append((i, j))
        i = j + 1
    return spans


_LONG_OF = re.compile(r"\s+(?:of|for)\s+[^,;.:\"“”\n]{2,90}")
#: What follows a one-word name that acts as a subject: "has said", "told", "argues".
_ACTS = re.compile(r"(?:,\s+who\b|\s+(?:also\s+|then\s+|later\s+|has\s+|had\s+|would\s+|will\s+)?"
                   r"(?:said|says|told|tells|added|adds|wrote|writes|argued|argues|asked|asks|"
                   r"noted|notes|explained|insisted|warned|claimed|called|urged|replied|"
                   r"responded|recalled|tweeted|stated|declared|acknowledged|admitted|"
                   r"believes|thinks|thought|has|had|is|was|will|would)\b)")
_OF_BEFORE = re.compile(r"\bof\s+(?:the\s+)?$")
_ADJ_GAP = re.compile(r"(?:['’]s)?[ \t]{0,2}(?:(?:[A-Z][a-z]+|leader|ruler|official|monarch|"
                      r"head of state|military|government|army|presidential|foreign|defen[cs]e|"
                      r"ministry|former|then|acting|top)[ \t]+){0,3}")
#: Words that qualify a title before it: "Deputy", "Acting", "former".
_MODIFIER_WORDS = r"(?:(?:" + "|".join(sorted(_TITLE_MODIFIERS)) + r")[ \t-]+)+"
_MODIFIERS_BEFORE = re.compile(_MODIFIER_WORDS + "$")
#: What may stand between the comma of an appositive and its title: "the", "Qatar's",
#: "its former", "a senior".
_MODIFIERS_BEFORE_START = re.compile("^" + _MODIFIER_WORDS)
_APPOSITIVE_LEAD = re.compile(r"(?:(?:the|a|an|its|his|her|their)\s+)?(?:[\w.]+['’]s\s+)?"
                              r"(?:[A-Za-z]\w+\s+)?")
_APPOSITIVE = re.compile(r"(?:,|[ \t]+(?:is|was|has[ \t]+been|became|remains))[ \t]+(?:the[ \t]+|a[ \t]+|an[ \t]+|The[ \t]+)?")
_OF_PLACE = re.compile(r"[ \t]+(?:of|from)[ \t]+(?:the[ \t]+)?")


def _country_before(body: str, hits: _Hits, pos: int) -> str | None:
    """A country adjective, name or possessive just before a title ("Saudi", "Ghana's",
    "U.S.", "Iranian foreign ministry"), or None."""
    m = hits.places.last_ending_by(pos)
    if m is not None and m.value.iso3 and pos - m.end <= 60 and \
            _ADJ_GAP.fullmatch(body, m.end, pos):
        return m.value.iso3
    return None


#: A role noun in lower case between a country's adjective and a name: "her South Korean
#: counterpart Cho", "Chinese leader Xi".
_ROLE_NOUN_BEFORE = re.compile(r"[ \t]+(?:counterpart|leader|opposite[ \t]+number|ruler|"
                               r"strongman|monarch|head[ \t]+of[ \t]+state)[ \t]+$")


def _role_country_before(body: str, hits: _Hits, pos: int) -> str | None:
    """The country of a name at ``pos`` that a role noun after a country's adjective
    introduces ("his Saudi counterpart Faisal"), or None."""
    role = _ROLE_NOUN_BEFORE.search(body, max(0, pos - 30), pos)
    if role is None:
        return None
    place = hits.place_by_end.get(role.start())
    return place.value.iso3 if place is not None and place.value.iso3 else None


def _title_before(body: str, hits: _Hits, pos: int) -> tuple[str, int, str | None] | None:
    """The title that introduces a name starting at ``pos`` ("Foreign Minister Bui Thanh Son",
    "President of the French Republic Francois Hollande", "King of Bahrain, Hamad"): (title as
    printed with its modifiers, where it starts, the country it names or None)."""
    p = pos
    while p > 0 and body[p - 1] in " \t":
        p -= 1
    comma = p > 0 and body[p - 1] == ","
    if comma:
        p -= 1
        while p > 0 and body[p - 1] in " \t":
            p -= 1
    country = None
    place = hits.place_by_end.get(p)
    if place is not None and place.value.iso3:
        of = _OF_BEFORE.search(body, max(0, place.start - 12), place.start)
        if of:
            country, p = place.value.iso3, of.start()
            while p > 0 and body[p - 1] in " \t":
                p -= 1
        elif comma:
            return None
    title = hits.title_by_end.get(p)
    if title is None:
        # "the Minister of State for Foreign Affairs of Qatar, Name": a title, its portfolio
        for t in hits.titles.within(max(0, p - 60), p):
            if _portfolio_tail().fullmatch(body, t.end, p):
                title = t
                break
    if title is None and comma and country is None:
        # "the Commander in Chief of the Bahrain Defense Force (BDF), Name": a title with a
        # long "of" phrase that names the country
        for t in hits.titles.within(max(0, p - 100), p):
            phrase = _LONG_OF.fullmatch(body, t.end, p)
            if phrase:
                inside = [x for x in hits.places.within(t.end, p) if x.value.iso3]
                if inside:
                    title, country = t, inside[0].value.iso3
                    break
    if title is None:
        return None
    start = title.start
    mods = _MODIFIERS_BEFORE.search(body, max(0, start - 40), start)
    if mods:
        start = mods.start()
    printed = " ".join(body[start:title.end].split())
    country = country or _country_before(body, hits, start)
    if country is None:
        of = _OF_PLACE.match(body, title.end)
        if of and (pl := hits.places.starting_in(of.end(), of.end() + 1)):
            country = pl[0].value.iso3
    return printed, start, country


def _appositive_title(body: str, hits: _Hits, end: int) -> tuple[str, str | None] | None:
    """A title in an appositive right after a name (", Qatar's deputy prime minister,",
    ", the Foreign Minister of Vietnam"): (title, country) or None."""
    m = _APPOSITIVE.match(body, end)
    if not m:
        return None
    stop = end + 90
    for ch in ",;.(\n\"“”":
        at = body.find(ch, m.end(), stop)
        if at >= 0:
            stop = at
    found = hits.titles.within(m.end(), stop)
    if not found:
        return None
    title = found[0]
    if not _APPOSITIVE_LEAD.fullmatch(body, m.end(), title.start):
        return None
    places = [p for p in hits.places.within(m.end(), stop) if p.value.iso3]
    country = places[0].value.iso3 if places else None
    return " ".join(body[title.start:title.end].split()), country


@lru_cache(maxsize=4096)
def _gender_of(title: str, honorifics: tuple[str, ...]) -> str:
    """The gender a title or honorifics show ("spokeswoman", "Mrs."), or ""."""
    table = _honorifics()
    for h in honorifics:
        if table.get(h):
            return table[h]
    if _FEMALE_TITLE.search(title):
        return "f"
    if _MALE_TITLE.search(title):
        return "m"
    return ""


def _title_in_run(tokens: list[_Token], first: int) -> tuple[str, int, str | None] | None:
    """The title that the words before ``tokens[first]`` in the same run give the name:
    "Vice President", "President of the French Republic", "Israeli Minister of Defense",
    "Qatar's Emir": (title as printed, where it starts, the country it names or None)."""
    i = first - 1
    while i >= 0 and tokens[i].tag == "H":
        i -= 1
    country = None
    # "... of the French Republic" / "... of Germany" between the title and the name
    j = i
    while j >= 0 and tokens[j].tag in "POL":
        j -= 1
    if 0 <= j < i and tokens[j].tag == "T" and tokens[j + 1].tag == "L" and \
            tokens[j + 1].text in ("of", "for"):
        places = [t for t in tokens[j + 1:i + 1] if t.tag == "P"]
        if places:
            country = places[0]
            i = j
    if i < 0 or tokens[i].tag != "T":
        return None
    end = i
    while i >= 0 and (tokens[i].tag == "T" or (tokens[i].tag == "L" and i > 0 and
                                               tokens[i - 1].tag == "T" and
                                               tokens[i].text in ("of", "for", "the"))):
        i -= 1
    start = i + 1
    printed = " ".join(t.text for t in tokens[start:end + 1])
    if i >= 0 and tokens[i].tag == "P" and country is None:
        country = tokens[i]
    return printed, tokens[start].start, (country.text if country else None)


class _RunName(NamedTuple):
    """A name as the words of its run alone give it; offsets from the run's start."""

    start: int
    end: int
    name: str
    words: int
    honors: tuple[str, ...]
    title: str  # "" when the run gives none
    title_start: int  # where the title (or the honorifics, or the name) starts
    country: str | None  # the country the run's own words give the title
    opens_run: bool  # the name, with its honorifics, is the run's first word


#: Runs read so far, by their text and whether their first word opens a sentence as a common
#: word: names and titles recur within a document and across a corpus.
_RUN_CACHE: dict[tuple[str, bool], tuple[_RunName, ...]] = {}
_RUN_CACHE_SIZE = 50_000


def _run_names(body: str, start: int, end: int, hits: _Hits) -> tuple[_RunName, ...]:
    """The names one run of capitalised words holds, read from its words (cached)."""
    text = body[start:end]
    first = text.split(None, 1)[0]
    opener = bool(_SENTENCE_START.search(body, max(0, start - 4), start)) and (
        hits.written_lower(first) or
        (first.endswith("ly") and body[start + len(first):start + len(first) + 1] == ","))
    key = (text, opener)
    found = _RUN_CACHE.get(key)
    if found is not None:
        return found
    tokens = _tag_run(body, start, end, hits)
    out = []
    for first_i, last_i in _name_spans(tokens):
        real = [t for t in tokens[first_i:last_i + 1]
                if t.tag != "L" and t.text not in _SUFFIXES and not _INITIAL.fullmatch(t.text)]
        if not real:
            continue
        n_start, n_end = tokens[first_i].start, tokens[last_i].end
        honors = tuple(t.text for t in tokens[:first_i] if t.tag == "H")[-3:]
        in_run = _title_in_run(tokens, first_i)
        country = None
        if in_run:
            title, title_start, place_word = in_run
            if place_word is not None:
                places = [p for p in hits.places.within(title_start, n_end) if p.value.iso3]
                country = places[0].value.iso3 if places else None
        else:
            k = first_i
            while k > 0 and tokens[k - 1].tag == "H":
                k -= 1
            title, title_start = "", tokens[k].start
        out.append(_RunName(n_start - start, n_end - start,
                            " ".join(t.text for t in tokens[first_i:last_i + 1]), len(real),
                            honors, title, title_start - start, country,
                            not in_run and title_start == start))
    found = tuple(out)
    if len(_RUN_CACHE) >= _RUN_CACHE_SIZE:
        _RUN_CACHE.clear()
    _RUN_CACHE[key] = found
    return found


def _candidates(body: str, hits: _Hits) -> list[Candidate]:
    """Every name the runs of capitalised words hold, with title, country and gender: the
    run's own words first, then the words around it (a title before a comma, "of COUNTRY"
    after, an appositive)."""
    out: list[Candidate] = []
    not_names = _not_names()
    for run in RUN.finditer(body):
        if run.group() in not_names:
            continue  # one word that is never a name ("The", "In", "However"): most runs
        base = run.start()
        for r in _run_names(body, base, run.end(), hits):
            start, end = base + r.start, base + r.end
            title, title_start, country = r.title, base + r.title_start, r.country
            if r.words >= 3 and not title and not r.honors and \
                    sum(map(hits.written_lower, r.name.split())) >= 2:
                continue  # "No Child Left Behind": words the text also writes in lower case
            if title:
                if country is None:
                    country = _country_before(body, hits, title_start)
            elif r.opens_run:
                found = _title_before(body, hits, title_start)
                if found:
                    title, title_start, country = found
                elif country is None:
                    country = _role_country_before(body, hits, title_start)
            after = _OF_PLACE.match(body, end)
            if after:
                pl = hits.places.starting_in(after.end(), after.end() + 1)
                if pl and pl[0].value.iso3 and pl[0].value.kind in ("name", "short"):
                    country = country or pl[0].value.iso3
            appos = None if title else _appositive_title(body, hits, end)
            if appos:
                title, country = appos[0], country or appos[1]
            out.append(Candidate(start, end, r.name, r.words, title, title_start, country,
                                 _gender_of(title, r.honors), bool(r.honors)))
    return out


# ---------------------------------------------------------------------------------------------
# Finding actors


def _headline_end(body: str) -> int:
    """The end of the first line when it is a headline in title case (most of its words
    capitalised), else 0."""
    end = body.find("\n")
    end = len(body) if end < 0 else end
    words = re.findall(r"[A-Za-z][\w’'-]*", body[:end])
    if len(words) < 4:
        return 0
    capitalised = sum(w[0].isupper() for w in words if len(w) > 3)
    long_words = sum(len(w) > 3 for w in words)
    return end if long_words and capitalised >= 0.8 * long_words else 0


def find_actors(body: str, *, doc_date: date | None, places: list[Match[Place]] | None = None,
                publisher: tuple[bool, str | None] = (False, None)) -> Actors:
    """Find every actor of a document body and the spans that name them.

    ``places`` are the body's country references (found here when not given); ``publisher`` is
    what the document's metadata says of its publisher (``voice.publisher_country``): a bare
    title such as "the Prime Minister" that the text never fills in is the publishing
    government's, or the one the text shows it speaks for (``voice.home_country``). Returns an
    ``Actors`` with no people when the text names none.
    """
    places = find_countries(body) if places is None else Matches(places)
    hits = _Hits(body, places)
    actors = Actors()
    candidates = _candidates(body, hits)
    used_titles: set[int] = set()

    # 1. Names of two words or more, and titled or honoured names: people in their own right.
    singles: list[Candidate] = []
    headline = _headline_end(body)
    for c in candidates:
        if c.start < headline and not (c.title or c.honored or table_name(c.name)):
            continue  # a title-case headline capitalises everything
        if c.words < 2 and not c.title and not c.honored:
            singles.append(c)
            continue
        canonical = table_name(c.name) if c.words >= 2 or not c.title else \
            _titled_table_name(c.name, _canonical_title(c.title), c.country, doc_date)
        name = canonical or c.name
        row = _leader_on(canonical, doc_date) if canonical else None
        title = _canonical_title(c.title) if c.title else ""
        country = c.country
        if country is None and row is not None:
            country = row.country
        if country is None and title:
            country = _title_country(c.title)
        if c.words < 2 and canonical is None:
            # "President Duque", "Mr. Cruz": someone already named, or a new person by surname
            index = actors.find(c.name, gender=c.gender, before=c.start)
            if index is not None:
                person = actors.people[index]
                person.country = person.country or country
                person.title = person.title or title
                person.gender = person.gender or c.gender
                actors.mention(c.title_start, c.end, index, "surname")
                used_titles.add(c.title_start)
                continue
        held = row.title if row is not None and row.holds_on(doc_date) else ""
        index = actors.add(Person(c.name, country, title or held, from_table=canonical is not None,
                                  canonical=canonical or "",
                                  gender=c.gender or name_gender(c.name) or name_gender(name),
                                  first=c.start,
                                  strong=bool(c.title or c.honored or canonical)))
        actors.mention(c.title_start if c.title else c.start, c.end, index, "name")
        used_titles.add(c.title_start)

    # 2. Single names: a surname or given name of someone named, a table name, or a new name.
    for c in singles:
        index = actors.find(c.name, before=c.start)
        if index is None:
            canonical = table_name(c.name)
            if canonical is not None:
                row = _leader_on(canonical, doc_date)
                index = actors.add(Person(c.name, row.country if row else None,
                                          row.title if row and row.holds_on(doc_date) else "",
                                          from_table=True, canonical=canonical, first=c.start))
            elif _ACTS.match(body, c.end) and not c.start < headline and \
                    not _ABSTRACT.search(c.name):
                # "Sanders has said ...", "Graham told ...": a name that acts is somebody
                index = actors.add(Person(c.name, None, first=c.start, strong=False))
            else:
                continue  # a lone capitalised word is not yet a person
        actors.mention(c.start, c.end, index, "surname" if c.words == 1 else "name")

    # 3. Titles alone: "the Crown Prince", "the Secretary", "the King of Bahrain", and
    # appositive titles of the person just named.
    taken = sorted((m.start, m.end) for m in actors.mentions)
    starts = [s for s, _ in taken]

    def covered(s: int, e: int) -> bool:
        i = bisect_right(starts, s) - 1
        return (i >= 0 and taken[i][1] > s) or (i + 1 < len(taken) and taken[i + 1][0] < e)

    actors.finish()
    homes: dict[str, str | None] = {}  # each title's government, read once per document
    for t in hits.titles:
        if t.start in used_titles or covered(t.start, t.end):
            continue
        mods = _MODIFIERS_BEFORE.search(body, max(0, t.start - 40), t.start)
        start = mods.start() if mods else t.start
        printed = " ".join(body[start:t.end].split())
        title = _canonical_title(printed if mods else t.phrase)
        end = t.end
        country = _country_before(body, hits, start)
        of = _OF_PLACE.match(body, t.end)
        if of:
            nxt = hits.places.starting_in(of.end(), of.end() + 1)
            if nxt and nxt[0].value.iso3:
                country, end = nxt[0].value.iso3, nxt[0].end
        prior = actors.latest_before(start, lambda p: p.kind == "person")
        if prior and re.fullmatch(r",\s+(?:the\s+|a\s+|an\s+)?(?:[\w.]+['’]s\s+|[A-Z][\w.]*\s+)?",
                                  body[prior.end:start]):
            person = actors.people[prior.person]
            person.title = person.title or title
            person.country = person.country or country
            actors.mention(start, end, prior.person, "title")
            continue
        before = body[max(0, start - 12):start]
        if not (re.search(r"\b(?:the|The)\s+(?:\w+\s+)?$", before) or country):
            continue
        rank = titles().get(t.phrase[:1].upper() + t.phrase[1:], Title("", "", None)).rank
        index = _resolve_title(actors, title, rank, country, doc_date, start,
                               lambda title=title: homes[title] if title in homes else
                               homes.setdefault(title, _home(body, places, actors, title,
                                                             doc_date, publisher)))
        if index is not None:
            actors.mention(start, end, index, "title")

    # 4. Seats of government and institutions ("the Kremlin said").
    for p in places:
        if p.value.kind in ("seat", "institution") and not covered(p.start, p.end):
            lead = "the " if body[max(0, p.start - 4):p.start].lower() == "the " else ""
            name = lead + p.phrase if lead else "the " + p.phrase
            index = actors.add(Person(name, p.value.iso3, kind="institution", first=p.start))
            actors.mention(p.start, p.end, index, "institution")
    actors.finish()
    return actors


def _home(body: str, places: Matches, actors: Actors, title: str, doc_date: date | None,
          publisher: tuple[bool, str | None]) -> str | None:
    """The government a bare ``title`` belongs to when the text never names its holder: the
    publisher's, else the one the text speaks for (``analysis.engine.voice``)."""
    known, iso3 = publisher
    if known:
        return iso3
    named = {p.country for p in actors.people if p.kind == "person" and p.country and p.strong}
    return home_country(body, places=places, office_countries=holder_countries(title, on=doc_date),
                        counterparts=named)


@lru_cache(maxsize=8192)
def _titled_table_name(word: str, title: str, country: str | None,
                       when: date | None) -> str | None:
    """The leaders-table person a title and one name stand for ("King Abdullah" in a Saudi
    context in 2006 -> Abdullah bin Abdulaziz Al Saud): the one holder of ``title`` (in
    ``country`` when known) on the date whose name has that word; else the plain name lookup
    when it agrees with the country."""
    key = name_key(word)
    found = {l.name for l in _leaders_by("title").get(title, ())
             if l.holds_on(when) and (country is None or l.country == country)
             and key in key_words(l.name)}
    if len(found) == 1:
        return found.pop()
    if found:
        return None  # two holders fit: the text must say which
    plain = table_name(word)
    if plain is None:
        return None
    row = _leader_on(plain, when)
    return plain if country is None or row is None or row.country == country else None


def _resolve_title(actors: Actors, title: str, rank: str, country: str | None,
                   doc_date: date | None, pos: int, home) -> int | None:
    """The person a bare title refers to: the latest person named before ``pos`` with that
    title (and country, when given); else one named after it of the country the title or the
    document's own government gives; else that government's holder from the leaders table,
    else the title itself with that country; with no country known, the first person of that
    title named after it."""
    def fits(p: Person) -> bool:
        if p.kind != "person" or not p.title:
            return False
        same = p.title == title or (title in ("Minister", "Secretary") and title in p.title)
        return same and (country is None or p.country is None or p.country == country)

    before = actors.latest_before(pos, fits)
    if before is not None:
        return before.person
    # The document's own government's office holder comes before someone of that title
    # named later: "The President spoke with President Erdogan" in a White House readout.
    where = country or _title_country(title) or \
        (home() if rank in ("head", "minister") else None)
    named = [i for i, p in enumerate(actors.people) if fits(p)
             and (where is None or p.country in (None, where))]
    if named:
        return min(named, key=lambda i: actors.people[i].first)
    if rank not in ("head", "minister") or where is None:
        later = [i for i, p in enumerate(actors.people) if fits(p)]
        return min(later, key=lambda i: actors.people[i].first) if later else None
    name = holder(title, where, on=doc_date)
    if name:
        return actors.add(Person(name, where, title, from_table=True, canonical=name, first=pos))
    return actors.add(Person(f"the {title}", where, title, first=pos))
