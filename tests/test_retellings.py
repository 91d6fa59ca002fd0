"""Tests for analysis.engine.retellings: one statement told by several documents is one group."""
from analysis.engine.records import Statement
from analysis.engine.retellings import group


def st(sid, doc, speaker, text):
    return Statement(sid, doc, None, speaker, None, "direct", text, text, 0)


SAID = "We will continue to work for a ceasefire and the release of all hostages"


def test_the_same_words_of_one_speaker_in_two_documents_are_one_group():
    groups = group([st("a", "d1", "Ingrid Halvorsen", SAID),
                    st("b", "d2", "Ingrid Halvorsen", SAID + ".")])
    assert groups["a"] == groups["b"] and groups["a"].documents == 2


def test_nearly_the_same_words_and_another_spelling_of_the_name_are_one_group():
    groups = group([st("a", "d1", "Tamim bin Hamad Al Thani", SAID),
                    st("b", "d2", "Tamim bin Hamad Al-Thani",
                       "We will continue to work for a ceasefire and the release of hostages")])
    assert groups["a"].group_id == groups["b"].group_id


def test_the_same_words_of_two_speakers_are_two_groups():
    groups = group([st("a", "d1", "Ingrid Halvorsen", SAID), st("b", "d2", "Paul Ruiz", SAID)])
    assert groups["a"].group_id != groups["b"].group_id
    assert groups["a"].documents == 1


def test_other_words_of_one_speaker_are_another_group():
    groups = group([st("a", "d1", "Ingrid Halvorsen", SAID),
                    st("b", "d2", "Ingrid Halvorsen", "The talks failed and we regret it deeply")])
    assert groups["a"].group_id != groups["b"].group_id


def test_a_statement_with_no_speaker_is_a_group_of_its_own():
    groups = group([st("a", "d1", "", SAID), st("b", "d2", "", SAID)])
    assert groups["a"].group_id != groups["b"].group_id and groups["a"].documents == 1


def test_the_group_id_does_not_depend_on_the_order_of_documents():
    a = st("a", "d1", "Ingrid Halvorsen", SAID)
    b = st("b", "d2", "Ingrid Halvorsen", SAID)
    assert group([a, b])["a"].group_id == group([b, a])["a"].group_id
