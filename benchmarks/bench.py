"""Measures Readout at scale and prints the figures: synthetic corpora of N documents in, ingest
throughput, peak memory, store size, data-layer latency and page render times out.

    python -m benchmarks.bench --sizes 1000,10000 [--work /tmp/readout-bench] [--workers N]

For each size N it writes (or reuses) N synthetic documents (``benchmarks.synth``) and N documents
of real text (``benchmarks.realtext``: three readouts of ``../shared/corpus`` each, when that
folder is there; ``--real-source``), then, each in a child process watched for peak memory
(resident set of the process and its workers):

1. the engine alone: ``extract_document`` over up to 500 documents already in memory; then
   ``python -m analysis extract`` on every core, on the synthetic and on the real-text corpus,
   and ``ingest`` on the real-text corpus (wall seconds, and the CPU seconds of all processes);
2. ingest with one process (``--workers 1``) and with every core, into two stores, and checks
   that the two stores hold the same rows (order-independent checksums);
3. a re-ingest of the unchanged corpus (the incremental path) and its share of the first;
4. the data layer (``analysis.store.query``) on the store: for the filters each page uses,
   ``load`` (open + options), ``filter`` (rows), ``aggregate`` and ``export`` (the download's
   CSV): median and p95 over ``--repeat`` runs;
5. each dashboard page rendered in ``streamlit.testing.v1.AppTest`` reading the store
   (``READOUT_STORE``), as a deployment would: the first load (cold caches), then each page.

``--pages-only`` measures step 5 again on the stores an earlier run left in WORK (with the code
as it is now), and merges the figures into ``WORK/results.json``.

``--pathological`` measures the engine on pathological inputs instead (``benchmarks.pathological``:
CPU seconds per 100 KB, and 100 KB against 10 KB), and prints their table.

Figures are printed as Markdown tables and written to ``WORK/results.json``. Nothing here is a
unit test: timings depend on the machine and on what else runs on it.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: The code the children run: a snapshot of ROOT taken when the benchmark starts, so that
#: edits made to the working tree meanwhile (the engine changes often) do not mix two engines
#: into one run (``--no-snapshot`` runs the working tree itself).
CODE = ROOT

_SNAPSHOT = ("analysis", "benchmarks", "dashboard", "pages", "static", "app.py", "seeds",
             ".streamlit")


def snapshot(work: Path) -> Path:
    """Copy the code under test into ``WORK/code`` (replacing an older copy); returns it."""
    import shutil

    target = work / "code"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for name in _SNAPSHOT:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns(
                "__pycache__", "secrets.toml"))
        elif source.exists():
            shutil.copy2(source, target / name)
    return target

#: The filters each page of the dashboard uses, as query-layer calls (name, page, kind, call):
#: what ``dashboard.view`` asks for those pages.
_QUERY_CHILD = r'''
import json, sys, time, statistics, resource
from datetime import date
from analysis.store.database import Store
from analysis.store import query as q
from dashboard.csv_export import to_csv_bytes

store = Store(sys.argv[1]); repeat = int(sys.argv[2])
F = q.Filters
with store.reader() as con:
    lo, hi = con.execute("SELECT min(date), max(date) FROM documents WHERE date <> ''").fetchall()[0]
    top = [r[0] for r in con.execute("SELECT iso3 FROM countries GROUP BY 1 ORDER BY count(*) DESC LIMIT 2").fetchall()] or ["RUS"]
    speaker = (con.execute("SELECT speaker FROM statements GROUP BY 1 ORDER BY count(*) DESC LIMIT 1").fetchall() or [[""]])[0][0]
    doc = con.execute("SELECT doc_id FROM documents ORDER BY path LIMIT 1").fetchall()[0][0]
hi_d = date.fromisoformat(hi) if hi else date(2026, 1, 1)
month = F(start=date(hi_d.year, hi_d.month, 1), end=hi_d)
one = F(countries=(top[0],))
mixed = F(start=date(hi_d.year, 1, 1), end=hi_d, countries=tuple(top), channels=("phone", "meeting"))
none = F()
calls = [
  ("overview", "load", lambda: q.options(store)),
  ("overview", "aggregate", lambda: q.count_rows(store, none)),
  ("overview", "aggregate", lambda: q.count_rows(store, mixed)),
  ("overview", "aggregate", lambda: q.date_bounds(store, one)),
  ("overview", "filter", lambda: q.rows(store, "contacts", one, limit=10)),
  ("overview", "filter", lambda: q.rows(store, "documents", month, limit=1000)),
  ("map", "aggregate", lambda: q.country_totals(store, none)),
  ("map", "aggregate", lambda: q.country_totals(store, mixed)),
  ("map", "aggregate", lambda: q.date_bounds(store, mixed)),
  ("map", "filter", lambda: q.rows(store, "countries", one, limit=1000)),
  ("timeline", "aggregate", lambda: q.per_day(store, month)),
  ("timeline", "aggregate", lambda: q.per_day(store, one)),
  ("timeline", "filter", lambda: q.rows(store, "contacts", mixed, limit=1000)),
  ("timeline", "filter", lambda: q.rows(store, "events", one, limit=1000)),
  ("statements", "filter", lambda: q.rows(store, "statements", one, limit=1000)),
  ("statements", "filter", lambda: q.rows(store, "statements", month, search="restraint", limit=1000)),
  ("statements", "filter", lambda: q.rows(store, "statements", none, speakers=[speaker], kinds=["direct"], limit=1000)),
  ("documents", "filter", lambda: q.rows(store, "documents", one, limit=1000)),
  ("documents", "filter", lambda: q.rows(store, "documents", mixed, limit=1000)),
  ("documents", "filter", lambda: q.document_rows(store, doc)),
  ("export", "export", lambda: to_csv_bytes(q.rows(store, "contacts", mixed), "contacts")),
  ("export", "export", lambda: to_csv_bytes(q.rows(store, "statements", month), "statements")),
]
out = []
for page, kind, call in calls:
    call()  # warm the OS cache once
    times, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        result = call()
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)  # every thread of this process
    rows = len(result) if hasattr(result, "__len__") else 0
    out.append({"page": page, "kind": kind, "ms": times, "cpu_ms": cpu, "rows": rows})
print(json.dumps({"calls": out, "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
'''

_PAGES_CHILD = r'''
import json, os, sys, time, resource
from pathlib import Path
from streamlit.testing.v1 import AppTest
root = Path(sys.argv[1])
pages = ["pages/overview.py", "pages/map.py", "pages/timeline.py", "pages/network.py",
         "pages/statements.py", "pages/documents.py"]
out, cpu = {}, {}
t, c = time.perf_counter(), time.process_time()
at = AppTest.from_file(str(root / "app.py"), default_timeout=float(sys.argv[2]))
at.run()
out["first load (overview, cold cache)"] = time.perf_counter() - t
cpu["first load (overview, cold cache)"] = time.process_time() - c
errors = [e.value for e in at.exception]


def render_each(suffix=""):
    """Switch to each page in turn and time its run (wall and CPU seconds of this process)."""
    global errors
    for page in pages:
        if not (root / page).exists():
            continue
        t, c = time.perf_counter(), time.process_time()
        at.switch_page(str(root / page))
        at.run()
        out[page + suffix] = time.perf_counter() - t
        cpu[page + suffix] = time.process_time() - c
        errors += [e.value for e in at.exception]


render_each()
# the same pages filtered to a country and a month (first render of each filter set)
import datetime
at.session_state["country"] = ["Qatar"]
at.session_state["from"] = datetime.date(2026, 3, 1)
at.session_state["to"] = datetime.date(2026, 3, 31)
render_each(" (Qatar, March)")
at.switch_page(str(root / "pages/statements.py"))
at.run()
t, c = time.perf_counter(), time.process_time()
at.text_input(key="q").input("ceasefire").run()
out["pages/statements.py (Qatar, March, search)"] = time.perf_counter() - t
cpu["pages/statements.py (Qatar, March, search)"] = time.process_time() - c
errors += [e.value for e in at.exception]
print(json.dumps({"pages": out, "pages_cpu": cpu, "errors": errors[:3],
                  "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
'''

_ENGINE_CHILD = r'''
import json, sys, time
from benchmarks.synth import synthetic_document
from analysis.engine.documents import parse_text
from analysis.engine.pipeline import extract_document
n = int(sys.argv[1])
docs = [parse_text(synthetic_document(i), path=f"{i}.txt") for i in range(n)]
extract_document(docs[0])  # load the tables once
t = time.perf_counter()
for d in docs:
    extract_document(d)
dt = time.perf_counter() - t
print(json.dumps({"docs": n, "seconds": dt, "words": sum(d.words for d in docs)}))
'''


def run_watched(command: list[str], *, env: dict | None = None,
                timeout: float | None = None) -> tuple[float, float, str, str, int]:
    """Run a child; return (seconds, peak RSS of it and its children in MB, stdout, stderr,
    exit code)."""
    import psutil

    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=CODE, env={**os.environ, "PYTHONPATH": str(CODE),
                                           **(env or {})})
    peak = [0.0]
    done = threading.Event()

    def watch() -> None:
        try:
            parent = psutil.Process(proc.pid)
        except psutil.Error:
            return
        while not done.is_set():
            try:
                total = parent.memory_info().rss
                for child in parent.children(recursive=True):
                    try:
                        total += child.memory_info().rss
                    except psutil.Error:
                        pass
                peak[0] = max(peak[0], total / 2**20)
            except psutil.Error:
                break
            done.wait(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    done.set()
    watcher.join()
    return time.perf_counter() - started, peak[0], out, err, proc.returncode


def _store_figures(data: Path) -> dict:
    from analysis.store.database import Store, table_checksum  # the store, not the engine

    store = Store(data)
    with store.reader() as con:
        names = json.loads(con.execute("SELECT value FROM _meta WHERE key = 'frames'").fetchone()[0])
        rows = {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
        words = con.execute("SELECT coalesce(sum(words), 0) FROM documents").fetchone()[0]
        sums = {n: table_checksum(con, n) for n in names}
    return {"rows": rows, "words": int(words), "checksums": sums,
            "bytes": store.path.stat().st_size}


def _ingest(corpus: Path, data: Path, workers: int | None, *, full: bool = True) -> dict:
    command = [sys.executable, "-m", "analysis", "ingest", str(corpus), "--data", str(data),
               "--quiet"] + (["--workers", str(workers)] if workers else []) + (
        ["--full"] if full else [])
    seconds, peak, out, err, code = run_watched(command)
    if code != 0:
        raise SystemExit(f"ingest failed ({code}): {err.strip()[-500:]}")
    return {"seconds": seconds, "peak_mb": peak, "summary": out.strip()}


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def bench_size(n: int, work: Path, *, workers: int, repeat: int, pages_max: int,
               single_max: int, real_source: Path | None = None) -> dict:
    """All the figures for one corpus size."""
    from benchmarks.synth import write_corpus

    result: dict = {"documents": n}
    corpus = work / f"corpus-{n}"
    t = time.perf_counter()
    write_corpus(corpus, n)
    result["generate_s"] = time.perf_counter() - t
    print(f"\n## {n:,} documents (corpus ready in {result['generate_s']:.1f} s)", flush=True)

    sample = min(n, 500)
    _, _, out, err, code = run_watched([sys.executable, "-c", _ENGINE_CHILD, str(sample)])
    if code == 0:
        engine = json.loads(out)
        result["engine_docs_per_s"] = engine["docs"] / engine["seconds"]
        result["engine_words_per_s"] = engine["words"] / engine["seconds"]
        print(f"engine alone: {result['engine_docs_per_s']:,.0f} docs/s, "
              f"{result['engine_words_per_s']:,.0f} words/s (one core, {sample} docs)", flush=True)
    else:
        print(f"engine alone failed: {err.strip()[-300:]}", flush=True)

    bench_commands(result, corpus, work, workers=workers, real_source=real_source)

    runs = {}
    if n <= single_max:
        runs["one process"] = _ingest(corpus, work / f"store-{n}-1", 1)
    runs["all cores"] = _ingest(corpus, work / f"store-{n}", workers)
    runs["re-ingest, unchanged"] = _ingest(corpus, work / f"store-{n}", workers, full=False)
    figures = _store_figures(work / f"store-{n}")
    docs, words = figures["rows"]["documents"], figures["words"]
    result["rows"], result["store_mb"] = figures["rows"], figures["bytes"] / 2**20
    result["ingest"] = {}
    for label, run in runs.items():
        run["docs_per_s"] = n / run["seconds"]
        run["words_per_s"] = words / run["seconds"]
        result["ingest"][label] = run
        print(f"ingest, {label}: {run['seconds']:.1f} s, {run['docs_per_s']:,.0f} files/s, "
              f"{run['words_per_s']:,.0f} words/s, peak {run['peak_mb']:,.0f} MB\n  {run['summary']}", flush=True)
    first = runs["all cores"]["seconds"]
    result["reingest_share"] = runs["re-ingest, unchanged"]["seconds"] / first
    print(f"re-ingest / first ingest: {result['reingest_share']:.1%}", flush=True)
    if "one process" in runs:
        single = _store_figures(work / f"store-{n}-1")
        result["stores_identical"] = single["checksums"] == figures["checksums"]
        print(f"one-process store == all-core store: {result['stores_identical']}", flush=True)
    print(f"store: {result['store_mb']:.1f} MB, {docs:,} documents, {words:,} words, rows "
          + ", ".join(f"{k} {v:,}" for k, v in figures["rows"].items()), flush=True)

    bench_queries(result, work, repeat=repeat)

    if n <= pages_max:
        bench_pages(result, work)
    else:
        print(f"pages: skipped (above --pages-max {pages_max:,} documents)", flush=True)
    return result


def bench_commands(result: dict, corpus: Path, work: Path, *, workers: int,
                   real_source: Path | None) -> dict:
    """``extract`` on the synthetic corpus, ``extract`` and ``ingest`` on a real-text corpus of
    the same size (in place, under ``result["commands"]``)."""
    from benchmarks import realtext

    n = result["documents"]
    result["commands"] = {"synthetic": {}, "real text": {}}
    run = realtext.measure(corpus, work, n=n, workers=workers, code=CODE, label="synthetic",
                           commands=("extract",))
    result["commands"]["synthetic"] = run
    if real_source is None or not real_source.is_dir():
        print(f"real text: skipped ({real_source} is not a folder of readouts)", flush=True)
        return result
    real = realtext.write_corpus(work / f"real-{n}", real_source, n)
    result["commands"]["real text"] = realtext.measure(real, work, n=n, workers=workers,
                                                       code=CODE, label="real text")
    return result


def bench_queries(result: dict, work: Path, *, repeat: int) -> dict:
    """The data-layer calls each page needs, on the store of ``result``'s size (in place)."""
    _, peak, out, err, code = run_watched([sys.executable, "-c", _QUERY_CHILD,
                                           str(work / f"store-{result['documents']}"), str(repeat)])
    if code != 0:
        print(f"data layer failed: {err.strip()[-500:]}", flush=True)
    else:
        calls = json.loads(out.strip().splitlines()[-1])  # DuckDB may print progress first
        result["query_peak_mb"] = calls["maxrss_mb"]
        kinds: dict[str, list[float]] = {}
        kinds_cpu: dict[str, list[float]] = {}
        pages: dict[str, list[float]] = {}
        for call in calls["calls"]:
            kinds.setdefault(call["kind"], []).extend(call["ms"])
            kinds_cpu.setdefault(call["kind"], []).extend(call.get("cpu_ms", []))
            pages.setdefault(call["page"], []).extend(call["ms"])
        result["latency_ms"] = {k: {"median": statistics.median(v), "p95": _pct(v, 0.95)}
                                for k, v in kinds.items()}
        result["latency_cpu_ms"] = {k: {"median": statistics.median(v), "p95": _pct(v, 0.95)}
                                    for k, v in kinds_cpu.items() if v}
        result["page_queries_ms"] = {k: {"median": statistics.median(v), "p95": _pct(v, 0.95)}
                                     for k, v in pages.items()}
        result["slowest_call"] = max(((c["page"], c["kind"], _pct(c["ms"], 0.95))
                                      for c in calls["calls"]), key=lambda x: x[2])
        print("data layer (ms): " + "; ".join(
            f"{k} median {v['median']:.1f}, p95 {v['p95']:.1f}"
            for k, v in result["latency_ms"].items())
            + f"; peak {result['query_peak_mb']:.0f} MB", flush=True)
    return result


def bench_pages(result: dict, work: Path) -> dict:
    """Render every page in AppTest against the store of ``result``'s size (in place)."""
    n = result["documents"]
    if not (CODE / "app.py").exists():
        return result
    seconds, peak, out, err, code = run_watched(
        [sys.executable, "-c", _PAGES_CHILD, str(CODE), "600"],
        env={"READOUT_STORE": str(work / f"store-{n}"),
             "READOUT_CORPUS": str(work / f"corpus-{n}")}, timeout=1800)
    if code == 0:
        pages = json.loads(out.strip().splitlines()[-1])
        result["pages_s"] = pages["pages"]
        result["pages_cpu_s"] = pages.get("pages_cpu", {})
        result["pages_peak_mb"] = peak
        result["pages_errors"] = pages["errors"]
        print(f"pages at {n:,} (s): " + ", ".join(f"{k} {v:.2f}" for k, v in pages["pages"].items())
              + f"; peak {peak:,.0f} MB" + (f"; errors {pages['errors']}" if pages["errors"]
                                             else ""), flush=True)
    else:
        print(f"pages failed: {err.strip()[-500:]}", flush=True)
    return result


def machine() -> str:
    """One line naming the machine the figures come from."""
    import psutil

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{os.cpu_count()} cores ({cpu}), {psutil.virtual_memory().total / 2**30:.0f} GB "
            f"RAM, Python {platform.python_version()}, {platform.system()}")


def table(results: list[dict]) -> str:
    """The figures as one Markdown table, one column per corpus size."""
    def get(r, *keys, fmt="{:,.0f}"):
        value = r
        for key in keys:
            if not isinstance(value, dict) or key not in value:
                return "n/a"
            value = value[key]
        return fmt.format(value)

    rows = [
        ("engine alone, docs/s per core", lambda r: get(r, "engine_docs_per_s")),
        ("extract, all cores: docs/s, synthetic", lambda r: get(
            r, "commands", "synthetic", "extract", "docs_per_s")),
        ("extract, all cores: docs/s, real text", lambda r: get(
            r, "commands", "real text", "extract", "docs_per_s")),
        ("extract, real text: docs per CPU-second (all processes)", lambda r: get(
            r, "commands", "real text", "extract", "cpu_docs_per_s")),
        ("ingest --full, all cores: docs/s, real text", lambda r: get(
            r, "commands", "real text", "ingest", "docs_per_s")),
        ("ingest, one process: docs/s", lambda r: get(r, "ingest", "one process", "docs_per_s")),
        ("ingest, one process: words/s", lambda r: get(r, "ingest", "one process", "words_per_s")),
        ("ingest, all cores: seconds", lambda r: get(r, "ingest", "all cores", "seconds",
                                                      fmt="{:,.1f}")),
        ("ingest, all cores: docs/s", lambda r: get(r, "ingest", "all cores", "docs_per_s")),
        ("ingest, all cores: words/s", lambda r: get(r, "ingest", "all cores", "words_per_s")),
        ("ingest peak memory, MB (all processes)", lambda r: get(r, "ingest", "all cores",
                                                                  "peak_mb")),
        ("re-ingest unchanged: seconds", lambda r: get(r, "ingest", "re-ingest, unchanged",
                                                        "seconds", fmt="{:,.2f}")),
        ("re-ingest / first ingest", lambda r: get(r, "reingest_share", fmt="{:.1%}")),
        ("one-process store == all-core store", lambda r: str(r.get("stores_identical", "n/a"))),
        ("store size, MB", lambda r: get(r, "store_mb", fmt="{:,.1f}")),
        ("contacts / statements / events rows", lambda r: "{:,} / {:,} / {:,}".format(
            *(r.get("rows", {}).get(k, 0) for k in ("contacts", "statements", "events")))),
    ]
    for kind in ("load", "filter", "aggregate", "export"):
        rows.append((f"data layer {kind}: median / p95 ms (CPU ms)", lambda r, k=kind: (
            get(r, "latency_ms", k, "median", fmt="{:,.1f}") + " / "
            + get(r, "latency_ms", k, "p95", fmt="{:,.1f}") + " ("
            + get(r, "latency_cpu_ms", k, "median", fmt="{:,.1f}") + " / "
            + get(r, "latency_cpu_ms", k, "p95", fmt="{:,.1f}") + ")")))
    rows.append(("data layer process peak memory, MB", lambda r: get(r, "query_peak_mb")))
    page_names = sorted({p for r in results for p in r.get("pages_s", {})})
    for page in page_names:
        rows.append((f"page render (AppTest): {page}, s (CPU s)",
                     lambda r, p=page: get(r, "pages_s", p, fmt="{:,.2f}") + " ("
                     + get(r, "pages_cpu_s", p, fmt="{:,.2f}") + ")"))
    rows.append(("dashboard (AppTest) peak memory, MB", lambda r: get(r, "pages_peak_mb")))
    head = "| figure | " + " | ".join(f"{r['documents']:,} docs" for r in results) + " |"
    sep = "|---|" + "---:|" * len(results)
    body = ["| " + label + " | " + " | ".join(f(r) for r in results) + " |" for label, f in rows]
    return "\n".join([head, sep, *body])


def main(argv: list[str] | None = None) -> int:
    """``python -m benchmarks.bench``: see the module docstring."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench", description=__doc__.split(
        "\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="corpus sizes, comma-separated (default 1000,10000,100000)")
    parser.add_argument("--work", default="/tmp/readout-bench",
                        help="folder for the corpora and stores (reused between runs)")
    parser.add_argument("--workers", type=int, default=None, help="default: every core")
    parser.add_argument("--repeat", type=int, default=20, help="runs per data-layer query")
    parser.add_argument("--pages-max", type=int, default=10**9,
                        help="render pages in AppTest up to this many documents (default: all)")
    parser.add_argument("--pages-only", action="store_true",
                        help="only render the pages again, on the stores of an earlier run")
    parser.add_argument("--measure-only", action="store_true",
                        help="only the data layer and the pages, on the stores of an earlier run")
    parser.add_argument("--single-max", type=int, default=100_000,
                        help="also ingest with one process up to this many documents")
    parser.add_argument("--real-source", type=Path, default=ROOT.parent / "shared" / "corpus",
                        help="readouts composed into the real-text corpus (default "
                             "../shared/corpus)")
    parser.add_argument("--pathological", action="store_true",
                        help="only measure the engine on pathological inputs (10 and 100 KB)")
    parser.add_argument("--pathological-timeout", type=float, default=120.0,
                        help="seconds before one pathological input is stopped (default 120)")
    parser.add_argument("--no-snapshot", action="store_true",
                        help="run the working tree, not a copy taken at the start")
    args = parser.parse_args(argv)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    global CODE
    CODE = ROOT if args.no_snapshot else snapshot(work)
    print(f"# Readout benchmark\nmachine: {machine()}\ncode: {CODE}", flush=True)
    if args.pathological:
        from benchmarks import pathological

        pathological.run([10, 100], timeout=args.pathological_timeout, code=CODE)
        return 0
    if args.pages_only or args.measure_only:
        path = work / "results.json"
        saved = json.loads(path.read_text()) if path.exists() else {"results": []}
        sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
        known = {r["documents"]: r for r in saved["results"]}
        for n in sizes:
            if not (work / f"store-{n}").exists():
                continue
            result = known.get(n)
            if result is None:  # an earlier run stopped before saving this size
                figures = _store_figures(work / f"store-{n}")
                result = {"documents": n, "rows": figures["rows"],
                          "store_mb": figures["bytes"] / 2**20}
                saved["results"].append(result)
            if args.measure_only:
                bench_queries(result, work, repeat=args.repeat)
            bench_pages(result, work)
            saved["results"].sort(key=lambda r: r["documents"])
            path.write_text(json.dumps(saved, indent=1, default=str))
        print("\n" + table(saved["results"]))
        return 0
    results = []
    for size in [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]:
        results.append(bench_size(size, work, workers=args.workers or os.cpu_count() or 1,
                                  repeat=args.repeat, pages_max=args.pages_max,
                                  single_max=args.single_max, real_source=args.real_source))
        (work / "results.json").write_text(json.dumps({"machine": machine(), "results": results},
                                                      indent=1, default=str))
    print("\n" + table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
