"""Tests for analysis.matcher: whole-word, leftmost-longest phrase matching."""
from analysis.matcher import PhraseMatcher


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
