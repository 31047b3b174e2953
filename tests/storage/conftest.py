"""Fixtures for the storage tests: every behaviour test runs on SQLite and on a real PostgreSQL.

`pg_server` starts one throwaway PostgreSQL for the whole run (see tests/pg_server.py); each
test that needs it gets a fresh, empty schema from `pg_url`. `database_url` is parametrised
over both back ends; the PostgreSQL half carries the `postgres` marker, so
`pytest -m "not postgres"` runs the SQLite half alone.
"""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:  # the repository is not installed as a package
    sys.path.insert(0, str(REPO_ROOT))

from questionnaire import Questionnaire, default_questionnaire  # noqa: E402
from storage import Store, open_store  # noqa: E402
from storage.database import Database  # noqa: E402
from tests.pg_server import PostgresServer, postgres_server  # noqa: E402
from tests.storage.helpers import complete_answers, sqlite_url  # noqa: E402

_schema_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    with postgres_server() as server:
        yield server


@pytest.fixture(scope="session")
def pg_database(pg_server: PostgresServer) -> str:
    """One database for the run; tests get a schema each (see pg_url)."""
    name = f"storage_tests_{os.getpid()}"
    pg_server.create_database(name)
    return name


@pytest.fixture
def pg_url(pg_server: PostgresServer, pg_database: str) -> str:
    """A URL to an empty PostgreSQL schema of this test's own."""
    return pg_server.create_schema(pg_database, f"test_{next(_schema_numbers)}")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return sqlite_url(tmp_path)
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    opened = open_store(database_url)
    yield opened
    opened.close()


@pytest.fixture
def make_store() -> Iterator[Callable[..., Store]]:
    """Build stores with test knobs (clocks, migrations, timeouts); all closed afterwards."""
    opened: list[Store] = []

    def build(url: str, *, timeout: float = 3.0, **options: object) -> Store:
        made = Store(Database(url, timeout=timeout), **options)  # type: ignore[arg-type]
        opened.append(made)
        return made

    yield build
    for made in opened:
        made.close()


@pytest.fixture(scope="session")
def questionnaire() -> Questionnaire:
    return default_questionnaire()


@pytest.fixture(scope="session")
def full_answers(questionnaire: Questionnaire) -> dict:
    return complete_answers(questionnaire)
