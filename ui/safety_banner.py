"""Help at once: the moment an answer shows fear, threats, control or a crisis, help is on screen.

On the page where the sign was given, the help panel appears right under the question that
raised it, without pressing Next; on every later page it sits at the top. Either way it
names the emergency number and the lines for the person's country, and offers a way
straight to the result, and a screen reader hears that help has appeared.
"""

from __future__ import annotations

import functools
import json

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from i18n import _, current_language
from questionnaire import Answers, Question, Questionnaire, Section, validate_answers
from scoring import assess_safety
from scoring.model import SafetyResult
from ui import state
from ui.country import render_picker_and_lines


class _SafetyOf:
    """The safety result of the answers and of parts of them, each answer checked once:
    the parts are the answers' own, so checking each again only cost time. Results are
    kept in `known` (the page memo's) by the answers they came from: one answer changed
    leaves most parts as they were, and each part was a full safety check."""

    # Enough for every part of the longest page twice over; then it starts afresh.
    KEEP = 40

    def __init__(self, questionnaire: Questionnaire, values: dict, known: dict) -> None:
        self.questionnaire, self.values, self.known = questionnaire, values, known

    @functools.cached_property
    def answers(self) -> Answers:
        """Checked once, and only when some part is not known yet."""
        return validate_answers(self.questionnaire, self.values, complete=False)

    def __call__(self, values: dict) -> SafetyResult:
        key = json.dumps(values, sort_keys=True)
        if key not in self.known:
            if len(self.known) >= self.KEEP:
                self.known.clear()
            # The safety result alone: a full assessment costs several times more.
            self.known[key] = assess_safety(
                self.answers.model_copy(update={"values": values}), self.questionnaire
            )
        return self.known[key]


class _Help:
    """What help this page shows: raised elsewhere (the top), and raised here (inline)."""

    def __init__(self) -> None:
        self.elsewhere: SafetyResult | None = None  # signs from answers on other pages
        self.here: SafetyResult | None = None  # everything, once this page adds a sign
        self.anchor: str | None = None  # the question on this page that last changed it


def _help_state(questionnaire: Questionnaire, section: Section | None) -> _Help:
    """Worked out once per answers and page: the banner and the section page both ask."""
    values = state.answers()
    # The language too: the help's words come in the person's language.
    key = json.dumps([values, section.id if section else None, current_language()], sort_keys=True)
    memo = state.memo().get("help")
    if memo and memo[0] == key:
        return memo[1]
    help_ = _Help()
    if values:
        safety_of = _SafetyOf(questionnaire, values, state.memo().setdefault("safety", {}))
        now = safety_of(values)
        if now.any_sign:
            mine = (
                [q.id for q in questionnaire.visible_questions(values, section) if q.id in values]
                if section else []
            )
            before = {k: v for k, v in values.items() if k not in mine}
            base = safety_of(before) if mine else now
            help_.elsewhere = base if base.any_sign else None
            # Help sits under the answer that last changed it, which is where the person
            # is: a later, graver answer (choking, thoughts right now) moves it down there.
            signature = _signature(base)
            for question_id in mine:
                before[question_id] = values[question_id]
                changed = _signature(safety_of(before))
                if changed != signature:
                    help_.here, help_.anchor, signature = now, question_id, changed
    state.memo()["help"] = (key, help_)
    return help_


def _signature(safety: SafetyResult) -> tuple:
    return safety.level, safety.crisis and safety.crisis.level, tuple(safety.line_kinds)


def top_help_signature(help_: _Help) -> tuple | None:
    """What the help at the top of the page says (`help_` from help_on_page); None if none."""
    return _signature(help_.elsewhere) if help_.elsewhere is not None else None


def render_safety_banner(questionnaire: Questionnaire) -> None:
    """At the top of a page: help raised by answers given on other pages."""
    from ui.plan import PLAN

    step = state.current_step()
    # The result leads with it anyway; the plan page gives the steps and lines in its place.
    if step in (state.WELCOME, state.RESULTS, PLAN):
        return
    section = next((s for s in questionnaire.sections if s.id == step), None)
    help_ = _help_state(questionnaire, section)
    if help_.elsewhere is not None:
        _panel(help_.elsewhere, where="top")


def render_help_after(questionnaire: Questionnaire, section: Section, question: Question) -> None:
    """Under the question on this page that raised a sign: help, without pressing Next.

    Lines already offered at the top of the page are not repeated here.
    """
    render_help_under(help_on_page(questionnaire, section), question)


def help_on_page(questionnaire: Questionnaire, section: Section) -> _Help:
    """The help this section's page shows, worked out once for all its questions."""
    return _help_state(questionnaire, section)


def render_help_under(help_: _Help, question: Question) -> None:
    """The help panel, if `question` is the one on this page that raised it."""
    if help_.here is not None and help_.anchor == question.id:
        shown = help_.elsewhere.line_kinds if help_.elsewhere else []
        _panel(help_.here, where="inline", skip=shown)


def _panel(safety: SafetyResult, where: str, skip: list | tuple = ()) -> None:
    from scoring.localize import localize_safety

    safety = localize_safety(safety, current_language())
    headline = safety.crisis.headline if safety.crisis else safety.headline
    kinds = [k for k in safety.line_kinds if k not in skip]
    with st.container(border=True, key=f"help_panel_{where}"):
        # One element for both: the panel is drawn again on every answer on its page.
        reassurance = _("You don't have to face this alone. These people are trained to help.")
        st.markdown(f"**{headline}**" + ("" if safety.crisis else f"\n\n{reassurance}"))
        render_picker_and_lines(f"country_{where}", kinds, emergency_first=safety.emergency_first)
        st.button(
            _("See my result and support now"), key=f"skip_to_result_{where}",
            icon=":material/support:", on_click=state.go_to, args=(state.RESULTS,),
            help=_(
                "You can stop here. Your result starts with help and support; the rest of "
                "the questions are optional."
            ),
        )
        _announce(
            _("{headline}. Help is shown on this page, with numbers you can call.").format(
                headline=headline
            ),
            panel=f"help_panel_{where}",
        )


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
  // A short wait lets a screen reader notice the region before its text arrives, and lets
  // the panel be laid out before it is brought into view.
  setTimeout(() => {
    region.textContent = MESSAGE;
    const panel = document.querySelector(PANEL);
    const top = panel && panel.getBoundingClientRect().top;
    if (panel && (top > window.innerHeight - 160 || top < 0)) {
      const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      panel.scrollIntoView({block: "start", behavior: still ? "auto" : "smooth"});
    }
  }, 150);
})();
</script>"""


def _announce(message: str, panel: str) -> None:
    """Tell a screen reader, politely, that help has appeared (once per message), and bring
    the panel into view if it landed below the screen's edge, as it can on a phone.

    On every page drawn afresh; on an answer's run only when the message is new, since the
    person already heard it and sees the panel (and one element less on every answer)."""
    memo = state.memo()
    said = (panel, message)
    ctx = get_script_run_ctx()
    if ctx is not None and ctx.fragment_ids_this_run and memo.get("announced") == said:
        return
    memo["announced"] = said
    script = _ANNOUNCE.replace("MESSAGE", json.dumps(message)).replace(
        "PANEL", json.dumps(f".st-key-{panel}")
    )
    st.html(script, unsafe_allow_javascript=True)
