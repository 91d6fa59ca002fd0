"""Documents page (pages/documents.py) with the real app and engine on seeds/."""
from dashboard_seed import app_at, texts


def test_reads_the_seed_with_its_rows_marked():
    at = app_at("documents")
    body = texts(at)
    assert "Russian President Vladimir Putin" in body or "Vladimir Putin" in body
    assert 'title="contact' in body and 'title="statement' in body
    assert ">Bahrain</mark>" in body or "Bahrain</mark>" in body


def test_the_document_is_chosen_from_the_url():
    at = app_at("documents")
    doc_id = at.selectbox(key="doc").value
    again = app_at("documents", query={"doc": doc_id})
    assert again.selectbox(key="doc").value == doc_id


def test_a_document_with_no_contacts_says_so(tmp_path, monkeypatch):
    (tmp_path / "quiet.txt").write_text("date 2026-03-03 It rained in the capital.", "utf-8")
    monkeypatch.setenv("READOUT_CORPUS", str(tmp_path))
    at = app_at("documents")
    assert "No contacts were extracted from this document." in texts(at)


def test_no_documents_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("READOUT_CORPUS", str(tmp_path))
    assert "No documents are loaded yet" in texts(app_at("documents"))


def test_a_linked_secret_never_reaches_the_document_chooser(tmp_path, monkeypatch):
    from test_app_overview import hostile_corpus

    monkeypatch.setenv("READOUT_CORPUS", str(hostile_corpus(tmp_path)))
    at = app_at("documents")
    options = at.selectbox(key="doc").options
    assert len(options) == 1 and options[0].endswith("(ok.txt)")
    assert "kestrel-nine-four" not in texts(at)


def test_a_long_document_is_shown_in_parts_of_bounded_html(tmp_path, monkeypatch):
    from pathlib import Path

    seed = next((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt")).read_text()
    head, body = seed.split("\n", 1)
    paragraphs = [f"{body.strip()} Report {n} ends here." for n in range(240)]  # about 855 KB
    (tmp_path / "long.txt").write_text(head + "\n" + "\n\n".join(paragraphs), "utf-8")
    monkeypatch.setenv("READOUT_CORPUS", str(tmp_path))
    at = app_at("documents")
    marked = [str(m.value) for m in at.markdown if "line-height:1.7" in str(m.value)]
    assert len(marked) == 1 and len(marked[0]) < 400_000  # was 7 MB for the whole document
    part = next(box for box in at.selectbox if box.label == "Part")
    assert len(part.options) > 10 and part.options[0].startswith(f"Part 1 of {len(part.options)}")
    assert "Report 0 ends" in marked[0] and "Report 239 ends" not in marked[0]
    part.select(part.options[-1]).run()
    last = next(str(m.value) for m in at.markdown if "line-height:1.7" in str(m.value))
    assert "Report 239 ends" in last and "Report 0 ends" not in last
