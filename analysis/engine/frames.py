"""Turns extraction records into the contract's pandas frames, and frames into CSV files; or
records straight into CSV lines, the same bytes, for workers that need no frame.

This is the one module that knows the contract's column lists (``../shared/CONTRACT.md``).
pandas is imported when a frame is built, so that a process writing CSV lines only does not
pay for importing it.
"""
from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable
from datetime import date
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.engine.linking import link
from analysis.engine.records import Extraction, Rejected

if TYPE_CHECKING:
    import pandas as pd

LIST_SEP = "; "

#: The contract's columns first, then the extra columns Readout adds.
COLUMNS: dict[str, list[str]] = {
    "documents": ["doc_id", "path", "date", "title", "words", "encoding", "text", "source",
                  "url"],
    "rejected": ["path", "reason"],
    "countries": ["doc_id", "iso3", "name", "mentions", "surface"],
    "actors": ["doc_id", "name", "country", "title", "mentions", "kind", "actor_id"],
    "contacts": ["contact_id", "doc_id", "date", "date_text", "channel", "participants",
                 "countries", "evidence", "para", "exchange_id", "participant_ids"],
    "statements": ["statement_id", "doc_id", "date", "speaker", "speaker_country", "kind",
                   "text", "evidence", "para", "speaker_ids", "joint", "statement_group_id",
                   "group_documents"],
    "events": ["event_id", "doc_id", "date", "type", "actors", "targets", "evidence",
               "date_text", "para"],
    "exchanges": ["exchange_id", "date", "channel", "participants", "participant_ids",
                  "countries", "documents", "doc_ids", "first_reported", "evidence"],
}

#: Columns whose cells are lists, joined with ``LIST_SEP`` in the frames and CSV files.
LIST_COLUMNS = {"participants", "countries", "actors", "targets", "participant_ids",
                "speaker_ids", "doc_ids"}

#: The frames written to CSV, in the order they are written.
FRAME_NAMES = tuple(COLUMNS)


def _cell(value: object, column: str) -> object:
    """Render one record field as a frame cell: ISO dates, joined lists, '' for unknown."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if column in LIST_COLUMNS and isinstance(value, (tuple, list)):
        return LIST_SEP.join(str(v) for v in value)
    return value


def split_list(cell: object) -> list[str]:
    """A list cell's items, as ``_cell`` joined them ('' and missing give []).

    >>> split_list("RUS; QAT")
    ['RUS', 'QAT']
    """
    if not isinstance(cell, str):  # None, NaN, pd.NA: an empty cell
        return []
    return [item.strip() for item in cell.split(LIST_SEP.strip()) if item.strip()]


#: Columns of whole numbers (int64: counts; ``para``, the paragraph of the document body a
#: row's evidence stands in, from 0, -1 when unknown; ``joint``, 1 for a statement of the
#: sides of an exchange, else 0); every other column is text ("string", '' for unknown).
INT_COLUMNS = {"words", "mentions", "para", "joint", "documents", "group_documents"}


def _frame(name: str, rows: Iterable[tuple]) -> pd.DataFrame:
    """Build one frame with exactly the columns of ``COLUMNS[name]``, typed as strings/ints,
    column by column (one typed array each): workers and ingest build frames for every chunk
    of documents, so this is on the engine's path."""
    import numpy as np
    import pandas as pd

    rows = list(rows)
    data = {}
    for column in COLUMNS[name]:
        values = list(map(attrgetter(column), rows))
        if column in INT_COLUMNS:
            data[column] = np.asarray(values, dtype="int64")
        else:
            # _cell never gives None, so the array holds no missing value to fill
            cells = [v if v.__class__ is str else _cell(v, column) for v in values]
            data[column] = pd.array(cells, dtype="string")
    return pd.DataFrame(data, columns=COLUMNS[name])


def records_frame(name: str, rows: Iterable[tuple]) -> pd.DataFrame:
    """Frame ``name`` of these records, as ``build_frames`` types it (for a writer that links
    rows itself: the store's ``relink``)."""
    return _frame(name, rows)


def build_frames(extractions: Iterable[Extraction],
                 rejected: Iterable[Rejected] = ()) -> dict[str, pd.DataFrame]:
    """Build every contract frame from per-document extractions, in a stable order.

    Documents are sorted by path so that the same corpus always gives the same frames;
    contacts and statements are linked across documents (``linking.link``: exchanges and
    statement groups). An empty corpus gives empty frames that still carry their columns.
    """
    ordered = sorted(extractions, key=lambda e: e.document.path)
    linked = link([c for e in ordered for c in e.contacts],
                  [s for e in ordered for s in e.statements],
                  {e.document.doc_id: e.document.date for e in ordered})
    return {
        "documents": _frame("documents", (e.document for e in ordered)),
        "rejected": _frame("rejected", sorted(rejected, key=lambda r: r.path)),
        "countries": _frame("countries", (c for e in ordered for c in e.countries)),
        "actors": _frame("actors", (a for e in ordered for a in e.actors)),
        "contacts": _frame("contacts", linked.contacts),
        "statements": _frame("statements", linked.statements),
        "events": _frame("events", (v for e in ordered for v in e.events)),
        "exchanges": _frame("exchanges", linked.exchanges),
    }


def write_frames(frames: dict[str, pd.DataFrame], out_dir: Path) -> list[Path]:
    """Write each frame as ``OUT_DIR/NAME.csv`` (UTF-8, no index, pandas' CSV dialect: commas,
    quotes only where needed, doubled inside, ``os.linesep`` line ends); returns the paths
    written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in FRAME_NAMES:
        path = out_dir / f"{name}.csv"
        frames[name].to_csv(path, index=False, encoding="utf-8")
        written.append(path)
    return written


# -- CSV lines without frames ------------------------------------------------------------------

def _csv_lines(rows: Iterable[Iterable[object]]) -> str:
    """``rows`` in the CSV dialect ``DataFrame.to_csv`` writes (the csv module's minimal quoting,
    ``os.linesep`` line ends)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=os.linesep).writerows(rows)
    return buffer.getvalue()


def csv_header(name: str) -> str:
    """The header line of ``NAME.csv``, as ``write_frames`` writes it.

    >>> csv_header("rejected") == "path,reason" + os.linesep
    True
    """
    return _csv_lines([COLUMNS[name]])


def csv_rows(name: str, rows: Iterable[tuple]) -> str:
    """The lines ``write_frames`` writes in ``NAME.csv`` for these records (no header): the
    same cells, the same bytes, without building a frame. '' when there are none."""
    columns = COLUMNS[name]
    fields = attrgetter(*columns)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=os.linesep)
    for row in rows:
        writer.writerow([v if v.__class__ is str else _cell(v, c)
                         for v, c in zip(fields(row), columns)])
    return buffer.getvalue()
