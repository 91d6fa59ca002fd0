"""Turns the configured corpus folder (plus this session's uploads) into the frames every page
reads: one loader cached with ``st.cache_data``, keyed by the corpus's content.

Settings, each from an environment variable or else ``st.secrets``:

- ``READOUT_CORPUS`` / ``corpus``: the folder of documents (default: ``seeds/`` beside app.py);
- ``READOUT_STORE`` / ``store``: a data folder written by ``python -m analysis ingest``; when
  set, the pages read that store (``dashboard/store_source.py``: filters run as SQL in DuckDB,
  texts fetched one document at a time) instead of extracting the corpus folder (default:
  none, the corpus folder is read directly);
- ``READOUT_ALLOW_WRITE`` / ``allow_write``: let uploads be written into the corpus folder
  (default off: uploads stay in the uploader's session);
- ``READOUT_MAP_STYLE`` / ``map_style``: a tile style URL for a basemap (default none: the map
  draws the shipped country shapes and asks nothing of the network);
- ``READOUT_FOLLOW_LINKS`` (environment only, read by ``analysis.documents``): ``1`` reads
  links to files outside the corpus folder (default off: they are listed as not read).
"""
from __future__ import annotations

import ctypes
import ctypes.util
import gc
import hashlib
import io
import os
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd
import streamlit as st

from analysis.documents import (MAX_BYTES, DocumentError, check_input_file, decode,
                                iter_input_files, parse_text, printable_name, read_input_bytes)
from analysis.frames import build_frames
from analysis.pipeline import extract_document, extract_folder
from analysis.records import Extraction, Rejected
from dashboard.filters import Filters, add_paragraphs, apply_filters
from dashboard.secrets_lookup import secret
from dashboard.views import FrameView, View

APP_DIR = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = APP_DIR / "seeds"
UPLOAD_TYPES = ["txt", "text", "md", "html", "htm", "zip"]
#: One submission (all its files, zips unpacked) is read up to this many bytes in all, one
#: document at a time (each up to the reader's MAX_BYTES), so that small archives of highly
#: compressed files cannot fill the server's memory.
MAX_UNZIPPED = 100_000_000
#: A session keeps at most this many characters of uploaded text (uploads that stay in the
#: session live in the server's memory until the session ends).
MAX_SESSION_CHARS = 20_000_000
_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    """Where the corpus is, whether uploads may be written there, and an optional basemap."""

    corpus: Path
    allow_write: bool
    map_style: str | None
    store: Path | None = None


def settings() -> Settings:
    """Read the settings from the environment, then ``st.secrets``, then the defaults."""
    corpus = os.environ.get("READOUT_CORPUS") or secret("corpus") or DEFAULT_CORPUS
    corpus = Path(str(corpus)).expanduser()
    if not corpus.is_absolute():
        corpus = APP_DIR / corpus
    write = os.environ.get("READOUT_ALLOW_WRITE") or secret("allow_write") or ""
    style = os.environ.get("READOUT_MAP_STYLE") or secret("map_style") or None
    store = os.environ.get("READOUT_STORE") or secret("store") or None
    if store:
        store = Path(str(store)).expanduser()
        store = store if store.is_absolute() else APP_DIR / store
    return Settings(corpus=corpus, allow_write=str(write).strip().lower() in _TRUE,
                    map_style=str(style) if style else None, store=store)


# --- the corpus ------------------------------------------------------------------------------

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


def empty_frames() -> dict[str, pd.DataFrame]:
    """The contract's frames with their columns and no rows."""
    return add_paragraphs(build_frames([], []))


@st.cache_resource(show_spinner="Reading the documents…", max_entries=8)
def load_corpus(root: str, fingerprint: str) -> dict[str, pd.DataFrame]:
    """Extract every document under ``root``; ``fingerprint`` (the corpus's content) is the
    cache key, so that an added or changed document is read again. A resource, not cache_data:
    a run asks for the corpus three or four times (sidebar, page, notices), and cache_data
    unpickled a copy of every frame each time; nothing changes these frames in place."""
    return add_paragraphs(extract_folder(Path(root)))


def corpus_frames() -> tuple[dict[str, pd.DataFrame] | "StoreSource", str | None]:
    """The corpus's frames and a problem to report (None when the folder was read). With a
    store configured: the store (a ``StoreSource``), and a problem when it cannot be read."""
    cfg = settings()
    if cfg.store is not None:
        return _store_frames(cfg.store)
    root = cfg.corpus
    if not root.exists():
        return empty_frames(), f"The corpus folder {root} does not exist."
    if not root.is_dir():
        return empty_frames(), f"The corpus path {root} is not a folder."
    try:
        return load_corpus(str(root), corpus_fingerprint(root)), None
    except Exception as exc:  # an engine bug must not take every page down with a traceback
        return empty_frames(), (f"The documents in {root} could not be extracted "
                                f"({type(exc).__name__}: {exc}).")


# --- uploads ---------------------------------------------------------------------------------

_TAG = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.IGNORECASE | re.DOTALL)


def html_to_text(text: str) -> str:
    """Strip tags from an HTML page, keeping paragraphs apart (a plain reader, no network)."""
    import html as html_lib

    text = re.sub(r"(?i)</(p|div|h\d|li|br)\s*>|<br\s*/?>", "\n\n", text)
    return re.sub(r"\n{3,}", "\n\n", html_lib.unescape(_TAG.sub("", text))).strip()


def extract_text(text: str, path: str) -> Extraction:
    """Parse and extract one uploaded text (not cached: a session keeps what it uploaded, and
    a cache shared by every session would hold any text anyone uploaded).
    Raises ``DocumentError`` when the text is not a document."""
    return extract_document(parse_text(text, path=path))


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
    """Read one uploaded document into an extraction, or a rejection with the reason."""
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
        text, _encoding = decode(raw)
        if name.lower().endswith((".html", ".htm")):
            text = html_to_text(text)
        return extract_text(text, label)
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


def save_to_corpus(root: Path, name: str, raw: bytes) -> Path:
    """Write an uploaded file into ``root/uploads/`` under a safe, unused name: the name's
    last part (after any ``/`` or ``\\``) in letters, digits, ``.``, ``_`` and ``-``, never
    hidden, ending in a suffix the reader knows (else ``.txt`` is added)."""
    last = re.split(r"[/\\]", name)[-1]
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", last).strip("._-") or "upload.txt"
    if Path(safe).suffix.lower().lstrip(".") not in set(UPLOAD_TYPES) - {"zip"}:
        safe += ".txt"
    folder = root / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(100_000):
        target = folder / (safe if n == 0 else f"{Path(safe).stem}-{n}{Path(safe).suffix}")
        try:
            with open(target, "xb") as out:  # never over another file, even a racing session's
                out.write(raw)
            return target
        except FileExistsError:
            continue
    raise OSError(f"no free name for {safe} in {folder}")


def session_uploads() -> tuple[list[Extraction], list[Rejected]]:
    """This session's uploads (kept in ``st.session_state``)."""
    state = st.session_state.setdefault("readout_uploads", {"extractions": [], "rejected": []})
    return state["extractions"], state["rejected"]


def merge(base: dict[str, pd.DataFrame], extra: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Append one set of frames to another, frame by frame."""
    return {name: pd.concat([base[name], extra[name]], ignore_index=True)
            if len(extra.get(name, ())) else base[name] for name in base}


@st.cache_data(show_spinner=False, max_entries=16)
def _upload_frames(key: tuple[str, ...], _extractions: list[Extraction],
                   _rejected: list[Rejected]) -> dict[str, pd.DataFrame]:
    return add_paragraphs(build_frames(_extractions, _rejected))


@dataclass(frozen=True)
class StoreSource:
    """A configured store that can be read: its folder and version (the caches' key)."""

    folder: str
    version: str


def _store_frames(folder: Path) -> tuple[dict[str, pd.DataFrame] | StoreSource, str | None]:
    from analysis.store import StoreError
    from dashboard.store_source import StoreView, store_version

    try:
        version = store_version(str(folder))
        if not version:
            return empty_frames(), (f"The store {folder} does not exist: run `python -m "
                                    f"analysis ingest INPUT_DIR --data {folder}` first.")
        source = StoreSource(str(folder), version)
        StoreView(source.folder, source.version, Filters())["rejected"]  # opens the store once,
        return source, None  # so that a broken one is reported here
    except StoreError as exc:  # damaged, or held too long: the sentence says what to do
        return empty_frames(), store_problem(exc)
    except Exception as exc:  # a broken store must not take every page down
        return empty_frames(), (f"The store {folder} could not be read "
                                f"({type(exc).__name__}: {exc}).")


def store_problem(exc: Exception) -> str:
    """A store error as the one sentence a page shows (capitalised, with a full stop)."""
    text = str(exc).strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def view(filters: Filters | None = None) -> View:
    """What the pages show for ``filters`` (none: the whole corpus): the corpus's frames, or
    the store's, plus this session's uploads, as a ``dashboard.views.View``."""
    filters = filters or Filters()
    base, _problem = corpus_frames()
    extractions, rejected = session_uploads()
    uploads = None
    if extractions or rejected:
        key = tuple(e.document.doc_id for e in extractions) + tuple(r.path for r in rejected)
        uploads = _upload_frames(key, extractions, rejected)
    if isinstance(base, StoreSource):
        from dashboard.store_source import StoreView

        return StoreView(base.folder, base.version, filters, uploads)
    everything = merge(base, uploads) if uploads is not None else base
    return FrameView(apply_filters(everything, filters), everything, filters)


def frames() -> View:
    """The whole corpus (or store) plus this session's uploads, unfiltered, as a ``View``."""
    return view(Filters())


def basemap_style() -> str | None:
    """The configured tile style URL when its host answers within a second, else None."""
    style = settings().map_style
    if not style:
        return None
    return style if _reachable(style) else None


@st.cache_data(ttl=300, show_spinner=False)
def _reachable(url: str) -> bool:
    import socket

    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        return False
    try:
        with socket.create_connection((parsed.hostname, parsed.port or
                                       (443 if parsed.scheme == "https" else 80)), timeout=1.0):
            return True
    except OSError:
        return False


def accept_uploads(payload: list[tuple[str, bytes]], *,
                   progress: Callable[[float, str], None] | None = None
                   ) -> tuple[list[tuple[str, int, int, int, int]], list[tuple[str, str]]]:
    """Read uploaded (name, bytes) files and keep what could be read: in this session (up to
    ``MAX_SESSION_CHARS`` characters of text in all), or, when the deployment allows writing,
    as files in the corpus folder (for everyone).

    Returns the report the upload page shows: (path, countries, contacts, statements,
    actions) per document added, and (path, reason) per file refused.
    """
    cfg = settings()
    mine, refused = session_uploads()
    known = frames().doc_ids()
    if cfg.allow_write:  # each document read, as its own file (a zip's files, not the zip)
        room, save = None, (lambda item, content: save_to_corpus(cfg.corpus, item, content))
    else:
        room = max(0, MAX_SESSION_CHARS - sum(len(e.document.text) for e in mine))
        save = None
    try:
        extractions, rejected = add_uploads(payload, known_ids=known, progress=progress,
                                            room=room, save=save)
    finally:
        release_memory()
    if not cfg.allow_write:
        mine.extend(extractions)
    refused.extend(rejected)
    return ([(e.document.path, len(e.countries), len(e.contacts), len(e.statements),
              len(e.events)) for e in extractions], [(r.path, r.reason) for r in rejected])
