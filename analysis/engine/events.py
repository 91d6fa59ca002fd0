"""Turns sentences that report an action of one state against another (a strike, attack,
assassination, invasion, sanction or blockade) into ``Event`` records with actor and target
countries, read from the structure of the clause that tells the action.

A cue (``data/event_cues.csv``) is a verb ("struck", "imposed ... sanctions" through its noun,
"closed the border crossings") or a noun ("strikes", "invasion"). Its clause must tell it as
having happened (``analysis.engine.tense``: not a plan, threat, warning, call, fear, condition or
negation). Then, by the patterns of English (the words they use are ``data/event_words.csv``):

* a verb's actor is its subject, the countries before it in its clause; a reporting verb
  ("Iran said ...", "condemned", "accused") opens a complement, so its own subject is never the
  actor; in the passive ("was struck by Israel") the actor follows "by" and the subject is the
  target; a relative pronoun's subject is the noun before it ("Israeli forces, which shelled
  ..."); "it"/"they" after a reporting verb is the reporter ("Israel said it struck ...");
  a verb joined to the previous action ("..., killing", "and bombed") shares its actor;
* a noun's actor is in its own noun phrase ("Israel's strike", "an Israeli air strike", "US
  sanctions"), or follows "by" ("strikes by Israel"), or is the subject of the verb that carries
  it out ("launched strikes", "imposed sanctions"); the object of any other verb has no actor
  ("Iran condemned the strike on Damascus": the condemner is not the striker);
* targets are the countries after the cue in its clause, up to a word that starts another part
  ("in response to", "after", "by"), leaving out what follows "from", "alongside", "via"... and
  proxies ("Iranian-backed militias", "pro-Russian");
* undoing an action is not the action ("lifted sanctions").

An event needs an actor and a target country, different. Its date is the first day the event's
clause names (or an opening adverbial, or the day of the clause "when" refers to), never the day
a report was made ("..., the Kremlin said on Tuesday"); "since then", "that day", "the next day"
count from the previous event's day; a vague time ("this week") leaves it empty; otherwise the
document's date. The same action told twice in a document is merged, keeping its earliest date.
"""
from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from datetime import date, timedelta
from functools import cache
from typing import NamedTuple

from analysis.engine import tense
from analysis.engine.dates import DateMention, find_anaphor
from analysis.engine.matcher import Matches, SubstringSet
from analysis.engine.records import Event
from analysis.engine.sentences import Sentence
from analysis.engine.tables import read_table

__all__ = ["Cue", "find_cues", "events_in_sentence", "event_in_sentence", "merge_events"]


class Cue(NamedTuple):
    """Where a sentence names an action, and how: a verb or a noun."""

    start: int
    end: int
    type: str
    form: str  # verb | noun


class _Rule(NamedTuple):
    pattern: re.Pattern[str]
    type: str
    form: str  # verb | noun | either (a noun unless a verb's grammar says otherwise)
    keywords: tuple[str, ...]


class _Place(NamedTuple):
    """A country named in the sentence, with sentence offsets."""

    start: int
    end: int
    iso3: str


class _Places(list):
    """The countries a sentence names, in order, with look-ups by position (bisect, so that a
    sentence with many actions stays linear)."""

    def __init__(self, items: list[_Place]) -> None:
        super().__init__(items)
        self.starts = [p.start for p in items]

    def between(self, lo: int, hi: int) -> list[_Place]:
        """The countries named wholly within ``[lo, hi)``."""
        i, j = bisect_left(self.starts, lo), bisect_left(self.starts, hi)
        return [p for p in self[i:j] if p.end <= hi]


class _Roles(NamedTuple):
    actors: tuple[str, ...]
    targets: tuple[str, ...]
    clause: tuple[int, int]
    object_from: int  # where the target side starts (what a later noun inside it belongs to)


@cache
def _rules() -> tuple[_Rule, ...]:
    return tuple(_Rule(re.compile(r["pattern"], re.IGNORECASE), r["type"], r["form"],
                       tuple(w for w in r["keywords"].split("|") if w))
                 for r in read_table("event_cues.csv"))


@cache
def _keywords() -> SubstringSet[str]:
    """Every cue's keywords: the ones a sentence contains say which cues can match (found in
    one pass over the sentence, not one substring test per keyword)."""
    return SubstringSet((w, w) for rule in _rules() for w in rule.keywords)


@cache
def _words() -> dict[str, frozenset[str]]:
    """The phrases of ``event_words.csv`` by role (lower case)."""
    roles: dict[str, set[str]] = {}
    for row in read_table("event_words.csv"):
        roles.setdefault(row["role"], set()).add(row["phrase"].lower())
    return {role: frozenset(phrases) for role, phrases in roles.items()}


def _alternation(role: str) -> str:
    """A regex alternation of one role's phrases, longest first, white space flexible."""
    phrases = sorted(_words()[role], key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases)


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    """The regexes built from the word table. Case-sensitive: the table's words are verbs and
    prepositions in lower case, and a capitalised one is a name ("the United States")."""
    report = _alternation("report")
    return {
        # a reporting verb and the complement it opens ("said that", "accused Israel of")
        "report": re.compile(rf"\b(?:{report})\b(?:\s+that\b)?"),
        "report_end": re.compile(rf"\b(?:{report})\s*\Z"),
        "stop": re.compile(rf"\b(?:{_alternation('stop')})\b"),
        "skip": re.compile(rf"\b(?:{_alternation('skip')})\b"),
        "proxy": re.compile(rf"[-–](?:{_alternation('proxy')})\b"),
        "light": re.compile(rf"\b(?:{_alternation('light')})(?:\s+with)?\s*\Z"),
        "undo_end": re.compile(rf"\b(?:{_alternation('undo')})\W+(?:\w+\W+)?\Z"),
    }


_TOKEN = re.compile(r"[^\W_][\w.’'-]*|[,;:()\"“”]")
_GENITIVE = re.compile(r"(?:['’]s|s['’]|['’])\Z")
_BE_BEFORE = re.compile(r"\b(?:was|were|been|being|is|are|be|get|got|gets|getting)\s+"
                        r"(?:\w+ly\s+)?\Z", re.IGNORECASE)
_PERFECT_BEFORE = re.compile(r"\b(?:has|have|had|having)\s+(?:\w+ly\s+)?\Z", re.IGNORECASE)
_PARTICIPLE = re.compile(r"\w+ed\b|struck\b|shot\b|hit\b|seized\b", re.IGNORECASE)
_BY_AFTER = {gap: re.compile(r"\s+(?:[\w’'-]+\s+){0,%d}?by\s+" % gap, re.IGNORECASE)
             for gap in range(4)}
_BY_NP_END = re.compile(r"\b(?:on|in|at|against|into|over|from|to|for|with|after|following|"
                        r"during|since|amid|near|across|inside|targeting)\b|[,;:()]",
                        re.IGNORECASE)
_RELATIVE_BEFORE = re.compile(r"\b(?:which|who|that)\s*\Z", re.IGNORECASE)
_JOINED_VERB = re.compile(r"\b\w+\s*(?:,\s*|\s+(?:and|but)\s+)(?:then\s+|also\s+|\w+ly\s+)?\Z")
_NEXT_VERB = re.compile(r"(?:,\s*|\s+)(?:and|but)\s+(?:then\s+|also\s+|\w+ly\s+)?"
                        r"(?:[a-z]+ed|struck|shot|hit|seized|killing|[a-z]+ing)\b")
#: A noun phrase, then a parenthesis that opens with a lower-case word or a relative pronoun
#: (an appositive, a participle), up to the comma before the position.
_PARENTHESIS_BEFORE = re.compile(r"(?:\A|[,;:(]\s*)(?P<np>[^,;:()]{1,80}?),\s*(?:which\b|who\b|"
                                 r"whose\b|[a-z][\w-]*)[^,;:()]{0,100},\s*\Z")
#: After "over", a name that is no possessive: a place flown over ("a missile over Japan"),
#: not a reason ("over the war", "over Russia's invasion").
_OVER_PLACE = re.compile(r"\s+(?:the\s+)?[A-Z][\w.-]*(?![\w.-]*['’])")
_JOINED_BEFORE = re.compile(r"(?:,|\band|\bbut|\bthen)\s*\Z", re.IGNORECASE)
_WHEN_BEFORE = re.compile(r",?\s*\bwhen\s*\Z", re.IGNORECASE)
_PRONOUNS = frozenset(("it", "they", "its", "their", "we", "our"))
_VERB_FORM_BEFORE = frozenset(("to", "will", "would", "could", "can", "may", "might", "shall",
                               "should", "must", "did", "does", "do", "not", "also", "n't"))


def _cue_form(text: str, start: int, end: int, form: str) -> str:
    """``form`` settled for a word that can be either ("strikes", "attack"): a verb right
    after an auxiliary, a modal or "to" ("could strike", "to attack"), else a noun (a noun
    reading of "Israel strikes Iran" finds the same actor and target)."""
    if form == "noun" and text[start:end].lower().endswith("ing"):
        # "accused Israel of bombing Lebanon": a gerund with an object acts as a verb
        after = re.match(r"\s+([\w’'-]+)", text[end:end + 30])
        before = re.search(r"([\w’'-]+)\s*\Z", text[max(0, start - 30):start])
        noun_before = before is not None and (before[1].lower() in _words()["determiner"]
                                              or _GENITIVE.search(before[1]) is not None
                                              or before[1][:1].isupper())
        if after and not noun_before and after[1].lower() not in _words()["boundary"]:
            return "verb"
        return form
    if form != "either":
        return form
    word = re.search(r"([\w’'-]+)\s*\Z", text[max(0, start - 30):start])
    return "verb" if word is not None and word[1].lower() in _VERB_FORM_BEFORE else "noun"


def find_cues(text: str) -> list[Cue]:
    """The action cues of a sentence, left to right, none overlapping (the earlier start wins,
    then the longer, then the table's order).

    >>> [(c.type, c.form) for c in find_cues("The US imposed sanctions after Iran struck a ship.")]
    [('sanction', 'noun'), ('strike', 'verb')]
    """
    present = _keywords().values_in(text.lower())
    if not present:
        return []
    found: list[tuple[int, int, int, _Rule]] = []
    for order, rule in enumerate(_rules()):
        if present.isdisjoint(rule.keywords):
            continue
        for m in rule.pattern.finditer(text):
            found.append((m.start(), -m.end(), order, rule))
    cues: list[Cue] = []
    for start, neg_end, _, rule in sorted(found, key=lambda f: f[:3]):
        if cues and start < cues[-1].end:
            continue
        cues.append(Cue(start, -neg_end, rule.type, rule.form))
    return cues


def _places(sentence: Sentence, places: Matches) -> _Places:
    """The countries the sentence names, at sentence offsets, leaving out proxies
    ("Iranian-backed", "pro-Russian", "anti-Israel")."""
    text, out = sentence.text, []
    proxy = _patterns()["proxy"]
    for p in places.within(sentence.start, sentence.end):
        if p.value.iso3 is None:
            continue
        start, end = p.start - sentence.start, p.end - sentence.start
        if proxy.match(text, end) or re.search(r"(?i:\b(?:pro|anti|non)[-–])\Z",
                                              text[max(0, start - 5):start]):
            continue
        out.append(_Place(start, end, p.value.iso3))
    return _Places(out)


def _countries(places: _Places, lo: int, hi: int,
               holes: list[tuple[int, int]] = ()) -> list[str]:
    """The countries named wholly within ``[lo, hi)`` and outside ``holes``, in order, once."""
    out: list[str] = []
    for p in places.between(lo, hi):
        if not any(a <= p.start < b for a, b in holes):
            if p.iso3 not in out:
                out.append(p.iso3)
    return out


def _np_end(text: str, start: int, end: int) -> int:
    """Where the noun phrase starting at ``start`` ends: at the next preposition or
    punctuation (before ``end``)."""
    m = _BY_NP_END.search(text, start, end)
    return m.start() if m else end


def _object_end(text: str, lo: int, hi: int) -> int:
    """Where the target side of an action that starts at ``lo`` ends: at a stop word ("in
    response to", "after", "by") or a verb joined to it ("... and bombed"), else ``hi``."""
    stop = _patterns()["stop"].search(text, lo, hi)
    while stop is not None and stop[0] == "over" and _OVER_PLACE.match(text, stop.end(), hi):
        stop = _patterns()["stop"].search(text, stop.end(), hi)  # "over Japan": a place
    ends = [m.start() for m in (stop, _NEXT_VERB.search(text, lo, hi)) if m is not None]
    return min(ends, default=hi)


def _object_countries(text: str, lo: int, hi: int, places: _Places,
                      holes: list[tuple[int, int]] = ()) -> list[str]:
    """The target side of an action: the countries after it (``lo``) in its clause (``hi``),
    up to a stop word or a joined verb, leaving out the noun phrases after a skip word
    ("from", "via")."""
    hi = _object_end(text, lo, hi)
    holes = list(holes)
    for skip in _patterns()["skip"].finditer(text, lo, hi):
        holes.append((skip.start(), _np_end(text, skip.end(), hi)))
    return _countries(places, lo, hi, holes)


def _by_phrase(text: str, pos: int, hi: int, places: _Places, *,
               gap: int) -> tuple[list[str], int, int]:
    """The countries of a "by" phrase after ``pos``, at most ``gap`` words after it ("by
    Israel", "carried out by the US and Britain"), where its "by" starts and where its noun
    phrase ends; ([], pos, pos) when there is none."""
    m = _BY_AFTER[gap].match(text, pos, hi)
    if m is None:
        return [], pos, pos
    end = _np_end(text, m.end(), hi)
    return _countries(places, m.end(), end), m.end() - len(m[0].split()[-1]) - 1, end


def _report_start(text: str, lo: int, pos: int) -> tuple[int, int | None]:
    """Where the complement of the last reporting verb in ``text[lo:pos]`` starts (``lo`` when
    there is none) and where that verb starts."""
    last = None
    for last in _patterns()["report"].finditer(text, lo, pos):
        pass
    return (last.end(), last.start()) if last else (lo, None)


def _content(text: str, lo: int, hi: int) -> list[str]:
    """The words of ``text[lo:hi]`` that could be a subject: not auxiliaries or adverbs."""
    aux = _words()["aux"]
    return [t for t in _TOKEN.findall(text, lo, hi)
            if t.lower() not in aux and not (t.islower() and t.endswith("ly"))
            and t not in ",;:()\"“”"]


def _antecedent(text: str, pos: int, places: _Places) -> list[str]:
    """The countries of the noun phrase that ends just before ``pos`` (the antecedent of a
    relative pronoun): the last country named in the 40 characters before it, with those
    joined to it by "and" or a comma."""
    near = places.between(pos - 40, pos)
    if not near:
        return []
    run = [near[-1]]
    for p in reversed(near[:-1]):
        if re.fullmatch(r"\s*(?:,|and|,\s*and)\s*(?:the\s+)?", text[p.end:run[0].start]):
            run.insert(0, p)
        else:
            break
    tail = text[run[-1].end:pos]
    if re.search(r"[;:()]|\b(?:said|says|condemned|accused)\b", tail):
        return []
    return list(dict.fromkeys(p.iso3 for p in run))


def _report_subject(text: str, report: int, places: _Places) -> list[str]:
    """The countries of the subject of the reporting verb at ``report``."""
    lo, _ = _report_start(text, tense.clause_bounds(text, report)[0], report)
    return _countries(places, lo, report)


def _subject(text: str, verb: int, clause: tuple[int, int], places: _Places,
             previous: list[str]) -> tuple[list[str], int]:
    """The countries of the subject of the verb at ``verb`` and where the subject starts.

    The subject is what stands before the verb in its clause, after any reporting verb; when
    it is empty it is found through what stands in for it: a relative pronoun (the noun before
    it), a pronoun after a reporting verb (the reporter), a passive reporting verb ("Russia was
    accused of bombing"), a parenthesis ("The army, backed by ..., attacked": the noun before
    it), or a verb joined to an earlier one (``previous``, the actors of the sentence's
    previous action, else the subject before the clause's first verb)."""
    start, report = _report_start(text, clause[0], verb)
    if _JOINED_VERB.search(text, max(start, verb - 30), verb):  # "struck Syria and bombed"
        return _joined_subject(text, start, verb, places, previous), verb
    words = _content(text, start, verb)
    if words and words[0].lower() in _PRONOUNS:  # "Israel said it struck ...", "its jets"
        return (_report_subject(text, report, places) if report is not None else []), start
    if words:
        found = _countries(places, start, verb)
        if not found and report is not None and _BE_BEFORE.search(text, max(0, report - 30),
                                                                  report):
            found = _report_subject(text, report, places)  # "Russia was accused of bombing"
        return found, start
    before = text[max(0, start - 60):start]
    rel = _RELATIVE_BEFORE.search(before)
    if rel is not None:
        return _antecedent(text, start - len(before) + rel.start(), places), start
    if _TOKEN.match(text, verb) and _TOKEN.match(text, verb)[0].endswith("ing") \
            and _JOINED_BEFORE.search(before):  # "..., killing dozens"
        return list(previous), start
    parenthesis = _PARENTHESIS_BEFORE.search(text, max(0, start - 200), start)
    if parenthesis is not None:  # "The Syrian army, backed by Russian strikes, attacked"
        lo, hi = parenthesis.span("np")
        lo, _ = _report_start(text, lo, hi)
        return _countries(places, lo, hi), start
    if _JOINED_BEFORE.search(before):
        return _joined_subject(text, start, verb, places, previous), start
    return [], start


def _joined_subject(text: str, start: int, verb: int, places: _Places,
                    previous: list[str]) -> list[str]:
    """The subject of a verb joined to an earlier one ("violated the truce and shelled"): the
    previous action's actors, else the countries before the clause's first finite verb."""
    if previous:
        return list(previous)
    first = tense.first_past_verb(text, start, verb)
    return _countries(places, start, first) if first is not None else []


def _verb_roles(text: str, cue: Cue, places: _Places, previous: list[str],
                verb: int | None = None) -> tuple[list[str], list[str], tuple[int, int], int]:
    """Actors and targets of a verb cue (or of the verb ``verb`` that carries a noun cue):
    (actors, targets, clause, where the target side starts)."""
    at = cue.start if verb is None else verb
    clause = tense.clause_bounds(text, at)
    before = text[max(0, at - 30):at]
    participle = _PARTICIPLE.match(text, at) is not None
    be = _BE_BEFORE.search(before) is not None
    end_of_verb = cue.end if verb is None else _TOKEN.match(text, at).end()
    # "was attacked last night by Israel"; without "be" only right after ("bases targeted by")
    by, by_start, by_end = _by_phrase(text, end_of_verb, clause[1], places, gap=3 if be else 0)
    passive = participle and (be or (bool(by) and _PERFECT_BEFORE.search(before) is None))
    if passive:  # "Iran was struck by Israel", "the bases targeted by Iran"
        subject, _ = _subject(text, at, clause, places, [])
        targets = subject + _object_countries(text, by_end, clause[1], places)
        return by, targets, clause, by_end
    subject, _ = _subject(text, at, clause, places, previous)
    # the object may be inside the cue ("seized a British tanker", "closed the borders")
    object_from = _TOKEN.match(text, at).end()
    targets = _object_countries(text, object_from, clause[1], places)
    return subject, targets, clause, object_from


def _premodifier(text: str, cue: Cue, lo: int,
                 places: _Places) -> tuple[list[str], int, str | None]:
    """The countries of a noun cue's own phrase ("Russia's unprovoked invasion", "an Israeli
    air strike", "US and British sanctions"), where the phrase starts and its determiner.

    Read leftwards from the noun: a determiner ends the phrase (and is kept), a genitive
    opens its possessor's phrase, a preposition, auxiliary or listed verb ends it, and so does
    a lower-case word in -ed or -s that follows a word no adjective could ("the US backed
    Israeli strikes": "backed" is the verb)."""
    words = _words()
    stops = words["boundary"] | words["report"] | words["light"] | words["aux"] | words["undo"]
    tokens = list(_TOKEN.finditer(text, lo, cue.start))[-10:]
    kept: list[re.Match[str]] = []
    determiner = None
    for i in range(len(tokens) - 1, -1, -1):
        word = tokens[i][0].rstrip(".")
        low = word.lower()
        if low in words["determiner"]:
            kept.append(tokens[i])
            determiner = low
            break
        if _GENITIVE.search(word) and low not in ("it's", "it’s", "that's", "that’s"):
            kept.append(tokens[i])
            continue
        if word in (";", ":", "(", ")", '"', "“", "”") or low in stops:
            break
        if word.islower() and "-" not in word and word.endswith(("ed", "s")) \
                and not word.endswith("ss") and not _adjective_slot(tokens, i):
            break
        kept.append(tokens[i])
    kept.reverse()
    while kept and kept[0][0].lower() in (",", "and", "or"):
        kept = kept[1:]
    start = kept[0].start() if kept else cue.start
    return _countries(places, start, cue.start), start, determiner


def _adjective_slot(tokens: list[re.Match[str]], i: int) -> bool:
    """True when the word ``tokens[i]`` stands where an adjective can: after a determiner, a
    genitive, an adverb in -ly, "and" or a comma (or at the start of the clause)."""
    if i == 0:
        return True
    left = tokens[i - 1][0].lower()
    return (left in _words()["determiner"] or left in ("and", ",", "or")
            or left.endswith("ly") or _GENITIVE.search(left) is not None)


def _noun_roles(text: str, cue: Cue, places: _Places,
                previous: list[str]) -> tuple[list[str], list[str], tuple[int, int], int] | None:
    """Actors and targets of a noun cue (None when the phrase undoes the action: "lifted
    sanctions")."""
    clause = tense.clause_bounds(text, cue.start)
    actors, np_start, determiner = _premodifier(text, cue, clause[0], places)
    lead = text[max(clause[0], np_start - 40):np_start]
    if _patterns()["undo_end"].search(lead):
        return None
    by, by_start, by_end = _by_phrase(text, cue.end, clause[1], places, gap=2)
    targets = _object_countries(text, cue.end, clause[1], places)
    if by:  # "strikes on Iran by Israel", "sanctions imposed by the US on Iran"
        targets = (_object_countries(text, cue.end, by_start, places)
                   + _object_countries(text, by_end, clause[1], places))
    if actors:
        return actors, targets, clause, cue.end
    if by:
        return by, targets, clause, cue.end
    light = _patterns()["light"].search(text, max(clause[0], np_start - 40), np_start)
    if light is not None:  # "launched strikes", "imposed sanctions": the verb's subject acts
        if not tense.is_asserted(text, light.start()):
            return None
        actors, _, _, _ = _verb_roles(text, cue, places, previous, verb=light.start())
        return actors, targets, clause, cue.end
    if determiner in _PRONOUNS:  # "Israel said its strikes hit ..."
        start, report = _report_start(text, clause[0], np_start)
        if report is not None:
            lo, _ = _report_start(text, tense.clause_bounds(text, report)[0], report)
            return _countries(places, lo, report), targets, clause, cue.end
    return [], targets, clause, cue.end


def _roles(text: str, cue: Cue, places: _Places, previous: list[str]) -> _Roles | None:
    """The actors and targets of one cue, or None when it tells no event between states."""
    found = (_verb_roles(text, cue, places, previous) if cue.form == "verb"
             else _noun_roles(text, cue, places, previous))
    if found is None:
        return None
    actors, targets, clause, object_from = found
    targets = [t for t in targets if t not in actors]
    return _Roles(tuple(sorted(actors)), tuple(sorted(targets)), clause, object_from)


def _of_a_report(text: str, mention: DateMention) -> bool:
    """True when a date belongs to a reporting verb ("the Kremlin said on Tuesday", "said
    Tuesday that", "on Monday condemned"), not to the action reported."""
    before = text[max(0, mention.start - 20):mention.start]
    after = text[mention.end:mention.end + 25].lstrip(" ,")
    return (_patterns()["report_end"].search(before) is not None
            or _patterns()["report"].match(after) is not None)


class _Days:
    """A sentence's date mentions, found by position (bisect, not a scan per event)."""

    def __init__(self, text: str, mentions: list[DateMention]) -> None:
        self.text = text
        self.usable = [m for m in mentions if m.kind in ("explicit", "relative") and m.date]
        self.vague = [m for m in mentions if m.kind in ("vague", "future")]
        self._usable_starts = [m.start for m in self.usable]
        self._vague_starts = [m.start for m in self.vague]

    def first_within(self, lo: int, hi: int, *, vague: bool = False) -> DateMention | None:
        """The first usable (or vague) mention wholly within ``[lo, hi)``."""
        found, starts = (self.vague, self._vague_starts) if vague else \
            (self.usable, self._usable_starts)
        for m in found[bisect_left(starts, lo):bisect_left(starts, hi)]:
            if m.end <= hi:
                return m
        return None

    def last_ending_by(self, pos: int) -> DateMention | None:
        """The last usable mention that ends at or before ``pos`` and is not a report's."""
        i = bisect_right(self._usable_starts, pos) - 1
        while i >= 0 and self.usable[i].end > pos:
            i -= 1
        if i < 0 or _of_a_report(self.text, self.usable[i]):
            return None
        return self.usable[i]


def _when(text: str, roles: _Roles, days: _Days, *, doc_date: date | None,
          previous: Event | None) -> tuple[date | None, str]:
    """The day of an event and the words it was read from (see the module docstring)."""
    start, end = roles.clause
    inside = days.first_within(start, end)
    if inside is not None:
        return inside.date, inside.text
    when_clause = _WHEN_BEFORE.search(text, max(0, start - 8), start)
    if when_clause:  # "since Tuesday, when Israeli forces ...": the day "when" refers to
        prior = days.last_ending_by(when_clause.start() + 1)
        if prior is not None and not text[prior.end:when_clause.start()].strip(" ,"):
            return prior.date, prior.text
    opening = days.last_ending_by(start)
    if opening is not None and text[opening.end:start].strip() in ("", ","):
        return opening.date, opening.text  # "On Saturday, Israel struck ..."
    anaphor = find_anaphor(text, start=max(0, start - 40), end=end)
    if anaphor is not None and previous is not None and previous.date and previous.date_text:
        return previous.date + timedelta(days=anaphor.days), anaphor.text
    vague = days.first_within(start, end, vague=True)
    if vague is not None:
        return None, vague.text
    return doc_date, ""


def _event_id(doc_id: str, type_: str, actors: tuple[str, ...], targets: tuple[str, ...]) -> str:
    key = f"{doc_id}|{type_}|{','.join(actors)}|{','.join(targets)}"
    return hashlib.sha1(key.encode()).hexdigest()[:12]


def events_in_sentence(sentence: Sentence, *, places: Matches,
                       dates: Callable[[], list[DateMention]], doc_date: date | None,
                       previous: Event | None, doc_id: str) -> list[Event]:
    """The events one sentence reports, in order (one per distinct type, actors and targets).

    ``places`` are the document's country matches; ``dates`` gives the sentence's date
    mentions (called only when there is an event); ``previous`` is the document's last event,
    whose day "since then" or "the next day" counts from. Returns [] when there is none.
    """
    text = sentence.text
    if len({p.value.iso3 for p in places.within(sentence.start, sentence.end)
            if p.value.iso3}) < 2:
        return []  # an action between states needs two of them named
    cues = find_cues(text)
    if not cues:
        return []
    mine = _places(sentence, places)
    if len({p.iso3 for p in mine}) < 2:
        return []
    out: dict[tuple, Event] = {}
    covered_to = -1  # the end of the target sides of the actions read so far
    last_noun = -1  # where the last noun cue stands
    last_actors: list[str] = []
    days: _Days | None = None
    last: Event | None = previous
    for cue in cues:
        form = _cue_form(text, cue.start, cue.end, cue.form)
        cue = cue._replace(form=form)
        inside = cue.start < covered_to  # a cue inside an earlier action's target side
        noun_before = last_noun
        if form == "noun":
            last_noun = cue.start
        if inside:
            continue
        if form == "verb" and noun_before >= tense.clause_bounds(text, cue.start)[0]:
            continue  # "Israeli strikes hit Gaza": the noun's event already
        roles = _roles(text, cue, mine, last_actors)
        if roles is None:
            continue
        covered_to = max(covered_to, _object_end(text, roles.object_from, roles.clause[1]))
        # the tense is read only where it decides something: an actor to emit or pass on
        if not roles.actors or not tense.is_asserted(text, cue.start):
            continue
        last_actors = list(roles.actors)
        key = (cue.type, roles.actors, roles.targets)
        if not roles.targets or key in out:
            continue
        if days is None:
            days = _Days(text, dates())
        when, when_text = _when(text, roles, days, doc_date=doc_date, previous=last)
        last = out[key] = Event(event_id=_event_id(doc_id, cue.type, roles.actors, roles.targets),
                         doc_id=doc_id, date=when, date_text=when_text, type=cue.type,
                         actors=roles.actors, targets=roles.targets, evidence=text,
                         para=sentence.para)
    return list(out.values())


def event_in_sentence(sentence: Sentence, *, places: Matches,
                      dates: Callable[[], list[DateMention]], doc_date: date | None,
                      previous: Event | None, doc_id: str) -> Event | None:
    """The first event one sentence reports, or None (see ``events_in_sentence``, which
    returns them all)."""
    found = events_in_sentence(sentence, places=places, dates=dates, doc_date=doc_date,
                               previous=previous, doc_id=doc_id)
    return found[0] if found else None


def merge_events(events: list[Event]) -> list[Event]:
    """One event per (type, actors, targets), keeping its earliest known date."""
    merged: dict[tuple, Event] = {}
    for e in events:
        key = (e.type, e.actors, e.targets)
        known = merged.get(key)
        if known is None or (e.date is not None and (known.date is None or e.date < known.date)):
            merged[key] = e
    order = {id(e): i for i, e in enumerate(events)}
    return sorted(merged.values(), key=lambda e: order[id(e)])
