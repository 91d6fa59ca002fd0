"""Takes the README's screenshots of the dashboard in headless Chromium and writes them, small,
into docs/: ``.venv/bin/python scripts/readme_screenshots.py [CORPUS]`` (default
../shared/corpus, else seeds/). Each is the top of one page at 1280x800, as a newcomer opens it,
reduced to 256 colours."""
from __future__ import annotations

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "e2e")]

from PIL import Image  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from e2e_helpers import CHROMIUM, CHROMIUM_ARGS, idle, serve  # noqa: E402

#: (file in docs/, the page's address, a text to scroll to once it is drawn, or None)
SHOTS = [
    ("whats-new.png", "/whats_new", None),
    ("statements-search.png", "/statements?q=ceasefire", "Where the words matched"),
    ("overview.png", "/", None),
]


def small_png(raw: bytes) -> bytes:
    """A screenshot as a PNG of at most 256 colours (text stays sharp, the file small)."""
    image = Image.open(io.BytesIO(raw)).convert("RGB")
    out = io.BytesIO()
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(out, "PNG", optimize=True)
    return out.getvalue()


def main(argv: list[str]) -> int:
    shared = ROOT.parent / "shared" / "corpus"
    corpus = Path(argv[0]) if argv else (shared if shared.is_dir() else ROOT / "seeds")
    with serve({"READOUT_CORPUS": str(corpus)}, log="readme-screenshots", timeout=300) as base, \
            sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.set_default_timeout(600_000)
        for name, path, wait_for in SHOTS:
            page.goto(base + path)
            idle(page)
            if wait_for:
                page.get_by_text(wait_for).first.scroll_into_view_if_needed()
            page.wait_for_timeout(500)  # let the data grids paint their cells
            data = small_png(page.screenshot())
            (ROOT / "docs" / name).write_bytes(data)
            print(f"docs/{name}: {len(data) / 1000:.0f} KB")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
