"""The reading engine: a document's file into the contract's frames, pure Python.

``documents`` reads a file (text, HTML, encodings, date and metadata lines) into a ``Document``
(the one reader, for a folder's files and uploads alike); ``sentences``, ``gazetteer`` and
``matcher``, ``names``, ``actors``, ``voice``, ``coref``, ``attribution``, ``dates``, ``tense``,
``contacts``, ``statements`` and ``events`` read it; ``extract`` wires them into one
``Extraction`` of named ``records``; ``frames`` builds the contract's frames and CSV lines (the
one module that knows the column lists); ``pipeline`` runs a folder, on every core;
``exchanges`` and ``retellings`` group what several documents tell. ``tables`` reads the word
lists and tables in ``data/``; ``geo`` turns the shipped country shapes into map inputs.

It imports nothing else of Readout's. A change here (code or tables) changes the engine's
fingerprint, and the next ingest extracts every document again.
"""
