"""Reads input files into ``Document`` records, or ``Rejected`` ones with a reason.

The seed layout is ``date YYYY-MM-DD`` (leading white space allowed) followed by the body on
the same line or the next. A file with no date line is still a document, with an unknown date.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from analysis.records import Document, Rejected

#: Files larger than this are rejected rather than read (a guard for a shared deployment).
MAX_BYTES = 50 * 1024 * 1024

#: Names that are never documents: hidden files, editor backups, the gold annotations.
_SKIP_SUFFIXES = (".gold.json", "~", ".swp", ".pyc")

_DATE_LINE = re.compile(
    r"\A\s*date\s*[:=]?\s*(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?[ \t]*(?:\r?\n)?",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+(?:[’'.-]\w+)*")
_HEADLINE_END = re.compile(r"[.!?]['\"”’)]*\s*$")


class DocumentError(ValueError):
    """A file that cannot be read as a document; the message says what and why."""


def doc_id_for(text: str) -> str:
    """Return the stable id of a document: a hash of its normalised text.

    The same text read twice (under two names, or with other line endings) has one id.

    >>> doc_id_for("date 2026-03-03 Hello.") == doc_id_for("date 2026-03-03 Hello.\\n")
    True
    """
    normal = "\n".join(line.rstrip() for line in text.strip().splitlines())
    return hashlib.sha1(normal.encode("utf-8")).hexdigest()[:16]


def decode(raw: bytes) -> tuple[str, str]:
    """Decode file bytes to text and name the encoding used.

    UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark are read
    directly; anything else is detected with charset-normalizer. Raises ``DocumentError``
    for empty or binary content.
    """
    if not raw.strip():
        raise DocumentError("the file is empty")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise DocumentError(f"the file claims UTF-16 but is not valid UTF-16 ({exc.reason})")
    if b"\x00" in raw[:8192]:
        raise DocumentError("the file is binary, not text")
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        raise DocumentError("the text encoding could not be recognised")
    text = str(best)
    if sum(ch.isprintable() or ch.isspace() for ch in text) < 0.95 * len(text):
        raise DocumentError("the file is binary, not text")
    return text, best.encoding


def split_date_line(text: str) -> tuple[date | None, str]:
    """Split ``date YYYY-MM-DD`` off the start of a text; return (date or None, body).

    A text without a date line keeps all of its text as the body and an unknown date.
    Raises ``DocumentError`` for a date line whose date does not exist (2026-02-30).
    """
    match = _DATE_LINE.match(text)
    if not match:
        return None, text.strip()
    y, m, d = int(match["y"]), int(match["m"]), int(match["d"])
    try:
        when = date(y, m, d)
    except ValueError:
        raise DocumentError(f"the date line says {match['y']}-{match['m']}-{match['d']}, "
                            f"which is not a real date") from None
    return when, text[match.end():].strip()


def title_of(body: str) -> str:
    """Return the document's title: its first line when that reads as a headline, else the
    opening of its first sentence (at most 120 characters)."""
    first = body.split("\n", 1)[0].strip()
    if first and len(first) <= 200 and not _HEADLINE_END.search(first):
        return first
    sentence = re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0]
    return sentence if len(sentence) <= 120 else sentence[:117].rsplit(" ", 1)[0] + "…"


def parse_text(text: str, *, path: str, encoding: str = "utf-8") -> Document:
    """Parse decoded text into a ``Document``; ``path`` is kept as given.

    Raises ``DocumentError`` for a text with no words or an impossible date line.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    when, body = split_date_line(text)
    words = len(_WORD.findall(body))
    if not words:
        raise DocumentError("the file has no text after its date line" if when
                            else "the file has no words")
    return Document(doc_id=doc_id_for(text), path=path, date=when, title=title_of(body),
                    words=words, text=body, encoding=encoding)


def read_document(path: Path, *, root: Path) -> Document:
    """Read one file into a ``Document``; raises ``DocumentError`` saying why it cannot."""
    rel = path.relative_to(root).as_posix()
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DocumentError(f"the file is {size / 1e6:.0f} MB, over the "
                                f"{MAX_BYTES / 1e6:.0f} MB limit")
        raw = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"the file cannot be read: {exc.strerror or exc}") from None
    text, encoding = decode(raw)
    return parse_text(text, path=rel, encoding=encoding)


def iter_input_files(root: Path) -> Iterator[Path]:
    """Yield every candidate document under ``root`` (recursively), sorted by path.

    Hidden files and folders, gold annotations and editor leftovers are skipped.
    """
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if path.is_dir() or path.name.endswith(_SKIP_SUFFIXES):
            continue
        yield path


def read_folder(root: Path) -> tuple[list[Document], list[Rejected]]:
    """Read every file under ``root``: documents, and rejected files with reasons.

    Every file lands in exactly one list. A second file with the same text as an earlier one
    (by path order) is rejected as a duplicate, naming the first.
    """
    documents: list[Document] = []
    rejected: list[Rejected] = []
    seen: dict[str, str] = {}
    for path in iter_input_files(root):
        rel = path.relative_to(root).as_posix()
        try:
            doc = read_document(path, root=root)
        except DocumentError as exc:
            rejected.append(Rejected(rel, str(exc)))
            continue
        if doc.doc_id in seen:
            rejected.append(Rejected(rel, f"the same text as {seen[doc.doc_id]}"))
            continue
        seen[doc.doc_id] = rel
        documents.append(doc)
    return documents, rejected
