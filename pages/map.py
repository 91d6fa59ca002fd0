"""Map: every country involved, shaded by how much, with one arc per pair of countries for
contacts (blue) and actions (red), fitted to the countries involved, with its legend and a
summary in words; clicking a country filters every page to it, clicking an arc lists its
contacts or actions."""
import streamlit as st

from analysis.engine.frames import split_list
from analysis.engine.gazetteer import country_name
from dashboard import widgets
from dashboard.basemap import basemap_style
from dashboard.figures import (country_table, legend_html, map_summary, selected_arc,
                               selected_country)
from dashboard.map_image import map_png
from dashboard.streamlit_workarounds import ensure_router
from dashboard.text import literal

ensure_router()

st.title("Map")
st.write("Countries shaded by how much they are involved; blue arcs join countries in contact, "
         "red arcs go from actor to target of an action such as a strike, wider for more. "
         "Hover for who, what and when; click a country to filter every page to it, or an arc "
         "to list what it stands for.")
view = widgets.load()
widgets.filter_notice(view)


def on_pick() -> None:
    """Turn a click on a country into the shared country filter (before the rerun)."""
    iso3 = selected_country(st.session_state["map"].selection)
    if iso3:
        st.session_state["country"] = [country_name(iso3)]


def between(frame, a: str, b: str, column: str, other: str | None = None):
    """The rows of ``frame`` whose ``column`` (and ``other``) name both countries."""
    def both(row) -> bool:
        codes = set(split_list(row[column])) | (set(split_list(row[other])) if other else set())
        return a in codes and b in codes
    return frame[frame.apply(both, axis=1)] if len(frame) else frame


table = view.country_table()
contacts, events = view.marks(), view.rows("events")  # one contacts row per exchange
if table.empty and contacts.empty and events.empty:
    widgets.empty("No countries match these filters." if view.filters.active
                  else "No countries have been extracted from these documents yet.")
else:
    deck = widgets.world_map(view, map_style=basemap_style(), selected=view.filters.countries)
    chart, words = st.columns([3, 1], gap="medium")
    with chart:
        state = st.pydeck_chart(deck, on_select=on_pick, selection_mode="single-object",
                                key="map", height=440 if widgets.on_phone() else 560)
    with words:
        st.markdown(legend_html(table), unsafe_allow_html=True)  # our own text only
        st.markdown("**In words.** " + literal(map_summary(table, contacts, events)),
                    unsafe_allow_html=True)
        st.download_button("Download map as PNG", data=lambda: map_png(deck),
                           file_name="readout-map.png", mime="image/png", on_click="ignore",
                           icon=":material/image:", key="map-png")
    arc = selected_arc(state.selection if state else None)
    if arc:
        st.markdown(f"**{literal(arc.get('title'))}**", unsafe_allow_html=True)
        if arc.get("kind") == "contact":
            rows = between(contacts, arc["from"], arc["to"], "countries")
            shown = rows[["date", "channel", "participants", "evidence"]]
        else:
            rows = between(events, arc["from"], arc["to"], "actors", "targets")
            shown = rows[["date", "type", "actors", "targets", "evidence"]]
        st.dataframe(shown, hide_index=True, width="stretch", key="map-arc-rows")
    st.caption(f"{len(table):,} countries · {view.total('exchanges'):,} exchanges in "
               f"{view.total('reports'):,} reports · "
               f"{view.total('events'):,} actions. Country shapes: Natural Earth via world-atlas.")

st.subheader("Countries involved")
shown_table = country_table(table)
if table.empty:
    widgets.empty("No countries match these filters.")
else:
    st.dataframe(shown_table, hide_index=True, width="stretch", key="map-countries",
                 column_config={
                     "involvement": st.column_config.NumberColumn(
                         "involvement", help="The map's shading: mentions + 2 for each contact "
                         "or action the country takes part in."),
                     "ISO3": st.column_config.TextColumn("ISO3", help="ISO 3166 code")})
# the table as it is shown: one row per country, its columns
widgets.download(shown_table, "countries-involved", filtered=view.filters.active,
                 label=f"Download countries CSV ({len(table):,} row"
                       f"{'s' if len(table) != 1 else ''})")
cols = st.columns(2)
with cols[0]:
    widgets.download_all(view, "contacts")
with cols[1]:
    widgets.download_all(view, "events")
