"""Statement browser: who said what, searchable (matches highlighted) and filterable by speaker,
kind, country and date; choosing a statement shows its paragraph in its document."""
import streamlit as st

from dashboard import widgets
from dashboard.streamlit_workarounds import ensure_router
from dashboard.text import highlight, literal, paragraph_html

ensure_router()

st.title("Statements")
st.write("Who said what. Search by words (put a phrase in quotes), narrow by speaker and kind "
         "here and by country and date in the sidebar; choose a statement to read its paragraph.")
view = widgets.load()
widgets.filter_notice(view)

c1, c2, c3 = st.columns([3, 2, 1])
query = c1.text_input("Search", key="q", bind="query-params",
                      placeholder='words or "a phrase"')
speakers = c2.multiselect("Speaker", view.options("speakers"),
                          key="speaker", bind="query-params", placeholder="All speakers")
kinds = c3.multiselect("Kind", ["direct", "reported"], key="kind", bind="query-params",
                       placeholder="Both")
shown, matched = view.search(query, speakers=speakers, kinds=kinds)
page_filtered = view.filters.active or bool(query or speakers or kinds)


def on_row() -> None:
    """A row picked in the table chooses that statement."""
    rows = st.session_state["statement-table"].selection.rows
    if rows and rows[0] < len(st.session_state["statement-ids"]):
        st.session_state["statement"] = st.session_state["statement-ids"][rows[0]]


everything = view.unfiltered().total("statements")
if not everything:
    widgets.empty("No statements have been extracted from these documents yet.")
elif shown.empty:
    widgets.empty("No statements match this search and these filters.")
else:
    st.caption(f"{matched:,} of {everything:,} statements.")
    st.session_state["statement-ids"] = list(shown["statement_id"])
    st.dataframe(shown[["date", "speaker", "speaker_country", "kind", "text"]], hide_index=True,
                 width="stretch", key="statement-table", on_select=on_row,
                 selection_mode="single-row")
    widgets.capped(len(shown), matched, "matching statements")
widgets.download(lambda: view.search_all(query, speakers=speakers, kinds=kinds), "statements",
                 filtered=page_filtered, rows=matched)

if not shown.empty:
    labels = {r.statement_id: f"{r.speaker}: {r.text[:90]}{'…' if len(r.text) > 90 else ''}"
              for r in shown.itertuples(index=False)}
    st.subheader("Matches")
    for r in shown.head(50).itertuples(index=False):
        st.markdown(f"**{literal(r.speaker)}** ({r.kind}, {r.date or 'date unknown'}): "
                    f"{highlight(r.text, query)}", unsafe_allow_html=True)
    if matched > 50:
        st.caption(f"The first 50 of {matched:,} are listed; the table holds "
                   f"{'them all' if matched == len(shown) else f'the newest {len(shown):,}'}.")

    st.subheader("Source paragraph")
    chosen = st.selectbox("Statement", list(labels), key="statement", bind="query-params",
                          format_func=lambda sid: labels.get(sid, sid), index=None,
                          placeholder="Choose a statement (or pick a row in the table)")
    if chosen:
        row = shown[shown["statement_id"] == chosen].iloc[0]
        meta = view.document(row["doc_id"])
        index = int(row["para"])
        para = paragraph_html(meta["text"], index, row["text"]) if meta else ""
        if para:
            st.caption(f"From {literal(meta['title'])} ({literal(meta['path'])}, "
                       f"{meta['date'] or 'date unknown'}),"
                       f" paragraph {index + 1}.", unsafe_allow_html=True)
            st.markdown(f'<blockquote style="border-left:4px solid #f59e0b;padding-left:1em">'
                        f'{para}</blockquote>', unsafe_allow_html=True)
        else:
            widgets.empty("This statement's paragraph could not be found in its document.")
