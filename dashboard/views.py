"""What a page shows for the current filters: each frame's rows, newest first, up to
``ROW_CAP``; how many rows match in all; and the aggregates (per-country involvement, counts
per day, date bounds) computed over every matching row, not just the rows shown.

A page never holds a whole frame it does not draw: at 100,000 documents the frames are 2.6
million rows (about 1.1 GB), and turning them into tables, labels and map layers took pages
4 to 26 seconds. 2,000 rows, as many as the map and the timeline draw: with twenty sessions on
one server, the tables' conversion to Arrow was a tenth of its time at 5,000. Two implementations answer the same calls:

- ``FrameView`` (here): frames already in memory, from a corpus folder read directly
  (``seeds/``): the rows are capped when shown, the aggregates computed in pandas;
- ``StoreView`` (``dashboard/store_source.py``): a DuckDB store written by ``python -m analysis
  ingest``: the capped rows and the aggregates come from SQL (``analysis.query``), and
  downloads read every matching row when clicked.

Row order, in both: date descending (unknown dates last), then document id, then the row's
place in its document (documents: date descending, then path).
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping

import pandas as pd

from dashboard.filters import (FRAME_KEYS, Filters, date_bounds, search_statements,
                               split_list, statements_for_selection)

#: The most rows a table, a chooser or a map/timeline layer is given; the pages say how many
#: more match, and every download holds all of them.
ROW_CAP = 2_000

#: Frames a page shows rows of, and how they are ordered (newest first).
_ORDER = {"documents": (["date", "path"], [False, True])}
_DEFAULT_ORDER = (["date", "doc_id"], [False, True])


def newest_first(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """``frame`` ordered as every page shows it: date descending (unknown last), then document
    (documents: path), keeping each document's rows in their order (a stable sort)."""
    if name == "rejected" or "date" not in frame or frame.empty:
        return frame
    columns, ascending = _ORDER.get(name, _DEFAULT_ORDER)
    columns = [c for c in columns if c in frame]
    return frame.sort_values(columns, ascending=ascending[:len(columns)], kind="stable")


class View(Mapping):
    """The frames one page run works on. ``view[name]`` gives the rows to show (at most
    ``ROW_CAP``, newest first); the methods answer over all matching rows."""

    filters: Filters
    #: What the view holds, hashable (source, version, uploads, filters), so that figures built
    #: from it can be shared by every session asking the same; None: build them each run.
    key: tuple | None = None

    def __iter__(self) -> Iterator[str]:
        return iter(FRAME_KEYS)

    def __len__(self) -> int:
        return len(FRAME_KEYS)

    def total(self, name: str) -> int:
        """How many rows of frame ``name`` match."""
        raise NotImplementedError

    def country_count(self) -> int:
        """How many distinct countries the matching documents mention."""
        raise NotImplementedError

    def all_rows(self, name: str) -> pd.DataFrame:
        """Every matching row of frame ``name``, newest first (for downloads, when clicked)."""
        raise NotImplementedError

    def country_table(self) -> pd.DataFrame:
        """Per country involved: iso3, name, mentions, documents, contacts, actions, score."""
        raise NotImplementedError

    def per_day(self) -> dict[str, pd.Series]:
        """Dated contacts and actions per day (ISO date -> count), over every matching row."""
        raise NotImplementedError

    def bounds(self):
        """The earliest and latest known date of the matching rows (None, None when none)."""
        raise NotImplementedError

    def search(self, query: str, speakers=(), kinds=()) -> tuple[pd.DataFrame, int]:
        """Statements matching the search, speakers and kinds: the rows to show and the total."""
        raise NotImplementedError

    def search_all(self, query: str, speakers=(), kinds=()) -> pd.DataFrame:
        """Every statement matching the search (for the download)."""
        raise NotImplementedError

    def speakers(self) -> list[str]:
        """Every statement speaker of the corpus (the statements page's options)."""
        raise NotImplementedError

    def document(self, doc_id: str) -> dict | None:
        """One document's row, with its text (None when there is no such document)."""
        raise NotImplementedError

    def parts(self, doc_id: str) -> dict[str, pd.DataFrame]:
        """Everything extracted from one document: countries, actors, contacts, statements,
        events rows (unfiltered, in document order)."""
        raise NotImplementedError

    def statements_about(self, contact_ids, event_ids) -> pd.DataFrame:
        """The matching statements about the contacts and actions picked on the timeline."""
        raise NotImplementedError

    def doc_ids(self) -> set[str]:
        """Every document id of the corpus (to refuse an upload already there)."""
        raise NotImplementedError

    def options(self, kind: str) -> list[str]:
        """The sidebar's options over the whole corpus: "countries" (ISO3) or "actors"."""
        raise NotImplementedError


class FrameView(View):
    """A view over frames held in memory: ``frames`` are the filtered frames (with the
    ``paragraph`` column of ``add_paragraphs``), ``everything`` the unfiltered ones."""

    def __init__(self, frames: Mapping[str, pd.DataFrame], everything: Mapping[str, pd.DataFrame],
                 filters: Filters):
        self.frames, self.everything, self.filters = frames, everything, filters
        self._shown: dict[str, pd.DataFrame] = {}

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in FRAME_KEYS:
            raise KeyError(name)
        if name not in self._shown:
            self._shown[name] = newest_first(self.frames[name], name).head(ROW_CAP)
        return self._shown[name]

    def total(self, name: str) -> int:
        return len(self.frames[name])

    def country_count(self) -> int:
        return int(self.frames["countries"]["iso3"].nunique())

    def country_codes(self) -> set[str]:
        """The distinct ISO3 codes the matching documents mention."""
        return set(self.frames["countries"]["iso3"]) - {""}

    def all_rows(self, name: str) -> pd.DataFrame:
        return newest_first(self.frames[name], name)

    def country_table(self) -> pd.DataFrame:
        from dashboard.figures import involvement

        return involvement(self.frames)

    def per_day(self) -> dict[str, pd.Series]:
        return {label: _per_day(self.frames[name]) for label, name in (("contacts", "contacts"),
                                                                         ("actions", "events"))}

    def bounds(self):
        return date_bounds(self.frames)

    def search(self, query: str, speakers=(), kinds=()) -> tuple[pd.DataFrame, int]:
        found = search_statements(self.frames["statements"], query, speakers=speakers, kinds=kinds)
        return newest_first(found, "statements").head(ROW_CAP), len(found)

    def search_all(self, query: str, speakers=(), kinds=()) -> pd.DataFrame:
        found = search_statements(self.frames["statements"], query, speakers=speakers, kinds=kinds)
        return newest_first(found, "statements")

    def speakers(self) -> list[str]:
        return sorted(set(self.everything["statements"]["speaker"]) - {""})

    def document(self, doc_id: str) -> dict | None:
        docs = self.everything["documents"]
        rows = docs[docs["doc_id"] == doc_id]
        return rows.iloc[0].to_dict() if len(rows) else None

    def parts(self, doc_id: str) -> dict[str, pd.DataFrame]:
        return {name: self.everything[name][self.everything[name]["doc_id"] == doc_id]
                for name in ("countries", "actors", "contacts", "statements", "events")}

    def statements_about(self, contact_ids, event_ids) -> pd.DataFrame:
        found = statements_for_selection(self.frames["statements"], self.frames["contacts"],
                                         self.frames["events"], contact_ids=contact_ids,
                                         event_ids=event_ids)
        return newest_first(found, "statements")

    def doc_ids(self) -> set[str]:
        return set(self.everything["documents"]["doc_id"])

    def options(self, kind: str) -> list[str]:
        return frame_options(self.everything, kind)


def frame_options(frames: Mapping[str, pd.DataFrame], kind: str) -> list[str]:
    """Sidebar options from frames: "countries" (every ISO3 code in countries, contacts and
    events) or "actors" (actors, contact participants, statement speakers), sorted."""
    values: set[str] = set()
    if kind == "countries":
        values |= set(frames["countries"]["iso3"])
        for cell in frames["contacts"]["countries"]:
            values.update(split_list(cell))
        for column in ("actors", "targets"):
            for cell in frames["events"][column]:
                values.update(c for c in split_list(cell) if len(c) == 3 and c.isupper())
    else:
        values |= set(frames["actors"]["name"]) | set(frames["statements"]["speaker"])
        for cell in frames["contacts"]["participants"]:
            values.update(split_list(cell))
    values.discard("")
    return sorted(values)


def _per_day(frame: pd.DataFrame) -> pd.Series:
    """Rows per known day (ISO date -> count), by date."""
    dates = frame.loc[frame["date"].fillna("") != "", "date"].astype(str).str[:10]
    return dates.value_counts().sort_index()


def shown_caption(shown: int, total: int, what: str) -> str | None:
    """"The newest 2,000 of 12,345 statements are shown; the download holds them all." when a
    table is capped, else None."""
    if total <= shown:
        return None
    return (f"The newest {shown:,} of {total:,} {what} are shown; narrow the filters to see "
            "others. The download holds them all.")


__all__ = ["FrameView", "ROW_CAP", "View", "frame_options", "newest_first", "shown_caption"]
