"""Turns a view's answers into the map: light country shapes shaded by involvement, labels for
the most involved countries (small states included), one arc per pair of countries whose width
says how many contacts (blue) or actions (red) joined them, a view fitted to the countries
involved, its legend and its text summary. No streamlit here, so that every piece is
unit-tested."""
from __future__ import annotations

import json
import math
from collections import defaultdict

import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from analysis.engine.frames import split_list
from analysis.engine.geo import country_points
from dashboard.shapes import WORLD_TOLERANCE, light_shapes

#: Layer ids, stable so that the map's selection survives reruns.
COUNTRY_LAYER = "countries"
POINT_LAYER = "country-points"
LABEL_LAYER = "country-labels"
CONTACT_LAYER = "contact-arcs"
EVENT_LAYER = "action-arcs"
CONTACT_COLOUR = [37, 99, 235]  # blue
EVENT_COLOUR = [220, 38, 38]  # red
#: The grey of the countries not involved, and of the label text (15:1 on white).
WORLD_GREY = [229, 231, 235]
LABEL_TEXT = [17, 24, 39]
#: The shading's two ends (light green to dark teal), for the map and its legend.
SHADE_LOW, SHADE_HIGH = (199, 233, 192), (0, 90, 50)
#: The basemap style when no tile style is configured: a background and no source, served by
#: the dashboard itself (``static/``, ``server.enableStaticServing``), relative to the page so
#: that a deployment under a path prefix finds it too. With no style at all, Streamlit's map
#: would fetch Carto's.
BLANK_STYLE = "app/static/blank-map-style.json"
#: At most this many contacts and this many actions are aggregated into arcs, the latest ones;
#: the shading counts every row.
MAX_MARKERS = 2_000
#: How many countries get a name on the map (the most involved), and how many contacts or
#: actions an arc's tooltip lists.
MAX_LABELS = 24
MAX_LISTED = 5
#: The size the view is fitted to, in pixels: the map's box beside its summary on a desktop,
#: and on a phone.
DESKTOP = (620, 560)
PHONE = (350, 440)


class CompactDeck(pdk.Deck):
    """A ``pydeck.Deck`` whose JSON has no indentation (pydeck indents by two spaces, which
    makes a map with country shapes several times larger on the wire)."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize,
                          separators=(",", ":"))


def latest(frame: pd.DataFrame, limit: int) -> pd.DataFrame:
    """The ``limit`` newest dated rows of ``frame`` (all of it when it is no longer)."""
    dated = frame[frame["date"] != ""]
    if len(dated) <= limit:
        return frame
    return dated.sort_values("date", ascending=False, kind="stable").head(limit)


def shade(score: float, top: float) -> list[int]:
    """A sequential green-to-dark-teal colour for an involvement score (0..top), log scaled so
    that one busy country does not wash out the rest."""
    t = 0.25 + 0.75 * (math.log1p(score) / math.log1p(top) if top > 0 else 1.0)
    return [round(a + (b - a) * t) for a, b in zip(SHADE_LOW, SHADE_HIGH)] + [210]


#: The map's tooltip: every picked object carries these plain-text fields (Streamlit escapes
#: them when it fills the template, so no text from a document can inject HTML); ``what`` may
#: hold one line per contact, kept by ``white-space: pre-line``.
TOOLTIP_FIELDS = ("title", "what", "when", "evidence")
TOOLTIP_HTML = ("<b>{title}</b><div style='white-space:pre-line'>{what}</div>{when}"
                "<div style='max-width:380px;white-space:normal;font-style:italic'>{evidence}</div>")


def _plural(n: int, word: str) -> str:
    many = word[:-1] + "ies" if word.endswith("y") else word + "s"
    return f"{n:,} {word if n == 1 else many}"


def _country_tooltip(item: dict) -> dict[str, str]:
    what = (f"mentioned {_plural(item['mentions'], 'time')} in "
            f"{_plural(item['documents'], 'document')}")
    counts = []
    if item["contacts"]:
        counts.append(_plural(item["contacts"], "contact"))
    if item["actions"]:
        counts.append(_plural(item["actions"], "action"))
    return {"title": str(item["name"]), "what": what, "when": ", ".join(counts),
            "evidence": "Click to filter every page to it."}


def _span(dates: list[str]) -> str:
    known = sorted(d for d in dates if d)
    if not known:
        return "date unknown"
    return known[0] if known[0] == known[-1] else f"{known[0]} to {known[-1]}"


def _listing(lines: list[str], total: int) -> str:
    shown = lines[:MAX_LISTED]
    more = total - len(shown)
    return "\n".join(shown + ([f"and {more:,} more (click the arc for the list)"] if more > 0
                              else []))


def contact_arcs(contacts: pd.DataFrame) -> list[dict]:
    """One arc per pair of countries that took part in a contact together: ``count`` contacts,
    ``width`` in pixels growing with it, and a tooltip listing them (date, channel, participants). A contact of three countries joins its
    first country to each other one."""
    points = country_points()
    pairs: dict[tuple[str, str], list] = defaultdict(list)
    for r in contacts.itertuples(index=False):
        codes = list(dict.fromkeys(c for c in split_list(r.countries) if c in points))
        for code in codes[1:]:
            pairs[tuple(sorted((codes[0], code)))].append(r)
    arcs = []
    for (a, b), rows in pairs.items():
        rows.sort(key=lambda r: r.date or "", reverse=True)
        src, dst = points[a], points[b]
        lines = [f"{r.date or 'undated'} · {r.channel or 'contact'}: "
                 + " – ".join(split_list(r.participants)) for r in rows]
        arcs.append({
            "kind": "contact", "from": a, "to": b, "count": len(rows),
            "width": arc_width(len(rows)),
            "source": [src.lon, src.lat], "target": [dst.lon, dst.lat],
            "title": f"{src.name} ↔ {dst.name}: {_plural(len(rows), 'contact')}",
            "what": _listing(lines, len(rows)), "when": _span([r.date for r in rows]),
            "evidence": str(rows[0].evidence or "") if len(rows) == 1 else "",
        })
    return sorted(arcs, key=lambda x: (-x["count"], x["from"], x["to"]))


def event_arcs(events: pd.DataFrame) -> list[dict]:
    """One arc per (acting country, target country), over every action between them: like
    ``contact_arcs``, directed, each line naming the action's type."""
    points = country_points()
    pairs: dict[tuple[str, str], list] = defaultdict(list)
    for r in events.itertuples(index=False):
        actors = [a for a in dict.fromkeys(split_list(r.actors)) if a in points]
        targets = [t for t in dict.fromkeys(split_list(r.targets)) if t in points]
        for a in actors:
            for t in targets:
                if a != t:
                    pairs[(a, t)].append(r)
    arcs = []
    for (a, t), rows in pairs.items():
        rows.sort(key=lambda r: r.date or "", reverse=True)
        src, dst = points[a], points[t]
        kinds = sorted({r.type or "action" for r in rows})
        lines = [f"{r.date or 'undated'} · {r.type or 'action'}" for r in rows]
        arcs.append({
            "kind": "action", "from": a, "to": t, "count": len(rows),
            "width": arc_width(len(rows)),
            "source": [src.lon, src.lat], "target": [dst.lon, dst.lat],
            "title": f"{src.name} → {dst.name}: {_plural(len(rows), 'action')} "
                     f"({', '.join(kinds)})",
            "what": _listing(lines, len(rows)), "when": _span([r.date for r in rows]),
            "evidence": str(rows[0].evidence or "") if len(rows) == 1 else "",
        })
    return sorted(arcs, key=lambda x: (-x["count"], x["from"], x["to"]))


def arc_width(count: int) -> float:
    """An arc's width in pixels: 3 for one contact, growing with the logarithm of the count
    (so 100 contacts are about four times as wide as one, not a hundred)."""
    return round(3 + 2.2 * math.log2(max(count, 1)), 1)


def _mercator_y(lat: float) -> float:
    lat = max(-85.0, min(85.0, lat))
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def view_for(lonlats: list[tuple[float, float]], *, size: tuple[int, int] = DESKTOP,
             padding: int = 40) -> pdk.ViewState:
    """A Web Mercator view that fits the given points into a box of ``size`` pixels with
    ``padding`` on each side (the whole world when there are no points). deck.gl's world is
    512 pixels wide at zoom 0.

    >>> round(view_for([(50, 25), (52, 26)], size=(350, 440)).zoom, 1) > 5
    True
    """
    width, height = size
    if not lonlats:
        return pdk.ViewState(latitude=25, longitude=20, zoom=max(0.0, math.log2(width / 512)))
    lons = [p[0] for p in lonlats]
    ys = [_mercator_y(p[1]) for p in lonlats]
    dx = max(lons) - min(lons)
    dy = max(ys) - min(ys)
    usable_w, usable_h = max(width - 2 * padding, 64), max(height - 2 * padding, 64)
    zooms = [9.0]
    if dx > 0:
        zooms.append(math.log2(usable_w * 360 / (512 * dx)))
    if dy > 0:
        zooms.append(math.log2(usable_h * 2 * math.pi / (512 * dy)))
    zoom = max(0.0, min(zooms + [5.5]))
    middle = (max(ys) + min(ys)) / 2
    latitude = math.degrees(2 * math.atan(math.exp(middle)) - math.pi / 2)
    return pdk.ViewState(latitude=round(latitude, 4), longitude=round((max(lons) + min(lons)) / 2,
                                                                        4),
                         zoom=round(zoom, 3), pitch=0)


#: Where a label may sit around its country's point, in pixels (above first).
LABEL_SPOTS = ((0, -14), (0, 14), (1, 0), (-1, 0))


def place_labels(ranked: list[tuple[str, str]], *, zoom: float,
                 limit: int = MAX_LABELS) -> list[dict]:
    """Labels for countries in order of importance (ISO3, name), each above, below, right or
    left of its point, wherever it overlaps no label already placed at ``zoom`` (boxes
    estimated at 7 by 16 pixels a character), at most ``limit``; one that fits nowhere is
    left out (it shows on hover, or once zoomed in). ``offset`` is the label's pixel offset
    and ``anchor`` its text anchor."""
    points = country_points()
    scale = 512 * 2 ** zoom / 360
    boxes: list[tuple[float, float, float, float]] = []
    out = []
    for iso3, name in ranked:
        p = points[iso3]
        x, y = p.lon * scale, -_mercator_y(p.lat) * scale * 180 / math.pi
        width = 7 * len(name) + 8
        for dx, dy in LABEL_SPOTS:
            if dx == 0:  # centred above or below
                box = (x - width / 2, y + dy - 8, x + width / 2, y + dy + 8)
                offset, anchor = [0, dy], "middle"
            else:  # beside the point, 8 pixels away
                left = x + 8 if dx > 0 else x - 8 - width
                box = (left, y - 8, left + width, y + 8)
                offset, anchor = [8 * dx, 0], "start" if dx > 0 else "end"
            if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
                       for b in boxes):
                boxes.append(box)
                out.append({"position": [p.lon, p.lat], "text": name, "offset": offset,
                            "anchor": anchor})
                break
        if len(out) >= limit:
            break
    return out


def shape_tolerance(zoom: float) -> float:
    """How far (in degrees) the shapes of the countries involved may stray from the true
    outline at a view's zoom: about two-thirds of a pixel, 0.03, 0.06 or 0.12 degrees (a
    world view needs no more detail than the grey world's; a region more)."""
    degrees_per_pixel = 360 / (512 * 2 ** zoom)
    wanted = max(0.03, min(0.12, 0.7 * degrees_per_pixel))
    # one of three levels, so that the simplified world is computed (and cached) three times
    # at most per process, not once per zoom
    return next(level for level in (0.03, 0.06, 0.12) if level >= wanted - 1e-9)


def focus(table: pd.DataFrame, *, share: float = 0.6, most: int = 8) -> list[str]:
    """The countries the map opens on: all of them when there are ``most`` or fewer (so a
    filtered map shows both ends of its arcs), else the most involved ones that together hold
    ``share`` of the involvement (at most ``most``, at least one)."""
    if table.empty:
        return []
    if len(table) <= most:
        return sorted(str(c) for c in table["iso3"])
    ordered = table.sort_values(["score", "iso3"], ascending=[False, True])
    total, running, out = float(ordered["score"].sum()), 0.0, []
    for iso3, score in zip(ordered["iso3"], ordered["score"]):
        out.append(str(iso3))
        running += float(score)
        if running >= share * total or len(out) >= most:
            break
    return out


def build_map(contacts: pd.DataFrame, events: pd.DataFrame, table: pd.DataFrame, *,
              map_style: str | None = None, selected: tuple[str, ...] = (),
              size: tuple[int, int] = DESKTOP) -> pdk.Deck:
    """Build the map: every country in light grey, those of ``table`` (the view's countries
    involved: iso3, name, mentions, documents, contacts, actions, score) shaded by their score
    and drawn as points, the ``MAX_LABELS`` most involved named, one arc per pair of countries
    over the latest ``MAX_MARKERS`` contacts (blue, above) and actions (red, below), the view
    fitted to the most involved countries (``focus``) for a map of ``size`` pixels.
    ``map_style`` names a tile style; None draws the shapes on a blank background that asks
    nothing of the network."""
    points = country_points()
    items = {r["iso3"]: r for r in table.to_dict("records")}
    top = float(table["score"].max()) if len(table) else 0.0

    wanted = [c for c in focus(table) if c in points]
    view = view_for([(points[c].lon, points[c].lat) for c in wanted], size=size)
    shapes = light_shapes(shape_tolerance(view.zoom), only=set(items))
    for feature in shapes["features"]:
        item = items[feature["properties"]["iso3"]]
        feature["properties"]["fill"] = shade(item["score"], top)
        feature["properties"]["line"] = ([17, 24, 39, 255] if item["iso3"] in selected
                                         else [255, 255, 255, 255])
        feature["properties"].update(_country_tooltip(item))
    point_rows = [{"iso3": iso3, "position": [points[iso3].lon, points[iso3].lat],
                   "fill": shade(items[iso3]["score"], top)[:3] + [255],
                   **_country_tooltip(items[iso3])}
                  for iso3 in items if iso3 in points]
    ranked = table.sort_values(["score", "iso3"], ascending=[False, True])["iso3"]
    labels = place_labels([(c, str(items[c]["name"])) for c in ranked if c in points],
                          zoom=view.zoom)
    contacts = contact_arcs(latest(contacts, MAX_MARKERS))
    actions = event_arcs(latest(events, MAX_MARKERS))

    layers = []
    if map_style is None:  # the countries not involved, in grey, on the blank basemap
        world = light_shapes(WORLD_TOLERANCE, leave_out=set(items))
        layers.append(pdk.Layer("GeoJsonLayer", world, id="world", stroked=True, filled=True,
                                get_fill_color=WORLD_GREY + [255],
                                get_line_color=[255, 255, 255, 255],
                                line_width_min_pixels=0.5, pickable=False))
    # pydeck reads a bare string property as an accessor expression ("@@=pixels"); a string in
    # quotes ('"pixels"') is passed as the string itself
    layers += [
        pdk.Layer("GeoJsonLayer", shapes, id=COUNTRY_LAYER, stroked=True, filled=True,
                  get_fill_color="properties.fill", get_line_color="properties.line",
                  line_width_min_pixels=1, pickable=True, auto_highlight=True),
        pdk.Layer("ArcLayer", actions, id=EVENT_LAYER, get_source_position="source",
                  get_target_position="target", get_source_color=EVENT_COLOUR + [230],
                  get_target_color=[249, 115, 22, 230], get_width="width", get_height=0.15,
                  get_tilt=-90, width_units='"pixels"', pickable=True, auto_highlight=True),
        pdk.Layer("ArcLayer", contacts, id=CONTACT_LAYER, get_source_position="source",
                  get_target_position="target", get_source_color=CONTACT_COLOUR + [230],
                  get_target_color=[6, 182, 212, 230], get_width="width", get_height=0.25,
                  get_tilt=90, width_units='"pixels"', pickable=True, auto_highlight=True),
        pdk.Layer("ScatterplotLayer", point_rows, id=POINT_LAYER, get_position="position",
                  get_fill_color="fill", get_line_color=[255, 255, 255], stroked=True,
                  line_width_min_pixels=1, radius_min_pixels=4, radius_max_pixels=9,
                  get_radius=30000, pickable=True, auto_highlight=True),
        # names drawn by the browser from its own fonts (a canvas atlas: nothing fetched)
        pdk.Layer("TextLayer", labels, id=LABEL_LAYER, get_position="position",
                  get_text="text", get_size=12, size_units='"pixels"',
                  get_color=LABEL_TEXT + [255],
                  get_pixel_offset="offset", get_text_anchor="anchor", background=True,
                  get_background_color=[255, 255, 255, 215], background_padding=[3, 1],
                  character_set='"auto"', font_family='"sans-serif"', pickable=False),
    ]
    return CompactDeck(layers=layers, initial_view_state=view,
                       map_style=map_style or BLANK_STYLE,
                       map_provider="carto" if map_style else None,
                       tooltip={"html": TOOLTIP_HTML,
                                "style": {"fontSize": "12px", "maxWidth": "420px",
                                          "backgroundColor": "#111827", "color": "#ffffff"}})


def legend_html(table: pd.DataFrame) -> str:
    """The map's legend as HTML (our own text only): the shading from least to most involved,
    what the blue and red arcs are and what their width says."""
    top = float(table["score"].max()) if len(table) else 0.0
    steps = [shade(top * f, top) for f in (0.0, 0.25, 0.5, 0.75, 1.0)] if top else []
    ramp = "".join(f"<span style='display:inline-block;width:18px;height:12px;"
                   f"background:rgb({c[0]},{c[1]},{c[2]})'></span>" for c in steps)

    def line(colour: list[int], width: int) -> str:
        return (f"<span style='display:inline-block;width:26px;height:{width}px;"
                f"vertical-align:middle;background:rgb({colour[0]},{colour[1]},{colour[2]})'>"
                "</span>")

    return ("<div style='font-size:0.85rem;line-height:1.7;color:#1f2937'>"
            f"<b>Shading</b>: involvement (mentions + 2 per contact or action)<br>"
            f"fewer <span style='white-space:nowrap'>{ramp}</span> more; grey: none<br>"
            f"{line(CONTACT_COLOUR, 3)} <b>contacts</b> between two countries<br>"
            f"{line(EVENT_COLOUR, 3)} <b>actions</b> (strikes, sanctions...), actor to "
            f"target<br>Width: how many, {line([75, 85, 99], 2)} one to "
            f"{line([75, 85, 99], 8)} ten or more</div>")


def _names(table: pd.DataFrame) -> dict[str, str]:
    return dict(zip(table["iso3"], table["name"]))


def map_summary(table: pd.DataFrame, contacts: pd.DataFrame, events: pd.DataFrame) -> str:
    """The map in words (its text alternative, in Markdown with our own words and the
    gazetteer's names only): how many countries, the most involved, the busiest pairs of
    contacts and of actions."""
    if table.empty:
        return "No country is involved."
    top = table.sort_values(["score", "iso3"], ascending=[False, True]).head(5)
    parts = [f"{_plural(len(table), 'country')} involved"
             + ("." if len(table) < 2 else "; the most: "
                + "; ".join(f"{r.name} ({_plural(int(r.mentions), 'mention')}, "
                            f"{_plural(int(r.contacts), 'contact')}, "
                            f"{_plural(int(r.actions), 'action')})"
                            for r in top.itertuples(index=False)) + ".")]
    pairs = contact_arcs(latest(contacts, MAX_MARKERS))
    if pairs:
        parts.append("Most contacts: " + "; ".join(
            f"{a['title'].rsplit(':', 1)[0]} ({a['count']:,})" for a in pairs[:4]) + ".")
    acts = event_arcs(latest(events, MAX_MARKERS))
    if acts:
        parts.append("Actions: " + "; ".join(
            f"{a['title'].rsplit(':', 1)[0]} ({a['count']:,})" for a in acts[:4]) + ".")
    return " ".join(parts)


def country_table(table: pd.DataFrame) -> pd.DataFrame:
    """The map's table as shown and downloaded: the country's name first, its counts, and
    ``involvement`` (the shading's figure: mentions + 2 per contact or action); the ISO3 code
    last, for scripts."""
    out = table.rename(columns={"name": "country", "score": "involvement",
                                "iso3": "ISO3"})
    return out[["country", "mentions", "documents", "contacts", "actions", "involvement",
                "ISO3"]]


def selected_arc(selection: dict | None) -> dict | None:
    """The contact or action arc picked on the map (its fields), or None."""
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

