"""Turns a folder of documents into the store: new or changed files are read and extracted (in
parallel), unchanged ones skipped, and the result is the same frames a one-process run gives.

How a re-ingest decides what to do, cheapest test first:

1. ``stat`` every input file; a path whose size and mtime match the manifest (``_files``) is
   not read at all.
2. A file that is read is hashed (``doc_id_for``, the content hash); a text already in the
   store (a touched file, a copy, a rename) is not extracted again.
3. Only new texts go through ``extract_documents``, in chunks of ``CHUNK_SIZE`` files, on a
   runner: in this process (``SerialRunner``), a process pool over every core
   (``ProcessRunner``, the default) or a Dask cluster (``analysis.store.dask_engine.DaskRunner``).
   Each chunk runs the same pure function, ``process_chunk``; results are written in
   batches, each in one transaction with its manifest rows, in whatever order they finish.
4. At the end (``_finish``), documents no file holds any more are deleted, each text is kept
   under the first path holding it (as ``read_folder`` does), ``rejected`` is rebuilt, and the
   exchanges and statement groups of the keys the run touched are relinked
   (``analysis.store.relink``: every batch records the keys of the rows it adds or deletes).

What keeps the store whole when things go wrong:

- One ingest writes to a data folder at a time (``Store.write_lock``, a ``flock`` that the
  system releases however the holder ends); a second one stops with a sentence naming the
  first. A document already stored is never inserted again, and documents stored twice (by
  two ingests at once before the lock) are forgotten and read again by the next run.
- A run that has written batches records ``finish = pending`` in ``_meta`` until its final step
  commits, so the next run finishes the job even when it has no file to read.
- A rebuild (``full``, a new engine or schema, or the first ingest) writes a new database
  beside the store (``NEXT_NAME``) and replaces the store with it in one rename at the end:
  readers see the old data, complete, until then. A rebuild killed half-way is continued by
  the next run (``full`` starts it again).
- Files are kept under ``printable_name`` (a name that is not UTF-8 is stored escaped) and
  read by their real name.

The stored frames do not depend on the runner, the worker count or the completion order: they
read back (``Store.load_frames``) equal to ``build_frames`` over ``read_folder`` of the same
folder, which the tests check.
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Container, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pandas as pd

from analysis.engine import frames as frames_module
from analysis.engine.documents import (IGNORED, DocumentError, ignore_rules, ignored_by,
                                       iter_input_files, printable_name, read_document)
from analysis.engine.frames import build_frames
from analysis.engine.pipeline import extract_documents
from analysis.engine.records import Rejected
from analysis.store.database import (NEXT_NAME, Store, StoreError, create_tables, drop_all,
                                     insert_frame, stored_rows)
from analysis.store.links import ensure_links, mark_links_current, update_links
from analysis.store.relink import mark, relink
from analysis.store.schema import (DERIVED_TABLES, DOCUMENT_FRAMES, GLOBAL_FRAMES,
                                   SCHEMA_VERSION, read_meta, table_exists, write_meta)

#: Files per task sent to a worker: large enough to amortise building frames, small enough to
#: keep every core busy to the end.
CHUNK_SIZE = 100

#: Files whose results are written to the store in one transaction.
BATCH_FILES = 2000

#: Below this many files to read, the local engine works in this process (a pool costs ~1 s
#: to start); a Dask runner is always used as asked.
SERIAL_BELOW = 2 * CHUNK_SIZE

_FILE_COLUMNS = ["path", "size", "mtime_ns", "doc_id", "encoding", "reason"]


class IngestError(RuntimeError):
    """The input folder cannot be ingested; the message says why."""


#: The folder of the extraction engine: its modules and tables. Stored extractions are valid
#: only for the engine that made them.
ENGINE = Path(__file__).resolve().parent.parent / "engine"


def engine_fingerprint() -> str:
    """Return a short hash of the extraction engine: its modules, its tables, its columns and
    the store's schema. An ingest that finds another fingerprint extracts every document again.
    """
    digest = hashlib.sha1(SCHEMA_VERSION.encode())
    digest.update(repr(frames_module.COLUMNS).encode())
    for path in sorted(ENGINE.rglob("*")):
        rel = path.relative_to(ENGINE)
        if (not path.is_file() or "__pycache__" in rel.parts or path.suffix in (".pyc", ".swp")
                or path.name.startswith(".")):
            continue
        digest.update(rel.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


@dataclass
class ChunkResult:
    """What ``process_chunk`` returns for one chunk of files.

    ``files`` has one (path, doc_id, encoding, reason) per file: doc_id for a document, reason
    for a rejected file. ``frames`` holds the per-document frames (``documents`` and the
    extraction frames, with ``_seq``) of the texts that were extracted, or is empty.
    """

    files: list[tuple[str, str | None, str | None, str | None]]
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    extracted: int = 0


@dataclass
class IngestSummary:
    """Counts and timing of one ingest."""

    files: int = 0        # input files found
    read: int = 0         # files whose bytes were read (new or changed size/mtime)
    new: int = 0          # texts extracted and added to the store
    unchanged: int = 0    # files whose text the store already held (by stat or by hash)
    rejected: int = 0     # files in `rejected` after the ingest (unparseable or duplicates)
    ignored: int = 0      # of those, files the corpus's ignore rules name (not read)
    removed: int = 0      # documents deleted because no file holds their text any more
    documents: int = 0    # documents in the store after the ingest
    words: int = 0        # words of the new documents
    seconds: float = 0.0
    engine: str = "local"
    workers: int = 1
    rebuilt: bool = False  # every document was extracted again (engine changed, or --full)
    repaired: int = 0      # documents stored twice (by two ingests at once), stored once again

    def line(self) -> str:
        """The one-line summary the command prints."""
        rate = f", {self.new / self.seconds:,.0f} new docs/s" if self.new and self.seconds else ""
        return (f"{self.files:,} files: {self.read:,} read, {self.new:,} new, "
                f"{self.unchanged:,} unchanged, {self.rejected:,} rejected"
                + (f" ({self.ignored:,} ignored)" if self.ignored else "")
                + f", {self.removed:,} "
                f"removed; {self.documents:,} documents in store"
                + (f", {self.repaired:,} stored twice repaired" if self.repaired else "")
                + f" ({self.seconds:.1f} s, "
                f"{self.engine}, {self.workers} worker{'s' if self.workers != 1 else ''}{rate})")


# -- the pure per-chunk function (runs in workers) ------------------------------------------

def process_chunk(root: str, paths: Sequence[str],
                  known: Container[str] = frozenset()) -> ChunkResult:
    """Read ``paths`` (relative to ``root``) and extract every text not in ``known``.

    Pure apart from reading the files: the same arguments give the same result in any process.

    >>> process_chunk("seeds", []).files
    []
    """
    base = Path(root)
    files: list[tuple[str, str | None, str | None, str | None]] = []
    docs = []
    seen: set[str] = set()
    for rel in paths:
        try:
            doc = read_document(base / rel, root=base)
        except DocumentError as exc:
            files.append((rel, None, None, str(exc)))
            continue
        files.append((rel, doc.doc_id, doc.encoding, None))
        if doc.doc_id in known or doc.doc_id in seen:
            continue
        seen.add(doc.doc_id)
        docs.append(doc)
    if not docs:
        return ChunkResult(files)
    extractions, failed = extract_documents(docs)
    if failed:
        # An engine fault on one text: its files are rejected with the reason, not lost.
        reasons = {d.doc_id: r.reason for d, r in
                   ((next(d for d in docs if d.path == r.path), r) for r in failed)}
        files = [(rel, None, None, reasons[doc_id]) if doc_id in reasons else
                 (rel, doc_id, enc, err) for rel, doc_id, enc, err in files]
        docs = [d for d in docs if d.doc_id not in reasons]
        if not docs:
            return ChunkResult(files)
    rows = stored_rows({name: frame for name, frame in build_frames(extractions).items()
                        if name not in GLOBAL_FRAMES})
    return ChunkResult(files, rows, len(docs))


# -- runners: map process_chunk over chunks, yield results as they finish -------------------

class SerialRunner:
    """Runs every chunk in this process, in order."""

    name = "serial"
    workers = 1

    def run(self, root: str, chunks: Iterable[Sequence[str]],
            known: frozenset[str]) -> Iterator[ChunkResult]:
        for chunk in chunks:
            yield process_chunk(root, chunk, known)


_WORKER_STATE: dict[str, object] = {}


def _init_worker(root: str, known: frozenset[str], parent: int) -> None:
    _WORKER_STATE["root"], _WORKER_STATE["known"] = root, known
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True,
                     name="exit-with-parent").start()


def _exit_with_parent(parent: int) -> None:
    """End this worker when the ingest that started it is gone (killed with -9, it cannot
    stop its pool; an orphan worker would otherwise wait for work for ever)."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _worker_chunk(paths: Sequence[str]) -> ChunkResult:
    return process_chunk(_WORKER_STATE["root"], paths, _WORKER_STATE["known"])


class ProcessRunner:
    """Runs chunks on a pool of ``workers`` processes (default: every core), a few chunks in
    flight per worker so that memory stays bounded."""

    name = "local"

    def __init__(self, workers: int | None = None):
        self.workers = max(1, workers or os.cpu_count() or 1)

    def run(self, root: str, chunks: Iterable[Sequence[str]],
            known: frozenset[str]) -> Iterator[ChunkResult]:
        # "spawn": workers start clean, whatever threads (DuckDB, tqdm) this process runs.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(self.workers, mp_context=context, initializer=_init_worker,
                                 initargs=(root, known, os.getpid())) as pool:
            pending: set = set()
            for chunk in chunks:
                pending.add(pool.submit(_worker_chunk, list(chunk)))
                if len(pending) >= 3 * self.workers:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    yield from (f.result() for f in done)
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                yield from (f.result() for f in done)


# -- the ingest -----------------------------------------------------------------------------

def path_order(rel: str) -> tuple[str, ...]:
    """Sort key giving ``iter_input_files``'s order (``Path`` ordering: part by part)."""
    return PurePosixPath(rel).parts


#: A test hook, never set in use: ``kill:STEP`` makes the ingest kill itself with SIGKILL at
#: STEP; ``hold:STEP:GATE`` writes GATE.reached (holding its process id) at STEP and waits
#: there until a file GATE exists. Steps: ``extract`` (the store opened, nothing read yet),
#: ``result`` (a chunk's result back from the runner, its workers running), ``batch`` (a
#: batch extracted, not yet written), ``before-finish``, ``in-finish`` (inside
#: the final step's transaction) and ``swap`` (a rebuild written aside, not yet swapped in).
FAULT_SETTING = "READOUT_FAULT"


def _step(name: str) -> None:
    spec = os.environ.get(FAULT_SETTING)
    if not spec:
        return
    action, _, rest = spec.partition(":")
    step, _, gate = rest.partition(":")
    if step != name:
        return
    if action == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    elif action == "hold" and gate:
        Path(gate + ".reached").write_text(str(os.getpid()))
        while not os.path.exists(gate):
            time.sleep(0.05)


@dataclass
class _Scan:
    """The input files found: per file (its real path relative to the root, which may hold
    bytes that are not UTF-8), the name the store keeps for it (``printable_name``, made
    unique) and its size and mtime."""

    stat: dict[str, tuple[int, int]] = field(default_factory=dict)  # key -> (size, mtime_ns)
    real: dict[str, str] = field(default_factory=dict)              # key -> real relative path


def _scan(root: Path) -> _Scan:
    found = _Scan()
    rules = ignore_rules(root)
    for path in iter_input_files(root):
        real = path.relative_to(root).as_posix()
        key = printable_name(real)
        n = 1
        while key in found.real:  # two names that print the same (not UTF-8): keep both
            n += 1
            key = f"{printable_name(real)} ({n})"
        try:
            if ignored_by(real, is_dir=path.is_dir() and not path.is_symlink(), rules=rules):
                # not read: a fixed stat, so that a file the rules start or stop ignoring
                # counts as changed and is read again
                found.stat[key] = (-2, -2)
            else:
                st = path.stat()
                found.stat[key] = (st.st_size, st.st_mtime_ns)
        except OSError:
            found.stat[key] = (-1, -1)  # unreadable: read_document will say why
        found.real[key] = real
    return found


def _chunks(paths: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(paths), size):
        yield paths[start:start + size]


def _delete_docs(con, doc_ids: Iterable[str], frame_names: Iterable[str]) -> list[str]:
    """Delete documents (and their rows in every frame) among ``doc_ids`` that no file
    references any more; returns the ids deleted."""
    candidates = pd.DataFrame({"doc_id": pd.Series(sorted(set(doc_ids)), dtype="string")})
    if candidates.empty:
        return []
    con.register("_cand", candidates)
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE _gone AS SELECT doc_id FROM _cand WHERE doc_id "
                    "NOT IN (SELECT doc_id FROM _files WHERE doc_id IS NOT NULL)")
        gone = [d for (d,) in con.execute("SELECT DISTINCT doc_id FROM documents WHERE doc_id IN "
                                           "(SELECT doc_id FROM _gone)").fetchall()]
        mark(con, "r.doc_id IN (SELECT doc_id FROM _gone)")  # their keys are relinked
        for name in frame_names:
            con.execute(f'DELETE FROM "{name}" WHERE doc_id IN (SELECT doc_id FROM _gone)')
        con.execute("DROP TABLE _gone")
    finally:
        con.unregister("_cand")
    return gone


def _repair_duplicates(con, frame_names: Iterable[str]) -> int:
    """Forget every document stored more than once, and every file listed more than once
    (what two ingests writing at once left before the lock existed): their rows go, and
    their files leave the manifest, so that this run reads and stores them once. Returns
    how many documents were forgotten."""
    ids = {d for (d,) in con.execute(
        "SELECT doc_id FROM documents GROUP BY doc_id HAVING count(*) > 1").fetchall()}
    paths = [p for (p,) in con.execute(
        "SELECT path FROM _files GROUP BY path HAVING count(*) > 1").fetchall()]
    if paths:
        frame = pd.DataFrame({"path": pd.Series(paths, dtype="string")})
        con.register("_dup_paths", frame)
        ids |= {d for (d,) in con.execute(
            "SELECT DISTINCT doc_id FROM _files WHERE doc_id IS NOT NULL AND path IN "
            "(SELECT path FROM _dup_paths)").fetchall()}
        con.execute("DELETE FROM _files WHERE path IN (SELECT path FROM _dup_paths)")
        con.unregister("_dup_paths")
    if ids:
        frame = pd.DataFrame({"doc_id": pd.Series(sorted(ids), dtype="string")})
        con.register("_dup_ids", frame)
        mark(con, "r.doc_id IN (SELECT doc_id FROM _dup_ids)")
        con.execute("DELETE FROM _files WHERE doc_id IN (SELECT doc_id FROM _dup_ids)")
        for name in frame_names:
            con.execute(f'DELETE FROM "{name}" WHERE doc_id IN (SELECT doc_id FROM _dup_ids)')
        con.unregister("_dup_ids")
    return len(ids)


#: ``_meta`` key set while a run has written batches whose final step (``_finish``) has not
#: run yet; the next run finishes the job even when it reads no file.
_PENDING = "finish"


class _Ingest:
    """One ingest run: holds the state shared by the batch writes.

    ``self.store`` is the store written: the live one for an incremental run, or, for a
    rebuild (``--full``, a new engine or schema), a new database beside it that replaces the
    live one in one rename at the end (``Store.replace_with``), so that readers keep the old
    data until the new is complete.
    """

    def __init__(self, root: Path, store: Store, runner, *, full: bool, progress: bool,
                 chunk_size: int, batch_files: int, serial_below: int):
        self.root, self.live, self.store, self.runner = root, store, store, runner
        self.serial_below = serial_below
        self.full, self.progress = full, progress
        self.chunk_size, self.batch_files = chunk_size, batch_files
        self.summary = IngestSummary(engine=runner.name, workers=runner.workers)

    def run(self) -> IngestSummary:
        started = time.perf_counter()
        found = _scan(self.root)
        scanned = found.stat
        self.real = found.real
        self.key_of = {real: key for key, real in found.real.items()}
        self.summary.files = len(scanned)
        manifest, removed, pending = self._open(scanned)
        _step("extract")
        to_read = sorted((p for p, st in scanned.items() if manifest.get(p, (None,))[0:2] != st),
                         key=path_order)
        self.summary.read = len(to_read)
        self.summary.unchanged = len(scanned) - len(to_read)
        if to_read:
            self._extract(to_read, scanned, manifest)
        if to_read or removed or pending or self.summary.rebuilt:
            _step("before-finish")
            self._finish()
        else:
            with self.store.reader() as con:
                self.summary.rejected, self.summary.ignored = con.execute(
                    "SELECT count(*), count(*) FILTER (WHERE starts_with(reason, ?)) "
                    "FROM rejected", [IGNORED]).fetchall()[0]
                self.summary.documents = con.execute(
                    "SELECT count(*) FROM documents").fetchall()[0][0]
        if self.store is not self.live:
            _step("swap")
            self.live.replace_with(self.store)
            self.store = self.live
        self.summary.seconds = time.perf_counter() - started
        return self.summary

    def _current(self, store: Store, fingerprint: str) -> tuple[bool, dict[str, str]]:
        """Whether ``store`` holds extractions of this engine and schema with a manifest (an
        incremental run can continue it), and its meta ({} when it does not exist)."""
        if not store.exists():
            return False, {}
        with store.inspector() as con:
            meta = read_meta(con)
            manifest = table_exists(con, "_files")
        return (manifest and meta.get("schema") == SCHEMA_VERSION
                and meta.get("engine") == fingerprint), meta

    def _target(self, fingerprint: str) -> tuple[bool, dict[str, str]]:
        """Choose the database this run writes: the live store for an incremental run, else
        the rebuild beside it (``NEXT_NAME``): a new one, or the one a killed run left, which
        this run continues (unless ``--full``). Returns (start a new database, live meta)."""
        current, meta = self._current(self.live, fingerprint)
        if current and not self.full:
            return False, meta
        self.summary.rebuilt = bool(meta)
        self.store = Store(self.live.folder, wait=self.live.wait, name=NEXT_NAME)
        if not self.full:
            try:
                if self._current(self.store, fingerprint)[0]:
                    return False, meta  # a rebuild left by a killed run: go on with it
            except StoreError:
                pass  # damaged by the kill: start it again
        self.store.remove()
        return True, meta

    def _open(self, scanned: dict[str, tuple[int, int]]):
        """Choose the database to write (``_target``); load the manifest; repair duplicates;
        forget removed files."""
        fingerprint = engine_fingerprint()
        self.frame_names = [*DOCUMENT_FRAMES, *DERIVED_TABLES]
        rebuild, meta = self._target(fingerprint)
        pending = False
        with self.store.writer() as con:
            if rebuild:
                drop_all(con)
                create_tables(con)
                write_meta(con, {"schema": SCHEMA_VERSION, "engine": fingerprint,
                                 "frames": json.dumps(list(frames_module.COLUMNS)),
                                 "generation": int(meta.get("generation", 0)) + 1})
            else:
                ensure_links(con)  # a store from before the derived link columns
                pending = read_meta(con).get(_PENDING) == "pending"
                self.summary.repaired = _repair_duplicates(con, self.frame_names)
                pending = pending or bool(self.summary.repaired)
            write_meta(con, {"root": str(self.root.resolve())})
            manifest = {p: (s, m, d) for p, s, m, d in con.execute(
                "SELECT path, size, mtime_ns, doc_id FROM _files").fetchall()}
            removed = sorted(set(manifest) - set(scanned))
            if removed:
                gone_ids = [manifest[p][2] for p in removed if manifest[p][2]]
                con.register("_removed", pd.DataFrame({"path": pd.Series(removed, dtype="string")}))
                con.execute("DELETE FROM _files WHERE path IN (SELECT path FROM _removed)")
                con.unregister("_removed")
                self.summary.removed += len(_delete_docs(con, gone_ids, self.frame_names))
                write_meta(con, {_PENDING: "pending"})
            self.stored = {d for (d,) in con.execute("SELECT doc_id FROM documents").fetchall()}
        return manifest, removed, pending
    def _extract(self, to_read: list[str], scanned, manifest) -> None:
        initial = frozenset(self.stored)
        bar = None
        if self.progress:
            from tqdm import tqdm
            bar = tqdm(total=len(to_read), unit="file", desc="ingest", smoothing=0.05)
        runner = self.runner
        if isinstance(runner, ProcessRunner) and len(to_read) < self.serial_below:
            runner = SerialRunner()
            self.summary.engine, self.summary.workers = "serial (few files)", 1
        batch: list[ChunkResult] = []
        pending_files = 0
        try:
            real = [self.real[key] for key in to_read]
            results = runner.run(str(self.root), _chunks(real, self.chunk_size), initial)
            for result in results:
                _step("result")
                for _, doc_id, _, _ in result.files:
                    if doc_id is not None and doc_id in initial:
                        self.summary.unchanged += 1
                batch.append(result)
                pending_files += len(result.files)
                if bar is not None:
                    bar.update(len(result.files))
                if pending_files >= self.batch_files:
                    _step("batch")
                    self._write(batch, scanned, manifest)
                    batch, pending_files = [], 0
            if batch:
                _step("batch")
                self._write(batch, scanned, manifest)
        finally:
            if bar is not None:
                bar.close()

    def _write(self, batch: list[ChunkResult], scanned, manifest) -> None:
        """Write a batch of chunk results and their manifest rows in one transaction."""
        key = self.key_of
        rows = [(key[p], *scanned[key[p]], d, e, r) for res in batch for (p, d, e, r) in res.files]
        files = pd.DataFrame(rows, columns=_FILE_COLUMNS)
        for column in ("path", "doc_id", "encoding", "reason"):
            files[column] = files[column].astype("string")
        # The new texts of this batch, each once (two files with one new text can land in
        # two chunks: the first result's rows are kept).
        parts: dict[str, list[pd.DataFrame]] = {name: [] for name in self.frame_names}
        seen = set(self.stored)
        new_ids: list[str] = []
        for res in batch:
            if not res.frames:
                continue
            mine = [d for d in res.frames["documents"]["doc_id"] if d not in seen]
            if not mine:
                continue
            seen.update(mine)
            new_ids.extend(mine)
            keep = set(mine)
            for name in self.frame_names:
                frame = res.frames.get(name)
                if frame is not None and not frame.empty:
                    parts[name].append(frame[frame["doc_id"].isin(keep)])
        frames = {name: pd.concat(p, ignore_index=True) for name, p in parts.items() if p}
        old_ids = [manifest[p][2] for p, *_ in rows if p in manifest and manifest[p][2]]
        with self.store.writer() as con:
            if new_ids:  # never a second copy of a stored document, whoever stored it
                con.register("_new_ids", pd.DataFrame({"doc_id": pd.Series(new_ids,
                                                                           dtype="string")}))
                there = {d for (d,) in con.execute(
                    "SELECT DISTINCT doc_id FROM documents WHERE doc_id IN "
                    "(SELECT doc_id FROM _new_ids)").fetchall()}
                con.unregister("_new_ids")
                if there:
                    new_ids = [d for d in new_ids if d not in there]
                    frames = {name: frame[~frame["doc_id"].isin(there)]
                              for name, frame in frames.items()}
            write_meta(con, {_PENDING: "pending"})
            con.register("_paths", files[["path"]])
            con.execute("DELETE FROM _files WHERE path IN (SELECT path FROM _paths)")
            con.unregister("_paths")
            con.register("_newfiles", files)
            con.execute("INSERT INTO _files SELECT * FROM _newfiles")
            con.unregister("_newfiles")
            for name, frame in frames.items():
                insert_frame(con, name, frame)
            if new_ids:  # linked within their chunk only: relinked with the corpus at the end
                con.register("_new_ids", pd.DataFrame({"doc_id": pd.Series(new_ids,
                                                                           dtype="string")}))
                mark(con, "r.doc_id IN (SELECT doc_id FROM _new_ids)")
                con.unregister("_new_ids")
            update_links(con, new_ids)
            gone = _delete_docs(con, old_ids, self.frame_names)
        self.stored |= set(new_ids)
        self.stored -= set(gone)
        self.summary.removed += len(gone)
        self.summary.new += len(new_ids)
        if "documents" in frames and "words" in frames["documents"]:
            self.summary.words += int(frames["documents"]["words"].sum())

    def _finish(self) -> None:
        """Give each text its first path, rebuild ``rejected``, bump the generation."""
        with self.store.writer() as con:
            files = con.execute("SELECT path, doc_id, encoding, reason FROM _files").fetchall()
            files.sort(key=lambda row: path_order(row[0]))
            canonical: dict[str, tuple[str, str]] = {}
            rejected: list[Rejected] = []
            for path, doc_id, encoding, reason in files:
                if doc_id is None:
                    rejected.append(Rejected(path, reason or "the file could not be read"))
                elif doc_id in canonical:
                    rejected.append(Rejected(path, f"the same text as {canonical[doc_id][0]}"))
                else:
                    canonical[doc_id] = (path, encoding)
            canon = pd.DataFrame([(d, p, e) for d, (p, e) in canonical.items()],
                                 columns=["doc_id", "path", "encoding"]).astype("string")
            columns = {c for (c,) in con.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = 'documents'").fetchall()}
            sets = ["path = c.path"] + (["encoding = c.encoding"] if "encoding" in columns else [])
            differs = " OR ".join(f"documents.{s.split(' = ')[0]} IS DISTINCT FROM "
                                  f"c.{s.split(' = ')[0]}" for s in sets)
            con.register("_canon", canon)
            # a text under another path sorts elsewhere: its keys are relinked in the new order
            mark(con, "r.doc_id IN (SELECT c.doc_id FROM _canon c JOIN documents d "
                      "USING (doc_id) WHERE d.path IS DISTINCT FROM c.path)")
            con.execute(f"UPDATE documents SET {', '.join(sets)} FROM _canon c "
                        f"WHERE documents.doc_id = c.doc_id AND ({differs})")
            con.unregister("_canon")
            stored = [d for (d,) in con.execute("SELECT doc_id FROM documents").fetchall()]
            self.summary.removed += len(_delete_docs(
                con, [d for d in stored if d not in canonical], self.frame_names))
            con.execute("DELETE FROM rejected")
            insert_frame(con, "rejected", build_frames([], rejected)["rejected"])
            relink(con)  # the exchanges and statement groups of the keys this run touched
            generation = int(read_meta(con).get("generation", 0)) + 1
            write_meta(con, {"generation": generation})
            mark_links_current(con)  # each batch kept them current
            con.execute("DELETE FROM _meta WHERE key = ?", [_PENDING])
            self.summary.rejected = len(rejected)
            self.summary.ignored = sum(r.reason.startswith(IGNORED) for r in rejected)
            self.summary.documents = con.execute(
                "SELECT count(*) FROM documents").fetchall()[0][0]
            _step("in-finish")


def ingest(root: str | os.PathLike[str], store: Store | str | os.PathLike[str] | None = None, *,
           runner=None, workers: int | None = None, full: bool = False, progress: bool = False,
           chunk_size: int = CHUNK_SIZE, batch_files: int = BATCH_FILES,
           serial_below: int = SERIAL_BELOW, wait: float = 0.0) -> IngestSummary:
    """Ingest every document under ``root`` into ``store`` (a ``Store`` or a data folder;
    default ``$READOUT_DATA`` or ``./data``); returns the counts.

    ``runner`` is where chunks run (default: a ``ProcessRunner`` of ``workers`` processes, every
    core when None); ``full`` extracts every document again. With the default process pool,
    fewer than ``serial_below`` files to read run in this process (same output, no pool to
    start). One ingest writes to a data folder at a time: another one holding it makes this
    one wait up to ``wait`` seconds, then raise ``StoreLocked`` naming it. Raises
    ``IngestError`` when ``root`` is not a readable folder, ``StoreError`` (with the fix in
    its message) when the store is damaged or cannot be written.

    >>> ingest("seeds", "/tmp/readout-doc-store").files  # doctest: +SKIP
    1
    """
    base = Path(root)
    if not base.exists():
        raise IngestError(f"input folder {base} does not exist")
    if not base.is_dir():
        raise IngestError(f"input {base} is not a folder")
    if not os.access(base, os.R_OK | os.X_OK):
        raise IngestError(f"input folder {base} is not readable")
    target = store if isinstance(store, Store) else Store(store)
    with target.write_lock(wait=wait):
        return _Ingest(base, target, runner or ProcessRunner(workers), full=full,
                       progress=progress, chunk_size=chunk_size, batch_files=batch_files,
                       serial_below=serial_below).run()
