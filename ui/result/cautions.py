"""What tends to backfire, and what helps instead."""

from __future__ import annotations

import streamlit as st

from scoring.model import Assessment


def render_cautions(assessment: Assessment) -> None:
    if not assessment.cautions:
        return
    st.subheader("What tends to backfire, and what helps instead", anchor=False)
    for caution in assessment.cautions:
        with st.container(border=True):
            st.markdown(f"**{caution.label}**")
            st.write(caution.why_it_backfires)
            st.markdown(f"*Instead:* {caution.instead}")
