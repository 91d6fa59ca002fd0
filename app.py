"""Readout's dashboard: routes to the pages and draws the shared sidebar filters.

Run with ``streamlit run app.py``; the corpus folder is ``seeds/`` unless READOUT_CORPUS (or
``corpus`` in ``.streamlit/secrets.toml``) names another (see dashboard/data.py).
"""
import streamlit as st

from dashboard import data, sidebar

st.set_page_config(page_title="Readout", page_icon=":material/travel_explore:", layout="wide")

pages = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("pages/map.py", title="Map", icon=":material/public:", url_path="map"),
    st.Page("pages/timeline.py", title="Contact timeline", icon=":material/timeline:",
            url_path="timeline"),
    st.Page("pages/statements.py", title="Statements", icon=":material/format_quote:",
            url_path="statements"),
    st.Page("pages/documents.py", title="Documents", icon=":material/article:",
            url_path="documents"),
    st.Page("pages/upload.py", title="Add documents", icon=":material/upload_file:",
            url_path="upload"),
]
page = st.navigation(pages)
sidebar.render(data.frames())
page.run()
