"""Tests for analysis.events through the whole engine: actions between states."""
from analysis.documents import parse_text
from analysis.pipeline import extract_document


def events(text):
    doc = parse_text(text, path="t.txt")
    return [(e.type, e.actors, e.targets, e.date.isoformat() if e.date else None)
            for e in extract_document(doc).events]


def test_joint_strike_has_both_actors():
    assert events("date 2026-03-03 The US and Israel launched joint strikes against Iran on "
                  "Saturday.") == [("strike", ("ISR", "USA"), ("IRN",), "2026-02-28")]


def test_since_then_continues_the_previous_date():
    found = events("date 2026-03-03 The US and Israel launched joint strikes against Iran on "
                   "Saturday. Since then, Iran has targeted multiple US bases.")
    assert ("strike", ("IRN",), ("USA",), "2026-02-28") in found


def test_actor_is_the_subject_of_the_cue_clause():
    found = events("date 2026-03-03 Russian President Vladimir Putin is in contact with leaders "
                   "as Iran is retaliating with massive strikes on the US facilities.")
    assert found == [("strike", ("IRN",), ("USA",), "2026-03-03")]


def test_threat_is_no_event():
    assert events("date 2026-03-03 Israel could strike Iran.") == []


def test_sentence_with_one_country_is_no_event():
    assert events("date 2026-03-03 Iran was attacked.") == []


def test_a_list_of_actors_is_one_subject():
    found = events("date 2011-03-20 The United States, the United Kingdom and France launched "
                   "missile strikes against Libya on Saturday.")
    assert found == [("strike", ("FRA", "GBR", "USA"), ("LBY",), "2011-03-19")]


def test_the_state_condemning_a_strike_is_not_its_actor():
    assert events("date 2023-04-07 Iran on Friday condemned an Israeli air strike on Damascus.") \
        == [("strike", ("ISR",), ("SYR",), "2023-04-07")]
