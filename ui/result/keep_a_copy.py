"""Keeping the result: the person's own words, downloads, who made it, and what next."""

from __future__ import annotations

from datetime import date
from functools import partial

import streamlit as st

from i18n import N_, _, current_language, format_date
from questionnaire import Questionnaire, QuestionType
from report.data import to_json
from report.markdown import to_markdown
from report.pdf import to_pdf
from report.summary import build_summary, disclaimer
from scoring.model import Assessment
from scoring.sources import load_sources
from ui import saving, state
from ui.country import current_country
from ui.sources_page import render_sources_link


def render_own_words(questionnaire: Questionnaire, values: dict) -> None:
    typed = [
        (q.text, values[q.id])
        for q in questionnaire.questions
        if q.type is QuestionType.FREE_TEXT and values.get(q.id)
    ]
    if not typed:
        return
    st.subheader(_("In your own words"), anchor=False)
    for question_text, text in typed:
        st.markdown(f"**{question_text}**")
        st.text(text)  # exactly as typed: never read as markdown or HTML


def render_downloads(questionnaire: Questionnaire, values: dict, assessment: Assessment) -> None:
    st.subheader(_("Keep a copy"), anchor=False)
    st.caption(
        _(
            "Downloads are saved on this device. If someone else might look at it, think "
            "about where you keep them. The Markdown file keeps every character as you typed "
            "it. The PDF draws most of the world's writing, Chinese, Japanese, Korean and "
            "emoji included; any character it cannot draw shows as □, and a note at the top "
            "of the PDF names it."
        )
    )
    today = date.today()
    lang = current_language()
    sections = build_summary(questionnaire, values, assessment, today, current_country(), lang)
    title = _("Crossroads summary, {date}").format(date=today.isoformat())
    markdown, pdf, data = st.columns(3)
    markdown.download_button(
        _("Summary (Markdown)"), to_markdown(title, sections), file_name="crossroads-summary.md",
        mime="text/markdown", key="download_md", on_click="ignore", width="stretch",
    )
    pdf.download_button(
        # Made only when asked for: building a PDF on every rerun would slow the page.
        _("Summary (PDF)"), partial(to_pdf, title, sections, lang),
        file_name="crossroads-summary.pdf",
        mime="application/pdf", key="download_pdf", on_click="ignore", width="stretch",
    )
    data.download_button(
        _("Answers and result (JSON)"), to_json(values, assessment, today, lang),
        file_name="crossroads-answers.json", mime="application/json", key="download_json",
        on_click="ignore", width="stretch",
    )


def render_about(questionnaire: Questionnaire, assessment: Assessment) -> None:
    st.divider()
    # The rules' fingerprint, which tells results apart exactly, goes in the downloads.
    st.caption(
        _(
            "Made by {author}. The questions and advice were last updated on {updated} "
            "(version {version}). Result created {created}."
        ).format(
            author=questionnaire.author,
            updated=format_date(load_sources().updated),
            version=assessment.questionnaire_version,
            created=format_date(date.today()),
        )
    )
    st.caption(disclaimer())
    render_sources_link("sources_from_result")


def render_actions(questionnaire: Questionnaire) -> None:
    left, right = st.columns(2)
    left.button(
        _("Change my answers"), key="to_review", icon=":material/edit:", width="stretch",
        on_click=state.go_to, args=(state.REVIEW,),
    )
    right.button(
        _("Take it again"), key="start_over", icon=":material/restart_alt:", width="stretch",
        on_click=_take_again, args=(questionnaire,),
        help=_(
            "Answer again from the start. With saving on, your earlier result is kept so you "
            "can see what changed."
        ),
    )


def _take_again(questionnaire: Questionnaire) -> None:
    if saving.is_saving():
        state.go_to(questionnaire.sections[0].id)
        st.session_state[saving.NOTICE] = N_(
            "Your last answers are filled in. Change whatever is different now; your "
            "earlier result stays saved for comparison."
        )
    else:
        state.clear_everything()
