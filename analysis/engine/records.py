"""Named records that the extractors yield; their fields are the contract's columns.

Frames are built from these once, in ``analysis.engine.frames``; nothing else knows the column lists.
"""
from __future__ import annotations

from datetime import date
from typing import NamedTuple


class Document(NamedTuple):
    """A parsed input document."""

    doc_id: str
    path: str  # relative to the input folder, with forward slashes
    date: date | None
    title: str
    words: int
    text: str  # the body, after the date line and the metadata lines
    encoding: str = "utf-8"
    source: str = ""  # the publisher a metadata line or the page names ("gov.uk"), or ""
    url: str = ""  # the address a metadata line or the page gives, or ""


class Rejected(NamedTuple):
    """An input file that could not be parsed, with a reason a user understands."""

    path: str
    reason: str


class CountryMention(NamedTuple):
    """One country referred to in a document, with how often and how it was named."""

    doc_id: str
    iso3: str
    name: str
    mentions: int
    surface: str  # the forms seen, "; "-joined ("Iran; Iranian; Tehran")


class Actor(NamedTuple):
    """A person or institution named in a document, under one canonical name."""

    doc_id: str
    name: str
    country: str | None
    title: str
    mentions: int
    kind: str  # person | institution | state | group
    actor_id: str = ""  # one id per person across the corpus (``actor_ids.actor_id``)


class Contact(NamedTuple):
    """A diplomatic exchange between principals."""

    contact_id: str
    doc_id: str
    date: date | None
    date_text: str
    channel: str  # phone | meeting | video | letter | visit | other
    participants: tuple[str, ...]
    countries: tuple[str, ...]
    evidence: str
    para: int = -1  # the paragraph of the document body ``evidence`` stands in (from 0)
    exchange_id: str = ""  # the exchange this report tells, across documents (``exchanges``)
    participant_ids: tuple[str, ...] = ()  # each participant's ``actor_id``, in order


class Statement(NamedTuple):
    """A passage attributed to a speaker: quoted (direct) or reported."""

    statement_id: str
    doc_id: str
    date: date | None
    speaker: str
    speaker_country: str | None
    kind: str  # direct | reported
    text: str
    evidence: str
    start: int  # character offset of ``text`` in the document body (-1 when rebuilt)
    para: int = -1  # the paragraph of the document body ``evidence`` stands in (from 0)
    speaker_ids: tuple[str, ...] = ()  # the speaker's ``actor_id``; each side's when joint
    joint: int = 0  # 1 when the speaker is the sides of an exchange ("both sides"), else 0
    statement_group_id: str = ""  # the same words of the same speaker across documents
    group_documents: int = 1  # how many documents carry the statement's group


class Event(NamedTuple):
    """An action between countries: a strike, attack, assassination, sanction, ..."""

    event_id: str
    doc_id: str
    date: date | None
    date_text: str
    type: str
    actors: tuple[str, ...]
    targets: tuple[str, ...]
    evidence: str
    para: int = -1  # the paragraph of the document body ``evidence`` stands in (from 0)


class Extraction(NamedTuple):
    """Everything read out of one document."""

    document: Document
    countries: list[CountryMention]
    actors: list[Actor]
    contacts: list[Contact]
    statements: list[Statement]
    events: list[Event]
