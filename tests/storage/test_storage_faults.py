"""The faults of "Nothing lost, nothing leaked", each as the store should meet it.

Two tabs on one code merge question by question; a database file deleted under the app is an
outage until it is back; a deletion with a reader open is finished or says it is pending;
deleted notes are zeroed in the file; answers untouched for 90 days are purged; a full small
volume pauses saving and recovers; an unwritable, damaged or half-corrupt file is one plain
sentence, and a corrupt record concerns its owner only.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from storage import SavedAnswersUnreadable, StorageUnavailable, Store
from storage.codes import hash_code
from tests.storage.helpers import row_counts, sqlite_url
from tests.storage.test_storage_outage import Ticker, assert_plain

QUESTIONNAIRE = {"questionnaire_id": "crossroads", "questionnaire_version": "1.0.0"}
NOTE = "zq-private-note-4471"


class Clock:
    """A settable UTC clock for the store's timestamps."""

    def __init__(self, start: datetime) -> None:
        self.moment = start

    def __call__(self) -> datetime:
        return self.moment


def files_holding(folder: Path, marker: str) -> list[str]:
    """The names of the files in `folder` whose bytes contain `marker`."""
    return [p.name for p in folder.iterdir() if p.is_file() and marker.encode() in p.read_bytes()]


def wait_until(condition, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


# --- 1. two tabs on one code ------------------------------------------------------------------


def test_two_tabs_on_one_code_merge_question_by_question(store: Store):
    code = store.start()
    opened = store.load_progress(code)
    assert opened is not None
    tab_a = tab_b = opened.values  # what each tab read when it opened

    a = store.save_progress(code, {"q1": "a"}, "s1", base=tab_a, **QUESTIONNAIRE)
    assert a and not a.merged and a.values == {"q1": "a"}
    # Tab B never saw q1: its save must not wipe it, and it must learn about it.
    b = store.save_progress(code, {"q2": "b"}, "s2", base=tab_b, **QUESTIONNAIRE)
    assert b and b.merged and b.values == {"q1": "a", "q2": "b"}
    # Tab A never saw q2: the old code removed it for good here.
    a = store.save_progress(code, {"q1": "a", "q3": "c"}, "s3", base=a.values, **QUESTIONNAIRE)
    assert a and a.merged and a.values == {"q1": "a", "q2": "b", "q3": "c"}

    # The same question in both tabs: the later edit wins.
    b = store.save_progress(code, {"q1": "z", "q2": "b"}, "s2", base=b.values, **QUESTIONNAIRE)
    assert b and b.values == {"q1": "z", "q2": "b", "q3": "c"}
    # A cleared q3 (its base had it): it stays cleared, and B's q1 is not undone by A.
    a = store.save_progress(code, {"q1": "a", "q2": "b"}, "s4", base=a.values, **QUESTIONNAIRE)
    assert a and a.values == {"q1": "z", "q2": "b"}

    saved = store.load_progress(code)
    assert saved is not None and (saved.values, saved.step) == ({"q1": "z", "q2": "b"}, "s4")
    # Nothing changed elsewhere since A's last save: no merge to report.
    again = store.save_progress(code, {"q1": "z", "q2": "b", "q4": "d"}, "s5", base=a.values,
                                **QUESTIONNAIRE)
    assert again and not again.merged


def test_tabs_saving_at_the_same_moment_lose_nothing(store: Store):
    code = store.start()
    tabs = 8
    barrier = threading.Barrier(tabs)
    errors: list[BaseException] = []

    def tab(number: int) -> None:
        try:
            base: dict = {}
            mine: dict = {}
            for step in range(4):
                mine[f"t{number}_q{step}"] = step
                if step == 0:
                    barrier.wait()
                saved = store.save_progress(code, mine, f"s{number}", base=base, **QUESTIONNAIRE)
                assert saved
                base = saved.values
                mine = {k: v for k, v in saved.values.items()}
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=tab, args=(n,)) for n in range(tabs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    saved = store.load_progress(code)
    assert saved is not None
    assert saved.values == {f"t{n}_q{s}": s for n in range(tabs) for s in range(4)}


def test_a_save_after_a_delete_elsewhere_writes_nothing(store: Store):
    code = store.start()
    first = store.save_progress(code, {"q1": "a"}, "s", base={}, **QUESTIONNAIRE)
    assert first
    assert store.delete(code) is True
    assert store.save_progress(code, {"q1": "a", "q2": "b"}, "s", base=first.values,
                               **QUESTIONNAIRE) is False
    assert store.load_progress(code) is None
    assert row_counts(store.database.engine)["respondents"] == 0


# --- 2. the database file deleted or replaced while the app runs ------------------------------


def _copy_database(source: Path, target: Path) -> None:
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


@pytest.mark.parametrize("removed", ["the file", "the file and its journal"])
def test_a_database_file_deleted_while_running_is_an_outage_until_it_is_back(
    tmp_path: Path, make_store, removed: str
):
    clock = Ticker()
    store: Store = make_store(sqlite_url(tmp_path), monotonic=clock)
    code = store.start()
    assert store.save_progress(code, {"q1": "kept"}, "s", **QUESTIONNAIRE)
    path = store.database.sqlite_path
    backup = tmp_path / "backup.db"
    _copy_database(path, backup)

    path.unlink()
    if removed == "the file and its journal":
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)

    # No new code goes out into a file nobody will ever read again.
    with pytest.raises(StorageUnavailable) as raised:
        store.start()
    assert_plain(raised.value)
    assert "missing" in str(raised.value)
    clock.now += 60
    with pytest.raises(StorageUnavailable):
        store.save_progress(code, {"q1": "kept", "q2": "new"}, "s", **QUESTIONNAIRE)
    clock.now += 60
    assert store.healthy() is False
    assert not path.exists(), "a new empty file was made in place of the missing one"

    shutil.copy(backup, path)  # the operator puts it back
    clock.now += 60
    resumed = store.load_progress(code)
    assert resumed is not None and resumed.values == {"q1": "kept"}
    new_code = store.start()
    assert store.save_progress(new_code, {"q1": "later"}, "s", **QUESTIONNAIRE)
    # After a restart, the code handed out meanwhile still works: it is in the file on disk.
    store.close()
    restarted: Store = make_store(sqlite_url(tmp_path))
    later = restarted.load_progress(new_code)
    assert later is not None and later.values == {"q1": "later"}


def test_a_database_file_replaced_while_running_is_reopened(tmp_path: Path, make_store):
    clock = Ticker()
    store: Store = make_store(sqlite_url(tmp_path), monotonic=clock)
    code = store.start()
    assert store.save_progress(code, {"q1": "before"}, "s", **QUESTIONNAIRE)
    path = store.database.sqlite_path
    restored = tmp_path / "restored.db"
    _copy_database(path, restored)
    with closing(sqlite3.connect(restored)) as conn:
        conn.execute("UPDATE progress SET answers = '{\"q1\": \"from the backup\"}'")
        conn.commit()
    assert store.save_progress(code, {"q1": "before", "q2": "last"}, "s", **QUESTIONNAIRE)
    moved = tmp_path / "moved-away.db"
    os.rename(path, moved)  # the operator moves the live file aside...
    os.replace(restored, path)  # ...and restores a backup in its place

    progress = store.load_progress(code)
    assert progress is not None and progress.values == {"q1": "from the backup"}
    assert store.save_progress(code, {"q1": "after"}, "s", **QUESTIONNAIRE)
    with closing(sqlite3.connect(path)) as conn:
        stored = conn.execute("SELECT answers FROM progress").fetchall()
    assert stored == [('{"q1": "after"}',)]
    # The file moved aside is complete on its own: its last save is in it, not in a WAL
    # left at the old path (where it would have been replayed into the restored file).
    with closing(sqlite3.connect(moved)) as conn:
        kept = conn.execute("SELECT answers FROM progress").fetchall()
    assert kept == [('{"q1": "before", "q2": "last"}',)]


# --- 3 and 4. a deletion is complete when it says so, and leaves no bytes ---------------------


def test_a_delete_with_a_reader_open_finishes_or_says_it_is_pending(tmp_path: Path, make_store):
    store: Store = make_store(sqlite_url(tmp_path))
    code, other = store.start(), store.start()
    assert store.save_progress(code, {"note": f"my words {NOTE}"}, "s", **QUESTIONNAIRE)
    assert store.save_progress(other, {"note": "someone else"}, "s", **QUESTIONNAIRE)
    folder = store.database.sqlite_path.parent

    reader = sqlite3.connect(store.database.sqlite_path, isolation_level=None)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM progress").fetchall()  # holds a read snapshot
        started = time.perf_counter()
        assert store.delete(code) is True
        assert time.perf_counter() - started < 2.5, "the person waited on a reader"
        pending = getattr(store, "traces_pending", False)
        if not pending:
            # "Nothing of yours is stored now" must then be true, bytes and all.
            assert files_holding(folder, NOTE) == []
        assert pending, "a reader held the WAL; the delete cannot have cleared it"
    finally:
        reader.close()
    # Finished later, by itself, with nobody calling the store.
    assert wait_until(lambda: not store.traces_pending, 30), "the traces were never cleared"
    assert files_holding(folder, NOTE) == []
    assert store.load_progress(other) is not None


def test_every_connection_zeroes_deleted_content(tmp_path: Path, make_store):
    store: Store = make_store(sqlite_url(tmp_path))
    code, other = store.start(), store.start()
    long_note = f"{NOTE} " * 1500  # about 30 KB: overflow pages, freed by the delete
    assert store.save_progress(code, {"note": long_note}, "s", **QUESTIONNAIRE)
    assert store.save_progress(other, {"note": "stays"}, "s", **QUESTIONNAIRE)
    with store.database.engine.connect() as one, store.database.engine.connect() as two:
        for conn in (one, two):
            assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
    assert store.delete(code) is True
    assert wait_until(lambda: not store.traces_pending, 10)
    with closing(sqlite3.connect(store.database.sqlite_path)) as conn:
        assert conn.execute("PRAGMA freelist_count").fetchone()[0] > 0  # pages were freed...
    assert files_holding(store.database.sqlite_path.parent, NOTE) == []  # ...and zeroed


# --- 5. retention -----------------------------------------------------------------------------


def test_answers_untouched_for_90_days_are_deleted_at_start_and_hourly(
    tmp_path: Path, make_store, monkeypatch: pytest.MonkeyPatch
):
    url = sqlite_url(tmp_path)
    clock = Clock(datetime(2026, 1, 1, tzinfo=UTC))
    ticker = Ticker()
    running: Store = make_store(url, now=clock, monotonic=ticker)
    old = running.start()
    assert running.save_progress(old, {"q1": "old"}, "s", **QUESTIONNAIRE)
    clock.moment += timedelta(days=60)
    recent = running.start()
    assert running.save_progress(recent, {"q1": "recent"}, "s", **QUESTIONNAIRE)
    clock.moment += timedelta(days=31)  # old: 91 days untouched; recent: 31

    # A restart: the store purges on its first use.
    restarted: Store = make_store(url, now=clock)
    assert restarted.healthy()
    assert stored_codes(restarted) == {hash_code(recent)}

    # While running: at most once an hour, however busy.
    purges: list[timedelta] = []
    real_purge = running.purge_inactive

    def counted(older_than: timedelta) -> int:
        purges.append(older_than)
        return real_purge(older_than)

    monkeypatch.setattr(running, "purge_inactive", counted)
    clock.moment += timedelta(days=60)  # recent: 91 days untouched
    for _ in range(20):
        ticker.now += 60
        assert running.healthy()
    assert purges == []  # within the hour of the first purge
    ticker.now += 3600
    assert running.healthy()
    assert purges == [timedelta(days=90)]
    assert stored_codes(running) == set()


def stored_codes(store: Store) -> set[str]:
    """The code hashes in the database, read without touching anything."""
    with store.database.engine.connect() as conn:
        return set(conn.execute(text("SELECT code_hash FROM respondents")).scalars())


def test_coming_back_counts_as_touching_the_answers(tmp_path: Path, make_store):
    clock = Clock(datetime(2026, 1, 1, tzinfo=UTC))
    store: Store = make_store(sqlite_url(tmp_path), now=clock)
    code = store.start()
    assert store.save_progress(code, {"q1": "a"}, "s", **QUESTIONNAIRE)
    clock.moment += timedelta(days=80)
    assert store.load_progress(code) is not None  # the person came back and looked
    clock.moment += timedelta(days=20)
    assert store.purge_inactive(timedelta(days=90)) == 0
    assert store.load_progress(code) is not None


# --- 6. a small volume that fills up ----------------------------------------------------------


@contextmanager
def small_tmpfs(folder: Path, size: str = "200k") -> Iterator[Path]:
    """A tmpfs of `size` mounted on `folder`; skips the test where mounting is not allowed."""
    if os.geteuid() != 0:
        pytest.skip("mounting a 200 KiB tmpfs needs root; this run is not root")
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder)],
        capture_output=True, text=True, check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"mount is not permitted here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _fill(folder: Path) -> Path:
    """Take every free byte of the volume with one file."""
    filler = folder / "filler"
    handle = os.open(filler, os.O_CREAT | os.O_WRONLY, 0o600)
    try:
        while True:
            os.write(handle, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(handle)
    return filler


def test_a_full_small_volume_pauses_saving_then_resumes_with_nothing_lost(
    tmp_path: Path, make_store
):
    with small_tmpfs(tmp_path / "small") as volume:
        clock = Ticker()
        store: Store = make_store(f"sqlite:///{volume}/data/crossroads.db", monotonic=clock)
        code = store.start()
        answers: dict = {}
        # A long questionnaire of small saves: the WAL must not eat the volume.
        for number in range(200):
            answers[f"q{number % 40}"] = f"answer {number} " + "x" * 150
            assert store.save_progress(code, answers, f"s{number}", **QUESTIONNAIRE), number
        saved_before = dict(answers)

        filler = _fill(volume)
        failed = None
        for number in range(40):  # answers that need more room than is left
            answers[f"long_{number}"] = "y" * 600
            try:
                store.save_progress(code, answers, "late", **QUESTIONNAIRE)
            except StorageUnavailable as exc:
                failed = exc
                break
        assert failed is not None, "the volume never filled up"
        assert_plain(failed)
        assert "full" in str(failed)
        clock.now += 60
        kept = store.load_progress(code)
        assert kept is not None and saved_before.items() <= kept.values.items()

        filler.unlink()  # space is back
        clock.now += 60
        assert store.save_progress(code, answers, "late", **QUESTIONNAIRE)
        resumed = store.load_progress(code)
        assert resumed is not None and resumed.values == answers and resumed.step == "late"
        assert store.start()
        store.close()


# --- 7. files that cannot be written or read, and one corrupt record --------------------------


@contextmanager
def immutable(path: Path) -> Iterator[None]:
    """Make a file unwritable even for root (chattr +i); skip where that is not possible."""
    made = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True,
                          check=False)
    if made.returncode != 0:
        pytest.skip(f"cannot make a file read-only for root here: {made.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=False)


def _rollback_journal_file(path: Path) -> None:
    path.parent.mkdir(parents=True)
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE kept (x)")
        conn.execute("INSERT INTO kept VALUES ('an older file')")
        conn.commit()


def test_an_existing_file_that_cannot_be_written_is_one_plain_line(tmp_path: Path, make_store):
    url = sqlite_url(tmp_path)
    path = tmp_path / "data" / "crossroads.db"
    _rollback_journal_file(path)
    before = path.read_bytes()
    with immutable(path):
        store: Store = make_store(url, timeout=0.5)
        started = time.perf_counter()
        with pytest.raises(StorageUnavailable) as raised:
            store.start()
        assert time.perf_counter() - started < 3
        assert_plain(raised.value)
        assert store.healthy() is False
    assert path.read_bytes() == before


def test_a_read_only_app_file_still_gives_back_saved_answers(tmp_path: Path, make_store):
    url = sqlite_url(tmp_path)
    writer: Store = make_store(url)
    code = writer.start()
    assert writer.save_progress(code, {"q1": "kept"}, "s", **QUESTIONNAIRE)
    writer.close()
    path = tmp_path / "data" / "crossroads.db"
    with immutable(path):
        clock = Ticker()
        store: Store = make_store(url, timeout=0.5, monotonic=clock)
        with pytest.raises(StorageUnavailable) as raised:
            store.save_progress(code, {"q1": "kept", "q2": "new"}, "s", **QUESTIONNAIRE)
        assert_plain(raised.value)
        clock.now += 60
        progress = store.load_progress(code)
        assert progress is not None and progress.values == {"q1": "kept"}


def test_a_damaged_file_header_is_one_plain_line_and_the_file_is_left_alone(
    tmp_path: Path, make_store
):
    path = tmp_path / "data" / "crossroads.db"
    path.parent.mkdir()
    damaged = b"this is not SQLite" + bytes(range(256)) * 40
    path.write_bytes(damaged)
    store: Store = make_store(sqlite_url(tmp_path))
    for attempt in (store.start, store.healthy):
        try:
            attempt()
        except StorageUnavailable as exc:
            assert_plain(exc)
    with pytest.raises(StorageUnavailable) as raised:
        store.load_progress("K7QF-0000-0000-0000-0000-0000-0000")
    assert_plain(raised.value)
    assert store.healthy() is False
    assert path.read_bytes() == damaged


def _corrupt(store: Store, code: str, column: str, value: str) -> None:
    with store.database.engine.begin() as conn:
        respondent = conn.execute(
            text("SELECT id FROM respondents WHERE code_hash = :h"), {"h": hash_code(code)}
        ).scalar()
        table = "respondents" if column == "created_at" else "progress"
        key = "id" if table == "respondents" else "respondent_id"
        new = ":v" if store.database.backend == "sqlite" else f"CAST(:v AS {_pg_type(column)})"
        conn.execute(text(f"UPDATE {table} SET {column} = {new} WHERE {key} = :i"),
                     {"v": value, "i": respondent})


def _pg_type(column: str) -> str:
    return "json" if column == "answers" else "timestamptz"


@pytest.mark.parametrize(
    ("column", "value"),
    [("answers", '{"q1": "cut off'), ("answers", "[1, 2]"), ("updated_at", "garbage")],
    ids=["broken JSON", "not an object", "broken time"],
)
def test_a_corrupt_record_is_a_plain_message_for_its_owner_only(
    tmp_path: Path, make_store, column: str, value: str
):
    store: Store = make_store(sqlite_url(tmp_path))
    alice, bob = store.start(), store.start()
    assert store.save_progress(alice, {"q1": "alice"}, "s", **QUESTIONNAIRE)
    assert store.save_progress(bob, {"q1": "bob"}, "s", **QUESTIONNAIRE)
    _corrupt(store, alice, column, value)

    calls = [lambda: store.load_progress(alice), lambda: store.export(alice)]
    if column == "answers":  # a save merges into the stored answers: it must read them
        calls.append(lambda: store.save_progress(alice, {"q1": "new"}, "s", base={"q1": "alice"},
                                                 **QUESTIONNAIRE))
    for call in calls:
        with pytest.raises(SavedAnswersUnreadable) as raised:
            call()
        assert_plain(raised.value)
        assert "could not be read" in str(raised.value)
        assert not store.paused  # nobody else waits because of one record
        bob_progress = store.load_progress(bob)
        assert bob_progress is not None and bob_progress.values == {"q1": "bob"}
    # Nothing was written over the record: it may still be repaired by hand.
    with store.database.engine.connect() as conn:
        stored = conn.execute(text(f"SELECT {column} FROM progress")).scalars().all()
    assert value in [str(v) for v in stored]


@pytest.mark.postgres
def test_a_record_that_is_not_an_object_on_postgres_is_its_owners_message_only(
    pg_url: str, make_store
):
    store: Store = make_store(pg_url)
    alice, bob = store.start(), store.start()
    assert store.save_progress(alice, {"q1": "alice"}, "s", **QUESTIONNAIRE)
    assert store.save_progress(bob, {"q1": "bob"}, "s", **QUESTIONNAIRE)
    _corrupt(store, alice, "answers", '"just text"')
    with pytest.raises(SavedAnswersUnreadable):
        store.load_progress(alice)
    assert not store.paused
    assert store.load_progress(bob) is not None
