"""Documents: read one document with its extracted countries, actors, contacts and statements
marked in the text."""
import streamlit as st

from dashboard import widgets
from dashboard.streamlit_workarounds import ensure_router
from dashboard.text import document_parts, legend_html, literal, mark_document

ensure_router()

st.title("Documents")
st.write("Read a document with what was extracted from it marked in the text.")
view = widgets.load()
widgets.filter_notice(view)
docs = view.rows("documents")

if not view.unfiltered().total("documents"):
    widgets.empty("No documents are loaded yet: add some on the Add documents page.")
elif docs.empty:
    widgets.empty("No documents match these filters.")
else:
    labels = {r.doc_id: f"{r.date or 'undated'} · {r.title} ({r.path})"
              for r in docs.itertuples(index=False)}
    linked = st.session_state.get("doc")  # a link to a document past the newest shown
    if linked and linked not in labels and (extra := view.document(str(linked))):
        labels[linked] = f"{extra['date'] or 'undated'} · {extra['title']} ({extra['path']})"
    doc_id = st.selectbox("Document", list(labels), key="doc", bind="query-params",
                          format_func=lambda d: labels.get(d, d))
    doc = view.document(doc_id)
    parts = view.parts(doc_id)
    st.caption(f"{literal(doc['path'])} · {doc['date'] or 'date unknown'} · {doc['words']} words · "
               + " · ".join(f"{len(parts[n])} {n}" for n in parts), unsafe_allow_html=True)
    st.markdown(legend_html(), unsafe_allow_html=True)
    bounds = document_parts(doc["text"])
    part = 0
    if len(bounds) > 1:  # a long document: one part at a time, so a run sends bounded HTML
        part = st.selectbox(
            "Part", range(len(bounds)), key=f"doc-part-{doc_id}",
            format_func=lambda i: f"Part {i + 1} of {len(bounds)} (characters "
                                  f"{bounds[i][0] + 1:,} to {bounds[i][1]:,})")
        st.caption(f"This document has {len(doc['text']):,} characters: it is shown in "
                   f"{len(bounds)} parts of whole paragraphs.")
    start, end = bounds[part]
    st.markdown(f'<div style="line-height:1.7;max-width:60em">'
                f'{mark_document(doc["text"][start:end], **parts)}</div>',
                unsafe_allow_html=True)
    tabs = st.tabs(["Contacts", "Statements", "Actions", "Countries", "Actors"])
    for tab, name, columns in (
            (tabs[0], "contacts", ["date", "date_text", "channel", "participants", "countries",
                                   "evidence"]),
            (tabs[1], "statements", ["date", "speaker", "kind", "text"]),
            (tabs[2], "events", ["date", "type", "actors", "targets", "evidence"]),
            (tabs[3], "countries", ["iso3", "name", "mentions"]),
            (tabs[4], "actors", ["name", "country", "title", "mentions", "kind"])):
        with tab:
            if parts[name].empty:
                widgets.empty(f"No {name if name != 'events' else 'actions'} were extracted "
                              "from this document.")
            else:
                widgets.table(parts[name], columns, key=f"doc-{name}",
                              full="evidence" if "evidence" in columns else None)
            if name != "actors":
                widgets.download(parts[name], name, filtered=True, key=f"doc-download-{name}")

st.subheader("All documents")
if not docs.empty:
    widgets.table(docs, ["date", "title", "path", "words"], key="documents-table")
    widgets.capped(len(docs), view.total("documents"), "documents")
widgets.download_all(view, "documents")
