"""Benchmarks that print figures: real-text throughput and pathological inputs.

Nothing at run time imports this package; ``python -m analysis.bench`` and the modules'
own ``python -m benchmarks.NAME`` entry points do.
"""
