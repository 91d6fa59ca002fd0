"""Reads one value of ``st.secrets``, or None when it is not set, when there is no secrets file,
or when the file cannot be parsed (a page shows its default instead of a traceback).

``st.secrets.load_if_toml_exists()`` is Streamlit's probe for a secrets file. Once a file is
read it answers without a lock; while there is none, every probe takes Streamlit's secrets lock
and looks for the files again, and the settings and the sign-in gate read secrets several times
a run, for every session at once. So a probe that found none is trusted for ``RECHECK_S``
seconds (for the same ``st.secrets``: secrets given another way, such as ``AppTest.secrets``,
are read at once), and a secrets file added later is picked up after that.
"""
from __future__ import annotations

import time

import streamlit as st

#: How long a "no secrets" probe is trusted, in seconds.
RECHECK_S = 5.0
_none_found: dict[str, object] = {"secrets": None, "at": float("-inf")}


def secret(name: str) -> object | None:
    """``st.secrets[name]``, or None when it is not set or there are no secrets at all."""
    secrets = st.secrets
    now = time.monotonic()
    if _none_found["secrets"] is secrets and now - float(_none_found["at"]) < RECHECK_S:
        return None
    try:
        if not secrets.load_if_toml_exists():
            _none_found.update(secrets=secrets, at=now)
            return None
        return secrets.get(name)
    except Exception:  # a secrets file that cannot be parsed
        return None


__all__ = ["secret"]
