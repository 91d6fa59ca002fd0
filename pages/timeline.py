"""Contact timeline: contacts by date, one lane per actor or country, marked by channel, the
actions below and counts per day; selecting points shows the statements about them."""
import streamlit as st

from dashboard import widgets
from dashboard.figures import selected_ids
from dashboard.streamlit_workarounds import ensure_router

ensure_router()

st.title("Contact timeline")
st.write("Contacts by date (one lane per actor or country, a marker per channel), actions "
         "below, and counts per day. Hover a marker for the sentence it was read from; select "
         "markers (drag a box or a lasso around them) to list the statements about them.")
view = widgets.load()
widgets.filter_notice(view)

lanes = st.segmented_control("Lanes", ["Actors", "Countries"], default="Actors", key="lanes",
                             bind="query-params")
contacts, events = view.rows("contacts"), view.rows("events")
per_day = view.per_day()
dated = int(per_day["contacts"].sum() + per_day["actions"].sum())
picked = {"contact": [], "action": []}
if contacts.empty and events.empty:
    widgets.empty("No contacts or actions match these filters." if view.filters.active
                  else "No contacts or actions have been extracted from these documents yet.")
elif not dated:
    widgets.empty("None of these contacts or actions has a known date, so none can be placed "
                  "on the timeline.")
else:
    fig = widgets.timeline(view, (lanes or "Actors").lower())
    state = st.plotly_chart(fig, on_select="rerun", selection_mode=("points", "box", "lasso"),
                            key="timeline", width="stretch")
    picked = selected_ids(state.selection if state else None)
    undated = view.total("exchanges") + view.total("events") - dated
    if undated:
        st.caption(f"{undated} contact(s) or action(s) with an unknown date are not shown.")

statements = view.rows("statements")
selection = bool(picked["contact"] or picked["action"])
if selection:
    statements = view.statements_about(picked["contact"], picked["action"])
    st.subheader(f"Statements about the {len(picked['contact']) + len(picked['action'])} "
                 "selected point(s)")
else:
    st.subheader("Statements")
if statements.empty:
    widgets.empty("No statements match this selection." if picked["contact"] or picked["action"]
                  else "No statements match these filters.")
else:
    st.dataframe(statements[["date", "speaker", "kind", "text"]], hide_index=True,
                 width="stretch", key="timeline-statements")
    if not selection:
        widgets.capped(len(statements), view.total("statements"), "statements")
cols = st.columns(3)
with cols[0]:
    widgets.download_all(view, "contacts")
with cols[1]:
    widgets.download_all(view, "events")
with cols[2]:
    if selection:
        widgets.download(statements, "statements", filtered=True)
    else:
        widgets.download_all(view, "statements")
