"""Tests for analysis.engine.actors: one canonical name, title and country per person."""
from datetime import date

import pytest

from analysis.engine.actors import find_actors, holder

DAY = date(2026, 3, 3)


def people(text, when=DAY):
    actors = find_actors(text, doc_date=when)
    return {(p.name, p.country) for p in actors.people if p.kind == "person"}


def test_leader_named_in_full_gets_the_table_name():
    assert ("Mohammed bin Salman", "SAU") in people(
        "Crown Prince and Chairman of the Council of Ministers of the Kingdom of Saudi Arabia, "
        "Mohammed bin Salman, spoke.")


def test_title_with_of_country_resolves_to_the_named_holder():
    found = people("Putin spoke with the King of Bahrain, Hamad bin Isa Al Khalifa.")
    assert ("Hamad bin Isa Al Khalifa", "BHR") in found


def test_title_alone_resolves_to_the_holder_on_the_document_date():
    assert holder("King", "BHR", on=date(2026, 3, 2)) == "Hamad bin Isa Al Khalifa"


def test_unknown_person_after_title_takes_the_adjective_country():
    assert ("Arieh Mekel", "ISR") in people("Israeli spokesman Arieh Mekel says it will go on.")


def test_later_surname_refers_to_the_same_person():
    actors = find_actors("Kremlin spokesman Dmitry Peskov spoke. Later Peskov added more.",
                         doc_date=DAY)
    named = [actors.people[m.person].name for m in actors.mentions
             if actors.people[m.person].kind == "person"]
    assert named == ["Dmitry Peskov", "Dmitry Peskov"]


def test_patronymic_is_not_the_father():
    found = people("He met Crown Prince Salman bin Hamad bin Isa Al Khalifa in Manama.",
                   date(2021, 9, 7))
    assert ("Hamad bin Isa Al Khalifa", "BHR") not in found
    assert any(name.startswith("Salman bin Hamad") for name, _ in found)


def test_seat_of_government_is_an_institution():
    actors = find_actors("The readout, the Kremlin said.", doc_date=DAY)
    assert [(p.name, p.country, p.kind) for p in actors.people] == [
        ("the Kremlin", "RUS", "institution")]


def test_a_bare_title_belongs_to_the_publishing_government():
    actors = find_actors("The Prime Minister spoke to the Sultan of Oman this morning.",
                         doc_date=date(2025, 6, 22), publisher=(True, "GBR"))
    assert ("Keir Starmer", "GBR") in {(p.name, p.country) for p in actors.people}


def test_a_bare_title_with_no_evidence_of_its_government_keeps_no_country():
    actors = find_actors("The Prime Minister spoke to the Sultan of Oman this morning about "
                         "the programme.", doc_date=date(2025, 6, 22))
    assert all(p.country != "GBR" for p in actors.people)


def test_a_seat_of_government_gives_a_bare_title_its_country():
    found = people("The Prime Minister held talks with His Majesty King Abdullah II of Jordan "
                   "in Downing Street today.", date(2023, 11, 6))
    assert ("Rishi Sunak", "GBR") in found and ("Abdullah II", "JOR") in found


def test_a_person_the_tables_do_not_know_is_a_person_with_the_country_after_the_name():
    assert ("Kofi Mensah", "GHA") in people("President Kofi Mensah of Ghana spoke on Monday.")


def test_a_possessive_country_before_the_title_gives_the_country():
    assert ("Rosa Ortega", "CHL") in people("Chile's President Rosa Ortega spoke on Monday.")


def test_an_appositive_title_gives_title_and_country():
    actors = find_actors("Tran Van Minh, Vietnam's deputy foreign minister, spoke on Monday.",
                         doc_date=DAY)
    assert [(p.name, p.country) for p in actors.people] == [("Tran Van Minh", "VNM")]


def test_spellings_of_one_name_in_a_document_are_one_person():
    found = people("Sheikh Tamim bin Hamad Al-Thani spoke. Later Tamim bin Hamad Al Thani "
                   "left, and Al-Thani flew home.")
    assert found == {("Tamim bin Hamad Al-Thani", "QAT")}


def test_a_single_name_that_acts_is_a_person():
    actors = find_actors("The vote was close. Kowalczyk said the result was fair.", doc_date=DAY)
    assert [p.name for p in actors.people] == ["Kowalczyk"]


def test_a_title_case_headline_makes_no_people():
    actors = find_actors("Trade Talks Resume After Winter Break\n\nThe talks resumed.",
                         doc_date=DAY)
    assert actors.people == []


def test_a_bare_title_refers_to_the_person_named_with_it():
    actors = find_actors("Vice President Dana Wells met the press. The Vice President "
                         "thanked them.", doc_date=DAY)
    named = [actors.people[m.person].name for m in actors.mentions]
    assert named == ["Dana Wells", "Dana Wells"]


def test_a_modified_title_keeps_the_country_its_office_implies():
    assert ("Grace Okafor", "USA") in people("Deputy Secretary of State Grace Okafor met "
                                             "reporters.")


def test_pm_is_the_prime_minister():
    actors = find_actors("PM Lena Hart spoke to reporters.", doc_date=DAY)
    assert [(p.name, p.title) for p in actors.people] == [("Lena Hart", "Prime Minister")]


def test_a_family_name_first_finds_the_table_name():
    assert ("Fumio Kishida", "JPN") in {(p.label, p.country) for p in find_actors(
        "Prime Minister Kishida Fumio spoke.", doc_date=date(2023, 5, 1)).people}


@pytest.mark.parametrize("text", [
    "Operation Desert Lantern began at dawn and lasted a week.",
    "Dissatisfaction was expressed with the pace of the talks.",
    "I've said it before and the talks went on.",
    "FOR IMMEDIATE RELEASE the talks went on.",
    "Echoing Austin, the envoy said the talks went on.",
    "The Abraham Accords and the Korean Peninsula were discussed.",
    "The law replaced Every Pupil Counts Twice, though every pupil counts and no one twice.",
])
def test_names_of_things_are_no_people(text):
    assert [p.name for p in find_actors(text, doc_date=DAY).people if p.kind == "person"
            and p.name != "Austin"] == []


def test_a_title_after_is_or_was_gives_the_role_and_country():
    found = people("Report of the day\n\nMaria Lenz is Austria's foreign minister. Tomas Brandt "
                   "was the German ambassador to Rome.")
    assert {("Maria Lenz", "AUT"), ("Tomas Brandt", "DEU")} <= found
