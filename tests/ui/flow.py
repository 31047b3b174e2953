"""Drives the Crossroads app through AppTest as a person would: answer, Next, Back, review."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from questionnaire import QuestionType, default_questionnaire
from ui.question_widgets import widget_key

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT = 30


def start_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    return at


def click(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click().run()
    assert not at.exception, at.exception
    return at


def current_step(at: AppTest) -> str:
    return at.session_state["step"] if "step" in at.session_state else "welcome"  # noqa: SIM401


def set_answer(at: AppTest, question_id: str, value) -> None:
    """Set one widget the way a person would, without running the script yet."""
    question = default_questionnaire().question(question_id)
    if question.type is QuestionType.MULTI_CHOICE:
        for option in question.options:
            box = at.checkbox(key=widget_key(question_id, option.id))
            box.set_value(option.id in value)
    elif question.type is QuestionType.FREE_TEXT:
        at.text_area(key=widget_key(question_id)).input(value)
    else:
        at.radio(key=widget_key(question_id)).set_value(value)


def answer_section(at: AppTest, values: dict) -> None:
    """Answer every shown question of the current section that `values` covers.

    Answers go in one at a time, as clicks do, so questions opened by an answer appear.
    """
    questionnaire = default_questionnaire()
    section = next(s for s in questionnaire.sections if s.id == current_step(at))
    done: set[str] = set()
    while True:
        shown = questionnaire.visible_questions(at.session_state["answers"], section)
        todo = [q for q in shown if q.id in values and q.id not in done]
        if not todo:
            return
        set_answer(at, todo[0].id, values[todo[0].id])
        at.run()
        assert not at.exception, at.exception
        done.add(todo[0].id)


def complete_questionnaire(at: AppTest, values: dict) -> AppTest:
    """From the welcome page to the review page, answering with `values`."""
    click(at, "start")
    for section in default_questionnaire().sections:
        assert current_step(at) == section.id
        answer_section(at, values)
        click(at, "nav_next")
    assert current_step(at) == "review", f"stuck on {current_step(at)}: {at.error}"
    return at


def texts(at: AppTest) -> str:
    """All the words on the page, for asserting what a person would read."""
    parts = [m.value for m in at.markdown] + [t.value for t in at.text]
    parts += [e.value for e in (*at.error, *at.info, *at.success, *at.warning)]
    parts += [h.value for h in (*at.header, *at.subheader, *at.title, *at.caption)]
    return "\n".join(str(p) for p in parts)


def keys_in_order(at: AppTest) -> list[str]:
    """The keys of the page's keyed elements, top to bottom, as a person meets them."""
    found: list[str] = []

    def walk(node) -> None:
        if getattr(node, "key", None):
            found.append(node.key)
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                walk(child)

    walk(at.main)
    return found


def html(at: AppTest) -> str:
    """Every piece of the page's own HTML (helplines, scripts), joined."""
    return "\n".join(h.value for h in at.html)


def next_until(at: AppTest, step: str) -> AppTest:
    """Press Next until `step` is shown (the safety and wellbeing pages never block)."""
    for _ in range(len(default_questionnaire().sections) + 2):
        if current_step(at) == step:
            return at
        click(at, "nav_next")
    raise AssertionError(f"never reached {step}; stuck on {current_step(at)}")
