"""Map: every country involved, shaded by how much, with arcs for contacts (blue) and actions
(red); clicking a country filters every page to it."""
import streamlit as st

from analysis.engine.gazetteer import country_name
from dashboard import widgets
from dashboard.basemap import basemap_style
from dashboard.figures import selected_arc, selected_country
from dashboard.streamlit_workarounds import ensure_router
from dashboard.text import literal

ensure_router()

st.title("Map")
st.write("Countries shaded by how much they are involved (mentions, contacts, actions); blue "
         "arcs are contacts, red arcs actions such as strikes. Hover for who, what and when; "
         "click a country to filter every page to it.")
view = widgets.load()
widgets.filter_notice(view)


def on_pick() -> None:
    """Turn a click on a country into the shared country filter (before the rerun)."""
    iso3 = selected_country(st.session_state["map"].selection)
    if iso3:
        st.session_state["country"] = [country_name(iso3)]


table = view.country_table()
if table.empty and view.rows("contacts").empty and view.rows("events").empty:
    widgets.empty("No countries match these filters." if view.filters.active
                  else "No countries have been extracted from these documents yet.")
else:
    deck = widgets.world_map(view, map_style=basemap_style(), selected=view.filters.countries)
    state = st.pydeck_chart(deck, on_select=on_pick, selection_mode="single-object", key="map",
                            height=560)
    arc = selected_arc(state.selection if state else None)
    if arc:
        tip = {k: literal(arc.get(k), allow_html=False) for k in ("title", "what", "when",
                                                                   "evidence")}
        st.info(f"**{tip['title']}** · {tip['what']} · {tip['when']}  \n_{tip['evidence']}_",
                icon=":material/conversion_path:")
    st.caption(f"{len(table):,} countries · {view.total('exchanges'):,} exchanges in "
               f"{view.total('reports'):,} reports · "
               f"{view.total('events'):,} actions. Country shapes: Natural Earth via world-atlas.")

st.subheader("Countries involved")
if table.empty:
    widgets.empty("No countries match these filters.")
else:
    st.dataframe(table, hide_index=True, width="stretch", key="map-countries")
# the table as it is shown: one row per country, its columns
widgets.download(table, "countries-involved", filtered=view.filters.active,
                 label=f"Download countries CSV ({len(table):,} row{'s' if len(table) != 1 else ''})")
cols = st.columns(2)
with cols[0]:
    widgets.download_all(view, "contacts")
with cols[1]:
    widgets.download_all(view, "events")
