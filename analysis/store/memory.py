"""Turns frames held in memory into sources the query layer reads as it reads a store: a corpus
read straight from a folder, or a session's uploads joined to a store or to such a corpus.

- ``MemoryStore(frames)``: ``build_frames`` output written into an in-memory DuckDB database
  by the store's own write path (``database.write_frames``): the same tables, ``_seq`` and
  derived links, so every query answers as it would on a store ingested from the same folder.
- ``WithUploads(base, uploads)``: ``base`` (a ``Store`` or a ``MemoryStore``) with the rows of
  ``uploads`` (a ``MemoryStore`` of one session's documents) added: each connection it gives
  has temporary views under the tables' names, ``base``'s rows ``UNION ALL`` the uploads'.
  The links are per document, so the uploads' own are right in the union. Nothing is written
  into ``base``: another session never sees them.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import duckdb
import pandas as pd

from analysis.store.database import write_frames
from analysis.store.schema import DATA_TABLES, column_names, quote


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

    @contextmanager
    def reader(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection to ``base`` in which each table that the uploads add rows to is a
        temporary view of both (the views and the registered rows go with the connection)."""
        with self.base.reader() as con:
            catalog = con.execute("SELECT current_database()").fetchall()[0][0]
            for name, frame in self._tables.items():
                columns = ", ".join(quote(c) for c in column_names(name))
                con.register(f"_uploaded_{name}", frame)
                con.execute(f"CREATE TEMP VIEW {quote(name)} AS SELECT {columns} FROM "
                            f"{quote(catalog)}.main.{quote(name)} UNION ALL SELECT {columns} "
                            f"FROM {quote('_uploaded_' + name)}")
            yield con


__all__ = ["MemoryStore", "WithUploads"]
