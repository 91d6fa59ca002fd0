"""Wires the extractors together: one ``Document`` into one ``Extraction``.

Order: sentences -> country references -> actors -> per sentence: dates, contacts, events ->
statements over the whole body -> merged, deduplicated records.
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import date

from analysis.engine.actor_ids import DocumentActors, actor_id
from analysis.engine.actors import find_actors
from analysis.engine.attribution import ALL, BOTH, Reader
from analysis.engine.coref import Salience
from analysis.engine.contacts import (Draft, Venue, contacts_in_sentence, cue_date, find_cue,
                                       merge_contacts, venue_in)
from analysis.engine.dates import DateMention, find_dates
from analysis.engine.events import events_in_sentence, merge_events
from analysis.engine.gazetteer import country_name, find_countries
from analysis.engine.names import key_words, name_key
from analysis.engine.records import (Actor, Contact, CountryMention, Document, Event, Extraction,
                              Statement)
from analysis.engine.sentences import Sentence, split_sentences
from analysis.engine.statements import (direct_statements, own_statement_person,
                                         reported_statements)
from analysis.engine.voice import publisher_country


def _title_paragraphs(doc: Document, sentences: list[Sentence]) -> set[int]:
    """The paragraph holding the title line, when the first line is a headline on its own."""
    if not sentences or not doc.title:
        return set()
    first = sentences[0]
    if first.para == 0 and first.text == doc.title and len(doc.title.split()) <= 15 and \
            all(s.para != 0 for s in sentences[1:]) and len(sentences) > 1 and \
            "\n" not in first.text:
        return {0}
    return set()


class _LazyDates:
    """The date mentions and the day of each sentence, read only for the sentences that need
    them (a contact, an event or a statement): date patterns are the costliest to run."""

    def __init__(self, sentences: list[Sentence], doc_date: date | None) -> None:
        self._by_start = {s.start: s for s in sentences}
        self._doc_date = doc_date
        self._mentions: dict[int, list[DateMention]] = {}

    def mentions(self, sent: Sentence) -> list[DateMention]:
        """The sentence's date mentions (computed once)."""
        found = self._mentions.get(sent.start)
        if found is None:
            found = self._mentions[sent.start] = find_dates(sent.text, doc_date=self._doc_date)
        return found

    def get(self, start: int, default: date | None) -> date | None:
        """The day a sentence is dated to: its first explicit or relative date, None when it
        names only a vague or future time, else ``default`` (the document date)."""
        sent = self._by_start.get(start)
        if sent is None:
            return default
        dates = self.mentions(sent)
        usable = [d for d in dates if d.kind in ("explicit", "relative") and d.date]
        if usable:
            return usable[0].date
        if any(d.kind in ("vague", "future") for d in dates):
            return None
        return default


#: A pronoun that may stand for a party to a contact ("I met him", "she spoke with").
_PERSONAL_PRONOUN = re.compile(r"\b(?:I|[Ww]e|[Hh]e|[Ss]he|him|her)\b")


def name_the_sides(statements: list[Statement], contacts: list[Contact],
                   body: str) -> list[Statement]:
    """Statements credited to "both sides" or "all sides" name the sides: the participants of
    the exchange they report (the one whose participants their sentence names, else the
    latest told before them, else the document's first), as
    "Vladimir Putin and Tamim bin Hamad Al Thani (both sides)", with ``joint`` = 1 and the
    participants' ids; with no exchange they stay as they are."""
    if not contacts or not any(s.speaker in (BOTH.name, ALL.name) for s in statements):
        return statements
    told = sorted((max(body.find(c.evidence), 0), c) for c in contacts)
    out = []
    for s in statements:
        if s.speaker in (BOTH.name, ALL.name):
            before = [c for at, c in told if at <= s.start]
            contact = _named_in(s.evidence, [c for _, c in told]) or \
                (before[-1] if before else told[0][1])
            names = list(dict.fromkeys(contact.participants))
            joined = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
            s = s._replace(speaker=f"{joined} ({s.speaker})", joint=1,
                           speaker_ids=tuple(dict.fromkeys(contact.participant_ids)))
        out.append(s)
    return out


def _named_in(sentence: str, contacts: list[Contact]) -> Contact | None:
    """The contact with two participants or more named in ``sentence`` by their last name
    ("Secretary Blinken and Foreign Minister Rau discussed ..."), the most named first; None
    when no contact has two."""
    words = set(name_key(sentence).split())
    best, most = None, 1
    for c in contacts:
        named = sum(1 for p in c.participants if key_words(p) and key_words(p)[-1] in words)
        if named > most:
            best, most = c, named
    return best


def with_actor_ids(actors: list[Actor], contacts: list[Contact], statements: list[Statement]
                   ) -> tuple[list[Actor], list[Contact], list[Statement]]:
    """The document's rows with their actors' corpus-wide ids (``actor_ids``): each actor's,
    each contact participant's, and each statement speaker's that is one of the document's
    actors (a description, "a senior official", has none)."""
    actors = [a._replace(actor_id=actor_id(a.name, a.kind)) for a in actors]
    known = DocumentActors(actors)
    contacts = [c._replace(participant_ids=tuple(known.id_of(p) for p in c.participants))
                for c in contacts]
    out = []
    for s in statements:
        if s.speaker and not s.joint:
            found = known.find(s.speaker)
            s = s._replace(speaker_ids=(found.actor_id,) if found is not None else ())
        out.append(s)
    return actors, contacts, out


def extract(doc: Document) -> Extraction:
    """Read countries, actors, contacts, statements and events out of one document.

    Deterministic: the same document always gives the same records in the same order.
    """
    body = doc.text
    sentences = split_sentences(body)
    places = find_countries(body)
    actors = find_actors(body, doc_date=doc.date, places=places,
                         publisher=publisher_country(getattr(doc, "source", ""),
                                                     getattr(doc, "url", "")))
    salience = Salience(body, sentences, actors)
    skip = _title_paragraphs(doc, sentences)
    own = own_statement_person(body, sentences, actors)
    own = own[0] if own is not None else None  # the official a statement is spoken by
    venue = Venue(next((venue_in(t.text, t.start, places) for t in sentences
                        if t.para in skip), None))

    drafts: list[Draft] = []
    events: list[Event] = []
    last_dated: Event | None = None  # "since then" counts from the last dated event
    told_exchange = False
    dates_of = _LazyDates(sentences, doc.date)
    channel_dates: dict[str, dict[date, str]] = {}
    for sent in sentences:
        if sent.para in skip:
            continue
        cue = find_cue(sent.text, tense=False)
        if cue is not None and not actors.within(sent.start, sent.end) and \
                "leader" not in sent.text and not _PERSONAL_PRONOUN.search(sent.text):
            cue = None  # nobody named or referred to: neither a contact nor the date of one
        told_exchange = told_exchange or cue is not None
        dates = dates_of.mentions(sent) if cue else []
        found = contacts_in_sentence(sent, actors=actors, places=places, dates=dates,
                                     doc_date=doc.date, salience=salience, cue=cue,
                                     own=own, venue=venue)
        if found or (cue is not None and cue_date(cue, dates)):
            # the clause's tense is read only where it decides something: "will meet" or
            # "did not meet" is no contact, and dates none
            told = find_cue(sent.text)
            if told != cue:
                cue = told
                found = contacts_in_sentence(sent, actors=actors, places=places, dates=dates,
                                             doc_date=doc.date, salience=salience, cue=cue,
                                     own=own, venue=venue)
        drafts += found
        dated = cue_date(cue, dates) if not found else None
        if dated:
            channel_dates.setdefault(dated[0], {}).setdefault(dated[1], dated[2])
        found_events = events_in_sentence(sent, places=places,
                                          dates=lambda sent=sent: dates_of.mentions(sent),
                                          doc_date=doc.date, previous=last_dated,
                                          doc_id=doc.doc_id)
        events += found_events
        last_dated = next((e for e in reversed(found_events) if e.date), last_dated)
    contacts = merge_contacts(drafts, doc_id=doc.doc_id, channel_dates=channel_dates)
    # how many principals the document's exchange joins; 2 when it tells an exchange whose
    # parties were not all read (a principal of an unknown government)
    parties = max((len(c.participants) for c in contacts), default=2 if told_exchange else 0)
    reader = Reader(body, actors, places, salience, parties=parties)
    direct = direct_statements(body, sentences, reader=reader, doc_id=doc.doc_id,
                               doc_date=doc.date, dates_of=dates_of, skip_paras=skip)
    reported = reported_statements(body, sentences, reader=reader, doc_id=doc.doc_id,
                                   doc_date=doc.date, dates_of=dates_of, skip_paras=skip,
                                   direct=direct, parties=parties)
    statements = sorted(direct + reported, key=lambda s: (s.start, s.kind))

    # Countries: every reference, plus the countries of the actors the text names.
    counts: Counter[str] = Counter()
    surfaces: dict[str, list[str]] = {}
    for p in places:
        counts[p.value.iso3] += 1
        surfaces.setdefault(p.value.iso3, [])
        if p.phrase not in surfaces[p.value.iso3]:
            surfaces[p.value.iso3].append(p.phrase)
    for m in actors.mentions:
        person = actors.people[m.person]
        if person.country and person.kind == "person":
            if person.country not in counts:
                surfaces.setdefault(person.country, []).append(person.label)
            counts[person.country] += 0 if m.via == "institution" else 1
    countries = [CountryMention(doc.doc_id, iso3, country_name(iso3), n, "; ".join(surfaces[iso3]))
                 for iso3, n in sorted(counts.items())]

    mention_counts = Counter(m.person for m in actors.mentions)
    actor_rows = [Actor(doc.doc_id, p.label, p.country, p.title, mention_counts[i], p.kind)
                  for i, p in enumerate(actors.people) if mention_counts[i]]
    actor_rows, contacts, statements = with_actor_ids(actor_rows, contacts, statements)
    statements = name_the_sides(statements, contacts, body)
    return Extraction(doc, countries, actor_rows, contacts, statements, merge_events(events))
