"""Bad input through the real command, ``python -m analysis extract``: one file of each kind in a
folder, and every file is either read correctly or refused with a reason a user understands;
the command never crashes and every file is in exactly one of documents.csv and rejected.csv."""
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.engine.documents import MAX_BYTES, MAX_CHARS

ROOT = Path(__file__).resolve().parent.parent

BODY = ("Russian President Vladimir Putin spoke by telephone with the Emir of Qatar, Sheikh "
        "Tamim bin Hamad Al Thani, on Monday, the Kremlin said.\n\n"
        "“We will do everything to ease the tensions,” Kremlin spokesman Dmitry Peskov said.\n")

#: name -> bytes; the expectations follow in READ and REFUSED.
FILES: dict[str, bytes] = {
    "plain.txt": f"date 2026-03-03 {BODY}".encode(),
    "empty.txt": b"",
    "blank.txt": b"  \n\t\n",
    "photo.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
    "report.pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
    "archive.docx": b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",
    "random.bin": bytes((i * 97 + 13) % 256 for i in range(4096)),
    "notes.rtf": b"{\\rtf1\\ansi Putin spoke.}",
    "cp1252.txt": ("date 2026-03-04 The Élysée’s envoy met Qatar’s Emir in Doha – “a good "
                   "meeting”, he said.\n").encode("cp1252"),
    "utf16-bom.txt": f"date 2026-03-05\n{BODY}".encode("utf-16"),
    "utf16be-bom.txt": "\ufeffdate 2026-03-13\nThe envoy arrived in Doha.".encode("utf-16-be"),
    "utf16-nobom.txt": "date 2026-03-06\nThe Emir met the envoy in Doha.".encode("utf-16-le"),
    "utf8-bom.txt": "\ufeffdate 2026-03-07 The Emir met the envoy.".encode(),
    "cyrillic.txt": ("date 2026-03-08 Президент России Владимир Путин провёл телефонный "
                     "разговор с эмиром Катара.").encode("cp1251"),
    "no-date.txt": BODY.replace("Monday", "Sunday").encode(),
    "impossible-date.txt": b"date 2026-02-30 The talks went on.",
    "impossible-time.txt": b"date 2026-03-03T25:61 The talks went on.",
    "ambiguous-date.txt": b"date 04/03/2026 The talks went on.",
    "garbled-date.txt": b"Date: next Tuesday\nThe talks went on.",
    "date-colon.txt": b"date: 2026-03-09\nThe envoy left Doha.",
    "date-words.txt": b"Date: 3 March 2026\nThe envoy left Riyadh.",
    "date-words-us.txt": b"date Tuesday, March 10, 2026 The envoy left Amman.",
    "date-time.txt": b"date 2026-03-11T10:00:00Z\nThe envoy left Cairo.",
    "date-slashes.txt": b"date 03/03/2026\nThe envoy left Muscat.",
    "date-day-first.txt": b"date 14/03/2026\nThe envoy left Ankara.",
    "only-date.txt": b"date 2026-03-03\n\n",
    "punctuation.txt": b"... !!! ???\n---",
    "controls.txt": (b"date 2026-03-12 The envoy\x00 left\x07 Baghdad.\x0b" + b" " * 200),
    "zero-padded.txt": b"date 2026-03-16 The envoy left Tunis." + b"\x00" * 4096,
    "zeros.bin": b"\x00" * 64,
    "zz-copy-of-plain.txt": f"date 2026-03-03 {BODY}".replace("\n", "\r\n").encode(),
    "quotes.txt": ("date 2026-03-03 “He said ‘we will “never” talk’ and left,” Peskov said. "
                   "\"Unbalanced, Putin said. ‘Open quote Lavrov said.\n\n“Nested “twice” "
                   "quoted,” the Kremlin said. ”Reversed“ quotes, he said.").encode(),
    "page.html": (b"<!DOCTYPE html><html><head><title>Putin calls Emir</title>"
                  b"<meta name=\"date\" content=\"2026-03-03T08:00:00Z\">"
                  b"<style>p { color: red }</style><script>document.write('<p>evil</p>')"
                  b"</script></head><body><h1>Putin calls Emir</h1><p>Russian President "
                  b"<b>Vladimir Putin</b> spoke by telephone with the Emir of Qatar on "
                  b"Monday.</p><p>&ldquo;We will help,&rdquo; Peskov said.</p>"
                  b"<noscript>Enable JavaScript</noscript></body></html>"),
    "fragment.txt": b"<p>date 2026-03-02</p><p>The envoy <i>visited</i> Kuwait.</p>",
    "sub/folder/nested.txt": b"date 2026-03-15 The envoy left Beirut.",
    "long-line.txt": ("date 2026-03-03 " + " ".join(["The envoy met the minister in Doha."]
                                                     * (MAX_CHARS // 40))).encode(),
    "huge-line.txt": ("date 2026-03-03 " + "The envoy met the minister in Doha. " *
                      (5 * 1024 * 1024 // 36)).encode(),
    "huge.txt": b"",  # written separately: 20 MB of text
}

#: Files read as documents, with their date ("" for unknown).
READ = {
    "plain.txt": "2026-03-03", "cp1252.txt": "2026-03-04", "utf16-bom.txt": "2026-03-05",
    "utf16be-bom.txt": "2026-03-13", "utf16-nobom.txt": "2026-03-06",
    "utf8-bom.txt": "2026-03-07", "cyrillic.txt": "2026-03-08", "no-date.txt": "",
    "date-colon.txt": "2026-03-09", "date-words.txt": "2026-03-03",
    "date-words-us.txt": "2026-03-10", "date-time.txt": "2026-03-11",
    "date-slashes.txt": "2026-03-03", "date-day-first.txt": "2026-03-14",
    "controls.txt": "2026-03-12", "quotes.txt": "2026-03-03", "page.html": "2026-03-03",
    "fragment.txt": "2026-03-02", "sub/folder/nested.txt": "2026-03-15",
    "long-line.txt": "2026-03-03", "zero-padded.txt": "2026-03-16",
}

#: Files refused, with words their reason must hold.
REFUSED = {
    "empty.txt": "empty", "blank.txt": "empty", "photo.png": "PNG image",
    "report.pdf": "PDF", "archive.docx": "zip archive", "random.bin": "binary", "zeros.bin": "binary",
    "notes.rtf": "RTF", "impossible-date.txt": "2026-02-30, which is not a real date",
    "impossible-time.txt": "time that does not exist",
    "ambiguous-date.txt": "could mean 4 March or 3 April 2026",
    "garbled-date.txt": "not in a layout Readout reads", "only-date.txt": "no text after",
    "punctuation.txt": "no words", "zz-copy-of-plain.txt": "the same text as plain.txt",
    "huge-line.txt": "character limit", "huge.txt": "MB limit",
}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """Build the folder, run the command on it, and read the CSVs back."""
    base = tmp_path_factory.mktemp("bad-input")
    src = base / "in"
    for name, raw in FILES.items():
        path = src / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(raw)
    with open(src / "huge.txt", "w", encoding="utf-8") as handle:
        handle.write("date 2026-03-03\n")
        paragraph = BODY + "\n"
        for _ in range(20 * 1024 * 1024 // len(paragraph.encode()) + 1):
            handle.write(paragraph)
    out = base / "out"
    done = subprocess.run([sys.executable, "-m", "analysis", "extract", str(src), "--out",
                           str(out)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    frames = {name: pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False)
              for name in ("documents", "rejected", "contacts", "statements", "events")}
    return done, frames, src


def test_the_command_succeeds(run):
    done, _frames, _src = run
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


def test_every_file_is_in_exactly_one_csv(run):
    _done, frames, src = run
    files = sorted(p.relative_to(src).as_posix() for p in src.rglob("*") if p.is_file())
    read, refused = list(frames["documents"]["path"]), list(frames["rejected"]["path"])
    assert sorted(read + refused) == files
    assert not set(read) & set(refused)
    assert set(READ) | set(REFUSED) == set(files)


def test_readable_files_are_read_with_their_dates(run):
    _done, frames, _src = run
    docs = frames["documents"].set_index("path")
    assert dict(docs["date"]) == READ


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_files_say_why(run, name):
    _done, frames, _src = run
    reasons = dict(zip(frames["rejected"]["path"], frames["rejected"]["reason"]))
    assert REFUSED[name] in reasons[name]


def test_other_encodings_are_read_correctly(run):
    _done, frames, _src = run
    text = dict(zip(frames["documents"]["path"], frames["documents"]["text"]))
    encoding = dict(zip(frames["documents"]["path"], frames["documents"]["encoding"]))
    assert "The Élysée’s envoy met Qatar’s Emir in Doha – “a good meeting”" in text["cp1252.txt"]
    assert encoding["cp1252.txt"] == "cp1252"
    assert text["utf16-bom.txt"] == BODY.strip() and encoding["utf16-bom.txt"] == "utf-16"
    assert text["utf16-nobom.txt"] == "The Emir met the envoy in Doha."
    assert text["utf8-bom.txt"] == "The Emir met the envoy."
    assert text["cyrillic.txt"].startswith("Президент России Владимир Путин")
    assert text["controls.txt"] == "The envoy left Baghdad."


def test_html_is_read_as_text_without_its_markup(run):
    _done, frames, _src = run
    docs = frames["documents"].set_index("path")
    page = docs.loc["page.html"]
    assert page["title"] == "Putin calls Emir"
    assert page["text"] == ("Putin calls Emir\n\nRussian President Vladimir Putin spoke by "
                            "telephone with the Emir of Qatar on Monday.\n\n"
                            "“We will help,” Peskov said.")
    assert docs.loc["fragment.txt", "text"] == "The envoy visited Kuwait."
    contacts = frames["contacts"]
    assert "Vladimir Putin" in " ".join(contacts[contacts["doc_id"] == page["doc_id"]]
                                        ["participants"])


def test_quotation_marks_in_any_balance_keep_evidence_in_the_text(run):
    _done, frames, _src = run
    text = dict(zip(frames["documents"]["doc_id"], frames["documents"]["text"]))
    for name in ("contacts", "statements", "events"):
        for doc_id, evidence in zip(frames[name]["doc_id"], frames[name]["evidence"]):
            assert evidence in text[doc_id]
    quotes = frames["documents"].set_index("path").loc["quotes.txt", "doc_id"]
    assert (frames["statements"]["doc_id"] == quotes).any()


def test_a_long_line_is_read_whole(run):
    _done, frames, _src = run
    doc = frames["documents"].set_index("path").loc["long-line.txt"]
    assert int(doc["words"]) == 7 * (MAX_CHARS // 40)
    assert len(doc["title"]) <= 120


def test_the_limits_are_documented_and_sensible():
    assert 20 * 1024 * 1024 > MAX_BYTES >= 1024 * 1024 and MAX_CHARS >= 100_000


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_special_and_unreadable_files_are_refused_not_waited_for(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "ok.txt").write_text("date 2026-03-03 The envoy left Doha.", encoding="utf-8")
    os.mkfifo(src / "pipe.txt")  # reading it would block for ever
    (src / "broken-link.txt").symlink_to(src / "missing.txt")
    (src / "bad-name-\udcff.txt").write_bytes(b"date 2026-03-03 The envoy left Sanaa.")
    locked = src / "locked.txt"
    locked.write_text("date 2026-03-03 The envoy left Aden.", encoding="utf-8")
    locked.chmod(0)
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "analysis", "extract", str(src), "--out",
                           str(out)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    docs = pd.read_csv(out / "documents.csv", dtype=str, keep_default_na=False)
    rejected = pd.read_csv(out / "rejected.csv", dtype=str, keep_default_na=False)
    reasons = dict(zip(rejected["path"], rejected["reason"]))
    assert "regular file" in reasons["pipe.txt"]
    assert "broken link" in reasons["broken-link.txt"]
    assert set(docs["path"]) >= {"ok.txt", "bad-name-\\xff.txt"}
    if os.geteuid() != 0:  # root reads any file
        assert "Permission denied" in reasons["locked.txt"]
    assert len(docs) + len(rejected) == 5
