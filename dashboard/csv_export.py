"""Turns a (filtered) frame into CSV bytes that open correctly in Excel and in pandas.

UTF-8 with a byte-order mark (so Excel reads accents), CRLF row ends, the contract's columns
in the contract's order, ISO dates as text, and every text cell that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return prefixed with a single quote, as OWASP recommends
against CSV injection. Pure pandas, no streamlit.
"""
from __future__ import annotations

import hashlib
from collections import OrderedDict

import pandas as pd

from analysis.engine.frames import COLUMNS

#: Characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: Columns left out of the downloads: a document's whole body can pass Excel's 32,767
#: characters per cell; the documents page shows it instead.
LEFT_OUT = {"documents": ("text",)}


def neutralise(value: object) -> object:
    """Prefix a text cell that a spreadsheet would run as a formula with a single quote.

    >>> neutralise("=HYPERLINK(1)"), neutralise("-5 dead"), neutralise("Putin"), neutralise(3)
    ("'=HYPERLINK(1)", "'-5 dead", 'Putin', 3)
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def export_columns(name: str, frame: pd.DataFrame) -> list[str]:
    """The columns a download of frame ``name`` carries: the contract's, in order, then none else."""
    columns = COLUMNS.get(name, list(frame.columns))
    return [c for c in columns if c not in LEFT_OUT.get(name, ()) ]


def to_csv_bytes(frame: pd.DataFrame, name: str) -> bytes:
    """Return ``frame`` (a filtered view of contract frame ``name``) as CSV bytes.

    Missing contract columns come out empty; extra columns (such as ``paragraph``) are dropped.
    An empty frame gives just the header row.
    """
    columns = export_columns(name, frame)
    out = frame.reindex(columns=columns)
    key = _fingerprint(name, out)
    if key is not None and key in _MEMO:
        _MEMO.move_to_end(key)
        return _MEMO[key]
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            cells = out[column].astype(object).where(out[column].notna(), "")
            text = cells.astype(str)
            risky = cells.map(type).eq(str) & text.str.startswith(FORMULA_STARTS)
            out[column] = cells.where(~risky, "'" + text)
    data = "\ufeff".encode("utf-8") + out.to_csv(index=False, lineterminator="\r\n").encode("utf-8")
    if key is not None:
        _MEMO[key] = data
        while len(_MEMO) > 1 and (len(_MEMO) > _MEMO_ENTRIES
                                  or sum(map(len, _MEMO.values())) > _MEMO_BYTES):
            _MEMO.popitem(last=False)
    return data


#: The last CSVs built (at most 16, 200 MB in all, the newest always), by content: a rerun
#: offers the same downloads again, and a CSV of every match is the costliest part of a page
#: run that builds one.
_MEMO: OrderedDict[tuple, bytes] = OrderedDict()
_MEMO_ENTRIES = 16
_MEMO_BYTES = 200 * 2**20
_MEMO_MIN_ROWS = 1_000


def _fingerprint(name: str, out: pd.DataFrame) -> tuple | None:
    """A key for a frame's content and row order (None for small frames: not worth it)."""
    if len(out) < _MEMO_MIN_ROWS:
        return None
    try:
        hashes = pd.util.hash_pandas_object(out, index=False).to_numpy()
    except TypeError:  # unhashable cells
        return None
    return name, tuple(out.columns), len(out), hashlib.blake2b(hashes.tobytes()).hexdigest()


def file_name(name: str, *, filtered: bool) -> str:
    """The download's file name: ``readout-contacts.csv`` or ``readout-contacts-filtered.csv``."""
    return f"readout-{name}{'-filtered' if filtered else ''}.csv"
