"""Never a silent fresh start: say plainly when a tab's unsaved answers were lost.

A Streamlit session lives in one server process's memory. When that process goes away
(a crash, a restart, a balancer moving the tab to another process), or the page is
reloaded, the tab gets a new, empty session. With saving on, the code the tab keeps brings
the answers back (ui/saving.py). Without it they are gone, and the person must be told so,
kindly, not shown the welcome page as if nothing had happened.

The tab keeps one flag while it is part-way through without saving (ui/tab_memory.py); a
new session that hears it, and holds no answers, shows the notice at the top of the page.

After a reconnect Streamlit's frontend sends a rerun only if a run was under way, and a
click inside a fragment reruns only that fragment, which a new session does not know (so
nothing would run at all). A small script therefore asks for a full rerun as soon as the
page is connected again: the new session runs the whole script at once, asks the tab, and
the person sees the notice or their resumed answers without having to click. The widget
values the frontend sends with that rerun are stale: they belong to the old session's page,
which the new session (on its welcome page) does not draw, so Streamlit drops them at the
end of that run, and no stale value is ever taken as an answer.
"""

from __future__ import annotations

import streamlit as st

from i18n import _
from questionnaire import Questionnaire
from ui import saving, saving_panel, state, tab_memory

_REASON = "lost_session_reason"
_WATCHING = "lost_session_watching"

# Streamlit keeps the connection state on its app element; when it turns back to CONNECTED
# after a loss, press Streamlit's own R (rerun) key. No "<" before a letter here: Streamlit's
# HTML sanitiser drops a script whose text looks like markup.
_WATCHER = """<script>
(() => {
  if (window.__crossroadsWatch) return;
  const app = document.querySelector("[data-testid='stApp']");
  if (!app) return;
  window.__crossroadsWatch = true;
  let lost = false;
  new MutationObserver(() => {
    if (app.getAttribute("data-test-connection-state") !== "CONNECTED") {
      lost = true;
      return;
    }
    if (!lost) return;
    lost = false;
    setTimeout(() => document.body.dispatchEvent(new KeyboardEvent("keydown", {
      key: "r", code: "KeyR", bubbles: true,
    })), 50);
  }).observe(app, {attributes: true, attributeFilter: ["data-test-connection-state"]});
})();
</script>"""


def under_way() -> bool:
    """Should the tab keep the flag: past the welcome page or holding answers, not saving."""
    if saving.is_saving():
        return False
    return state.current_step() not in (state.WELCOME, state.SOURCES) or bool(state.answers())


def notice_lost() -> None:
    """Called early on every run: a new session whose tab says it was part-way through."""
    reason = tab_memory.take_flag_reported()
    if reason and not saving.is_saving() and not state.answers():
        st.session_state[_REASON] = reason


def _message(reason: str) -> str:
    if reason == "reload":
        return _(
            "This page was reloaded, so the answers you had given are lost. We are sorry. "
            "They were kept only on our server while the page was open, because you had not "
            "chosen to save them."
        )
    return _(
        "We are sorry: the app restarted, and the answers you had given are lost. They were "
        "kept only on our server, because you had not chosen to save them."
    )


def render(questionnaire: Questionnaire) -> None:
    """The notice, at the top of the welcome page, until the person starts again."""
    reason = st.session_state.get(_REASON)
    if not reason:
        return
    if state.current_step() != state.WELCOME or state.answers():
        st.session_state.pop(_REASON, None)
        return
    with st.container(border=True, key="lost_session"):
        st.warning(_message(reason), icon=":material/sync_problem:")
        st.write(
            _(
                "You can start again from the first question. If you would like your answers "
                "kept this time, tick \"Save my answers\" below before you start."
            )
        )
        st.button(
            _("Start again"), key="lost_start_again", type="primary",
            icon=":material/restart_alt:", on_click=_start_again, args=(questionnaire,),
        )


def _start_again(questionnaire: Questionnaire) -> None:
    st.session_state.pop(_REASON, None)
    saving_panel.start(questionnaire)


def render_watcher() -> None:
    """The reconnect watcher, drawn on a session's first run (it outlives its element)."""
    memo = state.memo()
    if memo.get(_WATCHING):
        return
    memo[_WATCHING] = True
    st.html(_WATCHER, unsafe_allow_javascript=True)
