"""The results page: safety first where needed, the suggestion and why, the paths, downloads."""

from __future__ import annotations

from datetime import date
from functools import partial

import streamlit as st

from questionnaire import Questionnaire, QuestionType, validate_answers
from report.data import to_json
from report.markdown import to_markdown
from report.pdf import to_pdf
from report.summary import (
    DISCLAIMER,
    answer_text,
    build_summary,
    direction,
    drivers_for_and_against,
    headline,
)
from scoring import assess
from scoring.model import Assessment, Clarity, Driver, Lead, PathDescription
from ui import saving, state
from ui.charts import history_chart, path_scores_chart
from ui.country import current_country
from ui.result_support import render_quiet_lines, render_support


def render_results(questionnaire: Questionnaire) -> None:
    values = state.answers()
    assessment = assess(validate_answers(questionnaire, values, complete=False), questionnaire)
    saving.record_result(values, assessment)
    render_support(assessment.safety)
    _headline(questionnaire, values, assessment)
    if assessment.lead is Lead.PATH:
        _why(assessment)
        _since_last_time(questionnaire, values, assessment)
        _next_steps(assessment)
    elif assessment.safety_first:
        st.altair_chart(path_scores_chart(assessment), width="stretch")
    _cautions(assessment)
    _all_paths(assessment)
    _what_matters(questionnaire, values, assessment)
    _own_words(questionnaire, values)
    if not assessment.safety_first and assessment.safety.own_behaviour is None:
        render_quiet_lines(assessment.safety)
    _downloads(questionnaire, values, assessment)
    _about(questionnaire, assessment)
    _actions(questionnaire)


def _headline(questionnaire: Questionnaire, values: dict, assessment: Assessment) -> None:
    if assessment.safety_first:
        # Support leads; the paths follow as something to come back to, with no verdict.
        st.subheader("The four paths, for when you are ready", anchor=False)
        st.write(assessment.clarity_text)
        _answer_more(questionnaire, values)
        return
    st.header("Your result", anchor=False)
    st.subheader(headline(assessment), anchor=False)
    if assessment.recommended is not None:
        st.write(assessment.path(assessment.recommended).summary)
    box = st.success if assessment.clarity in {Clarity.CLEAR, Clarity.DECISIVE} else st.info
    box(assessment.clarity_text)
    if assessment.recommended is None:
        st.altair_chart(path_scores_chart(assessment), width="stretch")
        _answer_more(questionnaire, values)


def _answer_more(questionnaire: Questionnaire, values: dict) -> None:
    """A way back to the first section with questions still open, if there is one."""
    unanswered = next(
        (
            section for section in questionnaire.sections
            if any(
                q.required and q.id not in values
                for q in questionnaire.visible_questions(values, section)
            )
        ),
        None,
    )
    if unanswered is not None:
        st.button(
            "Go on with the questions", key="answer_more", icon=":material/edit_note:",
            on_click=state.go_to, args=(unanswered.id,),
        )


def _why(assessment: Assessment) -> None:
    toward, elsewhere = drivers_for_and_against(assessment)
    if toward:
        st.subheader("Why", anchor=False)
        st.markdown(_driver_lines(toward))
    if elsewhere:
        st.markdown("**What pulls another way**")
        st.markdown(
            _driver_lines(elsewhere, lambda d: f" :gray[({direction(d, assessment)})]")
        )
    st.altair_chart(path_scores_chart(assessment), width="stretch")


def _driver_lines(drivers: list[Driver], suffix=lambda driver: "") -> str:
    return "\n".join(
        f"- {d.reason}{suffix(d)}  \n  :gray[You answered: {d.answer_label}]" for d in drivers
    )


def _since_last_time(questionnaire: Questionnaire, values: dict, assessment: Assessment) -> None:
    """For a person who saved and came back: what moved since the previous time."""
    history = saving.history()
    earlier = saving.taken_before_this_visit(history)
    if not earlier:
        return
    # The last result of an earlier visit, not a tweak made a minute ago in this one.
    before = earlier[-1]
    titles = {s.path: s.title for s in assessment.scores}
    st.subheader("Since last time", anchor=False)
    then = titles[before.recommended]
    st.write(
        f"On {before.taken_at:%d %B %Y} the suggestion was {then}; "
        f"now it is {titles[assessment.recommended]}."
    )
    st.altair_chart(history_chart(history, titles), width="stretch")
    changed = [
        q for q in questionnaire.visible_questions(values)
        if q.type is not QuestionType.FREE_TEXT and before.answers.get(q.id) != values.get(q.id)
    ]
    if changed:
        with st.expander(f"Answers that changed ({len(changed)})"):
            for question in changed:
                st.markdown(f"**{question.text}**")
                st.text(
                    f"Then: {answer_text(question, before.answers.get(question.id))}\n"
                    f"Now: {answer_text(question, values.get(question.id))}"
                )


def _next_steps(assessment: Assessment) -> None:
    steps = assessment.next_steps
    if not steps:
        return
    st.subheader("Next steps", anchor=False)
    st.markdown("\n".join(f"{number}. {step}" for number, step in enumerate(steps, start=1)))


def _cautions(assessment: Assessment) -> None:
    if not assessment.cautions:
        return
    st.subheader("What tends to backfire, and what helps instead", anchor=False)
    for caution in assessment.cautions:
        with st.container(border=True):
            st.markdown(f"**{caution.label}**")
            st.write(caution.why_it_backfires)
            st.markdown(f"*Instead:* {caution.instead}")


def _all_paths(assessment: Assessment) -> None:
    st.subheader("All four paths, side by side", anchor=False)
    if assessment.safety.paths_set_aside:
        st.write(
            "Every path has good and hard sides. Here they are in equal detail, written for "
            "someone who is not safe with their partner. Paths that mean facing your "
            "partner together are set aside for now."
        )
    else:
        st.write("Every path has good and hard sides. Here they are in equal detail.")
    for row in (assessment.paths[:2], assessment.paths[2:]):
        for column, path in zip(st.columns(2), row, strict=True):
            with column:
                _path_card(path, suggested=path.path == assessment.recommended)


def _path_card(path: PathDescription, suggested: bool) -> None:
    with st.container(border=True, key=f"path_{path.path}", height="stretch"):
        if suggested:
            st.badge("Suggested for you", icon=":material/check:", color="green")
        st.markdown(f"#### {path.title}")
        st.write(path.summary)
        if path.safety_note:
            st.warning(path.safety_note, icon=":material/shield:")
        st.markdown(f"**What it means.** {path.what_it_means}")
        st.markdown(f"**What it is like.** {path.what_it_is_like}")
        st.markdown("**Good sides**\n" + "\n".join(f"- {g}" for g in path.good_sides))
        st.markdown("**Hard sides**\n" + "\n".join(f"- {h}" for h in path.hard_sides))


def _what_matters(questionnaire: Questionnaire, values: dict, assessment: Assessment) -> None:
    chosen = values.get("what_matters") or []
    if not chosen:
        return
    question = questionnaire.question("what_matters")
    st.subheader("What matters most to you", anchor=False)
    st.markdown("\n".join(f"- {question.label_of(v)}" for v in chosen))
    if assessment.recommended is not None:
        title = assessment.path(assessment.recommended).title
        st.write(
            f'Hold these next to the suggestion, "{title}". If that path would put one of '
            "them at risk, that is worth thinking through, or talking over with someone you "
            "trust, before you act."
        )


def _own_words(questionnaire: Questionnaire, values: dict) -> None:
    typed = [
        (q.text, values[q.id])
        for q in questionnaire.questions
        if q.type is QuestionType.FREE_TEXT and values.get(q.id)
    ]
    if not typed:
        return
    st.subheader("In your own words", anchor=False)
    for question_text, text in typed:
        st.markdown(f"**{question_text}**")
        st.text(text)  # exactly as typed: never read as markdown or HTML


def _downloads(questionnaire: Questionnaire, values: dict, assessment: Assessment) -> None:
    st.subheader("Keep a copy", anchor=False)
    st.caption(
        "Downloads are saved on this device. If someone else might look at it, think about "
        "where you keep them. The Markdown file keeps every character as you typed it; the "
        "PDF's font covers most European scripts."
    )
    today = date.today()
    sections = build_summary(questionnaire, values, assessment, today, current_country())
    title = f"Crossroads summary, {today.isoformat()}"
    markdown, pdf, data = st.columns(3)
    markdown.download_button(
        "Summary (Markdown)", to_markdown(title, sections), file_name="crossroads-summary.md",
        mime="text/markdown", key="download_md", on_click="ignore", width="stretch",
    )
    pdf.download_button(
        # Made only when asked for: building a PDF on every rerun would slow the page.
        "Summary (PDF)", partial(to_pdf, title, sections), file_name="crossroads-summary.pdf",
        mime="application/pdf", key="download_pdf", on_click="ignore", width="stretch",
    )
    data.download_button(
        "Answers and result (JSON)", to_json(values, assessment, today),
        file_name="crossroads-answers.json", mime="application/json", key="download_json",
        on_click="ignore", width="stretch",
    )


def _about(questionnaire: Questionnaire, assessment: Assessment) -> None:
    st.divider()
    st.caption(
        f"Made by {questionnaire.author}. Questionnaire version "
        f"{assessment.questionnaire_version}, updated {questionnaire.updated}; scoring rules "
        f"{assessment.rules_fingerprint[:12]}. Result created {date.today():%d %B %Y}."
    )
    st.caption(DISCLAIMER)


def _actions(questionnaire: Questionnaire) -> None:
    left, right = st.columns(2)
    left.button(
        "Change my answers", key="to_review", icon=":material/edit:", width="stretch",
        on_click=state.go_to, args=(state.REVIEW,),
    )
    right.button(
        "Take it again", key="start_over", icon=":material/restart_alt:", width="stretch",
        on_click=_take_again, args=(questionnaire,),
        help="Answer again from the start. With saving on, your earlier result is kept "
        "so you can see what changed.",
    )


def _take_again(questionnaire: Questionnaire) -> None:
    if saving.is_saving():
        state.go_to(questionnaire.sections[0].id)
        st.session_state[saving.NOTICE] = (
            "Your last answers are filled in. Change whatever is different now; your "
            "earlier result stays saved for comparison."
        )
    else:
        state.clear_everything()
