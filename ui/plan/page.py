"""The plan page: a first screen, one screen a block, then the plan to keep and download.

Guarded on every run: under a safety sign or a crisis no plan is drawn, whatever step the
session claims; the support steps and lines stand in its place.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from i18n import _, current_language
from plans.loader import plan_in
from plans.schema import Block, Plan
from questionnaire import Questionnaire, validate_answers
from scoring import assess, localize
from scoring.model import Assessment
from ui import state
from ui.plan import answers, chosen, screen, set_screen
from ui.plan.keep import keep_plan, load_saved_plans
from ui.plan.offer import plans_allowed
from ui.plan.output import render_output
from ui.plan.places import render_places
from ui.plan.prompts import render_prompt
from ui.plan.safety import (
    render_lines_if_afraid,
    render_own_behaviour_first,
    render_safety_instead,
)

_SHOWN_SCREEN = "plan_shown_screen"


def render_plan_page(questionnaire: Questionnaire) -> None:
    values = state.answers()
    assessment = assess(validate_answers(questionnaire, values, complete=False), questionnaire)
    # Scored without a language, as on the result page; the texts then in the person's.
    assessment = localize(assessment, current_language(), questionnaire)
    if not plans_allowed(assessment):
        render_safety_instead(assessment)
        return
    path_id = chosen()
    if path_id is None:
        st.info(_("Choose a path on your result page to make a plan for it."))
        _back_to_result()
        return
    load_saved_plans()
    plan = plan_in(path_id, current_language())
    entry = answers(path_id)
    blocks = plan.first_blocks
    current = min(screen(), len(blocks) + 1)
    _scroll_on_new_screen(f"{path_id}-{current}")
    st.header(plan.title, anchor=False)
    if current == 0:
        _first_screen(plan, assessment)
    elif current <= len(blocks):
        _block_screen(plan, blocks, current, entry)
    else:
        render_output(questionnaire, plan, entry, assessment)
    keep_plan(path_id)


def _scroll_on_new_screen(marker: str) -> None:
    """Each screen of a plan starts at its top, as each step does (ui/style.py): the app
    scrolls when the step changes, this when the screen within the plan step does."""
    from ui.style import _SCROLL_TOP

    shown = st.session_state.get(_SHOWN_SCREEN)
    st.session_state[_SHOWN_SCREEN] = marker
    if shown is None or shown == marker:
        return  # arriving on the plan step: the app has scrolled already
    script = _SCROLL_TOP.replace("{step}", f"plan {marker}").replace("{move_focus}", "true")
    st.html(script, unsafe_allow_javascript=True)


def _first_screen(plan: Plan, assessment: Assessment) -> None:
    safety = assessment.safety
    if safety.own_behaviour is not None:
        # First: the partner's freedom to choose is theirs, and help for the person's own part.
        render_own_behaviour_first(safety)
    st.write(plan.intro)
    if assessment.recommended not in (None, plan.id):
        titles = {s.path: s.title for s in assessment.scores}
        st.caption(
            _("Your result suggested \"{suggested}\". You can make this plan all the same.")
            .format(suggested=titles[assessment.recommended])
        )
    st.info(
        _(
            "If you are ever afraid of your partner, leave this plan aside. Call a helpline "
            "instead: the lines are on your result page, and their advocates make safety "
            "plans with people, in confidence."
        ),
        icon=":material/shield:",
    )
    if safety.declined:
        render_lines_if_afraid(safety)
    left, right = st.columns(2)
    left.button(
        _("Back to your result"), key="plan_to_result", icon=":material/arrow_back:",
        width="stretch", on_click=state.go_to, args=(state.RESULTS,),
    )
    right.button(
        _("Start"), key="plan_start", type="primary", width="stretch",
        on_click=set_screen, args=(1,),
    )


def _block_screen(plan: Plan, blocks: list[Block], number: int, entry: dict) -> None:
    block = blocks[number - 1]
    st.caption(_("Part {n} of {total}").format(n=number, total=len(blocks)))
    st.subheader(block.title, anchor=False)
    if block.intro:
        st.write(block.intro)
    render_tips(block)
    today = date.today()
    for prompt in block.prompts:
        render_prompt(plan, prompt, entry, today)
    if block.where_to_look:
        render_places(block.where_to_look)
    last = number == len(blocks)
    left, right = st.columns(2)
    left.button(
        _("Back"), key="plan_back", icon=":material/arrow_back:", width="stretch",
        on_click=set_screen, args=(number - 1,),
    )
    right.button(
        _("See my plan") if last else _("Next"), key="plan_next", type="primary",
        width="stretch", on_click=set_screen, args=(number + 1,),
    )


def render_tips(block: Block) -> None:
    """Each tip says itself whether it is a do or a don't; the list keeps them together."""
    if block.tips:
        st.markdown("\n".join(f"- {tip.text}" for tip in block.tips))


def _back_to_result() -> None:
    st.button(
        _("Back to your result"), key="plan_to_result", icon=":material/arrow_back:",
        on_click=state.go_to, args=(state.RESULTS,),
    )
