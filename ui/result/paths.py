"""All four paths in equal detail, and what matters most to the person."""

from __future__ import annotations

import streamlit as st

from i18n import _
from report.summary import effect_words
from scoring.model import Assessment, PathDescription


def render_all_paths(assessment: Assessment) -> None:
    st.subheader(_("All four paths, side by side"), anchor=False)
    if assessment.safety.paths_set_aside:
        st.write(
            _(
                "Every path has good and hard sides. Here they are in equal detail, written "
                "for someone who is not safe with their partner. Paths that mean facing your "
                "partner together are set aside for now."
            )
        )
    else:
        st.write(_("Every path has good and hard sides. Here they are in equal detail."))
    for row in (assessment.paths[:2], assessment.paths[2:]):
        for column, path in zip(st.columns(2), row, strict=True):
            with column:
                _path_card(path, suggested=path.path == assessment.recommended)


def _path_card(path: PathDescription, suggested: bool) -> None:
    with st.container(border=True, key=f"path_{path.path}", height="stretch"):
        if suggested:
            st.badge(_("Suggested for you"), icon=":material/check:", color="green")
        st.markdown(f"#### {path.title}")
        st.write(path.summary)
        if path.safety_note:
            st.warning(path.safety_note, icon=":material/shield:")
        st.markdown(_("**What it means.** {text}").format(text=path.what_it_means))
        st.markdown(_("**What it is like.** {text}").format(text=path.what_it_is_like))
        st.markdown(_("**Good sides**") + "\n" + "\n".join(f"- {g}" for g in path.good_sides))
        st.markdown(_("**Hard sides**") + "\n" + "\n".join(f"- {h}" for h in path.hard_sides))




def render_what_matters(assessment: Assessment) -> None:
    """Values clarification: what the person holds dear, set against the suggestion and the
    other paths, so they can weigh the paths by what matters to them."""
    if not assessment.values:
        return
    titles = {s.path: s.title for s in assessment.scores}
    st.subheader(_("What matters most to you"), anchor=False)
    chosen = assessment.recommended
    if chosen is not None:
        st.write(_('How "{path}" fits what you said matters most:').format(path=titles[chosen]))
        st.markdown(
            "\n".join(
                _("- **{value}**: {effect}. {text}").format(
                    value=value.label, effect=effect_words(fit.effect), text=fit.text
                )
                for value in assessment.values
                for fit in value.fits
                if fit.path == chosen
            )
        )
        st.write(
            _(
                "If the suggestion would put something you hold dear at risk, that is worth "
                "weighing, or talking over with someone you trust, before you act."
            )
        )
    with st.expander(_("How each path fits what matters to you"), expanded=chosen is None):
        for value in assessment.values:
            st.markdown(
                f"**{value.label}**\n"
                + "\n".join(
                    _("- {path}: {effect}. {text}").format(
                        path=titles[fit.path], effect=effect_words(fit.effect), text=fit.text
                    )
                    for fit in value.fits
                )
            )
