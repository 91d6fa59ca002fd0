"""Readout's dashboard: routes to the pages and draws the shared sidebar filters.

Run with ``streamlit run app.py``; the corpus folder is ``seeds/`` unless READOUT_CORPUS (or
``corpus`` in ``.streamlit/secrets.toml``) names another, or READOUT_STORE a store (see
dashboard/settings.py).
"""
import streamlit as st

from analysis.store.database import StoreError
from dashboard import auth, sidebar, sources, widgets

# Emoji icons only: a page's icon becomes the favicon, and a :material/...: favicon is fetched
# from the internet, while an emoji one is drawn in the browser.
st.set_page_config(page_title="Readout", page_icon="🛰️", layout="wide")

pages = [
    st.Page("pages/overview.py", title="Overview", default=True),
    st.Page("pages/whats_new.py", title="What's new", url_path="whats_new"),
    st.Page("pages/map.py", title="Map", url_path="map"),
    st.Page("pages/timeline.py", title="Contact timeline",
            url_path="timeline"),
    st.Page("pages/network.py", title="Who talks to whom",
            url_path="network"),
    st.Page("pages/statements.py", title="Statements",
            url_path="statements"),
    st.Page("pages/documents.py", title="Documents",
            url_path="documents"),
    st.Page("pages/upload.py", title="Add documents",
            url_path="upload"),
]
# optional sign-in (off unless [auth] is in .streamlit/secrets.toml; see dashboard/auth.py)
gated = auth.signed_out()
page = st.navigation(pages, position="hidden" if gated else "sidebar")
if gated:
    auth.login_page()  # stops here
auth.account_menu()
# each page's own name in the browser's tab; a page has no title when this file runs outside
# Streamlit (a worker process that re-imports the main module), so "Readout" then
widgets.set_title(getattr(page, "title", "Readout"))
try:
    sidebar.render(widgets.load())
    page.run()
except StoreError as exc:  # a store damaged or held too long mid-run: one sentence, no traceback
    st.error(sources.problem_sentence(exc), icon=":material/error:")
