"""The embedded store: frames round-trip exactly, readers and writers wait for each other."""
from __future__ import annotations

import subprocess
import sys
import time

import pandas as pd
import pytest

from analysis.frames import build_frames
from analysis.store import (
    STATEMENT_COUNTRIES, Store, StoreBusy, StoreError, create_frame_tables, engine_fingerprint,
    insert_frame, save_frames, statement_countries, table_checksum, update_links,
    with_seq, write_meta,
)
from test_query import FRAMES  # the handmade frames of the data-layer tests


def write(store: Store, frames, *, reverse: bool = False) -> None:
    if not reverse:
        save_frames(store, frames)
        return
    with store.writer() as con:
        create_frame_tables(con, frames)
        seqd = {name: frame if name in ("documents", "rejected") else with_seq(frame)
                for name, frame in frames.items()}
        for name, rows in seqd.items():
            insert_frame(con, name, rows.iloc[::-1])
        named = statement_countries(seqd["statements"], seqd["countries"])
        insert_frame(con, STATEMENT_COUNTRIES, named.iloc[::-1])
        update_links(con)
        write_meta(con, {"frames": '["documents", "rejected", "countries", "actors", "contacts", '
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


def test_a_frame_without_doc_id_is_refused(tmp_path):
    with pytest.raises(StoreError, match="no doc_id"):
        with Store(tmp_path / "d").writer() as con:
            create_frame_tables(con, {"totals": pd.DataFrame({"n": [1]})})


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
        assert con.execute("SELECT count(*) FROM contacts").fetchone()[0] == 3


def test_checksums_ignore_insertion_order_and_reads_restore_it(tmp_path):
    one, two = Store(tmp_path / "one"), Store(tmp_path / "two")
    write(one, FRAMES)
    write(two, FRAMES, reverse=True)
    with one.reader() as a, two.reader() as b:
        for name in FRAMES:
            assert table_checksum(a, name) == table_checksum(b, name)
    for name, frame in two.load_frames().items():
        pd.testing.assert_frame_equal(frame, FRAMES[name], obj=name)


def test_the_engine_fingerprint_ignores_the_scale_modules():
    assert engine_fingerprint() == engine_fingerprint()
    assert len(engine_fingerprint()) == 16
