"""Reads one value of ``st.secrets`` cheaply when there is no secrets file.

With no ``secrets.toml``, every ``st.secrets`` access takes Streamlit's secrets lock, looks for
the files and raises: the settings and the sign-in gate read secrets several times a run, and
with twenty sessions at once this was a fifth of the server's time (py-spy, load test on the
100,000-document store). Here the files' absence is checked at most once every few seconds,
so that a secrets file added later is still picked up; secrets already loaded (a file, or
``AppTest.secrets``) are read as they are.
"""
from __future__ import annotations

import os
import time

import streamlit as st

#: How long a "no secrets file" verdict is trusted, in seconds.
RECHECK_S = 5.0
_checked: dict[str, float | bool] = {"at": float("-inf"), "exists": False}


def _files_exist() -> bool:
    """Whether any of Streamlit's configured secrets paths exists (checked every RECHECK_S)."""
    now = time.monotonic()
    if now - float(_checked["at"]) > RECHECK_S:
        try:
            paths = st.get_option("secrets.files") or []
        except Exception:  # an unknown option in another Streamlit: look every time
            paths = []
            _checked["exists"] = True
        else:
            _checked["exists"] = any(os.path.exists(os.path.expanduser(p)) for p in paths)
        _checked["at"] = now
    return bool(_checked["exists"])


def secret(name: str) -> object | None:
    """``st.secrets[name]``, or None when it is not set or there are no secrets at all."""
    store = st.secrets
    if getattr(store, "_secrets", None) is None and not _files_exist():
        return None
    try:
        return store.get(name)
    except Exception:  # no secrets file after all, or one that cannot be parsed
        return None


__all__ = ["secret"]
