"""dashboard/charts.py: a store view's map and timeline are built once per view and shared by
every session asking for the same; another filter set gets its own."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import charts
from dashboard.filters import Filters, add_paragraphs, apply_filters
from dashboard.views import FrameView
from dashboard_seed import seed_frames

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    data = tmp_path_factory.mktemp("charts") / "store"
    subprocess.run([sys.executable, "-m", "analysis", "ingest", str(ROOT / "seeds"), "--data",
                    str(data), "--quiet", "--workers", "1"], check=True, cwd=ROOT,
                   capture_output=True)
    return str(data)


def store_view(folder: str, filters: Filters):
    from dashboard.store_source import StoreView, store_version

    return StoreView(folder, store_version(folder), filters)


def test_two_sessions_with_one_view_share_one_timeline(store):
    first = charts.timeline(store_view(store, Filters()), "actors")
    again = charts.timeline(store_view(store, Filters()), "actors")
    assert first is again
    assert charts.timeline(store_view(store, Filters()), "countries") is not first


def test_another_filter_gets_its_own_map(store):
    everything = charts.world_map(store_view(store, Filters()), map_style=None, selected=())
    qatar = charts.world_map(store_view(store, Filters(countries=("QAT",))), map_style=None,
                             selected=("QAT",))
    assert qatar is not everything
    assert charts.world_map(store_view(store, Filters()), map_style=None,
                            selected=()) is everything


def test_a_folder_view_is_drawn_afresh():
    frames = add_paragraphs(seed_frames())
    view = FrameView(apply_filters(frames, Filters()), frames, Filters())
    assert view.key is None
    assert charts.timeline(view, "actors") is not charts.timeline(view, "actors")
