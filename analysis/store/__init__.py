"""Storing and querying Readout's frames: where extractions are kept and how every deployment
asks for them.

- ``schema``: the tables and columns, built from ``analysis.engine.frames.COLUMNS`` (the one list of
  column names), and the SQL that creates them;
- ``database``: the embedded DuckDB store under a data folder (``Store``): connections, the
  ingest lock, whole-generation swaps, errors worded with their fix;
- ``links``: the derived columns a country filter reads, and the rule that links a statement to
  a country;
- ``memory``: a folder corpus in an in-memory database with the same schema, and a session's
  uploads joined to either;
- ``query``: the one query layer: the filters as parameterised SQL, rows, counts, aggregates;
- ``ingest``: a folder into the store, incrementally, on every core; ``dask_engine``: the same
  work on a Dask cluster.

It imports the reading engine (documents, extraction, frames), never the dashboard.
"""
