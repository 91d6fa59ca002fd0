"""Tests for analysis.engine.statements through the whole engine: direct and reported speech."""
from analysis.engine.documents import parse_text
from analysis.engine.pipeline import extract_document


def statements(text, kind=None):
    doc = parse_text(text, path="t.txt")
    return [(s.speaker, s.speaker_country, s.kind, s.text)
            for s in extract_document(doc).statements if kind in (None, s.kind)]


def test_quote_with_speaker_after_it():
    found = statements('date 2026-03-03 "We discussed it with all of them," the Kremlin '
                       'spokesman Dmitry Peskov said.', "direct")
    assert found == [("Dmitry Peskov", "RUS", "direct", "We discussed it with all of them,")]


def test_pronoun_speaker_is_the_last_person_named():
    found = statements('date 2026-03-03 Kremlin spokesman Dmitry Peskov spoke.\n\n"Putin will '
                       'convey his deep concern to Iran," he added.', "direct")
    assert found[-1][0] == "Dmitry Peskov"


def test_institution_speaker_after_the_quote():
    found = statements('date 2026-03-03 "Sides underscored the need for a swift cessation of '
                       'hostilities," the Kremlin said.', "direct")
    assert found[0][:2] == ("the Kremlin", "RUS")


def test_quote_split_by_its_attribution_is_one_statement():
    found = statements('date 2023-12-20 "I wanted to be here today," Secretary of Defense Lloyd '
                       'J. Austin III said. "We will do this together for years."', "direct")
    assert len(found) == 1
    assert found[0][3] == "I wanted to be here today, We will do this together for years."


def test_short_fragment_is_no_statement():
    assert statements('date 2010-05-16 Clinton said she was "enthusiastic" about it.',
                      "direct") == []


def test_unnamed_official_is_a_speaker():
    found = statements('date 2023-03-04 "The Secretary will convey enduring commitment to '
                       'partners," said a senior defense official in advance of the trip.',
                       "direct")
    assert found[0][0] == "a senior defense official"


def test_trailing_attribution_makes_one_reported_statement():
    found = statements("date 2026-03-03 Given this, President Putin reaffirmed Russia's readiness "
                       "to help, the Kremlin said, adding that contacts will continue.", "reported")
    assert found == [("the Kremlin", "RUS", "reported",
                      "Given this, President Putin reaffirmed Russia's readiness to help")]


def test_readout_claim_verb_credits_its_subject():
    found = statements("date 2022-10-05 Secretary Lloyd J. Austin III expressed concern that "
                       "the truce in Yemen was not extended.", "reported")
    assert found[0][0] == "Lloyd J. Austin III"


def test_two_leaders_agreeing_is_both_sides():
    found = statements("date 2024-05-13 The Prime Minister spoke to the Amir of Qatar. Both "
                       "leaders agreed on the importance of a deal that secures the release of "
                       "hostages.", "reported")
    assert ("both sides", None) in {(s, c) for s, c, _, _ in found}


def test_according_to_makes_the_source_the_speaker():
    found = statements("date 2026-03-03 According to the Kremlin, Putin spoke by telephone with "
                       "leaders of Bahrain and Qatar.", "reported")
    assert found[0][0] == "the Kremlin"
    assert found[0][3].startswith("Putin spoke by telephone")


def test_trailing_attribution_to_an_unnamed_body():
    found = statements("date 2025-06-17 Turkish President Recep Tayyip Erdogan held a phone call "
                       "with Iranian President Masoud Pezeshkian on Monday, the Turkish "
                       "presidency said.", "reported")
    assert [(s, c) for s, c, _, _ in found] == [("the Turkish presidency", "TUR")]
    assert found[0][3].endswith("on Monday")


def test_attribution_of_a_quote_is_no_reported_statement():
    found = statements('date 2024-01-09 "We are determined to prevent this conflict from '
                       'spreading," Blinken told reporters after the meeting.')
    assert [k for _, _, k, _ in found] == ["direct"]


def test_a_date_inside_the_quotation_does_not_date_the_statement():
    found = extract_document(parse_text('date 2026-03-03 "We discussed it with all of them '
                                        'yesterday," Kremlin spokesman Dmitry Peskov said.',
                                        path="t.txt")).statements
    assert [s.date.isoformat() for s in found] == ["2026-03-03"]


def test_a_date_after_the_speech_verb_dates_the_statement():
    found = extract_document(parse_text("date 2026-03-03 Putin is making every effort to ease "
                                        "the crisis, the Kremlin said on Monday.",
                                        path="t.txt")).statements
    assert [(s.speaker, s.date.isoformat()) for s in found] == [("the Kremlin", "2026-03-02")]


def test_a_quote_continued_after_adding_is_one_statement():
    found = statements('date 2023-04-07 "We are studying our options," Iranian Foreign Ministry '
                       'spokesman Nasser Kanaani told reporters, adding: "The regime will bear '
                       'the consequences."', "direct")
    assert found == [("Nasser Kanaani", "IRN", "direct",
                      "We are studying our options, The regime will bear the consequences.")]


def test_a_dateline_is_no_part_of_a_reported_claim():
    found = statements("date 2024-02-14 MOSCOW (Agency) — Foreign Minister Ivan Sokolov met "
                       "his counterpart on Tuesday, the ministry said.", "reported")
    assert found[0][3].startswith("Foreign Minister Ivan Sokolov met")


def test_both_sides_are_named_by_the_exchange_they_report():
    found = statements("date 2024-05-01 President Kofi Mensah of Ghana spoke by phone with "
                       "President Ilse Maurer of Austria. The two leaders agreed to deepen "
                       "trade between their countries.", "reported")
    assert found[-1][0] == "Kofi Mensah and Ilse Maurer (both sides)"


OWN = ("date 2025-05-02 Remarks by Foreign Minister Lena Hart of Austria after the council\n\n"
       "Remarks by Foreign Minister Lena Hart of Austria after the council.\n\n"
       "Today we met for four hours. We must do more to stop the fighting in the valley. "
       "We discussed the situation in the north. I believe the ceasefire can hold if both sides "
       "want it.")


def test_an_officials_own_statement_credits_their_positions():
    found = [text for speaker, _, kind, text in statements(OWN, "reported")
             if speaker == "Lena Hart"]
    assert any(t.startswith("We must do more") for t in found)
    assert any(t.startswith("I believe the ceasefire") for t in found)


def test_an_officials_own_statement_leaves_narration_out():
    found = [text for speaker, _, kind, text in statements(OWN, "reported")]
    assert not any(t.startswith(("Today we met", "We discussed")) for t in found)


def test_a_statement_spoken_as_we_is_the_officials_own():
    text = OWN.replace("I believe the ceasefire", "We believe the ceasefire")
    found = [text for speaker, _, kind, text in statements(text, "reported")
             if speaker == "Lena Hart"]
    assert any(t.startswith("We believe the ceasefire") for t in found)


PEOPLE = ("date 2024-03-08 Report of the day\n\nLena Hart is the Austrian foreign minister. "
          "Marek Nowak is the Polish president.\n\n")


def reported(text):
    return [(speaker, said) for speaker, _, _, said in statements(PEOPLE + text, "reported")]


def test_someones_spokesman_is_a_speaker_of_their_country():
    found = statements(PEOPLE + "Hart's spokesman said the minister would travel to Warsaw.",
                       "reported")
    assert [(s[0], s[1]) for s in found] == [("Hart's spokesman", "AUT")]


def test_an_attribution_set_off_by_commas_leaves_the_claim_around_it():
    assert reported("The plan, Nowak said, would cost the country billions.") == \
        [("Marek Nowak", "The plan would cost the country billions")]


def test_a_clause_after_an_inverted_said_is_no_speaker():
    assert reported("Nowak, speaking to reporters in Warsaw, said the deal was fair.") == \
        [("Marek Nowak", "Nowak, speaking to reporters in Warsaw, said the deal was fair")]


def test_quotation_marks_typed_the_wrong_way_round_still_pair():
    found = statements('date 2024-05-01 Report\n\nLena Hart called for an ”open and fair '
                       'exchange of all the detained people“ before the end of the month.',
                       "direct")
    assert [text for *_, text in found] == ["open and fair exchange of all the detained people"]


def test_an_unattributed_three_word_term_in_quotation_marks_is_no_statement():
    assert statements('date 2024-05-01 Report\n\nThe two countries discussed an "all for all" '
                      'exchange of prisoners.', "direct") == []


def test_an_attributed_three_word_fragment_is_a_statement():
    found = statements('date 2024-05-01 Report\n\nLena Hart called the plan "simply not '
                       'serious" on Monday.', "direct")
    assert [(speaker, text) for speaker, _, _, text in found] == [("Lena Hart", "simply not serious")]


CALL = ("date 2024-05-01\nsource: kremlin.ru\n\nTelephone conversation\n\nVladimir Putin had a "
        "telephone conversation with President Marek Nowak of Poland. ")


def test_emphasis_placed_in_a_readout_is_the_sides_claim():
    found = statements(CALL + "Emphasis was placed on the need to restore trade links.",
                       "reported")
    assert [s[0] for s in found] == ["Vladimir Putin and Marek Nowak (both sides)"]


def test_an_agreement_the_leaders_reached_is_their_claim():
    found = statements(CALL + "The leaders reached a practical agreement on regular contacts.",
                       "reported")
    assert [s[0] for s in found] == ["Vladimir Putin and Marek Nowak (both sides)"]


def test_emphasis_in_a_report_of_no_exchange_is_nobodys_claim():
    assert statements("date 2024-05-01 Report\n\nEmphasis was placed on the need to restore "
                      "trade links across the region.", "reported") == []


def test_the_sides_are_the_people_their_sentence_names():
    found = statements(CALL + "Earlier, Marek Nowak met Chancellor Lena Hart of Austria in "
                       "Vienna. Putin and Nowak agreed to keep in touch.", "reported")
    assert found[-1][0] == "Vladimir Putin and Marek Nowak (both sides)"
