"""The storage facade the UI talks to: start, save, resume, record, look back, export, delete.

Every method takes the resume code as the person typed or pasted it. A code that is malformed
and a code that matches nothing give the same answer (None or False): nothing says whether
some other record exists. Every database fault raises `StorageUnavailable` with one plain
sentence; after one, the store fails fast for `pause_seconds` before it tries again. A record
that cannot be decoded raises `SavedAnswersUnreadable` (a StorageUnavailable) for that code
alone: nobody else waits.

One `Store` serves a whole process: it is thread-safe, it keeps no per-person data, and each
call runs in its own short transaction. Hold it in a module-level variable, not in
`st.cache_resource`: any client can clear that cache for every session at once. It also keeps the
promises nobody calls for: answers untouched for `retention` (90 days) are deleted on first
use and at most once an hour after; the traces of a deletion that a reader held back are
cleared in the background (`traces_pending` says while they are not yet).
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from storage import limits
from storage.breaker import OutageBreaker
from storage.codes import hash_code, new_code, parse_code
from storage.config import resolve_database_url
from storage.database import SQLITE_FULL, Database, plain_message, sqlite_code
from storage.errors import SavedAnswersUnreadable, StorageUnavailable
from storage.limits import Limit
from storage.migrations import MIGRATIONS, SCHEMA_VERSION, Migration, current_version, upgrade
from storage.models import AssessmentRow, PlanRow, ProgressRow, Respondent, utc_now
from storage.records import PastAssessment, Progress, Saved

log = logging.getLogger("crossroads.storage")

# Answers are a few kilobytes; anything far bigger is a bug or abuse, not a questionnaire.
MAX_JSON_BYTES = 512 * 1024
MAX_STEP_LENGTH = 128
EXPORT_FORMAT = "crossroads-export/1"
# Saved answers nobody has touched (saved, or come back to) for this long are deleted.
RETENTION = timedelta(days=90)
PURGE_EVERY_SECONDS = 3600.0
# Coming back refreshes a record's last-touched time, at most this often (it is a write).
TOUCH_ON_RETURN_AFTER = timedelta(days=1)
# How often the background clean-up retries a deletion's traces while a reader holds them.
SCRUB_RETRY_SECONDS = 2.0

T = TypeVar("T")
_ABSENT = object()


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


def merge_answers(
    base: Mapping[str, Any], mine: Mapping[str, Any], theirs: Mapping[str, Any]
) -> dict[str, Any]:
    """Apply what one tab changed since it read `base` to what is stored now (`theirs`).

    Question by question: an answer this tab gave, changed or cleared wins (it is the later
    edit); every other answer stays as stored, so another tab's answers are never lost.
    """
    merged = dict(theirs)
    for key in base.keys() | mine.keys():
        if key not in mine:
            merged.pop(key, None)
        elif base.get(key, _ABSENT) != mine[key]:
            merged[key] = mine[key]
    return merged


def _is_disk_full(exc: BaseException) -> bool:
    return sqlite_code(exc) == SQLITE_FULL or "disk is full" in str(exc.__cause__ or exc)


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
        retention: timedelta | None = RETENTION,
        purge_every: float = PURGE_EVERY_SECONDS,
    ) -> None:
        self.database = database
        self.retention = retention
        self._migrations = migrations
        self._now = now
        self._monotonic = monotonic
        self._breaker = OutageBreaker(pause_seconds, monotonic)
        self._ready = False
        self._opened_once = False
        self._let_go = False  # the file changed: close the old one before opening anew
        self._ready_lock = threading.Lock()
        self._purge_every = purge_every
        self._next_purge: float | None = None  # due at once when the store first opens
        self._purge_lock = threading.Lock()
        self._scrub_lock = threading.Lock()
        self._scrub_timer: threading.Timer | None = None
        self._traces_pending = False
        self._scrub_started = 0.0
        self._closed = False
        self._next_limit_sweep = 0.0

    @property
    def location(self) -> str:
        """Where answers are kept, for logs and an operator's eyes (never a password)."""
        return self.database.location

    @property
    def paused(self) -> bool:
        """True while the store is failing fast after a fault."""
        return self._breaker.paused

    @property
    def traces_pending(self) -> bool:
        """True while a deletion's last traces (SQLite's WAL) are not yet cleared.

        A reader kept the WAL from being truncated; a background retry clears it within a
        minute unless a reader holds on for longer. Rows are gone from every query already.
        """
        with self._scrub_lock:
            return self._traces_pending

    # -- plumbing -------------------------------------------------------------------------

    def _ensure_ready(self) -> None:
        """Create or upgrade the schema once per process, on first use; notice a SQLite file
        deleted or replaced since (an outage until it is back, then reopened)."""
        if self._ready and not self.database.file_changed():
            return
        with self._ready_lock:
            if self._ready:
                if not self.database.file_changed():
                    return
                log.warning("storage: %s was deleted or replaced while in use",
                            self.database.location)
                self._ready = False
                self._let_go = True
            if self._let_go:
                if not self.database.let_go_of_file():
                    raise StorageUnavailable("The answers database is busy right now.")
                self._let_go = False
            try:
                self.database.prepare_files(create=not self._opened_once)
                with self.database.engine.connect() as conn:
                    version = current_version(conn)
                if version != len(self._migrations):
                    upgrade(self.database.write_engine, self._migrations, now=self._now)
            except (StorageUnavailable, SQLAlchemyError, OSError, sqlite3.Error):
                raise
            except Exception as exc:
                # A broken migration is a bug, but the app must keep working without saving.
                log.exception("storage: the schema upgrade failed")
                raise StorageUnavailable(
                    "The answers database could not be prepared, so saving is off."
                ) from exc
            self._opened_once = True
            self._ready = True
            if self._next_purge is None:
                self._next_purge = self._monotonic()

    @contextmanager
    def _transaction(self, *, write: bool) -> Iterator[Session]:
        """One short transaction; every fault inside becomes StorageUnavailable."""
        self._breaker.check()
        try:
            self._ensure_ready()
            engine = self.database.write_engine if write else self.database.engine
            with Session(engine, expire_on_commit=False) as session, session.begin():
                yield session
        except SavedAnswersUnreadable:
            raise  # one person's record: nobody else has to wait
        except StorageUnavailable as exc:
            self._breaker.failed(str(exc))
            raise
        except (SQLAlchemyError, OSError, sqlite3.Error) as exc:
            message = plain_message(exc, self.database.backend)
            first_line = (str(exc).splitlines() or [""])[0]
            log.warning("storage unavailable (%s): %s", type(exc).__name__, first_line)
            self._breaker.failed(message)
            raise StorageUnavailable(message) from exc
        self._breaker.succeeded()
        self._purge_if_due()

    def _write(self, work: Callable[[Session], T]) -> T:
        """`work` in one write transaction. If the disk was full, empty the WAL (it may be
        what filled the disk) and try once more."""
        try:
            with self._transaction(write=True) as session:
                return work(session)
        except SavedAnswersUnreadable:
            raise
        except StorageUnavailable as exc:
            if exc.__cause__ is None or not _is_disk_full(exc.__cause__):
                raise
            if not self.database.relieve_full_disk():
                raise
        log.info("storage: the disk was full; emptied the WAL and tried again")
        self._breaker.succeeded()
        with self._transaction(write=True) as session:
            return work(session)

    @contextmanager
    def _decoding(self) -> Iterator[None]:
        """Reading one person's rows: a value that cannot be decoded is that record's fault,
        not an outage. Database faults pass through to `_transaction`."""
        try:
            yield
        except (SQLAlchemyError, StorageUnavailable):
            raise
        except Exception as exc:
            log.warning("storage: a saved record could not be decoded (%s)", type(exc).__name__)
            raise SavedAnswersUnreadable() from exc

    # -- chores nobody calls for ----------------------------------------------------------

    def _purge_if_due(self) -> None:
        """Run the retention purge on first use and then at most once per `purge_every`."""
        if self.retention is None or self._next_purge is None:
            return
        if self._monotonic() < self._next_purge or not self._purge_lock.acquire(blocking=False):
            return
        try:
            if self._monotonic() < self._next_purge:
                return
            self._next_purge = self._monotonic() + self._purge_every
            try:
                removed = self.purge_inactive(self.retention)
            except StorageUnavailable as exc:
                log.warning("storage: the retention purge failed: %s", exc)
                return
            if removed:
                log.info("storage: deleted %d saved records untouched for %d days",
                         removed, self.retention.days)
        finally:
            self._purge_lock.release()

    def _scrub(self) -> None:
        """Clear a deletion's traces now, or note them pending and retry in the background."""
        done = self.database.scrub()
        with self._scrub_lock:
            self._traces_pending = not done
            if done or self._closed or self._scrub_timer is not None:
                return
            self._scrub_started = self._monotonic()
            self._schedule_scrub()

    def _schedule_scrub(self) -> None:
        timer = threading.Timer(SCRUB_RETRY_SECONDS, self._retry_scrub)
        timer.daemon = True
        self._scrub_timer = timer
        timer.start()

    def _retry_scrub(self) -> None:
        done = self.database.scrub()
        with self._scrub_lock:
            self._scrub_timer = None
            self._traces_pending = not done
            if done or self._closed:
                return
            if self._monotonic() - self._scrub_started > 60:
                log.warning("storage: a reader has held SQLite's WAL for over a minute; "
                            "a deletion's traces are still in it")
                self._scrub_started = self._monotonic()
            self._schedule_scrub()

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

        def create(session: Session) -> None:
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

        self._write(create)
        return code

    def save_progress(
        self,
        code: str,
        values: Mapping[str, Any],
        step: str,
        *,
        questionnaire_id: str,
        questionnaire_version: str,
        base: Mapping[str, Any] | None = None,
    ) -> Saved | bool:
        """Save these answers and the current step; False if the code is wrong (or deleted).

        Pass every answer so far, not only the newest: a save that follows an outage then
        catches up on everything answered meanwhile. Pass as `base` the answers as this
        caller last read or saved them (`Progress.values`, `Saved.values`): then only what
        it changed since is applied to what is stored now, question by question, so answers
        saved meanwhile from another tab or device are kept (`Saved.merged` says so). Without
        `base` the saved answers are replaced by `values` whole.
        """
        answers = _as_json(values, "answers")
        since = None if base is None else _as_json(base, "base")
        if not isinstance(step, str) or len(step) > MAX_STEP_LENGTH:
            raise ValueError(f"step: expected text of at most {MAX_STEP_LENGTH} characters")
        moment = self._now()

        def save(session: Session) -> Saved | bool:
            # Touching the respondent row first also locks it (PostgreSQL) or the file
            # (SQLite's BEGIN IMMEDIATE): saves on one code take turns, none is lost.
            respondent_id = self._touch(session, code, moment)
            if respondent_id is None:
                return False
            stored = None
            if since is not None:
                with self._decoding():
                    stored = session.scalar(
                        select(ProgressRow.answers)
                        .where(ProgressRow.respondent_id == respondent_id)
                        .with_for_update()
                    )
                    if stored is not None and not isinstance(stored, dict):
                        raise TypeError("stored answers are not an object")
            merged = answers if stored is None else merge_answers(since, answers, stored)
            fields = {
                "questionnaire_id": questionnaire_id,
                "questionnaire_version": questionnaire_version,
                "answers": merged,
                "step": step,
                "updated_at": moment,
            }
            updated = session.execute(
                update(ProgressRow)
                .where(ProgressRow.respondent_id == respondent_id)
                .values(fields)
                .execution_options(synchronize_session=False)
            )
            if updated.rowcount == 0:
                session.add(ProgressRow(respondent_id=respondent_id, **fields))
            return Saved(values=merged, merged=stored is not None and stored != since)

        return self._write(save)

    def load_progress(self, code: str) -> Progress | None:
        """Every saved answer and the step to return to; None if the code is wrong.

        Coming back counts as touching the answers (for the retention purge).
        """
        canonical = parse_code(code)
        if canonical is None:
            return None
        query = (
            select(Respondent.created_at, Respondent.updated_at, ProgressRow)
            .outerjoin(ProgressRow, ProgressRow.respondent_id == Respondent.id)
            .where(Respondent.code_hash == hash_code(canonical))
        )
        with self._transaction(write=False) as session, self._decoding():
            found = session.execute(query).first()
            if found is None:
                return None
            created_at, touched_at, row = found
            if row is None:
                progress = Progress({}, "", None, None, created_at)
            else:
                progress = Progress(
                    values=row.answers,
                    step=row.step,
                    questionnaire_id=row.questionnaire_id,
                    questionnaire_version=row.questionnaire_version,
                    updated_at=row.updated_at,
                )
            if not isinstance(progress.values, dict) or not isinstance(progress.step, str):
                raise TypeError("stored progress has the wrong shape")
        if touched_at < self._now() - TOUCH_ON_RETURN_AFTER:
            try:
                self._write(lambda session: self._touch(session, canonical, self._now()))
            except StorageUnavailable as exc:  # the answers are read; the touch can wait
                log.warning("storage: could not mark a returning record as touched: %s", exc)
        return progress

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

        def record(session: Session) -> bool:
            respondent_id = self._touch(session, code, moment)
            if respondent_id is None:
                return False
            session.add(AssessmentRow(respondent_id=respondent_id, taken_at=moment, **row_fields))
            return True

        return self._write(record)

    def history(self, code: str) -> list[PastAssessment] | None:
        """Every finished assessment, oldest first; None if the code is wrong."""
        with self._transaction(write=False) as session, self._decoding():
            respondent_id = self._respondent_id(session, code)
            if respondent_id is None:
                return None
            rows = session.scalars(
                select(AssessmentRow)
                .where(AssessmentRow.respondent_id == respondent_id)
                .order_by(AssessmentRow.taken_at, AssessmentRow.id)
            ).all()
            return [self._past(row) for row in rows]

    def save_plan(self, code: str, path: str, content: Mapping[str, Any] | None) -> bool:
        """Keep (or, with None, remove) this person's plan for one path; False if the code
        is wrong. The plan lives in its own row, deleted and exported with everything else."""
        if not isinstance(path, str) or not 0 < len(path) <= 16:
            raise ValueError("path: expected a path id of at most 16 characters")
        kept = None if content is None else _as_json(content, "plan")
        moment = self._now()

        def save(session: Session) -> bool:
            respondent_id = self._touch(session, code, moment)
            if respondent_id is None:
                return False
            where = (PlanRow.respondent_id == respondent_id) & (PlanRow.path == path)
            if kept is None:
                session.execute(delete(PlanRow).where(where)
                                .execution_options(synchronize_session=False))
                return True
            updated = session.execute(
                update(PlanRow).where(where).values(content=kept, updated_at=moment)
                .execution_options(synchronize_session=False)
            )
            if updated.rowcount == 0:
                session.add(PlanRow(respondent_id=respondent_id, path=path, content=kept,
                                    updated_at=moment))
            return True

        return self._write(save)

    def load_plans(self, code: str) -> dict[str, dict[str, Any]] | None:
        """Every plan kept for this code, by path; None if the code is wrong."""
        with self._transaction(write=False) as session, self._decoding():
            respondent_id = self._respondent_id(session, code)
            if respondent_id is None:
                return None
            rows = session.scalars(
                select(PlanRow).where(PlanRow.respondent_id == respondent_id)
            ).all()
            plans = {row.path: row.content for row in rows}
            if not all(isinstance(v, dict) for v in plans.values()):
                raise TypeError("a stored plan is not an object")
            return plans

    @staticmethod
    def _past(row: AssessmentRow) -> PastAssessment:
        for value in (row.scores, row.answers, row.assessment):
            if not isinstance(value, dict):
                raise TypeError("a stored assessment has the wrong shape")
        return PastAssessment(
            taken_at=row.taken_at,
            questionnaire_id=row.questionnaire_id,
            questionnaire_version=row.questionnaire_version,
            rules_fingerprint=row.rules_fingerprint,
            recommended=row.recommended,
            scores=row.scores,
            answers=row.answers,
            assessment=row.assessment,
        )

    def export(self, code: str) -> dict[str, Any] | None:
        """Everything stored for this code, as a JSON-ready dict; None if the code is wrong."""
        canonical = parse_code(code)
        if canonical is None:
            return None
        with self._transaction(write=False) as session, self._decoding():
            respondent = session.scalar(
                select(Respondent).where(Respondent.code_hash == hash_code(canonical))
            )
            if respondent is None:
                return None
            progress = session.get(ProgressRow, respondent.id)
            assessments = [self._past(row) for row in session.scalars(
                select(AssessmentRow)
                .where(AssessmentRow.respondent_id == respondent.id)
                .order_by(AssessmentRow.taken_at, AssessmentRow.id)
            )]
            if progress is not None and not isinstance(progress.answers, dict):
                raise TypeError("stored answers are not an object")
            plans = {
                row.path: {"content": row.content, "updated_at": _iso(row.updated_at)}
                for row in session.scalars(
                    select(PlanRow).where(PlanRow.respondent_id == respondent.id)
                    .order_by(PlanRow.path)
                )
            }
            return {
                "format": EXPORT_FORMAT,
                "exported_at": _iso(self._now()),
                "schema_version": SCHEMA_VERSION,
                "respondent": {
                    "code_hash": respondent.code_hash,
                    "code_hash_note": (
                        "SHA-256 of your resume code; the code itself is not stored."
                    ),
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
                        "taken_at": _iso(past.taken_at),
                        "questionnaire_id": past.questionnaire_id,
                        "questionnaire_version": past.questionnaire_version,
                        "rules_fingerprint": past.rules_fingerprint,
                        "recommended": past.recommended,
                        "scores": past.scores,
                        "answers": past.answers,
                        "assessment": past.assessment,
                    }
                    for past in assessments
                ],
                "plans": plans,
            }

    def delete(self, code: str) -> bool:
        """Remove every row of this person, in one transaction; False if the code is wrong.

        On return the rows are gone from every query. On SQLite the WAL is then emptied of
        their bytes too, unless a reader holds it: `traces_pending` is then True until a
        background retry has done it.
        """

        def remove(session: Session) -> bool:
            respondent_id = self._respondent_id(session, code)
            if respondent_id is None:
                return False
            self._delete_respondents(session, [respondent_id])
            return True

        deleted = self._write(remove)
        if deleted:
            self._scrub()
        return deleted

    def purge_inactive(self, older_than: timedelta) -> int:
        """Delete everyone with no activity for `older_than`; returns how many were removed."""
        cutoff = self._now() - older_than

        def purge(session: Session) -> int:
            stale = session.scalars(
                select(Respondent.id).where(Respondent.updated_at < cutoff)
            ).all()
            self._delete_respondents(session, list(stale))
            return len(stale)

        removed = self._write(purge)
        if removed:
            self._scrub()
        return removed

    @staticmethod
    def _delete_respondents(session: Session, ids: list[int]) -> None:
        # Children first and explicitly: correct even where foreign keys are not enforced.
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for table, column in (
                (PlanRow, PlanRow.respondent_id),
                (AssessmentRow, AssessmentRow.respondent_id),
                (ProgressRow, ProgressRow.respondent_id),
                (Respondent, Respondent.id),
            ):
                session.execute(
                    delete(table)
                    .where(column.in_(chunk))
                    .execution_options(synchronize_session=False)
                )

    # -- limits per client address (storage/limits.py) -----------------------------------

    def limit_wait(self, limit: Limit, client: str | None) -> float:
        """Seconds before `client` (an IP address) may have one more `limit` event; 0 when
        it may now, or when the address is unknown."""
        key = limits.address_key(client)
        if key is None:
            return 0.0
        with self._transaction(write=False) as session:
            return limits.wait(session, limit, key, self._now())

    def count_event(self, limit: Limit, client: str | None) -> None:
        """Count one `limit` event (a wrong code) for `client`; nothing for no address."""
        key = limits.address_key(client)
        if key is not None:
            self._write(lambda session: self._count(session, limit, key))

    def take(self, limit: Limit, client: str | None) -> float:
        """Count one `limit` event (a new record) for `client` if it fits, in one
        transaction: 0 when counted, else the seconds to wait (and nothing counted)."""
        key = limits.address_key(client)
        if key is None:
            return 0.0

        def work(session: Session) -> float:
            waiting = limits.wait(session, limit, key, self._now())
            if waiting == 0:
                self._count(session, limit, key)
            return waiting

        return self._write(work)

    def _count(self, session: Session, limit: Limit, key: str) -> None:
        moment = self._now()
        limits.count(session, limit, key, moment)
        if self._monotonic() >= self._next_limit_sweep:
            self._next_limit_sweep = self._monotonic() + limits.SWEEP_EVERY
            limits.sweep(session, moment)

    def healthy(self) -> bool:
        """True if the database answers now; never raises (False while paused after a fault)."""
        try:
            with self._transaction(write=False) as session:
                session.execute(text("SELECT 1"))
        except StorageUnavailable:
            return False
        return True

    def close(self) -> None:
        """Release every pooled connection, and stop any background clean-up."""
        with self._scrub_lock:
            self._closed = True
            if self._scrub_timer is not None:
                self._scrub_timer.cancel()
                self._scrub_timer = None
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
