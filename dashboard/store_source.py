"""Turns a data folder written by ``python -m analysis ingest`` into what the pages read, in
place of extracting a corpus folder: ``StoreView``, the ``dashboard.views.View`` of a store.

Nothing here holds a whole frame: for each set of filters the pages get the newest
``ROW_CAP`` rows of each frame, the totals, the per-country and per-day aggregates and the date
bounds, each from DuckDB SQL (``analysis.query``, parameterised) and cached per store version
and filters; a document's text and rows are fetched when a page shows that document, and a
download reads every matching row when it is clicked. This session's uploads (small, in
memory) join every answer through a ``FrameView``.

Every cache is keyed by the store's version (its ``generation`` and the database file's size
and mtime), so that a re-ingest is picked up on the next rerun.

Differences from the folder path, by design: a statement kept for a country filter is linked to
a kept contact or event of its document at document level (``analysis.query``), where the
folder path links by paragraph; the statements listed for contacts picked on the timeline are
those of the picked rows' documents kept by the date and actor filters. The rows pages show
carry no ``paragraph`` column (the folder path's has one): the statements page finds the chosen
statement's paragraph in its document, and the timeline's selection computes it for the rows
it links.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import streamlit as st

from analysis import query as q
from analysis.geo import country_points
from analysis.store import Store
from dashboard.filters import (FRAME_KEYS, Filters, add_paragraphs, apply_filters,
                               in_date_range, statements_for_selection)
from dashboard import views
from dashboard.views import FrameView, View, newest_first

_PARTS = ("countries", "actors", "contacts", "statements", "events")
_INVOLVEMENT = ["iso3", "name", "mentions", "documents", "contacts", "actions", "score"]


def store_version(folder: str) -> str:
    """The store's cache key: its generation, size and mtime ("" when no store is there)."""
    store = Store(folder)
    try:
        stat = store.path.stat()
    except OSError:
        return ""
    return f"{_generation(folder, stat.st_size, stat.st_mtime_ns)}:{stat.st_size}:{stat.st_mtime_ns}"


@st.cache_data(show_spinner=False, max_entries=8)
def _generation(folder: str, _size: int, _mtime: int) -> str:
    return Store(folder).meta().get("generation", "")


# --- rows ------------------------------------------------------------------------------------
# The caches below are st.cache_resource, not cache_data: every session asking the same gets the
# same frames, with no copy (cache_data unpickled a copy per call: 8% of the server's time with
# twenty sessions at 100,000 documents). Nothing downstream changes them in place.

def _with_paragraphs(con, name: str, frame: pd.DataFrame,
                     uploaded: pd.DataFrame | None = None) -> pd.DataFrame:
    """``frame`` (a few rows of ``name``) with the folder path's ``paragraph`` column, from the
    texts of their documents (fetched here: only the rows a selection needs, never a page's
    every row, which cost 0.8 s per 5,000 rows at 100,000 documents). ``uploaded``: this
    session's documents (doc_id, text), for rows of an upload."""
    ids = sorted(set(frame["doc_id"].astype(str)))
    texts = con.execute("SELECT doc_id, text FROM documents WHERE doc_id IN "
                        "(SELECT unnest(?::VARCHAR[]))", [ids]).df() if ids else \
        pd.DataFrame({"doc_id": [], "text": []})
    if uploaded is not None and len(uploaded):
        texts = pd.concat([texts, uploaded[["doc_id", "text"]]], ignore_index=True)
    return add_paragraphs({"documents": texts, name: frame})[name]


#: Frames narrowed only through their documents, and the column a filter of their own picks.
_BY_DOCUMENT = {"actors": ("a", "name", "actors"), "countries": ("k", "iso3", "countries")}


def _by_document(name: str, filters: Filters) -> tuple[str, list]:
    """FROM and WHERE (with their parameters) for the rows of ``name`` (actors or countries)
    in the documents ``filters`` keep, of the chosen actors or countries when set."""
    alias, column, chosen = _BY_DOCUMENT[name]
    where = q._documents_where(filters)
    sql = f"FROM {name} {alias} JOIN documents d USING (doc_id) WHERE {where.sql()}"
    params = list(where.params)
    if wanted := getattr(filters, chosen):
        sql += f" AND {alias}.{column} IN (SELECT unnest(?::VARCHAR[]))"
        params.append(list(wanted))
    return sql, params


def query_actors(store: Store, filters: Filters, *, limit: int | None = None) -> pd.DataFrame:
    """Actor rows of the documents ``filters`` keep (of the chosen actors, when set), in the
    frame's order (document path, then place in the document)."""
    with store.reader() as con:
        rows, params = _by_document("actors", filters)
        columns = ", ".join(f'a."{c}"' for c in q._columns(con, "actors"))
        sql = f"SELECT {columns} {rows} ORDER BY d.path, a._seq"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return q._typed(con.execute(sql, params).df())


def _rows(store: Store, name: str, filters: Filters, limit: int | None) -> pd.DataFrame:
    """The matching rows of frame ``name``, newest first, at most ``limit``."""
    if name == "contacts":
        return q.query_contacts(store, filters, limit=limit)
    if name == "events":
        return q.query_events(store, filters, limit=limit)
    if name == "statements":
        return q.query_statements(store, filters, limit=limit)
    if name == "documents":
        frame = q.query_documents(store, filters, limit=limit, order="date desc")
        frame["text"] = pd.Series("", index=frame.index, dtype="string")
        return frame
    if name == "countries":
        return q.query_countries(store, filters, limit=limit)
    if name == "actors":
        return query_actors(store, filters, limit=limit)
    if name == "rejected":
        return q.query_rejected(store, limit=limit)
    raise KeyError(name)


@st.cache_resource(show_spinner="Reading the store…", max_entries=32)
def _shown(folder: str, version: str, filters: Filters, cap: int) -> dict[str, pd.DataFrame]:
    """The newest ``cap`` rows of every frame."""
    store = Store(folder)
    return {name: _rows(store, name, filters, cap) for name in FRAME_KEYS}


@st.cache_resource(show_spinner=False, max_entries=32)
def _totals(folder: str, version: str, filters: Filters) -> dict[str, int]:
    store = Store(folder)
    totals = q.count_rows(store, filters)
    totals["distinct countries"] = totals["countries"]
    with store.reader() as con:
        for name in _BY_DOCUMENT:
            rows, params = _by_document(name, filters)
            totals[name] = int(con.execute(f"SELECT count(*) {rows}", params).fetchone()[0])
    return totals


def _all_rows(folder: str, version: str, filters: Filters, name: str) -> pd.DataFrame:
    """Every matching row of ``name`` (not cached: a download reads them once, when clicked)."""
    return _rows(Store(folder), name, filters, None)


# --- aggregates ------------------------------------------------------------------------------

def involvement_table(totals: pd.DataFrame) -> pd.DataFrame:
    """``analysis.query.country_totals`` as the map's table (``dashboard.figures.involvement``'s
    columns): names from the gazetteer, ``score`` = mentions + 2 per contact or action."""
    if totals.empty:
        return pd.DataFrame(columns=_INVOLVEMENT)
    points = country_points()
    table = totals.rename(columns={"events": "actions"}).copy()
    table["iso3"] = table["iso3"].astype(str)
    table["name"] = [points[i].name if i in points else (n or i)
                     for i, n in zip(table["iso3"], table["name"])]
    for column in ("mentions", "documents", "contacts", "actions"):
        table[column] = table[column].fillna(0).astype("int64")
    # an action's actors and targets may name a group, not a country: only countries count
    table.loc[~table["iso3"].isin(set(points)), "actions"] = 0
    table = table[table[["mentions", "documents", "contacts", "actions"]].sum(axis=1) > 0]
    table["score"] = table["mentions"] + 2 * (table["contacts"] + table["actions"])
    return table[_INVOLVEMENT].sort_values(["score", "iso3"], ascending=[False, True],
                                           ignore_index=True)


@st.cache_resource(show_spinner=False, max_entries=32)
def _country_table(folder: str, version: str, filters: Filters) -> pd.DataFrame:
    return involvement_table(q.country_totals(Store(folder), filters))


@st.cache_resource(show_spinner=False, max_entries=32)
def _per_day(folder: str, version: str, filters: Filters) -> dict[str, pd.Series]:
    store = Store(folder)
    contacts = q.contacts_per_day(store, filters)
    contacts = contacts.groupby(contacts["date"].astype(str).str[:10])["contacts"].sum()
    with store.reader() as con:
        where = q._events_where(filters, "e")
        events = con.execute(f"SELECT left(e.date, 10) AS day, count(*)::BIGINT AS n FROM events e "
                             f"WHERE e.date <> '' AND {where.sql()} GROUP BY 1 ORDER BY 1",
                             where.params).df()
    return {"contacts": contacts.astype("int64").rename(None).rename_axis(None),
            "actions": pd.Series(events["n"].to_numpy(dtype="int64"),
                                 index=events["day"].astype(str).to_numpy())}


@st.cache_resource(show_spinner=False, max_entries=32)
def _bounds(folder: str, version: str, filters: Filters):
    return q.date_bounds(Store(folder), filters)


@st.cache_resource(show_spinner="Searching…", max_entries=64)
def _search(folder: str, version: str, filters: Filters, query: str, speakers: tuple[str, ...],
            kinds: tuple[str, ...], cap: int) -> tuple[pd.DataFrame, int]:
    store = Store(folder)
    rows = q.query_statements(store, filters, search=query, speakers=speakers, kinds=kinds,
                              limit=cap)
    with store.reader() as con:
        where = q._statements_where(filters, search=query, speakers=speakers, kinds=kinds)
        total = con.execute(f"SELECT count(*) FROM statements s WHERE {where.sql()}",
                            where.params).fetchone()[0]
    return rows, int(total)


@st.cache_resource(show_spinner=False, max_entries=8)
def _options(folder: str, version: str) -> dict[str, list[str]]:
    with Store(folder).reader() as con:
        def distinct(sql: str) -> list[str]:
            return [r[0] for r in con.execute(sql).fetchall() if r[0]]
        codes = distinct(
            "SELECT iso3 FROM countries UNION SELECT unnest(string_split(countries, '; ')) "
            "FROM contacts UNION SELECT x FROM (SELECT unnest(string_split(actors || '; ' || "
            "targets, '; ')) AS x FROM events) WHERE regexp_full_match(x, '[A-Z]{3}')")
        names = distinct(
            "SELECT name FROM actors UNION SELECT speaker FROM statements UNION "
            "SELECT unnest(string_split(participants, '; ')) FROM contacts")
        speakers = distinct("SELECT DISTINCT speaker FROM statements")
    return {"countries": sorted({c.strip() for c in codes} - {""}),
            "actors": sorted({n.strip() for n in names} - {""}),
            "speakers": sorted(set(speakers) - {""})}


@st.cache_resource(show_spinner=False, max_entries=4)
def _doc_ids(folder: str, version: str) -> frozenset[str]:
    with Store(folder).reader() as con:
        return frozenset(r[0] for r in con.execute("SELECT doc_id FROM documents").fetchall())


# --- one document ----------------------------------------------------------------------------

@st.cache_resource(show_spinner=False, max_entries=64)
def _document(folder: str, version: str, doc_id: str) -> dict | None:
    with Store(folder).reader() as con:
        frame = q._typed(con.execute("SELECT * FROM documents WHERE doc_id = ?", [doc_id]).df())
    return frame.iloc[0].to_dict() if len(frame) else None


@st.cache_resource(show_spinner=False, max_entries=64)
def _parts(folder: str, version: str, doc_id: str) -> dict[str, pd.DataFrame]:
    out = {}
    with Store(folder).reader() as con:
        for name in _PARTS:
            columns = ", ".join(f'x."{c}"' for c in q._columns(con, name))
            out[name] = q._typed(con.execute(
                f"SELECT {columns} FROM {name} x WHERE x.doc_id = ? ORDER BY x._seq",
                [doc_id]).df())
    return out


def _statements_of(folder: str, version: str, doc_ids: Sequence[str]) -> pd.DataFrame:
    """Every statement of the given documents, newest first, with ``paragraph``."""
    with Store(folder).reader() as con:
        columns = ", ".join(f's."{c}"' for c in q._columns(con, "statements"))
        frame = q._typed(con.execute(
            f"SELECT {columns} FROM statements s WHERE s.doc_id IN (SELECT unnest(?::VARCHAR[])) "
            "ORDER BY s.date DESC, s.doc_id, s._seq", [list(doc_ids)]).df())
        return _with_paragraphs(con, "statements", frame)


# --- the view --------------------------------------------------------------------------------

def _concat(base: pd.DataFrame, extra: pd.DataFrame | None) -> pd.DataFrame:
    if extra is None or not len(extra):
        return base
    if not len(base):
        return extra.reset_index(drop=True)
    return pd.concat([base, extra[[c for c in base.columns if c in extra.columns]]],
                     ignore_index=True)


def _add_counts(a: pd.Series, b: pd.Series) -> pd.Series:
    if not len(b):
        return a
    return a.add(b, fill_value=0).astype("int64").sort_index()


class StoreView(View):
    """The ``View`` of a store for one set of filters, plus this session's uploads
    (``uploads``: their unfiltered frames, with ``paragraph``)."""

    def __init__(self, folder: str, version: str, filters: Filters,
                 uploads: Mapping[str, pd.DataFrame] | None = None):
        self.folder, self.version, self.filters = folder, version, filters
        self.uploads = uploads
        self.mine = (FrameView(apply_filters(uploads, filters), uploads, filters)
                     if uploads else None)
        self._shown: dict[str, pd.DataFrame] = {}
        mine = () if not uploads else (tuple(uploads["documents"]["doc_id"])
                                       + tuple(uploads["rejected"]["path"]))
        self.key = ("store", folder, version, mine, filters)

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in FRAME_KEYS:
            raise KeyError(name)
        if name not in self._shown:
            frame = _shown(self.folder, self.version, self.filters, views.ROW_CAP)[name]
            if self.mine is not None:
                frame = newest_first(_concat(frame, self.mine[name]), name).head(views.ROW_CAP)
            self._shown[name] = frame
        return self._shown[name]

    def total(self, name: str) -> int:
        n = _totals(self.folder, self.version, self.filters)[name]
        return n + (self.mine.total(name) if self.mine is not None else 0)

    def country_count(self) -> int:
        if self.mine is None:
            return _totals(self.folder, self.version, self.filters)["distinct countries"]
        stored = set(_country_table(self.folder, self.version, self.filters)["iso3"])
        return len(stored | self.mine.country_codes())

    def all_rows(self, name: str) -> pd.DataFrame:
        rows = _all_rows(self.folder, self.version, self.filters, name)
        if self.mine is not None:
            rows = newest_first(_concat(rows, self.mine.all_rows(name)), name)
        return rows

    def country_table(self) -> pd.DataFrame:
        table = _country_table(self.folder, self.version, self.filters)
        if self.mine is None:
            return table
        mine = self.mine.country_table()
        if mine.empty:
            return table
        both = pd.concat([table, mine], ignore_index=True)
        numbers = ["mentions", "documents", "contacts", "actions"]
        out = both.groupby("iso3", as_index=False).agg(
            {"name": "first", **{c: "sum" for c in numbers}})
        out["score"] = out["mentions"] + 2 * (out["contacts"] + out["actions"])
        return out[_INVOLVEMENT].sort_values(["score", "iso3"], ascending=[False, True],
                                             ignore_index=True)

    def per_day(self) -> dict[str, pd.Series]:
        counts = _per_day(self.folder, self.version, self.filters)
        if self.mine is None:
            return counts
        mine = self.mine.per_day()
        return {label: _add_counts(counts[label], mine[label]) for label in counts}

    def bounds(self):
        lo, hi = _bounds(self.folder, self.version, self.filters)
        if self.mine is not None:
            ulo, uhi = self.mine.bounds()
            lo = min((d for d in (lo, ulo) if d), default=None)
            hi = max((d for d in (hi, uhi) if d), default=None)
        return lo, hi

    def search(self, query: str, speakers=(), kinds=()) -> tuple[pd.DataFrame, int]:
        rows, total = _search(self.folder, self.version, self.filters, query or "",
                              tuple(speakers), tuple(kinds), views.ROW_CAP)
        if self.mine is not None:
            mine, n = self.mine.search(query, speakers, kinds)
            rows, total = newest_first(_concat(rows, mine), "statements").head(views.ROW_CAP), total + n
        return rows, total

    def search_all(self, query: str, speakers=(), kinds=()) -> pd.DataFrame:
        rows = q.query_statements(Store(self.folder), self.filters, search=query or "",
                                  speakers=tuple(speakers), kinds=tuple(kinds))
        if self.mine is not None:
            rows = newest_first(_concat(rows, self.mine.search_all(query, speakers, kinds)),
                                "statements")
        return rows

    def speakers(self) -> list[str]:
        names = set(_options(self.folder, self.version)["speakers"])
        if self.mine is not None:
            names |= set(self.mine.speakers())
        return sorted(names - {""})

    def _is_upload(self, doc_id: str) -> bool:
        return self.mine is not None and doc_id in self.mine.doc_ids()

    def document(self, doc_id: str) -> dict | None:
        if self._is_upload(doc_id):
            return self.mine.document(doc_id)
        return _document(self.folder, self.version, str(doc_id))

    def parts(self, doc_id: str) -> dict[str, pd.DataFrame]:
        if self._is_upload(doc_id):
            return self.mine.parts(doc_id)
        return _parts(self.folder, self.version, str(doc_id))

    def statements_about(self, contact_ids, event_ids) -> pd.DataFrame:
        contacts, events = self["contacts"], self["events"]
        picked = set(contact_ids) | set(event_ids)
        docs = set(contacts.loc[contacts["contact_id"].isin(picked), "doc_id"]) | set(
            events.loc[events["event_id"].isin(picked), "doc_id"])
        stored = [d for d in docs if not self._is_upload(d)]
        statements = _statements_of(self.folder, self.version, sorted(stored))
        mine = self.uploads["documents"] if self.uploads else None
        with Store(self.folder).reader() as con:
            contacts = _with_paragraphs(con, "contacts", contacts[contacts["doc_id"].isin(docs)],
                                        mine)
            events = _with_paragraphs(con, "events", events[events["doc_id"].isin(docs)], mine)
        if self.mine is not None:
            statements = _concat(statements, self.mine.frames["statements"])
        keep = in_date_range(statements["date"], self.filters.start, self.filters.end)
        if self.filters.actors:
            keep &= statements["speaker"].isin(self.filters.actors)
        found = statements_for_selection(statements[keep], contacts, events,
                                         contact_ids=contact_ids, event_ids=event_ids)
        return newest_first(found, "statements")

    def doc_ids(self) -> set[str]:
        ids = set(_doc_ids(self.folder, self.version))
        return ids | (self.mine.doc_ids() if self.mine is not None else set())

    def options(self, kind: str) -> list[str]:
        values = set(_options(self.folder, self.version)[kind])
        if self.mine is not None:
            values |= set(self.mine.options(kind))
        values.discard("")
        return sorted(values)


__all__ = ["StoreView", "involvement_table", "query_actors", "store_version"]
