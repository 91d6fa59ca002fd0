"""Tests for analysis.store.relink and the ingest's incremental exchanges: a store keeps its
exchanges and statement groups as build_frames gives them for the whole folder, adding and
removing documents, and a run redoes only the keys its documents touch."""
import shutil
from pathlib import Path

import pandas as pd

from analysis.engine.pipeline import extract_folder
from analysis.store.database import Store
from analysis.store.ingest import ingest
from analysis.store.relink import mark, relink

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_c64ff08c818fbad2.txt"
SECOND = ROOT / "tests" / "fixtures" / "second-readout" / "qna-amir-putin-call.txt"
LINKED = ("contacts", "statements", "exchanges")


def _stored(tmp_path: Path, *files: Path) -> tuple[Path, Store]:
    """A folder of ``files`` and a store ingested from it."""
    folder, store = tmp_path / "in", Store(tmp_path / "data")
    folder.mkdir()
    for file in files:
        shutil.copy(file, folder / file.name)
    ingest(folder, store, workers=1)
    return folder, store


def _same_as_the_folder(store: Store, folder: Path) -> dict[str, pd.DataFrame]:
    stored = store.load_frames(list(LINKED))
    expected = extract_folder(folder)
    for name in LINKED:
        pd.testing.assert_frame_equal(stored[name], expected[name], obj=name)
    return stored


def test_a_second_report_added_later_joins_its_exchange_and_leaves_with_it(tmp_path):
    folder, store = _stored(tmp_path, SEED)
    assert len(_same_as_the_folder(store, folder)["exchanges"]) == 4

    shutil.copy(SECOND, folder / SECOND.name)
    ingest(folder, store, workers=1)
    exchanges = _same_as_the_folder(store, folder)["exchanges"]
    assert len(exchanges) == 4 and exchanges["documents"].tolist().count(2) == 1

    (folder / SEED.name).unlink()
    ingest(folder, store, workers=1)
    exchanges = _same_as_the_folder(store, folder)["exchanges"]
    assert exchanges["documents"].tolist() == [1]


def test_a_run_redoes_only_the_keys_it_touched(tmp_path):
    _, store = _stored(tmp_path, SEED)
    with store.writer() as con:
        # a stored exchange made wrong on purpose: only a relink of its block would fix it
        con.execute("UPDATE exchanges SET evidence = 'untouched' WHERE countries LIKE '%BHR%'")
        con.execute("UPDATE exchanges SET evidence = 'touched' WHERE countries LIKE '%QAT%'")
        con.execute("INSERT INTO _dirty SELECT DISTINCT 'contacts', _block FROM contacts "
                    "WHERE countries LIKE '%QAT%'")
        blocks, _ = relink(con)
        evidence = dict(con.execute("SELECT countries, evidence FROM exchanges").fetchall())
        dirty = con.execute("SELECT count(*) FROM _dirty").fetchall()[0][0]
    assert blocks == 1 and dirty == 0
    assert evidence["RUS; BHR"] == "untouched"
    assert evidence["RUS; QAT"] not in ("touched", "untouched")


def test_a_documents_keys_are_marked_for_both_links(tmp_path):
    _, store = _stored(tmp_path, SECOND)
    with store.writer() as con:
        mark(con, "r.doc_id IN (SELECT doc_id FROM documents)")
        kinds = dict(con.execute("SELECT kind, count(*) FROM _dirty GROUP BY kind").fetchall())
    assert kinds == {"contacts": 1, "statements": 1}  # one call; the sides said both


def test_nothing_marked_relinks_nothing(tmp_path):
    _, store = _stored(tmp_path, SEED)
    with store.writer() as con:
        assert relink(con) == (0, 0)
