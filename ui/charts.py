"""Altair charts: how the answers lean to each path, in words, and how that moved over time."""

from __future__ import annotations

from typing import TYPE_CHECKING

import altair as alt
import pandas as pd
import streamlit as st
from babel.dates import format_datetime

from i18n import _, babel_locale, current_language
from scoring.model import Assessment

if TYPE_CHECKING:
    from storage import PastAssessment

SUGGESTED, OTHER, SET_ASIDE = "suggested", "other", "set_aside"  # colour groups, never shown
_BAR = 34  # pixels a bar
_ROW = 54  # a bar and its path's name above it: every path is named, on a phone too
# The words in a chart in the page's text colour (12.5:1 on white): Vega's default grey for
# axis labels and legends, #808495, is 3.7:1, under the 4.5:1 text needs (WCAG 1.4.3).
_TEXT = "#31333f"


def path_scores_chart(assessment: Assessment) -> alt.Chart:
    """How strongly the answers lean to each path, as named bars with a word, not a number.

    Scores below zero are drawn as no bar: "not at all" says it. The same facts in text
    come from `leaning_in_words`, shown with the chart for anyone who cannot see it.
    """
    set_aside = set(assessment.safety.paths_set_aside)
    kind_words = {
        SUGGESTED: _("Suggested"),
        OTHER: _("Other paths"),
        SET_ASIDE: _("Set aside for your safety"),
    }

    def kind(path: str) -> str:
        if path == assessment.recommended:
            return SUGGESTED
        return SET_ASIDE if path in set_aside else OTHER

    data = pd.DataFrame(
        [
            {
                "Path": s.title,
                "Strength": max(s.score, 0.0),
                "Leans": s.lean,
                "Kind": kind(s.path),
                "KindWords": kind_words[kind(s.path)],
            }
            for s in assessment.scores
        ]
    )
    top = max(float(data["Strength"].max()), 1.0)
    kinds = [SUGGESTED, OTHER, SET_ASIDE]
    # Each path's name on a line of its own above its bar, so a long name (in any language)
    # takes no width from the bars and the word after them.
    base = alt.Chart(data, height=_ROW * len(data)).encode(
        y=alt.Y("Path:N", sort=None, title=None, axis=None),
    )
    # Room at the right end of the scale for the word after the longest bar.
    x = alt.X("Strength:Q", axis=None, scale=alt.Scale(domain=[0, top * 1.9]))
    bars = base.mark_bar(cornerRadiusEnd=4, height=_BAR - 14, yOffset=9).encode(
        x=x,
        color=alt.Color(
            "Kind:N",
            scale=alt.Scale(domain=kinds, range=["#2f6f73", "#8fa9aa", "#c9b48f"]),
            legend=None,
        ),
        tooltip=[
            alt.Tooltip("Path:N", title=_("Path")),
            alt.Tooltip("Leans:N", title=_("Leans")),
            alt.Tooltip("KindWords:N", title=_("Kind")),
        ],
    )
    names = base.mark_text(
        align="left", baseline="bottom", dy=-3, fontSize=13, fontWeight=600, color=_TEXT
    ).encode(x=alt.value(0), text="Path:N")
    words = base.mark_text(align="left", dx=6, dy=9, fontSize=13, color=_TEXT).encode(
        x=x, text="Leans:N"
    )
    return (bars + names + words).configure_view(stroke=None)


def render_leaning(assessment: Assessment) -> None:
    """The chart, with the same facts in words beneath it for a screen reader or a glance."""
    st.altair_chart(path_scores_chart(assessment), width="stretch")
    st.caption(leaning_in_words(assessment))


def leaning_in_words(assessment: Assessment) -> str:
    """The chart's facts as a sentence: each path, how strongly, and which is suggested."""
    set_aside = set(assessment.safety.paths_set_aside)
    parts = []
    for score in assessment.scores:
        if score.path == assessment.recommended:
            part = _("{path}: {lean} (suggested)")
        elif score.path in set_aside:
            part = _("{path}: {lean} (set aside for your safety)")
        else:
            part = _("{path}: {lean}")
        parts.append(part.format(path=score.title, lean=score.lean))
    return _("How your answers lean: {paths}.").format(paths="; ".join(parts))


def history_chart(history: list[PastAssessment], titles: dict[str, str]) -> alt.Chart:
    """How each path's score moved across the times the questionnaire was taken."""
    rows = [
        {
            "Taken": format_datetime(
                past.taken_at, "d MMM y, HH:mm", locale=babel_locale(current_language())
            ),
            "Order": order,
            "Path": titles.get(path, path),
            "Score": round(score, 1),
        }
        for order, past in enumerate(history)
        for path, score in past.scores.items()
    ]
    return (
        alt.Chart(pd.DataFrame(rows), height=220)
        .mark_line(point=True)
        .encode(
            x=alt.X("Taken:N", sort=alt.SortField("Order"), title=None,
                    axis=alt.Axis(labelAngle=0)),
            y=alt.Y("Score:Q", title=_("Score")),
            color=alt.Color("Path:N", legend=alt.Legend(orient="bottom", title=None)),
            tooltip=[
                alt.Tooltip("Taken:N", title=_("Taken")),
                alt.Tooltip("Path:N", title=_("Path")),
                alt.Tooltip("Score:Q", title=_("Score")),
            ],
        )
        .configure_axis(labelColor=_TEXT, titleColor=_TEXT)
        .configure_legend(labelColor=_TEXT)
    )
