"""AppTest: a plan page in the person's words (the suggested path, the country, the dates),
a resume that lands back on the plan page when a plan may be shown, and a stored result
that speaks one language whatever the session's."""

from __future__ import annotations

import json
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from plans import default_plan, default_where_to_look
from questionnaire import default_questionnaire, validate_answers
from report.plan import place_text
from scoring import assess, localize
from storage import open_store
from tests.sample_answers import CALM_ANSWERS
from tests.ui.flow import (
    APP,
    TIMEOUT,
    click,
    current_step,
    resume_in_new_session,
    start_app,
    texts,
)
from tests.ui.test_plans import SAFETY_CASES
from tests.ui.test_plans_saving import to_space_plan

CHECKED = date(2026, 11, 28)  # the day every listed place was checked


def on_plan(plan_id: str, screen: int, lang: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["answers"] = dict(CALM_ANSWERS)
    at.session_state["step"] = "plan"
    at.session_state["plan_chosen"] = plan_id
    at.session_state["plan_screen"] = screen
    at.session_state["ui_lang"] = lang
    at.session_state["help_country"] = "US"
    at.run()
    assert not at.exception, at.exception
    return at


def test_in_spanish_the_suggested_path_is_named_in_spanish():
    captions = [c.value for c in on_plan("space", 0, "es").caption]
    assert any('"Hablar primero"' in c for c in captions), captions
    assert not any("Talk first" in c for c in captions)


@pytest.mark.parametrize(("lang", "label", "day"), [
    ("en", "Your country", "28 November 2026"),
    ("es", "Tu país", "28 de noviembre de 2026"),
])
def test_the_places_ask_for_your_country_and_date_their_checks_in_words(lang, label, day):
    at = on_plan("let_go", 2, lang)  # the block with the official guidance on separating
    assert [s.label for s in at.selectbox if s.key == "country_plan"] == [label]
    checks = [c.value for c in at.caption if day in c.value]
    assert checks and not any("2026-11-28" in c.value for c in at.caption)


def test_the_downloaded_plan_dates_its_places_checks_in_words():
    place = default_where_to_look("es").places("separation", "US")[0]
    assert place.checked == CHECKED
    assert "28 de noviembre de 2026" in place_text(place, lambda s: s, "es")


@pytest.fixture
def saving_at_space_plan(data_dir):
    """Saving on, the space plan made to its third screen: the step saved is the plan."""
    at = start_app()
    at.checkbox(key="opt_in_saving").check().run()
    click(at, "start")
    to_space_plan(at)
    return at.session_state["save_code"]


def test_a_resume_on_the_plan_step_opens_the_plan_again(saving_at_space_plan):
    at = resume_in_new_session(saving_at_space_plan)
    assert current_step(at) == "plan"
    assert at.session_state["plan_chosen"] == "space"
    assert default_plan("space").title in [h.value for h in at.header]


def test_a_resume_on_the_plan_step_under_a_safety_sign_opens_the_result(saving_at_space_plan):
    questionnaire = default_questionnaire()
    store = open_store()
    try:
        store.save_progress(
            saving_at_space_plan, SAFETY_CASES["danger"], "plan",
            questionnaire_id=questionnaire.id, questionnaire_version=questionnaire.version,
        )
    finally:
        store.close()
    at = resume_in_new_session(saving_at_space_plan)
    assert current_step(at) == "results"
    assert not [b for b in at.button if b.key == "make_plan"]


def test_a_result_taken_in_spanish_is_stored_in_english(data_dir):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["lang"] = "es"
    at.run()
    at.checkbox(key="opt_in_saving").check().run()
    click(at, "start")
    at.session_state["answers"] = dict(CALM_ANSWERS)
    at.session_state["step"] = "results"
    at.run()
    assert not at.exception, at.exception
    assert "Hablar primero" in texts(at)
    store = open_store()
    try:
        stored = store.history(at.session_state["save_code"])[-1].assessment
    finally:
        store.close()
    english = default_questionnaire("en")
    assessment = assess(validate_answers(english, CALM_ANSWERS, complete=False), english)
    # Every word English: the answer labels too, which the Spanish questionnaire would give.
    assert stored == localize(assessment, "en").model_dump(mode="json")
    assert "Hablar primero" not in json.dumps(stored)
