"""Loads the data tables under ``analysis/engine/data`` once per process (lazy, cached)."""
from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"


@cache
def read_table(name: str) -> tuple[dict[str, str], ...]:
    """Return the rows of ``analysis/engine/data/NAME`` (a CSV with a header) as dicts.

    Raises ``FileNotFoundError`` naming the table when it is missing.
    """
    path = DATA / name
    with path.open(newline="", encoding="utf-8") as handle:
        return tuple(dict(row) for row in csv.DictReader(handle))


@cache
def read_list(name: str) -> tuple[str, ...]:
    """Return the non-blank, non-comment lines of ``analysis/engine/data/NAME``."""
    path = DATA / name
    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(s.strip() for s in lines if s.strip() and not s.lstrip().startswith("#"))
