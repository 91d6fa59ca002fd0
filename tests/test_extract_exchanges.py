"""`python -m analysis extract` writes exchanges.csv: the seed's four calls, and one exchange of
two reports once a second government's readout of one of them is beside it."""
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_c64ff08c818fbad2.txt"
SECOND = ROOT / "tests" / "fixtures" / "second-readout" / "qna-amir-putin-call.txt"


def _extract(folder: Path, out: Path, workers: int = 1) -> dict[str, pd.DataFrame]:
    subprocess.run([sys.executable, "-m", "analysis", "extract", str(folder), "--out", str(out),
                    "--workers", str(workers)], check=True, cwd=ROOT, capture_output=True)
    return {name: pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False)
            for name in ("exchanges", "contacts", "statements", "actors")}


def test_the_seed_alone_gives_four_exchanges(tmp_path):
    frames = _extract(ROOT / "seeds", tmp_path / "out")
    assert len(frames["exchanges"]) == 4
    assert set(frames["exchanges"]["documents"]) == {"1"}
    assert set(frames["contacts"]["exchange_id"]) == set(frames["exchanges"]["exchange_id"])


def test_a_second_readout_of_a_seed_call_is_one_exchange_of_two_documents(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder)
    shutil.copy(SECOND, folder)
    frames = _extract(folder, tmp_path / "one")
    exchanges = frames["exchanges"]
    assert len(exchanges) == 4
    told_twice = exchanges[exchanges["documents"] == "2"]
    assert len(told_twice) == 1
    row = told_twice.iloc[0]
    assert set(row["countries"].split("; ")) == {"RUS", "QAT"} and row["date"] == "2026-03-02"
    assert len(row["doc_ids"].split("; ")) == 2
    ids = frames["contacts"][frames["contacts"]["exchange_id"] == row["exchange_id"]]
    assert len(ids) == 2 and ids["participant_ids"].map(lambda c: frozenset(c.split("; "))
                                                         ).nunique() == 1
    two = tmp_path / "two"
    _extract(folder, two, workers=2)
    for name in ("exchanges", "contacts", "statements"):
        assert (tmp_path / "one" / f"{name}.csv").read_bytes() == (two / f"{name}.csv").read_bytes()


def test_the_second_readouts_joint_statements_name_the_sides(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SECOND, folder)
    statements = _extract(folder, tmp_path / "out")["statements"]
    joint = statements[statements["joint"] == "1"]
    assert len(joint) >= 1
    assert not statements["speaker"].isin(["both sides", "all sides"]).any()
    assert all("Vladimir Putin" in s and "Tamim bin Hamad Al Thani" in s for s in joint["speaker"])
