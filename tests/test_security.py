"""Security without a browser: document text rendered as text (text.literal and the HTML
helpers), CSV cells that cannot run as formulas, upload limits, names and sessions, a
read-only corpus, the optional sign-in gate, and no secret in the repository. The same
behaviours in headless Chromium are in tests/e2e/test_browser_security.py."""
from __future__ import annotations

import csv
import html
import io
import re
import subprocess
import tomllib
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis.engine.documents import MAX_BYTES
from analysis.engine.pipeline import extract_folder
from dashboard import auth, saving, uploads
from dashboard.csv_export import FORMULA_STARTS, to_csv_bytes
from dashboard.text import highlight, literal, mark_document, paragraph_html
from dashboard_seed import APP, app_at, texts

ROOT = Path(__file__).resolve().parents[1]
EVIL = "203.0.113.7"
HOSTILE = [
    "<script>window.__pwned=1</script>",
    f'<img src="http://{EVIL}/x.png" onerror="window.__pwned=2">',
    f"[click](http://{EVIL}/a)", f"![x](http://{EVIL}/i.png)", "[js](javascript:alert(1))",
    f"<http://{EVIL}/auto>", f"http://{EVIL}/bare", f"www.{EVIL}.example", "mail@evil.example",
    "**bold** _em_ `code` ~~gone~~", ":red[red] :material/home: :smile:", "$x^2$ $$y$$",
    "# heading", "| a | b |", "&lt;b&gt; &amp;", "\\*not escaped\\*", "{{template}}",
]
DOC = """date 2026-03-02
Moscow talks <b>bold</b> ![t](http://203.0.113.7/t.png) headline

Russian President Vladimir Putin spoke by telephone with Qatar's Emir Tamim bin Hamad Al Thani \
on Monday <script>window.__pwned=1</script> about the crisis, the Kremlin said.

"We reject [click](http://203.0.113.7/a) and ![x](http://203.0.113.7/i.png) outright," \
Kremlin spokesman Dmitry Peskov said.
"""


class Tags(HTMLParser):
    """Collects the tags, attributes and text of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "br":
            self.text += "\n"

    def handle_data(self, data):
        self.text += data


def parse(fragment: str) -> Tags:
    tags = Tags()
    tags.feed(fragment)
    tags.close()
    return tags


# --- hostile text is shown as text ---------------------------------------------------------------

@pytest.mark.parametrize("text", HOSTILE)
def test_literal_leaves_no_markdown_or_html_syntax(text):
    out = literal(text)
    # the only tag literal writes, and character references, hold no syntax
    bare = re.sub(r"&(#\d+|lt|gt|amp);", "", re.sub(r"</?span>", "", out))
    assert not re.search(r"[<>\[\]()!*_`~$:@#|{}\\]", bare), out
    assert not re.search(r"https?:/|www\.", bare, re.IGNORECASE)
    assert parse(out).text == text and {t for t, _ in parse(out).tags} <= {"span"}


@pytest.mark.parametrize("text", HOSTILE)
def test_literal_without_html_has_no_tags_and_keeps_the_characters(text):
    out = literal(text, allow_html=False)
    assert "<" not in out and ">" not in out
    assert html.unescape(out).replace("\u2060", "") == text


@pytest.mark.parametrize("text", HOSTILE)
def test_highlight_marks_only_with_mark_tags(text):
    out = highlight(f"He said {text} today", "said")
    tags = parse(out)
    assert {t for t, _ in tags.tags} <= {"mark", "span"}
    assert all(set(attrs) <= {"style", "title"} for _, attrs in tags.tags)
    assert tags.text == f"He said {text} today"


def test_marked_document_and_paragraph_hold_only_marks(tmp_path):
    (tmp_path / "hostile.txt").write_text(DOC, encoding="utf-8")
    frames = extract_folder(tmp_path)
    doc = frames["documents"].iloc[0]
    parts = {n: frames[n] for n in ("countries", "actors", "contacts", "statements", "events")}
    assert len(parts["contacts"]) == 1 and len(parts["statements"]) >= 1
    out = mark_document(doc["text"], **parts)
    tags = parse(out)
    assert {t for t, _ in tags.tags} <= {"p", "br", "mark", "span"}
    assert all(set(attrs) <= {"style", "title"} for _, attrs in tags.tags)
    assert "<script>window.__pwned=1</script>" in tags.text
    assert f"![x](http://{EVIL}/i.png)" in tags.text
    para = paragraph_html(doc["text"], 2, "We reject")
    assert f"[click](http://{EVIL}/a)" in parse(para).text
    assert {t for t, _ in parse(para).tags} <= {"mark", "span", "br"}


def test_statements_page_writes_document_text_only_escaped(tmp_path, monkeypatch):
    (tmp_path / "hostile.txt").write_text(DOC, encoding="utf-8")
    monkeypatch.setenv("READOUT_CORPUS", str(tmp_path))
    at = app_at("statements", query={"q": "reject"})
    shown = texts(at)
    assert "We reject" in html.unescape(re.sub(r"</?(span|mark)[^>]*>", "", shown))
    for element in at.get("markdown") + at.get("caption"):
        assert not re.search(r"\]\(|!\[|<script|<img|https?://", str(element.value)), element.value


# --- CSV downloads cannot run as formulas --------------------------------------------------------

CELLS = [f"{start}HYPERLINK(\"http://{EVIL}\",\"x\") and more" for start in FORMULA_STARTS] + [
    "=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "plain text", "a = b", "", "'quoted"]


def test_csv_cells_are_neutralised_and_read_back_by_pandas_and_csv():
    frame = pd.DataFrame({"statement_id": [f"s{i}" for i in range(len(CELLS))],
                          "doc_id": "d", "date": "2026-03-02", "speaker": CELLS,
                          "speaker_country": "", "kind": "direct", "text": CELLS,
                          "evidence": [c + " said" for c in CELLS]})
    raw = to_csv_bytes(frame, "statements")
    by_pandas = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False,
                            encoding="utf-8-sig")
    by_csv = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert len(by_pandas) == len(by_csv) == len(CELLS)
    for n, cell in enumerate(CELLS):
        expected = "'" + cell if cell.startswith(FORMULA_STARTS) else cell
        for rows in (by_pandas.to_dict("records"), by_csv):
            assert rows[n]["text"] == rows[n]["speaker"] == expected
            assert rows[n]["evidence"] == ("'" if cell.startswith(FORMULA_STARTS) else "") + \
                cell + " said"
    for row in by_csv:
        for value in row.values():
            assert not value.startswith(FORMULA_STARTS), value


# --- uploads -------------------------------------------------------------------------------------

def test_the_upload_limit_is_the_configurations_and_stated_on_the_page():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    limit = config["server"]["maxUploadSize"]
    at = app_at("upload")
    caption = next(str(c.value) for c in at.caption if str(c.value).startswith("Limits:"))
    assert f"at most {limit} MB per uploaded file" in caption
    assert all(f".{t}" in caption for t in uploads.UPLOAD_TYPES)
    assert f"{MAX_BYTES / 1e6:g} MB" in caption


@pytest.mark.parametrize("name, saved", [
    ("../../etc/passwd.txt", "passwd.txt"), ("..\\..\\evil.txt", "evil.txt"),
    ("/etc/cron.d/job", "job.txt"), ("a/../../b.md", "b.md"), ("C:\\Windows\\x.html", "x.html"),
    ("...", "upload.txt"), ("", "upload.txt"), (".bashrc", "bashrc.txt"),
    ("run.sh", "run.sh.txt"), ("-rf .txt", "rf_.txt"), ("n\x00ul.txt", "n_ul.txt"),
])
def test_an_uploaded_name_is_only_a_label(tmp_path, name, saved):
    corpus = tmp_path / "corpus"
    path = saving.save_to_corpus(corpus, name, b"x")
    assert path == corpus / "uploads" / saved
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == [path]


def test_save_never_overwrites(tmp_path):
    paths = [saving.save_to_corpus(tmp_path, "../same.txt", bytes([n])) for n in range(3)]
    assert [p.name for p in paths] == ["same.txt", "same-1.txt", "same-2.txt"]
    assert [p.read_bytes() for p in paths] == [b"\x00", b"\x01", b"\x02"]


def test_a_zip_is_unpacked_within_limits(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UNZIPPED", 3 * MAX_BYTES)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("huge.txt", b"a " * MAX_BYTES)  # 16 MB of text in about 16 KB
        for n in range(4):
            archive.writestr(f"part{n}.txt", b"b " * (MAX_BYTES // 2 - 10) + bytes([65 + n]))
    assert len(buffer.getvalue()) < 200_000
    items = list(uploads.iter_upload("bomb.zip", buffer.getvalue()))
    assert [len(raw) if raw is not None else None for _, raw in items] == [
        MAX_BYTES + 1, MAX_BYTES - 19, MAX_BYTES - 19, MAX_BYTES - 19, None]
    reasons = {name: uploads.read_upload(name, raw) for name, raw in items[:1] + items[-1:]}
    assert "over the 8 MB limit" in reasons["bomb.zip/huge.txt"].reason
    assert "unpack to more than" in reasons["bomb.zip/part3.txt"].reason


NEW_DOC = (b"date 2026-03-05\nFrench President Emmanuel Macron spoke by telephone with "
           b"Qatar's Emir Tamim bin Hamad Al Thani on Wednesday, the Elysee said.")


def _upload(payload):
    """An app run that uploads ``payload`` the way the upload page does."""
    import streamlit as st

    from dashboard import uploads as u
    from dashboard import widgets

    st.session_state["report"] = u.accept_uploads(payload,
                                                  known_ids=set(widgets.load().doc_ids()))
    st.write(f"{widgets.load().total('documents')} documents")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("allow", [None, "", "false", "0", "no"])
def test_a_read_only_corpus_is_unchanged_by_uploads(tmp_path, monkeypatch, allow):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "seed.txt").write_bytes((ROOT / "seeds" / "000_c64ff08c818fbad2.txt").read_bytes())
    before = snapshot(tmp_path)
    monkeypatch.setenv("READOUT_CORPUS", str(corpus))
    if allow is None:
        monkeypatch.delenv("READOUT_ALLOW_WRITE", raising=False)
    else:
        monkeypatch.setenv("READOUT_ALLOW_WRITE", allow)
    at = AppTest.from_function(_upload, args=([("../new.txt", NEW_DOC)],),
                               default_timeout=60).run()
    assert not at.exception
    added, refused = at.session_state["report"]
    assert [a[0] for a in added] == ["upload/../new.txt"] and not refused
    assert at.markdown[0].value == "2 documents"  # in this session
    assert snapshot(tmp_path) == before


def test_with_writes_allowed_uploads_land_only_in_the_corpus_uploads_folder(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    monkeypatch.setenv("READOUT_CORPUS", str(corpus))
    monkeypatch.setenv("READOUT_ALLOW_WRITE", "true")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../../zipped.txt", NEW_DOC.replace(b"Wednesday", b"Thursday"))
    at = AppTest.from_function(
        _upload, args=([("../../etc/passwd.txt", NEW_DOC), ("x/../batch.zip", buffer.getvalue()),
                        ("bad.txt", b"\x00\x01\x02")],), default_timeout=60).run()
    assert not at.exception
    added, refused = at.session_state["report"]
    assert len(added) == 2 and [r[0] for r in refused] == ["upload/bad.txt"]
    assert sorted(snapshot(tmp_path)) == ["corpus/uploads/passwd.txt", "corpus/uploads/zipped.txt"]
    assert extract_folder(corpus)["rejected"].empty, "the corpus reads every saved upload"


def test_two_sessions_do_not_share_uploads(tmp_path, monkeypatch):
    monkeypatch.delenv("READOUT_ALLOW_WRITE", raising=False)
    mine = AppTest.from_function(_upload, args=([("new.txt", NEW_DOC)],), default_timeout=60).run()
    theirs = AppTest.from_function(_upload, args=([],), default_timeout=60).run()
    assert mine.markdown[0].value == "2 documents"
    assert theirs.markdown[0].value == "1 documents"


# --- sign-in and secrets -------------------------------------------------------------------------

AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "test-only",
        "microsoft": {"client_id": "test-only", "client_secret": "test-only",
                      "server_metadata_url": "http://127.0.0.1:9/.well-known/openid"}}


def test_without_auth_the_app_runs_unchanged():
    at = app_at()
    assert not [b for b in at.button if "Sign in" in str(b.label)]
    assert {m.label for m in at.metric} >= {"Documents", "Countries", "Exchanges"}


def _gated(monkeypatch, authlib: bool):
    monkeypatch.setattr(auth, "has_authlib", lambda: authlib)
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = AUTH
    return at.run()


def test_with_auth_configured_a_signed_out_visitor_sees_only_the_sign_in(monkeypatch):
    at = _gated(monkeypatch, authlib=True)
    assert not at.exception
    assert [b.label for b in at.button] == ["Sign in with microsoft"]
    assert not at.metric and not at.dataframe and not at.get("plotly_chart")
    assert not at.sidebar.multiselect, "no filters (and no country names) before sign-in"


def test_with_auth_configured_but_no_authlib_the_gate_stays_closed(monkeypatch):
    at = _gated(monkeypatch, authlib=False)
    assert "Authlib" in at.error[0].value and not at.button and not at.metric


def test_providers_are_read_from_the_auth_section():
    assert auth.providers(AUTH) == ["microsoft"]
    assert auth.providers({"redirect_uri": "x", "client_id": "y"}) == [None]


def test_no_secret_is_in_the_repository():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.split()
    assert ".streamlit/secrets.toml" not in tracked
    ignored = subprocess.run(["git", "check-ignore", "-q", ".streamlit/secrets.toml"], cwd=ROOT)
    assert ignored.returncode == 0, ".streamlit/secrets.toml must stay git-ignored"
    example = tomllib.loads((ROOT / ".streamlit" / "secrets.toml.example").read_text())
    for key, value in [("cookie_secret", example["auth"]["cookie_secret"])] + list(
            example["auth"]["microsoft"].items()):
        if key != "server_metadata_url":
            assert value.startswith("CHANGE-ME"), (key, value)
    pattern = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----|AKIA[0-9A-Z]{16}|ghp_[0-9A-Za-z]{36}"
                         r"|xox[bp]-[0-9A-Za-z-]{20,}|(?:client_secret|cookie_secret|password|"
                         r"api_key)\s*=\s*['\"](?!CHANGE-ME|test-only)[^'\"]{8,}['\"]")
    for name in tracked:
        path = ROOT / name
        if path.suffix in {".png", ".jpg", ".duckdb", ".parquet"} or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        assert not pattern.search(text), f"{name} looks like it holds a secret"


# --- the README's section stays true -------------------------------------------------------------

def test_the_readme_section_documents_the_load_test_and_names_real_tests():
    import importlib.util

    section = (ROOT / "README.md").read_text(encoding="utf-8").split(
        "## Robustness and security", 1)[1]
    spec = importlib.util.spec_from_file_location("loadtest", ROOT / "scripts" / "loadtest.py")
    loadtest = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loadtest)
    assert "scripts/loadtest.py --docs" in section
    for action in loadtest.build_parser()._actions:
        if action.option_strings and action.dest != "help":
            assert action.option_strings[0] in section, action.option_strings[0]
    sources = "".join(p.read_text(encoding="utf-8") for p in
                      sorted((ROOT / "tests").rglob("test_*.py")))
    for name in re.findall(r"`(test_[a-z_]+)`", section):
        assert f"def {name}(" in sources, name
