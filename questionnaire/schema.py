"""Pydantic models of the questionnaire content file, and the checks that keep it sound."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints, model_validator

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]

SCALE_POINTS = 5
DEFAULT_AGREEMENT_SCALE = (
    ("strongly_disagree", "Strongly disagree"),
    ("disagree", "Disagree"),
    ("neutral", "Neither agree nor disagree"),
    ("agree", "Agree"),
    ("strongly_agree", "Strongly agree"),
)
DEFAULT_YES_NO_UNSURE = (("yes", "Yes"), ("no", "No"), ("unsure", "Not sure"))
# Added to a question with `prefer_not_to_say: true`. Scoring reads it as no answer at all.
PREFER_NOT = "prefer_not"
PREFER_NOT_LABEL = "Prefer not to say"


class QuestionType(StrEnum):
    SINGLE_CHOICE = "single_choice"
    MULTI_CHOICE = "multi_choice"
    SCALE = "scale"
    YES_NO_UNSURE = "yes_no_unsure"
    FREE_TEXT = "free_text"


CHOICE_TYPES = {QuestionType.SINGLE_CHOICE, QuestionType.MULTI_CHOICE}
SINGLE_VALUED_TYPES = {QuestionType.SINGLE_CHOICE, QuestionType.SCALE, QuestionType.YES_NO_UNSURE}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Strict):
    id: Identifier
    label: str = Field(min_length=1)
    help: str | None = None
    # An option that rules out the others in a multiple choice, such as "none of these".
    exclusive: bool = False


class ScaleLabels(_Strict):
    strongly_disagree: str = Field(DEFAULT_AGREEMENT_SCALE[0][1], min_length=1)
    disagree: str = Field(DEFAULT_AGREEMENT_SCALE[1][1], min_length=1)
    neutral: str = Field(DEFAULT_AGREEMENT_SCALE[2][1], min_length=1)
    agree: str = Field(DEFAULT_AGREEMENT_SCALE[3][1], min_length=1)
    strongly_agree: str = Field(DEFAULT_AGREEMENT_SCALE[4][1], min_length=1)


class YesNoUnsureLabels(_Strict):
    yes: str = Field(DEFAULT_YES_NO_UNSURE[0][1], min_length=1)
    no: str = Field(DEFAULT_YES_NO_UNSURE[1][1], min_length=1)
    unsure: str = Field(DEFAULT_YES_NO_UNSURE[2][1], min_length=1)


class BuiltInLabels(_Strict):
    """The labels of the options the questionnaire adds itself, so a translation can word them."""

    scale: ScaleLabels = ScaleLabels()
    yes_no_unsure: YesNoUnsureLabels = YesNoUnsureLabels()
    prefer_not: str = Field(PREFER_NOT_LABEL, min_length=1)

    def label(self, question_type: QuestionType, option_id: str) -> str | None:
        if option_id == PREFER_NOT:
            return self.prefer_not
        group = {QuestionType.SCALE: self.scale, QuestionType.YES_NO_UNSURE: self.yes_no_unsure}
        return getattr(group.get(question_type), option_id, None)


class Condition(_Strict):
    """Show a question only when an earlier question's answer is one of `any_of`."""

    question: Identifier
    any_of: list[Identifier] = Field(min_length=1)


def _one_condition_or_a_list(schema: dict) -> None:
    """Let the JSON Schema accept the single-condition shorthand that the validator accepts."""
    listed = schema["properties"]["visible_if"]
    one = listed["items"]
    schema["properties"]["visible_if"] = {
        "title": listed.get("title", "Visible If"),
        "anyOf": [{"type": "array", "items": one}, one],
    }


class Question(_Strict):
    model_config = ConfigDict(json_schema_extra=_one_condition_or_a_list)

    id: Identifier
    type: QuestionType
    text: str = Field(min_length=1)
    help: str | None = None
    required: bool = True
    options: list[Option] = Field(default_factory=list)
    # Every condition must hold for the question to be shown.
    visible_if: list[Condition] = Field(default_factory=list)
    topics: list[Identifier] = Field(default_factory=list)
    placeholder: str | None = None
    max_choices: int | None = Field(default=None, ge=1)
    max_length: int = Field(default=2000, ge=1, le=10000)
    # Adds a last option "Prefer not to say" (exclusive in a multiple choice): a sensitive
    # question can always be declined, and scoring treats that as unanswered.
    prefer_not_to_say: bool = False
    # Ids of the options added above (default scale or yes/no/unsure, "Prefer not to say").
    _built_in: frozenset[str] = PrivateAttr(default=frozenset())

    @model_validator(mode="before")
    @classmethod
    def _condition_shorthand(cls, data):
        """Allow `visible_if: {question: x, any_of: [...]}` for the common single condition."""
        if isinstance(data, dict) and isinstance(data.get("visible_if"), dict):
            data = {**data, "visible_if": [data["visible_if"]]}
        return data

    @model_validator(mode="after")
    def _options_fit_type(self) -> Question:
        defaults = {
            QuestionType.SCALE: DEFAULT_AGREEMENT_SCALE,
            QuestionType.YES_NO_UNSURE: DEFAULT_YES_NO_UNSURE,
        }
        added: set[str] = set()
        if self.type in defaults and not self.options:
            built = [Option(id=i, label=label) for i, label in defaults[self.type]]
            object.__setattr__(self, "options", built)
            added |= {o.id for o in built}
        if self.prefer_not_to_say:
            if self.type not in CHOICE_TYPES | {QuestionType.YES_NO_UNSURE}:
                raise ValueError("prefer_not_to_say fits only choice and yes/no questions")
            if PREFER_NOT in [o.id for o in self.options]:
                raise ValueError(f"option '{PREFER_NOT}' is added by prefer_not_to_say: remove it")
            declined = Option(
                id=PREFER_NOT,
                label=PREFER_NOT_LABEL,
                exclusive=self.type is QuestionType.MULTI_CHOICE,
            )
            object.__setattr__(self, "options", [*self.options, declined])
            added.add(PREFER_NOT)
        self._built_in = frozenset(added)
        if self.type is QuestionType.SCALE and len(self.options) != SCALE_POINTS:
            raise ValueError(
                f"a scale needs exactly {SCALE_POINTS} points, this one has {len(self.options)}"
            )
        if self.type in CHOICE_TYPES and len(self.options) < 2:
            raise ValueError("a choice question needs at least two options")
        if self.type is QuestionType.FREE_TEXT:
            if self.options:
                raise ValueError("a free-text question takes no options")
            if self.required:
                raise ValueError("a free-text question must be optional (required: false)")
        if self.max_choices is not None and self.type is not QuestionType.MULTI_CHOICE:
            raise ValueError("max_choices only fits a multiple-choice question")
        ids = [o.id for o in self.options]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate option id '{duplicates[0]}'")
        return self

    @property
    def option_ids(self) -> list[str]:
        return [o.id for o in self.options]

    def label_of(self, option_id: str) -> str:
        return next((o.label for o in self.options if o.id == option_id), option_id)


class Section(_Strict):
    id: Identifier
    title: str = Field(min_length=1)
    intro: str | None = None
    # For a section whose questions are all optional and sensitive: one calm line shown while
    # any is unanswered, in place of "(optional)" on each; nothing here ever blocks Next.
    skip_note: str | None = None
    questions: list[Question]

    @model_validator(mode="after")
    def _not_empty(self) -> Section:
        if not self.questions:
            raise ValueError(f"section '{self.id}' has no questions")
        if self.skip_note:
            required = [q.id for q in self.questions if q.required]
            if required:
                raise ValueError(
                    f"section '{self.id}': has a skip_note, so question '{required[0]}' "
                    "must be optional (required: false)"
                )
        return self


class Questionnaire(_Strict):
    id: Identifier
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]
    title: str = Field(min_length=1)
    intro: str | None = None
    author: str = Field(min_length=1)
    updated: str = Field(min_length=1)
    built_in_labels: BuiltInLabels = BuiltInLabels()
    sections: list[Section] = Field(min_length=1)

    @model_validator(mode="after")
    def _references_are_sound(self) -> Questionnaire:
        seen: dict[str, Question] = {}
        section_ids: set[str] = set()
        for section in self.sections:
            if section.id in section_ids:
                raise ValueError(f"section '{section.id}': duplicate section id")
            section_ids.add(section.id)
            for question in section.questions:
                if question.id in seen:
                    raise ValueError(f"question '{question.id}': duplicate question id")
                for condition in question.visible_if:
                    _check_condition(question, condition, seen, self._all_ids())
                seen[question.id] = question
        _check_reachable(self)
        if self.built_in_labels != BuiltInLabels():
            self._relabel_built_in_options()
        return self

    def _relabel_built_in_options(self) -> None:
        for question in self.questions:
            if not question._built_in:
                continue
            options = [
                o.model_copy(update={"label": self.built_in_labels.label(question.type, o.id)})
                if o.id in question._built_in else o
                for o in question.options
            ]
            object.__setattr__(question, "options", options)

    def _all_ids(self) -> set[str]:
        return {q.id for s in self.sections for q in s.questions}

    # --- queries used by answers, scoring and the UI -------------------------------------

    @property
    def questions(self) -> list[Question]:
        return [q for s in self.sections for q in s.questions]

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def section_of(self, question_id: str) -> Section:
        for s in self.sections:
            if any(q.id == question_id for q in s.questions):
                return s
        raise KeyError(question_id)

    def is_visible(self, question: Question, values: dict) -> bool:
        """True when every condition holds on the given answers (and its source is shown)."""
        for condition in question.visible_if:
            source = self.question(condition.question)
            if not self.is_visible(source, values):
                return False
            answer = values.get(condition.question)
            chosen = answer if isinstance(answer, list) else [answer]
            if not set(chosen) & set(condition.any_of):
                return False
        return True

    def visible_questions(self, values: dict, section: Section | None = None) -> list[Question]:
        pool = section.questions if section else self.questions
        return [q for q in pool if self.is_visible(q, values)]


def _check_condition(
    question: Question, condition: Condition, earlier: dict[str, Question], all_ids: set[str]
) -> None:
    where = f"question '{question.id}'"
    if condition.question == question.id:
        raise ValueError(f"{where}: visible_if refers to itself (a cycle)")
    if condition.question not in earlier:
        if condition.question in all_ids:
            raise ValueError(
                f"{where}: visible_if points forward to '{condition.question}', "
                "which is asked later (conditions may only use earlier answers)"
            )
        raise ValueError(f"{where}: visible_if names unknown question '{condition.question}'")
    source = earlier[condition.question]
    if source.type is QuestionType.FREE_TEXT:
        raise ValueError(f"{where}: visible_if cannot depend on free-text '{source.id}'")
    for option_id in condition.any_of:
        if option_id not in source.option_ids:
            raise ValueError(
                f"{where}: visible_if names unknown option '{option_id}' of '{source.id}'"
            )


def _check_reachable(questionnaire: Questionnaire) -> None:
    """Refuse a question whose conditions, with its ancestors', can never all hold."""
    required: dict[str, dict[str, set[str]]] = {}
    for question in questionnaire.questions:
        allowed: dict[str, set[str]] = {}
        for condition in question.visible_if:
            inherited = required[condition.question]
            for source_id, options in [*inherited.items(), (condition.question, condition.any_of)]:
                source = questionnaire.question(source_id)
                if source.type not in SINGLE_VALUED_TYPES:
                    continue
                allowed[source_id] = allowed.get(source_id, set(options)) & set(options)
                if not allowed[source_id]:
                    raise ValueError(
                        f"question '{question.id}': no one can reach it, its conditions need "
                        f"incompatible answers to '{source_id}'"
                    )
        required[question.id] = allowed
