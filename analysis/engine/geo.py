"""Turns the shipped country data into map inputs: country shapes (GeoJSON) and one point per country.

Pure Python, no streamlit and no network: the shapes are ``analysis/engine/data/world.geojson``
(built from the npm package world-atlas by ``scripts/build_world_geojson.py``); points come from
``analysis/engine/data/countries.csv`` (iso3, name, lat, lon) when it is there, else from the label
point of each shape.
"""
from __future__ import annotations

import copy
import csv
import json
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from analysis.engine.gazetteer import countries

DATA = Path(__file__).resolve().parent / "data"
SHAPES_PATH = DATA / "world.geojson"
POINTS_PATH = DATA / "countries.csv"


class CountryPoint(NamedTuple):
    """Where to draw a country as a point (its capital or the middle of its largest part)."""

    iso3: str
    name: str
    lat: float
    lon: float


@lru_cache(maxsize=4)
def _load_shapes(path: str) -> dict:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def world_shapes(*, path: Path = SHAPES_PATH) -> dict:
    """Return the world's country shapes as a GeoJSON FeatureCollection (a fresh copy).

    Every feature's properties carry ``iso3`` ("" for the few places with no ISO code),
    ``name``, ``lat`` and ``lon``. A missing file gives an empty FeatureCollection.

    >>> any(f["properties"]["iso3"] == "BHR" for f in world_shapes()["features"])
    True
    """
    if not path.exists():
        return {"type": "FeatureCollection", "features": []}
    return copy.deepcopy(_load_shapes(str(path)))


def shapes_for(iso3s: set[str] | list[str], *, path: Path = SHAPES_PATH) -> dict:
    """Return a FeatureCollection of the shapes of the given ISO3 codes (unknown codes skipped)."""
    wanted = set(iso3s)
    shapes = _load_shapes(str(path)) if path.exists() else {"features": []}
    return {"type": "FeatureCollection",
            "features": [copy.deepcopy(f) for f in shapes["features"]
                         if f["properties"].get("iso3") in wanted]}


@lru_cache(maxsize=4)
def _points(shapes_path: str, points_path: str, points_mtime: float) -> dict[str, CountryPoint]:
    points: dict[str, CountryPoint] = {}
    if Path(shapes_path).exists():
        for feature in _load_shapes(shapes_path)["features"]:
            p = feature["properties"]
            if p.get("iso3"):
                points[p["iso3"]] = CountryPoint(p["iso3"], p["name"], float(p["lat"]),
                                                 float(p["lon"]))
    if points_mtime:
        with open(points_path, encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                try:
                    iso3 = (row.get("iso3") or "").strip().upper()
                    lat, lon = float(row["lat"]), float(row["lon"])
                except (KeyError, TypeError, ValueError):
                    continue
                if iso3:
                    points[iso3] = CountryPoint(iso3, (row.get("name") or iso3).strip(), lat, lon)
    return points


def country_points(*, shapes_path: Path = SHAPES_PATH,
                   points_path: Path = POINTS_PATH) -> dict[str, CountryPoint]:
    """Return one point per ISO3 code: from ``countries.csv`` when present, else the shapes.

    Codes in neither file are absent (callers skip them).

    >>> country_points()["QAT"].name in ("Qatar", "State of Qatar")
    True
    """
    mtime = points_path.stat().st_mtime if points_path.exists() else 0.0
    return _points(str(shapes_path), str(points_path), mtime)


def _simplify_ring(ring: list[list[float]], tolerance: float) -> list[list[float]]:
    """Keep the points of a ring at least ``tolerance`` degrees from the last kept one."""
    out: list[list[float]] = []
    for lon, lat in ring:
        if not out or abs(lon - out[-1][0]) + abs(lat - out[-1][1]) >= tolerance:
            out.append([round(lon, 2), round(lat, 2)])
    if out and out[-1] != out[0]:
        out.append(out[0])
    return out if len(out) >= 4 else []


@lru_cache(maxsize=4)
def _outline(path: str, tolerance: float) -> str:
    shapes = _load_shapes(path)
    features = []
    for f in shapes["features"]:
        polygons = []
        for polygon in f["geometry"]["coordinates"]:
            rings = [r for r in (_simplify_ring(r, tolerance) for r in polygon) if r]
            if rings:
                polygons.append(rings)
        if polygons:
            features.append({"type": "Feature",
                             "properties": {"iso3": f["properties"]["iso3"],
                                            "name": f["properties"]["name"]},
                             "geometry": {"type": "MultiPolygon", "coordinates": polygons}})
    return json.dumps({"type": "FeatureCollection", "features": features})


def world_outline(*, tolerance: float = 0.4, path: Path = SHAPES_PATH) -> dict:
    """Return a coarse copy of the world's shapes (points closer than ``tolerance`` degrees to
    the last kept one dropped, vanishing rings dropped): a light background layer for the map.

    >>> 150 < len(world_outline()["features"]) <= 241
    True
    """
    if not path.exists():
        return {"type": "FeatureCollection", "features": []}
    return json.loads(_outline(str(path), tolerance))


def country_code(name: str) -> str:
    """Return the ISO3 code for a display name from ``gazetteer.country_name`` (a code given as
    is comes back as is; an unknown name comes back unchanged).

    >>> country_code("Qatar"), country_code("QAT")
    ('QAT', 'QAT')
    """
    table = countries()
    if name in table:
        return name
    return next((row.iso3 for row in table.values() if row.name == name), name)
