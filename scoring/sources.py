"""Where the advice comes from, who made it and when, as validated data (sources.yaml)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from questionnaire.loader import load_model

DEFAULT_SOURCES = Path(__file__).parent / "sources.yaml"

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Evidence(_Strict):
    idea: Text
    used_for: Text
    source: Text


class Sources(_Strict):
    decision: Text
    how_it_works: Text
    limits: list[Text] = Field(min_length=1)
    evidence: list[Evidence] = Field(min_length=1)
    who_made_it: Text
    funding: Text
    conflicts_of_interest: Text
    update_policy: Text
    updated: date
    next_review: date

    @model_validator(mode="after")
    def _review_after_update(self) -> Sources:
        if self.next_review <= self.updated:
            raise ValueError("next_review must come after updated")
        return self


def load_sources(path: Path | str | None = None) -> Sources:
    """Load and validate sources.yaml; any fault is one line naming the file and item."""
    return _default_sources() if path is None else load_model(Path(path), Sources)


@lru_cache(maxsize=1)
def _default_sources() -> Sources:
    return load_model(DEFAULT_SOURCES, Sources)
