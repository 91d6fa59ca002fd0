"""Turns the sidebar's filter widgets into a ``Filters``: date range, countries, actors and
channel, each bound to the URL's query parameters (``?from=…&to=…&country=Qatar&actor=…
&channel=phone``), so that a filtered view is a link a colleague can open, and a reload keeps it.

Countries are accepted as people write them, in the chooser and in links ("Turkey", "UAE",
"US", "Britain", "GBR": ``dashboard.country_names``) and shown under the chooser's name
("Türkiye"). What a link asks for that cannot be applied (a country no document involves, a
date that does not exist, an unknown actor or channel) is kept as a note that every page shows
(``link_notes``), never dropped in silence; a From after To is named too (``reversed_range``).
The date pickers start at the data's first and last dates; a picker left there does not narrow
anything (so undated rows stay in).
"""
from __future__ import annotations

from datetime import date

import streamlit as st

from analysis.engine.gazetteer import country_name
from analysis.engine.geo import country_code
from analysis.store.query import Filters
from dashboard.country_names import resolve
from dashboard.text import literal
from dashboard.view import View

CHANNELS = ["phone", "meeting", "video", "letter", "visit", "other"]

#: Session-state keys of this module's own bookkeeping (not widgets).
_BOUNDS, _NOTES, _SEEN = "_filter-bounds", "_filter-notes", "_filter-link-seen"


def country_options(view: View) -> list[str]:
    """Every ISO3 code in the corpus (countries, contacts, events), sorted by country name."""
    return sorted(view.options("countries"), key=country_name)


def _shown(value: str) -> str:
    """A value from a link, as a warning shows it: exactly as written, at most 80 characters."""
    value = str(value)
    return literal(value if len(value) <= 80 else value[:80] + "…", allow_html=False)


def canonical_countries(values: list[str], known: set[str]) -> tuple[list[str], list[str]]:
    """``values`` as typed or linked -> (the chooser's names of those that name a country in
    ``known`` (ISO3 codes), in order, once each; a note for each of the others)."""
    names: list[str] = []
    notes: list[str] = []
    for value in values:
        iso3 = resolve(value)
        if iso3 is None:
            notes.append(f"country “{_shown(value)}” (no country of that name)")
        elif iso3 not in known:
            notes.append(f"country “{_shown(value)}” ({country_name(iso3)}: no document "
                         "involves it)")
        elif country_name(iso3) not in names:
            names.append(country_name(iso3))
    return names, notes


def date_note(key: str, raw: str) -> str | None:
    """A note for a link's date parameter that is not a real ISO date (None when it is)."""
    try:
        date.fromisoformat(raw.strip())
        return None
    except ValueError:
        return f"{key} “{_shown(raw)}” (not a date: write YYYY-MM-DD)"


def _note(text: str) -> None:
    notes = st.session_state.setdefault(_NOTES, [])
    if text not in notes:
        notes.append(text)


def link_notes() -> list[str]:
    """What a link or the chooser asked for that could not be applied, one phrase each."""
    return list(st.session_state.get(_NOTES, []))


def _forget_notes() -> None:
    """A filter was changed by hand: earlier notes no longer describe the view."""
    st.session_state[_NOTES] = []


def _check_link(view: View) -> None:
    """Note the values of the link's date, actor and channel parameters that the widgets will
    drop (Streamlit removes an invalid bound value from the address without a word); each
    value once per session."""
    seen = st.session_state.setdefault(_SEEN, set())
    params = st.query_params
    choices = {"actor": None, "channel": set(CHANNELS)}
    for key in ("from", "to", "actor", "channel"):
        for raw in params.get_all(key):
            if (key, raw) in seen or not raw.strip():
                continue
            seen.add((key, raw))
            if key in ("from", "to"):
                text = date_note(key, raw)
            else:
                allowed = choices[key] if choices[key] is not None else set(view.options("actors"))
                text = None if raw in allowed else f"{key} “{_shown(raw)}” (not in these documents)"
            if text:
                _note(text)


def _normalise_countries(view: View) -> None:
    """Before the chooser is drawn: replace what was typed or linked ("Turkey") by the
    chooser's names ("Türkiye"), and note what names no country of the data."""
    value = st.session_state.get("country")
    if not value:
        return
    names, notes = canonical_countries(list(value), set(view.options("countries")))
    for text in notes:
        _note(text)
    if names != list(value):
        st.session_state["country"] = names


def _follow_bounds(lo: date | None, hi: date | None) -> None:
    """Remember the data's first and last dates; when they moved (an upload, a new document),
    a picker still at the old one moves with them, so that it keeps narrowing nothing."""
    state = st.session_state
    old = state.get(_BOUNDS)
    if old is not None and old != (lo, hi):
        for key, before, now in (("from", old[0], lo), ("to", old[1], hi)):
            if before is not None and state.get(key) == before:
                state[key] = now
    state[_BOUNDS] = (lo, hi)


def clear_filters() -> None:
    """Reset every shared filter (a button callback): dates back to the data's range."""
    lo, hi = st.session_state.get(_BOUNDS, (None, None))
    st.session_state["from"] = lo
    st.session_state["to"] = hi
    for key in ("country", "actor", "channel"):
        st.session_state[key] = []
    _forget_notes()


def swap_dates() -> None:
    """Swap From and To (a button callback for a reversed range)."""
    state = st.session_state
    state["from"], state["to"] = state.get("to"), state.get("from")
    _forget_notes()


def render(view: View) -> Filters:
    """Draw the shared filters in the sidebar, with ``view``'s options and date bounds (over
    everything held), and return them."""
    lo, hi = view.unfiltered().bounds()
    _follow_bounds(lo, hi)
    _check_link(view)
    _normalise_countries(view)
    sb = st.sidebar
    sb.markdown("### Filters")
    sb.caption("Shared by every page and kept in the address bar: copy the link to share "
               "this view.")
    first = min(d for d in (date(1900, 1, 1), lo) if d)
    last = max(d for d in (date(2100, 12, 31), hi) if d)
    sb.date_input("From", value=lo, min_value=first, max_value=last,
                  key="from", bind="query-params", format="YYYY-MM-DD", on_change=_forget_notes,
                  help=f"The data's dates: {lo} to {hi}" if lo else None)
    sb.date_input("To", value=hi, min_value=first, max_value=last,
                  key="to", bind="query-params", format="YYYY-MM-DD", on_change=_forget_notes,
                  help=f"The data's dates: {lo} to {hi}" if lo else None)
    # the options are names, so that the address reads ?country=Qatar; other spellings and
    # codes typed or linked are accepted and turned into these names on the next run
    options = [country_name(c) for c in country_options(view)]
    sb.multiselect("Countries", options, key="country", bind="query-params",
                   placeholder="All countries", accept_new_options=True,
                   on_change=_forget_notes,
                   help="A name or a code: Türkiye or Turkey, UAE, US, UK, GBR...")
    sb.multiselect("Actors", view.options("actors"), key="actor", bind="query-params",
                   placeholder="All actors", on_change=_forget_notes)
    sb.multiselect("Channel", CHANNELS, key="channel", bind="query-params",
                   placeholder="All channels", help="Narrows contacts only.",
                   on_change=_forget_notes)
    chosen = list(st.session_state.get("country") or [])
    if chosen and chosen != [n for n in chosen if n in options]:
        st.rerun()  # a spelling or code was typed or linked: show it under the chooser's name
    filters = current()
    if reversed_range(filters):
        sb.error(f"From ({filters.start}) is after To ({filters.end}).",
                 icon=":material/swap_horiz:")
        sb.button("Swap the dates", on_click=swap_dates, icon=":material/swap_horiz:")
    if filters.active:
        sb.button("Clear filters", on_click=clear_filters, icon=":material/filter_alt_off:")
    return filters


def reversed_range(filters: Filters) -> bool:
    """True when From is after To (nothing can match)."""
    return bool(filters.start and filters.end and filters.start > filters.end)


def current() -> Filters:
    """The shared filters as they stand in ``st.session_state``. A date picker left at the
    data's first (From) or last (To) date does not narrow anything."""
    state = st.session_state
    lo, hi = state.get(_BOUNDS, (None, None))

    def as_date(value: object, bound: date | None) -> date | None:
        return value if isinstance(value, date) and value != bound else None

    countries = []
    for name in state.get("country") or ():
        iso3 = resolve(name) or country_code(name)
        if iso3 not in countries:
            countries.append(iso3)
    return Filters(start=as_date(state.get("from"), lo), end=as_date(state.get("to"), hi),
                   countries=tuple(countries),
                   actors=tuple(state.get("actor") or ()),
                   channels=tuple(state.get("channel") or ()))


def describe(filters: Filters) -> str:
    """One sentence naming the active filters ("" when none)."""
    parts = []
    if filters.start or filters.end:
        parts.append(f"dates {filters.start or '…'} to {filters.end or '…'}")
    if filters.countries:
        parts.append("countries " + ", ".join(country_name(c) for c in filters.countries))
    if filters.actors:
        parts.append("actors " + ", ".join(filters.actors))
    if filters.channels:
        parts.append("channel " + ", ".join(filters.channels))
    return ("Filtered to " + "; ".join(parts) + ".") if parts else ""
