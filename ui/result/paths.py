"""All four paths in equal detail, and what matters most to the person."""

from __future__ import annotations

import streamlit as st

from questionnaire import Questionnaire
from scoring.model import Assessment, PathDescription


def render_all_paths(assessment: Assessment) -> None:
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


def render_what_matters(questionnaire: Questionnaire, values: dict, assessment: Assessment) -> None:
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
