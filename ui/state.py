"""Per-person flow state in st.session_state: the answers, the current step, moving on."""

from __future__ import annotations

from typing import Any

import streamlit as st

from questionnaire import Questionnaire, drop_hidden

WELCOME = "welcome"
REVIEW = "review"
RESULTS = "results"
# Outside the flow: reached from the welcome and result pages, with a way back.
SOURCES = "sources"

_ANSWERS = "answers"
_STEP = "step"
_MISSING = "missing"
_EDITING = "editing_from_review"
_RETURN_TO = "return_to"
PAGE_NOTE = "over_choice_limit"
TEXT_CUT = "text_cut"
_MEMO = "page_memo"


def steps(questionnaire: Questionnaire) -> list[str]:
    """Welcome, one step a section, the review, and the result, in that order."""
    return [WELCOME, *(s.id for s in questionnaire.sections), REVIEW, RESULTS]


def memo() -> dict[str, Any]:
    """What the pages and modules keep between runs for their own use (worked-out help,
    what an answer's run compares with, flags such as "the watcher is drawn"), under one
    key: every key in session state costs each keyed radio a little on every rerun
    (Streamlit copies the whole state to draw one), about 2% of a bare page's run a key on
    the longest section."""
    return st.session_state.setdefault(_MEMO, {})


def answers() -> dict[str, Any]:
    return st.session_state.setdefault(_ANSWERS, {})


def set_answer(questionnaire: Questionnaire, question_id: str, value: Any) -> None:
    """Record one answer (None or empty clears it) and drop answers it has hidden."""
    values = dict(answers())
    if value is None or value == [] or (isinstance(value, str) and not value.strip()):
        values.pop(question_id, None)
    else:
        values[question_id] = value
    st.session_state[_ANSWERS] = drop_hidden(questionnaire, values)
    missing: set[str] = st.session_state.get(_MISSING, set())
    missing.discard(question_id)


def replace_answers(values: dict[str, Any]) -> None:
    st.session_state[_ANSWERS] = dict(values)


def current_step() -> str:
    return st.session_state.get(_STEP, WELCOME)


def go_to(step: str) -> None:
    st.session_state[_STEP] = step
    # Popped, not emptied: a key in session state costs each rerun a little (see memo()).
    st.session_state.pop(_MISSING, None)
    # One-time notes ("you can choose up to 3", "the text was cut") belong to their page.
    st.session_state.pop(PAGE_NOTE, None)
    st.session_state.pop(TEXT_CUT, None)
    if step in (REVIEW, RESULTS, WELCOME):
        st.session_state.pop(_EDITING, None)


def show_sources() -> None:
    """Open "Where this comes from", remembering the page to go back to."""
    st.session_state[_RETURN_TO] = current_step()
    st.session_state[_STEP] = SOURCES


def leave_sources() -> None:
    st.session_state[_STEP] = st.session_state.pop(_RETURN_TO, WELCOME)


def edit_from_review(section_id: str) -> None:
    """Open a section from the review page, with a way straight back to the review."""
    go_to(section_id)
    st.session_state[_EDITING] = True


def editing_from_review() -> bool:
    return st.session_state.get(_EDITING, False)


def neighbour(questionnaire: Questionnaire, step: str, offset: int) -> str:
    order = steps(questionnaire)
    index = max(0, min(len(order) - 1, order.index(step) + offset))
    return order[index]


def missing() -> set[str]:
    return st.session_state.get(_MISSING, set())


def mark_missing(question_ids: set[str]) -> None:
    if question_ids:
        st.session_state[_MISSING] = set(question_ids)
    else:
        st.session_state.pop(_MISSING, None)


def clear_everything() -> None:
    """Forget this person entirely: every answer, every widget value, the step."""
    for key in list(st.session_state.keys()):
        del st.session_state[key]
