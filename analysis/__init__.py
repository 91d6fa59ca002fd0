"""Readout's analysis, pure Python (no streamlit): the reading engine, which turns documents into
the contract's frames (``documents``, ``sentences``, ``gazetteer``, ``actors``, ``dates``,
``contacts``, ``statements``, ``events``, ``extract``, ``pipeline``, ``frames``: the one list of
column names, tables in ``data/``), and ``analysis.store``, which keeps the frames and answers
every query on them. ``python -m analysis extract`` and ``ingest`` are the command line."""
