"""Small streamlit pieces every page uses: the loaded and filtered frames, the filter notice,
CSV download buttons and one-sentence empty states."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import data, sidebar
from dashboard.csv_export import file_name, to_csv_bytes
from dashboard.filters import Filters, apply_filters
from dashboard.text import literal


def load() -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame], Filters]:
    """All frames (cached corpus + session uploads), the filtered frames, and the filters."""
    frames = data.frames()
    filters = sidebar.current()
    return frames, apply_filters(frames, filters), filters


def filter_notice(filters: Filters) -> None:
    """Say which filters narrow this page (nothing when none do)."""
    corpus_problem()
    text = sidebar.describe(filters)
    if text:
        st.caption(f":material/filter_alt: {literal(text)}", unsafe_allow_html=True)


def download(frame: pd.DataFrame, name: str, *, filtered: bool, key: str | None = None,
             label: str | None = None) -> None:
    """A button that downloads ``frame`` as the contract's CSV (rows as shown). The CSV is made
    when the button is clicked (a callable), not on every run of every page: at 5,000 documents
    the eager CSVs cost each run seconds and megabytes per session."""
    rows = len(frame)
    st.download_button(label or f"Download {name} CSV ({rows} row{'s' if rows != 1 else ''})",
                       data=lambda: to_csv_bytes(frame, name),
                       file_name=file_name(name, filtered=filtered),
                       mime="text/csv", key=key or f"download-{name}", on_click="ignore",
                       icon=":material/download:")


def empty(message: str) -> None:
    """A one-sentence empty state."""
    st.info(message, icon=":material/info:")


def corpus_problem() -> None:
    """Say so when the corpus folder is missing or could not be extracted."""
    _, problem = data.corpus_frames()
    if problem:
        st.warning(problem, icon=":material/warning:")
