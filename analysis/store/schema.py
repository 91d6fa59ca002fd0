"""Turns the frames' column lists (``analysis.engine.frames.COLUMNS``) into the store's tables: their
columns and SQL types, the columns the store adds, and the statements that create them.

Every SQL statement of the store and the query layer takes its table and column names from
here, so a frame added to ``COLUMNS`` becomes a table of every store, in-memory database and
upload view with no other change: a frame with a ``doc_id`` column is stored per document
(with ``SEQ``, each row's place in its document), one without (``rejected``) as a whole.

Layout (``SCHEMA_VERSION``):

- one table per frame, with the frame's columns in its order: ``INT_COLUMNS`` as BIGINT, the
  rest VARCHAR ('' when unknown, dates as ISO text); per-document frames other than
  ``documents`` add ``SEQ``;
- ``statements`` adds the derived columns ``_named`` and ``_links`` (``analysis.store.links``);
- ``KEY_COLUMNS``: the keys under which rows are linked across documents (``_block`` of
  contacts and exchanges: ``exchanges.block``; ``_speaker_key`` of statements:
  ``retellings.speaker_key``), so that an ingest relinks only the keys it touched;
- ``exchanges`` is stored whole (no ``doc_id``), kept current key by key
  (``analysis.store.relink``); ``DIRTY`` (kind, key): the keys whose links a run must redo;
- ``STATEMENT_COUNTRIES`` (doc_id, _seq, iso3): the countries each statement's text names;
- ``DOCUMENT_LINKS`` (doc_id, _links): every country each document's rows involve;
- ``_files``, the ingest's manifest, and ``_meta``, key/value text (``analysis.store.database``).

The store's own columns and tables start with an underscore; a frame read back leaves them out.
"""
from __future__ import annotations

from collections.abc import Mapping

import duckdb

from analysis.engine.frames import COLUMNS, INT_COLUMNS

#: Bumped when the layout above or a derived column's rule changes: an ingest rebuilds a store
#: of another version, and the pages ask for that rebuild instead of misreading it.
SCHEMA_VERSION = "4"

#: Each row's place among its document's rows, so that frames read back in ``build_frames``
#: order.
SEQ = "_seq"

#: The derived table of the countries a statement's text names.
STATEMENT_COUNTRIES = "_statement_countries"

#: The derived table of every country a document's rows involve.
DOCUMENT_LINKS = "_document_links"

#: Derived columns the store adds to a frame's table.
LINK_COLUMNS = {"statements": ("_named", "_links")}

#: The keys the store adds to a frame's table for linking rows across documents.
KEY_COLUMNS = {"contacts": ("_block",), "exchanges": ("_block",),
               "statements": ("_speaker_key",)}

#: The table of the keys (kind: "contacts" or "statements") whose links must be redone.
DIRTY = "_dirty"

#: The delimiter of the derived country lists (around each element and at both ends: |IRN|RUS|).
LINK_SEP = "|"

#: Frames whose rows do not belong to one document (no ``doc_id``).
GLOBAL_FRAMES = tuple(name for name, columns in COLUMNS.items() if "doc_id" not in columns)

#: Frames stored per document, in ``COLUMNS`` order.
DOCUMENT_FRAMES = tuple(name for name in COLUMNS if name not in GLOBAL_FRAMES)

#: Tables that hold what was read (frames and derived tables, not the manifest or the meta):
#: what the query layer reads and what a session's uploads join.
DERIVED_TABLES = (STATEMENT_COUNTRIES, DOCUMENT_LINKS)
DATA_TABLES = (*COLUMNS, *DERIVED_TABLES)

#: SQL types of the columns read back as int64; the rest are text.
INT_TYPES = {"BIGINT", "INTEGER", "HUGEINT", "SMALLINT", "TINYINT", "UBIGINT", "UINTEGER"}


def quote(name: str) -> str:
    """An identifier from code (a table or column name, never a user's value), quoted."""
    return '"' + name.replace('"', '""') + '"'


def frame_columns(name: str) -> list[str]:
    """The columns of frame ``name`` as ``build_frames`` gives them (no store columns).

    >>> frame_columns("rejected")
    ['path', 'reason']
    """
    return list(COLUMNS[name])


def table_columns(name: str) -> list[tuple[str, str]]:
    """(column, SQL type) of table ``name`` in every store: a frame's columns, then the store's.

    >>> table_columns("_document_links")
    [('doc_id', 'VARCHAR'), ('_links', 'VARCHAR')]
    """
    if name == STATEMENT_COUNTRIES:
        return [("doc_id", "VARCHAR"), (SEQ, "INTEGER"), ("iso3", "VARCHAR")]
    if name == DOCUMENT_LINKS:
        return [("doc_id", "VARCHAR"), ("_links", "VARCHAR")]
    if name == DIRTY:
        return [("kind", "VARCHAR"), ("key", "VARCHAR")]
    columns = [(c, "BIGINT" if c in INT_COLUMNS else "VARCHAR") for c in COLUMNS[name]]
    if name in DOCUMENT_FRAMES and name != "documents":
        columns.append((SEQ, "INTEGER"))
    columns += [(c, "VARCHAR") for c in LINK_COLUMNS.get(name, ())]
    columns += [(c, "VARCHAR") for c in KEY_COLUMNS.get(name, ())]
    return columns


def column_names(name: str) -> list[str]:
    """The column names of table ``name``, in order."""
    return [c for c, _ in table_columns(name)]


def create_sql(name: str) -> str:
    """``CREATE TABLE`` for table ``name`` (a frame or a derived table)."""
    columns = ", ".join(f"{quote(c)} {kind}" for c, kind in table_columns(name))
    return f"CREATE TABLE {quote(name)} ({columns})"


def select_list(name: str, alias: str, *, leave_out: tuple[str, ...] = ()) -> str:
    """The frame columns of table ``name`` (no store columns) as ``alias."col", ...``."""
    return ", ".join(f"{alias}.{quote(c)}" for c in COLUMNS[name] if c not in leave_out)


# -- what an open database holds ---------------------------------------------------------------

def table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """True when the open database has a table (or view) called ``name``."""
    return bool(con.execute("SELECT count(*) FROM information_schema.tables "
                            "WHERE table_name = ?", [name]).fetchall()[0][0])


def stored_columns(con: duckdb.DuckDBPyConnection, name: str) -> list[tuple[str, str]]:
    """(column, SQL type) of a table as the open database holds it, in order."""
    return [(r[0], r[1]) for r in con.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
        "ORDER BY ordinal_position", [name]).fetchall()]


def read_meta(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The ``_meta`` key/value table of an open database; empty when it has none."""
    if not table_exists(con, "_meta"):
        return {}
    return dict(con.execute("SELECT key, value FROM _meta").fetchall())


def write_meta(con: duckdb.DuckDBPyConnection, values: Mapping[str, object]) -> None:
    """Set keys of the ``_meta`` table (created when missing)."""
    con.execute("CREATE TABLE IF NOT EXISTS _meta (key VARCHAR, value VARCHAR)")
    for key, value in values.items():
        con.execute("DELETE FROM _meta WHERE key = ?", [key])
        con.execute("INSERT INTO _meta VALUES (?, ?)", [key, str(value)])


__all__ = ["DATA_TABLES", "DERIVED_TABLES", "DIRTY", "DOCUMENT_FRAMES", "DOCUMENT_LINKS",
           "GLOBAL_FRAMES", "INT_TYPES", "KEY_COLUMNS", "LINK_COLUMNS", "LINK_SEP", "SCHEMA_VERSION", "SEQ", "STATEMENT_COUNTRIES",
           "column_names", "create_sql", "frame_columns", "quote", "read_meta", "select_list",
           "stored_columns", "table_columns", "table_exists", "write_meta"]
