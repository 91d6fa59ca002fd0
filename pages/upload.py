"""Add documents: upload text files (the seed layout, plain text, Markdown, HTML, or a zip of
them); what cannot be read is reported with the reason."""
import streamlit as st

from analysis.engine.documents import MAX_BYTES, MAX_CHARS
from dashboard import uploads, widgets
from dashboard.settings import settings
from dashboard.streamlit_workarounds import ensure_router

ensure_router()

st.title("Add documents")
widgets.corpus_problem()
cfg = settings()
st.write("Upload documents in the seed layout (`date YYYY-MM-DD` then the text), plain text, "
         "Markdown or HTML, or a zip of them. Their countries, contacts and statements join "
         "every page.")
# the limits as configured: server.maxUploadSize in .streamlit/config.toml, the reader's own
st.caption(f"Limits: at most {st.get_option('server.maxUploadSize')} MB per uploaded file, of "
           f"these types: {', '.join('.' + t for t in uploads.UPLOAD_TYPES)} (other files are "
           f"listed as not read). Each document at most {MAX_BYTES / 1e6:g} MB and "
           f"{MAX_CHARS:,} characters; one upload, its zips unpacked, at most "
           f"{uploads.MAX_UNZIPPED / 1e6:g} MB in all. File names are labels only: nothing is "
           "written under an uploaded name.")
if cfg.allow_write:
    st.caption(f"This deployment saves uploads into the corpus ({cfg.corpus}/uploads), so "
               "everyone sees them.")
else:
    st.caption("Uploads stay in your session: colleagues do not see them, and they are gone "
               f"when you close the tab. A session keeps at most "
               f"{uploads.MAX_SESSION_CHARS:,} characters of uploaded text.")

with st.form("upload-form", clear_on_submit=True):
    # every type is taken and judged here, so that a file of another type is listed with the
    # reason instead of being dropped by the browser before it reaches the report
    files = st.file_uploader("Documents", accept_multiple_files=True, key="upload-files")
    submitted = st.form_submit_button("Add documents", icon=":material/upload:")

if submitted and not files:
    st.warning("Choose one or more files first.")
elif submitted:
    bar = st.progress(0.0, text="Reading…")
    st.session_state["upload-report"] = uploads.accept_uploads(
        [(f.name, f.getvalue()) for f in files], known_ids=set(widgets.load().doc_ids()),
        progress=lambda share, text: bar.progress(share, text=text))
    bar.empty()
    st.rerun()  # so that the sidebar's filters offer the new countries and actors at once

report = st.session_state.get("upload-report")
if report:
    added, failed = report
    if added:
        st.success(f"Added {len(added)} document(s).")
        st.dataframe([{"document": p, "countries": c, "contacts": k, "statements": s,
                       "actions": e} for p, c, k, s, e in added], hide_index=True,
                     key="upload-added")
    if failed:
        st.error(f"{len(failed)} file(s) could not be read.")
        st.dataframe([{"file": p, "reason": r} for p, r in failed], hide_index=True,
                     key="upload-failed")

st.subheader("This session's uploads")
mine, refused = uploads.session_uploads()
if not mine and not refused:
    widgets.empty("You have not added any documents in this session.")
else:
    st.write(f"{len(mine)} document(s) added, {len(refused)} file(s) refused in this session.")
    if st.button("Remove this session's uploads", icon=":material/delete:"):
        mine.clear()
        refused.clear()
        st.session_state.pop("upload-report", None)
        st.rerun()
