"""Keeps every page under app.py's router, even when a fresh server is first opened on a page's
own address (a shared link such as /timeline?country=QAT).

Streamlit treats a ``pages/`` folder next to the main script as the old (v1) multipage layout
until ``st.navigation`` has run once in the server's life; until then, opening /timeline runs
``pages/timeline.py`` on its own, with no sidebar filters. ``ensure_router()``, called at the
top of every page, switches that off and reruns, so that app.py routes the same address.
"""
from __future__ import annotations

import streamlit as st


def ensure_router() -> None:
    """Rerun through app.py when this page was started by the old pages-folder layout."""
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # a Streamlit without the old layout: nothing to do
        return
    if getattr(PagesManager, "uses_pages_directory", False):
        PagesManager.uses_pages_directory = False
        st.rerun()
