"""Readout's extraction engine: documents in, pandas frames out (no streamlit here)."""
