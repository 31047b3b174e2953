"""Hypothesis strategies for valid answers to a questionnaire, shared by scoring and UI tests.

`answer_values()` draws a dict {question_id: value} that `validate_answers` accepts: only
questions shown by the earlier answers are answered, exclusive options ("none of these")
stand alone, and `max_choices` is respected. With complete=True every shown required
question is answered; otherwise each question may be skipped, as on a half-finished form.
"""

from __future__ import annotations

import random
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


_SKIP = st.floats(0, 1)
# Strategies per question, built once per questionnaire: building them on every draw is slow.
_VALUE_STRATEGIES: dict[int, tuple[Questionnaire, dict[str, st.SearchStrategy[Any]]]] = {}


def _value_strategies(questionnaire: Questionnaire) -> dict[str, st.SearchStrategy[Any]]:
    entry = _VALUE_STRATEGIES.get(id(questionnaire))
    if entry is None or entry[0] is not questionnaire:
        built = {q.id: value_for(q) for q in questionnaire.questions}
        entry = _VALUE_STRATEGIES[id(questionnaire)] = (questionnaire, built)
    return entry[1]


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
    strategies = _value_strategies(questionnaire)
    values: dict[str, Any] = {}
    for question in questionnaire.questions:
        if not questionnaire.is_visible(question, values):
            continue
        must = complete and question.required
        if not must and draw(_SKIP) < skip_rate:
            continue
        values[question.id] = draw(strategies[question.id])
    return values


def answers(
    questionnaire: Questionnaire | None = None, *, complete: bool = False, skip_rate: float = 0.2
) -> st.SearchStrategy[Answers]:
    """Validated `Answers` objects (see `answer_values`)."""
    questionnaire = questionnaire or default_questionnaire()
    return answer_values(questionnaire, complete=complete, skip_rate=skip_rate).map(
        lambda values: validate_answers(questionnaire, values, complete=complete)
    )


def random_answer_values(
    rng: random.Random,
    questionnaire: Questionnaire | None = None,
    *,
    complete: bool = False,
    skip_rate: float = 0.2,
) -> dict[str, Any]:
    """The same kind of valid answers as `answer_values`, from a seeded `random.Random`.

    For tests that need hundreds of responses at once (hypothesis caps how much one example
    may draw), and for benchmarks.
    """
    questionnaire = questionnaire or default_questionnaire()
    values: dict[str, Any] = {}
    for question in questionnaire.questions:
        if not questionnaire.is_visible(question, values):
            continue
        if not (complete and question.required) and rng.random() < skip_rate:
            continue
        values[question.id] = _random_value(rng, question)
    return values


def _random_value(rng: random.Random, question: Question) -> Any:
    if question.type is QuestionType.FREE_TEXT:
        return rng.choice(["They feel we've grown apart", "Not sure; maybe, \"work\"", "ok"])
    if question.type is not QuestionType.MULTI_CHOICE:
        return rng.choice(question.option_ids)
    exclusive = [o.id for o in question.options if o.exclusive]
    others = [o.id for o in question.options if not o.exclusive]
    if exclusive and rng.random() < 0.25:
        return [rng.choice(exclusive)]
    most = min(question.max_choices or len(others), len(others))
    return rng.sample(others, rng.randint(1, most))
