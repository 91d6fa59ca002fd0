"""Property-based tests (hypothesis) of the reader and of the whole per-document extraction.

On arbitrary text, and on text made of the words the extractors look for: reading never raises
anything but ``DocumentError``; extraction never raises; every ``evidence`` is a substring of its
document's text; every date is a real date; ids are the same on a second run.
Example counts are modest so that the file runs in a few seconds.
"""
from datetime import date

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from analysis.engine.documents import (DocumentError, decode, doc_id_for, parse_text, split_date_line,
                                title_of)
from analysis.engine.pipeline import extract_document

SETTINGS = settings(deadline=None, max_examples=60,
                    suppress_health_check=[HealthCheck.too_slow])

#: Pieces the extractors react to: names, titles, places, verbs, dates, quotation marks.
VOCAB = [
    "Russian President Vladimir Putin", "Putin", "the Kremlin", "Dmitry Peskov", "Emir",
    "Sheikh Tamim bin Hamad Al Thani", "Crown Prince Mohammed bin Salman", "Iran", "Iranian",
    "Qatar", "Saudi Arabia", "the US", "Israel", "Tehran", "Doha", "Foreign Minister",
    "the Prime Minister", "King Hamad", "Macron", "he", "she", "they", "both sides",
    "said", "told", "added", "stressed", "according to", "spoke by telephone with",
    "held a phone call with", "met", "visited", "in a video call", "wrote a letter to",
    "launched strikes on", "attacked", "sanctioned", "assassinating", "retaliating",
    "on Monday", "on Tuesday", "yesterday", "last week", "on 2 March", "March 3, 2026",
    "2026-02-30", "on February 30", "next week", "will", "the", "and", "of", "in", "with",
    '"', "“", "”", "‘", "’", "'", ",", ".", ";", ":", "!", "?", "(", ")", "—", "-",
    "\n", "\n\n", "  ", "\t", "date 2026-03-03", "U.S.", "Mr.", "No.", "e.g.",
]

vocab_text = st.lists(st.one_of(st.sampled_from(VOCAB), st.text(max_size=6)),
                      max_size=60).map(" ".join)
any_text = st.one_of(st.text(max_size=300), vocab_text)
dates = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))


def _parsed(text: str, path: str = "x.txt"):
    """The document of ``text``, or None when the reader refuses it (with a DocumentError)."""
    try:
        doc = parse_text(text, path=path)
    except DocumentError as exc:
        assert str(exc)  # a reason a user can read
        return None
    assert doc.words > 0 and doc.path == path and isinstance(doc.text, str)
    assert doc.date is None or isinstance(doc.date, date)
    return doc


@SETTINGS
@given(st.binary(max_size=400))
@example(b"\xff\xfe\x00\xd8")  # UTF-16 byte-order mark and a lone surrogate
@example(b"\x00\x00\xfe\xff\x00\x11\x00\x00")  # UTF-32 big-endian, out of range
def test_decode_gives_text_or_a_document_error(raw):
    try:
        text, encoding = decode(raw)
    except DocumentError as exc:
        assert str(exc)
        return
    assert isinstance(text, str) and text.strip() and encoding


@SETTINGS
@given(any_text)
@example("date 2026-02-30 Text.")
@example("date: \x00\ud800")
@example("<html><script>“</script>")
def test_parse_text_never_raises_anything_else(text):
    doc = _parsed(text)
    if doc is not None:
        assert len(doc.doc_id) == 16 and parse_text(text, path="x.txt") == doc
        assert doc.title == title_of(doc.text) and len(doc.title) <= 200


@SETTINGS
@given(any_text, st.sampled_from(["\n", "\r\n", "\r"]))
def test_doc_id_ignores_line_endings(text, newline):
    assert doc_id_for(text) == doc_id_for(text.replace("\n", newline))


@SETTINGS
@given(dates, st.sampled_from(["date {iso}", "date: {iso}", "Date = {iso}T10:00:00Z",
                               "date {iso} 23:59 GMT", "Date: {d} {month} {y}",
                               "date {weekday}, {d} {month} {y}", "date {month} {d}, {y}",
                               "date {y}/{m:02d}/{d:02d}"]),
       st.sampled_from([" ", "\n", "\n\n", "\r\n"]))
def test_every_date_layout_reads_back_its_date(when, layout, gap):
    line = layout.format(iso=when.isoformat(), d=when.day, m=when.month, y=f"{when.year:04d}",
                         month=when.strftime("%B"), weekday=when.strftime("%A"))
    parsed, body = split_date_line(line + gap + "The talks went on.")
    assert parsed == when and body == "The talks went on."


@SETTINGS
@given(dates)
def test_numeric_dates_are_read_only_when_unambiguous(when):
    line = f"date {when.day:02d}/{when.month:02d}/{when.year:04d} Text."
    if when.day > 12 or when.day == when.month:
        assert split_date_line(line)[0] == when
    else:
        try:
            split_date_line(line)
        except DocumentError as exc:
            assert "could mean" in str(exc)
        else:
            raise AssertionError(f"{line!r} was read although ambiguous")


def _check_extraction(doc) -> None:
    first = extract_document(doc)
    second = extract_document(doc)
    assert first.document.doc_id == second.document.doc_id == doc.doc_id
    for kind in ("contacts", "statements", "events"):
        rows = getattr(first, kind)
        for row in rows:
            assert row.evidence in doc.text, (kind, row.evidence)
            assert row.date is None or isinstance(row.date, date)
            assert row.doc_id == doc.doc_id
        assert [r[0] for r in rows] == [r[0] for r in getattr(second, kind)]
        assert rows == getattr(second, kind)


@SETTINGS
@given(any_text)
@example('"Unbalanced, he said. “Nested ‘quotes’ inside,” Putin said. ‘Open')
@example("“”")
@example("date 2026-03-03 Putin said: “")
def test_extraction_never_raises_and_keeps_its_promises(text):
    doc = _parsed(text)
    if doc is not None:
        _check_extraction(doc)


@SETTINGS
@given(vocab_text, st.sampled_from(["p", "div", "li", "h1", "blockquote", "span"]))
def test_html_pages_are_read_as_their_text(text, tag):
    page = (f"<html><head><title>T</title><script>var x = '<p>no</p>';</script></head>"
            f"<body><{tag}>{text}</{tag}><style>p {{}}</style></body></html>")
    doc = _parsed(page, path="page.html")
    if doc is not None:
        if "var x" not in text:
            assert "var x" not in doc.text
        _check_extraction(doc)
