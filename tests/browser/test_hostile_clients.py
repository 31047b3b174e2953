"""Hostile clients: nothing a client sends resets a limit or disturbs anyone else's session.

Streamlit obeys `clear_cache` from any client (no setting refuses it). It empties
st.cache_resource and st.cache_data for every session of the process, and the sender's own
session state. A raw websocket client sends it here while a person saves in Chromium.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from storage import WrongCodeThrottle
from tests.browser.conftest import free_port, stop
from tests.browser.driver import answer, press
from tests.browser.raw_client import RawClient
from tests.browser.test_saving_in_browser import (
    SAVING_ON,
    App,
    launch,
    rerun,
    sqlite_env,
    start_with_saving,
    store_at,
)

pytestmark = [pytest.mark.browser]

WRONG_CODE = "That code did not work"
PLEASE_WAIT = "Please wait"
PAUSED = "Saving is paused:"


@pytest.fixture
def lone_app(tmp_path) -> Iterator[App]:
    """An app process and data dir of this test's own: it moves the database file."""
    port = free_port()
    process = launch(port, sqlite_env(tmp_path))
    try:
        yield App(f"http://127.0.0.1:{port}", tmp_path)
    finally:
        stop(process)


def unknown_code(n: int) -> str:
    return f"AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GG{n:02}"


def test_clear_cache_from_a_raw_client_resets_no_limit_and_disturbs_no_one(page, lone_app):
    # A person saving in the browser.
    code = start_with_saving(page, lone_app.url)
    press(page, "code_saved")
    answer(page, "safety_afraid", "no")

    with RawClient(lone_app.url) as attacker:
        # Wrong codes from the raw client until it is slowed down.
        free = WrongCodeThrottle().free_attempts
        for n in range(free):
            assert WRONG_CODE in attacker.try_code(unknown_code(n))
        assert PLEASE_WAIT in attacker.try_code(unknown_code(free))

        # Clearing every cache, which any client may ask for, lifts no limit: its own wait
        # is still on. Asked at once, well inside the first wait (2 s): a fresh-clone run
        # once spent longer than that on the steps below, and the wait was simply over.
        attacker.clear_cache()
        words = attacker.try_code(unknown_code(free + 1))
        assert PLEASE_WAIT in words and WRONG_CODE not in words

        # The database file goes missing for a while (moved away): the person's saving
        # pauses, and the app must not make a new, empty file in its place, which would
        # turn every resume code into a wrong one; not even once every cache is cleared.
        moved = lone_app.database.with_name("moved-away.db")
        lone_app.database.rename(moved)
        answer(page, "safety_hurt", "no")
        expect(page.get_by_text(PAUSED)).to_be_visible()
        attacker.clear_cache()

    # The person's session is as it was: still paused, nothing made anew in the file's place.
    answer(page, "safety_insulted", "no")
    expect(page.get_by_text(PAUSED)).to_be_visible()
    expect(page.get_by_text("Saving has stopped")).to_have_count(0)
    assert not lone_app.database.exists(), "a new empty database was made"

    # The file comes back: every answer given meanwhile is saved.
    moved.rename(lone_app.database)
    deadline = time.monotonic() + 40
    while not page.get_by_text(SAVING_ON).count():
        assert time.monotonic() < deadline, "saving did not come back"
        time.sleep(1)
        rerun(page)
    with store_at(lone_app.database_url) as store:
        progress = store.load_progress(code)
    assert progress is not None
    assert progress.values == {"safety_afraid": "no", "safety_hurt": "no", "safety_insulted": "no"}
