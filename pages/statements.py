"""Statement browser: who said what, searchable and filterable by speaker, kind, country and
date; a search says where its words were found (the quote, the sentence it was read from, the
speaker); choosing a statement shows its paragraph in its document."""
import streamlit as st

from dashboard import widgets
from dashboard.streamlit_workarounds import ensure_router
from analysis.store.query import search_terms
from dashboard.text import literal, paragraph_html, where_matched

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
    widgets.table(shown, ["date", "speaker", "speaker_country", "kind", "text"],
                  key="statement-table", on_select=on_row)
    widgets.capped(len(shown), matched, "matching statements")
widgets.download(lambda: view.search_all(query, speakers=speakers, kinds=kinds), "statements",
                 filtered=page_filtered, rows=matched)

if not shown.empty:
    labels = {r.statement_id: f"{r.speaker}: {r.text[:90]}{'…' if len(r.text) > 90 else ''}"
              for r in shown.itertuples(index=False)}
    if search_terms(query):
        st.subheader("Where the words matched")
        st.caption("The search reads each statement's words, its speaker and the sentence it "
                   "was read from; the words are marked where they were found.")
        for r in shown.head(50).itertuples(index=False):
            places = where_matched(query, text=r.text, evidence=r.evidence, speaker=r.speaker)
            st.markdown(f"**{literal(r.speaker) or 'No speaker found'}**, {r.date or 'undated'}: "
                        + "; ".join(f"in the {where}: {html}" for where, html in places),
                        unsafe_allow_html=True)
        if matched > 50:
            st.caption(f"The first 50 of {matched:,} are listed here.")

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
