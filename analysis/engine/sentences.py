"""Splits a document body into paragraphs and sentences, keeping character offsets.

A sentence does not end inside an open quotation within its paragraph, so a quoted passage of
several sentences and its attribution ("...," Peskov said.) stay one evidence sentence.
"""
from __future__ import annotations

import re
from typing import NamedTuple


class Sentence(NamedTuple):
    """One sentence of a body: ``text == body[start:end]``; ``para`` counts paragraphs from 0."""

    start: int
    end: int
    text: str
    para: int


#: Words that end with a period without ending a sentence.
ABBREVIATIONS = frozenset("""
mr mrs ms dr prof gen lt col maj capt sgt adm cmdr rep sen gov st jr sr rev hon no vs etc
jan feb mar apr jun jul aug sep sept oct nov dec inc corp ltd co dept est approx
u.s u.k u.n d.c u.a.e u.s.a e.g i.e a.m p.m
""".split())

#: A sentence held open by an unclosed quotation ends anyway after this many characters.
MAX_QUOTED = 3000

_PARA = re.compile(r"\n\s*\n")
# A candidate break: terminal punctuation, optional closing quotes/brackets, then space.
_BREAK = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+)")
_OPEN_Q = "\"“"
_NEXT_START = re.compile(r"\s+[\"'“‘(\[]*[A-Z0-9]")


def paragraphs(body: str) -> list[tuple[int, int]]:
    """Return (start, end) offsets of the non-blank paragraphs of ``body``."""
    spans, pos = [], 0
    for match in _PARA.finditer(body):
        spans.append((pos, match.start()))
        pos = match.end()
    spans.append((pos, len(body)))
    return [(s, e) for s, e in spans if body[s:e].strip()]


def _quote_counts(text: str) -> tuple[int, int, int]:
    """Straight, opening curly and closing curly double quotes in ``text``."""
    return text.count('"'), text.count("“"), text.count("”")


def _is_abbreviation(body: str, dot: int) -> bool:
    """True when the period at ``dot`` closes an abbreviation or an initial ("J.")."""
    start = dot
    while start > 0 and (body[start - 1].isalnum() or body[start - 1] == "."):
        start -= 1
    token = body[start:dot].lower()
    if not token:
        return False
    if len(token) == 1 and body[dot - 1].isupper():
        return True  # an initial: "Lloyd J. Austin"
    return token in ABBREVIATIONS


def split_sentences(body: str) -> list[Sentence]:
    """Split ``body`` into sentences with offsets; each paragraph ends a sentence.

    Returns an empty list for a body of white space.

    >>> [s.text for s in split_sentences("He came. She said: \\"Go. Now.\\" Then left.")]
    ['He came.', 'She said: "Go. Now."', 'Then left.']
    """
    out: list[Sentence] = []
    for para_no, (p_start, p_end) in enumerate(paragraphs(body)):
        start = p_start
        while start < p_end and body[start].isspace():
            start += 1
        # Quotation marks in body[start:counted], kept as the candidates move right, so that
        # "is a quotation open?" never rescans the sentence (a paragraph of many unclosed
        # quotes stays linear).
        straight = opening = closing = 0
        counted = start
        for match in _BREAK.finditer(body, start, p_end):
            end = match.end()
            if end <= start:
                continue
            if not _NEXT_START.match(body, end, p_end):
                continue
            first = body.find(".", match.start(), end)
            if first == match.start() and body[match.start()] == "." and \
                    _is_abbreviation(body, match.start()) and end == match.start() + 1:
                continue
            if end - start < MAX_QUOTED:
                more = _quote_counts(body[counted:end])
                straight, opening, closing = (straight + more[0], opening + more[1],
                                              closing + more[2])
                counted = end
                if straight % 2 == 1 or opening > closing:
                    continue
            out.append(Sentence(start, end, body[start:end], para_no))
            start = end
            while start < p_end and body[start].isspace():
                start += 1
            straight = opening = closing = 0
            counted = start
        tail_end = p_end
        while tail_end > start and body[tail_end - 1].isspace():
            tail_end -= 1
        if tail_end > start:
            out.append(Sentence(start, tail_end, body[start:tail_end], para_no))
    return out
