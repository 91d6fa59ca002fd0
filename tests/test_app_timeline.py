"""Contact timeline page (pages/timeline.py) with the real app and engine on seeds/."""
import json
import re

import pytest

from dashboard_seed import app_at, table, texts


def spec(at) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)


def trace(at, name: str) -> dict:
    return next(t for t in spec(at)["data"] if t.get("name") == name)


def lanes(at, t: dict) -> list[str]:
    """The lane label (tags removed) of each mark of trace ``t``."""
    axis = spec(at)["layout"]["yaxis" + t.get("yaxis", "y")[1:]]
    return [re.sub(r"<[^>]+>", "", axis["ticktext"][int(y)]) for y in t["y"]]


def test_timeline_shows_the_four_calls_of_march_2():
    at = app_at("timeline")
    phone = trace(at, "contact: phone")
    ids = {c[1] for c, x in zip(phone["customdata"], phone["x"]) if x == "2026-03-02"}
    assert len(ids) == 4
    assert any("Tamim bin Hamad Al Thani" in lane for lane in lanes(at, phone))


def test_timeline_shows_the_strikes_of_february_28():
    at = app_at("timeline")
    strikes = trace(at, "action: strike")
    assert "2026-02-28" in strikes["x"]
    assert "Israel" in lanes(at, strikes)


def test_country_lanes():
    at = app_at("timeline", query={"lanes": "Countries"})
    phone = trace(at, "contact: phone")
    assert {"Russia", "Qatar", "Bahrain", "Saudi Arabia"} <= set(lanes(at, phone))


def test_choosing_qatar_narrows_timeline_and_statements():
    at = app_at("timeline", query={"country": "Qatar"})
    phone = trace(at, "contact: phone")
    assert len({c[1] for c in phone["customdata"]}) == 1
    assert {"Russia · Vladimir Putin", "Qatar · Tamim bin Hamad Al Thani"} == set(lanes(at, phone))
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


def test_the_lane_limit_comes_from_the_link():
    at = app_at("timeline", query={"lane_count": "10"})
    assert at.selectbox(key="lane_count").value == "10"
    assert len(spec(at)["layout"]["yaxis"]["ticktext"]) == 5  # all five lanes fit


def test_the_timeline_has_a_summary_in_words():
    text = " ".join(m.value for m in app_at("timeline").markdown)
    assert "**In words.** 4 dated contacts and 2 dated actions" in text


def test_counts_are_per_day_on_a_short_span():
    names = {t.get("name") for t in spec(app_at("timeline"))["data"]}
    assert {"contacts per day", "actions per day"} <= names
