"""Opt-in saving for the UI: the resume code kept in the tab, saving as answers change, resuming.

Only this module talks to `storage`. Every call is guarded: when the database cannot be
reached, the person is told saving is paused and the answers stay safe in the session; the
next rerun tries again with every answer so far.

The resume code is never put in the page address (browser history, proxy logs, one Back
press away): the tab keeps it in its sessionStorage (ui/tab_memory.py), so a refresh of
that tab resumes, and a new tab or window does not. A link that carries a code
(`?resume=CODE`, one bookmarked earlier, say) is read once, kept in the tab, and taken out
of the address by replace.

Nothing a client sends may reset a limit or disturb anyone else: the store is a module-level
singleton, not in st.cache_resource (any client may clear that, for every session), and the
wrong-code throttles are held by the process, keyed by session, not in session state (a
client may empty its own). Limits per client address live in the database.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING, Any

import streamlit as st

from i18n import N_, _, ngettext
from questionnaire import Questionnaire, drop_hidden, validate_answers
from questionnaire.answers import AnswersError
from ui import client_address, state, tab_memory
from ui.question_widgets import widget_key

if TYPE_CHECKING:
    from scoring.model import Assessment
    from storage import PastAssessment, Store, ThrottleRegistry

URL_PARAM = "resume"

_CODE = "save_code"
_CODE_SEEN = "save_code_acknowledged"
_PAUSED = "save_paused_message"
_LAST_SAVED = "save_last_snapshot"
_RECORDED = "save_recorded_snapshot"
_TRIED_URL = "save_tried_url_code"
# A code from a link or from the tab, tried on every run until it can be checked.
_PENDING = "save_pending_code"
_VISIT_STARTED = "save_visit_started"
_ADDRESS = "save_address_code"
# The answers as this tab last read them from the store or saved them: a save applies only
# what the tab changed since, so another tab's answers on the same code are kept.
_BASE = "save_base_answers"
_UNREADABLE = "save_record_unreadable"
NOTICE = "save_notice"

log = logging.getLogger("crossroads.ui")

# The settings that choose the database: the store is rebuilt only if they change (in tests).
_SETTINGS = ("CROSSROADS_DATABASE_URL", "CROSSROADS_DATA_DIR")
_store_lock = threading.Lock()
_current_store: tuple[tuple[str | None, ...], Store | None] | None = None
_throttles: ThrottleRegistry | None = None


def _store() -> Store | None:
    """One store per process (it pools connections); per-person data never lives here.

    A module-level singleton: st.cache_resource would let any client drop it, for every
    session, with one `clear_cache` message (a deleted SQLite file would then be made anew,
    empty). storage (and SQLAlchemy) is imported on first use: most people never opt in,
    and the first page should not wait for it.
    """
    global _current_store
    settings = tuple(os.environ.get(name) for name in _SETTINGS)
    current = _current_store
    if current is not None and current[0] == settings:
        return current[1]
    with _store_lock:
        current = _current_store
        if current is not None and current[0] == settings:
            return current[1]
        from storage import StorageUnavailable, open_store

        try:
            store: Store | None = open_store()
        except StorageUnavailable:
            store = None
        _current_store = (settings, store)
    if current is not None and current[1] is not None:
        current[1].close()  # the settings changed (tests do): let the old pool go
    return store


def _session_throttles() -> ThrottleRegistry:
    global _throttles
    if _throttles is None:
        from storage import ThrottleRegistry

        with _store_lock:
            if _throttles is None:
                _throttles = ThrottleRegistry()
    return _throttles


def _session_id() -> str:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else ""


def code() -> str | None:
    return st.session_state.get(_CODE)


def is_saving() -> bool:
    return code() is not None


def paused_message() -> str | None:
    return st.session_state.get(_PAUSED)


def _call(action: Callable[[Store], Any]) -> Any:
    """Run one store call; on an outage remember the plain message and return None."""
    store = _store()
    if store is None:
        st.session_state[_PAUSED] = N_("Saving is not set up correctly on this server.")
        return None
    from storage import SavedAnswersUnreadable, StorageUnavailable

    try:
        result = action(store)
    except SavedAnswersUnreadable as exc:
        # This person's record only: not an outage, and not a wrong code either.
        st.session_state[_UNREADABLE] = True
        if is_saving():
            st.session_state[_PAUSED] = str(exc)
        return None
    except StorageUnavailable as exc:
        st.session_state[_PAUSED] = str(exc)
        return None
    except Exception:
        # A bug, not a person's doing: logged in full, and a calm line instead of a crash.
        log.exception("saving: unexpected error")
        st.session_state[_PAUSED] = N_("Saving is not working right now.")
        return None
    st.session_state.pop(_PAUSED, None)
    return result


def guarded(action: Callable[[Store], Any]) -> Any:
    """One store call from another part of the app (plans), guarded as saving's own are:
    None when the store cannot be reached, and the person is told saving is paused."""
    return _call(action)


def _snapshot(values: dict, step: str) -> str:
    return json.dumps([values, step], sort_keys=True)


# --- starting, resuming, saving --------------------------------------------------------------


TOO_MANY_RECORDS = N_(
    "Saving cannot start just now: many saved answers were started from your network in "
    "the last hour. You can go on without saving, and your answers stay in this tab."
)


def start_saving() -> bool:
    """Create a record and keep its code in the tab; False (with a notice, if there is
    something to say) when the database is out of reach or this address started many."""
    from storage import NEW_RECORDS

    address = client_address.client_address()
    waiting = _call(lambda store: store.take(NEW_RECORDS, address))
    if waiting is None:
        return False
    if waiting > 0:
        st.session_state[NOTICE] = TOO_MANY_RECORDS
        return False
    new_code = _call(lambda store: store.start())
    if new_code is None:
        return False
    st.session_state[_CODE] = new_code
    st.session_state[_CODE_SEEN] = False
    st.session_state[_BASE] = {}
    tab_memory.remember(new_code)
    return True


# Messages are kept in English and translated where shown (`shown`), so a message already on
# the page follows a change of language.
UNREACHABLE = N_("Saved answers cannot be reached right now. Please try again in a moment.")
WRONG_CODE = N_("That code did not work. Check it and try again.")
WELCOME_BACK = N_("Welcome back. Your answers are here, and you are where you left off.")
UNREADABLE = N_(
    "Those saved answers could not be read, so they cannot be shown. "
    "You can start again, with or without saving."
)
BOTH_KEPT = N_("Your answers were also changed in another tab or device; both sets are kept.")
STOPPED = N_(
    "Saving has stopped because your saved answers were deleted, in another tab or on "
    "another device. Your answers are still here in this tab."
)
DELETED = N_("Your saved answers were deleted. Nothing of yours is stored now.")
DELETED_TRACES_PENDING = N_(
    "Your saved answers are deleted. The last traces are cleared within a minute."
)


class _PleaseWait(str):
    """The wait message, in English, remembering its seconds so it can be shown translated."""

    seconds: int


def _please_wait(seconds: float) -> str:
    whole = int(seconds) + 1
    message = _PleaseWait(f"Please wait {whole} seconds before trying another code.")
    message.seconds = whole
    return message


def shown(message: str) -> str:
    """A saving message in the person's language, as it is put on the page."""
    if isinstance(message, _PleaseWait):
        return ngettext(
            "Please wait {n} second before trying another code.",
            "Please wait {n} seconds before trying another code.",
            message.seconds,
        ).format(n=message.seconds)
    return _(message)


def is_wait(problem: str | None) -> bool:
    return bool(problem) and problem.startswith("Please wait")


def resume(
    questionnaire: Questionnaire, typed_code: str, *, held_by_tab: bool = False
) -> str | None:
    """Load saved progress for a code; returns a message for the person when it fails.

    The message is the same for every wrong code, so nothing tells whether a record exists.
    Wrong codes are slowed down per session and limited per client address; while either
    holds, every code waits, right or wrong. `held_by_tab`: the tab already keeps this code.
    """
    from storage import WRONG_CODES, parse_code

    throttles, session = _session_throttles(), _session_id()
    now = time.monotonic()
    wait = throttles.wait_seconds(session, now)
    if wait > 0:
        return _please_wait(wait)
    store_available = _store() is not None
    address = client_address.client_address()
    wait = _call(lambda store: store.limit_wait(WRONG_CODES, address))
    if wait is None:
        return UNREACHABLE
    if wait > 0:
        return _please_wait(wait)
    st.session_state.pop(_UNREADABLE, None)
    progress = _call(lambda store: store.load_progress(typed_code))
    if progress is None:
        if st.session_state.pop(_UNREADABLE, False):
            return UNREADABLE
        if paused_message() or not store_available:
            return UNREACHABLE
        throttles.record_failure(session, now)
        _call(lambda store: store.count_event(WRONG_CODES, address))
        st.session_state.pop(_PAUSED, None)  # a failed count is no outage of this person's
        return WRONG_CODE
    throttles.record_success(session)
    canonical = parse_code(typed_code)
    values = _usable_answers(questionnaire, progress.values)
    state.replace_answers(values)
    state.go_to(_step_to_resume(questionnaire, progress.step, values, canonical))
    st.session_state[_CODE] = canonical
    st.session_state[_CODE_SEEN] = True
    st.session_state[_BASE] = progress.values
    st.session_state[_LAST_SAVED] = _snapshot(values, state.current_step())
    tab_memory.remember(canonical, held=typed_code if held_by_tab else None)
    st.session_state[NOTICE] = WELCOME_BACK
    return None


def _step_to_resume(
    questionnaire: Questionnaire, step: str, values: dict, resume_code: str
) -> str:
    """The saved step if it is still a step; the plan page only when a plan may be shown."""
    if step in state.steps(questionnaire):
        return step
    from ui.plan import PLAN

    if step != PLAN:
        return questionnaire.sections[0].id
    return _plan_or_result(questionnaire, values, resume_code)


def _plan_or_result(questionnaire: Questionnaire, values: dict, resume_code: str) -> str:
    """Back to the plan being made, or to the result page: under a safety sign (no plan
    is drawn there), or when no plan of theirs can be told (a new session knows none)."""
    from scoring import assess
    from scoring.model import PATH_IDS
    from ui.plan import chosen, open_plan
    from ui.plan.offer import plans_allowed

    assessment = assess(validate_answers(questionnaire, values, complete=False), questionnaire)
    if not plans_allowed(assessment):
        return state.RESULTS
    path_id = chosen()
    if path_id is None:
        saved = _call(lambda store: store.load_plans(resume_code)) or {}
        made = [p for p in PATH_IDS if p in saved]
        path_id = assessment.recommended if assessment.recommended in made else next(
            iter(made), None
        )
    if path_id is None:
        return state.RESULTS
    open_plan(path_id)
    return state.current_step()


def _usable_answers(questionnaire: Questionnaire, values: dict) -> dict:
    """Saved answers that still fit this questionnaire version; the rest are left out."""
    kept: dict = {}
    saved = drop_hidden(questionnaire, values)
    # In the questionnaire's order, so a condition's answer is kept before the answers it
    # opens (a database may hand the keys back in any order).
    for question in questionnaire.questions:
        if question.id not in saved:
            continue
        candidate = {**kept, question.id: saved[question.id]}
        try:
            validate_answers(questionnaire, candidate, complete=False)
        except AnswersError:
            continue
        kept = candidate
    return kept


def resume_from_url(questionnaire: Questionnaire) -> None:
    """A refresh or a server restart starts a new session: pick the person up from the code
    the tab keeps, or from a link that carries one.

    Called on every run, first thing: it also keeps the address in the browser as asked.
    """
    note_visit_start()
    _read_link()
    _read_tab()
    _try_pending(questionnaire)
    render_address()


def _read_link() -> None:
    """A code in the address is read once, and taken out of the address at once."""
    url_code = st.query_params.get(URL_PARAM)
    if not url_code:
        return
    if forget_link_code():
        return
    st.session_state[_TRIED_URL] = url_code
    # In the browser only, on this first run: a server-side write could reach the browser
    # before the quick exit script and push a history entry.
    _put_in_address(None, tell_server=False)
    if not is_saving():
        st.session_state[_PENDING] = (url_code, False)


def forget_link_code() -> bool:
    """Have the server forget a code from a link read on an earlier run; True if it did.

    The browser took it out of the address by replace on that run, so the address already
    matches and no history entry is added. Safe in an answer's run: it draws nothing.
    """
    url_code = st.query_params.get(URL_PARAM)
    if not url_code or st.session_state.get(_TRIED_URL) != url_code:
        return False
    del st.query_params[URL_PARAM]
    return True


def _read_tab() -> None:
    reported = tab_memory.take_reported()
    if reported and not is_saving() and _PENDING not in st.session_state:
        st.session_state[_PENDING] = (reported, True)


def _try_pending(questionnaire: Questionnaire) -> None:
    """Try the code from a link or the tab; keep trying while it cannot be checked."""
    pending = st.session_state.get(_PENDING)
    if not pending or is_saving():
        st.session_state.pop(_PENDING, None)
        return
    pending_code, held_by_tab = pending
    problem = resume(questionnaire, pending_code, held_by_tab=held_by_tab)
    if problem is None:
        st.session_state.pop(_PENDING, None)
        return
    st.session_state[NOTICE] = problem
    if problem == UNREACHABLE or is_wait(problem):
        # Kept in the tab, so a refresh tries again (the link may be the person's only
        # copy), and tried again on every run until it can be checked.
        if not held_by_tab:
            tab_memory.remember(pending_code)
        return
    st.session_state.pop(_PENDING, None)
    if problem == UNREADABLE:
        # The code is right but its record is damaged: the tab keeps it, should the record
        # be put right; it is not tried again in this session.
        if not held_by_tab:
            tab_memory.remember(pending_code)
        return
    tab_memory.remember(None)  # a wrong code: the tab keeps none


def save_if_changed(questionnaire: Questionnaire) -> None:
    """Save every answer and the step whenever they changed since the last good save.

    Only what this tab changed is applied to what is stored: answers saved meanwhile from
    another tab or device are kept, taken into this tab, and the person is told once.
    """
    if not is_saving():
        return
    values, step = state.answers(), state.current_step()
    snapshot = _snapshot(values, step)
    if st.session_state.get(_LAST_SAVED) == snapshot:
        return
    saved = _call(
        lambda store: store.save_progress(
            code(), values, step, base=st.session_state.get(_BASE),
            questionnaire_id=questionnaire.id, questionnaire_version=questionnaire.version,
        )
    )
    if saved is False:
        _stop_saving_deleted_elsewhere()
        return
    if not saved:
        return  # paused: the next rerun tries again with every answer
    st.session_state[_BASE] = saved.values
    if saved.merged:
        usable = _usable_answers(questionnaire, saved.values)
        if usable != values:
            _take_answers(questionnaire, usable)
            st.session_state[NOTICE] = BOTH_KEPT
    st.session_state[_LAST_SAVED] = _snapshot(state.answers(), step)


def _take_answers(questionnaire: Questionnaire, values: dict) -> None:
    """Show these answers in this tab: widgets whose answer changed are drawn afresh."""
    before = state.answers()
    state.replace_answers(values)
    for question in questionnaire.questions:
        if before.get(question.id) != values.get(question.id):
            for key in (widget_key(question.id),
                        *(widget_key(question.id, o.id) for o in question.options)):
                st.session_state.pop(key, None)


def _stop_saving_deleted_elsewhere() -> None:
    """The saved answers were deleted in another tab or device: write nothing more, say so,
    keep every answer in this tab (the welcome page offers saving again)."""
    for key in (_CODE, _CODE_SEEN, _BASE, _LAST_SAVED, _RECORDED, _PAUSED):
        st.session_state.pop(key, None)
    _put_in_address(None)
    tab_memory.remember(None)
    st.session_state[NOTICE] = STOPPED


def record_result(values: dict, assessment: Assessment) -> None:
    """Keep a finished assessment once, so a later visit can show what changed."""
    if not is_saving() or assessment.recommended is None:
        return
    snapshot = json.dumps(values, sort_keys=True)
    if st.session_state.get(_RECORDED) == snapshot:
        return
    past = history()
    if past and past[-1].answers == values:
        st.session_state[_RECORDED] = snapshot
        return
    recorded = _call(
        lambda store: store.record_assessment(
            code(),
            answers=values,
            assessment=_in_english(assessment),
            recommended=assessment.recommended,
            scores={s.path: s.score for s in assessment.scores},
            questionnaire_id=assessment.questionnaire_id,
            questionnaire_version=assessment.questionnaire_version,
            rules_fingerprint=assessment.rules_fingerprint,
        )
    )
    if recorded is False:
        _stop_saving_deleted_elsewhere()
    elif recorded:
        st.session_state[_RECORDED] = snapshot


def _in_english(assessment: Assessment) -> dict:
    """A stored result speaks one language whatever the session's: English, by id.

    A questionnaire other than the shipped one has no English by id: its result is kept
    without words (`core`), which is the same in every language too."""
    from scoring import localize

    try:
        return localize(assessment, "en").model_dump(mode="json")
    except ValueError:
        return assessment.core()


def history() -> list[PastAssessment]:
    return (_call(lambda store: store.history(code())) or []) if is_saving() else []


def note_visit_start() -> None:
    """Remember when this visit (this browser session) began; called on every run."""
    state.memo().setdefault(_VISIT_STARTED, datetime.now(UTC))


def taken_before_this_visit(past: list[PastAssessment]) -> list[PastAssessment]:
    started = state.memo().get(_VISIT_STARTED, datetime.now(UTC))
    return [p for p in past if p.taken_at < started]


def export_later() -> Callable[[], str]:
    """What "Download my saved data" calls when clicked.

    Streamlit runs it on another thread, outside this person's session, so it is handed
    the store and the code now, and touches no session state itself.
    """
    return partial(_export_json, _store(), code())


def _export_json(store: Store | None, resume_code: str | None) -> str:
    from storage import StorageUnavailable

    try:
        data = store.export(resume_code) if store and resume_code else None
    except StorageUnavailable as exc:
        data = {"error": f"{exc} {UNREACHABLE}"}
    return json.dumps(data or {"error": UNREACHABLE}, indent=2, ensure_ascii=False)


def delete_everything() -> None:
    """Delete the stored record, then forget the session too; say what happened."""
    deleted = _call(lambda store: store.delete(code()))
    if deleted is None:
        return  # paused: the message says so, and nothing was forgotten
    # A reader held the database's journal: the rows are gone, their last bytes follow.
    store = _store()
    pending = store is not None and store.traces_pending
    state.clear_everything()
    _put_in_address(None)
    tab_memory.remember(None)
    st.session_state[NOTICE] = DELETED_TRACES_PENDING if pending else DELETED


# --- the page address: a code is taken out of it, never put in ----------------------------

_ADDRESS_SCRIPT = """<script>
(() => {
  const url = new URL(window.location.href);
  url.searchParams.delete(%s);
  if (url.href !== window.location.href) history.replaceState(history.state, "", url.href);
})();
</script>"""


def _put_in_address(value: None, *, tell_server: bool = True) -> None:
    """Take the code out of the page address (`value` must be None) without a new entry.

    A code is never put in the address: the tab keeps it (ui/tab_memory.py). A write to
    st.query_params makes Streamlit's frontend push a history entry when the address
    changes; the quick exit script turns that push into a replace, and render_address
    rewrites the address by replace in any case. Only a page load's first run can reach the
    browser before that script: there the server is not told (tell_server=False), the
    browser alone drops the code, and the server forgets it on a later run (_read_link).
    """
    if value is not None:
        raise ValueError("a resume code is never put in the page address")
    st.session_state[_ADDRESS] = None
    if tell_server and URL_PARAM in st.query_params:
        del st.query_params[URL_PARAM]


def render_address() -> None:
    """Take the code out of the address in the browser, if this session was ever asked to."""
    if _ADDRESS not in st.session_state:
        return
    st.html(_ADDRESS_SCRIPT % json.dumps(URL_PARAM), unsafe_allow_javascript=True)


# --- what the person sees -----------------------------------------------------------------


def code_seen() -> bool:
    return st.session_state.get(_CODE_SEEN, True)


def acknowledge_code() -> None:
    st.session_state[_CODE_SEEN] = True
