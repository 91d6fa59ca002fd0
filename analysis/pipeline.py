"""Runs the extractors over documents: one document into an ``Extraction``, a folder into frames,
in this process or on a pool of processes.

``extract_document`` is a pure function of one ``Document`` (picklable in and out), so that the
same code serves one process, a process pool and a Dask cluster. ``extract_folder`` with
several workers gives the same frames as with one (the tests compare the CSV files byte for
byte): each worker reads and extracts a run of consecutive files and builds that run's frames;
this process then applies ``read_folder``'s duplicate rule across runs and puts the rows in
``build_frames``'s order.
"""
from __future__ import annotations

import math
import multiprocessing
import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from analysis.documents import (DocumentError, iter_input_files, read_document, read_folder,
                                relative_path)
from analysis.extract import extract
from analysis.frames import build_frames
from analysis.records import Document, Extraction, Rejected

#: Most files per task sent to a worker: large enough that a task's overhead (pickling its
#: frames back) is small, small enough to keep every worker busy to the end.
CHUNK_FILES = 50

#: Chosen automatically (``workers=None``), a pool is used only for folders of at least this
#: many files: starting one costs about as much as extracting a hundred documents.
POOL_FROM = 200


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


def extract_documents(docs: Iterable[Document]) -> tuple[list[Extraction], list[Rejected]]:
    """Extract every document, in order, in this process; the ones an extractor fails on
    come back as ``Rejected`` rows."""
    done: list[Extraction] = []
    failed: list[Rejected] = []
    for doc in docs:
        try:
            done.append(extract_document(doc))
        except ExtractionError as exc:
            failed.append(Rejected(doc.path, str(exc)))
    return done, failed


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system says it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class FolderRun(NamedTuple):
    """The frames of a folder and how they were made."""

    frames: dict[str, pd.DataFrame]
    processes: int  # 1 when this process did the work


def extract_folder(root: Path, *, workers: int | None = 1) -> dict[str, pd.DataFrame]:
    """Read and extract every document under ``root`` into the contract's frames.

    ``workers``: processes to use; ``None`` chooses every core for a folder of ``POOL_FROM``
    files or more and this process for a smaller one. The frames are the same whatever the
    number. Raises ``FileNotFoundError`` / ``NotADirectoryError`` when ``root`` is not a
    readable folder.
    """
    return run_folder(root, workers=workers).frames


def run_folder(root: Path, *, workers: int | None = 1) -> FolderRun:
    """``extract_folder``, saying how many processes did the work."""
    if not root.exists():
        raise FileNotFoundError(f"input folder {root} does not exist")
    if not root.is_dir():
        raise NotADirectoryError(f"input {root} is not a folder")
    if workers == 1:
        documents, rejected = read_folder(root)
        extractions, failed = extract_documents(documents)
        return FolderRun(build_frames(extractions, rejected + failed), 1)
    paths = list(iter_input_files(root))
    if workers is None:
        if len(paths) < POOL_FROM or available_cores() == 1:
            return run_folder(root, workers=1)
        workers = available_cores()
    size = max(1, min(CHUNK_FILES, math.ceil(len(paths) / (4 * workers))))
    chunks = [paths[i:i + size] for i in range(0, len(paths), size)]
    processes = max(1, min(workers, len(chunks)))
    return FolderRun(_merge(list(_run_pool(root, chunks, processes))), processes)


# -- the pool ---------------------------------------------------------------------------------

class _Chunk(NamedTuple):
    """What a worker returns for a run of files, in the order it was given them.

    ``files``: (path, doc_id, reason) per file: no doc_id and the reason for a file that
    cannot be read; a doc_id and a reason for a text the engine failed on; a doc_id alone for
    a document. ``frames``: ``build_frames`` of the run's first copy of each text."""

    files: list[tuple[str, str | None, str | None]]
    frames: dict[str, pd.DataFrame]


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
    return _Chunk(files, build_frames(extractions))


def _warm_engine() -> None:
    """Load the engine's tables once in the fork server, so that each worker starts with them."""
    extract_document(Document("warm", "warm.txt", None, "", 1, "Warm up."))


def _start_method() -> multiprocessing.context.BaseContext:
    """How to start workers: forked from this process when it runs no other thread (they
    start at once, with the engine already imported); else from a fork server, a clean
    process that imports the engine once (a fork of a threaded process may inherit a lock
    another thread held); else spawned (systems without fork)."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["analysis.pipeline"])
        return context
    return multiprocessing.get_context("spawn")


def _run_pool(root: Path, chunks: list[list[Path]], workers: int) -> Iterator[_Chunk]:
    """``_extract_chunk`` over ``chunks`` on ``workers`` processes; results in chunk order."""
    with ProcessPoolExecutor(workers, mp_context=_start_method(),
                             initializer=_warm_engine) as pool:
        yield from pool.map(_extract_chunk, [root] * len(chunks), chunks)


def _merge(chunks: list[_Chunk]) -> dict[str, pd.DataFrame]:
    """The frames ``build_frames(read_folder + extract_documents)`` gives, from runs of files
    in ``iter_input_files``'s order: a text's first file keeps it, later copies are rejected
    as duplicates, and rows are ordered by document path."""
    rejected: list[Rejected] = []
    first_path: dict[str, str] = {}
    first_chunk: dict[str, int] = {}
    dropped: list[set[str]] = [set() for _ in chunks]
    for index, chunk in enumerate(chunks):
        for rel, doc_id, reason in chunk.files:
            if doc_id is None:
                rejected.append(Rejected(rel, reason or ""))
            elif doc_id in first_path:
                rejected.append(Rejected(rel, f"the same text as {first_path[doc_id]}"))
                if first_chunk[doc_id] != index:
                    dropped[index].add(doc_id)
            else:
                first_path[doc_id], first_chunk[doc_id] = rel, index
                if reason:
                    rejected.append(Rejected(rel, reason))
    empty = build_frames([], rejected)
    frames = {"rejected": empty["rejected"]}
    for name, frame in empty.items():
        if name == "rejected":
            continue
        parts = [frame] + [_without(c.frames[name], drop) for c, drop in zip(chunks, dropped)]
        frames[name] = pd.concat(parts, ignore_index=True)
    path_of = dict(zip(frames["documents"]["doc_id"], frames["documents"]["path"]))
    for name, frame in frames.items():
        if name == "rejected" or frame.empty:
            continue
        keys = frame["path"] if name == "documents" else frame["doc_id"].map(path_of)
        order = np.argsort(keys.to_numpy(dtype=object), kind="stable")
        frames[name] = frame.take(order).reset_index(drop=True)
    return frames


def _without(frame: pd.DataFrame, doc_ids: set[str]) -> pd.DataFrame:
    """``frame`` without the rows of ``doc_ids``."""
    return frame[~frame["doc_id"].isin(doc_ids)] if doc_ids else frame
