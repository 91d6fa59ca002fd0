"""Turns the rows dated on or after a day into a brief of what changed since then: new
contacts, new statements grouped by speaker, new actions, and the countries involved since that
day that no row involved before it; as frames for a page and as Markdown for a download.

Pure (no streamlit), asked of ``analysis.store.query`` only, so that a store, a folder corpus in
memory and either with uploads give the same brief. "Since D" means dated D or later, by the
rows' own dates (the day a call happened, not the day it was reported), as the date filter
reads them. The default, the day before the latest document, covers that document's day and
the day before it, which a readout's "yesterday" names. Rows of an unknown date are never new
(nothing says when they happened).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

import pandas as pd

from analysis.engine.frames import LIST_SEP
from analysis.engine.gazetteer import country_name
from analysis.store import query
from analysis.store.query import NO_FILTERS, Filters

#: The most rows of each kind a brief holds (the counts are always whole).
ROW_CAP = 2_000

#: The columns of ``Brief.speakers``.
SPEAKER_COLUMNS = ["speaker", "country", "statements", "direct", "reported", "latest", "example"]

#: The columns of ``Brief.countries``.
COUNTRY_COLUMNS = ["iso3", "name", "contacts", "actions", "documents", "mentions"]


@dataclass(frozen=True)
class Brief:
    """What changed since ``since``: how many documents, contacts, statements and actions are
    dated on or after it (whole counts), the newest of them (at most ``ROW_CAP``), statements per
    speaker, and the countries newly involved."""

    since: date
    latest: date | None
    documents: int
    contacts: pd.DataFrame
    contact_total: int
    statements: pd.DataFrame
    statement_total: int
    speakers: pd.DataFrame
    events: pd.DataFrame
    event_total: int
    countries: pd.DataFrame

    @property
    def empty(self) -> bool:
        """True when nothing is dated on or after ``since``."""
        return not (self.documents or self.contact_total or self.statement_total
                    or self.event_total)


def latest_document_date(source, filters: Filters = NO_FILTERS) -> date | None:
    """The date of the newest dated document ``filters`` keep (None when none is dated)."""
    newest = query.rows(source, "documents", filters, limit=1)
    value = str(newest["date"].iloc[0]) if len(newest) else ""
    return date.fromisoformat(value[:10]) if value else None


def default_since(source, filters: Filters = NO_FILTERS) -> date | None:
    """The day before the latest document (None when no document is dated)."""
    latest = latest_document_date(source, filters)
    return latest - timedelta(days=1) if latest else None


def _after(filters: Filters, since: date) -> Filters:
    """``filters`` narrowed to rows dated ``since`` or later."""
    return replace(filters, start=max(since, filters.start) if filters.start else since)


def _before(filters: Filters, since: date) -> Filters:
    """``filters`` narrowed to rows dated before ``since``."""
    end = since - timedelta(days=1)
    return replace(filters, end=min(end, filters.end) if filters.end else end)


def speakers_table(statements: pd.DataFrame) -> pd.DataFrame:
    """Statements per speaker (``SPEAKER_COLUMNS``): how many, of which kind, the latest date
    and the latest statement's text; the most statements first. An empty speaker is
    "(no speaker found)"."""
    if statements.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("statements", "direct",
                                                                 "reported") else "string")
                             for c in SPEAKER_COLUMNS})
    frame = statements.assign(speaker=statements["speaker"].astype(str).replace(
        "", "(no speaker found)"))
    rows = []
    for speaker, group in frame.groupby("speaker", sort=False):
        first = group.iloc[0]  # rows come newest first
        codes = [c for c in group["speaker_country"].astype(str) if c]
        rows.append({"speaker": speaker,
                     "country": country_name(codes[0]) if codes else "",
                     "statements": len(group),
                     "direct": int((group["kind"] == "direct").sum()),
                     "reported": int((group["kind"] == "reported").sum()),
                     "latest": str(first["date"]),
                     "example": str(first["text"])})
    table = pd.DataFrame(rows, columns=SPEAKER_COLUMNS)
    return table.sort_values(["statements", "latest", "speaker"], ascending=[False, False, True],
                             ignore_index=True)


def new_countries(after: pd.DataFrame, before: pd.DataFrame) -> pd.DataFrame:
    """The countries of ``after`` (``query.country_totals``) that ``before`` does not hold, as
    ``COUNTRY_COLUMNS``, the most contacts and actions first."""
    seen = set(before["iso3"].astype(str)) if len(before) else set()
    table = after[~after["iso3"].astype(str).isin(seen)].rename(columns={"events": "actions"})
    table = table.assign(name=[country_name(i) if not n or n == i else n
                               for i, n in zip(table["iso3"], table["name"])])
    table = table[COUNTRY_COLUMNS].copy()
    for column in COUNTRY_COLUMNS[2:]:
        table[column] = table[column].fillna(0).astype("int64")
    order = table.assign(_weight=table["contacts"] + table["actions"])
    return order.sort_values(["_weight", "mentions", "iso3"], ascending=[False, False, True],
                             ignore_index=True)[COUNTRY_COLUMNS]


def brief(source, since: date, filters: Filters = NO_FILTERS) -> Brief:
    """What the rows ``filters`` keep say happened on or after ``since``.

    >>> from analysis.engine.frames import build_frames
    >>> from analysis.store.memory import MemoryStore
    >>> brief(MemoryStore(build_frames([], [])), date(2026, 3, 1)).empty
    True
    """
    after, before = _after(filters, since), _before(filters, since)
    counts = query.count_rows(source, after)
    statements = query.rows(source, "statements", after, limit=ROW_CAP)
    return Brief(
        since=since, latest=latest_document_date(source, filters),
        documents=counts["documents"],
        contacts=query.rows(source, "contacts", after, limit=ROW_CAP),
        contact_total=counts["contacts"],
        statements=statements, statement_total=counts["statements"],
        speakers=speakers_table(statements),
        events=query.rows(source, "events", after, limit=ROW_CAP),
        event_total=counts["events"],
        countries=new_countries(query.country_totals(source, after),
                                query.country_totals(source, before)))


def _md(text: object) -> str:
    """A cell as one line of Markdown text: no line breaks, Markdown's marks escaped."""
    line = " ".join(str(text or "").split())
    return "".join("\\" + ch if ch in "\\`*_[]<>#|" else ch for ch in line)


def _names(codes: object) -> str:
    return ", ".join(country_name(c) for c in str(codes or "").split(LIST_SEP) if c)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def to_markdown(b: Brief, *, described: str = "") -> str:
    """The brief as a Markdown document (headings, one bullet per row; every row it holds).
    ``described``: a sentence naming the filters, put under the title."""
    out = [f"# What's new since {b.since}", ""]
    head = (f"Dated {b.since} or later: {_plural(b.documents, 'document')}, "
            f"{_plural(b.contact_total, 'contact')}, {_plural(b.statement_total, 'statement')}, "
            f"{_plural(b.event_total, 'action')}.")
    if b.latest:
        head += f" The latest document is dated {b.latest}."
    out += [head, ""]
    if described:
        out += [_md(described), ""]
    out += [f"## Countries newly involved ({len(b.countries):,})", ""]
    out += [f"- {_md(r.name)} ({r.iso3}): {_plural(r.contacts, 'contact')}, "
            f"{_plural(r.actions, 'action')}, mentioned in {_plural(r.documents, 'document')}"
            for r in b.countries.itertuples(index=False)] or ["None."]
    out += ["", f"## New contacts ({b.contact_total:,})", ""]
    out += [f"- {r.date or 'undated'}, {r.channel}: {_md(r.participants)} "
            f"({_md(_names(r.countries))}). {_md(r.evidence)}"
            for r in b.contacts.itertuples(index=False)] or ["None."]
    out += ["", f"## New statements by speaker ({b.statement_total:,})", ""]
    out += [f"- **{_md(r.speaker)}**" + (f" ({_md(r.country)})" if r.country else "")
            + f": {_plural(r.statements, 'statement')} ({r.direct} direct, {r.reported} "
              f"reported), the latest on {r.latest}: “{_md(r.example)}”"
            for r in b.speakers.itertuples(index=False)] or ["None."]
    out += ["", f"## New actions ({b.event_total:,})", ""]
    out += [f"- {r.date or 'undated'}, {r.type}: {_md(_names(r.actors)) or 'no actor found'} "
            f"against {_md(_names(r.targets)) or 'no target found'}. {_md(r.evidence)}"
            for r in b.events.itertuples(index=False)] or ["None."]
    shown = [(len(b.contacts), b.contact_total), (len(b.statements), b.statement_total),
             (len(b.events), b.event_total)]
    if any(n < total for n, total in shown):
        out += ["", f"Each list holds the newest {ROW_CAP:,} rows; the counts are whole."]
    return "\n".join(out) + "\n"


__all__ = ["Brief", "COUNTRY_COLUMNS", "ROW_CAP", "SPEAKER_COLUMNS", "brief", "default_since",
           "latest_document_date", "new_countries", "speakers_table", "to_markdown"]
