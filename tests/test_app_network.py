"""The "Who talks to whom" page (pages/network.py) with the real app and engine: the seed and a
second readout of one of its calls."""
import json
from pathlib import Path

import pandas as pd
import pytest

from dashboard import network
from dashboard_seed import app_at, table, texts

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_c64ff08c818fbad2.txt"
SECOND = ROOT / "tests" / "fixtures" / "second-readout" / "qna-amir-putin-call.txt"


@pytest.fixture
def two_reports(tmp_path, monkeypatch):
    for source in (SEED, SECOND):
        (tmp_path / source.name).write_bytes(source.read_bytes())
    monkeypatch.setenv("READOUT_CORPUS", str(tmp_path))


def test_the_network_draws_each_pair_once_with_its_reports(two_reports):
    at = app_at("network")
    assert "4 exchanges in 5 reports; 4 pairs; 5 actors drawn." in texts(at)
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    hovers = [h for trace in json.loads(charts[0].proto.spec)["data"]
              for h in trace.get("hovertext") or ()]
    tamim = [h for h in hovers if "Tamim" in h and "Putin" in h and " – " in h]
    assert tamim == ["Vladimir Putin – Tamim bin Hamad Al Thani<br>1 exchange in 2 reports<br>"
                     "dates: 2026-03-02<br>channels: phone"]
    reports = table(at, "participants", "reports", "document")
    assert sorted(reports["reports"]) == [1, 1, 1, 2, 2]


def test_putin_brokers_between_the_gulf_leaders_who_did_not_talk(two_reports):
    brokers = table(app_at("network"), *network.BROKERS)
    assert set(brokers["broker"]) == {"Vladimir Putin"}
    assert len(brokers) == 6  # the pairs of his four partners


def test_countries_as_nodes_and_the_country_pair_matrix(two_reports):
    at = app_at("network")
    at.radio(key="network-by").set_value("countries").run()
    assert not at.exception
    assert "4 pairs; 5 countries drawn" in texts(at)
    matrix = table(at, "QAT", "RUS")
    assert matrix.loc["QAT", "RUS"] == 1 and matrix.loc["RUS", "QAT"] == 1
    assert matrix.loc["QAT", "SAU"] == 0


def test_filters_that_match_nothing_say_so_in_one_sentence(two_reports):
    at = app_at("network", query={"from": "2030-01-01"})
    assert "No two actors or countries have an exchange that matches these filters." in texts(at)
    assert "No two countries have an exchange that matches these filters." in texts(at)
    assert "No exchanges match these filters." in texts(at)


def test_an_empty_corpus_says_nothing_has_been_read(tmp_path, monkeypatch):
    monkeypatch.setenv("READOUT_CORPUS", str(tmp_path))
    at = app_at("network")
    assert "No exchanges between two actors or countries have been read yet." in texts(at)


def test_the_matrix_is_symmetric_with_zeros_where_two_never_talked():
    edges = pd.DataFrame({"source": ["FRA", "DEU"], "target": ["GBR", "FRA"],
                          "exchanges": [3, 1]})
    matrix = network.matrix(edges)
    assert list(matrix.index) == ["DEU", "FRA", "GBR"]
    assert matrix.loc["GBR", "FRA"] == 3 and matrix.loc["FRA", "DEU"] == 1
    assert matrix.loc["DEU", "GBR"] == 0


def test_a_pair_that_talks_has_no_broker():
    edges = pd.DataFrame({
        "source": ["a", "a", "b"], "target": ["b", "c", "c"],
        "source_label": ["A", "A", "B"], "target_label": ["B", "C", "C"],
        "source_country": [""] * 3, "target_country": [""] * 3, "exchanges": [2, 1, 1],
        "reports": [2, 1, 1], "channels": ["phone"] * 3, "dates": [""] * 3,
        "first": [""] * 3, "last": [""] * 3})
    assert network.brokers(network.graph(edges)).empty
    g = network.graph(edges.iloc[:2])
    assert network.brokers(g).to_dict("records") == [
        {"broker": "A", "side_a": "B", "side_b": "C", "with_a": 2, "with_b": 1}]


def test_the_graph_keeps_the_busiest_nodes():
    edges = pd.DataFrame({
        "source": ["a", "a", "b"], "target": ["b", "c", "d"],
        "source_label": ["A", "A", "B"], "target_label": ["B", "C", "D"],
        "source_country": [""] * 3, "target_country": [""] * 3, "exchanges": [5, 1, 4],
        "reports": [5, 1, 4], "channels": ["phone"] * 3, "dates": [""] * 3,
        "first": [""] * 3, "last": [""] * 3})
    assert set(network.graph(edges, cap=3).nodes) == {"a", "b", "d"}
