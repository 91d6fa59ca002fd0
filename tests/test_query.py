"""The query layer (analysis/store/query.py): the filter rules as SQL, on a store on disk, on the
same frames in memory, and on the same frames split between a store and uploads joined to it."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analysis.engine.frames import build_frames
from analysis.engine.records import (
    Actor, Contact, CountryMention, Document, Event, Extraction, Rejected, Statement,
)
from analysis.store.database import Store, save_frames
from analysis.store.memory import MemoryStore, WithUploads
from analysis.store.query import (
    Filters, count, count_rows, country_totals, date_bounds, doc_ids, document, document_rows,
    options, per_day, rows, search_terms, statements_about,
)

D1, D2 = date(2026, 3, 2), date(2026, 3, 5)


def _doc(doc_id, path, when, text):
    return Document(doc_id, path, when, text[:20], len(text.split()), text)


# Paragraphs (para) as the engine records them: a statement reads out a contact or an action
# of its document in the row's paragraph or the next.
EXTRACTIONS = [
    Extraction(_doc("a", "a.txt", D1, "Putin spoke by telephone with Sheikh Tamim of Qatar."),
               [CountryMention("a", "RUS", "Russia", 3, "Russia; Moscow"),
                CountryMention("a", "QAT", "Qatar", 1, "Qatar")],
               [Actor("a", "Vladimir Putin", "RUS", "President", 2, "person")],
               [Contact("c1", "a", D1, "on Monday", "phone", ("Vladimir Putin", "Tamim bin Hamad"),
                        ("RUS", "QAT"), "Putin spoke by telephone with Sheikh Tamim.", 0)],
               [Statement("s1", "a", D1, "Dmitry Peskov", "RUS", "direct",
                          "We will talk to Tehran, 100% sure", "\"We will...\" Peskov said.", 0, 1),
                Statement("s2", "a", D1, "the White House", "USA", "reported",
                          "there was no comment", "The White House said there was no comment.",
                          0, 1),
                Statement("s5", "a", D1, "Dmitry Peskov", "RUS", "reported",
                          "the talks would go on", "Peskov said the talks would go on.", 0, 3)],
               []),
    Extraction(_doc("b", "b.txt", D2, "Macron met Pezeshkian. Israel struck Iran."),
               [CountryMention("b", "FRA", "France", 1, "France"),
                CountryMention("b", "IRN", "Iran", 2, "Iran; Iranian")],
               [],
               [Contact("c2", "b", D2, "on Thursday", "meeting", ("Emmanuel Macron", "Masoud Pezeshkian"),
                        ("FRA", "IRN"), "Macron met Pezeshkian.", 0)],
               [Statement("s3", "b", D2, "Abbas Araghchi", "IRN", "reported",
                          "the strikes were a violation of law", "Araghchi said ...", 0, 1),
                Statement("s4", "b", D2, "Ayman Safadi", "JOR", "direct",
                          "Iran must be heard", "Safadi said ...", 0, 3),
                Statement("s6", "b", D2, "a spokesman", None, "reported",
                          "the meeting was useful", "A spokesman said ...", 0, 1)],
               [Event("e1", "b", D2, "on Thursday", "strike", ("ISR",), ("IRN",),
                      "Israel struck Iran.", 2)]),
    Extraction(_doc("c", "c.txt", None, "Putin and Macron held a video call."),
               [CountryMention("c", "RUS", "Russia", 1, "Russia")], [],
               [Contact("c3", "c", None, "", "video", ("Vladimir Putin", "Emmanuel Macron"),
                        ("RUS", "FRA"), "Putin and Macron held a video call.", 0)],
               [], []),
]
FRAMES = build_frames(EXTRACTIONS, [Rejected("z.bin", "the file is binary, not text")])


@pytest.fixture(scope="module")
def disk_store(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("q") / "data")
    save_frames(store, FRAMES)
    return store


@pytest.fixture(scope="module")
def split_store(tmp_path_factory):
    """Documents a and c in a store, b (and the rejected file) uploaded on top of it."""
    store = Store(tmp_path_factory.mktemp("q") / "split")
    save_frames(store, build_frames([EXTRACTIONS[0], EXTRACTIONS[2]], []))
    uploads = MemoryStore(build_frames([EXTRACTIONS[1]], [Rejected("z.bin", "the file is "
                                                                            "binary, not text")]))
    return WithUploads(store, uploads)


@pytest.fixture(params=["disk", "memory", "store with uploads"])
def source(request, disk_store, split_store):
    return {"disk": disk_store, "memory": MemoryStore(FRAMES),
            "store with uploads": split_store}[request.param]


def ids(frame, column):
    return list(frame[column])


def statements(source, **filters):
    return set(rows(source, "statements", Filters(**filters))["statement_id"])


def test_no_filter_gives_every_contact_newest_first(source):
    assert ids(rows(source, "contacts"), "contact_id") == ["c2", "c1", "c3"]


def test_frame_order_is_the_stored_frames_order(source):
    for name in ("contacts", "statements", "countries"):
        pd.testing.assert_frame_equal(rows(source, name, order="frame"), FRAMES[name], obj=name)


def test_a_limit_keeps_the_newest(source):
    assert ids(rows(source, "statements", limit=2), "statement_id") == ["s3", "s4"]
    assert count(source, "statements") == 6


def test_a_date_range_drops_undated_rows(source):
    f = Filters(start=D1, end=D1)
    assert ids(rows(source, "contacts", f), "contact_id") == ["c1"]
    assert ids(rows(source, "documents", f), "doc_id") == ["a"]


def test_a_country_keeps_contacts_and_events_that_involve_it(source):
    f = Filters(countries=("IRN",))
    assert ids(rows(source, "contacts", f), "contact_id") == ["c2"]
    assert ids(rows(source, "events", f), "event_id") == ["e1"]


def test_a_country_keeps_the_statements_of_its_speakers(source):
    assert statements(source, countries=("RUS",)) == {"s1", "s5"}


def test_a_country_keeps_the_statements_that_name_it_as_a_word(source):
    # s4 (Safadi, JOR) says "Iran"; no statement of a document mentioning Russia says it
    assert "s4" in statements(source, countries=("IRN",))


def test_a_country_keeps_the_readout_of_its_contact_in_the_next_paragraph(source):
    # s1 (Peskov, RUS) stands in the paragraph after the call with Qatar; s5 two further on
    assert statements(source, countries=("QAT",)) == {"s1"}


def test_a_readout_is_said_by_a_party_or_by_a_speaker_of_no_country(source):
    # c2 (France-Iran) is read out in the next paragraph by s3 (Iran) and s6 (no country),
    # not by s2-like speakers of a third country; s4 (Jordan) names Iran, not France
    assert statements(source, countries=("FRA",)) == {"s3", "s6"}


def test_the_readout_rule_follows_the_other_filters(source):
    # a date range only keeps the call of March 2 and its readout
    assert statements(source, countries=("QAT",), start=D1, end=D1) == {"s1"}
    # the meeting of March 5 is not a phone call: nothing reads out a kept contact
    assert statements(source, countries=("FRA",), channels=("phone",)) == set()


def test_actors_and_channels(source):
    assert ids(rows(source, "contacts", Filters(actors=("Emmanuel Macron",))), "contact_id") == \
        ["c2", "c3"]
    assert ids(rows(source, "contacts", Filters(channels=("video", "phone"))), "contact_id") == \
        ["c1", "c3"]
    assert statements(source, actors=("Dmitry Peskov",)) == {"s1", "s5"}
    assert ids(rows(source, "actors", Filters(actors=("Vladimir Putin",))), "name") == \
        ["Vladimir Putin"]


def test_search_terms_are_literal_and_all_required(source):
    search = lambda q, **k: ids(rows(source, "statements", search=q, **k), "statement_id")  # noqa: E731
    assert search('"talk to tehran"') == ["s1"]
    assert search("100%") == ["s1"]
    assert search("% _") == []
    assert search("iran heard", kinds=["direct"]) == ["s4"]
    assert count(source, "statements", search="said", speakers=["Dmitry Peskov"]) == 2


def test_search_terms_keep_quoted_phrases():
    assert search_terms('"easing of tensions" Putin') == ["easing of tensions", "Putin"]
    assert search_terms("  ") == []


def test_user_input_is_never_sql(source):
    evil = Filters(countries=("RUS'); DROP TABLE contacts; --",), actors=("' OR 1=1 --",))
    assert rows(source, "contacts", evil).empty
    assert count(source, "contacts") == 3


def test_documents_with_a_country_are_those_with_rows_or_mentions(source):
    assert ids(rows(source, "documents", Filters(countries=("RUS",)), order="frame"),
               "doc_id") == ["a", "c"]
    assert ids(rows(source, "documents"), "doc_id") == ["b", "a", "c"]  # newest first


def test_countries_rows_of_kept_documents(source):
    found = rows(source, "countries", Filters(countries=("RUS",)))
    assert list(zip(found["doc_id"], found["iso3"])) == [("a", "RUS"), ("c", "RUS")]


def test_rejected_files_are_never_filtered(source):
    assert ids(rows(source, "rejected", Filters(countries=("XXX",))), "path") == ["z.bin"]


def test_counts_of_every_frame(source):
    assert count_rows(source) == {"documents": 3, "rejected": 1, "countries": 5,
                                  "distinct countries": 4, "actors": 1, "contacts": 3,
                                  "statements": 6, "events": 1, "exchanges": 3, "reports": 3}
    narrowed = count_rows(source, Filters(countries=("FRA",)))
    assert (narrowed["contacts"], narrowed["documents"], narrowed["distinct countries"]) == \
        (2, 2, 1)


def test_counts_are_the_rows_given(source):
    for f in (Filters(), Filters(countries=("IRN",)), Filters(start=D2),
              Filters(actors=("Vladimir Putin",)), Filters(channels=("phone",))):
        counted = count_rows(source, f)
        for name in FRAMES:
            assert counted[name] == len(rows(source, name, f)) == count(source, name, f), \
                (f, name)


def test_date_bounds(source):
    assert date_bounds(source) == (D1, D2)
    assert date_bounds(source, Filters(start=date(2030, 1, 1))) == (None, None)


def test_options_cover_everything_stored(source):
    found = options(source)
    assert found["channels"] == ["meeting", "phone", "video"]
    assert found["countries"] == ["FRA", "IRN", "ISR", "QAT", "RUS"]
    assert "Dmitry Peskov" in found["speakers"] and "Tamim bin Hamad" in found["actors"]


def test_aggregates_for_the_map_and_timeline(source):
    totals = country_totals(source).set_index("iso3")
    assert list(totals.index)[:1] == ["RUS"]
    assert tuple(totals.loc["RUS", ["documents", "mentions", "contacts", "events"]]) == \
        (2, 4, 2, 0)
    assert totals.loc["IRN", "events"] == 1
    days = per_day(source)
    assert list(zip(days["frame"], days["day"], days["rows"])) == [
        ("exchanges", "2026-03-02", 1), ("events", "2026-03-05", 1),
        ("exchanges", "2026-03-05", 1)]


def test_one_documents_text_and_rows(source):
    assert document(source, "b")["text"] == "Macron met Pezeshkian. Israel struck Iran."
    assert document(source, "nothing") is None
    parts = document_rows(source, "b")
    assert ids(parts["statements"], "statement_id") == ["s3", "s4", "s6"]
    assert list(parts) == ["countries", "actors", "contacts", "statements", "events"]
    assert doc_ids(source) == {"a", "b", "c"}


def test_the_statements_about_a_picked_call_are_its_readout(source):
    found = statements_about(source, Filters(), contact_ids=["c1"])
    assert ids(found, "statement_id") == ["s1"]


def test_the_statements_about_a_picked_call_include_its_participants_words(source):
    found = statements_about(source, Filters(), contact_ids=["c3"])
    assert found.empty  # c's document holds no statement
    assert statements_about(source, Filters()).empty  # nothing picked


def test_a_statement_after_a_picked_action_by_no_party_to_it_is_not_about_it(source):
    # Safadi (Jordan) speaks in the paragraph after the strike on Iran
    assert statements_about(source, Filters(), event_ids=["e1"]).empty


@pytest.mark.parametrize("countries", [("RUS",), ("IRN",), ("FRA", "QAT"), ("JOR",), ("USA",),
                                       ("XXX",), ("RUS|IRN",)])
def test_a_country_filter_alone_reads_the_derived_links_with_the_general_rule(
        source, countries, monkeypatch):
    # The derived columns answer a country filter alone; the general rule (joins at query
    # time, used with dates, actors or channels) must keep exactly the same rows.
    f = Filters(countries=countries)
    answers = lambda: (rows(source, "statements", f), rows(source, "documents", f),  # noqa: E731
                       count_rows(source, f), date_bounds(source, f), country_totals(source, f))
    fast = answers()
    monkeypatch.setattr("analysis.store.query._countries_alone", lambda filters: False)
    for a, b in zip(fast, answers()):
        if isinstance(a, pd.DataFrame):
            pd.testing.assert_frame_equal(a, b)
        else:
            assert a == b
