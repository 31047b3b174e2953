"""The resume code kept in this browser tab (sessionStorage), never in the page address.

A code in the address sits in the browser's history, in proxy logs and one Back press away.
sessionStorage instead belongs to one tab: a refresh of that tab finds the code again, a new
tab or window does not, and Quick exit empties it (its key starts with "crossroads").

Beside the code, a tab that is part-way through without saving keeps one flag (FLAG_KEY,
the value "1": no answer, nothing personal), so a new server session for it (the process
holding its answers died, and the balancer sent the tab to another) can say plainly that the
answers were lost instead of starting afresh in silence (ui/lost_session.py). The tab
reports the code if it holds one, else the flag.

A small custom component (ui/tab_memory.js) does the browser's part. It is drawn only when
needed, so ordinary reruns pay nothing for it: on a session's first run, to ask the tab for
a code it holds (it answers only if it holds one, which reruns the script), and on the run
after this session's code changed, to write or forget it. It sits in a hidden container at
the end of the page and takes no room.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

STORAGE_KEY = "crossroads-resume-code"
FLAG_KEY = "crossroads-under-way"
CONTAINER_KEY = "crossroads_tab_memory"
# A code the tab reported, for ui/saving.py to try; tests set it to play the browser's part.
REPORTED = "tab_memory_reported"
# Why the tab that reported the flag (and no code) has a new session, for ui/lost_session.py:
# "reload" when this page load began the session, "restart" when an earlier session of the
# same page is gone (the server process went away, and the page reconnected to another).
FLAG_REPORTED = "tab_memory_flag_reported"
FLAG_REASONS = ("reload", "restart")
_WANTED = "tab_memory_wanted"  # what this tab should hold: a code, or None for nothing
_WRITTEN = "tab_memory_written"  # what it was last told to hold
_ASKED = "tab_memory_asked"
_FLAG_WRITTEN = "tab_memory_flag_written"  # the flag as the tab holds it; False till told
_MOUNTS = "tab_memory_mounts"
_UNSET = object()
# Far longer than any resume code; anything longer is not one and is not looked at.
_MAX_REPORTED = 200

_component = st.components.v2.component(
    "crossroads_tab_memory",
    js=Path(__file__).with_name("tab_memory.js").read_text(encoding="utf-8"),
)


def remember(code: str | None, *, held: str | None = None) -> None:
    """From now on this tab should hold `code` (None: nothing); written at the end of this
    run, unless the tab is known to hold it already (`held`: what it reported)."""
    st.session_state[_WANTED] = code
    if held is not None:
        st.session_state[_WRITTEN] = held


def _on_report() -> None:
    result = st.session_state.get(_key())
    found = getattr(result, "found", None)
    if isinstance(found, str) and 0 < len(found) <= _MAX_REPORTED:
        st.session_state[REPORTED] = found


def _on_flag_report() -> None:
    reason = getattr(st.session_state.get(_key()), "under_way", None)
    if reason in FLAG_REASONS:
        st.session_state[FLAG_REPORTED] = reason


def _session_id() -> str:
    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else ""


def _key() -> str:
    return f"tab_memory_{st.session_state.get(_MOUNTS, 0)}"


def render(*, under_way: bool = False) -> None:
    """Ask the tab on a session's first run; write on a run whose wish changed; else nothing.

    `under_way`: the tab should hold the flag (part-way through, not saving). Call it last
    in the script, so a code or flag that changed anywhere in this run is written now.
    """
    wanted: Any = st.session_state.get(_WANTED, _UNSET)
    write = wanted is not _UNSET and wanted != st.session_state.get(_WRITTEN, _UNSET)
    ask = _ASKED not in st.session_state and wanted is _UNSET
    flag_written = st.session_state.get(_FLAG_WRITTEN)
    # On an ask the tab reads the flag first, then is told what to hold from now on, so a
    # flag left from an earlier session (or one emptied by clear_everything) goes.
    write_flag = under_way != bool(flag_written) or (ask and flag_written is None)
    st.session_state[_ASKED] = True
    if not (write or ask or write_flag):
        return
    # A fresh key for every instruction: the browser runs the script once per mount.
    st.session_state[_MOUNTS] = st.session_state.get(_MOUNTS, 0) + 1
    # Flat, every value a str, bool or None: Streamlit checks any other value (a nested
    # dict, say) for a dataframe, which imports pandas and numpy, a second on a cold start.
    data: dict[str, Any] = {
        "key": STORAGE_KEY, "write": write, "keep": wanted if write else None, "ask": ask
    }
    if ask or write_flag:
        data.update(flag_key=FLAG_KEY, flag_write=write_flag, flag_keep=under_way)
    if ask:
        # The tab reports its flag to a new session only: this run may just follow a
        # clear_everything (Take it again), which asks again in the same session.
        data["session"] = _session_id()
    with st.container(key=CONTAINER_KEY):
        _component(key=_key(), data=data, on_found_change=_on_report,
                   on_under_way_change=_on_flag_report, width="stretch", height="content")
    if write:
        st.session_state[_WRITTEN] = wanted
    if write_flag:
        st.session_state[_FLAG_WRITTEN] = under_way


def take_reported() -> str | None:
    """The code the tab reported, once."""
    return st.session_state.pop(REPORTED, None)


def take_flag_reported() -> str | None:
    """"reload" or "restart", once, when the tab reported the flag (and no code)."""
    return st.session_state.pop(FLAG_REPORTED, None)
