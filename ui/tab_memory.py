"""The resume code kept in this browser tab (sessionStorage), never in the page address.

A code in the address sits in the browser's history, in proxy logs and one Back press away.
sessionStorage instead belongs to one tab: a refresh of that tab finds the code again, a new
tab or window does not, and Quick exit empties it (its key starts with "crossroads").

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

STORAGE_KEY = "crossroads-resume-code"
CONTAINER_KEY = "crossroads_tab_memory"
# A code the tab reported, for ui/saving.py to try; tests set it to play the browser's part.
REPORTED = "tab_memory_reported"
_WANTED = "tab_memory_wanted"  # what this tab should hold: a code, or None for nothing
_WRITTEN = "tab_memory_written"  # what it was last told to hold
_ASKED = "tab_memory_asked"
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


def _key() -> str:
    return f"tab_memory_{st.session_state.get(_MOUNTS, 0)}"


def render() -> None:
    """Ask the tab on a session's first run; write on a run whose wish changed; else nothing.

    Call it last in the script, so a code that changed anywhere in this run is written now.
    """
    wanted: Any = st.session_state.get(_WANTED, _UNSET)
    write = wanted is not _UNSET and wanted != st.session_state.get(_WRITTEN, _UNSET)
    ask = _ASKED not in st.session_state and wanted is _UNSET
    st.session_state[_ASKED] = True
    if not (write or ask):
        return
    # A fresh key for every instruction: the browser runs the script once per mount.
    st.session_state[_MOUNTS] = st.session_state.get(_MOUNTS, 0) + 1
    data = {"key": STORAGE_KEY, "write": write, "keep": wanted if write else None, "ask": ask}
    with st.container(key=CONTAINER_KEY):
        _component(key=_key(), data=data, on_found_change=_on_report, width="stretch",
                   height="content")
    if write:
        st.session_state[_WRITTEN] = wanted


def take_reported() -> str | None:
    """The code the tab reported, once."""
    return st.session_state.pop(REPORTED, None)
