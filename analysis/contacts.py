"""Turns sentences that report a diplomatic exchange (a call, meeting, visit, video call or
letter) into ``Contact`` records: one per pair of principal and counterpart, dated.

A sentence is a contact when it has a contact cue (``data/contact_cues.csv``), is not about
the future ("will meet", "scheduled to meet"), and names principals of two different countries.
"Putin spoke with leaders of Bahrain, Qatar and the UAE" gives one contact per counterpart
country; a contact told twice in a document is merged into one.
"""
from __future__ import annotations

import hashlib
import re
from datetime import date
from functools import cache
from typing import NamedTuple

from analysis.actors import Actors, holder
from analysis.dates import DateMention
from analysis.gazetteer import country_name
from analysis.matcher import Matches, SubstringSet
from analysis.records import Contact
from analysis.sentences import Sentence
from analysis.tables import read_table

#: Channels in priority order: when a sentence has cues of several, the first wins.
CHANNELS = ("phone", "video", "letter", "meeting", "visit")

_FUTURE = re.compile(
    r"\b(?:will|would|shall|plans?\s+to|planned\s+to|planning\s+to|scheduled\s+to|expected\s+to|"
    r"due\s+to|is\s+to|are\s+to|set\s+to|going\s+to|intends?\s+to|hopes?\s+to|unable\s+to|"
    r"ahead\s+of|upcoming|next|invit\w+|to\s+be\s+held|not)\b[^,;]{0,40}$", re.IGNORECASE)
#: The name given to a counterpart known only by country ("leaders of Bahrain, Qatar").
GENERIC = "leader of "
_LEADERS_OF = re.compile(r"\bleaders?\s+of\b", re.IGNORECASE)
_DURING_TRIP = re.compile(r"\s*(?:In|During|On)\s+(?:his|her|their|a|the)\s+(?:\w+\s+){0,2}?"
                          r"(?:visit|trip|tour)\b[^,]*,?", re.IGNORECASE)
_PLUPERFECT = re.compile(r"\bhad\s+been\b|\bhad\s+(?:\w+ed|met|spoken|held)\b", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[:;]|\bthat\b")
_IMPLIED_SUBJECT = re.compile(r"\s*(?:He|She|The\s+\w+)\b")


class Cue(NamedTuple):
    """Where a sentence says an exchange happened, and by which channel."""

    start: int
    end: int
    channel: str


class CueRule(NamedTuple):
    """One row of ``contact_cues.csv``: a pattern, its channel, and words it cannot match
    without (a fast substring test before the regex runs)."""

    pattern: re.Pattern[str]
    channel: str
    keywords: tuple[str, ...]


@cache
def _cues() -> tuple[CueRule, ...]:
    return tuple(CueRule(re.compile(r["pattern"], re.IGNORECASE), r["channel"],
                         tuple(w for w in r["keywords"].split("|") if w))
                 for r in read_table("contact_cues.csv"))


@cache
def _keywords() -> SubstringSet[tuple[int, ...]]:
    """Every rule's keywords, each to the rules (indexes into ``_cues()``) that need it: the
    keywords a sentence contains, found in one pass, say which rules can match."""
    rules: dict[str, list[int]] = {}
    for index, rule in enumerate(_cues()):
        for word in rule.keywords:
            rules.setdefault(word, []).append(index)
    return SubstringSet((word, tuple(indexes)) for word, indexes in rules.items())


@cache
def _ranks() -> tuple[int, ...]:
    """Each rule's channel priority (its index in ``CHANNELS``)."""
    return tuple(CHANNELS.index(rule.channel) for rule in _cues())


def _future_before(text: str, pos: int, *, reach: int) -> bool:
    """True when ``_FUTURE`` ends at ``pos`` within ``reach`` characters ("will meet"). Its
    match cannot cross a comma or semicolon, so the search starts after the last one."""
    start = max(0, pos - reach, text.rfind(",", 0, pos) + 1, text.rfind(";", 0, pos) + 1)
    return _FUTURE.search(text, start, pos) is not None


def find_cue(text: str) -> Cue | None:
    """The contact cue of a sentence (highest-priority channel, then leftmost), or None.

    >>> find_cue("Putin spoke by telephone with leaders of Bahrain").channel
    'phone'
    """
    present = _keywords().values_in(text.lower())
    if not present:
        return None
    rules, ranks = _cues(), _ranks()
    best: Cue | None = None
    best_rank = len(CHANNELS)
    for index in sorted(set().union(*present)):  # the rules in table order
        rank = ranks[index]
        if rank > best_rank:
            continue
        rule = rules[index]
        for m in rule.pattern.finditer(text):
            if _future_before(text, m.start(), reach=90):
                continue
            if best is None or (rank, m.start()) < (best_rank, best.start):
                best, best_rank = Cue(m.start(), m.end(), rule.channel), rank
            break
    return best


def _contact_id(doc_id: str, date_: date | None, channel: str, countries: tuple[str, ...]) -> str:
    key = f"{doc_id}|{date_}|{channel}|{'|'.join(sorted(countries))}"
    return hashlib.sha1(key.encode()).hexdigest()[:12]


class Draft(NamedTuple):
    """A contact before merging: who, how, when and from which sentence."""

    principal: tuple[str, str]  # (name, iso3)
    counterpart: tuple[str, str]
    channel: str
    date: date | None
    date_text: str
    dated: bool  # True when the sentence itself gave the date (or said it is unknown)
    evidence: str


def contacts_in_sentence(sentence: Sentence, *, actors: Actors, places: Matches,
                         dates: list[DateMention], doc_date: date | None,
                         principal_hint: int | None, cue: Cue | None) -> list[Draft]:
    """Read the contacts one sentence reports, given its cue (``find_cue``); [] when none.

    ``principal_hint`` is the person an implied subject refers to ("He met ...").
    """
    if cue is None:
        return []
    cue_pos = sentence.start + cue.start
    mentions = [m for m in actors.within(sentence.start, sentence.end)
                if actors.people[m.person].kind == "person"
                and actors.people[m.person].country]
    people: list[int] = []
    for m in mentions:
        if m.person not in people:
            people.append(m.person)
    # The principal is the subject of the cue's own clause ("...readout: Secretary X met").
    clause = sentence.start
    for sep in _CLAUSE_BREAK.finditer(sentence.text[:cue.start]):
        clause = sentence.start + sep.end()
    mentions = [m for m in mentions if m.start >= clause]
    people = []
    for m in mentions:
        if m.person not in people:
            people.append(m.person)
    before = [m.person for m in mentions if m.end <= cue_pos]
    if before:
        principal = before[0]
    elif principal_hint is not None and _IMPLIED_SUBJECT.match(sentence.text) \
            and people and principal_hint not in people:
        principal = principal_hint
        people.insert(0, principal)
    elif len(people) >= 2:
        principal = people[-1]  # "In his conversation with X, Putin discussed ..."
    elif people:
        principal = people[0]
    else:
        return []
    p_person = actors.people[principal]
    counterparts: list[tuple[str, str]] = []
    for index in people:
        person = actors.people[index]
        if index != principal and person.country != p_person.country:
            counterparts.append((person.name, person.country))
    # "spoke with leaders of Bahrain, Qatar, the UAE and Saudi Arabia"
    leaders_of = _LEADERS_OF.search(sentence.text, cue.start)
    if leaders_of:
        for place in places.within(sentence.start + leaders_of.end(), sentence.end):
            iso3 = place.value.iso3
            if iso3 != p_person.country and iso3 not in {c for _, c in counterparts}:
                counterparts.append((f"{GENERIC}{country_name(iso3)}", iso3))
    if not counterparts:
        return []
    when, when_text, dated = _contact_date(sentence, dates, doc_date=doc_date)
    return [Draft((p_person.name, p_person.country), c, cue.channel, when, when_text, dated,
                  sentence.text) for c in counterparts]


def cue_date(cue: Cue | None, dates: list[DateMention]) -> tuple[str, date, str] | None:
    """(channel, day, words) when a sentence dates an exchange it does not name the parties of
    ("discussed events ... during Pentagon meetings Thursday"); else None."""
    usable = [d for d in dates if d.kind in ("explicit", "relative") and d.date]
    if cue is None or len(usable) != 1:
        return None
    return cue.channel, usable[0].date, usable[0].text


def _contact_date(sentence: Sentence, dates: list[DateMention], *,
                  doc_date: date | None) -> tuple[date | None, str, bool]:
    """The day a contact sentence dates it to: (date, words, whether the sentence said so).

    A sentence with no date words falls back to the document date (undated: it may still take
    a sibling contact's date); a sentence placing it at an unstated time gives None.
    """
    usable = [d for d in dates if d.kind in ("explicit", "relative")]
    if usable:
        return usable[0].date, usable[0].text, True
    vague = [d for d in dates if d.kind == "vague"]
    if vague:
        return None, vague[0].text, True
    if _PLUPERFECT.search(sentence.text):
        return None, "", True
    during = _DURING_TRIP.match(sentence.text)
    if during:
        return None, during.group().strip(" ,"), True  # some day of a trip, not said which
    return doc_date, "", False


def _head_of(iso3: str, when: date | None) -> str:
    """The head of state of ``iso3`` on ``when`` from the leaders table, else "leader of X"."""
    for title in ("King", "Emir", "Sultan", "President"):
        name = holder(title, iso3, on=when)
        if name:
            return name
    return f"{GENERIC}{country_name(iso3)}"


def _same_parties(a: Draft, b: Draft) -> bool:
    """True when two drafts join the same people (in either order), or one of them knows its
    counterpart only by country."""
    names_a = {a.principal[0], a.counterpart[0]}
    names_b = {b.principal[0], b.counterpart[0]}
    return names_a == names_b or a.counterpart[0].startswith(GENERIC) or \
        b.counterpart[0].startswith(GENERIC)


def merge_contacts(drafts: list[Draft], *, doc_id: str,
                   channel_dates: dict[str, dict[date, str]] | None = None) -> list[Contact]:
    """Merge drafts that tell one exchange twice, and date undated ones from their siblings.

    Two drafts are one exchange when they join the same countries by the same channel and
    their dates agree (or one of them had no date of its own). An undated draft takes the date
    that every dated contact of the same principal and channel shares, if there is one.
    """
    dated_days: dict[tuple[str, str], dict[date, str]] = {}
    for d in drafts:
        if d.dated and d.date is not None:
            dated_days.setdefault((d.principal[0], d.channel), {}).setdefault(d.date, d.date_text)
    resolved: list[Draft] = []
    for d in drafts:
        days = dated_days.get((d.principal[0], d.channel), {}) or \
            (channel_dates or {}).get(d.channel, {})
        if not d.dated and len(days) == 1:
            (day, words), = days.items()
            d = d._replace(date=day, date_text=words)
        resolved.append(d)
    merged: list[Draft] = []
    for d in resolved:
        key = frozenset((d.principal[1], d.counterpart[1]))
        for i, m in enumerate(merged):
            if frozenset((m.principal[1], m.counterpart[1])) == key and m.channel == d.channel \
                    and (m.date == d.date or not m.dated or not d.dated) \
                    and _same_parties(m, d):
                better = m if (m.dated or not d.dated) else d
                named = [x for x in (m, d) if not x.counterpart[0].startswith(GENERIC)]
                source = max(named or [m, d], key=lambda x: len(x.counterpart[0]))
                merged[i] = better._replace(principal=source.principal,
                                            counterpart=source.counterpart,
                                            evidence=source.evidence if better.evidence ==
                                            m.evidence and not m.dated else better.evidence)
                break
        else:
            merged.append(d)
    out = []
    for d in merged:
        if d.counterpart[0].startswith(GENERIC):
            d = d._replace(counterpart=(_head_of(d.counterpart[1], d.date), d.counterpart[1]))
        countries = (d.principal[1], d.counterpart[1])
        out.append(Contact(
            contact_id=_contact_id(doc_id, d.date, d.channel, countries), doc_id=doc_id,
            date=d.date, date_text=d.date_text, channel=d.channel,
            participants=(d.principal[0], d.counterpart[0]), countries=countries,
            evidence=d.evidence))
    return out
