"""The synthetic corpus generator: realistic, varied, marked synthetic, reproducible."""
from __future__ import annotations

import os

from analysis.engine.documents import parse_text, read_folder
from benchmarks.synth import FOOTER, MARKER, corpus_path, synthetic_document, write_corpus

SAMPLE = [synthetic_document(i) for i in range(120)]


def test_the_same_index_gives_the_same_text_and_others_differ():
    assert synthetic_document(5) == synthetic_document(5)
    assert synthetic_document(5) != synthetic_document(6)
    assert synthetic_document(5, seed=1) != synthetic_document(5)


def test_every_document_says_it_is_synthetic():
    for text in SAMPLE:
        assert MARKER in text.splitlines()[0] + text.splitlines()[1]
        assert FOOTER in text


def test_documents_are_about_600_words_and_parse():
    words = [parse_text(text, path="x.txt").words for text in SAMPLE]
    assert 550 <= sum(words) / len(words) <= 680
    assert min(words) > 450


def test_layouts_vary():
    first_lines = [t.split("\n", 1)[0] for t in SAMPLE]
    assert any(line.startswith("date ") and len(line) > 20 for line in first_lines)  # same line
    assert any(line.startswith(" date ") and len(line) > 20 for line in first_lines)
    assert any(line.startswith("date ") and len(line.strip()) == 15 for line in first_lines)
    assert any(line.startswith("   date") for line in first_lines)
    assert any(not line.lstrip().startswith("date") for line in first_lines)  # no date line
    assert any("\r\n" in t for t in SAMPLE)


def test_phrasings_cover_calls_meetings_quotes_reports_and_strikes():
    text = "\n".join(SAMPLE)
    for phrase in ("spoke by telephone with", "phone call", "met ", "travelled to", "video link",
                   '," ', 'said: "', "said that", "According to", "strikes on targets",
                   "launched missiles", "yesterday", "on Monday", "Vladimir Putin",
                   "Mohammed bin Salman"):
        assert phrase in text, phrase


def test_write_corpus_shards_and_extends_without_touching_old_files(tmp_path):
    write_corpus(tmp_path, 5)
    first = tmp_path / corpus_path(0)
    os.utime(first, ns=(1_000_000_000, 1_000_000_000))
    write_corpus(tmp_path, 8)
    assert first.stat().st_mtime_ns == 1_000_000_000
    documents, rejected = read_folder(tmp_path)
    assert (len(documents), rejected) == (8, [])
    assert corpus_path(1234) == "synthetic/0001/syn_0001234.txt"
