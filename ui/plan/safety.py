"""What the plan page shows under a safety sign or a crisis: no plan, the support steps and the
lines instead, and the word that advocates make safety plans with people, in confidence.
Above a plan, for a person whose own answers showed controlling behaviour, their own help."""

from __future__ import annotations

import streamlit as st

from i18n import _, current_language
from report.summary import safety_block_kinds
from scoring.localize import rules_in
from scoring.model import Assessment, LineKind, SafetyLevel, SafetyResult
from ui import state
from ui.country import render_picker_and_lines
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
        kinds = safety_block_kinds(safety) if unsafe else []
        if safety.crisis is not None:
            kinds = [LineKind.CRISIS, *(k for k in kinds if k is not LineKind.CRISIS)]
        _steps_and_lines(steps, kinds, safety.emergency_first, "country_plan_safety")
    st.button(
        _("Back to your result"), key="plan_to_result", icon=":material/arrow_back:",
        on_click=state.go_to, args=(state.RESULTS,),
    )


def _steps_and_lines(
    steps: list[str], kinds: list[LineKind], emergency_first: bool, picker: str
) -> None:
    if steps:
        st.markdown("\n".join(f"{n}. {step}" for n, step in enumerate(steps, start=1)))
    render_picker_and_lines(picker, kinds, emergency_first=emergency_first)


# A choice of this id in a plan's notes says the talk frightened the person (talk.yaml).
FRIGHTENED = "frightened"


def render_help_after_fright() -> None:
    """In the notes, once the person says the talk frightened them: the steps and the lines
    given under a safety sign, at once, without waiting for the questions to be taken again."""
    concern = rules_in(current_language()).safety.concern
    with st.container(border=True, key="plan_after_fright"):
        st.subheader(concern.headline, anchor=False)
        st.write(advocates_text())
        _steps_and_lines(concern.steps, [LineKind.ABUSE], True, "country_plan_after")


def render_own_behaviour_first(safety: SafetyResult) -> None:
    """Before a plan: the help for a person's own behaviour, with the lines for it."""
    own = safety.own_behaviour
    with st.container(border=True, key="plan_own_behaviour"):
        st.subheader(own.headline, anchor=False)
        st.write(own.message)
        st.markdown("\n".join(f"{n}. {step}" for n, step in enumerate(own.steps, start=1)))
        render_picker_and_lines(
            "country_plan_own", [LineKind.OWN_BEHAVIOUR], emergency_first=False, titled=False
        )


def render_lines_if_afraid(safety: SafetyResult) -> None:
    """For a person who chose not to answer the safety questions: the lines, one tap away."""
    with st.expander(_("Helplines you can call"), icon=":material/support:"):
        render_picker_and_lines(
            "country_plan_declined", safety.line_kinds or [LineKind.ABUSE], emergency_first=False
        )
