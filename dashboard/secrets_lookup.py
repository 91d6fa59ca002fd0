"""Reads one value of ``st.secrets``, or None when it is not set, when there is no secrets file,
or when the file cannot be parsed (a page shows its default instead of a traceback).

``st.secrets.load_if_toml_exists()`` is Streamlit's probe for a secrets file: it answers from
the loaded secrets without a lock once a file is read, and looks for the files again while
there is none, so a secrets file added later is picked up at the next run.
"""
from __future__ import annotations

import streamlit as st


def secret(name: str) -> object | None:
    """``st.secrets[name]``, or None when it is not set or there are no secrets at all."""
    try:
        if not st.secrets.load_if_toml_exists():
            return None
        return st.secrets.get(name)
    except Exception:  # a secrets file that cannot be parsed
        return None


__all__ = ["secret"]
