"""Gives every actor one id across the corpus, so that the spellings of one person ("Tamim bin
Hamad Al Thani", "Tamim bin Hamad Al-Thani", "Joe Biden" for the table's "Joseph R. Biden, Jr.")
are one node of the network and one lane of the timeline, whichever document named them.

The id is a hash of the actor's kind and the ``names.name_key`` of their canonical name (the
leaders table's name when it knows the printed one, else the printed one): a pure function of
the name, so that a document read alone, in a worker or in another ingest gives the same id.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable

from analysis.engine.actors import table_name
from analysis.engine.names import name_key, same_person
from analysis.engine.records import Actor


def canonical_key(name: str) -> str:
    """The key of a name's canonical form: the leaders table's name if it has one.

    >>> canonical_key("Joe Biden") == canonical_key("Joseph R. Biden, Jr.")
    True
    """
    canonical = table_name(name) or name
    return name_key(canonical) or " ".join(canonical.lower().split())


def actor_id(name: str, kind: str = "person") -> str:
    """The actor's id: 12 hex digits of the hash of ``kind`` and ``canonical_key(name)``;
    "" for a name with nothing in it.

    >>> actor_id("Tamim bin Hamad Al-Thani") == actor_id("Tamim bin Hamad Al Thani")
    True
    """
    key = canonical_key(name)
    if not any(ch.isalnum() for ch in key):
        return ""
    return hashlib.sha1(f"{kind}|{key}".encode()).hexdigest()[:12]


class DocumentActors:
    """A document's actors by name, to give the names its contacts and statements print the
    ids of the actors they stand for."""

    def __init__(self, actors: Iterable[Actor]):
        self.actors = list(actors)
        self._by_key = {canonical_key(a.name): a for a in self.actors}

    def find(self, name: str) -> Actor | None:
        """The document's actor a printed name stands for: the same canonical key, else the
        one actor whose name it can shorten ("Putin" for "Vladimir Putin"); None when there is
        no such actor or several."""
        found = self._by_key.get(canonical_key(name))
        if found is not None:
            return found
        fits = [a for a in self.actors if a.kind == "person" and same_person(name, a.name)]
        return fits[0] if len(fits) == 1 else None

    def id_of(self, name: str) -> str:
        """The id of the actor ``name`` stands for; a name the document has no actor for
        (a counterpart known only as "leader of Qatar") is taken as a person's."""
        actor = self.find(name)
        return actor.actor_id if actor is not None else actor_id(name, "person")
