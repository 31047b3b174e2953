"""What the plan page shows under a safety sign or a crisis: no plan, the support steps and the
lines instead, and the word that advocates make safety plans with people, in confidence."""

from __future__ import annotations

import streamlit as st

from i18n import _
from report.summary import safety_block_kinds
from scoring.model import Assessment, LineKind, SafetyLevel
from ui import state
from ui.country import render_country_picker
from ui.helplines_view import checked_caption, render_lines
from ui.plan.offer import advocates_text


def render_safety_instead(assessment: Assessment) -> None:
    safety = assessment.safety
    with st.container(border=True, key="plan_safety_instead"):
        st.header(_("Your safety comes first"), anchor=False)
        st.write(
            _(
                "We don't offer plans for the four paths while you may not be safe. These "
                "steps stand in their place."
            )
        )
        st.write(advocates_text())
        unsafe = safety.level is not SafetyLevel.NONE
        steps = [*(safety.crisis.steps if safety.crisis else []),
                 *(safety.steps if unsafe else [])]
        if steps:
            st.markdown("\n".join(f"{n}. {step}" for n, step in enumerate(steps, start=1)))
        country = render_country_picker(key="country_plan_safety")
        kinds = safety_block_kinds(safety) if unsafe else []
        if safety.crisis is not None:
            kinds = [LineKind.CRISIS, *(k for k in kinds if k is not LineKind.CRISIS)]
        render_lines(country, kinds, emergency_first=safety.emergency_first)
        st.caption(checked_caption(country))
    st.button(
        _("Back to your result"), key="plan_to_result", icon=":material/arrow_back:",
        on_click=state.go_to, args=(state.RESULTS,),
    )
