"""Readout's analysis, pure Python (no streamlit): ``analysis.engine`` reads documents into the
contract's frames; ``analysis.store`` keeps the frames and answers every query on them;
``python -m analysis extract`` and ``ingest`` are the command line."""
