"""What the store hands back: plain, immutable records with no database objects inside."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Progress:
    """Where a person is in the questionnaire: every answer so far and the current step.

    Right after `Store.start`, `values` is empty, `step` is "" and the questionnaire fields are
    None: the code is valid, nothing has been answered yet.
    """

    values: dict[str, Any]
    step: str
    questionnaire_id: str | None
    questionnaire_version: str | None
    updated_at: datetime


@dataclass(frozen=True)
class Saved:
    """What a save stored: every answer now saved, and whether answers from elsewhere (another
    tab or device on the same code) were merged in. Always true in a boolean test."""

    values: dict[str, Any]
    merged: bool


@dataclass(frozen=True)
class PastAssessment:
    """One finished assessment, as it was when it was taken."""

    taken_at: datetime
    questionnaire_id: str
    questionnaire_version: str
    rules_fingerprint: str
    recommended: str | None
    scores: dict[str, float]
    answers: dict[str, Any] = field(repr=False)
    assessment: dict[str, Any] = field(repr=False)
