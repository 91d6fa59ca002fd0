"""Draws exchanges with the reports that tell them: one row per (exchange, report), each report
a link to the Documents page, so that an analyst sees one call told by two governments as one
exchange and can open either readout."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.view import View

#: The columns of the table, in order.
COLUMNS = ["date", "channel", "participants", "countries", "reports", "report", "document",
           "title"]


def summary(view: View) -> str:
    """"4 exchanges in 6 reports" for the matching exchanges."""
    exchanges, reports = view.total("exchanges"), view.total("reports")
    return (f"{exchanges:,} exchange{'s' if exchanges != 1 else ''} in {reports:,} "
            f"report{'s' if reports != 1 else ''}")


def table(exchanges: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """One row per report of each exchange, in the exchanges' order (``COLUMNS``; ``document``
    is the Documents page's address of the report)."""
    if exchanges.empty:
        return pd.DataFrame(columns=COLUMNS)
    joined = exchanges[["exchange_id", "date", "channel", "participants", "countries",
                        "documents"]].merge(
        documents.rename(columns={"date": "report", "path": "file"}), on="exchange_id",
        how="left", sort=False)
    joined["document"] = "documents?doc=" + joined["doc_id"].fillna("").astype(str)
    joined["reports"] = joined["documents"].astype("int64")
    return joined[COLUMNS].reset_index(drop=True)


def draw(view: View, *, limit: int, key: str) -> None:
    """The ``limit`` newest matching exchanges with their reports, or one sentence."""
    exchanges = view.rows("exchanges").head(limit)
    if exchanges.empty:
        st.info("No exchanges match these filters." if view.filters.active
                else "No exchanges have been read from these documents.",
                icon=":material/info:")
        return
    rows = table(exchanges, view.exchange_documents(tuple(exchanges["exchange_id"])))
    st.dataframe(rows, hide_index=True, width="stretch", key=key, column_config={
        "reports": st.column_config.NumberColumn("reports", help="documents telling it"),
        "report": st.column_config.TextColumn("reported", help="the document's date"),
        "document": st.column_config.LinkColumn("document", display_text="Open document")})


__all__ = ["COLUMNS", "draw", "summary", "table"]
