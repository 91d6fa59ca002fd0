"""Overview: how much is in the corpus, over which dates, the latest contacts, and the files
that could not be read."""
import streamlit as st

from dashboard import widgets
from dashboard.filters import date_bounds
from dashboard.router import ensure_router

ensure_router()

st.title("Readout")
st.write("Crisis-diplomacy documents read into countries, contacts, statements and actions.")
frames, view, filters = widgets.load()
widgets.filter_notice(filters)

docs = view["documents"]
if frames["documents"].empty:
    widgets.empty("No documents are loaded yet: add some on the Add documents page, or point "
                  "READOUT_CORPUS at a folder of documents.")
else:
    countries = view["countries"]["iso3"].nunique()
    cols = st.columns(5)
    cols[0].metric("Documents", len(docs))
    cols[1].metric("Countries", countries)
    cols[2].metric("Contacts", len(view["contacts"]))
    cols[3].metric("Statements", len(view["statements"]))
    cols[4].metric("Actions", len(view["events"]))
    lo, hi = date_bounds(view)
    if lo:
        span = f"{lo}" if lo == hi else f"{lo} to {hi}"
        st.write(f"Dates covered: **{span}**.")
    else:
        st.write("No dated rows match these filters.")

st.subheader("Latest contacts")
contacts = view["contacts"].sort_values("date", ascending=False, kind="stable")
if contacts.empty:
    widgets.empty("No contacts match these filters." if filters.active
                  else "No contacts have been extracted from these documents.")
else:
    st.dataframe(contacts.head(10)[["date", "channel", "participants", "countries", "evidence"]],
                 hide_index=True, width="stretch", key="latest-contacts")
widgets.download(contacts, "contacts", filtered=filters.active)

st.subheader("Documents")
if docs.empty:
    widgets.empty("No documents match these filters.")
else:
    st.dataframe(docs[["date", "title", "path", "words"]], hide_index=True, width="stretch",
                 key="overview-documents")
widgets.download(docs, "documents", filtered=filters.active)

st.subheader("Documents that could not be read")
rejected = frames["rejected"]
if rejected.empty:
    st.write("Every file was read.")
else:
    st.dataframe(rejected, hide_index=True, width="stretch", key="rejected")
    widgets.download(rejected, "rejected", filtered=False)
