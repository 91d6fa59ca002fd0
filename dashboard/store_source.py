"""Turns a data folder written by ``python -m analysis ingest`` into what the pages read, in
place of extracting a corpus folder: the unfiltered frames once per process (without the
document texts), filtered frames from DuckDB SQL (``analysis.query``, parameterised) per filter
set, and document texts fetched one at a time for the documents a page shows.

``StoreFrames`` is the mapping ``dashboard.data.frames()`` returns when a store is configured;
``dashboard.filters.apply_filters`` hands it the filters (``StoreFrames.filtered``), and the
sidebar asks it for its options and date bounds, so that the pages' code is the same for a
folder and a store. Every cache is keyed by the store's version (its ``generation`` and the
database file's size and mtime), so that a re-ingest is picked up on the next rerun.

Differences from the folder path, by design: a statement kept for a country filter is linked to
a kept contact or event of its document at document level (``analysis.query``), where the
folder path links by paragraph; the ``paragraph`` column is computed in SQL (the evidence's
place in the raw text), falling back to the folder path's normalised search when the raw text
does not hold the evidence verbatim.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

import pandas as pd
import streamlit as st

from analysis import query as q
from analysis.store import Store
from dashboard.filters import (FRAME_KEYS, Filters, _norm, apply_filters, paragraph_index,
                               paragraphs, split_list)

_IDS = {"contacts": "contact_id", "events": "event_id", "statements": "statement_id"}
_DOC_COLUMNS = ["doc_id", "path", "date", "title", "words", "encoding"]


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


# --- whole frames, once per process and store version ---------------------------------------
# st.cache_resource, not cache_data: at 100,000 documents the frames are hundreds of MB, and
# cache_data would unpickle a copy on every rerun. Nothing downstream changes them in place
# (filters and pages build new frames).

def _arrow_frame(con, sql: str, params: list | None = None) -> pd.DataFrame:
    """A query's rows as pandas with Arrow-backed strings (a third of the memory of Python
    strings at 100,000 documents) and int64 counts."""
    import pyarrow as pa

    table = con.sql(sql, params=params or None).to_arrow_table()
    frame = table.to_pandas(types_mapper={pa.string(): pd.StringDtype("pyarrow"),
                                          pa.large_string(): pd.StringDtype("pyarrow")}.get)
    for column in frame.columns:
        if pd.api.types.is_integer_dtype(frame[column]):
            frame[column] = frame[column].astype("int64")
        elif pd.api.types.is_string_dtype(frame[column]):
            frame[column] = frame[column].fillna("")
    return frame


@st.cache_resource(show_spinner="Reading the store…", max_entries=16)
def _whole(folder: str, version: str, name: str) -> pd.DataFrame:
    with Store(folder).reader() as con:
        if name == "documents":
            frame = _arrow_frame(con, f"SELECT {', '.join(_DOC_COLUMNS)}, '' AS text "
                                      "FROM documents ORDER BY path")
            return frame
        columns = [c for c in q._columns(con, name)]
        select = ", ".join(f'x."{c}"' for c in columns)
        if name == "rejected":
            return _arrow_frame(con, f"SELECT {select} FROM rejected x ORDER BY x.path")
        if name not in _IDS:
            return _arrow_frame(con, f"SELECT {select} FROM {name} x JOIN documents d "
                                     "USING (doc_id) ORDER BY d.path, x._seq")
        alt = "x.text" if name == "statements" else "''"
        frame = _arrow_frame(con, f"""
            SELECT {select}, CASE WHEN p > 0 THEN len(regexp_extract_all(left(body, p - 1),
                                                      '\\n\\s*\\n')) ELSE -1 END AS paragraph
            FROM (SELECT x.*, d.path AS _path, d.text AS body,
                         CASE WHEN x.evidence <> '' AND strpos(d.text, x.evidence) > 0
                                   THEN strpos(d.text, x.evidence)
                              WHEN x.evidence = '' AND {alt} <> '' AND strpos(d.text, {alt}) > 0
                                   THEN strpos(d.text, {alt})
                              ELSE 0 END AS p
                  FROM {name} x JOIN documents d USING (doc_id)) x
            ORDER BY x._path, x._seq""")
        frame["paragraph"] = frame["paragraph"].astype("int64")
        missed = frame.index[(frame["paragraph"] < 0) & ((frame["evidence"] != "") | (
            frame["text"] != "" if name == "statements" else False))]
        # not verbatim in the raw text: the folder path's normalised search, per document
        for doc_id, rows in frame.loc[missed].groupby("doc_id").groups.items():
            text = con.execute("SELECT text FROM documents WHERE doc_id = ?", [doc_id]).fetchone()[0]
            paras = paragraphs(text)
            normed = [_norm(p) for p in paras]
            for idx in rows:
                found = paragraph_index(paras, frame.at[idx, "evidence"] or "", normed=normed)
                if found < 0 and name == "statements":
                    found = paragraph_index(paras, frame.at[idx, "text"] or "", normed=normed)
                frame.at[idx, "paragraph"] = found
    return frame


@st.cache_resource(show_spinner=False, max_entries=16)
def _paragraphs(folder: str, version: str, name: str) -> pd.Series:
    """Row id -> index of the paragraph its evidence (statements: or text) stands in."""
    whole = _whole(folder, version, name)
    return pd.Series(whole["paragraph"].to_numpy(), index=whole[_IDS[name]].astype(str))


@st.cache_data(show_spinner=False, max_entries=256)
def document_text(folder: str, version: str, doc_id: str) -> str:
    """One document's text ("" when the store has no such document)."""
    with Store(folder).reader() as con:
        row = con.execute("SELECT text FROM documents WHERE doc_id = ?", [doc_id]).fetchone()
    return row[0] if row else ""


@st.cache_data(show_spinner=False, max_entries=64)
def _statement_doc(folder: str, version: str, statement_id: str) -> str:
    with Store(folder).reader() as con:
        row = con.execute("SELECT doc_id FROM statements WHERE statement_id = ?",
                          [statement_id]).fetchone()
    return row[0] if row else ""


# --- filtered frames: the filters run in DuckDB ----------------------------------------------

def query_actors(store: Store, filters: Filters) -> pd.DataFrame:
    """Actor rows of the documents ``filters`` keep (of the chosen actors, when set)."""
    with store.reader() as con:
        where = q._documents_where(filters)
        params = list(where.params)
        extra = ""
        if filters.actors:
            extra = " AND a.name IN (SELECT unnest(?::VARCHAR[]))"
            params.append(list(filters.actors))
        columns = ", ".join(f'a."{c}"' for c in q._columns(con, "actors"))
        return q._typed(con.execute(
            f"SELECT {columns} FROM actors a JOIN documents d USING (doc_id) "
            f"WHERE {where.sql()}{extra} ORDER BY d.path, a._seq", params).df())


@st.cache_data(show_spinner="Filtering…", max_entries=32)
def _filtered(folder: str, version: str, filters: Filters) -> dict[str, pd.DataFrame]:
    store = Store(folder)
    out = {
        "contacts": q.query_contacts(store, filters, order="frame"),
        "events": q.query_events(store, filters, order="frame"),
        "statements": q.query_statements(store, filters, order="frame"),
        "documents": q.query_documents(store, filters, order="path"),
        "countries": q.query_countries(store, filters),
        "actors": query_actors(store, filters),
    }
    for name, ident in _IDS.items():
        out[name]["paragraph"] = out[name][ident].map(_paragraphs(folder, version, name)) \
            .fillna(-1).astype("int64")
    out["documents"]["text"] = pd.Series("", index=out["documents"].index, dtype="string")
    return out


# --- options for the sidebar -----------------------------------------------------------------

@st.cache_data(show_spinner=False, max_entries=8)
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
    return {"countries": sorted({c.strip() for c in codes} - {""}),
            "actors": sorted({n.strip() for n in names} - {""})}


@st.cache_data(show_spinner=False, max_entries=8)
def _bounds(folder: str, version: str):
    return q.date_bounds(Store(folder))


def _merge(base: pd.DataFrame, extra: pd.DataFrame | None) -> pd.DataFrame:
    if extra is None or not len(extra):
        return base
    return pd.concat([base, extra[[c for c in base.columns if c in extra.columns]]],
                     ignore_index=True)


class StoreFrames(Mapping):
    """The frames of a store plus this session's uploads, read lazily: a frame is read from the
    store the first time a page asks for it (then kept for the process). Only the documents
    in ``focus`` (the one the documents page shows, the one of the chosen statement) carry
    their ``text``; the others have "" there."""

    def __init__(self, folder: str, version: str, *, uploads: dict[str, pd.DataFrame] | None = None,
                 focus: Callable[["StoreFrames", pd.DataFrame], set[str]] | None = None):
        self.folder, self.version = folder, version
        self.uploads = uploads or {}
        self.focus = focus
        self._frames: dict[str, pd.DataFrame] = {}

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in FRAME_KEYS:
            raise KeyError(name)
        if name not in self._frames:
            frame = _merge(_whole(self.folder, self.version, name), self.uploads.get(name))
            if name == "documents":
                frame = self.with_texts(frame)
            self._frames[name] = frame
        return self._frames[name]

    def __iter__(self) -> Iterator[str]:
        return iter(FRAME_KEYS)

    def __len__(self) -> int:
        return len(FRAME_KEYS)

    def statement_doc(self, statement_id: str) -> str:
        """The document of a stored statement ("" when none)."""
        return _statement_doc(self.folder, self.version, statement_id)

    def with_texts(self, documents: pd.DataFrame) -> pd.DataFrame:
        """``documents`` with the text filled in for the focus documents (fetched one by one)."""
        wanted = self.focus(self, documents) if self.focus else set()
        if not wanted:
            return documents
        documents = documents.copy()
        rows = documents.index[documents["doc_id"].isin(wanted) & (documents["text"] == "")]
        for idx in rows:
            documents.at[idx, "text"] = document_text(self.folder, self.version,
                                                      documents.at[idx, "doc_id"])
        return documents

    def filtered(self, filters: Filters) -> Mapping[str, pd.DataFrame]:
        """The frames narrowed by ``filters``: the stored rows through DuckDB, the uploads
        through ``apply_filters``; with no active filter, the frames themselves."""
        if not filters.active:
            return self
        out = dict(_filtered(self.folder, self.version, filters))
        if self.uploads:
            mine = apply_filters(self.uploads, filters)
            out = {name: _merge(frame, mine.get(name)) for name, frame in out.items()}
        out["rejected"] = self["rejected"]
        out["documents"] = self.with_texts(out["documents"])
        return out

    def options(self, kind: str) -> list[str]:
        """Sidebar options: "countries" (ISO3) or "actors", from the store and the uploads."""
        values = set(_options(self.folder, self.version)[kind])
        if self.uploads and kind == "countries":
            values |= set(self.uploads["countries"]["iso3"])
            for cell in self.uploads["contacts"]["countries"]:
                values.update(split_list(cell))
        elif self.uploads:
            values |= set(self.uploads["actors"]["name"]) | set(self.uploads["statements"]["speaker"])
            for cell in self.uploads["contacts"]["participants"]:
                values.update(split_list(cell))
        values.discard("")
        return sorted(values)

    def bounds(self):
        """The earliest and latest known date in the store and the uploads."""
        from dashboard.filters import date_bounds

        lo, hi = _bounds(self.folder, self.version)
        if self.uploads:
            ulo, uhi = date_bounds(self.uploads)
            lo = min((d for d in (lo, ulo) if d), default=None)
            hi = max((d for d in (hi, uhi) if d), default=None)
        return lo, hi


__all__ = ["StoreFrames", "document_text", "query_actors", "store_version"]
