"""The results page: support first where needed, then the suggestion, why, paths and a copy.

Each part lives in ui/result/, named for what the person sees.
"""

from __future__ import annotations

from i18n import current_language
from questionnaire import Questionnaire, validate_answers
from scoring import assess, localize
from scoring.model import Lead
from ui import saving, state
from ui.charts import render_leaning
from ui.plan.offer import render_plan_offer
from ui.result.cautions import render_cautions
from ui.result.first_screen import render_headline, render_next_steps
from ui.result.keep_a_copy import (
    render_about,
    render_actions,
    render_downloads,
    render_own_words,
)
from ui.result.paths import render_all_paths, render_what_matters
from ui.result.support import render_quiet_lines, render_support
from ui.result.why import render_since_last_time, render_why


def render_results(questionnaire: Questionnaire) -> None:
    values = state.answers()
    assessment = assess(validate_answers(questionnaire, values, complete=False), questionnaire)
    saving.record_result(values, assessment)
    # Scored without a language; every text is then looked up by id in the person's.
    assessment = localize(assessment, current_language(), questionnaire)
    render_support(assessment.safety)
    render_headline(questionnaire, values, assessment)
    render_what_matters(assessment)
    if assessment.lead is Lead.PATH:
        render_why(assessment)
        render_since_last_time(questionnaire, values, assessment)
        render_next_steps(assessment)
    elif assessment.safety_first:
        render_leaning(assessment)
    render_plan_offer(assessment)
    render_cautions(assessment)
    render_all_paths(assessment)
    render_own_words(questionnaire, values)
    if not assessment.safety_first and assessment.safety.own_behaviour is None:
        render_quiet_lines(assessment.safety)
    render_downloads(questionnaire, values, assessment)
    render_about(questionnaire, assessment)
    render_actions(questionnaire)
