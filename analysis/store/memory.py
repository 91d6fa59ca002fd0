"""Turns frames held in memory into sources the query layer reads as it reads a store: a corpus
read straight from a folder, or a session's uploads joined to a store or to such a corpus.

- ``MemoryStore(frames)``: ``build_frames`` output written into an in-memory DuckDB database
  by the store's own write path (``database.write_frames``): the same tables, ``_seq`` and
  derived links, so every query answers as it would on a store ingested from the same folder.
- ``WithUploads(base, uploads)``: ``base`` (a ``Store`` or a ``MemoryStore``) with the rows of
  ``uploads`` (a ``MemoryStore`` of one session's documents) added: each connection it gives
  has temporary views under the tables' names, ``base``'s rows ``UNION ALL`` the uploads'.
  The country links are per document, so the uploads' own are right in the union. The links
  across documents are redone for the keys the uploads touch (``relink``): a call that a
  stored readout and an uploaded one both tell is one exchange, the stored contacts and
  statements under those keys are read with their new exchange and group ids, and the
  exchanges of those blocks are the relinked ones. Nothing is written into ``base``: another
  session never sees them.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import duckdb
import pandas as pd

from analysis.store.database import write_frames
from analysis.store.relink import link_contact_rows, link_statement_rows
from analysis.store.schema import DATA_TABLES, SEQ, column_names, quote


class MemoryStore:
    """Frames (``build_frames`` output) in an in-memory DuckDB database with the store's
    schema. Thread-safe: each reader gets its own cursor."""

    def __init__(self, frames: Mapping[str, pd.DataFrame]):
        self._con = duckdb.connect(":memory:")
        self._lock = threading.Lock()
        write_frames(self._con, frames)

    @contextmanager
    def reader(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection to the database for the ``with`` block (a cursor of its own)."""
        with self._lock:
            cursor = self._con.cursor()
        try:
            yield cursor
        finally:
            cursor.close()

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table the query layer reads (frames and derived tables), with the store's own
        columns, by name; only tables that hold rows."""
        out = {}
        with self.reader() as con:
            for name in DATA_TABLES:
                columns = ", ".join(quote(c) for c in column_names(name))
                frame = con.execute(f"SELECT {columns} FROM {quote(name)}").df()
                if len(frame):
                    out[name] = frame
        return out


class WithUploads:
    """A source and a session's uploads read as one (see the module docstring)."""

    def __init__(self, base, uploads: MemoryStore):
        self.base = base
        self._tables = uploads.tables()
        #: per table, the stored rows' new link values by (doc_id, _seq)
        self._overrides: dict[str, pd.DataFrame] = {}
        #: per table, (key column, keys) of the stored rows that the uploads' replace
        self._replaced: dict[str, tuple[str, list[str]]] = {}
        self._relink_contacts()
        self._relink_statements()

    def _stored(self, sql: str, keys: list[str]) -> pd.DataFrame:
        with self.base.reader() as con:
            con.register("_upload_keys", pd.DataFrame({"key": pd.Series(keys, dtype="string")}))
            try:
                return con.execute(sql).df()
            finally:
                con.unregister("_upload_keys")

    def _combined(self, name: str, key: str, columns: str) -> tuple[pd.DataFrame, list[str]]:
        """The stored and uploaded rows of table ``name`` under the uploads' keys, in document
        path order, with ``_doc_date``, ``_path`` and ``_upload`` (True for an upload's)."""
        uploaded = self._tables[name]
        keys = sorted(set(uploaded[key].dropna()))
        stored = self._stored(
            f"SELECT {columns}, d.date AS _doc_date, d.path AS _path FROM {quote(name)} t "
            f"JOIN documents d USING (doc_id) WHERE t.{quote(key)} IN (SELECT key FROM "
            f"_upload_keys)", keys)
        documents = self._tables["documents"][["doc_id", "date", "path"]].rename(
            columns={"date": "_doc_date", "path": "_path"})
        mine = uploaded.merge(documents, on="doc_id", how="left")
        stored["_upload"], mine["_upload"] = False, True
        rows = pd.concat([stored, mine[stored.columns]], ignore_index=True)
        rows = rows.sort_values(["_path", SEQ], kind="stable", ignore_index=True)
        for column in rows.columns:
            if column not in (SEQ, "para", "_upload"):
                rows[column] = rows[column].astype("string").fillna("")
        return rows, keys

    def _apply(self, name: str, rows: pd.DataFrame, values: dict[str, list]) -> None:
        """Set the relinked ``values`` on the uploaded rows, and keep the stored rows' as
        overrides."""
        for column, new in values.items():
            rows[column] = new
        ours = rows[rows["_upload"]][["doc_id", SEQ, *values]]
        uploaded = self._tables[name].drop(columns=list(values)).merge(
            ours, on=["doc_id", SEQ], how="left")
        self._tables[name] = uploaded[column_names(name)]
        self._overrides[name] = rows[~rows["_upload"]][["doc_id", SEQ, *values]].reset_index(
            drop=True)

    def _relink_contacts(self) -> None:
        if "contacts" not in self._tables or "documents" not in self._tables:
            return
        columns = ", ".join(f"t.{quote(c)}" for c in column_names("contacts"))
        rows, keys = self._combined("contacts", "_block", columns)
        exchange_ids, exchanges = link_contact_rows(rows)
        self._apply("contacts", rows, {"exchange_id": exchange_ids})
        self._replaced["exchanges"] = ("_block", keys)
        self._tables["exchanges"] = exchanges[column_names("exchanges")]

    def _relink_statements(self) -> None:
        if "statements" not in self._tables or "documents" not in self._tables:
            return
        columns = ", ".join(f"t.{quote(c)}" for c in column_names("statements"))
        rows, _ = self._combined("statements", "_speaker_key", columns)
        group_ids, sizes = link_statement_rows(rows)
        self._apply("statements", rows, {"statement_group_id": group_ids,
                                         "group_documents": sizes})

    def _stored_select(self, name: str, catalog: str) -> str:
        """The stored rows of table ``name`` as this session reads them: with the relinked
        values, without the rows the uploads' replace."""
        table = f"{quote(catalog)}.main.{quote(name)}"
        override = self._overrides.get(name)
        if override is not None and len(override):
            new = [c for c in override.columns if c not in ("doc_id", SEQ)]
            cells = ", ".join(f"coalesce(o.{quote(c)}, b.{quote(c)}) AS {quote(c)}" if c in new
                              else f"b.{quote(c)}" for c in column_names(name))
            return (f"SELECT {cells} FROM {table} b LEFT JOIN {quote('_override_' + name)} o "
                    f"ON o.doc_id = b.doc_id AND o.{SEQ} = b.{SEQ}")
        columns = ", ".join(quote(c) for c in column_names(name))
        replaced = self._replaced.get(name)
        if replaced:
            return (f"SELECT {columns} FROM {table} WHERE {quote(replaced[0])} NOT IN "
                    f"(SELECT key FROM {quote('_replaced_' + name)})")
        return f"SELECT {columns} FROM {table}"

    @contextmanager
    def reader(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection to ``base`` in which each table that the uploads add rows to is a
        temporary view of both (the views and the registered rows go with the connection)."""
        with self.base.reader() as con:
            catalog = con.execute("SELECT current_database()").fetchall()[0][0]
            for name, frame in self._overrides.items():
                con.register(f"_override_{name}", frame)
            for name, (_, keys) in self._replaced.items():
                con.register(f"_replaced_{name}",
                             pd.DataFrame({"key": pd.Series(keys, dtype="string")}))
            for name, frame in self._tables.items():
                columns = ", ".join(quote(c) for c in column_names(name))
                con.register(f"_uploaded_{name}", frame)
                con.execute(f"CREATE TEMP VIEW {quote(name)} AS "
                            f"{self._stored_select(name, catalog)} UNION ALL SELECT {columns} "
                            f"FROM {quote('_uploaded_' + name)}")
            yield con


__all__ = ["MemoryStore", "WithUploads"]
