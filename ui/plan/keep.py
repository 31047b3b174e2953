"""Plans are kept in the tab; saved only for a person who opted in to saving, in the store's
own `plans` table (one row per path), so they are exported, purged and deleted with the
saved answers. Nothing of a plan is ever logged.
"""

from __future__ import annotations

import json

import streamlit as st

from i18n import _
from ui import saving
from ui.plan import all_answers, replace_all

_LOADED_FOR = "plan_loaded_for"  # the resume code whose saved plans this tab has read
_SAVED = "plan_saved_snapshot"  # {path: json} as last saved
_TO_DELETE = "plan_delete_pending"  # paths cleared here whose saved copy is not yet removed


def _snapshot(entry: dict) -> str:
    return json.dumps(entry, sort_keys=True, ensure_ascii=False)


def load_saved_plans() -> None:
    """Once per resume code: take the plans saved earlier into the tab."""
    code = saving.code()
    if code is None or st.session_state.get(_LOADED_FOR) == code:
        return
    saved = saving.guarded(lambda store: store.load_plans(code))
    if saved is None:
        return  # paused or unreadable: try again on the next run
    st.session_state[_LOADED_FOR] = code
    # What this tab already holds wins (it is the later edit), but an empty entry (a plan
    # only opened) must not hide a saved one.
    mine = {k: v for k, v in all_answers().items() if v.get("values") or v.get("share")}
    replace_all({**saved, **mine})
    st.session_state[_SAVED] = {path: _snapshot(entry) for path, entry in saved.items()}


def keep_plan(path_id: str) -> None:
    """Save this path's plan if it changed since the last good save (saving on only)."""
    code = saving.code()
    if code is None or st.session_state.get(_LOADED_FOR) != code:
        return
    _delete_pending(code)
    entry = all_answers().get(path_id)
    saved: dict = st.session_state.setdefault(_SAVED, {})
    if not entry or not (entry.get("values") or entry.get("share")):
        # Nothing in it (a plan just opened, or cleared): nothing to keep, nothing to make.
        if path_id in saved and saving.guarded(
            lambda store: store.save_plan(code, path_id, None)
        ):
            saved.pop(path_id, None)
        return
    snapshot = _snapshot(entry)
    if saved.get(path_id) == snapshot:
        return
    if saving.guarded(lambda store: store.save_plan(code, path_id, entry)):
        saved[path_id] = snapshot


def _delete_pending(code: str) -> None:
    pending: set = st.session_state.get(_TO_DELETE, set())
    for path_id in sorted(pending):
        if saving.guarded(lambda store, p=path_id: store.save_plan(code, p, None)):
            pending.discard(path_id)
            st.session_state.setdefault(_SAVED, {}).pop(path_id, None)


def forget_plan(path_id: str) -> None:
    """Clear one plan from the tab, its widgets, and (with saving on) the store."""
    all_answers().pop(path_id, None)
    for key in [k for k in st.session_state if str(k).startswith(f"plan_{path_id}_")]:
        del st.session_state[key]
    code = saving.code()
    if code is not None:
        # Tried now, and on every later run of the plan page until the store answers.
        st.session_state.setdefault(_TO_DELETE, set()).add(path_id)
        _delete_pending(code)
    from ui.plan import set_screen

    set_screen(0)
    st.session_state[saving.NOTICE] = _("This plan's answers are cleared.")
