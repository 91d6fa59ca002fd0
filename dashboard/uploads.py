"""Reads uploaded files into documents for one session: a zip expanded one member at a time,
every file within the limits or refused with the reason, a duplicate refused, and what was
read kept in the session (or handed to ``dashboard.saving`` to write into the corpus).

Uploads are read by the same reader as a corpus folder (``analysis.engine.documents``), so an uploaded
file gives the same document (text, date, title, ``doc_id``) as that file in the corpus; only
its path differs (``upload/NAME``, a label, never used as a path).
"""
from __future__ import annotations

import ctypes
import ctypes.util
import gc
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import streamlit as st

from analysis.engine.documents import MAX_BYTES, DocumentError, decode, parse_text, printable_name
from analysis.engine.pipeline import extract_document
from analysis.engine.records import Extraction, Rejected
from dashboard.saving import SAVED_TYPES, save_to_corpus
from dashboard.settings import settings

#: The suffixes of the files an upload may hold: documents, and zips of them.
UPLOAD_TYPES = [*SAVED_TYPES, "zip"]
#: One submission (all its files, zips unpacked) is read up to this many bytes in all, one
#: document at a time (each up to the reader's MAX_BYTES), so that small archives of highly
#: compressed files cannot fill the server's memory.
MAX_UNZIPPED = 100_000_000
#: A session keeps at most this many characters of uploaded text (uploads that stay in the
#: session live in the server's memory until the session ends).
MAX_SESSION_CHARS = 20_000_000


class UploadBudget:
    """The bytes one submission may still unpack, shared by all its files: eight archives
    get ``MAX_UNZIPPED`` between them, not each."""

    def __init__(self, total: int | None = None):
        self.total, self.used = MAX_UNZIPPED if total is None else total, 0

    @property
    def spent(self) -> bool:
        """True once more than ``total`` bytes were read: the next files are not read."""
        return self.used > self.total

    def take(self, size: int) -> None:
        self.used += size


def _hidden(member: str) -> bool:
    """A hidden file or folder of an archive (a part of its name, split on ``/`` or ``\\``,
    starts with a dot, or macOS metadata), which is skipped as a folder's hidden files are;
    ``..`` is no such part: ``..\\..\\x.txt`` is the document ``x.txt``."""
    parts = re.split(r"[/\\]", member)
    return "__MACOSX" in parts or any(p.startswith(".") and p not in (".", "..") for p in parts)


def _upload_count(name: str, raw: bytes) -> int:
    """How many documents ``iter_upload`` will give for one file (for the progress bar)."""
    if not name.lower().endswith(".zip"):
        return 1
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return max(1, sum(1 for i in archive.infolist()
                              if not i.is_dir() and not _hidden(i.filename)))
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, OSError):
        return 1


def iter_upload(name: str, raw: bytes, budget: UploadBudget | None = None
                ) -> Iterator[tuple[str, bytes | None]]:
    """Expand one uploaded file into (name, bytes) documents, one at a time, so that one
    member at a time is in memory: a zip gives its files (hidden ones skipped), each read up
    to one byte over ``MAX_BYTES``. Once ``budget`` (one submission's) is spent, the next
    files come with None, unread; an unreadable zip or member comes with ``b""``."""
    budget = budget if budget is not None else UploadBudget()
    if not name.lower().endswith(".zip"):
        if budget.spent:
            yield name, None
            return
        budget.take(len(raw))
        yield name, raw
        return
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, OSError):
        yield name, b""  # not a zip archive
        return
    with archive:
        for info in archive.infolist():
            if info.is_dir() or _hidden(info.filename):
                continue
            label = f"{name}/{info.filename}"
            if budget.spent:
                yield label, None
                continue
            try:
                with archive.open(info) as member:
                    data = member.read(MAX_BYTES + 1)
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, OSError,
                    EOFError, zlib.error):
                yield label, b""  # encrypted, damaged or an unknown compression
                continue
            budget.take(len(data))
            yield label, data
            del data


def _label(name: str) -> str:
    """How an uploaded file is named on the pages: ``upload/`` and its printable name."""
    return f"upload/{printable_name(name)}"


def _type_refusal(name: str) -> str | None:
    """Why an uploaded file (not a zip's member) is not read by its type, or None."""
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix in UPLOAD_TYPES:
        return None
    types = ", ".join("." + t for t in UPLOAD_TYPES[:-1]) + " and ." + UPLOAD_TYPES[-1]
    kind = f".{suffix} files" if suffix else "files without a suffix"
    return f"Readout reads {types} files, not {kind}: this file was not read"


def read_upload(name: str, raw: bytes | None) -> Extraction | Rejected:
    """Read one uploaded document into an extraction, or a rejection with the reason. The
    reader is the corpus folder's: decoded, then parsed (HTML by its suffix or markup) into
    the same ``Document`` the file gives in a folder, under the label ``upload/NAME``."""
    label = _label(name)
    try:
        if raw is None:
            raise DocumentError(f"the files of this upload unpack to more than "
                                f"{MAX_UNZIPPED / 1e6:g} MB in all; this file was not read: "
                                f"upload it again on its own")
        if not raw:
            raise DocumentError("the file is empty or not a readable zip archive")
        if len(raw) > MAX_BYTES:
            raise DocumentError(f"the file is over the {MAX_BYTES / 1e6:g} MB limit for one "
                                "document; split it into smaller documents")
        text, encoding = decode(raw)
        # not cached: a session keeps what it uploaded, and a cache shared by every session
        # would hold any text anyone uploaded
        return extract_document(parse_text(text, path=label, encoding=encoding))
    except DocumentError as exc:
        return Rejected(label, str(exc))
    except Exception as exc:  # an engine failure on one upload is reported, not raised
        return Rejected(label, f"the extraction failed ({type(exc).__name__}: {exc})")


def add_uploads(files: list[tuple[str, bytes]], *, known_ids: set[str],
                progress: Callable[[float, str], None] | None = None,
                room: int | None = None, save: Callable[[str, bytes], object] | None = None,
                ) -> tuple[list[Extraction], list[Rejected]]:
    """Read one submission of uploaded files (zips expanded), one document at a time within
    the submission's ``MAX_UNZIPPED``, reporting progress. A document whose text is already
    in the corpus or in this upload is rejected as a duplicate; so is one past ``room``, the
    characters of text the session may still keep (None: no limit). ``save`` is called with
    (name, bytes) of each document accepted (to write it into the corpus)."""
    budget = UploadBudget()
    total = sum(_upload_count(name, raw) for name, raw in files)
    extractions: list[Extraction] = []
    rejected: list[Rejected] = []
    seen = set(known_ids)
    n = 0
    for name, raw in files:
        if (why := _type_refusal(name)) is not None:
            n += 1
            rejected.append(Rejected(_label(name), why))
            continue
        for item, content in iter_upload(name, raw, budget):
            n += 1
            if progress:
                progress(min(n / max(total, 1), 1.0), f"Reading {printable_name(item)} ({n} of "
                                                      f"{max(total, n)})")
            result = read_upload(item, content)
            if isinstance(result, Rejected):
                rejected.append(result)
            elif result.document.doc_id in seen:
                rejected.append(Rejected(result.document.path, "the same text is already loaded"))
            elif room is not None and len(result.document.text) > room:
                rejected.append(Rejected(result.document.path, (
                    f"this session already keeps close to {MAX_SESSION_CHARS:,} characters of "
                    f"uploaded text, its limit; remove this session's uploads (below) to add "
                    f"more, or ask for the documents to be added to the corpus")))
            else:
                if room is not None:
                    room -= len(result.document.text)
                seen.add(result.document.doc_id)
                extractions.append(result)
                if save is not None and content:
                    save(item, content)
    return extractions, rejected


def release_memory() -> None:
    """Hand memory freed by a large upload back to the system. glibc keeps freed blocks in the
    arena of the thread that used them (each script run has its own thread), where megabyte
    buffers read one after another can stay resident; ``malloc_trim`` returns them. A no-op
    where the C library has no ``malloc_trim``."""
    gc.collect()
    try:
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def session_uploads() -> tuple[list[Extraction], list[Rejected]]:
    """This session's uploads (kept in ``st.session_state``)."""
    state = st.session_state.setdefault("readout_uploads", {"extractions": [], "rejected": []})
    return state["extractions"], state["rejected"]


def accept_uploads(payload: list[tuple[str, bytes]], *, known_ids: set[str],
                   progress: Callable[[float, str], None] | None = None
                   ) -> tuple[list[tuple[str, int, int, int, int]], list[tuple[str, str]]]:
    """Read uploaded (name, bytes) files and keep what could be read: in this session (up to
    ``MAX_SESSION_CHARS`` characters of text in all), or, when the deployment allows writing,
    as files in the corpus folder (for everyone). ``known_ids``: the documents already shown
    (the corpus's and this session's), refused as duplicates.

    Returns the report the upload page shows: (path, countries, contacts, statements,
    actions) per document added, and (path, reason) per file refused.
    """
    cfg = settings()
    mine, refused = session_uploads()
    if cfg.allow_write:  # each document read, as its own file (a zip's files, not the zip)
        room, save = None, (lambda item, content: save_to_corpus(cfg.corpus, item, content))
    else:
        room = max(0, MAX_SESSION_CHARS - sum(len(e.document.text) for e in mine))
        save = None
    try:
        extractions, rejected = add_uploads(payload, known_ids=known_ids, progress=progress,
                                            room=room, save=save)
    finally:
        release_memory()
    if not cfg.allow_write:
        mine.extend(extractions)
    refused.extend(rejected)
    return ([(e.document.path, len(e.countries), len(e.contacts), len(e.statements),
              len(e.events)) for e in extractions], [(r.path, r.reason) for r in rejected])


__all__ = ["MAX_SESSION_CHARS", "MAX_UNZIPPED", "UPLOAD_TYPES", "UploadBudget", "accept_uploads",
           "add_uploads", "iter_upload", "read_upload", "release_memory", "session_uploads"]
