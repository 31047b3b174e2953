"""When the database is down, locked or unwritable: one plain line, quickly, and no answer leaks.

The app keeps the session's answers and carries on without saving; once the database is back,
the next save (which carries every answer so far) catches up.
"""

from __future__ import annotations

import logging
import socket
import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from storage import StorageUnavailable, Store, open_store
from tests.pg_server import PostgresServer, free_port
from tests.storage.helpers import sqlite_url

QUESTIONNAIRE = {"questionnaire_id": "crossroads", "questionnaire_version": "1.0.0"}
SECRET_ANSWER = "my-private-words-5829"


class Ticker:
    """A monotonic clock the test moves by hand, to step over the pause after a fault."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def assert_plain(error: StorageUnavailable, *, not_containing: tuple[str, ...] = ()) -> None:
    message = str(error)
    assert message and "\n" not in message and len(message) < 120
    technical = ("Traceback", "sqlalchemy", "psycopg", "sqlite3", "SELECT", "UPDATE")
    for word in (*technical, *not_containing):
        assert word.lower() not in message.lower(), message


def test_opening_a_store_never_connects_so_a_down_database_cannot_stop_the_app():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        listener.settimeout(0.3)
        port = listener.getsockname()[1]
        opened = open_store(f"postgresql+psycopg://nobody@127.0.0.1:{port}/nothing")
        assert opened.location == f"PostgreSQL database nothing on 127.0.0.1:{port}"
        with pytest.raises(TimeoutError):
            listener.accept()  # nobody knocked


@pytest.mark.postgres
def test_a_server_that_is_not_there_fails_fast_in_one_plain_line(make_store):
    url = f"postgresql+psycopg://crossroads:pw-s3cret@127.0.0.1:{free_port()}/crossroads"
    clock = Ticker()
    store: Store = make_store(url, monotonic=clock)

    started = time.perf_counter()
    with pytest.raises(StorageUnavailable) as raised:
        store.start()
    assert time.perf_counter() - started < 3
    assert_plain(raised.value, not_containing=("pw-s3cret", "127.0.0.1"))
    assert "cannot be reached" in str(raised.value)

    # Within the pause every call fails at once: no waiting on each answer.
    started = time.perf_counter()
    for _ in range(20):
        with pytest.raises(StorageUnavailable):
            store.save_progress("K7QF-0000-0000-0000-0000-0000-0000", {}, "s", **QUESTIONNAIRE)
    assert time.perf_counter() - started < 0.2
    assert store.paused and store.healthy() is False


@pytest.mark.postgres
def test_a_server_that_never_answers_cannot_hang_a_session(make_store):
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)  # the kernel completes the handshake; nothing ever replies
        port = silent.getsockname()[1]
        store: Store = make_store(f"postgresql+psycopg://x@127.0.0.1:{port}/x", timeout=1.0)
        started = time.perf_counter()
        with pytest.raises(StorageUnavailable) as raised:
            store.start()
        elapsed = time.perf_counter() - started
    assert elapsed < 5, f"waited {elapsed:.1f}s"
    assert_plain(raised.value)


@pytest.mark.postgres
def test_postgres_going_down_mid_questionnaire_and_coming_back(
    pg_server: PostgresServer, pg_url: str, make_store
):
    clock = Ticker()
    store: Store = make_store(pg_url, monotonic=clock)
    code = store.start()
    assert store.save_progress(code, {"q1": "yes"}, "q2", **QUESTIONNAIRE)

    pg_server.stop()
    try:
        started = time.perf_counter()
        with pytest.raises(StorageUnavailable) as raised:
            store.save_progress(code, {"q1": "yes", "q2": "no"}, "q3", **QUESTIONNAIRE)
        assert time.perf_counter() - started < 3
        assert_plain(raised.value)
        assert store.healthy() is False
    finally:
        pg_server.start()

    # Still within the pause: no attempt is made yet.
    with pytest.raises(StorageUnavailable):
        store.load_progress(code)
    clock.now += 60
    everything = {"q1": "yes", "q2": "no", "q3": "unsure"}
    assert store.save_progress(code, everything, "q4", **QUESTIONNAIRE)
    progress = store.load_progress(code)
    assert progress is not None and (progress.values, progress.step) == (everything, "q4")
    assert store.healthy() is True


def test_a_locked_sqlite_file_says_busy_and_recovers(tmp_path: Path, make_store):
    clock = Ticker()
    store: Store = make_store(sqlite_url(tmp_path), timeout=0.2, monotonic=clock)
    code = store.start()
    blocker = sqlite3.connect(store.database.sqlite_path, isolation_level=None)
    try:
        blocker.execute("BEGIN EXCLUSIVE")
        started = time.perf_counter()
        with pytest.raises(StorageUnavailable, match="busy") as raised:
            store.save_progress(code, {"q1": "yes"}, "q2", **QUESTIONNAIRE)
        assert time.perf_counter() - started < 2
        assert_plain(raised.value)
    finally:
        blocker.close()
    clock.now += 60
    assert store.save_progress(code, {"q1": "yes"}, "q2", **QUESTIONNAIRE)


def test_a_data_folder_that_cannot_be_made_says_so(tmp_path: Path, make_store):
    not_a_folder = tmp_path / "plain-file"
    not_a_folder.write_text("in the way")
    store: Store = make_store(f"sqlite:///{not_a_folder}/data/crossroads.db")
    with pytest.raises(StorageUnavailable, match="folder") as raised:
        store.start()
    assert_plain(raised.value)
    assert store.healthy() is False


@pytest.mark.parametrize(
    "url", ["not a url at all", "mysql+pymysql://u:p@h/db", "postgresql+nodriver://h/db"]
)
def test_settings_that_can_never_work_are_refused_plainly(url: str):
    with pytest.raises(StorageUnavailable) as raised:
        open_store(url)
    assert_plain(raised.value)


def _refuse_updates(store: Store) -> None:
    with store.database.engine.begin() as conn:
        if store.database.backend == "sqlite":
            conn.execute(text(
                "CREATE TRIGGER refuse BEFORE UPDATE ON progress "
                "BEGIN SELECT RAISE(ABORT, 'refused by test'); END"
            ))
        else:
            conn.execute(text(
                "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'refused by test'; END $$"
            ))
            conn.execute(text(
                "CREATE TRIGGER refuse BEFORE UPDATE ON progress "
                "FOR EACH ROW EXECUTE FUNCTION refuse()"
            ))


def test_a_failed_save_never_puts_answers_in_errors_or_logs(
    store: Store, caplog: pytest.LogCaptureFixture
):
    code = store.start()
    _refuse_updates(store)
    caplog.set_level(logging.DEBUG)
    with pytest.raises(StorageUnavailable) as raised:
        store.save_progress(code, {"their_reasons": SECRET_ANSWER}, "s", **QUESTIONNAIRE)
    cause = raised.value.__cause__
    assert cause is not None and "refused by test" in str(cause)  # the detail is kept...
    assert_plain(raised.value)
    told = " ".join([str(raised.value), str(cause), repr(cause), caplog.text])
    assert SECRET_ANSWER not in told  # ...but never the answers
