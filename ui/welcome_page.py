"""The welcome page: what this is and is not, how long it takes, what happens to the answers."""

from __future__ import annotations

import streamlit as st

from questionnaire import Questionnaire
from ui import saving_panel, state


def render_welcome(questionnaire: Questionnaire) -> None:
    saving_panel.render_notice()
    st.title("Crossroads")
    st.subheader("When your partner wants to leave, or you are not sure you can go on")
    st.write(
        "This is a quiet place to think it through. You answer about "
        f"{len(questionnaire.questions)} short questions, which takes around 10 minutes. "
        "At the end you get one suggested path, with the reasons for it, and a fair look "
        "at all four paths: a heart-to-heart talk, space with agreed limits, couples "
        "counseling, or letting go."
    )
    with st.container(border=True):
        st.markdown("**What this is not**")
        st.write(
            "It is not therapy, not a diagnosis, and not a prediction of what your partner "
            "will do. It cannot know your whole story. Use it to sort your thoughts, and "
            "talk to someone you trust or a professional about what matters."
        )
    with st.container(border=True):
        st.markdown("**Your privacy**")
        st.write(
            "Your answers stay in this browser tab and are gone when you close it. Nothing "
            "is stored unless you choose to save your progress. There is no account and no "
            "tracking."
        )
        st.write(
            "Your browser keeps a list of the sites you visit. If someone might check this "
            "device, a private or incognito window leaves less behind. The Quick exit "
            "button at the top right leaves this site at once and clears your answers."
        )
    st.info(
        "If you are in danger right now, call your local emergency number "
        "(911 in the US, 999 in the UK, 000 in Australia).",
        icon=":material/emergency:",
    )
    saving_panel.render_save_choice()
    st.button(
        "Continue" if state.answers() else "Start",
        key="start",
        type="primary",
        icon=":material/arrow_forward:",
        icon_position="right",
        on_click=saving_panel.start,
        args=(questionnaire,),
    )
    saving_panel.render_resume_form(questionnaire)
