"""Map page (pages/map.py) with the real app and engine on seeds/."""
import json
import tomllib
from pathlib import Path

from dashboard.figures import BLANK_STYLE
from dashboard_seed import app_at, table, texts

ROOT = Path(__file__).resolve().parent.parent

SEED = {"RUS", "IRN", "USA", "ISR", "SAU", "BHR", "QAT", "ARE"}


def deck(at) -> dict:
    return json.loads(at.get("deck_gl_json_chart")[0].proto.json)


def layer(at, layer_id: str) -> dict:
    return next(x for x in deck(at)["layers"] if x["id"] == layer_id)


def test_map_shades_the_seed_countries_with_contact_and_strike_arcs():
    at = app_at("map")
    codes = {f["properties"]["iso3"] for f in layer(at, "countries")["data"]["features"]}
    assert codes == SEED
    contacts = sorted((a["from"], a["to"]) for a in layer(at, "contact-arcs")["data"])
    assert contacts == [("ARE", "RUS"), ("BHR", "RUS"), ("QAT", "RUS"), ("RUS", "SAU")]
    strikes = {(a["from"], a["to"]) for a in layer(at, "action-arcs")["data"]}
    assert {("USA", "IRN"), ("ISR", "IRN")} <= strikes


def test_map_draws_offline_by_default():
    spec = deck(app_at("map"))
    assert spec["mapStyle"] == BLANK_STYLE and "mapProvider" not in spec
    assert spec["layers"][0]["id"] == "world"


def test_the_blank_basemap_is_served_by_the_dashboard_and_names_no_source():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableStaticServing"] is True
    assert BLANK_STYLE.startswith("app/static/")  # relative: under any path prefix too
    style = json.loads((ROOT / "static" / BLANK_STYLE.removeprefix("app/static/")).read_text())
    assert style["version"] == 8 and style["sources"] == {}
    assert [layer["type"] for layer in style["layers"]] == ["background"]


def test_an_unreachable_basemap_is_not_used(monkeypatch):
    monkeypatch.setenv("READOUT_MAP_STYLE", "https://tiles.invalid/style.json")
    assert deck(app_at("map"))["mapStyle"] == BLANK_STYLE


def test_picking_a_country_filters_the_map_to_it():
    at = app_at("map", state={"country": ["Qatar"]})
    contacts = [(a["from"], a["to"]) for a in layer(at, "contact-arcs")["data"]]
    assert contacts == [("QAT", "RUS")]
    assert layer(at, "action-arcs")["data"] == []
    assert table(at, "country", "involvement")["country"].tolist()[:2] in (
        ["Russia", "Qatar"], ["Qatar", "Russia"])


def test_a_filter_matching_nothing_says_so():
    at = app_at("map", query={"from": "2030-01-01"})
    assert "No countries match these filters." in texts(at)
    assert not at.get("deck_gl_json_chart")


def test_the_table_names_countries_and_calls_the_score_involvement():
    shown = app_at("map").dataframe[0].value
    assert list(shown.columns)[:1] == ["country"] and "involvement" in shown.columns
    assert "score" not in shown.columns and "Bahrain" in set(shown["country"])


def test_the_map_has_a_legend_labels_and_a_summary():
    at = app_at("map")
    text = " ".join(m.value for m in at.markdown)
    assert "<b>Shading</b>" in text and "**In words.** 8 countries involved" in text
    labels = {x["text"] for x in layer(at, "country-labels")["data"]}
    assert {"Russia", "Iran"} <= labels

