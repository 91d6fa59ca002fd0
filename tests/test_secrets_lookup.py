"""dashboard/secrets_lookup.py: a secret is read from a secrets file when there is one, None
when there is none, and a file added later is picked up at the next read."""
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


def fresh(monkeypatch, tmp_path):
    path = tmp_path / "secrets.toml"
    monkeypatch.setattr(st, "secrets", Secrets())
    config.set_option("secrets.files", [str(path)])
    return path


def test_without_a_secrets_file_a_secret_is_none(monkeypatch, tmp_path):
    fresh(monkeypatch, tmp_path)
    assert secrets_lookup.secret("corpus") is None


def test_a_secret_is_read_from_the_secrets_file(monkeypatch, tmp_path):
    fresh(monkeypatch, tmp_path).write_text('corpus = "/srv/corpus"\n', encoding="utf-8")
    assert secrets_lookup.secret("corpus") == "/srv/corpus"
    assert secrets_lookup.secret("store") is None


def test_a_file_added_later_is_picked_up(monkeypatch, tmp_path):
    path = fresh(monkeypatch, tmp_path)
    assert secrets_lookup.secret("corpus") is None
    path.write_text('corpus = "/srv/corpus"\n', encoding="utf-8")
    assert secrets_lookup.secret("corpus") == "/srv/corpus"


def test_a_file_that_cannot_be_parsed_gives_none(monkeypatch, tmp_path):
    fresh(monkeypatch, tmp_path).write_text('corpus = "unclosed\n', encoding="utf-8")
    assert secrets_lookup.secret("corpus") is None
