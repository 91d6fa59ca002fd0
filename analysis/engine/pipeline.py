"""Runs the extractors over documents: one document into an ``Extraction``, a folder into frames
(in this process), or a folder into the contract's CSV files (on a pool of processes).

``extract_document`` is a pure function of one ``Document`` (picklable in and out), so that the
same code serves one process, a process pool and a Dask cluster. ``write_folder`` with several
workers writes the same files as with one (the tests compare them byte for byte): each worker
reads and extracts a run of consecutive files and renders each document's rows as CSV lines
(``frames.csv_rows``), except its contacts and statements, which it returns as records; this
process applies ``read_folder``'s duplicate rule across runs, links the contacts and
statements of every document kept (``linking.link``: exchanges and statement groups, which
read across documents) and writes the lines in ``build_frames``'s order, by document path.
Neither side builds a frame, so this process does not even import pandas; with one worker,
this process does the work.
"""
from __future__ import annotations

import math
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from analysis.engine.documents import (IGNORED, DocumentError, iter_input_files, read_document,
                                       read_folder, relative_path)
from analysis.engine.extract import extract
from analysis.engine.frames import FRAME_NAMES, build_frames, csv_header, csv_rows
from analysis.engine.linking import link
from analysis.engine.records import Contact, Document, Extraction, Rejected, Statement

if TYPE_CHECKING:
    import pandas as pd

#: Most files per task sent to a worker: large enough that a task's overhead is small, small
#: enough to keep every worker busy to the end.
CHUNK_FILES = 50

#: Chosen automatically (``workers=None``), a pool is used only for folders of at least this
#: many files: below, one process is done before a pool would have paid for itself.
POOL_FROM = 50

#: The frames whose rows a worker renders per document, in the order the CSV files are written.
_DOCUMENT_FRAMES = ("documents", "countries", "actors", "events")


class ExtractionError(DocumentError):
    """A document that was read but could not be analysed (a fault of the engine, not of
    the file); the caller lists it as rejected instead of losing the rest of the corpus."""


def extract_document(doc: Document) -> Extraction:
    """Read countries, actors, contacts, statements and events out of one document.

    Raises ``ExtractionError`` (a ``DocumentError``) naming the fault if an extractor fails.
    """
    try:
        return extract(doc)
    except Exception as exc:  # noqa: BLE001 - any extractor fault becomes a rejection
        raise ExtractionError(f"the text could not be analysed ({type(exc).__name__}: {exc}); "
                              f"please report this document") from exc


#: A ``progress`` callback: (documents extracted so far, documents in all).
Progress = Callable[[int, int], None]


def extract_documents(docs: Iterable[Document], *, progress: Progress | None = None,
                      every: int = 25) -> tuple[list[Extraction], list[Rejected]]:
    """Extract every document, in order, in this process; the ones an extractor fails on
    come back as ``Rejected`` rows. ``progress`` (given a sized ``docs``) is called before
    the first document, after every ``every`` documents and after the last."""
    done: list[Extraction] = []
    failed: list[Rejected] = []
    total = len(docs) if progress is not None and isinstance(docs, Sized) else 0
    if progress is not None:
        progress(0, total)
    for n, doc in enumerate(docs, 1):
        try:
            done.append(extract_document(doc))
        except ExtractionError as exc:
            failed.append(Rejected(doc.path, str(exc)))
        if progress is not None and (n % every == 0 or n == total):
            progress(n, total)
    return done, failed


def extract_folder(root: Path, *, progress: Progress | None = None) -> dict[str, pd.DataFrame]:
    """Read and extract every document under ``root`` into the contract's frames, in this
    process; ``progress`` hears how many documents are done (``extract_documents``).

    Raises ``FileNotFoundError`` / ``NotADirectoryError`` when ``root`` is not a readable folder.
    """
    _check_folder(root)
    documents, rejected = read_folder(root)
    extractions, failed = extract_documents(documents, progress=progress)
    return build_frames(extractions, rejected + failed)


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system says it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class FolderRun(NamedTuple):
    """What ``write_folder`` wrote: the rows of each CSV file, and the processes that worked."""

    rows: dict[str, int]
    processes: int  # 1 when this process did the work
    ignored: int = 0  # rejected files that the corpus's ignore rules name


def write_folder(root: Path, out_dir: Path, *, workers: int | None = None) -> FolderRun:
    """Read and extract every document under ``root`` and write the contract's CSV files into
    ``out_dir``: the files ``write_frames(extract_folder(root))`` writes, without building
    frames, on several processes.

    ``workers``: processes to use; ``None`` chooses every core for a folder of ``POOL_FROM``
    files or more, this process for a smaller one. The files are the same whatever the number.
    Raises ``FileNotFoundError`` / ``NotADirectoryError`` when ``root`` is not a readable
    folder, and ``concurrent.futures.process.BrokenProcessPool`` when a worker dies (nothing
    is written then).
    """
    _check_folder(root)
    paths = list(iter_input_files(root))
    if workers is None:
        workers = available_cores() if len(paths) >= POOL_FROM else 1
    size = max(1, min(CHUNK_FILES, math.ceil(len(paths) / (4 * workers))))
    chunks = [paths[i:i + size] for i in range(0, len(paths), size)]
    processes = max(1, min(workers, len(chunks)))
    if processes == 1:
        rows, ignored = _write_chunks([_extract_chunk(root, paths)], out_dir)
        return FolderRun(rows, 1, ignored)
    rows, ignored = _write_chunks(list(_run_pool(root, chunks, processes)), out_dir)
    return FolderRun(rows, processes, ignored)


def _check_folder(root: Path) -> None:
    if not root.exists():
        raise FileNotFoundError(f"input folder {root} does not exist")
    if not root.is_dir():
        raise NotADirectoryError(f"input {root} is not a folder")


# -- the pool ---------------------------------------------------------------------------------

class _Chunk(NamedTuple):
    """What a worker returns for a run of files, in the order it was given them.

    ``files``: (path, doc_id, reason) per file: no doc_id and the reason for a file that
    cannot be read; a doc_id and a reason for a text the engine failed on; a doc_id alone for
    a document. ``lines``: for the run's first copy of each text that was extracted, its CSV
    lines in each frame of ``_DOCUMENT_FRAMES`` and its row counts there. ``linked``: for the
    same texts, the document's date, contacts and statements (linked by the parent)."""

    files: list[tuple[str, str | None, str | None]]
    lines: dict[str, tuple[tuple[str, ...], tuple[int, ...]]]
    linked: dict[str, tuple[date | None, list[Contact], list[Statement]]]


def _extract_chunk(root: Path, paths: Sequence[Path]) -> _Chunk:
    """Read and extract a run of files; each text once (its first copy in the run)."""
    files: list[tuple[str, str | None, str | None]] = []
    docs: list[Document] = []
    seen: set[str] = set()
    for path in paths:
        try:
            doc = read_document(path, root=root)
        except DocumentError as exc:
            files.append((relative_path(path, root), None, str(exc)))
            continue
        files.append((doc.path, doc.doc_id, None))
        if doc.doc_id not in seen:
            seen.add(doc.doc_id)
            docs.append(doc)
    extractions, failed = extract_documents(docs)
    if failed:
        reasons = {r.path: r.reason for r in failed}
        files = [(rel, doc_id, reasons.get(rel, reason)) for rel, doc_id, reason in files]
    lines = {}
    linked = {}
    for e in extractions:
        by_frame = {"documents": [e.document], "countries": e.countries, "actors": e.actors,
                    "events": e.events}
        lines[e.document.doc_id] = (
            tuple(csv_rows(name, by_frame[name]) for name in _DOCUMENT_FRAMES),
            tuple(len(by_frame[name]) for name in _DOCUMENT_FRAMES))
        linked[e.document.doc_id] = (e.document.date, e.contacts, e.statements)
    return _Chunk(files, lines, linked)


def _warm_engine() -> None:
    """Load the engine's tables, so that workers start with them (forked) or load them once."""
    extract_document(Document("warm", "warm.txt", None, "", 1, "Warm up."))


def _start_method() -> multiprocessing.context.BaseContext:
    """How to start workers: forked from this process when it runs no other thread (they
    start at once, with the engine already loaded); else from a fork server, a clean process
    that imports the engine once (a fork of a threaded process may inherit a lock another
    thread held); else spawned (systems without fork)."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["analysis.engine.pipeline"])
        return context
    return multiprocessing.get_context("spawn")


def _run_pool(root: Path, chunks: list[list[Path]], workers: int) -> Iterator[_Chunk]:
    """``_extract_chunk`` over ``chunks`` on ``workers`` processes; results in chunk order."""
    context = _start_method()
    if context.get_start_method() == "fork":
        _warm_engine()
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_warm_engine) as pool:
        yield from pool.map(_extract_chunk, [root] * len(chunks), chunks)


def _write_chunks(chunks: list[_Chunk], out_dir: Path) -> tuple[dict[str, int], int]:
    """Write the CSV files ``write_frames(build_frames(read_folder + extract_documents))``
    writes, from runs of files in ``iter_input_files``'s order: a text's first file keeps it,
    later copies are rejected as duplicates, rows are in document path order. Returns the rows
    written per file, and how many of the rejected files the ignore rules name."""
    rejected: list[Rejected] = []
    kept: list[tuple[str, int, str]] = []  # (path, chunk, doc_id) of each extracted document
    first_path: dict[str, str] = {}
    for index, chunk in enumerate(chunks):
        for rel, doc_id, reason in chunk.files:
            if doc_id is None:
                rejected.append(Rejected(rel, reason or ""))
            elif doc_id in first_path:
                rejected.append(Rejected(rel, f"the same text as {first_path[doc_id]}"))
            else:
                first_path[doc_id] = rel
                if reason:
                    rejected.append(Rejected(rel, reason))
                else:
                    kept.append((rel, index, doc_id))
    kept.sort()
    records = [chunks[index].linked[doc_id] for _, index, doc_id in kept]
    linked = link([c for _, contacts, _ in records for c in contacts],
                  [s for _, _, statements in records for s in statements],
                  {doc_id: chunks[index].linked[doc_id][0] for _, index, doc_id in kept})
    whole = {"rejected": sorted(rejected, key=lambda r: r.path), "contacts": linked.contacts,
             "statements": linked.statements, "exchanges": linked.exchanges}
    out_dir.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name in FRAME_NAMES:
        with open(out_dir / f"{name}.csv", "w", encoding="utf-8", newline="") as out:
            out.write(csv_header(name))
            if name in whole:
                out.write(csv_rows(name, whole[name]))
                counts[name] = len(whole[name])
                continue
            column = _DOCUMENT_FRAMES.index(name)
            counts[name] = 0
            for _, index, doc_id in kept:
                lines, rows = chunks[index].lines[doc_id]
                out.write(lines[column])
                counts[name] += rows[column]
    return counts, sum(r.reason.startswith(IGNORED) for r in rejected)
