"""Help at once: after answers that show fear, threats or control, every later page offers it."""

from __future__ import annotations

import streamlit as st

from questionnaire import Questionnaire, validate_answers
from report.summary import emergency_sentence
from ui import state


def render_safety_banner(questionnaire: Questionnaire) -> None:
    """Helplines at the top of the page, and a way straight to the result.

    Nobody who has just described danger should have to answer thirty more questions
    before seeing a number to call.
    """
    values = state.answers()
    first = questionnaire.sections[0]
    if state.current_step() in (first.id, state.RESULTS):  # the result leads with it anyway
        return
    if not any(q.id in values for q in first.questions):
        return
    # Imported only once safety answers exist, which keeps the first page quick.
    from scoring import SafetyLevel, assess

    safety = assess(validate_answers(questionnaire, values, complete=False), questionnaire).safety
    if safety.level is SafetyLevel.NONE:
        return
    with st.container(border=True, key="safety_banner"):
        st.markdown(f"**{safety.headline}**")
        if safety.emergency_numbers:
            st.markdown(emergency_sentence(safety))
        lines = [
            f"- {h.country}, {h.name}: {h.phone or ''}{' · ' + h.text if h.text else ''}"
            for h in safety.helplines
        ]
        st.markdown("Free, confidential help:\n" + "\n".join(lines))
        st.button(
            "See my result and support now", key="skip_to_result", icon=":material/support:",
            on_click=state.go_to, args=(state.RESULTS,),
            help="You can stop here. Your result starts with help and safety; the rest of "
            "the questions are optional.",
        )
