"""The assessment that scoring returns: paths, scores, drivers, cautions and the safety result."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# Marks a field that holds words a person reads. Such words depend on the language shown
# (scoring.localize swaps them by id); every other field is language-free, and `core()`
# keeps only those: ids, levels, scores and the fingerprint.
_TEXT = {"text": True}


def text_field(**kwargs):
    """A field of words for a person to read, in the language shown."""
    return Field(json_schema_extra=_TEXT, **kwargs)


def is_text_field(field) -> bool:
    extra = field.json_schema_extra
    return isinstance(extra, dict) and extra.get("text") is True

PathId = Literal["talk", "space", "counseling", "let_go"]
PATH_IDS: tuple[PathId, ...] = ("talk", "space", "counseling", "let_go")


class SafetyLevel(StrEnum):
    NONE = "none"
    CONCERN = "concern"
    DANGER = "danger"


class CrisisLevel(StrEnum):
    """The person's own thoughts of self-harm: none, thoughts lately, or thoughts right now."""

    NONE = "none"
    THOUGHTS = "thoughts"
    NOW = "now"


class Lead(StrEnum):
    """What the result leads with, in order of priority.

    crisis: the person's own thoughts of self-harm; safety: signs of fear, threats or control;
    not_enough: too little answered; path: a suggested path. Only `path` names a suggestion.
    """

    CRISIS = "crisis"
    SAFETY = "safety"
    NOT_ENOUGH = "not_enough"
    PATH = "path"


class LineKind(StrEnum):
    """Kinds of helpline; which apply follows from the answers, the numbers from the country."""

    ABUSE = "abuse"
    CRISIS = "crisis"
    CHILDREN = "children"
    OWN_BEHAVIOUR = "own_behaviour"


class Clarity(StrEnum):
    CLEAR = "clear"
    LEANING = "leaning"
    CLOSE_CALL = "close_call"
    DECISIVE = "decisive"


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def core(self) -> dict:
        """This model as JSON data without its words: the same in every language."""
        return {
            name: _core(getattr(self, name))
            for name, field in type(self).model_fields.items()
            if not is_text_field(field)
        }


def _core(value):
    if isinstance(value, _Frozen):
        return value.core()
    if isinstance(value, list):
        return [_core(v) for v in value]
    if isinstance(value, StrEnum):
        return value.value
    return value


class AnswerRef(_Frozen):
    """One chosen option of one question, by id: its label is looked up in the language shown."""

    question: str
    option: str


class PathScore(_Frozen):
    path: PathId
    title: str = text_field()
    score: float
    # How strongly the answers lean to this path, in words ("somewhat"), from rules.yaml.
    lean: str = text_field()


class Driver(_Frozen):
    """One answer that moved the result, with what it did and why, in plain words."""

    rule_id: str
    question_id: str
    # The chosen options that made the rule hold; `answer_label` is their labels.
    answers: list[AnswerRef] = Field(default_factory=list)
    answer_label: str = text_field()
    path: PathId
    contribution: float
    decisive: bool = False
    reason: str = text_field()


class PathDescription(_Frozen):
    """Every option described in equal detail, as a decision aid should."""

    path: PathId
    title: str = text_field()
    summary: str = text_field()
    what_it_means: str = text_field()
    what_it_is_like: str = text_field()
    good_sides: list[str] = text_field()
    hard_sides: list[str] = text_field()
    next_steps: list[str] = text_field()
    # Why this path needs care, or is not suggested, when safety is a concern (set only then).
    safety_note: str | None = text_field(default=None)


class PathFit(_Frozen):
    """How one path tends to serve something the person holds dear."""

    path: PathId
    effect: Literal["helps", "mixed", "risks"]
    text: str = text_field()


class ValueFit(_Frozen):
    """One thing that matters most to the person, set against each of the four paths."""

    value: str
    label: str = text_field()
    fits: list[PathFit]


class RuledOut(_Frozen):
    """A path not suggested, whatever it scores, because the answers rule out what it needs."""

    path: PathId
    # The gate (rules.yaml) whose reason is given.
    gate: str
    reason: str = text_field()


class Caution(_Frozen):
    """Something the person said they are doing that tends to backfire, and what helps instead."""

    tactic: str
    label: str = text_field()
    why_it_backfires: str = text_field()
    instead: str = text_field()


class CrisisResult(_Frozen):
    """Support for the person's own thoughts of self-harm, led by the crisis lines."""

    level: CrisisLevel
    headline: str = text_field()
    message: str = text_field()
    steps: list[str] = text_field(default_factory=list)


class OwnBehaviourResult(_Frozen):
    """Help for a person whose own answers show controlling behaviour, without shaming."""

    # The own_behaviour rules (safety.yaml) that hold, by id; `signs` says them in words.
    rules: list[str] = Field(default_factory=list)
    signs: list[str] = text_field()
    headline: str = text_field()
    message: str = text_field()
    steps: list[str] = text_field(default_factory=list)


class FiredSign(_Frozen):
    """A safety rule that holds, by id, with the answers its sign names (`{answers}`)."""

    rule: str
    answers: list[AnswerRef] = Field(default_factory=list)


# Which of safety.yaml's texts head the safety result.
SafetyWording = Literal["none", "none_unanswered", "none_declined", "concern", "danger"]


class SafetyResult(_Frozen):
    level: SafetyLevel
    # The safety rules that hold, in the file's order; `signs` and `steps` follow from them.
    fired: list[FiredSign] = Field(default_factory=list)
    wording: SafetyWording = "none"
    # The answers that raised the level, in plain words; empty when the level is none.
    signs: list[str] = text_field(default_factory=list)
    headline: str = text_field()
    message: str = text_field()
    # The level's steps, with steps fitted to each sign (a medical check after choking...).
    steps: list[str] = text_field(default_factory=list)
    # What a safety plan is, in plain words; set when the level is concern or danger.
    safety_plan: str | None = text_field(default=None)
    # Paths never suggested at this level (they need joint sessions or a face-to-face talk).
    paths_set_aside: list[PathId] = Field(default_factory=list)
    # Some safety question was answered "Prefer not to say".
    declined: bool = False
    crisis: CrisisResult | None = None
    own_behaviour: OwnBehaviourResult | None = None
    # The kinds of line to show, most needed first; the numbers depend on the country.
    line_kinds: list[LineKind] = Field(default_factory=list)
    # Danger, or thoughts of self-harm right now: the emergency number is shown first.
    emergency_first: bool = False

    @property
    def any_sign(self) -> bool:
        """Anything that calls for help on screen at once: a level, a crisis, or both."""
        return self.level is not SafetyLevel.NONE or self.crisis is not None


class Assessment(_Frozen):
    """Everything the results page, the exports and storage need; reproducible from the answers."""

    lead: Lead
    # The suggested path; None unless `lead` is path (never drawn from scores under a sign).
    recommended: PathId | None
    enough_answered: bool
    scores: list[PathScore]
    runner_up: PathId | None
    # Score of `recommended` minus score of `runner_up` (0 when nothing is recommended). It is
    # negative only when a decisive answer overrides higher scores (clarity "decisive").
    margin: float
    clarity: Clarity | None
    # The decisive rule that settled the suggestion (clarity "decisive"), by id.
    decisive_rule: str | None = None
    clarity_text: str = text_field()
    # Answers that pull against each other (rules.yaml tensions, by id), named kindly in
    # `tensions` for the person to check; any of them makes the result less clear-cut by one step.
    tension_ids: list[str] = Field(default_factory=list)
    tensions: list[str] = text_field(default_factory=list)
    ruled_out: list[RuledOut] = Field(default_factory=list)
    drivers: list[Driver]
    next_steps: list[str] = text_field()
    paths: list[PathDescription]
    cautions: list[Caution]
    # What the person said matters most, each set against every path (values clarification).
    values: list[ValueFit] = Field(default_factory=list)
    safety: SafetyResult
    answered_count: int
    shown_count: int
    questionnaire_id: str
    questionnaire_version: str
    rules_fingerprint: str

    def core_json(self) -> str:
        """The assessment without its words, as canonical JSON: byte-identical in every
        language, since only ids, levels, scores and the fingerprint are left."""
        return json.dumps(self.core(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    @property
    def safety_first(self) -> bool:
        """The result leads with support for the person: a safety sign or a crisis."""
        return self.lead in (Lead.CRISIS, Lead.SAFETY)

    def score_of(self, path: PathId) -> float:
        return next(s.score for s in self.scores if s.path == path)

    def path(self, path: PathId) -> PathDescription:
        return next(p for p in self.paths if p.path == path)
