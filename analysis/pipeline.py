"""Runs the extractors over documents: one document into an ``Extraction``, a folder into frames.

``extract_document`` is a pure function of one ``Document`` (picklable in and out), so that the
same code serves one process, a process pool and a Dask cluster.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from analysis.documents import DocumentError, read_folder
from analysis.extract import extract
from analysis.frames import build_frames
from analysis.records import Document, Extraction, Rejected


class ExtractionError(DocumentError):
    """A document that was read but could not be analysed (a fault of the engine, not of
    the file); the caller lists it as rejected instead of losing the rest of the corpus."""


def extract_document(doc: Document) -> Extraction:
    """Read countries, actors, contacts, statements and events out of one document.

    Raises ``ExtractionError`` (a ``DocumentError``) naming the fault if an extractor fails.
    """
    try:
        return extract(doc)
    except Exception as exc:  # noqa: BLE001 - any extractor fault becomes a rejection
        raise ExtractionError(f"the text could not be analysed ({type(exc).__name__}: {exc}); "
                              f"please report this document") from exc


def extract_documents(docs: Iterable[Document]) -> tuple[list[Extraction], list[Rejected]]:
    """Extract every document, in order, in this process; the ones an extractor fails on
    come back as ``Rejected`` rows."""
    done: list[Extraction] = []
    failed: list[Rejected] = []
    for doc in docs:
        try:
            done.append(extract_document(doc))
        except ExtractionError as exc:
            failed.append(Rejected(doc.path, str(exc)))
    return done, failed


def extract_folder(root: Path) -> dict[str, pd.DataFrame]:
    """Read and extract every document under ``root`` into the contract's frames.

    Raises ``FileNotFoundError`` / ``NotADirectoryError`` when ``root`` is not a readable folder.
    """
    if not root.exists():
        raise FileNotFoundError(f"input folder {root} does not exist")
    if not root.is_dir():
        raise NotADirectoryError(f"input {root} is not a folder")
    documents, rejected = read_folder(root)
    extractions, failed = extract_documents(documents)
    return build_frames(extractions, rejected + failed)
