"""A respondent's answers, validated against a questionnaire."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, ValidationInfo, model_validator

from questionnaire.schema import PREFER_NOT, Question, Questionnaire, QuestionType

AnswerValue = str | list[str]


class AnswersError(ValueError):
    """Answers that do not fit the questionnaire; the message names the question."""


class Answers(BaseModel):
    """Answers keyed by question id: an option id, a list of option ids, or free text.

    Validate with `validate_answers`, which passes the questionnaire in as context.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    questionnaire_id: str
    questionnaire_version: str
    values: dict[str, AnswerValue]

    @model_validator(mode="after")
    def _fit_questionnaire(self, info: ValidationInfo) -> Answers:
        context = info.context or {}
        questionnaire: Questionnaire | None = context.get("questionnaire")
        if questionnaire is None:
            raise ValueError("answers can only be checked against a questionnaire")
        if self.questionnaire_id != questionnaire.id:
            raise ValueError(
                f"answers are for questionnaire '{self.questionnaire_id}', "
                f"not '{questionnaire.id}'"
            )
        known = {q.id: q for q in questionnaire.questions}
        for question_id, value in self.values.items():
            if question_id not in known:
                raise ValueError(f"question '{question_id}': no such question")
            _check_value(known[question_id], value)
        for question in questionnaire.questions:
            visible = questionnaire.is_visible(question, self.values)
            if question.id in self.values and not visible:
                raise ValueError(
                    f"question '{question.id}': answered, but hidden by the earlier answers"
                )
            missing = visible and question.required and question.id not in self.values
            if missing and context.get("complete", True):
                raise ValueError(f"question '{question.id}': a required answer is missing")
        return self

    def get(self, question_id: str, default: Any = None) -> Any:
        return self.values.get(question_id, default)


def _check_value(question: Question, value: AnswerValue) -> None:
    where = f"question '{question.id}'"
    if question.type is QuestionType.FREE_TEXT:
        if not isinstance(value, str):
            raise ValueError(f"{where}: expected text")
        if len(value) > question.max_length:
            raise ValueError(f"{where}: text is longer than {question.max_length} characters")
        return
    if question.type is QuestionType.MULTI_CHOICE:
        if not isinstance(value, list):
            raise ValueError(f"{where}: expected a list of options")
        if not value and question.required:
            raise ValueError(f"{where}: choose at least one option")
        chosen = value
        exclusive = {o.id for o in question.options if o.exclusive}
        if len(chosen) > 1 and exclusive & set(chosen):
            raise ValueError(
                f"{where}: '{sorted(exclusive & set(chosen))[0]}' cannot be combined with others"
            )
        if question.max_choices and len(chosen) > question.max_choices:
            raise ValueError(f"{where}: choose at most {question.max_choices} options")
        if len(set(chosen)) != len(chosen):
            raise ValueError(f"{where}: an option is chosen twice")
    else:
        if not isinstance(value, str):
            raise ValueError(f"{where}: expected one option")
        chosen = [value]
    for option_id in chosen:
        if option_id not in question.option_ids:
            raise ValueError(f"{where}: '{option_id}' is not one of its options")


def validate_answers(
    questionnaire: Questionnaire, values: dict[str, Any], *, complete: bool = True
) -> Answers:
    """Check `values` against `questionnaire`; with complete=False, missing answers are fine."""
    payload = {
        "questionnaire_id": questionnaire.id,
        "questionnaire_version": questionnaire.version,
        "values": values,
    }
    return parse_answers(questionnaire, payload, complete=complete)


def parse_answers(
    questionnaire: Questionnaire, payload: Any, *, complete: bool = True
) -> Answers:
    """Validate a full answers document (ids, version and values), raising AnswersError."""
    try:
        return Answers.model_validate(
            payload, context={"questionnaire": questionnaire, "complete": complete}
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        message = first["msg"].removeprefix("Value error, ")
        loc = [str(p) for p in first["loc"]]
        if loc and not message.startswith("question '"):
            if loc[0] == "values" and len(loc) > 1:
                message = f"question '{loc[1]}': {message}"
            else:
                message = f"field '{'.'.join(loc)}': {message}"
        raise AnswersError(message) from None


def drop_hidden(questionnaire: Questionnaire, values: dict[str, Any]) -> dict[str, Any]:
    """Keep only answers to questions still shown; an earlier change can hide later ones."""
    kept = dict(values)
    for question in questionnaire.questions:
        if question.id in kept and not questionnaire.is_visible(question, kept):
            del kept[question.id]
    return kept


def declined(value: Any) -> bool:
    """True for a "Prefer not to say" answer."""
    return value == PREFER_NOT or value == [PREFER_NOT]


def scorable(values: dict[str, Any]) -> dict[str, Any]:
    """The answers scoring reads: a "Prefer not to say" counts as no answer at all."""
    if not any(declined(v) for v in values.values()):
        return values
    return {k: v for k, v in values.items() if not declined(v)}
