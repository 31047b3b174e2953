"""Renders one question as the Streamlit widget that fits its type, in step with the answers."""

from __future__ import annotations

from typing import Any

import streamlit as st

from i18n import _, babel_locale, current_language, ngettext
from questionnaire import Question, Questionnaire, QuestionType
from ui import state

_OVER_LIMIT = state.PAGE_NOTE
_CUT = state.TEXT_CUT


def _number(value: int) -> str:
    """A count as the person's language writes it: 1,500 in English, 1500 or 1.500 elsewhere."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=babel_locale(current_language()))


def widget_key(question_id: str, option_id: str | None = None) -> str:
    return f"q_{question_id}" if option_id is None else f"q_{question_id}__{option_id}"


def _seed(key: str, value: Any) -> None:
    """Give a widget its saved answer when it is drawn afresh (Streamlit forgot it meanwhile).

    A lookup, not `key in st.session_state`: membership builds a copy of the whole state,
    which made every rerun of a long section measurably slower.
    """
    try:
        st.session_state[key]
    except KeyError:
        st.session_state[key] = value


def render_question(
    questionnaire: Questionnaire,
    question: Question,
    *,
    mark_optional: bool = True,
    values: dict | None = None,
    missing: set[str] | None = None,
    seed: bool = True,
) -> None:
    """One question in its own box (styled in ui/style.py), with its message if unanswered.

    A single widget is its own box; a set of checkboxes shares a container. Few elements
    per question keep each rerun close to a bare page's cost. `mark_optional` is off where
    the page says once that every question may be skipped. A page passes the answers
    (`values`) and the unanswered required questions (`missing`) it read once for all its
    questions: each read of session state costs time on every rerun. `seed` False: the
    widgets were drawn by the last run, so Streamlit still holds their values.
    """
    values = state.answers() if values is None else values
    missing = state.missing() if missing is None else missing
    current = values.get(question.id)
    # No numbers: with questions that appear on an answer, they would skip or shift.
    optional = not question.required and mark_optional
    label = _("{question} (optional)").format(question=question.text) if optional else question.text
    if question.type is QuestionType.MULTI_CHOICE:
        with st.container(border=True, key=f"box_{question.id}"):
            st.markdown(f"**{label}**", help=question.help)
            _multi_choice(questionnaire, question, current or [], seed)
            if question.id in missing:
                _missing_message(question)
        return
    if question.type is QuestionType.FREE_TEXT:
        _free_text(questionnaire, question, label, current or "", seed)
    else:
        _single_choice(questionnaire, question, label, current, seed)
    if question.id in missing:
        _missing_message(question)


def _missing_message(question: Question) -> None:
    message = _("Please choose an answer to go on.")
    if question.type is QuestionType.MULTI_CHOICE:
        none = next((o.label for o in question.options if o.exclusive), None)
        message = (
            _('Please choose an answer to go on: tick what applies, or "{none}".').format(none=none)
            if none
            else _("Please choose an answer to go on: tick at least one.")
        )
    st.error(message, icon=":material/arrow_upward:")


def _single_choice(
    questionnaire: Questionnaire, question: Question, label: str, current: str | None,
    seed: bool = True,
) -> None:
    key = widget_key(question.id)
    if seed:
        _seed(key, current)
    st.radio(
        label,
        options=question.option_ids,
        format_func=question.label_of,
        key=key,
        help=question.help,
        width="stretch",
        horizontal=question.type is QuestionType.YES_NO_UNSURE,
        on_change=_copy_widget,
        args=(questionnaire, question.id, key),
    )


def _multi_choice(
    questionnaire: Questionnaire, question: Question, current: list[str], seed: bool = True
) -> None:
    for option in question.options:
        key = widget_key(question.id, option.id)
        if seed:
            _seed(key, option.id in current)
        st.checkbox(
            option.label,
            key=key,
            on_change=_toggle_option,
            args=(questionnaire, question, option.id),
        )
    if st.session_state.get(_OVER_LIMIT) == question.id:
        st.warning(
            ngettext(
                "You can choose up to {count}. Untick one to choose another.",
                "You can choose up to {count}. Untick one to choose another.",
                question.max_choices or 0,
            ).format(count=question.max_choices),
            icon=":material/info:",
        )


def _free_text(
    questionnaire: Questionnaire, question: Question, label: str, current: str, seed: bool = True
) -> None:
    # No max_chars on the widget: the browser would then drop a paste that is too long,
    # silently and whole. The text is cut here instead, and the person is told.
    key = widget_key(question.id)
    if seed:
        _seed(key, current)
    limit = _("Up to {limit} characters.").format(limit=_number(question.max_length))
    st.text_area(
        label,
        key=key,
        help=f"{question.help} {limit}" if question.help else limit,
        placeholder=question.placeholder,
        on_change=_copy_text,
        args=(questionnaire, question, key),
    )
    cut = st.session_state.get(_CUT)
    if cut and cut[0] == question.id:
        st.warning(
            _(
                "That was {pasted} characters; this box keeps up to {limit}. The last {cut} "
                "were left out: you can shorten it and paste again."
            ).format(
                pasted=_number(cut[1]),
                limit=_number(question.max_length),
                cut=_number(cut[1] - question.max_length),
            ),
            icon=":material/content_cut:",
        )


def _copy_text(questionnaire: Questionnaire, question: Question, key: str) -> None:
    """Keep what fits of a typed or pasted text, and remember to say what was cut."""
    text = st.session_state[key]
    st.session_state.pop(_CUT, None)
    if len(text) > question.max_length:
        st.session_state[_CUT] = (question.id, len(text))
        text = text[: question.max_length]
        st.session_state[key] = text
    state.set_answer(questionnaire, question.id, text)


def _copy_widget(questionnaire: Questionnaire, question_id: str, key: str) -> None:
    state.set_answer(questionnaire, question_id, st.session_state[key])


def _toggle_option(questionnaire: Questionnaire, question: Question, option_id: str) -> None:
    """Keep a multiple choice consistent: an exclusive option ("none") clears the others,
    and a tick beyond `max_choices` is undone with a word of why."""
    key = widget_key(question.id, option_id)
    ticked = st.session_state[key]
    exclusive = {o.id for o in question.options if o.exclusive}
    chosen: list[Any] = [
        o.id for o in question.options if st.session_state.get(widget_key(question.id, o.id))
    ]
    st.session_state.pop(_OVER_LIMIT, None)
    if ticked and question.max_choices and len(chosen) > question.max_choices:
        st.session_state[key] = False
        st.session_state[_OVER_LIMIT] = question.id
        return
    if ticked:
        drop = [o for o in chosen if o != option_id] if option_id in exclusive else exclusive
        for other in drop:
            st.session_state[widget_key(question.id, other)] = False
        chosen = [o for o in chosen if o not in drop]
    state.set_answer(questionnaire, question.id, chosen)
