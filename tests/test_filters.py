"""The dashboard's filter rules (dashboard/filters.py), on the seed's hand-written frames."""
from datetime import date

import pytest

from dashboard.filters import (Filters, apply_filters, date_bounds, linked_statements,
                               paragraph_index, paragraphs, search_statements, search_terms)
from dashboard_seed import empty_frames, seed_frames


@pytest.fixture(scope="module")
def frames():
    return seed_frames()


def test_no_filter_returns_every_row(frames):
    out = apply_filters(frames, Filters())
    assert all(len(out[k]) == len(frames[k]) for k in frames)


def test_country_keeps_that_countrys_contact(frames):
    out = apply_filters(frames, Filters(countries=("QAT",)))
    assert out["contacts"]["participants"].tolist() == ["Vladimir Putin; Tamim bin Hamad Al Thani"]
    assert out["events"].empty
    assert out["countries"]["iso3"].tolist() == ["QAT"]
    assert len(out["documents"]) == 1


def test_country_keeps_the_statement_that_reads_out_its_call(frames):
    out = apply_filters(frames, Filters(countries=("QAT",)))
    assert out["statements"]["statement_id"].tolist() == ["s2"]


def test_country_keeps_statements_of_its_speakers(frames):
    out = apply_filters(frames, Filters(countries=("RUS",)))
    assert out["statements"]["statement_id"].tolist() == ["s1", "s2", "s3"]
    assert len(out["contacts"]) == 4


def test_country_keeps_actions_by_or_against_it(frames):
    out = apply_filters(frames, Filters(countries=("IRN",)))
    assert out["events"]["event_id"].tolist() == ["e1", "e2"]
    assert out["contacts"].empty


def test_date_range_is_inclusive(frames):
    out = apply_filters(frames, Filters(start=date(2026, 2, 28), end=date(2026, 2, 28)))
    assert out["events"]["event_id"].tolist() == ["e1"]
    assert out["contacts"].empty and out["statements"].empty


def test_date_range_drops_unknown_dates(frames):
    changed = dict(frames)
    changed["contacts"] = frames["contacts"].assign(date=["", "2026-03-02", "", ""])
    out = apply_filters(changed, Filters(start=date(2026, 3, 1)))
    assert out["contacts"]["contact_id"].tolist() == ["c2"]


def test_actor_keeps_their_contacts_and_statements(frames):
    out = apply_filters(frames, Filters(actors=("Dmitry Peskov",)))
    assert out["statements"]["statement_id"].tolist() == ["s1"]
    assert out["contacts"].empty
    out = apply_filters(frames, Filters(actors=("Mohammed bin Zayed Al Nahyan",)))
    assert out["contacts"]["contact_id"].tolist() == ["c4"]


def test_channel_narrows_contacts_only(frames):
    out = apply_filters(frames, Filters(channels=("meeting",)))
    assert out["contacts"].empty
    assert len(out["statements"]) == 3 and len(out["events"]) == 2


def test_filter_matching_nothing_gives_empty_frames_with_columns(frames):
    out = apply_filters(frames, Filters(countries=("FRA",)))
    for name in ("contacts", "statements", "events", "countries", "documents"):
        assert out[name].empty
        assert list(out[name].columns) == list(frames[name].columns)


def test_empty_frames_survive_every_filter():
    f = Filters(start=date(2026, 1, 1), countries=("QAT",), actors=("x",), channels=("phone",))
    out = apply_filters(empty_frames(), f)
    assert all(out[k].empty for k in out)


def test_date_bounds(frames):
    assert date_bounds(frames) == (date(2026, 2, 28), date(2026, 3, 3))
    assert date_bounds(empty_frames()) == (None, None)


def test_search_terms_keep_quoted_phrases():
    assert search_terms('"easing of tensions" Putin') == ["easing of tensions", "Putin"]
    assert search_terms("  ") == []


def test_search_finds_peskovs_quote(frames):
    found = search_statements(frames["statements"], "easing of tensions")
    assert found["speaker"].tolist() == ["Dmitry Peskov"]


def test_search_is_case_insensitive_and_narrows_by_kind(frames):
    assert len(search_statements(frames["statements"], "PUTIN")) == 2
    assert search_statements(frames["statements"], "", kinds=["reported"])[
        "statement_id"].tolist() == ["s3"]
    assert search_statements(frames["statements"], "", speakers=["the Kremlin"])[
        "statement_id"].tolist() == ["s2", "s3"]


def test_paragraph_index_normalises_white_space_and_quotes():
    paras = paragraphs("One.\n\nTwo  words\nhere.\n\n“Three”")
    assert paras == ["One.", "Two  words\nhere.", "“Three”"]
    assert paragraph_index(paras, "two words here") == 1
    assert paragraph_index(paras, '"Three"') == 2
    assert paragraph_index(paras, "absent") == -1


def test_linked_statements_are_in_the_next_paragraph_of_the_contact(frames):
    saudi = frames["contacts"][frames["contacts"]["contact_id"] == "c1"]
    assert not linked_statements(frames["statements"], saudi).any()
    gulf = frames["contacts"][frames["contacts"]["contact_id"] == "c2"]
    linked = frames["statements"][linked_statements(frames["statements"], gulf)]
    assert linked["statement_id"].tolist() == ["s2"]


def test_statements_for_a_picked_call_are_its_readout(frames):
    from dashboard.filters import statements_for_selection
    picked = statements_for_selection(frames["statements"], frames["contacts"], frames["events"],
                                      contact_ids=["c3"])
    assert picked["statement_id"].tolist() == ["s2"]


def test_statements_for_nothing_picked_are_none(frames):
    from dashboard.filters import statements_for_selection
    assert statements_for_selection(frames["statements"], frames["contacts"],
                                    frames["events"]).empty


def test_statements_for_a_picked_call_include_its_participants_words(frames):
    from dashboard.filters import statements_for_selection
    changed = frames["statements"].assign(speaker=["Vladimir Putin", "the Kremlin", "x"])
    picked = statements_for_selection(changed, frames["contacts"], frames["events"],
                                      contact_ids=["c1"])
    assert picked["statement_id"].tolist() == ["s1"]
