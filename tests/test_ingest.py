"""Ingest into the store: equal to `extract`, incremental by stat and content hash, parallel."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import ingest as ingest_module
from analysis.ingest import IngestError, ProcessRunner, SerialRunner, ingest
from analysis.pipeline import extract_folder
from analysis.store import Store
from analysis.synth import write_corpus

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def assert_same_frames(store: Store, folder: Path) -> None:
    """The store reads back exactly what `extract` builds from the folder."""
    stored = store.load_frames()
    expected = extract_folder(folder)
    assert list(stored) == list(expected)
    for name, frame in expected.items():
        pd.testing.assert_frame_equal(stored[name], frame, obj=name)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A small mixed corpus: synthetic documents, the seeds, a duplicate, two bad files."""
    folder = tmp_path / "corpus"
    write_corpus(folder, 24)
    shutil.copytree(SEEDS, folder / "seeds")
    shutil.copy(folder / "synthetic/0000/syn_0000003.txt", folder / "copy-of-3.txt")
    (folder / "empty.txt").write_text("")
    (folder / "bad-date.txt").write_text("date 2026-02-30 Nothing happened.")
    return folder


def test_ingest_of_the_seeds_reads_back_as_extract(tmp_path):
    store = Store(tmp_path / "data")
    summary = ingest(SEEDS, store, runner=SerialRunner())
    assert (summary.files, summary.new, summary.rejected) == (1, 1, 0)
    assert_same_frames(store, SEEDS)


def test_ingest_of_a_mixed_corpus_reads_back_as_extract(corpus, tmp_path):
    store = Store(tmp_path / "data")
    summary = ingest(corpus, store, runner=SerialRunner())
    assert summary.files == 28
    assert summary.rejected == 3  # the copy, the empty file, the impossible date
    assert summary.new == 25
    assert_same_frames(store, corpus)


def test_process_pool_gives_the_same_store_as_one_process(corpus, tmp_path):
    serial, pooled = Store(tmp_path / "serial"), Store(tmp_path / "pooled")
    ingest(corpus, serial, runner=SerialRunner())
    summary = ingest(corpus, pooled, runner=ProcessRunner(2), chunk_size=3, batch_files=7,
                     serial_below=0)
    assert summary.engine == "local" and summary.workers == 2
    one, two = serial.load_frames(), pooled.load_frames()
    for name in one:
        pd.testing.assert_frame_equal(one[name], two[name], obj=name)


def test_reingest_of_an_unchanged_corpus_reads_no_file(corpus, tmp_path):
    store = Store(tmp_path / "data")
    ingest(corpus, store, runner=SerialRunner())
    generation = store.meta()["generation"]
    summary = ingest(corpus, store, runner=SerialRunner())
    assert (summary.read, summary.new, summary.unchanged) == (0, 0, 28)
    assert summary.rejected == 3 and summary.documents == 25
    assert store.meta()["generation"] == generation  # nothing changed, readers keep caches


def test_a_touched_file_is_read_but_not_extracted_again(corpus, tmp_path):
    store = Store(tmp_path / "data")
    ingest(corpus, store, runner=SerialRunner())
    target = corpus / "synthetic/0000/syn_0000005.txt"
    os.utime(target, ns=(1_000_000_000, 1_000_000_000))
    summary = ingest(corpus, store, runner=SerialRunner())
    assert (summary.read, summary.new, summary.unchanged) == (1, 0, 28)
    assert_same_frames(store, corpus)


def test_a_changed_file_replaces_its_document(corpus, tmp_path):
    store = Store(tmp_path / "data")
    ingest(corpus, store, runner=SerialRunner())
    (corpus / "synthetic/0000/syn_0000005.txt").write_text(
        "date 2026-03-04 Emmanuel Macron spoke by telephone with Vladimir Putin on Tuesday.")
    summary = ingest(corpus, store, runner=SerialRunner())
    assert (summary.read, summary.new, summary.removed) == (1, 1, 1)
    assert_same_frames(store, corpus)


def test_a_removed_file_removes_its_document(corpus, tmp_path):
    store = Store(tmp_path / "data")
    ingest(corpus, store, runner=SerialRunner())
    (corpus / "synthetic/0000/syn_0000007.txt").unlink()
    (corpus / "empty.txt").unlink()
    summary = ingest(corpus, store, runner=SerialRunner())
    assert (summary.read, summary.removed, summary.rejected) == (0, 1, 2)
    assert_same_frames(store, corpus)


def test_removing_the_first_copy_promotes_the_duplicate(corpus, tmp_path):
    store = Store(tmp_path / "data")
    ingest(corpus, store, runner=SerialRunner())
    (corpus / "synthetic/0000/syn_0000003.txt").unlink()
    summary = ingest(corpus, store, runner=SerialRunner())
    assert (summary.new, summary.removed) == (0, 0)
    frames = store.load_frames()
    assert "copy-of-3.txt" in set(frames["documents"]["path"])
    assert "copy-of-3.txt" not in set(frames["rejected"]["path"])
    assert_same_frames(store, corpus)


def test_a_new_engine_extracts_everything_again(corpus, tmp_path, monkeypatch):
    store = Store(tmp_path / "data")
    ingest(corpus, store, runner=SerialRunner())
    monkeypatch.setattr(ingest_module, "engine_fingerprint", lambda: "another-engine")
    summary = ingest(corpus, store, runner=SerialRunner())
    assert summary.rebuilt and summary.new == 25 and summary.read == 28
    assert_same_frames(store, corpus)


def test_full_extracts_everything_again(corpus, tmp_path):
    store = Store(tmp_path / "data")
    ingest(corpus, store, runner=SerialRunner())
    summary = ingest(corpus, store, runner=SerialRunner(), full=True)
    assert summary.rebuilt and summary.new == 25
    assert_same_frames(store, corpus)


def test_a_missing_input_folder_is_an_error(tmp_path):
    with pytest.raises(IngestError, match="does not exist"):
        ingest(tmp_path / "nowhere", Store(tmp_path / "data"))


def test_cli_ingest_prints_a_summary_then_skips_everything(tmp_path):
    data = tmp_path / "data"
    command = [sys.executable, "-m", "analysis", "ingest", str(SEEDS), "--data", str(data)]
    first = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    assert first.returncode == 0, first.stderr
    assert "1 files: 1 read, 1 new, 0 unchanged, 0 rejected" in first.stdout
    assert "ingest" in first.stderr  # the progress bar
    second = subprocess.run(command + ["--quiet"], capture_output=True, text=True, cwd=ROOT)
    assert "1 files: 0 read, 0 new, 1 unchanged" in second.stdout
    assert second.stderr == ""


def test_cli_ingest_of_a_missing_folder_exits_non_zero(tmp_path):
    result = subprocess.run([sys.executable, "-m", "analysis", "ingest", str(tmp_path / "no"),
                             "--data", str(tmp_path / "data")], capture_output=True, text=True,
                            cwd=ROOT)
    assert result.returncode == 2
    assert result.stderr.strip().startswith("error: input folder")
