"""Hypothesis strategies for valid answers to a questionnaire, shared by scoring and UI tests.

`answer_values()` draws a dict {question_id: value} that `validate_answers` accepts: only
questions shown by the earlier answers are answered, exclusive options ("none of these")
stand alone, and `max_choices` is respected. With complete=True every shown required
question is answered; otherwise each question may be skipped, as on a half-finished form.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from questionnaire.answers import Answers, validate_answers
from questionnaire.loader import default_questionnaire
from questionnaire.schema import Question, Questionnaire, QuestionType

# Free text that survives a CSV round trip unchanged (no line breaks, no edge spaces).
_TEXT = st.text(
    alphabet=st.characters(categories=["L", "N", "P", "Zs"], exclude_characters="\r\n"),
    max_size=40,
).map(str.strip)


def value_for(question: Question) -> st.SearchStrategy[Any]:
    """Any valid answer value for one question."""
    if question.type is QuestionType.FREE_TEXT:
        return _TEXT.filter(bool)
    ids = question.option_ids
    if question.type is not QuestionType.MULTI_CHOICE:
        return st.sampled_from(ids)
    exclusive = [o.id for o in question.options if o.exclusive]
    others = [o.id for o in question.options if not o.exclusive]
    most = min(question.max_choices or len(others), len(others))
    subsets = st.lists(st.sampled_from(others), min_size=1, max_size=most, unique=True)
    if not exclusive:
        return subsets
    return st.one_of(st.sampled_from(exclusive).map(lambda option: [option]), subsets)


@st.composite
def answer_values(
    draw: st.DrawFn,
    questionnaire: Questionnaire | None = None,
    *,
    complete: bool = False,
    skip_rate: float = 0.2,
) -> dict[str, Any]:
    """A dict of valid answer values, drawn question by question in the asking order."""
    questionnaire = questionnaire or default_questionnaire()
    values: dict[str, Any] = {}
    for question in questionnaire.questions:
        if not questionnaire.is_visible(question, values):
            continue
        must = complete and question.required
        if not must and draw(st.floats(0, 1)) < skip_rate:
            continue
        values[question.id] = draw(value_for(question))
    return values


def answers(
    questionnaire: Questionnaire | None = None, *, complete: bool = False, skip_rate: float = 0.2
) -> st.SearchStrategy[Answers]:
    """Validated `Answers` objects (see `answer_values`)."""
    questionnaire = questionnaire or default_questionnaire()
    return answer_values(questionnaire, complete=complete, skip_rate=skip_rate).map(
        lambda values: validate_answers(questionnaire, values, complete=complete)
    )
