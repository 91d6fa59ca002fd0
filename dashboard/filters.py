"""Turns the contract's frames and a set of filters into the filtered frames every page shows.

Pure pandas, no streamlit, so that it is unit-tested. The rules, one per frame:

- date range: rows dated within it (rows with an unknown date drop out while a range is set);
- countries: contacts and events that involve one of them; statements whose speaker is from one
  of them, that name one of them, or that read out a kept contact or event (same document, the
  same or the next paragraph, spoken by a party to it or by an institution with no country);
  countries rows of those countries; documents that mention one of them;
- actors: contacts with one of them as a participant, events naming them, statements they made;
- channel: contacts by those channels (statements and events have no channel and are kept);
- documents keep the documents that still have a row of any kind, or every document when no
  country, actor or channel filter is set.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from analysis.query import search_terms

LIST_SEP = "; "
FRAME_KEYS = ("documents", "rejected", "countries", "actors", "contacts", "statements", "events")


@dataclass(frozen=True)
class Filters:
    """The shared filters: an inclusive date range and lists of countries, actors, channels."""

    start: date | None = None
    end: date | None = None
    countries: tuple[str, ...] = field(default_factory=tuple)
    actors: tuple[str, ...] = field(default_factory=tuple)
    channels: tuple[str, ...] = field(default_factory=tuple)

    @property
    def active(self) -> bool:
        """True when any filter narrows the frames."""
        return bool(self.start or self.end or self.countries or self.actors or self.channels)


def split_list(cell: object) -> list[str]:
    """Split a '; '-joined cell into its items ("" and missing give []).

    >>> split_list("RUS; QAT")
    ['RUS', 'QAT']
    """
    if cell is None or (isinstance(cell, float) and pd.isna(cell)) or cell is pd.NA:
        return []
    return [item.strip() for item in str(cell).split(";") if item.strip()]


def _any_in(series: pd.Series, wanted: set[str]) -> pd.Series:
    """Rows of a list column with at least one item in ``wanted``."""
    return series.map(lambda cell: any(item in wanted for item in split_list(cell))).astype(bool)


def in_date_range(series: pd.Series, start: date | None, end: date | None) -> pd.Series:
    """Rows whose ISO date lies in [start, end]; unknown dates are outside any set range."""
    if start is None and end is None:
        return pd.Series(True, index=series.index)
    text = series.fillna("").astype(str)
    keep = text.str.len() > 0
    if start is not None:
        keep &= text >= start.isoformat()
    if end is not None:
        keep &= text <= end.isoformat()
    return keep


def date_bounds(frames: dict[str, pd.DataFrame]) -> tuple[date | None, date | None]:
    """The earliest and latest known date over documents, contacts, statements and events."""
    dates: list[str] = []
    for name in ("documents", "contacts", "statements", "events"):
        frame = frames.get(name)
        if frame is not None and "date" in frame and len(frame):
            dates.extend(d for d in frame["date"].fillna("").astype(str) if d)
    parsed = []
    for d in dates:
        try:
            parsed.append(date.fromisoformat(d[:10]))
        except ValueError:
            continue
    if not parsed:
        return None, None
    return min(parsed), max(parsed)


# --- paragraphs: where in its document a row was read from ---------------------------------------

_SPACE = re.compile(r"\s+")


def paragraphs(text: str) -> list[str]:
    """Split a document body into paragraphs at blank lines (a text with none is one paragraph)."""
    parts = [p.strip() for p in re.split(r"\n\s*\n", text or "")]
    return [p for p in parts if p]


def _norm(text: str) -> str:
    return _SPACE.sub(" ", (text or "").replace("“", '"').replace("”", '"')
                      .replace("’", "'")).strip().lower()


def paragraph_index(paras: list[str], needle: str, *, normed: list[str] | None = None) -> int:
    """Index of the first paragraph holding ``needle`` (white space and quotes normalised),
    trying its first 60 characters when the whole does not match; -1 when none does.
    ``normed`` passes the paragraphs already normalised (a speed-up for many needles)."""
    target = _norm(needle)
    if not target:
        return -1
    normed = normed if normed is not None else [_norm(p) for p in paras]
    for attempt in (target, target[:60]):
        for i, para in enumerate(normed):
            if attempt and attempt in para:
                return i
    return -1


def paragraph_of(text: str, evidence: str, fallback: str = "") -> int:
    """Index of the paragraph of ``text`` that ``evidence`` (else ``fallback``, a statement's
    own words) was read from, as ``add_paragraphs`` finds it; -1 when neither is found."""
    paras = paragraphs(text)
    normed = [_norm(p) for p in paras]
    found = paragraph_index(paras, evidence or "", normed=normed)
    if found < 0 and fallback:
        found = paragraph_index(paras, fallback, normed=normed)
    return found


def add_paragraphs(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Return frames whose contacts, events and statements carry a ``paragraph`` column: the
    index of the paragraph of their document their evidence (or text) was read from, or -1."""
    docs = frames.get("documents")
    texts = dict(zip(docs["doc_id"], docs["text"])) if docs is not None and "text" in docs else {}
    cache: dict[str, tuple[list[str], list[str]]] = {}
    out = dict(frames)
    for name in ("contacts", "events", "statements"):
        frame = frames.get(name)
        if frame is None:
            continue
        frame = frame.copy()
        indices = []
        for row in frame.itertuples(index=False):
            doc_id = getattr(row, "doc_id", "")
            if doc_id not in cache:
                paras = paragraphs(texts.get(doc_id, ""))
                cache[doc_id] = (paras, [_norm(p) for p in paras])
            paras, normed = cache[doc_id]
            found = paragraph_index(paras, getattr(row, "evidence", "") or "", normed=normed)
            if found < 0 and name == "statements":
                found = paragraph_index(paras, getattr(row, "text", "") or "", normed=normed)
            indices.append(found)
        frame["paragraph"] = pd.Series(indices, index=frame.index, dtype="int64")
        out[name] = frame
    return out


# --- statements linked to contacts and events ----------------------------------------------------

def linked_statements(statements: pd.DataFrame, rows: pd.DataFrame, *,
                      participants_column: str = "participants") -> pd.Series:
    """Which statements read out one of ``rows`` (contacts or events): in the same document,
    in the row's paragraph or the next one, said by a party to it (by name or country) or by a
    speaker with no country. Needs the ``paragraph`` column of ``add_paragraphs``.
    """
    keep = pd.Series(False, index=statements.index)
    if rows.empty or statements.empty or "paragraph" not in statements or "paragraph" not in rows:
        return keep
    by_doc: dict[str, list[tuple[int, set[str], set[str]]]] = {}
    for row in rows.itertuples(index=False):
        countries = set(split_list(getattr(row, "countries", "")))
        countries |= set(split_list(getattr(row, "actors", "")))
        countries |= set(split_list(getattr(row, "targets", "")))
        people = set(split_list(getattr(row, participants_column, "")))
        by_doc.setdefault(row.doc_id, []).append((int(row.paragraph), countries, people))
    for idx, st_row in zip(statements.index, statements.itertuples(index=False)):
        para = int(st_row.paragraph)
        if para < 0:
            continue
        speaker_country = str(st_row.speaker_country or "")
        for row_para, countries, people in by_doc.get(st_row.doc_id, ()):
            if row_para < 0 or para not in (row_para, row_para + 1):
                continue
            if not speaker_country or speaker_country in countries or st_row.speaker in people:
                keep[idx] = True
                break
    return keep


def _names_country(statements: pd.DataFrame, countries: pd.DataFrame, wanted: set[str]) -> pd.Series:
    """Statements whose text names one of the wanted countries in a form seen in its document."""
    if statements.empty or countries.empty:
        return pd.Series(False, index=statements.index)
    forms: dict[str, list[str]] = {}
    for row in countries[countries["iso3"].isin(wanted)].itertuples(index=False):
        names = split_list(getattr(row, "surface", "")) + [str(row.name)]
        forms.setdefault(row.doc_id, []).extend(n for n in names if len(n) > 2)
    patterns = {doc: re.compile(r"\b(?:" + "|".join(re.escape(n) for n in sorted(set(ns), key=len,
                                                                                   reverse=True))
                                + r")\b", re.IGNORECASE)
                for doc, ns in forms.items() if ns}
    return pd.Series([bool(patterns.get(d) and patterns[d].search(str(t)))
                      for d, t in zip(statements["doc_id"], statements["text"])],
                     index=statements.index, dtype=bool)


# --- the filters ---------------------------------------------------------------------------------

def apply_filters(frames: dict[str, pd.DataFrame], filters: Filters) -> dict[str, pd.DataFrame]:
    """Return the frames narrowed by ``filters`` (see the module docstring for the rules).

    Frames that are missing come back empty; with no active filter the frames come back as
    they are. ``rejected`` is never filtered.
    """
    out = dict(frames)
    if not filters.active:
        return out
    countries = set(filters.countries)
    actors = set(filters.actors)
    channels = set(filters.channels)

    contacts = frames["contacts"]
    keep = in_date_range(contacts["date"], filters.start, filters.end)
    if countries:
        keep &= _any_in(contacts["countries"], countries)
    if actors:
        keep &= _any_in(contacts["participants"], actors)
    if channels:
        keep &= contacts["channel"].isin(channels)
    out["contacts"] = contacts[keep]

    events = frames["events"]
    keep = in_date_range(events["date"], filters.start, filters.end)
    if countries:
        keep &= _any_in(events["actors"], countries) | _any_in(events["targets"], countries)
    if actors:
        keep &= _any_in(events["actors"], actors) | _any_in(events["targets"], actors)
    out["events"] = events[keep]

    statements = frames["statements"]
    keep = in_date_range(statements["date"], filters.start, filters.end)
    if countries:
        linked = linked_statements(statements, pd.concat([out["contacts"], out["events"]],
                                                         ignore_index=True)
                                   if len(out["events"]) else out["contacts"])
        keep &= (statements["speaker_country"].isin(countries) | linked
                 | _names_country(statements, frames["countries"], countries))
    if actors:
        keep &= statements["speaker"].isin(actors)
    out["statements"] = statements[keep]

    documents = frames["documents"]
    keep = in_date_range(documents["date"], filters.start, filters.end)
    if countries or actors or channels:
        with_rows = set(out["contacts"]["doc_id"]) | set(out["statements"]["doc_id"]) | set(
            out["events"]["doc_id"])
        if countries:
            mentioned = set(frames["countries"].loc[frames["countries"]["iso3"].isin(countries),
                                                    "doc_id"])
            with_rows |= mentioned if not (actors or channels) else set()
        if actors and not (countries or channels):
            with_rows |= set(frames["actors"].loc[frames["actors"]["name"].isin(actors), "doc_id"])
        keep &= documents["doc_id"].isin(with_rows)
    out["documents"] = documents[keep]
    kept_docs = set(out["documents"]["doc_id"])

    country_rows = frames["countries"]
    keep = country_rows["doc_id"].isin(kept_docs)
    if countries:
        keep &= country_rows["iso3"].isin(countries)
    out["countries"] = country_rows[keep]

    actor_rows = frames["actors"]
    keep = actor_rows["doc_id"].isin(kept_docs)
    if actors:
        keep &= actor_rows["name"].isin(actors)
    out["actors"] = actor_rows[keep]
    return out


# --- page-level filters on statements ------------------------------------------------------------

def search_statements(statements: pd.DataFrame, query: str, *,
                      speakers: Iterable[str] = (), kinds: Iterable[str] = ()) -> pd.DataFrame:
    """Statements whose text, speaker or evidence holds every search term (case-insensitive;
    the whole query also counts as one phrase), narrowed to the given speakers and kinds."""
    keep = pd.Series(True, index=statements.index)
    speakers, kinds = list(speakers), list(kinds)
    if speakers:
        keep &= statements["speaker"].isin(speakers)
    if kinds:
        keep &= statements["kind"].isin(kinds)
    terms = search_terms(query)
    if terms:
        haystack = (statements["text"].fillna("").astype(str) + " \n "
                    + statements["speaker"].fillna("").astype(str) + " \n "
                    + statements["evidence"].fillna("").astype(str)).str.lower()
        for term in terms:
            keep &= haystack.str.contains(term.lower(), regex=False)
    return statements[keep]


def statements_for_selection(statements: pd.DataFrame, contacts: pd.DataFrame,
                             events: pd.DataFrame, *, contact_ids: Iterable[str] = (),
                             event_ids: Iterable[str] = ()) -> pd.DataFrame:
    """The statements about the contacts and actions picked on the timeline: those that read
    one of them out (``linked_statements``) and those said by a participant of a picked contact
    in the same document. Nothing picked gives no rows."""
    rows = contacts[contacts["contact_id"].isin(list(contact_ids))]
    acts = events[events["event_id"].isin(list(event_ids))]
    if rows.empty and acts.empty:
        return statements.iloc[0:0]
    keep = linked_statements(statements, rows) | linked_statements(statements, acts)
    people = {p for cell in rows["participants"] for p in split_list(cell)}
    docs = set(rows["doc_id"]) | set(acts["doc_id"])
    keep |= statements["speaker"].isin(people) & statements["doc_id"].isin(docs)
    return statements[keep]
