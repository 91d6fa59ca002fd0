"""Small streamlit pieces every page uses: the loaded and filtered frames, the filter notice,
CSV download buttons and one-sentence empty states."""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from dashboard import data, sidebar
from dashboard.csv_export import file_name, to_csv_bytes
from dashboard.filters import Filters
from dashboard.views import View, shown_caption
from dashboard.text import literal


def load() -> tuple[View, View, Filters]:
    """The whole corpus (plus this session's uploads), the same narrowed by the sidebar's
    filters, and the filters: two ``dashboard.views.View``s."""
    filters = sidebar.current()
    return data.frames(), data.view(filters), filters


def filter_notice(filters: Filters) -> None:
    """Say which filters narrow this page (nothing when none do)."""
    corpus_problem()
    text = sidebar.describe(filters)
    if text:
        st.caption(f":material/filter_alt: {literal(text)}", unsafe_allow_html=True)


def download(frame: pd.DataFrame | Callable[[], pd.DataFrame], name: str, *, filtered: bool,
             rows: int | None = None, key: str | None = None, label: str | None = None) -> None:
    """A button that downloads ``frame`` as the contract's CSV: a frame, or a callable that
    reads every matching row (then ``rows`` says how many). The CSV is made when the button is
    clicked, not on every run of every page: at 5,000 documents the eager CSVs cost each run
    seconds and megabytes per session, and at 100,000 a page shows only the newest rows."""
    rows = len(frame) if rows is None else rows
    make = frame if callable(frame) else (lambda: frame)
    st.download_button(label or f"Download {name} CSV ({rows:,} row{'s' if rows != 1 else ''})",
                       data=lambda: to_csv_bytes(make(), name),
                       file_name=file_name(name, filtered=filtered),
                       mime="text/csv", key=key or f"download-{name}", on_click="ignore",
                       icon=":material/download:")


def download_all(view: View, name: str, *, filtered: bool, key: str | None = None) -> None:
    """A download of every row of ``view``'s frame ``name`` that matches (read when clicked)."""
    download(lambda: view.all_rows(name), name, filtered=filtered, rows=view.total(name),
             key=key)


def capped(shown: int, total: int, what: str) -> None:
    """Say that a table shows the newest ``shown`` of ``total`` rows (nothing when all)."""
    text = shown_caption(shown, total, what)
    if text:
        st.caption(text)


def empty(message: str) -> None:
    """A one-sentence empty state."""
    st.info(message, icon=":material/info:")


def corpus_problem() -> None:
    """Say so when the corpus folder is missing or could not be extracted."""
    _, problem = data.corpus_frames()
    if problem:
        st.warning(problem, icon=":material/warning:")
