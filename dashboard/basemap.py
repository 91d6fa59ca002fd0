"""Decides whether the map gets a tile basemap: the configured style URL when its host answers
within a second (checked at most every five minutes), else none, and the map draws the shipped
country shapes with no request to the network."""
from __future__ import annotations

import socket
from urllib.parse import urlparse

import streamlit as st

from dashboard.settings import settings


def basemap_style() -> str | None:
    """The configured tile style URL when its host answers, else None."""
    style = settings().map_style
    if not style:
        return None
    return style if _reachable(style) else None


@st.cache_data(ttl=300, show_spinner=False)
def _reachable(url: str) -> bool:
    """Whether a TCP connection to the URL's host and port opens within a second."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        return False
    try:
        with socket.create_connection((parsed.hostname, parsed.port or
                                       (443 if parsed.scheme == "https" else 80)), timeout=1.0):
            return True
    except OSError:
        return False


__all__ = ["basemap_style"]
