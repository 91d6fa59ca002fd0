"""dashboard/view.py: what a page is given, on the seed's hand-written frames. The filter rules
(the query layer's, through the view), rows newest first and capped, totals and aggregates over
every matching row, the timeline selection's statements, and figures shared per view."""
from __future__ import annotations

import json
from datetime import date

import pytest

from analysis.engine.frames import build_frames
from analysis.engine.records import Contact, Document, Extraction
from analysis.store.query import Filters
from dashboard import view as view_module
from dashboard import widgets
from dashboard.view import shown_caption
from dashboard_seed import app_at, empty_frames, seed_frames, seed_view, table, texts


@pytest.fixture(scope="module")
def everything():
    return seed_view()


def ids(view, name, column):
    return view.rows(name)[column].tolist()


# -- the filter rules -----------------------------------------------------------------------

def test_no_filter_returns_every_row(everything):
    frames = seed_frames()
    for name in frames:
        assert len(everything.rows(name)) == everything.total(name) == len(frames[name]), name


def test_country_keeps_that_countrys_contact():
    view = seed_view(Filters(countries=("QAT",)))
    assert ids(view, "contacts", "participants") == ["Vladimir Putin; Tamim bin Hamad Al Thani"]
    assert view.rows("events").empty
    assert ids(view, "countries", "iso3") == ["QAT"]
    assert view.total("documents") == 1


def test_country_keeps_the_statement_that_reads_out_its_call():
    assert ids(seed_view(Filters(countries=("QAT",))), "statements", "statement_id") == ["s2"]


def test_country_keeps_statements_of_its_speakers():
    view = seed_view(Filters(countries=("RUS",)))
    assert sorted(ids(view, "statements", "statement_id")) == ["s1", "s2", "s3"]
    assert view.total("contacts") == 4


def test_country_keeps_actions_by_or_against_it():
    view = seed_view(Filters(countries=("IRN",)))
    assert sorted(ids(view, "events", "event_id")) == ["e1", "e2"]
    assert view.rows("contacts").empty


def test_date_range_is_inclusive():
    view = seed_view(Filters(start=date(2026, 2, 28), end=date(2026, 2, 28)))
    assert ids(view, "events", "event_id") == ["e1"]
    assert view.rows("contacts").empty and view.rows("statements").empty


def test_date_range_drops_unknown_dates():
    frames = seed_frames()
    frames["contacts"] = frames["contacts"].assign(date=["", "2026-03-02", "", ""])
    view = seed_view(Filters(start=date(2026, 3, 1)), frames=frames)
    assert ids(view, "contacts", "contact_id") == ["c2"]


def test_actor_keeps_their_contacts_and_statements():
    view = seed_view(Filters(actors=("Dmitry Peskov",)))
    assert ids(view, "statements", "statement_id") == ["s1"]
    assert view.rows("contacts").empty
    view = seed_view(Filters(actors=("Mohammed bin Zayed Al Nahyan",)))
    assert ids(view, "contacts", "contact_id") == ["c4"]


def test_channel_narrows_contacts_only():
    view = seed_view(Filters(channels=("meeting",)))
    assert view.rows("contacts").empty
    assert view.total("statements") == 3 and view.total("events") == 2


def test_filter_matching_nothing_gives_empty_frames_with_columns():
    view = seed_view(Filters(countries=("FRA",)))
    frames = seed_frames()
    for name in ("contacts", "statements", "events", "countries", "documents"):
        assert view.rows(name).empty
        assert list(view.rows(name).columns) == list(frames[name].columns)


def test_empty_frames_survive_every_filter():
    f = Filters(start=date(2026, 1, 1), countries=("QAT",), actors=("x",), channels=("phone",))
    view = seed_view(f, frames=empty_frames())
    assert all(view.rows(name).empty for name in empty_frames())
    assert view.country_table().empty and view.bounds() == (None, None)


def test_date_bounds(everything):
    assert everything.bounds() == (date(2026, 2, 28), date(2026, 3, 3))


def test_search_finds_peskovs_quote(everything):
    found, total = everything.search("easing of tensions")
    assert found["speaker"].tolist() == ["Dmitry Peskov"] and total == 1


def test_search_is_case_insensitive_and_narrows_by_kind_and_speaker(everything):
    assert everything.search("PUTIN")[1] == 2
    assert everything.search("", kinds=["reported"])[0]["statement_id"].tolist() == ["s3"]
    assert sorted(everything.search("", speakers=["the Kremlin"])[0]["statement_id"]) == \
        ["s2", "s3"]
    assert len(everything.search_all("", speakers=["the Kremlin"])) == 2


# -- the timeline's selection ----------------------------------------------------------------

def test_a_call_is_read_out_in_its_own_or_the_next_paragraph(everything):
    assert everything.statements_about(["c1"], []).empty  # Saudi Arabia's: nobody reads it out
    assert everything.statements_about(["c2"], [])["statement_id"].tolist() == ["s2"]


def test_statements_for_a_picked_call_are_its_readout(everything):
    assert everything.statements_about(["c3"], [])["statement_id"].tolist() == ["s2"]


def test_statements_for_nothing_picked_are_none(everything):
    assert everything.statements_about([], []).empty


def test_statements_for_a_picked_call_include_its_participants_words():
    frames = seed_frames()
    frames["statements"] = frames["statements"].assign(
        speaker=["Vladimir Putin", "the Kremlin", "x"])
    picked = seed_view(frames=frames).statements_about(["c1"], [])
    assert picked["statement_id"].tolist() == ["s1"]


# -- rows, totals, aggregates ----------------------------------------------------------------

def test_rows_come_newest_first_with_unknown_dates_last_and_documents_in_order():
    def doc(doc_id):
        return Document(doc_id, f"{doc_id}.txt", date(2026, 3, 1), doc_id, 1, "x")

    def contact(cid, doc_id, when):
        return Contact(cid, doc_id, when, "", "phone", ("A", "B"), ("RUS", "QAT"), "x", 0)

    d1, d2 = date(2026, 3, 1), date(2026, 3, 2)
    frames = build_frames([
        Extraction(doc("a"), [], [], [contact("2", "a", d2), contact("3", "a", None),
                                      contact("5", "a", d2)], [], []),
        Extraction(doc("b"), [], [], [contact("1", "b", d1)], [], []),
        Extraction(doc("c"), [], [], [contact("4", "c", d2)], [], [])])
    assert ids(seed_view(frames=frames), "contacts", "contact_id") == ["2", "5", "4", "1", "3"]


def test_a_view_shows_at_most_the_cap_and_counts_every_row(monkeypatch):
    monkeypatch.setattr(view_module, "ROW_CAP", 2)
    view = seed_view()
    assert len(view.rows("contacts")) == 2 and view.total("contacts") == 4
    assert len(view.all_rows("contacts")) == 4


def test_per_day_counts_every_dated_row_not_only_the_shown(monkeypatch):
    monkeypatch.setattr(view_module, "ROW_CAP", 1)
    per_day = seed_view().per_day()
    assert per_day["contacts"].to_dict() == {"2026-03-02": 4}
    assert int(per_day["actions"].sum()) == 2


def test_the_countries_involved_rank_the_seed_countries(everything):
    found = everything.country_table()
    assert set(found["iso3"]) == {"RUS", "IRN", "USA", "ISR", "SAU", "BHR", "QAT", "ARE"}
    rus = found.set_index("iso3").loc["RUS"]
    assert (rus["contacts"], rus["mentions"], rus["name"]) == (4, 3, "Russia")
    assert found["iso3"].iloc[0] == "RUS" and everything.country_count() == 8


def test_an_action_by_a_group_counts_for_no_country():
    frames = seed_frames()
    frames["events"] = frames["events"].assign(actors=["Hezbollah", "Hezbollah"])
    found = seed_view(frames=frames).country_table().set_index("iso3")
    assert "Hezbollah" not in found.index and found.loc["IRN", "actions"] == 1


def test_shown_caption_only_when_rows_are_left_out():
    assert shown_caption(10, 10, "statements") is None
    assert "newest 5 of 1,234 statements" in shown_caption(5, 1234, "statements")


# -- pages that use the cap -------------------------------------------------------------------

def test_a_capped_statements_page_says_so_and_downloads_every_match(monkeypatch):
    every = len(table(app_at("statements"), "speaker", "kind", "text"))
    monkeypatch.setattr(view_module, "ROW_CAP", 2)
    at = app_at("statements")
    assert every > 2 and len(table(at, "speaker", "kind", "text")) == 2
    assert f"The newest 2 of {every} matching statements" in texts(at)
    labels = [b.proto.label for b in at.get("download_button")]
    assert f"Download statements CSV ({every} rows)" in labels


def test_a_capped_timeline_counts_every_contact_per_day(monkeypatch):
    monkeypatch.setattr(view_module, "ROW_CAP", 1)
    spec = json.loads(app_at("timeline").get("plotly_chart")[0].proto.spec)
    bars = [t for t in spec["data"] if t.get("name") == "contacts per day"]
    assert bars and sum(bars[0]["y"]) == 4


def test_the_map_pages_countries_download_is_its_table():
    at = app_at("map")
    shown = table(at, "country", "involvement")
    labels = [b.proto.label for b in at.get("download_button")]
    assert f"Download countries CSV ({len(shown)} rows)" in labels


# -- figures shared per view -------------------------------------------------------------------

def test_two_sessions_with_one_view_share_one_timeline():
    key = ("shared", "timeline")
    first = widgets.timeline(view_module.View(seed_view().source, key), "actors")
    again = widgets.timeline(view_module.View(seed_view().source, key), "actors")
    assert first is again
    assert widgets.timeline(view_module.View(seed_view().source, key), "countries") is not first


def test_another_filter_gets_its_own_map():
    source, key = seed_view().source, ("shared", "map")
    everything = widgets.world_map(view_module.View(source, key), map_style=None, selected=())
    qatar = widgets.world_map(view_module.View(source, key, Filters(countries=("QAT",))),
                              map_style=None, selected=("QAT",))
    assert qatar is not everything
    assert widgets.world_map(view_module.View(source, key), map_style=None,
                             selected=()) is everything
    assert isinstance(everything.to_json(), str)
