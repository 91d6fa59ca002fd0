"""Turns the contacts of many documents into exchanges: one record per real call, meeting or
visit, however many reports tell it (both governments' readouts, the agencies, the press).

Two reports are one exchange when they join the same people (by ``names.name_key`` of each
participant's label; a counterpart known only as "leader of X" stands for anyone of X), by
compatible channels (a phone and a video call are both remote; a meeting and a visit are both
in person), on the same day, or one of them gives no day. Separate calls of the same day with
other people stay separate. An exchange takes the day its reports give, the channel most of
them give, the participants as its most complete report names them, and the clearest sentence
(the shortest one naming every participant) as its evidence.
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from typing import NamedTuple

from analysis.engine.names import name_key, same_person
from analysis.engine.records import Contact

#: Channels that may describe one exchange: reports of one call may say "phone" or "video",
#: of one meeting "meeting" or "visit".
CHANNEL_GROUPS = {"phone": "remote", "video": "remote", "letter": "letter",
                  "meeting": "in person", "visit": "in person", "other": "other"}
#: How a counterpart known only by country is named (``contacts.GENERIC``).
_GENERIC = "leader of "


class Exchange(NamedTuple):
    """One real exchange and the reports of it."""

    exchange_id: str
    date: date | None
    channel: str
    participants: tuple[str, ...]
    participant_ids: tuple[str, ...]
    countries: tuple[str, ...]
    documents: int
    doc_ids: tuple[str, ...]
    first_reported: date | None
    evidence: str


class _Report(NamedTuple):
    contact: Contact
    reported: date | None  # the document's date
    people: tuple[tuple[str, str], ...]  # (country, person key or "" for a generic one)


def _people(contact: Contact) -> tuple[tuple[str, str], ...]:
    """The participants as sorted (country, name key) pairs; "" for "leader of X"."""
    out = []
    for name, country in zip(contact.participants, contact.countries):
        key = "" if name.startswith(_GENERIC) else name_key(name)
        out.append((country or "", key))
    return tuple(sorted(out))


def _same_people(a: tuple[tuple[str, str], ...], b: tuple[tuple[str, str], ...]) -> bool:
    """True when two participant lists name the same people: the same countries, and per
    country the same person (a shorter name of them counts) or one side not named."""
    if len(a) != len(b) or [c for c, _ in a] != [c for c, _ in b]:
        return False
    for (_, ka), (_, kb) in zip(a, b):
        if ka and kb and ka != kb and not (same_person(ka, kb) or same_person(kb, ka)):
            return False
    return True


def block(contact: Contact) -> str:
    """The key of the reports that may tell the same exchange as ``contact``: its countries
    (sorted) and its kind of channel. Clusters never cross blocks, so a store recomputes only
    the blocks of the documents an ingest adds or removes.

    >>> block(Contact("c", "d", None, "", "video", ("A", "B"), ("RUS", "QAT"), ""))
    'QAT;RUS|remote'
    """
    return block_key(contact.countries, contact.channel)


def block_key(countries: Iterable[str | None], channel: str) -> str:
    """``block``'s key from a row's countries and channel (a contact's or an exchange's)."""
    return ";".join(sorted(c or "" for c in countries)) + "|" + \
        CHANNEL_GROUPS.get(channel, "other")


def exchange_id(people: Iterable[tuple[str, str]], day: date | None, channel: str) -> str:
    """A stable id for an exchange: the same people, day and kind of channel always give the
    same id, whatever documents report it and in which order they are read."""
    key = "|".join(f"{c}:{k}" for c, k in sorted(people)) + f"|{day}|{CHANNEL_GROUPS[channel]}"
    return hashlib.sha1(key.encode()).hexdigest()[:12]


def cluster(contacts: Iterable[Contact], doc_dates: Mapping[str, date | None]
            ) -> tuple[list[Exchange], dict[tuple[str, int], str]]:
    """Cluster contacts into exchanges.

    ``doc_dates`` gives each document's date (the day it reported). Returns the exchanges, in
    order of their first report, and each contact's exchange id keyed by (doc_id, the
    contact's index among that document's contacts), since a document may hold two contacts
    with the same contact_id-worthy fields. An empty input gives ([], {}).
    """
    reports: list[_Report] = []
    index: list[tuple[str, int]] = []
    seen: Counter[str] = Counter()
    for c in contacts:
        reports.append(_Report(c, doc_dates.get(c.doc_id), _people(c)))
        index.append((c.doc_id, seen[c.doc_id]))
        seen[c.doc_id] += 1
    # Block by countries and kind of channel: only reports in one block can be one exchange.
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(reports):
        blocks[block(r.contact)].append(i)
    groups: list[list[int]] = []
    for members in blocks.values():
        groups += _cluster_block(members, reports)
    exchanges: list[Exchange] = []
    assigned: dict[tuple[str, int], str] = {}
    for members in groups:
        ex = _exchange([reports[i] for i in members])
        exchanges.append(ex)
        for i in members:
            assigned[index[i]] = ex.exchange_id
    exchanges.sort(key=lambda e: (e.first_reported or date.max, e.exchange_id))
    return exchanges, assigned


def _cluster_block(members: list[int], reports: list[_Report]) -> list[list[int]]:
    """Split one block into exchanges: the same people on the same day; a report with no day
    joins the one exchange of the same people that has a day, if there is exactly one."""
    dated: list[list[int]] = []
    by_day: dict[date, list[list[int]]] = defaultdict(list)
    undated: list[int] = []
    for i in members:
        r = reports[i]
        if r.contact.date is None:
            undated.append(i)
            continue
        for group in by_day[r.contact.date]:
            if _same_people(reports[group[0]].people, r.people):
                group.append(i)
                break
        else:
            by_day[r.contact.date].append([i])
            dated.append(by_day[r.contact.date][-1])
    loose: list[list[int]] = []
    for i in undated:
        r = reports[i]
        fits = [g for g in dated if _same_people(reports[g[0]].people, r.people)]
        if len(fits) == 1:
            fits[0].append(i)
            continue
        for group in loose:
            if _same_people(reports[group[0]].people, r.people):
                group.append(i)
                break
        else:
            loose.append([i])
    return dated + loose


def _exchange(reports: list[_Report]) -> Exchange:
    """One exchange from the reports that tell it: the participants of its most complete
    report, the earliest such (by the day it was reported, then its document id), in that
    report's order, so that the order does not depend on the order the reports were read."""
    reports = sorted(reports, key=lambda r: (r.reported or date.max, r.contact.doc_id))
    days = [r.contact.date for r in reports if r.contact.date is not None]
    day = min(days) if days else None
    channels = Counter(r.contact.channel for r in reports)
    channel = sorted(channels.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    named = max(reports, key=lambda r: (sum(1 for _, k in r.people if k),
                                        sum(len(n) for n in r.contact.participants)))
    people = [(n, c) for n, c in zip(named.contact.participants, named.contact.countries)]
    ids = named.contact.participant_ids
    ids = ids if len(ids) == len(people) else ("",) * len(people)
    doc_ids = tuple(sorted({r.contact.doc_id for r in reports}))
    reported = [r.reported for r in reports if r.reported is not None]
    evidence = min((r.contact.evidence for r in reports),
                   key=lambda e: (-sum(n.split()[-1] in e for n, _ in people if n), len(e), e))
    return Exchange(
        exchange_id=exchange_id(named.people, day, channel), date=day, channel=channel,
        participants=tuple(n for n, _ in people), participant_ids=tuple(ids),
        countries=tuple(c for _, c in people),
        documents=len(doc_ids), doc_ids=doc_ids,
        first_reported=min(reported) if reported else None, evidence=evidence)
