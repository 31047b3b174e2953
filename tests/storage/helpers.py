"""Helpers for the storage tests: a complete set of answers, and raw looks at the tables."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, MetaData, func, select

from questionnaire import Questionnaire, validate_answers

REPO_ROOT = Path(__file__).resolve().parents[2]

# Put into the free-text answers, so a test can search raw tables and files for it.
FREE_TEXT_MARKER = "zq-marker-lighthouse-7731"


def complete_answers(questionnaire: Questionnaire, marker: str = FREE_TEXT_MARKER) -> dict:
    """A valid answer to every question, chosen so that every conditional question shows."""
    wanted: dict[str, str] = {}
    for question in questionnaire.questions:
        for condition in question.visible_if:
            wanted.setdefault(condition.question, condition.any_of[0])
    values: dict[str, Any] = {}
    for question in questionnaire.questions:
        if question.type.value == "free_text":
            values[question.id] = f"In my own words ({marker}): we used to laugh a lot."
        elif question.type.value == "multi_choice":
            plain = [o.id for o in question.options if not o.exclusive]
            values[question.id] = plain[: min(2, question.max_choices or 2)]
        else:
            values[question.id] = wanted.get(question.id, question.options[0].id)
    validate_answers(questionnaire, values)
    return values


def row_counts(engine: Engine) -> dict[str, int]:
    meta = MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        return {
            name: conn.scalar(select(func.count()).select_from(table))
            for name, table in meta.tables.items()
        }


def every_cell(engine: Engine) -> str:
    """Every value of every row of every table, as one string to search in."""
    meta = MetaData()
    meta.reflect(engine)
    parts: list[str] = []
    with engine.connect() as conn:
        for table in meta.tables.values():
            for row in conn.execute(select(table)):
                parts.extend(repr(value) for value in row)
    return "\n".join(parts)


def sqlite_url(folder: Path, name: str = "crossroads.db") -> str:
    return f"sqlite:///{folder / 'data' / name}"
