"""What helps, set against what tends to backfire: the three that matter most, then more."""

from __future__ import annotations

import streamlit as st

from i18n import _, ngettext
from scoring.model import Assessment, Caution

SHOWN = 3  # more than this reads as a scolding; the rest wait behind "more"


def render_cautions(assessment: Assessment) -> None:
    if not assessment.cautions:
        return
    st.subheader(_("What helps now"), anchor=False)
    st.write(
        _(
            "You told us about things people often do when they are afraid of losing someone. "
            "Here is what tends to help instead."
        )
    )
    first, rest = assessment.cautions[:SHOWN], assessment.cautions[SHOWN:]
    for caution in first:
        _caution(caution)
    if rest:
        with st.expander(
            ngettext("{n} more thing that helps", "{n} more things that help", len(rest)).format(
                n=len(rest)
            )
        ):
            for caution in rest:
                _caution(caution)


def _caution(caution: Caution) -> None:
    with st.container(border=True):
        st.markdown(f"**{caution.instead}**")
        st.caption(
            _("{label}: {why}").format(label=caution.label, why=caution.why_it_backfires)
        )
