"""The top of the result: the suggestion, how sure it is, and the first steps."""

from __future__ import annotations

import streamlit as st

from questionnaire import Questionnaire
from report.summary import headline
from scoring.model import Assessment, Clarity
from ui import state
from ui.charts import path_scores_chart


def render_headline(questionnaire: Questionnaire, values: dict, assessment: Assessment) -> None:
    if assessment.safety_first:
        # Support leads; the paths follow as something to come back to, with no verdict.
        st.subheader("The four paths, for when you are ready", anchor=False)
        st.write(assessment.clarity_text)
        render_answer_more(questionnaire, values)
        return
    st.header("Your result", anchor=False)
    st.subheader(headline(assessment), anchor=False)
    if assessment.recommended is not None:
        st.write(assessment.path(assessment.recommended).summary)
    box = st.success if assessment.clarity in {Clarity.CLEAR, Clarity.DECISIVE} else st.info
    box(assessment.clarity_text)
    if assessment.recommended is None:
        st.altair_chart(path_scores_chart(assessment), width="stretch")
        render_answer_more(questionnaire, values)


def render_answer_more(questionnaire: Questionnaire, values: dict) -> None:
    """A way back to the first section with questions still open, if there is one."""
    unanswered = next(
        (
            section for section in questionnaire.sections
            if any(
                q.required and q.id not in values
                for q in questionnaire.visible_questions(values, section)
            )
        ),
        None,
    )
    if unanswered is not None:
        st.button(
            "Go on with the questions", key="answer_more", icon=":material/edit_note:",
            on_click=state.go_to, args=(unanswered.id,),
        )


def render_next_steps(assessment: Assessment) -> None:
    steps = assessment.next_steps
    if not steps:
        return
    st.subheader("Next steps", anchor=False)
    st.markdown("\n".join(f"{number}. {step}" for number, step in enumerate(steps, start=1)))
