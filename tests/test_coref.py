"""Tests for analysis.engine.coref: who "he", "she" and an implied subject refer to."""
from datetime import date

from analysis.engine.actors import find_actors
from analysis.engine.coref import Salience
from analysis.engine.gazetteer import find_countries
from analysis.engine.sentences import split_sentences


def resolve(text, marker, gender=""):
    """The name a pronoun at the first ``marker`` in ``text`` resolves to, or None."""
    places = find_countries(text)
    actors = find_actors(text, doc_date=date(2024, 5, 1), places=places)
    salience = Salience(text, split_sentences(text), actors)
    index = salience.resolve(text.index(marker), gender)
    return None if index is None else actors.people[index].name


def test_a_pronoun_refers_to_the_subject_before_not_the_last_name():
    text = ("Governor Ana Ruiz criticised Senator Paul Grant on Monday. He was wrong, "
            "she said.")
    assert resolve(text, "she said", "f") == "Ana Ruiz"


def test_the_subject_after_a_fronted_phrase_counts():
    text = ("Speaking to reporters in Lagos, Foreign Minister Tunde Bello praised the talks. "
            "He added more.")
    assert resolve(text, "He added", "m") == "Tunde Bello"


def test_a_pronoun_skips_a_subject_of_the_other_gender():
    text = ("Mr. Harold Weiss spoke first. Mrs. Clara Weiss answered questions for an hour. "
            "Later he left.")
    assert resolve(text, "he left", "m") == "Harold Weiss"


def test_a_given_name_shows_the_gender():
    text = "Maria Lopez met Thomas Berg on Friday. Berg thanked the hosts. Then she left."
    assert resolve(text, "she left", "f") == "Maria Lopez"


def test_a_spokesman_of_an_institution_is_the_subject():
    text = "Kremlin spokesman Ivan Sokolov spoke briefly. Then he left."
    assert resolve(text, "he left", "m") == "Ivan Sokolov"


def test_no_person_named_resolves_to_nothing():
    assert resolve("It rained all day. He stayed at home.", "He stayed", "m") is None
