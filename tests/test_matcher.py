"""Tests for analysis.engine.matcher: whole-word, leftmost-longest phrase matching."""
from analysis.engine.matcher import PhraseMatcher


def found(matcher, text):
    return [(m.phrase, m.value) for m in matcher.find(text)]


def test_longest_phrase_wins():
    m = PhraseMatcher([("Saudi", "SAU"), ("Saudi Arabia", "SAU2")])
    assert found(m, "in Saudi Arabia today") == [("Saudi Arabia", "SAU2")]


def test_matches_need_word_boundaries():
    m = PhraseMatcher([("Iran", "IRN"), ("Oman", "OMN")])
    assert found(m, "Iranian Romania Omani") == []


def test_hyphen_is_a_boundary():
    m = PhraseMatcher([("U.S.", "USA"), ("Bahrain", "BHR"), ("Iran", "IRN")])
    assert found(m, "the U.S.-Bahrain and Iran-backed") == [
        ("U.S.", "USA"), ("Bahrain", "BHR"), ("Iran", "IRN")]


def test_matching_is_case_sensitive():
    m = PhraseMatcher([("US", "USA")])
    assert found(m, "told us about the US") == [("US", "USA")]


def test_curly_and_straight_apostrophes_match_alike():
    m = PhraseMatcher([("Côte d'Ivoire", "CIV")])
    assert found(m, "in Côte d’Ivoire") == [("Côte d'Ivoire", "CIV")]


def test_empty_matcher_finds_nothing():
    assert PhraseMatcher([]).find("anything") == []


def test_a_phrase_ending_the_text_inside_the_start_of_a_longer_one_is_found():
    m = PhraseMatcher([("Qatar", "QAT"), ("Doha Qatar Forum", "forum")])
    assert found(m, "the envoy flew to Doha Qatar") == [("Qatar", "QAT")]
    assert found(m, "at the Doha Qatar Forum") == [("Doha Qatar Forum", "forum")]


def test_the_first_phrase_given_for_a_key_keeps_it():
    m = PhraseMatcher([("Georgia", "GEO"), ("Georgia", "USA-GA")])
    assert found(m, "in Georgia") == [("Georgia", "GEO")]


def test_substrings_are_found_inside_words_and_overlapping():
    from analysis.engine.matcher import SubstringSet

    strings = SubstringSet([("phon", "phone"), ("telephon", "telephone"), ("one", "one")])
    assert strings.values_in("by telephone") == {"phone", "telephone", "one"}
    assert strings.values_in("by letter") == set()
