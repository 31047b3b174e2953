"""Which questions are shown for given answers, and dropping answers an earlier change hid."""

from __future__ import annotations

import pytest
from questionnaire_samples import complete_answers, find_section, minimal_questionnaire

from questionnaire.answers import drop_hidden, validate_answers
from questionnaire.schema import Questionnaire


@pytest.fixture
def chained() -> Questionnaire:
    """The small questionnaire with a chain mood -> why_bad -> money_detail, and a question
    shown by a multiple choice."""
    data = minimal_questionnaire()
    find_section(data, "second")["questions"] += [
        {
            "id": "money_detail",
            "type": "yes_no_unsure",
            "text": "Is it about debts?",
            "visible_if": {"question": "why_bad", "any_of": ["money"]},
        },
        {
            "id": "pets_plan",
            "type": "yes_no_unsure",
            "text": "Have you agreed who keeps the pets?",
            "visible_if": {"question": "shared", "any_of": ["pets"]},
        },
    ]
    return Questionnaire.model_validate(data)


@pytest.mark.parametrize(
    ("who_wants_out", "shown"),
    [
        ("partner_wants_out", True),
        ("partner_unsure", True),
        ("i_am_unsure", False),
        ("both_unsure", False),
        (None, False),
    ],
)
def test_partner_certainty_is_asked_only_when_the_partner_is_leaning_out(
    real, who_wants_out, shown
):
    values = {} if who_wants_out is None else {"who_wants_out": who_wants_out}
    assert real.is_visible(real.question("partner_certainty"), values) is shown


def test_unconditional_questions_are_always_visible(real):
    assert real.is_visible(real.question("time_together"), {})
    assert real.is_visible(real.question("safety_afraid"), {"who_wants_out": "i_am_unsure"})


def test_a_question_is_hidden_when_its_source_is_hidden(chained):
    detail = chained.question("money_detail")
    assert chained.is_visible(detail, {"mood": "bad", "why_bad": "money"})
    # why_bad still holds 'money', but mood no longer shows why_bad, so its child is hidden too.
    assert not chained.is_visible(detail, {"mood": "good", "why_bad": "money"})
    assert not chained.is_visible(detail, {"mood": "bad", "why_bad": "time"})


def test_a_multiple_choice_shows_a_question_when_any_chosen_option_matches(chained):
    pets = chained.question("pets_plan")
    assert chained.is_visible(pets, {"shared": ["home", "pets"]})
    assert not chained.is_visible(pets, {"shared": ["home"]})
    assert not chained.is_visible(pets, {"shared": ["none"]})


def test_visible_questions_follow_the_answers(real):
    talking = next(s for s in real.sections if s.id == "talking")
    calm = [q.id for q in real.visible_questions({"heart_to_heart": "yes_calm"}, talking)]
    argued = [q.id for q in real.visible_questions({"heart_to_heart": "tried_argued"}, talking)]
    assert calm == [
        "heart_to_heart", "still_a_chance", "reasons_known", "their_reasons", "partner_will_talk",
    ]
    assert argued == ["heart_to_heart", "reasons_known", "their_reasons", "partner_will_talk"]


def test_visible_questions_of_the_whole_questionnaire(real):
    with_nothing = {q.id for q in real.visible_questions({})}
    conditional = {q.id for q in real.questions if q.visible_if}
    assert with_nothing == {q.id for q in real.questions} - conditional
    # "Yes" to the wellbeing question is the one answer that shows its right-now follow-up.
    thoughts = {**complete_answers(), "own_thoughts": "yes"}
    with_all = {q.id for q in real.visible_questions(thoughts)}
    assert conditional <= with_all
    assert "own_thoughts_now" not in {q.id for q in real.visible_questions(complete_answers())}


@pytest.mark.parametrize("answer", ["no", "prefer_not"])
def test_the_right_now_question_follows_only_a_yes_and_a_change_drops_it(real, answer):
    values = {"own_thoughts": "yes", "own_thoughts_now": "no"}
    validate_answers(real, values, complete=False)
    assert drop_hidden(real, {**values, "own_thoughts": answer}) == {"own_thoughts": answer}


def test_changing_an_earlier_answer_drops_the_answer_it_now_hides(real):
    before = complete_answers()
    after = {**before, "heart_to_heart": "not_yet"}
    kept = drop_hidden(real, after)
    assert "still_a_chance" not in kept
    assert kept == {k: v for k, v in after.items() if k != "still_a_chance"}
    assert "still_a_chance" in after, "drop_hidden must not change the dict it is given"
    validate_answers(real, kept)  # and what is left is a valid, complete set


def test_drop_hidden_keeps_answers_that_are_still_shown(real):
    values = complete_answers()
    assert drop_hidden(real, values) == values
    values["who_wants_out"] = "partner_unsure"  # partner_certainty is still asked
    assert drop_hidden(real, values)["partner_certainty"] == "leaning_out"


def test_drop_hidden_follows_a_chain(chained):
    values = {"mood": "bad", "why_bad": "money", "money_detail": "yes", "agree": "agree"}
    assert drop_hidden(chained, values) == values
    assert drop_hidden(chained, {**values, "mood": "good"}) == {"mood": "good", "agree": "agree"}


def test_drop_hidden_on_a_multiple_choice_change(chained):
    values = {"shared": ["pets", "home"], "pets_plan": "no"}
    assert drop_hidden(chained, values) == values
    assert drop_hidden(chained, {"shared": ["home"], "pets_plan": "no"}) == {"shared": ["home"]}
