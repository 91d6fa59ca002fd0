"""Turns an optional ``[auth]`` section of ``.streamlit/secrets.toml`` into a sign-in gate in
front of every page (Streamlit's built-in OpenID Connect sign-in, ``st.login``).

Off unless ``[auth]`` is configured: with no secrets file, or one without ``[auth]``, the app
runs exactly as before. When it is configured and the visitor is not signed in, the pages are
hidden and a sign-in button is all that is drawn. ``st.login`` needs the Authlib package
(``pip install Authlib``); without it the gate stays closed and says so, rather than opening.
The secrets layout is in README.md ("Robustness and security") and
``.streamlit/secrets.toml.example``.
"""
from __future__ import annotations

import importlib.util
from collections.abc import Mapping

import streamlit as st

from dashboard.secrets_lookup import secret


def auth_settings() -> Mapping | None:
    """The ``[auth]`` section of the secrets, or None when there is none."""
    section = secret("auth")
    return section if isinstance(section, Mapping) and section else None


def providers(section: Mapping) -> list[str | None]:
    """The identity providers to offer: the named ``[auth.NAME]`` sections, else the one
    provider configured in ``[auth]`` itself (None: ``st.login()`` with no name)."""
    named = [name for name, value in section.items() if isinstance(value, Mapping)]
    return named or [None]


def signed_out() -> bool:
    """True when sign-in is configured and this visitor has not signed in."""
    if auth_settings() is None:
        return False
    try:
        return not st.user.is_logged_in
    except Exception:  # an [auth] section Streamlit cannot use: keep the gate closed
        return True


def has_authlib() -> bool:
    """Whether the package ``st.login`` needs is installed."""
    return importlib.util.find_spec("authlib") is not None


def login_page() -> None:
    """Draw the sign-in page and stop the run (nothing else is drawn for a signed-out user)."""
    section = auth_settings() or {}
    st.title("Readout")
    st.write("Sign in to read this team's documents.")
    if not has_authlib():
        st.error("Sign-in is configured in secrets.toml, but the Authlib package it needs is "
                 "not installed on the server (pip install Authlib).")
        st.stop()
    for name in providers(section):
        label = f"Sign in with {name}" if name else "Sign in"
        st.button(label, key=f"login-{name or 'default'}", on_click=st.login,
                  args=(name,) if name else (), icon=":material/login:")
    st.stop()


def account_menu() -> None:
    """In the sidebar: who is signed in, and a sign-out button (nothing without sign-in)."""
    if auth_settings() is None or not st.user.is_logged_in:
        return
    who = st.user.get("email") or st.user.get("name") or "signed in"
    st.sidebar.caption(f"Signed in as {who}")
    st.sidebar.button("Sign out", on_click=st.logout, icon=":material/logout:", key="logout")
