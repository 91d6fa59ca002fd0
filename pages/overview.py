"""Overview: how much is in the corpus, over which dates, the latest exchanges with the reports
that tell them, and the files not read: those that could not be, and those the corpus's ignore
rules skip."""
import streamlit as st

from analysis.engine.documents import IGNORE_FILE, IGNORED
from dashboard import exchange_list, widgets
from dashboard.streamlit_workarounds import ensure_router

ensure_router()

st.title("Readout")
st.write("Crisis-diplomacy documents read into countries, contacts, statements and actions.")
view = widgets.load()
widgets.filter_notice(view)

docs = view.rows("documents")
if not view.unfiltered().total("documents"):
    widgets.empty("No documents are loaded yet: add some on the Add documents page, or point "
                  "READOUT_CORPUS at a folder of documents.")
else:
    cols = st.columns(5)
    cols[0].metric("Documents", f"{view.total('documents'):,}")
    cols[1].metric("Countries", f"{view.country_count():,}")
    cols[2].metric("Exchanges", f"{view.total('exchanges'):,}",
                   help="calls, meetings and visits, each counted once however many reports "
                        "tell it")
    cols[3].metric("Statements", f"{view.total('statements'):,}")
    cols[4].metric("Actions", f"{view.total('events'):,}")
    st.write(f"Exchanges: **{exchange_list.summary(view)}**.")
    lo, hi = view.bounds()
    if lo:
        span = f"{lo}" if lo == hi else f"{lo} to {hi}"
        st.write(f"Dates covered: **{span}**.")
    else:
        st.write("No dated rows match these filters.")

st.subheader("Latest exchanges")
exchange_list.draw(view, limit=10, key="latest-exchanges")
widgets.download_all(view, "exchanges")
widgets.download_all(view, "contacts")

st.subheader("Documents")
if docs.empty:
    widgets.empty("No documents match these filters.")
else:
    widgets.table(docs, ["date", "title", "path", "words"], key="overview-documents")
    widgets.capped(len(docs), view.total("documents"), "documents")
widgets.download_all(view, "documents")

st.subheader("Files not read")
rejected = view.rows("rejected")
skipped = rejected[rejected["reason"].astype(str).str.startswith(IGNORED)]
failed = rejected[~rejected.index.isin(skipped.index)]
if rejected.empty:
    st.write("Every file was read.")
else:
    st.write(f"**{len(failed):,}** could not be read; **{len(skipped):,}** "
             f"{'was' if len(skipped) == 1 else 'were'} skipped by the corpus's ignore rules "
             f"(by default READMEs, licences, `*.json` and hidden files; add patterns in the "
             f"folder's `{IGNORE_FILE}`).")
    if not failed.empty:
        st.dataframe(failed, hide_index=True, width="stretch", key="rejected")
    if not skipped.empty:
        with st.expander(f"Skipped files ({len(skipped):,})"):
            st.dataframe(skipped, hide_index=True, width="stretch", key="skipped")
    widgets.capped(len(rejected), view.total("rejected"), "files")
    widgets.download_all(view, "rejected")
