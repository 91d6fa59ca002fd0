"""Tests for analysis.engine.contacts through the whole engine: who spoke with whom, how, when."""
from datetime import date

import pytest

from analysis.engine.contacts import find_cue
from analysis.engine.documents import parse_text
from analysis.engine.pipeline import extract_document


def contacts(text):
    doc = parse_text(text, path="t.txt")
    return [(c.date.isoformat() if c.date else None, c.channel, c.countries)
            for c in extract_document(doc).contacts]


@pytest.mark.parametrize("sentence, channel", [
    ("Putin spoke by telephone with leaders of Bahrain.", "phone"),
    ("The two held a video conference.", "video"),
    ("Austin met with King Abdullah II.", "meeting"),
    ("Cheney visited Riyadh.", "visit"),
    ("Biden sent a letter to Netanyahu.", "letter"),
])
def test_cue_channel(sentence, channel):
    assert find_cue(sentence).channel == channel


def test_future_meeting_is_no_cue():
    assert find_cue("Cheney will also meet the Saudi Crown Prince.") is None


def test_list_of_countries_gives_one_call_each():
    found = contacts("date 2026-03-03 Putin spoke by telephone with leaders of Bahrain, Qatar "
                     "and Kuwait on Monday.")
    assert sorted(c[2] for c in found) == [("RUS", "BHR"), ("RUS", "KWT"), ("RUS", "QAT")]
    assert {c[0] for c in found} == {"2026-03-02"}


def test_yesterday_is_the_day_before_the_document():
    found = contacts("date 2018-06-03 Prime Minister Theresa May spoke with Saudi Arabian "
                     "Crown Prince Mohammed bin Salman yesterday on the phone.")
    assert found == [("2018-06-02", "phone", ("GBR", "SAU"))]


def test_same_call_told_twice_is_one_contact():
    found = contacts("date 2018-06-03 Prime Minister Theresa May spoke with Saudi Arabian Crown "
                     "Prince Mohammed bin Salman.\n\nPrime Minister Theresa May spoke with the "
                     "Saudi Arabian Crown Prince Mohammed bin Salman yesterday on the phone.")
    assert found == [("2018-06-02", "phone", ("GBR", "SAU"))]


def test_two_counterparts_of_one_country_are_two_meetings():
    found = contacts("date 2021-09-08 Secretary of Defense Lloyd J. Austin III met on September 7 "
                     "with King Hamad bin Isa Al Khalifa and with Crown Prince Salman bin Hamad "
                     "bin Isa Al Khalifa in Manama.")
    assert found == [("2021-09-07", "meeting", ("USA", "BHR"))] * 2


def test_domestic_meeting_is_no_diplomatic_contact():
    assert contacts("date 2010-05-16 President Barack Obama met Secretary of State Hillary "
                    "Clinton.") == []


def test_undated_call_in_an_undated_document_has_no_date():
    found = contacts("Putin spoke by telephone with Emir Tamim bin Hamad Al Thani.")
    assert found == [(None, "phone", ("RUS", "QAT"))]


def test_title_before_a_known_leader_is_that_leader_not_a_namesake_office():
    found = contacts("date 2023-10-22 Readout of a call with Israel\n\nPresident Joseph R. Biden, "
                     "Jr. spoke today with Prime Minister Benjamin Netanyahu of Israel.")
    assert found == [("2023-10-22", "phone", ("USA", "ISR"))]


def test_uk_readout_prime_minister_and_a_counterpart_after_a_title_line():
    found = contacts("date 2024-10-03 PM call with President of the UAE: 2 October 2024\n\nThe "
                     "Prime Minister spoke to the President of the United Arab Emirates, Sheikh "
                     "Mohamed bin Zayed, this evening. He reiterated the UK's condemnation.")
    assert found == [("2024-10-03", "phone", ("GBR", "ARE"))]


def test_a_received_phone_call_is_a_call():
    found = contacts("date 2024-11-12 Amir of the State of Qatar Sheikh Tamim bin Hamad Al-Thani "
                     "received a phone call on Monday from President of the Islamic Republic of "
                     "Iran Masoud Pezeshkian.")
    assert found == [("2024-11-11", "phone", ("QAT", "IRN"))]


def test_a_meeting_on_the_sidelines_with_an_explicit_date():
    found = contacts("date 2025-02-14 Secretary of State Marco Rubio met with Saudi Foreign "
                     "Minister Prince Faisal bin Farhan Al Saud on the sidelines of the Munich "
                     "Security Conference on February 13.")
    assert found == [("2025-02-13", "meeting", ("USA", "SAU"))]


def test_one_conversation_with_two_counterparts_is_one_contact():
    found = contacts("date 2024-05-01 President Ilse Maurer of Austria had a telephone "
                     "conversation with President Jan Novak of Slovakia and Prime Minister "
                     "Eva Horvath of Hungary.")
    assert found == [("2024-05-01", "phone", ("AUT", "SVK", "HUN"))]


def test_two_principals_meeting_a_third_is_one_trilateral_meeting():
    found = contacts("date 2024-05-01 Norwegian Foreign Minister Lars Dahl and Danish Foreign "
                     "Minister Mette Krogh met with Swedish Foreign Minister Anna Berg.")
    assert found == [("2024-05-01", "meeting", ("NOR", "DNK", "SWE"))]


def test_calls_with_a_list_are_separate_contacts():
    found = contacts("date 2024-05-01 President Ilse Maurer of Austria held phone calls with "
                     "President Jan Novak of Slovakia and Prime Minister Eva Horvath of Hungary.")
    assert sorted(c[2] for c in found) == [("AUT", "HUN"), ("AUT", "SVK")]


def test_meetings_held_separately_are_separate_contacts():
    found = contacts("date 2024-05-01 President Ilse Maurer of Austria met separately with "
                     "President Jan Novak of Slovakia and Prime Minister Eva Horvath of Hungary.")
    assert len(found) == 2


def test_a_person_unknown_to_the_tables_gets_the_country_the_text_gives():
    found = contacts("date 2024-05-01 Vice President Dana Wells of the United States spoke by "
                     "phone with President Kofi Mensah of Ghana.")
    assert found == [("2024-05-01", "phone", ("USA", "GHA"))]


def test_a_possessive_country_before_the_title_gives_the_country():
    found = contacts("date 2024-05-01 Chile's President Rosa Ortega met Peru's Foreign Minister "
                     "Luis Quispe in Santiago.")
    assert found == [("2024-05-01", "meeting", ("CHL", "PER"))]


def test_a_counterpart_with_no_country_takes_the_place_of_the_meeting():
    found = contacts("date 2024-05-01 Dutch Foreign Minister Pieter de Vries met in Hanoi with "
                     "Deputy Foreign Minister Tran Van Minh.")
    assert found == [("2024-05-01", "meeting", ("NLD", "VNM"))]


def test_a_pronoun_subject_is_the_principal_named_before():
    found = contacts("date 2024-05-01 Foreign Minister Pieter de Vries of the Netherlands "
                     "arrived in Accra on Monday.\n\nHe met President Kofi Mensah of Ghana.")
    assert found == [("2024-05-01", "meeting", ("NLD", "GHA"))]


def test_a_meeting_discussed_as_a_topic_is_no_new_contact():
    found = contacts("date 2024-05-01 President Kofi Mensah of Ghana spoke by phone with "
                     "President Ilse Maurer of Austria. They discussed Maurer's meetings in "
                     "Lagos with Nigerian officials.")
    assert found == [("2024-05-01", "phone", ("GHA", "AUT"))]


@pytest.mark.parametrize("sentence", [
    "President Ilse Maurer of Austria did not meet President Jan Novak of Slovakia.",
    "President Ilse Maurer of Austria is scheduled to meet President Jan Novak of Slovakia.",
    "President Ilse Maurer of Austria hopes to speak with President Jan Novak of Slovakia soon.",
])
def test_a_planned_or_negated_exchange_is_no_contact(sentence):
    assert contacts("date 2024-05-01 " + sentence) == []


def test_an_exchange_talked_about_has_its_own_parties_and_no_day():
    found = contacts("date 2024-05-01 President Kofi Mensah of Ghana spoke by phone with "
                     "President Ilse Maurer of Austria. The call also addressed Norwegian Prime "
                     "Minister Lars Dahl's letter to President Jan Novak of Slovakia.")
    assert found == [("2024-05-01", "phone", ("GHA", "AUT")), (None, "letter", ("NOR", "SVK"))]


def test_a_meeting_during_a_trip_with_no_day_has_no_date():
    found = contacts("date 2024-05-01 During his visit to Accra, Foreign Minister Pieter de "
                     "Vries of the Netherlands met President Kofi Mensah of Ghana.")
    assert found == [(None, "meeting", ("NLD", "GHA"))]


def test_receiving_a_leader_is_a_meeting():
    found = contacts("date 2024-05-01 President Ilse Maurer of Austria received President Kofi "
                     "Mensah of Ghana in Vienna.")
    assert found == [("2024-05-01", "meeting", ("AUT", "GHA"))]


def test_criticising_a_visit_is_no_contact():
    found = contacts("date 2024-05-01 Foreign Minister Pieter de Vries of the Netherlands "
                     "criticised the visit of President Kofi Mensah of Ghana.")
    assert found == []


def test_the_readouts_own_president_is_not_the_counterpart_of_that_title():
    found = contacts("date 2025-03-06 The President spoke with President Kofi Mensah of Ghana "
                     "on Wednesday, the White House said.")
    assert found == [("2025-03-05", "phone", ("USA", "GHA"))]


def participants(text):
    doc = parse_text("date 2024-03-08 Report of the day\n\n" + text, path="t.txt")
    return [(c.participants, c.countries) for c in extract_document(doc).contacts]


def test_two_subjects_joined_by_and_met_each_other():
    found = participants("Austrian Chancellor Lena Hart and German Chancellor Tomas Brandt met "
                         "in Vienna on Friday.")
    assert found == [(("Lena Hart", "Tomas Brandt"), ("AUT", "DEU"))]


def test_three_subjects_joined_by_and_are_one_meeting():
    found = participants("Austrian Chancellor Lena Hart, German Chancellor Tomas Brandt and "
                         "Swiss President Ada Roth met in Bern on Friday.")
    assert found == [(("Lena Hart", "Tomas Brandt", "Ada Roth"), ("AUT", "DEU", "CHE"))]


def test_subjects_who_agree_to_meet_have_not_met():
    assert participants("Austrian Chancellor Lena Hart and German Chancellor Tomas Brandt "
                        "confirmed their plan to meet in Vienna.") == []


def test_a_role_noun_after_a_country_adjective_gives_the_country():
    found = participants("Foreign Minister Lena Hart of Austria spoke by phone with her Polish "
                         "counterpart Marek Nowak on Monday.")
    assert found == [(("Lena Hart", "Marek Nowak"), ("AUT", "POL"))]


def test_a_given_name_of_two_hyphened_syllables_is_a_name():
    found = participants("Foreign Minister Lena Hart of Austria spoke by phone with South Korean "
                         "Foreign Minister Park Min-jun on Monday.")
    assert found == [(("Lena Hart", "Park Min-jun"), ("AUT", "KOR"))]


def test_a_contact_in_a_where_clause_is_the_travellers():
    found = participants("Austrian Chancellor Lena Hart travelled to Berlin, where she met "
                         "German Chancellor Tomas Brandt on Friday.")
    assert found == [(("Lena Hart", "Tomas Brandt"), ("AUT", "DEU"))]


def test_a_portfolio_after_a_title_is_no_part_of_the_name():
    found = participants("Foreign Minister Lena Hart of Austria met Polish Secretary of National "
                         "Defense Marek Nowak on Tuesday.")
    assert found == [(("Lena Hart", "Marek Nowak"), ("AUT", "POL"))]


def test_a_title_with_its_portfolio_and_country_before_a_comma_gives_the_country():
    found = participants("Foreign Minister Lena Hart of Austria met the Minister of State for "
                         "Foreign Affairs of Poland, Marek Nowak, on Tuesday.")
    assert found == [(("Lena Hart", "Marek Nowak"), ("AUT", "POL"))]


def test_subjects_who_did_something_during_a_meeting_met():
    found = participants("Austrian Chancellor Lena Hart and German Chancellor Tomas Brandt "
                         "discussed trade during a meeting in Vienna on Monday.")
    assert found == [(("Lena Hart", "Tomas Brandt"), ("AUT", "DEU"))]


def test_we_in_an_officials_own_statement_is_the_official():
    text = ("date 2025-05-02 Remarks by Foreign Minister Lena Hart of Austria after the council\n\n"
            "We are glad to be here. Today we had a long video call with the Foreign Minister of "
            "Poland, Marek Nowak.")
    doc = parse_text(text, path="t.txt")
    assert [(c.participants, c.countries) for c in extract_document(doc).contacts] == \
        [(("Lena Hart", "Marek Nowak"), ("AUT", "POL"))]


READOUT = ("date 2025-02-25\nsource: gov.uk\n\nPM call with President Lena Hart\n\n"
           "The Prime Minister spoke to President Lena Hart of Austria. ")


def readout_contacts(text):
    doc = parse_text(READOUT + text, path="t.txt")
    return [(c.date.isoformat() if c.date else None, c.channel, c.countries)
            for c in extract_document(doc).contacts]


def test_a_visit_told_as_a_topic_is_to_the_country_of_its_place():
    found = readout_contacts("The leaders reflected on President Hart's visit to Warsaw "
                             "yesterday. They praised President Marek Nowak of Poland.")
    assert ("2025-02-24", "visit", ("AUT", "POL")) in found


def test_a_visit_told_as_a_topic_with_no_place_is_to_the_documents_principal():
    found = readout_contacts("The two leaders reflected on the success of President Hart's visit "
                             "earlier in the year.")
    assert (None, "visit", ("AUT", "GBR")) in found


def test_a_trip_to_meet_someone_is_a_meeting():
    found = participants("Foreign Minister Lena Hart of Austria thanked the hosts for her trip "
                         "to Warsaw on Monday to meet with President Marek Nowak of Poland.")
    assert found == [(("Lena Hart", "Marek Nowak"), ("AUT", "POL"))]


def test_a_planned_trip_to_meet_someone_is_no_meeting_yet():
    assert participants("Foreign Minister Lena Hart of Austria discussed her planned trip to "
                        "Warsaw next week to meet with President Marek Nowak of Poland.") == []


def test_him_after_the_cue_is_the_person_meant():
    found = participants("Foreign Minister Marek Nowak of Poland arrived in Vienna on Sunday. "
                         "President Lena Hart of Austria met with him on Monday.")
    assert found == [(("Lena Hart", "Marek Nowak"), ("AUT", "POL"))]


def test_a_contact_told_with_pronouns_only_is_read():
    found = participants("President Lena Hart of Austria greeted Foreign Minister Marek Nowak "
                         "of Poland at the airport. Later she met him at the palace.")
    assert (("Lena Hart", "Marek Nowak"), ("AUT", "POL")) in found


def test_talks_between_two_people_are_a_meeting():
    found = participants("Talks between President Lena Hart of Austria and President Marek "
                         "Nowak of Poland were held in Vienna on Monday.")
    assert found == [(("Lena Hart", "Marek Nowak"), ("AUT", "POL"))] or \
        found == [(("Marek Nowak", "Lena Hart"), ("POL", "AUT"))]


def test_talks_between_two_people_next_week_are_no_meeting_yet():
    assert participants("Talks between President Lena Hart of Austria and President Marek "
                        "Nowak of Poland are scheduled for next week.") == []


def test_what_two_people_did_during_the_talks_tells_the_talks():
    found = participants("During the talks in Vienna on Tuesday, President Lena Hart of Austria "
                         "and President Marek Nowak of Poland signed a joint statement.")
    assert len(found) == 1 and set(found[0][1]) == {"AUT", "POL"}


def test_an_official_of_no_country_in_the_leaders_table_is_a_principal():
    # the table gives Josep Borrell a title (the EU's High Representative) but no country
    found = participants("The EU's foreign policy chief Josep Borrell met President Marek Nowak "
                         "of Poland in Brussels.")
    assert found == [(("Josep Borrell", "Marek Nowak"), ("", "POL"))]


def test_a_counterpart_of_no_country_takes_the_venue_the_title_names():
    doc = parse_text("date 2024-06-12\n\nThe Minister's Meetings in Warsaw\n\nForeign Minister "
                     "Lena Hart of Austria met today with Security Adviser Jan Zielinski.",
                     path="t.txt")
    assert [(c.participants, c.countries) for c in extract_document(doc).contacts] == \
        [(("Lena Hart", "Jan Zielinski"), ("AUT", "POL"))]


def test_a_counterpart_of_no_country_takes_the_venue_of_the_meetings_before():
    found = participants("Foreign Minister Lena Hart of Austria met in Warsaw with President "
                         "Marek Nowak of Poland. She also met Security Adviser Jan Zielinski.")
    assert (("Lena Hart", "Jan Zielinski"), ("AUT", "POL")) in found
