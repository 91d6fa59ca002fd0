"""Reads how the clause around one position of a sentence is told: as the future or a plan
("will meet", "is due to visit", "the upcoming summit"), negated ("did not meet", "no call"),
unrealised (a threat, warning, call, fear, attempt or condition: "threatened to strike", "calls
for sanctions", "if Iran attacks"), or in the past ("met", "had spoken", "were held").

The position is where the words of interest start: a contact or event cue ("meet", "strikes")
or a date mention ("on Thursday"). The clause is the stretch of the sentence around it that no
clause boundary interrupts: punctuation (``; : ( ) [ ]``, quotation marks, dashes, a comma that
does not sit in a list of names) and the words that open another clause ("that", "which", "who",
"when", "while", "because", "if", "but", "as" or "after" before a subject). The words that mark
each reading are ``data/tense_cues.csv``:

* ``before`` rows count when they stand in the clause before the position and no verb in the
  past comes between them and it ("will say that they met" is not future for "met": "that"
  opens another clause; "the planned talks were held" is not future for "held");
* ``after`` rows count when the word at the position is not a verb in the past and nothing in
  the past precedes: the predicate of a noun ("the meeting is scheduled for Monday", "the call
  did not take place");
* ``governor`` rows are the verb whose complement the clause is ("denied that ...", "warned
  that ..."); ``implicative`` governors make an infinitive real ("continued to strike", "sent
  jets to strike") where any other makes it unrealised ("in order to strike", "moved to...").

Every function looks at most ``REACH_BEFORE`` characters before the position and
``REACH_AFTER`` after it, so calling one per cue keeps a text's reading linear in its length.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cache, lru_cache
from typing import NamedTuple

from analysis.engine.matcher import SubstringSet
from analysis.engine.tables import read_table

__all__ = ["Reading", "clause_bounds", "reading", "is_future", "is_negated",
           "is_hypothetical", "is_past", "is_asserted", "first_past_verb", "REACH_BEFORE",
           "REACH_AFTER"]

#: How far a clause is looked for, in characters, before and after the position.
REACH_BEFORE = 160
REACH_AFTER = 90

_PRONOUN = r"(?:he|she|they|it|we|I|you)\b"
_CALENDAR = (r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|"
             r"March|April|May|June|July|August|September|October|November|December)\b")
#: Clause boundaries. A comma is one unless it separates names of a list (checked in code).
_BREAK = re.compile(
    r"[;:()\[\]“”\"]|\s[—–-]+\s|—|(?P<comma>,(?!\d)(?!\s*(?:1[89]|20)\d\d\b))"
    r"|\b(?:that|which|who|whom|whose|where|when|while|whereas|whether|because|although|though"
    r"|unless|if|but)\b"
    rf"|\b(?<!such\s)as\b(?=\s+(?:{_PRONOUN}|the\s|(?!{_CALENDAR})[A-Z]))"
    rf"|\b(?:after|before|until|since|once)\b(?=\s+(?:{_PRONOUN}|(?!{_CALENDAR})[A-Z]))"
    r"|\band\b(?=\s+(?:" + _PRONOUN + r"|then\b))"
)
#: After a comma: one more item of a list of names ("Riyadh, Doha and Abu Dhabi", "the United
#: States, the United Kingdom and France"), then another comma or "and" / "or".
_LIST_ITEM = re.compile(r"\s*(?:the\s+)?[A-Z][\w.’'-]*(?:\s+(?:of\s+)?[A-Z][\w.’'-]*)*\s*"
                        r"(?:,|\band\b|\bor\b)")
_NAME_END = re.compile(r"[A-Z][\w.’'-]*\Z")
_WORD = re.compile(r"[\w’'-]+")
#: Words before a verb form that make it not a finite past ("will be held", "to be signed").
_NOT_FINITE_BEFORE = frozenset(
    "be been being is are am to will would shall can could may might must should 'll ’ll "
    "does do".split())
_INFINITIVE_END = re.compile(r"\bto\s+(?:\w+ly\s+)?\Z", re.IGNORECASE)
_WORDS_BEFORE_TO = re.compile(r"(?:\S+\s+){0,4}\Z")


class Reading(NamedTuple):
    """How the clause around a position is told; several can hold at once."""

    future: bool  # the future or a plan
    negated: bool  # said not to have happened
    hypothetical: bool  # a threat, warning, call, fear, attempt or condition
    past: bool  # told in the past, and none of the above


@cache
def _cues() -> dict[tuple[str, str], re.Pattern[str]]:
    """One compiled pattern per (reading, side) of ``tense_cues.csv``: its rows' alternatives."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for row in read_table("tense_cues.csv"):
        grouped.setdefault((row["reading"], row["side"]), []).append(f"(?:{row['pattern']})")
    return {key: re.compile("|".join(parts), re.IGNORECASE) for key, parts in grouped.items()}


def _cue(reading_: str, side: str) -> re.Pattern[str]:
    return _cues()[(reading_, side)]


@cache
def _rows() -> tuple[tuple[tuple[str, str], str], ...]:
    """Each row's (reading, side) and pattern, in table order."""
    return tuple(((r["reading"], r["side"]), r["pattern"]) for r in read_table("tense_cues.csv"))


@cache
def _keywords() -> SubstringSet[tuple[int, ...]]:
    """Every row's keywords, each to the rows that need it: the keywords a text holds, found
    in one pass, say which rows can match in it."""
    rows: dict[str, list[int]] = {}
    for index, row in enumerate(read_table("tense_cues.csv")):
        for word in row["keywords"].split("|"):
            if word:
                rows.setdefault(word, []).append(index)
    return SubstringSet((word, tuple(indexes)) for word, indexes in rows.items())


@lru_cache(maxsize=256)
def _combined(rows: tuple[int, ...]) -> re.Pattern[str]:
    """One pattern of the given rows' alternatives, in table order."""
    return re.compile("|".join(f"(?:{_rows()[i][1]})" for i in rows), re.IGNORECASE)


def _is_list_comma(text: str, comma: int) -> bool:
    """True when the comma at ``comma`` separates names of a list ("Bahrain, Qatar and ...")."""
    before = text[max(0, comma - 40):comma].rstrip()
    return bool(_NAME_END.search(before)) and _LIST_ITEM.match(text, comma + 1) is not None


class _Spans:
    """The non-overlapping matches of one pattern over a whole text, in order."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]

    def last_within(self, lo: int, hi: int) -> int | None:
        """The index of the last match wholly within ``[lo, hi)``, or None."""
        j = bisect_right(self.ends, hi) - 1
        return j if j >= 0 and self.starts[j] >= lo else None

    def first_within(self, lo: int, hi: int) -> int | None:
        """The index of the first match wholly within ``[lo, hi)``, or None."""
        i = bisect_left(self.starts, lo)
        return i if i < len(self.starts) and self.ends[i] <= hi else None


class _Index:
    """A text's clause boundaries, past verb forms and tense markers, each found in one pass
    over the whole text when first asked for: every question about a position is then a few
    binary searches, however many positions of one text are asked about."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._spans: dict[object, _Spans] = {}
        self._word_starts: list[int] | None = None
        self._rows_present: list[int] | None = None
        self._keys_present: set[tuple[str, str]] | None = None
        self._may_be: tuple[bool, bool, bool] | None = None

    def spans(self, key: object) -> _Spans:
        """The matches of ``key``: "break", "past", or a (reading, side) of the table."""
        found = self._spans.get(key)
        if found is None:
            found = self._spans[key] = _Spans(self._find(key))
        return found

    def _find(self, key: object) -> list[tuple[int, int]]:
        text = self.text
        if key == "break":
            return [b.span() for b in _BREAK.finditer(text)
                    if not (b["comma"] and _is_list_comma(text, b.start()))]
        if key == "past":
            return [m.span() for m in _PLAIN_WORD.finditer(text)
                    if _is_past_form(m[0]) and _finite_past(text, m.start())]
        # Only the rows whose keywords the text holds can match; and every marker starts where
        # a word (or an apostrophe: "he'll") starts: trying the pattern there only is the
        # same as a search, and several times cheaper.
        rows = tuple(i for i in self.rows_present() if _rows()[i][0] == key)
        if not rows:
            return []
        pattern, found, end = _combined(rows), [], -1
        for start in self.word_starts():
            if start >= end:
                m = pattern.match(text, start)
                if m is not None and m.end() > start:
                    found.append(m.span())
                    end = m.end()
        return found

    def rows_present(self) -> list[int]:
        """The table rows whose keywords occur in the text (white space made single spaces),
        in table order."""
        if self._rows_present is None:
            hay = " ".join(self.text.lower().split())
            self._rows_present = sorted({i for rows in _keywords().values_in(hay) for i in rows})
        return self._rows_present

    def holds(self, *keys: tuple[str, str]) -> bool:
        """True when a row of one of ``keys`` may match in the text (its keywords occur)."""
        if self._keys_present is None:
            self._keys_present = {_rows()[i][0] for i in self.rows_present()}
        return any(key in self._keys_present for key in keys)

    def may_be(self) -> tuple[bool, bool, bool]:
        """Whether a future, a negation, a hypothetical (or an infinitive) may be read in the
        text at all."""
        if self._may_be is None:
            self._may_be = (self.holds(*_FUTURE_KEYS), self.holds(*_NEGATED_KEYS),
                            self.holds(*_HYPOTHETICAL_KEYS) or _TO.search(self.text) is not None)
        return self._may_be

    def word_starts(self) -> list[int]:
        """Where the words of the text (and its apostrophes) start."""
        if self._word_starts is None:
            self._word_starts = [m.start() for m in _WORD_START.finditer(self.text)]
        return self._word_starts


@lru_cache(maxsize=32)
def _index(text: str) -> _Index:
    """The index of ``text`` (kept for the last few texts: callers ask about one sentence
    several times in a row)."""
    return _Index(text)


def clause_bounds(text: str, pos: int) -> tuple[int, int]:
    """The start and end of the clause around ``pos``: after the last boundary before it,
    up to the first boundary after the word at ``pos`` (within the reach either side).

    >>> text = "Israel struck Iran, which will respond."
    >>> clause_bounds(text, text.index("struck"))
    (0, 18)
    """
    breaks = _index(text).spans("break")
    lo = max(0, pos - REACH_BEFORE)
    j = breaks.last_within(lo, pos)
    start = breaks.ends[j] if j is not None else lo
    after_from = _word_end(text, pos)
    hi = min(len(text), after_from + REACH_AFTER)
    i = breaks.first_within(after_from, hi)
    end = breaks.starts[i] if i is not None else hi
    return start, end


def _word_end(text: str, pos: int) -> int:
    """The end of the word at ``pos`` (``pos`` itself when no word starts there)."""
    word = _WORD.match(text, pos)
    return word.end() if word else pos


def _word_before(text: str, pos: int) -> str:
    """The word ending just before ``pos`` (after white space), or ''. Not lower-cased: a
    capitalised "May" or "Will" is a name, not an auxiliary."""
    m = _LAST_WORD.search(text, max(0, pos - 30), pos)
    return m[1] if m else ""


def _finite_past(text: str, start: int) -> bool:
    """True when the past verb form at ``start`` is finite ("met", "were"), not a participle
    after an auxiliary ("will be held", "to be signed")."""
    return _word_before(text, start) not in _NOT_FINITE_BEFORE


_PLAIN_WORD = re.compile(r"(?<![\w-])[A-Za-z]+(?![\w-])")
_WORD_START = re.compile(r"\b\w|['’]")


@cache
def _past_forms() -> frozenset[str]:
    """The past verb forms the table lists (those not in -ed), lower case."""
    return frozenset(w for row in read_table("tense_cues.csv")
                     if (row["reading"], row["side"]) == ("past", "word")
                     for w in row["pattern"].split("|"))


def _is_past_form(word: str) -> bool:
    """True for a listed past form ("met", "Were") or a lower-case word in -ed ("struck" is
    listed, "attacked" ends in -ed)."""
    return word.lower() in _past_forms() or (word.islower() and len(word) > 3
                                             and word.endswith("ed"))
_LAST_WORD = re.compile(r"([\w’']+)\s*\Z")


def _first_past(text: str, lo: int, hi: int) -> int | None:
    """The start of the first finite past verb form in ``text[lo:hi]``, or None."""
    past = _index(text).spans("past")
    i = past.first_within(lo, hi)
    return past.starts[i] if i is not None else None


def first_past_verb(text: str, lo: int, hi: int) -> int | None:
    """Where the first finite verb in the past stands in ``text[lo:hi]`` ("met", "violated",
    "were"; not "will be held"), or None.

    >>> first_past_verb("Pakistani troops violated the truce.", 0, 36)
    17
    """
    return _first_past(text, lo, hi)


def _word_is_past(text: str, pos: int) -> bool:
    """True when the word at ``pos`` is a finite verb in the past ("met", "struck",
    "were attacked" counts through its auxiliary, "will be held" does not)."""
    word = _WORD.match(text, pos)
    if word is None:
        return False
    return _is_past_form(word[0]) and _finite_past(text, pos)


def _last_before(key: tuple[str, str], text: str, start: int, pos: int) -> bool:
    """True when the markers of ``key`` match in ``text[start:pos]`` and no finite past verb
    stands between the last of them and ``pos``."""
    spans = _index(text).spans(key)
    j = spans.last_within(start, pos)
    return j is not None and _first_past(text, spans.ends[j], pos) is None


def _after_first(key: tuple[str, str], text: str, pos: int, end: int) -> bool:
    """True when a marker of ``key`` matches after the word at ``pos`` (before ``end``) ahead
    of any finite past verb."""
    lo = _word_end(text, pos)
    spans = _index(text).spans(key)
    i = spans.first_within(lo, end)
    if i is None:
        return False
    past = _first_past(text, lo, end)
    return past is None or spans.starts[i] <= past


def _after_past(text: str, pos: int, end: int) -> bool:
    """True when the predicate after the word at ``pos`` is in the past ("the strikes were
    carried out") before any future marker."""
    lo = _word_end(text, pos)
    past = _first_past(text, lo, end)
    if past is None:
        return False
    spans = _index(text).spans(("future", "after"))
    i = spans.first_within(lo, end)
    return i is None or past < spans.starts[i]


def _governor(reading_: str, text: str, start: int) -> bool:
    """True when the clause starting at ``start`` is the complement of a verb of ``reading_``
    ("denied that ...", "warned that ...")."""
    lead = text[max(0, start - 50):start]
    if not re.search(r"\bthat\s*\Z", lead, re.IGNORECASE):
        return False
    m = None
    for m in _cue(reading_, "governor").finditer(lead):
        pass
    return m is not None and _first_past(text, start - len(lead) + m.end(), start) is None


def _unreal_infinitive(text: str, start: int, pos: int) -> bool:
    """True when the word at ``pos`` is an infinitive ("to strike") that no implicative verb
    governs ("continued to strike", "sent jets to strike" are real)."""
    word = _WORD.match(text, pos)
    if word is None or word[0].lower().endswith(("s", "ed", "ing")):
        return False
    to = _INFINITIVE_END.search(text, start, pos)
    if to is None:
        return False
    lead = _WORDS_BEFORE_TO.search(text, start, to.start())
    return lead is None or _cue("implicative", "governor").search(lead[0]) is None


#: Nothing but white space (or an opening quotation mark) before the position in its clause...
_OPENING = re.compile(r"[\s\"“]*\Z")
#: ... and a short phrase up to a comma after it: a preposition or time word and a few words.
_OPENING_PHRASE = re.compile(r"(?i:on|in|at|by|from|late|early|next|this|later|earlier|"
                             r"(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b[^,;:]{0,40}")


class _Clause(NamedTuple):
    """What every reading needs to know about the clause around a position."""

    text: str
    pos: int
    start: int
    end: int
    word_past: bool  # the word at the position is a finite past verb
    open: bool  # nothing in the past up to the position: the predicate after it counts


def _clause(text: str, pos: int) -> _Clause:
    start, end = clause_bounds(text, pos)
    if text.startswith(",", end) and _OPENING.match(text, start, pos) \
            and _OPENING_PHRASE.fullmatch(text, pos, end):
        # an opening phrase ("On Thursday, leaders will meet"): its tense is the next clause's
        end = clause_bounds(text, min(len(text), end + 2))[1]
    word_past = _word_is_past(text, pos)
    open_ = not word_past and _first_past(text, start, pos) is None
    return _Clause(text, pos, start, end, word_past, open_)


_FUTURE_KEYS = (("future", "before"), ("future", "after"))
_NEGATED_KEYS = (("negated", "before"), ("negated", "after"), ("negated", "governor"))
_HYPOTHETICAL_KEYS = (("hypothetical", "before"), ("hypothetical", "governor"))


def _may_be(text: str) -> tuple[bool, bool, bool]:
    """Whether the text holds the words a future, a negation or a hypothetical needs at all
    (when not, the clause need not be read). Computed once per text."""
    return _index(text).may_be()


_TO = re.compile(r"\bto\b", re.IGNORECASE)


def _future(c: _Clause) -> bool:
    # a finite past verb cannot be the future ("officials who will attend met on Sunday")
    return not c.word_past and (
        _last_before(("future", "before"), c.text, c.start, c.pos)
        or (c.open and _after_first(("future", "after"), c.text, c.pos, c.end)))


def _negated(c: _Clause) -> bool:
    return (_last_before(("negated", "before"), c.text, c.start, c.pos)
            or _governor("negated", c.text, c.start)
            or (not c.word_past and _after_first(("negated", "after"), c.text, c.pos, c.end)))


def _hypothetical(c: _Clause) -> bool:
    return (_last_before(("hypothetical", "before"), c.text, c.start, c.pos)
            or _governor("hypothetical", c.text, c.start)
            or _unreal_infinitive(c.text, c.start, c.pos))


def reading(text: str, pos: int) -> Reading:
    """How the clause around ``pos`` is told (see the module docstring).

    >>> reading("The ministers will meet in Doha.", 18)
    Reading(future=True, negated=False, hypothetical=False, past=False)
    >>> reading("The ministers met in Doha.", 14)
    Reading(future=False, negated=False, hypothetical=False, past=True)
    """
    c = _clause(text, pos)
    may_future, may_negated, may_hypothetical = _may_be(text)
    future = may_future and _future(c)
    negated = may_negated and _negated(c)
    hypothetical = may_hypothetical and _hypothetical(c)
    told_past = c.word_past or not c.open or _after_past(text, pos, c.end)
    past = told_past and not (future or negated or hypothetical)
    return Reading(future, negated, hypothetical, past)


def is_future(text: str, pos: int) -> bool:
    """True when the clause around ``pos`` is about the future or a plan.

    >>> is_future("The two leaders are due to meet on Thursday.", 31)
    True
    >>> is_future("The two leaders met on Thursday.", 16)
    False
    """
    return _may_be(text)[0] and _future(_clause(text, pos))


def is_negated(text: str, pos: int) -> bool:
    """True when the clause around ``pos`` says the thing did not happen ("did not meet",
    "no call", "denied that ...", "the visit was cancelled").

    >>> is_negated("The two leaders did not meet.", 24)
    True
    """
    return _may_be(text)[1] and _negated(_clause(text, pos))


def is_hypothetical(text: str, pos: int) -> bool:
    """True when the clause around ``pos`` is a threat, warning, call, fear, attempt,
    possibility or condition rather than something that happened.

    >>> is_hypothetical("Iran threatened to strike Israel.", 19)
    True
    """
    return _may_be(text)[2] and _hypothetical(_clause(text, pos))


def is_past(text: str, pos: int) -> bool:
    """True when the clause around ``pos`` is told in the past and is neither future,
    negated nor hypothetical.

    >>> is_past("Israel had struck Iran.", 11)
    True
    """
    return reading(text, pos).past


def is_asserted(text: str, pos: int) -> bool:
    """True when the clause around ``pos`` reports something as having happened or
    happening: not future, not negated, not hypothetical.

    >>> is_asserted("Israel struck Iran.", 7), is_asserted("Israel may strike Iran.", 11)
    (True, False)
    """
    may_future, may_negated, may_hypothetical = _may_be(text)
    if not (may_future or may_negated or may_hypothetical):
        return True
    c = _clause(text, pos)
    return not ((may_future and _future(c)) or (may_negated and _negated(c))
                or (may_hypothetical and _hypothetical(c)))
