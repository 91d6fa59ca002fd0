"""Tests for analysis.engine.names: one key for the spellings of one person's name."""
import pytest

from analysis.engine.names import ascii_fold, name_key, same_person


@pytest.mark.parametrize("a, b", [
    ("Abdel Fattah el-Sisi", "Abdel Fattah Al-Sisi"),
    ("Abdel Fattah Al Sisi", "Abdel Fattah el-Sisi"),
    ("Recep Tayyip Erdoğan", "Recep Tayyip Erdogan"),
    ("Tamim bin Hamad Al Thani", "Tamim bin Hamad Al-Thani"),
    ("Khalid bin Mohamed Al Attiyah", "Khalid bin Mohammed Al-Attiyah"),
    ("Muhammad Yunus", "Mohammed Yunus"),
    ("Lloyd J. Austin III", "Lloyd Austin"),
    ("Joseph R. Biden, Jr.", "Joseph Biden"),
])
def test_spellings_of_one_name_share_a_key(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize("a, b", [
    ("Hamad bin Isa Al Khalifa", "Salman bin Hamad Al Khalifa"),
    ("Mohammed bin Salman", "Mohammed bin Zayed"),
    ("Hamad", "Hamid"),
])
def test_different_names_keep_different_keys(a, b):
    assert name_key(a) != name_key(b)


def test_diacritics_fold_to_ascii():
    assert ascii_fold("Łukasz Müller-Øberg") == "Lukasz Muller-Oberg"


@pytest.mark.parametrize("short, full", [
    ("Austin", "Lloyd J. Austin III"),
    ("Tamim", "Tamim bin Hamad Al Thani"),
    ("Al-Thani", "Tamim bin Hamad Al Thani"),
    ("Erdogan", "Recep Tayyip Erdoğan"),
])
def test_a_short_form_names_the_full_one(short, full):
    assert same_person(short, full)


def test_a_name_inside_a_patronymic_is_not_the_person():
    assert not same_person("Hamad", "Tamim bin Hamad Al Thani")


def test_an_empty_name_has_an_empty_key():
    assert name_key("—") == ""


def test_a_father_named_in_a_patronymic_is_not_the_son():
    assert not same_person("Hamad bin Isa Al Khalifa", "Salman bin Hamad bin Isa Al Khalifa")


def test_a_surname_after_a_given_name_like_a_particle_names_the_person():
    # "Ben" as a given name is no patronymic "ben"
    assert same_person("Okafor", "Ben Okafor")
