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
# What this module keeps between runs, in one dict under one key: each key in session state
# costs every keyed radio a little on every rerun (ui/state.py, memo).
_OWN = "tab_memory"
_WANTED = "wanted"  # what this tab should hold: a code, or None for nothing
_WRITTEN = "written"  # what it was last told to hold
_ASKED = "asked"
_FLAG_WRITTEN = "flag_written"  # the flag as the tab holds it; False till told
_MOUNTS = "mounts"
_FORGOTTEN = "forgotten"  # the mount whose state was dropped once it was read
_UNSET = object()
# Far longer than any resume code; anything longer is not one and is not looked at.
_MAX_REPORTED = 200

_component = st.components.v2.component(
    "crossroads_tab_memory",
    js=Path(__file__).with_name("tab_memory.js").read_text(encoding="utf-8"),
)


def _own() -> dict[str, Any]:
    return st.session_state.setdefault(_OWN, {})


def remember(code: str | None, *, held: str | None = None) -> None:
    """From now on this tab should hold `code` (None: nothing); written at the end of this
    run, unless the tab is known to hold it already (`held`: what it reported)."""
    own = _own()
    own[_WANTED] = code
    if held is not None:
        own[_WRITTEN] = held


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
    return f"tab_memory_{_own().get(_MOUNTS, 0)}"


def render(*, under_way: bool = False) -> None:
    """Ask the tab on a session's first run; write on a run whose wish changed; else nothing.

    `under_way`: the tab should hold the flag (part-way through, not saving). Call it last
    in the script, so a code or flag that changed anywhere in this run is written now.
    """
    own = _own()
    wanted: Any = own.get(_WANTED, _UNSET)
    write = wanted is not _UNSET and wanted != own.get(_WRITTEN, _UNSET)
    ask = _ASKED not in own and wanted is _UNSET
    flag_written = own.get(_FLAG_WRITTEN)
    # On an ask the tab reads the flag first, then is told what to hold from now on, so a
    # flag left from an earlier session (or one emptied by clear_everything) goes.
    write_flag = under_way != bool(flag_written) or (ask and flag_written is None)
    own[_ASKED] = True
    if not (write or ask or write_flag):
        _forget_last_mount(own)
        return
    # A fresh key for every instruction: the browser runs the script once per mount.
    own[_MOUNTS] = own.get(_MOUNTS, 0) + 1
    # Flat, every value a str, bool or None: Streamlit checks any other value (a nested
    # dict, say) for a dataframe, which imports pandas and numpy, a second on a cold start.
    data: dict[str, Any] = {
        "key": STORAGE_KEY, "write": write, "keep": wanted if write else None, "ask": ask
    }
    if ask or write_flag:
        # The session goes with every message about the flag. The tab reports its flag to a
        # new session only (an ask may just follow a clear_everything, Take it again, in the
        # same session), and it tells a reload from a restart by whether any session spoke
        # to this page before. Told on the ask alone, a restart would read as a reload
        # whenever that one mount never ran (a click before its script had loaded, say).
        data.update(flag_key=FLAG_KEY, flag_write=write_flag, flag_keep=under_way,
                    session=_session_id())
    with st.container(key=CONTAINER_KEY):
        _component(key=_key(), data=data, on_found_change=_on_report,
                   on_under_way_change=_on_flag_report, width="stretch", height="content")
    if write:
        own[_WRITTEN] = wanted
    if write_flag:
        own[_FLAG_WRITTEN] = under_way


def _forget_last_mount(own: dict[str, Any]) -> None:
    """Drop what the last mount reported, once its run has read it: Streamlit keeps a
    component's state after it is gone from the page, and every keyed radio then copies it
    (its presenter builds a class on each copy) on every rerun."""
    mounts = own.get(_MOUNTS, 0)
    if mounts and own.get(_FORGOTTEN) != mounts:
        st.session_state.pop(_key(), None)
        own[_FORGOTTEN] = mounts


def take_reported() -> str | None:
    """The code the tab reported, once."""
    return st.session_state.pop(REPORTED, None)


def take_flag_reported() -> str | None:
    """"reload" or "restart", once, when the tab reported the flag (and no code)."""
    return st.session_state.pop(FLAG_REPORTED, None)
