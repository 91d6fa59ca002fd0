"""Turns N concurrent sessions of the shared dashboard into page-time figures: each session
opens every page and changes filters, and the script prints how many page loads there were, how
many failed, and the median and p95 page time.

    .venv/bin/python scripts/loadtest.py --docs 1000 --sessions 20 --seconds 600

Two kinds of client (``--client``):

``protocol`` (the default) measures the server. Each session is a real Streamlit session opened
over Streamlit's own websocket protocol, as the browser's JavaScript opens it, with no browser:
``GET /_stcore/health`` for the ``_streamlit_xsrf`` cookie, then a websocket to
``/_stcore/stream`` with the subprotocols ``streamlit, <that token>``, the cookie and a
same-origin ``Origin``. A page load is a ``BackMsg`` ``rerun_script`` (the address's query string
and the page: by ``page_name``, the URL path, for the session's first load as when an address is
typed; by the ``page_script_hash`` from the server's ``navigation`` message afterwards, as a
click in the sidebar; the cached-message hashes the session holds, as the browser's cache),
timed until the ``script_finished`` ``ForwardMsg``. A filter change is a rerun of the current
page with a widget's new value (``widget_states``, the widget found by its label in the last
run's elements), as the browser sends it when a filter is picked; the query string the server
sends back (``page_info_changed``) is the address used from then on. Each session loops over
the pages, changing one filter a round (a country on the overview, the last month on the
timeline, a search on the statements; each clears the sidebar filters the others set) until
``--seconds`` is over. An error is an exception element in a run's output, a compile error, a
page not found, a disconnect, or no ``script_finished`` within ``--page-timeout`` (the session
then reconnects). Page time is the server's time to run the page and send it, not drawing
time. The server's peak resident memory (``VmHWM``) and CPU seconds are read from /proc when
the script started the server.

``browser`` measures what a user sees, browsers included: N Playwright contexts in one headless
Chromium, each opening every page once and then changing the country filter (below). On a
small machine the browsers (software WebGL for the map) take most of the CPU, so its figures
are mostly the browsers'.

Without ``--url`` it writes a synthetic corpus of ``--docs`` documents (``benchmarks.synth``,
under ``--work``; kept and reused), or takes ``--corpus DIR`` or an ingested ``--store DIR``,
and starts ``streamlit run app.py`` on it on a free port of 127.0.0.1 (the browser tests'
``serve``), then loads one page first so that the corpus is extracted before the sessions
start (that first load is reported on its own). With ``--url`` it drives a server already
running on this machine; any other host is refused, and (browser client) every request a page
makes to a host other than this machine is blocked and counted as an error.

For the browser client, a page time runs from the click (or the address typed) until the
page's title and its main element (the metrics, the map's canvas, the timeline, the statements
table, the marked document, the uploader) are drawn, Streamlit's running indicator is gone and
no element is stale, measured on the page's own clock (the page must then stay so for a
second, which is not counted: Streamlit shows its indicator only about half a second into a
run). An error is a page that shows a Streamlit exception, a console error or uncaught
exception in the page, a blocked request, or a page not drawn within ``--page-timeout``. No
session (of either client) starts a new step after ``--seconds``.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import statistics
import sys
import time
import urllib.request
from contextlib import nullcontext
from datetime import date, timedelta
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

    results: dict = {"times": [], "errors": [], "skipped": 0, "failed": 0,
                     "load_start": load_average()}
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


# --- the protocol client: Streamlit sessions over its websocket, no browser -----------------

#: The filter changed in a round: (kind, the page it is changed on). Each clears the sidebar
#: filters the others set, so a session's pages do not narrow round after round.
FILTERS = [("country", "/"), ("dates", "/timeline"), ("search", "/statements")]
#: Words searched on the statements page (the synthetic corpus's and the seeds' words).
SEARCHES = ["talks", "ceasefire", '"foreign minister"', "sanctions", "humanitarian"]


class StreamlitSession:
    """One Streamlit session over ``/_stcore/stream``, as the browser's JavaScript opens it."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.ws = None
        self.hashes: dict[str, str] = {}     # url path ("" for the default page) -> hash
        self.query = ""                      # the address's query string
        self.cached: set[str] = set()        # hashes of cacheable messages received
        self.widgets: dict[str, tuple[str, str]] = {}  # label -> (element type, widget id)
        self.options: dict[str, list[str]] = {}       # multiselect label -> options
        self.helps: dict[str, str] = {}               # date input label -> help text
        self.runs = 0

    async def open(self, timeout: float) -> None:
        from websockets.asyncio.client import connect

        parts = urlparse(self.base)
        origin = f"{parts.scheme}://{parts.netloc}"

        def xsrf() -> str | None:
            # the cookie the browser gets with the page; no proxy: loopback only
            opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
            with opener.open(self.base + "/_stcore/health", timeout=timeout) as answer:
                for header in answer.headers.get_all("Set-Cookie") or []:
                    name, _, rest = header.partition("=")
                    if name.strip() == "_streamlit_xsrf":
                        return rest.split(";", 1)[0]
            return None

        token = await asyncio.to_thread(xsrf)
        ws_url = ("wss" if parts.scheme == "https" else "ws") + "://" + parts.netloc + \
            parts.path.rstrip("/") + "/_stcore/stream"
        self.ws = await connect(
            ws_url, origin=origin, subprotocols=["streamlit"] + ([token] if token else []),
            additional_headers={"Cookie": f"_streamlit_xsrf={token}"} if token else None,
            proxy=None, max_size=None, compression=None, open_timeout=timeout,
            ping_interval=None)
        self.runs = 0
        self.cached.clear()

    async def close(self) -> None:
        if self.ws is not None:
            try:
                await asyncio.wait_for(self.ws.close(), 5)
            except Exception:  # noqa: BLE001 - already gone
                pass
            self.ws = None

    async def run(self, path: str, timeout: float,
                  widgets: dict[str, list[str] | str] | None = None) -> tuple[float, list[str]]:
        """Run the page at ``path`` (``/map``), with ``widgets`` (label -> new value) changed;
        return the seconds until ``script_finished`` and the problems seen."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        back = BackMsg()
        state = back.rerun_script
        state.query_string = self.query
        url_path = path.strip("/")
        if self.runs and url_path in self.hashes:
            state.page_script_hash = self.hashes[url_path]  # a click in the sidebar
        else:
            state.page_name = url_path  # an address typed
        state.cached_message_hashes.extend(sorted(self.cached))
        for label, value in (widgets or {}).items():
            kind, widget_id = self.widgets[label]
            one = state.widget_states.widgets.add()
            one.id = widget_id
            if isinstance(value, str):
                one.string_value = value
            else:
                one.string_array_value.SetInParent()
                one.string_array_value.data.extend(value)
        problems: list[str] = []
        started = time.monotonic()
        await self.ws.send(back.SerializeToString())
        self.runs += 1
        end = started + timeout
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), max(end - time.monotonic(), 0.001))
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            if msg.metadata.cacheable and msg.hash:
                self.cached.add(msg.hash)
            kind = msg.WhichOneof("type")
            if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                self.element(msg.delta.new_element, problems)
            elif kind == "navigation":
                self.hashes = {p.url_pathname: p.page_script_hash
                               for p in msg.navigation.app_pages}
            elif kind == "page_info_changed":
                self.query = msg.page_info_changed.query_string
            elif kind == "page_not_found":
                problems.append(f"page not found: {msg.page_not_found.page_name!r}")
            elif kind == "session_event" and msg.session_event.HasField(
                    "script_compilation_exception"):
                ex = msg.session_event.script_compilation_exception
                problems.append(f"compile error {ex.type}: {ex.message[:200]}")
            elif kind == "script_finished":
                status = ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished)
                if status == "FINISHED_EARLY_FOR_RERUN":
                    continue  # the app reran itself (st.rerun, a callback): wait for that run
                if status == "FINISHED_WITH_COMPILE_ERROR":
                    problems.append("the script did not compile")
                return time.monotonic() - started, problems

    def element(self, element, problems: list[str]) -> None:
        kind = element.WhichOneof("type")
        if kind == "exception":
            ex = element.exception
            first = ex.message.splitlines()[0][:200] if ex.message else ""
            problems.append(f"exception {ex.type}: {first}")
        elif kind in ("multiselect", "date_input", "text_input"):
            widget = getattr(element, kind)
            self.widgets[widget.label] = (kind, widget.id)
            if kind == "multiselect":
                self.options[widget.label] = list(widget.options)
            elif kind == "date_input":
                self.helps[widget.label] = widget.help


def filter_change(kind: str, session: StreamlitSession, n: int, r: int) -> dict | None:
    """The widgets a user changes for a ``kind`` filter (None if the page lacks them)."""
    w = session.widgets
    if not {"Countries", "From", "To"} <= w.keys():
        return None
    clear = {"Countries": [], "From": [], "To": []}
    if kind == "country":
        options = session.options.get("Countries") or []
        return {**clear, "Countries": [options[(n + r) % len(options)]]} if options else None
    if kind == "dates":
        def day(label: str) -> date | None:
            found = re.search(r"\d{4}-\d{2}-\d{2}", session.helps.get(label) or "")
            return date.fromisoformat(found.group()) if found else None
        lo, hi = day("From"), day("To")
        if not hi:
            return None
        start = max(lo or hi, hi - timedelta(days=30))
        return {**clear, "From": [start.isoformat()], "To": [hi.isoformat()]}
    if "Search" not in w:
        return None
    return {**clear, "Search": SEARCHES[(n + r) % len(SEARCHES)]}


async def protocol_user(base: str, n: int, args, deadline: float, results: dict) -> None:
    """One user: loop over the pages, changing one filter a round on the page it belongs to,
    until the deadline; reconnect after a timeout or a disconnect."""
    steps = PAGES[:args.pages] if args.pages else PAGES
    session = StreamlitSession(base)
    r = 0
    try:
        while time.monotonic() < deadline:
            kind_of_round, filter_page = FILTERS[(n + r) % len(FILTERS)]
            for path, label, _, _ in steps:
                plan = [("page", label, None)]
                if args.filter and path == filter_page:
                    plan.append(("filter", f"filter: {kind_of_round} on {label}", kind_of_round))
                for kind, name, fkind in plan:
                    if time.monotonic() >= deadline:
                        return
                    widgets = None
                    if fkind:
                        widgets = filter_change(fkind, session, n, r)
                        if widgets is None:
                            results["errors"].append(
                                f"session {n}, {name}: the filter widgets were not drawn")
                            continue
                    problems: list[str] = []
                    elapsed = None
                    try:
                        if session.ws is None:
                            await session.open(args.page_timeout)
                        elapsed, problems = await session.run(path, args.page_timeout, widgets)
                    except asyncio.TimeoutError:
                        problems.append(f"no script_finished within {args.page_timeout:g} s")
                    except Exception as exc:  # a disconnect or refused connection: an error
                        problems.append(f"{type(exc).__name__}: {str(exc)[:200]}")
                    if elapsed is None:
                        results["failed"] += 1
                        await session.close()  # a run may still be going: a new session
                        await asyncio.sleep(1)  # no busy loop on a server that is gone
                    else:
                        results["times"].append((kind, name, elapsed))
                    if problems:
                        results["errors"].append(f"session {n}, {name}: {'; '.join(problems[:3])}")
            r += 1
    finally:
        results["rounds"] += r
        await session.close()


def server_pid() -> int | None:
    """The PID of the `streamlit run` this process started (serve's child), if any."""
    children: list[int] = []
    for task in Path("/proc/self/task").glob("*/children"):
        try:
            children += [int(x) for x in task.read_text().split()]
        except OSError:
            pass
    for pid in children:
        try:
            if b"streamlit" in Path(f"/proc/{pid}/cmdline").read_bytes():
                return pid
        except OSError:
            pass
    return None


def proc_status(pid: int | None) -> dict:
    """VmRSS and VmHWM (peak) in MB and CPU seconds of ``pid`` (empty if unreadable)."""
    if pid is None:
        return {}
    try:
        fields = dict(line.split(":", 1) for line in
                      Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
        stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return {}
    mb = {k: int(fields[k].split()[0]) / 1024 for k in ("VmRSS", "VmHWM") if k in fields}
    mb["cpu"] = (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")
    return mb


async def drive_protocol(base: str, args) -> dict:
    results: dict = {"times": [], "errors": [], "skipped": 0, "failed": 0, "rounds": 0,
                     "load_start": load_average()}
    pid = server_pid()
    # the first load extracts the corpus (cached for every later session): timed apart
    warm = StreamlitSession(base)
    await warm.open(args.warmup_timeout)
    try:
        results["first_load"], problems = await warm.run("/", args.warmup_timeout)
    finally:
        await warm.close()
    if problems:
        results["errors"].append(f"first load: {'; '.join(problems[:3])}")
    before = proc_status(pid)
    start = time.monotonic()
    deadline = start + args.seconds
    await asyncio.gather(*(protocol_user(base, n, args, deadline, results)
                           for n in range(args.sessions)))
    results["wall"] = time.monotonic() - start
    after = proc_status(pid)
    results["server"] = {"pid": pid, "before": before, "after": after}
    return results


def load_average() -> float:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


def machine(load: float) -> str:
    """The machine, with the 1-minute load average ``load`` read before the run started."""
    model = ""
    try:
        model = next((line.split(":", 1)[1].strip() for line in
                      Path("/proc/cpuinfo").read_text().splitlines()
                      if line.startswith("model name")), "")
    except OSError:
        pass
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
        "client": args.client, "sessions": args.sessions,
        "machine": machine(results["load_start"]),
        "first load, s": round(results["first_load"], 2),
        "page loads": len(pages), "filter changes": len(filters),
        "steps not drawn in time": results["failed"],
        "errors": len(results["errors"]), "steps skipped at the time limit": results["skipped"],
        "median page time, s": round(statistics.median(everything), 2) if everything else 0.0,
        "p95 page time, s": round(percentile(everything, 0.95), 2),
        "max page time, s": round(max(everything), 2) if everything else 0.0,
        "wall time, s": round(results["wall"], 1),
        "load average at the end": round(load_average(), 1),
        "per page (median / p95 s)": {name: [round(statistics.median(ts), 2),
                                            round(percentile(ts, 0.95), 2)]
                                      for name, ts in by_page.items()},
    }
    if "rounds" in results:
        summary["rounds over the pages"] = results["rounds"]
    server = results.get("server") or {}
    before, after = server.get("before") or {}, server.get("after") or {}
    if after:
        summary["server peak RSS, MB"] = round(after["VmHWM"])
        summary["server RSS after the first load, MB"] = round(before.get("VmRSS", 0))
        summary["server CPU in the run, s"] = round(after["cpu"] - before.get("cpu", 0), 1)
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
                             "/tmp/readout-bench, shared with benchmarks.bench)")
    parser.add_argument("--url", help="drive a dashboard already running on this machine")
    parser.add_argument("--client", choices=["protocol", "browser"], default="protocol",
                        help="protocol (default): Streamlit sessions over its websocket, no "
                             "browser, each looping over the pages until --seconds; browser: "
                             "headless Chromium sessions, each opening the pages once")
    parser.add_argument("--sessions", type=int, default=20, help="concurrent sessions (20)")
    parser.add_argument("--pages", type=int, default=0,
                        help="pages each session opens (default 0: all six)")
    parser.add_argument("--no-filter", dest="filter", action="store_false",
                        help="do not change filters (browser: the country filter after the "
                             "pages; protocol: one filter a round)")
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
            from benchmarks.synth import write_corpus

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
        results = asyncio.run((drive_protocol if args.client == "protocol" else drive)(
            base, args))
    summary = report(results, args, corpus)
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return 1 if summary["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
