"""The tables (SQLAlchemy 2 ORM): respondents, progress, assessments, plans, schema_version.

A respondent is nothing but the hash of a resume code: no name, no e-mail, no IP address.
`rate_counts` (storage/limits.py) counts events per hashed client address for an hour or
two, linked to no respondent.
Everything else hangs off it and is deleted with it (`ON DELETE CASCADE`, and the store also
deletes child rows explicitly). Every datetime is UTC and comes back timezone-aware, on SQLite
as on PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, DateTime, Dialect, ForeignKey, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """A datetime stored in UTC; SQLite keeps no time zone, so it is put back on reading."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("a naive datetime cannot be stored; use datetime.now(UTC)")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utc_now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class Respondent(Base):
    __tablename__ = "respondents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Last time anything was saved: what a retention purge goes by.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class ProgressRow(Base):
    """One row per respondent, overwritten on every answer: the whole state, not a delta."""

    __tablename__ = "progress"

    respondent_id: Mapped[int] = mapped_column(
        ForeignKey("respondents.id", ondelete="CASCADE"), primary_key=True
    )
    questionnaire_id: Mapped[str | None] = mapped_column(String(64))
    questionnaire_version: Mapped[str | None] = mapped_column(String(32))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    step: Mapped[str] = mapped_column(String(128))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AssessmentRow(Base):
    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    respondent_id: Mapped[int] = mapped_column(
        ForeignKey("respondents.id", ondelete="CASCADE"), index=True
    )
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime())
    questionnaire_id: Mapped[str] = mapped_column(String(64))
    questionnaire_version: Mapped[str] = mapped_column(String(32))
    rules_fingerprint: Mapped[str] = mapped_column(String(128))
    recommended: Mapped[str | None] = mapped_column(String(32))
    scores: Mapped[dict[str, float]] = mapped_column(JSON)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    assessment: Mapped[dict[str, Any]] = mapped_column(JSON)


class PlanRow(Base):
    """A person's plan for one path (ui/plan/): their answers to its prompts, as JSON."""

    __tablename__ = "plans"

    respondent_id: Mapped[int] = mapped_column(
        ForeignKey("respondents.id", ondelete="CASCADE"), primary_key=True
    )
    path: Mapped[str] = mapped_column(String(16), primary_key=True)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SchemaVersionRow(Base):
    """One row per migration applied; the highest version is the schema's version."""

    __tablename__ = "schema_version"

    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime())


class RateCount(Base):
    """How many events of one kind (a wrong code, a new record) came from one client address
    in one time window; the address only as a hash. See storage/limits.py."""

    __tablename__ = "rate_counts"

    client_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    # The window's start, in seconds since 1970 (UTC).
    window_start: Mapped[int] = mapped_column(
        BigInteger, primary_key=True, autoincrement=False, index=True
    )
    count: Mapped[int] = mapped_column(Integer)


PERSONAL_TABLES = ("respondents", "progress", "assessments", "plans")
