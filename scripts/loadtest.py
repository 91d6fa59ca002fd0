"""Turns N concurrent browser sessions of the shared dashboard into page-time figures: each
session (a Playwright context in one headless Chromium) opens every page and changes a filter,
and the script prints how many page loads there were, how many failed, and the median and p95
page time.

    .venv/bin/python scripts/loadtest.py --docs 1000 --sessions 20 --seconds 600

Without ``--url`` it writes a synthetic corpus of ``--docs`` documents (``analysis.synth``,
under ``--work``; kept and reused), or takes ``--corpus DIR`` or an ingested ``--store DIR``,
and starts ``streamlit run app.py`` on it on a free port of
127.0.0.1 (the browser tests' ``serve``), then loads one page first so that the corpus is
extracted before the sessions start (that first load is reported on its own). With ``--url``
it drives a server already running on this machine; any other host is refused, and every
request a page makes to a host other than this machine is blocked and counted as an error.

A page time runs from the click (or the address typed) until the page's title and its main
element (the metrics, the map's canvas, the timeline, the statements table, the marked
document, the uploader) are drawn, Streamlit's running indicator is gone and no element is
stale, measured on the page's own clock (the page must then stay so for a second, which is
not counted: Streamlit shows its indicator only about half a second into a run). An error is a
page that shows a Streamlit exception, a console error or uncaught exception in the page, a
blocked request, or a page not drawn within ``--page-timeout``. No session starts a new step
after ``--seconds``.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import time
from contextlib import nullcontext
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "e2e")]

from e2e_helpers import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

#: (address, label in the sidebar, the page's title, its main element), in the sidebar's order.
PAGES = [
    ("/", "Overview", "Readout", '[data-testid="stMetric"]'),
    ("/map", "Map", "Map", '[data-testid="stDeckGlJsonChart"] canvas'),
    ("/timeline", "Contact timeline", "Contact timeline", ".js-plotly-plot"),
    ("/statements", "Statements", "Statements", '[data-testid="stDataFrame"]'),
    ("/documents", "Documents", "Documents", '[data-testid="stMainBlockContainer"] mark'),
    ("/upload", "Add documents", "Add documents", '[data-testid="stFileUploader"]'),
]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
LOCAL = ("http://localhost", "http://127.0.0.1", "ws://localhost", "ws://127.0.0.1", "data:",
         "blob:", "about:")


def percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile (nearest rank) of ``values``; 0.0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


#: In the page: ms from ``start`` until the page was ready (title and main element drawn, no
#: running indicator, no stale element) and stayed so for QUIET_MS; false until then.
#: Streamlit shows its running indicator about half a second into a run, and marks elements
#: stale as a run starts, so a page is taken as drawn only after a quiet spell.
READY = """([title, main, start, quiet]) => {
  const h1 = [...document.querySelectorAll('[data-testid="stMainBlockContainer"] h1')]
    .some(h => h.textContent.includes(title));
  const el = document.querySelector(main);
  const shown = !!el && el.getClientRects().length > 0;
  const busy = document.querySelector('[data-testid="stStatusWidget"]')
    || document.querySelector('[data-stale="true"]');
  const now = performance.now();
  if (busy || !h1 || !shown) { window.__readySince = null; return false; }
  if (window.__readySince == null) window.__readySince = now;
  return now - window.__readySince >= quiet ? Math.max(window.__readySince - start, 0) : false;
}"""
QUIET_MS = 1000


async def settle(page, title: str, main: str, start_ms: float, timeout_ms: float) -> float:
    """Wait until the page is drawn (see READY); return the seconds it took from ``start_ms``
    (the page's clock: 0 is the start of a navigation)."""
    await page.evaluate("() => { window.__readySince = null; }")
    handle = await page.wait_for_function(READY, arg=[title, main, start_ms, QUIET_MS],
                                          polling=50, timeout=timeout_ms)
    return await handle.json_value() / 1000


async def session(browser, base: str, n: int, args, deadline: float, results: dict) -> None:
    """One user: open the pages in turn (the first by address, the rest from the sidebar),
    then change the country filter on the last one."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    problems: list[str] = []

    async def block(route) -> None:
        problems.append(f"blocked request {route.request.url}")
        await route.abort()

    await context.route(lambda url: not url.startswith(LOCAL), block)
    page = await context.new_page()
    page.on("console", lambda m: problems.append(f"console {m.text[:200]}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error {str(e)[:200]}"))
    steps = PAGES[:args.pages] if args.pages else PAGES
    actions = [("page", p) for p in steps] + ([("filter", steps[-1])] if args.filter else [])
    try:
        for i, (kind, (path, label, title, main)) in enumerate(actions):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                results["skipped"] += len(actions) - i
                break
            timeout_ms = min(args.page_timeout, remaining + 5) * 1000
            problems.clear()
            name = label if kind == "page" else f"filter on {label}"
            elapsed = None
            try:
                if kind == "page" and i == 0:
                    started = 0.0  # the new document's clock starts with the navigation
                    await page.goto(base + path, timeout=timeout_ms)
                elif kind == "page":
                    started = await page.evaluate("performance.now()")
                    await page.get_by_test_id("stSidebarNav").get_by_text(
                        label, exact=True).click(timeout=timeout_ms)
                else:
                    box = page.get_by_test_id("stSidebar").get_by_test_id(
                        "stMultiSelect").filter(has_text="Countries")
                    await box.locator("input").click(timeout=timeout_ms)
                    options = page.get_by_role("option")
                    await options.first.wait_for(timeout=timeout_ms)
                    count = await options.count()
                    started = await page.evaluate("performance.now()")  # the pick is the action
                    await options.nth(n % max(count, 1)).click(timeout=timeout_ms)
                    await page.keyboard.press("Escape")
                    await page.wait_for_url("**country=**", timeout=timeout_ms)
                elapsed = await settle(page, title, main, started, timeout_ms)
                if await page.get_by_test_id("stException").count():
                    problems.append("a Streamlit exception on the page")
            except Exception as exc:  # a timeout or a page that broke: an error, not a crash
                problems.append(f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
            if elapsed is not None:
                results["times"].append((kind, name, elapsed))
            else:
                results["failed"] += 1
            if problems:
                results["errors"].append(f"session {n}, {name}: {'; '.join(problems[:3])}")
    finally:
        await context.close()


async def drive(base: str, args) -> dict:
    from playwright.async_api import async_playwright

    results: dict = {"times": [], "errors": [], "skipped": 0, "failed": 0}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                          args=CHROMIUM_ARGS)
        # the first load extracts the corpus (cached for every later session): timed apart
        warm = await browser.new_context()
        page = await warm.new_page()
        await page.goto(base + "/", timeout=args.warmup_timeout * 1000)
        results["first_load"] = await settle(page, "Readout", PAGES[0][3], 0.0,
                                             args.warmup_timeout * 1000)
        await warm.close()

        start = time.monotonic()
        deadline = start + args.seconds
        await asyncio.gather(*(session(browser, base, n, args, deadline, results)
                               for n in range(args.sessions)))
        results["wall"] = time.monotonic() - start
        await browser.close()
    return results


def machine() -> str:
    model = ""
    try:
        model = next((line.split(":", 1)[1].strip() for line in
                      Path("/proc/cpuinfo").read_text().splitlines()
                      if line.startswith("model name")), "")
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{os.cpu_count()} cores{', ' + model if model else ''}, Python "
            f"{platform.python_version()}, {platform.system()}; load average {load:.1f} at start")


def report(results: dict, args, corpus: str) -> dict:
    pages = [t for kind, _, t in results["times"] if kind == "page"]
    filters = [t for kind, _, t in results["times"] if kind == "filter"]
    everything = pages + filters
    by_page: dict[str, list[float]] = {}
    for kind, name, t in results["times"]:
        by_page.setdefault(name, []).append(t)
    summary = {
        "corpus": corpus, "docs": None if args.corpus or args.store or args.url else args.docs,
        "sessions": args.sessions, "machine": machine(),
        "first load, s": round(results["first_load"], 2),
        "page loads": len(pages), "filter changes": len(filters),
        "steps not drawn in time": results["failed"],
        "errors": len(results["errors"]), "steps skipped at the time limit": results["skipped"],
        "median page time, s": round(statistics.median(everything), 2) if everything else 0.0,
        "p95 page time, s": round(percentile(everything, 0.95), 2),
        "max page time, s": round(max(everything), 2) if everything else 0.0,
        "wall time, s": round(results["wall"], 1),
        "per page (median / p95 s)": {name: [round(statistics.median(ts), 2),
                                            round(percentile(ts, 0.95), 2)]
                                      for name, ts in by_page.items()},
    }
    width = max(len(k) for k in summary)
    for key, value in summary.items():
        if isinstance(value, dict):
            print(key)
            for name, (med, p95) in value.items():
                print(f"  {name:<{width - 2}}  {med:.2f} / {p95:.2f}")
        elif isinstance(value, float):
            print(f"{key:<{width}}  {value:.2f}")
        else:
            print(f"{key:<{width}}  {value}")
    for error in results["errors"][:10]:
        print("error:", error)
    summary["error messages"] = results["errors"]
    return summary


def build_parser() -> argparse.ArgumentParser:
    """The command line (every option is documented in README.md, tested)."""
    parser = argparse.ArgumentParser(prog="scripts/loadtest.py", description=__doc__.split(
        "\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=1000,
                        help="synthetic documents in the corpus (default 1000)")
    parser.add_argument("--corpus", help="a folder of documents instead of a synthetic corpus")
    parser.add_argument("--store", help="a data folder written by `python -m analysis ingest`: "
                                        "the pages read it (READOUT_STORE) instead of a corpus")
    parser.add_argument("--work", default="/tmp/readout-bench",
                        help="where synthetic corpora are kept (corpus-N; default "
                             "/tmp/readout-bench, shared with analysis.bench)")
    parser.add_argument("--url", help="drive a dashboard already running on this machine")
    parser.add_argument("--sessions", type=int, default=20, help="concurrent sessions (20)")
    parser.add_argument("--pages", type=int, default=0,
                        help="pages each session opens (default 0: all six)")
    parser.add_argument("--no-filter", dest="filter", action="store_false",
                        help="do not change the country filter after the pages")
    parser.add_argument("--seconds", type=float, default=600,
                        help="no new step starts after this many seconds (600)")
    parser.add_argument("--page-timeout", type=float, default=120,
                        help="a page not drawn within this many seconds is an error (120)")
    parser.add_argument("--warmup-timeout", type=float, default=900,
                        help="seconds allowed for the first load, which extracts the corpus")
    parser.add_argument("--json", help="also write the figures to this JSON file")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)

    if args.url:
        host = urlparse(args.url).hostname
        if host not in LOOPBACK:
            parser.error(f"--url must be on this machine (127.0.0.1 or localhost), not {host}")
        corpus = "(the server's)"
        server = nullcontext(args.url.rstrip("/"))
    else:
        if args.store:
            corpus = f"store {Path(args.store).resolve()}"
        elif args.corpus:
            corpus = str(Path(args.corpus).resolve())
        else:
            from analysis.synth import write_corpus

            folder = Path(args.work) / f"corpus-{args.docs}"
            start = time.monotonic()
            write_corpus(folder, args.docs)
            print(f"corpus: {args.docs:,} synthetic documents in {folder} "
                  f"({time.monotonic() - start:.1f} s to write or check)", flush=True)
            corpus = str(folder)
        env = ({"READOUT_STORE": str(Path(args.store).resolve())} if args.store
               else {"READOUT_CORPUS": corpus})
        server = serve(env, log="streamlit-loadtest")
    with server as base:
        results = asyncio.run(drive(base, args))
    summary = report(results, args, corpus)
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return 1 if summary["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
