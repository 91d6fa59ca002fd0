"""Small streamlit pieces every page uses: the view of the current data and filters, the filter
notice, the map and the timeline of a view (built once and shared), CSV download buttons and
one-sentence empty states."""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
import streamlit as st

from dashboard import sidebar, sources
from dashboard.country_names import names_of
from dashboard.csv_export import file_name, to_csv_bytes
from dashboard.figures import DEFAULT_LANES, DESKTOP, PHONE, build_map, build_timeline
from dashboard.text import literal
from dashboard.view import View, shown_caption


def load() -> View:
    """The view this page run shows: the current data narrowed by the sidebar's filters."""
    data = sources.current()
    return View(data.source, data.key, sidebar.current())


def filter_notice(view: View) -> None:
    """Say why the data may be missing, and which filters narrow this page (nothing when
    none do)."""
    corpus_problem()
    notes = sidebar.link_notes()
    if notes:
        st.warning("Not applied, so not filtering this page: " + "; ".join(notes) + ".",
                   icon=":material/link_off:")
    if sidebar.reversed_range(view.filters):
        st.warning(f"The date range is reversed: From ({view.filters.start}) is after To "
                   f"({view.filters.end}), so no dated row can match. Swap them in the sidebar.",
                   icon=":material/swap_horiz:")
    text = sidebar.describe(view.filters)
    if text:
        st.caption(f":material/filter_alt: {literal(text)}", unsafe_allow_html=True)


def corpus_problem() -> None:
    """Say so when the corpus folder or the store is missing or could not be read."""
    problem = sources.current().problem
    if problem:
        st.warning(problem, icon=":material/warning:")


# The figures of a view are built once and handed to every session showing the same view (same
# data, filters and options): at 100,000 documents a timeline costs about a second of CPU and a
# map half that. A resource, not cache_data: Streamlit only reads them (plotly_chart serialises
# a copy, pydeck_chart calls to_json).

@st.cache_resource(show_spinner=False, max_entries=64)
def _timeline(key: tuple, filters, lanes: str, max_lanes: int | None,
              highlight: tuple[str, ...], compact: bool, _view: View) -> go.Figure:
    return build_timeline(_view.marks(), _view.rows("events"), _view.per_day(),
                          lanes=lanes, max_lanes=max_lanes, highlight=highlight,
                          compact=compact)


@st.cache_resource(show_spinner=False, max_entries=64)
def _map(key: tuple, filters, map_style: str | None, selected: tuple[str, ...],
         size: tuple[int, int], _view: View) -> pdk.Deck:
    return build_map(_view.marks(), _view.rows("events"), _view.country_table(),
                     map_style=map_style, selected=selected, size=size)


def timeline(view: View, lanes: str, *, max_lanes: int | None = DEFAULT_LANES,
             highlight: tuple[str, ...] = ()) -> go.Figure:
    """The contact timeline of ``view``, with lanes per "actors" or "countries" (the
    ``max_lanes`` busiest; None: all), the contacts of ``highlight`` ringed."""
    return _timeline(view.key, view.filters, lanes, max_lanes, tuple(highlight), on_phone(),
                     view)


def world_map(view: View, *, map_style: str | None, selected: tuple[str, ...]) -> pdk.Deck:
    """The map of ``view``, shaded by its countries involved, ``selected`` ones outlined,
    fitted to a phone's screen when the browser says it is one."""
    return _map(view.key, view.filters, map_style, tuple(selected),
                PHONE if on_phone() else DESKTOP, view)


def on_phone() -> bool:
    """Whether the browser says it is a phone (its User-Agent has "Mobi", as every mobile
    browser's does): the map is fitted to the screen before the browser reports its width."""
    try:
        agent = st.context.headers.get("User-Agent") or ""
    except Exception:  # no browser (a script run, a test): a desktop
        return False
    return "Mobi" in agent


def set_title(title: str) -> None:
    """Name the page in the browser's tab ("Map · Readout"), so that tabs, history and screen
    readers tell pages apart."""
    st.set_page_config(page_title=f"{title} · Readout" if title != "Readout" else title)


def download(frame: pd.DataFrame | Callable[[], pd.DataFrame], name: str, *, filtered: bool,
             rows: int | None = None, key: str | None = None, label: str | None = None) -> None:
    """A button that downloads ``frame`` as CSV (``dashboard.csv_export``): a frame, or a
    callable that reads every matching row (then ``rows`` says how many). The CSV is made when
    the button is clicked, not on every run of every page."""
    rows = len(frame) if rows is None else rows
    make = frame if callable(frame) else (lambda: frame)
    st.download_button(label or f"Download {name} CSV ({rows:,} row{'s' if rows != 1 else ''})",
                       data=lambda: to_csv_bytes(make(), name),
                       file_name=file_name(name, filtered=filtered),
                       mime="text/csv", key=key or f"download-{name}", on_click="ignore",
                       icon=":material/download:")


def download_all(view: View, name: str, *, key: str | None = None) -> None:
    """A download of every row of ``view``'s frame ``name`` that matches (read when clicked);
    its file name says when filters narrowed it (``rejected`` is never filtered)."""
    download(lambda: view.all_rows(name), name, rows=view.total(name), key=key,
             filtered=view.filters.active and name != "rejected")


def capped(shown: int, total: int, what: str) -> None:
    """Say that a table shows the newest ``shown`` of ``total`` rows (nothing when all)."""
    text = shown_caption(shown, total, what)
    if text:
        st.caption(text)


#: The columns of ISO3 codes a table shows as country names (the downloads keep the codes).
CODE_COLUMNS = ("countries", "speaker_country", "country", "actors", "targets")

#: How wide the tables draw some columns, so that the short ones stay on screen.
_WIDTHS = {"date": "small", "words": "small", "kind": "small", "channel": "small",
           "type": "small", "mentions": "small", "evidence": "large", "text": "large",
           "title": "medium", "path": "medium", "participants": "medium",
           "countries": "medium", "speaker": "medium"}


def readable(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` as a table shows it: ISO3 codes (``CODE_COLUMNS``) as country names."""
    columns = {c: frame[c].map(names_of) for c in CODE_COLUMNS if c in frame.columns}
    return frame.assign(**columns) if columns else frame


def table(frame: pd.DataFrame, columns: list[str], *, key: str, full: str | None = None,
          on_select: Callable[[], None] | None = None) -> None:
    """A table of ``frame``'s ``columns`` with country names and sized columns. With
    ``full`` (a long column such as ``evidence``), a row picked in the table shows that
    column whole underneath, so that nothing cut off in a cell is out of reach."""
    shown = readable(frame[columns])
    config = {c: st.column_config.Column(width=_WIDTHS[c]) for c in columns if c in _WIDTHS}
    if full is None and on_select is None:
        st.dataframe(shown, hide_index=True, width="stretch", key=key, column_config=config)
        return
    event = st.dataframe(shown, hide_index=True, width="stretch", key=key, column_config=config,
                         on_select=on_select or "rerun", selection_mode="single-row")
    if full is None:
        return
    picked = event.selection.rows if event is not None else []
    if picked and picked[0] < len(frame):
        row = frame.iloc[picked[0]]
        st.markdown(f'<blockquote style="border-left:4px solid #64748b;padding-left:1em">'
                    f'{literal(row[full])}</blockquote>', unsafe_allow_html=True)
    else:
        st.caption(f"Pick a row to read its {full} whole.")


def empty(message: str) -> None:
    """A one-sentence empty state."""
    st.info(message, icon=":material/info:")


__all__ = ["capped", "corpus_problem", "download", "download_all", "empty", "filter_notice",
           "load", "on_phone", "readable", "set_title", "table", "timeline", "world_map"]
