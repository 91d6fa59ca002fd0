"""Tests for analysis.engine.documents: the seed layout and other date lines, encodings, binary files,
HTML, titles, ids, size limits and rejections."""
import re
from datetime import date
from pathlib import Path

import pytest

from analysis.engine.documents import (MAX_BYTES, MAX_CHARS, DocumentError, decode, doc_id_for,
                                parse_text, read_document, read_folder, split_date_line,
                                title_of)

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


# -- date-line layouts ------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "date 2026-03-03", " date: 2026-03-03", "Date = 2026-03-03", "DATE 2026/03/03",
    "date 2026.03.03", "date 2026-3-3", "date 2026-03-03T10:00:00Z", "date 2026-03-03 10:00",
    "date 2026-03-03T10:00:00.123+03:00", "date 2026-03-03, 10:00 GMT", "Date: 3 March 2026",
    "date 3rd March 2026", "date Tuesday, 3 March 2026", "date March 3, 2026",
    "date Tue. Mar. 3, 2026", "date 3 Mar 2026 10:00 UTC", "date 03/03/2026",
    "date 03.03.2026", "Date:\t3 March 2026",
])
def test_common_date_line_layouts_are_read(line):
    assert split_date_line(line + "\nThe talks went on.") == (date(2026, 3, 3),
                                                              "The talks went on.")


def test_a_number_after_the_date_is_body_not_time():
    assert split_date_line("date 2026-03-03 10 people died.") == (date(2026, 3, 3),
                                                                  "10 people died.")


def test_numeric_dates_with_a_day_over_12_are_read_either_way():
    assert split_date_line("date 14/03/2026 X.")[0] == date(2026, 3, 14)
    assert split_date_line("date 03/14/2026 X.")[0] == date(2026, 3, 14)


def test_ambiguous_numeric_date_is_refused_saying_both_readings():
    with pytest.raises(DocumentError, match="could mean 4 March or 3 April 2026"):
        split_date_line("date 04/03/2026 Text.")


@pytest.mark.parametrize("line, words", [
    ("date 2026-02-29 X.", "not a real date"), ("Date: 31 April 2026\nX.", "2026-04-31"),
    ("date 13/13/2026 X.", "not a real date"), ("date 2026-03-03T24:30 X.", "time"),
    ("Date: soon\nX.", "not in a layout"), ("date 2026-03-031 X.", "not in a layout"),
    ("date 03/03/26 X.", "write it as date YYYY-MM-DD"),
])
def test_untrustworthy_date_lines_are_refused_naming_the_line(line, words):
    with pytest.raises(DocumentError, match=re.escape(words)):
        split_date_line(line)


def test_text_that_merely_starts_with_the_word_date_is_body():
    assert split_date_line("Date palms grow in Basra.") == (None, "Date palms grow in Basra.")


# -- encodings and binary files ---------------------------------------------------------------

def test_utf16_without_bom_is_decoded():
    text, encoding = decode("date 2026-03-03 Qatar’s envoy".encode("utf-16-le"))
    assert text == "date 2026-03-03 Qatar’s envoy" and encoding == "utf-16"


def test_utf32_with_bom_is_decoded():
    assert decode("date 2026-03-03 Qatar".encode("utf-32"))[0] == "date 2026-03-03 Qatar"


def test_western_text_is_read_as_windows_1252_whatever_the_guess():
    sentence = "date 2026-03-03 Le président a rencontré l’émir à Doha, très « bien »."
    assert decode(sentence.encode("cp1252")) == (sentence, "cp1252")


def test_cyrillic_code_page_is_detected():
    text = "date 2026-03-03 Президент России Владимир Путин провёл разговор с эмиром Катара."
    assert decode(text.encode("cp1251")) == (text, "cp1251")


@pytest.mark.parametrize("raw, words", [
    (b"%PDF-1.4\n%...", "PDF document"), (b"PK\x03\x04\x14\x00", "zip archive"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"), (b"\x1f\x8b\x08\x00", "gzip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "Microsoft Office"),
    (b"{\\rtf1\\ansi hello}", "RTF document"), (b"\x00" * 20, "binary"),
    (bytes(range(256)) * 4, "binary"),
])
def test_binary_files_are_refused_by_kind(raw, words):
    with pytest.raises(DocumentError, match=re.escape(words)):
        decode(raw)


def test_stray_and_trailing_zero_bytes_do_not_make_text_binary():
    raw = b"date 2026-03-03 The envoy\x00 left Doha." + b" For talks in Riyadh." * 10
    assert decode(raw + b"\x00" * 100)[0].startswith("date 2026-03-03 The envoy")


def test_control_characters_are_removed_from_the_text():
    doc = parse_text("date 2026-03-03 The\x00 envoy\x07 left.\x0c Then\u2028more.", path="a")
    assert doc.text == "The envoy left.\n Then\nmore."


# -- HTML --------------------------------------------------------------------------------------

PAGE = """<!doctype html>
<html><head><title>Ignored</title><meta property="article:published_time"
content="2026-03-03T09:00:00+03:00"><style>body { x: 1 }</style>
<script type="text/javascript">alert("<p>no</p>");</script></head>
<body><nav>Home</nav><article><h1>Putin calls Emir</h1>
<p>Russian   President <a href="x">Vladimir Putin</a>
spoke by telephone with the Emir.</p><p>He said &ldquo;yes&rdquo; &amp; left.<br>Next line.</p>
<svg><text>drawn</text></svg><template><p>hidden</p></template><p>Unclosed paragraph
</article></body></html>"""


def test_html_is_read_as_text_with_paragraphs():
    doc = parse_text(PAGE, path="page.html")
    assert doc.text == ("Home\n\nPutin calls Emir\n\nRussian President Vladimir Putin spoke by "
                        "telephone with the Emir.\n\nHe said “yes” & left.\nNext line.\n\n"
                        "Unclosed paragraph")
    assert doc.title == "Putin calls Emir" and doc.date == date(2026, 3, 3)


def test_html_is_recognised_by_its_markup_whatever_the_name():
    assert parse_text(PAGE, path="page.txt").text == parse_text(PAGE, path="page.html").text


def test_a_date_line_before_or_inside_the_markup_is_read():
    before = parse_text("date 2026-03-04\n<html><body><p>Talks.</p></body></html>", path="a")
    inside = parse_text("<p>Date: 5 March 2026</p><p>Talks.</p>", path="b.html")
    assert (before.date, before.text) == (date(2026, 3, 4), "Talks.")
    assert (inside.date, inside.text) == (date(2026, 3, 5), "Talks.")


def test_text_named_html_without_markup_is_left_alone():
    doc = parse_text("date 2026-03-03 One paragraph.\n\nAnother one.", path="a.html")
    assert doc.text == "One paragraph.\n\nAnother one."


def test_markup_in_plain_text_that_does_not_open_the_text_is_kept():
    doc = parse_text("date 2026-03-03 The ratio was 3 <b> 2, he said.", path="a.txt")
    assert doc.text == "The ratio was 3 <b> 2, he said."


# -- sizes -------------------------------------------------------------------------------------

def test_text_over_the_character_limit_is_refused_with_its_size():
    with pytest.raises(DocumentError, match="split it into smaller documents"):
        parse_text("date 2026-03-03 " + "word " * (MAX_CHARS // 5 + 1), path="big.txt")


def test_file_over_the_byte_limit_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: no 8 MB written
    with pytest.raises(DocumentError, match="MB limit"):
        read_document(big, root=tmp_path)


def test_long_first_line_gives_a_short_title():
    doc = parse_text("date 2026-03-03 " + "word " * 30_000, path="a.txt")
    assert len(doc.title) <= 120 and doc.words == 30_000


def test_a_reader_failure_becomes_a_rejection_not_a_crash(tmp_path, monkeypatch):
    import analysis.engine.documents as documents

    (tmp_path / "a.txt").write_text("date 2026-03-03 Text.", encoding="utf-8")
    monkeypatch.setattr(documents, "decode", lambda raw: 1 / 0)
    docs, rejected = read_folder(tmp_path)
    assert docs == [] and "ZeroDivisionError" in rejected[0].reason


def test_the_same_text_in_two_encodings_is_one_document(tmp_path):
    text = "date 2026-03-03 The Emir’s envoy met the minister."
    (tmp_path / "a.txt").write_bytes(text.encode("utf-8"))
    (tmp_path / "b.txt").write_bytes(text.replace("\n", "\r\n").encode("utf-16"))
    (tmp_path / "c.txt").write_bytes(text.encode("cp1252"))
    docs, rejected = read_folder(tmp_path)
    assert [d.path for d in docs] == ["a.txt"]
    assert dict(rejected) == {"b.txt": "the same text as a.txt", "c.txt": "the same text as a.txt"}


def test_a_pipe_is_refused_not_waited_for(tmp_path):
    os = pytest.importorskip("os")
    if not hasattr(os, "mkfifo"):
        pytest.skip("needs named pipes")
    os.mkfifo(tmp_path / "pipe.txt")
    with pytest.raises(DocumentError, match="not a regular file"):
        read_document(tmp_path / "pipe.txt", root=tmp_path)


# -- metadata lines after the date line --------------------------------------------------------

def test_source_and_url_lines_after_the_date_line_are_read_and_left_out_of_the_text():
    doc = parse_text("date 2025-11-20\nsource: gov.uk\nurl: https://www.gov.uk/news/pm-call\n\n"
                     "The Prime Minister spoke to the Chancellor this morning.", path="a.txt")
    assert (doc.source, doc.url) == ("gov.uk", "https://www.gov.uk/news/pm-call")
    assert doc.text == "The Prime Minister spoke to the Chancellor this morning."
    assert doc.words == 9 and doc.date == date(2025, 11, 20)


def test_a_title_line_gives_the_title():
    doc = parse_text("date 2025-11-20\ntitle: PM call with the Chancellor\nsource: gov.uk\n\n"
                     "The Prime Minister spoke to the Chancellor.", path="a.txt")
    assert doc.title == "PM call with the Chancellor" and doc.source == "gov.uk"
    assert doc.text == "The Prime Minister spoke to the Chancellor."


def test_metadata_keys_are_read_in_any_case_and_the_first_value_of_a_key_counts():
    doc = parse_text("date 2025-11-20\n  Source : State Department\nURL:  https://a.example/1  "
                     "\nsource: someone else\n\nThe Secretary met the minister.", path="a.txt")
    assert (doc.source, doc.url) == ("State Department", "https://a.example/1")
    assert doc.text == "The Secretary met the minister."


def test_metadata_lines_may_follow_a_blank_line_and_need_none_after_them():
    doc = parse_text("date 2025-11-20\n\nsource: kremlin.ru\nThe President held talks.",
                     path="a.txt")
    assert doc.source == "kremlin.ru" and doc.text == "The President held talks."


def test_a_body_line_with_another_key_stays_text():
    doc = parse_text("date 2025-11-20\nNote: the call was arranged at short notice.\n\nThe "
                     "minister left.", path="a.txt")
    assert (doc.source, doc.url) == ("", "")
    assert doc.text == "Note: the call was arranged at short notice.\n\nThe minister left."


def test_a_known_key_after_the_first_body_line_stays_text():
    doc = parse_text("date 2025-11-20\nsource: gov.uk\nNote: see below.\nurl: https://x.example"
                     "\n\nText.", path="a.txt")
    assert (doc.source, doc.url) == ("gov.uk", "")
    assert doc.text == "Note: see below.\nurl: https://x.example\n\nText."


def test_a_known_key_in_the_body_stays_text():
    doc = parse_text("date 2025-11-20\nThe envoy arrived.\n\nSource: a senior official.",
                     path="a.txt")
    assert doc.source == "" and doc.text.endswith("Source: a senior official.")


def test_metadata_lines_need_a_date_line_standing_alone():
    same_line = parse_text("date 2025-11-20 The envoy arrived.\nsource: gov.uk\n\nMore.",
                           path="a.txt")
    no_date = parse_text("source: gov.uk\n\nThe envoy arrived.", path="b.txt")
    assert same_line.source == no_date.source == ""
    assert same_line.text == "The envoy arrived.\nsource: gov.uk\n\nMore."
    assert no_date.text == "source: gov.uk\n\nThe envoy arrived."


def test_a_key_with_no_value_stays_text():
    doc = parse_text("date 2025-11-20\nsource:\n\nThe envoy arrived.", path="a.txt")
    assert doc.source == "" and doc.text == "source:\n\nThe envoy arrived."


def test_a_file_of_metadata_lines_only_has_no_text():
    with pytest.raises(DocumentError, match="no text after its date line"):
        parse_text("date 2025-11-20\nsource: gov.uk\nurl: https://www.gov.uk/x\n", path="a.txt")


def test_the_seed_layout_has_no_metadata_and_the_same_text():
    raw = (SEEDS / "000_c64ff08c818fbad2.txt").read_text(encoding="utf-8")
    doc = parse_text(raw, path="seed.txt")
    assert (doc.source, doc.url) == ("", "")
    assert doc.text == split_date_line(raw)[1]


def test_an_html_page_gives_its_publisher_and_canonical_address():
    page = ('<!doctype html><html><head><meta property="og:site_name" content="Foreign '
            'Office"><link rel="canonical" href="https://fo.example/news/1"></head>'
            '<body><p>The minister met the envoy.</p></body></html>')
    doc = parse_text(page, path="a.html")
    assert (doc.source, doc.url) == ("Foreign Office", "https://fo.example/news/1")
    assert doc.text == "The minister met the envoy."


def test_metadata_lines_before_html_markup_win_over_the_page():
    page = ('date 2025-11-20\nsource: gov.uk\n\n<html><head><meta property="og:site_name" '
            'content="Mirror site"></head><body><p>The minister met the envoy.</p></body></html>')
    doc = parse_text(page, path="a.html")
    assert doc.source == "gov.uk" and doc.text == "The minister met the envoy."


# -- printable text -----------------------------------------------------------------------------

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"


@pytest.mark.parametrize("mark", list(BIDI))
def test_bidi_control_characters_are_text_not_binary(mark):
    raw = f"date 2025-11-20 {mark}ש{mark}. The minister said {mark}yes{mark}.".encode()
    text, encoding = decode(raw)
    assert encoding == "utf-8" and mark in parse_text(text, path="a.txt").text


def test_a_short_right_to_left_text_full_of_direction_marks_is_read():
    line = "\u202bשלום\u202c \u2067مرحبا\u2069 \u200fok\u200e"
    assert decode(f"date 2025-11-20 {line}".encode())[0].endswith(line)


def test_a_text_of_mostly_control_characters_is_still_binary():
    with pytest.raises(DocumentError, match="binary"):
        decode(b"ab" + bytes(range(1, 9)) * 20 + b"cd")


def test_a_few_control_characters_in_a_long_text_do_not_make_it_binary():
    raw = ("The envoy left Doha. " * 200).encode() + b"\x01\x02\x03"
    assert decode(raw)[0].startswith("The envoy left Doha.")


def test_private_use_and_unassigned_characters_count_as_unprintable():
    with pytest.raises(DocumentError, match="binary"):
        decode(("ab" + "\ue000\U000f0000\u0378" * 30).encode())


@pytest.mark.parametrize("body, title", [
    ("Sept. 8, 2021\n\nSecretary Dana Wells met the King.", "Secretary Dana Wells met the King."),
    ("06/14/2022 11:19 AM EDT\n\nWells Meets Kenyan Minister\n\nText.", "Wells Meets Kenyan Minister"),
    ("Readout\n\nWells Meets Kenyan Minister\n\nText.", "Wells Meets Kenyan Minister"),
    ("Defense Secretary Dana Wells and Air Force Gen. Tom Ruiz met the King. They talked.",
     "Defense Secretary Dana Wells and Air Force Gen. Tom Ruiz met the King."),
])
def test_the_title_is_the_headline_or_the_first_whole_sentence(body, title):
    assert title_of(body) == title
