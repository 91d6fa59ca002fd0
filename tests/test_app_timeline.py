"""Contact timeline page (pages/timeline.py) with the real app and engine on seeds/."""
import json

import pytest

from dashboard_seed import app_at, table, texts


def spec(at) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)


def trace(at, name: str) -> dict:
    return next(t for t in spec(at)["data"] if t.get("name") == name)


def test_timeline_shows_the_four_calls_of_march_2():
    phone = trace(app_at("timeline"), "contact: phone")
    ids = {c[1] for c, x in zip(phone["customdata"], phone["x"]) if x == "2026-03-02"}
    assert len(ids) == 4
    assert any("Tamim bin Hamad Al Thani" in lane for lane in phone["y"])


def test_timeline_shows_the_strikes_of_february_28():
    strikes = trace(app_at("timeline"), "action: strike")
    assert "2026-02-28" in strikes["x"]
    assert "Israel" in strikes["y"]


def test_country_lanes():
    phone = trace(app_at("timeline", query={"lanes": "Countries"}), "contact: phone")
    assert {"Russia", "Qatar", "Bahrain", "Saudi Arabia"} <= set(phone["y"])


def test_choosing_qatar_narrows_timeline_and_statements():
    at = app_at("timeline", query={"country": "Qatar"})
    phone = trace(at, "contact: phone")
    assert len({c[1] for c in phone["customdata"]}) == 1
    assert {"Vladimir Putin", "Tamim bin Hamad Al Thani"} == set(phone["y"])
    statements = table(at, "speaker", "text")
    everything = table(app_at("timeline"), "speaker", "text")
    assert 0 < len(statements) < len(everything)


def test_a_filter_matching_nothing_says_so():
    at = app_at("timeline", query={"channel": "letter"})
    assert "No contacts or actions match these filters." not in texts(at)  # actions remain
    at = app_at("timeline", query={"from": "2030-01-01"})
    assert "No contacts or actions match these filters." in texts(at)
    assert not at.get("plotly_chart")


CALL = ("Russian President Vladimir Putin spoke by telephone with the Emir of Qatar today. "
        "Israeli jets struck Iran today.")


@pytest.mark.parametrize("dates", [["0001-01-01"], ["9999-12-31"], ["0001-01-01", "9999-12-31"]])
def test_documents_dated_at_the_ends_of_the_calendar_draw_every_page(tmp_path, monkeypatch,
                                                                    dates):
    for n, day in enumerate(dates):
        (tmp_path / f"doc{n}.txt").write_text(f"date {day}\n{CALL}\n", "utf-8")
    monkeypatch.setenv("READOUT_CORPUS", str(tmp_path))
    for page in ("overview", "map", "timeline", "statements", "documents"):
        app_at(page)  # no exception on any page
    phone = trace(app_at("timeline"), "contact: phone")
    assert sorted(set(phone["x"])) == dates
    axis = spec(app_at("timeline"))["layout"]["xaxis"]["range"]
    assert axis[0] <= dates[0] and axis[1] >= dates[-1]
