"""AppTest gives every session the same id ("test session id"), where a real server gives
each its own. The app keys its per-session wrong-code throttles by session id, in a registry
the process holds (ui/saving.py), so here each AppTest session gets an id of its own, and
each test a fresh registry."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ui import saving


def _apptest_session_id() -> str:
    ctx = get_script_run_ctx()
    # One SessionState per AppTest, kept for its whole life (it is never replaced, only
    # emptied, as on a real server).
    return f"apptest-{id(ctx.session_state._state)}" if ctx is not None else ""


@pytest.fixture(autouse=True)
def separate_sessions(monkeypatch):
    monkeypatch.setattr(saving, "_throttles", None)
    monkeypatch.setattr(saving, "_session_id", _apptest_session_id)


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """A database file of the test's own; the app's store follows the setting and rebuilds."""
    monkeypatch.setenv("CROSSROADS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("CROSSROADS_DATABASE_URL", raising=False)
    st.cache_resource.clear()
    yield tmp_path / "data"
    st.cache_resource.clear()
