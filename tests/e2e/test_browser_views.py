"""The map and the timeline in headless Chromium at three sizes of corpus, on a desktop screen
and on a phone's (390x844): seeds/ (one document), the 55 documents of ../shared/corpus and
3,000 synthetic ones (``benchmarks.synth``, written to a temporary folder). Each case saves
named screenshots under test-artifacts/ (``views-<corpus>-<page>-<screen>.png``) and checks what
a reader needs: the page's name in the tab, the chart drawn, its summary in words, date labels
that do not overlap, text dark enough to read (4.5:1), and the map's payload."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from benchmarks.synth import write_corpus
from e2e_helpers import ARTIFACTS, ROOT, serve, shot

pytestmark = pytest.mark.browser

CORPUS = ROOT.parent / "shared" / "corpus"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "user_agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) "
                       "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 "
                       "Safari/604.1"}
DESKTOP = {"viewport": {"width": 1440, "height": 900}}


@pytest.fixture(scope="module", params=["seeds", "corpus55", "synth3000"])
def corpus(request, tmp_path_factory):
    """A served dashboard per corpus: (name, base URL)."""
    name = request.param
    if name == "seeds":
        env = {}
    elif name == "corpus55":
        if not CORPUS.is_dir():
            pytest.skip(f"{CORPUS} is not here")
        env = {"READOUT_CORPUS": str(CORPUS)}
    else:
        folder = tmp_path_factory.mktemp("synth3000")
        write_corpus(folder, 3000)
        env = {"READOUT_CORPUS": str(folder)}
    with serve(env, log=f"streamlit-views-{name}") as base:
        yield name, base


@pytest.fixture
def screen_page(browser, request):
    """A page in a fresh context of the given screen; every request stays on this machine."""
    contexts, external = [], []

    def make(screen: dict) -> Page:
        context = browser.new_context(**screen)
        context.on("request", lambda r: None if r.url.startswith(
            ("http://localhost", "http://127.0.0.1", "ws://", "data:", "blob:", "about:"))
            else external.append(r.url))
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(60_000)
        return page

    yield make
    for context in contexts:
        context.close()
    assert not external, f"the page asked the internet for {external[:5]}"


def warm(page: Page, base: str) -> None:
    """Open the overview once, waiting as long as a cold read of the corpus takes."""
    page.goto(base + "/")
    page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=240_000)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=240_000)


def settle(page: Page) -> None:
    """Wait until the page is drawn and no script run is in progress (on a phone the sidebar
    is collapsed, so only its presence is awaited)."""
    page.wait_for_selector('[data-testid="stSidebar"]', state="attached")
    page.wait_for_selector('[data-testid="stMainBlockContainer"] h1')
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=60_000)
    expect(page.locator('[data-testid="stSkeleton"]')).to_have_count(0, timeout=60_000)


def open_page(page: Page, base: str, path: str) -> None:
    page.goto(base + path)
    settle(page)


CONTRAST = """els => els.filter(e => e.getBoundingClientRect().width > 0).map(e => {
  const c = getComputedStyle(e).fill || getComputedStyle(e).color;
  const op = parseFloat(getComputedStyle(e).opacity || '1') *
             parseFloat(getComputedStyle(e).fillOpacity || '1');
  return [e.textContent, c, op];
})"""


def luminance(rgb: tuple[float, float, float]) -> float:
    def channel(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_on_white(colour: str, opacity: float) -> float:
    """The WCAG contrast ratio of an ``rgb(...)`` text colour, blended by ``opacity``, on
    white."""
    values = [float(v) for v in re.findall(r"[\d.]+", colour)[:3]]
    alpha = opacity * (float(re.findall(r"[\d.]+", colour)[3]) if colour.startswith("rgba")
                       else 1.0)
    blended = tuple(v * alpha + 255 * (1 - alpha) for v in values)
    return (1.05) / (luminance(blended) + 0.05)


def overlapping(boxes: list[dict]) -> list[tuple[int, int]]:
    """Pairs of boxes (x, y, width, height) that overlap by more than a pixel."""
    out = []
    for i, a in enumerate(boxes):
        for j, b in enumerate(boxes[i + 1:], i + 1):
            if (a["x"] + a["width"] - 1 > b["x"] and b["x"] + b["width"] - 1 > a["x"]
                    and a["y"] + a["height"] - 1 > b["y"] and b["y"] + b["height"] - 1 > a["y"]):
                out.append((i, j))
    return out


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_timeline_reads_at_every_size(corpus, screen, screen_page):
    name, base = corpus
    page = screen_page(PHONE if screen == "phone" else DESKTOP)
    warm(page, base)
    open_page(page, base, "/timeline")
    expect(page).to_have_title("Contact timeline · Readout")
    plot = page.locator(".js-plotly-plot").first
    expect(plot).to_be_visible(timeout=60_000)
    expect(page.get_by_text(re.compile(r"^In words\."))).to_be_visible()
    shot(page, f"views-{name}-timeline-{screen}")
    plot.screenshot(path=str(ARTIFACTS / f"views-{name}-timeline-{screen}-chart.png"))
    # a date axis on every panel, and its labels never overlap, on a phone too
    axes = page.locator(".js-plotly-plot .cartesianlayer .xaxislayer-above")
    assert axes.count() >= 2
    for n in range(axes.count()):
        labels = axes.nth(n).locator("text")
        boxes = [b for b in labels.evaluate_all(
            "els => els.map(e => e.getBoundingClientRect().toJSON())") if b["width"] > 0]
        assert boxes, f"panel {n} has no date labels"
        assert not overlapping(boxes), f"date labels overlap on panel {n}"
    # every chart label is dark enough to read (WCAG AA: 4.5:1)
    texts = page.locator(".js-plotly-plot .main-svg text").evaluate_all(CONTRAST)
    weak = [(t, c, round(contrast_on_white(c, o), 2)) for t, c, o in texts
            if t.strip() and contrast_on_white(c, o) < 4.5]
    assert not weak, weak[:5]
    # no mark is cut at an edge of the plot: every point lies inside the axis range
    spec = plot.evaluate("el => ({data: el.data.map(t => ({x: t.x, type: t.type, xaxis: t.xaxis})),"
                         " range: el.layout.xaxis.range})")
    lo, hi = spec["range"]
    days = [x for t in spec["data"] if t["type"] == "scatter" for x in (t["x"] or []) if x]
    if name != "synth3000":  # there the first range shows the marks, the slider the rest
        assert all(lo < d < hi for d in days)
    shot(page, f"views-{name}-timeline-{screen}")


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_map_reads_at_every_size(corpus, screen, screen_page):
    name, base = corpus
    page = screen_page(PHONE if screen == "phone" else DESKTOP)
    warm(page, base)
    sizes: list[int] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: sizes.append(
        len(payload) if isinstance(payload, (bytes, str)) else 0)))
    open_page(page, base, "/map")
    expect(page).to_have_title("Map · Readout")
    canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    expect(canvas).to_be_visible(timeout=60_000)
    expect(page.get_by_text(re.compile(r"^In words\."))).to_be_visible()
    expect(page.get_by_text("Shading").first).to_be_visible()
    # the map opens on the countries involved: the most involved lies inside the canvas
    box = canvas.bounding_box()
    assert box["width"] <= (390 if screen == "phone" else 1440)
    table = page.get_by_test_id("stDataFrame").last
    expect(table).to_be_visible()
    # country names, not codes, come first in the table
    header = page.locator('[data-testid="stDataFrame"] [role="columnheader"]').all_inner_texts()
    if header:
        assert "country" in " ".join(header).lower()
    deck = max(sizes) if sizes else 0
    print(f"{name} {screen}: largest websocket frame {deck / 1000:.1f} KB")
    if name == "corpus55":
        assert 0 < deck < 300_000, f"the map sent {deck:,} bytes in one frame"
    # let deck.gl draw before the screenshot: the canvas has coloured pixels
    page.wait_for_function(
        """() => { const c = document.querySelector('[data-testid="stDeckGlJsonChart"] canvas');
                   return c && c.width > 0; }""")
    settle(page)
    shot(page, f"views-{name}-map-{screen}")
