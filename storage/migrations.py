"""Creates and upgrades the schema in place: an ordered list of migrations and a version table.

Version N of the schema is what the first N functions in `MIGRATIONS` build. `upgrade` applies
the missing ones in one transaction and records each in `schema_version`, so a crash half-way
leaves the old version intact. Replicas starting together do not race: PostgreSQL takes an
advisory lock first, SQLite's write transaction (BEGIN IMMEDIATE) is already exclusive.

To change the schema: change `models.py`, then append a migration that turns the previous
version into the new one (ALTER TABLE ...). Never edit a migration that has shipped: databases
out there were built by it. `tests/storage` checks that the migrations build what the models
describe.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Connection,
    Engine,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    func,
    insert,
    select,
    text,
)

from storage.errors import StorageUnavailable
from storage.models import SchemaVersionRow, UTCDateTime, utc_now

Migration = Callable[[Connection], None]

# Any 64-bit number unique to this app; PostgreSQL advisory locks are keyed by number.
_LOCK_KEY = zlib.crc32(b"crossroads-schema-upgrade")


def _v1_initial(conn: Connection) -> None:
    """Respondents, their progress, their finished assessments (frozen copy of the models)."""
    meta = MetaData()
    Table(
        "respondents", meta,
        Column("id", Integer, primary_key=True),
        Column("code_hash", String(64), nullable=False, unique=True),
        Column("created_at", UTCDateTime(), nullable=False),
        Column("updated_at", UTCDateTime(), nullable=False),
        Index("ix_respondents_updated_at", "updated_at"),
    )
    Table(
        "progress", meta,
        Column("respondent_id", Integer,
               ForeignKey("respondents.id", ondelete="CASCADE"), primary_key=True),
        Column("questionnaire_id", String(64), nullable=True),
        Column("questionnaire_version", String(32), nullable=True),
        Column("answers", JSON, nullable=False),
        Column("step", String(128), nullable=False),
        Column("updated_at", UTCDateTime(), nullable=False),
    )
    Table(
        "assessments", meta,
        Column("id", Integer, primary_key=True),
        Column("respondent_id", Integer,
               ForeignKey("respondents.id", ondelete="CASCADE"), nullable=False),
        Column("taken_at", UTCDateTime(), nullable=False),
        Column("questionnaire_id", String(64), nullable=False),
        Column("questionnaire_version", String(32), nullable=False),
        Column("rules_fingerprint", String(128), nullable=False),
        Column("recommended", String(32), nullable=True),
        Column("scores", JSON, nullable=False),
        Column("answers", JSON, nullable=False),
        Column("assessment", JSON, nullable=False),
        Index("ix_assessments_respondent_id", "respondent_id"),
    )
    meta.create_all(conn)


def _v2_rate_counts(conn: Connection) -> None:
    """Counts per hashed client address and time window, for the limits in storage/limits.py."""
    meta = MetaData()
    Table(
        "rate_counts", meta,
        Column("client_hash", String(64), primary_key=True),
        Column("kind", String(16), primary_key=True),
        Column("window_start", BigInteger, primary_key=True, autoincrement=False),
        Column("count", Integer, nullable=False),
        Index("ix_rate_counts_window_start", "window_start"),
    )
    meta.create_all(conn)


def _v3_plans(conn: Connection) -> None:
    """A person's plans for the paths (ui/plan/), one row per path, deleted with them."""
    meta = MetaData()
    Table("respondents", meta, Column("id", Integer, primary_key=True))
    Table(
        "plans", meta,
        Column("respondent_id", Integer,
               ForeignKey("respondents.id", ondelete="CASCADE"), primary_key=True),
        Column("path", String(16), primary_key=True),
        Column("content", JSON, nullable=False),
        Column("updated_at", UTCDateTime(), nullable=False),
    )
    meta.tables["plans"].create(conn)


MIGRATIONS: tuple[Migration, ...] = (_v1_initial, _v2_rate_counts, _v3_plans)
SCHEMA_VERSION = len(MIGRATIONS)


def current_version(conn: Connection) -> int:
    """The version a database is at; 0 for an empty one."""
    if not conn.dialect.has_table(conn, SchemaVersionRow.__tablename__):
        return 0
    return conn.scalar(select(func.max(SchemaVersionRow.version))) or 0


def upgrade(
    engine: Engine,
    migrations: Sequence[Migration] = MIGRATIONS,
    *,
    now: Callable[[], datetime] = utc_now,
) -> int:
    """Bring the database up to `len(migrations)`, in one transaction; returns that version.

    Raises StorageUnavailable when the database is newer than this app: an older replica
    must not write into a schema it does not know.
    """
    target = len(migrations)
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        SchemaVersionRow.__table__.create(conn, checkfirst=True)
        version = current_version(conn)
        if version > target:
            raise StorageUnavailable(
                "The answers database was set up by a newer version of this app, "
                "so this one will not write to it."
            )
        for number in range(version + 1, target + 1):
            migrations[number - 1](conn)
            conn.execute(insert(SchemaVersionRow).values(version=number, applied_at=now()))
    return target
