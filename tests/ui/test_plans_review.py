"""AppTest: the plan page after review (issue 13): help shown once under a sign, downloads and
dates in the person's language, and stored plans of the wrong shape dropped, not crashed on."""

from __future__ import annotations

import functools
from datetime import date

from streamlit.testing.v1 import AppTest

from i18n import format_date
from plans import default_plan
from storage import open_store
from tests.sample_answers import CALM_ANSWERS, declined_safety_answers
from tests.ui.flow import APP, TIMEOUT, resume_in_new_session, texts
from tests.ui.test_plans import SAFETY_CASES, at_result, make_plan
from tests.ui.test_plans_resume_and_words import saving_at_space_plan  # noqa: F401
from ui.plan.prompts import widget_key


def on_plan(values: dict, plan_id: str, screen: int, **state) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["answers"] = dict(values)
    at.session_state["step"] = "plan"
    at.session_state["plan_chosen"] = plan_id
    at.session_state["plan_screen"] = screen
    at.session_state["help_country"] = "US"
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def test_under_a_sign_the_plan_page_gives_the_lines_once():
    at = on_plan(SAFETY_CASES["concern"], "talk", 0)
    assert "Your safety comes first" in [h.value for h in at.header]
    pickers = [s.key for s in at.selectbox if str(s.key).startswith("country_")]
    assert pickers == ["country_plan_safety"], pickers


def test_the_plan_downloads_and_dates_speak_the_session_language(monkeypatch):
    made = []

    def recording_partial(func, *args):
        made.append(args)
        return functools.partial(func, *args)

    monkeypatch.setattr("ui.plan.output.partial", recording_partial)
    at = at_result(CALM_ANSWERS)
    make_plan(at, "space")
    day = date.fromisoformat(at.session_state["plans"]["space"]["values"]["checkin_date"])
    at.session_state["ui_lang"] = at.session_state["lang"] = "es"  # as the switch sets
    at.run()
    assert not at.exception, at.exception
    title, _sections, lang = made[-1]
    assert lang == "es"
    assert format_date(date.today(), "es") in title
    assert date.today().isoformat() not in title
    captions = "\n".join(c.value for c in at.caption)
    assert format_date(day, "es") in captions
    assert day.isoformat() not in captions


def test_a_plans_value_of_the_wrong_type_in_the_session_is_ignored():
    at = on_plan(CALM_ANSWERS, "talk", 1, plans="garbage")
    when = default_plan("talk").prompt("when")
    assert at.radio(key=widget_key("talk", "when")).label == when.text


def test_a_stored_plan_value_of_the_wrong_type_is_dropped(saving_at_space_plan):  # noqa: F811
    store = open_store()
    try:
        store.save_plan(saving_at_space_plan, "space", {
            "values": {"how_much": ["a"], "how": "not a list", "weeks": "6",
                       "checkin_date": 5, "money": "kept"},
            "share": "garbage",
        })
    finally:
        store.close()
    at = resume_in_new_session(saving_at_space_plan)
    assert at.session_state["plans"]["space"] == {"values": {"money": "kept"}, "share": []}
    plan = default_plan("space")
    for screen in (2, len(plan.first_blocks) + 1):  # the block with the choice; the plan
        at.session_state["plan_screen"] = screen
        at.run()
        assert not at.exception, at.exception
    assert "kept" in texts(at) or any("kept" in t.value for t in at.text)


def test_own_controlling_behaviour_comes_first_on_the_plan(monkeypatch):
    at = on_plan({**CALM_ANSWERS, "keeping_tactics": ["checking"]}, "talk", 0)
    words = texts(at)
    assert "freedom to choose is theirs" in words
    assert words.index("freedom to choose is theirs") < words.index(default_plan("talk").intro)
    assert "country_plan_own" in [s.key for s in at.selectbox]
    assert "<a" in "\n".join(h.value for h in at.html)  # the lines, to tap


def test_declined_safety_answers_get_the_lines_on_the_plans_first_screen():
    declined = declined_safety_answers()
    at = on_plan({**CALM_ANSWERS, **declined}, "talk", 0)
    assert "Your safety comes first" not in [h.value for h in at.header]
    assert "If you are ever afraid of your partner" in texts(at)
    assert "Helplines you can call" in [e.label for e in at.expander]
    assert "country_plan_declined" in [s.key for s in at.selectbox]


def test_a_talk_that_frightened_them_brings_the_safety_steps_and_lines_at_once():
    plan = default_plan("talk")
    at = on_plan(CALM_ANSWERS, "talk", len(plan.first_blocks) + 1)
    afterwards = plan.afterwards_blocks[0]
    assert "If the talk frightened you" in afterwards.intro
    assert afterwards.intro in texts(at)
    assert "Support for you comes first" not in [s.value for s in at.subheader]
    at.radio(key=widget_key("talk", "how_it_went")).set_value("frightened").run()
    assert not at.exception, at.exception
    assert "Support for you comes first" in [s.value for s in at.subheader]
    assert "Contact a domestic abuse helpline" in texts(at)
    assert "country_plan_after" in [s.key for s in at.selectbox]
    assert 'href="tel:' in "\n".join(h.value for h in at.html)


def test_in_spanish_the_fright_choice_and_its_help_are_in_spanish():
    plan = default_plan("talk")
    at = on_plan(CALM_ANSWERS, "talk", len(plan.first_blocks) + 1, ui_lang="es")
    at.radio(key=widget_key("talk", "how_it_went")).set_value("frightened").run()
    how_it_went = at.radio(key=widget_key("talk", "how_it_went"))
    assert "Me dio miedo, o hubo amenazas" in how_it_went.options
    assert "Primero, apoyo para ti" in [s.value for s in at.subheader]
    assert "si la charla te dio miedo" in texts(at).lower()
