"""Tests for analysis.engine.attribution through the whole engine: who a quotation is credited to.

Each sentence here is written for the test; the speakers are invented people."""
import pytest

from analysis.engine.documents import parse_text
from analysis.engine.pipeline import extract_document


def direct(text):
    """(speaker, quoted words) of each direct statement of a document body."""
    doc = parse_text("date 2024-05-01 Headline of the report\n\n" + text, path="t.txt")
    return [(s.speaker, s.text) for s in extract_document(doc).statements if s.kind == "direct"]


def speakers(text):
    return [speaker for speaker, _ in direct(text)]


@pytest.mark.parametrize("text, speaker", [
    ('"We will not give up on the talks," Halvorsen said.', "Halvorsen"),
    ('"We will not give up on the talks," said Ingrid Halvorsen, a senior negotiator.',
     "Ingrid Halvorsen"),
    ('"We will not give up on the talks," Ingrid Halvorsen, the chief negotiator, told '
     'reporters.', "Ingrid Halvorsen"),
    ('"We will not give up on the talks," Mrs. Halvorsen told a crowd of supporters.',
     "Halvorsen"),
    ('Ingrid Halvorsen said: "We will not give up on the talks."', "Ingrid Halvorsen"),
    ('According to Ingrid Halvorsen, "we will not give up on the talks."', "Ingrid Halvorsen"),
    ('The agency quoted Ingrid Halvorsen as saying: "We will not give up on the talks."',
     "Ingrid Halvorsen"),
    ('Ingrid Halvorsen thanked the hosts, saying: "We will not give up on the talks."',
     "Ingrid Halvorsen"),
    ('"We will not give up on the talks," a senior official said.', "a senior official"),
    ('"We will not give up on the talks," the Kremlin said.', "the Kremlin"),
    ('"We will not give up on the talks," Olga Brandt, 58, a retired teacher in Leeds, said '
     'on Friday.', "Olga Brandt"),
    ('"We will not give up on the talks" this year, Halvorsen said.', "Halvorsen"),
    ('"We will not give up on the talks," state Sen. Paul Ruiz said.', "Paul Ruiz"),
    ('In short, explained moderator Lena Hart: "We will not give up on the talks."',
     "Lena Hart"),
    ('"We will not give up on the talks," according to Reuters.', "Reuters"),
    ('After the vote, Gov. Anne Voss (R-Ohio), said: "We will not give up on the talks."',
     "Anne Voss"),
])
def test_the_attribution_names_the_speaker(text, speaker):
    assert speakers(text) == [speaker]


def test_a_named_speaker_is_not_replaced_by_a_leader_named_nearby():
    text = ('President Joseph R. Biden met the press on Tuesday.\n\n"The budget is a disgrace," '
            'Kowalczyk said after the meeting with Biden.')
    assert speakers(text)[-1] == "Kowalczyk"


def test_a_pronoun_speaker_is_the_subject_before():
    text = ('Senator Rosa Marquez attacked Governor Tim Olsen over the budget on Monday.\n\n'
            '"This budget fails every family in the state," she said.')
    assert speakers(text) == ["Rosa Marquez"]


def test_a_possessor_is_not_the_speaker():
    text = ('"The numbers do not add up," Marquez spokesman Daniel Ortiz said.')
    assert speakers(text) == ["Daniel Ortiz"]


def test_a_fragment_in_narration_is_credited_to_the_subject():
    text = "Olsen called the proposal \"a reckless gamble with public money\" on Friday."
    assert speakers(text) == ["Olsen"]


def test_a_quotation_paragraph_after_a_quoting_paragraph_keeps_its_speaker():
    text = ('"We are ready," Ingrid Halvorsen said.\n\n'
            '"The other side must now move on the border question."')
    assert speakers(text) == ["Ingrid Halvorsen", "Ingrid Halvorsen"]


def test_a_quotation_nothing_attributes_keeps_no_speaker():
    text = ('The report was long.\n\n'
            '"The other side must now move on the border question."')
    assert speakers(text) == [""]


def test_a_title_in_quotation_marks_is_no_statement():
    assert direct('She appeared on "Meet The Press Today" last week.') == []


def test_a_quote_split_by_its_attribution_is_one_statement():
    found = direct('"We are ready," Ingrid Halvorsen said. "The other side must move."')
    assert found == [("Ingrid Halvorsen", "We are ready, The other side must move.")]


def test_they_in_a_report_of_no_exchange_names_no_speaker():
    assert speakers('Officials met in private.\n\n"We will not give up," they said.') == [""]


def test_they_in_a_readout_of_an_exchange_are_both_sides():
    text = ('President Kofi Mensah of Ghana spoke by phone with President Ilse Maurer of '
            'Austria.\n\n"We will work together," they said.')
    assert speakers(text) == ["Kofi Mensah and Ilse Maurer (both sides)"]


def test_a_quotation_in_a_clause_of_its_own_is_not_joined_to_the_one_before():
    found = direct('"We are ready," Ingrid Halvorsen said. The ministry then released figures '
                   'showing "a steep fall in exports over the winter."')
    assert [text for _, text in found] == ["We are ready,", "a steep fall in exports over the winter."]


def test_an_unattributed_quotation_keeps_its_paragraph_speaker():
    found = direct('"We are ready," Ingrid Halvorsen said. The ministry then released figures '
                   'showing "a steep fall in exports over the winter."')
    assert speakers_of(found) == ["Ingrid Halvorsen", "Ingrid Halvorsen"]


def test_he_after_a_quoted_description_is_that_speaker():
    text = ('The agency quoted an official at the ministry as saying: "The matter is settled at '
            'last." He continued, "there will be talks with the inspectors next week."')
    assert speakers(text) == ["an official", "an official"]


def test_he_after_a_quoted_description_is_a_person_named_since():
    text = ('A spokesman for the ministry said: "We expect an answer soon." Tomas Brandt arrived '
            'in the capital on Monday. He said: "We are ready to talk now."')
    assert speakers(text) == ["a spokesman for the ministry", "Tomas Brandt"]


def test_they_after_a_quoted_plural_description_is_that_speaker():
    text = ('The draft committee proposals cite "a serious lack of oversight over the funds." '
            'They add that the program must "be cut by a third within two years."')
    assert speakers(text) == ["the draft committee proposals"] * 2


def test_they_is_not_a_description_quoted_before_another_quotation():
    text = ('The draft committee proposals cite "a serious lack of oversight over the funds."\n\n'
            '"It will not survive the winter," one reader wrote. They said: "It must go now."')
    assert speakers(text)[-1] != "the draft committee proposals"


def test_a_joint_statement_is_named_whole():
    found = direct('According to the joint statement, "The parties will meet again in May."')
    assert speakers_of(found) == ["the joint statement"]


def speakers_of(found):
    return [speaker for speaker, _ in found]


def test_the_one_told_is_not_the_speaker():
    text = ('Senator Lena Brooks spoke at length about the budget. Later, she told Maria Ortiz '
            'of the Daily Star, "We will not give in on this one."')
    assert speakers(text) == ["Lena Brooks"]


def test_a_speaker_after_an_intransitive_verb_is_inverted():
    text = 'The hearing went on. Explained Senator Tom Reyes: "The vote is next week, not today."'
    assert speakers(text) == ["Tom Reyes"]


def test_as_someone_puts_it_names_the_speaker():
    assert speakers('As the analyst Jane Roe puts it, "The market has already moved on."') == \
        ["Jane Roe"]


def test_a_participle_after_a_described_subject_is_that_description():
    text = ('One aide inside the campaign tried to play down the remarks, saying they were "not '
            'a big deal at all here."')
    assert speakers(text) == ["one aide inside the campaign"]


def test_a_surname_alone_opening_a_sentence_is_the_person_named_before():
    text = ('Dr. Ben Okafor spoke first. Okafor took the stage on Tuesday and called the system '
            '"rotten to its very core."')
    assert speakers(text) == ["Ben Okafor"]


def test_a_title_then_the_name_in_apposition_names_the_speaker():
    text = ('Maria Lenz is the foreign minister.\n\n"We are ready for anything," the foreign '
            'minister, Maria Lenz, told reporters on Monday.')
    assert speakers(text) == ["Maria Lenz"]


def test_a_relative_clause_between_subject_and_verb_is_skipped():
    text = ('A spokesperson for the ministry, who asked not to be named, said: "No comment at '
            'all today."')
    assert speakers(text) == ["a spokesperson for the ministry"]


def test_the_verb_pattern_is_built_once():
    from analysis.engine.attribution import verbs
    assert verbs("attribution") is verbs("attribution")


def test_a_fragment_after_a_pronoun_and_a_modal_keeps_the_quoted_source():
    text = ('According to the council\'s decision, "Maria Lenz will lead the mission from '
            'Vienna." She will also "report every month to the members of the council."')
    assert speakers(text) == ["the council's decision"] * 2


def test_he_and_someone_are_both_sides():
    text = ('President Lena Hart of Austria met President Marek Nowak of Poland in Vienna. '
            'She and Nowak agreed to expand trade between their countries.')
    doc = parse_text("date 2024-05-01 Headline of the report\n\n" + text, path="t.txt")
    found = [s.speaker for s in extract_document(doc).statements if s.kind == "reported"]
    assert found == ["Lena Hart and Marek Nowak (both sides)"]
