"""Turns the sidebar's filter widgets into a ``Filters``: date range, countries, actors and
channel, each bound to the URL's query parameters (``?from=…&to=…&country=Qatar&actor=…
&channel=phone``), so that a filtered view is a link a colleague can open."""
from __future__ import annotations

from datetime import date

import streamlit as st

from analysis.engine.gazetteer import country_name
from analysis.engine.geo import country_code
from analysis.store.query import Filters
from dashboard.view import View

CHANNELS = ["phone", "meeting", "video", "letter", "visit", "other"]


def country_options(view: View) -> list[str]:
    """Every ISO3 code in the corpus (countries, contacts, events), sorted by country name."""
    return sorted(view.options("countries"), key=country_name)


def clear_filters() -> None:
    """Reset every shared filter (a button callback)."""
    st.session_state["from"] = None
    st.session_state["to"] = None
    for key in ("country", "actor", "channel"):
        st.session_state[key] = []


def render(view: View) -> Filters:
    """Draw the shared filters in the sidebar, with ``view``'s options and date bounds (over
    everything held), and return them."""
    lo, hi = view.unfiltered().bounds()
    sb = st.sidebar
    sb.markdown("### Filters")
    sb.caption("Shared by every page and kept in the address bar: copy the link to share "
               "this view.")
    c1, c2 = sb.columns(2)
    c1.date_input("From", value=None, min_value=date(1900, 1, 1), max_value=date(2100, 12, 31),
                  key="from", bind="query-params", format="YYYY-MM-DD",
                  help=f"Earliest date in the data: {lo}" if lo else None)
    c2.date_input("To", value=None, min_value=date(1900, 1, 1), max_value=date(2100, 12, 31),
                  key="to", bind="query-params", format="YYYY-MM-DD",
                  help=f"Latest date in the data: {hi}" if hi else None)
    # the options are names, so that the address reads ?country=Qatar
    sb.multiselect("Countries", [country_name(c) for c in country_options(view)],
                   key="country", bind="query-params", placeholder="All countries")
    sb.multiselect("Actors", view.options("actors"), key="actor", bind="query-params",
                   placeholder="All actors")
    sb.multiselect("Channel", CHANNELS, key="channel", bind="query-params",
                   placeholder="All channels", help="Narrows contacts only.")
    filters = current()
    if filters.active:
        sb.button("Clear filters", on_click=clear_filters, icon=":material/filter_alt_off:")
    return filters


def current() -> Filters:
    """The shared filters as they stand in ``st.session_state``."""
    state = st.session_state

    def as_date(value: object) -> date | None:
        return value if isinstance(value, date) else None

    return Filters(start=as_date(state.get("from")), end=as_date(state.get("to")),
                   countries=tuple(country_code(n) for n in state.get("country") or ()),
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
