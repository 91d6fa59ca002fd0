"""The dashboard's figures, one module each: the map (``dashboard.map_figure``: pydeck) and the
timeline (``dashboard.timeline_figure``: plotly), with their legends and text summaries. No
streamlit here, so that every figure is unit-tested; pages import from this module."""
from __future__ import annotations

from dashboard.map_figure import (BLANK_STYLE, CONTACT_COLOUR, CONTACT_LAYER, COUNTRY_LAYER,
                                  DESKTOP, EVENT_COLOUR, EVENT_LAYER, LABEL_LAYER, MAX_MARKERS,
                                  PHONE, POINT_LAYER, TOOLTIP_FIELDS, TOOLTIP_HTML, CompactDeck,
                                  build_map, contact_arcs, country_table, event_arcs, focus,
                                  legend_html, map_summary, selected_arc, selected_country,
                                  view_for)
from dashboard.timeline_figure import (CHANNEL_SYMBOLS, DEFAULT_LANES, EVENT_SYMBOLS,
                                       build_timeline, bucket_counts, bucket_size,
                                       lane_order, selected_ids, timeline_summary)

__all__ = ["BLANK_STYLE", "CHANNEL_SYMBOLS", "CONTACT_COLOUR", "CONTACT_LAYER", "COUNTRY_LAYER",
           "CompactDeck", "DEFAULT_LANES", "DESKTOP", "EVENT_COLOUR", "EVENT_LAYER",
           "EVENT_SYMBOLS", "LABEL_LAYER", "MAX_MARKERS", "PHONE", "POINT_LAYER",
           "TOOLTIP_FIELDS", "TOOLTIP_HTML", "bucket_counts", "bucket_size", "build_map",
           "build_timeline", "contact_arcs", "country_table", "event_arcs", "focus",
           "lane_order", "legend_html", "map_summary", "selected_arc", "selected_country",
           "selected_ids", "timeline_summary", "view_for"]
