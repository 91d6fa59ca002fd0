"""Tests for analysis.engine.events: actions between states, read from the structure of the clause.

Every sentence here is written for these tests (the gold corpus does not annotate events). Each
row: a text -> the events it reports as (type, actors, targets), or [] for none. Dates are
pinned to a document date (2026-03-03, a Tuesday, unless a row says otherwise).
"""
from __future__ import annotations

from datetime import date

import pytest

from analysis.engine.dates import find_dates
from analysis.engine.documents import parse_text
from analysis.engine.events import Cue, events_in_sentence, find_cues, merge_events
from analysis.engine.gazetteer import find_countries
from analysis.engine.pipeline import extract_document
from analysis.engine.sentences import split_sentences

DOC_DATE = date(2026, 3, 3)


def read(text: str, doc_date: date = DOC_DATE) -> list:
    """Every event of every sentence of ``text``, as extract.py reads a document but keeping
    all the events of a sentence (extract keeps the first)."""
    places = find_countries(text)
    found = []
    for sent in split_sentences(text):
        found += events_in_sentence(
            sent, places=places, dates=lambda s=sent: find_dates(s.text, doc_date=doc_date),
            doc_date=doc_date, previous=found[-1] if found else None, doc_id="t")
    return found


def roles(text: str) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    return [(e.type, e.actors, e.targets) for e in read(text)]


def days(text: str, doc_date: date = DOC_DATE) -> list[tuple[str, str | None, str]]:
    return [(e.type, e.date.isoformat() if e.date else None, e.date_text)
            for e in read(text, doc_date)]


# --- verbs: the subject acts, the object is the target --------------------------------------

ACTIVE = [
    ("Israel struck targets in Syria.", [("strike", ("ISR",), ("SYR",))]),
    ("Russian troops invaded Ukraine in February.", [("invasion", ("RUS",), ("UKR",))]),
    ("India attacked Pakistani positions along the border.", [("attack", ("IND",), ("PAK",))]),
    ("The United States sanctioned three Venezuelan officials.",
     [("sanction", ("USA",), ("VEN",))]),
    ("Saudi Arabia blockaded Qatar for three years.", [("blockade", ("SAU",), ("QAT",))]),
    ("Ukrainian drones targeted a Russian refinery.", [("strike", ("UKR",), ("RUS",))]),
    ("Turkish jets bombed positions in Iraq.", [("strike", ("TUR",), ("IRQ",))]),
    ("Armenian artillery shelled Azerbaijani villages.", [("strike", ("ARM",), ("AZE",))]),
    ("North Korea fired two ballistic missiles toward Japan.", [("strike", ("PRK",), ("JPN",))]),
    ("Iran launched drones at Israel.", [("strike", ("IRN",), ("ISR",))]),
    ("Iran retaliated against Israel.", [("strike", ("IRN",), ("ISR",))]),
    ("Turkey shot down a Russian warplane near the Syrian border.",
     [("attack", ("TUR",), ("RUS",))]),
    ("Iranian commandos seized a British tanker off the coast of Oman.",
     [("blockade", ("IRN",), ("GBR",))]),
    ("Egypt sealed its border with Gaza.", [("blockade", ("EGY",), ("PSE",))]),
    ("Morocco closed all crossings into Algeria.", [("blockade", ("MAR",), ("DZA",))]),
    ("Israeli agents assassinated an Iranian nuclear scientist.",
     [("assassination", ("ISR",), ("IRN",))]),
    ("Israeli forces killed a senior commander in Lebanon.",
     [("assassination", ("ISR",), ("LBN",))]),
    ("Ethiopian troops killed 30 Eritrean soldiers.", [("attack", ("ETH",), ("ERI",))]),
    ("The IDF struck Gaza overnight.", [("strike", ("ISR",), ("PSE",))]),
    ("Italy struck Libyan ports.", [("strike", ("ITA",), ("LBY",))]),
    ("The United States, the United Kingdom and France attacked Libya.",
     [("attack", ("FRA", "GBR", "USA"), ("LBY",))]),
]


@pytest.mark.parametrize("text, expected", ACTIVE)
def test_the_subject_of_an_action_verb_is_its_actor(text, expected):
    assert roles(text) == expected


PASSIVE = [
    ("Syria was struck by Israel.", [("strike", ("ISR",), ("SYR",))]),
    ("Ukraine was invaded by Russia.", [("invasion", ("RUS",), ("UKR",))]),
    ("Qatar was blockaded by Saudi Arabia and Egypt.", [("blockade", ("EGY", "SAU"), ("QAT",))]),
    ("Venezuela has been sanctioned by the United States.", [("sanction", ("USA",), ("VEN",))]),
    ("Iran was attacked last night by Israel.", [("attack", ("ISR",), ("IRN",))]),
    ("Iraqi bases targeted by Iran were damaged.", [("strike", ("IRN",), ("IRQ",))]),
]


@pytest.mark.parametrize("text, expected", PASSIVE)
def test_in_the_passive_the_actor_follows_by(text, expected):
    assert roles(text) == expected


# --- nouns: the actor is in the noun's own phrase, after "by", or the subject of its verb ----

NOUNS = [
    ("Israel's strike on Iran drew condemnation.", [("strike", ("ISR",), ("IRN",))]),
    ("Russia's invasion of Ukraine began in February.", [("invasion", ("RUS",), ("UKR",))]),
    ("An Israeli air strike on Damascus hit a building.", [("strike", ("ISR",), ("SYR",))]),
    ("American sanctions on Cuba remain in force.", [("sanction", ("USA",), ("CUB",))]),
    ("US and British strikes on Yemen continued.", [("strike", ("GBR", "USA"), ("YEM",))]),
    ("The Saudi-led blockade of Yemen tightened.", [("blockade", ("SAU",), ("YEM",))]),
    ("Strikes by Israel on Lebanon continued overnight.", [("strike", ("ISR",), ("LBN",))]),
    ("Sanctions imposed by Canada on Iran took effect.", [("sanction", ("CAN",), ("IRN",))]),
    ("China's incursion into Indian territory angered the government.",
     [("invasion", ("CHN",), ("IND",))]),
    ("The Chinese regime's reckless attack on Taiwan was condemned.",
     [("attack", ("CHN",), ("TWN",))]),
    ("Russia's unprovoked and brutal invasion of Ukraine continues.",
     [("invasion", ("RUS",), ("UKR",))]),
    ("The Israeli bombing of Gaza continued.", [("strike", ("ISR",), ("PSE",))]),
]


@pytest.mark.parametrize("text, expected", NOUNS)
def test_the_actor_of_a_noun_is_in_its_own_phrase_or_after_by(text, expected):
    assert roles(text) == expected


LIGHT_VERBS = [
    ("The US and Israel launched joint strikes against Iran.",
     [("strike", ("ISR", "USA"), ("IRN",))]),
    ("France carried out air strikes on Libya.", [("strike", ("FRA",), ("LBY",))]),
    ("Japan imposed new sanctions on Russia.", [("sanction", ("JPN",), ("RUS",))]),
    ("Pakistan conducted strikes inside Afghanistan.", [("strike", ("PAK",), ("AFG",))]),
    ("Iraq responded with missile strikes on Kuwait.", [("strike", ("IRQ",), ("KWT",))]),
    ("Australia announced sanctions against Myanmar.", [("sanction", ("AUS",), ("MMR",))]),
]


@pytest.mark.parametrize("text, expected", LIGHT_VERBS)
def test_the_subject_of_the_verb_that_carries_out_a_noun_is_its_actor(text, expected):
    assert roles(text) == expected


# --- reporting verbs report; their subject is not the actor ------------------------------------

REPORTED = [
    ("Iran condemned an Israeli air strike on Damascus.", [("strike", ("ISR",), ("SYR",))]),
    ("Jordan condemned the strike on Syria.", []),
    ("Egypt denounced the attack on Israel.", []),
    ("Iran said Israel struck Syria.", [("strike", ("ISR",), ("SYR",))]),
    ("Iran said that Israel struck Syria.", [("strike", ("ISR",), ("SYR",))]),
    ("Israel said it struck Syria.", [("strike", ("ISR",), ("SYR",))]),
    ("Israel struck Syria, Lebanese media reported.", [("strike", ("ISR",), ("SYR",))]),
    ("Syria accused Israel of bombing Lebanon.", [("strike", ("ISR",), ("LBN",))]),
    ("Syria condemned Israel for shelling Lebanon.", [("strike", ("ISR",), ("LBN",))]),
    ("France denounced Russian strikes on Ukraine.", [("strike", ("RUS",), ("UKR",))]),
    ("Qatar's foreign ministry said the attack on Saudi Arabia was unacceptable.", []),
    ("Britain welcomed Israeli strikes on Iran.", [("strike", ("ISR",), ("IRN",))]),
    ("Russia has been accused of bombing hospitals in Syria.", [("strike", ("RUS",), ("SYR",))]),
    ("The Indian army said Pakistani troops broke the truce and shelled villages in India.",
     [("strike", ("PAK",), ("IND",))]),
    ("The US backed Israeli strikes on Iran.", [("strike", ("ISR",), ("IRN",))]),
]


@pytest.mark.parametrize("text, expected", REPORTED)
def test_reporting_verbs_are_not_actions_and_their_subject_is_not_the_actor(text, expected):
    assert roles(text) == expected


# --- clauses: relative pronouns, joined verbs, several actions in one sentence -----------------

CLAUSES = [
    ("Russian forces, which invaded Ukraine, shelled Kyiv.",
     [("invasion", ("RUS",), ("UKR",)), ("strike", ("RUS",), ("UKR",))]),
    ("Israeli jets struck Syria and bombed Lebanon.",
     [("strike", ("ISR",), ("SYR",)), ("strike", ("ISR",), ("LBN",))]),
    ("India shelled Pakistan after Pakistani troops attacked Indian posts.",
     [("strike", ("IND",), ("PAK",)), ("attack", ("PAK",), ("IND",))]),
    ("Japan imposed sanctions on Russia in response to its invasion of Ukraine.",
     [("sanction", ("JPN",), ("RUS",))]),
    ("Israeli strikes hit Gaza and killed 12 Palestinians.", [("strike", ("ISR",), ("PSE",))]),
    ("Following Israel's strike on Iran, Iran launched missiles at Israel.",
     [("strike", ("ISR",), ("IRN",)), ("strike", ("IRN",), ("ISR",))]),
    ("Russian forces, backed by Belarus, shelled Kyiv.", [("strike", ("RUS",), ("UKR",))]),
    ("The Syrian army, backed by Russian air strikes, attacked rebel positions in Syria.", []),
    ("Israel struck Gaza on Monday, killing 12 Palestinians.",
     [("strike", ("ISR",), ("PSE",)), ("attack", ("ISR",), ("PSE",))]),
    ("Australia sanctioned Iranian officials over the crackdown in Iran and the war in Syria.",
     [("sanction", ("AUS",), ("IRN",))]),
    ("Japan sanctioned Belarus over Russia's invasion of Ukraine.",
     [("sanction", ("JPN",), ("BLR",)), ("invasion", ("RUS",), ("UKR",))]),
    ("The talks ended after North Korea fired a missile over Japan.",
     [("strike", ("PRK",), ("JPN",))]),
    ("Bahrain, Egypt, Saudi Arabia and the UAE closed their borders to Qatar.",
     [("blockade", ("ARE", "BHR", "EGY", "SAU"), ("QAT",))]),
]


@pytest.mark.parametrize("text, expected", CLAUSES)
def test_each_clause_has_its_own_actor(text, expected):
    assert roles(text) == expected


# --- what is not an event ------------------------------------------------------------------------

NOT_EVENTS = [
    # advisories, closures of one's own airspace, airports, embassies
    "The United States warned its citizens against travel to Iraq.",
    "The US warned its citizens against travel to Iraq, citing the risk of attacks on Americans.",
    "Iraq closed its airspace to flights from Iran.",
    "Kuwait closed its embassy in Iraq.",
    "Lebanon closed Beirut airport after Israeli threats.",
    "Saudi Arabia closed its airports to flights from Qatar.",
    "The State Department warned Americans against travel to Lebanon, citing the threat of "
    "terrorist attacks.",
    "Turkey condemned the attack on its embassy in Afghanistan.",
    "The Iraqi minister could not travel to Iran because Baghdad's airport was closed.",
    # plans, threats, warnings, calls, fears, conditions, attempts
    "Israel could strike Iran.",
    "Israel threatened to strike Iran.",
    "Israel will strike Iran if provoked.",
    "Israel plans to impose sanctions on Iran.",
    "Britain called for sanctions on Russia.",
    "Japan fears a Chinese invasion of Taiwan.",
    "Poland warned of a Russian attack on Lithuania.",
    "If Russia invades Ukraine, Germany will impose sanctions.",
    "Russia tried to assassinate a Ukrainian official.",
    "The talks aim to prevent an Indian attack on Pakistan.",
    "Russia condemned any attack on Iran.",
    "Israel's planned strike on Iran was called off.",
    "Australia said terrorists intend to conduct attacks in Kuwait against American targets.",
    # negated
    "India did not attack Pakistan.",
    "Iran denied attacking Saudi Arabia.",
    "Iran denied that it attacked Saudi Arabia.",
    "No Turkish troops have invaded Syria.",
    "Israel has not struck Iran since April.",
    # undone, or not an action at all
    "The US lifted sanctions on Sudan.",
    "France eased its sanctions on Iran.",
    "Israel and the UAE struck a deal on trade.",
    "Iran was attacked.",
    "The attack on Iraq shocked Jordan.",
    "Germany and France discussed the sanctions on Russia.",
    "The bombing killed 12 Syrians.",
    # proxies are not the state that backs them
    "Iranian-backed militias attacked US bases in Iraq.",
    "Pro-Russian separatists attacked Ukrainian positions.",
]


@pytest.mark.parametrize("text", NOT_EVENTS)
def test_not_an_event(text):
    assert roles(text) == []


# --- dates ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Israel struck Syria on Monday.", [("strike", "2026-03-02", "on Monday")]),
    ("On Saturday, Israel struck Syria.", [("strike", "2026-02-28", "On Saturday")]),
    ("Israel struck Syria, Iran said on Monday.", [("strike", "2026-03-03", "")]),
    ("Iran said on Monday that Israel struck Syria.", [("strike", "2026-03-03", "")]),
    ("Israel struck Syria this week.", [("strike", None, "this week")]),
    ("Israel struck Syria.", [("strike", "2026-03-03", "")]),
    ("Japan imposed sanctions on Russia on February 23, 2026.",
     [("sanction", "2026-02-23", "on February 23, 2026")]),
])
def test_the_day_is_the_one_the_clause_of_the_action_names(text, expected):
    assert days(text) == expected


def test_since_then_counts_from_the_previous_event():
    assert days("Israel struck Syria on Sunday. Since then, Iran has attacked Israel.") == [
        ("strike", "2026-03-01", "on Sunday"), ("attack", "2026-03-01", "Since then")]


def test_the_next_day_is_a_day_after_the_previous_event():
    assert days("Israel struck Syria on Sunday. The next day, Iran attacked Israel.") == [
        ("strike", "2026-03-01", "on Sunday"), ("attack", "2026-03-02", "The next day")]


def test_an_anaphor_without_a_dated_event_before_takes_the_document_date():
    assert days("Since then, Iran has attacked Israel.") == [("attack", "2026-03-03", "")]


def test_a_clause_opened_by_when_takes_the_day_it_refers_to():
    text = "India has shelled Pakistan since Tuesday, when Pakistani troops attacked Indian posts."
    assert days(text, date(2026, 3, 5)) == [("strike", "2026-03-03", "since Tuesday"),
                                            ("attack", "2026-03-03", "since Tuesday")]


# --- cues -----------------------------------------------------------------------------------------

def test_cues_are_found_left_to_right_without_overlap():
    assert find_cues("The US imposed sanctions after Iran struck a ship.") == [
        Cue(15, 24, "sanction", "noun"), Cue(36, 42, "strike", "verb")]


@pytest.mark.parametrize("text", ["The two leaders discussed trade.", ""])
def test_a_sentence_without_a_cue_has_no_cues(text):
    assert find_cues(text) == []


# --- through the whole engine -----------------------------------------------------------------

def events(text):
    doc = parse_text(text, path="t.txt")
    return [(e.type, e.actors, e.targets, e.date.isoformat() if e.date else None)
            for e in extract_document(doc).events]


def test_joint_strike_has_both_actors():
    assert events("date 2026-03-03 The US and Israel launched joint strikes against Iran on "
                  "Saturday.") == [("strike", ("ISR", "USA"), ("IRN",), "2026-02-28")]


def test_since_then_continues_the_previous_date():
    found = events("date 2026-03-03 The US and Israel launched joint strikes against Iran on "
                   "Saturday. Since then, Iran has targeted multiple US bases.")
    assert ("strike", ("IRN",), ("USA",), "2026-02-28") in found


def test_actor_is_the_subject_of_the_cue_clause():
    found = events("date 2026-03-03 Russian President Vladimir Putin is in contact with leaders "
                   "as Iran is retaliating with massive strikes on the US facilities.")
    assert found == [("strike", ("IRN",), ("USA",), "2026-03-03")]


def test_a_list_of_actors_is_one_subject():
    found = events("date 2011-03-20 The United States, the United Kingdom and France launched "
                   "missile strikes against Libya on Saturday.")
    assert found == [("strike", ("FRA", "GBR", "USA"), ("LBY",), "2011-03-19")]


def test_the_same_action_told_twice_is_one_event_with_the_earliest_day():
    found = events("date 2026-03-03 Israel struck Syria on Monday. Israel struck Syria again "
                   "on Sunday.")
    assert found == [("strike", ("ISR",), ("SYR",), "2026-03-01")]


def test_merge_keeps_a_known_date_over_none():
    first, second = read("Israel struck Syria this week. Israel struck Syria on Sunday.")
    assert merge_events([first, second]) == [second]


def test_shooting_down_drones_or_missiles_is_defence_not_an_attack():
    assert roles("Poland said it had shot down three Belarusian drones over its territory.") == []


def test_shooting_down_an_aircraft_is_an_attack():
    assert roles("Poland shot down a Belarusian jet near the border.") == \
        [("attack", ("POL",), ("BLR",))]
