"""Turns the date expressions of one sentence ("on Monday", "yesterday evening", "Sept. 8, 2021",
"earlier in the year") into ``DateMention`` records, each resolved to a day against the
document's date where the words allow it.

Rules, in brief (each is one small function below):

* weekdays name the most recent such day on or before the document date; "last Tuesday" the one
  strictly before; "next Monday" / "this coming Monday" the one strictly after (kind ``future``);
  in a clause about the future or a plan ("will meet on Thursday", "is due to visit on
  Thursday", ``analysis.engine.tense``) a plain weekday is the first such day on or after the document
  date (kind ``future`` when it lies after it);
* "today", "this morning", "tonight", "overnight" are the document date; "yesterday", "last
  night" the day before; "the day before yesterday" two days before; "tomorrow" the day after;
  "ten days ago" exactly ten days before;
* explicit calendar dates resolve as written; without a year, to the most recent such day on or
  before the document date, or in a clause about the future to the first such day on or after it
  ("December 30" in a January 2 document is last year's; "will meet on January 3" in a December
  30 document next year's; kind ``future`` when after the document date); impossible days (February 30) and numeric dates whose day/month
  order is open (03/04/2023) are not dates; a day range ("13-14 April") is vague;
* vague times ("last week", "earlier in the year", "in June", "in 2020", "recently") come back
  with ``date=None`` so that the caller knows the text placed the event at an unstated time;
  the ones that point after the document ("next month", "later this week") are kind ``future``.

Without a document date only explicit dates that carry their year resolve; everything relative
comes back with ``date=None``. The regular expressions are compiled at
import and a cheap pre-check returns at once for sentences with no digit and no date word.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import NamedTuple

from analysis.engine.matcher import SubstringSet
from analysis.engine.tense import is_future

__all__ = [
    "DateMention",
    "find_dates",
    "resolve_weekday",
    "previous_weekday",
    "next_weekday",
    "upcoming_weekday",
    "resolve_month_day",
    "Anaphor",
    "find_anaphor",
]


class DateMention(NamedTuple):
    """One date expression found in a sentence."""

    start: int  # character offsets of `text` within the sentence passed in
    end: int
    text: str  # the words the date was read from, with a leading preposition if any
    date: date | None  # the resolved day, or None when the words cannot be pinned to a day
    kind: str  # explicit | relative | vague | future


EXPLICIT, RELATIVE, VAGUE, FUTURE = "explicit", "relative", "vague", "future"
#: Kind of an internal candidate that blocks its span (February 30, 03/04/2023): never returned.
NOT_A_DATE = "not a date"

#: A family of expressions: yields candidate mentions, possibly overlapping.
Family = Callable[..., Iterator[DateMention]]

# --------------------------------------------------------------------------------------------
# Word tables
# --------------------------------------------------------------------------------------------

WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3,
    "friday": 4, "saturday": 5, "sunday": 6,
}

#: Full month names and the abbreviations news copy uses ("Sept. 8", "Oct. 7").
MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}

_FULL_MONTHS = list(MONTHS)[:12]

#: Number words for "ten days ago".
NUMBER_WORDS: dict[str, int] = {
    "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30,
}

#: A weekday after one of these words is a name, not a day ("Good Friday", "Super Tuesday"),
#: or not one particular day ("every Monday", "the Monday after").
_WEEKDAY_NOT_AFTER = frozenset(
    "good black bloody holy easter palm ash maundy super cyber shrove orthodox whit trinity "
    "every each a one another any that the some".split()
)
#: ... and before one of these ("Sunday Times", "Good Friday Agreement", "Sunday school").
_WEEKDAY_NOT_BEFORE = frozenset(
    "times telegraph express mirror herald post mail tribune observer independent star "
    "people sport agreement accord accords club school schools paper papers newspaper "
    "newspapers edition supplement magazine".split()
)
#: "May" without a day is a month only after these (not "by May", "Theresa May").
_MAY_PREPOSITIONS = frozenset(("in", "since", "until", "till", "during"))
#: A year followed by one of these is a count ("in 2000 troops"), not a year.
_YEAR_NOT_BEFORE = (
    "people|troops|soldiers|men|women|children|civilians|dead|deaths|refugees|hostages|"
    "prisoners|units|members|km|kilometres|kilometers|miles|metres|meters|tonnes|tons|"
    "dollars|euros|pounds|rockets|missiles|drones|votes|seats|homes|houses|families|"
    "cases|times"
)


def _names(words: list[str]) -> str:
    """Return a regex alternation of the words in Title and UPPER case, longest first."""
    forms = sorted({f(w) for w in words for f in (str.title, str.upper)}, key=len, reverse=True)
    return "|".join(forms)


_WD = _names(list(WEEKDAYS))
_MON = _names(list(MONTHS))
#: A month name, a dot allowed only after an abbreviation ("Oct.", never "October.").
_MON_FULL = _names(_FULL_MONTHS)
_MON_DOT = rf"(?:{_MON_FULL})\b|(?:{_names(list(MONTHS)[12:])})\b\.?"
_NUMW = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_TOD = r"(?i:morning|afternoon|evening|night)"

# Prepositions and modifiers kept in a mention's text ("on Monday", "late on Thursday").
_PREP = (
    r"\b(?i:(?:(?:late|early|earlier|later)\s+(?:on\s+)?)"
    r"|(?:on|since|by|until|till|from|before|after|as\s+of)\s+)"
)
_MONTH_PREP_ANY = (
    r"\b(?i:(?:(?:in|since|until|till|by|from|during|through|throughout|before|after"
    r"|last|next|this)\s+)?"
    r"(?:(?:early|late|mid)[-\s]+|(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+)?)"
)
_YEAR = r"(?:1[89]|20)\d{2}"

# --------------------------------------------------------------------------------------------
# Compiled patterns
# --------------------------------------------------------------------------------------------

#: Cheap pre-checks (plain substring tests on the lower-cased sentence) that decide which
#: families of patterns are worth running at all.
_DIGIT = re.compile(r"\d")
#: Month names are read capitalised only, so their stems are tested case-sensitively (the
#: modal "may" and "market" do not wake the month patterns).
_MONTH_STEMS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
                "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_WEEKDAY_STEMS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_WORD_STEMS = ("today", "tonight", "yesterday", "tomorrow", "morning", "afternoon", "evening",
                   "night")
_VAGUE_STEMS = ("week", "month", "year", "recent", " day", "days")

_WD_LEAD = rf"(?:(?P<lwd>{_WD}),?\s+)?"

_ISO = re.compile(rf"(?:{_PREP})?(?<![\d-])(?P<y>\d{{4}})-(?P<m>\d{{2}})-(?P<d>\d{{2}})(?![\d-])")
_SLASH = re.compile(
    rf"(?:{_PREP})?(?<![\d/.])(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})/(?P<y>\d{{4}})(?![\d/])"
)
_MDY = re.compile(
    rf"(?:{_PREP})?{_WD_LEAD}\b(?P<m>{_MON})(?:\.\s*|\s+)(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b"
    rf"(?:\s*[-–]\s*(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b)?"
    rf"(?:,?\s+(?P<y>{_YEAR})(?![\d,.]\d))?(?![\d,.]\d|\s*(?:%|per\s*cent))"
)
_DMY = re.compile(
    rf"(?:{_PREP})?{_WD_LEAD}(?:\bthe\s+)?(?<![\w.,$£€-])(?P<d>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"(?:\s*[-–]\s*(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)?\s+(?:of\s+)?(?P<m>{_MON_DOT})"
    rf"(?:,?\s+(?P<y>{_YEAR})(?![\d,.]\d))?"
)
_WEEKDAY = re.compile(
    rf"(?P<pre>{_PREP})?(?P<mod>\b(?i:last|next|coming|this\s+coming|this\s+past|past|this)\s+)?"
    rf"(?<![-–])\b(?P<wd>{_WD})\b(?![’'-]?\w\w)(?P<tod>\s+{_TOD}\b)?"
)
_DAY_WORD = re.compile(
    r"\b(?i:(?:(?:since|until|till|by|from|as\s+of)\s+)?"
    r"(?:(?P<m2>the\s+day\s+before\s+yesterday)"
    r"|(?P<p2>the\s+day\s+after\s+tomorrow)"
    r"|(?:(?:late|early|earlier|later)\s+)?(?P<m1>yesterday)"
    r"(?:\s+(?:morning|afternoon|evening|night)\b)?"
    r"|(?:(?:late|early)\s+)?(?P<n1>last\s+night)"
    r"|(?P<p1>tomorrow)(?:\s+(?:morning|afternoon|evening|night)\b)?"
    r"|(?:(?:earlier|later|early|late)\s+)?"
    r"(?P<t0>this\s+(?:morning|afternoon|evening)|today|tonight)"
    r"|(?P<o0>overnight)))\b"
)
_DAYS_AGO = re.compile(rf"(?i:\b(?P<n>\d{{1,3}}|{_NUMW})\s+days?\s+ago\b)")
_VAGUE = re.compile(
    r"(?i:\b(?:"
    r"(?P<fut>(?:later|late)\s+(?:this|in\s+the)\s+(?:week|month|year)"
    r"|next\s+(?:week|weekend|month|year)"
    r"|(?:in|over|during)\s+the\s+(?:coming|next)\s+(?:few\s+|several\s+)?"
    r"(?:days|weeks|months|years))"
    r"|(?:earlier|early)\s+(?:this|in\s+the)\s+(?:week|month|year)"
    r"|(?:(?:in|over|during)\s+)?(?:last|this(?:\s+past)?|past|the\s+(?:past|previous|last))"
    r"\s+(?:week|weekend|month|year)"
    r"|(?:in|over|during)\s+(?:recent|the\s+(?:past|last)(?:\s+(?:few|several|two|three|\d+))?)"
    r"\s+(?:days|weeks|months|years)"
    r"|recently"
    r"|(?:over|at|during)\s+the\s+weekend"
    r"|(?:\d{1,3}|" + _NUMW + r"|a\s+few|several|some)"
    r"\s+(?:days?|weeks?|months?|years?)\s+(?:ago|later|earlier)"
    r"|(?:\d{1,3}|" + _NUMW + r"|a\s+few|several)\s+days?\s+(?:after|before)"
    r"|the\s+(?:previous|following|next)\s+day|the\s+day\s+(?:before|after)"
    r")\b)"
)
_MONTH_YEAR = re.compile(
    rf"{_MONTH_PREP_ANY}\b(?P<m>{_MON_DOT}),?\s+(?:of\s+)?(?P<y>{_YEAR})(?![\d,.]\d)\b"
)
_BARE_MONTH = re.compile(
    r"(?P<pre>\b(?i:(?:(?P<prep>in|since|until|till|by|from|during|through|throughout"
    r"|before|after)\s+)?"
    r"(?P<mod>last|next|this|early|late|mid|(?:the\s+)?(?:end|beginning|start|middle)\s+of)?)"
    rf"(?:[-\s]+)?)\b(?P<m>{_MON_FULL})\b(?!\.?\s*\d|['’]s\b)"
)
_YEAR_RANGE = re.compile(
    rf"\b(?i:(?:between|from)\s+)(?P<y1>{_YEAR})"
    rf"\s+(?i:and|to|until|through)\s+(?P<y2>{_YEAR})\b"
    rf"|(?<![\d,.])(?P<y3>{_YEAR})\s*[-–]\s*(?P<y4>{_YEAR})\b"
)
_YEAR_ALONE = re.compile(
    r"(?:(?P<pre>\b(?i:in|since|by|until|till|from|during|before|after|through|throughout"
    r"|around|circa)"
    r"\s+(?:(?i:early|late|mid)[-\s]+)?|(?i:early|late|mid)[-\s]+)|(?<=\bthe\s)|(?<=\bof\s))"
    rf"(?<![\d,.$£€])(?P<y>{_YEAR})(?![\d,.]\d|\s*%|[-–/]\d|\s+(?i:{_YEAR_NOT_BEFORE})\b)\b"
)
_WORD_AFTER = re.compile(r"\s+(\w+)")
#: A weekday and the bracket or comma of the calendar date that glosses it.
_GLOSS_HEAD = re.compile(rf"\b(?:{_WD})\s*[\[(,]?\s*\Z")
_JOIN = re.compile(r"\s*[\[(,]?\s*\Z")
_CLOSE = re.compile(r"\s*[\])]")


# --------------------------------------------------------------------------------------------
# Anchored search: each pattern runs only near the words it cannot match without
# --------------------------------------------------------------------------------------------


#: Going left from a position: the separators (white space as ``\s`` reads it, commas,
#: hyphens) before it, then up to N words (runs of anything else) each with the separators
#: before it, for N up to 8; matched on the reversed text, so that the regex engine walks.
_WORDS_BACK = {n: re.compile(r"[\s,\-]*(?:[^\s,\-]+[\s,\-]*){0,%d}" % n) for n in range(9)}


def _words_back(reversed_text: str, pos: int, words: int, floor: int) -> int:
    """The position ``words`` words before ``pos`` of a text (not before ``floor``), given the
    text reversed: back over the separators before ``pos``, then ``words`` times over a word
    and the separators before it."""
    n = len(reversed_text)
    walked = _WORDS_BACK[words].match(reversed_text, n - pos)
    return max(floor, n - walked.end())


class Anchored(NamedTuple):
    """A pattern that cannot match without its ``anchor`` (the words it is about: a month
    name, a weekday, a year), led in by at most ``words`` words (prepositions, modifiers).

    ``finditer`` gives exactly ``pattern.finditer(text)``, but the pattern, whose optional
    lead-in makes the regex engine try it at every position of the text, is started only a few
    words before each anchor, which the engine finds by skipping ahead to its first letters.
    Exact because every match contains an anchor occurrence (so none starts in text that has
    no anchor after it) and starts at most ``words`` words before it.
    """

    pattern: re.Pattern[str]
    anchor: re.Pattern[str]
    words: int
    #: True when the anchor is sought in the lower-cased text (for a case-blind pattern: its
    #: anchor then has no case to ignore, and the regex engine can skip ahead to it). Exact
    #: when lower-casing keeps every character one character, else the plain search runs.
    lower: bool = False

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches of ``pattern`` in ``text``, in order, as ``pattern.finditer`` gives them."""
        hay = text.lower() if self.lower else text
        if len(hay) != len(text):  # "İ" lower-cased is two characters: offsets would shift
            yield from self.pattern.finditer(text)
            return
        pos = 0
        reversed_text = ""
        while True:
            anchor = self.anchor.search(hay, pos)
            if anchor is None:
                return
            reversed_text = reversed_text or text[::-1]
            start = _words_back(reversed_text, anchor.start(), self.words, pos)
            found = self.pattern.search(text, start)
            if found is None:
                return
            yield found
            pos = found.end()  # never an empty match: each pattern needs its anchor's words


# Each lead-in's longest form, in words: _PREP ("late on", "as of") 2, a weekday before a date 1,
# "the" before a day 1, a weekday's modifier ("this coming") 2, _MONTH_PREP_ANY ("in the end of")
# 4, a month's preposition and modifier ("since the end of") 4, a year's ("since early") 2.
_ISO_A = Anchored(_ISO, re.compile(r"\d{4}-\d{2}-\d{2}"), 2)
_SLASH_A = Anchored(_SLASH, re.compile(r"\d{1,2}/\d{1,2}/\d{4}"), 2)
_MDY_A = Anchored(_MDY, re.compile(rf"(?:{_MON})(?:\.\s*|\s+)\d"), 3)
_DMY_A = Anchored(_DMY, re.compile(
    rf"\d{{1,2}}(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{{1,2}}(?:st|nd|rd|th)?)?\s+(?:of\s+)?"
    rf"(?:{_MON_DOT})"), 4)
_WEEKDAY_A = Anchored(_WEEKDAY, re.compile(rf"(?:{_WD})\b"), 4)
_MONTH_YEAR_A = Anchored(_MONTH_YEAR, re.compile(rf"(?:{_MON_DOT}),?\s+(?:of\s+)?(?:{_YEAR})"), 4)
_BARE_MONTH_A = Anchored(_BARE_MONTH, re.compile(rf"(?:{_MON_FULL})\b(?!\.?\s*\d|['’]s\b)"), 4)
_YEAR_RANGE_A = Anchored(_YEAR_RANGE, re.compile(_YEAR), 1)
_YEAR_ALONE_A = Anchored(_YEAR_ALONE, re.compile(_YEAR), 2)
# The case-blind patterns, anchored on the lower-cased sentence. A case-blind "s" or "i" also
# matches "ſ" or "ı", which lower-casing keeps: the anchors spell them as both. Lead-ins:
# _VAGUE's "in the coming few" (days) 4; _DAY_WORD's "as of the day before" (yesterday) 5.
_VAGUE_A = Anchored(_VAGUE, re.compile(r"week|month|year|day|recent"), 4, lower=True)
_DAY_WORD_A = Anchored(_DAY_WORD, re.compile(
    r"ye[sſ]terday|tomorrow|night|morning|afternoon|evening|today|tonight|overnight"
    .replace("i", "[iı]")), 5, lower=True)

# --------------------------------------------------------------------------------------------
# Day arithmetic
# --------------------------------------------------------------------------------------------


def resolve_weekday(weekday: int, *, doc_date: date) -> date:
    """Return the most recent such weekday (0 = Monday) on or before ``doc_date``.

    The same weekday as the document's is the document date itself.

    >>> resolve_weekday(0, doc_date=date(2026, 3, 3))   # Monday in a Tuesday document
    datetime.date(2026, 3, 2)
    """
    if not 0 <= weekday <= 6:
        raise ValueError(f"weekday must be 0 (Monday) to 6 (Sunday), not {weekday}")
    return doc_date - timedelta(days=(doc_date.weekday() - weekday) % 7)


def previous_weekday(weekday: int, *, doc_date: date) -> date:
    """Return the most recent such weekday strictly before ``doc_date`` ("last Tuesday")."""
    return resolve_weekday(weekday, doc_date=doc_date - timedelta(days=1))


def next_weekday(weekday: int, *, doc_date: date) -> date:
    """Return the first such weekday strictly after ``doc_date`` ("next Monday")."""
    return resolve_weekday(weekday, doc_date=doc_date + timedelta(days=7))


def upcoming_weekday(weekday: int, *, doc_date: date) -> date:
    """Return the first such weekday on or after ``doc_date`` ("will meet on Thursday").

    >>> upcoming_weekday(3, doc_date=date(2026, 3, 3))   # Thursday in a Tuesday document
    datetime.date(2026, 3, 5)
    """
    if not 0 <= weekday <= 6:
        raise ValueError(f"weekday must be 0 (Monday) to 6 (Sunday), not {weekday}")
    return doc_date + timedelta(days=(weekday - doc_date.weekday()) % 7)


def make_date(year: int, *, month: int, day: int) -> date | None:
    """Return the calendar day, or None when it does not exist (February 30)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def resolve_month_day(month: int, *, day: int, doc_date: date | None,
                      ahead: bool = False) -> date | None:
    """Return the most recent ``month``/``day`` on or before ``doc_date``; with ``ahead``, the
    first one on or after it (a date in a clause about the future).

    None when there is no document date or the day exists in no year (April 31). February 29
    goes back (or forward) to the nearest leap year.

    >>> resolve_month_day(12, day=30, doc_date=date(2024, 1, 2))
    datetime.date(2023, 12, 30)
    >>> resolve_month_day(1, day=3, doc_date=date(2023, 12, 30), ahead=True)
    datetime.date(2024, 1, 3)
    """
    if doc_date is None or make_date(2000, month=month, day=day) is None:
        return None
    step = 1 if ahead else -1
    for year in range(doc_date.year, doc_date.year + 9 * step, step):
        found = make_date(year, month=month, day=day)
        if found is not None and (found >= doc_date if ahead else found <= doc_date):
            return found
    return None


def _ahead(sentence: str, pos: int, *, future: bool | None) -> bool:
    """Whether the date at ``pos`` sits in a clause about the future: ``future`` when the
    caller says so, else what ``analysis.engine.tense`` reads around it."""
    return is_future(sentence, pos) if future is None else future


def _tense_pos(sentence: str, start: int) -> int:
    """Where the tense of a calendar date starting at ``start`` is read: at the weekday it
    glosses ("on Thursday (March 5)": the bracket opens no clause of its own), else at it."""
    head = _GLOSS_HEAD.search(sentence, max(0, start - 16), start)
    return head.start() if head else start


def _kind_ahead(when: date | None, *, doc_date: date | None, kind: str) -> str:
    """``future`` for a day resolved ahead that lies after the document date, else ``kind``."""
    return FUTURE if when is not None and doc_date is not None and when > doc_date else kind


def _shift(doc_date: date | None, *, days: int) -> date | None:
    """Return ``doc_date`` moved by ``days``, or None without a document date (or off the
    calendar)."""
    if doc_date is None:
        return None
    try:
        return doc_date + timedelta(days=days)
    except OverflowError:
        return None


# --------------------------------------------------------------------------------------------
# One family of expressions per function: each yields candidate mentions (possibly overlapping)
# --------------------------------------------------------------------------------------------


def _mention(match: re.Match[str], *, when: date | None, kind: str) -> DateMention:
    """Return the mention of the whole ``match``: its text is exactly the sentence's slice."""
    return DateMention(match.start(), match.end(), match[0], when, kind)


def _explicit_mentions(sentence: str, *, doc_date: date | None,
                       future: bool | None = None) -> Iterator[DateMention]:
    """Yield calendar dates: "September 7", "13 May 2024", "Sept. 8, 2021", "2024-05-13".

    Impossible days and numeric dates whose day/month order is ambiguous yield a ``NOT_A_DATE``
    candidate (so that "April 2024" in "31 April 2024" is not read either); a day range
    ("13-14 April") yields a vague mention. A date without a year resolves ahead in a clause
    about the future (``future``: see ``find_dates``).
    """
    for rx in (_MDY_A, _DMY_A):
        for m in rx.finditer(sentence):
            month = MONTHS[m["m"].rstrip(".").lower()]
            if m["d2"]:
                yield _mention(m, when=None, kind=VAGUE)
                continue
            day = int(m["d"])
            # 2000 when no year is given: February 29 exists in it
            if make_date(int(m["y"] or 2000), month=month, day=day) is None:
                yield _mention(m, when=None, kind=NOT_A_DATE)
                continue
            if m["y"]:
                yield _mention(m, when=make_date(int(m["y"]), month=month, day=day),
                               kind=EXPLICIT)
                continue
            ahead = doc_date is not None and _ahead(sentence, _tense_pos(sentence, m.start()),
                                                    future=future)
            when = resolve_month_day(month, day=day, doc_date=doc_date, ahead=ahead)
            kind = _kind_ahead(when, doc_date=doc_date, kind=EXPLICIT) if ahead else EXPLICIT
            yield _mention(m, when=when, kind=kind)
    for m in _ISO_A.finditer(sentence) if "-" in sentence else ():
        when = make_date(int(m["y"]), month=int(m["m"]), day=int(m["d"]))
        yield _mention(m, when=when, kind=EXPLICIT if when else NOT_A_DATE)
    for m in _SLASH_A.finditer(sentence) if "/" in sentence else ():
        a, b = int(m["a"]), int(m["b"])
        if a > 12 >= b or a == b:
            when = make_date(int(m["y"]), month=b, day=a)
        elif b > 12 >= a:
            when = make_date(int(m["y"]), month=a, day=b)
        else:
            when = None  # 03/04/2023: March 4 or 3 April, not guessed
        yield _mention(m, when=when, kind=EXPLICIT if when else NOT_A_DATE)


def _word_before(sentence: str, pos: int) -> str | None:
    """The word (``\\w+``) that white space separates from ``pos``, or None: what
    ``(\\w+)\\s+\\Z`` finds in ``sentence[:pos]``, read backwards from ``pos`` (the regex
    would try every position from the sentence's start)."""
    end = pos
    while end > 0 and sentence[end - 1].isspace():
        end -= 1
    start = end
    while start > 0 and (sentence[start - 1].isalnum() or sentence[start - 1] == "_"):
        start -= 1
    return sentence[start:end] if start < end < pos else None


def _is_one_day(match: re.Match[str], *, group: str) -> bool:
    """Return False when the weekday in ``group`` of ``match`` is part of a name ("Good
    Friday", "Sunday Times") or not one particular day ("every Monday")."""
    sentence, start, end = match.string, match.start(group), match.end(group)
    before = _word_before(sentence, start)
    if before is not None and before.lower() in _WEEKDAY_NOT_AFTER:
        return False
    after = _WORD_AFTER.match(sentence, end)
    return not (after and after[1].lower() in _WEEKDAY_NOT_BEFORE)


def _weekday_mentions(sentence: str, *, doc_date: date | None,
                      future: bool | None = None) -> Iterator[DateMention]:
    """Yield weekdays: "On Monday", "late on Thursday", "Thursday evening", "last Tuesday".

    Past by default (the most recent on or before the document date); "last"/"past" strictly
    before; "next"/"coming" strictly after, kind future; in a clause about the future (``future``:
    see ``find_dates``) on or after the document date. Names ("Good Friday", "Sunday Times")
    and non-specific days ("every Monday") yield nothing.
    """
    for m in _WEEKDAY_A.finditer(sentence):
        if not _is_one_day(m, group="wd"):
            continue
        weekday = WEEKDAYS[m["wd"].lower()]
        mod = " ".join((m["mod"] or "").lower().split())
        if mod in ("next", "coming", "this coming"):
            when = None if doc_date is None else next_weekday(weekday, doc_date=doc_date)
            kind = FUTURE
        elif mod in ("last", "past", "this past"):
            when = None if doc_date is None else previous_weekday(weekday, doc_date=doc_date)
            kind = RELATIVE
        elif doc_date is None:
            when, kind = None, RELATIVE
        elif _ahead(sentence, m.start(), future=future):
            when = upcoming_weekday(weekday, doc_date=doc_date)
            kind = _kind_ahead(when, doc_date=doc_date, kind=RELATIVE)
        else:
            when, kind = resolve_weekday(weekday, doc_date=doc_date), RELATIVE
        yield _mention(m, when=when, kind=kind)


def _day_word_mentions(sentence: str, *, doc_date: date | None) -> Iterator[DateMention]:
    """Yield "today", "this afternoon", "yesterday evening", "last night", "tomorrow"...

    Resolved against the document date (None without one); "tomorrow" is kind future.
    """
    offsets = {"m2": (-2, RELATIVE), "p2": (2, FUTURE), "m1": (-1, RELATIVE),
               "n1": (-1, RELATIVE), "p1": (1, FUTURE), "t0": (0, RELATIVE), "o0": (0, RELATIVE)}
    for m in _DAY_WORD_A.finditer(sentence):
        days, kind = offsets[m.lastgroup or "t0"]
        yield _mention(m, when=_shift(doc_date, days=days), kind=kind)


def _days_ago_mentions(sentence: str, *, doc_date: date | None) -> Iterator[DateMention]:
    """Yield "ten days ago" / "3 days ago", resolved exactly (None without a document date)."""
    for m in _DAYS_AGO.finditer(sentence):
        word = m["n"].lower()
        days = int(word) if word.isdigit() else NUMBER_WORDS[word]
        yield _mention(m, when=_shift(doc_date, days=-days), kind=RELATIVE)


def _vague_mentions(sentence: str, *, doc_date: date | None) -> Iterator[DateMention]:
    """Yield unstated times: "last week", "earlier in the year", "recently", "six days later".

    Always ``date=None``; the ones pointing after the document ("next month") are kind future.
    """
    for m in _VAGUE_A.finditer(sentence):
        yield _mention(m, when=None, kind=FUTURE if m["fut"] else VAGUE)


def _later_than(year: int, *, month: int, doc_date: date | None) -> bool:
    """Return True when year/month lies wholly after the document's month.

    Pass month 1 for a whole year: "in 2024" is never after a 2024 document and always after a
    2023 one. False without a document date.
    """
    return doc_date is not None and (year, month) > (doc_date.year, doc_date.month)


def _month_mentions(sentence: str, *, doc_date: date | None) -> Iterator[DateMention]:
    """Yield months without a day: "in June", "since June", "July 2023", "mid-June".

    Always ``date=None``: kind future when it lies after the document date ("next June",
    "by 2030"), vague otherwise. "May" alone counts only after "in", "since", "until", "last",
    "next", "this", "early", "late", "mid" or "end of" (never "Theresa May", "by May").
    """
    for m in _MONTH_YEAR_A.finditer(sentence):
        month = MONTHS[m["m"].rstrip(".").lower()]
        later = _later_than(int(m["y"]), month=month, doc_date=doc_date)
        yield _mention(m, when=None, kind=FUTURE if later else VAGUE)
    for m in _BARE_MONTH_A.finditer(sentence):
        prep, mod = (m["prep"] or "").lower(), " ".join((m["mod"] or "").lower().split())
        if not prep and not mod:
            continue
        if m["m"].lower() == "may" and not mod and prep not in _MAY_PREPOSITIONS:
            continue
        yield _mention(m, when=None, kind=FUTURE if mod == "next" else VAGUE)


def _year_mentions(sentence: str, *, doc_date: date | None) -> Iterator[DateMention]:
    """Yield years without a day: "in 2020", "since 1995", "between 1997 and 2001".

    Always ``date=None``: kind future when the year lies after the document's ("by 2030"),
    vague otherwise. Numbers that are not years ("Vision 2030", "20,000", "in 2000 troops")
    yield nothing.
    """
    for m in _YEAR_RANGE_A.finditer(sentence):
        later = _later_than(int(m["y1"] or m["y3"]), month=1, doc_date=doc_date)
        yield _mention(m, when=None, kind=FUTURE if later else VAGUE)
    for m in _YEAR_ALONE_A.finditer(sentence):
        later = _later_than(int(m["y"]), month=1, doc_date=doc_date)
        yield _mention(m, when=None, kind=FUTURE if later else VAGUE)


#: The lower-case stems, each with the family it wakes, found in one pass over a sentence.
_LOWER_STEMS = SubstringSet([(w, "weekday") for w in _WEEKDAY_STEMS]
                            + [(w, "day word") for w in _DAY_WORD_STEMS]
                            + [(w, "vague") for w in _VAGUE_STEMS] + [("ago", "ago")])
#: Any month stem, case-sensitive (one regex search instead of a test per stem).
_MONTH_STEM = re.compile("|".join(_MONTH_STEMS))


def _families(sentence: str) -> list[Family]:
    """Return the families of patterns worth running on ``sentence``, cheaply chosen.

    An empty list (no digit, no date word) means the sentence names no date.
    """
    digit = _DIGIT.search(sentence) is not None
    month = _MONTH_STEM.search(sentence) is not None
    stems = _LOWER_STEMS.values_in(sentence.lower())
    chosen: list[Family] = []
    if digit:
        chosen.append(_year_mentions)
        if month or "-" in sentence or "/" in sentence:
            chosen.append(_explicit_mentions)
    if month:
        chosen.append(_month_mentions)
    if "weekday" in stems:
        chosen.append(_weekday_mentions)
    if "day word" in stems:
        chosen.append(_day_word_mentions)
    if "vague" in stems:
        chosen.append(_vague_mentions)
        if "ago" in stems:
            chosen.append(_days_ago_mentions)
    return chosen


# --------------------------------------------------------------------------------------------
# Choosing among overlapping candidates
# --------------------------------------------------------------------------------------------


def _non_overlapping(candidates: list[DateMention]) -> list[DateMention]:
    """Return the candidates left to right, the longest winning where two overlap.

    Explicit dates win ties of equal span; spans that are not dates are dropped after they
    have blocked what overlaps them. Returns an empty list for no candidates.
    """
    rank = {NOT_A_DATE: 0, EXPLICIT: 1, RELATIVE: 2, FUTURE: 3, VAGUE: 4}
    chosen: list[DateMention] = []
    for cand in sorted(candidates, key=lambda c: (c.start, c.start - c.end, rank[c.kind])):
        if chosen and cand.start < chosen[-1].end:
            continue
        chosen.append(cand)
    return [cand for cand in chosen if cand.kind != NOT_A_DATE]


def _is_day(mention: DateMention, kind: str) -> bool:
    """True when ``mention`` is of ``kind``, or a day resolved ahead (kind future, with a date:
    "next Monday", "on Thursday" in a clause about the future)."""
    return mention.kind == kind or (mention.kind == FUTURE and mention.date is not None)


def _merge_glosses(mentions: list[DateMention], *, sentence: str) -> list[DateMention]:
    """Join a day word with the calendar date that glosses it ("This afternoon [13 May 2024]",
    "today (June 3)", "next Monday (March 9)"): one explicit mention spanning both, closing
    bracket included (kind future when either part lies ahead).

    Returns the mentions unchanged when no such pair is found.
    """
    merged: list[DateMention] = []
    for mention in mentions:
        prev = merged[-1] if merged else None
        if (prev is not None and _is_day(prev, RELATIVE) and _is_day(mention, EXPLICIT)
                and _JOIN.match(sentence, prev.end, mention.start)):
            close = _CLOSE.match(sentence, mention.end)
            bracketed = sentence[prev.end:mention.start].strip() in "[("
            end = close.end() if close and bracketed else mention.end
            kind = FUTURE if FUTURE in (prev.kind, mention.kind) else EXPLICIT
            merged[-1] = DateMention(prev.start, end, sentence[prev.start:end], mention.date,
                                     kind)
            continue
        merged.append(mention)
    return merged


# --------------------------------------------------------------------------------------------
# Times told relative to the previous one ("since then", "the next day")
# --------------------------------------------------------------------------------------------


class Anaphor(NamedTuple):
    """Words that place a sentence's action relative to the time the text told last."""

    start: int
    end: int
    text: str
    days: int  # days after the time told last: 0 for "since then", 1 for "the next day"


_ANAPHOR = re.compile(
    r"\b(?i:(?P<same>since\s+then|since\s+that\s+(?:day|date|time)|that\s+(?:same\s+)?"
    r"(?:day|night|evening|morning|afternoon)|the\s+same\s+day|on\s+the\s+same\s+day"
    r"|at\s+the\s+same\s+time|later\s+that\s+day|hours\s+later|shortly\s+(?:afterwards?"
    r"|thereafter)|soon\s+afterwards?)"
    r"|(?P<next>the\s+(?:next|following)\s+day|a\s+day\s+later)"
    rf"|(?P<n>\d{{1,2}}|{_NUMW})\s+days\s+later)\b"
)


def find_anaphor(sentence: str, *, start: int = 0, end: int | None = None) -> Anaphor | None:
    """The first words of ``sentence`` that date it relative to the time told before it:
    "Since then" and "that day" (0 days after), "the next day" (1), "three days later" (3).

    Only ``sentence[start:end]`` is searched (the whole sentence by default). The caller holds
    the time told last (the previous event's day, say); None when there are no such words.

    >>> find_anaphor("Since then, Iran has targeted US bases.")
    Anaphor(start=0, end=10, text='Since then', days=0)
    >>> find_anaphor("Two days later the envoy returned.").days
    2
    """
    m = _ANAPHOR.search(sentence, start, len(sentence) if end is None else end)
    if m is None:
        return None
    if m["n"]:
        word = m["n"].lower()
        days = int(word) if word.isdigit() else NUMBER_WORDS[word]
    else:
        days = 1 if m["next"] else 0
    return Anaphor(m.start(), m.end(), m[0], days)


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------


def find_dates(sentence: str, *, doc_date: date | None,
               future: bool | None = None) -> list[DateMention]:
    """Return all date expressions in one sentence, in order, resolved against ``doc_date``.

    ``future`` says whether the sentence is about the future: None (the default) reads it
    around each weekday and each date without a year (``analysis.engine.tense.is_future``), True
    resolves them all ahead ("Thursday" = the first Thursday on or after the document date),
    False all back, as a past narrative. Returns an empty list when the sentence names no date.

    >>> [(d.text, str(d.date), d.kind) for d in find_dates("On Monday, Putin spoke.",
    ...                                                      doc_date=date(2026, 3, 3))]
    [('On Monday', '2026-03-02', 'relative')]
    >>> [(d.text, str(d.date), d.kind) for d in find_dates("They will meet on Thursday.",
    ...                                                      doc_date=date(2026, 3, 3))]
    [('on Thursday', '2026-03-05', 'future')]
    """
    families = _families(sentence) if sentence else []
    if not families:
        return []
    if isinstance(doc_date, datetime):
        doc_date = doc_date.date()
    candidates: list[DateMention] = []
    for family in families:
        if family in _TENSED:
            candidates += family(sentence, doc_date=doc_date, future=future)
        else:
            candidates += family(sentence, doc_date=doc_date)
    return _merge_glosses(_non_overlapping(candidates), sentence=sentence)


#: The families whose day depends on the tense of their clause.
_TENSED = (_weekday_mentions, _explicit_mentions)
