"""Help at once: the moment an answer shows fear, threats, control or a crisis, help is on screen.

On the page where the sign was given, the help panel appears right under the question that
raised it, without pressing Next; on every later page it sits at the top. Either way it
names the emergency number and the lines for the person's country, and offers a way
straight to the result, and a screen reader hears that help has appeared.
"""

from __future__ import annotations

import json

import streamlit as st

from questionnaire import Question, Questionnaire, Section, validate_answers
from scoring.model import SafetyResult
from ui import state
from ui.country import render_country_picker
from ui.helplines_view import checked_caption, render_lines

_MEMO = "_help_memo"


def _safety_of(questionnaire: Questionnaire, values: dict) -> SafetyResult:
    from scoring import assess  # imported once answers exist, which keeps the first page quick

    return assess(validate_answers(questionnaire, values, complete=False), questionnaire).safety


def _help_state(
    questionnaire: Questionnaire, section: Section | None
) -> tuple[SafetyResult | None, str | None]:
    """The safety result when it calls for help, and the question on this page that raised it.

    Worked out once per answers and page: the banner and the section page both ask.
    """
    values = state.answers()
    key = json.dumps([values, section.id if section else None], sort_keys=True)
    memo = st.session_state.get(_MEMO)
    if memo and memo[0] == key:
        return memo[1], memo[2]
    safety, anchor = None, None
    if values:
        found = _safety_of(questionnaire, values)
        if found.any_sign:
            safety = found
            anchor = _raised_on_this_page(questionnaire, section, values) if section else None
    st.session_state[_MEMO] = (key, safety, anchor)
    return safety, anchor


def _raised_on_this_page(
    questionnaire: Questionnaire, section: Section, values: dict
) -> str | None:
    """The first question of this page whose answer, with those before it, calls for help."""
    mine = [q.id for q in questionnaire.visible_questions(values, section) if q.id in values]
    before = {k: v for k, v in values.items() if k not in mine}
    for question_id in mine:
        before[question_id] = values[question_id]
        if _safety_of(questionnaire, before).any_sign:
            return question_id
    return None


def render_safety_banner(questionnaire: Questionnaire) -> None:
    """At the top of a page: help raised by answers given elsewhere (not on this page)."""
    step = state.current_step()
    if step in (state.WELCOME, state.RESULTS):  # the result leads with it anyway
        return
    section = next((s for s in questionnaire.sections if s.id == step), None)
    safety, anchor = _help_state(questionnaire, section)
    if safety is not None and anchor is None:
        _panel(safety, where="top")


def render_help_after(questionnaire: Questionnaire, section: Section, question: Question) -> None:
    """Under the question on this page that raised a sign: help, without pressing Next."""
    safety, anchor = _help_state(questionnaire, section)
    if safety is not None and anchor == question.id:
        _panel(safety, where="inline")


def _panel(safety: SafetyResult, where: str) -> None:
    headline = safety.crisis.headline if safety.crisis else safety.headline
    with st.container(border=True, key=f"help_panel_{where}"):
        st.markdown(f"**{headline}**")
        if safety.crisis is None:
            st.write("You don't have to face this alone. These people are trained to help.")
        country = render_country_picker(key=f"country_{where}")
        render_lines(country, safety.line_kinds, emergency_first=safety.emergency_first)
        st.caption(checked_caption(country))
        st.button(
            "See my result and support now", key=f"skip_to_result_{where}",
            icon=":material/support:", on_click=state.go_to, args=(state.RESULTS,),
            help="You can stop here. Your result starts with help and support; the rest of "
            "the questions are optional.",
        )
        _announce(f"{headline}. Help is shown on this page, with numbers you can call.")


_ANNOUNCE = """<script>
(() => {
  let region = document.getElementById("cr-announcer");
  if (!region) {
    region = document.createElement("div");
    region.id = "cr-announcer";
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    region.style.cssText = "position:absolute;width:1px;height:1px;overflow:hidden;" +
      "clip-path:inset(50%);white-space:nowrap;";
    document.body.appendChild(region);
  }
  // A short wait lets a screen reader notice the region before its text arrives.
  setTimeout(() => { region.textContent = MESSAGE; }, 150);
})();
</script>"""


def _announce(message: str) -> None:
    """Tell a screen reader, politely, that help has appeared (once per message)."""
    st.html(_ANNOUNCE.replace("MESSAGE", json.dumps(message)), unsafe_allow_javascript=True)
