"""CSV downloads (dashboard/csv_export.py): contract columns, UTF-8 with BOM, formula cells
neutralised, rows exactly those of the filtered frame, read back by pandas."""
import io

import pandas as pd
import pytest

from analysis.engine.frames import COLUMNS
from dashboard.csv_export import export_columns, file_name, neutralise, to_csv_bytes
from analysis.store.query import Filters
from dashboard_seed import empty_frames, seed_frames, seed_view


def read_back(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)


@pytest.mark.parametrize("name", ["contacts", "statements", "events", "countries", "documents"])
def test_columns_are_the_contracts(name):
    frame = seed_frames()[name]
    back = read_back(to_csv_bytes(frame, name))
    expected = [c for c in COLUMNS[name] if not (name == "documents" and c == "text")]
    assert list(back.columns) == expected == export_columns(name, frame)
    assert len(back) == len(frame)


def test_starts_with_a_byte_order_mark_and_uses_crlf():
    data = to_csv_bytes(seed_frames()["contacts"], "contacts")
    assert data.startswith(b"\xef\xbb\xbfcontact_id,doc_id,date,")
    assert b"\r\n" in data and data.count(b"\r\n") == 5


def test_filtered_statements_hold_exactly_the_rows_shown():
    view = seed_view(Filters(countries=("QAT",)))
    shown, _ = view.search("")
    back = read_back(to_csv_bytes(shown, "statements"))
    assert back["statement_id"].tolist() == shown["statement_id"].tolist() == ["s2"]
    assert back["text"].tolist() == shown["text"].tolist()


def test_dates_stay_iso_text():
    back = read_back(to_csv_bytes(seed_frames()["events"], "events"))
    assert back["date"].tolist() == ["2026-02-28", "2026-03-03"]


def test_non_ascii_survives_the_round_trip():
    frame = seed_frames()["statements"].assign(speaker="Sergueï Lavrov — МИД")
    assert read_back(to_csv_bytes(frame, "statements"))["speaker"].iloc[0] == "Sergueï Lavrov — МИД"


@pytest.mark.parametrize("cell", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR",
                                  "=HYPERLINK(\"http://x\")"])
def test_formula_cells_are_neutralised(cell):
    frame = seed_frames()["statements"].iloc[:1].assign(text=cell)
    back = read_back(to_csv_bytes(frame, "statements"))
    assert back["text"].iloc[0] == "'" + cell


def test_plain_and_numeric_cells_are_left_alone():
    assert neutralise("Putin said") == "Putin said"
    assert neutralise(-3) == -3
    back = read_back(to_csv_bytes(seed_frames()["countries"], "countries"))
    assert back["mentions"].tolist()[:2] == ["3", "6"]


def test_empty_frame_gives_the_header_only():
    data = to_csv_bytes(empty_frames()["statements"], "statements")
    assert data.decode("utf-8-sig").strip() == ",".join(COLUMNS["statements"])
    assert read_back(data).empty


def test_extra_columns_are_dropped():
    frame = seed_frames()["contacts"].assign(_seq=0)
    back = read_back(to_csv_bytes(frame, "contacts"))
    assert "_seq" not in back.columns and list(back.columns) == COLUMNS["contacts"]


def test_a_table_that_is_no_frame_keeps_its_own_columns():
    table = seed_view().country_table()
    back = read_back(to_csv_bytes(table, "countries-involved"))
    assert list(back.columns) == list(table.columns) and len(back) == len(table) == 8


def test_file_names():
    assert file_name("contacts", filtered=False) == "readout-contacts.csv"
    assert file_name("statements", filtered=True) == "readout-statements-filtered.csv"
