"""Uploads (pages/upload.py, dashboard/data.py): read in the session, reported when refused,
and added to every page."""
import io
import zipfile

from dashboard import data
from dashboard_seed import app_at, table, texts

NEW_DOC = (b"date 2026-03-05\nFrench President Emmanuel Macron spoke by telephone with "
           b"Qatar's Emir Tamim bin Hamad Al Thani on Wednesday, the Elysee said.")


def test_upload_page_renders_and_says_uploads_stay_in_the_session():
    at = app_at("upload")
    assert "Uploads stay in your session" in texts(at)
    assert "You have not added any documents in this session." in texts(at)


def test_write_setting_is_announced(monkeypatch):
    monkeypatch.setenv("READOUT_ALLOW_WRITE", "true")
    assert "saves uploads into the corpus" in texts(app_at("upload"))


def test_add_uploads_reads_documents_and_reports_refusals():
    steps = []
    extractions, rejected = data.add_uploads(
        [("new.txt", NEW_DOC), ("empty.txt", b""), ("photo.txt", b"\x00\x01\x02")],
        known_ids=set(), progress=lambda share, text: steps.append(share))
    assert [e.document.path for e in extractions] == ["upload/new.txt"]
    assert {r.path: r.reason for r in rejected}["upload/photo.txt"] == "the file is binary, not text"
    assert "upload/empty.txt" in {r.path for r in rejected}
    assert steps == [1 / 3, 2 / 3, 1.0]


def test_zip_uploads_are_expanded_and_duplicates_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", NEW_DOC)
        archive.writestr("b.txt", NEW_DOC)
    extractions, rejected = data.add_uploads([("batch.zip", buffer.getvalue())], known_ids=set())
    assert [e.document.path for e in extractions] == ["upload/batch.zip/a.txt"]
    assert [r.reason for r in rejected] == ["the same text is already loaded"]


def test_html_uploads_are_read_as_text():
    page = b"<html><body><p>date 2026-03-05</p><p>Macron met Tamim in Paris.</p></body></html>"
    extractions, rejected = data.add_uploads([("page.html", page)], known_ids=set())
    assert not rejected and extractions[0].document.date.isoformat() == "2026-03-05"


def test_an_upload_joins_every_page_of_its_session():
    extractions, _ = data.add_uploads([("new.txt", NEW_DOC)], known_ids=set())
    state = {"readout_uploads": {"extractions": extractions, "rejected": []}}
    at = app_at(state=state)
    assert {m.label: m.value for m in at.metric}["Documents"] == "2"
    at.switch_page(str(data.APP_DIR / "pages" / "documents.py")).run()
    assert len(at.selectbox(key="doc").options) == 2
    at = app_at("map", state=state)
    codes = {f["properties"]["iso3"] for layer in __import__("json").loads(
        at.get("deck_gl_json_chart")[0].proto.json)["layers"] if layer["id"] == "countries"
        for f in layer["data"]["features"]}
    assert "FRA" in codes
    at = app_at("timeline", state=state)
    dates = set()
    for t in __import__("json").loads(at.get("plotly_chart")[0].proto.spec)["data"]:
        if t.get("name", "").startswith("contact"):
            dates.update(t["x"])
    assert extractions[0].contacts, "the engine reads Macron's call"
    assert extractions[0].contacts[0].date.isoformat() in dates


def test_a_second_session_does_not_see_the_upload():
    assert {m.label: m.value for m in app_at().metric}["Documents"] == "1"


def test_save_to_corpus_writes_a_safe_unused_name(tmp_path):
    first = data.save_to_corpus(tmp_path, "../evil name.txt", b"x")
    second = data.save_to_corpus(tmp_path, "../evil name.txt", b"y")
    assert first.parent == tmp_path / "uploads" and first.name == "evil_name.txt"
    assert second.name == "evil_name-1.txt"


def test_accepted_uploads_stay_in_the_session_by_default(tmp_path, monkeypatch):
    import streamlit as st

    monkeypatch.setenv("READOUT_CORPUS", str(tmp_path))
    st.session_state.clear()
    added, refused = data.accept_uploads([("new.txt", NEW_DOC), ("bad.txt", b"")])
    assert [a[0] for a in added] == ["upload/new.txt"] and added[0][2] >= 1
    assert [r[0] for r in refused] == ["upload/bad.txt"]
    assert not (tmp_path / "uploads").exists()
    assert len(data.session_uploads()[0]) == 1
    st.session_state.clear()


def test_accepted_uploads_are_written_when_the_operator_allows(tmp_path, monkeypatch):
    import streamlit as st

    monkeypatch.setenv("READOUT_CORPUS", str(tmp_path))
    monkeypatch.setenv("READOUT_ALLOW_WRITE", "1")
    st.session_state.clear()
    added, _ = data.accept_uploads([("new.txt", NEW_DOC)])
    assert (tmp_path / "uploads" / "new.txt").read_bytes() == NEW_DOC
    assert data.session_uploads()[0] == []
    assert len(data.frames()["documents"]) == 1  # the corpus now holds it, for everyone
    st.session_state.clear()
