"""scripts/loadtest.py's protocol client (Streamlit sessions over its websocket, no browser):
it loads pages without errors on seeds/, and a page that raises is counted as an error."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "loadtest.py"
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
from e2e_helpers import serve  # noqa: E402  (the browser tests' server, on loopback)

#: A tiny app with the dashboard's page addresses: every page draws a title, the map raises.
RAISING_APP = """
import streamlit as st

def overview():
    st.title("Overview")

def broken_map():
    st.title("Map")
    raise RuntimeError("a page that breaks under load")

def other():
    st.title("Other")

st.navigation([
    st.Page(overview, title="Overview", default=True),
    st.Page(broken_map, title="Map", url_path="map"),
    st.Page(other, title="Contact timeline", url_path="timeline"),
    st.Page(other, title="Statements", url_path="statements"),
    st.Page(other, title="Documents", url_path="documents"),
    st.Page(other, title="Add documents", url_path="upload"),
]).run()
"""


def run_loadtest(*args: str, timeout: float) -> tuple[subprocess.CompletedProcess, dict]:
    out_json = Path(args[args.index("--json") + 1])
    out = subprocess.run([sys.executable, str(SCRIPT), *args], cwd=ROOT, capture_output=True,
                         text=True, timeout=timeout)
    summary = json.loads(out_json.read_text()) if out_json.exists() else {}
    return out, summary


@pytest.mark.slow
def test_protocol_client_loads_every_page_on_the_seeds_without_errors(tmp_path):
    """2 sessions for 20 s on seeds/: pages loaded and filters changed, no error, figures."""
    out, summary = run_loadtest("--corpus", "seeds", "--sessions", "2", "--seconds", "20",
                                "--json", str(tmp_path / "figures.json"), timeout=240)
    assert out.returncode == 0, out.stdout + out.stderr
    assert summary["client"] == "protocol"
    assert summary["page loads"] > 0 and summary["filter changes"] > 0, out.stdout
    assert summary["errors"] == 0 and summary["steps not drawn in time"] == 0, out.stdout
    pages = summary["per page (median / p95 s)"]
    for label in ("Overview", "Map", "Contact timeline", "Statements", "Documents",
                  "Add documents"):
        assert label in pages, out.stdout
    assert {"filter: country on Overview", "filter: dates on Contact timeline",
            "filter: search on Statements"} & pages.keys(), out.stdout
    assert 0 < summary["p95 page time, s"] <= summary["max page time, s"], out.stdout
    assert summary["server peak RSS, MB"] > 0, out.stdout


def test_protocol_client_counts_a_page_that_raises_as_an_error(tmp_path):
    """A page whose script raises is an error (the exception element in its output), and the
    other pages still load; the server is a tiny app driven with --url."""
    app = tmp_path / "app.py"
    app.write_text(textwrap.dedent(RAISING_APP), encoding="utf-8")
    with serve(app=app, log="streamlit-raising") as base:
        out, summary = run_loadtest("--url", base, "--sessions", "1", "--seconds", "4",
                                    "--no-filter", "--page-timeout", "30",
                                    "--json", str(tmp_path / "figures.json"), timeout=120)
    assert out.returncode == 1, out.stdout + out.stderr
    assert summary["errors"] > 0, out.stdout
    messages = summary["error messages"]
    assert all(", Map: " in m and "RuntimeError" in m and "breaks under load" in m
               for m in messages), messages
    assert summary["page loads"] > summary["errors"], out.stdout  # the other pages loaded
    assert summary["steps not drawn in time"] == 0, out.stdout


def test_only_this_machine_is_driven():
    out = subprocess.run([sys.executable, str(SCRIPT), "--url", "http://example.org:8501"],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and "must be on this machine" in out.stderr, out.stderr
