"""Benchmark of storage: saving one answer and resuming a full questionnaire, SQLite and PostgreSQL.

Run by hand (`make bench` or `.venv/bin/python bench/storage.py [rounds]`). For each back end
it prints medians over repeated runs, each also as a ratio to a baseline measured in the same
run on the same engine: one bare `SELECT 1` round trip through the pool. Figures, not verdicts.

SQLite is a file in a temporary folder, with the app's own settings (WAL, synchronous=NORMAL).
PostgreSQL is a temporary local server started for the run (tests/pg_server.py) with fsync on,
so a commit costs what it would in production on this disk.
"""

from __future__ import annotations

import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from questionnaire import Questionnaire, default_questionnaire  # noqa: E402
from storage import Store, open_store  # noqa: E402
from tests.pg_server import PostgresUnavailable, postgres_server  # noqa: E402

ROUNDS = 200
WARM_UP = 10


def full_answers(questionnaire: Questionnaire) -> dict[str, Any]:
    """One answer to every question, chosen so that every conditional question is shown."""
    wanted = {c.question: c.any_of[0] for q in questionnaire.questions for c in q.visible_if}
    values: dict[str, Any] = {}
    for question in questionnaire.questions:
        if question.type.value == "free_text":
            values[question.id] = "A few honest sentences about how things have been lately. " * 4
        elif question.type.value == "multi_choice":
            values[question.id] = [o.id for o in question.options if not o.exclusive][:2]
        else:
            values[question.id] = wanted.get(question.id, question.options[0].id)
    return values


def median_seconds(action: Callable[[int], object], rounds: int) -> float:
    timings = []
    for number in range(WARM_UP + rounds):
        started = time.perf_counter()
        action(number)
        if number >= WARM_UP:
            timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def measure(store: Store, answers: dict[str, Any], rounds: int) -> dict[str, float]:
    meta = {"questionnaire_id": "crossroads", "questionnaire_version": "1.0.0"}
    ids = list(answers)
    engine = store.database.engine
    assert store.healthy()  # schema created outside the timings

    def select_one(_: int) -> None:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1")).scalar()

    saving = store.start()

    def save_one_answer(number: int) -> None:
        # As the UI does: after each answer, the whole state so far, one answer more.
        given = ids[: number % len(ids) + 1]
        store.save_progress(saving, {k: answers[k] for k in given}, given[-1], **meta)

    resuming = store.start()
    store.save_progress(resuming, answers, "done", **meta)

    def resume(_: int) -> None:
        progress = store.load_progress(resuming)
        assert progress is not None and len(progress.values) == len(answers)

    return {
        "baseline": median_seconds(select_one, rounds),
        "save": median_seconds(save_one_answer, rounds),
        "resume": median_seconds(resume, rounds),
    }


def report(name: str, figures: dict[str, float], answered: int) -> None:
    base = figures["baseline"]
    print(f"\n{name}")
    print(f"  baseline: SELECT 1 round trip       {base * 1000:8.3f} ms")
    for key, label in (("save", "save one answer"), ("resume", f"resume {answered} answers")):
        value = figures[key]
        print(f"  {label:<34} {value * 1000:8.3f} ms   {value / base:6.1f} x baseline")


def main(rounds: int = ROUNDS) -> None:
    answers = full_answers(default_questionnaire())
    print(f"Storage benchmark: median of {rounds} runs each, after {WARM_UP} warm-up runs")
    print(f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}")

    with tempfile.TemporaryDirectory(prefix="crossroads-bench-") as folder:
        store = open_store(f"sqlite:///{folder}/data/crossroads.db")
        try:
            report("SQLite (file, WAL, synchronous=NORMAL)", measure(store, answers, rounds),
                   len(answers))
        finally:
            store.close()

    try:
        with postgres_server(durable=True) as server:
            store = open_store(server.create_database("bench"))
            try:
                with store.database.engine.connect() as conn:
                    version = conn.execute(text("SHOW server_version")).scalar()
                report(f"PostgreSQL {version} (local TCP, fsync on, pool_pre_ping)",
                       measure(store, answers, rounds), len(answers))
            finally:
                store.close()
    except PostgresUnavailable as exc:
        print(f"\nPostgreSQL: not measured ({exc})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else ROUNDS)
