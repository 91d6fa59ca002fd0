"""Readout's dashboard helpers: pure modules (filters, text, figures, csv_export) and
streamlit-side ones (data, sidebar, widgets)."""
