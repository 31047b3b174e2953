"""One engine per database URL, with what each dialect needs: timeouts, pragmas, file rights.

SQLite (the embedded default): the file and its folder are created on first use, readable by
the app's own OS user only. WAL lets sessions read while one writes; writes start with BEGIN
IMMEDIATE so that concurrent writers queue on the busy timeout instead of failing half-way.
`secure_delete` zeroes deleted rows inside the file, and after a deletion the WAL file is
truncated, so a deleted answer leaves no bytes behind in the database files.

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
import time
from contextlib import closing
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from storage.errors import StorageUnavailable

log = logging.getLogger("crossroads.storage")

WRITE = "crossroads_write"
SUPPORTED = ("sqlite", "postgresql")


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
        memory = self.sqlite_path is None
        engine = create_engine(
            self.url,
            hide_parameters=True,
            # Sessions are threads; each transaction holds a pooled connection, briefly.
            pool_timeout=max(5.0, 2 * self.timeout),
            connect_args={"check_same_thread": False, "timeout": self.timeout},
            # An in-memory database lives in one connection: share it.
            **({"poolclass": StaticPool} if memory else {}),
        )
        busy_ms = int(self.timeout * 1000)

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
                "secure_delete = ON",
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

    def prepare_files(self) -> None:
        """Create the SQLite file and its folder, owner-only, before SQLite does it loosely;
        then put the file in WAL mode (it stays so), so readers never wait for a writer."""
        path = self.sqlite_path
        if path is None:
            return
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not path.exists():
                os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        except OSError as exc:
            raise StorageUnavailable(
                "The folder for saved answers cannot be written, so saving is off."
            ) from exc
        self._switch_to_wal(path)

    def _switch_to_wal(self, path: Path) -> None:
        # SQLite may answer "locked" at once, without its busy wait, while another process
        # opens the same new file; a few short retries within the timeout settle it.
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                with closing(sqlite3.connect(path, timeout=self.timeout)) as connection:
                    connection.execute("PRAGMA journal_mode = WAL").fetchall()
                return
            except sqlite3.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def scrub(self) -> None:
        """After a deletion: leave no copy of the deleted rows in SQLite's WAL file.

        Best effort: if another session is reading right now, the next deletion finishes it.
        PostgreSQL reclaims dead rows itself (autovacuum); its WAL and backups are the
        operator's to age out.
        """
        if self.backend != "sqlite" or self.sqlite_path is None:
            return
        try:
            # A bare driver connection: a checkpoint cannot run inside a transaction.
            raw = self.engine.raw_connection()
            try:
                raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            finally:
                raw.close()
        except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
            log.warning("could not truncate SQLite's WAL after a deletion: %s", type(exc).__name__)

    def dispose(self) -> None:
        self.engine.dispose()
