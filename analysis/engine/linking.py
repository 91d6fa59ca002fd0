"""Links the rows of many documents: each contact to the exchange it reports
(``exchanges.cluster``) and each statement to the group of its retellings
(``retellings.group``). The one step of the engine that reads across documents; every writer
(``frames.build_frames``, ``pipeline.write_folder``, the store's ingest) calls it on rows in
document path order, so they all give the same ids.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from typing import NamedTuple

from analysis.engine.exchanges import Exchange, cluster
from analysis.engine.records import Contact, Statement
from analysis.engine.retellings import group


class Linked(NamedTuple):
    """Contacts with their ``exchange_id``, statements with their group, and the exchanges."""

    contacts: list[Contact]
    statements: list[Statement]
    exchanges: list[Exchange]


def link_contacts(contacts: Sequence[Contact], doc_dates: Mapping[str, date | None]
                  ) -> tuple[list[Contact], list[Exchange]]:
    """The contacts with their exchange ids, and the exchanges they make."""
    exchanges, assigned = cluster(contacts, doc_dates)
    seen: Counter[str] = Counter()
    out = []
    for c in contacts:
        out.append(c._replace(exchange_id=assigned[(c.doc_id, seen[c.doc_id])]))
        seen[c.doc_id] += 1
    return out, exchanges


def link_statements(statements: Sequence[Statement], doc_dates: Mapping[str, date | None]
                    ) -> list[Statement]:
    """The statements with their group id and how many documents carry the group."""
    groups = group(statements, doc_dates)
    return [s._replace(statement_group_id=groups[s.statement_id].group_id,
                       group_documents=groups[s.statement_id].documents) for s in statements]


def link(contacts: Sequence[Contact], statements: Sequence[Statement],
         doc_dates: Mapping[str, date | None]) -> Linked:
    """Both links at once (``doc_dates``: each document's date)."""
    linked, exchanges = link_contacts(contacts, doc_dates)
    return Linked(linked, link_statements(statements, doc_dates), exchanges)
