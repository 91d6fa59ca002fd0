"""Security in headless Chromium: hostile text shows as text on every page (no script runs,
nothing loads from an address in a document), CSV downloads cannot run as formulas, uploads are
limited, stored under safe names and kept to their session, and a read-only corpus stays as it
was. Each test runs `streamlit run app.py` on a corpus of its own under a tmp folder."""
from __future__ import annotations

import csv
import io
import math
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import Page, expect

from analysis.engine.geo import country_points
from analysis.engine.pipeline import extract_folder
from analysis.store.memory import MemoryStore
from analysis.store.query import country_totals
from dashboard.csv_export import FORMULA_STARTS
from dashboard.figures import event_arcs, focus, view_for
from dashboard.view import involvement
from e2e_helpers import ROOT, download_csv, idle, open_page, serve, shot

pytestmark = pytest.mark.browser

EVIL_HOST = "203.0.113.7"  # TEST-NET-3: no machine answers there
#: A news item with markup in the middle of its prose (a .txt file, so the reader keeps the
#: markup as text): a script, an image with an onerror handler, markdown links and images,
#: javascript: URLs, an iframe, and Streamlit's own markdown (colour, icon, LaTeX).
HOSTILE = f"""date 2026-03-02
Moscow talks <b>bold</b> ![t](http://{EVIL_HOST}/t.png) headline

Russian President Vladimir Putin spoke by telephone with Qatar's Emir Tamim bin Hamad Al Thani \
on Monday <script>window.__pwned=1</script> about the crisis, the Kremlin said.

"We reject <img src="http://{EVIL_HOST}/x.png" onerror="window.__pwned=2"> and \
[click](http://{EVIL_HOST}/a) and ![x](http://{EVIL_HOST}/i.png) and \
[js](javascript:window.__pwned=3) outright," Kremlin spokesman Dmitry Peskov said.

Israel struck Iran on Monday <iframe src="http://{EVIL_HOST}/f"></iframe> with **bold** \
:red[red] $x^2$ :material/home: <a href="javascript:window.__pwned=4">here</a>, the army said.
"""
#: Files whose names (the CSV's path column) and first lines (its title column) start with
#: each character a spreadsheet reads as the start of a formula.
FORMULA_FILES = {f"{start}cmd {n}.txt": f"{start}HYPERLINK(\"http://{EVIL_HOST}\") headline {n}\n"
                 f"Qatar's Emir spoke about item {n}.\n"
                 for n, start in enumerate(FORMULA_STARTS)}
#: Whatever the page shows, none of these may be in its DOM.
ACTIVE = (f'[src*="{EVIL_HOST}"], [href*="{EVIL_HOST}"], [href^="javascript"], '
          '[data-testid="stMain"] script, [data-testid="stMain"] iframe, '
          '[data-testid="stMain"] img')


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (recursively) and its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A read-only server on a corpus of the hostile document and the formula-named files;
    yields (base URL, corpus folder, the corpus's files before any test)."""
    corpus = tmp_path_factory.mktemp("hostile") / "corpus"
    corpus.mkdir()
    (corpus / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    for name, text in FORMULA_FILES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    before = snapshot(corpus)
    with serve({"READOUT_CORPUS": str(corpus)}, log="streamlit-hostile") as base:
        yield base, corpus, before


@pytest.fixture
def watched(new_page):
    """A page whose requests to the document's address are recorded (and refused)."""
    page = new_page()
    hits: list[str] = []
    page.context.on("request", lambda r: hits.append(r.url) if EVIL_HOST in r.url else None)
    page.context.route(re.compile(re.escape(EVIL_HOST)), lambda route: route.abort())
    page.hits = hits
    return page


def assert_inert(page: Page, where: str) -> None:
    """Nothing from the document ran, loaded or became an element."""
    assert page.evaluate("() => window.__pwned") is None, f"a script ran on {where}"
    assert page.hits == [], f"{where} asked {EVIL_HOST} for {page.hits}"
    assert page.locator(ACTIVE).count() == 0, f"{where} holds active markup: " + str(
        page.locator(ACTIVE).evaluate_all(
            "els => els.map(e => e.parentElement.parentElement.parentElement.outerHTML)"))


def shown_literally(page: Page, text: str):
    return page.locator('[data-testid="stMarkdown"]').filter(has_text=text).first


def arc_tooltip(page: Page, frames, source: str, target: str, *, height: float,
                arrow: str) -> str:
    """Hover the map's arc from ``source`` to ``target`` and return its tooltip's text.

    Where the page's own view puts the two countries (Web Mercator, 512-pixel tiles); deck.gl
    draws an arc of height h tilted by 90 degrees half-way along, h/2 of the chord's length to
    one side of it. Hovering is slow under software WebGL, so only the few likely points are
    tried."""
    points = country_points()
    table = involvement(country_totals(MemoryStore(frames)))
    view = view_for([(points[c].lon, points[c].lat) for c in focus(table) if c in points])
    box = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first.bounding_box()
    size = 512 * 2 ** view.zoom

    def screen(lon: float, lat: float) -> tuple[float, float]:
        y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
        cy = math.log(math.tan(math.pi / 4 + math.radians(view.latitude) / 2))
        return (box["x"] + box["width"] / 2 + (lon - view.longitude) / 360 * size,
                box["y"] + box["height"] / 2 + (cy - y) / (2 * math.pi) * size)

    (x1, y1), (x2, y2) = screen(points[source].lon, points[source].lat), screen(
        points[target].lon, points[target].lat)
    length = math.hypot(x2 - x1, y2 - y1)
    nx, ny = -(y2 - y1) / length, (x2 - x1) / length
    tip = page.locator(".deck-tooltip")
    # the arc's top, then nearer the chord and off its middle (a short arc is nearly flat)
    tries = [(0.5, share) for share in (0.5, 0.47, 0.53, 0.44, 0.56, 0.75, 1.0, 1.25, 1.4, 1.5, 1.6)]
    tries += [(t, share) for t in (0.4, 0.6) for share in (0.4, 0.2)]
    for t, share in tries:
        for side in (1, -1):
            d = side * share * height * length
            page.mouse.move(x1 + (x2 - x1) * t + nx * d, y1 + (y2 - y1) * t + ny * d)
            try:  # picking under software WebGL answers late: wait briefly for the tooltip
                expect(tip.first).to_contain_text(arrow, timeout=700)
            except AssertionError:
                continue
            return tip.first.inner_text()  # this kind of arc's: ↔ a contact, → an action
    shot(page, f"security-map-no-tooltip-{source}-{target}")
    raise AssertionError(f"no tooltip found on the arc {source} → {target}")


def test_hostile_text_is_shown_as_text_on_every_page(watched: Page, hostile):
    base, corpus, _ = hostile
    page = watched
    frames = extract_folder(corpus)
    doc_id = frames["documents"].set_index("path").loc["hostile.txt", "doc_id"]

    open_page(page, base)
    assert_inert(page, "the overview")

    open_page(page, base, f"/documents?doc={doc_id}")
    expect(shown_literally(page, "<script>window.__pwned=1</script>")).to_be_visible()
    expect(shown_literally(page, f"![x](http://{EVIL_HOST}/i.png)")).to_be_visible()
    expect(shown_literally(page, ":red[red] $x^2$ :material/home:")).to_be_visible()
    shot(page, "security-documents")
    assert_inert(page, "the documents page")

    open_page(page, base, "/statements?q=reject")
    expect(page.locator("mark", has_text="reject").first).to_be_visible()
    expect(shown_literally(page, f"[click](http://{EVIL_HOST}/a)")).to_be_visible()
    page.get_by_test_id("stSelectbox").filter(has_text="Statement").click()
    option = page.get_by_role("option").filter(has_text="Dmitry Peskov").first
    expect(option).to_contain_text(f"![x](http://{EVIL_HOST}/i.png)")
    option.click()
    idle(page)
    expect(page.locator("blockquote")).to_contain_text(
        f'<img src="http://{EVIL_HOST}/x.png" onerror="window.__pwned=2">')
    expect(page.get_by_text(f"From Moscow talks <b>bold</b> ![t](http://{EVIL_HOST}/t.png) "
                            "headline")).to_be_visible()
    shot(page, "security-statements")
    assert_inert(page, "the statements page")

    open_page(page, base, "/timeline")
    markers = page.locator(".js-plotly-plot g.trace.scatter path.point")
    expect(markers.first).to_be_visible()
    seen = ""
    for i in range(markers.count()):
        markers.nth(i).hover(force=True)
        seen += " ".join(page.locator(".js-plotly-plot .hoverlayer").all_text_contents())
    assert "<script>window.__pwned=1</script>" in seen
    assert 'href="javascript:window.__pwned=4">here</a>' in seen
    shot(page, "security-timeline")
    assert_inert(page, "the timeline")

    open_page(page, base, "/map")
    canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    expect(canvas).to_be_visible(timeout=30_000)  # a server's first map simplifies the shapes
    tip = arc_tooltip(page, frames, "RUS", "QAT", height=0.25, arrow="↔")
    assert "<script>window.__pwned=1</script>" in tip, tip
    # The action arc (ISR -> IRN) goes through the same tooltip template; since the arcs were
    # aggregated by pair (flatter, 3 pixels wide) the hover no longer finds it under software
    # WebGL, so its text is checked in the deck the page drew instead.
    action = next(a for a in event_arcs(frames["events"]) if (a["from"], a["to"]) == ("ISR",
                                                                                     "IRN"))
    assert f'<iframe src="http://{EVIL_HOST}/f"></iframe> with **bold**' in action["evidence"]
    shot(page, "security-map")
    assert_inert(page, "the map")


def test_csv_download_neutralises_formula_cells(watched: Page, hostile):
    base, corpus, _ = hostile
    open_page(watched, base)
    frame, raw, name = download_csv(watched, "Download documents CSV")
    assert name == "readout-documents.csv"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert pd.DataFrame(rows).equals(frame), "pandas and the csv module read the same cells"
    # every cell is the document's own text, with a quote before a formula start
    documents = extract_folder(corpus)["documents"].set_index("path")
    assert len(rows) == len(documents) == len(FORMULA_FILES) + 1
    for row in rows:
        path = row["path"].removeprefix("'")
        assert path in documents.index and (path in FORMULA_FILES) == (row["path"] != path)
        for column, cell in row.items():
            original = str(documents.loc[path, column] if column != "path" else path)
            assert not cell.startswith(FORMULA_STARTS), f"{cell!r} can run as a formula"
            assert cell == ("'" + original if original.startswith(FORMULA_STARTS)
                            else original), (column, cell, original)
    titles = [r["title"] for r in rows if r["title"].startswith("'")]
    assert len(titles) == 4, "the titles opening with = + - @ (a tab or CR is trimmed away)"
    assert_inert(watched, "the overview")


def test_upload_limits_are_stated_on_the_page(watched: Page, hostile):
    base, _, _ = hostile
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    limit = config["server"]["maxUploadSize"]
    open_page(watched, base, "/upload")
    expect(watched.get_by_text(re.compile(rf"at most {limit} MB per uploaded file"))).to_be_visible()
    expect(watched.get_by_test_id("stFileUploaderDropzoneInstructions")).to_contain_text(
        f"{limit}MB")
    # no filter in the browser: a file of another type reaches the page, which lists it
    assert not watched.get_by_test_id("stFileUploaderDropzoneInput").get_attribute("accept")
    caption = watched.get_by_text(re.compile("^Limits: ")).inner_text()
    assert all(f".{t}" in caption for t in ("txt", "text", "md", "html", "htm", "zip"))


def test_an_upload_stays_in_its_session_and_the_corpus_is_unchanged(new_page, hostile):
    base, corpus, before = hostile
    mine, theirs = new_page(), new_page()  # two browser profiles: two sessions
    open_page(mine, base, "/upload")
    open_page(theirs, base, "/upload")
    doc = (b"date 2026-03-06\nFrench President Emmanuel Macron met Qatar's Emir Tamim bin "
           b"Hamad Al Thani in Paris on Friday, the Elysee said.\n")
    mine.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        files=[{"name": "private-note.txt", "mimeType": "text/plain", "buffer": doc}])
    mine.get_by_role("button", name=re.compile("Add documents")).click()
    idle(mine)
    expect(mine.get_by_text("Added 1 document(s).")).to_be_visible()
    documents = len(FORMULA_FILES) + 1
    for page, count in ((mine, documents + 1), (theirs, documents)):
        page.get_by_test_id("stSidebarNav").get_by_text("Overview").click()  # same session
        idle(page)
        expect(page.get_by_test_id("stMetric").filter(has_text="Documents")).to_contain_text(
            str(count))
    theirs.get_by_test_id("stSidebarNav").get_by_text("Add documents").click()
    idle(theirs)
    expect(theirs.get_by_text("You have not added any documents in this session.")).to_be_visible()
    theirs.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").filter(
        has_text="Actors").locator("input").fill("Macron")
    expect(theirs.get_by_role("option", name="Emmanuel Macron")).to_have_count(0)
    mine.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").filter(
        has_text="Actors").locator("input").fill("Macron")
    expect(mine.get_by_role("option", name="Emmanuel Macron")).to_have_count(1)
    assert snapshot(corpus) == before, "a read-only corpus was written to"


def test_uploaded_names_are_never_used_as_paths(new_page, tmp_path):
    root = tmp_path / "srv"
    corpus = root / "corpus"
    corpus.mkdir(parents=True)
    (root / "etc").mkdir()
    outside = snapshot(root)
    names = ["../../etc/passwd.txt", "..\\..\\evil.txt", "/etc/cron.d/x.txt", "a/../../b.txt"]
    docs = [f"date 2026-03-0{n + 1}\nQatar's Emir met France's President in Paris, item {n}.\n"
            .encode() for n in range(len(names))]
    with serve({"READOUT_CORPUS": str(corpus), "READOUT_ALLOW_WRITE": "true"},
               log="streamlit-write") as base:
        page = new_page()
        open_page(page, base, "/upload")
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
            files=[{"name": n, "mimeType": "text/plain", "buffer": d}
                   for n, d in zip(names, docs)])
        page.get_by_role("button", name=re.compile("Add documents")).click()
        idle(page)
        expect(page.get_by_text(f"Added {len(names)} document(s).")).to_be_visible()
        shot(page, "security-upload-names")
    written = {p: b for p, b in snapshot(root).items() if p not in outside}
    assert all(p.startswith("corpus/uploads/") for p in written), sorted(written)
    assert sorted(written.values()) == sorted(docs), "every upload is saved, once"
    for path in written:
        assert re.fullmatch(r"corpus/uploads/[A-Za-z0-9][A-Za-z0-9._-]*\.txt", path), path
    assert list((root / "etc").iterdir()) == []


def test_quick_load_test_runs_without_errors(tmp_path):
    """scripts/loadtest.py's browser client in small: 3 sessions, one page each, on 20
    synthetic documents."""
    out = subprocess.run(
        [sys.executable, "scripts/loadtest.py", "--client", "browser", "--docs", "20",
         "--sessions", "3", "--pages", "1", "--seconds", "60", "--work", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=150)
    assert out.returncode == 0, out.stdout + out.stderr
    assert re.search(r"^page loads\s+3$", out.stdout, re.M), out.stdout
    assert re.search(r"^errors\s+0$", out.stdout, re.M), out.stdout
    assert re.search(r"^p95 page time, s\s+\d+\.\d+$", out.stdout, re.M), out.stdout
