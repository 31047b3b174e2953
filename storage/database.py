"""One engine per database URL, with what each dialect needs: timeouts, pragmas, file rights.

SQLite (the embedded default): the file and its folder are created on first use, readable by
the app's own OS user only. WAL lets sessions read while one writes; writes start with BEGIN
IMMEDIATE so that concurrent writers queue on the busy timeout instead of failing half-way.
`secure_delete` zeroes deleted rows inside the file, and after a deletion the WAL file is
truncated, so a deleted answer leaves no bytes behind in the database files (`scrub` says
when a reader kept it from finishing). The WAL is kept small (a checkpoint every 100 pages,
the file cut back to 512 KiB), so a small volume is not eaten by it. Connections open the
file with `mode=rw`: once the app has made its file, nothing silently makes an empty one in
its place, and `file_changed` tells when the file at the path is no longer the one open.

PostgreSQL (replicas): psycopg 3, a short connect timeout so a down server costs seconds, not
minutes; a pre-ping so a connection cut by a restart is replaced instead of failing a save;
TCP keep-alives and a statement timeout so a vanished server cannot hang a session.

Both: `hide_parameters`, so no error or log line ever carries a person's answers.
"""

from __future__ import annotations

import logging
import math
import os
import sqlite3
import threading
import time
from contextlib import closing
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.engine import URL
from sqlalchemy.exc import (
    ArgumentError,
    InterfaceError,
    NoSuchModuleError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.pool import StaticPool

from storage.errors import StorageUnavailable

log = logging.getLogger("crossroads.storage")

WRITE = "crossroads_write"
SUPPORTED = ("sqlite", "postgresql")

# SQLite's primary result codes (sqlite3 errors carry them as `sqlite_errorcode`).
SQLITE_READONLY, SQLITE_BUSY, SQLITE_LOCKED = 8, 5, 6
SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 11, 13, 14, 26
# The WAL: a checkpoint every this many pages, and the file cut back to this size after one.
WAL_AUTOCHECKPOINT_PAGES = 16
JOURNAL_SIZE_LIMIT = 64 * 1024
# A checkpoint waits this long for readers before it tries again, or reports them.
CHECKPOINT_WAIT_MS = 100


def sqlite_code(exc: BaseException | None) -> int | None:
    """SQLite's primary result code behind an exception (wrapped by SQLAlchemy or not)."""
    while exc is not None:
        found = getattr(getattr(exc, "orig", None) or exc, "sqlite_errorcode", None)
        if isinstance(found, int):
            return found & 0xFF
        exc = exc.__cause__
    return None


def plain_message(exc: BaseException, backend: str) -> str:
    """One sentence for a person; the technical detail stays in the chained cause."""
    code = sqlite_code(exc) if backend == "sqlite" else None
    detail = str(getattr(exc, "orig", None) or exc).lower()
    busy_words = ("locked", "busy", "statement timeout", "lock timeout")
    if code == SQLITE_FULL or "disk is full" in detail or "no space" in detail:
        return "The disk for saved answers is full."
    if code in (SQLITE_NOTADB, SQLITE_CORRUPT):
        return "The file for saved answers is damaged."
    if code == SQLITE_READONLY:
        return "The file for saved answers cannot be written."
    if isinstance(exc, PoolTimeout) or code in (SQLITE_BUSY, SQLITE_LOCKED) or any(
        word in detail for word in busy_words
    ):
        return "The answers database is busy right now."
    if isinstance(exc, OSError) or code == SQLITE_CANTOPEN or (
        backend == "sqlite"
        and any(w in detail for w in ("unable to open", "readonly", "disk", "permission"))
    ):
        return "The file for saved answers cannot be opened or written."
    if isinstance(exc, OperationalError | InterfaceError):
        return "The answers database cannot be reached right now."
    return "The answers database is not working right now."


def _file_identity(path: Path) -> tuple[int, int] | None:
    """The device and inode at `path`, or None when nothing is there."""
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return None
    return found.st_dev, found.st_ino


class Database:
    """An engine (and a write engine sharing its pool) for one URL, plus per-dialect chores."""

    def __init__(self, url: str, *, timeout: float = 3.0) -> None:
        try:
            self.url: URL = make_url(url)
        except ArgumentError as exc:
            raise StorageUnavailable("The database address in the settings is not valid.") from exc
        self.backend = self.url.get_backend_name()
        if self.backend not in SUPPORTED:
            raise StorageUnavailable(
                f"The database in the settings is {self.backend}; this app supports "
                "SQLite and PostgreSQL."
            )
        self.timeout = timeout
        self._busy_ms = int(timeout * 1000)
        # The file the pool's connections have open (device, inode); None until prepared.
        self._identity: tuple[int, int] | None = None
        # One connection of our own to that file, for checkpoints: it is sure to reach the
        # file we have open, even after the path has come to name another one.
        self._keeper: sqlite3.Connection | None = None
        self._keeper_lock = threading.Lock()
        database = self.url.database or ""
        self.sqlite_path: Path | None = (
            Path(database).expanduser().absolute()
            if self.backend == "sqlite" and database not in ("", ":memory:")
            else None
        )
        try:
            self.engine = (
                self._sqlite_engine() if self.backend == "sqlite" else self._postgres_engine()
            )
        except (NoSuchModuleError, ImportError, ArgumentError) as exc:
            raise StorageUnavailable("The database driver for the settings is missing.") from exc
        # Same pool, same connections; only marks transactions that will write (see _begin).
        self.write_engine = self.engine.execution_options(**{WRITE: True})

    @property
    def location(self) -> str:
        """Where the data is, for logs and the UI: never a password."""
        if self.backend == "sqlite":
            return f"SQLite file {self.sqlite_path}" if self.sqlite_path else "SQLite in memory"
        host = self.url.host or "local socket"
        port = f":{self.url.port}" if self.url.port else ""
        return f"PostgreSQL database {self.url.database} on {host}{port}"

    def _sqlite_engine(self) -> Engine:
        path = self.sqlite_path
        options: dict[str, Any] = (
            # An in-memory database lives in one connection: share it.
            {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
            if path is None
            # mode=rw: a missing file is an error, never a new empty database.
            else {"creator": lambda: self._connect_existing(path, self.timeout)}
        )
        engine = create_engine(
            self.url,
            hide_parameters=True,
            # Sessions are threads; each transaction holds a pooled connection, briefly.
            pool_timeout=max(5.0, 2 * self.timeout),
            **options,
        )
        busy_ms = self._busy_ms

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection: Any, _record: Any) -> None:
            # Let SQLAlchemy, not the driver, say when a transaction begins (see _begin).
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            # WAL is set once per file, in prepare_files: switching the journal mode can fail
            # at once with "locked" when several connections open a new file together.
            for pragma in (
                f"busy_timeout = {busy_ms}",
                # In WAL mode, NORMAL survives an app crash or restart; only a power cut can
                # lose the last answer, which is still on the person's screen.
                "synchronous = NORMAL",
                "foreign_keys = ON",
                # Deleted rows and freed pages are overwritten with zeros, not just unlinked.
                "secure_delete = ON",
                # A bounded WAL: SQLite's default (1000 pages, never cut back) let it grow to
                # 40 times the database and fill a small volume for good.
                f"wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES}",
                f"journal_size_limit = {JOURNAL_SIZE_LIMIT}",
            ):
                cursor.execute(f"PRAGMA {pragma}")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(connection: Any) -> None:
            write = connection.get_execution_options().get(WRITE, False)
            connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine

    def _postgres_engine(self) -> Engine:
        statement_ms = int(max(10.0, 4 * self.timeout) * 1000)
        # Server settings from the URL (`?options=-csearch_path%3Dcrossroads`) are kept.
        given = self.url.query.get("options", "")
        options = " ".join(
            [*([given] if isinstance(given, str) else given),
             f"-c statement_timeout={statement_ms}", f"-c lock_timeout={statement_ms}"]
        ).strip()
        return create_engine(
            self.url,
            hide_parameters=True,
            pool_pre_ping=True,
            pool_recycle=1800,
            pool_timeout=max(5.0, 2 * self.timeout),
            connect_args={
                # libpq counts whole seconds and treats anything under 2 as 2.
                "connect_timeout": max(2, math.ceil(self.timeout)),
                "application_name": "crossroads",
                "options": options,
                "keepalives": 1,
                "keepalives_idle": 30,
                "keepalives_interval": 10,
                "keepalives_count": 3,
                "tcp_user_timeout": statement_ms,
            },
        )

    @staticmethod
    def _connect_existing(path: Path, timeout: float) -> sqlite3.Connection:
        return sqlite3.connect(
            f"file:{quote(str(path))}?mode=rw", uri=True, timeout=timeout,
            check_same_thread=False,
        )

    def prepare_files(self, *, create: bool = True) -> None:
        """Create the SQLite file and its folder, owner-only, before SQLite does it loosely;
        then put the file in WAL mode (it stays so), so readers never wait for a writer.

        With `create` False (the app had a file, and it went missing) a missing file is an
        outage: a new empty file would turn every resume code into a "wrong code".
        Every fault is StorageUnavailable.
        """
        path = self.sqlite_path
        if path is None:
            return
        if not path.exists() and not create:
            raise StorageUnavailable("The file for saved answers is missing.")
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not path.exists():
                os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        except OSError as exc:
            raise StorageUnavailable(
                "The folder for saved answers cannot be written, so saving is off."
            ) from exc
        identity = _file_identity(path)
        try:
            self._switch_to_wal(path)
            keeper = self._connect_existing(path, self.timeout)
        except (sqlite3.Error, OSError) as exc:
            raise StorageUnavailable(plain_message(exc, self.backend)) from exc
        keeper.isolation_level = None
        with self._keeper_lock:
            if self._keeper is not None:
                self._keeper.close()
            self._keeper = keeper
        self._identity = identity

    def _switch_to_wal(self, path: Path) -> None:
        # SQLite may answer "locked" at once, without its busy wait, while another process
        # opens the same new file; a few short retries within the timeout settle it. Any
        # other fault (read-only, damaged) will not settle: it is raised at once.
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                with closing(self._connect_existing(path, self.timeout)) as connection:
                    connection.execute("PRAGMA journal_mode = WAL").fetchall()
                return
            except sqlite3.OperationalError as exc:
                if sqlite_code(exc) not in (SQLITE_BUSY, SQLITE_LOCKED, None):
                    raise
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def file_changed(self) -> bool:
        """SQLite: True when the file at the path is not the one the pool has open (deleted,
        moved away or replaced since `prepare_files`); a stat call, so cheap to ask often."""
        if self.sqlite_path is None:
            return False
        try:
            return _file_identity(self.sqlite_path) != self._identity
        except OSError:
            return True

    def let_go_of_file(self, wait: float = 0.5) -> bool:
        """The file at the path was deleted, moved or replaced: close every connection to
        the old one, and leave no WAL of it behind at the path.

        SQLite does not checkpoint into a file that has moved when its last connection
        closes, so the old WAL would stay at the path and be replayed into whatever file
        comes there next (a restored backup). So first the WAL is written into the old file
        (wherever it now is: a file moved away stays complete) and emptied. False, with
        nothing closed, while a reader holds the WAL: the caller tries again later.
        """
        deadline = time.monotonic() + wait
        while True:
            try:
                if self._checkpoint():
                    break
            except sqlite3.Error as exc:
                log.error("could not empty the WAL of a replaced SQLite file: %s", exc)
                break
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        self._identity = None
        self.dispose()
        return True

    def _checkpoint(self) -> bool:
        """One TRUNCATE checkpoint, waiting briefly for readers; True if the WAL is empty."""
        with self._keeper_lock:
            keeper = self._keeper
            if keeper is None:
                return True  # no connection of ours: no WAL of ours either
            keeper.execute(f"PRAGMA busy_timeout = {CHECKPOINT_WAIT_MS}")
            busy, *_ = keeper.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return busy == 0

    def scrub(self, wait: float = 0.5) -> bool:
        """After a deletion: leave no copy of the deleted rows in SQLite's WAL file.

        True when done. A reader holding the WAL (another session, a backup) stops the WAL
        from being truncated; after `wait` seconds of short tries this gives up and says
        False, and the caller tries again later. PostgreSQL reclaims dead rows itself
        (autovacuum); its WAL and backups are the operator's to age out.
        """
        if self.backend != "sqlite" or self.sqlite_path is None:
            return True
        deadline = time.monotonic() + wait
        while True:
            if self.file_changed():
                return False  # the store reopens the file first; then this runs again
            try:
                if self._checkpoint():
                    return True
            except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
                log.warning("could not truncate SQLite's WAL after a deletion: %s",
                            type(exc).__name__)
                return False
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)

    def relieve_full_disk(self) -> bool:
        """After "database or disk is full": checkpoint and empty the WAL, which may be what
        filled the disk (SQLite only checkpoints after a write that succeeded). True if the
        WAL is now empty, so one more try may succeed."""
        if self.backend != "sqlite" or self.sqlite_path is None or self.file_changed():
            return False
        try:
            return self._checkpoint()
        except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
            log.warning("could not checkpoint SQLite's WAL on a full disk: %s",
                        type(exc).__name__)
            return False

    def dispose(self) -> None:
        with self._keeper_lock:
            if self._keeper is not None:
                self._keeper.close()
                self._keeper = None
        self.engine.dispose()
