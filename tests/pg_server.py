"""A throwaway PostgreSQL server for tests and benchmarks: found or installed, started, removed.

Usage::

    with postgres_server() as pg:          # initdb + start on a free 127.0.0.1 port
        url = pg.create_database("demo")   # "postgresql+psycopg://postgres@127.0.0.1:PORT/demo"
        pg.stop()                          # simulate an outage; pg.start() brings it back

The server binaries come from Debian's `postgresql` package (/usr/lib/postgresql/N/bin). When
they are missing, `scripts/install-system-deps.sh` installs them. PostgreSQL refuses to run as
root, so under root every server command runs as the `postgres` OS user (created by that
package) through `runuser`, in a temporary directory that user owns. The server listens on
127.0.0.1 only, keeps its unix socket in the temporary directory, and trusts local connections:
it is for tests, never for data anyone cares about.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
INSTALL_SCRIPT = REPO_ROOT / "scripts" / "install-system-deps.sh"
SERVER_USER = "postgres"
START_TIMEOUT_S = 30


class PostgresUnavailable(RuntimeError):
    """PostgreSQL could not be found, installed or started; the message says which and why."""


def find_bin_dir() -> Path | None:
    """The newest installed PostgreSQL server's bin directory, or None."""
    candidates = []
    for initdb in glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        match = re.search(r"/postgresql/(\d+)/bin/", initdb)
        if match and os.access(initdb, os.X_OK):
            candidates.append((int(match.group(1)), Path(initdb).parent))
    return max(candidates)[1] if candidates else None


def ensure_bin_dir() -> Path:
    """Find the server binaries, installing Debian's package first if they are missing."""
    found = find_bin_dir()
    if found:
        return found
    result = subprocess.run(
        ["bash", str(INSTALL_SCRIPT)], capture_output=True, text=True, check=False
    )
    found = find_bin_dir()
    if found is None:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        raise PostgresUnavailable(
            f"PostgreSQL server binaries not found under /usr/lib/postgresql and "
            f"{INSTALL_SCRIPT.name} did not install them ({detail[0]})"
        )
    return found


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresServer:
    """One cluster in a temporary directory; `start`, `stop`, `create_database`, `remove`."""

    def __init__(self, bin_dir: Path, *, durable: bool = False) -> None:
        self.bin_dir = bin_dir
        # Tests trade crash safety for speed; a benchmark wants the real fsync cost.
        self.durable = durable
        self.as_root = os.geteuid() == 0
        # As root, /tmp rather than $TMPDIR: the postgres user must be able to reach the folder.
        base = "/tmp" if self.as_root else None
        self.root_dir = Path(tempfile.mkdtemp(prefix="crossroads-pg-", dir=base))
        self.data_dir = self.root_dir / "data"
        self.socket_dir = self.root_dir / "socket"
        self.log_file = self.root_dir / "server.log"
        self.port = free_port()
        self.user = SERVER_USER if self.as_root else pwd.getpwuid(os.geteuid()).pw_name
        self.running = False
        self.started_once = False
        self.socket_dir.mkdir()
        if self.as_root:
            try:
                entry = pwd.getpwnam(SERVER_USER)
            except KeyError:
                raise PostgresUnavailable(
                    f"running as root needs the '{SERVER_USER}' OS user, which Debian's "
                    "postgresql package creates; it does not exist here"
                ) from None
            for path in (self.root_dir, self.socket_dir):
                os.chown(path, entry.pw_uid, entry.pw_gid)

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        prefix = ["runuser", "-u", SERVER_USER, "--"] if self.as_root else []
        command = [*prefix, str(self.bin_dir / args[0]), *args[1:]]
        env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
        result = subprocess.run(
            command, cwd=self.root_dir, env=env, capture_output=True, text=True, check=False
        )
        if check and result.returncode != 0:
            log = self.log_file.read_text(errors="replace") if self.log_file.exists() else ""
            last = (result.stderr or log or result.stdout).strip().splitlines()[-1:] or ["?"]
            raise PostgresUnavailable(f"{args[0]} failed (exit {result.returncode}): {last[0]}")
        return result

    def init(self) -> None:
        self._run(
            "initdb", "-D", str(self.data_dir), "-U", self.user, "--auth=trust",
            "--encoding=UTF8", "--no-locale", "--no-sync", "--no-instructions",
        )

    def start(self) -> None:
        """Start on `self.port`; on first start, pick another free port if that one was taken."""
        attempts = 1 if self.started_once else 3
        for attempt in range(attempts):
            try:
                self._start()
                self.started_once = True
                return
            except PostgresUnavailable:
                if attempt == attempts - 1:
                    raise
                self.port = free_port()

    def _start(self) -> None:
        settings = [
            f"-p {self.port}",
            "-c listen_addresses=127.0.0.1",
            f"-c unix_socket_directories={self.socket_dir}",
            "-c max_connections=60",
        ]
        if not self.durable:
            # Safe while the OS keeps running; a commit is still a commit across a stop.
            settings += ["-c fsync=off", "-c full_page_writes=off"]
        self._run(
            "pg_ctl", "-D", str(self.data_dir), "-l", str(self.log_file),
            "-o", " ".join(settings), "-w", "-t", str(START_TIMEOUT_S), "start",
        )
        self.running = True

    def stop(self) -> None:
        """Stop the server now, cutting every connection, as an outage would."""
        if self.running:
            self._run("pg_ctl", "-D", str(self.data_dir), "-m", "fast", "-w", "stop",
                      check=False)
            self.running = False

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """Create an empty database and return its SQLAlchemy URL."""
        import psycopg

        if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
            raise ValueError(f"database name '{name}': use lower-case letters, digits, _")
        dsn = f"host=127.0.0.1 port={self.port} user={self.user} dbname=postgres"
        with psycopg.connect(dsn, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def create_schema(self, database: str, schema: str) -> str:
        """Create an empty schema in `database`; its URL puts it first on the search path.

        Much faster than a database per test (no copy of a template), and just as separate.
        """
        import psycopg

        for name in (database, schema):
            if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
                raise ValueError(f"name '{name}': use lower-case letters, digits, _")
        dsn = f"host=127.0.0.1 port={self.port} user={self.user} dbname={database}"
        with psycopg.connect(dsn, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        return f"{self.url(database)}?options=-csearch_path%3D{schema}"

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root_dir, ignore_errors=True)


@contextlib.contextmanager
def postgres_server(*, durable: bool = False) -> Iterator[PostgresServer]:
    """Start a fresh local PostgreSQL server for the duration of the block, then remove it."""
    server = PostgresServer(ensure_bin_dir(), durable=durable)
    # A test run killed half-way must not leave a server behind.
    atexit.register(server.remove)
    try:
        server.init()
        server.start()
        yield server
    finally:
        server.remove()
        atexit.unregister(server.remove)
