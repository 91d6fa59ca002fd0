"""Turns sentences that report an action between states (a strike, attack, assassination,
invasion, sanction, blockade) into ``Event`` records with actor and target countries.

The cue words are ``data/event_cues.csv``. The actors are the countries named before the cue
in the sentence (its subject side), the targets those named after it ("The US and Israel
launched joint strikes against Iran" -> USA, ISR against IRN). One event per sentence; the same
action told twice in a document is merged, keeping its earliest date.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import date
from functools import cache

from analysis.dates import DateMention
from analysis.matcher import Matches, SubstringSet
from analysis.records import Event
from analysis.sentences import Sentence
from analysis.tables import read_table

_FUTURE = re.compile(r"\b(?:will|would|threaten\w*|could|may|might|plans?\s+to|vow\w*\s+to|"
                     r"prevent\w*|avoid\w*|risk\w*|fear\w*)\b[^,;]{0,30}$", re.IGNORECASE)
_REPORTING = re.compile(r"\b(?:said|says|condemned|condemns|denounced|warned|accused|accuses|"
                        r"claimed|reported|announced|confirmed|blamed|blames)\b")
_SINCE_THEN = re.compile(r"^\s*(?:Since\s+then|Since\s+that|In\s+response|In\s+retaliation)\b")
_CLAUSE_BREAK = re.compile(r"[;:]|,\s+(?=which|who|as|while|when|after|because|since|but)|"
                           r"\b(?:as|while|when|after|because|since)\s+")


@cache
def _cues() -> tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...]:
    """(pattern, type, keywords) per row of ``event_cues.csv``; a pattern cannot match
    unless one of its lower-case keywords is in the sentence."""
    return tuple((re.compile(r["pattern"], re.IGNORECASE), r["type"],
                  tuple(w for w in r["keywords"].split("|") if w))
                 for r in read_table("event_cues.csv"))


@cache
def _keywords() -> SubstringSet[str]:
    """Every cue's keywords: the ones a sentence contains say which cues can match (found
    in one pass over the sentence, not one substring test per keyword)."""
    return SubstringSet((w, w) for _, _, kws in _cues() for w in kws)


def _future_before(text: str, pos: int) -> bool:
    """True when ``_FUTURE`` ends at ``pos`` within 70 characters ("threatened to strike"). Its
    match cannot cross a comma or semicolon, so the search starts after the last one."""
    start = max(0, pos - 70, text.rfind(",", 0, pos) + 1, text.rfind(";", 0, pos) + 1)
    return _FUTURE.search(text, start, pos) is not None


def _event_id(doc_id: str, type_: str, actors: tuple[str, ...], targets: tuple[str, ...]) -> str:
    key = f"{doc_id}|{type_}|{','.join(actors)}|{','.join(targets)}"
    return hashlib.sha1(key.encode()).hexdigest()[:12]


def event_in_sentence(sentence: Sentence, *, places: Matches,
                      dates: Callable[[], list[DateMention]], doc_date: date | None,
                      previous: Event | None, doc_id: str) -> Event | None:
    """The event one sentence reports, or None.

    ``dates`` gives the sentence's date mentions (called only when there is an event);
    ``previous`` is the document's last event, whose date "Since then, ..." continues.
    """
    present = _keywords().values_in(sentence.text.lower())
    if not present:
        return None
    hits = []
    for pattern, type_, keywords in _cues():
        if present.isdisjoint(keywords):
            continue
        m = pattern.search(sentence.text)
        if m and not _future_before(sentence.text, m.start()):
            hits.append((m.start(), m.end(), type_))
    if not hits:
        return None
    cue_start, cue_end, type_ = min(hits)
    mine = [p for p in places.within(sentence.start, sentence.end)
            if p.value.kind not in ("seat", "institution")]
    cue_abs = sentence.start + cue_start
    # The acting side is the subject of the cue's own clause ("..., as Iran is retaliating").
    clause = 0
    # "Iran condemned an Israeli air strike": the acting side follows the reporting verb
    for said in _REPORTING.finditer(sentence.text, 0, cue_start):
        clause = said.end()
    for sep in _CLAUSE_BREAK.finditer(sentence.text[:cue_start]):
        clause = max(clause, sep.end())
    mine = [p for p in mine if p.start >= sentence.start + clause or p.start >= cue_abs]
    actors: list[str] = []
    targets: list[str] = []
    for p in mine:
        side = actors if p.end <= cue_abs else targets
        if p.value.iso3 not in side:
            side.append(p.value.iso3)
    targets = [t for t in targets if t not in actors]
    if not actors or not targets:
        return None
    dates = dates()  # read only for sentences that report an event
    usable = [d for d in dates if d.kind in ("explicit", "relative") and d.date]
    if usable:
        when, when_text = usable[0].date, usable[0].text
    elif _SINCE_THEN.match(sentence.text) and previous is not None:
        when, when_text = previous.date, sentence.text.split(",")[0].strip()
    elif any(d.kind == "vague" for d in dates):
        when, when_text = None, next(d.text for d in dates if d.kind == "vague")
    else:
        when, when_text = doc_date, ""
    actor_t, target_t = tuple(sorted(actors)), tuple(sorted(targets))
    return Event(event_id=_event_id(doc_id, type_, actor_t, target_t), doc_id=doc_id, date=when,
                 date_text=when_text, type=type_, actors=actor_t, targets=target_t,
                 evidence=sentence.text)


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
