"""Both deployments answer alike: the corpus folder read by the dashboard itself and a store that
``python -m analysis ingest`` wrote from the same folder, each with the same uploads joined,
give the same totals, rows, aggregates and statements for every page's data, over a grid of
filters: each country with and without a date range, each channel, statement searches.

The corpus: a synthetic one, the seed document and (when the checkout has it) the shared gold
corpus of real readouts, where the two paths once disagreed."""
from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st

from analysis.store.query import Filters
from benchmarks.synth import write_corpus
from dashboard import sources, uploads
from dashboard.view import View

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT.parent / "shared" / "corpus"

#: Uploaded in both deployments: a text file and an HTML page that no corpus file holds.
UPLOADS = [
    ("call.txt", b"date 2026-03-05\nFrench President Emmanuel Macron spoke by telephone with "
                 b"Qatar's Emir Tamim bin Hamad Al Thani on Wednesday.\n\n\"We need calm,\" "
                 b"Macron said after the call.\n\nIsrael struck targets in Syria on Tuesday."),
    # a second report of the seed's Putin-Tamim call: one exchange with the seed's in both
    ("qna.txt", (ROOT / "tests" / "fixtures" / "second-readout" /
                 "qna-amir-putin-call.txt").read_bytes()),
    ("page.html", b"<html><head><title>Meeting in Doha</title></head><body><p>date 2026-03-04"
                  b"</p><p>Qatar's Prime Minister met Iran's Foreign Minister Abbas Araghchi in "
                  b"Doha on Monday.</p><p>Araghchi said the talks were constructive.</p>"
                  b"</body></html>"),
]


@pytest.fixture(scope="module")
def deployments(tmp_path_factory) -> dict[str, View]:
    """The folder deployment and the store deployment, each with the uploads joined, as the
    pages get them (``dashboard.sources.current``)."""
    corpus = tmp_path_factory.mktemp("one") / "corpus"
    write_corpus(corpus / "synthetic", 60)
    shutil.copy(ROOT / "seeds" / "000_c64ff08c818fbad2.txt", corpus / "seed.txt")
    if GOLD.is_dir():
        shutil.copytree(GOLD, corpus / "gold", ignore=shutil.ignore_patterns("*.json", "*.md"))
    data = tmp_path_factory.mktemp("one") / "store"
    subprocess.run([sys.executable, "-m", "analysis", "ingest", str(corpus), "--data", str(data),
                    "--quiet", "--workers", "1"], check=True, cwd=ROOT, capture_output=True)
    extractions, rejected = uploads.add_uploads(UPLOADS, known_ids=set())
    assert len(extractions) == 3 and not rejected
    patch = pytest.MonkeyPatch()
    views = {}
    try:
        st.session_state["readout_uploads"] = {"extractions": extractions, "rejected": []}
        patch.setenv("READOUT_CORPUS", str(corpus))
        for name, store in (("folder", None), ("store", data)):
            if store is None:
                patch.delenv("READOUT_STORE", raising=False)
            else:
                patch.setenv("READOUT_STORE", str(store))
            current = sources.current()
            assert current.problem is None, current.problem
            views[name] = View(current.source, current.key)
    finally:
        patch.undo()
        st.session_state.pop("readout_uploads", None)
    assert views["folder"].key != views["store"].key
    return views


@contextmanager
def narrowed(views: dict[str, View], filters: Filters) -> Iterator[tuple[View, View]]:
    """Both deployments narrowed by ``filters``, each asking through one connection of its own
    source for the ``with`` block (the same SQL as a connection per question, without opening
    a store file for each of them)."""
    with views["folder"].source.reader() as folder, views["store"].source.reader() as store:
        yield (View(folder, views["folder"].key, filters),
               View(store, views["store"].key, filters))


def same_frames(a: pd.DataFrame, b: pd.DataFrame, what) -> None:
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), obj=str(what))


def same_answers(folder: View, store: View) -> None:
    """Everything a page asks of a view: rows (capped), totals, aggregates, statements."""
    f = folder.filters
    for name in ("documents", "rejected", "countries", "actors", "contacts", "statements",
                 "events", "exchanges"):
        assert folder.total(name) == store.total(name), (f, name)
        same_frames(folder.rows(name), store.rows(name), (f, name))
    assert folder.total("reports") == store.total("reports"), f
    same_frames(folder.marks(), store.marks(), (f, "one mark per exchange"))
    for by in ("actors", "countries"):
        same_frames(folder.network(by), store.network(by), (f, "network", by))
    ids = tuple(folder.rows("exchanges")["exchange_id"].head(8))
    same_frames(folder.exchange_documents(ids), store.exchange_documents(ids),
                (f, "the documents of exchanges"))
    assert folder.country_count() == store.country_count(), f
    same_frames(folder.country_table(), store.country_table(), (f, "countries involved"))
    for label, days in folder.per_day().items():
        assert days.to_dict() == store.per_day()[label].to_dict(), (f, label)
    assert folder.bounds() == store.bounds(), f
    picked = folder.rows("contacts")["contact_id"].head(8).tolist()
    acts = folder.rows("events")["event_id"].head(4).tolist()
    same_frames(folder.statements_about(picked, acts), store.statements_about(picked, acts),
                (f, "statements about the picked rows"))


def test_the_whole_data_is_the_same(deployments):
    folder, store = deployments["folder"], deployments["store"]
    assert folder.total("documents") > 60 and folder.total("statements") > 100
    same_answers(folder, store)
    for kind in ("countries", "actors", "speakers", "channels"):
        assert folder.options(kind) == store.options(kind), kind
    assert folder.doc_ids() == store.doc_ids()
    for doc_id in sorted(folder.doc_ids())[:10]:
        assert folder.document(doc_id) == store.document(doc_id)
        for name, rows in folder.parts(doc_id).items():
            same_frames(rows, store.parts(doc_id)[name], (doc_id, name))


def test_an_uploaded_report_of_a_stored_call_joins_its_exchange_in_both(deployments):
    for view in deployments.values():
        filtered = View(view.source, view.key, Filters(countries=("QAT",), channels=("phone",),
                                                       start=date(2026, 3, 2),
                                                       end=date(2026, 3, 2)))
        exchanges = filtered.rows("exchanges")
        assert exchanges["documents"].tolist() == [2]
        assert len(filtered.exchange_documents(tuple(exchanges["exchange_id"]))) == 2


def test_the_uploads_are_in_both(deployments):
    for view in deployments.values():
        paths = set(view.all_rows("documents")["path"])
        assert {"upload/call.txt", "upload/page.html"} <= paths
        page = view.all_rows("documents").set_index("path").loc["upload/page.html"]
        assert page["date"] == "2026-03-04" and page["title"].startswith("Qatar's Prime Minister")


def test_each_country_with_and_without_a_date_range(deployments):
    countries = deployments["folder"].options("countries")
    assert len(countries) >= 20
    lo, hi = deployments["folder"].bounds()
    middle = lo + (hi - lo) / 2
    for iso3 in countries:
        for start, end in ((None, None), (lo, middle), (middle, hi)):
            with narrowed(deployments, Filters(start=start, end=end, countries=(iso3,))) as both:
                same_answers(*both)


def test_each_channel_alone_and_with_a_country(deployments):
    for channel in deployments["folder"].options("channels"):
        for filters in (Filters(channels=(channel,)), Filters(channels=(channel,),
                                                               countries=("QAT",))):
            with narrowed(deployments, filters) as both:
                same_answers(*both)


def test_a_statement_search(deployments):
    speaker = deployments["folder"].options("speakers")[0]
    for filters in (Filters(), Filters(countries=("IRN",)),
                    Filters(start=date(2026, 1, 1), countries=("RUS", "QAT"))):
        with narrowed(deployments, filters) as (folder, store):
            for text, speakers, kinds in (("said", (), ()), ('"the region"', (), ("direct",)),
                                          ("", (speaker,), ()), ("talks calm", (), ("reported",))):
                rows, total = folder.search(text, speakers, kinds)
                same_frames(rows, store.search(text, speakers, kinds)[0], (filters, text))
                assert total == store.search(text, speakers, kinds)[1]
                same_frames(folder.search_all(text, speakers, kinds),
                            store.search_all(text, speakers, kinds), (filters, text, "all"))


def test_actors_with_and_without_a_channel(deployments):
    for actor in deployments["folder"].options("actors")[:15]:
        for filters in (Filters(actors=(actor,)), Filters(actors=(actor,), channels=("phone",))):
            with narrowed(deployments, filters) as both:
                same_answers(*both)
