"""Turns document text and extracted rows into safe HTML: search matches highlighted, a
statement's paragraph, and a whole document with its countries, actors, contacts and statements
marked. Pure Python, no streamlit; every piece of text is escaped with ``literal`` (HTML and
Markdown syntax turned into character references) before it is marked, so that what a document
says is shown as its characters, whether the result goes into raw HTML or into Markdown."""
from __future__ import annotations

import html
import re
from collections.abc import Iterable

import pandas as pd

from analysis.engine.frames import split_list
from analysis.engine.sentences import paragraphs
from analysis.store.query import search_terms

#: How each kind of mark looks (background for passages, underline/colour for names).
STYLES = {
    "statement": "background:#fde68a",
    "contact": "background:#bfdbfe",
    "event": "background:#fecaca",
    "country": "border-bottom:2px solid #15803d;color:#166534;font-weight:600",
    "actor": "border-bottom:2px solid #7c3aed;color:#5b21b6;font-weight:600",
    "match": "background:#fb923c",
}
LEGEND = {
    "statement": "statement", "contact": "contact (evidence sentence)",
    "event": "action (evidence sentence)", "country": "country", "actor": "actor",
}
#: Characters Markdown (CommonMark, GFM, Streamlit's extensions: ``:red[..]``, ``:icon:``,
#: ``$math$``) reads as syntax; written as character references they are shown as themselves.
_MARKDOWN = {c: f"&#{ord(c)};" for c in "\\`*_[]()#!|~$:@{}"}
#: GFM turns bare addresses in text into links after parsing, references or not ("http://",
#: "www.", "a@b.c"); a tag-free ``<span>`` around the colon, dot or at sign splits the text so
#: that no address is found. Where HTML is not allowed, a word joiner (U+2060, invisible) does.
_SPLIT = {":": "<span>&#58;</span>", ".": "<span>&#46;</span>", "@": "<span>&#64;</span>"}
_MARKDOWN_RE = re.compile(r"(:(?=//)|(?<=www)\.|@)|[\\`*_\[\]()#!|~$:{}]", re.IGNORECASE)


def literal(text: object, *, allow_html: bool = True) -> str:
    """Return ``text`` escaped for Streamlit's Markdown, shown exactly as typed: HTML's ``<>&``
    and Markdown's punctuation become character references, and bare web and mail addresses
    are split so that they do not become links. Use it with ``unsafe_allow_html=True``; for
    elements that take no HTML (``st.info``), pass ``allow_html=False``.

    >>> literal("![x](h/i.png) <b> x: http://h")
    '&#33;&#91;x&#93;&#40;h/i.png&#41; &lt;b&gt; x&#58; http<span>&#58;</span>//h'
    """
    escaped = html.escape("" if text is None else str(text), quote=False)

    def one(m: re.Match) -> str:
        if not m.group(1):
            return _MARKDOWN[m.group()]
        return _SPLIT[m.group()] if allow_html else f"\u2060&#{ord(m.group())};"

    return _MARKDOWN_RE.sub(one, escaped)


def highlight(text: str, query: str) -> str:
    """Return ``text`` escaped as HTML with every search term of ``query`` in ``<mark>``.

    >>> highlight("a <b> easing", "easing")
    'a &lt;b&gt; <mark style="background:#fb923c">easing</mark>'
    """
    terms = search_terms(query)
    if not terms:
        return literal(text or "")
    phrase = " ".join(terms)
    if len(terms) > 1 and re.search(re.escape(phrase), text or "", re.IGNORECASE):
        terms = [phrase]  # the words as one phrase: mark it, not every "of" in the text
    elif any(len(t) > 2 for t in terms):
        terms = [t for t in terms if len(t) > 2]
    spans = [(m.start(), m.end()) for t in terms
             for m in re.finditer(re.escape(t), text or "", re.IGNORECASE)]
    return _render(text or "", [(s, e, "match") for s, e in spans])


def snippet(text: str, query: str, *, width: int = 240) -> str:
    """The stretch of ``text`` (about ``width`` characters, at word boundaries) around the
    first place a search term of ``query`` occurs, as ``highlight`` marks it; "…" where it
    was cut. The start of the text when no term occurs.

    >>> snippet("a b c easing d e", "easing", width=8)
    '… c <mark style="background:#fb923c">easing</mark> …'
    """
    text = text or ""
    lowered = text.lower()
    hits = sorted((lowered.find(t.lower()), len(t)) for t in search_terms(query)
                  if t.lower() in lowered)
    first, size = hits[0] if hits else (0, 0)
    start = max(0, first - width // 2)
    end = min(len(text), max(start + width, first + size))
    if start > 0:
        space = text.find(" ", start, first)
        start = space + 1 if space >= 0 else start
    if end < len(text):
        space = text.rfind(" ", first + size, end)
        end = space if space >= first + size else end
    return (("… " if start > 0 else "") + highlight(text[start:end].strip(), query)
            + (" …" if end < len(text) else ""))


def where_matched(query: str, *, text: str, evidence: str, speaker: str) -> list[tuple[str, str]]:
    """Where a statement search's terms occur in one statement: ("quote", snippet) when in its
    text; ("sentence", snippet) for the sentence it was read from when terms the quote lacks
    are there; ("speaker", name) likewise. [] when the query has no terms.

    >>> where_matched("Gulf", text="We spoke.", evidence="In the Gulf, he said we spoke.",
    ...               speaker="X")[0][0]
    'sentence'
    """
    terms = [t.lower() for t in search_terms(query)]
    if not terms:
        return []
    found: list[tuple[str, str]] = []
    missing = [t for t in terms if t not in (text or "").lower()]
    if len(missing) < len(terms):
        found.append(("quote", snippet(text, query)))
    if missing and any(t in (evidence or "").lower() for t in missing):
        found.append(("sentence", snippet(evidence, query)))
    if missing and any(t in (speaker or "").lower() for t in missing):
        found.append(("speaker", highlight(speaker, query)))
    return found


def _render(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """Escape ``text`` and wrap each stretch covered by spans in one styled ``<mark>``.

    One sweep over the spans' ends (not a set per character), so that a long document with
    many marks costs time and memory in proportion to its spans, not to its length times
    them."""
    edges: dict[int, list[tuple[str, int]]] = {}
    for start, end, kind in spans:
        start, end = max(start, 0), min(end, len(text))
        if start < end:
            edges.setdefault(start, []).append((kind, 1))
            edges.setdefault(end, []).append((kind, -1))
    active: dict[str, int] = {}
    runs: list[tuple[int, frozenset[str]]] = []  # (start, kinds) of each run of equal kinds
    for position in sorted({0, *edges}):
        for kind, step in edges.get(position, ()):
            active[kind] = active.get(kind, 0) + step
        kinds = frozenset(k for k, n in active.items() if n > 0)
        if position < len(text) and (not runs or runs[-1][1] != kinds):
            runs.append((position, kinds))
    out: list[str] = []
    for n, (start, kinds) in enumerate(runs):
        end = runs[n + 1][0] if n + 1 < len(runs) else len(text)
        chunk = literal(text[start:end]).replace("\n", "<br>")
        if kinds:
            style = ";".join(STYLES[k] for k in sorted(kinds, key=_order))
            if not kinds & {"statement", "contact", "event", "match"}:
                style = "background:transparent;" + style  # not the browser's yellow
            title = ", ".join(sorted(kinds, key=_order))
            out.append(f'<mark style="{style}" title="{title}">{chunk}</mark>'
                       if kinds != {"match"} else f'<mark style="{style}">{chunk}</mark>')
        else:
            out.append(chunk)
    return "".join(out)


def _order(kind: str) -> int:
    order = ("event", "contact", "statement", "match", "country", "actor")
    return order.index(kind) if kind in order else 99


def _find_all(text: str, needle: str, *, words: bool = False) -> list[tuple[int, int]]:
    """Every (start, end) of ``needle`` in ``text``, ignoring case and runs of white space."""
    needle = (needle or "").strip()
    if len(needle) < 2:
        return []
    pattern = r"\s+".join(re.escape(part) for part in needle.split())
    if words:
        pattern = r"(?<!\w)" + pattern + r"(?!\w)"
    return [(m.start(), m.end()) for m in re.finditer(pattern, text, re.IGNORECASE)]


def document_spans(text: str, *, countries: pd.DataFrame | None = None,
                   actors: pd.DataFrame | None = None, contacts: pd.DataFrame | None = None,
                   statements: pd.DataFrame | None = None,
                   events: pd.DataFrame | None = None) -> list[tuple[int, int, str]]:
    """Find where a document's extracted rows sit in its text: (start, end, kind) spans.

    Countries by their surface forms and names, actors by name, contacts and events by their
    evidence sentence, statements by their text (else their evidence). Rows not found in the
    text are skipped.
    """
    spans: list[tuple[int, int, str]] = []
    for kind, frame, columns in (("event", events, ("evidence",)),
                                 ("contact", contacts, ("evidence",)),
                                 ("statement", statements, ("text", "evidence"))):
        if frame is None or frame.empty:
            continue
        for row in frame.itertuples(index=False):
            for column in columns:
                found = _find_all(text, str(getattr(row, column, "") or ""))
                if found:
                    spans.extend((s, e, kind) for s, e in found)
                    break
    if countries is not None and not countries.empty:
        forms = set()
        for row in countries.itertuples(index=False):
            forms.update(split_list(getattr(row, "surface", "")))
            forms.add(str(row.name))
        for form in sorted(forms, key=len, reverse=True):
            spans.extend((s, e, "country") for s, e in _find_all(text, form, words=True))
    if actors is not None and not actors.empty:
        for name in sorted(set(actors["name"].astype(str)), key=len, reverse=True):
            spans.extend((s, e, "actor") for s, e in _find_all(text, name, words=True))
    return spans


def mark_document(text: str, **frames: pd.DataFrame | None) -> str:
    """Return the document's text as HTML with its extracted rows marked (see ``STYLES``);
    paragraphs become ``<p>`` blocks. A document with nothing extracted comes back escaped."""
    spans = document_spans(text, **frames)
    marked = _render(text, spans)
    return "".join(f"<p>{p.strip()}</p>" for p in re.split(r"(?:<br>\s*){2,}", marked) if p.strip())


#: The Documents page shows a long document in parts of at most about this many characters
#: (whole paragraphs), so that one page run marks and sends a bounded amount of HTML.
PART_CHARS = 40_000


def document_parts(text: str, *, size: int = PART_CHARS) -> list[tuple[int, int]]:
    """(start, end) offsets of consecutive parts of ``text`` that cover it: whole paragraphs
    (split at blank lines) of at most ``size`` characters, a longer paragraph cut at a space
    near ``size``. One part for a text of ``size`` characters or fewer.

    >>> document_parts("one\\n\\ntwo\\n\\nthree", size=8)
    [(0, 5), (5, 10), (10, 15)]
    """
    if len(text) <= size:
        return [(0, len(text))]
    pieces: list[tuple[int, int]] = []  # paragraphs, a long one cut at spaces
    start = 0
    for cut in [start for start, _ in paragraphs(text)[1:]] + [len(text)]:
        while cut - start > size:
            space = text.rfind(" ", start + size // 2, start + size)
            stop = space + 1 if space >= 0 else start + size
            pieces.append((start, stop))
            start = stop
        if cut > start:
            pieces.append((start, cut))
            start = cut
    parts: list[tuple[int, int]] = []
    for begin, end in pieces:  # as many whole pieces per part as fit
        if parts and end - parts[-1][0] <= size:
            parts[-1] = (parts[-1][0], end)
        else:
            parts.append((begin, end))
    return parts


def legend_html() -> str:
    """A one-line legend of the marks used by ``mark_document``."""
    return " ".join(f'<mark style="{_mark_style(k)}">{html.escape(label)}</mark>'
                    for k, label in LEGEND.items())


def _mark_style(kind: str) -> str:
    """A mark's style: names (countries, actors) are underlined on no background, never on the
    browser's default yellow, which would read as a statement's."""
    if kind in ("country", "actor"):
        return "background:transparent;" + STYLES[kind]
    return STYLES[kind]


def paragraph_html(doc_text: str, index: int, passage: str) -> str:
    """Return paragraph ``index`` of a document (as the engine counts them: a row's ``para``)
    as HTML with ``passage`` highlighted in it; "" when the document has no such paragraph."""
    spans = paragraphs(doc_text or "")
    if not 0 <= index < len(spans):
        return ""
    para = doc_text[spans[index][0]:spans[index][1]].strip()
    spans = [(s, e, "statement") for s, e in _find_all(para, passage)]
    return _render(para, spans)
