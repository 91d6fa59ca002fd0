"""Tools that measure Readout and print figures, and the corpora they measure it on: the scale
benchmark (``bench``: engine, ingest, data layer and pages at 1,000 to 100,000 documents),
synthetic corpora (``synth``), real-text corpora (``realtext``) and pathological inputs
(``pathological``).

Nothing at run time imports this package; ``python -m benchmarks.bench`` and the modules' own
``python -m benchmarks.NAME`` entry points, the load test and the tests do.
"""
