"""On the result page: "Make a plan" for the suggested path, or any of the four by choice.

Under a safety sign or a crisis no plan is offered: the support steps above stand in place.
"""

from __future__ import annotations

import streamlit as st

from i18n import _
from scoring.model import PATH_IDS, Assessment
from ui.plan import open_plan


def advocates_text() -> str:
    return _(
        "Advocates on the helplines make safety plans with people, for free and in "
        "confidence. A safety plan made with them fits your own situation far better than "
        "any form here."
    )


def plans_allowed(assessment: Assessment) -> bool:
    """No plan under a safety sign or a crisis: support comes first, never a plan."""
    return not assessment.safety_first


def render_plan_offer(assessment: Assessment) -> None:
    if not plans_allowed(assessment):
        st.subheader(_("A plan for your safety"), anchor=False)
        st.write(
            _(
                "We don't offer plans for the four paths while you may not be safe. The "
                "steps at the top of this page stand in their place."
            )
        )
        st.write(advocates_text())
        return
    st.subheader(_("Make a plan"), anchor=False)
    titles = {s.path: s.title for s in assessment.scores}
    suggested = assessment.recommended
    if suggested is not None:
        st.write(
            _(
                "A short plan can help you take the first steps of \"{path}\". It takes five "
                "to ten minutes and stays in this tab. You can also make a plan for any "
                "other path."
            ).format(path=titles[suggested])
        )
    else:
        st.write(
            _(
                "A short plan can help you take the first steps of a path. Pick the one you "
                "want to try. It takes five to ten minutes and stays in this tab."
            )
        )
    order = list(PATH_IDS)
    # Worded now, in this run's language: a format_func may be called outside the run.
    labels = {
        path_id: _("{path} (suggested)").format(path=titles[path_id])
        if path_id == suggested else titles[path_id]
        for path_id in order
    }
    st.radio(
        _("Make a plan for"),
        options=order,
        index=order.index(suggested) if suggested else None,
        format_func=labels.__getitem__,
        key="plan_path_choice",
    )
    st.button(
        _("Make a plan"), key="make_plan", type="primary", icon=":material/checklist:",
        on_click=_open_chosen,
    )
    if st.session_state.pop("plan_pick_note", False):
        st.info(_("Pick a path first, then press Make a plan."))


def _open_chosen() -> None:
    path_id = st.session_state.get("plan_path_choice")
    if path_id is None:
        st.session_state["plan_pick_note"] = True
        return
    st.session_state.pop("plan_pick_note", None)
    open_plan(path_id)
