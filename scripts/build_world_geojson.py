"""Turns world-atlas's countries-50m.json (TopoJSON) into analysis/engine/data/world.geojson with ISO3 codes.

The source is the npm package ``world-atlas`` (ISC licence, Natural Earth data, public domain),
installed by hand in a temporary folder; nothing is downloaded by the app at run time:

    mkdir -p /tmp/wa && cd /tmp/wa && npm install world-atlas@2
    .venv/bin/python scripts/build_world_geojson.py /tmp/wa/node_modules/world-atlas/countries-50m.json

Each feature gets ``iso3`` (via pycountry's numeric codes; "" when the source has no code),
``name`` and a label point ``lat``/``lon`` (the area centroid of the country's largest ring), and
coordinates rounded to ``--digits`` decimals (2 by default, about 1 km) to keep the file small.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pycountry

OUT = (Path(__file__).resolve().parent.parent / "analysis" / "engine" / "data"
       / "world.geojson")

#: Features that world-atlas ships with no ISO numeric code, by their name.
NO_CODE = {"Kosovo": "XKX"}


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Decode the topology's delta-encoded, quantized arcs into lon/lat point lists."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(indices: list[int], arcs: list[list[tuple[float, float]]], digits: int) -> list[list[float]]:
    """Stitch one ring from arc indices (a negative index is the reversed arc ~i)."""
    points: list[tuple[float, float]] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    out: list[list[float]] = []
    for lon, lat in points:
        p = [round(lon, digits), round(lat, digits)]
        if not out or out[-1] != p:
            out.append(p)
    if out and out[0] != out[-1]:
        out.append(out[0])
    return unwrap(out)


def unwrap(points: list[list[float]]) -> list[list[float]]:
    """Make a ring that crosses the antimeridian continuous (Chukotka, Fiji): its western
    longitudes move past +180, so that a planar renderer draws no band across the world."""
    if not any(abs(a[0] - b[0]) > 180 for a, b in zip(points, points[1:])):
        return points
    if min(lat for _, lat in points) < -60:
        # Antarctica's coast: closed along the bottom of a flat map, which is right as it is
        return points
    return [[lon + 360 if lon < 0 else lon, lat] for lon, lat in points]


def ring_area_centroid(points: list[list[float]]) -> tuple[float, float, float]:
    """Return (absolute area, centroid lon, centroid lat) of a closed ring (planar formula)."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(a) < 1e-12:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return abs(a) / 2, cx / (3 * a), cy / (3 * a)


def iso3_for(numeric: str | None, name: str) -> str:
    """The ISO 3166-1 alpha-3 code for a numeric id, or "" when there is none."""
    if numeric:
        country = pycountry.countries.get(numeric=numeric.zfill(3))
        if country is not None:
            return country.alpha_3
    return NO_CODE.get(name, "")


def convert(topology: dict, *, digits: int = 2) -> dict:
    """Convert the ``countries`` object of a world-atlas topology into a GeoJSON dict."""
    arcs = decode_arcs(topology)
    features = []
    for geom in topology["objects"]["countries"]["geometries"]:
        name = geom.get("properties", {}).get("name", "")
        if geom.get("type") == "Polygon":
            polygons = [geom["arcs"]]
        elif geom.get("type") == "MultiPolygon":
            polygons = geom["arcs"]
        else:
            continue
        coords = []
        for polygon in polygons:
            rings = [ring(r, arcs, digits) for r in polygon]
            # drop degenerate rings and the ring drawn around the South Pole itself
            rings = [r for r in rings if len(r) >= 4 and min(p[1] for p in r) > -89.9]
            if rings:
                coords.append(rings)
        if not coords:
            continue
        area, lon, lat = max(ring_area_centroid(p[0]) for p in coords)
        features.append({
            "type": "Feature",
            "properties": {"iso3": iso3_for(geom.get("id"), name), "name": name,
                           "lat": round(lat, 3), "lon": round((lon + 180) % 360 - 180, 3)},
            "geometry": {"type": "MultiPolygon", "coordinates": coords},
        })
    features.sort(key=lambda f: (f["properties"]["iso3"] or "~", f["properties"]["name"]))
    return {"type": "FeatureCollection",
            "source": "world-atlas countries-50m.json (ISC licence), Natural Earth data",
            "features": features}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("topojson", type=Path, help="path to world-atlas's countries-50m.json")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--digits", type=int, default=2)
    args = parser.parse_args(argv)
    geo = convert(json.loads(args.topojson.read_text(encoding="utf-8")), digits=args.digits)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(geo, separators=(",", ":"), ensure_ascii=False) + "\n",
                        encoding="utf-8")
    missing = [f["properties"]["name"] for f in geo["features"] if not f["properties"]["iso3"]]
    print(f"wrote {args.out}: {len(geo['features'])} countries, "
          f"{args.out.stat().st_size / 1e6:.2f} MB; no ISO3 code: {', '.join(missing) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
