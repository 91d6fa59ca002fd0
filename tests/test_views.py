"""dashboard/views.py and dashboard/store_source.py: what a page is given. Rows newest first
and capped, totals and aggregates over every matching row, and a store's view answering as the
same corpus read from its folder."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from dashboard import views
from dashboard.filters import Filters, add_paragraphs, apply_filters
from dashboard.views import FrameView, newest_first, shown_caption
from dashboard_seed import app_at, seed_frames, table, texts

ROOT = Path(__file__).resolve().parent.parent


def frame_view(frames, filters=Filters()) -> FrameView:
    return FrameView(apply_filters(frames, filters), frames, filters)


@pytest.fixture(scope="module")
def synth(tmp_path_factory) -> tuple[Path, Path]:
    """A 120-document synthetic corpus and the store `python -m analysis ingest` writes."""
    from analysis.synth import write_corpus

    corpus = tmp_path_factory.mktemp("views") / "corpus"
    write_corpus(corpus, 120)
    data = tmp_path_factory.mktemp("views") / "store"
    subprocess.run([sys.executable, "-m", "analysis", "ingest", str(corpus), "--data", str(data),
                    "--quiet", "--workers", "1"], check=True, cwd=ROOT, capture_output=True)
    return corpus, data


@pytest.fixture(scope="module")
def folder_frames(synth):
    from analysis.pipeline import extract_folder

    return add_paragraphs(extract_folder(synth[0]))


def test_newest_first_puts_unknown_dates_last_and_keeps_document_order():
    frame = pd.DataFrame({"doc_id": ["b", "a", "a", "c", "a"],
                          "date": ["2026-03-01", "2026-03-02", "", "2026-03-02", "2026-03-02"],
                          "n": [1, 2, 3, 4, 5]})
    assert newest_first(frame, "contacts")["n"].tolist() == [2, 5, 4, 1, 3]


def test_a_frame_view_shows_at_most_the_cap_and_counts_every_row(monkeypatch):
    monkeypatch.setattr(views, "ROW_CAP", 2)
    view = frame_view(seed_frames())
    assert len(view["contacts"]) == 2 and view.total("contacts") == 4
    assert len(view.all_rows("contacts")) == 4


def test_per_day_counts_every_dated_row_not_only_the_shown(monkeypatch):
    monkeypatch.setattr(views, "ROW_CAP", 1)
    per_day = frame_view(seed_frames()).per_day()
    assert per_day["contacts"].to_dict() == {"2026-03-02": 4}
    assert int(per_day["actions"].sum()) == 2


def test_shown_caption_only_when_rows_are_left_out():
    assert shown_caption(10, 10, "statements") is None
    assert "newest 5 of 1,234 statements" in shown_caption(5, 1234, "statements")


def test_a_store_view_answers_as_the_folder_view(synth, folder_frames):
    from dashboard.store_source import StoreView, store_version

    data = str(synth[1])
    for filters in (Filters(), Filters(countries=("QAT",)), Filters(channels=("phone",))):
        store = StoreView(data, store_version(data), filters)
        folder = frame_view(folder_frames, filters)
        for name in ("documents", "contacts", "events", "actors", "countries"):
            assert store.total(name) == folder.total(name), (filters, name)
        assert store.country_count() == folder.country_count()
        pd.testing.assert_frame_equal(store.country_table().reset_index(drop=True),
                                      folder.country_table().reset_index(drop=True),
                                      check_dtype=False)
        assert store.bounds() == folder.bounds()
        for label in ("contacts", "actions"):
            assert store.per_day()[label].to_dict() == folder.per_day()[label].to_dict()
        for name, ident in (("contacts", "contact_id"), ("events", "event_id")):
            assert store[name][ident].tolist() == folder[name][ident].tolist(), (filters, name)


def test_a_store_view_finds_what_the_folder_view_finds(synth, folder_frames):
    from dashboard.store_source import StoreView, store_version

    data = str(synth[1])
    store = StoreView(data, store_version(data), Filters())
    folder = frame_view(folder_frames)
    for query, kinds in (("said", ()), ('"the region"', ("direct",)), ("", ("reported",))):
        rows, total = store.search(query, kinds=kinds)
        mine, n = folder.search(query, kinds=kinds)
        assert total == n and rows["statement_id"].tolist() == mine["statement_id"].tolist()
        assert len(store.search_all(query, kinds=kinds)) == n


def test_a_store_view_gives_one_documents_text_and_rows(synth, folder_frames):
    from dashboard.store_source import StoreView, store_version

    data = str(synth[1])
    store = StoreView(data, store_version(data), Filters())
    folder = frame_view(folder_frames)
    doc_id = folder["documents"]["doc_id"].iloc[0]
    assert store.document(doc_id)["text"] == folder.document(doc_id)["text"]
    for name, part in store.parts(doc_id).items():
        assert len(part) == len(folder.parts(doc_id)[name]), name
    assert store.document("no such document") is None


def test_a_capped_statements_page_says_so_and_downloads_every_match(monkeypatch):
    everything = len(table(app_at("statements"), "speaker", "kind", "text"))
    monkeypatch.setattr(views, "ROW_CAP", 2)
    at = app_at("statements")
    assert everything > 2 and len(table(at, "speaker", "kind", "text")) == 2
    assert f"The newest 2 of {everything} matching statements" in texts(at)
    labels = [b.proto.label for b in at.get("download_button")]
    assert f"Download statements CSV ({everything} rows)" in labels


def test_a_capped_timeline_counts_every_contact_per_day(monkeypatch):
    monkeypatch.setattr(views, "ROW_CAP", 1)
    spec = json.loads(app_at("timeline").get("plotly_chart")[0].proto.spec)
    bars = [t for t in spec["data"] if t.get("name") == "contacts per day"]
    assert bars and sum(bars[0]["y"]) == 4


def test_a_store_view_links_statements_to_picked_contacts_as_the_folder_view(synth,
                                                                              folder_frames):
    from dashboard.store_source import StoreView, store_version

    data = str(synth[1])
    store = StoreView(data, store_version(data), Filters())
    folder = frame_view(folder_frames)
    picked = folder["contacts"]["contact_id"].head(5).tolist()
    mine = folder.statements_about(picked, [])
    assert len(mine) > 0
    assert store.statements_about(picked, [])["statement_id"].tolist() == \
        mine["statement_id"].tolist()
