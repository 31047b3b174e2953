"""assess_safety, the check a page runs on every answer, says what a full assess says."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from questionnaire.answers import validate_answers
from questionnaire.loader import default_questionnaire
from scoring import SafetyLevel, assess, assess_safety
from tests.strategies import any_answer_values


@settings(max_examples=150, deadline=None)
@given(any_answer_values(skip_rate=0.4))
def test_the_same_safety_result_as_a_full_assessment(values: dict) -> None:
    answers = validate_answers(default_questionnaire(), values, complete=False)
    assert assess_safety(answers) == assess(answers).safety


def test_a_threat_to_kill_is_danger_with_the_emergency_number_first() -> None:
    answers = validate_answers(
        default_questionnaire(), {"safety_danger": ["threat_to_kill"]}, complete=False
    )
    safety = assess_safety(answers)
    assert safety.level is SafetyLevel.DANGER
    assert safety.emergency_first


def test_answers_for_another_questionnaire_are_refused_by_name() -> None:
    answers = validate_answers(default_questionnaire(), {}, complete=False)
    other = default_questionnaire().model_copy(update={"id": "another"})
    with pytest.raises(ValueError, match="another"):
        assess_safety(answers, other)
