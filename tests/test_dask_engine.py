"""The Dask engine: a LocalCluster of two workers on loopback gives the local engine's store."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

distributed = pytest.importorskip("distributed")

from analysis.store.dask_engine import DaskRunner  # noqa: E402
from analysis.store.ingest import SerialRunner, ingest  # noqa: E402
from analysis.store.database import Store  # noqa: E402
from benchmarks.synth import write_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       host="127.0.0.1", dashboard_address=None)
    with distributed.Client(cluster) as dask_client:
        yield dask_client
    cluster.close()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    write_corpus(folder, 30)
    shutil.copytree(ROOT / "seeds", folder / "seeds")
    # a second report of a seed call, read in another chunk: one exchange across chunks
    shutil.copy(ROOT / "tests" / "fixtures" / "second-readout" / "qna-amir-putin-call.txt",
                folder / "qna.txt")
    shutil.copy(folder / "synthetic/0000/syn_0000004.txt", folder / "dup.txt")
    (folder / "empty.txt").write_text("   ")
    return folder


def test_dask_store_equals_the_local_store(client, corpus, tmp_path):
    local, dask = Store(tmp_path / "local"), Store(tmp_path / "dask")
    ingest(corpus, local, runner=SerialRunner())
    runner = DaskRunner(client)
    summary = ingest(corpus, dask, runner=runner, chunk_size=4)
    assert summary.engine == "dask" and summary.workers == 2
    assert (summary.new, summary.rejected) == (32, 2)
    one, two = local.load_frames(), dask.load_frames()
    assert list(one) == list(two)
    for name in one:
        pd.testing.assert_frame_equal(one[name], two[name], obj=name)
    assert 2 in set(two["exchanges"]["documents"])


def test_dask_reingest_is_incremental(client, corpus, tmp_path):
    store = Store(tmp_path / "dask")
    runner = DaskRunner(client)
    ingest(corpus, store, runner=runner, chunk_size=4)
    (corpus / "synthetic/0000/syn_0000009.txt").write_text("date 2026-03-02 Qatar spoke up.")
    summary = ingest(corpus, store, runner=runner, chunk_size=4)
    assert (summary.read, summary.new, summary.removed) == (1, 1, 1)


def test_cli_ingest_on_a_dask_scheduler(client, corpus, tmp_path):
    address = client.scheduler.address
    assert address.startswith("tcp://127.0.0.1:")
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "ingest", str(corpus), "--data", str(tmp_path / "d"),
         "--engine", "dask", "--scheduler", address, "--quiet"],
        capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "34 files: 34 read, 32 new" in result.stdout
    assert "dask, 2 workers" in result.stdout
