"""Never a silent fresh start, through AppTest: the tab's "part-way through" flag, and the
plain notice a new session shows when that tab's unsaved answers were lost.

AppTest plays the browser's part as tests/ui/test_saving.py does: what the tab reports is
put in session state, and what the page asks of the tab is read from the component's data.
"""

from __future__ import annotations

import json

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.sample_answers import CALM_ANSWERS
from tests.ui.flow import (
    APP,
    TIMEOUT,
    answer_section,
    click,
    complete_questionnaire,
    current_step,
    keys_in_order,
    start_app,
    texts,
)
from ui import tab_memory

RESTARTED = "the app restarted, and the answers you had given are lost"
RELOADED = "This page was reloaded, so the answers you had given are lost"


@pytest.fixture(autouse=True)
def _own_database(tmp_path, monkeypatch):
    monkeypatch.setenv("CROSSROADS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("CROSSROADS_DATABASE_URL", raising=False)
    st.cache_resource.clear()


def flag_instruction(instruction: dict) -> dict | None:
    """The part of one message to the tab about the flag (ui/tab_memory.py sends it flat)."""
    if "flag_key" not in instruction:
        return None
    return {key: instruction[f"flag_{key}"] for key in ("key", "write", "keep")}


def flag_instructions(at: AppTest) -> list[dict]:
    """What this run told the tab about the flag (writes only)."""
    found = [flag_instruction(json.loads(e.proto.json)) for e in at.get("bidi_component")]
    return [flag for flag in found if flag and flag["write"]]


def new_session_whose_tab_says(reason: str | None) -> AppTest:
    """A new server session for a tab: its first run asks, the tab answers with the flag."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    asked = [json.loads(e.proto.json) for e in at.get("bidi_component")]
    assert [i["ask"] for i in asked] == [True]
    # The tab reads its flag, then is told to forget it: a refresh will not say it again.
    assert flag_instruction(asked[0]) == {"key": tab_memory.FLAG_KEY, "write": True, "keep": False}
    if reason is not None:
        at.session_state[tab_memory.FLAG_REPORTED] = reason
        at.run()
    assert not at.exception, at.exception
    return at


def test_the_flag_is_set_past_the_welcome_page_and_holds_no_answer():
    at = start_app()
    at.run()
    assert flag_instructions(at) == []  # the welcome page: nothing under way
    click(at, "start")
    assert flag_instructions(at) == [
        {"key": tab_memory.FLAG_KEY, "write": True, "keep": True}
    ]
    mounts = at.session_state["tab_memory"]["mounts"]  # one a message to the tab
    answer_section(at, {"safety_afraid": CALM_ANSWERS["safety_afraid"]})
    click(at, "nav_next")
    assert at.session_state["tab_memory"]["mounts"] == mounts, "written once, not on every run"
    # Quick exit empties every sessionStorage key starting with "crossroads".
    assert tab_memory.FLAG_KEY.startswith("crossroads")


def test_taking_it_again_without_saving_clears_the_flag():
    at = complete_questionnaire(start_app(), CALM_ANSWERS)
    click(at, "nav_next")
    assert current_step(at) == "results"
    click(at, "start_over")
    assert current_step(at) == "welcome"
    assert flag_instructions(at) == [{"key": tab_memory.FLAG_KEY, "write": True, "keep": False}]
    # Asked again in the same session (everything was forgotten): the tab is told which
    # session asks, and reports its flag only to a new one.
    asked = [json.loads(e.proto.json) for e in at.get("bidi_component")]
    assert asked[0]["ask"] and asked[0]["session"]


def test_every_message_about_the_flag_names_the_session_so_a_restart_is_never_a_reload():
    # The tab tells a reload (no session spoke to this page before) from a restart (another
    # did) by the session each message names: the first one it ran, whichever it was.
    at = start_app()
    session = [json.loads(e.proto.json) for e in at.get("bidi_component")][0]["session"]
    click(at, "start")
    set_flag = [json.loads(e.proto.json) for e in at.get("bidi_component")]
    assert [(i["flag_keep"], i["session"]) for i in set_flag] == [(True, session)]


def test_with_saving_on_the_code_is_kept_and_no_flag():
    at = start_app()
    at.checkbox(key="opt_in_saving").check().run()
    click(at, "start")
    assert "save_code" in at.session_state
    assert flag_instructions(at) == [], "the code brings the answers back: no flag needed"


def test_a_new_session_after_a_restart_says_the_answers_were_lost_and_offers_a_new_start():
    at = new_session_whose_tab_says("restart")
    assert current_step(at) == "welcome"
    warning = [w.value for w in at.warning]
    assert any(RESTARTED in w and "had not chosen to save them" in w for w in warning), warning
    # At the top: before the welcome page's own title.
    keys = keys_in_order(at)
    assert keys.index("lost_session") < keys.index("tagline"), keys
    assert flag_instructions(at) == []
    # It stays while the person reads and chooses (a tick reruns the page) ...
    at.checkbox(key="opt_in_saving").check().run()
    assert any(RESTARTED in w.value for w in at.warning)
    # ... and "Start again" starts, with saving as ticked, and the notice is gone.
    click(at, "lost_start_again")
    assert current_step(at) == "safety"
    assert "save_code" in at.session_state
    assert RESTARTED not in texts(at)
    click(at, "nav_back")
    assert RESTARTED not in texts(at)


def test_a_reload_is_named_as_such():
    at = new_session_whose_tab_says("reload")
    assert any(RELOADED in w.value for w in at.warning)
    assert not any(RESTARTED in w.value for w in at.warning)


def test_a_tab_with_no_flag_sees_the_plain_welcome_page():
    at = new_session_whose_tab_says(None)
    assert not at.warning
    at.run()
    assert flag_instructions(at) == []


def test_a_code_the_tab_keeps_wins_over_the_flag(data_dir_code):
    """A tab that also reports its code resumes: the saved answers, not a loss."""
    code = data_dir_code
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.session_state[tab_memory.REPORTED] = code
    at.session_state[tab_memory.FLAG_REPORTED] = "restart"
    at.run()
    assert not at.exception, at.exception
    assert current_step(at) == "safety"
    assert "Welcome back" in texts(at)
    assert not any(RESTARTED in w.value for w in at.warning)


@pytest.fixture
def data_dir_code() -> str:
    at = start_app()
    at.checkbox(key="opt_in_saving").check().run()
    click(at, "start")
    return at.session_state["save_code"]
