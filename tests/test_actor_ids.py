"""Tests for analysis.engine.actor_ids: one id per person across documents."""
from analysis.engine.actor_ids import DocumentActors, actor_id
from analysis.engine.records import Actor


def test_spellings_of_one_name_share_an_id():
    assert actor_id("Abdel Fattah el-Sisi") == actor_id("Abdel Fattah Al Sisi")
    assert actor_id("Recep Tayyip Erdoğan") == actor_id("Recep Tayyip Erdogan")


def test_a_short_form_the_leaders_table_knows_is_the_canonical_person():
    assert actor_id("Joe Biden") == actor_id("Joseph R. Biden, Jr.")


def test_two_people_of_one_family_have_two_ids():
    assert actor_id("Hamad bin Isa Al Khalifa") != actor_id("Salman bin Hamad Al Khalifa")


def test_a_person_and_an_institution_of_one_name_have_two_ids():
    assert actor_id("Sheikh Zayed", "person") != actor_id("Sheikh Zayed", "institution")


def test_a_name_with_no_letters_has_no_id():
    assert actor_id(" - ") == ""


def _actor(name, kind="person"):
    return Actor("d", name, "GBR", "", 1, kind, actor_id(name, kind))


def test_a_surname_finds_the_one_person_of_the_document():
    known = DocumentActors([_actor("Margaret Hollis"), _actor("Daniel Okafor")])
    assert known.find("Hollis").name == "Margaret Hollis"
    assert known.id_of("Hollis") == actor_id("Margaret Hollis")


def test_a_surname_two_people_share_finds_nobody():
    known = DocumentActors([_actor("Margaret Hollis"), _actor("Peter Hollis")])
    assert known.find("Hollis") is None


def test_a_description_is_no_actor():
    assert DocumentActors([_actor("Margaret Hollis")]).find("a senior official") is None
