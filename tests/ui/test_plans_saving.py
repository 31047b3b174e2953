"""A plan is kept in the tab; saved only with saving on, resumed with the code, deleted with
everything else, and never written to a log."""

from __future__ import annotations

import logging
import sqlite3

import pytest
from streamlit.testing.v1 import AppTest

from storage import open_store
from tests.sample_answers import CALM_ANSWERS
from tests.ui.flow import APP, TIMEOUT, click, current_step, start_app, texts
from ui.plan.prompts import widget_key

SECRET = "plan-secret-5521"


@pytest.fixture(autouse=True)
def _own_database(data_dir):
    """Every test here saves into a database file of its own (tests/ui/conftest.py)."""


def to_space_plan(at: AppTest, text: str = SECRET) -> AppTest:
    """From the result to the space plan's third screen, with a private note typed on it."""
    at.session_state["answers"] = dict(CALM_ANSWERS)
    at.session_state["step"] = "results"
    at.run()
    at.radio(key="plan_path_choice").set_value("space")
    click(at, "make_plan")
    click(at, "plan_start")
    click(at, "plan_next")
    click(at, "plan_next")
    at.text_area(key=widget_key("space", "money")).input(text)
    at.run()
    assert not at.exception, at.exception
    return at


def plan_rows(database) -> int:
    with sqlite3.connect(database) as connection:
        return connection.execute("SELECT COUNT(*) FROM plans").fetchone()[0]


def test_without_saving_a_plan_touches_no_disk(data_dir):
    at = to_space_plan(start_app())
    assert at.session_state["plans"]["space"]["values"]["money"] == SECRET
    assert not data_dir.exists()


def test_with_saving_a_plan_is_saved_resumed_and_deleted_with_everything(data_dir, caplog):
    caplog.set_level(logging.DEBUG)
    at = start_app()
    at.checkbox(key="opt_in_saving").check().run()
    click(at, "start")
    code = at.session_state["save_code"]
    to_space_plan(at)
    store = open_store()
    try:
        assert store.load_plans(code)["space"]["values"]["money"] == SECRET
        assert store.export(code)["plans"]["space"]["content"]["values"]["money"] == SECRET
    finally:
        store.close()

    # Another device with the code: the plan comes back on the plan page.
    other = AppTest.from_file(APP, default_timeout=TIMEOUT)
    other.query_params["resume"] = code
    other.run()
    other.session_state["step"] = "plan"
    other.session_state["plan_chosen"] = "space"
    other.session_state["plan_screen"] = 3
    other.run()
    assert not other.exception, other.exception
    assert other.text_area(key=widget_key("space", "money")).value == SECRET

    # Deleting this plan removes its saved copy; deleting everything removes the rest.
    other.session_state["plan_screen"] = 9
    other.run()
    click(other, "plan_forget")
    assert "This plan's answers are cleared." in texts(other)
    assert plan_rows(data_dir / "crossroads.db") == 0
    to_space_plan(at, SECRET + " changed")  # the first tab goes on with its plan
    assert plan_rows(data_dir / "crossroads.db") == 1
    at.session_state["step"] = "results"
    at.run()
    click(at, "delete_saved")
    click(at, "delete_confirm")
    assert plan_rows(data_dir / "crossroads.db") == 0
    assert current_step(at) == "welcome" and "plans" not in at.session_state
    assert SECRET not in caplog.text
