"""Tests for analysis.engine.pipeline: one document, a folder, and faults that lose nothing."""
import shutil
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from analysis.engine.documents import parse_text
from analysis.engine.frames import FRAME_NAMES, build_frames, write_frames
from analysis.engine.pipeline import extract_document, extract_documents, extract_folder, write_folder
from analysis.engine.records import Document


def test_extract_document_is_deterministic():
    doc = parse_text("date 2026-03-03 On Monday, Putin spoke by telephone with Emir Tamim bin "
                     "Hamad Al Thani.", path="a.txt")
    assert extract_document(doc) == extract_document(doc)


def test_each_row_records_the_paragraph_its_sentence_stands_in():
    doc = parse_text("date 2026-03-02\n\nLeaders talked through the weekend.\n\nFrench President "
                     "Emmanuel Macron spoke by telephone with the Emir of Qatar, Tamim bin Hamad "
                     "Al Thani, on Monday.\n\n\"We want calm in the whole region,\" Macron said "
                     "after the call.\n\nIsrael struck targets in Syria on Sunday.", path="a.txt")
    found = extract_document(doc)
    assert [c.para for c in found.contacts] == [1]
    assert [(s.kind, s.para) for s in found.statements] == [("direct", 2)]
    assert [e.para for e in found.events] == [3]


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


# -- several processes: the same CSV files as one ---------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def _real_folder(folder: Path) -> Path:
    """A folder of real files: the seed document, the shared gold corpus where the checkout has
    it, synthetic documents, copies of texts spread over the folder, and files that are
    refused. ``iter_input_files`` lists ``a/*`` before ``a-b.txt`` and ``a.txt``, the path
    strings' order puts them after: a copy is kept under its first path in the former, rows
    are ordered by the latter."""
    from benchmarks.synth import synthetic_document

    folder.mkdir()
    shutil.copy(ROOT / "seeds" / "000_c64ff08c818fbad2.txt", folder / "seed.txt")
    if CORPUS.is_dir():
        shutil.copytree(CORPUS, folder / "corpus", ignore=shutil.ignore_patterns("*.json"))
    for i in range(40):
        (folder / "synth" / f"{i // 10}").mkdir(parents=True, exist_ok=True)
        (folder / "synth" / f"{i // 10}" / f"doc-{i:02d}.txt").write_text(
            synthetic_document(i), encoding="utf-8")
    (folder / "a").mkdir()
    for i in range(40, 60):
        (folder / "a" / f"b{i}.txt").write_text(synthetic_document(i), encoding="utf-8")
    (folder / "a-b.txt").write_bytes(synthetic_document(40).encode("utf-16"))
    (folder / "a.txt").write_text(synthetic_document(60), encoding="utf-8")
    (folder / "000-copy.txt").write_text(synthetic_document(39), encoding="utf-8")
    (folder / "zz-copy.txt").write_text(synthetic_document(0).replace("\n", "\r\n"),
                                        encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (folder / "bad-date.txt").write_text("date 2026-02-30 The envoy left.", encoding="utf-8")
    return folder


def _extract_cli(folder: Path, out: Path, workers: int) -> str:
    done = subprocess.run([sys.executable, "-m", "analysis", "extract", str(folder), "--out",
                           str(out), "--workers", str(workers)], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_extract_on_two_processes_writes_the_same_files_as_on_one(tmp_path):
    folder = _real_folder(tmp_path / "in")
    said_one = _extract_cli(folder, tmp_path / "one", 1)
    said_two = _extract_cli(folder, tmp_path / "two", 2)
    assert "(1 process," in said_one and "(2 processes," in said_two
    names = sorted(p.name for p in (tmp_path / "one").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "two").iterdir())
    for name in names:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    rejected = (tmp_path / "two" / "rejected.csv").read_text(encoding="utf-8")
    assert "a-b.txt,the same text as a/b40.txt" in rejected
    assert "\n000-copy.txt," not in rejected
    assert "synth/3/doc-39.txt,the same text as 000-copy.txt" in rejected


def test_the_command_refuses_a_worker_count_below_one(tmp_path):
    done = subprocess.run([sys.executable, "-m", "analysis", "extract", str(ROOT / "seeds"),
                           "--out", str(tmp_path), "--workers", "0"], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 2 and "at least 1" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_caller_running_threads_gets_the_same_files_from_a_fork_server(tmp_path):
    folder = _real_folder(tmp_path / "in")
    frames = extract_folder(folder)
    write_frames(frames, tmp_path / "one")
    release = threading.Event()
    other = threading.Thread(target=release.wait)  # a threaded caller: workers are not forked
    other.start()
    try:
        run = write_folder(folder, tmp_path / "two", workers=2)
    finally:
        release.set()
        other.join()
    assert run.processes == 2
    for name in FRAME_NAMES:
        one = (tmp_path / "one" / f"{name}.csv").read_bytes()
        assert one == (tmp_path / "two" / f"{name}.csv").read_bytes(), name
    assert run.rows == {name: len(frame) for name, frame in frames.items()}


def test_csv_lines_are_the_bytes_pandas_writes(tmp_path):
    from analysis.engine.documents import read_folder
    from analysis.engine.frames import csv_header, csv_rows
    from analysis.engine.linking import link

    folder = _real_folder(tmp_path / "in")
    documents, rejected = read_folder(folder)
    extractions, _ = extract_documents(documents)
    frames = build_frames(extractions, rejected)
    write_frames(frames, tmp_path / "out")
    ordered = sorted(extractions, key=lambda e: e.document.path)
    linked = link([r for e in ordered for r in e.contacts],
                  [r for e in ordered for r in e.statements],
                  {e.document.doc_id: e.document.date for e in ordered})
    records = {"documents": [e.document for e in ordered], "rejected": sorted(rejected),
               "countries": [r for e in ordered for r in e.countries],
               "actors": [r for e in ordered for r in e.actors],
               "contacts": linked.contacts, "statements": linked.statements,
               "events": [r for e in ordered for r in e.events],
               "exchanges": linked.exchanges}
    for name in FRAME_NAMES:
        written = (tmp_path / "out" / f"{name}.csv").read_text(encoding="utf-8")
        assert written == csv_header(name) + csv_rows(name, records[name]), name


@pytest.mark.parametrize("out", ["a-file", "a-file/below"])
def test_an_output_folder_that_cannot_be_made_is_one_sentence(tmp_path, out):
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "analysis", "extract", str(ROOT / "seeds"),
                           "--out", str(tmp_path / out)], cwd=ROOT, capture_output=True,
                          text=True)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"error: cannot write {tmp_path / out}")
    assert (tmp_path / "a-file").read_text(encoding="utf-8") == "not a folder"
