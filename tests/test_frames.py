"""Tests for analysis.engine.frames: the contract's columns, empty corpora, cells."""
from datetime import date

import pandas as pd

from analysis.engine.documents import parse_text
from analysis.engine.frames import COLUMNS, build_frames, write_frames
from analysis.engine.records import Contact, Document, Extraction, Rejected

#: The columns ../shared/CONTRACT.md requires, frame by frame.
CONTRACT = {
    "documents": ["doc_id", "path", "date", "title", "words"],
    "rejected": ["path", "reason"],
    "countries": ["doc_id", "iso3", "name", "mentions"],
    "contacts": ["contact_id", "doc_id", "date", "date_text", "channel", "participants",
                 "countries", "evidence"],
    "statements": ["statement_id", "doc_id", "date", "speaker", "speaker_country", "kind", "text",
                   "evidence"],
    "events": ["event_id", "doc_id", "date", "type", "actors", "targets", "evidence"],
}


def test_every_contract_column_is_there_first_and_in_order():
    for name, columns in CONTRACT.items():
        assert COLUMNS[name][:len(columns)] == columns, name


def test_empty_corpus_gives_empty_frames_with_their_columns():
    frames = build_frames([], [])
    assert all(frames[n].empty and list(frames[n].columns) == COLUMNS[n] for n in COLUMNS)


def test_lists_are_joined_and_dates_are_iso():
    doc = Document("d1", "a.txt", date(2026, 3, 3), "T", 3, "x")
    contact = Contact("c1", "d1", date(2026, 3, 2), "On Monday", "phone",
                      ("Vladimir Putin", "Tamim bin Hamad Al Thani"), ("RUS", "QAT"), "e")
    frames = build_frames([Extraction(doc, [], [], [contact], [], [])])
    row = frames["contacts"].iloc[0]
    assert (row["date"], row["participants"], row["countries"]) == (
        "2026-03-02", "Vladimir Putin; Tamim bin Hamad Al Thani", "RUS; QAT")


def test_unknown_date_is_an_empty_cell():
    doc = Document("d1", "a.txt", None, "T", 3, "x")
    assert build_frames([Extraction(doc, [], [], [], [], [])])["documents"].loc[0, "date"] == ""


def test_documents_are_sorted_by_path():
    docs = [Extraction(Document(i, p, None, "T", 1, "x"), [], [], [], [], [])
            for i, p in (("2", "b.txt"), ("1", "a.txt"))]
    assert list(build_frames(docs)["documents"]["path"]) == ["a.txt", "b.txt"]


def test_write_frames_writes_one_utf8_csv_per_frame(tmp_path):
    frames = build_frames([], [Rejected("x.bin", "the file is binary, not text")])
    written = write_frames(frames, tmp_path / "out")
    assert sorted(p.name for p in written) == sorted(f"{n}.csv" for n in COLUMNS)
    assert "the file is binary" in (tmp_path / "out" / "rejected.csv").read_text(encoding="utf-8")


def test_documents_csv_carries_the_metadata_lines(tmp_path):
    doc = parse_text("date 2025-11-20\nsource: gov.uk\nurl: https://www.gov.uk/x\n\nThe Prime "
                     "Minister spoke.", path="a.txt")
    write_frames(build_frames([Extraction(doc, [], [], [], [], [])]), tmp_path)
    row = pd.read_csv(tmp_path / "documents.csv", dtype=str, keep_default_na=False).iloc[0]
    assert (row["source"], row["url"], row["text"]) == ("gov.uk", "https://www.gov.uk/x",
                                                        "The Prime Minister spoke.")
