"""What's new page (pages/whats_new.py) with the real app and engine on seeds/."""
from datetime import date

from dashboard_seed import app_at, table, texts


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_by_default_it_covers_the_latest_document_and_the_day_before():
    at = app_at("whats_new")
    since = next(d for d in at.date_input if d.label == "Since")
    assert since.value == date(2026, 3, 2)
    m = metrics(at)
    assert m["Documents"] == "1" and m["Contacts"] == "4"
    assert "The latest document is dated 2026-03-03." in texts(at)


def test_statements_are_listed_by_speaker():
    at = app_at("whats_new")
    speakers = table(at, "speaker", "statements", "direct", "reported")
    assert "the Kremlin" in set(speakers["speaker"])
    assert speakers["statements"].sum() == int(metrics(at)["Statements"])


def test_new_contacts_show_country_names():
    at = app_at("whats_new")
    contacts = table(at, "channel", "participants", "countries")
    assert "Russia, Qatar" in set(contacts["countries"])


def test_a_day_after_everything_says_nothing_is_new():
    at = app_at("whats_new", query={"since": "2030-01-01"})
    assert "Nothing is dated 2030-01-01 or later" in texts(at)


def test_the_sidebar_filters_narrow_the_brief():
    at = app_at("whats_new", query={"country": "Qatar"})
    assert metrics(at)["Contacts"] == "1"


def test_an_empty_corpus_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("READOUT_CORPUS", str(tmp_path))
    at = app_at("whats_new")
    assert "No documents are loaded yet" in texts(at)


def test_undated_documents_only_say_nothing_can_be_new(tmp_path, monkeypatch):
    (tmp_path / "x.txt").write_text("President Emmanuel Macron spoke with Chancellor Merz.",
                                    "utf-8")
    monkeypatch.setenv("READOUT_CORPUS", str(tmp_path))
    at = app_at("whats_new")
    assert "No dated document matches these filters" in texts(at)
