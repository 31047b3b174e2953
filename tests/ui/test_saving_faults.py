"""What a person sees when saving meets a fault: a calm line, the answers kept, never a crash.

Two tabs on one code, a delete in another tab, the database file deleted under the app, a
delete while the file is being read, a file that cannot be written or read, and one corrupt
record. Each flow goes through AppTest as a person would.
"""

from __future__ import annotations

import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

import pytest

from storage import open_store
from storage.codes import hash_code
from tests.ui.flow import (
    answer_section,
    click,
    current_step,
    resume_in_new_session,
    start_app,
    texts,
)
from tests.ui.test_saving import row_counts, start_saving
from ui.question_widgets import widget_key

BOTH_KEPT = "also changed in another tab or device"
STOPPED = "Saving has stopped"
UNREADABLE = "Those saved answers could not be read"


@pytest.fixture(autouse=True)
def _own_database(data_dir):
    """Every test here saves into a database file of its own (tests/ui/conftest.py)."""


def saved_answers(code: str) -> dict:
    progress = open_store().load_progress(code)
    assert progress is not None
    return progress.values


def test_two_tabs_on_one_code_keep_both_sets_of_answers_and_say_so():
    tab_a, code = start_saving()
    tab_b = resume_in_new_session(code)
    answer_section(tab_a, {"safety_afraid": "no"})
    answer_section(tab_b, {"safety_hurt": "unsure"})
    # B's save kept A's answer, and B shows it now.
    assert saved_answers(code) == {"safety_afraid": "no", "safety_hurt": "unsure"}
    assert BOTH_KEPT in texts(tab_b)
    assert tab_b.session_state["answers"] == {"safety_afraid": "no", "safety_hurt": "unsure"}
    assert tab_b.radio(key=widget_key("safety_afraid")).value == "no"

    answer_section(tab_a, {"safety_insulted": "no"})
    assert saved_answers(code) == {
        "safety_afraid": "no", "safety_hurt": "unsure", "safety_insulted": "no",
    }
    assert BOTH_KEPT in texts(tab_a)
    tab_a.run()
    assert BOTH_KEPT not in texts(tab_a), "the notice is shown once"

    # The same question in both tabs: the later edit wins, in the file and in the tab.
    answer_section(tab_b, {"safety_hurt": "no"})
    assert saved_answers(code)["safety_hurt"] == "no"


def test_a_delete_in_another_tab_stops_saving_here_and_keeps_the_answers(data_dir):
    tab_a, code = start_saving()
    tab_b = resume_in_new_session(code)
    answer_section(tab_a, {"safety_afraid": "no"})
    click(tab_a, "delete_saved")
    click(tab_a, "delete_confirm")

    answer_section(tab_b, {"safety_hurt": "no"})
    words = texts(tab_b)
    assert STOPPED in words and "deleted" in words
    assert "Saving is on" not in words
    assert tab_b.session_state["answers"] == {"safety_hurt": "no"}
    assert "resume" not in tab_b.query_params
    answer_section(tab_b, {"safety_insulted": "no"})
    click(tab_b, "nav_next")  # an answer redraws its questions; the notice stays till Next
    assert STOPPED not in texts(tab_b), "the notice is shown once"
    assert tab_b.session_state["answers"] == {"safety_hurt": "no", "safety_insulted": "no"}
    counts = row_counts(data_dir / "crossroads.db")
    assert counts["respondents"] == counts["progress"] == 0


def test_a_deleted_database_file_pauses_saving_and_hands_out_no_codes(data_dir):
    tab, _code = start_saving()
    answer_section(tab, {"safety_afraid": "no"})
    (data_dir / "crossroads.db").unlink()

    answer_section(tab, {"safety_hurt": "no"})
    assert "Saving is paused" in texts(tab)
    assert tab.session_state["answers"] == {"safety_afraid": "no", "safety_hurt": "no"}

    newcomer = start_app()
    newcomer.checkbox(key="opt_in_saving").check().run()
    click(newcomer, "start")
    assert "Saving is not available right now" in texts(newcomer)
    assert "save_code" not in newcomer.session_state
    assert not (data_dir / "crossroads.db").exists()


def test_a_delete_while_the_file_is_being_read_says_the_last_traces_follow(data_dir):
    tab, _code = start_saving()
    answer_section(tab, {"safety_afraid": "no"})
    with closing(sqlite3.connect(data_dir / "crossroads.db", isolation_level=None)) as reader:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM progress").fetchall()
        click(tab, "delete_saved")
        click(tab, "delete_confirm")
        words = texts(tab)
    assert "deleted" in words and "within a minute" in words
    assert "Nothing of yours is stored now" not in words


def test_the_welcome_page_says_untouched_answers_are_deleted_after_90_days():
    assert "Saved answers you don't touch for 90 days are deleted." in texts(start_app())


def _unwritable(path: Path) -> None:
    path.parent.mkdir(parents=True)
    with closing(sqlite3.connect(path)) as conn:  # an older file, in rollback-journal mode
        conn.execute("CREATE TABLE kept (x)")
        conn.commit()
    made = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True,
                          check=False)
    if made.returncode != 0:
        pytest.skip(f"cannot make a file read-only for root here: {made.stderr.strip()}")


def _damaged(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not SQLite" + bytes(range(256)) * 40)


@pytest.mark.parametrize("make_fault", [_unwritable, _damaged], ids=["read-only", "damaged"])
def test_a_file_that_cannot_be_used_is_a_calm_line_with_the_answers_kept(data_dir, make_fault):
    path = data_dir / "crossroads.db"
    make_fault(path)
    try:
        at = start_app()
        at.checkbox(key="opt_in_saving").check().run()
        click(at, "start")
        assert "Saving is not available right now" in texts(at)
        answer_section(at, {"safety_afraid": "no"})
        assert at.session_state["answers"] == {"safety_afraid": "no"}
        away = resume_in_new_session("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG")
        assert "cannot be reached right now" in texts(away)
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=False, capture_output=True)


def test_a_corrupt_record_gets_a_plain_message_for_that_person_only(data_dir):
    alice_tab, alice = start_saving()
    answer_section(alice_tab, {"safety_afraid": "no"})
    bob_tab, bob = start_saving()
    answer_section(bob_tab, {"safety_afraid": "yes"})
    with closing(sqlite3.connect(data_dir / "crossroads.db")) as conn:
        conn.execute(
            "UPDATE progress SET answers = '{\"safety_afraid\": \"n' WHERE respondent_id = "
            "(SELECT id FROM respondents WHERE code_hash = ?)", (hash_code(alice),)
        )
        conn.commit()

    away = resume_in_new_session(alice)
    assert UNREADABLE in texts(away)
    assert current_step(away) == "welcome"
    away.run()  # a reload, or any click
    assert not away.exception
    again = resume_in_new_session(alice)  # every reload of the resume link
    assert UNREADABLE in texts(again)

    bob_again = resume_in_new_session(bob)
    assert "Welcome back" in texts(bob_again)
    assert bob_again.session_state["answers"] == {"safety_afraid": "yes"}
