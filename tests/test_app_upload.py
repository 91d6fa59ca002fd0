"""Uploads (pages/upload.py, dashboard/uploads.py, dashboard/saving.py): read in the session as
the corpus reads a folder, reported when refused, and added to every page."""
import io
import zipfile

from analysis.engine.documents import read_document
from dashboard import saving, uploads, widgets
from dashboard.settings import APP_DIR
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
    extractions, rejected = uploads.add_uploads(
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
    extractions, rejected = uploads.add_uploads([("batch.zip", buffer.getvalue())], known_ids=set())
    assert [e.document.path for e in extractions] == ["upload/batch.zip/a.txt"]
    assert [r.reason for r in rejected] == ["the same text is already loaded"]


def test_html_uploads_are_read_as_text():
    page = b"<html><body><p>date 2026-03-05</p><p>Macron met Tamim in Paris.</p></body></html>"
    extractions, rejected = uploads.add_uploads([("page.html", page)], known_ids=set())
    assert not rejected and extractions[0].document.date.isoformat() == "2026-03-05"


def test_an_uploaded_html_page_is_the_document_the_corpus_folder_reads(tmp_path):
    page = ("<!DOCTYPE html><html><head><title>Prime Minister's call with the Emir</title>"
            '<meta property="og:site_name" content="gov.example"></head><body>'
            "<p>date 2026-05-13</p><h1>Prime Minister's call with the Emir</h1>"
            "<p>The Prime Minister spoke to the Emir of Qatar on Tuesday.</p>"
            "<p>They agreed to stay in close contact.</p></body></html>").encode()
    (tmp_path / "call.html").write_bytes(page)
    folder = read_document(tmp_path / "call.html", root=tmp_path)
    upload = uploads.read_upload("call.html", page).document
    assert (upload.doc_id, upload.date, upload.title, upload.text, upload.source) == \
        (folder.doc_id, folder.date, folder.title, folder.text, folder.source)
    assert folder.date.isoformat() == "2026-05-13" and "Tdate" not in folder.title
    assert upload.path == "upload/call.html"


def test_an_upload_of_a_document_in_the_corpus_is_refused_as_a_duplicate(tmp_path):
    page = b"<html><head><title>A call</title></head><body><p>date 2026-05-13</p>" \
           b"<p>The Prime Minister spoke to the Emir of Qatar.</p></body></html>"
    (tmp_path / "call.html").write_bytes(page)
    known = {read_document(tmp_path / "call.html", root=tmp_path).doc_id}
    extractions, rejected = uploads.add_uploads([("copy.html", page)], known_ids=known)
    assert extractions == [] and rejected[0].reason == "the same text is already loaded"


def test_an_upload_joins_every_page_of_its_session():
    extractions, _ = uploads.add_uploads([("new.txt", NEW_DOC)], known_ids=set())
    state = {"readout_uploads": {"extractions": extractions, "rejected": []}}
    at = app_at(state=state)
    assert {m.label: m.value for m in at.metric}["Documents"] == "2"
    at.switch_page(str(APP_DIR / "pages" / "documents.py")).run()
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
    first = saving.save_to_corpus(tmp_path, "../evil name.txt", b"x")
    second = saving.save_to_corpus(tmp_path, "../evil name.txt", b"y")
    assert first.parent == tmp_path / "uploads" and first.name == "evil_name.txt"
    assert second.name == "evil_name-1.txt"


def test_accepted_uploads_stay_in_the_session_by_default(tmp_path, monkeypatch):
    import streamlit as st

    monkeypatch.setenv("READOUT_CORPUS", str(tmp_path))
    st.session_state.clear()
    added, refused = uploads.accept_uploads([("new.txt", NEW_DOC), ("bad.txt", b"")], known_ids=set())
    assert [a[0] for a in added] == ["upload/new.txt"] and added[0][2] >= 1
    assert [r[0] for r in refused] == ["upload/bad.txt"]
    assert not (tmp_path / "uploads").exists()
    assert len(uploads.session_uploads()[0]) == 1
    st.session_state.clear()


def test_accepted_uploads_are_written_when_the_operator_allows(tmp_path, monkeypatch):
    import streamlit as st

    monkeypatch.setenv("READOUT_CORPUS", str(tmp_path))
    monkeypatch.setenv("READOUT_ALLOW_WRITE", "1")
    st.session_state.clear()
    added, _ = uploads.accept_uploads([("new.txt", NEW_DOC)], known_ids=set())
    assert (tmp_path / "uploads" / "new.txt").read_bytes() == NEW_DOC
    assert uploads.session_uploads()[0] == []
    assert widgets.load().total("documents") == 1  # the corpus now holds it, for everyone
    st.session_state.clear()


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, raw in members.items():
            archive.writestr(name, raw)
    return buffer.getvalue()


def test_the_zips_of_one_submission_share_one_unpacking_limit(monkeypatch):
    part = b"date 2026-03-05\n" + b"The envoy met the minister. " * 4000  # about 112 KB
    monkeypatch.setattr(uploads, "MAX_UNZIPPED", 3 * len(part))
    batch = {f"p{n}.txt": part + bytes([65 + n]) for n in range(3)}
    _, rejected = uploads.add_uploads([("a.zip", zipped(batch)), ("b.zip", zipped(batch))],
                                   known_ids=set())
    unread = [r.path for r in rejected if "unpack to more than" in r.reason]
    # a.zip's three files fill the limit: b.zip's are listed, not read
    assert unread == ["upload/b.zip/p0.txt", "upload/b.zip/p1.txt", "upload/b.zip/p2.txt"]


def test_a_session_keeps_only_its_share_of_uploaded_text(monkeypatch):
    import streamlit as st

    monkeypatch.setattr(uploads, "MAX_SESSION_CHARS", len(NEW_DOC))  # room for one such text
    st.session_state.clear()
    other = b"date 2026-03-06\nThe Emir of Kuwait received the foreign minister of Oman."
    added, _ = uploads.accept_uploads([("first.txt", NEW_DOC)], known_ids=set())
    assert [a[0] for a in added] == ["upload/first.txt"]
    added, refused = uploads.accept_uploads([("second.txt", other)], known_ids=set())
    assert added == [] and refused[0][0] == "upload/second.txt"
    assert "this session already keeps" in refused[0][1]
    assert len(uploads.session_uploads()[0]) == 1
    st.session_state.clear()


def test_a_file_of_another_type_is_refused_with_the_reason():
    extractions, rejected = uploads.add_uploads(
        [("map.svg", b"<svg><text>Qatar</text></svg>"), ("new.txt", NEW_DOC)], known_ids=set())
    assert [e.document.path for e in extractions] == ["upload/new.txt"]
    assert rejected[0].path == "upload/map.svg"
    assert rejected[0].reason.startswith("Readout reads .txt, .text, .md, .html, .htm and .zip "
                                         "files, not .svg files")


def test_a_zip_member_named_with_backslashes_is_read_and_hidden_ones_skipped():
    archive = zipped({"..\\..\\x.txt": NEW_DOC, ".DS_Store": b"\x00\x01",
                      "__MACOSX/._x.txt": b"\x00\x05", "docs/.hidden.txt": NEW_DOC + b" Again."})
    extractions, rejected = uploads.add_uploads([("batch.zip", archive)], known_ids=set())
    assert [e.document.path for e in extractions] == ["upload/batch.zip/..\\..\\x.txt"]
    assert rejected == []


def test_uploaded_names_are_shown_as_they_are():
    extractions, rejected = uploads.add_uploads(
        [("report\u202etxt.exe.txt", NEW_DOC), ("bad\u202e.svg", b"x")], known_ids=set())
    assert extractions[0].document.path == r"upload/report\u202etxt.exe.txt"
    assert rejected[0].path == r"upload/bad\u202e.svg"
