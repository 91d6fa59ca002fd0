"""What a page shows for the current filters, asked of the query layer and cached: each frame's
newest rows (at most ``ROW_CAP``), how many rows match in all, the aggregates over every
matching row (per-country involvement, counts per day, date bounds), the sidebar's options, a
document and its rows, the timeline selection's statements, and downloads of every match.

One ``View`` serves every deployment: a store, a folder corpus in memory, either with a
session's uploads (``dashboard.sources``), all answered by ``analysis.store.query``. Answers
are cached by the data's key and the filters, shared by every session asking the same (a
resource, handed out without a copy: nobody changes them); a download reads every matching row
when it is clicked, uncached. A page never holds a whole frame it does not draw: at 100,000
documents the frames are 2.6 million rows.
"""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from analysis.engine.gazetteer import country_name
from analysis.engine.geo import country_points
from analysis.store import brief as briefs
from analysis.store import query
from analysis.store.query import NO_FILTERS, Filters

#: The most rows a table, a chooser or a map/timeline layer is given; the pages say how many
#: more match, and every download holds all of them. As many as the map and the timeline draw.
ROW_CAP = 2_000

#: The columns of the map's table of countries involved.
INVOLVEMENT = ["iso3", "name", "mentions", "documents", "contacts", "actions", "score"]


@st.cache_resource(show_spinner=False, max_entries=512)
def _answer(key: tuple, call: str, args: tuple, options: tuple, _source) -> object:
    """``analysis.store.query``'s ``call(source, *args, **dict(options))`` on the data that
    ``key`` names."""
    return getattr(query, call)(_source, *args, **dict(options))


@st.cache_resource(show_spinner=False, max_entries=64)
def _brief(key: tuple, since: date, filters: Filters, _source) -> briefs.Brief:
    """``analysis.store.brief.brief`` on the data that ``key`` names."""
    return briefs.brief(_source, since, filters)


def involvement(totals: pd.DataFrame) -> pd.DataFrame:
    """``query.country_totals`` as the map's table (``INVOLVEMENT``): the gazetteer's names,
    actions counted for countries only (an action's actors may be a group), ``score`` =
    mentions + 2 per contact or action, by score. Countries with nothing left are dropped."""
    if totals.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c not in ("iso3", "name")
                                          else "string") for c in INVOLVEMENT})
    points = country_points()
    table = totals.rename(columns={"events": "actions"}).copy()
    table["iso3"] = table["iso3"].astype(str)
    table["name"] = [country_name(i) if i in points else (n or i)
                     for i, n in zip(table["iso3"], table["name"])]
    for column in ("mentions", "documents", "contacts", "actions"):
        table[column] = table[column].fillna(0).astype("int64")
    table.loc[~table["iso3"].isin(set(points)), "actions"] = 0
    table = table[table[["mentions", "documents", "contacts", "actions"]].sum(axis=1) > 0]
    table["score"] = table["mentions"] + 2 * (table["contacts"] + table["actions"])
    return table[INVOLVEMENT].sort_values(["score", "iso3"], ascending=[False, True],
                                          ignore_index=True)


class View:
    """The data one page run works on, narrowed by ``filters``: ``source`` answers
    ``analysis.store.query``'s calls, ``key`` names what it holds (the cache key)."""

    def __init__(self, source, key: tuple, filters: Filters = NO_FILTERS):
        self.source, self.key, self.filters = source, key, filters

    def _ask(self, call: str, *args: object, **options: object) -> object:
        return _answer(self.key, call, args, tuple(sorted(options.items())), self.source)

    def unfiltered(self) -> View:
        """The same data with no filter (the corpus's totals, the sidebar's bounds)."""
        return View(self.source, self.key) if self.filters.active else self

    # -- rows and totals ---------------------------------------------------------------------

    def rows(self, name: str) -> pd.DataFrame:
        """The newest ``ROW_CAP`` matching rows of frame ``name`` (``query.rows``' order)."""
        return self._ask("rows", name, self.filters, limit=ROW_CAP)

    def all_rows(self, name: str) -> pd.DataFrame:
        """Every matching row of frame ``name``, in the same order (for a download, when it is
        clicked: not cached)."""
        return query.rows(self.source, name, self.filters)

    def total(self, name: str) -> int:
        """How many rows of frame ``name`` match."""
        return self._ask("count_rows", self.filters)[name]

    def country_count(self) -> int:
        """How many distinct countries the matching documents mention."""
        return self.total("distinct countries")

    # -- aggregates ----------------------------------------------------------------------------

    def country_table(self) -> pd.DataFrame:
        """Per country involved: ``INVOLVEMENT``, over every matching row."""
        return involvement(self._ask("country_totals", self.filters))

    def per_day(self) -> dict[str, pd.Series]:
        """Dated exchanges ("contacts") and actions per day (ISO date -> count), over every
        matching row."""
        days = self._ask("per_day", self.filters)
        return {label: pd.Series(part["rows"].to_numpy(dtype="int64"),
                                 index=part["day"].astype(str).to_numpy())
                for label, part in (("contacts", days[days["frame"] == "exchanges"]),
                                    ("actions", days[days["frame"] == "events"]))}

    def bounds(self) -> tuple[date | None, date | None]:
        """The earliest and latest known date of the matching rows (None, None when none)."""
        return self._ask("date_bounds", self.filters)

    def options(self, kind: str) -> list[str]:
        """The filter widgets' values over everything held: "countries" (ISO3), "actors",
        "speakers" or "channels"."""
        return self._ask("options")[kind]

    # -- exchanges and who talks to whom -----------------------------------------------------

    def marks(self) -> pd.DataFrame:
        """One contacts row per matching exchange, the newest ``ROW_CAP``
        (``query.exchange_marks``): what the map and the timeline draw."""
        return self._ask("exchange_marks", self.filters, limit=ROW_CAP)

    def exchange_documents(self, exchange_ids) -> pd.DataFrame:
        """The documents reporting each exchange (``query.exchange_documents``)."""
        return self._ask("exchange_documents", tuple(exchange_ids))

    def network(self, by: str) -> pd.DataFrame:
        """Every pair of actors or countries (``by``) that the matching exchanges join, with
        their counts, dates and channels (``query.network_edges``)."""
        return self._ask("network_edges", self.filters, by=by)

    # -- the statements page's search ----------------------------------------------------------

    def search(self, text: str, speakers=(), kinds=()) -> tuple[pd.DataFrame, int]:
        """The newest ``ROW_CAP`` statements matching the search, speakers and kinds, and how
        many match in all."""
        page = {"search": str(text or ""), "speakers": tuple(speakers), "kinds": tuple(kinds)}
        return (self._ask("rows", "statements", self.filters, limit=ROW_CAP, **page),
                self._ask("count", "statements", self.filters, **page))

    def search_all(self, text: str, speakers=(), kinds=()) -> pd.DataFrame:
        """Every statement matching the search (for the download, when it is clicked)."""
        return query.rows(self.source, "statements", self.filters, search=str(text or ""),
                          speakers=tuple(speakers), kinds=tuple(kinds))

    # -- the "What's new" brief -----------------------------------------------------------------

    def default_since(self) -> date | None:
        """The day before the latest document the filters keep (None when none is dated):
        ``rows("documents")`` comes newest first."""
        dates = self.rows("documents")["date"]
        value = str(dates.iloc[0]) if len(dates) else ""
        return date.fromisoformat(value[:10]) - timedelta(days=1) if value else None

    def brief(self, since: date) -> briefs.Brief:
        """What the matching rows say happened on or after ``since`` (``analysis.store.brief``)."""
        return _brief(self.key, since, self.filters, self.source)

    # -- one document, and the timeline's selection ---------------------------------------------

    def document(self, doc_id: str) -> dict | None:
        """One document's row, with its text (None when there is no such document)."""
        return self._ask("document", str(doc_id))

    def parts(self, doc_id: str) -> dict[str, pd.DataFrame]:
        """Every row read out of one document (unfiltered, in document order), per frame."""
        return self._ask("document_rows", str(doc_id))

    def doc_ids(self) -> frozenset[str]:
        """Every document id held (to refuse an upload already there)."""
        return self._ask("doc_ids")

    def statements_about(self, contact_ids, event_ids) -> pd.DataFrame:
        """The matching statements about the contacts and actions picked on the timeline."""
        return self._ask("statements_about", self.filters, contact_ids=tuple(contact_ids),
                         event_ids=tuple(event_ids))


def shown_caption(shown: int, total: int, what: str) -> str | None:
    """"The newest 2,000 of 12,345 statements are shown; ..." when a table is capped, else None."""
    if total <= shown:
        return None
    return (f"The newest {shown:,} of {total:,} {what} are shown; narrow the filters to see "
            "others. The download holds them all.")


__all__ = ["INVOLVEMENT", "ROW_CAP", "View", "involvement", "shown_caption"]
