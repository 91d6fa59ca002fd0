"""dashboard/text.py: where a statement search's words were found, shown marked; the legend."""
from dashboard.text import snippet, where_matched

QUOTE = "We will keep the crossings open for aid."
SENTENCE = 'Speaking in Cairo, the envoy said: "We will keep the crossings open for aid."'


def test_words_in_the_quote_are_shown_there_only():
    places = where_matched("crossings", text=QUOTE, evidence=SENTENCE, speaker="the envoy")
    assert [where for where, _ in places] == ["quote"]
    assert '<mark style="background:#fb923c">crossings</mark>' in places[0][1]


def test_words_only_in_the_sentence_are_shown_in_the_sentence():
    places = where_matched("Cairo", text=QUOTE, evidence=SENTENCE, speaker="the envoy")
    assert [where for where, _ in places] == ["sentence"]
    assert ">Cairo</mark>" in places[0][1]


def test_a_search_split_between_quote_and_sentence_shows_both():
    places = where_matched("Cairo aid", text=QUOTE, evidence=SENTENCE, speaker="the envoy")
    assert [where for where, _ in places] == ["quote", "sentence"]


def test_words_in_the_speaker_are_shown_in_the_speaker():
    places = where_matched("envoy", text=QUOTE, evidence="They agreed.", speaker="the envoy")
    assert places == [("speaker", 'the <mark style="background:#fb923c">envoy</mark>')]


def test_no_terms_no_places():
    assert where_matched("  ", text=QUOTE, evidence=SENTENCE, speaker="x") == []


def test_a_snippet_of_a_long_text_keeps_the_match_and_says_it_was_cut():
    text = "word " * 200 + "ceasefire talks resumed " + "word " * 200
    out = snippet(text, "ceasefire", width=60)
    assert out.startswith("… ") and out.endswith(" …") and ">ceasefire</mark>" in out
    assert len(out) < 200


def test_the_legend_gives_statements_and_names_different_looks():
    import re

    from dashboard.text import legend_html

    styles = dict((label, style) for style, label in
                  re.findall(r'<mark style="([^"]*)">([^<]*)</mark>', legend_html()))
    assert "background:#fde68a" in styles["statement"]
    for name in ("country", "actor"):
        assert styles[name].startswith("background:transparent;"), name
    assert len(set(styles.values())) == len(styles)
