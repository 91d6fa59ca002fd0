"""Reads the deployment's settings: each from an environment variable, else from
``.streamlit/secrets.toml``, else a default.

- ``READOUT_CORPUS`` / ``corpus``: the folder of documents (default: ``seeds/`` beside app.py);
- ``READOUT_STORE`` / ``store``: a data folder written by ``python -m analysis ingest``; when
  set, the pages read that store instead of reading the corpus folder (default: none);
- ``READOUT_ALLOW_WRITE`` / ``allow_write``: let uploads be written into the corpus folder
  (default off: uploads stay in the uploader's session);
- ``READOUT_MAP_STYLE`` / ``map_style``: a tile style URL for a basemap (default none: the map
  draws the shipped country shapes and asks nothing of the network);
- ``READOUT_FOLLOW_LINKS`` (environment only, read by ``analysis.engine.documents``): ``1`` reads
  links to files outside the corpus folder (default off: they are listed as not read).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from dashboard.secrets_lookup import secret

APP_DIR = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = APP_DIR / "seeds"
_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    """Where the corpus (or the store) is, whether uploads may be written there, and an
    optional basemap."""

    corpus: Path
    allow_write: bool
    map_style: str | None
    store: Path | None = None


def _folder(value: object) -> Path:
    """A configured folder, relative to app.py's folder unless absolute."""
    path = Path(str(value)).expanduser()
    return path if path.is_absolute() else APP_DIR / path


def settings() -> Settings:
    """Read the settings from the environment, then ``st.secrets``, then the defaults."""
    corpus = os.environ.get("READOUT_CORPUS") or secret("corpus") or DEFAULT_CORPUS
    write = os.environ.get("READOUT_ALLOW_WRITE") or secret("allow_write") or ""
    style = os.environ.get("READOUT_MAP_STYLE") or secret("map_style") or None
    store = os.environ.get("READOUT_STORE") or secret("store") or None
    return Settings(corpus=_folder(corpus), allow_write=str(write).strip().lower() in _TRUE,
                    map_style=str(style) if style else None,
                    store=_folder(store) if store else None)


__all__ = ["APP_DIR", "DEFAULT_CORPUS", "Settings", "settings"]
