"""Figure builders (dashboard/figures.py): the map's layers and the timeline's traces, built from
a view's answers on the seed's frames; and the text marks (dashboard/text.py)."""
import json

import pandas as pd
import pytest

from analysis.store.query import Filters
from dashboard.figures import (BLANK_STYLE, CONTACT_LAYER, COUNTRY_LAYER, EVENT_LAYER,
                               POINT_LAYER, TOOLTIP_FIELDS, build_map, build_timeline,
                               event_arcs, selected_arc, selected_country, selected_ids)
from dashboard.text import highlight, mark_document, paragraph_html
from dashboard_seed import empty_frames, seed_frames, seed_view


@pytest.fixture(scope="module")
def frames():
    return seed_frames()


@pytest.fixture(scope="module")
def view():
    return seed_view()


def the_map(view, **options):
    return build_map(view.rows("contacts"), view.rows("events"), view.country_table(), **options)


def the_timeline(view, **options):
    return build_timeline(view.rows("contacts"), view.rows("events"), view.per_day(), **options)


def layers(deck):
    return {layer["id"]: layer for layer in json.loads(deck.to_json())["layers"]}


def test_map_shades_eight_countries_bahrain_included(view):
    countries = layers(the_map(view))[COUNTRY_LAYER]["data"]["features"]
    codes = {f["properties"]["iso3"] for f in countries}
    assert len(codes) == 8 and "BHR" in codes
    fills = {f["properties"]["iso3"]: f["properties"]["fill"] for f in countries}
    assert fills["RUS"] != fills["BHR"]


def test_map_has_four_contact_arcs_from_russia(view):
    arcs = layers(the_map(view))[CONTACT_LAYER]["data"]
    assert sorted((a["from"], a["to"]) for a in arcs) == [
        ("RUS", "ARE"), ("RUS", "BHR"), ("RUS", "QAT"), ("RUS", "SAU")]
    assert all(a["when"].startswith("2026-03-02") and a["what"].startswith("phone") for a in arcs)
    assert {a["title"] for a in arcs} >= {"Vladimir Putin – Tamim bin Hamad Al Thani"}


def test_map_has_strike_arcs(view):
    arcs = layers(the_map(view))[EVENT_LAYER]["data"]
    assert sorted((a["from"], a["to"]) for a in arcs) == [
        ("IRN", "USA"), ("ISR", "IRN"), ("USA", "IRN")]
    assert all(a["title"].startswith("strike") for a in arcs)
    assert any("Saturday" in a["evidence"] for a in arcs)


def test_map_needs_no_network_by_default(view):
    spec = json.loads(the_map(view).to_json())
    assert spec["mapStyle"] == BLANK_STYLE and "mapProvider" not in spec
    assert "world" in {layer["id"] for layer in spec["layers"]}
    assert "http" not in json.dumps({k: v for k, v in spec.items() if k != "layers"})


def test_map_uses_a_configured_basemap(view):
    spec = json.loads(the_map(view, map_style="https://tiles.example/style.json").to_json())
    assert spec["mapStyle"] == "https://tiles.example/style.json"
    assert "world" not in {layer["id"] for layer in spec["layers"]}


def test_tooltips_are_plain_text_fields_for_streamlit_to_escape(view):
    deck = the_map(view)
    assert deck._tooltip["html"].count("{") == 4  # what st.pydeck_chart reads
    spec = json.loads(deck.to_json())
    for layer in spec["layers"][1:]:
        data = layer["data"]["features"] if isinstance(layer["data"], dict) else layer["data"]
        for obj in data:
            fields = obj.get("properties", obj)
            assert set(TOOLTIP_FIELDS) <= set(fields)


def test_map_of_empty_frames_still_builds():
    empty = seed_view(frames=empty_frames())
    spec = json.loads(the_map(empty).to_json())
    assert layers(the_map(empty))[CONTACT_LAYER]["data"] == []
    assert spec["initialViewState"]["zoom"] < 2


def test_unknown_codes_draw_no_arc(frames):
    bad = frames["events"].assign(actors="Hezbollah", targets="ISR")
    assert event_arcs(bad) == []


def test_selected_country_reads_the_pydeck_selection():
    sel = {"indices": {COUNTRY_LAYER: [2]},
           "objects": {COUNTRY_LAYER: [{"type": "Feature", "properties": {"iso3": "QAT"}}]}}
    assert selected_country(sel) == "QAT"
    assert selected_country({"indices": {}, "objects": {}}) is None
    assert selected_country(None) is None
    assert selected_country({"objects": {POINT_LAYER: [{"iso3": "BHR"}]}}) == "BHR"


def test_selected_arc_reads_the_pydeck_selection():
    arc = {"title": "Vladimir Putin – Tamim bin Hamad Al Thani", "what": "phone"}
    assert selected_arc({"objects": {CONTACT_LAYER: [arc]}}) == arc
    assert selected_arc({"objects": {COUNTRY_LAYER: [{"properties": {"iso3": "QAT"}}]}}) is None


def test_timeline_has_the_four_calls_of_march_2(view):
    fig = the_timeline(view)
    phone = [t for t in fig.data if t.name == "contact: phone"][0]
    ids = {c[1] for c, x in zip(phone.customdata, phone.x) if x == "2026-03-02"}
    assert ids == {"c1", "c2", "c3", "c4"}
    assert {"Mohammed bin Salman", "Tamim bin Hamad Al Thani"} <= set(phone.y)
    assert "discussedthe" in phone.hovertext[0] or "telephonic" in " ".join(phone.hovertext)


def test_timeline_has_the_strikes_of_february_28(view):
    fig = the_timeline(view)
    strikes = [t for t in fig.data if t.name == "action: strike"][0]
    assert "2026-02-28" in list(strikes.x)
    assert {"United States of America", "Israel"} <= set(strikes.y) or \
        {"United States", "Israel"} <= set(strikes.y)


def test_timeline_counts_per_day(view):
    fig = the_timeline(view)
    bars = {t.name: dict(zip(t.x, t.y)) for t in fig.data if t.type == "bar"}
    assert bars["contacts per day"] == {"2026-03-02": 4}
    assert bars["actions per day"] == {"2026-02-28": 1, "2026-03-03": 1}


def test_timeline_lanes_by_country(view):
    fig = the_timeline(view, lanes="countries")
    phone = [t for t in fig.data if t.name == "contact: phone"][0]
    assert {"Russia", "Qatar", "Bahrain"} <= set(phone.y)


def test_timeline_follows_the_filters():
    fig = the_timeline(seed_view(Filters(countries=("QAT",))))
    phone = [t for t in fig.data if t.name == "contact: phone"][0]
    assert {c[1] for c in phone.customdata} == {"c3"}


def test_timeline_of_empty_frames_has_no_traces():
    assert len(the_timeline(seed_view(frames=empty_frames())).data) == 0


def test_selected_ids_reads_the_plotly_selection():
    sel = {"points": [{"customdata": ["contact", "c3"]}, {"customdata": ["action", "e1"]},
                      {"x": "2026-03-02"}]}
    assert selected_ids(sel) == {"contact": ["c3"], "action": ["e1"]}
    assert selected_ids(None) == {"contact": [], "action": []}


def test_highlight_marks_every_term_and_escapes():
    out = highlight("a <b> minor easing of tensions", "easing tensions")
    assert out.count("<mark") == 2 and "&lt;b&gt;" in out


def test_highlight_marks_a_phrase_whole_and_skips_short_words():
    out = highlight("easing of tensions, all of our", "easing of tensions")
    assert out.count("<mark") == 1 and ">easing of tensions</mark>" in out
    assert highlight("all of our talks", "of talks").count("<mark") == 1


def test_document_marks_countries_contacts_and_statements(frames):
    doc = frames["documents"].iloc[0]
    parts = {n: frames[n] for n in ("countries", "actors", "contacts", "statements", "events")}
    out = mark_document(doc["text"], **parts)
    assert out.count("<p>") == 11
    assert 'title="statement' in out and 'title="contact' in out and "country" in out
    assert ">Bahrain</mark>" in out


def test_paragraph_html_highlights_the_statement(frames):
    doc = frames["documents"].iloc[0]
    s = frames["statements"].iloc[0]
    out = paragraph_html(doc["text"], int(s["para"]), s["text"])
    assert "Dmitry Peskov said" in out and "<mark" in out
    assert paragraph_html(doc["text"], 99, "x") == ""


def test_a_timeline_of_many_contacts_draws_the_latest_and_says_so():
    from dashboard.figures import MAX_MARKERS

    contacts = pd.DataFrame({
        "contact_id": [f"c{i}" for i in range(MAX_MARKERS + 5)], "doc_id": "d",
        "date": [f"2026-03-{1 + i % 28:02d}" for i in range(MAX_MARKERS + 5)], "date_text": "",
        "channel": "phone", "participants": "A; B", "countries": "RUS; QAT", "evidence": "x"})
    events = pd.DataFrame(columns=["event_id", "doc_id", "date", "type", "actors", "targets",
                                   "evidence"])
    per_day = {"contacts": contacts["date"].value_counts(), "actions": pd.Series(dtype="int64")}
    fig = build_timeline(contacts, events, per_day)
    drawn = {i[1] for t in fig.data if t.customdata is not None for i in t.customdata}
    assert len(drawn) == MAX_MARKERS
    assert f"latest {MAX_MARKERS:,} of {MAX_MARKERS + 5:,} dated contacts" in fig.layout.title.text
    bars = [t for t in fig.data if t.type == "bar"]
    assert sum(bars[0].y) == MAX_MARKERS + 5
