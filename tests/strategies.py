"""Hypothesis strategies for valid answers to a questionnaire, shared by scoring and UI tests.

`answer_values()` draws a dict {question_id: value} that `validate_answers` accepts: only
questions shown by the earlier answers are answered, exclusive options ("none of these")
stand alone, and `max_choices` is respected. With complete=True every shown required
question is answered; otherwise each question may be skipped, as on a half-finished form.

Drawn freely, almost every response shows some safety sign (there are ten questions that
can raise one), so a result that suggests a path is rare. With calm=True the safety and
wellbeing questions get only answers that raise no sign ("no", "none of these", "no
children", "prefer not to say", or no answer), so that the rest of the answers decide.
"""

from __future__ import annotations

import random
from typing import Any

from hypothesis import strategies as st

from questionnaire.answers import Answers, validate_answers
from questionnaire.loader import default_questionnaire
from questionnaire.schema import PREFER_NOT, Question, Questionnaire, QuestionType

# The sections whose answers can lead the result with support, and the answers there that
# raise no sign of any kind.
SIGN_SECTIONS = ("safety", "wellbeing")
NO_SIGN_OPTIONS = ("no", "none", "no_children", PREFER_NOT)

# Free text that survives a CSV round trip unchanged (no line breaks, no edge spaces).
_TEXT = st.text(
    alphabet=st.characters(categories=["L", "N", "P", "Zs"], exclude_characters="\r\n"),
    max_size=40,
).map(str.strip)


def no_sign_options(questionnaire: Questionnaire, question: Question) -> list[str] | None:
    """For a safety or wellbeing question, the options that raise no sign; else None."""
    if questionnaire.section_of(question.id).id not in SIGN_SECTIONS:
        return None
    return [o for o in question.option_ids if o in NO_SIGN_OPTIONS]


def value_for(question: Question, only: list[str] | None = None) -> st.SearchStrategy[Any]:
    """Any valid answer value for one question (with `only`, one of those options)."""
    if question.type is QuestionType.FREE_TEXT:
        return _TEXT.filter(bool)
    if only is not None:
        one = st.sampled_from(only)
        if question.type is QuestionType.MULTI_CHOICE:
            return one.map(lambda option: [option])
        return one
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
_VALUE_STRATEGIES: dict[
    tuple[int, bool], tuple[Questionnaire, dict[str, st.SearchStrategy[Any]]]
] = {}


def _value_strategies(
    questionnaire: Questionnaire, calm: bool = False
) -> dict[str, st.SearchStrategy[Any]]:
    key = (id(questionnaire), calm)
    entry = _VALUE_STRATEGIES.get(key)
    if entry is None or entry[0] is not questionnaire:
        built = {
            q.id: value_for(q, no_sign_options(questionnaire, q) if calm else None)
            for q in questionnaire.questions
        }
        entry = _VALUE_STRATEGIES[key] = (questionnaire, built)
    return entry[1]


@st.composite
def answer_values(
    draw: st.DrawFn,
    questionnaire: Questionnaire | None = None,
    *,
    complete: bool = False,
    skip_rate: float = 0.2,
    calm: bool = False,
) -> dict[str, Any]:
    """A dict of valid answer values, drawn question by question in the asking order."""
    questionnaire = questionnaire or default_questionnaire()
    strategies = _value_strategies(questionnaire, calm)
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
    questionnaire: Questionnaire | None = None,
    *,
    complete: bool = False,
    skip_rate: float = 0.2,
    calm: bool = False,
) -> st.SearchStrategy[Answers]:
    """Validated `Answers` objects (see `answer_values`)."""
    questionnaire = questionnaire or default_questionnaire()
    return answer_values(questionnaire, complete=complete, skip_rate=skip_rate, calm=calm).map(
        lambda values: validate_answers(questionnaire, values, complete=complete)
    )


def any_answer_values(
    questionnaire: Questionnaire | None = None, *, complete: bool = False, skip_rate: float = 0.2
) -> st.SearchStrategy[dict[str, Any]]:
    """Answers drawn freely half the time and calm the other half: every kind of result."""
    return st.one_of(
        answer_values(questionnaire, complete=complete, skip_rate=skip_rate),
        answer_values(questionnaire, complete=complete, skip_rate=skip_rate, calm=True),
    )


def random_answer_values(
    rng: random.Random,
    questionnaire: Questionnaire | None = None,
    *,
    complete: bool = False,
    skip_rate: float = 0.2,
    calm: bool = False,
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
        only = no_sign_options(questionnaire, question) if calm else None
        if only is not None:
            option = rng.choice(only)
            multi = question.type is QuestionType.MULTI_CHOICE
            values[question.id] = [option] if multi else option
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
