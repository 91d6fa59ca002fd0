"""Turns the shipped country shapes into light GeoJSON for the map: outlines simplified with
Douglas-Peucker to a tolerance in degrees, coordinates rounded to what the tolerance can show,
and islands too small to see at that scale dropped (a country always keeps its largest part, so
that a small state such as Bahrain still has a shape). The world at 50m resolution is about
1.4 MB of JSON; the map sends this lighter copy on every visit. Pure Python, no streamlit."""
from __future__ import annotations

import json
from functools import lru_cache

from analysis.engine.geo import world_shapes

#: The tolerance of the grey world behind everything, in degrees (the countries involved get
#: a finer one, chosen by the map for its zoom).
WORLD_TOLERANCE = 0.25


def _perpendicular(p: list[float], a: list[float], b: list[float]) -> float:
    """Distance in degrees from point ``p`` to the segment ``a``-``b``."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    if dx == 0 and dy == 0:
        return abs(p[0] - a[0]) + abs(p[1] - a[1])
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)))
    return ((p[0] - a[0] - t * dx) ** 2 + (p[1] - a[1] - t * dy) ** 2) ** 0.5


def simplify_ring(ring: list[list[float]], tolerance: float) -> list[list[float]]:
    """A closed ring with only the points Douglas-Peucker keeps at ``tolerance`` degrees
    (an iterative stack, so a long coastline cannot overflow the recursion limit); an empty
    list when fewer than four points (a triangle) are left.

    >>> simplify_ring([[0, 0], [1, 0.001], [2, 0], [2, 2], [0, 2], [0, 0]], 0.01)
    [[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]
    """
    if len(ring) < 4:
        return []
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    # split a closed ring at its farthest point from the start, so both halves have two ends
    far = max(range(len(ring)), key=lambda i: abs(ring[i][0] - ring[0][0])
              + abs(ring[i][1] - ring[0][1]))
    keep[far] = True
    stack = [(0, far), (far, len(ring) - 1)]
    while stack:
        lo, hi = stack.pop()
        best, index = 0.0, -1
        for i in range(lo + 1, hi):
            d = _perpendicular(ring[i], ring[lo], ring[hi])
            if d > best:
                best, index = d, i
        if index >= 0 and best > tolerance:
            keep[index] = True
            stack += [(lo, index), (index, hi)]
    out = [p for p, k in zip(ring, keep) if k]
    return out if len(out) >= 4 else []


def ring_area(ring: list[list[float]]) -> float:
    """The area of a ring in square degrees (the shoelace formula, unsigned)."""
    return abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:]))) / 2


def _digits(tolerance: float) -> int:
    """Decimal places that still show a step of ``tolerance`` degrees (at least one)."""
    digits = 1
    while 10 ** -digits > tolerance / 2 and digits < 4:
        digits += 1
    return digits


def light_feature(feature: dict, tolerance: float) -> dict | None:
    """One country's feature, simplified (``simplify_ring``), its parts smaller than a
    tolerance-sized square dropped except the largest, coordinates rounded; None when nothing
    is left."""
    digits = _digits(tolerance)
    parts = []
    for polygon in feature["geometry"]["coordinates"]:
        if not polygon:
            continue
        outer = polygon[0]
        parts.append((ring_area(outer), polygon))
    if not parts:
        return None
    largest = max(area for area, _ in parts)
    polygons = []
    for area, polygon in parts:
        if area < (4 * tolerance) ** 2 and area < largest:
            continue  # an islet invisible at this scale
        rings = []
        for n, ring in enumerate(polygon):
            small = simplify_ring(ring, tolerance)
            if not small and n == 0 and area == largest:
                small = ring  # too small to simplify: a small state keeps its shape
            if small:
                rings.append([[round(x, digits), round(y, digits)] for x, y in small])
            elif n == 0:
                break
        if rings:
            polygons.append(rings)
    if not polygons:
        return None
    props = feature["properties"]
    return {"type": "Feature", "properties": {"iso3": props.get("iso3", ""),
                                              "name": props.get("name", "")},
            "geometry": {"type": "MultiPolygon", "coordinates": polygons}}


@lru_cache(maxsize=4)
def _light_world(tolerance: float) -> str:
    features = [light_feature(f, tolerance) for f in world_shapes()["features"]]
    return json.dumps([f for f in features if f is not None], separators=(",", ":"))


def light_shapes(tolerance: float, *, only: set[str] | None = None,
                 leave_out: set[str] | None = None) -> dict:
    """A FeatureCollection of the world's countries simplified to ``tolerance`` degrees (a
    fresh copy), narrowed to the ISO3 codes in ``only`` and without those in ``leave_out``;
    properties ``iso3`` and ``name``.

    >>> len(light_shapes(0.25, only={"BHR"})["features"])
    1
    """
    features = json.loads(_light_world(float(tolerance)))
    features = [f for f in features
                if (only is None or f["properties"]["iso3"] in only)
                and not (leave_out and f["properties"]["iso3"] in leave_out)]
    return {"type": "FeatureCollection", "features": features}


__all__ = ["WORLD_TOLERANCE", "light_feature", "light_shapes",
           "ring_area", "simplify_ring"]
