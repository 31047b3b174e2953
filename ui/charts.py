"""Altair charts: the four path scores of one assessment, and how they moved over time."""

from __future__ import annotations

from typing import TYPE_CHECKING

import altair as alt
import pandas as pd

from scoring.model import Assessment

if TYPE_CHECKING:
    from storage import PastAssessment

SUGGESTED, OTHER, SET_ASIDE = "Suggested", "Other paths", "Set aside for your safety"


def path_scores_chart(assessment: Assessment, height: int = 170) -> alt.Chart:
    set_aside = set(assessment.safety.paths_set_aside)

    def kind(path: str) -> str:
        if path == assessment.recommended:
            return SUGGESTED
        return SET_ASIDE if path in set_aside else OTHER

    data = pd.DataFrame(
        [
            {"Path": s.title, "Score": round(s.score, 1), "Kind": kind(s.path)}
            for s in assessment.scores
        ]
    )
    kinds = [SUGGESTED, OTHER, SET_ASIDE]
    return (
        alt.Chart(data, height=height)
        .mark_bar(cornerRadiusEnd=4)
        .encode(
            x=alt.X("Score:Q", title="How strongly your answers point to it"),
            y=alt.Y("Path:N", sort="-x", title=None, axis=alt.Axis(labelLimit=220)),
            color=alt.Color(
                "Kind:N",
                scale=alt.Scale(domain=kinds, range=["#2f6f73", "#b8c7c8", "#e3d9c6"]),
                legend=alt.Legend(orient="bottom", title=None) if set_aside else None,
            ),
            tooltip=["Path", "Score", "Kind"],
        )
    )


def history_chart(history: list[PastAssessment], titles: dict[str, str]) -> alt.Chart:
    """How each path's score moved across the times the questionnaire was taken."""
    rows = [
        {
            "Taken": past.taken_at.strftime("%d %b %Y, %H:%M"),
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
            y=alt.Y("Score:Q", title="Score"),
            color=alt.Color("Path:N", legend=alt.Legend(orient="bottom", title=None)),
            tooltip=["Taken", "Path", "Score"],
        )
    )
