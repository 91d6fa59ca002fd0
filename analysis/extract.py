"""Wires the extractors together: one ``Document`` into one ``Extraction``."""
from __future__ import annotations

from analysis.records import Document, Extraction


def extract(doc: Document) -> Extraction:
    """Run every extractor over one document (work in progress: countries first)."""
    return Extraction(doc, [], [], [], [], [])
