"""The welcome page: what this is and is not, how long it takes, what happens to the answers."""

from __future__ import annotations

import streamlit as st

from i18n import _
from questionnaire import Questionnaire
from ui import saving_panel, state
from ui.sources_page import render_sources_link


def render_welcome(questionnaire: Questionnaire) -> None:
    saving_panel.render_notice()
    # Some questions appear only after a given answer: say the range, not one number.
    fewest = sum(1 for q in questionnaire.questions if not q.visible_if)
    st.title(_("Crossroads"), anchor=False)
    # A subtitle, not a heading: an h3 straight under the h1 would skip a level.
    with st.container(key="tagline"):
        st.markdown(_("When your partner wants to leave, or you are not sure you can go on"))
    st.write(
        _(
            "This is a quiet place to think it through. You answer between {fewest} and "
            "{most} short questions, depending on your answers, which takes around 10 "
            "minutes. At the end you get one suggested path, with the reasons for it, and a "
            "fair look at all four paths: a heart-to-heart talk, space with agreed limits, "
            "couples counseling, or letting go."
        ).format(fewest=fewest, most=len(questionnaire.questions))
    )
    with st.container(border=True):
        st.markdown(_("**What this is not**"))
        st.write(_(
            "It is not therapy, not a diagnosis, and not a prediction of what your partner "
            "will do. It cannot know your whole story. Use it to sort your thoughts, and "
            "talk to someone you trust or a professional about what matters."
        ))
    with st.container(border=True):
        st.markdown(_("**Your privacy**"))
        st.write(_(
            "Your answers stay in this browser tab and are gone when you close it. Nothing "
            "is stored unless you choose to save your progress. There is no account and no "
            "tracking."
        ))
    with st.container(border=True, key="quick_exit_help"):
        st.markdown(_("**Quick exit**"))
        st.write(_(
            "The Quick exit button, at the top of every page, swaps this page for an "
            "everyday website at once. Pressing the Shift key three times does the same. "
            "It forgets the answers in this tab, and Back will not bring them back."
        ))
        st.write(_(
            "It cannot do everything. It does not clear your browser's history: the visit "
            "to this site stays listed. It does not delete answers you chose to save: "
            "use \"Delete my saved answers\" for that. And it cannot protect you if "
            "someone watches this device or its accounts. If that might be so, a private "
            "or incognito window leaves less behind, and a safer device, such as a "
            "friend's phone or a library computer, is better still."
        ))
    st.info(
        _("If you are in danger right now, call your local emergency number "
        "(911 in the US, Canada and Mexico, 999 in the UK, 112 in Ireland and Spain, 000 in "
        "Australia, 111 in New Zealand)."),
        icon=":material/emergency:",
    )
    saving_panel.render_save_choice()
    st.button(
        _("Continue") if state.answers() else _("Start"),
        key="start",
        type="primary",
        icon=":material/arrow_forward:",
        icon_position="right",
        on_click=saving_panel.start,
        args=(questionnaire,),
    )
    saving_panel.render_resume_form(questionnaire)
    render_sources_link("sources_from_welcome")
