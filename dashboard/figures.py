"""Turns a view's answers into figures: the pydeck map (country shapes shaded by involvement,
contact and action arcs) and the plotly timeline (contacts and actions by date, one lane per
actor or country, counts per day). No streamlit here, so that every figure is unit-tested."""
from __future__ import annotations

import html
import json
import math
import textwrap
from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
from plotly.subplots import make_subplots

from pydeck.bindings.json_tools import default_serialize

from analysis.engine.frames import split_list
from analysis.engine.geo import country_points, shapes_for, world_outline

#: Layer ids, stable so that the map's selection survives reruns.
COUNTRY_LAYER = "countries"
POINT_LAYER = "country-points"
CONTACT_LAYER = "contact-arcs"
EVENT_LAYER = "action-arcs"
CONTACT_COLOUR = [37, 99, 235]  # blue
EVENT_COLOUR = [220, 38, 38]  # red
#: Marker symbol per contact channel on the timeline.
CHANNEL_SYMBOLS = {"phone": "circle", "meeting": "square", "video": "diamond",
                   "letter": "triangle-up", "visit": "star", "other": "x"}
EVENT_SYMBOLS = ["triangle-down", "x", "cross", "hexagon", "pentagon", "bowtie"]
#: The basemap style when no tile style is configured: a background and no source, served by
#: the dashboard itself (``static/``, ``server.enableStaticServing``), relative to the page so
#: that a deployment under a path prefix finds it too. With no style at all, Streamlit's map
#: would fetch Carto's.
BLANK_STYLE = "app/static/blank-map-style.json"


class CompactDeck(pdk.Deck):
    """A ``pydeck.Deck`` whose JSON has no indentation (pydeck indents by two spaces, which
    makes a map with country shapes several times larger on the wire)."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize,
                          separators=(",", ":"))


def _esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=False)


def _wrap(text: str, width: int = 80) -> str:
    return "<br>".join(_esc(line) for line in textwrap.wrap(str(text or ""), width)[:6])


#: At most this many contacts and this many actions are drawn as markers, the latest ones; the
#: counts per day cover every row. Tens of thousands of markers cannot be read, and each costs
#: the server hover text, lanes and JSON (about 1.4 ms) and the browser more.
MAX_MARKERS = 2_000


def _latest(frame: pd.DataFrame, limit: int) -> pd.DataFrame:
    dated = frame[frame["date"] != ""]
    if len(dated) <= limit:
        return frame
    return dated.sort_values("date", ascending=False, kind="stable").head(limit)


# --- map ---------------------------------------------------------------------------------------

def _shade(score: float, top: float) -> list[int]:
    """A sequential green-to-dark-teal colour for an involvement score (0..top)."""
    t = 0.25 + 0.75 * (math.log1p(score) / math.log1p(top) if top > 0 else 1.0)
    low, high = (199, 233, 192), (0, 90, 50)
    return [round(a + (b - a) * t) for a, b in zip(low, high)] + [210]


#: The map's tooltip: every picked object carries these plain-text fields (Streamlit escapes
#: them when it fills the template, so no text from a document can inject HTML).
TOOLTIP_FIELDS = ("title", "what", "when", "evidence")
TOOLTIP_HTML = ("<b>{title}</b><br/>{what}<br/>{when}"
                "<div style='max-width:380px;white-space:normal;font-style:italic'>{evidence}</div>")


def _country_tooltip(item: dict) -> dict[str, str]:
    what = f"mentioned {item['mentions']} time(s) in {item['documents']} document(s)"
    counts = []
    if item["contacts"]:
        counts.append(f"{item['contacts']} contact(s)")
    if item["actions"]:
        counts.append(f"{item['actions']} action(s)")
    return {"title": f"{item['name']} ({item['iso3']})", "what": what,
            "when": ", ".join(counts), "evidence": "Click to filter every page to it."}


def contact_arcs(contacts: pd.DataFrame) -> list[dict]:
    """One arc per contact from its first country to each other country, with a tooltip
    saying who, what (the channel), when and the evidence sentence."""
    points = country_points()
    arcs = []
    for r in contacts.itertuples(index=False):
        codes = split_list(r.countries)
        if len(codes) < 2 or codes[0] not in points:
            continue
        src = points[codes[0]]
        for code in codes[1:]:
            if code == codes[0] or code not in points:
                continue
            dst = points[code]
            who = " – ".join(split_list(r.participants)) or str(r.countries)
            arcs.append({
                "kind": "contact", "id": r.contact_id, "from": src.iso3, "to": dst.iso3,
                "source": [src.lon, src.lat], "target": [dst.lon, dst.lat],
                "title": who, "what": f"{r.channel or 'contact'}: {src.name} → {dst.name}",
                "when": f"{r.date or 'date unknown'}"
                        + (f" ({r.date_text})" if getattr(r, "date_text", "") else ""),
                "evidence": str(r.evidence or ""),
            })
    return arcs


def event_arcs(events: pd.DataFrame) -> list[dict]:
    """One arc per (actor, target) pair of each action, with a tooltip saying who did what to
    whom, when, and the evidence sentence."""
    points = country_points()
    arcs = []
    for r in events.itertuples(index=False):
        actors = [a for a in split_list(r.actors) if a in points]
        targets = [t for t in split_list(r.targets) if t in points]
        for a in actors:
            for t in targets:
                if a == t:
                    continue
                src, dst = points[a], points[t]
                arcs.append({
                    "kind": "action", "id": r.event_id, "from": a, "to": t,
                    "source": [src.lon, src.lat], "target": [dst.lon, dst.lat],
                    "title": f"{r.type or 'action'}: {src.name} → {dst.name}",
                    "what": f"by {', '.join(split_list(r.actors))} against "
                            f"{', '.join(split_list(r.targets))}",
                    "when": f"{r.date or 'date unknown'}"
                            + (f" ({r.date_text})" if getattr(r, "date_text", "") else ""),
                    "evidence": str(r.evidence or ""),
                })
    return arcs


def view_for(lonlats: list[tuple[float, float]]) -> pdk.ViewState:
    """A view that frames the given points (the whole world when there are none)."""
    if not lonlats:
        return pdk.ViewState(latitude=25, longitude=20, zoom=0.8)
    lons = [p[0] for p in lonlats]
    lats = [p[1] for p in lonlats]
    span = max(max(lons) - min(lons), (max(lats) - min(lats)) * 1.6, 8)
    zoom = max(0.6, min(5.0, math.log2(360 / span) - 0.1))
    return pdk.ViewState(latitude=(min(lats) + max(lats)) / 2,
                         longitude=(min(lons) + max(lons)) / 2, zoom=zoom, pitch=0)


def build_map(contacts: pd.DataFrame, events: pd.DataFrame, table: pd.DataFrame, *,
              map_style: str | None = None, selected: tuple[str, ...] = ()) -> pdk.Deck:
    """Build the map: all countries in light grey, those of ``table`` (the view's countries
    involved: iso3, name, mentions, documents, contacts, actions, score) shaded by their score
    (and drawn as points, so that a small state such as Bahrain shows), arcs for the latest
    ``MAX_MARKERS`` of ``contacts`` (blue) and ``events`` (red). ``map_style`` names a tile
    style; None draws the shapes on a blank background that asks nothing of the network."""
    points = country_points()
    items = {r["iso3"]: r for r in table.to_dict("records")}
    top = float(table["score"].max()) if len(table) else 0.0

    shapes = shapes_for(set(items))
    for feature in shapes["features"]:
        item = items[feature["properties"]["iso3"]]
        feature["properties"]["fill"] = _shade(item["score"], top)
        feature["properties"]["line"] = ([17, 24, 39, 255] if item["iso3"] in selected
                                         else [255, 255, 255, 255])
        feature["properties"].update(_country_tooltip(item))
    point_rows = [{"iso3": iso3, "position": [points[iso3].lon, points[iso3].lat],
                   "fill": _shade(items[iso3]["score"], top)[:3] + [255],
                   **_country_tooltip(items[iso3])}
                  for iso3 in items if iso3 in points]
    # arcs for the latest MAX_MARKERS contacts and actions (the shading counts them all)
    contacts = contact_arcs(_latest(contacts, MAX_MARKERS))
    actions = event_arcs(_latest(events, MAX_MARKERS))

    layers = []
    if map_style is None:  # the countries not involved, in grey, on the blank basemap
        world = world_outline()
        layers.append(pdk.Layer("GeoJsonLayer", world, id="world", stroked=True, filled=True,
                                get_fill_color=[229, 231, 235, 255],
                                get_line_color=[255, 255, 255, 255],
                                line_width_min_pixels=0.5, pickable=False))
    layers += [
        pdk.Layer("GeoJsonLayer", shapes, id=COUNTRY_LAYER, stroked=True, filled=True,
                  get_fill_color="properties.fill", get_line_color="properties.line",
                  line_width_min_pixels=1, pickable=True, auto_highlight=True),
        pdk.Layer("ArcLayer", actions, id=EVENT_LAYER, get_source_position="source",
                  get_target_position="target", get_source_color=EVENT_COLOUR + [230],
                  get_target_color=[249, 115, 22, 230], get_width=4, get_height=0.3,
                  get_tilt=-90, width_min_pixels=2, pickable=True, auto_highlight=True),
        pdk.Layer("ArcLayer", contacts, id=CONTACT_LAYER, get_source_position="source",
                  get_target_position="target", get_source_color=CONTACT_COLOUR + [230],
                  get_target_color=[6, 182, 212, 230], get_width=4, get_height=0.5,
                  get_tilt=90, width_min_pixels=2, pickable=True, auto_highlight=True),
        pdk.Layer("ScatterplotLayer", point_rows, id=POINT_LAYER, get_position="position",
                  get_fill_color="fill", get_line_color=[255, 255, 255], stroked=True,
                  line_width_min_pixels=1, radius_min_pixels=4, radius_max_pixels=9,
                  get_radius=30000, pickable=True, auto_highlight=True),
    ]
    lonlats = [tuple(p["position"]) for p in point_rows]
    return CompactDeck(layers=layers, initial_view_state=view_for(lonlats),
                       map_style=map_style or BLANK_STYLE,
                       map_provider="carto" if map_style else None,
                       tooltip={"html": TOOLTIP_HTML,
                                "style": {"fontSize": "12px", "maxWidth": "420px"}})


def selected_arc(selection: dict | None) -> dict | None:
    """The contact or action arc picked on the map (its tooltip fields), or None."""
    objects = (selection or {}).get("objects") or {}
    for layer in (CONTACT_LAYER, EVENT_LAYER):
        for obj in objects.get(layer) or []:
            return obj
    return None


def selected_country(selection: dict | None) -> str | None:
    """The ISO3 code of the country picked on the map, from a pydeck selection state."""
    objects = (selection or {}).get("objects") or {}
    for layer in (COUNTRY_LAYER, POINT_LAYER):
        for obj in objects.get(layer) or []:
            iso3 = (obj.get("properties") or {}).get("iso3") or obj.get("iso3")
            if iso3:
                return str(iso3)
    return None


# --- timeline ----------------------------------------------------------------------------------

def _contact_points(contacts: pd.DataFrame, lanes: str) -> pd.DataFrame:
    """One row per (contact, lane): lanes are the participants or their countries' names."""
    points = country_points()
    rows = []
    for r in contacts.itertuples(index=False):
        if not r.date:
            continue
        people = split_list(r.participants)
        codes = split_list(r.countries)
        if lanes == "countries":
            labels = [points[c].name if c in points else c for c in codes] or people
        else:
            labels = people or [points[c].name if c in points else c for c in codes]
        hover = (f"<b>{_esc(r.channel)}</b> {_esc(r.date)}"
                 f"{(' (' + _esc(r.date_text) + ')') if getattr(r, 'date_text', '') else ''}<br>"
                 f"{' – '.join(_esc(p) for p in people)}<br><i>{_wrap(r.evidence)}</i>")
        for label in dict.fromkeys(labels):
            rows.append({"date": r.date[:10], "lane": label, "channel": r.channel or "other",
                         "id": r.contact_id, "hover": hover})
    return pd.DataFrame(rows, columns=["date", "lane", "channel", "id", "hover"])


def _event_points(events: pd.DataFrame) -> pd.DataFrame:
    """One row per (action, acting country or actor)."""
    points = country_points()
    rows = []
    for r in events.itertuples(index=False):
        if not r.date:
            continue
        actors = split_list(r.actors) or ["(unknown)"]
        targets = ", ".join(points[t].name if t in points else t for t in split_list(r.targets))
        hover = (f"<b>{_esc(r.type)}</b> {_esc(r.date)}<br>"
                 f"{_esc(', '.join(points[a].name if a in points else a for a in actors))}"
                 f" → {_esc(targets or '?')}<br><i>{_wrap(r.evidence)}</i>")
        for a in dict.fromkeys(actors):
            rows.append({"date": r.date[:10], "lane": points[a].name if a in points else a,
                         "type": r.type or "action", "id": r.event_id, "hover": hover})
    return pd.DataFrame(rows, columns=["date", "lane", "type", "id", "hover"])


def build_timeline(contacts: pd.DataFrame, events: pd.DataFrame,
                   per_day: dict[str, pd.Series], *, lanes: str = "actors") -> go.Figure:
    """Build the timeline: contacts (one lane per actor or country, a marker per channel,
    joined by a line per contact), actions (one lane per acting country), and counts per day
    (``per_day``: "contacts" and "actions", ISO date -> count, over every matching row, where
    ``contacts`` and ``events`` may be the newest of more). Each marker's ``customdata`` is
    ("contact" or "action", row id); hovering shows the evidence sentence. Rows with an unknown
    date are left out. Over ``MAX_MARKERS`` dated contacts (or actions), the latest ones are
    drawn and the figure's title says so."""
    contacts, events = _latest(contacts, MAX_MARKERS), _latest(events, MAX_MARKERS)
    cp = _contact_points(contacts, lanes)
    ep = _event_points(events)
    # one row per kind that has dated rows, then the counts per day
    rows = [name for name, pts in (("Contacts", cp), ("Actions", ep)) if len(pts)]
    titles = rows + ["Per day"]
    heights = [max(len(cp["lane"].unique()), 1) if r == "Contacts"
               else max(len(ep["lane"].unique()), 1) * 0.8 for r in rows] + [2.2]
    fig = make_subplots(rows=len(titles), cols=1, shared_xaxes=True, vertical_spacing=0.12,
                        row_heights=heights, subplot_titles=titles)
    row_of = {name: i + 1 for i, name in enumerate(titles)}
    if "Contacts" in row_of:
        # a thin line joins the lanes of one contact on its date
        xs, ys = [], []
        for _, group in cp.groupby("id", sort=False):
            if len(group) > 1:
                xs += list(group["date"]) + [None]
                ys += list(group["lane"]) + [None]
        if xs:
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip",
                                     showlegend=False, name="links",
                                     line={"color": "rgba(37,99,235,0.35)", "width": 2}),
                          row=row_of["Contacts"], col=1)
        for channel, group in cp.groupby("channel", sort=True):
            fig.add_trace(go.Scatter(
                x=group["date"], y=group["lane"], mode="markers", name=f"contact: {channel}",
                marker={"symbol": CHANNEL_SYMBOLS.get(channel, "circle"), "size": 13,
                        "color": "rgb(37,99,235)", "line": {"width": 1, "color": "white"}},
                customdata=[["contact", i] for i in group["id"]], hovertext=group["hover"],
                hovertemplate="%{hovertext}<extra></extra>", legendgroup="contacts"),
                row=row_of["Contacts"], col=1)
        fig.update_yaxes(type="category", automargin=True, row=row_of["Contacts"], col=1)
    if "Actions" in row_of:
        for n, (kind, group) in enumerate(ep.groupby("type", sort=True)):
            fig.add_trace(go.Scatter(
                x=group["date"], y=group["lane"], mode="markers", name=f"action: {kind}",
                marker={"symbol": EVENT_SYMBOLS[n % len(EVENT_SYMBOLS)], "size": 13,
                        "color": "rgb(220,38,38)", "line": {"width": 1, "color": "white"}},
                customdata=[["action", i] for i in group["id"]], hovertext=group["hover"],
                hovertemplate="%{hovertext}<extra></extra>", legendgroup="actions"),
                row=row_of["Actions"], col=1)
        fig.update_yaxes(type="category", automargin=True, row=row_of["Actions"], col=1)
    for label, counts in per_day.items():
        if len(counts):
            counts = counts.sort_index()
            fig.add_trace(go.Bar(x=list(counts.index), y=list(counts.values),
                                 name=f"{label} per day", width=0.4 * 86_400_000,
                                 marker_color="rgb(37,99,235)" if label == "contacts"
                                 else "rgb(220,38,38)",
                                 hovertemplate="%{x}: %{y} " + label + "<extra></extra>"),
                          row=row_of["Per day"], col=1)
    all_dates = sorted(set(cp["date"]) | set(ep["date"]) | set(per_day["contacts"].index)
                       | set(per_day["actions"].index))
    if all_dates:
        first, last = date.fromisoformat(all_dates[0]), date.fromisoformat(all_dates[-1])
        # a day of margin each side, within the calendar (0001-01-01 and 9999-12-31 are dates)
        lo = first - timedelta(days=1) if first > date.min else first
        hi = last + timedelta(days=1) if last < date.max else last
        fig.update_xaxes(type="date", range=[lo.isoformat(), hi.isoformat()],
                         dtick=86400000 if (hi - lo).days <= 21 else None,
                         tickformat="%d %b %Y", showgrid=True)
        # dates under the last row only: the rows share the axis and its grid lines
        fig.update_xaxes(showticklabels=True, row=len(titles), col=1)
    fig.update_yaxes(title_text="count", rangemode="tozero", row=row_of["Per day"], col=1)
    lanes_total = len(cp["lane"].unique()) + len(ep["lane"].unique())
    fig.update_layout(height=max(380, 230 + 34 * lanes_total), barmode="stack",
                      margin={"l": 10, "r": 10, "t": 40, "b": 10}, clickmode="event+select",
                      dragmode="select", hoverlabel={"align": "left"},
                      legend={"orientation": "h", "y": -0.12})
    dated = {"contacts": int(per_day["contacts"].sum()), "actions": int(per_day["actions"].sum())}
    capped = [f"the latest {len(drawn):,} of {dated[label]:,} dated {label}"
              for label, drawn in (("contacts", contacts), ("actions", events))
              if len(drawn[drawn["date"] != ""]) < dated[label]]
    if capped:
        fig.update_layout(title={"text": "Markers for " + " and ".join(capped) + " (narrow the "
                                 "filters to see the others); the counts per day cover all.",
                                 "font": {"size": 13}}, margin={"t": 70})
    return fig


def selected_ids(selection: dict | None) -> dict[str, list[str]]:
    """The contact and action ids picked on the timeline, from a plotly selection state."""
    out: dict[str, list[str]] = {"contact": [], "action": []}
    for point in (selection or {}).get("points") or []:
        data = point.get("customdata")
        if isinstance(data, (list, tuple)) and len(data) == 2 and data[0] in out:
            if data[1] not in out[data[0]]:
                out[data[0]].append(str(data[1]))
    return out
