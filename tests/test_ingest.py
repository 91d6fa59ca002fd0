"""Ingest into the store: equal to `extract`, incremental by stat and content hash, parallel."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from analysis.store import ingest as ingest_module
from analysis.store.ingest import IngestError, ProcessRunner, SerialRunner, ingest
from analysis.engine.pipeline import extract_folder
from analysis.store.database import Store
from benchmarks.synth import write_corpus

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


# -- faults: two writers, kills at named steps, rebuilds under readers (issue 11) ----------

def cli(corpus: Path, data: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "analysis", "ingest", str(corpus), "--data", str(data),
            "--quiet", *extra]


def fault_env(spec: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "READOUT_FAULT"}
    if spec:
        env["READOUT_FAULT"] = spec
    return env


def wait_for(condition, what: str, timeout: float = 120.0) -> None:
    """Wait until ``condition()`` is true (polling), failing with ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def counts(data: Path) -> tuple[int, int]:
    """(document rows, distinct documents) in the store."""
    with Store(data).reader() as con:
        return con.execute("SELECT count(*), count(DISTINCT doc_id) FROM documents").fetchall()[0]


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """40 synthetic documents and one file that is refused."""
    folder = tmp_path / "small"
    write_corpus(folder, 40)
    (folder / "empty.txt").write_text("")
    return folder


def test_a_second_ingest_stops_while_another_writes_and_nothing_is_stored_twice(small, tmp_path):
    data, gate = tmp_path / "data", tmp_path / "gate"
    first = subprocess.Popen(cli(small, data, "--workers", "1"), cwd=ROOT,
                             env=fault_env(f"hold:extract:{gate}"), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: Path(f"{gate}.reached").exists(), "the first ingest to open the store")
        second = subprocess.run(cli(small, data, "--workers", "1"), cwd=ROOT, env=fault_env(),
                                capture_output=True, text=True, timeout=120)
        assert second.returncode == 2, second.stdout + second.stderr
        assert second.stderr.startswith(f"error: another ingest is writing to {data} since ")
        assert f"(process {first.pid} " in second.stderr
        assert "wait for it to finish or stop it" in second.stderr
        gate.touch()
        out, err = first.communicate(timeout=300)
    finally:
        gate.touch()
        if first.poll() is None:
            first.kill()
            first.wait()
    assert first.returncode == 0, err
    assert counts(data) == (40, 40)
    assert_same_frames(Store(data), small)


def test_the_lock_is_free_again_after_the_holder_is_killed(small, tmp_path):
    data = tmp_path / "data"
    killed = subprocess.run(cli(small, data, "--workers", "1"), cwd=ROOT,
                            env=fault_env("kill:batch"), capture_output=True, timeout=300)
    assert killed.returncode == -signal.SIGKILL
    again = subprocess.run(cli(small, data, "--workers", "1"), cwd=ROOT, env=fault_env(),
                           capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert_same_frames(Store(data), small)


def test_a_store_with_documents_stored_twice_is_repaired_by_the_next_ingest(small, tmp_path):
    import duckdb

    data = tmp_path / "data"
    ingest(small, Store(data), runner=SerialRunner())
    con = duckdb.connect(str(data / "readout.duckdb"))  # what two unlocked writers left
    for (name,) in con.execute("SELECT table_name FROM information_schema.tables WHERE "
                               "table_name NOT IN ('_meta', 'rejected')").fetchall():
        con.execute(f'INSERT INTO "{name}" SELECT * FROM "{name}"')
    con.close()
    assert counts(data) == (80, 40)
    done = subprocess.run(cli(small, data, "--workers", "1"), cwd=ROOT, env=fault_env(),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "40 stored twice repaired" in done.stdout
    assert counts(data) == (40, 40)
    assert_same_frames(Store(data), small)


@pytest.mark.parametrize("step", ["before-finish", "in-finish"])
def test_a_kill_at_the_final_step_of_a_first_ingest_is_finished_by_the_next_run(small, tmp_path,
                                                                              step):
    data = tmp_path / "data"
    killed = subprocess.run(cli(small, data, "--workers", "1"), cwd=ROOT,
                            env=fault_env(f"kill:{step}"), capture_output=True, timeout=300)
    assert killed.returncode == -signal.SIGKILL
    assert not Store(data).exists()  # readers see no store, not half of one
    again = subprocess.run(cli(small, data, "--workers", "1"), cwd=ROOT, env=fault_env(),
                           capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert "0 read" in again.stdout and "1 rejected" in again.stdout
    assert_same_frames(Store(data), small)


@pytest.mark.parametrize("step", ["before-finish", "in-finish"])
def test_a_kill_at_the_final_step_of_an_update_is_finished_by_the_next_run(small, tmp_path, step):
    data = tmp_path / "data"
    ingest(small, Store(data), runner=SerialRunner())
    generation = int(Store(data).meta()["generation"])
    (small / "later.txt").write_text("date 2026-03-05 The envoy of Qatar met the Emir of Kuwait.")
    (small / "later-copy.txt").write_text("date 2026-03-05 The envoy of Qatar met the Emir of "
                                          "Kuwait.")
    (small / "empty.txt").unlink()
    killed = subprocess.run(cli(small, data, "--workers", "1"), cwd=ROOT,
                            env=fault_env(f"kill:{step}"), capture_output=True, timeout=300)
    assert killed.returncode == -signal.SIGKILL
    again = subprocess.run(cli(small, data, "--workers", "1"), cwd=ROOT, env=fault_env(),
                           capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert "0 read" in again.stdout and "1 rejected" in again.stdout
    assert int(Store(data).meta()["generation"]) > generation
    assert_same_frames(Store(data), small)


#: A reader in its own process: the store's document count and generation, as often as it
#: can, one line each, until the file STOP exists.
READER = """
import sys, time
from pathlib import Path
from analysis.store.database import Store
data, log, stop = sys.argv[1:4]
with open(log, "a") as out:
    while not Path(stop).exists():
        with Store(data).reader() as con:
            n = con.execute("SELECT count(*) FROM documents").fetchall()[0][0]
            g = con.execute("SELECT value FROM _meta WHERE key = 'generation'").fetchall()[0][0]
        out.write(f"{n} {g}\\n")
        out.flush()
"""


def test_readers_see_the_old_store_until_a_full_rebuild_is_swapped_in(small, tmp_path):
    data, gate, log, stop = (tmp_path / n for n in ("data", "gate", "reads.log", "stop"))
    ingest(small, Store(data), runner=SerialRunner())
    old = int(Store(data).meta()["generation"])
    lines = lambda: log.read_text().splitlines() if log.exists() else []  # noqa: E731
    reader = subprocess.Popen([sys.executable, "-c", READER, str(data), str(log), str(stop)],
                              cwd=ROOT, stderr=subprocess.PIPE, text=True)
    rebuild = None
    try:
        wait_for(lambda: len(lines()) > 0, "the reader's first count")
        rebuild = subprocess.Popen(cli(small, data, "--workers", "1", "--full"), cwd=ROOT,
                                   env=fault_env(f"hold:extract:{gate}"),
                                   stderr=subprocess.PIPE, text=True)
        wait_for(lambda: Path(f"{gate}.reached").exists(), "the rebuild to start")
        during = len(lines())
        wait_for(lambda: len(lines()) > during + 20, "reads during the rebuild")
        gate.touch()
        assert rebuild.wait(timeout=300) == 0, rebuild.stderr.read()
        wait_for(lambda: lines() and int(lines()[-1].split()[1]) > old, "a read of the new store")
    finally:
        gate.touch()
        stop.touch()
        for proc in (reader, rebuild):
            if proc is not None:
                try:
                    proc.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    proc.kill()
    assert reader.returncode == 0, reader.stderr.read()
    seen = [tuple(map(int, line.split())) for line in lines()]
    assert {n for n, _ in seen} == {40}, sorted(set(seen))
    assert max(g for _, g in seen) > old
    assert not (data / "readout.next.duckdb").exists()
    assert_same_frames(Store(data), small)


def test_a_rebuild_killed_before_its_swap_leaves_the_old_store_whole(small, tmp_path):
    data = tmp_path / "data"
    ingest(small, Store(data), runner=SerialRunner())
    killed = subprocess.run(cli(small, data, "--workers", "1", "--full"), cwd=ROOT,
                            env=fault_env("kill:swap"), capture_output=True, timeout=300)
    assert killed.returncode == -signal.SIGKILL
    assert_same_frames(Store(data), small)
    again = subprocess.run(cli(small, data, "--workers", "1", "--full"), cwd=ROOT,
                           env=fault_env(), capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert not (data / "readout.next.duckdb").exists()
    assert_same_frames(Store(data), small)


def test_a_file_name_that_is_not_utf8_is_ingested_under_a_printable_name(tmp_path):
    src, data = tmp_path / "corpus", tmp_path / "data"
    src.mkdir()
    (src / os.fsdecode(b"bad\xff\xfe.txt")).write_text(
        "date 2026-03-03 The foreign minister of Oman met his Iranian counterpart in Muscat.")
    (src / "ok.txt").write_text("date 2026-03-04 The envoy left Doha.")
    for expected in ("2 read", "0 read"):
        done = subprocess.run(cli(src, data, "--workers", "1"), cwd=ROOT, env=fault_env(),
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert expected in done.stdout
    assert sorted(Store(data).load_frames(["documents"])["documents"]["path"]) == [
        r"bad\xff\xfe.txt", "ok.txt"]
    assert_same_frames(Store(data), src)


def test_pool_workers_end_when_the_ingest_is_killed(tmp_path):
    psutil = pytest.importorskip("psutil")
    corpus, data, gate = tmp_path / "corpus", tmp_path / "data", tmp_path / "gate"
    write_corpus(corpus, ingest_module.SERIAL_BELOW + 10)  # enough for the process pool
    proc = subprocess.Popen(cli(corpus, data, "--workers", "2"), cwd=ROOT,
                            env=fault_env(f"hold:result:{gate}"), stderr=subprocess.DEVNULL)
    workers = []
    try:
        wait_for(lambda: Path(f"{gate}.reached").exists(), "the pool's first results", 300)
        workers = [p for p in psutil.Process(proc.pid).children(recursive=True)
                   if "multiprocessing" in " ".join(p.cmdline())]
        assert len(workers) >= 2
        proc.kill()  # kill -9 of the ingest, its workers busy or idle
        proc.wait()

        def gone() -> bool:
            return all(not w.is_running() or w.status() == psutil.STATUS_ZOMBIE for w in workers)

        wait_for(gone, "the orphaned workers to exit", 30)
    finally:
        gate.touch()
        for worker in workers:
            if worker.is_running():
                worker.kill()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
