"""AppTest: a plan made from the result page, for each of the four paths, and none offered
under any safety sign, not even when a session forces its way to the plan step."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from streamlit.testing.v1 import AppTest

from plans import PromptKind, default_plan
from tests.sample_answers import CALM_ANSWERS
from tests.ui.flow import APP, TIMEOUT, click, current_step, texts
from ui.plan.prompts import widget_key

ADVOCATES = "Advocates on the helplines make safety plans with people"


def at_result(values: dict) -> AppTest:
    """The result page for these answers, as reached after the review."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["answers"] = dict(values)
    at.session_state["step"] = "results"
    at.session_state["help_country"] = "US"  # as the browser's language would say
    at.run()
    assert not at.exception, at.exception
    return at


def typed(plan_id: str, prompt_id: str) -> str:
    return f"<b>{plan_id}</b> note for {prompt_id} *as typed*"


def fill_block(at: AppTest, plan_id: str, block, today: date) -> dict:
    """Answer every prompt of a block the way a person would; tick every share box."""
    given = {}
    for prompt in block.prompts:
        key = widget_key(plan_id, prompt.id)
        if prompt.kind is PromptKind.CHOICE:
            choice = prompt.choices[-1]
            at.radio(key=key).set_value(choice.id)
            given[prompt.id] = choice.label
        elif prompt.kind is PromptKind.MULTI_CHOICE:
            for choice in prompt.choices[:2]:
                at.checkbox(key=widget_key(plan_id, prompt.id, choice.id)).check()
            given[prompt.id] = prompt.choices[1].label
        elif prompt.kind is PromptKind.TEXT:
            text = "Lunch at noon" if prompt.calendar_title else typed(plan_id, prompt.id)
            box = at.text_area(key=key) if prompt.max_length > 120 else at.text_input(key=key)
            box.input(text)
            given[prompt.id] = text
        elif prompt.kind is PromptKind.NUMBER_RANGE:
            at.slider(key=key).set_value(prompt.range.min + 1)
            given[prompt.id] = f"{prompt.range.min + 1} {prompt.range.unit}"
        else:
            day = today + timedelta(days=prompt.dates.earliest_days + 3)
            at.date_input(key=key).set_value(day)
            given[prompt.id] = day
        if prompt.share:
            at.checkbox(key=widget_key(plan_id, prompt.id, "share")).check()
    return given


def make_plan(at: AppTest, plan_id: str) -> dict:
    """From the result page through every screen of the plan to the plan to keep."""
    at.radio(key="plan_path_choice").set_value(plan_id)
    click(at, "make_plan")
    assert current_step(at) == "plan"
    plan = default_plan(plan_id)
    assert plan.intro in texts(at)
    click(at, "plan_start")
    given = {}
    for block in plan.first_blocks:
        assert block.title in [s.value for s in at.subheader]
        given |= fill_block(at, plan_id, block, date.today())
        click(at, "plan_next")
    assert "Your plan" in [s.value for s in at.subheader]
    return given


def download_keys(at: AppTest) -> set[str]:
    keys = set()

    def walk(node) -> None:
        if getattr(node, "type", None) == "download_button" or "download" in str(
            getattr(node, "key", "") or ""
        ):
            keys.add(node.key)
        for child in (getattr(node, "children", None) or {}).values():
            walk(child)

    walk(at.main)
    return keys


def test_the_suggested_path_is_offered_by_default_and_its_plan_is_made():
    at = at_result(CALM_ANSWERS)
    assert at.radio(key="plan_path_choice").value == "talk"  # what the result suggests
    given = make_plan(at, "talk")
    page = texts(at)
    for prompt_id in ("where", "my_questions", "apology_words", "closing_words"):
        assert given[prompt_id] in page, prompt_id  # typed text shown exactly, never as markup
    assert given["when"] in page and "Don't: Don't start it in the middle" not in page
    assert {"plan_download_md", "plan_download_pdf"} <= download_keys(at)
    assert "plan_download_ics" not in download_keys(at)
    # Afterwards: the notes fill the questionnaire's answers about the talk for a retake.
    at.radio(key=widget_key("talk", "how_it_went")).set_value("calm")
    at.radio(key=widget_key("talk", "chance")).set_value("chance_maybe")
    at.text_area(key=widget_key("talk", "what_i_learned")).input("They feel alone at home.")
    at.run()
    click(at, "plan_retake")
    answers = at.session_state["answers"]
    assert current_step(at) == "safety"
    assert answers["heart_to_heart"] == "yes_calm" and answers["still_a_chance"] == "maybe"
    assert answers["their_reasons"] == "They feel alone at home."


def test_a_space_plan_for_a_path_other_than_the_suggested_one():
    at = at_result(CALM_ANSWERS)
    given = make_plan(at, "space")
    page = texts(at)
    assert "Our agreement" in [s.value for s in at.subheader]
    assert given["private_note"] in page  # on the plan, for the person
    assert given["i_will"] in page
    assert {"plan_download_agreement", "plan_download_ics"} <= download_keys(at)
    assert "Lunch at noon" in page  # the calendar title the person chose


def test_an_unticked_answer_stays_off_our_agreement():
    at = at_result(CALM_ANSWERS)
    make_plan(at, "space")
    click(at, "plan_edit")
    for _ in range(3):
        click(at, "plan_next")  # to "what each will and won't do"
    at.checkbox(key=widget_key("space", "i_wont", "share")).uncheck()
    for _ in range(2):
        click(at, "plan_next")
    from report.plan import agreement_items

    entry = at.session_state["plans"]["space"]
    shared = dict(agreement_items(default_plan("space"), entry))
    assert "During the break, I won't..." not in shared
    assert "During the break, I will..." in shared
    assert not any("yourself only" in q for q in shared)


@pytest.mark.parametrize("plan_id", ["counseling", "let_go"])
def test_the_counseling_and_let_go_plans_are_made_from_the_result_page(plan_id):
    at = at_result(CALM_ANSWERS)
    given = make_plan(at, plan_id)
    page = texts(at)
    for value in given.values():
        assert str(value) in page
    heading = "Where to look (" if plan_id == "counseling" else "Official guidance on separating ("
    assert heading in page and "Checked on " in page
    assert {"plan_download_md", "plan_download_pdf"} <= download_keys(at)


SAFETY_CASES = {
    "concern": {**CALM_ANSWERS, "safety_control": ["money"]},
    "danger": {**CALM_ANSWERS, "safety_danger": ["weapon"]},
    "crisis": {**CALM_ANSWERS, "own_thoughts": "yes"},
}


@pytest.mark.parametrize("level", list(SAFETY_CASES))
def test_no_plan_is_offered_under_a_safety_sign_even_when_forced(level):
    at = at_result(SAFETY_CASES[level])
    assert not [b for b in at.button if b.key == "make_plan"]
    assert not [r for r in at.radio if r.key == "plan_path_choice"]
    assert ADVOCATES in texts(at)
    # A session that claims the plan step, a plan and a screen still gets no plan.
    for plan_id in ("talk", "space"):
        at.session_state["step"] = "plan"
        at.session_state["plan_chosen"] = plan_id
        at.session_state["plan_screen"] = 5
        at.run()
        assert not at.exception, at.exception
        keys = {w.key for w in (*at.radio, *at.text_area, *at.text_input, *at.checkbox,
                                *at.slider, *at.date_input) if w.key}
        assert not any(k.startswith("plan_") and k != "plan_to_result" for k in keys), keys
        assert "Your safety comes first" in [h.value for h in at.header]
        assert ADVOCATES in texts(at)
        assert default_plan(plan_id).title not in [h.value for h in at.header]
        assert not download_keys(at)


def test_what_a_widget_would_never_send_is_not_kept():
    """A text longer than its box, a number or date out of range, a choice not offered."""
    from ui.plan.prompts import _checked

    space = default_plan("space")
    assert _checked(space.prompt("pets"), "x" * 5000) == "x" * space.prompt("pets").max_length
    assert _checked(space.prompt("weeks"), 400) is None
    assert _checked(space.prompt("weeks"), 4) == 4
    assert _checked(space.prompt("checkin_date"), date.today() + timedelta(days=9000)) is None
    assert _checked(space.prompt("how_much"), "sneaky") is None


def test_under_a_crisis_the_plan_page_gives_the_crisis_steps_and_lines():
    at = at_result(SAFETY_CASES["crisis"])
    at.session_state["step"] = "plan"
    at.session_state["plan_chosen"] = "let_go"
    at.run()
    assert "Your safety comes first" in [h.value for h in at.header]
    assert "988" in "\n".join(h.value for h in at.html)  # the US crisis line, to tap
    assert ADVOCATES in texts(at)
