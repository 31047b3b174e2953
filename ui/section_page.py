"""One questionnaire section a step: progress, the section's questions, Back and Next.

An answer reruns only the part of the page it can change: a fragment holding the progress
bar, the questions, the help under an answer and the page's notes, which costs about what a
bare page with the same widgets costs. What an answer must change elsewhere on the page
(the step, a saving notice, the help at the top) reruns the whole page, and only then.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from i18n import _, ngettext
from questionnaire import Questionnaire, Section
from ui import saving, state
from ui.question_widgets import render_question
from ui.safety_banner import help_on_page, render_help_under, top_help_signature


def progress_label(questionnaire: Questionnaire, section: Section, values: dict) -> str:
    """Progress by parts, which never moves backwards; questions that appear on an answer
    would make a count of questions rise as the person goes."""
    index = questionnaire.sections.index(section)
    answered = sum(1 for q in questionnaire.questions if q.id in values)
    return ngettext(
        "Part {part} of {parts} · {count} answer so far",
        "Part {part} of {parts} · {count} answers so far",
        answered,
    ).format(part=index + 1, parts=len(questionnaire.sections), count=answered)


def progress_value(questionnaire: Questionnaire, section: Section, values: dict) -> float:
    """The parts before this one, and the share of this part's always-shown questions
    answered: the bar moves with each answer, and a question that appears on an answer
    never pulls it back."""
    index = questionnaire.sections.index(section)
    always = [q for q in section.questions if not q.visible_if]
    done = sum(1 for q in always if q.id in values) / len(always) if always else 0
    return (index + done) / len(questionnaire.sections)


def render_progress(
    questionnaire: Questionnaire, section: Section, values: dict | None = None
) -> None:
    values = state.answers() if values is None else values
    st.progress(
        progress_value(questionnaire, section, values),
        text=progress_label(questionnaire, section, values),
    )


def render_section(questionnaire: Questionnaire, section: Section) -> None:
    st.header(section.title, anchor=False)
    # What this run draws outside the fragment, for an answer's run to compare with.
    state.memo()["outside"] = _outside_state(help_on_page(questionnaire, section))
    _answers_part(questionnaire, section)
    _buttons(questionnaire, section)


def _outside_state(help_) -> tuple:
    """What the page shows outside the fragment that an answer can change: saving's state
    and notices (top and bottom of the page), and the help at the top."""
    return (
        saving.is_saving(),
        saving.paused_message(),
        st.session_state.get(saving.NOTICE),
        top_help_signature(help_),
    )


def _answer_run() -> bool:
    """True in a run of the fragment alone (an answer), False in a run of the whole page."""
    ctx = get_script_run_ctx()
    return bool(ctx is not None and ctx.fragment_ids_this_run)


@st.fragment
def _answers_part(questionnaire: Questionnaire, section: Section) -> None:
    answer_run = _answer_run()
    if answer_run:
        # The whole page's run saves in app.py; an answer's run saves here, at once.
        if state.current_step() != section.id:
            st.rerun(scope="app")  # a button in the help panel moved on
        # A whole-page rerun here once left the fragment's old elements on the page beside
        # the new ones (Streamlit's stale-element clearing); forgetting needs no redraw.
        saving.forget_link_code()
        saving.save_if_changed(questionnaire)
    help_ = help_on_page(questionnaire, section)
    if answer_run and _outside_state(help_) != state.memo().get("outside"):
        st.rerun(scope="app")
    # Read once for the whole page: every read of session state costs time on each answer.
    values, missing = state.answers(), state.missing()
    render_progress(questionnaire, section, values)
    if section.intro:
        st.write(section.intro)
    optional = not section.skip_note
    shown = questionnaire.visible_questions(values, section)
    # Widgets drawn by the last run still hold their values; only the others need theirs.
    memo = state.memo()
    held = memo.get("drawn", set()) if answer_run else set()
    for question in shown:
        render_question(
            questionnaire, question, mark_optional=optional, values=values, missing=missing,
            seed=question.id not in held,
        )
        render_help_under(help_, question)
    memo["drawn"] = {q.id for q in shown}
    _page_notes(questionnaire, section, values, missing)


def _page_notes(
    questionnaire: Questionnaire, section: Section, values: dict, missing: set[str]
) -> None:
    """The notes above the buttons, which each answer can change."""
    if section.skip_note and any(
        q.id not in values for q in questionnaire.visible_questions({}, section)
    ):
        # Sensitive questions never block: one calm line instead of a box on each.
        st.caption(section.skip_note)
    if missing:
        st.error(
            ngettext(
                "{count} question on this page still needs an answer. It is marked above.",
                "{count} questions on this page still need an answer. They are marked above.",
                len(missing),
            ).format(count=len(missing))
        )


def _buttons(questionnaire: Questionnaire, section: Section) -> None:
    """Back and Next change the whole page, so they sit outside the fragment."""
    # One flex row, not columns: fewer elements keep every rerun of a long section quick.
    with st.container(horizontal=True, horizontal_alignment="distribute", key="nav"):
        st.button(
            _("Back"), key="nav_back", icon=":material/arrow_back:",
            on_click=_go, args=(questionnaire, section, -1),
        )
        if state.editing_from_review():
            st.button(
                _("Back to review"), key="nav_review", icon=":material/checklist:",
                on_click=_go_to_review, args=(questionnaire, section),
            )
        st.button(
            _("Next"), key="nav_next", type="primary", icon=":material/arrow_forward:",
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
