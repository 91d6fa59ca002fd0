"""Reads input files into ``Document`` records, or ``Rejected`` ones with a reason.

Every file under the input folder ends up either as a ``Document`` or as a ``Rejected`` record
whose reason a user understands; nothing in a file makes the reader raise anything but
``DocumentError`` (``read_document`` reports even an unexpected failure of its own as one).
Files and folders the corpus's ignore file names (``.readoutignore``, below; by default READMEs,
licences, ``*.json`` annotations, hidden files and folders and editor leftovers) are not read:
each is refused with a reason that starts "ignored:", so that it is listed, never lost in
silence (an ignored folder is listed once, not walked); pipes, devices, broken links, links to files outside the input
folder (unless ``READOUT_FOLLOW_LINKS=1``) and folders that cannot be opened are refused. A file
name is shown as ``printable_name`` gives it: bytes that are not UTF-8 as ``\\xNN``, and
controls and bidirectional overrides as ``\\uNNNN``, so that no name can pose as another.

**Layout.** The seed layout is ``date YYYY-MM-DD`` (leading white space allowed) followed by the
body on the same line or the next. A file with no date line is still a document, with an
unknown date (never an invented one). The date line may also be written as:

* ``date: 2026-03-03``, ``Date = 2026-03-03``, ``DATE 2026/03/03`` (``date`` in any case, an
  optional ``:`` or ``=``; year first with ``-``, ``/`` or ``.`` between the parts);
* with a time and a zone: ``date 2026-03-03T10:00:00Z``, ``date 2026-03-03 10:00 +03:00``,
  ``date 2026-03-03 10:00 GMT``: the date is the one written (the local date of the writer);
  the time is checked (``25:00`` is refused) and otherwise dropped;
* with the month in words, the weekday optional: ``Date: 3 March 2026``,
  ``date Tuesday, 3 March 2026``, ``date March 3, 2026``, ``date Sept. 3rd 2026``;
* with numbers, day and month in either order and a four-digit year: ``date 13/03/2026``
  (13 March), ``date 03/13/2026`` (13 March), ``date 03.03.2026``. Such a date is read only
  when it is unambiguous: a day above 12 or the same day and month. ``date 04/03/2026``
  (4 March or 3 April?) is refused with a reason saying so, rather than guessed.

A first line that starts with ``date:`` (or ``date`` and a digit) but is none of these, a date
that does not exist (``2026-02-30``) and a time that does not exist are refused, naming the line.

**Metadata lines.** A date line that stands alone may be followed by metadata lines, one
``key: value`` per line, usually then a blank line::

    date 2025-07-23
    source: gov.uk
    url: https://www.gov.uk/government/news/...
    title: PM call with President Erdogan

    The Prime Minister spoke to ...

The keys are ``source`` (the publisher), ``url`` and ``title`` (``METADATA_KEYS``, in any case);
they fill the document's ``source``, ``url`` and ``title`` and are not part of its text. The
block ends at the first other line: ``Note: ...``, a key after the first body line, a key with no
value, and any line of a text whose date line has text after the date or that has no date line
are body text. An HTML page's ``og:site_name`` / publisher ``<meta>`` and canonical link give
its source and address when no metadata line does.

**Encodings.** UTF-8 (with or without a byte-order mark), UTF-16 and UTF-32 with a byte-order
mark, and UTF-16 without one (recognised by its zero bytes) are read directly. Anything else is
detected with charset-normalizer; text that it places in a Western single-byte code page is read
as Windows-1252 (the usual one, whose guesses among cp1250/cp1252/Latin-1 are unreliable on
short texts), other scripts (Cyrillic, Arabic, CJK, ...) as detected. Empty files, binary files
(PDF, images, archives, Office files, programs; more than 1% zero bytes; control characters
where text should be) and RTF are refused, naming the kind when it is known. Zero bytes that
pad the end of a text, or a stray one, do not make it binary.

**HTML.** A file named ``.html``/``.htm``/``.xhtml``, or whose text starts with HTML markup
(``<!DOCTYPE html>``, ``<html>``, ``<body>``, ``<p>``, ...), is read as HTML with the standard
library's ``html.parser``: the text is kept, block elements (paragraphs, headings, list items,
table rows, ``<br>``) become line breaks, and the contents of ``<head>``, ``<script>``,
``<style>``, ``<template>``, ``<svg>``, ``<iframe>`` and the like are dropped. Nothing is
executed or fetched. A file named ``.html`` that holds no markup is read as plain text. A date
line may precede the markup or open its text; else a ``<meta>`` date
(``date``, ``dc.date``, ``article:published_time``, ...) or the first ``<time datetime>`` gives it.

**Text clean-up.** Line endings become ``\\n``; byte-order marks, zero bytes and other control
characters (but tabs and line breaks) are removed; lone surrogates become U+FFFD.

**Size.** Extraction time grows linearly with the length of one document, about 2 s per
million characters of realistic news text on one core (measured 2026-11; before the extractors
were made linear, 1 MB took 17 s). One document is at most ``MAX_CHARS`` characters of text
(1,000,000, about 150,000 words: a long book, far beyond a news item), and a file at most
``MAX_BYTES`` bytes (8 MB, checked before it is read, so a 20 MB file is refused at once; HTML
may carry much markup around its text). Bigger files are refused with a reason that gives the
size and suggests splitting them. Very long lines are fine.

**Duplicates.** ``read_folder`` reads files in path order; a later file with the same text (the
same ``doc_id``, whatever its line endings or encoding) is refused as
``the same text as <first path>``.
"""
from __future__ import annotations

import fnmatch
import functools
import hashlib
import os
import re
import stat
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from analysis.engine.records import Document, Rejected

#: Files larger than this are refused before they are read (HTML may carry much markup).
MAX_BYTES = 8_000_000

#: Documents whose text (after the date line, HTML markup removed) is longer than this are
#: refused: extraction would take too long (it is linear, about 3 s per million characters
#: on one core). About 150,000 words, a long book.
MAX_CHARS = 1_000_000

#: The ignore file of a corpus folder: one glob pattern a line (``#`` starts a comment). A
#: pattern without ``/`` matches a file or folder name at any depth (``README*``, ``*.json``);
#: one with ``/`` matches the path from the folder (``notes/*.txt``); a trailing ``/`` matches
#: folders only; ``!pattern`` reads again what an earlier pattern (or a default) ignored.
IGNORE_FILE = ".readoutignore"

#: How the reason of every file the ignore rules name starts (in ``rejected.csv``).
IGNORED = "ignored:"

#: Patterns ignored in every corpus folder, before its ignore file's own: the folder's
#: description and licence, annotations, hidden files and folders, editor leftovers.
DEFAULT_IGNORE = ("README*", "LICENSE*", "LICENCE*", "*.json", ".*", "*~", "*.swp", "*.pyc")

_HTML_SUFFIXES = (".html", ".htm", ".xhtml")

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}
_MONTH = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = (r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?")
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_TIME = (r"(?:(?:[T ]|,\s*|\s+at\s+)(?P<hh>\d{1,2}):(?P<mm>\d{2})(?::(?P<ss>\d{2})(?:\.\d+)?)?"
         r"(?:\s*(?:am|pm|a\.m\.|p\.m\.))?"
         r"(?:\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)(?:\s*(?:UTC|GMT))?)?)?")
_LEAD = r"\A\s*date\s*[:=]?\s*"
_LAYOUTS = [
    ("iso", re.compile(_LEAD + r"(?P<year>\d{4})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)"
                       r"(?P<day>\d{1,2})(?!\d)" + _TIME + r"(?![\w:])[ \t]*\n?",
                       re.IGNORECASE)),
    ("dmy", re.compile(_LEAD + _WEEKDAY + _DAY + r"\s+" + _MONTH + r",?\s+" + _YEAR + r"(?!\d)"
                       + _TIME + r"(?![\w:])[ \t]*\n?", re.IGNORECASE)),
    ("mdy", re.compile(_LEAD + _WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"(?!\d)"
                       + _TIME + r"(?![\w:])[ \t]*\n?", re.IGNORECASE)),
    ("numeric", re.compile(_LEAD + r"(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)"
                           + _YEAR + r"(?!\d)" + _TIME + r"(?![\w:])[ \t]*\n?", re.IGNORECASE)),
]
#: A first line that means to be a date line: ``date:`` / ``date=`` or ``date`` and a digit.
_DATE_ATTEMPT = re.compile(r"\A\s*date(?:\s*[:=]|\s+\d)", re.IGNORECASE)

_WORD = re.compile(r"\w+(?:[’'.-]\w+)*")
_HEADLINE_END = re.compile(r"[.!?]['\"”’)]*\s*$")
#: Control characters removed from text: all C0/C1 controls but tab and line breaks.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x84\x86-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_HTML_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    r"<(?:!doctype\s+html|html|head|body|meta|title|p|div|article|section|main|h[1-6]|table|"
    r"ul|ol|span|a|b|i|em|strong|br|font|center|blockquote|header|nav)\b",
    re.IGNORECASE | re.DOTALL)

_ANY_TAG = re.compile(r"<(?:[a-zA-Z][\w:-]*[\s/>]|!--|/[a-zA-Z][\w:-]*\s*>)")

#: Leading bytes of binary formats, with the words a user knows them by.
_MAGIC: list[tuple[bytes, str]] = [
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a zip archive (or a Word, Excel or OpenDocument file)"),
    (b"PK\x05\x06", "a zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office file (.doc, .xls)"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"BZh", "a bzip2-compressed file"),
    (b"\xfd7zXZ\x00", "an xz-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x7fELF", "a program"),
    (b"SQLite format 3\x00", "an SQLite database"),
]


class DocumentError(ValueError):
    """A file that cannot be read as a document; the message says what and why."""


def doc_id_for(text: str) -> str:
    """Return the stable id of a document: a hash of its normalised text.

    The same text read twice (under two names, or with other line endings) has one id.

    >>> doc_id_for("date 2026-03-03 Hello.") == doc_id_for("date 2026-03-03 Hello.\\n")
    True
    """
    normal = "\n".join(line.rstrip() for line in text.strip().splitlines())
    return hashlib.sha1(normal.encode("utf-8", "surrogatepass")).hexdigest()[:16]


# -- bytes to text ----------------------------------------------------------------------------

def _binary_kind(raw: bytes) -> str | None:
    """What a binary file is, by its leading bytes ("a PDF document"), or None."""
    head = raw.lstrip(b"\xef\xbb\xbf")[:16]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    if head[4:8] == b"ftyp":
        return "a video or audio file"
    if head.startswith(b"RIFF") and head[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return "an image, audio or video file"
    return None


def _utf16_without_bom(raw: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when ``raw`` looks like BOM-less UTF-16 text, else None.

    Mostly-Latin UTF-16 text has a zero in one byte of most pairs and almost never in the
    other; binary files have zeros in both."""
    sample = raw[:8192]
    if len(sample) < 16:
        return None
    pairs = len(sample) // 2
    even = sample[0:pairs * 2:2].count(0)
    odd = sample[1:pairs * 2:2].count(0)
    if odd >= 0.3 * pairs and even <= 0.02 * pairs:
        return "utf-16-le"
    if even >= 0.3 * pairs and odd <= 0.02 * pairs:
        return "utf-16-be"
    return None


_CONTROL_BYTES = bytes(range(0, 9)) + bytes(range(14, 32))


def _control_bytes(raw: bytes) -> float:
    """The share of control bytes (but tab and line breaks) in ``raw``'s first 64 kB."""
    sample = raw[:65536]
    return (len(sample) - len(sample.translate(None, _CONTROL_BYTES))) / max(len(sample), 1)


#: Characters that ``str.isprintable`` calls unprintable but that are part of real text: white
#: space (line breaks, tabs, no-break and other Unicode spaces) and the format characters that
#: right-to-left and joined scripts need (directional marks, embeddings, overrides and isolates,
#: zero-width joiners, the soft hyphen, the Arabic letter mark, the byte-order mark).
_TEXT_NOT_PRINTABLE = re.compile(
    "[\t\n\v\f\r\x85\xa0\xad\u061c\u1680\u180e\u2000-\u200f"
    "\u2028-\u202f\u205f-\u2064\u2066-\u2069\u3000\ufeff]+")

#: Characters looked at by ``_mostly_printable``, and the share of them that must be text.
_PRINTABLE_SAMPLE = 200_000
_PRINTABLE_SHARE = 0.95
_PRINTABLE_CHUNK = 64


def _unprintable(text: str, *, limit: int) -> int:
    """How many characters of ``text`` are unprintable (controls, unassigned or private-use
    code points, lone surrogates), counting no further than just past ``limit``.

    Chunks are tested whole with ``str.isprintable``; only a chunk that holds an unprintable
    character is counted character by character, so clean text costs one C-level pass."""
    if text.isprintable():
        return 0
    count = 0
    for start in range(0, len(text), _PRINTABLE_CHUNK):
        chunk = text[start:start + _PRINTABLE_CHUNK]
        if not chunk.isprintable():
            count += sum(not ch.isprintable() for ch in chunk)
            if count > limit:
                break
    return count


def _mostly_printable(text: str) -> bool:
    """True when at least 95% of the text's first 200,000 characters are text (printable,
    white space, or the format characters of ``_TEXT_NOT_PRINTABLE``).

    >>> _mostly_printable("\\u202bשלום\\u202c, said the envoy.\\n")
    True
    >>> _mostly_printable("\\x01\\x02\\x03 abc")
    False
    """
    sample = text[:_PRINTABLE_SAMPLE]
    if sample.replace("\n", "").isprintable():  # most texts: no need to look closer
        return True
    limit = int((1 - _PRINTABLE_SHARE) * len(sample))
    return _unprintable(_TEXT_NOT_PRINTABLE.sub("", sample), limit=limit) <= limit


#: charset-normalizer's names of Western single-byte code pages, read as Windows-1252.
_WESTERN = re.compile(r"^(cp125[0247]|cp1258|cp437|cp850|cp858|cp775|latin_1|iso8859_\d+|"
                      r"mac_(?:roman|latin2|iceland|turkish)|hp_roman8|ascii)$")


def decode(raw: bytes) -> tuple[str, str]:
    """Decode file bytes to text and name the encoding used.

    UTF-8 (with or without a byte-order mark), UTF-16/UTF-32 with a byte-order mark and
    UTF-16 without one are read directly; anything else is detected with charset-normalizer
    (Western single-byte text is read as Windows-1252). Raises ``DocumentError`` for empty,
    binary or undecodable content.

    >>> decode("date 2026-03-03 Qatar’s envoy".encode("cp1252"))
    ('date 2026-03-03 Qatar’s envoy', 'cp1252')
    """
    if not raw.strip():
        raise DocumentError("the file is empty")
    kind = _binary_kind(raw)
    if kind:
        raise DocumentError(f"the file is binary ({kind}), not text; Readout reads plain-text "
                            f"and HTML documents")
    if raw.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        raise DocumentError("the file is an RTF document, not plain text; save it as plain "
                            "text or HTML")
    for bom, encoding in ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
                          (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if raw.startswith(bom):
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError as exc:
                raise DocumentError(f"the file starts like {encoding.upper()} text but is not "
                                    f"valid {encoding.upper()} ({exc.reason})") from None
            return _checked(text, encoding)
    zeros = raw.count(0)
    utf16 = _utf16_without_bom(raw) if zeros else None
    if utf16 is None and zeros:
        # Zero bytes padding the end of a text, or a stray one in it, do not make it binary.
        trimmed = raw.rstrip(b"\x00")
        if not trimmed.strip():
            raise DocumentError("the file is binary, not text")
        if trimmed.count(0) * 100 > len(trimmed):
            raise DocumentError("the file is binary, not text")
        raw = trimmed
    if utf16:
        try:
            return _checked(raw.decode(utf16), "utf-16")
        except UnicodeDecodeError:
            raise DocumentError("the file is binary, not text") from None
    try:
        return _checked(raw.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None and _control_bytes(raw) > 0.02:
        raise DocumentError("the file is binary, not text")
    if best is None:
        raise DocumentError("the text encoding could not be recognised (it is neither UTF-8, "
                            "UTF-16 nor a known code page)")
    encoding = best.encoding
    if _WESTERN.match(encoding) or encoding.startswith("utf_16"):
        # BOM-less UTF-16 was handled above by its zero bytes; a UTF-16 guess here, like a
        # guess among the Western code pages, is better served by Windows-1252.
        try:
            return _checked(raw.decode("cp1252"), "cp1252")
        except UnicodeDecodeError:
            if encoding.startswith("utf_16"):
                raise DocumentError("the text encoding could not be recognised") from None
    return _checked(str(best), encoding)


def _checked(text: str, encoding: str) -> tuple[str, str]:
    """``(text, encoding)`` when the decoded text is text; DocumentError when it is empty or
    mostly unprintable (a binary file that happened to decode)."""
    if not text.replace("\ufeff", "").strip():
        raise DocumentError("the file is empty")
    if not _mostly_printable(text):
        raise DocumentError("the file is binary, not text")
    return text, encoding


# -- the date line ----------------------------------------------------------------------------

def _first_line(text: str) -> str:
    line = text.strip().split("\n", 1)[0].strip()
    return line if len(line) <= 60 else line[:57] + "…"


def split_date_line(text: str) -> tuple[date | None, str]:
    """Split a date line off the start of a text; return (date or None, body).

    A text without a date line keeps all of its text as the body and an unknown date. Raises
    ``DocumentError`` for a date line whose date or time does not exist (2026-02-30), whose
    numbers could be read two ways (04/03/2026) or whose layout is not understood.

    >>> split_date_line("Date: 3 March 2026\\nText.")
    (datetime.date(2026, 3, 3), 'Text.')
    """
    when, rest, _ = _split_date(text)
    return when, rest.strip()


def _split_date(text: str) -> tuple[date | None, str, bool]:
    """``split_date_line``'s work: (date or None, the text after the date line, unstripped,
    and whether the date line stood alone on its line)."""
    for layout, pattern in _LAYOUTS:
        match = pattern.match(text)
        if match:
            break
    else:
        if _DATE_ATTEMPT.match(text):
            raise DocumentError(f"the first line “{_first_line(text)}” looks like a date line "
                                f"but its date is not in a layout Readout reads; write it as "
                                f"date YYYY-MM-DD")
        return None, text, False
    written = match.group(0).strip()
    y = int(match["year"])
    if layout == "iso":
        m, d = int(match["month"]), int(match["day"])
    elif layout in ("dmy", "mdy"):
        m, d = _MONTHS[match["mon"].lower()], int(match["day"])
    else:
        a, b = int(match["a"]), int(match["b"])
        if a > 12 >= b or a == b:
            d, m = a, b
        elif b > 12 >= a:
            m, d = a, b
        elif a > 12 and b > 12:
            d, m = a, b  # neither can be a month: refused below as not a real date
        else:
            raise DocumentError(
                f"the date line “{written}” could mean {a} {_month_name(b)} or {b} "
                f"{_month_name(a)} {y}; write it as date YYYY-MM-DD")
    try:
        when = date(y, m, d)
    except ValueError:
        iso = f"{y:04d}-{m:02d}-{d:02d}"
        says = f"“{written}”" if layout != "iso" else f"{y:04d}-{match['month']}-{match['day']}"
        raise DocumentError(f"the date line says {says}" + (f" ({iso})" if layout != "iso"
                            else "") + ", which is not a real date") from None
    if match["hh"] is not None:
        hh, mm, ss = int(match["hh"]), int(match["mm"]), int(match["ss"] or 0)
        if hh > 24 or mm > 59 or ss > 60 or (hh == 24 and (mm or ss)):
            raise DocumentError(f"the date line “{written}” has a time that does not exist")
    alone = match.group(0).endswith("\n") or match.end() == len(text)
    return when, text[match.end():], alone


#: The keys a metadata line may have, and the ``Document`` field each one fills.
METADATA_KEYS = {"source": "source", "url": "url", "title": "title"}

_METADATA_LINE = re.compile(r"[ \t]*(?P<key>" + "|".join(METADATA_KEYS) + r")[ \t]*:"
                            r"(?P<value>[^\n]*)(?:\n|\Z)", re.IGNORECASE)


def split_metadata(text: str) -> tuple[dict[str, str], str]:
    """Split the metadata lines off the start of a text (what follows a date line that stands
    alone); return ({field: value}, body).

    Metadata lines are ``key: value``, one per line, with a key of ``METADATA_KEYS`` (in any
    case); they end at the first other line, and a blank line usually follows them. A key given
    twice keeps its first value. Any other line (``Note: ...``) is body text, and so is
    everything after it.

    >>> split_metadata("source: gov.uk\\nURL: https://www.gov.uk/x\\n\\nThe PM spoke.")
    ({'source': 'gov.uk', 'url': 'https://www.gov.uk/x'}, 'The PM spoke.')
    >>> split_metadata("Note: the PM spoke.")
    ({}, 'Note: the PM spoke.')
    """
    found: dict[str, str] = {}
    pos = len(text) - len(text.lstrip())  # blank lines between the date line and the metadata
    while (line := _METADATA_LINE.match(text, pos)) is not None and line["value"].strip():
        found.setdefault(METADATA_KEYS[line["key"].lower()], line["value"].strip())
        pos = line.end()
    if not found:
        return {}, text.strip()
    return found, text[pos:].strip()


def _month_name(m: int) -> str:
    names = [k for k, v in _MONTHS.items() if v == m and len(k) > 3]
    return names[0].capitalize() if names else str(m)


# -- HTML -------------------------------------------------------------------------------------

#: Elements whose content is never text to read.
_HTML_SKIP = {"head", "title", "script", "style", "noscript", "template", "svg", "math",
              "iframe", "object", "embed", "canvas", "select", "textarea", "button"}
#: Elements that start and end a paragraph.
_HTML_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt",
               "dd", "tr", "table", "thead", "tbody", "tfoot", "blockquote", "section",
               "article", "main", "header", "footer", "nav", "aside", "figure", "figcaption",
               "pre", "hr", "address", "form", "fieldset", "details", "summary", "caption",
               "body", "html"}
_HTML_VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed",
              "param", "source", "track", "wbr"}
_META_DATES = {"date", "dc.date", "dc.date.issued", "dcterms.date", "dcterms.created",
               "article:published_time", "og:published_time", "pubdate", "publishdate",
               "publish-date", "publication_date", "citation_publication_date", "sailthru.date",
               "parsely-pub-date", "datepublished"}
#: ``<meta>`` names and properties that give a page's publisher (``source``) or address.
_META_FIELDS = {"og:site_name": "source", "dc.publisher": "source", "dcterms.publisher": "source",
                "publisher": "source", "og:url": "url"}


class _TextOfHtml(HTMLParser):
    """Collects the readable text of an HTML page, paragraph by paragraph, its dates and its
    publisher and address (``metadata``: the first ``<meta>`` or canonical link of each)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip: list[str] = []  # open elements whose content is dropped
        self.pre = 0
        self.dates: list[str] = []
        self.metadata: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("meta", "time", "link"):
            values = {k.lower(): (v or "") for k, v in attrs}
            key = (values.get("name") or values.get("property") or
                   values.get("itemprop") or "").lower()
            content = " ".join(values.get("content", "").split())
            if tag == "meta" and key in _META_DATES and content:
                self.dates.append(content)
            elif tag == "meta" and key in _META_FIELDS and content:
                self.metadata.setdefault(_META_FIELDS[key], content)
            elif tag == "time" and values.get("datetime"):
                self.dates.append(values["datetime"])
            elif tag == "link" and values.get("rel", "").lower() == "canonical" and \
                    values.get("href", "").strip():
                self.metadata.setdefault("url", values["href"].strip())
        if self.skip:
            if tag in _HTML_SKIP and tag not in _HTML_VOID:
                self.skip.append(tag)
            return
        if tag in _HTML_SKIP and tag not in _HTML_VOID:
            self.skip.append(tag)
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _HTML_BLOCK:
            self.parts.append("\n\n")
            if tag == "pre":
                self.pre += 1
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HTML_SKIP:  # <svg/>, <iframe/>: nothing inside to skip
            return
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            if tag in self.skip:
                while self.skip and self.skip.pop() != tag:
                    pass
            return
        if tag in _HTML_BLOCK:
            self.parts.append("\n\n")
            if tag == "pre":
                self.pre = max(0, self.pre - 1)
        elif tag == "br":
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        self.parts.append(data if self.pre else re.sub(r"\s+", " ", data))

    def text(self) -> str:
        joined = "".join(self.parts).replace("\xa0", " ")
        lines = [line.strip() for line in joined.split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _looks_like_html(text: str, path: str) -> bool:
    """HTML by its opening markup, or by its name when it holds any markup at all (a page
    already turned into text by the caller is left alone)."""
    if _HTML_START.match(text[:4096]):
        return True
    return path.lower().endswith(_HTML_SUFFIXES) and bool(_ANY_TAG.search(text))


def _html_text(markup: str) -> tuple[str, _TextOfHtml]:
    """The readable text of ``markup``, and the parser that read it (its ``dates`` and
    ``metadata``)."""
    parser = _TextOfHtml()
    try:
        parser.feed(markup)
        parser.close()
    except Exception as exc:  # html.parser is lenient; this is a last resort
        raise DocumentError(f"the HTML could not be read ({exc})") from None
    return parser.text(), parser


def _iso_date(value: str) -> date | None:
    match = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})(?!\d)", value)
    if not match:
        return None
    try:
        return date(*map(int, match.groups()))
    except ValueError:
        return None


# -- text to Document -------------------------------------------------------------------------

def title_of(body: str) -> str:
    r"""Return the document's title: its first line that reads as a headline (not a date, a
    time stamp or a word or two such as "Readout"), else the first sentence of the text (at
    most 120 characters, cut at a word).

    >>> title_of("Sept. 8, 2021\n\nSecretary of Defense Lloyd J. Austin III met the King.")
    'Secretary of Defense Lloyd J. Austin III met the King.'
    """
    lines = [line.strip() for line in body.split("\n", 12)[:12] if line.strip()]
    for line in lines[:4]:
        if _NO_HEADLINE.fullmatch(line) or len(line.split()) <= 2:
            continue
        if len(line) <= 200 and not _HEADLINE_END.search(line):
            return line
        break
    from analysis.engine.sentences import split_sentences  # the reader does not need sentences

    text = "\n\n".join(line for line in lines if not _NO_HEADLINE.fullmatch(line))
    sentences = split_sentences(text[:3000])
    sentence = sentences[0].text if sentences else ""
    return sentence if len(sentence) <= 120 else sentence[:117].rsplit(" ", 1)[0] + "…"


#: A first line that is no headline: a date or a time stamp ("Sept. 8, 2021", "06/14/2022
#: 11:19 AM EDT", "July 25, 2023").
_NO_HEADLINE = re.compile(r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?\s+"
                          r"\d{4}|\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4})(?:\s+\d{1,2}:\d{2}(?:\s*[AP]M)?"
                          r"(?:\s+[A-Z]{2,4})?)?")


def _clean(text: str) -> str:
    """Normalise line endings and drop byte-order marks, zero bytes and control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n").replace("\x85", "\n")
    text = text.replace("\x0c", "\n").replace("\x1c", "\n").replace("\x1d", "\n")
    text = text.replace("\x1e", "\n")
    text = _CONTROL.sub("", text)
    return _SURROGATE.sub("\ufffd", text)


def parse_text(text: str, *, path: str, encoding: str = "utf-8") -> Document:
    """Parse decoded text into a ``Document``; ``path`` is kept as given.

    HTML (by ``path``'s suffix or the text's first markup) is read as its text. Raises
    ``DocumentError`` for a text with no words, a date line that cannot be trusted, or a text
    over ``MAX_CHARS``.
    """
    text = _clean(text)
    when, meta, body = _split_head(text)
    if _looks_like_html(body, path):
        body, page = _html_text(body)
        body = _clean(body)
        if when is None:
            when, meta, body = _split_head(body)
        if when is None:
            when = next(filter(None, map(_iso_date, page.dates)), None)
        meta = {**page.metadata, **meta}
    if len(body) > MAX_CHARS:
        raise DocumentError(f"the text is {len(body):,} characters long, over the "
                            f"{MAX_CHARS:,}-character limit for one document (reading it "
                            f"would take too long); split it into smaller documents")
    words = count_words(body)
    if not words:
        raise DocumentError("the file has no text after its date line" if when
                            else "the file has no words")
    return Document(doc_id=doc_id_for(text), path=path, date=when,
                    title=meta.get("title") or title_of(body), words=words, text=body,
                    encoding=encoding, source=meta.get("source", ""), url=meta.get("url", ""))


def count_words(text: str) -> int:
    """The words of ``text``: runs of letters and digits, joined by an apostrophe, a period or
    a hyphen ("U.S", "Qatar’s", "al-Thani" are one each).

    A word never spans white space, so each white-space-separated token is counted alone: one
    of letters and digits only is one word; the rest go through the word pattern together.

    >>> count_words("The U.S.-Qatar talks, Qatar’s envoy said: “yes”.")
    8
    """
    tokens = text.split()
    mixed = [token for token in tokens if not token.isalnum()]
    return len(tokens) - len(mixed) + len(_WORD.findall(" ".join(mixed)))


def _split_head(text: str) -> tuple[date | None, dict[str, str], str]:
    """(date or None, metadata, body) of a text: its date line, then, when the date line
    stands alone, the metadata lines after it."""
    when, rest, alone = _split_date(text)
    if when is not None and alone:
        meta, body = split_metadata(rest)
        return when, meta, body
    return when, {}, rest.strip()


# -- files and folders ------------------------------------------------------------------------

#: Characters that would change how a file name reads when shown: controls (line breaks,
#: terminal escapes), bidirectional overrides and isolates (a right-to-left override makes
#: ``txt.exe`` read backwards), and invisible marks. Shown as ``\\uNNNN``.
_UNSAFE_IN_NAMES = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e"
                              "\u2060-\u2064\u2066-\u2069\ufeff]")

#: Set to ``1`` (or ``true``) to read links whose target is outside the input folder.
FOLLOW_LINKS_SETTING = "READOUT_FOLLOW_LINKS"


def printable_name(name: str) -> str:
    r"""Return a file name as it can be shown and stored: bytes that are not UTF-8 (a name
    from another system) as ``\xNN``, and controls, bidirectional overrides and invisible
    characters as ``\uNNNN``, so that the name shown is the name on disk, never a spoofed one.

    >>> print(printable_name("report\u202etxt.exe"))
    report\u202etxt.exe
    >>> print(printable_name(b"bad\xff.txt".decode("utf-8", "surrogateescape")))
    bad\xff.txt
    """
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that no file system gave
        raw = name.encode("utf-8", "backslashreplace")
    text = raw.decode("utf-8", "backslashreplace")
    return _UNSAFE_IN_NAMES.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def relative_path(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` with forward slashes, as ``printable_name`` shows it: a
    document's ``path``.

    >>> relative_path(Path("corpus/uk/call.txt"), Path("corpus"))
    'uk/call.txt'
    """
    return printable_name(path.relative_to(root).as_posix())


_relative = relative_path


def follow_links() -> bool:
    """True when ``READOUT_FOLLOW_LINKS`` allows reading links to files outside the input
    folder (off by default: a link to ``/etc/passwd`` in a shared corpus is not read)."""
    return os.environ.get(FOLLOW_LINKS_SETTING, "").strip().lower() in {"1", "true", "yes", "on"}


def _inside(path: Path, root: Path) -> bool:
    real, base = os.path.realpath(path), os.path.realpath(root)
    return real == base or real.startswith(base.rstrip(os.sep) + os.sep)


@functools.lru_cache(maxsize=64)
def _ignore_rules(root: str, _mtime_ns: int) -> tuple[tuple[str, bool, bool], ...]:
    """(pattern, negated, folders only) per rule of ``DEFAULT_IGNORE`` and ``root``'s ignore
    file, in order (the last matching rule decides)."""
    lines = list(DEFAULT_IGNORE)
    try:
        with open(os.path.join(root, IGNORE_FILE), encoding="utf-8", errors="replace") as f:
            lines += f.read(100_000).splitlines()
    except OSError:
        pass
    rules = []
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        line = line[1:] if negated else line
        folders = line.endswith("/")
        line = line.strip("/")
        if line:
            rules.append((line, negated, folders))
    return tuple(rules)


def ignore_rules(root: Path) -> tuple[tuple[str, bool, bool], ...]:
    """The ignore rules of the corpus folder ``root`` (read again when its file changes)."""
    try:
        mtime = os.stat(root / IGNORE_FILE).st_mtime_ns
    except OSError:
        mtime = -1
    return _ignore_rules(str(root), mtime)


def ignored_by(rel: str, *, is_dir: bool, rules) -> str | None:
    """The rule that ignores the path ``rel`` (relative to the corpus folder, with ``/``), as
    written; None when it is read. The file ``.readoutignore`` itself is ignored as such.

    >>> rules = _ignore_rules("/nowhere", -1)
    >>> ignored_by("README.md", is_dir=False, rules=rules), ignored_by("a/x.txt", is_dir=False, rules=rules)
    ('README*', None)
    """
    if rel == IGNORE_FILE:
        return IGNORE_FILE
    name = rel.rsplit("/", 1)[-1]
    found = None
    for pattern, negated, folders in rules:
        if folders and not is_dir:
            continue
        target = rel if "/" in pattern else name
        if fnmatch.fnmatchcase(target, pattern):
            found = None if negated else pattern
    return found


def _ignored_reason(path: Path, root: Path, *, is_dir: bool) -> str | None:
    """"ignored: ..." for a path the corpus's ignore rules name; None when it is read."""
    try:
        rel = path.relative_to(root).as_posix()
    except ValueError:
        return None
    rule = ignored_by(rel, is_dir=is_dir, rules=ignore_rules(root))
    if rule is None:
        return None
    if rule == IGNORE_FILE:
        return f"ignored: the corpus's ignore file ({IGNORE_FILE})"
    what = "a folder" if is_dir else "a file"
    where = "by default" if rule in DEFAULT_IGNORE else f"by {IGNORE_FILE}"
    return f"ignored: {what} matching “{rule}” ({where}), not read"


def check_input_file(path: Path, *, root: Path) -> os.stat_result:
    """Return the ``stat`` of an input file that may be read; raise ``DocumentError`` saying
    why not: ignored by the corpus's rules (a reason starting "ignored:"), a link out of
    ``root`` (unless ``follow_links()``), a folder that cannot be opened, a pipe, device or
    socket, a broken link, a file over ``MAX_BYTES``.

    Nothing is opened: a pipe or ``/dev/zero`` is refused without a byte read.
    """
    ignored = _ignored_reason(path, root, is_dir=os.path.isdir(path) and not os.path.islink(path))
    if ignored:
        raise DocumentError(ignored)
    if not follow_links() and not _inside(path, root):
        raise DocumentError(f"a link to a file outside the input folder, not read (set "
                            f"{FOLLOW_LINKS_SETTING}=1 to read such links)")
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise DocumentError("the file cannot be read: it is a broken link or was removed "
                            "while reading") from None
    except OSError as exc:
        raise DocumentError(f"the file cannot be read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise DocumentError("a folder that cannot be opened (permission denied): the files "
                            "in it were not read")
    if not stat.S_ISREG(info.st_mode):
        raise DocumentError("not a regular file (a device, pipe or socket)")
    if info.st_size > MAX_BYTES:
        raise DocumentError(f"the file is {info.st_size / 1e6:.1f} MB, over the "
                            f"{MAX_BYTES / 1e6:g} MB limit for one document; split it "
                            f"into smaller documents")
    return info


def read_input_bytes(path: Path, *, root: Path) -> bytes:
    """Return the bytes of an input file that ``check_input_file`` accepts (raising
    ``DocumentError`` otherwise). The file is opened without blocking and checked again once
    open, so that a file swapped for a pipe in between is refused, not waited on."""
    check_input_file(path, root=root)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with open(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise DocumentError("not a regular file (a device, pipe or socket)")
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise DocumentError("the file cannot be read: it is a broken link or was removed "
                            "while reading") from None
    except OSError as exc:
        raise DocumentError(f"the file cannot be read: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:
        raise DocumentError(f"the file is over the {MAX_BYTES / 1e6:g} MB limit for one "
                            f"document; split it into smaller documents")
    return raw


def read_document(path: Path, *, root: Path) -> Document:
    """Read one file into a ``Document``; raises ``DocumentError`` saying why it cannot (and
    only that: an unexpected failure of the reader is reported as a ``DocumentError`` too)."""
    try:
        return _read_document(path, root=root)
    except DocumentError:
        raise
    except Exception as exc:  # never lose a file to a reader bug
        raise DocumentError(f"the file could not be read (an error in the reader: "
                            f"{type(exc).__name__}: {exc})") from exc


def _read_document(path: Path, *, root: Path) -> Document:
    rel = _relative(path, root)
    text, encoding = decode(read_input_bytes(path, root=root))
    return parse_text(text, path=rel, encoding=encoding)


def iter_input_files(root: Path) -> Iterator[Path]:
    """Yield every candidate document under ``root`` (recursively), sorted by path.

    A folder the ignore rules name (``.readoutignore``: hidden ones by default) is yielded
    itself, not walked, so that the reader lists it as ignored; an ignored file is yielded
    too, for the same reason. Links to folders are never followed. A folder that cannot be
    listed or entered is yielded itself, so that the reader refuses it with the reason instead
    of its files vanishing. The walk keeps its own list of folders to visit, so any depth of
    nesting works.
    """
    found: list[Path] = []
    rules = ignore_rules(root)
    pending = [root]
    while pending:
        folder = pending.pop()
        if folder is not root and not os.access(folder, os.R_OK | os.X_OK):
            found.append(folder)
            continue
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError:
            if folder is root:
                raise
            found.append(folder)
            continue
        for entry in entries:
            path = folder / entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    rel = path.relative_to(root).as_posix()
                    if ignored_by(rel, is_dir=True, rules=rules):
                        found.append(path)  # listed as ignored, not walked
                    else:
                        pending.append(path)
                    continue
                if entry.is_symlink() and entry.is_dir():
                    continue  # a link to a folder
            except OSError:
                pass  # the reader says why it cannot read it
            found.append(path)
    yield from sorted(found)


def read_folder(root: Path) -> tuple[list[Document], list[Rejected]]:
    """Read every file under ``root``: documents, and rejected files with reasons.

    Every file lands in exactly one list. A second file with the same text as an earlier one
    (by path order) is rejected as a duplicate, naming the first.
    """
    documents: list[Document] = []
    rejected: list[Rejected] = []
    seen: dict[str, str] = {}
    for path in iter_input_files(root):
        rel = _relative(path, root)
        try:
            doc = read_document(path, root=root)
        except DocumentError as exc:
            rejected.append(Rejected(rel, str(exc)))
            continue
        except Exception as exc:  # never lose a file to a reader bug
            rejected.append(Rejected(rel, f"the file could not be read (an error in the "
                                          f"reader: {type(exc).__name__}: {exc})"))
            continue
        if doc.doc_id in seen:
            rejected.append(Rejected(rel, f"the same text as {seen[doc.doc_id]}"))
            continue
        seen[doc.doc_id] = rel
        documents.append(doc)
    return documents, rejected
