"""Turns the dashboard's filters into DuckDB SQL and answers with small pandas frames: the one
query layer of every deployment (a store on disk, a folder corpus in memory, either with a
session's uploads joined: ``analysis.store.memory``).

Pure functions, no streamlit. Every value that comes from a user (dates, countries, actors,
channels, search words, ids) is passed as a query parameter, never formatted into the SQL; the
only names formatted in are the schema's (``analysis.store.schema``).

``source`` is anything with a ``reader()`` context giving a DuckDB connection in which the
schema's tables stand under their names: a ``Store``, a ``MemoryStore``, a ``WithUploads``.

- Rows: ``rows(source, name, filters, limit=...)`` for every frame; for statements also the
  statements page's ``search`` (every term in text, speaker or evidence, any case),
  ``speakers`` and ``kinds``. Newest first: date descending (unknown dates last), then
  document id, then the row's place in its document; documents by date, then path; countries
  and actors (no date) and ``order="frame"`` in the frames' own order (document path, then
  place); rejected files by path. ``count`` gives how many match.
- Aggregates: ``count_rows`` (every frame's matching rows at once), ``date_bounds``,
  ``per_day``, ``country_totals`` (the map's involvement), ``options`` (the filter widgets).
- One document: ``document``, ``document_rows``; ``doc_ids``.
- The timeline's selection: ``statements_about``.

The filter rules, one per frame:

- date range: rows dated within it (rows with an unknown date drop out while a range is set);
- countries: contacts and events that involve one of them; statements whose speaker is from
  one of them, whose text names one of them, or that read out a kept contact or event
  (``analysis.store.links``: same document, the row's paragraph or the next, said by a party
  to it or by a speaker of no known country); countries rows of those countries; documents
  holding a kept row or mentioning one of them;
- actors: contacts with one of them as a participant, events naming them, statements they
  made; actors rows of those names;
- channels: contacts by those channels (statements and events have no channel and are kept);
- documents keep the documents that still have a row of any kind, or every document in the
  date range when no country, actor or channel filter is set; countries and actors rows are
  those of the kept documents. ``rejected`` is never filtered.

How it stays fast at 100,000 documents (1.5 million statements): a country filter alone reads
the derived link columns (``_links`` of ``statements``, ``_document_links``), one substring
test per row; with dates, actors or channels the statement rule joins each statement once, on
(document, paragraph), to the countries and people of the kept contacts and events it may read
out; documents never need that link (a statement kept through it stands in a document kept by
the contact or event).

>>> from analysis.engine.frames import build_frames
>>> from analysis.store.memory import MemoryStore
>>> rows(MemoryStore(build_frames([], [])), "contacts", Filters(countries=("RUS",))).empty
True
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

import duckdb
import pandas as pd

from analysis.engine.frames import COLUMNS, LIST_SEP
from analysis.store.database import typed
from analysis.store.links import SAID_BY_A_PARTY, readouts_sql
from analysis.store.schema import (DOCUMENT_FRAMES, DOCUMENT_LINKS, GLOBAL_FRAMES, LINK_SEP, SEQ,
                                   STATEMENT_COUNTRIES, frame_columns, quote, select_list,
                                   table_columns)


@dataclass(frozen=True)
class Filters:
    """The shared filters: an inclusive date range and lists of countries (ISO3), actors
    (names) and channels. Hashable, so that answers can be cached by it."""

    start: date | None = None
    end: date | None = None
    countries: tuple[str, ...] = field(default_factory=tuple)
    actors: tuple[str, ...] = field(default_factory=tuple)
    channels: tuple[str, ...] = field(default_factory=tuple)

    @property
    def active(self) -> bool:
        """True when any filter narrows the rows."""
        return bool(self.start or self.end or self.countries or self.actors or self.channels)


NO_FILTERS = Filters()

#: Row orders a caller may choose: newest first, or the frames' own (document path, then the
#: row's place in its document).
ORDERS = ("newest", "frame")

#: Aliases of the tables in the SQL below.
_ALIAS = {"documents": "d", "rejected": "r", "countries": "k", "actors": "a", "contacts": "c",
          "statements": "s", "events": "e", "exchanges": "x"}


@contextmanager
def _open(source) -> Iterator[duckdb.DuckDBPyConnection]:
    if isinstance(source, duckdb.DuckDBPyConnection):
        yield source
    else:
        with source.reader() as con:
            yield con


def _values(values: Iterable[object]) -> list[str]:
    return [str(v) for v in values or ()]


class _Where:
    """SQL conditions on one table's alias, with their parameters, and the joins some of them
    need; ``clause`` gives ``FROM table alias [joins] WHERE conditions`` and its parameters."""

    def __init__(self, alias: str) -> None:
        self.alias = alias
        self.conditions: list[str] = []
        self.params: list[object] = []
        self.joins: list[str] = []
        self.join_params: list[object] = []

    def add(self, condition: str, *params: object) -> None:
        self.conditions.append(condition)
        self.params.extend(params)

    def join(self, sql: str, *params: object) -> None:
        """Add a join (``LEFT JOIN (...) x ON ...``) that conditions may refer to."""
        self.joins.append(sql)
        self.join_params.extend(params)

    def condition(self) -> str:
        return " AND ".join(f"({c})" for c in self.conditions) or "TRUE"

    def clause(self, table: str, *, extra_join: str = "") -> tuple[str, list[object]]:
        """``FROM table alias [joins] WHERE ...`` and its parameters; ``extra_join`` is one more
        join, without parameters."""
        joins = "".join(f" {j}" for j in [*self.joins, extra_join] if j)
        return (f"FROM {quote(table)} {self.alias}{joins} WHERE {self.condition()}",
                [*self.join_params, *self.params])


def _in(column: str) -> str:
    """``column`` is one of a list parameter's values."""
    return f"{column} IN (SELECT unnest(?::VARCHAR[]))"


def _has_any(column: str) -> str:
    """A ``; ``-joined list column holds one of a list parameter's values."""
    return f"list_has_any(string_split({column}, '{LIST_SEP}'), ?::VARCHAR[])"


def _date_range(where: _Where, filters: Filters) -> None:
    column = f"{where.alias}.date"
    if filters.start is None and filters.end is None:
        return
    where.add(f"{column} <> ''")
    if filters.start is not None:
        where.add(f"{column} >= ?", filters.start.isoformat())
    if filters.end is not None:
        where.add(f"{column} <= ?", filters.end.isoformat())


def _contacts_where(filters: Filters, alias: str = "c") -> _Where:
    """Contacts (or, with alias "x", exchanges: the same columns) by their date, countries,
    participants and channel."""
    where = _Where(alias)
    _date_range(where, filters)
    if filters.countries:
        where.add(_has_any(f"{alias}.countries"), _values(filters.countries))
    if filters.actors:
        where.add(_has_any(f"{alias}.participants"), _values(filters.actors))
    if filters.channels:
        where.add(_in(f"{alias}.channel"), _values(filters.channels))
    return where


def _exchanges_where(filters: Filters) -> _Where:
    """Exchanges are filtered as contacts are, on the exchange's own date, countries,
    participants and channel."""
    return _contacts_where(filters, "x")


def _events_where(filters: Filters) -> _Where:
    where = _Where("e")
    _date_range(where, filters)
    for wanted in (filters.countries, filters.actors):
        if wanted:
            where.add(f"{_has_any('e.actors')} OR {_has_any('e.targets')}", _values(wanted),
                      _values(wanted))
    return where


def _any_link(column: str, countries: list[str]) -> tuple[str, list[str]]:
    """``column`` (a ``|``-delimited country list) holds one of ``countries``: one substring
    test per country. A value holding the delimiter matches no stored code."""
    wanted = [f"{LINK_SEP}{c}{LINK_SEP}" for c in countries if LINK_SEP not in c]
    if not wanted:
        return "FALSE", []
    return " OR ".join(f"contains({column}, ?)" for _ in wanted), wanted


def _countries_alone(filters: Filters) -> bool:
    """True when the only filter is countries and no chosen value holds the links' delimiter:
    then the derived link columns answer it exactly."""
    return (not filters.actors and not filters.channels and filters.start is None
            and filters.end is None and not any(LINK_SEP in c for c in filters.countries))


def _readouts_kept(filters: Filters) -> tuple[str, list[object]]:
    """SQL (and parameters) of the kept contacts' and events' readout keys, grouped by
    (doc_id, p): the countries ``xs`` and people ``ps`` a statement there may be said by."""
    contacts, c_params = _contacts_where(filters).clause("contacts")
    events, e_params = _events_where(filters).clause("events")
    readouts = readouts_sql(
        f"SELECT c.doc_id, c.para, c.countries, c.participants {contacts}",
        f"SELECT e.doc_id, e.para, e.actors || '{LIST_SEP}' || e.targets AS countries {events}")
    return (f"SELECT doc_id, p, flatten(list(xs)) AS xs, flatten(list(ps)) AS ps "
            f"FROM ({readouts}) GROUP BY doc_id, p", [*c_params, *e_params])


def _statement_countries(where: _Where, filters: Filters, *, linked: bool) -> None:
    """Add the country filter's statement rule (see the module docstring) to ``where`` (on
    ``statements s``). ``linked=False`` leaves out the readouts of kept contacts and events."""
    countries = _values(filters.countries)
    if linked and _countries_alone(filters):
        condition, params = _any_link("s._links", countries)
        where.add(condition, *params)
        return
    named, named_params = _any_link("s._named", countries)
    if not linked:
        where.add(f"{_in('s.speaker_country')} OR {named}", countries, *named_params)
        return
    kept, kept_params = _readouts_kept(filters)
    where.join(f"LEFT JOIN ({kept}) k ON k.doc_id = s.doc_id AND k.p = s.para", *kept_params)
    where.add(f"{_in('s.speaker_country')} OR {named} OR (k.doc_id IS NOT NULL AND "
              f"{SAID_BY_A_PARTY})", countries, *named_params)


def search_terms(query: str) -> list[str]:
    """Split a search box into terms: "quoted phrases" stay whole, other words split.

    >>> search_terms('"easing of tensions" Putin')
    ['easing of tensions', 'Putin']
    """
    terms = [a or b for a, b in re.findall(r'"([^"]+)"|(\S+)', query or "")]
    return [t for t in terms if t.strip()]


def _statements_where(filters: Filters, *, search: str = "", speakers: Sequence[str] = (),
                      kinds: Sequence[str] = (), linked: bool = True) -> _Where:
    """Conditions on ``statements s`` for the filters and the statements page's search,
    speakers and kinds (``linked``: see ``_statement_countries``)."""
    where = _Where("s")
    _date_range(where, filters)
    if filters.countries:
        _statement_countries(where, filters, linked=linked)
    if filters.actors:
        where.add(_in("s.speaker"), _values(filters.actors))
    if speakers:
        where.add(_in("s.speaker"), _values(speakers))
    if kinds:
        where.add(_in("s.kind"), _values(kinds))
    for term in search_terms(search):
        where.add("contains(lower(s.text || ' \n ' || s.speaker || ' \n ' || s.evidence), ?)",
                  term.lower())
    return where


def _documents_where(filters: Filters) -> _Where:
    """Conditions on ``documents d`` (see the module docstring's document rule)."""
    where = _Where("d")
    _date_range(where, filters)
    countries, actors, channels = (_values(filters.countries), _values(filters.actors),
                                   _values(filters.channels))
    if countries and _countries_alone(filters):
        # exactly the documents whose rows involve a chosen country: one derived table
        condition, params = _any_link("_links", countries)
        where.add(f"d.doc_id IN (SELECT doc_id FROM {DOCUMENT_LINKS} WHERE {condition})",
                  *params)
    elif countries or actors or channels:
        parts, params = [], []
        for table, rule in (("contacts", _contacts_where(filters)),
                            ("events", _events_where(filters)),
                            ("statements", _statements_where(filters, linked=False))):
            clause, clause_params = rule.clause(table)
            parts.append(f"SELECT {rule.alias}.doc_id {clause}")
            params += clause_params
        if countries and not (actors or channels):
            parts.append(f"SELECT doc_id FROM countries WHERE {_in('iso3')}")
            params.append(countries)
        if actors and not (countries or channels):
            parts.append(f"SELECT doc_id FROM actors WHERE {_in('name')}")
            params.append(actors)
        where.add(f"d.doc_id IN ({' UNION ALL '.join(parts)})", *params)
    return where


def _of_kept_documents(name: str, filters: Filters, *, kept: str = "") -> _Where:
    """Conditions on ``countries k`` or ``actors a``: rows of the kept documents (those of
    the table ``kept`` when given), of the chosen countries or actors when set."""
    alias = _ALIAS[name]
    where = _Where(alias)
    documents = _documents_where(filters)
    if documents.conditions and kept:
        where.add(f"{alias}.doc_id IN (SELECT doc_id FROM {kept})")
    elif documents.conditions:
        clause, params = documents.clause("documents")
        where.add(f"{alias}.doc_id IN (SELECT d.doc_id {clause})", *params)
    column, chosen = ("iso3", filters.countries) if name == "countries" else ("name",
                                                                              filters.actors)
    if chosen:
        where.add(_in(f"{alias}.{column}"), _values(chosen))
    return where


def _where(name: str, filters: Filters, **page) -> _Where:
    """The conditions a frame's rows must meet (``page``: the statements page's search)."""
    if name == "contacts":
        return _contacts_where(filters)
    if name == "events":
        return _events_where(filters)
    if name == "exchanges":
        return _exchanges_where(filters)
    if name == "statements":
        return _statements_where(filters, **page)
    if name == "documents":
        return _documents_where(filters)
    if name in ("countries", "actors"):
        return _of_kept_documents(name, filters)
    if name in GLOBAL_FRAMES:
        return _Where(_ALIAS.get(name, "g"))
    raise KeyError(f"no frame called {name!r}")


def _frame(con, sql: str, params: Sequence[object], name: str) -> pd.DataFrame:
    """Run ``sql`` and type its columns as frame ``name``'s."""
    return typed(con.execute(sql, list(params)).df(), dict(table_columns(name)))


def _order(name: str, alias: str, order: str) -> tuple[str, str]:
    """(join, ORDER BY) of a frame's rows in ``order``."""
    if order not in ORDERS:
        raise ValueError(f"order must be one of {', '.join(ORDERS)}, not {order!r}")
    if name == "documents":
        return "", f"{alias}.date DESC, {alias}.path" if order == "newest" else f"{alias}.path"
    if name == "exchanges":
        return "", (f"{alias}.date DESC, {alias}.exchange_id" if order == "newest" else
                    f"{alias}.first_reported = '', {alias}.first_reported, {alias}.exchange_id")
    if name in GLOBAL_FRAMES:
        return "", ", ".join(f"{alias}.{quote(c)}" for c in frame_columns(name))
    if order == "newest" and "date" in frame_columns(name):
        return "", f"{alias}.date DESC, {alias}.doc_id, {alias}.{SEQ}"
    return (f"JOIN documents _d ON _d.doc_id = {alias}.doc_id",
            f"_d.path, {alias}.{SEQ}")


def rows(source, name: str, filters: Filters = NO_FILTERS, *, limit: int | None = None,
         order: str = "newest", search: str = "", speakers: Sequence[str] = (),
         kinds: Sequence[str] = ()) -> pd.DataFrame:
    """The rows of frame ``name`` that ``filters`` keep (at most ``limit``; None: all), in the
    frame's columns, in ``order``; for statements also the page's ``search``, ``speakers`` and
    ``kinds``. An empty frame, with its columns, when none match.

    >>> rows(src, "statements", Filters(countries=("QAT",)), search='"easing of tensions"')  # doctest: +SKIP
    """
    page = {"search": search, "speakers": speakers, "kinds": kinds} if name == "statements" \
        else {}
    where = _where(name, filters, **page)
    join, order_by = _order(name, where.alias, order)
    clause, params = where.clause(name, extra_join=join)
    sql = f"SELECT {select_list(name, where.alias)} {clause} ORDER BY {order_by}"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    with _open(source) as con:
        return _frame(con, sql, params, name)


def count(source, name: str, filters: Filters = NO_FILTERS, *, search: str = "",
          speakers: Sequence[str] = (), kinds: Sequence[str] = ()) -> int:
    """How many rows of frame ``name`` ``rows`` would give with no limit."""
    page = {"search": search, "speakers": speakers, "kinds": kinds} if name == "statements" \
        else {}
    clause, params = _where(name, filters, **page).clause(name)
    with _open(source) as con:
        return int(con.execute(f"SELECT count(*) {clause}", params).fetchall()[0][0])


# -- aggregates -----------------------------------------------------------------------------

def count_rows(source, filters: Filters = NO_FILTERS) -> dict[str, int]:
    """How many rows of every frame match ``filters``, and ``"distinct countries"``: how many
    countries the kept documents mention (of the chosen ones, with a country filter). One
    query: the kept documents are found once."""
    documents = _documents_where(filters)
    kept_sql, params = documents.clause("documents")
    names, counts = [], []
    for name in COLUMNS:
        if name == "documents":
            names.append(name)
            counts.append("(SELECT count(*) FROM kept)")
            continue
        where = (_of_kept_documents(name, filters, kept="kept") if name in ("countries", "actors")
                 else _where(name, filters))
        clause, clause_params = where.clause(name)
        names.append(name)
        counts.append(f"(SELECT count(*) {clause})")
        params += clause_params
        if name == "exchanges":
            names.append("reports")  # the contacts that tell the kept exchanges
            counts.append(f"(SELECT count(*) FROM contacts _r WHERE _r.exchange_id IN "
                          f"(SELECT x.exchange_id {clause}))")
            params += clause_params
        if name == "countries":
            names.append("distinct countries")
            counts.append(f"(SELECT count(DISTINCT {where.alias}.iso3) {clause})")
            params += clause_params
    sql = f"WITH kept AS MATERIALIZED (SELECT d.doc_id {kept_sql}) SELECT {', '.join(counts)}"
    with _open(source) as con:
        row = con.execute(sql, params).fetchall()[0]
    return dict(zip(names, map(int, row)))


def _dated(names: Sequence[str], filters: Filters, select: str,
           tail: str = "") -> tuple[str, list[object]]:
    """``SELECT {select} FROM name ... {tail}`` over the dated rows ``filters`` keep of each
    frame of ``names``, joined by UNION ALL; ``select`` may use ``{a}`` (the table's alias) and
    ``{name}``."""
    parts, params = [], []
    for name in names:
        where = _where(name, filters)
        where.add(f"{where.alias}.date <> ''")
        clause, clause_params = where.clause(name)
        parts.append(f"SELECT {select.format(a=where.alias, name=name)} {clause} {tail}")
        params += clause_params
    return " UNION ALL ".join(parts), params


def date_bounds(source, filters: Filters = NO_FILTERS) -> tuple[date | None, date | None]:
    """Earliest and latest known date over the documents, contacts, statements and events
    ``filters`` keep; (None, None) when there is none."""
    union, params = _dated(("documents", "contacts", "events", "statements"), filters,
                           "min({a}.date) AS lo, max({a}.date) AS hi")
    with _open(source) as con:
        lo, hi = con.execute(f"SELECT min(lo), max(hi) FROM ({union})", params).fetchall()[0]
    as_date = lambda v: date.fromisoformat(v[:10]) if v else None  # noqa: E731
    return as_date(lo), as_date(hi)


def per_day(source, filters: Filters = NO_FILTERS) -> pd.DataFrame:
    """Dated exchanges and events per day that ``filters`` keep: (frame, day, rows), by day;
    unknown dates left out (an exchange counts once, however many reports tell it)."""
    union, params = _dated(("exchanges", "events"), filters,
                           "'{name}' AS frame, left({a}.date, 10) AS day, count(*)::BIGINT AS "
                           "rows", "GROUP BY 2")
    with _open(source) as con:
        return con.execute(f"SELECT * FROM ({union}) ORDER BY day, frame", params).df()


def country_totals(source, filters: Filters = NO_FILTERS) -> pd.DataFrame:
    """Per country involved after ``filters``: iso3, name ('' when only contacts or events name
    it), documents mentioning it, mentions, contacts and events involving it (a country counted
    once per row); most-mentioned first. A country filter narrows the mentions to the chosen
    countries; the countries they were in contact with or acted with count as involved.

    Documents are counted as country rows: the contract has one ``countries`` row per country
    mentioned in a document. Contacts and events are grouped by their country lists before the
    lists are split: a few thousand distinct lists instead of a million rows.
    """
    mentions, m_params = _of_kept_documents("countries", filters).clause("countries")
    contacts, c_params = _contacts_where(filters).clause("contacts")
    events, e_params = _events_where(filters).clause("events")
    split = f"unnest(list_distinct(string_split(xs, '{LIST_SEP}')))"
    sql = f"""
        WITH k AS (SELECT k.iso3, any_value(k.name) AS name, count(*) AS documents,
                          sum(k.mentions) AS mentions {mentions} GROUP BY k.iso3),
             cc AS (SELECT {split} AS iso3, sum(n) AS n FROM (
                        SELECT c.countries AS xs, count(*) AS n {contacts} GROUP BY 1) GROUP BY 1),
             ee AS (SELECT {split} AS iso3, sum(n) AS n FROM (
                        SELECT e.actors || '{LIST_SEP}' || e.targets AS xs, count(*) AS n
                        {events} GROUP BY 1) GROUP BY 1)
        SELECT iso3, coalesce(k.name, '') AS name, coalesce(k.documents, 0)::BIGINT AS documents,
               coalesce(k.mentions, 0)::BIGINT AS mentions,
               coalesce(cc.n, 0)::BIGINT AS contacts, coalesce(ee.n, 0)::BIGINT AS events
        FROM k FULL JOIN cc USING (iso3) FULL JOIN ee USING (iso3)
        WHERE iso3 <> ''
        ORDER BY mentions DESC, iso3"""
    with _open(source) as con:
        return con.execute(sql, [*m_params, *c_params, *e_params]).df()


def options(source) -> dict[str, list[str]]:
    """The values the filter widgets offer, over everything stored: ``countries`` (every ISO3
    code of the countries, contacts and events), ``actors`` (actors, contact participants,
    statement speakers), ``speakers`` and ``channels``; each sorted, without ''."""
    sep = LIST_SEP
    queries = {
        "countries": f"SELECT iso3 FROM countries UNION SELECT unnest(string_split(countries, "
                     f"'{sep}')) FROM contacts UNION SELECT x FROM (SELECT unnest(string_split("
                     f"actors || '{sep}' || targets, '{sep}')) AS x FROM events) "
                     f"WHERE regexp_full_match(x, '[A-Z]{{3}}')",
        "actors": f"SELECT name FROM actors UNION SELECT speaker FROM statements UNION "
                  f"SELECT unnest(string_split(participants, '{sep}')) FROM contacts",
        "speakers": "SELECT DISTINCT speaker FROM statements",
        "channels": "SELECT DISTINCT channel FROM contacts",
    }
    out = {}
    with _open(source) as con:
        for key, sql in queries.items():
            out[key] = sorted({str(v).strip() for (v,) in con.execute(sql).fetchall()
                               if v is not None} - {""})
    return out


# -- one document ---------------------------------------------------------------------------

def document(source, doc_id: str) -> dict | None:
    """One document's row, with its text; None when there is no such document."""
    with _open(source) as con:
        frame = _frame(con, f"SELECT {select_list('documents', 'd')} FROM documents d "
                            f"WHERE d.doc_id = ?", [str(doc_id)], "documents")
    return frame.iloc[0].to_dict() if len(frame) else None


def document_rows(source, doc_id: str) -> dict[str, pd.DataFrame]:
    """Every row read out of one document, per frame (every per-document frame but
    ``documents``), unfiltered, in document order."""
    out = {}
    with _open(source) as con:
        for name in DOCUMENT_FRAMES:
            if name == "documents":
                continue
            out[name] = _frame(con, f"SELECT {select_list(name, 'x')} FROM {quote(name)} x "
                                    f"WHERE x.doc_id = ? ORDER BY x.{SEQ}", [str(doc_id)], name)
    return out


def doc_ids(source) -> frozenset[str]:
    """Every document id held (to refuse an upload already there)."""
    with _open(source) as con:
        return frozenset(d for (d,) in con.execute("SELECT doc_id FROM documents").fetchall())


# -- the timeline's selection ---------------------------------------------------------------

def statements_about(source, filters: Filters, *, contact_ids: Iterable[str] = (),
                     event_ids: Iterable[str] = ()) -> pd.DataFrame:
    """The statements ``filters`` keep that are about the contacts and events picked on the
    timeline (among those ``filters`` keep): those that read one of them out (see
    ``analysis.store.links``) and those said by a participant of a picked contact in its
    document; newest first. Nothing picked gives no rows."""
    contacts, events = _contacts_where(filters), _events_where(filters)
    # a picked contact stands for its exchange: every report of it is picked
    contacts.add(f"c.exchange_id IN (SELECT _p.exchange_id FROM contacts _p WHERE "
                 f"{_in('_p.contact_id')})", _values(contact_ids))
    events.add(_in("e.event_id"), _values(event_ids))
    c_sql, c_params = contacts.clause("contacts")
    e_sql, e_params = events.clause("events")
    picked = readouts_sql(
        f"SELECT c.doc_id, c.para, c.countries, c.participants {c_sql}",
        f"SELECT e.doc_id, e.para, e.actors || '{LIST_SEP}' || e.targets AS countries {e_sql}")
    where = _statements_where(filters)
    where.add(f"EXISTS (SELECT 1 FROM ({picked}) k WHERE k.doc_id = s.doc_id AND k.p = s.para "
              f"AND {SAID_BY_A_PARTY}) OR EXISTS (SELECT 1 {c_sql} AND c.doc_id = s.doc_id "
              f"AND list_contains(string_split(c.participants, '{LIST_SEP}'), s.speaker))",
              *c_params, *e_params, *c_params)
    clause, params = where.clause("statements")
    _, order_by = _order("statements", "s", "newest")
    with _open(source) as con:
        return _frame(con, f"SELECT {select_list('statements', 's')} {clause} ORDER BY "
                           f"{order_by}", params, "statements")


__all__ = ["Filters", "NO_FILTERS", "ORDERS", "count", "count_rows", "country_totals",
           "date_bounds", "doc_ids", "document", "document_rows", "exchange_documents",
           "exchange_marks", "network_edges", "options", "per_day", "rows", "search_terms",
           "statements_about"]


# -- exchanges and who talks to whom ---------------------------------------------------------

def exchange_documents(source, exchange_ids: Sequence[str]) -> pd.DataFrame:
    """The documents that report each of ``exchange_ids``: exchange_id, doc_id, path, date,
    title, by exchange, then document date and path."""
    sql = (f"SELECT DISTINCT c.exchange_id, d.doc_id, d.path, d.date, d.title FROM contacts c "
           f"JOIN documents d USING (doc_id) WHERE {_in('c.exchange_id')} "
           f"ORDER BY c.exchange_id, d.date, d.path")
    with _open(source) as con:
        return typed(con.execute(sql, [_values(exchange_ids)]).df())


def exchange_marks(source, filters: Filters = NO_FILTERS, *,
                   limit: int | None = None) -> pd.DataFrame:
    """One contacts row per matching exchange, for the map and the timeline to draw one mark
    per exchange: the exchange's date, channel, participants, countries and evidence, with the
    contact id, document and paragraph of its first report (by document date, then path);
    newest first, at most ``limit``."""
    clause, params = _exchanges_where(filters).clause("exchanges")
    limited = ""
    if limit is not None:  # the newest exchanges first, then only their reports are read
        limited = " LIMIT ?"
        params.append(int(limit))
    sql = f"""
        WITH kept AS (SELECT x.* {clause} ORDER BY x.date DESC, x.exchange_id{limited}),
        first AS (SELECT c.*, row_number() OVER (PARTITION BY c.exchange_id
                                                 ORDER BY _d.date, _d.path, c.{SEQ}) AS _n
                  FROM contacts c JOIN documents _d ON _d.doc_id = c.doc_id
                  WHERE c.exchange_id IN (SELECT exchange_id FROM kept))
        SELECT c.contact_id, c.doc_id, k.date,
               CASE WHEN c.date = k.date THEN c.date_text ELSE '' END AS date_text, k.channel,
               k.participants, k.countries, k.evidence, c.para, k.exchange_id,
               k.participant_ids
        FROM kept k JOIN first c ON c.exchange_id = k.exchange_id AND c._n = 1
        ORDER BY k.date DESC, k.exchange_id"""
    with _open(source) as con:
        return _frame(con, sql, params, "contacts")


#: How many dates an edge lists (the latest); its count says how many there are.
EDGE_DATES = 12


def network_edges(source, filters: Filters = NO_FILTERS, *, by: str = "actors") -> pd.DataFrame:
    """Who talks to whom over the exchanges ``filters`` keep: one row per pair of actors
    (``by="actors"``: keyed by actor id) or of countries (``by="countries"``), with
    ``exchanges`` (how many), ``reports`` (the documents telling them, summed), ``first`` and
    ``last`` dates, ``channels`` and the latest ``EDGE_DATES`` ``dates`` ("; "-joined), each
    side's ``source``/``target`` key, label and country; the most exchanges first."""
    if by not in ("actors", "countries"):
        raise ValueError(f"by must be 'actors' or 'countries', not {by!r}")
    clause, params = _exchanges_where(filters).clause("exchanges")
    if by == "actors":
        key, label, country = "coalesce(nullif(pid, ''), name)", "name", "country"
    else:
        key, label, country = "country", "country", "country"
    sep = LIST_SEP
    # exchanges of the same people first (a few thousand groups at 100,000 documents), then
    # each group's pairs: an exchange counts once per pair, however many of one country it has
    sql = f"""
        WITH g AS (SELECT row_number() OVER () AS gid, * FROM (
                   SELECT x.participants, x.participant_ids, x.countries,
                          count(*) AS n, sum(x.documents)::BIGINT AS docs,
                          min(nullif(x.date, '')) AS first, max(nullif(x.date, '')) AS last,
                          list(DISTINCT x.channel) AS chans,
                          list(DISTINCT x.date) FILTER (WHERE x.date <> '') AS ds
                   {clause} GROUP BY x.participants, x.participant_ids, x.countries)),
        m AS (SELECT DISTINCT gid, {key} AS k, {label} AS label, {country} AS country
              FROM (SELECT gid, unnest(string_split(participants, '{sep}')) AS name,
                           unnest(string_split(participant_ids, '{sep}')) AS pid,
                           unnest(string_split(countries, '{sep}')) AS country FROM g)
              WHERE {key} <> ''),
        pairs AS (SELECT a.gid, a.k AS source, min(a.label) AS source_label,
                         min(a.country) AS source_country, b.k AS target,
                         min(b.label) AS target_label, min(b.country) AS target_country
                  FROM m a JOIN m b ON a.gid = b.gid AND a.k < b.k
                  GROUP BY a.gid, a.k, b.k)
        SELECT p.source, min(p.source_label) AS source_label,
               min(p.source_country) AS source_country, p.target,
               min(p.target_label) AS target_label, min(p.target_country) AS target_country,
               sum(g.n)::BIGINT AS exchanges, sum(g.docs)::BIGINT AS reports,
               min(g.first) AS first, max(g.last) AS last,
               array_to_string(list_sort(list_distinct(flatten(list(g.chans)))), '{sep}')
                   AS channels,
               array_to_string(list_reverse(list_sort(list_distinct(flatten(list(
                   coalesce(g.ds, []))))))[1:{EDGE_DATES}], '{sep}') AS dates
        FROM pairs p JOIN g USING (gid) GROUP BY p.source, p.target
        ORDER BY exchanges DESC, p.source, p.target"""
    with _open(source) as con:
        return typed(con.execute(sql, params).df())
