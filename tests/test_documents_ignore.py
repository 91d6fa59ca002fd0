"""The corpus's ignore rules (analysis/engine/documents.py: ``.readoutignore`` and the defaults)
through every reader of a folder: ``read_folder``, ``extract``, ``ingest`` and the dashboard's
Overview. An ignored file is never read and never lost: it is listed in rejected.csv with a
reason that starts "ignored:"."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.engine.documents import (DEFAULT_IGNORE, IGNORED, ignored_by, iter_input_files,
                                       read_folder)
from analysis.store.database import Store
from analysis.store.ingest import ingest

ROOT = Path(__file__).resolve().parent.parent
CALL = ("date 2026-03-03\n\nPresident Emmanuel Macron of France spoke by telephone with "
        "Chancellor Friedrich Merz of Germany on Tuesday.\n")
OTHER = ("date 2026-03-04\n\nPrime Minister Keir Starmer of the United Kingdom met President "
         "Joe Biden of the United States in London on Wednesday.\n")


def rules(*extra: str):
    return tuple((p, False, False) for p in DEFAULT_IGNORE) + tuple(extra)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Two documents among the files a corpus folder often also holds."""
    root = tmp_path / "corpus"
    (root / "notes").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "call.txt").write_text(CALL, "utf-8")
    (root / "notes" / "meeting.txt").write_text(OTHER, "utf-8")
    (root / "README.md").write_text("# About this folder\nThe UK and France met twice.", "utf-8")
    (root / "LICENSE").write_text("Permission is granted to anyone in France.", "utf-8")
    (root / "call.gold.json").write_text('{"contacts": []}', "utf-8")
    (root / ".DS_Store").write_bytes(b"\x00\x01")
    (root / ".git" / "config").write_text("[core]", "utf-8")
    (root / "call.txt~").write_text(CALL + "An old draft.", "utf-8")
    return root


@pytest.mark.parametrize("path, rule", [
    ("README.md", "README*"), ("docs/README", "README*"), ("LICENSE.txt", "LICENSE*"),
    ("a.gold.json", "*.json"), ("x/meta.json", "*.json"), (".DS_Store", ".*"),
    ("draft.txt~", "*~"), ("call.txt", None), ("readme-not.txt", None), ("notes/x.txt", None),
])
def test_the_defaults_name_what_is_no_document(path, rule):
    assert ignored_by(path, is_dir=False, rules=rules()) == rule


def test_a_pattern_with_a_slash_matches_from_the_folder_and_a_trailing_one_folders_only():
    mine = rules(("drafts/*.txt", False, False), ("old", False, True))
    assert ignored_by("drafts/a.txt", is_dir=False, rules=mine) == "drafts/*.txt"
    assert ignored_by("x/drafts/a.txt", is_dir=False, rules=mine) is None
    assert ignored_by("old", is_dir=True, rules=mine) == "old"
    assert ignored_by("old", is_dir=False, rules=mine) is None


def test_a_negated_pattern_reads_again_what_a_default_ignored():
    mine = rules(("README.txt", True, False))
    assert ignored_by("README.txt", is_dir=False, rules=mine) is None
    assert ignored_by("README.md", is_dir=False, rules=mine) == "README*"


def test_every_file_is_a_document_or_listed_with_the_rule_that_ignored_it(corpus):
    docs, rejected = read_folder(corpus)
    assert sorted(d.path for d in docs) == ["call.txt", "notes/meeting.txt"]
    reasons = dict(rejected)
    assert set(reasons) == {"README.md", "LICENSE", "call.gold.json", ".DS_Store", ".git",
                            "call.txt~"}
    assert all(r.startswith(IGNORED) for r in reasons.values())
    assert "“README*” (by default)" in reasons["README.md"]
    assert reasons[".git"].startswith("ignored: a folder matching “.*”")


def test_an_ignored_folder_is_listed_once_and_not_walked(corpus):
    paths = [p.relative_to(corpus).as_posix() for p in iter_input_files(corpus)]
    assert ".git" in paths and ".git/config" not in paths


def test_the_folders_ignore_file_adds_patterns_and_is_listed_itself(corpus):
    (corpus / ".readoutignore").write_text("# our own notes\nnotes/\n", "utf-8")
    docs, rejected = read_folder(corpus)
    assert [d.path for d in docs] == ["call.txt"]
    reasons = dict(rejected)
    assert reasons["notes"] == "ignored: a folder matching “notes” (by .readoutignore), not read"
    assert reasons[".readoutignore"] == "ignored: the corpus's ignore file (.readoutignore)"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=ROOT, text=True,
                          capture_output=True, timeout=300)


def test_extract_lists_ignored_files_in_rejected_csv_and_counts_them(corpus, tmp_path):
    done = run("extract", str(corpus), "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert "2 documents, 6 rejected (6 ignored)" in done.stdout
    rejected = pd.read_csv(tmp_path / "out" / "rejected.csv", dtype=str)
    documents = pd.read_csv(tmp_path / "out" / "documents.csv", dtype=str)
    assert len(rejected) + len(documents) == 8  # the folder's 8 entries, each once


def test_ingest_counts_ignored_files_and_follows_a_change_of_the_rules(corpus, tmp_path):
    data = tmp_path / "data"
    done = run("ingest", str(corpus), "--data", str(data), "--quiet")
    assert done.returncode == 0, done.stderr
    assert "6 rejected (6 ignored)" in done.stdout
    (corpus / ".readoutignore").write_text("meeting.txt\n", "utf-8")
    summary = ingest(corpus, Store(data), workers=1)
    assert (summary.documents, summary.rejected, summary.ignored) == (1, 8, 8)
    (corpus / ".readoutignore").write_text("!README.md\n", "utf-8")
    summary = ingest(corpus, Store(data), workers=1)
    assert summary.documents == 3 and summary.ignored == 6


def test_the_overview_counts_and_lists_the_skipped_files(corpus, monkeypatch):
    from dashboard_seed import app_at, texts

    monkeypatch.setenv("READOUT_CORPUS", str(corpus))
    at = app_at()
    assert "**0** could not be read; **6** were skipped" in texts(at)
    skipped = next(e.value for e in at.dataframe if "reason" in e.value.columns)
    assert set(skipped["path"]) == {"README.md", "LICENSE", "call.gold.json", ".DS_Store",
                                    ".git", "call.txt~"}
    assert at.metric[0].value == "2"
