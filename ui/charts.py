"""Altair charts of an assessment: the four path scores, the suggested one marked."""

from __future__ import annotations

import altair as alt
import pandas as pd

from scoring.model import Assessment


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
