"""Renders one question as the Streamlit widget that fits its type, in step with the answers."""

from __future__ import annotations

from typing import Any

import streamlit as st

from questionnaire import Question, Questionnaire, QuestionType
from ui import state


def widget_key(question_id: str, option_id: str | None = None) -> str:
    return f"q_{question_id}" if option_id is None else f"q_{question_id}__{option_id}"


def render_question(questionnaire: Questionnaire, question: Question, number: int) -> None:
    current = state.answers().get(question.id)
    label = f"{number}. {question.text}"
    if not question.required:
        label += " (optional)"
    # Every question reads the same way: its text in bold above, whatever the widget.
    # The widget keeps the text as its (visually hidden) label for screen readers.
    st.markdown(f"**{label}**", help=question.help)
    if question.type is QuestionType.MULTI_CHOICE:
        _multi_choice(questionnaire, question, label, current or [])
    elif question.type is QuestionType.FREE_TEXT:
        _free_text(questionnaire, question, label, current or "")
    else:
        _single_choice(questionnaire, question, label, current)
    if question.id in state.missing():
        st.error(_missing_message(question), icon=":material/arrow_upward:")


def _missing_message(question: Question) -> str:
    if question.type is QuestionType.MULTI_CHOICE:
        none = next((o.label for o in question.options if o.exclusive), None)
        if none:
            return f'Please choose an answer to go on: tick what applies, or "{none}".'
        return "Please choose an answer to go on: tick at least one."
    return "Please choose an answer to go on."


def _single_choice(
    questionnaire: Questionnaire, question: Question, label: str, current: str | None
) -> None:
    key = widget_key(question.id)
    if key not in st.session_state:
        st.session_state[key] = current
    st.radio(
        label,
        options=question.option_ids,
        format_func=question.label_of,
        key=key,
        label_visibility="collapsed",
        horizontal=question.type is QuestionType.YES_NO_UNSURE,
        on_change=_copy_widget,
        args=(questionnaire, question.id, key),
    )


def _multi_choice(
    questionnaire: Questionnaire, question: Question, label: str, current: list[str]
) -> None:
    for option in question.options:
        key = widget_key(question.id, option.id)
        if key not in st.session_state:
            st.session_state[key] = option.id in current
        st.checkbox(
            option.label,
            key=key,
            on_change=_toggle_option,
            args=(questionnaire, question, option.id),
        )
    if question.max_choices and len(current) > question.max_choices:
        st.warning(f"Please choose at most {question.max_choices}.")


def _free_text(questionnaire: Questionnaire, question: Question, label: str, current: str) -> None:
    key = widget_key(question.id)
    if key not in st.session_state:
        st.session_state[key] = current
    st.text_area(
        label,
        key=key,
        label_visibility="collapsed",
        placeholder=question.placeholder,
        max_chars=question.max_length,
        on_change=_copy_widget,
        args=(questionnaire, question.id, key),
    )


def _copy_widget(questionnaire: Questionnaire, question_id: str, key: str) -> None:
    state.set_answer(questionnaire, question_id, st.session_state[key])


def _toggle_option(questionnaire: Questionnaire, question: Question, option_id: str) -> None:
    """Keep a multiple choice consistent: an exclusive option ("none") clears the others."""
    ticked = st.session_state[widget_key(question.id, option_id)]
    exclusive = {o.id for o in question.options if o.exclusive}
    chosen: list[Any] = [
        o.id for o in question.options if st.session_state.get(widget_key(question.id, o.id))
    ]
    if ticked:
        drop = [o for o in chosen if o != option_id] if option_id in exclusive else exclusive
        for other in drop:
            st.session_state[widget_key(question.id, other)] = False
        chosen = [o for o in chosen if o not in drop]
    state.set_answer(questionnaire, question.id, chosen)
