"""Keeps Readout's frames in an embedded DuckDB database under a data folder: one table per
frame (``analysis.store.schema``), written by an ingest and read by the pages.

Why DuckDB (one file, ``DATA_DIR/readout.duckdb``) rather than a folder of Parquet files:
incremental ingest needs to delete and replace the rows of changed documents in place, in one
transaction with the file manifest, so that an interrupted ingest leaves a consistent store;
the dashboard's filters run as SQL with parameters against it (about 6x faster than the same
query over Parquet in FIELD-NOTES); and it is one file to copy. Its one limit: a DuckDB file has
one writer *or* many readers at a time, across processes. So nothing here holds a connection
open: readers and the ingest's writer each open one per unit of work (about 15 ms), and wait
(``StoreBusy`` after ``wait`` seconds) while the other holds the file.

Beside the tables of ``analysis.store.schema`` the database holds:

- ``_files``: the manifest, one row per input file: path, size, mtime_ns, doc_id (or NULL),
  encoding, reason (why it was rejected, or NULL). It lets a re-ingest skip unchanged files
  without reading them.
- ``_meta``: key/value text: ``schema``, ``engine`` (fingerprint of the extraction engine's
  code and tables: when it changes, every document is extracted again), ``frames``, ``root``,
  ``generation`` (bumped by every ingest that changed something; a cache key for readers),
  ``finish`` (``pending`` while an ingest's final step is owed), ``links`` (the generation the
  derived link columns match).

``documents`` has one row per distinct text (``doc_id``), under the first path (in
``iter_input_files`` order) holding that text; ``rejected`` is rebuilt at the end of each
ingest. A store whose derived links are stale (written by code that did not keep them) gains
them on first open (``Store.reader``, a few seconds at 100,000 documents), not by a re-ingest;
a store of another ``SCHEMA_VERSION`` is not read: the pages ask for a rebuild.

Beside the database, the data folder holds ``.lock`` (the ingest lock, ``Store.write_lock``:
who holds it, since when) and, while a rebuild runs, ``readout.next.duckdb``, the new
generation that replaces ``readout.duckdb`` in one rename (``Store.replace_with``).

A database DuckDB cannot read (truncated, overwritten, not a database) raises
``StoreDamaged``, and a write that fails for a full disk or a read-only folder
``StoreWriteFailed``: each one sentence naming the file and the fix (``Store.explain``).

>>> store = Store("data")          # nothing is created until an ingest writes
>>> store.exists()
False
"""
from __future__ import annotations

import errno
import fcntl
import json
import os
import re
import socket
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from analysis.store.links import (ensure_links, links_current, mark_links_current,
                                  statement_countries, update_links)
from analysis.store.relink import with_keys
from analysis.store.schema import (DATA_TABLES, DIRTY, DOCUMENT_FRAMES, GLOBAL_FRAMES, INT_TYPES,
                                   SCHEMA_VERSION, SEQ, STATEMENT_COUNTRIES, create_sql,
                                   frame_columns, quote, read_meta, stored_columns,
                                   table_exists, write_meta)

#: The database file inside the data folder.
DB_NAME = "readout.duckdb"

#: Where a rebuild writes the new generation, beside the store, until it replaces it whole.
NEXT_NAME = "readout.next.duckdb"

#: The lock file in the data folder: one ingest writes at a time (``Store.write_lock``).
LOCK_NAME = ".lock"

#: The default data folder (relative to the working directory), or ``$READOUT_DATA``.
DEFAULT_DATA_DIR = "data"


#: Store files already checked for the schema and the derived columns in this process
#: (``Store._upgrade_once``).
_UPGRADED: set[str] = set()
_UPGRADE_LOCK = threading.Lock()


class StoreError(RuntimeError):
    """The store cannot be used as asked; the message says what and why."""


class StoreBusy(StoreError):
    """Another process holds the store's file (an ingest writing, or a reader) for too long."""


class StoreLocked(StoreBusy):
    """Another ingest is writing to the data folder (it holds ``LOCK_NAME``)."""


class StoreDamaged(StoreError):
    """The database file is damaged or is not a Readout store; the message says the fix."""


class StoreOutdated(StoreError):
    """The store was written with another layout (``SCHEMA_VERSION``); an ingest rebuilds it."""


class StoreWriteFailed(StoreError):
    """The store could not be written (a full disk, a read-only folder)."""


#: DuckDB's words for a file it cannot trust (truncated, overwritten, not a database).
_DAMAGED = re.compile(r"not a valid DuckDB database|Corrupt database|Could not read enough "
                      r"bytes|checksum|database has been invalidated|INTERNAL Error|"
                      r"Serialization Error|version number", re.IGNORECASE)
_LOCKED = re.compile(r"Could not set lock|Conflicting lock", re.IGNORECASE)
_FULL = re.compile(r"No space left on device|Disk quota exceeded|File too large", re.IGNORECASE)
_READ_ONLY = re.compile(r"Read-only file system|Permission denied", re.IGNORECASE)


def _short(exc: BaseException) -> str:
    """The first line of an error, without DuckDB's class prefix, for a one-sentence message."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


def default_data_dir() -> Path:
    """The data folder to use when none is given: ``$READOUT_DATA``, else ``./data``."""
    return Path(os.environ.get("READOUT_DATA") or DEFAULT_DATA_DIR)


class Store:
    """A data folder holding ``readout.duckdb``; opens short-lived connections on demand.

    ``wait`` is how long (seconds) to retry while another process holds the file.
    """

    def __init__(self, folder: str | os.PathLike[str] | None = None, *, wait: float = 30.0,
                 name: str = DB_NAME):
        self.folder = Path(folder) if folder is not None else default_data_dir()
        self.path = self.folder / name
        self.wait = wait

    def __repr__(self) -> str:
        return f"Store({str(self.folder)!r})"

    def exists(self) -> bool:
        """True when an ingest has written the database."""
        return self.path.is_file()

    # -- connections -------------------------------------------------------------------------

    def explain(self, exc: BaseException) -> BaseException:
        """A DuckDB or OS error on this store as the ``StoreError`` a user can act on (one
        sentence naming the file and the fix), or ``exc`` itself when it is none of those."""
        if isinstance(exc, StoreError):
            return exc
        text = str(exc)
        if _DAMAGED.search(text):
            return StoreDamaged(
                f"the store {self.path} is damaged or is not a Readout store ({_short(exc)}): "
                f"move it aside (mv {self.path} {self.path}.damaged) and run `python -m "
                f"analysis ingest INPUT_DIR --data {self.folder}` to build it again")
        code = getattr(exc, "errno", None)
        if _FULL.search(text) or code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            return StoreWriteFailed(
                f"the store in {self.folder} could not be written because the disk is full "
                f"({_short(exc)}): free some space and run the ingest again (the store keeps "
                f"what was written before)")
        if _READ_ONLY.search(text) or code in (errno.EROFS, errno.EACCES, errno.EPERM):
            return StoreWriteFailed(f"the store {self.path} cannot be written ({_short(exc)}): "
                                    f"give this user write access to {self.folder}")
        return exc

    def _connect(self, *, read_only: bool) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + self.wait
        delay = 0.01
        while True:
            try:
                return duckdb.connect(str(self.path), read_only=read_only)
            except duckdb.Error as exc:
                if not _LOCKED.search(str(exc)):
                    explained = self.explain(exc)
                    if explained is exc:
                        raise StoreError(f"the store {self.path} cannot be opened: "
                                         f"{_short(exc)}") from None
                    raise explained from None
                if time.monotonic() >= deadline:
                    raise StoreBusy(f"the store {self.path} is held by another process "
                                    f"(an ingest?) for over {self.wait:.0f} s") from None
                time.sleep(delay)
                delay = min(delay * 2, 0.25)

    @contextmanager
    def reader(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection for the ``with`` block; raises ``StoreError`` when the store
        has not been written yet, ``StoreOutdated`` when it has another layout, ``StoreBusy``
        when a writer holds it past ``wait``."""
        if not self.exists():
            raise StoreError(f"no store at {self.path}: run `python -m analysis ingest` first")
        self._upgrade_once()
        with self.inspector() as con:
            yield con

    @contextmanager
    def inspector(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection that changes nothing (no check or upgrade of an older store),
        for deciding what to do with it; DuckDB's and the system's errors come out explained
        (``explain``)."""
        con = self._connect(read_only=True)
        try:
            yield con
        except (duckdb.Error, OSError) as exc:
            explained = self.explain(exc)
            if explained is exc:
                raise
            raise explained from exc
        finally:
            con.close()

    def _upgrade_once(self) -> None:
        """Check once per process and file that the store has this code's schema (else raise
        ``StoreOutdated``), and give it its derived links when they are missing or stale (a
        read-only connection cannot, so a short writer does)."""
        key = str(self.path.resolve())
        with _UPGRADE_LOCK:
            if key in _UPGRADED:
                return
            with self.inspector() as con:
                schema = read_meta(con).get("schema", "")
                current = not table_exists(con, "statements") or links_current(con)
            if schema != SCHEMA_VERSION:
                raise StoreOutdated(
                    f"the store {self.path} was written by another version of Readout (its "
                    f"layout is {schema or 'unknown'}, this one reads {SCHEMA_VERSION}): run "
                    f"`python -m analysis ingest INPUT_DIR --data {self.folder}` to build it "
                    f"again")
            if not current:
                with self.writer() as con:
                    ensure_links(con)
            _UPGRADED.add(key)

    @contextmanager
    def writer(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-write connection for the ``with`` block, in one transaction (rolled back on
        error); creates the folder and the database when missing."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise self.explain(exc) from None
        con = self._connect(read_only=False)
        try:
            con.execute("BEGIN TRANSACTION")
            yield con
            con.execute("COMMIT")
        except BaseException as exc:
            try:
                con.execute("ROLLBACK")
            except duckdb.Error:
                pass
            if isinstance(exc, (duckdb.Error, OSError)) and self.explain(exc) is not exc:
                raise self.explain(exc) from exc
            raise
        finally:
            try:
                con.close()
            except duckdb.Error:
                pass  # the error above says what went wrong

    @contextmanager
    def write_lock(self, *, wait: float = 0.0) -> Iterator[None]:
        """Hold the data folder's ingest lock for the ``with`` block: one writer at a time.

        An advisory ``flock`` on ``DATA/.lock``, which records who holds it; the system
        releases it when the holder ends, however it ends, so a killed ingest never leaves a
        stale lock. Waits up to ``wait`` seconds for another holder, then raises
        ``StoreLocked`` naming it.
        """
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.folder / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise self.explain(exc) from None
        try:
            deadline = time.monotonic() + wait
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise StoreLocked(self._lock_message(fd)) from None
                    time.sleep(0.1)
            holder = {"pid": os.getpid(), "host": socket.gethostname(),
                      "since": time.strftime("%Y-%m-%d %H:%M:%S %z")}
            os.ftruncate(fd, 0)
            os.pwrite(fd, json.dumps(holder).encode(), 0)
            try:
                yield
            finally:
                os.ftruncate(fd, 0)
        finally:
            os.close(fd)  # releases the lock

    def _lock_message(self, fd: int) -> str:
        try:
            holder = json.loads(os.pread(fd, 4096, 0) or b"{}")
        except (OSError, ValueError):
            holder = {}
        who = ""
        if holder.get("since"):
            who = (f" since {holder['since']} (process {holder.get('pid')} on "
                   f"{holder.get('host')})")
        return (f"another ingest is writing to {self.folder}{who}; wait for it to finish or "
                f"stop it, then run this one again")

    def replace_with(self, other: Store) -> None:
        """Make ``other``'s database this store's, in one atomic rename, when no reader is
        in the middle of a query: readers see the old data until then, the new after.

        ``other`` is checkpointed first (its whole content in its file, no write-ahead log
        left beside it); an open write connection to this store keeps readers out during the
        rename (a reader waits, as it waits for a batch).
        """
        con = other._connect(read_only=False)
        try:
            con.execute("CHECKPOINT")
        except duckdb.Error as exc:
            raise other.explain(exc) from exc
        finally:
            con.close()
        current = self._connect(read_only=False) if self.exists() else None
        try:
            os.replace(other.path, self.path)
        except OSError as exc:
            raise self.explain(exc) from None
        finally:
            if current is not None:
                current.close()
        try:  # the rename survives a power cut only once the folder itself is written
            folder = os.open(self.folder, os.O_RDONLY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)
        except OSError:
            pass

    def remove(self) -> None:
        """Delete this database file and its write-ahead log (a rebuild left by a killed
        ingest; never the live store while readers use it)."""
        for path in (self.path, self.path.with_name(self.path.name + ".wal")):
            try:
                path.unlink()
            except FileNotFoundError:
                pass

    # -- reading -----------------------------------------------------------------------------

    def meta(self) -> dict[str, str]:
        """The ``_meta`` table as a dict; empty when the store does not exist."""
        if not self.exists():
            return {}
        with self.reader() as con:
            return read_meta(con)

    def frame_names(self) -> list[str]:
        """The stored frames, in ``build_frames`` order."""
        return json.loads(self.meta().get("frames", "[]"))

    def load_frames(self, names: list[str] | None = None) -> dict[str, pd.DataFrame]:
        """Read frames back exactly as ``build_frames`` gives them for the same corpus.

        ``names`` selects frames (default: all). Raises ``StoreError`` when the store is missing.

        >>> Store("data").load_frames(["contacts"])["contacts"].columns[:3].tolist()  # doctest: +SKIP
        ['contact_id', 'doc_id', 'date']
        """
        with self.reader() as con:
            stored = json.loads(read_meta(con).get("frames", "[]"))
            return {name: read_frame(con, name) for name in (names or stored)}


def read_frame(con: duckdb.DuckDBPyConnection, name: str) -> pd.DataFrame:
    """Read one stored frame in ``build_frames`` order and dtypes (without the store's own
    columns)."""
    if not table_exists(con, name):
        raise StoreError(f"the store has no frame called {name!r}")
    columns = [(c, t) for c, t in stored_columns(con, name) if c in frame_columns(name)]
    select = ", ".join(f"t.{quote(c)}" for c, _ in columns)
    if name == "exchanges":  # as exchanges.cluster orders them: by first report, undated last
        sql = (f"SELECT {select} FROM exchanges t "
               f"ORDER BY t.first_reported = '', t.first_reported, t.exchange_id")
    elif name == "documents" or name in GLOBAL_FRAMES:
        order = "t.path" if "path" in dict(columns) else "ALL"
        sql = f"SELECT {select} FROM {quote(name)} t ORDER BY {order}"
    else:
        sql = (f"SELECT {select} FROM {quote(name)} t JOIN documents d USING (doc_id) "
               f"ORDER BY d.path, t.{SEQ}")
    return typed(con.execute(sql).df(), dict(columns))


def typed(frame: pd.DataFrame, kinds: Mapping[str, str] | None = None) -> pd.DataFrame:
    """A frame read from DuckDB in the frames' dtypes: whole numbers as int64 (by SQL type in
    ``kinds``, else by dtype), everything else as text ('' for missing)."""
    for column in frame.columns:
        whole = (kinds[column] in INT_TYPES if kinds and column in kinds
                 else pd.api.types.is_integer_dtype(frame[column]))
        if whole:
            frame[column] = frame[column].astype("int64")
        else:
            frame[column] = frame[column].astype("string").fillna("")
    return frame.reset_index(drop=True)


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create (empty) every table of the schema, plus the manifest ``_files``."""
    for name in (*DATA_TABLES, DIRTY):
        con.execute(create_sql(name))
    con.execute("CREATE TABLE IF NOT EXISTS _files (path VARCHAR, size BIGINT, mtime_ns BIGINT, "
                "doc_id VARCHAR, encoding VARCHAR, reason VARCHAR)")


def drop_all(con: duckdb.DuckDBPyConnection) -> None:
    """Drop every table of the store (used when the schema or the engine changed)."""
    for (name,) in con.execute("SELECT table_name FROM information_schema.tables "
                               "WHERE table_schema = 'main'").fetchall():
        con.execute(f"DROP TABLE {quote(name)}")


def with_seq(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``_seq``: each row's position among its document's rows (frames keep doc order)."""
    out = frame.copy()
    out[SEQ] = out.groupby("doc_id", sort=False).cumcount().astype("int32")
    return out


def stored_rows(frames: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """``build_frames`` output as the rows of the store's tables: ``_seq`` added to the
    per-document frames, and the derived ``STATEMENT_COUNTRIES`` (the link columns are
    computed in SQL once the rows are in: ``links.update_links``)."""
    rows = {name: with_keys(name, with_seq(frame) if name in DOCUMENT_FRAMES
                            and name != "documents" else frame)
            for name, frame in frames.items()}
    if "statements" in rows and "countries" in rows:
        rows[STATEMENT_COUNTRIES] = statement_countries(rows["statements"], rows["countries"])
    return rows


def insert_frame(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame) -> None:
    """Append a frame's rows to its table, matching columns by name."""
    if frame.empty:
        return
    columns = ", ".join(quote(c) for c in frame.columns)
    con.register("_incoming", frame)
    try:
        con.execute(f"INSERT INTO {quote(name)} ({columns}) SELECT {columns} FROM _incoming")
    finally:
        con.unregister("_incoming")


def write_frames(con: duckdb.DuckDBPyConnection, frames: Mapping[str, pd.DataFrame]) -> None:
    """Replace what the open database holds with ``frames`` (``build_frames`` output): every
    table of the schema, their rows and derived links, and a new generation. The one write
    path of a store saved whole and of a corpus loaded into memory."""
    generation = int(read_meta(con).get("generation", 0)) + 1
    drop_all(con)
    create_tables(con)
    for name, rows in stored_rows(frames).items():
        insert_frame(con, name, rows)
    update_links(con)
    write_meta(con, {"schema": SCHEMA_VERSION, "frames": json.dumps(list(frames)),
                     "generation": generation})
    mark_links_current(con)


def save_frames(store: Store, frames: Mapping[str, pd.DataFrame]) -> None:
    """Replace the store's content with ``frames`` (``build_frames`` output), without a
    manifest: for tests and for frames that come from elsewhere than a folder ingest."""
    with store.writer() as con:
        write_frames(con, frames)


def table_checksum(con: duckdb.DuckDBPyConnection, name: str) -> tuple[int, int]:
    """(rows, order-independent hash of all rows) of a table, to compare two stores cheaply."""
    columns = ", ".join(quote(c) for c, _ in stored_columns(con, name))
    rows, digest = con.execute(
        f"SELECT count(*), coalesce(sum(hash({columns})::HUGEINT), 0) FROM {quote(name)}").fetchall()[0]
    return int(rows), int(digest)
