"""Measures what the map and the timeline cost for a corpus and prints the figures: the map's
deck JSON (what ``st.pydeck_chart`` sends over the websocket, before compression), the
timeline's plotly JSON, and the CPU seconds of building each.

    python -m benchmarks.views FOLDER [FOLDER ...]
    python -m benchmarks.views --frames OUT_DIR     # the CSV files of `python -m analysis extract`

Each folder is read by the engine (``extract_folder``) into the in-memory store that the
dashboard uses for a folder corpus, then asked what the map and the timeline pages ask. CPU
seconds (``time.process_time``) do not depend on what else the machine runs; wall seconds do.
"""
from __future__ import annotations

import argparse
import gzip
import sys
import time
from pathlib import Path

import pandas as pd

from analysis.engine.pipeline import extract_folder
from analysis.store import query
from analysis.store.memory import MemoryStore
from analysis.store.query import NO_FILTERS
from dashboard.figures import build_map, build_timeline, map_summary, timeline_summary
from dashboard.view import ROW_CAP, involvement

FRAMES = ("documents", "rejected", "countries", "actors", "contacts", "statements", "events")


def read_frames(out_dir: Path) -> dict[str, pd.DataFrame]:
    """The frames ``python -m analysis extract`` wrote into ``out_dir``."""
    return {name: pd.read_csv(out_dir / f"{name}.csv", dtype=str, keep_default_na=False)
            for name in FRAMES if (out_dir / f"{name}.csv").exists()}


def per_day(store) -> dict[str, pd.Series]:
    """The view's ``per_day`` without streamlit."""
    days = query.per_day(store, NO_FILTERS)
    return {label: pd.Series(part["rows"].to_numpy(dtype="int64"),
                             index=part["day"].astype(str).to_numpy())
            for label, part in (("contacts", days[days["frame"] == "contacts"]),
                                ("actions", days[days["frame"] == "events"]))}


def measure(name: str, frames: dict[str, pd.DataFrame]) -> dict[str, object]:
    """Build the map and the timeline of ``frames`` as the pages do; their sizes and costs."""
    store = MemoryStore(frames)
    contacts = query.rows(store, "contacts", NO_FILTERS, limit=ROW_CAP)
    events = query.rows(store, "events", NO_FILTERS, limit=ROW_CAP)
    table = involvement(query.country_totals(store, NO_FILTERS))
    days = per_day(store)
    cpu, wall = time.process_time(), time.perf_counter()
    deck = build_map(contacts, events, table)
    spec = deck.to_json()
    map_cpu, map_wall = time.process_time() - cpu, time.perf_counter() - wall
    cpu, wall = time.process_time(), time.perf_counter()
    fig = build_timeline(contacts, events, days)
    timeline = fig.to_json()
    tl_cpu, tl_wall = time.process_time() - cpu, time.perf_counter() - wall
    return {"corpus": name, "documents": len(frames.get("documents", [])),
            "countries": len(table), "contacts": len(contacts), "actions": len(events),
            "map JSON, KB": len(spec.encode()) / 1000,
            "map JSON gzip, KB": len(gzip.compress(spec.encode())) / 1000,
            "map build CPU / wall, s": f"{map_cpu:.2f} / {map_wall:.2f}",
            "timeline JSON, KB": len(timeline.encode()) / 1000,
            "timeline build CPU / wall, s": f"{tl_cpu:.2f} / {tl_wall:.2f}",
            "summary": map_summary(table, contacts, events)[:80] + " | "
                       + timeline_summary(contacts, events, days)[:80]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.views", description=__doc__)
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--frames", nargs="*", type=Path, default=[],
                        help="folders of CSV files written by `python -m analysis extract`")
    args = parser.parse_args(argv)
    rows = [measure(str(f), extract_folder(f)) for f in args.folders]
    rows += [measure(str(f), read_frames(f)) for f in args.frames]
    if not rows:
        parser.error("give a corpus folder or --frames OUT_DIR")
    with open("/proc/loadavg", encoding="ascii") as handle:
        load = handle.read().split()[:3]
    print(f"load average (1, 5, 15 min): {' '.join(load)}")
    for row in rows:
        print("\n".join(f"{k}: {v:.1f}" if isinstance(v, float) else f"{k}: {v}"
                        for k, v in row.items()))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
