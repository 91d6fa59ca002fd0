"""Tests for analysis.engine.linking, on documents read by the real engine: one call told by
two governments, a statement told twice, and the sides of a joint statement."""
from datetime import date

from analysis.engine.extract import extract
from analysis.engine.linking import link
from analysis.engine.records import Document

ROME = ("Prime Minister Margaret Hollis of the United Kingdom spoke by telephone with Italian "
        "Prime Minister Giorgia Meloni on Monday.\n\nThe two leaders agreed to deepen "
        "cooperation on migration.")
LONDON = ("Italian Prime Minister Giorgia Meloni had a phone call with British Prime Minister "
          "Margaret Hollis yesterday.\n\nMeloni said the talks covered energy security across "
          "the Mediterranean region.")
PARIS = ("Italian Prime Minister Giorgia Meloni returned to Rome on Tuesday.\n\nMeloni said "
         "the talks covered energy security across the wider Mediterranean region.")


def _read(name: str, day: date, text: str):
    return extract(Document(name, f"{name}.txt", day, "", len(text.split()), text))


def _linked(*extractions):
    return link([c for e in extractions for c in e.contacts],
                [s for e in extractions for s in e.statements],
                {e.document.doc_id: e.document.date for e in extractions})


def test_two_governments_readouts_of_one_call_are_one_exchange():
    rome, london = _read("rome", date(2026, 5, 5), ROME), _read("london", date(2026, 5, 5), LONDON)
    linked = _linked(rome, london)
    assert len(linked.exchanges) == 1
    exchange = linked.exchanges[0]
    assert exchange.documents == 2 and exchange.date == date(2026, 5, 4)
    assert {c.exchange_id for c in linked.contacts} == {exchange.exchange_id}


def test_the_same_call_on_another_day_is_another_exchange():
    linked = _linked(_read("rome", date(2026, 5, 5), ROME),
                     _read("london", date(2026, 5, 12), LONDON))
    assert len(linked.exchanges) == 2


def test_a_statement_told_in_two_documents_is_one_group():
    linked = _linked(_read("london", date(2026, 5, 5), LONDON),
                     _read("paris", date(2026, 5, 5), PARIS))
    energy = [s for s in linked.statements if "energy security" in s.text]
    assert len(energy) == 2
    assert len({s.statement_group_id for s in energy}) == 1
    assert {s.group_documents for s in energy} == {2}


def test_a_joint_statement_names_the_sides_with_their_ids():
    rome = _read("rome", date(2026, 5, 5), ROME)
    joint = [s for s in rome.statements if s.joint]
    assert joint and all(s.speaker.startswith(("Margaret Hollis and Giorgia Meloni",
                                               "Giorgia Meloni and Margaret Hollis"))
                         for s in joint)
    assert set(joint[0].speaker_ids) == set(rome.contacts[0].participant_ids)
    assert all(not s.joint for s in rome.statements if s not in joint)


def test_a_speaker_named_in_the_document_carries_its_actor_id():
    london = _read("london", date(2026, 5, 5), LONDON)
    meloni = next(a for a in london.actors if a.name == "Giorgia Meloni")
    said = [s for s in london.statements if s.speaker == "Giorgia Meloni"]
    assert said and all(s.speaker_ids == (meloni.actor_id,) for s in said)
