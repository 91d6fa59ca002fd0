"""The seed document end to end through `python -m analysis extract`: every country, call,
date, quote and strike the issue names."""
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def frames(tmp_path_factory):
    out = tmp_path_factory.mktemp("seed-out")
    done = subprocess.run([sys.executable, "-m", "analysis", "extract", str(ROOT / "seeds"),
                           "--out", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return {name: pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False)
            for name in ("documents", "rejected", "countries", "contacts", "statements",
                         "events")}


def test_one_document_none_rejected(frames):
    assert len(frames["documents"]) == 1 and frames["rejected"].empty
    assert frames["documents"].loc[0, "date"] == "2026-03-03"


def test_all_eight_countries(frames):
    assert sorted(frames["countries"]["iso3"]) == ["ARE", "BHR", "IRN", "ISR", "QAT", "RUS",
                                                   "SAU", "USA"]


def test_four_phone_calls_of_putin_on_2026_03_02(frames):
    contacts = frames["contacts"]
    assert len(contacts) == 4
    assert set(contacts["channel"]) == {"phone"} and set(contacts["date"]) == {"2026-03-02"}
    pairs = {tuple(p.split("; ")) for p in contacts["participants"]}
    assert pairs == {("Vladimir Putin", "Mohammed bin Salman"),
                     ("Vladimir Putin", "Hamad bin Isa Al Khalifa"),
                     ("Vladimir Putin", "Tamim bin Hamad Al Thani"),
                     ("Vladimir Putin", "Mohammed bin Zayed Al Nahyan")}
    assert {c for c in contacts["countries"]} == {"RUS; SAU", "RUS; BHR", "RUS; QAT", "RUS; ARE"}


def test_monday_call_keeps_the_words_of_its_date(frames):
    qatar = frames["contacts"][frames["contacts"]["countries"] == "RUS; QAT"].iloc[0]
    assert qatar["date_text"] == "On Monday"
    assert qatar["evidence"].startswith("On Monday, Putin also had telephonic contacts")


def test_four_direct_quotations_with_their_speakers(frames):
    direct = frames["statements"][frames["statements"]["kind"] == "direct"]
    assert list(direct["speaker"]) == ["Dmitry Peskov", "Dmitry Peskov", "the Kremlin",
                                       "the Kremlin"]
    assert set(direct["speaker_country"]) == {"RUS"}
    assert direct.iloc[0]["text"].startswith("Putin will certainly make every effort")
    assert not any(t.startswith('"') or t.endswith('"') for t in direct["text"])


def test_reported_statements_of_the_kremlin(frames):
    reported = frames["statements"][frames["statements"]["kind"] == "reported"]
    assert set(reported["speaker"]) == {"the Kremlin"}
    assert any(t.startswith("Putin spoke by telephone with leaders of Bahrain")
               for t in reported["text"])


def test_strikes_of_2026_02_28(frames):
    events = frames["events"]
    strikes = events[events["type"] == "strike"]
    rows = {(r.actors, r.targets, r.date) for r in strikes.itertuples()}
    assert ("ISR; USA", "IRN", "2026-02-28") in rows
    assert ("IRN", "USA", "2026-02-28") in rows


def test_every_evidence_is_a_sentence_of_the_document(frames):
    text = frames["documents"].loc[0, "text"]
    for name in ("contacts", "statements", "events"):
        assert all(e in text for e in frames[name]["evidence"]), name


def test_missing_input_folder_exits_non_zero_with_one_line(tmp_path):
    done = subprocess.run([sys.executable, "-m", "analysis", "extract", str(tmp_path / "nope"),
                           "--out", str(tmp_path / "out")], cwd=ROOT, capture_output=True,
                          text=True)
    assert done.returncode != 0
    assert done.stderr.strip().count("\n") == 0 and "does not exist" in done.stderr
