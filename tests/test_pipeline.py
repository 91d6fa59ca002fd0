"""Tests for analysis.pipeline: one document, a folder, and faults that lose nothing."""
from datetime import date

from analysis.documents import parse_text
from analysis.pipeline import extract_document, extract_documents, extract_folder
from analysis.records import Document


def test_extract_document_is_deterministic():
    doc = parse_text("date 2026-03-03 On Monday, Putin spoke by telephone with Emir Tamim bin "
                     "Hamad Al Thani.", path="a.txt")
    assert extract_document(doc) == extract_document(doc)


def test_a_document_the_engine_cannot_analyse_is_rejected_not_lost():
    good = parse_text("date 2026-03-03 Putin spoke.", path="good.txt")
    broken = Document("d2", "broken.txt", date(2026, 3, 3), "t", 1, None)  # no text at all
    done, failed = extract_documents([good, broken])
    assert [e.document.path for e in done] == ["good.txt"]
    assert [r.path for r in failed] == ["broken.txt"]
    assert "could not be analysed" in failed[0].reason


def test_extract_folder_accounts_for_every_file(tmp_path):
    (tmp_path / "a.txt").write_text("date 2026-03-03 Putin spoke with Erdogan.", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    frames = extract_folder(tmp_path)
    assert list(frames["documents"]["path"]) == ["a.txt"]
    assert list(frames["rejected"]["path"]) == ["b.txt"]
