"""Turns the deployment's settings into the data every page reads: a store written by ``python
-m analysis ingest``, or the corpus folder read into an in-memory database with the store's
schema, with this session's uploads joined to either (``analysis.store.memory``); and the key
of what it holds, under which every answer is cached (``dashboard.view``).

- The corpus folder is read once per content (each input file's path and hash), shared by every
  session: a document added, changed or removed is picked up at the next page load.
- A store is keyed by its version (its ingest generation, size and mtime): the page load after a
  re-ingest shows the new rows.
- A session's uploads are a small in-memory database of their own, keyed by their documents.

A folder that is missing or cannot be read, or a store that cannot be, gives an empty database
and one sentence saying why (``Data.problem``), never a traceback.
"""
from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from analysis.engine.documents import (DocumentError, check_input_file, iter_input_files,
                                printable_name, read_input_bytes)
from analysis.engine.frames import build_frames
from analysis.engine.pipeline import Progress, extract_folder
from analysis.engine.records import Extraction, Rejected
from analysis.store.database import Store, StoreError
from analysis.store.memory import MemoryStore, WithUploads
from dashboard.settings import settings
from dashboard.uploads import session_uploads


@dataclass(frozen=True)
class Data:
    """What the pages read: a ``source`` for ``analysis.store.query``, the ``key`` of what it
    holds (hashable; equal keys, equal answers), and a problem to show (None when read)."""

    source: object
    key: tuple
    problem: str | None = None


_HASHES: dict[tuple[str, int, int], str] = {}


def corpus_fingerprint(root: Path) -> str:
    """A hash of every input file's relative path and content under ``root`` ("" when the
    folder is missing). Contents are re-read only when a file's size or mtime changed.

    Only what the reader would read is opened (``check_input_file``): a pipe, a device, a
    link out of the folder or a file over the size limit counts by its refusal, unread, so
    that a FIFO or a link to ``/dev/zero`` cannot hang or fill the server."""
    if not root.is_dir():
        return ""
    digest = hashlib.sha1()
    for path in iter_input_files(root):
        try:
            info = check_input_file(path, root=root)
            key = (str(path), info.st_size, info.st_mtime_ns)
            if key not in _HASHES:
                _HASHES[key] = hashlib.sha1(read_input_bytes(path, root=root)).hexdigest()
            content = _HASHES[key]
        except DocumentError as exc:
            content = f"refused: {exc}"
        name = printable_name(path.relative_to(root).as_posix())
        digest.update(f"{name}\0{content}\n".encode())
    return digest.hexdigest()


#: How many extracted corpora (each folder content) the server keeps.
CORPORA_KEPT = 8


class _Corpora:
    """The folder corpora extracted so far, by (folder, fingerprint), shared by every session:
    the last ``CORPORA_KEPT`` used. One extraction per key at a time: a session asking for a
    corpus another is extracting waits for it instead of extracting it again. (Not
    ``st.cache_resource``: the count a cold load shows is drawn while the extraction runs, and
    a cached function may not draw into the page.)"""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.stores: OrderedDict[tuple[str, str], MemoryStore] = OrderedDict()
        self.loading: dict[tuple[str, str], threading.Lock] = {}

    def get(self, root: str, fingerprint: str, progress: Progress | None) -> MemoryStore:
        key = (root, fingerprint)
        with self.lock:
            if key in self.stores:
                self.stores.move_to_end(key)
                return self.stores[key]
            loading = self.loading.setdefault(key, threading.Lock())
        with loading:
            with self.lock:
                if key in self.stores:  # another session finished it meanwhile
                    return self.stores[key]
            store = MemoryStore(extract_folder(Path(root), progress=progress))
            with self.lock:
                self.stores[key] = store
                while len(self.stores) > CORPORA_KEPT:
                    self.stores.popitem(last=False)
                self.loading.pop(key, None)
            return store


@st.cache_resource(show_spinner=False)
def _corpora() -> _Corpora:
    return _Corpora()


def load_corpus(root: str, fingerprint: str, progress: Progress | None = None) -> MemoryStore:
    """Every document under ``root`` extracted into an in-memory database, once per content:
    ``fingerprint`` (the corpus's content) is the key, so that an added or changed document is
    read again. Shared by every session: nothing changes the database once written.
    ``progress`` hears how many documents are done while it is extracted."""
    return _corpora().get(root, fingerprint, progress)


def _read_with_a_count(root: Path, fingerprint: str) -> MemoryStore:
    """``load_corpus``, saying "Reading documents: 1,200 of 3,000" while a cold load runs (a
    corpus already read comes back at once and says nothing)."""
    box = st.empty()

    def tell(done: int, total: int) -> None:
        box.info(f"Reading documents: {done:,} of {total:,}…", icon=":material/hourglass_top:")

    try:
        return load_corpus(str(root), fingerprint, tell)
    finally:
        box.empty()


@st.cache_resource(show_spinner=False, max_entries=1)
def empty_corpus() -> MemoryStore:
    """A database with every table and no row (what a page shows when nothing can be read)."""
    return MemoryStore(build_frames([], []))


def store_version(folder: str) -> str:
    """The store's cache key: its generation, size and mtime ("" when no store is there).
    Raises ``StoreError`` when the store cannot be read (damaged, outdated, held too long)."""
    store = Store(folder)
    try:
        stat = store.path.stat()
    except OSError:
        return ""
    generation = _generation(folder, stat.st_size, stat.st_mtime_ns)
    return f"{generation}:{stat.st_size}:{stat.st_mtime_ns}"


@st.cache_data(show_spinner=False, max_entries=8)
def _generation(folder: str, _size: int, _mtime: int) -> str:
    return Store(folder).meta().get("generation", "")


def problem_sentence(exc: Exception) -> str:
    """A store error as the one sentence a page shows (capitalised, with a full stop)."""
    text = str(exc).strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _base() -> Data:
    """The corpus folder's or the store's data, without uploads."""
    cfg = settings()
    if cfg.store is not None:
        folder = cfg.store
        try:
            version = store_version(str(folder))
        except StoreError as exc:  # damaged, outdated or held too long: the sentence says why
            return Data(empty_corpus(), ("empty",), problem_sentence(exc))
        if not version:
            return Data(empty_corpus(), ("empty",),
                        f"The store {folder} does not exist: run `python -m analysis ingest "
                        f"INPUT_DIR --data {folder}` first.")
        return Data(Store(folder), ("store", str(folder), version))
    root = cfg.corpus
    if not root.exists():
        return Data(empty_corpus(), ("empty",), f"The corpus folder {root} does not exist.")
    if not root.is_dir():
        return Data(empty_corpus(), ("empty",), f"The corpus path {root} is not a folder.")
    try:
        fingerprint = corpus_fingerprint(root)
        return Data(_read_with_a_count(root, fingerprint), ("folder", str(root), fingerprint))
    except Exception as exc:  # an engine bug must not take every page down with a traceback
        return Data(empty_corpus(), ("empty",), f"The documents in {root} could not be "
                                                f"extracted ({type(exc).__name__}: {exc}).")


@st.cache_resource(show_spinner=False, max_entries=16)
def _uploads(key: tuple[str, ...], _extractions: list[Extraction],
             _rejected: list[Rejected]) -> MemoryStore:
    """One session's uploads in a database of their own (``key``: their documents and files)."""
    return MemoryStore(build_frames(_extractions, _rejected))


def current() -> Data:
    """The data this session's pages read: the store or the corpus folder, with this
    session's uploads joined."""
    base = _base()
    extractions, rejected = session_uploads()
    if not extractions and not rejected:
        return base
    key = tuple(e.document.doc_id for e in extractions) + tuple(f"{r.path}\0{r.reason}"
                                                               for r in rejected)
    return Data(WithUploads(base.source, _uploads(key, extractions, rejected)),
                base.key + (key,), base.problem)


__all__ = ["Data", "corpus_fingerprint", "current", "load_corpus", "problem_sentence",
           "store_version"]
