"""Tests for analysis.engine.sentences: sentence splitting with offsets."""
from analysis.engine.sentences import split_sentences


def texts(body):
    return [s.text for s in split_sentences(body)]


def test_offsets_point_at_the_sentence():
    body = "First one. Second one.\n\nThird."
    assert all(body[s.start:s.end] == s.text for s in split_sentences(body))


def test_paragraphs_are_numbered():
    assert [s.para for s in split_sentences("A b.\n\nC d. E f.")] == [0, 1, 1]


def test_abbreviations_and_initials_do_not_end_a_sentence():
    body = "Secretary of Defense Lloyd J. Austin III met on Sept. 7 with U.S. officials. He left."
    assert texts(body) == ["Secretary of Defense Lloyd J. Austin III met on Sept. 7 with U.S. "
                           "officials.", "He left."]


def test_a_quotation_of_several_sentences_stays_with_its_attribution():
    body = '"Putin will act. We discussed it yesterday," the Kremlin spokesman Dmitry Peskov said.'
    assert texts(body) == [body]


def test_empty_body_has_no_sentences():
    assert split_sentences("  \n ") == []
