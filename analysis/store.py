"""Keeps Readout's frames in an embedded DuckDB database under a data folder: one table per frame.

Why DuckDB (one file, ``DATA_DIR/readout.duckdb``) rather than a folder of Parquet files:
incremental ingest needs to delete and replace the rows of changed documents in place, in one
transaction with the file manifest, so that an interrupted ingest leaves a consistent store;
the dashboard's filters run as SQL with parameters against it (about 6x faster than the same
query over Parquet in FIELD-NOTES); and it is one file to copy. Its one limit: a DuckDB file has
one writer *or* many readers at a time, across processes. So nothing here holds a connection
open: readers and the ingest's writer each open one per unit of work (about 15 ms), and wait
(``StoreBusy`` after ``wait`` seconds) while the other holds the file.

Layout of the database (``SCHEMA_VERSION``):

- one table per frame of ``analysis.frames.build_frames`` (``documents``, ``countries``,
  ``contacts``, ...), with the frame's columns in its order, strings as VARCHAR ('' when
  unknown, dates as ISO text), counts as BIGINT. Per-document frames carry one more column,
  ``_seq``, the row's position inside its document, so that frames read back in the order
  ``build_frames`` gives. ``documents`` has one row per distinct text (``doc_id``), under the
  first path (in ``iter_input_files`` order) holding that text; ``rejected`` is rebuilt at the
  end of each ingest.
- ``statements`` carries two derived columns for the data layer (``STATEMENT_LINK_COLUMNS``,
  never part of a frame): ``_named``, the countries its text names (``_statement_countries``),
  and ``_links``, every country a country filter alone keeps it for (its speaker's, those it
  names, and those of the same-document contacts and events that involve the speaker's
  country, or any for a speaker of unknown country), both ``|``-delimited (``|IRN|RUS|``).
  ``_document_links`` has one row per document: every country its rows involve, the same way.
  Every write computes them (``update_links``) and records the generation they match (``_meta``
  key ``links``); a store written before they existed, or since by code that did not keep them,
  gains them on first open (``Store.reader``, a few seconds at 100,000 documents), not by a
  re-ingest.
- ``_files``: the manifest, one row per input file: path, size, mtime_ns, doc_id (or NULL),
  encoding, reason (why it was rejected, or NULL). It lets a re-ingest skip unchanged files
  without reading them.
- ``_meta``: key/value text: ``schema``, ``engine`` (fingerprint of the extraction engine's
  code and tables: when it changes, every document is extracted again), ``frames``, ``root``,
  ``generation`` (bumped by every ingest that changed something; a cache key for readers),
  ``finish`` (``pending`` while an ingest's final step is owed).

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
import hashlib
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

#: The database file inside the data folder.
DB_NAME = "readout.duckdb"

#: Where a rebuild writes the new generation, beside the store, until it replaces it whole.
NEXT_NAME = "readout.next.duckdb"

#: The lock file in the data folder: one ingest writes at a time (``Store.write_lock``).
LOCK_NAME = ".lock"

#: Bumped when the layout described above changes; a store of another version is rebuilt.
SCHEMA_VERSION = "2"

#: The default data folder (relative to the working directory), or ``$READOUT_DATA``.
DEFAULT_DATA_DIR = "data"

#: A derived table written at ingest for the data layer: which countries each statement names
#: (a surface form of a country mentioned in its document occurs in its text). Filter-free, so
#: computed once per document instead of at every query.
STATEMENT_COUNTRIES = "_statement_countries"

#: Columns the store adds to ``statements`` (see the layout above); read_frame leaves them out.
STATEMENT_LINK_COLUMNS = ("_named", "_links")

#: A derived table: one row per document, ``_links`` every country its rows involve (see
#: ``document_links_sql``).
DOCUMENT_LINKS = "_document_links"

#: The delimiter of those columns' country lists (around each element, and at both ends).
LINK_SEP = "|"

#: Frames whose rows do not belong to one document; every other frame must have ``doc_id``.
GLOBAL_FRAMES = ("rejected",)

#: The analysis modules that are not the extraction engine (their changes do not invalidate
#: stored extractions).
_NOT_ENGINE = {"__init__.py", "__main__.py", "store.py", "ingest.py", "dask_engine.py",
               "synth.py", "bench.py", "query.py"}

#: Columns read back as int64 (the rest are strings), as ``analysis.frames`` types them.
_INT_TYPES = {"BIGINT", "INTEGER", "HUGEINT", "SMALLINT", "TINYINT", "UBIGINT", "UINTEGER"}


#: Store files already checked for the derived columns in this process (``Store._upgrade_once``).
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


def engine_fingerprint() -> str:
    """Return a short hash of the extraction engine: its modules, its tables, its columns.

    Stored extractions are valid only for the engine that made them; an ingest that finds
    another fingerprint extracts every document again.
    """
    from analysis import frames

    package = Path(__file__).resolve().parent
    digest = hashlib.sha1(SCHEMA_VERSION.encode())
    digest.update(repr(frames.COLUMNS).encode())
    for path in sorted(package.rglob("*")):
        rel = path.relative_to(package).as_posix()
        if (not path.is_file() or "__pycache__" in rel or rel in _NOT_ENGINE
                or path.suffix in (".pyc", ".swp") or path.name.startswith(".")):
            continue
        digest.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _quote(name: str) -> str:
    """Quote an identifier that comes from code (a frame or column name), never from a user."""
    return '"' + name.replace('"', '""') + '"'


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
        has not been written yet, ``StoreBusy`` when a writer holds it past ``wait``."""
        if not self.exists():
            raise StoreError(f"no store at {self.path}: run `python -m analysis ingest` first")
        self._upgrade_once()
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

    @contextmanager
    def inspector(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection that changes nothing (no upgrade of an older store), for
        deciding what to do with it; errors explained as in ``reader``."""
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
        """Add the derived statement columns to a store written before they existed: once per
        process and file (a read-only connection cannot, so a short writer does)."""
        key = str(self.path.resolve())
        with _UPGRADE_LOCK:
            if key in _UPGRADED:
                return
            with self.inspector() as con:
                current = not table_exists(con, "statements") or links_current(con)
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


def read_meta(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The ``_meta`` key/value table of an open store; empty when it has none."""
    if not table_exists(con, "_meta"):
        return {}
    return dict(con.execute("SELECT key, value FROM _meta").fetchall())


def write_meta(con: duckdb.DuckDBPyConnection, values: Mapping[str, str]) -> None:
    """Set keys of the ``_meta`` table (created when missing)."""
    con.execute("CREATE TABLE IF NOT EXISTS _meta (key VARCHAR, value VARCHAR)")
    for key, value in values.items():
        con.execute("DELETE FROM _meta WHERE key = ?", [key])
        con.execute("INSERT INTO _meta VALUES (?, ?)", [key, str(value)])


def table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """True when the open store has a table called ``name``."""
    return bool(con.execute("SELECT count(*) FROM information_schema.tables "
                            "WHERE table_name = ?", [name]).fetchall()[0][0])


def table_columns(con: duckdb.DuckDBPyConnection, name: str) -> list[tuple[str, str]]:
    """(column, DuckDB type) of a table, in order."""
    return [(r[0], r[1]) for r in con.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
        "ORDER BY ordinal_position", [name]).fetchall()]


def read_frame(con: duckdb.DuckDBPyConnection, name: str) -> pd.DataFrame:
    """Read one stored frame in ``build_frames`` order and dtypes (without ``_seq`` and the
    derived columns: the store's own columns start with an underscore)."""
    if not table_exists(con, name):
        raise StoreError(f"the store has no frame called {name!r}")
    columns = [(c, t) for c, t in table_columns(con, name) if not c.startswith("_")]
    select = ", ".join(f"t.{_quote(c)}" for c, _ in columns)
    if name == "documents" or name in GLOBAL_FRAMES:
        sql = f"SELECT {select} FROM {_quote(name)} t ORDER BY t.path"
    else:
        sql = (f"SELECT {select} FROM {_quote(name)} t JOIN documents d USING (doc_id) "
               f"ORDER BY d.path, t._seq")
    frame = con.execute(sql).df()
    for column, kind in columns:
        if kind in _INT_TYPES:
            frame[column] = frame[column].astype("int64")
        else:
            frame[column] = frame[column].astype("string").fillna("")
    return frame.reset_index(drop=True)


def create_frame_tables(con: duckdb.DuckDBPyConnection, frames: Mapping[str, pd.DataFrame]) -> None:
    """Create (empty) one table per frame, typed from the frames, plus ``_files``.

    Per-document frames get a ``_seq`` column; a frame with neither ``doc_id`` nor a place in
    ``GLOBAL_FRAMES`` cannot be stored incrementally and raises ``StoreError``.
    """
    for name, frame in frames.items():
        if name not in GLOBAL_FRAMES and "doc_id" not in frame.columns:
            raise StoreError(f"frame {name!r} has no doc_id column, so it cannot be stored "
                             f"per document")
        columns = []
        for column, dtype in frame.dtypes.items():
            kind = "BIGINT" if pd.api.types.is_integer_dtype(dtype) else "VARCHAR"
            columns.append(f"{_quote(column)} {kind}")
        if name not in GLOBAL_FRAMES and name != "documents":
            columns.append("_seq INTEGER")
        if name == "statements":
            columns += [f"{c} VARCHAR" for c in STATEMENT_LINK_COLUMNS]
        con.execute(f"CREATE TABLE {_quote(name)} ({', '.join(columns)})")
    con.execute("CREATE TABLE IF NOT EXISTS _files (path VARCHAR, size BIGINT, mtime_ns BIGINT, "
                "doc_id VARCHAR, encoding VARCHAR, reason VARCHAR)")
    con.execute(f"CREATE TABLE IF NOT EXISTS {STATEMENT_COUNTRIES} "
                f"(doc_id VARCHAR, _seq INTEGER, iso3 VARCHAR)")
    con.execute(f"CREATE TABLE IF NOT EXISTS {DOCUMENT_LINKS} (doc_id VARCHAR, _links VARCHAR)")


def statement_countries(statements: pd.DataFrame, countries: pd.DataFrame) -> pd.DataFrame:
    """(doc_id, _seq, iso3) for each country a statement's text names: a form of a country
    mentioned in its document (its ``name`` or a ``surface`` form, over 2 characters), matched
    case-insensitively. ``statements`` must carry ``_seq``; empty when a column is missing.

    >>> import pandas as pd
    >>> st = pd.DataFrame({"doc_id": ["a"], "_seq": [0], "text": ["Iran must be heard"]})
    >>> co = pd.DataFrame({"doc_id": ["a"], "iso3": ["IRN"], "name": ["Iran"], "surface": [""]})
    >>> statement_countries(st, co).values.tolist()
    [['a', 0, 'IRN']]
    """
    rows: list[tuple[str, int, str]] = []
    needed = {"doc_id", "_seq", "text"} <= set(statements.columns) and {
        "doc_id", "iso3", "name"} <= set(countries.columns)
    if needed and len(statements) and len(countries):
        forms: dict[str, list[tuple[str, list[str]]]] = {}
        surfaces = countries["surface"] if "surface" in countries else [""] * len(countries)
        for doc_id, iso3, name, surface in zip(countries["doc_id"], countries["iso3"],
                                               countries["name"], surfaces):
            names = {str(name).lower()} | {f.strip().lower() for f in str(surface).split(";")}
            forms.setdefault(doc_id, []).append((iso3, [f for f in names if len(f) > 2]))
        for doc_id, seq, text in zip(statements["doc_id"], statements["_seq"], statements["text"]):
            lowered = str(text).lower()
            for iso3, names in forms.get(doc_id, ()):
                if any(f in lowered for f in names):
                    rows.append((doc_id, int(seq), iso3))
    frame = pd.DataFrame(rows, columns=["doc_id", "_seq", "iso3"])
    return frame.astype({"doc_id": "string", "_seq": "int32", "iso3": "string"})


def statement_links_sql(docs: str | None = None) -> str:
    """SQL giving (doc_id, _seq, _named, _links) for the statements of the documents listed in
    table ``docs`` (column doc_id; every statement when None). See the layout above.

    Why precomputed: a country filter alone (no dates, actors, channels) then keeps a
    statement by a substring test on one column, where the link through same-document
    contacts and events otherwise costs a join of every statement at each query (0.1-0.3 s
    at 1.5 million statements).
    """
    only = f"WHERE doc_id IN (SELECT doc_id FROM {docs})" if docs else ""
    sep = LINK_SEP

    def joined(items: str) -> str:  # '' for no item, else |a|b| (sorted, distinct)
        return (f"CASE WHEN len({items}) = 0 THEN '' ELSE "
                f"'{sep}' || array_to_string(list_sort(list_distinct({items})), '{sep}') "
                f"|| '{sep}' END")

    return f"""
        WITH r AS (SELECT doc_id, string_split(countries, '; ') AS xs FROM contacts {only}
                   UNION ALL SELECT doc_id, string_split(actors || '; ' || targets, '; ')
                   FROM events {only}),
             per_doc AS (SELECT doc_id, flatten(list(xs)) AS xs FROM r GROUP BY doc_id),
             per_country AS (SELECT doc_id, y, flatten(list(xs)) AS xs
                             FROM (SELECT doc_id, unnest(xs) AS y, xs FROM r) GROUP BY doc_id, y),
             named AS (SELECT doc_id, _seq, list(iso3) AS xs FROM {STATEMENT_COUNTRIES} {only}
                       GROUP BY doc_id, _seq),
             x AS (SELECT s.doc_id, s._seq, coalesce(n.xs, []) AS named,
                          list_concat([s.speaker_country], coalesce(n.xs, []), coalesce(
                              CASE WHEN s.speaker_country = '' THEN d.xs ELSE c.xs END, []))
                          AS links
                   FROM (SELECT doc_id, _seq, speaker_country FROM statements {only}) s
                   LEFT JOIN per_doc d ON d.doc_id = s.doc_id
                   LEFT JOIN per_country c ON c.doc_id = s.doc_id AND c.y = s.speaker_country
                   LEFT JOIN named n ON n.doc_id = s.doc_id AND n._seq = s._seq)
        SELECT doc_id, _seq, {joined("named")} AS _named, {joined("links")} AS _links FROM x"""


def document_links_sql(docs: str | None = None) -> str:
    """SQL giving (doc_id, _links) for the documents listed in table ``docs`` (all when None):
    every country the document's rows involve (mentions, contacts, events, speakers, countries
    its statements name), ``|``-delimited. A country filter alone keeps exactly the documents
    whose list holds a chosen country, so it reads 100,000 short strings instead of the union
    of five tables' matches (0.1 s at 100,000 documents)."""
    only = f"WHERE doc_id IN (SELECT doc_id FROM {docs})" if docs else ""
    sep = LINK_SEP
    return f"""
        SELECT doc_id, '{sep}' || array_to_string(list_sort(list_distinct(list(x))), '{sep}')
                       || '{sep}' AS _links FROM (
            SELECT doc_id, iso3 AS x FROM countries {only}
            UNION ALL SELECT doc_id, unnest(string_split(countries, '; ')) FROM contacts {only}
            UNION ALL SELECT doc_id, unnest(string_split(actors || '; ' || targets, '; '))
                      FROM events {only}
            UNION ALL SELECT doc_id, speaker_country FROM statements {only}
            UNION ALL SELECT doc_id, iso3 FROM {STATEMENT_COUNTRIES} {only})
        GROUP BY doc_id"""


def has_links(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the store has the derived link columns and table (see the layout above)."""
    columns = {c for c, _ in table_columns(con, "statements")}
    return set(STATEMENT_LINK_COLUMNS) <= columns and table_exists(con, DOCUMENT_LINKS)


def update_links(con: duckdb.DuckDBPyConnection, doc_ids: Iterable[str] | None = None) -> None:
    """(Re)compute the derived statement columns and ``_document_links`` rows for the
    documents ``doc_ids`` (every document when None), from their rows already in the store.
    A no-op when the store lacks a table the links read."""
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
                    f"WHERE statements.doc_id = x.doc_id AND statements._seq = x._seq")
        con.execute(f"DELETE FROM {DOCUMENT_LINKS}"
                    + (f" WHERE doc_id IN (SELECT doc_id FROM {docs})" if docs else ""))
        con.execute(f"INSERT INTO {DOCUMENT_LINKS} {document_links_sql(docs)}")
    finally:
        if docs:
            con.unregister(docs)


def links_current(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the derived links exist and were made by this code for the store's current
    ``generation`` (``_meta`` key ``links``): an ingest by older code, which leaves them
    stale, bumps the generation without it."""
    if not has_links(con):
        return False
    meta = read_meta(con)
    return meta.get("links") == meta.get("generation")


def mark_links_current(con: duckdb.DuckDBPyConnection) -> None:
    """Record that the derived links match the store's current generation (after a write
    that kept them current); a no-op for a database without ``_meta``."""
    if table_exists(con, "_meta"):
        write_meta(con, {"links": read_meta(con).get("generation", "")})


def ensure_links(con: duckdb.DuckDBPyConnection) -> bool:
    """Give a store written before the derived links existed (or by code that did not keep
    them) those columns and table, computed for every document (seconds at 100,000
    documents, not a re-ingest); returns True when it did."""
    if not table_exists(con, "statements") or links_current(con):
        return False
    con.execute("SET enable_progress_bar = false")  # quiet, even on a terminal
    existing = {c for c, _ in table_columns(con, "statements")}
    for column in STATEMENT_LINK_COLUMNS:
        if column not in existing:
            con.execute(f"ALTER TABLE statements ADD COLUMN {column} VARCHAR")
    con.execute(f"CREATE TABLE IF NOT EXISTS {DOCUMENT_LINKS} (doc_id VARCHAR, _links VARCHAR)")
    update_links(con)
    mark_links_current(con)
    return True


def drop_all(con: duckdb.DuckDBPyConnection) -> None:
    """Drop every table of the store (used when the schema or the engine changed)."""
    for (name,) in con.execute("SELECT table_name FROM information_schema.tables "
                               "WHERE table_schema = 'main'").fetchall():
        con.execute(f"DROP TABLE {_quote(name)}")


def with_seq(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``_seq``: each row's position among its document's rows (frames keep doc order)."""
    out = frame.copy()
    out["_seq"] = out.groupby("doc_id", sort=False).cumcount().astype("int32")
    return out


def insert_frame(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame) -> None:
    """Append a frame's rows to its table, matching columns by name."""
    if frame.empty:
        return
    columns = ", ".join(_quote(c) for c in frame.columns)
    con.register("_incoming", frame)
    try:
        con.execute(f"INSERT INTO {_quote(name)} ({columns}) SELECT {columns} FROM _incoming")
    finally:
        con.unregister("_incoming")


def save_frames(store: Store, frames: Mapping[str, pd.DataFrame]) -> None:
    """Replace the store's content with ``frames`` (``build_frames`` output), without a
    manifest: for tests and for frames that come from elsewhere than a folder ingest."""
    with store.writer() as con:
        drop_all(con)
        create_frame_tables(con, frames)
        seqd = {name: frame if name == "documents" or name in GLOBAL_FRAMES else with_seq(frame)
                for name, frame in frames.items()}
        for name, frame in seqd.items():
            insert_frame(con, name, frame)
        if "statements" in seqd and "countries" in seqd:
            insert_frame(con, STATEMENT_COUNTRIES,
                         statement_countries(seqd["statements"], seqd["countries"]))
        update_links(con)
        write_meta(con, {"schema": SCHEMA_VERSION, "frames": json.dumps(list(frames)),
                         "generation": int(read_meta(con).get("generation", 0)) + 1})
        mark_links_current(con)


def table_checksum(con: duckdb.DuckDBPyConnection, name: str) -> tuple[int, int]:
    """(rows, order-independent hash of all rows) of a table, to compare two stores cheaply."""
    columns = ", ".join(_quote(c) for c, _ in table_columns(con, name))
    rows, digest = con.execute(
        f"SELECT count(*), coalesce(sum(hash({columns})::HUGEINT), 0) FROM {_quote(name)}").fetchone()
    return int(rows), int(digest)
