"""analysis/store/brief.py: what changed since a day, on three calls of our own over five days,
the same from a folder in memory and from a store."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from analysis.engine.pipeline import extract_folder
from analysis.store.brief import brief, default_since, speakers_table, to_markdown
from analysis.store.database import Store
from analysis.store.ingest import ingest
from analysis.store.memory import MemoryStore
from analysis.store.query import Filters

DOCS = {
    "a.txt": "date 2026-05-04\n\nPresident Emmanuel Macron of France spoke by telephone with "
             "Chancellor Friedrich Merz of Germany on Monday. \"We agreed to work together,\" "
             "Macron said.\n",
    "b.txt": "date 2026-05-07\n\nPrime Minister Keir Starmer of the United Kingdom met President "
             "Recep Tayyip Erdogan of Türkiye in Ankara on Wednesday.\n\n\"Our talks were frank "
             "and useful,\" Erdogan said.\n",
    "c.txt": "date 2026-05-08\n\nPresident Emmanuel Macron of France spoke by telephone with "
             "Prime Minister Keir Starmer of the United Kingdom on Friday. Macron said the two "
             "countries would keep in close touch.\n",
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("brief")
    for name, text in DOCS.items():
        (root / name).write_text(text, "utf-8")
    return root


@pytest.fixture(scope="module")
def memory(folder) -> MemoryStore:
    return MemoryStore(extract_folder(folder))


def test_the_default_is_the_day_before_the_latest_document(memory):
    assert default_since(memory) == date(2026, 5, 7)


def test_the_default_with_no_dated_document_is_none(tmp_path):
    (tmp_path / "x.txt").write_text("President Emmanuel Macron spoke.", "utf-8")
    assert default_since(MemoryStore(extract_folder(tmp_path))) is None


def test_only_rows_dated_since_the_day_are_new(memory):
    b = brief(memory, date(2026, 5, 7))
    assert b.documents == 2 and b.contact_total == 1 and b.statement_total == 2
    assert b.contacts["date"].tolist() == ["2026-05-08"]


def test_statements_are_grouped_by_speaker_with_their_kinds(memory):
    b = brief(memory, date(2026, 5, 4))
    macron = b.speakers[b.speakers["speaker"].str.contains("Macron")].iloc[0]
    assert (macron["statements"], macron["direct"], macron["reported"]) == (2, 1, 1)
    assert macron["country"] == "France" and macron["latest"] == "2026-05-08"


def test_countries_involved_before_the_day_are_not_newly_involved(memory):
    b = brief(memory, date(2026, 5, 6))
    assert set(b.countries["iso3"]) == {"GBR", "TUR"}  # France was in Monday's call
    assert set(brief(memory, date(2026, 5, 8)).countries["iso3"]) == set()


def test_the_sidebar_filters_narrow_the_brief(memory):
    b = brief(memory, date(2026, 5, 4), Filters(countries=("TUR",)))
    assert b.contact_total == 1 and b.contacts["countries"].tolist() == ["GBR; TUR"]


def test_a_day_after_everything_gives_an_empty_brief(memory):
    b = brief(memory, date(2026, 6, 1))
    assert b.empty and "None." in to_markdown(b)


def test_a_store_gives_the_same_brief_as_the_folder(folder, memory, tmp_path):
    store = Store(tmp_path / "data")
    ingest(folder, store, workers=1)
    since = default_since(store)
    assert since == default_since(memory)
    a, b = brief(memory, since), brief(store, since)
    assert to_markdown(a) == to_markdown(b)
    pd.testing.assert_frame_equal(a.speakers, b.speakers)


def test_the_markdown_has_a_section_per_kind_and_names_countries(memory):
    text = to_markdown(brief(memory, date(2026, 5, 6)), described="Filtered to nothing.")
    assert text.startswith("# What's new since 2026-05-06\n")
    for heading in ("## Countries newly involved (2)", "## New contacts (2)",
                    "## New statements by speaker (2)", "## New actions (0)"):
        assert heading in text
    assert "(United Kingdom, Türkiye)" in text and "GBR; TUR" not in text


def test_markdown_marks_in_the_documents_cannot_format_the_brief():
    frame = pd.DataFrame({"speaker": ["*Bold* [x](y)"], "speaker_country": [""],
                          "kind": ["direct"], "date": ["2026-05-08"], "text": ["# not a heading"]})
    b = brief(MemoryStore(extract_folder(Path(__file__).parent.parent / "seeds")),
              date(2030, 1, 1))
    text = to_markdown(replace(b, speakers=speakers_table(frame)))
    assert r"**\*Bold\* \[x\](y)**" in text and r"“\# not a heading”" in text
