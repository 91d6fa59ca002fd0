"""The data layer: the dashboard's filters as DuckDB SQL, on a store and on in-memory frames."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analysis.frames import build_frames
from analysis.query import (
    Filters, MemoryStore, contact_pairs, contacts_per_day, count_rows, country_totals,
    date_bounds, export_csv, options, query_contacts, query_countries, query_documents,
    query_events, query_rejected, query_statements,
)
from analysis.records import (
    Actor, Contact, CountryMention, Document, Event, Extraction, Rejected, Statement,
)
from analysis.store import Store, save_frames

D1, D2 = date(2026, 3, 2), date(2026, 3, 5)


def _doc(doc_id, path, when, text):
    return Document(doc_id, path, when, text[:20], len(text.split()), text)


EXTRACTIONS = [
    Extraction(_doc("a", "a.txt", D1, "Putin spoke by telephone with Sheikh Tamim of Qatar."),
               [CountryMention("a", "RUS", "Russia", 3, "Russia; Moscow"),
                CountryMention("a", "QAT", "Qatar", 1, "Qatar")],
               [Actor("a", "Vladimir Putin", "RUS", "President", 2, "person")],
               [Contact("c1", "a", D1, "on Monday", "phone", ("Vladimir Putin", "Tamim bin Hamad"),
                        ("RUS", "QAT"), "Putin spoke by telephone with Sheikh Tamim.")],
               [Statement("s1", "a", D1, "Dmitry Peskov", "RUS", "direct",
                          "We will talk to Tehran, 100% sure", "\"We will...\" Peskov said.", 0),
                Statement("s2", "a", D1, "the White House", "USA", "reported",
                          "there was no comment", "The White House said there was no comment.", 0)],
               []),
    Extraction(_doc("b", "b.txt", D2, "Macron met Pezeshkian. Israel struck Iran."),
               [CountryMention("b", "FRA", "France", 1, "France"),
                CountryMention("b", "IRN", "Iran", 2, "Iran; Iranian")],
               [],
               [Contact("c2", "b", D2, "on Thursday", "meeting", ("Emmanuel Macron", "Masoud Pezeshkian"),
                        ("FRA", "IRN"), "Macron met Pezeshkian.")],
               [Statement("s3", "b", D2, "Abbas Araghchi", "IRN", "reported",
                          "the strikes were a violation of law", "Araghchi said ...", 0),
                Statement("s4", "b", D2, "Ayman Safadi", "JOR", "direct",
                          "Iran must be heard", "Safadi said ...", 0)],
               [Event("e1", "b", D2, "on Thursday", "strike", ("ISR",), ("IRN",), "Israel struck Iran.")]),
    Extraction(_doc("c", "c.txt", None, "Putin and Macron held a video call."),
               [CountryMention("c", "RUS", "Russia", 1, "Russia")], [],
               [Contact("c3", "c", None, "", "video", ("Vladimir Putin", "Emmanuel Macron"),
                        ("RUS", "FRA"), "Putin and Macron held a video call.")],
               [], []),
]
FRAMES = build_frames(EXTRACTIONS, [Rejected("z.bin", "the file is binary, not text")])


@pytest.fixture(scope="module")
def disk_store(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("q") / "data")
    save_frames(store, FRAMES)
    return store


@pytest.fixture(params=["disk", "memory"])
def source(request, disk_store):
    return disk_store if request.param == "disk" else MemoryStore(FRAMES)


def ids(frame, column):
    return list(frame[column])


def test_no_filter_gives_every_contact_newest_first(source):
    assert ids(query_contacts(source), "contact_id") == ["c2", "c1", "c3"]


def test_frame_order_is_the_stored_frames_order(source):
    frame = query_contacts(source, order="frame")
    pd.testing.assert_frame_equal(frame, FRAMES["contacts"])


def test_a_date_range_drops_undated_rows(source):
    f = Filters(start=D1, end=D1)
    assert ids(query_contacts(source, f), "contact_id") == ["c1"]
    assert ids(query_documents(source, f), "doc_id") == ["a"]


def test_a_country_keeps_contacts_and_events_that_involve_it(source):
    f = Filters(countries=("IRN",))
    assert ids(query_contacts(source, f), "contact_id") == ["c2"]
    assert ids(query_events(source, f), "event_id") == ["e1"]


def test_a_country_keeps_statements_by_naming_or_linking(source):
    # s1: speaker from RUS; s3 speaker from IRN; s4 names Iran in its text; s2 is none of these
    assert set(query_statements(source, Filters(countries=("RUS",)))["statement_id"]) == {"s1"}
    assert set(query_statements(source, Filters(countries=("IRN",)))["statement_id"]) == {"s3", "s4"}


def test_actors_and_channels(source):
    assert ids(query_contacts(source, Filters(actors=("Emmanuel Macron",))), "contact_id") == ["c2", "c3"]
    assert ids(query_contacts(source, Filters(channels=("video", "phone"))), "contact_id") == ["c1", "c3"]
    assert ids(query_statements(source, Filters(actors=("Dmitry Peskov",))), "statement_id") == ["s1"]


def test_search_terms_are_literal_and_all_required(source):
    assert ids(query_statements(source, search='"talk to tehran"'), "statement_id") == ["s1"]
    assert ids(query_statements(source, search="100%"), "statement_id") == ["s1"]
    assert query_statements(source, search="% _").empty
    assert ids(query_statements(source, search="iran heard", kinds=["direct"]), "statement_id") == ["s4"]


def test_user_input_is_never_sql(source):
    evil = Filters(countries=("RUS'); DROP TABLE contacts; --",), actors=("' OR 1=1 --",))
    assert query_contacts(source, evil).empty
    assert len(query_contacts(source)) == 3


def test_documents_with_a_country_are_those_with_rows_or_mentions(source):
    assert ids(query_documents(source, Filters(countries=("RUS",))), "doc_id") == ["a", "c"]
    assert "text" not in query_documents(source).columns
    assert "text" in query_documents(source, with_text=True).columns


def test_countries_rows_of_kept_documents(source):
    rows = query_countries(source, Filters(countries=("RUS",)))
    assert list(zip(rows["doc_id"], rows["iso3"])) == [("a", "RUS"), ("c", "RUS")]


def test_counts_bounds_and_options(source):
    assert count_rows(source) == {"documents": 3, "countries": 4, "contacts": 3, "events": 1,
                                  "statements": 4, "rejected": 1}
    assert count_rows(source, Filters(countries=("FRA",)))["contacts"] == 2
    assert date_bounds(source) == (D1, D2)
    assert date_bounds(source, Filters(start=date(2030, 1, 1))) == (None, None)
    opts = options(source)
    assert opts["channels"] == ["meeting", "phone", "video"]
    assert "RUS" in opts["countries"] and "Dmitry Peskov" in opts["speakers"]


def test_aggregates_for_the_map_and_timeline(source):
    totals = country_totals(source)
    assert list(totals["iso3"])[:1] == ["RUS"]
    rus = totals.set_index("iso3").loc["RUS"]
    assert (rus["documents"], rus["mentions"], rus["contacts"], rus["events"]) == (2, 4, 2, 0)
    assert totals.set_index("iso3").loc["IRN", "events"] == 1
    pairs = contact_pairs(source)
    assert set(zip(pairs["a"], pairs["b"])) == {("QAT", "RUS"), ("FRA", "IRN"), ("FRA", "RUS")}
    days = contacts_per_day(source)
    assert list(days["date"]) == ["2026-03-02", "2026-03-05"]


def test_export_csv_has_a_header_even_when_empty(source):
    data = export_csv(source, "contacts", Filters(countries=("XXX",)))
    assert data.decode("utf-8").strip() == ",".join(FRAMES["contacts"].columns)
    assert b"c1" in export_csv(source, "contacts")
    assert query_rejected(source)["path"].tolist() == ["z.bin"]


@pytest.mark.parametrize("countries", [("RUS",), ("IRN",), ("FRA", "QAT"), ("JOR",), ("USA",),
                                       ("XXX",), ("RUS|IRN",)])
def test_a_country_filter_alone_reads_the_derived_links_with_the_general_rule(
        source, countries, monkeypatch):
    # The derived columns answer a country filter alone; the general rule (joins at query
    # time, used with dates, actors or channels) must keep exactly the same rows.
    f = Filters(countries=countries)
    fast = (query_statements(source, f), query_documents(source, f), count_rows(source, f),
            date_bounds(source, f), country_totals(source, f))
    monkeypatch.setattr("analysis.query._countries_alone", lambda filters: False)
    general = (query_statements(source, f), query_documents(source, f), count_rows(source, f),
               date_bounds(source, f), country_totals(source, f))
    for a, b in zip(fast, general):
        if isinstance(a, pd.DataFrame):
            pd.testing.assert_frame_equal(a, b)
        else:
            assert a == b


def test_the_statement_conditions_stand_alone_for_callers_outside_the_module(source):
    # dashboard code writes "FROM statements s WHERE {where.sql()}" with where.params
    from analysis.query import _open, _statements_where

    f = Filters(start=D1, end=D2, countries=("IRN",))
    where = _statements_where(f)
    assert where.joins  # a date range with a country filter needs the join
    with _open(source) as con:
        alone = con.execute(f"SELECT s.statement_id FROM statements s WHERE {where.sql()} "
                            "ORDER BY 1", where.params).fetchall()
        clause, params = where.clause("statements")
        joined = con.execute(f"SELECT s.statement_id {clause} ORDER BY 1", params).fetchall()
    assert alone == joined == [("s3",), ("s4",)]
