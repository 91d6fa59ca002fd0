"""Overview page (pages/overview.py) with the real app and engine on seeds/."""
from pathlib import Path

from dashboard_seed import app_at, table, texts

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_c64ff08c818fbad2.txt"
SECOND = ROOT / "tests" / "fixtures" / "second-readout" / "qna-amir-putin-call.txt"


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_renders_counts_and_dates_of_the_seed():
    at = app_at()
    m = metrics(at)
    assert m["Documents"] == "1" and m["Countries"] == "8" and m["Exchanges"] == "4"
    assert "4 exchanges in 4 reports" in texts(at)
    assert int(m["Statements"]) >= 1 and int(m["Actions"]) >= 1
    assert "2026-02-28 to 2026-03-03" in texts(at)


def test_latest_exchanges_table_lists_the_four_calls_each_with_its_report():
    at = app_at()
    exchanges = table(at, "channel", "participants", "document")
    assert len(exchanges) == 4 and set(exchanges["channel"]) == {"phone"}
    assert set(exchanges["date"]) == {"2026-03-02"}
    assert set(exchanges["document"]) == {"documents?doc=ef3a9aedc4fc42f6"}


def test_a_second_readout_of_a_call_is_one_exchange_of_two_reports(tmp_path, monkeypatch):
    for source in (SEED, SECOND):
        (tmp_path / source.name).write_bytes(source.read_bytes())
    monkeypatch.setenv("READOUT_CORPUS", str(tmp_path))
    at = app_at()
    assert metrics(at)["Exchanges"] == "4"
    assert "4 exchanges in 5 reports" in texts(at)
    exchanges = table(at, "participants", "reports", "document")
    told_twice = exchanges[exchanges["reports"] == 2]
    assert len(told_twice) == 2  # one row per report, each a link to its document
    assert told_twice["document"].nunique() == 2


def test_country_filter_narrows_the_counts():
    at = app_at(query={"country": "Qatar"})
    m = metrics(at)
    assert m["Exchanges"] == "1" and m["Countries"] == "1"
    assert "Filtered to countries Qatar" in texts(at)


def test_filter_matching_nothing_says_so():
    at = app_at(query={"from": "2030-01-01"})
    assert "No exchanges match these filters." in texts(at)
    assert "No documents match these filters." in texts(at)


def test_rejected_files_are_listed_with_the_reason(tmp_path, monkeypatch):
    (tmp_path / "good.txt").write_text("date 2026-03-03 Putin spoke with Macron.", "utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01binary")
    monkeypatch.setenv("READOUT_CORPUS", str(tmp_path))
    at = app_at()
    rejected = table(at, "reason")
    assert rejected["path"].tolist() == ["bad.txt"]
    assert "binary" in rejected["reason"].iloc[0]


def test_empty_corpus_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("READOUT_CORPUS", str(tmp_path))
    at = app_at()
    assert "No documents are loaded yet" in texts(at)


def test_missing_corpus_folder_is_reported(tmp_path, monkeypatch):
    monkeypatch.setenv("READOUT_CORPUS", str(tmp_path / "nowhere"))
    at = app_at()
    assert "does not exist" in texts(at)


def test_a_changed_document_is_picked_up(tmp_path, monkeypatch):
    doc = tmp_path / "one.txt"
    doc.write_text("date 2026-03-03 Putin spoke by telephone with Emir Tamim bin Hamad Al Thani "
                   "of Qatar on Monday.", "utf-8")
    monkeypatch.setenv("READOUT_CORPUS", str(tmp_path))
    assert metrics(app_at())["Documents"] == "1"
    (tmp_path / "two.txt").write_text("date 2026-03-04 Macron met Scholz in Paris.", "utf-8")
    assert metrics(app_at())["Documents"] == "2"
    doc.write_text("date 2026-03-03 Nothing happened.", "utf-8")
    assert metrics(app_at())["Exchanges"] in ("0", "1")
    assert "Nothing happened" in table(app_at(), "title", "words")["title"].str.cat()


def hostile_corpus(tmp_path):
    """A corpus with a pipe, a link to /dev/zero and a link to a file outside it."""
    import os

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ok.txt").write_text("date 2026-03-03 The envoy of Oman met the Emir of Qatar.")
    os.mkfifo(corpus / "pipe.txt")                      # reading it would wait for ever
    (corpus / "zero.txt").symlink_to("/dev/zero")        # reading it would fill the memory
    secret = tmp_path / "secrets.txt"
    secret.write_text("date 2026-03-03 The server password is kestrel-nine-four.")
    (corpus / "secrets.txt").symlink_to(secret)          # outside the corpus
    return corpus


def test_pipes_devices_and_links_out_of_the_corpus_are_listed_not_read(tmp_path, monkeypatch):
    monkeypatch.setenv("READOUT_CORPUS", str(hostile_corpus(tmp_path)))
    at = app_at()
    assert metrics(at)["Documents"] == "1"
    reasons = dict(zip(table(at, "path", "reason")["path"], table(at, "path", "reason")["reason"]))
    assert set(reasons) == {"pipe.txt", "zero.txt", "secrets.txt"}
    assert "regular file" in reasons["pipe.txt"]
    assert "outside the input folder" in reasons["zero.txt"]
    assert "outside the input folder" in reasons["secrets.txt"]


def test_a_folder_nested_1200_deep_keeps_the_whole_corpus(tmp_path, monkeypatch):
    import os

    corpus = tmp_path / "corpus"
    levels = [corpus]
    os.mkdir(corpus)
    for _ in range(1200):
        levels.append(levels[-1] / "d")
        os.mkdir(levels[-1])
    (levels[-1] / "deep.txt").write_text("date 2026-03-03 The envoy of Oman met the Emir.")
    (corpus / "top.txt").write_text("date 2026-03-04 The envoy of Qatar met the Sultan.")
    monkeypatch.setenv("READOUT_CORPUS", str(corpus))
    try:
        at = app_at()
        assert metrics(at)["Documents"] == "2"
        assert "could not be extracted" not in texts(at)
    finally:
        (levels[-1] / "deep.txt").unlink()
        for level in reversed(levels[1:]):
            os.rmdir(level)


def test_file_names_are_shown_as_they_are_on_disk(tmp_path, monkeypatch):
    import os

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "invoice\u202etxt.exe").write_text("date 2026-03-03 The envoy of Oman met the Emir.")
    (corpus / os.fsdecode(b"caf\xe9.txt")).write_text("date 2026-03-04 The envoy left Doha.")
    monkeypatch.setenv("READOUT_CORPUS", str(corpus))
    at = app_at()
    assert sorted(table(at, "title", "path")["path"]) == [r"caf\xe9.txt", r"invoice\u202etxt.exe"]
