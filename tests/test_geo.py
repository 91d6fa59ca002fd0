"""Shipped country data (analysis/engine/geo.py, analysis/engine/data/world.geojson): complete, small, offline."""
import json

from analysis.engine.gazetteer import country_name
from analysis.engine.geo import (POINTS_PATH, SHAPES_PATH, country_code, country_points, shapes_for,
                          world_outline, world_shapes)

SEED_COUNTRIES = {"RUS", "IRN", "USA", "ISR", "SAU", "BHR", "QAT", "ARE"}


def test_world_geojson_is_small_and_credited():
    assert SHAPES_PATH.stat().st_size < 3_000_000
    data = json.loads(SHAPES_PATH.read_text(encoding="utf-8"))
    assert "world-atlas" in data["source"] and "Natural Earth" in data["source"]


def test_every_seed_country_has_a_shape_bahrain_included():
    codes = {f["properties"]["iso3"] for f in world_shapes()["features"]}
    assert SEED_COUNTRIES <= codes
    assert len(codes) > 230


def test_shapes_for_returns_only_those_asked():
    got = shapes_for({"BHR", "QAT", "XXX"})
    assert sorted(f["properties"]["iso3"] for f in got["features"]) == ["BHR", "QAT"]


def test_no_ring_jumps_across_the_antimeridian():
    """Rings crossing 180° are made continuous (Chukotka, Fiji); Antarctica's coast is the one
    ring left as it is, closed along the bottom of the map."""
    for f in world_shapes()["features"]:
        if f["properties"]["iso3"] == "ATA":
            continue
        for polygon in f["geometry"]["coordinates"]:
            for ring in polygon:
                assert all(abs(a[0] - b[0]) <= 180 for a, b in zip(ring, ring[1:])), \
                    f["properties"]["name"]


def test_points_cover_the_seed_countries_with_plausible_coordinates():
    points = country_points()
    for code in SEED_COUNTRIES:
        assert -90 <= points[code].lat <= 90 and -180 <= points[code].lon <= 180
    assert 25 < points["BHR"].lat < 27 and 50 < points["BHR"].lon < 51
    assert country_code(country_name("QAT")) == "QAT"
    assert country_code("ZZZ") == "ZZZ"


def test_points_fall_back_to_shapes_without_countries_csv(tmp_path):
    points = country_points(points_path=tmp_path / "missing.csv")
    assert "BHR" in points and 25 < points["BHR"].lat < 27


def test_points_file_overrides_shape_centroids(tmp_path):
    csv = tmp_path / "countries.csv"
    csv.write_text("iso3,name,lat,lon\nBHR,Bahrain,26.2,50.6\nBAD,Bad,x,y\n", encoding="utf-8")
    points = country_points(points_path=csv)
    assert points["BHR"].lat == 26.2 and "BAD" not in points


def test_outline_is_light_enough_for_every_rerun():
    assert len(json.dumps(world_outline(), separators=(",", ":"))) < 600_000


def test_missing_shapes_file_gives_an_empty_collection(tmp_path):
    assert world_shapes(path=tmp_path / "none.geojson")["features"] == []
    assert world_outline(path=tmp_path / "none.geojson")["features"] == []
    assert POINTS_PATH.name == "countries.csv"
