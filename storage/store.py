"""The storage facade the UI talks to: start, save, resume, record, look back, export, delete.

Every method takes the resume code as the person typed or pasted it. A code that is malformed
and a code that matches nothing give the same answer (None or False): nothing says whether
some other record exists. Every database fault raises `StorageUnavailable` with one plain
sentence; after one, the store fails fast for `pause_seconds` before it tries again.

One `Store` serves a whole process (hold it in `st.cache_resource`): it is thread-safe, it
keeps no per-person data, and each call runs in its own short transaction.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session

from storage.breaker import OutageBreaker
from storage.codes import hash_code, new_code, parse_code
from storage.config import resolve_database_url
from storage.database import Database
from storage.errors import StorageUnavailable
from storage.migrations import MIGRATIONS, SCHEMA_VERSION, Migration, upgrade
from storage.models import AssessmentRow, ProgressRow, Respondent, utc_now
from storage.records import PastAssessment, Progress

log = logging.getLogger("crossroads.storage")

# Answers are a few kilobytes; anything far bigger is a bug or abuse, not a questionnaire.
MAX_JSON_BYTES = 512 * 1024
MAX_STEP_LENGTH = 128
EXPORT_FORMAT = "crossroads-export/1"


def _as_json(value: Any, what: str) -> dict[str, Any]:
    """A JSON-safe deep copy of a mapping, or ValueError naming `what`."""
    if not isinstance(value, Mapping):
        raise ValueError(f"{what}: expected a mapping, got {type(value).__name__}")
    try:
        encoded = json.dumps(value, allow_nan=False, ensure_ascii=False)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{what}: cannot be stored as JSON ({exc})") from None
    if len(encoded.encode("utf-8")) > MAX_JSON_BYTES:
        raise ValueError(f"{what}: larger than {MAX_JSON_BYTES // 1024} KiB")
    return json.loads(encoded)


def _plain_message(exc: BaseException, backend: str) -> str:
    """One sentence for a person; the technical detail stays in the chained cause."""
    detail = str(getattr(exc, "orig", None) or exc).lower()
    busy_words = ("locked", "busy", "statement timeout", "lock timeout")
    if isinstance(exc, PoolTimeout) or any(word in detail for word in busy_words):
        return "The answers database is busy right now."
    if isinstance(exc, OSError) or (
        backend == "sqlite"
        and any(w in detail for w in ("unable to open", "readonly", "disk", "permission"))
    ):
        return "The file for saved answers cannot be opened or written."
    if isinstance(exc, OperationalError | InterfaceError):
        return "The answers database cannot be reached right now."
    return "The answers database is not working right now."


def _iso(moment: datetime) -> str:
    return moment.isoformat()


class Store:
    """Saved answers behind a resume code. See the module docstring for the promises."""

    def __init__(
        self,
        database: Database,
        *,
        pause_seconds: float = 10.0,
        migrations: Sequence[Migration] = MIGRATIONS,
        now: Callable[[], datetime] = utc_now,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.database = database
        self._migrations = migrations
        self._now = now
        self._breaker = OutageBreaker(pause_seconds, monotonic)
        self._ready = False
        self._ready_lock = threading.Lock()

    @property
    def location(self) -> str:
        """Where answers are kept, for logs and an operator's eyes (never a password)."""
        return self.database.location

    @property
    def paused(self) -> bool:
        """True while the store is failing fast after a fault."""
        return self._breaker.paused

    # -- plumbing -------------------------------------------------------------------------

    def _ensure_ready(self) -> None:
        """Create or upgrade the schema once per process, on first use."""
        if self._ready:
            return
        with self._ready_lock:
            if self._ready:
                return
            self.database.prepare_files()
            try:
                upgrade(self.database.write_engine, self._migrations, now=self._now)
            except (StorageUnavailable, SQLAlchemyError, OSError):
                raise
            except Exception as exc:
                # A broken migration is a bug, but the app must keep working without saving.
                log.exception("storage: the schema upgrade failed")
                raise StorageUnavailable(
                    "The answers database could not be prepared, so saving is off."
                ) from exc
            self._ready = True

    @contextmanager
    def _transaction(self, *, write: bool) -> Iterator[Session]:
        """One short transaction; every fault inside becomes StorageUnavailable."""
        self._breaker.check()
        try:
            self._ensure_ready()
            engine = self.database.write_engine if write else self.database.engine
            with Session(engine, expire_on_commit=False) as session, session.begin():
                yield session
        except StorageUnavailable as exc:
            self._breaker.failed(str(exc))
            raise
        except (SQLAlchemyError, OSError) as exc:
            message = _plain_message(exc, self.database.backend)
            first_line = (str(exc).splitlines() or [""])[0]
            log.warning("storage unavailable (%s): %s", type(exc).__name__, first_line)
            self._breaker.failed(message)
            raise StorageUnavailable(message) from exc
        self._breaker.succeeded()

    @staticmethod
    def _respondent_id(session: Session, code: str | None) -> int | None:
        canonical = parse_code(code)
        if canonical is None:
            return None
        return session.scalar(
            select(Respondent.id).where(Respondent.code_hash == hash_code(canonical))
        )

    @staticmethod
    def _touch(session: Session, code: str | None, moment: datetime) -> int | None:
        """Mark the respondent active now and return their id, in one statement."""
        canonical = parse_code(code)
        if canonical is None:
            return None
        return session.execute(
            update(Respondent)
            .where(Respondent.code_hash == hash_code(canonical))
            .values(updated_at=moment)
            .returning(Respondent.id)
            .execution_options(synchronize_session=False)
        ).scalar()

    # -- the interface --------------------------------------------------------------------

    def start(self) -> str:
        """Create a respondent with no answers; return their new resume code (show it once)."""
        code = new_code()
        moment = self._now()
        with self._transaction(write=True) as session:
            respondent = Respondent(code_hash=hash_code(code), created_at=moment, updated_at=moment)
            session.add(respondent)
            session.flush()
            session.add(
                ProgressRow(
                    respondent_id=respondent.id,
                    questionnaire_id=None,
                    questionnaire_version=None,
                    answers={},
                    step="",
                    updated_at=moment,
                )
            )
        return code

    def save_progress(
        self,
        code: str,
        values: Mapping[str, Any],
        step: str,
        *,
        questionnaire_id: str,
        questionnaire_version: str,
    ) -> bool:
        """Replace the saved answers and current step with these; False if the code is wrong.

        Pass every answer so far, not only the newest: a save that follows an outage then
        catches up on everything answered meanwhile.
        """
        answers = _as_json(values, "answers")
        if not isinstance(step, str) or len(step) > MAX_STEP_LENGTH:
            raise ValueError(f"step: expected text of at most {MAX_STEP_LENGTH} characters")
        moment = self._now()
        fields = {
            "questionnaire_id": questionnaire_id,
            "questionnaire_version": questionnaire_version,
            "answers": answers,
            "step": step,
            "updated_at": moment,
        }
        with self._transaction(write=True) as session:
            respondent_id = self._touch(session, code, moment)
            if respondent_id is None:
                return False
            updated = session.execute(
                update(ProgressRow)
                .where(ProgressRow.respondent_id == respondent_id)
                .values(fields)
                .execution_options(synchronize_session=False)
            )
            if updated.rowcount == 0:
                session.add(ProgressRow(respondent_id=respondent_id, **fields))
        return True

    def load_progress(self, code: str) -> Progress | None:
        """Every saved answer and the step to return to; None if the code is wrong."""
        canonical = parse_code(code)
        if canonical is None:
            return None
        query = (
            select(Respondent.created_at, ProgressRow)
            .outerjoin(ProgressRow, ProgressRow.respondent_id == Respondent.id)
            .where(Respondent.code_hash == hash_code(canonical))
        )
        with self._transaction(write=False) as session:
            found = session.execute(query).first()
        if found is None:
            return None
        created_at, row = found
        if row is None:
            return Progress({}, "", None, None, created_at)
        return Progress(
            values=row.answers,
            step=row.step,
            questionnaire_id=row.questionnaire_id,
            questionnaire_version=row.questionnaire_version,
            updated_at=row.updated_at,
        )

    def record_assessment(
        self,
        code: str,
        *,
        answers: Mapping[str, Any],
        assessment: Mapping[str, Any],
        recommended: str | None,
        scores: Mapping[str, float],
        questionnaire_id: str,
        questionnaire_version: str,
        rules_fingerprint: str,
    ) -> bool:
        """Keep a finished assessment for later comparison; False if the code is wrong."""
        row_fields = {
            "answers": _as_json(answers, "answers"),
            "assessment": _as_json(assessment, "assessment"),
            "scores": _as_json({str(k): float(v) for k, v in scores.items()}, "scores"),
            "recommended": recommended,
            "questionnaire_id": questionnaire_id,
            "questionnaire_version": questionnaire_version,
            "rules_fingerprint": rules_fingerprint,
        }
        moment = self._now()
        with self._transaction(write=True) as session:
            respondent_id = self._touch(session, code, moment)
            if respondent_id is None:
                return False
            session.add(AssessmentRow(respondent_id=respondent_id, taken_at=moment, **row_fields))
        return True

    def history(self, code: str) -> list[PastAssessment] | None:
        """Every finished assessment, oldest first; None if the code is wrong."""
        with self._transaction(write=False) as session:
            respondent_id = self._respondent_id(session, code)
            if respondent_id is None:
                return None
            rows = session.scalars(
                select(AssessmentRow)
                .where(AssessmentRow.respondent_id == respondent_id)
                .order_by(AssessmentRow.taken_at, AssessmentRow.id)
            ).all()
        return [
            PastAssessment(
                taken_at=row.taken_at,
                questionnaire_id=row.questionnaire_id,
                questionnaire_version=row.questionnaire_version,
                rules_fingerprint=row.rules_fingerprint,
                recommended=row.recommended,
                scores=row.scores,
                answers=row.answers,
                assessment=row.assessment,
            )
            for row in rows
        ]

    def export(self, code: str) -> dict[str, Any] | None:
        """Everything stored for this code, as a JSON-ready dict; None if the code is wrong."""
        canonical = parse_code(code)
        if canonical is None:
            return None
        with self._transaction(write=False) as session:
            respondent = session.scalar(
                select(Respondent).where(Respondent.code_hash == hash_code(canonical))
            )
            if respondent is None:
                return None
            progress = session.get(ProgressRow, respondent.id)
            assessments = session.scalars(
                select(AssessmentRow)
                .where(AssessmentRow.respondent_id == respondent.id)
                .order_by(AssessmentRow.taken_at, AssessmentRow.id)
            ).all()
        return {
            "format": EXPORT_FORMAT,
            "exported_at": _iso(self._now()),
            "schema_version": SCHEMA_VERSION,
            "respondent": {
                "code_hash": respondent.code_hash,
                "code_hash_note": "SHA-256 of your resume code; the code itself is not stored.",
                "created_at": _iso(respondent.created_at),
                "updated_at": _iso(respondent.updated_at),
            },
            "progress": None if progress is None else {
                "questionnaire_id": progress.questionnaire_id,
                "questionnaire_version": progress.questionnaire_version,
                "step": progress.step,
                "answers": progress.answers,
                "updated_at": _iso(progress.updated_at),
            },
            "assessments": [
                {
                    "taken_at": _iso(row.taken_at),
                    "questionnaire_id": row.questionnaire_id,
                    "questionnaire_version": row.questionnaire_version,
                    "rules_fingerprint": row.rules_fingerprint,
                    "recommended": row.recommended,
                    "scores": row.scores,
                    "answers": row.answers,
                    "assessment": row.assessment,
                }
                for row in assessments
            ],
        }

    def delete(self, code: str) -> bool:
        """Remove every row of this person, in one transaction; False if the code is wrong."""
        with self._transaction(write=True) as session:
            respondent_id = self._respondent_id(session, code)
            if respondent_id is None:
                return False
            self._delete_respondents(session, [respondent_id])
        self.database.scrub()
        return True

    def purge_inactive(self, older_than: timedelta) -> int:
        """Delete everyone with no activity for `older_than`; returns how many were removed."""
        cutoff = self._now() - older_than
        with self._transaction(write=True) as session:
            stale = session.scalars(
                select(Respondent.id).where(Respondent.updated_at < cutoff)
            ).all()
            self._delete_respondents(session, list(stale))
        if stale:
            self.database.scrub()
        return len(stale)

    @staticmethod
    def _delete_respondents(session: Session, ids: list[int]) -> None:
        # Children first and explicitly: correct even where foreign keys are not enforced.
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for table, column in (
                (AssessmentRow, AssessmentRow.respondent_id),
                (ProgressRow, ProgressRow.respondent_id),
                (Respondent, Respondent.id),
            ):
                session.execute(
                    delete(table)
                    .where(column.in_(chunk))
                    .execution_options(synchronize_session=False)
                )

    def healthy(self) -> bool:
        """True if the database answers now; never raises (False while paused after a fault)."""
        try:
            with self._transaction(write=False) as session:
                session.execute(text("SELECT 1"))
        except StorageUnavailable:
            return False
        return True

    def close(self) -> None:
        """Release every pooled connection."""
        self.database.dispose()


def open_store(
    url: str | None = None, *, timeout: float = 3.0, pause_seconds: float = 10.0
) -> Store:
    """The store for `url`, else CROSSROADS_DATABASE_URL, the secrets file, or ./data SQLite.

    Cheap and offline: nothing is connected or created until the first call that needs it,
    so a database that is down never stops the app from starting. Raises StorageUnavailable
    only for settings that can never work (an invalid URL, an unsupported database).
    """
    database = Database(resolve_database_url(url), timeout=timeout)
    return Store(database, pause_seconds=pause_seconds)
