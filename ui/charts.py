"""Altair charts: the four path scores of one assessment, and how they moved over time."""

from __future__ import annotations

import altair as alt
import pandas as pd

from scoring.model import Assessment
from storage import PastAssessment


def path_scores_chart(assessment: Assessment, height: int = 170) -> alt.Chart:
    rows = [
        {
            "Path": s.title,
            "Score": round(s.score, 1),
            "Suggested": "Suggested" if s.path == assessment.recommended else "Other",
        }
        for s in assessment.scores
    ]
    data = pd.DataFrame(rows)
    return (
        alt.Chart(data, height=height)
        .mark_bar(cornerRadiusEnd=4)
        .encode(
            x=alt.X("Score:Q", title="How strongly your answers point to it"),
            y=alt.Y("Path:N", sort="-x", title=None, axis=alt.Axis(labelLimit=220)),
            color=alt.Color(
                "Suggested:N",
                scale=alt.Scale(domain=["Suggested", "Other"], range=["#2f6f73", "#b8c7c8"]),
                legend=None,
            ),
            tooltip=["Path", "Score"],
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
