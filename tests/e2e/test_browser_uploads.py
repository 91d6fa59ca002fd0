"""Uploads against a real server in headless Chromium: what a hostile or careless submission
costs the server (its resident memory, read with psutil), and what the page says about files
it does not read."""
from __future__ import annotations

import io
import re
import zipfile

import pytest
from playwright.sync_api import Page, expect

from e2e_helpers import idle, open_page, serve, shot

pytestmark = pytest.mark.browser

LINE = b"The envoy met the minister. "


def bomb(members: int = 13, size: int = 7_840_000) -> bytes:
    """A zip of about 250 KB that unpacks to ``members`` files of ``size`` bytes of text
    (about 100 MB): each file is under the 8 MB file limit, so each is read whole."""
    body = b"date 2026-03-03\n" + LINE * (size // len(LINE))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for n in range(members):
            archive.writestr(f"part{n:02d}.txt", body + str(n).encode())
    return buffer.getvalue()


def server_process():
    """The `streamlit run` this test process started (serve's direct child)."""
    import psutil

    return next(p for p in psutil.Process().children() if "streamlit" in " ".join(p.cmdline()))


def rss_mb(process) -> float:
    return process.memory_info().rss / 1e6


def peak_mb(process) -> float:
    """The process's peak resident memory so far (VmHWM), in MB."""
    with open(f"/proc/{process.pid}/status", encoding="ascii") as status:
        line = next(x for x in status if x.startswith("VmHWM:"))
    return int(line.split()[1]) * 1024 / 1e6


def upload(page: Page, files: list[dict]) -> None:
    """Submit ``files`` on the upload page and wait for the page's report of them."""
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(files=files)
    page.get_by_role("button", name=re.compile("Add documents")).click()
    expect(page.get_by_text(re.compile(r"file\(s\) could not be read|Added \d+ document"))
           .first).to_be_visible(timeout=600_000)
    idle(page)


def test_eight_zip_bombs_in_one_submission_are_bounded_and_the_memory_comes_back(new_page):
    zipped = bomb()
    assert len(zipped) < 400_000
    with serve(log="streamlit-upload-memory") as base:
        server = server_process()
        page = new_page()
        open_page(page, base, "/upload")
        before = rss_mb(server)
        upload(page, [{"name": f"batch{n}.zip", "mimeType": "application/zip",
                       "buffer": zipped} for n in range(8)])
        # 13 files read (over the character limit), the other 91 listed unread
        expect(page.get_by_text("104 file(s) could not be read.")).to_be_visible()
        shot(page, "upload-eight-zips")
        after, peak = rss_mb(server), peak_mb(server)
    print(f"server RSS: {before:.0f} MB before, peak {peak:.0f} MB, {after:.0f} MB after "
          f"eight zips of {len(zipped) / 1e3:.0f} KB")
    assert peak - before < 250, (before, peak)
    assert after - before < 100, (before, after)


def test_a_file_of_another_type_is_listed_not_dropped(new_page):
    with serve(log="streamlit-upload-types") as base:
        page = new_page()
        open_page(page, base, "/upload")
        upload(page, [
            {"name": "map.svg", "mimeType": "image/svg+xml",
             "buffer": b"<svg xmlns='http://www.w3.org/2000/svg'><text>Qatar</text></svg>"},
            {"name": "note.txt", "mimeType": "text/plain",
             "buffer": b"date 2026-03-05\nThe Emir of Qatar met the President of France."}])
        expect(page.get_by_text("Added 1 document(s).")).to_be_visible()
        expect(page.get_by_text("1 file(s) could not be read.")).to_be_visible()
        expect(page.get_by_text("Choose one or more files first.")).to_have_count(0)
        shot(page, "upload-svg")
