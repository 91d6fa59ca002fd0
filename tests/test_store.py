"""The embedded store (analysis/store/database.py, schema.py, links.py): frames round-trip
exactly, readers and writers wait for each other, the derived links follow the rows."""
from __future__ import annotations

import subprocess
import sys
import time

import pandas as pd
import pytest

from analysis.engine.frames import build_frames
from analysis.store import database
from analysis.store.database import (Store, StoreBusy, StoreError, StoreOutdated, create_tables,
                                     insert_frame, save_frames, stored_rows, table_checksum)
from analysis.store.ingest import engine_fingerprint
from analysis.store.links import (document_links_sql, has_links, statement_countries,
                                  statement_links_sql, update_links)
from analysis.store.schema import (DOCUMENT_LINKS, LINK_COLUMNS, SCHEMA_VERSION, column_names,
                                   write_meta)
from test_query import FRAMES  # the handmade frames of the data-layer tests


def write(store: Store, frames, *, reverse: bool = False) -> None:
    if not reverse:
        save_frames(store, frames)
        return
    with store.writer() as con:
        create_tables(con)
        for name, rows in stored_rows(frames).items():
            insert_frame(con, name, rows.iloc[::-1])
        update_links(con)
        write_meta(con, {"schema": SCHEMA_VERSION,
                         "frames": '["documents", "rejected", "countries", "actors", "contacts", '
                                   '"statements", "events"]'})


def test_frames_read_back_exactly(tmp_path):
    store = Store(tmp_path / "data")
    write(store, FRAMES)
    back = store.load_frames()
    assert list(back) == list(FRAMES)
    for name, frame in FRAMES.items():
        pd.testing.assert_frame_equal(back[name], frame, obj=name)


def test_empty_frames_read_back_with_their_columns(tmp_path):
    store = Store(tmp_path / "data")
    empty = build_frames([], [])
    write(store, empty)
    for name, frame in store.load_frames().items():
        pd.testing.assert_frame_equal(frame, empty[name], obj=name)


def test_a_missing_store_says_to_ingest(tmp_path):
    with pytest.raises(StoreError, match="python -m analysis ingest"):
        Store(tmp_path / "nothing").load_frames()
    assert Store(tmp_path / "nothing").meta() == {}


def test_a_frame_is_a_table_with_its_columns_and_the_stores_own(monkeypatch):
    from analysis.engine import frames

    assert column_names("contacts") == [*frames.COLUMNS["contacts"], "_seq", "_block"]
    assert column_names("statements")[-4:] == ["_seq", "_named", "_links", "_speaker_key"]
    assert column_names("rejected") == ["path", "reason"]
    assert column_names("exchanges") == [*frames.COLUMNS["exchanges"], "_block"]  # stored whole
    monkeypatch.setitem(frames.COLUMNS, "talks", ["talk_id", "date", "doc_ids"])
    assert column_names("talks") == ["talk_id", "date", "doc_ids"]


def test_a_store_of_another_layout_is_named_with_its_fix(tmp_path):
    store = Store(tmp_path / "data")
    save_frames(store, FRAMES)
    with store.writer() as con:
        write_meta(con, {"schema": "0"})
    database._UPGRADED.clear()  # a new process
    with pytest.raises(StoreOutdated, match=r"another version of Readout .*: run `python -m "
                                            r"analysis ingest INPUT_DIR --data"):
        store.load_frames()


def test_a_reader_waits_then_gives_up_while_another_process_writes(tmp_path):
    store = Store(tmp_path / "data", wait=0.3)
    write(store, FRAMES)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
         "print('locked', flush=True); time.sleep(30)", str(store.path)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        with pytest.raises(StoreBusy, match="held by another process"):
            with store.reader():
                pass
        assert time.monotonic() - started >= 0.3
    finally:
        holder.kill()
        holder.wait()
    with store.reader() as con:  # the lock is gone with the process
        assert con.execute("SELECT count(*) FROM contacts").fetchall() == [(3,)]


def test_checksums_ignore_insertion_order_and_reads_restore_it(tmp_path):
    one, two = Store(tmp_path / "one"), Store(tmp_path / "two")
    write(one, FRAMES)
    write(two, FRAMES, reverse=True)
    with one.reader() as a, two.reader() as b:
        for name in FRAMES:
            assert table_checksum(a, name) == table_checksum(b, name)
    for name, frame in two.load_frames().items():
        pd.testing.assert_frame_equal(frame, FRAMES[name], obj=name)


def test_the_engine_fingerprint_is_the_engines_code_and_tables(tmp_path, monkeypatch):
    from analysis.store import ingest

    assert engine_fingerprint() == engine_fingerprint() and len(engine_fingerprint()) == 16
    monkeypatch.setattr(ingest, "ENGINE", tmp_path)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "words.csv").write_text("a\n", encoding="utf-8")
    first = engine_fingerprint()
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "x.pyc").write_bytes(b"\0")
    assert engine_fingerprint() == first
    (tmp_path / "data" / "words.csv").write_text("b\n", encoding="utf-8")
    assert engine_fingerprint() != first


def _links_are_current(store: Store) -> None:
    """The stored derived link columns and table equal a recomputation from the frames."""
    with store.reader() as con:
        stored = con.execute("SELECT doc_id, _seq, _named, _links FROM statements "
                             "ORDER BY 1, 2").fetchall()
        assert stored == con.execute(f"SELECT * FROM ({statement_links_sql()}) ORDER BY 1, 2"
                                     ).fetchall()
        assert con.execute(f"SELECT * FROM {DOCUMENT_LINKS} ORDER BY 1").fetchall() == \
            con.execute(f"SELECT * FROM ({document_links_sql()}) ORDER BY 1").fetchall()
        assert con.execute("SELECT count(*) FROM statements WHERE _links IS NULL"
                           ).fetchall() == [(0,)]


def test_saved_frames_carry_the_derived_links(tmp_path):
    store = Store(tmp_path / "data")
    save_frames(store, FRAMES)
    _links_are_current(store)
    with store.reader() as con:
        links = dict(((d, s), (n, x)) for d, s, n, x in con.execute(
            "SELECT doc_id, _seq, _named, _links FROM statements").fetchall())
    # s3 (Araghchi, IRN) reads out the France-Iran meeting of the paragraph before
    assert links[("b", 0)] == ("", "|FRA|IRN|")
    # s4 (Safadi, JOR) names Iran; he is no party to the strike of the paragraph before
    assert links[("b", 1)] == ("|IRN|", "|IRN|JOR|")
    # s6 (no country) reads out the meeting: kept for both its countries
    assert links[("b", 2)] == ("", "|FRA|IRN|")
    # s2 (the White House, USA): no party to the call with Qatar
    assert links[("a", 1)] == ("", "|USA|")
    # s1 (Peskov, RUS) reads out Putin's call with Qatar
    assert links[("a", 0)] == ("", "|QAT|RUS|")


def test_a_statement_names_a_country_by_a_whole_form_in_any_case():
    statements = pd.DataFrame({"doc_id": ["a"] * 4, "_seq": [0, 1, 2, 3],
                               "text": ["the IRANIAN side", "Tirana is far", "a woman spoke",
                                        "the U.S. said"]})
    countries = pd.DataFrame({"doc_id": ["a"] * 3, "iso3": ["IRN", "OMN", "USA"],
                              "name": ["Iran", "Oman", "United States"],
                              "surface": ["Iran; Iranian", "Oman", "U.S.; US"]})
    found = statement_countries(statements, countries)
    assert list(zip(found["_seq"], found["iso3"])) == [(0, "IRN"), (3, "USA")]


def test_an_older_store_gains_the_derived_links_on_first_open(tmp_path):
    store = Store(tmp_path / "data")
    save_frames(store, FRAMES)
    with store.writer() as con:  # as a store written before the links existed
        for column in LINK_COLUMNS["statements"]:
            con.execute(f"ALTER TABLE statements DROP COLUMN {column}")
        con.execute(f"DROP TABLE {DOCUMENT_LINKS}")
    with store.reader() as con:
        assert has_links(con)
    _links_are_current(store)
    for name, frame in store.load_frames().items():
        pd.testing.assert_frame_equal(frame, FRAMES[name], obj=name)


def test_incremental_ingest_keeps_the_derived_links_current(tmp_path):
    from analysis.store.ingest import SerialRunner, ingest
    from benchmarks.synth import write_corpus

    folder, store = tmp_path / "corpus", Store(tmp_path / "data")
    write_corpus(folder, 12)
    ingest(folder, store, runner=SerialRunner())
    _links_are_current(store)
    files = sorted(folder.rglob("*.txt"))
    files[0].unlink()
    files[1].write_text(files[2].read_text(encoding="utf-8").replace("phone", "meeting")
                        + "\nVladimir Putin met Emmanuel Macron in Paris on Monday.\n",
                        encoding="utf-8")
    summary = ingest(folder, store, runner=SerialRunner())
    assert (summary.new, summary.removed) == (1, 2)
    _links_are_current(store)


def test_links_left_stale_by_an_older_writer_are_recomputed_on_open(tmp_path):
    store = Store(tmp_path / "data")
    save_frames(store, FRAMES)
    with store.writer() as con:  # older code: rows changed, generation bumped, links untouched
        con.execute("UPDATE statements SET _links = NULL")
        con.execute(f"DELETE FROM {DOCUMENT_LINKS}")
        write_meta(con, {"generation": 99})
    database._UPGRADED.clear()  # a new process
    _links_are_current(store)


# -- damaged stores and full disks: one sentence with the fix, from the real command ---------

ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def run_ingest(data, *, corpus=SEEDS) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", "ingest", str(corpus), "--data",
                           str(data), "--quiet", "--workers", "1"], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


def damage(path, how: str) -> None:
    """Damage a real store file as a crash, a bad copy or a stray write would."""
    import os

    raw = path.read_bytes()
    if how == "truncated":
        path.write_bytes(raw[:len(raw) // 2])
    elif how == "random":
        path.write_bytes(os.urandom(len(raw)))
    elif how == "overwritten blocks":
        path.write_bytes(raw[:4096] + os.urandom(len(raw) - 4096))
    else:
        path.write_bytes(b"")


@pytest.mark.parametrize("how", ["truncated", "random", "overwritten blocks", "empty"])
def test_a_damaged_store_is_named_with_its_fix_by_the_command(tmp_path, how):
    data = tmp_path / "data"
    assert run_ingest(data).returncode == 0
    damage(data / "readout.duckdb", how)
    done = run_ingest(data)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr  # no traceback
    assert lines[0].startswith(f"error: the store {data / 'readout.duckdb'} is damaged")
    assert f"mv {data / 'readout.duckdb'} {data / 'readout.duckdb'}.damaged" in lines[0]
    assert "python -m analysis ingest INPUT_DIR --data" in lines[0]


@pytest.mark.parametrize("how", ["truncated", "random", "overwritten blocks"])
def test_reading_a_damaged_store_raises_the_same_sentence(tmp_path, how):
    from analysis.store.database import StoreDamaged

    data = tmp_path / "data"
    assert run_ingest(data).returncode == 0
    damage(data / "readout.duckdb", how)
    with pytest.raises(StoreDamaged, match=r"is damaged .*: move it aside"):
        Store(data).load_frames()


@pytest.fixture
def small_disk(tmp_path):
    """A real 1 MB file system (tmpfs), where a store of 200 documents does not fit."""
    import shutil

    mount = tmp_path / "disk"
    mount.mkdir()
    if not shutil.which("mount") or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
            capture_output=True).returncode != 0:
        pytest.skip("mounting a small file system needs root")
    yield mount
    subprocess.run(["umount", str(mount)], check=True)


def test_a_full_disk_is_named_with_its_fix_by_the_command(tmp_path, small_disk):
    from benchmarks.synth import write_corpus

    corpus = tmp_path / "corpus"
    write_corpus(corpus, 200)
    done = run_ingest(small_disk / "data", corpus=corpus)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"error: the store in {small_disk / 'data'} could not be "
                               f"written because the disk is full")
    assert "free some space and run the ingest again" in lines[0]


def test_a_second_writer_is_refused_with_the_holders_name(tmp_path):
    from analysis.store.database import StoreLocked

    store = Store(tmp_path / "data")
    with store.write_lock():
        held = subprocess.run([sys.executable, "-c", "import sys; from analysis.store.database "
                               "import Store; Store(sys.argv[1]).write_lock().__enter__()",
                               str(tmp_path / "data")], cwd=ROOT, capture_output=True, text=True)
        assert "StoreLocked: another ingest is writing to" in held.stderr
        with pytest.raises(StoreLocked, match=r"since .* \(process \d+ on "):
            with Store(tmp_path / "data").write_lock(wait=0.2):
                pass
    with Store(tmp_path / "data").write_lock():  # free once the holder has let go
        pass
