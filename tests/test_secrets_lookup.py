"""dashboard/secrets_lookup.py: a secret is read from a secrets file when there is one, None
when there is none, and a file added later is picked up after the recheck interval."""
from __future__ import annotations

import pytest
import streamlit as st
from streamlit import config
from streamlit.runtime.secrets import Secrets

from dashboard import secrets_lookup


@pytest.fixture(autouse=True)
def restore_secrets_files():
    before = config.get_option("secrets.files")
    yield
    config.set_option("secrets.files", before)


def fresh(monkeypatch, tmp_path, recheck: float = 0.0):
    path = tmp_path / "secrets.toml"
    monkeypatch.setattr(st, "secrets", Secrets())
    config.set_option("secrets.files", [str(path)])
    monkeypatch.setattr(secrets_lookup, "RECHECK_S", recheck)
    return path


def test_without_a_secrets_file_a_secret_is_none(monkeypatch, tmp_path):
    fresh(monkeypatch, tmp_path)
    assert secrets_lookup.secret("corpus") is None


def test_a_secret_is_read_from_the_secrets_file(monkeypatch, tmp_path):
    fresh(monkeypatch, tmp_path).write_text('corpus = "/srv/corpus"\n', encoding="utf-8")
    assert secrets_lookup.secret("corpus") == "/srv/corpus"
    assert secrets_lookup.secret("store") is None


def test_a_file_added_later_is_picked_up_after_the_recheck(monkeypatch, tmp_path):
    path = fresh(monkeypatch, tmp_path, recheck=3600.0)
    assert secrets_lookup.secret("corpus") is None
    path.write_text('corpus = "/srv/corpus"\n', encoding="utf-8")
    assert secrets_lookup.secret("corpus") is None  # within the recheck interval
    monkeypatch.setitem(secrets_lookup._none_found, "at", float("-inf"))
    assert secrets_lookup.secret("corpus") == "/srv/corpus"


def test_secrets_given_another_way_are_read_at_once(monkeypatch, tmp_path):
    fresh(monkeypatch, tmp_path, recheck=3600.0)
    assert secrets_lookup.secret("corpus") is None
    given = Secrets()
    given.merge_programmatic_secrets({"corpus": "/srv/given"})
    monkeypatch.setattr(st, "secrets", given)
    assert secrets_lookup.secret("corpus") == "/srv/given"


def test_a_file_that_cannot_be_parsed_gives_none(monkeypatch, tmp_path):
    fresh(monkeypatch, tmp_path).write_text('corpus = "unclosed\n', encoding="utf-8")
    assert secrets_lookup.secret("corpus") is None
