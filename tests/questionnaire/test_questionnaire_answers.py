"""Answers are checked against the questionnaire; a bad one is refused naming the question."""

from __future__ import annotations

import pytest
from questionnaire_samples import complete_answers

from questionnaire.answers import (
    AnswersError,
    declined,
    parse_answers,
    scorable,
    validate_answers,
)
from questionnaire.schema import QuestionType


def refused(questionnaire, values: dict, *, complete: bool = True) -> str:
    with pytest.raises(AnswersError) as caught:
        validate_answers(questionnaire, values, complete=complete)
    message = str(caught.value)
    assert "\n" not in message, f"message is not one line: {message!r}"
    return message


def test_complete_answers_are_accepted(real):
    answers = validate_answers(real, complete_answers())
    assert answers.questionnaire_id == "crossroads"
    assert answers.questionnaire_version == real.version
    assert answers.get("own_fault") == "yes"
    assert answers.get("keeping_tactics") == ["begging", "crowding"]


def _unknown_question(v):
    v["favourite_colour"] = "blue"


def _unknown_option(v):
    v["who_wants_out"] = "partner_left"


def _unknown_option_in_a_list(v):
    v["steps_taken"] = ["told_friend", "hired_detective"]


def _scale_point_that_does_not_exist(v):
    v["spark_gone"] = "somewhat"


def _hidden_answer(v):
    v["heart_to_heart"] = "not_yet"  # still_a_chance is only asked after a calm talk


def _hidden_answer_after_own_fault_no(v):
    v["own_fault"] = "no"


def _missing_required(v):
    del v["time_together"]


def _missing_visible_conditional(v):
    del v["partner_certainty"]


def _empty_required_multi_choice(v):
    v["keeping_tactics"] = []


def _exclusive_none_with_others(v):
    v["safety_control"] = ["money", "none"]


def _prefer_not_with_others(v):
    v["safety_danger"] = ["choking", "prefer_not"]


def _prefer_not_on_a_question_without_it(v):
    v["who_wants_out"] = "prefer_not"


def _too_many_choices(v):
    v["what_matters"] = ["love", "respect", "honesty", "peace"]


def _option_chosen_twice(v):
    v["shared_life"] = ["home", "home"]


def _list_for_single_choice(v):
    v["who_wants_out"] = ["partner_wants_out"]


def _text_for_multi_choice(v):
    v["steps_taken"] = "told_friend"


def _list_for_free_text(v):
    v["their_reasons"] = ["money"]


def _number_for_a_scale(v):
    v["needs_unmet"] = 4


def _nothing_for_a_question(v):
    v["feel_alone"] = None


def _text_too_long(v):
    v["their_reasons"] = "x" * 1501


BAD_ANSWERS = [
    # (what is wrong, change, the question the message must name, words that say what is wrong)
    ("unknown question", _unknown_question, "favourite_colour", "no such question"),
    ("unknown option", _unknown_option, "who_wants_out",
     "'partner_left' is not one of its options"),
    ("unknown option in a list", _unknown_option_in_a_list, "steps_taken", "'hired_detective'"),
    ("unknown scale point", _scale_point_that_does_not_exist, "spark_gone", "'somewhat'"),
    ("answer to a hidden question", _hidden_answer, "still_a_chance", "hidden"),
    ("answer hidden by a no", _hidden_answer_after_own_fault_no, "apologized", "hidden"),
    ("required answer missing", _missing_required, "time_together", "required answer is missing"),
    ("shown conditional missing", _missing_visible_conditional, "partner_certainty", "missing"),
    ("empty required multiple choice", _empty_required_multi_choice, "keeping_tactics",
     "at least one"),
    ("exclusive none with others", _exclusive_none_with_others, "safety_control",
     "'none' cannot be combined"),
    ("prefer not to say with another answer", _prefer_not_with_others, "safety_danger",
     "'prefer_not' cannot be combined"),
    ("prefer not to say where it is not offered", _prefer_not_on_a_question_without_it,
     "who_wants_out", "'prefer_not' is not one of its options"),
    ("more than max_choices", _too_many_choices, "what_matters", "at most 3"),
    ("option chosen twice", _option_chosen_twice, "shared_life", "chosen twice"),
    ("list for a single choice", _list_for_single_choice, "who_wants_out", "expected one option"),
    ("text for a multiple choice", _text_for_multi_choice, "steps_taken", "expected a list"),
    ("list for free text", _list_for_free_text, "their_reasons", "expected text"),
    ("number for a scale", _number_for_a_scale, "needs_unmet", "valid string"),
    ("null for a question", _nothing_for_a_question, "feel_alone", "valid string"),
    ("text too long", _text_too_long, "their_reasons", "longer than 1500 characters"),
]


@pytest.mark.parametrize(
    ("change", "question_id", "problem"),
    [pytest.param(change, qid, problem, id=name) for name, change, qid, problem in BAD_ANSWERS],
)
def test_bad_answers_are_refused_naming_the_question(real, change, question_id, problem):
    values = complete_answers()
    change(values)
    message = refused(real, values)
    assert message.startswith(f"question '{question_id}'"), message
    assert problem in message, message


def test_partial_answers_may_leave_required_questions_out(real):
    values = {k: v for k, v in complete_answers().items() if k.startswith("safety_")}
    answers = validate_answers(real, values, complete=False)
    assert set(answers.values) == set(values)
    # ...but only when asked for: the same answers as a finished set are incomplete.
    assert "required answer is missing" in refused(real, values)


def test_partial_answers_are_still_checked(real):
    message = refused(real, {"who_wants_out": "maybe"}, complete=False)
    assert message.startswith("question 'who_wants_out'")


def test_a_hidden_question_need_not_be_answered(real):
    values = complete_answers()
    values["who_wants_out"] = "i_am_unsure"
    del values["partner_certainty"]  # only asked when the partner is the one leaving
    assert validate_answers(real, values).get("partner_certainty") is None


def test_optional_free_text_may_be_left_out_and_may_be_as_long_as_allowed(real):
    values = complete_answers()
    del values["their_reasons"]
    validate_answers(real, values)
    values["their_reasons"] = "x" * 1500
    values["note_to_self"] = ""
    validate_answers(real, values)


def test_exactly_max_choices_and_none_alone_are_accepted(real):
    values = complete_answers()
    values["what_matters"] = ["love", "respect", "peace"]
    values["keeping_tactics"] = ["none"]
    validate_answers(real, values)


def test_answers_for_another_questionnaire_are_refused(real):
    payload = {
        "questionnaire_id": "other",
        "questionnaire_version": real.version,
        "values": complete_answers(),
    }
    with pytest.raises(AnswersError) as caught:
        parse_answers(real, payload)
    assert "answers are for questionnaire 'other', not 'crossroads'" in str(caught.value)


@pytest.mark.parametrize(
    ("payload", "words"),
    [
        pytest.param({"questionnaire_id": "crossroads", "values": {}}, "questionnaire_version",
                     id="no version"),
        pytest.param({"questionnaire_id": "crossroads", "questionnaire_version": "1.0.0",
                      "values": {}, "extra": 1}, "extra", id="unknown field"),
        pytest.param({"questionnaire_id": "crossroads", "questionnaire_version": "1.0.0",
                      "values": ["safety_afraid"]}, "values", id="values not a mapping"),
    ],
)
def test_a_malformed_answers_document_names_the_field(real, payload, words):
    with pytest.raises(AnswersError) as caught:
        parse_answers(real, payload, complete=False)
    message = str(caught.value)
    assert "\n" not in message
    assert f"field '{words}" in message, message


def test_every_safety_and_wellbeing_question_may_be_left_out_of_a_finished_set(real):
    values = complete_answers()
    for question in real.questions:
        if real.section_of(question.id).id in ("safety", "wellbeing"):
            values.pop(question.id, None)
    validate_answers(real, values)  # complete=True: none of them is required


def test_prefer_not_to_say_is_a_valid_answer_to_every_safety_question(real):
    values = complete_answers()
    for question in real.section_of("safety_afraid").questions:
        multi = question.type is QuestionType.MULTI_CHOICE
        values[question.id] = ["prefer_not"] if multi else "prefer_not"
    values["own_thoughts"] = "prefer_not"
    answers = validate_answers(real, values)
    assert answers.get("safety_control") == ["prefer_not"]
    assert answers.get("own_thoughts") == "prefer_not"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("prefer_not", True), (["prefer_not"], True), ("no", False), (["none"], False),
     (["choking"], False), (None, False), ("", False)],
)
def test_declined_spots_a_prefer_not_to_say_answer(value, expected):
    assert declined(value) is expected


def test_scorable_reads_prefer_not_to_say_as_no_answer():
    values = {"safety_afraid": "prefer_not", "safety_control": ["prefer_not"],
              "safety_hurt": "no", "keeping_tactics": ["none"]}
    assert scorable(values) == {"safety_hurt": "no", "keeping_tactics": ["none"]}
    assert values["safety_afraid"] == "prefer_not", "scorable must not change its input"
    plain = {"safety_hurt": "yes"}
    assert scorable(plain) == plain
