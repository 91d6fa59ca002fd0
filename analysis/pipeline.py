"""Runs the extractors over documents: one document into an ``Extraction``, a folder into frames.

``extract_document`` is a pure function of one ``Document`` (picklable in and out), so that the
same code serves one process, a process pool and a Dask cluster.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from analysis.documents import read_folder
from analysis.frames import build_frames
from analysis.records import Document, Extraction


def extract_document(doc: Document) -> Extraction:
    """Read countries, actors, contacts, statements and events out of one document."""
    from analysis.extract import extract  # the extractors, wired together

    return extract(doc)


def extract_documents(docs: Iterable[Document]) -> list[Extraction]:
    """Extract every document, in order, in this process."""
    return [extract_document(doc) for doc in docs]


def extract_folder(root: Path) -> dict[str, pd.DataFrame]:
    """Read and extract every document under ``root`` into the contract's frames.

    Raises ``FileNotFoundError`` / ``NotADirectoryError`` when ``root`` is not a readable folder.
    """
    if not root.exists():
        raise FileNotFoundError(f"input folder {root} does not exist")
    if not root.is_dir():
        raise NotADirectoryError(f"input {root} is not a folder")
    documents, rejected = read_folder(root)
    return build_frames(extract_documents(documents), rejected)
