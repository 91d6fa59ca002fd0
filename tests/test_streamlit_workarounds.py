"""dashboard/streamlit_workarounds.py: the Streamlit behaviour each workaround relies on is still
there. A failure here means a Streamlit upgrade changed it: read the module's docstring, then
check whether the workaround is still needed (or what replaces it)."""
from __future__ import annotations

import inspect
from pathlib import Path

import streamlit
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import script_runner

APP = Path(__file__).resolve().parent.parent / "app.py"


def test_a_pages_folder_beside_the_main_script_still_selects_the_old_layout():
    before = PagesManager.uses_pages_directory
    try:
        PagesManager.uses_pages_directory = None
        PagesManager(str(APP))
        assert PagesManager.uses_pages_directory is True
    finally:
        PagesManager.uses_pages_directory = before


def test_the_script_runner_still_runs_the_old_layout_by_that_flag():
    source = inspect.getsource(script_runner.ScriptRunner)
    assert "PagesManager.uses_pages_directory" in source and "_mpa_v1(" in source


def test_st_navigation_still_turns_the_old_layout_off_as_ensure_router_does():
    assert "PagesManager.uses_pages_directory = False" in inspect.getsource(streamlit.navigation)
