"""Statement browser (pages/statements.py) with the real app and engine on seeds/."""
from dashboard_seed import app_at, table, texts


def test_lists_every_statement_unfiltered():
    at = app_at("statements")
    shown = table(at, "speaker", "kind", "text")
    assert len(shown) >= 3 and "Dmitry Peskov" in set(shown["speaker"])


def test_search_finds_peskovs_quote_and_highlights_it():
    at = app_at("statements")
    at.text_input(key="q").input("easing of tensions").run()
    shown = table(at, "speaker", "text")
    assert shown["speaker"].tolist() == ["Dmitry Peskov"]
    assert "<mark" in texts(at) and "easing" in texts(at)


def test_choosing_a_statement_shows_its_paragraph():
    at = app_at("statements", query={"q": "easing of tensions"})
    box = at.selectbox(key="statement")
    box.select(box.options[0]).run()
    body = texts(at)
    assert "the Kremlin spokesman Dmitry Peskov said" in body
    assert "paragraph 3" in body


def test_kind_and_speaker_filters():
    at = app_at("statements", query={"kind": "reported"})
    assert set(table(at, "kind")["kind"]) == {"reported"}
    at = app_at("statements", query={"speaker": "Dmitry Peskov"})
    assert set(table(at, "speaker")["speaker"]) == {"Dmitry Peskov"}


def test_country_filter_keeps_the_statements_about_qatars_call():
    at = app_at("statements", query={"country": "Qatar"})
    shown = table(at, "speaker", "text")
    assert 0 < len(shown) < len(table(app_at("statements"), "speaker", "text"))
    assert any("Qatar" in t or "Exchange of views" in t for t in shown["text"])


def test_search_matching_nothing_says_so():
    at = app_at("statements", query={"q": "zzzz nothing"})
    assert "No statements match this search and these filters." in texts(at)


def test_a_search_matching_only_the_sentence_shows_the_sentence_marked():
    at = app_at("statements", query={"q": "according"})
    shown = table(at, "speaker", "text")
    assert len(shown) == 1 and "according" not in shown["text"].iloc[0].lower()
    said = texts(at)
    assert "in the sentence:" in said and '<mark style="background:#fb923c">According</mark>' in said


def test_without_a_search_no_list_repeats_the_table():
    at = app_at("statements")
    assert "Where the words matched" not in texts(at)


def test_the_speakers_country_is_shown_by_name():
    shown = table(app_at("statements"), "speaker", "speaker_country")
    assert "Russia" in set(shown["speaker_country"]) and "RUS" not in set(shown["speaker_country"])
