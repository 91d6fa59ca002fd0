"""Groups the statements that several documents tell: the same speaker with the same or nearly
the same words, quoted by a readout, an agency and a newspaper, is one statement group.

Two statements are one group when their speakers share a key (``names.name_key``) and their
words overlap by an F1 of at least ``SIMILAR`` (the share of words in common, both ways).
Candidates are found by the first and the last words of a statement, so that a corpus of any
size is compared in linear time, not pair by pair; a retelling that changes both its first and
its last words is missed.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from analysis.engine.names import name_key
from analysis.engine.records import Statement

#: Word overlap (F1) from which two statements of one speaker are one statement told twice.
SIMILAR = 0.8
#: How many words at each end make a candidate key.
_ENDS = 6
#: How many earlier statements of a bucket each statement is compared with.
_COMPARED = 20
_WORD = re.compile(r"[a-z0-9]+")


class Group(NamedTuple):
    """A statement group: its id and how many documents carry it."""

    group_id: str
    documents: int


def speaker_key(speaker: str) -> str:
    """The key under which a speaker's statements are compared ("" for no speaker)."""
    key = name_key(speaker)
    return key or speaker.strip().lower()


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _overlap(a: Counter[str], b: Counter[str]) -> float:
    common = sum((a & b).values())
    if not common:
        return 0.0
    p, r = common / sum(b.values()), common / sum(a.values())
    return 2 * p * r / (p + r)


def group(statements: Iterable[Statement], doc_dates: Mapping[str, object] | None = None
          ) -> dict[str, Group]:
    """Each statement's group, by ``statement_id``. A statement told once is a group of one.

    The group id is a hash of the speaker's key and the words of the group's first statement
    (by document date, then document id), so that re-reading the same corpus gives the same
    ids. Statements with no speaker are groups of one.
    """
    items = list(statements)
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    words = [_words(s.text) for s in items]
    bags = [Counter(w) for w in words]
    keys = [speaker_key(s.speaker) if s.speaker else "" for s in items]
    buckets: dict[tuple[str, str, tuple[str, ...]], list[int]] = defaultdict(list)
    for i, (key, w) in enumerate(zip(keys, words)):
        if key and w:
            buckets[(key, "head", tuple(w[:_ENDS]))].append(i)
            buckets[(key, "tail", tuple(w[-_ENDS:]))].append(i)
    for members in buckets.values():
        for n, i in enumerate(members[1:], start=1):
            # compared with the latest few before it: formulaic openings make long buckets
            for j in members[max(0, n - _COMPARED):n]:
                if find(i) != find(j) and _overlap(bags[j], bags[i]) >= SIMILAR:
                    parent[find(i)] = find(j)
                    break
    members_of: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        members_of[find(i)].append(i)
    dates = doc_dates or {}
    out: dict[str, Group] = {}
    for members in members_of.values():
        first = min(members, key=lambda i: (str(dates.get(items[i].doc_id) or "9999"),
                                            items[i].doc_id, items[i].start))
        basis = f"{keys[first]}|{' '.join(words[first])}" if keys[first] else \
            f"|{items[first].statement_id}"  # no speaker: a group of one, its own id
        digest = hashlib.sha1(basis.encode()).hexdigest()
        documents = len({items[i].doc_id for i in members})
        for i in members:
            out[items[i].statement_id] = Group(digest[:12], documents)
    return out
