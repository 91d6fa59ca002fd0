"""What's new: a brief of what changed since a day (by default the day before the latest
document): the countries newly involved, new contacts, new statements by speaker and new
actions, for the sidebar's filters; downloadable as Markdown."""
from datetime import date

import streamlit as st

from analysis.store.brief import to_markdown
from dashboard import sidebar, widgets
from dashboard.streamlit_workarounds import ensure_router

ensure_router()

st.title("What's new")
st.write("What the documents report since a day: countries newly involved, new contacts, who "
         "said what, and new actions. The sidebar's filters apply.")
view = widgets.load()
widgets.filter_notice(view)


default = view.default_since()
if not view.unfiltered().total("documents"):
    widgets.empty("No documents are loaded yet: add some on the Add documents page, or point "
                  "READOUT_CORPUS at a folder of documents.")
elif default is None:
    widgets.empty("No dated document matches these filters, so nothing can be new.")
else:
    since = st.date_input("Since", value=default, key="since", bind="query-params",
                          format="YYYY-MM-DD", min_value=date(1, 1, 1),
                          help="Rows dated this day or later. By default the day before the "
                               "latest document, whose readouts often tell of the day before.")
    b = view.brief(since)
    latest = f" The latest document is dated {b.latest}." if b.latest else ""
    st.caption(f"Dated {since} or later.{latest}")
    cols = st.columns(4)
    cols[0].metric("Documents", f"{b.documents:,}")
    cols[1].metric("Contacts", f"{b.contact_total:,}")
    cols[2].metric("Statements", f"{b.statement_total:,}")
    cols[3].metric("Actions", f"{b.event_total:,}")
    st.download_button("Download the brief (Markdown)", on_click="ignore",
                       data=lambda: to_markdown(b, described=sidebar.describe(view.filters)),
                       file_name=f"readout-whats-new-since-{since}.md", mime="text/markdown",
                       icon=":material/download:", key="brief-download")
    if b.empty:
        widgets.empty(f"Nothing is dated {since} or later for these filters: choose an earlier "
                      "day.")
    else:
        st.subheader(f"Countries newly involved ({len(b.countries):,})")
        st.caption("Involved since that day (in a contact, an action or a document) and in no "
                   "row dated before it.")
        if b.countries.empty:
            st.write("None: every country involved since then was involved before.")
        else:
            st.dataframe(b.countries[["name", "contacts", "actions", "documents", "mentions"]],
                         hide_index=True, width="stretch", key="brief-countries")
        st.subheader(f"New contacts ({b.contact_total:,})")
        if b.contacts.empty:
            st.write("None.")
        else:
            widgets.table(b.contacts, ["date", "channel", "participants", "countries",
                                       "evidence"], key="brief-contacts", full="evidence")
            widgets.capped(len(b.contacts), b.contact_total, "contacts")
        st.subheader(f"New statements by speaker ({b.statement_total:,})")
        if b.speakers.empty:
            st.write("None.")
        else:
            st.dataframe(b.speakers, hide_index=True, width="stretch", key="brief-speakers",
                         column_config={"example": st.column_config.TextColumn(
                             "latest statement", width="large")})
            widgets.capped(len(b.statements), b.statement_total, "statements")
        st.subheader(f"New actions ({b.event_total:,})")
        if b.events.empty:
            st.write("None.")
        else:
            widgets.table(b.events, ["date", "type", "actors", "targets", "evidence"],
                          key="brief-events", full="evidence")
            widgets.capped(len(b.events), b.event_total, "actions")
