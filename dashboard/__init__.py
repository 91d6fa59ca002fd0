"""Readout's dashboard, the Streamlit side of the data flow: it turns the settings into a source
(``sources``: a store, or the corpus folder in memory, with the session's uploads), asks the one
``view`` for what each page draws (cached calls into ``analysis.store.query``), and turns the
answers into figures and safe HTML.

- Pure, no streamlit (unit-tested): ``figures`` (pydeck map, plotly timeline), ``text`` (escaped
  and marked document text), ``csv_export``, ``saving`` (an upload written into the corpus).
- Streamlit-side: ``settings``, ``secrets_lookup``, ``sources``, ``uploads``, ``view``,
  ``widgets``, ``sidebar``, ``basemap``, ``auth``, and ``streamlit_workarounds`` (the one place
  that relies on Streamlit's internals).

It imports ``analysis``; nothing in ``analysis`` imports it."""
