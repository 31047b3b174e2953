"""The quick-exit control: one click forgets the session and swaps the page for a neutral one."""

from __future__ import annotations

import json
import os

import streamlit as st

from ui import state

DEFAULT_EXIT_URL = "https://www.google.com/search?q=weather+today"
_EXITING = "exiting"


def exit_url() -> str:
    return os.environ.get("CROSSROADS_EXIT_URL", DEFAULT_EXIT_URL)


def render_quick_exit_button() -> None:
    # Its element carries the class st-key-quick_exit, which ui/style.py pins in view.
    st.button(
        "Quick exit",
        key="quick_exit",
        icon=":material/logout:",
        type="primary",
        on_click=_leave,
        help="Leave this site at once. Your answers in this tab are cleared.",
    )


def _leave() -> None:
    # The address is left as it is on purpose: changing it would push a new history entry,
    # leaving the old one (with any resume code) one Back press away. location.replace
    # then swaps out the current entry, code and all.
    state.clear_everything()
    st.session_state[_EXITING] = True


def leave_if_asked() -> None:
    """After Quick exit: nothing of the app is drawn, and the tab moves to the neutral page.

    location.replace swaps this page out of the tab's history, so Back does not return here.
    """
    if not st.session_state.get(_EXITING):
        return
    st.html(
        f"<script>window.location.replace({json.dumps(exit_url())});</script>",
        unsafe_allow_javascript=True,
    )
    st.stop()
