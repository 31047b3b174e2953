"""Crossroads entry point: wires the pages together, nothing else."""

import streamlit as st

from questionnaire import default_questionnaire
from ui import language_switch, lost_session, saving, saving_panel, state, tab_memory
from ui.plan import PLAN
from ui.quick_exit import render_quick_exit
from ui.style import apply_style, scroll_to_top_on_new_step
from ui.welcome_page import render_welcome

# No page_icon: serve.py serves the app's own at /favicon.png, where the page looks when
# none is named (naming one loads Streamlit's emoji table or its image code on each start).
st.set_page_config(page_title="Crossroads", layout="centered")
language_switch.choose()  # before any words are drawn, the quick exit's first
render_quick_exit()
apply_style()
language_switch.render()

questionnaire = default_questionnaire()
saving.resume_from_url(questionnaire)
lost_session.notice_lost()
saving.save_if_changed(questionnaire)
step = state.current_step()
scroll_to_top_on_new_step(step)
if step == state.WELCOME:
    lost_session.render(questionnaire)
    render_welcome(questionnaire)
elif step == state.SOURCES:
    from ui.sources_page import render_sources_page

    render_sources_page()
else:
    # The section pages check answers for safety, so they load scoring and its rules; the
    # first page goes without, and so comes sooner after a start.
    from ui.safety_banner import render_safety_banner
    from ui.section_page import render_section

    saving_panel.render_notice()
    saving_panel.render_code_box()
    render_safety_banner(questionnaire)
    # The review and results pages pull in scoring, charts and the PDF maker; importing
    # them only when reached keeps the first page quick to appear.
    if step == state.REVIEW:
        from ui.review_page import render_review

        render_review(questionnaire)
    elif step == state.RESULTS:
        from ui.results_page import render_results

        render_results(questionnaire)
    elif step == PLAN:
        from ui.plan.page import render_plan_page

        render_plan_page(questionnaire)
    else:
        render_section(questionnaire, next(s for s in questionnaire.sections if s.id == step))
    saving_panel.render_saving_footer()
# On a session's first run: after a reconnect to another process, rerun at once.
lost_session.render_watcher()
# Last, so a resume code or the part-way flag that changed anywhere in this run is kept in
# (or dropped from) the tab now; on most runs this draws nothing.
tab_memory.render(under_way=lost_session.under_way())
