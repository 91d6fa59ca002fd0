"""Tests for analysis.engine.tense: how the clause around a cue is told. Every sentence here is
written for these tests. Each row: (sentence, the cue whose first occurrence is the position)."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.engine import tense
from analysis.engine.tense import (clause_bounds, is_asserted, is_future, is_hypothetical, is_negated,
                            is_past, reading)

DATA = (Path(__file__).resolve().parent.parent / "analysis" / "engine" / "data"
        / "tense_cues.csv")


def at(sentence: str, cue: str) -> int:
    """The position of the first occurrence of ``cue`` (a test error when it is missing)."""
    pos = sentence.find(cue)
    assert pos >= 0, cue
    return pos


FUTURE = [
    ("The foreign ministers will meet in Geneva.", "meet"),
    ("The envoy'll travel to Muscat on Sunday.", "travel"),
    ("She shall visit the capital in June.", "visit"),
    ("He said the president would visit Seoul in the spring.", "visit"),
    ("The delegation is to arrive in Ankara.", "arrive"),
    ("The two sides are set to resume talks.", "talks"),
    ("The minister is due to visit Nairobi.", "visit"),
    ("The leaders are scheduled to speak by phone.", "speak"),
    ("The chancellor plans to meet the premier.", "meet"),
    ("The envoy intends to call his counterpart.", "call"),
    ("Officials expect to hold talks with the junta.", "talks"),
    ("The summit is expected to take place in Lima.", "summit"),
    ("Both governments agreed to meet again.", "meet"),
    ("The president invited the king to visit Washington.", "visit"),
    ("They discussed the upcoming summit in Hanoi.", "summit"),
    ("The ministers spoke ahead of the summit in Hanoi.", "summit"),
    ("The treaty is to be signed at a ceremony to be held in Oslo.", "ceremony"),
    ("Next week the premier travels to Canberra.", "travels"),
    ("The premier travels to Canberra next week.", "travels"),
    ("The meeting will take place on Friday.", "meeting"),
    ("A visit to Tokyo is planned for the autumn.", "visit"),
    ("He is going to meet the sultan.", "meet"),
    ("The foreign minister looks forward to welcoming her counterpart.", "welcoming"),
    ("The president hopes to visit Brasilia.", "visit"),
    ("Putin, who met Xi last week, will visit Delhi.", "visit"),
    ("The two leaders are due to meet on Thursday.", "on Thursday"),
    ("Ministers from Chile, Peru and Bolivia will next week meet in Quito.", "meet"),
    ("On Thursday, the leaders will gather in Brussels.", "On Thursday"),
    ("The vote was set for Sunday.", "Sunday"),
]


@pytest.mark.parametrize("sentence, cue", FUTURE)
def test_future_and_plans(sentence, cue):
    assert is_future(sentence, at(sentence, cue))


NOT_FUTURE = [
    ("The foreign ministers met in Geneva.", "met"),
    ("They met on Monday and agreed to meet again next week.", "met"),
    ("They met on Monday and agreed to meet again next week.", "on Monday"),
    ("The talks planned for March were held in April.", "held"),
    ("He will say that they met on Friday.", "met"),
    ("Officials who will attend the summit met on Sunday.", "met"),
    ("The leaders spoke by phone ahead of the summit.", "spoke"),
    ("The president, who will travel to Paris next week, met the ambassador.", "met"),
    ("Theresa May met the crown prince in London.", "met"),
    ("Will Carter met the delegation in Lagos.", "met"),
    ("The minister is on a visit to Accra.", "visit"),
    ("The ministers meet every month in Brussels.", "meet"),
    ("On Thursday, the leaders gathered in Brussels.", "On Thursday"),
    ("On Thursday, the leaders who will sign the pact met in Brussels.", "On Thursday"),
]


@pytest.mark.parametrize("sentence, cue", NOT_FUTURE)
def test_not_future(sentence, cue):
    assert not is_future(sentence, at(sentence, cue))


NEGATED = [
    ("The two leaders did not meet.", "meet"),
    ("The ministers have not spoken since March.", "spoken"),
    ("They haven't met since the election.", "met"),
    ("There was no call between the leaders.", "call"),
    ("The premier never visited Kabul.", "visited"),
    ("He left the capital without meeting the envoy.", "meeting"),
    ("The sultan refused to receive the delegation.", "receive"),
    ("The minister was unable to travel to Baghdad.", "travel"),
    ("The visit was cancelled at short notice.", "visit"),
    ("The talks were postponed at the last minute.", "talks"),
    ("The government denied that its jets struck the village.", "struck"),
    ("The army denied shelling the town.", "shelling"),
    ("Neither side attacked the convoy.", "attacked"),
    ("The meeting did not take place.", "meeting"),
    ("The planned call has been called off.", "call"),
]


@pytest.mark.parametrize("sentence, cue", NEGATED)
def test_negated(sentence, cue):
    assert is_negated(sentence, at(sentence, cue))


NOT_NEGATED = [
    ("The No. 10 spokesman said the leaders met.", "met"),
    ("The allies enforced a no-fly zone and struck air defences.", "struck"),
    ("The ministers met, and no statement was issued.", "met"),
    ("Not only the ministers but the leaders met.", "met"),
    ("The army, which did not comment, shelled the town.", "shelled"),
    ("The envoy met the minister; neither gave details.", "met"),
]


@pytest.mark.parametrize("sentence, cue", NOT_NEGATED)
def test_not_negated(sentence, cue):
    assert not is_negated(sentence, at(sentence, cue))


HYPOTHETICAL = [
    ("The army could strike the depots.", "strike"),
    ("Russia may impose new sanctions.", "impose"),
    ("The rebels might attack the airport.", "attack"),
    ("The navy threatened to strike the base.", "strike"),
    ("The ministry warned of attacks on shipping.", "attacks"),
    ("Lawmakers called for sanctions on the regime.", "sanctions"),
    ("Officials fear an invasion of the island.", "invasion"),
    ("If the army invades, sanctions will follow.", "invades"),
    ("The rebels tried to assassinate the governor.", "assassinate"),
    ("The allies condemned any attack on civilians.", "attack"),
    ("The embassy cited a possible strike on the port.", "strike"),
    ("The talks aim to prevent an invasion.", "invasion"),
    ("The minister warned that the militia attacked the airport.", "attacked"),
    ("The envoy urged both sides to halt attacks.", "attacks"),
    ("The government wants to sanction the bank.", "sanction"),
    ("The jets took off in order to bomb the bridge.", "bomb"),
]


@pytest.mark.parametrize("sentence, cue", HYPOTHETICAL)
def test_threats_warnings_calls_fears_and_conditions(sentence, cue):
    assert is_hypothetical(sentence, at(sentence, cue))


NOT_HYPOTHETICAL = [
    ("Theresa May spoke with the crown prince.", "spoke"),
    ("The navy continued to shell the coast.", "shell"),
    ("The government sent jets to bomb the depot.", "bomb"),
    ("The army struck the depot on Saturday.", "struck"),
    ("The rebels began to attack the outposts at dawn.", "attack"),
    ("In response to attacks on its ships, the navy struck the port.", "struck"),
]


@pytest.mark.parametrize("sentence, cue", NOT_HYPOTHETICAL)
def test_real_actions_are_not_hypothetical(sentence, cue):
    assert not is_hypothetical(sentence, at(sentence, cue))


PAST = [
    ("The ministers met in Geneva.", "met"),
    ("The leaders had spoken twice.", "spoken"),
    ("The strikes were carried out at night.", "strikes"),
    ("The army shelled the town on Sunday.", "shelled"),
]


@pytest.mark.parametrize("sentence, cue", PAST)
def test_past(sentence, cue):
    assert is_past(sentence, at(sentence, cue))


@pytest.mark.parametrize("sentence, cue", [
    ("The ministers will meet in Geneva.", "meet"),
    ("The ministers did not meet in Geneva.", "meet"),
    ("The ministers meet in Geneva.", "meet"),
])
def test_not_past(sentence, cue):
    assert not is_past(sentence, at(sentence, cue))


def test_asserted_is_neither_future_negated_nor_hypothetical():
    assert is_asserted("The army shelled the town.", 9)
    for sentence, cue in (FUTURE[0], NEGATED[0], HYPOTHETICAL[0]):
        assert not is_asserted(sentence, at(sentence, cue))


def test_reading_reports_several_at_once():
    sentence = "The planned call has been called off."
    r = reading(sentence, at(sentence, "call"))
    assert (r.future, r.negated, r.past) == (True, True, False)


# --- clause boundaries ---------------------------------------------------------------------

@pytest.mark.parametrize("sentence, cue, clause", [
    ("The army struck the port, which was empty.", "struck", "The army struck the port"),
    ("On Monday, the ministers met in Rome.", "met", " the ministers met in Rome."),
    ("Chile, Peru and Bolivia signed the pact.", "signed", "Chile, Peru and Bolivia signed the pact."),
    ("The United States, the United Kingdom and France struck the airfield.", "struck",
     "The United States, the United Kingdom and France struck the airfield."),
    ("The navy said that the army shelled the coast.", "shelled", " the army shelled the coast."),
    ("The talks ended as the army shelled the coast; nobody spoke.", "shelled",
     " the army shelled the coast"),
    ("The navy fired on the ship after it entered the strait.", "fired",
     "The navy fired on the ship "),
    ("The army struck the port on May 5, 2025, and left.", "struck",
     "The army struck the port on May 5, 2025"),
    ("The army sent 20,000 troops to the border.", "sent",
     "The army sent 20,000 troops to the border."),
])
def test_clause_bounds(sentence, cue, clause):
    start, end = clause_bounds(sentence, at(sentence, cue))
    assert sentence[start:end] == clause


def test_clause_is_looked_for_within_the_reach_only():
    sentence = "word " * 200 + "they met " + "word " * 200
    start, end = clause_bounds(sentence, at(sentence, "met"))
    assert 0 < start and end < len(sentence)


# --- the table --------------------------------------------------------------------------------

def _rows() -> list[dict[str, str]]:
    with DATA.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("row", _rows(), ids=lambda r: f"{r['reading']}-{r['side']}")
def test_every_row_compiles_and_fires_on_its_example(row):
    assert row["reading"] in {"future", "negated", "hypothetical", "implicative", "past"}
    assert row["side"] in {"before", "after", "governor", "word"}
    assert re.search(row["pattern"], row["example"], re.IGNORECASE)


@pytest.mark.parametrize("row", _rows(), ids=lambda r: f"{r['reading']}-{r['side']}")
def test_every_example_holds_one_of_its_rows_keywords(row):
    example = " ".join(row["example"].lower().split())
    assert any(word in example for word in row["keywords"].split("|") if word)


# --- the index finds what a plain search finds -------------------------------------------------

_WORDS = ["will", "won't", "he'll", "They", "not", "haven't", "no", "no-fly", "No.", "never",
          "is", "to", "be", "held", "set", "for", "due", "planned", "well-planned", "upcoming",
          "ahead", "of", "next", "day", "week", "May", "may", "could", "warned", "that", "denied",
          "if", "any", "met", "were", "attacked", "strike", "continued", "Israel", "Iran's", ",",
          ";", "—", "(", ")", "\u201c", "tomorrow", "did", "called", "off", "cancelled", "invited",
          "are", "scheduled", "expected", "likely", "reportedly", "going", "about", "look",
          "forward", "wants", "agreed", "plans", "refused", "unable", "postponed", "threatened",
          "call", "attempt", "prevent", "possible", "whether", "can", "would", "would-be",
          "coming", "days", "later", "this", "take", "place", "in", "case", "run-up", "ahead",
          "advance", "tried", "Will", "MAY", "Not", "NEVER"]


@given(words=st.lists(st.sampled_from(_WORDS), max_size=25),
       seps=st.lists(st.sampled_from([" ", "  ", "", "\n", "-"]), min_size=25, max_size=25))
@settings(max_examples=1500, deadline=None)
def test_markers_found_at_word_starts_are_those_a_plain_search_finds(words, seps):
    text = "".join(w + s for w, s in zip(words, seps))
    index = tense._Index(text)
    for key in tense._cues():
        if key == ("past", "word"):
            continue
        assert index.spans(key).starts == [m.start() for m in tense._cue(*key).finditer(text)], key
