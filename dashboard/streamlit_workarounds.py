"""The one place Readout relies on Streamlit's internals, with the reason for each; each has a
test (``tests/test_streamlit_workarounds.py``) that fails when a Streamlit release changes the
behaviour it works around, so that an upgrade cannot break it silently.

Keeping every page under app.py's router: Streamlit treats a ``pages/`` folder next to the main
script as the old (v1) multipage layout until ``st.navigation`` has run once in the server's
life (``PagesManager.uses_pages_directory``, read by the script runner). Until then, a fresh
server first opened on a page's own address (a shared link such as /timeline?country=Qatar)
runs ``pages/timeline.py`` on its own, with no sidebar filters. There is no public switch for
it, and the users keep the pages in ``pages/``: ``ensure_router()``, called at the top of every
page, turns the old layout off (as ``st.navigation`` does) and reruns, so that app.py routes the
same address.
"""
from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def ensure_router() -> None:
    """Rerun through app.py when this page was started by the old pages-folder layout."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


__all__ = ["ensure_router"]
