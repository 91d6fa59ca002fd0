"""Tests for analysis.documents: the seed layout, titles, ids and rejections."""
from datetime import date
from pathlib import Path

import pytest

from analysis.documents import (DocumentError, decode, doc_id_for, parse_text, read_folder,
                                split_date_line, title_of)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_date_line_with_body_on_the_same_line():
    when, body = split_date_line(" date 2026-03-03 Russian President Vladimir Putin said.")
    assert when == date(2026, 3, 3)
    assert body == "Russian President Vladimir Putin said."


def test_date_line_with_body_on_the_next_line():
    when, body = split_date_line("date 2024-05-13\nThe Prime Minister spoke.")
    assert (when, body) == (date(2024, 5, 13), "The Prime Minister spoke.")


def test_no_date_line_keeps_the_text_and_an_unknown_date():
    assert split_date_line("Just text.") == (None, "Just text.")


def test_impossible_date_is_an_error_naming_the_date():
    with pytest.raises(DocumentError, match="2026-02-30"):
        split_date_line("date 2026-02-30 Text.")


def test_headline_first_line_is_the_title():
    body = "Cheney meets with King Abdullah in Riyadh\n\nU.S. Vice President Dick Cheney met."
    assert title_of(body) == "Cheney meets with King Abdullah in Riyadh"


def test_title_of_a_paragraph_is_its_first_sentence():
    assert title_of("The Prime Minister spoke. Then more.") == "The Prime Minister spoke."


def test_same_text_has_the_same_id_whatever_the_line_endings():
    assert doc_id_for("date 2026-03-03 A.\r\nB.") == doc_id_for("date 2026-03-03 A.\nB.\n")


def test_parse_text_counts_words():
    doc = parse_text("date 2026-03-03 Putin spoke by telephone.", path="a.txt")
    assert doc.words == 4 and doc.date == date(2026, 3, 3) and doc.path == "a.txt"


def test_empty_file_is_an_error():
    with pytest.raises(DocumentError, match="empty"):
        decode(b"  \n")


def test_binary_file_is_an_error():
    with pytest.raises(DocumentError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def test_utf16_with_bom_is_decoded():
    text, encoding = decode("date 2026-03-03 Qatar".encode("utf-16"))
    assert text == "date 2026-03-03 Qatar" and encoding == "utf-16"


def test_windows_1252_is_decoded():
    raw = "date 2026-03-03 The Emir’s envoy met the Élysée’s staff in Doha today.".encode("cp1252")
    text, _ = decode(raw)
    assert "Élysée’s" in text


def test_read_folder_accounts_for_every_file(tmp_path):
    (tmp_path / "a.txt").write_text("date 2026-03-03 Putin spoke.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("date 2026-03-03 Putin spoke.", encoding="utf-8")
    (tmp_path / "c.txt").write_bytes(b"")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.txt").write_text("No date line here.", encoding="utf-8")
    docs, rejected = read_folder(tmp_path)
    assert sorted(d.path for d in docs) == ["a.txt", "sub/d.txt"]
    assert dict(rejected) == {"b.txt": "the same text as a.txt", "c.txt": "the file is empty"}


def test_seed_document_reads_with_its_date():
    docs, rejected = read_folder(SEEDS)
    assert rejected == [] and len(docs) == 1
    assert docs[0].date == date(2026, 3, 3)
