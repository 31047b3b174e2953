"""One questionnaire section a step: progress, the section's questions, Back and Next."""

from __future__ import annotations

import streamlit as st

from questionnaire import Questionnaire, Section
from ui import state
from ui.question_widgets import render_question
from ui.safety_banner import render_help_after


def progress_label(questionnaire: Questionnaire, section: Section, values: dict) -> str:
    """Progress by parts, which never moves backwards; questions that appear on an answer
    would make a count of questions rise as the person goes."""
    index = questionnaire.sections.index(section)
    answered = sum(1 for q in questionnaire.questions if q.id in values)
    noun = "answer" if answered == 1 else "answers"
    return f"Part {index + 1} of {len(questionnaire.sections)} · {answered} {noun} so far"


def render_progress(questionnaire: Questionnaire, section: Section) -> None:
    index = questionnaire.sections.index(section)
    st.progress(
        index / len(questionnaire.sections),
        text=progress_label(questionnaire, section, state.answers()),
    )


def render_section(questionnaire: Questionnaire, section: Section) -> None:
    st.header(section.title, anchor=False)
    render_progress(questionnaire, section)
    if section.intro:
        st.write(section.intro)
    for question in questionnaire.visible_questions(state.answers(), section):
        render_question(questionnaire, question, mark_optional=not section.skip_note)
        render_help_after(questionnaire, section, question)
    _navigation(questionnaire, section)


def _navigation(questionnaire: Questionnaire, section: Section) -> None:
    if section.skip_note and any(
        q.id not in state.answers() for q in questionnaire.visible_questions({}, section)
    ):
        # Sensitive questions never block: one calm line instead of a box on each.
        st.caption(section.skip_note)
    missing = state.missing()
    if missing:
        count = len(missing)
        st.error(
            f"{count} question{'s' if count > 1 else ''} on this page still need"
            f"{'' if count > 1 else 's'} an answer. They are marked above."
        )
    # One flex row, not columns: fewer elements keep every rerun of a long section quick.
    with st.container(horizontal=True, horizontal_alignment="distribute", key="nav"):
        st.button(
            "Back", key="nav_back", icon=":material/arrow_back:",
            on_click=_go, args=(questionnaire, section, -1),
        )
        if state.editing_from_review():
            st.button(
                "Back to review", key="nav_review", icon=":material/checklist:",
                on_click=_go_to_review, args=(questionnaire, section),
            )
        st.button(
            "Next", key="nav_next", type="primary", icon=":material/arrow_forward:",
            icon_position="right", on_click=_go, args=(questionnaire, section, +1),
        )


def _all_required_answered(questionnaire: Questionnaire, section: Section) -> bool:
    """Mark this section's unanswered required questions; True when there are none."""
    values = state.answers()
    unanswered = {
        q.id
        for q in questionnaire.visible_questions(values, section)
        if q.required and q.id not in values
    }
    state.mark_missing(unanswered)
    return not unanswered


def _go(questionnaire: Questionnaire, section: Section, offset: int) -> None:
    if offset < 0 or _all_required_answered(questionnaire, section):
        state.go_to(state.neighbour(questionnaire, section.id, offset))


def _go_to_review(questionnaire: Questionnaire, section: Section) -> None:
    if _all_required_answered(questionnaire, section):
        state.go_to(state.REVIEW)
