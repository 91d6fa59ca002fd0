"""Contact timeline: contacts by date, one lane per actor (grouped by country) or per country,
marked by channel, the actions below and counts per day, week or month, with a summary in
words; selecting a mark lists the statements about its contact."""
import streamlit as st

from dashboard import widgets
from dashboard.figures import DEFAULT_LANES, selected_ids, timeline_summary
from dashboard.streamlit_workarounds import ensure_router
from dashboard.text import literal

ensure_router()

st.title("Contact timeline")
st.write("Contacts by date: a mark in the lane of each participant (actors grouped by country, "
         "the busiest first), its shape the channel; actions below; then the counts. Hover a "
         "mark for who took part and the sentence it was read from; click it (or drag a box "
         "around marks) to list the statements about it. "
         "Drag the slider under the counts to zoom in time.")
view = widgets.load()
widgets.filter_notice(view)

LANE_COUNTS = {"10": 10, "20": 20, "40": 40, "All": None}
controls = st.columns([2, 1, 3])
with controls[0]:
    lanes = st.segmented_control("Lanes", ["Actors", "Countries"], default="Actors",
                                 key="lanes", bind="query-params")
with controls[1]:
    lane_count = st.selectbox("Lanes shown", list(LANE_COUNTS), index=1, key="lane_count",
                              bind="query-params",
                              help="The busiest lanes; the others share one lane, \"Other\".")
contacts, events = view.marks(), view.rows("events")  # one contacts row per exchange
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
    fig = widgets.timeline(view, (lanes or "Actors").lower(),
                           max_lanes=LANE_COUNTS.get(lane_count or "20", DEFAULT_LANES))
    state = st.plotly_chart(fig, on_select="rerun", selection_mode=("points", "box", "lasso"),
                            key="timeline", width="stretch",
                            config={"toImageButtonOptions": {"filename": "readout-timeline",
                                                             "scale": 2}})
    picked = selected_ids(state.selection if state else None)
    st.markdown("**In words.** " + literal(timeline_summary(contacts, events, per_day)),
                unsafe_allow_html=True)
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
