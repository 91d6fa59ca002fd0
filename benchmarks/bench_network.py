"""Measures who talks to whom on a store and prints the figures: the query layer's edges
(``network_edges``, by actors and by countries), the exchanges' counts, and the graph the page
draws (networkx: the busiest nodes, layout, betweenness, brokers, matrix), unfiltered and for a
country; then the "Who talks to whom" page rendered in AppTest (first render, filtered render).

    python -m benchmarks.bench_network STORE_DIR [--repeat 5]

Wall-clock and CPU seconds (``time.process_time``: this process, DuckDB's threads included),
median over ``--repeat`` runs after one warm-up; the page's renders are single runs. Nothing
here is a unit test: figures depend on the machine and its load.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _timed(call, repeat: int) -> tuple[float, float, object]:
    call()  # warm-up: the store's pages in the cache, as a running dashboard has them
    walls, cpus, answer = [], [], None
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        answer = call()
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus), answer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_network")
    parser.add_argument("store", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--country", default="QAT")
    args = parser.parse_args(argv)

    from analysis.store import query
    from analysis.store.database import Store
    from analysis.store.query import Filters
    from dashboard import network

    store = Store(args.store)
    rows = [("documents", None, None, query.count_rows(store)["documents"])]
    for label, filters in (("all", Filters()), (args.country, Filters(countries=(args.country,)))):
        wall, cpu, counts = _timed(lambda f=filters: query.count_rows(store, f), args.repeat)
        rows.append((f"count_rows ({label})", wall, cpu,
                     f"{counts['exchanges']:,} exchanges in {counts['reports']:,} reports"))
        for by in ("actors", "countries"):
            wall, cpu, edges = _timed(lambda f=filters, b=by: query.network_edges(store, f, by=b),
                                      args.repeat)
            rows.append((f"network_edges by {by} ({label})", wall, cpu, f"{len(edges):,} pairs"))

            def drawn(e=edges):
                g = network.graph(e)
                return g, network.figure(g, network.layout(g)), network.measures(g), \
                    network.brokers(g), network.matrix(e) if by == "countries" else None

            wall, cpu, out = _timed(drawn, args.repeat)
            rows.append((f"graph, layout, measures, brokers by {by} ({label})", wall, cpu,
                         f"{out[0].number_of_nodes()} nodes, {len(out[3])} brokers"))

    from streamlit.testing.v1 import AppTest

    os.environ["READOUT_STORE"] = str(args.store)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.run()
    for label, state in (("first render", {}), (f"{args.country} filter", {"country": None})):
        if state:
            from analysis.engine.gazetteer import country_name
            at.session_state["country"] = [country_name(args.country)]
        t, c = time.perf_counter(), time.process_time()
        at.switch_page(str(ROOT / "pages" / "network.py"))
        at.run()
        rows.append((f"page render: network ({label})", time.perf_counter() - t,
                     time.process_time() - c,
                     "errors: " + "; ".join(str(e.value) for e in at.exception) if at.exception
                     else "no error"))
    print("| figure | wall s | CPU s | |\n|---|---:|---:|---|")
    for name, wall, cpu, note in rows:
        if wall is None:
            print(f"| {name} | | | {note:,} |")
        else:
            print(f"| {name} | {wall:.3f} | {cpu:.3f} | {note} |")
    print(f"load average: {os.getloadavg()[0]:.1f} (1 min), {os.cpu_count()} cores",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
