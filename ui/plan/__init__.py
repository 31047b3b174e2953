"""The plan pages: a short guided plan for the path a person chooses, kept in the tab.

State lives in st.session_state under the keys below, never in a cache. Plan answers are a
JSON-ready mapping per path (see report/plan.py): `{"values": {...}, "share": [...]}`.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

# The step of the plan page (ui/state.py's steps are the questionnaire's; this one is outside
# the flow, reached from the result page with a way back).
PLAN = "plan"

_PLANS = "plans"  # {path_id: {"values": {...}, "share": [...]}}
_CHOSEN = "plan_chosen"
_SCREEN = "plan_screen"


def chosen() -> str | None:
    # Imported here, as below: the first page, which needs no scoring, comes sooner.
    from scoring.model import PATH_IDS

    path_id = st.session_state.get(_CHOSEN)
    return path_id if path_id in PATH_IDS else None


def screen() -> int:
    value = st.session_state.get(_SCREEN, 0)
    return value if isinstance(value, int) and value >= 0 else 0


def set_screen(number: int) -> None:
    st.session_state[_SCREEN] = max(0, number)


def all_answers() -> dict[str, dict[str, Any]]:
    plans = st.session_state.get(_PLANS)
    if not isinstance(plans, dict):
        plans = st.session_state[_PLANS] = {}
    return plans


def answers(path_id: str) -> dict[str, Any]:
    """This path's plan answers, made if missing: {"values": {...}, "share": [...]}."""
    plans = all_answers()
    entry = plans.get(path_id)
    if not isinstance(entry, dict):
        entry = plans[path_id] = {}
    if not isinstance(entry.get("values"), dict):
        entry["values"] = {}
    if not isinstance(entry.get("share"), list):
        entry["share"] = []
    return entry


def replace_all(saved: Any) -> None:
    """Take plans read back from storage, keeping only the four paths' entries, and in each
    only the answers its prompts would accept (anything else is dropped, never shown)."""
    from plans.loader import default_plan
    from scoring.model import PATH_IDS
    from ui.plan.prompts import checked_entry

    if not isinstance(saved, dict):
        saved = {}
    st.session_state[_PLANS] = {
        k: checked_entry(default_plan(k), v) for k, v in saved.items()
        if k in PATH_IDS and isinstance(v, dict)
    }


def open_plan(path_id: str) -> None:
    """Start (or go back to) the plan for `path_id`, at its first screen."""
    from scoring.model import PATH_IDS
    from ui import state

    if path_id not in PATH_IDS:
        return
    st.session_state[_CHOSEN] = path_id
    set_screen(0)
    state.go_to(PLAN)
