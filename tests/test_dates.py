"""Tests for analysis.engine.dates: date expressions found in one sentence and resolved against the
document date. Sentences are taken from the seed and the gold corpus (or phrased like them);
every case pins its reference date. Each row: (sentence, doc date, [(text, date, kind), ...]).
"""
from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.engine import dates as _dates
from analysis.engine.dates import (DateMention, find_dates, resolve_month_day, resolve_weekday,
                            upcoming_weekday)

D = date.fromisoformat


def found(sentence: str, doc_date: date | None) -> list[tuple[str, date | None, str]]:
    """Return (text, date, kind) of every mention find_dates reports, in order."""
    return [(m.text, m.date, m.kind) for m in find_dates(sentence, doc_date=doc_date)]


# --- weekdays: the most recent such day on or before the document date ----------------------

WEEKDAYS = [
    ("On Monday, Putin also had telephonic contacts with the King of Bahrain, Hamad bin Isa "
     "Al Khalifa.", D("2026-03-03"), [("On Monday", D("2026-03-02"), "relative")]),
    ("The US and Israel launched joint strikes against Iran on Saturday, assassinating "
     "86-year-old Supreme Leader Ayatollah Ali Khamenei.", D("2026-03-03"),
     [("on Saturday", D("2026-02-28"), "relative")]),
    ("Putin is in close contact with the regional leaders, the Kremlin said on Tuesday.",
     D("2026-03-03"), [("on Tuesday", D("2026-03-03"), "relative")]),
    ("Secretary of Defense Lloyd J. Austin III met with Jordan’s King Abdullah II at the "
     "Pentagon Thursday to discuss the situation in the region.", D("2022-05-13"),
     [("Thursday", D("2022-05-12"), "relative")]),
    ("Austin discussed events in Afghanistan during Pentagon meetings Thursday.",
     D("2021-08-20"), [("Thursday", D("2021-08-19"), "relative")]),
    ("Late on Thursday the United Nations Security Council passed a resolution.",
     D("2009-01-11"), [("Late on Thursday", D("2009-01-08"), "relative")]),
    ("William Hague travelled to Washington, D.C. on Friday to meet his opposite number.",
     D("2010-05-16"), [("on Friday", D("2010-05-14"), "relative")]),
    ("Canadian Prime Minister Stephen Harper stated Monday his country will provide aid.",
     D("2014-01-22"), [("Monday", D("2014-01-20"), "relative")]),
    ("Hamas has fired more than 100 rockets at Israel since Tuesday, when Israeli forces "
     "killed 19 Palestinians.", D("2008-01-19"), [("since Tuesday", D("2008-01-15"), "relative")]),
    ("The two leaders spoke by telephone on Thursday evening.", D("2026-03-03"),
     [("on Thursday evening", D("2026-02-26"), "relative")]),
    ("Monday's talks in Riyadh ended without a statement.", D("2026-03-03"),
     [("Monday", D("2026-03-02"), "relative")]),
    ("THE MINISTERS MET ON SUNDAY.", D("2026-03-03"), [("ON SUNDAY", D("2026-03-01"), "relative")]),
]


@pytest.mark.parametrize("sentence, doc_date, expected", WEEKDAYS)
def test_weekday_is_the_most_recent_such_day_on_or_before_the_document(
        sentence, doc_date, expected):
    assert found(sentence, doc_date) == expected


LAST_AND_NEXT = [
    ("He last spoke to the Amir last Tuesday.", D("2026-03-03"),
     [("last Tuesday", D("2026-02-24"), "relative")]),
    ("They spoke last Monday.", D("2026-03-03"), [("last Monday", D("2026-03-02"), "relative")]),
    ("The ministers will meet next Monday in Doha.", D("2026-03-03"),
     [("next Monday", D("2026-03-09"), "future")]),
    ("Talks resume this coming Friday.", D("2026-03-03"),
     [("this coming Friday", D("2026-03-06"), "future")]),
]


@pytest.mark.parametrize("sentence, doc_date, expected", LAST_AND_NEXT)
def test_last_is_strictly_before_and_next_strictly_after(sentence, doc_date, expected):
    assert found(sentence, doc_date) == expected


@pytest.mark.parametrize("weekday, doc_date, expected", [
    (1, D("2026-03-03"), D("2026-03-03")),  # Tuesday in a Tuesday document: the same day
    (0, D("2026-03-03"), D("2026-03-02")),
    (5, D("2026-03-03"), D("2026-02-28")),
    (2, D("2026-03-03"), D("2026-02-25")),  # Wednesday: six days back
    (6, D("2024-01-02"), D("2023-12-31")),  # across a year boundary
])
def test_resolve_weekday(weekday, doc_date, expected):
    assert resolve_weekday(weekday, doc_date=doc_date) == expected


def test_resolve_weekday_rejects_a_number_that_is_no_weekday():
    with pytest.raises(ValueError):
        resolve_weekday(7, doc_date=D("2026-03-03"))


# --- today, yesterday, tomorrow --------------------------------------------------------------

DAY_WORDS = [
    ("Prime Minister Theresa May spoke with the Saudi Arabian Crown Prince Mohammed bin Salman "
     "yesterday on the phone.", D("2018-06-03"), [("yesterday", D("2018-06-02"), "relative")]),
    ("The Prime Minister spoke to the President of Türkiye Recep Tayyip Erdoğan yesterday "
     "evening.", D("2025-07-23"), [("yesterday evening", D("2025-07-22"), "relative")]),
    ("The Prime Minister spoke to Saudi Crown Prince, Mohammed bin Salman, this afternoon.",
     D("2024-07-15"), [("this afternoon", D("2024-07-15"), "relative")]),
    ("Secretary Austin spoke this morning with Israeli Minister of Defense Yoav Gallant.",
     D("2023-10-07"), [("this morning", D("2023-10-07"), "relative")]),
    ("Secretary of State Marco Rubio spoke today with Russian Foreign Minister Lavrov.",
     D("2025-06-01"), [("today", D("2025-06-01"), "relative")]),
    ("The two leaders looked ahead to today’s International Defence Industry Fair in Istanbul.",
     D("2025-07-23"), [("today", D("2025-07-23"), "relative")]),
    ("The President will address the nation tonight.", D("2023-10-19"),
     [("tonight", D("2023-10-19"), "relative")]),
    ("The minister said late last night that talks would continue.", D("2026-03-03"),
     [("late last night", D("2026-03-02"), "relative")]),
    ("They had spoken the day before yesterday.", D("2026-03-03"),
     [("the day before yesterday", D("2026-03-01"), "relative")]),
    ("The envoy will travel to Muscat tomorrow.", D("2026-03-03"),
     [("tomorrow", D("2026-03-04"), "future")]),
    ("The PM will travel to the region later today.", D("2023-10-16"),
     [("later today", D("2023-10-16"), "relative")]),
    ("Discussing the developments in the Middle East overnight, they agreed on the grave threat.",
     D("2025-06-22"), [("overnight", D("2025-06-22"), "relative")]),
]


@pytest.mark.parametrize("sentence, doc_date, expected", DAY_WORDS)
def test_day_words_count_from_the_document_date(sentence, doc_date, expected):
    assert found(sentence, doc_date) == expected


@pytest.mark.parametrize("sentence, doc_date, expected", [
    ("Clinton met Hague for the first time since the election ten days ago.", D("2010-05-16"),
     [("ten days ago", D("2010-05-06"), "relative")]),
    ("The ceasefire collapsed 3 days ago.", D("2026-03-03"),
     [("3 days ago", D("2026-02-28"), "relative")]),
])
def test_n_days_ago_is_resolved_exactly(sentence, doc_date, expected):
    assert found(sentence, doc_date) == expected


# --- explicit calendar dates ------------------------------------------------------------------

EXPLICIT = [
    ("Secretary of Defense Lloyd J. Austin III met on September 7 with King Hamad bin Isa "
     "Al Khalifa.", D("2021-09-08"), [("on September 7", D("2021-09-07"), "explicit")]),
    ("Austin spoke with Prince Khalid bin Salman on October 4 to offer congratulations.",
     D("2022-10-05"), [("on October 4", D("2022-10-04"), "explicit")]),
    ("Sept. 8, 2021", D("2021-09-08"), [("Sept. 8, 2021", D("2021-09-08"), "explicit")]),
    ("WASHINGTON (March 04, 2023) — Secretary of Defense Lloyd J. Austin III embarked on a trip.",
     D("2023-03-04"), [("March 04, 2023", D("2023-03-04"), "explicit")]),
    ("The Bahraini commander thanked the U.S. for Central Command's June 22, 2025, strike on "
     "Iranian nuclear facilities.", D("2025-07-17"), [("June 22, 2025", D("2025-06-22"), "explicit")]),
    ("PM call with Saudi Arabian Crown Prince: 3 June 2018", D("2018-06-03"),
     [("3 June 2018", D("2018-06-03"), "explicit")]),
    ("Posted by U.S. Mission Israel | 26 July, 2023", D("2023-07-25"),
     [("26 July, 2023", D("2023-07-26"), "explicit")]),
    ("Israel has been at war since Oct. 7.", D("2024-01-15"),
     [("since Oct. 7", D("2023-10-07"), "explicit")]),
    ("The summit opened on the 7th of September.", D("2021-09-08"),
     [("on the 7th of September", D("2021-09-07"), "explicit")]),
    ("The statement is dated 2024-05-13.", D("2024-05-14"),
     [("2024-05-13", D("2024-05-13"), "explicit")]),
    ("The statement of 16/10/2023 was withdrawn.", D("2023-10-20"),
     [("16/10/2023", D("2023-10-16"), "explicit")]),
]


@pytest.mark.parametrize("sentence, doc_date, expected", EXPLICIT)
def test_explicit_dates_resolve_as_written(sentence, doc_date, expected):
    assert found(sentence, doc_date) == expected


@pytest.mark.parametrize("sentence, doc_date, expected", [
    ("The two ministers met on December 30 in Riyadh.", D("2024-01-02"),
     [("on December 30", D("2023-12-30"), "explicit")]),
    ("The two ministers met on 2 January in Riyadh.", D("2024-01-02"),
     [("on 2 January", D("2024-01-02"), "explicit")]),
    ("They last met on February 29.", D("2025-03-01"),
     [("on February 29", D("2024-02-29"), "explicit")]),
    ("They met on March 4.", D("2026-03-03"),  # a day after the document: last year's
     [("on March 4", D("2025-03-04"), "explicit")]),
])
def test_a_date_without_year_is_the_most_recent_on_or_before_the_document(
        sentence, doc_date, expected):
    assert found(sentence, doc_date) == expected


@pytest.mark.parametrize("sentence, doc_date, expected", [
    ("This afternoon [13 May 2024] the Prime Minister spoke to the Amir of Qatar.",
     D("2024-05-13"), [("This afternoon [13 May 2024]", D("2024-05-13"), "explicit")]),
    ("Blinken met Prince Faisal on Saturday (October 14) in Riyadh.", D("2023-10-16"),
     [("on Saturday (October 14)", D("2023-10-14"), "explicit")]),
    ("He met him on Tuesday, October 17, 2023 in Tel Aviv.", D("2023-10-18"),
     [("on Tuesday, October 17, 2023", D("2023-10-17"), "explicit")]),
    ("The call took place on Monday 13 May 2024.", D("2024-05-14"),
     [("on Monday 13 May 2024", D("2024-05-13"), "explicit")]),
])
def test_a_day_word_glossed_by_a_calendar_date_is_one_explicit_mention(
        sentence, doc_date, expected):
    assert found(sentence, doc_date) == expected


@pytest.mark.parametrize("sentence", [
    "The talks were set for February 30.",
    "The talks were set for 31 April 2024.",
    "The letter of 03/04/2023 was answered.",  # March 4 or 3 April: not guessed
])
def test_impossible_or_ambiguous_calendar_dates_are_not_dates(sentence):
    assert found(sentence, D("2024-05-13")) == []


# --- vague and future times: returned, with no day ---------------------------------------------

VAGUE = [
    ("The two leaders reflected on the success of the Crown Prince’s visit earlier in the year.",
     [("earlier in the year", None, "vague")]),
    ("Palestinian officials warned that Israel is harming new peace talks, which resumed last "
     "month after a seven-year break.", [("last month", None, "vague")]),
    ("Israel has sealed its borders after a surge in cross-border attacks this week.",
     [("this week", None, "vague")]),
    ("Israel has tightened sanctions since June, when Hamas seized control of Gaza.",
     [("since June", None, "vague")]),
    ("Bahrain was one of the original countries in 2020 to sign the Abraham Accords.",
     [("in 2020", None, "vague")]),
    ("The Navy's 5th Fleet has been headquartered in Bahrain since 1995.",
     [("since 1995", None, "vague")]),
    ("Hague was leader of the Conservative party between 1997 and 2001.",
     [("between 1997 and 2001", None, "vague")]),
    ("The Prime Minister praised Qatar’s recent work and the talks held in recent days.",
     [("in recent days", None, "vague")]),
    ("The minister recently visited Doha.", [("recently", None, "vague")]),
    ("The coalition government was formed six days later.", [("six days later", None, "vague")]),
    ("The two leaders met last week in Jeddah.", [("last week", None, "vague")]),
    ("Talks resumed in May 2017 and again in May.", [("in May 2017", None, "vague"),
                                                     ("in May", None, "vague")]),
    ("The attacks on the night of 13-14 April were repelled.", [("13-14 April", None, "vague")]),
    ("He spoke at a press conference a day after the vote.", [("a day after", None, "vague")]),
    ("The talks, first held in March 2022 and again last March, stalled in late 2022.",
     [("in March 2022", None, "vague"), ("last March", None, "vague"),
      ("in late 2022", None, "vague")]),
]


@pytest.mark.parametrize("sentence, expected", VAGUE)
def test_vague_times_are_returned_without_a_day(sentence, expected):
    assert found(sentence, D("2024-05-13")) == expected


@pytest.mark.parametrize("sentence, doc_date, expected", [
    ("Cameron and Obama are scheduled to meet in person at next month's G20 meeting in Canada.",
     D("2010-05-16"), [("next month", None, "future")]),
    ("The discussions due to take place on Iran’s nuclear programme later this week.",
     D("2025-07-23"), [("later this week", None, "future")]),
    ("The leaders agreed to stay in close contact in the coming days.", D("2025-10-01"),
     [("in the coming days", None, "future")]),
    ("The kingdom aims to diversify its economy by 2030.", D("2018-06-03"),
     [("by 2030", None, "future")]),
])
def test_future_times_without_a_day_are_kind_future(sentence, doc_date, expected):
    assert found(sentence, doc_date) == expected


# --- dates in a clause about the future: ahead, on or after the document date ----------------

FUTURE_CLAUSES = [
    ("The ministers will meet on Thursday.", D("2026-03-03"),
     [("on Thursday", D("2026-03-05"), "future")]),
    ("The envoy is due to arrive in Muscat on Tuesday.", D("2026-03-03"),  # the same weekday
     [("on Tuesday", D("2026-03-03"), "relative")]),
    ("He said he would travel to Ankara on Monday.", D("2026-03-03"),
     [("on Monday", D("2026-03-09"), "future")]),
    ("The summit is scheduled for Friday.", D("2026-03-03"),
     [("Friday", D("2026-03-06"), "future")]),
    ("The delegations spoke ahead of Thursday's summit.", D("2026-03-03"),
     [("Thursday", D("2026-03-05"), "future")]),
    ("Talks are set to resume on April 7.", D("2026-03-03"),
     [("on April 7", D("2026-04-07"), "future")]),
    ("The minister is expected to visit Lima on 20 September.", D("2021-09-08"),
     [("on 20 September", D("2021-09-20"), "future")]),
    ("They will meet on Thursday (March 5).", D("2026-03-03"),
     [("on Thursday (March 5)", D("2026-03-05"), "future")]),
    ("They will meet next Monday (March 9).", D("2026-03-03"),
     [("next Monday (March 9)", D("2026-03-09"), "future")]),
    ("On Thursday, the ministers will sign the accord.", D("2026-03-03"),
     [("On Thursday", D("2026-03-05"), "future")]),
    ("The vote, set for Sunday, was postponed.", D("2026-03-03"),
     [("Sunday", D("2026-03-08"), "future")]),
    ("The summit to be held on April 7 will open the season.", D("2026-04-07"),
     [("on April 7", D("2026-04-07"), "explicit")]),  # the document's own day
]


@pytest.mark.parametrize("sentence, doc_date, expected", FUTURE_CLAUSES)
def test_in_a_future_clause_a_day_without_a_year_resolves_ahead(sentence, doc_date, expected):
    assert found(sentence, doc_date) == expected


@pytest.mark.parametrize("sentence, doc_date, expected", [
    ("They met on Monday and will meet again on Thursday.", D("2026-03-03"),
     [("on Monday", D("2026-03-02"), "relative"), ("on Thursday", D("2026-03-05"), "future")]),
    ("The president, who will travel to Paris next week, met the ambassador on Monday.",
     D("2026-03-03"), [("next week", None, "future"), ("on Monday", D("2026-03-02"), "relative")]),
    ("They will discuss what happened last Thursday.", D("2026-03-03"),
     [("last Thursday", D("2026-02-26"), "relative")]),
    ("The talks planned for March were held on Tuesday.", D("2026-03-03"),
     [("on Tuesday", D("2026-03-03"), "relative")]),
    ("They will meet on April 7, 2025.", D("2026-03-03"),  # a year is a year
     [("on April 7, 2025", D("2025-04-07"), "explicit")]),
])
def test_only_the_future_clause_resolves_ahead(sentence, doc_date, expected):
    assert found(sentence, doc_date) == expected


@pytest.mark.parametrize("sentence, doc_date, expected", [
    ("The ministers met on December 30 in Riyadh.", D("2024-01-02"),
     [("on December 30", D("2023-12-30"), "explicit")]),
    ("The foreign ministers will meet on January 3 in Riyadh.", D("2023-12-30"),
     [("on January 3", D("2024-01-03"), "future")]),
    ("The ministers will meet on December 31.", D("2023-12-30"),
     [("on December 31", D("2023-12-31"), "future")]),
    ("The envoys will meet on Monday.", D("2023-12-30"),  # a Saturday
     [("on Monday", D("2024-01-01"), "future")]),
])
def test_year_boundary(sentence, doc_date, expected):
    assert found(sentence, doc_date) == expected


def test_the_caller_can_say_the_sentence_is_future():
    assert [(m.date, m.kind) for m in find_dates("On Monday, Putin spoke.", doc_date=D("2026-03-03"),
                                                 future=True)] == [(D("2026-03-09"), "future")]


def test_the_caller_can_say_the_sentence_is_a_past_narrative():
    assert [(m.date, m.kind) for m in find_dates("They will meet on Thursday.",
                                                 doc_date=D("2026-03-03"), future=False)] \
        == [(D("2026-02-26"), "relative")]


def test_without_a_document_date_a_future_weekday_stays_unresolved():
    assert found("They will meet on Thursday.", None) == [("on Thursday", None, "relative")]


@pytest.mark.parametrize("weekday, doc_date, expected", [
    (3, D("2026-03-03"), D("2026-03-05")),
    (1, D("2026-03-03"), D("2026-03-03")),  # the same weekday: the document date
    (0, D("2026-03-03"), D("2026-03-09")),
    (0, D("2023-12-30"), D("2024-01-01")),
])
def test_upcoming_weekday(weekday, doc_date, expected):
    assert upcoming_weekday(weekday, doc_date=doc_date) == expected


@pytest.mark.parametrize("month, day, doc_date, expected", [
    (1, 3, D("2023-12-30"), D("2024-01-03")),
    (12, 30, D("2023-12-30"), D("2023-12-30")),
    (2, 29, D("2025-03-01"), D("2028-02-29")),  # forward to the next leap year
    (4, 31, D("2025-03-01"), None),
])
def test_resolve_month_day_ahead(month, day, doc_date, expected):
    assert resolve_month_day(month, day=day, doc_date=doc_date, ahead=True) == expected


# --- false positives ------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "Prime Minister Theresa May spoke with the Saudi Arabian Crown Prince.",
    "Both Prime Minister May and the Crown Prince noted the importance of the relationship.",
    "The letter was sent by May to the Crown Prince.",
    "Protesters will march to the embassy.",
    "The Sunday Times reported that the Good Friday Agreement was discussed.",
    "Hamas still holds 110 hostages, and 15 members of the council voted.",
    "We spoke for a second time; one of us left.",
    "They discussed Saudi Arabia’s Vision 2030 plans and Resolution 1636.",
    "The deal sustains 20,000 UK jobs.",
    "Ayatollah Ali Khamenei, 86-year-old Supreme Leader, was killed.",
    "The two leaders have had a close and continuing dialogue for many years.",
    "The embassy is staffed on a Monday-Friday schedule, and the envoys meet every Monday.",
    "The Six-Day War ended on the seventh day.",
])
def test_names_and_numbers_that_are_not_dates(sentence):
    assert found(sentence, D("2026-03-03")) == []


# --- without a document date ----------------------------------------------------------------------

@pytest.mark.parametrize("sentence, expected", [
    ("Sept. 8, 2021", [("Sept. 8, 2021", D("2021-09-08"), "explicit")]),
    ("Austin met on September 7 with King Hamad.", [("on September 7", None, "explicit")]),
    ("On Monday, Putin also had telephonic contacts.", [("On Monday", None, "relative")]),
    ("Theresa May spoke with him yesterday.", [("yesterday", None, "relative")]),
    ("The envoy will travel to Muscat tomorrow.", [("tomorrow", None, "future")]),
    ("The kingdom aims to diversify its economy by 2030.", [("by 2030", None, "vague")]),
])
def test_without_a_document_date_only_dates_with_a_year_resolve(sentence, expected):
    assert found(sentence, None) == expected


# --- shape of the result ------------------------------------------------------------------------

def test_several_mentions_come_back_in_order():
    sentence = ("United Nations aid agency UNRWA resumed aid shipments yesterday, after halting "
                "them on Thursday citing safety risks.")
    assert found(sentence, D("2009-01-11")) == [
        ("yesterday", D("2009-01-10"), "relative"),
        ("on Thursday", D("2009-01-08"), "relative"),
    ]


@pytest.mark.parametrize("sentence, doc_date, _expected", WEEKDAYS + DAY_WORDS + EXPLICIT)
def test_text_is_exactly_the_slice_at_start_end(sentence, doc_date, _expected):
    for mention in find_dates(sentence, doc_date=doc_date):
        assert isinstance(mention, DateMention)
        assert sentence[mention.start:mention.end] == mention.text


def test_a_datetime_document_date_is_read_as_its_day():
    mentions = find_dates("The Kremlin said on Tuesday.", doc_date=datetime(2026, 3, 3, 18, 30))
    assert [(m.date, type(m.date)) for m in mentions] == [(D("2026-03-03"), date)]


@pytest.mark.parametrize("sentence", ["", "The two leaders discussed regional security."])
def test_a_sentence_with_no_date_word_gives_an_empty_list(sentence):
    assert find_dates(sentence, doc_date=D("2026-03-03")) == []


# --- known gaps ---------------------------------------------------------------------------------

@pytest.mark.xfail(strict=True, reason="an event named by its date ('the October 7 attacks') is "
                                       "resolved like a date, to the latest anniversary")
def test_gap_event_named_by_its_date():
    assert found("He condemned the October 7 attacks.", D("2024-10-20")) == [
        ("October 7", D("2023-10-07"), "explicit")]


@pytest.mark.xfail(strict=True, reason="a day of the month alone ('on the 7th') is not read")
def test_gap_day_of_month_alone():
    assert found("They met on the 7th.", D("2021-09-08")) == [
        ("on the 7th", D("2021-09-07"), "explicit")]


@pytest.mark.xfail(strict=True, reason="abbreviated weekdays ('Thurs.') are not read")
def test_gap_abbreviated_weekday():
    assert found("They met Thurs. in Doha.", D("2022-05-13")) == [
        ("Thurs.", D("2022-05-12"), "relative")]


# --- properties over generated sentences --------------------------------------------------------

_WORDS = ["on", "On", "Monday", "Sunday", "Times", "Good", "Friday", "May", "Theresa", "in",
          "June", "2020", "7", "13", "31", "Sept.", "8,", "2021", "today", "yesterday", "evening",
          "last", "next", "week", "ago", "ten", "days", "later", "the", "day", "before", "[", "]",
          "(", ")", ",", "-", "2024-05-13", "16/10/2023", "met", "said", "since", "earlier",
          "year", "this", "afternoon", "tomorrow", "February", "30", "110", "hostages"]


@given(words=st.lists(st.sampled_from(_WORDS), max_size=14),
       doc_date=st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1),
                                              max_value=date(2030, 12, 31))))
@settings(max_examples=300, deadline=None)
def test_mentions_are_ordered_disjoint_slices_of_known_kinds(words, doc_date):
    sentence = " ".join(words)
    mentions = find_dates(sentence, doc_date=doc_date)
    previous_end = 0
    for mention in mentions:
        assert sentence[mention.start:mention.end] == mention.text
        assert previous_end <= mention.start < mention.end
        assert mention.kind in ("explicit", "relative", "vague", "future")
        if mention.kind == "vague" or (doc_date is None and mention.kind != "explicit"):
            assert mention.date is None
        previous_end = mention.end


# --- anchored search: the same matches as the plain patterns ----------------------------------

#: For each anchored pattern, sentences whose match has the longest lead-in the pattern allows.
_LONGEST_LEAD_INS = {
    "_ISO_A": ["Text late on 2024-05-13 here", "It was as of 2024-05-13."],
    "_SLASH_A": ["Text late on 13/04/2024 here", "as of 13/04/2024"],
    "_MDY_A": ["Talks late on Monday, March 13, 2024 ended", "As of Monday, March 13"],
    "_DMY_A": ["Talks late on Monday, the 13 March ended", "as of Monday the 13th of March"],
    "_WEEKDAY_A": ["They met late on this coming Monday evening", "as of this past Monday"],
    "_MONTH_YEAR_A": ["since the end of March 2024", "in the middle of March 2024"],
    "_BARE_MONTH_A": ["since the end of June", "in the middle of June"],
    "_YEAR_RANGE_A": ["He served between 1997 and 2001."],
    "_YEAR_ALONE_A": ["since early 2020", "since mid-2020"],
    "_VAGUE_A": ["Talks in the coming few days", "over the past several weeks"],
    "_DAY_WORD_A": ["as of the day before yesterday", "as of the day after tomorrow"],
}


def _spans(matches) -> list[tuple[tuple[int, int], dict]]:
    return [(m.span(), m.groupdict()) for m in matches]


@pytest.mark.parametrize("name", sorted(_LONGEST_LEAD_INS))
def test_anchored_lead_in_bound_is_exact_and_tight(name):
    anchored = getattr(_dates, name)
    for sentence in _LONGEST_LEAD_INS[name]:
        want = _spans(anchored.pattern.finditer(sentence))
        assert want and want[0][0][0] < sentence.find(sentence.split()[-1])
        assert _spans(anchored.finditer(sentence)) == want
        # one word fewer would miss the start of the match: the bound is the pattern's own
        shorter = anchored._replace(words=anchored.words - 1)
        assert _spans(shorter.finditer(sentence)) != want


_LEAD_WORDS = ["late", "early", "earlier", "on", "as", "of", "since", "in", "the", "end", "mid",
               "this", "coming", "past", "last", "next", "between", "and", "Monday", "MONDAY",
               "Friday", "March", "Sept.", "Oct", "May", "June", "13", "1", "29th", "2024",
               "1999", "2024-05-13", "13/04/2024", "13-14", "troops", "%", "Good", "every", "'s",
               "week", "WEEKS", "wee\u212a", "weekend", "days", "day", "ago", "few", "several",
               "recently", "yesterday", "ye\u017fterday", "TOMORROW", "n\u0131ght", "tonight",
               "morning", "the", "before", "after", "over", "\u0130"]


@given(parts=st.lists(st.tuples(st.sampled_from(_LEAD_WORDS),
                                st.sampled_from([" ", "  ", "", ", ", "-", "\n", " - ", "."])),
                      max_size=12))
@settings(max_examples=500, deadline=None)
def test_anchored_search_finds_what_the_plain_pattern_finds(parts):
    sentence = "".join(word + sep for word, sep in parts)
    for value in vars(_dates).values():
        if isinstance(value, _dates.Anchored):
            assert _spans(value.finditer(sentence)) == _spans(value.pattern.finditer(sentence))
