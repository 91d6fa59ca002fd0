"""Turns the map (a built ``pydeck.Deck``) into a PNG image drawn on the server with Pillow:
the same shapes, shading, arcs and labels, its view, a title and the legend, so that a map can
be put in a report (deck.gl draws in the browser, which offers no image of it). No streamlit
and no network: the font is one installed on the server, or Pillow's own."""
from __future__ import annotations

import io
import math

import pydeck as pdk
from PIL import Image, ImageDraw, ImageFont

from dashboard.map_figure import CONTACT_COLOUR, DESKTOP, EVENT_COLOUR, LABEL_TEXT, WORLD_GREY

#: A system font with accents and other scripts when one is installed (DejaVu ships with most
#: Linux systems), else Pillow's own (Latin letters only).
FONTS = ("DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for name in FONTS:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


#: The image's size in pixels and the band under the map for the legend.
SIZE = (1400, 980)
LEGEND_PX = 70


def _layer(deck: pdk.Deck, layer_id: str):
    return next((layer.data for layer in deck.layers if layer.id == layer_id), None)


def _projector(view: pdk.ViewState, width: int, height: int):
    """Longitude/latitude -> image pixels for ``view`` scaled from the page's map to the
    image (Web Mercator, 512-pixel world at zoom 0, as deck.gl)."""
    zoom = float(view.zoom) + math.log2(min(width / DESKTOP[0], height / DESKTOP[1]))
    scale = 512 * 2 ** zoom

    def xy(lon: float, lat: float) -> tuple[float, float]:
        lat = max(-85.0, min(85.0, lat))
        y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
        return (lon + 180) / 360 * scale, (1 - y / math.pi) / 2 * scale

    cx, cy = xy(float(view.longitude), float(view.latitude))

    def project(lon: float, lat: float) -> tuple[float, float]:
        x, y = xy(lon, lat)
        return x - cx + width / 2, y - cy + height / 2

    return project


def _polygons(draw: ImageDraw.ImageDraw, collection, project, fill, outline) -> None:
    for feature in (collection or {}).get("features", []):
        colour = fill(feature)
        for polygon in feature["geometry"]["coordinates"]:
            for n, ring in enumerate(polygon):
                points = [project(lon, lat) for lon, lat in ring]
                if len(points) >= 3:
                    draw.polygon(points, fill=colour if n == 0 else (255, 255, 255),
                                 outline=outline)


def _arc(draw: ImageDraw.ImageDraw, a, b, colour, width: float, bend: float) -> None:
    """A curve from ``a`` to ``b`` bowed to one side by ``bend`` of its length."""
    (x0, y0), (x1, y1) = a, b
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    cx, cy = mx - (y1 - y0) * bend, my + (x1 - x0) * bend
    steps = 24
    points = [((1 - t) ** 2 * x0 + 2 * (1 - t) * t * cx + t * t * x1,
               (1 - t) ** 2 * y0 + 2 * (1 - t) * t * cy + t * t * y1)
              for t in (i / steps for i in range(steps + 1))]
    draw.line(points, fill=tuple(colour), width=max(1, round(width)), joint="curve")


def map_png(deck: pdk.Deck, *, size: tuple[int, int] = SIZE,
            title: str = "Readout: countries involved, contacts and actions") -> bytes:
    """The map of ``deck`` as PNG bytes: grey world, shaded countries, contact arcs (blue,
    bowed one way) and action arcs (red, the other), the labelled countries, a title and a
    legend."""
    width, height = size
    map_h = height - LEGEND_PX
    image = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(image)
    project = _projector(deck.initial_view_state, width, map_h)
    _polygons(draw, _layer(deck, "world"), project, lambda f: tuple(WORLD_GREY), (255, 255, 255))
    _polygons(draw, _layer(deck, "countries"), project,
              lambda f: tuple(f["properties"]["fill"][:3]), (255, 255, 255))
    for layer_id, colour, bend in (("action-arcs", EVENT_COLOUR, -0.2),
                                   ("contact-arcs", CONTACT_COLOUR, 0.2)):
        for arc in _layer(deck, layer_id) or []:
            _arc(draw, project(*arc["source"]), project(*arc["target"]), colour,
                 arc.get("width", 2), bend)
    for point in _layer(deck, "country-points") or []:
        x, y = project(*point["position"])
        draw.ellipse([x - 5, y - 5, x + 5, y + 5], fill=tuple(point["fill"][:3]),
                     outline=(255, 255, 255))
    font = _font(15)
    for label in _layer(deck, "country-labels") or []:
        x, y = project(*label["position"])
        dx, dy = label.get("offset", [0, -14])
        anchor = {"start": "lm", "end": "rm"}.get(label.get("anchor"), "mm")
        at = (x + dx * 1.2, y + dy * 1.2)
        box = draw.textbbox(at, label["text"], font=font, anchor=anchor)
        draw.rectangle([box[0] - 3, box[1] - 1, box[2] + 3, box[3] + 1],
                       fill=(255, 255, 255))
        draw.text(at, label["text"], font=font, fill=tuple(LABEL_TEXT), anchor=anchor)
    # title and legend on white bands
    draw.rectangle([0, 0, width, 34], fill=(255, 255, 255))
    draw.text((14, 8), title, font=_font(18), fill=tuple(LABEL_TEXT))
    draw.rectangle([0, map_h, width, height], fill=(255, 255, 255))
    y = map_h + 22
    draw.line([(14, y), (54, y)], fill=tuple(CONTACT_COLOUR), width=4)
    draw.text((62, y), "contacts between two countries", font=font, fill=tuple(LABEL_TEXT),
              anchor="lm")
    draw.line([(340, y), (380, y)], fill=tuple(EVENT_COLOUR), width=4)
    draw.text((388, y), "actions, actor to target (width: how many)", font=font,
              fill=tuple(LABEL_TEXT), anchor="lm")
    draw.text((14, y + 26), "Shading: involvement (mentions + 2 per contact or action); grey: "
              "not involved. Shapes: Natural Earth via world-atlas.", font=font,
              fill=tuple(LABEL_TEXT), anchor="lm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


__all__ = ["map_png"]
