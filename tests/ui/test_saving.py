"""Opt-in saving through AppTest: consent, resume, wrong codes, delete, outages, comparison."""

from __future__ import annotations

import json
import sqlite3

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from questionnaire import default_questionnaire
from storage import NEW_RECORDS, WRONG_CODES, WrongCodeThrottle, open_store
from tests.sample_answers import CALM_ANSWERS
from tests.ui.flow import (
    APP,
    TIMEOUT,
    answer_section,
    click,
    complete_questionnaire,
    current_step,
    last_runs,
    next_until,
    resume_in_new_session,
    start_app,
    texts,
)
from ui import saving, tab_memory
from ui.question_widgets import widget_key

WRONG_CODE = "That code did not work. Check it and try again."
PLEASE_WAIT = "Please wait"


@pytest.fixture(autouse=True)
def _own_database(data_dir):
    """Every test here saves into a database file of its own (tests/ui/conftest.py)."""


def start_saving() -> tuple[AppTest, str]:
    at = start_app()
    at.checkbox(key="opt_in_saving").check().run()
    click(at, "start")
    return at, at.session_state["save_code"]


def tab_instructions(at: AppTest) -> list[dict]:
    """What this run asked of the tab's memory of the code (ui/tab_memory.py), if anything."""
    return [json.loads(e.proto.json) for e in at.get("bidi_component")]


def refresh_tab(code: str | None) -> AppTest:
    """A refresh of a tab that holds `code` in its sessionStorage: a new session, a plain
    address; on its first run the page asks the tab, which answers if it holds a code."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    assert [i["ask"] for i in tab_instructions(at)] == [True]
    if code is not None:
        at.session_state[tab_memory.REPORTED] = code  # the browser's answer
        at.run()
        assert not at.exception, at.exception
    return at


def row_counts(database) -> dict[str, int]:
    with sqlite3.connect(database) as connection:
        tables = [
            name for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: connection.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}


def test_without_consent_nothing_touches_disk(data_dir):
    at = complete_questionnaire(start_app(), CALM_ANSWERS)
    click(at, "nav_next")
    assert current_step(at) == "results"
    assert not data_dir.exists()
    assert "resume" not in at.query_params


def test_code_is_shown_once_and_kept_in_the_tab_never_in_the_address():
    at, code = start_saving()
    assert len(code.replace("-", "")) * 5 >= 128
    assert "resume" not in at.query_params
    assert not any("replaceState" in h.value and code in h.value for h in at.html)
    # The tab is told to keep it, once; later runs draw nothing for it.
    assert tab_instructions(at) == [
        {"key": tab_memory.STORAGE_KEY, "write": True, "keep": code, "ask": False}
    ]
    assert [c.value for c in at.code] == [code]
    click(at, "code_saved")
    assert not at.code
    assert tab_instructions(at) == []
    answer_section(at, {"safety_afraid": "no"})
    assert not at.code
    assert tab_instructions(at) == []
    assert "resume" not in at.query_params


def test_a_refresh_of_the_tab_resumes_at_the_same_step_and_a_new_tab_does_not():
    at, code = start_saving()
    answer_section(at, {"safety_afraid": "no"})
    click(at, "nav_next")
    step = current_step(at)

    again = refresh_tab(code)
    assert current_step(again) == step
    assert again.session_state["answers"]["safety_afraid"] == "no"
    assert "Welcome back" in texts(again)
    assert "resume" not in again.query_params
    assert tab_instructions(again) == [], "the tab already holds the code: nothing to write"
    assert not again.code, "the code is shown once, not on every return"

    new_tab = refresh_tab(None)  # its sessionStorage is empty: it says nothing
    assert current_step(new_tab) == "welcome"
    assert "save_code" not in new_tab.session_state
    new_tab.run()
    assert tab_instructions(new_tab) == [], "the tab is asked once a session"


def test_a_link_with_a_code_is_read_once_kept_in_the_tab_and_taken_out_of_the_address():
    _, code = start_saving()
    at = resume_in_new_session(code)
    assert current_step(at) == "safety"
    # Out of the address in the browser at once, by replace; into the tab instead.
    assert at.session_state["save_address_code"] is None
    assert any("replaceState" in h.value for h in at.html)
    assert tab_instructions(at) == [
        {"key": tab_memory.STORAGE_KEY, "write": True, "keep": code, "ask": False}
    ]
    # On the next run the server forgets it too (the address already matches: no entry),
    # an answer's run included, which redraws its questions alone and nothing twice.
    answer_section(at, {"safety_afraid": "no"})
    assert "resume" not in at.query_params
    assert last_runs(at) == ["fragment"]
    assert len(at.get("progress")) == 1
    assert current_step(at) == "safety" and "save_code" in at.session_state


def test_deleting_makes_the_tab_forget_the_code():
    at, code = start_saving()
    click(at, "delete_saved")
    click(at, "delete_confirm")
    assert tab_instructions(at) == [
        {"key": tab_memory.STORAGE_KEY, "write": True, "keep": None, "ask": False}
    ]
    # A tab that still reports the deleted code (storage blocked, say) is told plainly.
    stale = refresh_tab(code)
    assert WRONG_CODE in texts(stale)
    assert tab_instructions(stale)[-1]["keep"] is None


def test_back_on_the_welcome_page_saving_stays_on_under_the_same_code(data_dir):
    at, code = start_saving()
    answer_section(at, {"safety_afraid": "no"})
    click(at, "nav_back")
    assert current_step(at) == "welcome"
    assert "Saving is on" in texts(at)
    assert not [c for c in at.checkbox if c.key == "opt_in_saving"]
    click(at, "start")
    assert at.session_state["save_code"] == code
    assert row_counts(data_dir / "crossroads.db")["respondents"] == 1


def test_every_answer_is_saved_as_it_is_given():
    at, code = start_saving()
    answer_section(at, {"safety_afraid": "no", "safety_hurt": "unsure"})
    progress = open_store().load_progress(code)
    assert progress.values == {"safety_afraid": "no", "safety_hurt": "unsure"}
    assert progress.step == "safety"


def test_a_new_session_with_the_code_resumes_at_the_same_step():
    at, code = start_saving()
    answer_section(at, CALM_ANSWERS)
    next_until(at, "situation")
    answer_section(at, {"who_wants_out": "partner_wants_out", "partner_certainty": "torn"})

    again = resume_in_new_session(code)
    assert current_step(again) == "situation"
    assert again.radio(key=widget_key("partner_certainty")).value == "torn"
    assert again.session_state["answers"]["safety_control"] == ["none"]
    assert not again.code, "the code is shown once, not on every return"


def test_resume_keeps_answers_whatever_order_they_were_stored_in():
    _, code = start_saving()
    # PostgreSQL's jsonb hands keys back in its own order: a conditional answer may come
    # before the answer that opens it. Neither may be lost, and a stale answer is dropped.
    stored = {
        "partner_certainty": "torn",
        "safety_afraid": "no",
        "who_wants_out": "partner_unsure",
        "time_together": "no_longer_an_option",
    }
    questionnaire = default_questionnaire()
    open_store().save_progress(
        code, stored, "situation",
        questionnaire_id=questionnaire.id, questionnaire_version=questionnaire.version,
    )
    again = resume_in_new_session(code)
    assert again.session_state["answers"] == {
        "safety_afraid": "no", "who_wants_out": "partner_unsure", "partner_certainty": "torn",
    }


def test_a_code_is_accepted_however_it_is_typed():
    _, code = start_saving()
    at = start_app()
    messy = f"  {code.lower().replace('-', ' ')} "
    at.text_input(key="resume_code_input").input(messy)
    click(at, "resume_button")
    assert current_step(at) == "safety"
    assert at.session_state["save_code"] == code


@pytest.mark.parametrize("typed", ["AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG", "not a code"])
def test_a_wrong_code_gets_a_plain_message_that_reveals_nothing(typed):
    start_saving()  # a record exists; the message must not depend on it
    at = resume_in_new_session(typed)
    assert current_step(at) == "welcome"
    assert WRONG_CODE in texts(at)
    # The browser is asked to drop the code from the address, by replace (see ui/saving.py),
    # and the tab keeps no code.
    assert at.session_state["save_address_code"] is None
    assert any("replaceState" in h.value for h in at.html)
    assert tab_instructions(at)[-1]["keep"] is None


def test_repeated_wrong_codes_are_slowed_down():
    at = start_app()
    free = WrongCodeThrottle().free_attempts
    messages = []
    for attempt in range(free + 1):
        at.text_input(key="resume_code_input").input(f"AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGG{attempt}")
        click(at, "resume_button")
        messages.append(texts(at))
    assert all(WRONG_CODE in m for m in messages[:free])
    assert PLEASE_WAIT in messages[free] and WRONG_CODE not in messages[free]


def wrong_code(at: AppTest, attempt: int) -> str:
    at.text_input(key="resume_code_input").input(f"AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GG{attempt:02}")
    click(at, "resume_button")
    return texts(at)


def test_emptying_the_session_does_not_reset_its_wrong_code_throttle():
    """Streamlit's clear_cache message, which any client may send, empties the sender's
    session state: a throttle kept there would start afresh."""
    at = start_app()
    free = WrongCodeThrottle().free_attempts
    for attempt in range(free):
        assert WRONG_CODE in wrong_code(at, attempt)
    assert PLEASE_WAIT in wrong_code(at, free)
    # What Streamlit does on clear_cache, bar the widget values (a browser sends them again
    # with the next rerun; AppTest needs them to run at all).
    state = at._session_state._state
    for key in [k for k in state._old_state if not k.startswith("$$")]:
        del state._old_state[key]
    state._new_session_state.clear()
    at.run()
    assert "save_throttle" not in at.session_state
    assert PLEASE_WAIT in wrong_code(at, free + 1)


def test_clearing_streamlits_cache_keeps_the_store_and_every_session_saving():
    """clear_cache also empties st.cache_resource for every session of the process."""
    at, code = start_saving()
    answer_section(at, {"safety_afraid": "no"})
    store = saving._store()
    st.cache_resource.clear()
    st.cache_data.clear()
    assert saving._store() is store
    answer_section(at, {"safety_hurt": "no"})
    assert open_store().load_progress(code).values == {"safety_afraid": "no", "safety_hurt": "no"}


ADDRESS = "203.0.113.9"


@pytest.fixture
def from_address(monkeypatch):
    """Every session comes from ADDRESS (a browser's would come from st.context)."""
    monkeypatch.setattr("ui.client_address.client_address", lambda: ADDRESS)
    return ADDRESS


def test_wrong_codes_are_limited_per_address_across_sessions_and_processes(from_address):
    # Another app process on the same database has seen half the limit from this address.
    other_process = open_store()
    for _ in range(WRONG_CODES.most // 2):
        other_process.count_event(WRONG_CODES, from_address)
    # Then new sessions here, each with fewer mistakes than its own throttle lets through.
    free = WrongCodeThrottle().free_attempts
    attempt = 0
    while attempt < WRONG_CODES.most - WRONG_CODES.most // 2:
        at = start_app()
        for _ in range(min(free, WRONG_CODES.most - WRONG_CODES.most // 2 - attempt)):
            assert WRONG_CODE in wrong_code(at, attempt)
            attempt += 1
    fresh = start_app()
    words = wrong_code(fresh, 99)
    assert PLEASE_WAIT in words and WRONG_CODE not in words
    # A right code from there waits too (nothing tells a right code from a wrong one) ...
    _, code = start_saving()
    late = resume_in_new_session(code)
    assert current_step(late) == "welcome" and PLEASE_WAIT in texts(late)
    # ... and the questions and help are never limited.
    click(late, "start")
    answer_section(late, {"safety_afraid": "no"})
    assert late.session_state["answers"] == {"safety_afraid": "no"}


def test_another_address_is_not_held_up(monkeypatch):
    counter = open_store()
    for _ in range(WRONG_CODES.most):
        counter.count_event(WRONG_CODES, ADDRESS)
    monkeypatch.setattr("ui.client_address.client_address", lambda: "198.51.100.4")
    assert WRONG_CODE in wrong_code(start_app(), 0)


def test_new_records_are_limited_per_address(from_address, data_dir):
    other_process = open_store()
    for _ in range(NEW_RECORDS.most):
        assert other_process.take(NEW_RECORDS, from_address) == 0
    before = row_counts(data_dir / "crossroads.db")["respondents"]
    at = start_app()
    at.checkbox(key="opt_in_saving").check().run()
    click(at, "start")
    assert "save_code" not in at.session_state
    assert "Saving cannot start" in texts(at)
    assert row_counts(data_dir / "crossroads.db")["respondents"] == before
    # Going on without saving is never limited.
    assert current_step(at) == "safety"
    answer_section(at, {"safety_afraid": "no"})
    assert at.session_state["answers"] == {"safety_afraid": "no"}


def test_delete_removes_every_row_and_says_so(data_dir):
    at, code = start_saving()
    answer_section(at, CALM_ANSWERS)
    click(at, "delete_saved")
    click(at, "delete_confirm")
    assert "Your saved answers were deleted" in texts(at)
    assert current_step(at) == "welcome"
    assert "resume" not in at.query_params
    counts = row_counts(data_dir / "crossroads.db")
    assert {t: n for t, n in counts.items() if t != "schema_version"} == {
        t: 0 for t in counts if t != "schema_version"
    }
    assert WRONG_CODE in texts(resume_in_new_session(code))


def test_two_sessions_never_see_each_others_answers():
    first, first_code = start_saving()
    answer_section(first, {"safety_afraid": "yes"})
    second, second_code = start_saving()
    answer_section(second, {"safety_afraid": "no"})
    assert first_code != second_code
    assert resume_in_new_session(first_code).session_state["answers"] == {"safety_afraid": "yes"}
    assert resume_in_new_session(second_code).session_state["answers"] == {"safety_afraid": "no"}


def test_an_unreachable_database_pauses_saving_and_keeps_the_answers(monkeypatch):
    # Nothing listens on port 9: every connection is refused at once.
    monkeypatch.setenv("CROSSROADS_DATABASE_URL", "postgresql://nobody@127.0.0.1:9/none")
    st.cache_resource.clear()
    at = start_app()
    at.checkbox(key="opt_in_saving").check().run()
    click(at, "start")
    assert current_step(at) == "safety"
    assert "Saving is not available right now" in texts(at)
    answer_section(at, {"safety_afraid": "no"})
    assert at.session_state["answers"] == {"safety_afraid": "no"}


def test_an_outage_mid_way_pauses_saving_then_catches_up(monkeypatch):
    at, code = start_saving()
    answer_section(at, {"safety_afraid": "no"})
    monkeypatch.setenv("CROSSROADS_DATABASE_URL", "postgresql://nobody@127.0.0.1:9/none")
    st.cache_resource.clear()  # the server's connection now leads nowhere
    answer_section(at, {"safety_hurt": "no"})
    assert "Saving is paused" in texts(at)
    assert at.session_state["answers"] == {"safety_afraid": "no", "safety_hurt": "no"}

    monkeypatch.delenv("CROSSROADS_DATABASE_URL")
    st.cache_resource.clear()  # the database is back
    answer_section(at, {"safety_insulted": "no"})
    assert "Saving is paused" not in texts(at)
    saved = open_store().load_progress(code).values
    assert saved == {"safety_afraid": "no", "safety_hurt": "no", "safety_insulted": "no"}


def test_a_database_outage_on_return_keeps_the_code_and_resumes_later(monkeypatch):
    at, code = start_saving()
    answer_section(at, {"safety_afraid": "no"})
    monkeypatch.setenv("CROSSROADS_DATABASE_URL", "postgresql://nobody@127.0.0.1:9/none")
    st.cache_resource.clear()
    away = resume_in_new_session(code)
    assert "Saved answers cannot be reached right now" in texts(away)
    assert WRONG_CODE not in texts(away)
    # Out of the address, but kept in the tab, so a refresh tries again: the link may have
    # been the person's only copy.
    assert tab_instructions(away)[-1]["keep"] == code, "the only copy of the code was lost"

    monkeypatch.delenv("CROSSROADS_DATABASE_URL")
    st.cache_resource.clear()
    away.run()  # a reload or any click once the database is back
    assert current_step(away) == "safety"
    assert away.session_state["answers"] == {"safety_afraid": "no"}
    assert "Welcome back" in texts(away)


def test_taking_it_again_shows_what_changed_since_last_time():
    at, code = start_saving()
    click(at, "code_saved")
    while current_step(at) != "results":
        if current_step(at) != "review":
            answer_section(at, CALM_ANSWERS)
        click(at, "nav_next")
    assert "Since last time" not in texts(at)
    # A change made within the same visit is not "last time".
    click(at, "to_review")
    click(at, "edit_values")
    answer_section(at, {"what_matters": ["love"]})
    click(at, "nav_review")
    click(at, "nav_next")
    assert len(open_store().history(code)) == 2
    assert "Since last time" not in texts(at)

    later = resume_in_new_session(code)
    assert current_step(later) == "results"
    click(later, "start_over")
    assert current_step(later) == "safety"
    assert "Your last answers are filled in" in texts(later)
    next_until(later, "talking")
    answer_section(later, {"heart_to_heart": "yes_calm", "still_a_chance": "no"})
    while current_step(later) != "results":
        click(later, "nav_next")
    words = texts(later)
    assert "Since last time" in words
    assert len(open_store().history(code)) == 3
