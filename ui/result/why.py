"""Why the suggestion: the answers behind it, what pulls another way, and what changed."""

from __future__ import annotations

import streamlit as st

from i18n import _, format_date, ngettext
from questionnaire import Questionnaire, QuestionType
from report.summary import answer_text, direction, drivers_for_and_against
from scoring.model import Assessment, Driver
from ui import saving
from ui.charts import history_chart, render_leaning


def render_why(assessment: Assessment) -> None:
    """Every reason behind the result, by the way it points, and the leaning in words."""
    toward, against_others, pulling_away = drivers_for_and_against(assessment)
    st.subheader(_("Why, in full"), anchor=False)
    if toward or against_others:
        st.markdown(
            _driver_lines(toward)
            + ("\n" if toward and against_others else "")
            + _driver_lines(against_others, lambda d: f" :gray[({direction(d, assessment)})]")
        )
    if pulling_away:
        st.markdown(_("**What pulls another way**"))
        st.markdown(
            _driver_lines(pulling_away, lambda d: f" :gray[({direction(d, assessment)})]")
        )
    titles = {s.path: s.title for s in assessment.scores}
    for ruled_out in assessment.ruled_out:
        st.markdown(
            _("**Not suggested: {path}.** {reason}").format(
                path=titles[ruled_out.path], reason=ruled_out.reason
            )
        )
    render_leaning(assessment)


def _driver_lines(drivers: list[Driver], suffix=lambda driver: "") -> str:
    return "\n".join(
        f"- {d.reason}{suffix(d)}  \n  :gray["
        + _("You answered: {answer}").format(answer=d.answer_label)
        + "]"
        for d in drivers
    )


def render_since_last_time(
    questionnaire: Questionnaire, values: dict, assessment: Assessment
) -> None:
    """For a person who saved and came back: what moved since the previous time."""
    history = saving.history()
    earlier = saving.taken_before_this_visit(history)
    if not earlier:
        return
    # The last result of an earlier visit, not a tweak made a minute ago in this one.
    before = earlier[-1]
    titles = {s.path: s.title for s in assessment.scores}
    st.subheader(_("Since last time"), anchor=False)
    st.write(
        _("On {date} the suggestion was {then}; now it is {now}.").format(
            date=format_date(before.taken_at),
            then=titles[before.recommended],
            now=titles[assessment.recommended],
        )
    )
    st.altair_chart(history_chart(history, titles), width="stretch")
    changed = [
        q for q in questionnaire.visible_questions(values)
        if q.type is not QuestionType.FREE_TEXT and before.answers.get(q.id) != values.get(q.id)
    ]
    if changed:
        with st.expander(
            ngettext("{n} answer changed", "{n} answers changed", len(changed)).format(
                n=len(changed)
            )
        ):
            for question in changed:
                st.markdown(f"**{question.text}**")
                st.text(
                    _("Then: {answer}").format(
                        answer=answer_text(question, before.answers.get(question.id))
                    )
                    + "\n"
                    + _("Now: {answer}").format(
                        answer=answer_text(question, values.get(question.id))
                    )
                )
