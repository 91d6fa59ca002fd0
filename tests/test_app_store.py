"""Every page read from a store written by a real ``python -m analysis ingest`` (READOUT_STORE)
shows what the same page shows when it extracts the folder itself: on seeds/ and on a
200-document synthetic corpus; filters narrow the store's pages too."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from dashboard_seed import app_at, table, texts

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
PAGES = ("overview", "map", "timeline", "statements", "documents")


def ingest(corpus: Path, data: Path) -> Path:
    subprocess.run([sys.executable, "-m", "analysis", "ingest", str(corpus), "--data", str(data),
                    "--quiet", "--workers", "1"], check=True, cwd=ROOT, capture_output=True)
    return data


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory) -> Path:
    return ingest(SEEDS, tmp_path_factory.mktemp("store") / "seed")


@pytest.fixture(scope="module")
def synth(tmp_path_factory) -> tuple[Path, Path]:
    from benchmarks.synth import write_corpus

    corpus = tmp_path_factory.mktemp("synth") / "corpus"
    write_corpus(corpus, 200)
    return corpus, ingest(corpus, tmp_path_factory.mktemp("store") / "synth")


def shown(at) -> tuple[list[pd.DataFrame], list[str], list[str]]:
    """What a run shows: its tables, its metrics and its texts (the store/folder word aside)."""
    assert not at.exception, [e.value for e in at.exception]
    tables = [e.value.reset_index(drop=True) for e in at.dataframe]
    metrics = [f"{m.label}={m.value}" for m in at.metric]
    return tables, metrics, texts(at).splitlines()


def same(a, b) -> None:
    tables_a, metrics_a, texts_a = a
    tables_b, metrics_b, texts_b = b
    assert metrics_a == metrics_b
    assert len(tables_a) == len(tables_b)
    for x, y in zip(tables_a, tables_b):
        pd.testing.assert_frame_equal(x.astype(str), y.astype(str))
    assert texts_a == texts_b


def run(page: str, monkeypatch, *, corpus: Path, store: Path | None, query=None):
    monkeypatch.setenv("READOUT_CORPUS", str(corpus))
    if store is None:
        monkeypatch.delenv("READOUT_STORE", raising=False)
    else:
        monkeypatch.setenv("READOUT_STORE", str(store))
    return app_at(page, query=query)


@pytest.mark.parametrize("page", PAGES)
def test_a_seed_store_page_shows_what_the_folder_page_shows(page, seed_store, monkeypatch):
    folder = run(page, monkeypatch, corpus=SEEDS, store=None)
    store = run(page, monkeypatch, corpus=SEEDS, store=seed_store)
    same(shown(folder), shown(store))


@pytest.mark.parametrize("page", PAGES)
def test_a_synthetic_store_page_shows_what_the_folder_page_shows(page, synth, monkeypatch):
    corpus, data = synth
    folder = run(page, monkeypatch, corpus=corpus, store=None)
    store = run(page, monkeypatch, corpus=corpus, store=data)
    same(shown(folder), shown(store))


def test_the_store_shows_the_four_calls_the_eight_countries_and_peskovs_quote(seed_store,
                                                                             monkeypatch):
    at = run("overview", monkeypatch, corpus=SEEDS, store=seed_store)
    assert {m.label: m.value for m in at.metric}["Countries"] == "8"
    assert (table(at, "channel", "participants")["channel"] == "phone").sum() == 4
    at = run("statements", monkeypatch, corpus=SEEDS, store=seed_store,
             query={"q": "easing of tensions"})
    assert table(at, "speaker", "text")["speaker"].tolist() == ["Dmitry Peskov"]
    box = at.selectbox(key="statement")
    box.select(box.options[0]).run()
    assert "the Kremlin spokesman Dmitry Peskov said" in texts(at) and "paragraph 3" in texts(at)


@pytest.mark.parametrize("page", PAGES)
def test_a_country_filter_narrows_the_store_page_as_the_folder_page(page, synth, monkeypatch):
    corpus, data = synth
    query = {"country": "Qatar"}
    folder = run(page, monkeypatch, corpus=corpus, store=None, query=query)
    store = run(page, monkeypatch, corpus=corpus, store=data, query=query)
    unfiltered = run(page, monkeypatch, corpus=corpus, store=data)
    sizes = lambda at: ([t.shape for t in shown(at)[0]], shown(at)[1])  # noqa: E731
    assert sizes(store) != sizes(unfiltered)
    same(shown(folder), shown(store))


def test_a_date_filter_changes_the_store_statements(synth, monkeypatch):
    corpus, data = synth
    everything = table(run("statements", monkeypatch, corpus=corpus, store=data), "speaker")
    lo = run("statements", monkeypatch, corpus=corpus, store=data,
             query={"from": "2026-03-01", "to": "2026-03-31"})
    narrowed = table(lo, "date", "speaker")
    assert 0 < len(narrowed) < len(everything)
    assert narrowed["date"].between("2026-03-01", "2026-03-31").all()


def test_a_missing_store_is_reported(tmp_path, monkeypatch):
    at = run("overview", monkeypatch, corpus=SEEDS, store=tmp_path / "nothing")
    assert "does not exist" in texts(at)


def test_an_upload_joins_the_store_pages_of_its_session(seed_store, monkeypatch):
    from dashboard import uploads

    doc = (b"date 2026-03-05\nFrench President Emmanuel Macron spoke by telephone with "
           b"Qatar's Emir Tamim bin Hamad Al Thani on Wednesday, the Elysee said.")
    extractions, _ = uploads.add_uploads([("new.txt", doc)], known_ids=set())
    state = {"readout_uploads": {"extractions": extractions, "rejected": []}}
    monkeypatch.setenv("READOUT_CORPUS", str(SEEDS))
    monkeypatch.setenv("READOUT_STORE", str(seed_store))
    from dashboard_seed import app_at as at_page

    at = at_page(state=state)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Documents"] == "2" and metrics["Exchanges"] == "5"
    assert any("Emmanuel Macron" in cell for cell in table(at, "participants")["participants"])
    at = at_page("map", state=state)
    assert "FRA" in set(table(at, "country", "involvement")["ISO3"])
    at = at_page("documents", state=state)
    assert len(at.selectbox(key="doc").options) == 2


@pytest.mark.parametrize("how", ["truncated", "random", "overwritten blocks"])
def test_a_damaged_store_is_named_with_its_fix_on_every_page(tmp_path, monkeypatch, how):
    from test_store import damage

    data = ingest(SEEDS, tmp_path / "data")
    damage(data / "readout.duckdb", how)
    for page in PAGES + ("upload",):
        at = run(page, monkeypatch, corpus=SEEDS, store=data)  # no exception on any page
        said = texts(at)
        assert f"The store {data / 'readout.duckdb'} is damaged" in said, page
        assert f"mv {data / 'readout.duckdb'} {data / 'readout.duckdb'}.damaged" in said, page


def test_a_store_of_another_layout_is_named_with_its_fix_on_every_page(tmp_path, monkeypatch):
    from analysis.store.database import Store
    from analysis.store.schema import write_meta

    data = ingest(SEEDS, tmp_path / "data")
    with Store(data).writer() as con:  # as a store written by an older Readout
        write_meta(con, {"schema": "2"})
    for page in PAGES + ("upload",):
        said = texts(run(page, monkeypatch, corpus=SEEDS, store=data))  # no exception
        assert f"The store {data / 'readout.duckdb'} was written by another version" in said
        assert f"python -m analysis ingest INPUT_DIR --data {data}" in said, page
