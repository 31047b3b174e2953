"""The top of the result: the suggestion, how sure it is, and the first steps."""

from __future__ import annotations

import streamlit as st

from i18n import _
from questionnaire import Questionnaire
from report.summary import drivers_for_and_against, headline
from scoring.model import Assessment, Clarity
from ui import state
from ui.charts import render_leaning

FIRST = 3  # reasons and steps on the first screen: what a phone shows without scrolling


def render_headline(questionnaire: Questionnaire, values: dict, assessment: Assessment) -> None:
    """What fits one phone screen: the suggestion, how sure, three reasons, three steps."""
    if assessment.safety_first:
        # Support leads; the paths follow as something to come back to, with no verdict.
        st.subheader(_("The four paths, for when you are ready"), anchor=False)
        st.write(assessment.clarity_text)
        render_answer_more(questionnaire, values)
        return
    if assessment.recommended is None:
        st.header(headline(assessment), anchor=False)
        st.info(assessment.clarity_text)
        render_leaning(assessment)
        render_answer_more(questionnaire, values)
        return
    # A heading one size down keeps the first screen (suggestion, how sure, three reasons,
    # three steps) within a phone's height.
    st.subheader(headline(assessment), anchor=False)
    box = st.success if assessment.clarity in {Clarity.CLEAR, Clarity.DECISIVE} else st.info
    box(assessment.clarity_text)
    if assessment.tensions:
        with st.container(border=True, key="tensions"):
            st.markdown(
                _(
                    "**Some answers pull against each other.** That is common when things are "
                    "changing, and it makes this result less sure. You may want to check them:"
                )
                + "\n"
                + "\n".join(f"- {text}" for text in assessment.tensions)
            )
    toward = drivers_for_and_against(assessment)[0]
    with st.container(key="first_screen"):
        if toward:
            st.markdown(
                _("**The main reasons**") + "\n"
                + "\n".join(f"- {d.reason}" for d in toward[:FIRST])
            )
        st.markdown(
            _("**First steps**") + "\n"
            + "\n".join(f"{n}. {step}" for n, step in enumerate(assessment.next_steps[:FIRST], 1))
        )


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
            _("Go on with the questions"), key="answer_more", icon=":material/edit_note:",
            on_click=state.go_to, args=(unanswered.id,),
        )


def render_next_steps(assessment: Assessment) -> None:
    """The steps after the first three, which the first screen already gave."""
    more = assessment.next_steps[FIRST:]
    if not more:
        return
    st.subheader(_("More steps"), anchor=False)
    st.markdown(
        "\n".join(f"{n}. {step}" for n, step in enumerate(more, start=FIRST + 1))
    )
