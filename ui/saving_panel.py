"""The saving controls a person sees: the opt-in, the resume code, resume, export and delete."""

from __future__ import annotations

import streamlit as st

from i18n import N_, _
from questionnaire import Questionnaire
from ui import saving, state

OPT_IN_KEY = "opt_in_saving"
RESUME_INPUT_KEY = "resume_code_input"
_CONFIRM_DELETE = "confirm_delete"
_RESUME_PROBLEM = "resume_problem"


def render_notice() -> None:
    """A one-time message, and the saving-paused warning, at the top of the page.

    One-time messages: a wrong code, a deletion done, a welcome back.
    """
    notice = st.session_state.pop(saving.NOTICE, None)
    if notice:
        st.info(saving.shown(notice), icon=":material/info:")
    message = saving.paused_message()
    if saving.is_saving() and message:
        st.warning(
            _(
                "Saving is paused: {problem} Your answers are kept in this tab and will be "
                "saved when the connection is back."
            ).format(problem=saving.shown(message)),
            icon=":material/cloud_off:",
        )


def render_save_choice() -> None:
    if saving.is_saving():
        st.success(
            _("Saving is on: your answers are kept under your code."), icon=":material/save:"
        )
        return
    with st.container(border=True, key="save_choice"):
        st.checkbox(_("Save my answers so I can come back later"), key=OPT_IN_KEY, value=False)
        st.caption(_(
            "Off unless you tick it. If you do, you get a private code, shown once. Your "
            "answers are saved as you go, and the code brings them back, on any device. "
            "Only a scrambled form of the code is kept, and you can delete everything at "
            "any time. This tab remembers the code until you close it or use Quick exit, "
            "so a refresh brings you back; it is never put in the page address or the "
            "browser's history. Saved answers you don't touch for 90 days are deleted."
        ))


def start(questionnaire: Questionnaire) -> None:
    """The Start button: begin saving if asked, then go to the first section either way."""
    wants_saving = st.session_state.get(OPT_IN_KEY) and not saving.is_saving()
    if wants_saving and not saving.start_saving():
        st.session_state.setdefault(
            saving.NOTICE,
            N_(
                "Saving is not available right now, so your answers stay only in this tab. "
                "You can go on without it."
            ),
        )
    state.go_to(questionnaire.sections[0].id)


def render_resume_form(questionnaire: Questionnaire) -> None:
    """A code typed in, sent with the button or the Enter (Go) key; a problem shows beside it."""
    if saving.is_saving():
        return
    problem = st.session_state.get(_RESUME_PROBLEM)
    with (
        st.expander(_("I have a resume code"), icon=":material/key:", expanded=bool(problem)),
        st.form("resume_form", border=False, enter_to_submit=True),
    ):
        st.text_input(
            _("Your resume code"), key=RESUME_INPUT_KEY, placeholder="XXXX-XXXX-XXXX-...",
            autocomplete="off",
        )
        if problem:
            st.error(saving.shown(problem), icon=":material/error:")
        st.form_submit_button(
            _("Continue where I was"), key="resume_button", on_click=_resume, args=(questionnaire,)
        )


def _resume(questionnaire: Questionnaire) -> None:
    problem = saving.resume(questionnaire, st.session_state.get(RESUME_INPUT_KEY, ""))
    st.session_state[_RESUME_PROBLEM] = problem


def render_code_box() -> None:
    """The new code, once, until the person says they have kept it."""
    if not saving.is_saving() or saving.code_seen():
        return
    with st.container(border=True, key="code_box"):
        st.markdown(_("**Your resume code**"))
        st.code(saving.code(), language=None)
        st.caption(_(
            "Copy it somewhere private: it is shown only this once. With it you can come back "
            "to your answers later, even after some time apart. Anyone with the code can see "
            "your answers, so keep it to yourself."
        ))
        st.button(_("I have saved my code"), key="code_saved", on_click=saving.acknowledge_code)


def render_saving_footer() -> None:
    message = saving.paused_message()
    if not saving.is_saving():
        if message:
            st.caption(_("Saving is not on. {problem}").format(problem=saving.shown(message)))
        return
    st.divider()
    if message:
        st.caption(_("Saving is paused; see the note at the top of the page."))
    else:
        st.caption(_("Saving is on: each answer is saved as you give it."))
    data, delete = st.columns(2)
    data.download_button(
        _("Download my saved data"), saving.export_later(), file_name="crossroads-saved-data.json",
        mime="application/json", key="download_saved", on_click="ignore", width="stretch",
        icon=":material/download:",
    )
    if not st.session_state.get(_CONFIRM_DELETE):
        delete.button(
            _("Delete my saved answers"), key="delete_saved", icon=":material/delete:",
            width="stretch", on_click=st.session_state.__setitem__, args=(_CONFIRM_DELETE, True),
        )
        return
    with delete.container(border=True):
        st.write(_("Delete everything saved under your code, now? This cannot be undone."))
        yes, no = st.columns(2)
        # Neither button is the bright "go on" colour: deleting should be a deliberate choice.
        yes.button(_("Yes, delete"), key="delete_confirm", icon=":material/delete_forever:",
                   on_click=saving.delete_everything)
        no.button(_("Cancel"), key="delete_cancel",
                  on_click=st.session_state.__setitem__, args=(_CONFIRM_DELETE, False))
