"""Figure builders (dashboard/figures.py): the map's layers and the timeline's traces, built from
a view's answers on the seed's frames; and the text marks (dashboard/text.py)."""
import json
import re

import pandas as pd
import pytest

from analysis.store.query import Filters
from dashboard.figures import (BLANK_STYLE, CONTACT_LAYER, COUNTRY_LAYER, EVENT_LAYER,
                               LABEL_LAYER, PHONE, POINT_LAYER, TOOLTIP_FIELDS, build_map,
                               build_timeline, bucket_counts, bucket_size, contact_arcs,
                               country_table, event_arcs, focus, lane_order, legend_html,
                               map_summary, selected_arc, selected_country, selected_ids,
                               timeline_summary, view_for)
from dashboard.map_figure import place_labels
from dashboard.map_image import map_png
from dashboard.shapes import light_shapes, simplify_ring
from dashboard.timeline_figure import TEXT
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
        ("ARE", "RUS"), ("BHR", "RUS"), ("QAT", "RUS"), ("RUS", "SAU")]
    assert all(a["when"] == "2026-03-02" and a["count"] == 1 for a in arcs)
    qatar = next(a for a in arcs if a["from"] == "QAT")
    assert qatar["title"] == "Qatar ↔ Russia: 1 contact"
    assert qatar["what"] == "2026-03-02 · phone: Vladimir Putin – Tamim bin Hamad Al Thani"


def test_map_has_strike_arcs(view):
    arcs = layers(the_map(view))[EVENT_LAYER]["data"]
    assert sorted((a["from"], a["to"]) for a in arcs) == [
        ("IRN", "USA"), ("ISR", "IRN"), ("USA", "IRN")]
    assert all(a["title"].endswith("1 action (strike)") for a in arcs)
    assert any("Saturday" in a["evidence"] for a in arcs)


def contacts_frame(pairs: list[tuple[str, str, str]]) -> pd.DataFrame:
    """Contacts written for a test: (date, participants, countries) each."""
    return pd.DataFrame({
        "contact_id": [f"k{n}" for n in range(len(pairs))], "doc_id": "d",
        "date": [p[0] for p in pairs], "date_text": "", "channel": "phone",
        "participants": [p[1] for p in pairs], "countries": [p[2] for p in pairs],
        "evidence": [f"Sentence {n}." for n in range(len(pairs))]})


def test_contacts_between_one_pair_make_one_wider_arc_listing_them():
    calls = contacts_frame([(f"2025-05-{d:02d}", "Ana Ortiz; Karl Berg", "ESP; DEU")
                            for d in range(1, 8)] + [("2025-05-02", "Ana Ortiz; Li Wei",
                                                      "ESP; CHN")])
    arcs = contact_arcs(calls)
    assert [(a["from"], a["to"], a["count"]) for a in arcs] == [("DEU", "ESP", 7),
                                                                ("CHN", "ESP", 1)]
    assert arcs[0]["width"] > arcs[1]["width"]
    lines = arcs[0]["what"].split("\n")
    assert lines[0].startswith("2025-05-07") and lines[-1].startswith("and 2 more")
    assert arcs[0]["when"] == "2025-05-01 to 2025-05-07" and arcs[0]["evidence"] == ""
    assert arcs[1]["evidence"] == "Sentence 7."


def test_the_same_pair_either_way_round_is_one_arc():
    calls = contacts_frame([("2025-05-01", "A; B", "ESP; DEU"), ("2025-05-02", "B; A", "DEU; ESP")])
    assert [a["count"] for a in contact_arcs(calls)] == [2]


def test_actions_are_one_arc_per_direction():
    events = pd.DataFrame({"event_id": ["a1", "a2", "a3"], "doc_id": "d",
                           "date": ["2025-01-01", "2025-01-02", "2025-01-03"],
                           "type": ["strike", "sanction", "strike"],
                           "actors": ["FRA", "FRA", "DEU"], "targets": ["DEU", "DEU", "FRA"],
                           "evidence": "x"})
    arcs = {(a["from"], a["to"]): a for a in event_arcs(events)}
    assert arcs[("FRA", "DEU")]["count"] == 2 and arcs[("DEU", "FRA")]["count"] == 1
    assert arcs[("FRA", "DEU")]["title"] == "France → Germany: 2 actions (sanction, strike)"


def test_the_map_opens_on_the_countries_involved(view):
    spec = json.loads(the_map(view).to_json())["initialViewState"]
    assert 1.5 < spec["zoom"] < 4 and 20 < spec["latitude"] < 60
    assert -80 < spec["longitude"] < 50  # from Washington to the Gulf and Moscow


def test_a_region_is_fitted_closer_than_the_world_and_a_phone_less_close():
    gulf = [(50.6, 26.2), (51.5, 25.3), (46.7, 24.7), (54.4, 24.5)]
    desktop, phone = view_for(gulf), view_for(gulf, size=PHONE)
    assert phone.zoom < desktop.zoom and phone.zoom > 4
    assert 24 < desktop.latitude < 27 and 46 < desktop.longitude < 55
    assert view_for([]).zoom < 1


def test_focus_is_the_most_involved_countries():
    table = pd.DataFrame({"iso3": ["QAT", "BHR", "USA", "FJI"], "score": [50, 30, 15, 5]})
    assert focus(table) == ["BHR", "FJI", "QAT", "USA"]  # few: all of them
    assert focus(table, most=3) == ["QAT", "BHR"]  # many: the 60% most involved
    assert focus(table.head(0)) == []


def test_labels_never_overlap_and_small_states_keep_one():
    ranked = [("SAU", "Saudi Arabia"), ("QAT", "Qatar"), ("BHR", "Bahrain"),
              ("ARE", "United Arab Emirates"), ("KWT", "Kuwait")]
    labels = place_labels(ranked, zoom=4.5)
    assert {"Qatar", "Bahrain"} <= {x["text"] for x in labels}
    assert len(place_labels(ranked, zoom=0.5)) < len(ranked)  # no room at world scale


def test_map_labels_the_seed_countries_by_name(view):
    texts = {x["text"] for x in layers(the_map(view))[LABEL_LAYER]["data"]}
    assert {"Russia", "Iran"} <= texts and not any(len(t) == 3 and t.isupper() for t in texts)


def test_light_shapes_keep_every_country_and_are_small():
    world = light_shapes(0.25)
    assert len(world["features"]) > 230
    assert len(json.dumps(world, separators=(",", ":"))) < 160_000
    assert light_shapes(0.25, only={"BHR"})["features"][0]["geometry"]["coordinates"]


def test_simplify_keeps_corners_and_drops_points_on_a_line():
    ring = [[0, 0], [1, 0.001], [2, 0], [2, 2], [0, 2], [0, 0]]
    assert simplify_ring(ring, 0.01) == [[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]
    assert simplify_ring([[0, 0], [1, 1], [0, 0]], 0.01) == []


def test_the_seed_map_payload_is_small(view):
    assert len(the_map(view).to_json()) < 200_000


def test_the_table_names_countries_and_explains_involvement(view):
    table = country_table(view.country_table())
    assert list(table.columns) == ["country", "mentions", "documents", "contacts", "actions",
                                   "involvement", "ISO3"]
    assert "Russia" in set(table["country"])


def test_legend_and_summary_say_what_the_map_shows(view):
    legend = legend_html(view.country_table())
    assert "rgb(37,99,235)" in legend and "rgb(220,38,38)" in legend and "Width" in legend
    text = map_summary(view.country_table(), view.rows("contacts"), view.rows("events"))
    assert text.startswith("8 countries involved; the most: Russia")
    assert "Qatar ↔ Russia (1)" in text and "Israel → Iran (1)" in text


def test_the_map_exports_as_png(view):
    png = map_png(the_map(view))
    assert png.startswith(b"\x89PNG") and 10_000 < len(png) < 2_000_000


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
    for layer in [x for x in spec["layers"] if x.get("pickable")]:
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


def lanes(fig, trace) -> list[str]:
    """The lane label (tags removed) of each mark of ``trace``."""
    axis = fig.layout["yaxis" + trace.yaxis[1:]]
    return [re.sub(r"<[^>]+>", "", axis.ticktext[int(y)]) for y in trace.y]


def test_timeline_has_the_four_calls_of_march_2(view):
    fig = the_timeline(view)
    phone = [t for t in fig.data if t.name == "contact: phone"][0]
    ids = {c[1] for c, x in zip(phone.customdata, phone.x) if x == "2026-03-02"}
    assert ids == {"c1", "c2", "c3", "c4"}
    assert {"Saudi Arabia · Mohammed bin Salman", "Qatar · Tamim bin Hamad Al Thani"} <= \
        set(lanes(fig, phone))
    assert "discussedthe" in phone.hovertext[0] or "telephonic" in " ".join(phone.hovertext)


def test_timeline_has_the_strikes_of_february_28(view):
    fig = the_timeline(view)
    strikes = [t for t in fig.data if t.name == "action: strike"][0]
    assert "2026-02-28" in list(strikes.x)
    assert {"United States", "Israel"} <= set(lanes(fig, strikes))


def test_timeline_counts_per_day(view):
    fig = the_timeline(view)
    bars = {t.name: dict(zip(t.customdata, t.y)) for t in fig.data if t.type == "bar"}
    assert bars["contacts per day"] == {"02 Mar 2026": 4}
    assert bars["actions per day"] == {"28 Feb 2026": 1, "03 Mar 2026": 1}


def test_timeline_lanes_by_country(view):
    fig = the_timeline(view, lanes="countries")
    phone = [t for t in fig.data if t.name == "contact: phone"][0]
    assert {"Russia", "Qatar", "Bahrain"} <= set(lanes(fig, phone))


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
    drawn = {i[1] for t in fig.data if t.type == "scatter" for i in t.customdata}
    assert len(drawn) == MAX_MARKERS
    assert f"latest {MAX_MARKERS:,} of {MAX_MARKERS + 5:,} dated contacts" in fig.layout.title.text
    bars = [t for t in fig.data if t.type == "bar"]
    assert sum(bars[0].y) == MAX_MARKERS + 5


def test_timeline_lanes_are_grouped_by_country_busiest_first(view):
    fig = the_timeline(view)
    labels = [re.sub(r"<[^>]+>", "", t) for t in fig.layout.yaxis.ticktext]
    assert labels[0] == "Russia · Vladimir Putin"  # in all four calls
    assert len(labels) == 5


def test_a_contact_is_a_mark_in_each_lane_and_no_line_crosses_lanes(view):
    fig = the_timeline(view)
    assert all(t.mode == "markers" for t in fig.data if t.type == "scatter")
    phone = [t for t in fig.data if t.name == "contact: phone"][0]
    c3 = [lane for lane, c in zip(lanes(fig, phone), phone.customdata) if c[1] == "c3"]
    assert sorted(c3) == ["Qatar · Tamim bin Hamad Al Thani", "Russia · Vladimir Putin"]


def test_a_picked_contact_is_ringed_in_both_lanes(view):
    fig = the_timeline(view, highlight=("c3",))
    ring = [t for t in fig.data if t.name == "selected contact"][0]
    assert len(ring.x) == 2 and ring.hoverinfo == "skip"


def test_lanes_past_the_limit_share_one_lane():
    calls = contacts_frame([("2025-05-01", f"P{n}; Q{n}", "ESP; DEU") for n in range(6)]
                           + [("2025-05-02", "P0; Q0", "ESP; DEU")])
    fig = build_timeline(calls, calls.iloc[0:0].rename(columns={}), {
        "contacts": calls["date"].value_counts(), "actions": pd.Series(dtype="int64")},
        max_lanes=3)
    labels = [re.sub(r"<[^>]+>", "", t) for t in fig.layout.yaxis.ticktext]
    assert len(labels) == 4 and labels[-1] == "Other (9)"
    assert {"Spain · P0", "Germany · Q0"} <= set(labels)


def test_lane_order_puts_the_busiest_country_first():
    marks = pd.DataFrame({"group": ["B", "A", "A", "B", "B"], "lane": ["b1", "a1", "a2", "b1",
                                                                      "b2"]})
    order, folded = lane_order(marks, None)
    assert order == [("B", "b1"), ("B", "b2"), ("A", "a1"), ("A", "a2")] and folded == 0


@pytest.mark.parametrize("days, size", [(0, "day"), (62, "day"), (63, "week"), (730, "week"),
                                        (731, "month"), (7300, "month")])
def test_count_bars_per_day_week_or_month_by_span(days, size):
    from datetime import date, timedelta
    assert bucket_size(date(2020, 1, 1), date(2020, 1, 1) + timedelta(days=days)) == size


def test_counts_per_week_add_up_and_start_on_mondays():
    counts = pd.Series([1, 2, 3], index=["2026-03-02", "2026-03-08", "2026-03-09"])
    weeks = bucket_counts(counts, "week")
    assert weeks["count"].tolist() == [3, 3]
    assert [d.isoformat() for d in weeks["start"]] == ["2026-03-02", "2026-03-09"]
    months = bucket_counts(counts, "month")
    assert months["count"].tolist() == [6] and months["label"].tolist() == ["March 2026"]


def test_every_panel_has_a_date_axis_and_a_padded_range(view):
    fig = the_timeline(view)
    axes = [fig.layout[k] for k in fig.layout if k.startswith("xaxis")]
    assert len(axes) == 3 and all(a.showticklabels for a in axes)
    lo, hi = fig.layout.xaxis.range
    assert lo < "2026-02-28" and hi > "2026-03-03"
    assert fig.layout[f"xaxis{len(axes)}"].rangeslider.visible


def test_timeline_text_is_dark_enough(view):
    fig = the_timeline(view)
    assert fig.layout.font.color == TEXT
    assert all(fig.layout[k].tickfont.color == TEXT for k in fig.layout
               if k.startswith(("xaxis", "yaxis")))


def test_timeline_summary_says_what_and_when(view):
    text = timeline_summary(view.rows("contacts"), view.rows("events"), view.per_day())
    assert text.startswith("4 dated contacts and 2 dated actions, 2026-02-28 to 2026-03-03.")
    assert "Busiest day: 02 Mar 2026 (4)." in text and "Vladimir Putin (4)" in text
