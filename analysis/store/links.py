"""Turns a database's rows into the links a country filter reads: which countries each
statement's text names, and every country each statement and each document is kept for.

The rule a country filter applies to a statement, everywhere (``analysis.store.query``): keep
it when its speaker is from a chosen country, when its text names one (a form of a country
mentioned in its document, as a whole word, any case), or when it reads out a kept contact or
action: a row of the same document, in the row's paragraph or the next one, and said by a
party to it (by country or by name) or by a speaker of no known country.

With a country filter alone, the kept contacts and actions are exactly those that involve a
chosen country, so each statement's answer is known in advance: ``_links`` (every country it is
kept for) and ``_named`` (the countries its text names) are stored beside it, ``|``-delimited
(``|IRN|RUS|``), and ``_document_links`` lists every country a document's rows involve. A
country filter alone is then one substring test per row instead of a join of every statement
at each query (0.1-0.3 s at 1.5 million statements). Every write computes them for the
documents it writes (``update_links``) and records the generation they match (``_meta`` key
``links``).
"""
from __future__ import annotations

import re
from collections.abc import Iterable

import duckdb
import pandas as pd

from analysis.engine.frames import LIST_SEP
from analysis.store.schema import (DOCUMENT_LINKS, LINK_COLUMNS, LINK_SEP, SEQ,
                                   STATEMENT_COUNTRIES, create_sql, read_meta, stored_columns,
                                   table_exists, write_meta)

#: Forms of a country shorter than this are not looked for in a statement's text ("US" would
#: find "us").
MIN_FORM = 3


def _forms_pattern(forms: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern finding any of ``forms`` as a whole word, any case, longest first."""
    ordered = sorted({f for f in forms if len(f) >= MIN_FORM}, key=lambda f: (-len(f), f))
    if not ordered:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, ordered)) + r")(?!\w)",
                      re.IGNORECASE)


def statement_countries(statements: pd.DataFrame, countries: pd.DataFrame) -> pd.DataFrame:
    """(doc_id, _seq, iso3) for each country a statement's text names: a form of a country
    mentioned in its document (its ``name`` or a ``surface`` form, of ``MIN_FORM`` characters
    or more) standing in the text as a whole word, in any case. ``statements`` must carry
    ``_seq``; empty when a column is missing.

    >>> import pandas as pd
    >>> st = pd.DataFrame({"doc_id": ["a", "a"], "_seq": [0, 1],
    ...                    "text": ["Iran must be heard", "Tirana is far"]})
    >>> co = pd.DataFrame({"doc_id": ["a"], "iso3": ["IRN"], "name": ["Iran"], "surface": [""]})
    >>> statement_countries(st, co).values.tolist()
    [['a', 0, 'IRN']]
    """
    rows: list[tuple[str, int, str]] = []
    needed = {"doc_id", SEQ, "text"} <= set(statements.columns) and {
        "doc_id", "iso3", "name"} <= set(countries.columns)
    if needed and len(statements) and len(countries):
        codes: dict[str, dict[str, set[str]]] = {}  # doc_id -> form (lower case) -> iso3s
        surfaces = countries["surface"] if "surface" in countries else [""] * len(countries)
        for doc_id, iso3, name, surface in zip(countries["doc_id"], countries["iso3"],
                                               countries["name"], surfaces):
            for form in [str(name), *str(surface).split(LIST_SEP.strip())]:
                form = form.strip().lower()
                if len(form) >= MIN_FORM:
                    codes.setdefault(doc_id, {}).setdefault(form, set()).add(iso3)
        patterns = {doc_id: _forms_pattern(forms) for doc_id, forms in codes.items()}
        for doc_id, seq, text in zip(statements["doc_id"], statements[SEQ], statements["text"]):
            pattern = patterns.get(doc_id)
            if pattern is None:
                continue
            found = {iso3 for m in pattern.findall(str(text)) for iso3 in codes[doc_id][m.lower()]}
            rows.extend((doc_id, int(seq), iso3) for iso3 in sorted(found))
    frame = pd.DataFrame(rows, columns=["doc_id", SEQ, "iso3"])
    return frame.astype({"doc_id": "string", SEQ: "int32", "iso3": "string"})


def _joined(items: str) -> str:
    """SQL: a list of codes as '' (none) or ``|a|b|`` (sorted, distinct, no empty code)."""
    kept = f"list_sort(list_distinct(list_filter({items}, lambda x: x <> '')))"
    return (f"CASE WHEN len({kept}) = 0 THEN '' ELSE "
            f"'{LINK_SEP}' || array_to_string({kept}, '{LINK_SEP}') || '{LINK_SEP}' END")


def readouts_sql(contacts: str, events: str) -> str:
    """SQL giving (doc_id, p, xs, ps) for the contacts and events that the two SELECTs give
    (each selecting ``doc_id, para, countries`` and, for contacts, ``participants``): one row
    per paragraph a statement reading the row out may stand in (its own and the next), with
    the row's countries ``xs`` and people ``ps`` as lists. Rows of unknown paragraph read out
    nothing."""
    sep = LIST_SEP
    return f"""
        SELECT doc_id, para + d AS p, xs, ps FROM (
            SELECT doc_id, para, string_split(countries, '{sep}') AS xs,
                   string_split(participants, '{sep}') AS ps FROM ({contacts})
            UNION ALL SELECT doc_id, para, string_split(countries, '{sep}'), []::VARCHAR[]
                      FROM ({events})), (VALUES (0), (1)) steps(d)
        WHERE para >= 0"""


#: SQL: statement ``s`` is said by a party to readout row ``k`` (see ``readouts_sql``), or by a
#: speaker of no known country.
SAID_BY_A_PARTY = ("(s.speaker_country = '' OR list_contains(k.xs, s.speaker_country) "
                   "OR list_contains(k.ps, s.speaker))")


def statement_links_sql(docs: str | None = None) -> str:
    """SQL giving (doc_id, _seq, _named, _links) for the statements of the documents listed in
    table ``docs`` (column doc_id; every statement when None): the countries a statement's text
    names, and every country a country filter alone keeps it for (see the module docstring)."""
    only = f"doc_id IN (SELECT doc_id FROM {docs})" if docs else "TRUE"
    sep = LIST_SEP
    readouts = readouts_sql(
        f"SELECT doc_id, para, countries, participants FROM contacts WHERE {only}",
        f"SELECT doc_id, para, actors || '{sep}' || targets AS countries FROM events "
        f"WHERE {only}")
    return f"""
        WITH k AS ({readouts}),
             s AS (SELECT doc_id, {SEQ}, para, speaker, speaker_country FROM statements
                   WHERE {only}),
             linked AS (SELECT s.doc_id, s.{SEQ}, flatten(list(k.xs)) AS xs
                        FROM s JOIN k ON k.doc_id = s.doc_id AND k.p = s.para
                        WHERE {SAID_BY_A_PARTY} GROUP BY s.doc_id, s.{SEQ}),
             named AS (SELECT doc_id, {SEQ}, list(iso3) AS xs FROM {STATEMENT_COUNTRIES}
                       WHERE {only} GROUP BY doc_id, {SEQ}),
             x AS (SELECT s.doc_id, s.{SEQ}, coalesce(n.xs, []) AS named,
                          list_concat([s.speaker_country], coalesce(n.xs, []),
                                      coalesce(l.xs, [])) AS links
                   FROM s LEFT JOIN named n ON n.doc_id = s.doc_id AND n.{SEQ} = s.{SEQ}
                   LEFT JOIN linked l ON l.doc_id = s.doc_id AND l.{SEQ} = s.{SEQ})
        SELECT doc_id, {SEQ}, {_joined("named")} AS _named, {_joined("links")} AS _links
        FROM x"""


def document_links_sql(docs: str | None = None) -> str:
    """SQL giving (doc_id, _links) for the documents listed in table ``docs`` (all when None):
    every country the document's rows involve (mentions, contacts, events, speakers, countries
    its statements name). A country filter alone keeps exactly the documents whose list holds
    a chosen country, so it reads one short string per document instead of the union of five
    tables' matches (0.1 s at 100,000 documents)."""
    only = f"WHERE doc_id IN (SELECT doc_id FROM {docs})" if docs else ""
    sep = LIST_SEP
    return f"""
        SELECT doc_id, {_joined("list(x)")} AS _links FROM (
            SELECT doc_id, iso3 AS x FROM countries {only}
            UNION ALL SELECT doc_id, unnest(string_split(countries, '{sep}')) FROM contacts {only}
            UNION ALL SELECT doc_id, unnest(string_split(actors || '{sep}' || targets, '{sep}'))
                      FROM events {only}
            UNION ALL SELECT doc_id, speaker_country FROM statements {only}
            UNION ALL SELECT doc_id, iso3 FROM {STATEMENT_COUNTRIES} {only})
        GROUP BY doc_id"""


def has_links(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the database has the derived link columns and table."""
    columns = {c for c, _ in stored_columns(con, "statements")}
    return set(LINK_COLUMNS["statements"]) <= columns and table_exists(con, DOCUMENT_LINKS)


def update_links(con: duckdb.DuckDBPyConnection, doc_ids: Iterable[str] | None = None) -> None:
    """(Re)compute the derived statement columns and ``_document_links`` rows for the
    documents ``doc_ids`` (every document when None), from their rows already stored.
    A no-op when the database lacks a table the links read."""
    if not all(table_exists(con, t) for t in ("documents", "countries", "statements", "contacts",
                                              "events", STATEMENT_COUNTRIES, DOCUMENT_LINKS)):
        return
    docs = None
    if doc_ids is not None:
        ids = pd.DataFrame({"doc_id": pd.Series(sorted(set(doc_ids)), dtype="string")})
        if ids.empty:
            return
        con.register("_link_docs", ids)
        docs = "_link_docs"
    try:
        con.execute(f"UPDATE statements SET _named = x._named, _links = x._links "
                    f"FROM ({statement_links_sql(docs)}) x "
                    f"WHERE statements.doc_id = x.doc_id AND statements.{SEQ} = x.{SEQ}")
        con.execute(f"DELETE FROM {DOCUMENT_LINKS}"
                    + (f" WHERE doc_id IN (SELECT doc_id FROM {docs})" if docs else ""))
        con.execute(f"INSERT INTO {DOCUMENT_LINKS} {document_links_sql(docs)}")
    finally:
        if docs:
            con.unregister(docs)


def links_current(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the derived links exist and were made by this code for the database's
    current ``generation`` (``_meta`` key ``links``): an ingest by older code, which leaves
    them stale, bumps the generation without it."""
    if not has_links(con):
        return False
    meta = read_meta(con)
    return meta.get("links") == meta.get("generation")


def mark_links_current(con: duckdb.DuckDBPyConnection) -> None:
    """Record that the derived links match the database's current generation (after a write
    that kept them current); a no-op for a database without ``_meta``."""
    if table_exists(con, "_meta"):
        write_meta(con, {"links": read_meta(con).get("generation", "")})


def ensure_links(con: duckdb.DuckDBPyConnection) -> bool:
    """Give a database whose derived links are missing or stale those columns and table,
    computed for every document (seconds at 100,000 documents, not a re-ingest); returns True
    when it did."""
    if not table_exists(con, "statements") or links_current(con):
        return False
    con.execute("SET enable_progress_bar = false")  # quiet, even on a terminal
    existing = {c for c, _ in stored_columns(con, "statements")}
    for column in LINK_COLUMNS["statements"]:
        if column not in existing:
            con.execute(f"ALTER TABLE statements ADD COLUMN {column} VARCHAR")
    if not table_exists(con, DOCUMENT_LINKS):
        con.execute(create_sql(DOCUMENT_LINKS))
    update_links(con)
    mark_links_current(con)
    return True


__all__ = ["SAID_BY_A_PARTY", "document_links_sql", "ensure_links", "has_links", "links_current",
           "mark_links_current", "readouts_sql", "statement_countries", "statement_links_sql",
           "update_links"]
