"""The review page: every answer by section, an edit link for each, and how they lean so far."""

from __future__ import annotations

import streamlit as st

from i18n import _, current_language
from questionnaire import Questionnaire, validate_answers
from report.summary import answer_text
from scoring import Clarity, assess, localize
from ui import state
from ui.charts import render_leaning


def render_review(questionnaire: Questionnaire) -> None:
    values = state.answers()
    st.header(_("Check your answers"), anchor=False)
    st.write(_("Here is everything you said. Change anything before you see the result."))
    for section in questionnaire.sections:
        with st.container(border=True, key=f"review_{section.id}"):
            title, edit = st.columns([4, 1], vertical_alignment="center")
            title.subheader(section.title, anchor=False)
            edit.button(
                _("Edit"), key=f"edit_{section.id}", icon=":material/edit:",
                on_click=state.edit_from_review, args=(section.id,),
            )
            for question in questionnaire.visible_questions(values, section):
                st.markdown(f"**{question.text}**")
                # st.text shows what the person typed exactly as typed: never markdown or HTML.
                st.text(answer_text(question, values.get(question.id)))
    _lean_so_far(questionnaire, values)
    back, _gap, forward = st.columns([1, 2, 1])
    back.button(
        _("Back"), key="nav_back", icon=":material/arrow_back:", width="stretch",
        on_click=state.go_to, args=(questionnaire.sections[-1].id,),
    )
    forward.button(
        _("See my result"), key="nav_next", type="primary", width="stretch",
        on_click=state.go_to, args=(state.RESULTS,),
    )


def _lean_so_far(questionnaire: Questionnaire, values: dict) -> None:
    assessment = localize(
        assess(validate_answers(questionnaire, values, complete=False), questionnaire),
        current_language(),
        questionnaire,
    )
    with st.container(border=True):
        st.subheader(_("How your answers lean so far"), anchor=False)
        if assessment.safety_first:
            st.write(
                _("Some of your answers are about your safety. Your result will start there.")
            )
        if assessment.recommended is None:
            st.write(assessment.clarity_text)
            return
        best = assessment.path(assessment.recommended).title
        tie = assessment.margin == 0 and assessment.clarity is not Clarity.DECISIVE
        if tie and assessment.runner_up is not None:
            tied = assessment.path(assessment.runner_up).title
            st.write(
                _("So far your answers point equally toward **{first}** and **{second}**.").format(
                    first=best, second=tied
                )
            )
        else:
            st.write(_("So far your answers point most toward **{path}**.").format(path=best))
        render_leaning(assessment)
