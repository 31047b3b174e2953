"""Opt-in saving for the UI: the resume code in the URL, saving as answers change, resuming.

Only this module talks to `storage`. Every call is guarded: when the database cannot be
reached, the person is told saving is paused and the answers stay safe in the session; the
next rerun tries again with every answer so far.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING, Any

import streamlit as st

from questionnaire import Questionnaire, drop_hidden, validate_answers
from questionnaire.answers import AnswersError
from ui import state
from ui.question_widgets import widget_key

if TYPE_CHECKING:
    from scoring.model import Assessment
    from storage import PastAssessment, Store

URL_PARAM = "resume"

_CODE = "save_code"
_CODE_SEEN = "save_code_acknowledged"
_PAUSED = "save_paused_message"
_LAST_SAVED = "save_last_snapshot"
_RECORDED = "save_recorded_snapshot"
_THROTTLE = "save_throttle"
_TRIED_URL = "save_tried_url_code"
_VISIT_STARTED = "save_visit_started"
_ADDRESS = "save_address_code"
# The answers as this tab last read them from the store or saved them: a save applies only
# what the tab changed since, so another tab's answers on the same code are kept.
_BASE = "save_base_answers"
_UNREADABLE = "save_record_unreadable"
NOTICE = "save_notice"

log = logging.getLogger("crossroads.ui")


@st.cache_resource(show_spinner=False)
def _store() -> Store | None:
    """One store per process (it pools connections); per-person data never lives here.

    storage (and SQLAlchemy) is imported on first use: most people never opt in, and the
    first page should not wait for it.
    """
    from storage import StorageUnavailable, open_store

    try:
        return open_store()
    except StorageUnavailable:
        return None


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
        st.session_state[_PAUSED] = "Saving is not set up correctly on this server."
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
        st.session_state[_PAUSED] = "Saving is not working right now."
        return None
    st.session_state.pop(_PAUSED, None)
    return result


def _snapshot(values: dict, step: str) -> str:
    return json.dumps([values, step], sort_keys=True)


# --- starting, resuming, saving --------------------------------------------------------------


def start_saving() -> bool:
    """Create a record and put its code in the URL; False when the database is out of reach."""
    new_code = _call(lambda store: store.start())
    if new_code is None:
        return False
    st.session_state[_CODE] = new_code
    st.session_state[_CODE_SEEN] = False
    st.session_state[_BASE] = {}
    _put_in_address(new_code)
    return True


UNREACHABLE = "Saved answers cannot be reached right now. Please try again in a moment."
WRONG_CODE = "That code did not work. Check it and try again."
WELCOME_BACK = "Welcome back. Your answers are here, and you are where you left off."
UNREADABLE = (
    "Those saved answers could not be read, so they cannot be shown. "
    "You can start again, with or without saving."
)
BOTH_KEPT = "Your answers were also changed in another tab or device; both sets are kept."
STOPPED = (
    "Saving has stopped because your saved answers were deleted, in another tab or on "
    "another device. Your answers are still here in this tab."
)
DELETED = "Your saved answers were deleted. Nothing of yours is stored now."
DELETED_TRACES_PENDING = (
    "Your saved answers are deleted. The last traces are cleared within a minute."
)


def resume(
    questionnaire: Questionnaire, typed_code: str, *, from_address: bool = False
) -> str | None:
    """Load saved progress for a code; returns a message for the person when it fails.

    The message is the same for every wrong code, so nothing tells whether a record exists.
    """
    from storage import WrongCodeThrottle, parse_code

    throttle: WrongCodeThrottle = st.session_state.setdefault(_THROTTLE, WrongCodeThrottle())
    now = time.monotonic()
    wait = throttle.wait_seconds(now)
    if wait > 0:
        return f"Please wait {int(wait) + 1} seconds before trying another code."
    store_available = _store() is not None
    st.session_state.pop(_UNREADABLE, None)
    progress = _call(lambda store: store.load_progress(typed_code))
    if progress is None:
        if st.session_state.pop(_UNREADABLE, False):
            return UNREADABLE
        if paused_message() or not store_available:
            return UNREACHABLE
        throttle.record_failure(now)
        return WRONG_CODE
    throttle.record_success()
    canonical = parse_code(typed_code)
    values = _usable_answers(questionnaire, progress.values)
    state.replace_answers(values)
    steps = state.steps(questionnaire)
    state.go_to(progress.step if progress.step in steps else questionnaire.sections[0].id)
    st.session_state[_CODE] = canonical
    st.session_state[_CODE_SEEN] = True
    st.session_state[_BASE] = progress.values
    st.session_state[_LAST_SAVED] = _snapshot(values, state.current_step())
    # A code from the address is only rewritten in its canonical form there: the server's
    # copy already names the same code, and writing it could push a history entry (below).
    _put_in_address(canonical, tell_server=not from_address)
    st.session_state[NOTICE] = WELCOME_BACK
    return None


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
    """A refresh or a server restart starts a new session: pick the person up from the URL.

    Called on every run, first thing: it also keeps the address in the browser as asked.
    """
    note_visit_start()
    _resume_from_address(questionnaire)
    render_address()


def _resume_from_address(questionnaire: Questionnaire) -> None:
    url_code = st.query_params.get(URL_PARAM)
    if not url_code or is_saving() or st.session_state.get(_TRIED_URL) == url_code:
        return
    problem = resume(questionnaire, url_code, from_address=True)
    if problem == UNREACHABLE:
        # Keep the code in the address: it may be the person's only copy, and the next
        # rerun or reload tries again.
        st.session_state[NOTICE] = problem
        return
    st.session_state[_TRIED_URL] = url_code
    if problem == UNREADABLE:
        # The code is right but its record is damaged: it stays in the address (it may be
        # the person's only copy, should the record be put right), and is not tried again
        # in this session.
        st.session_state[NOTICE] = problem
        return
    if problem:
        # Taken out of the address in the browser only: a server-side write on a page's
        # first run could reach the browser before the quick exit script and push an entry.
        _put_in_address(None, tell_server=False)
        st.session_state[NOTICE] = problem


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
            assessment=assessment.model_dump(mode="json"),
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


def history() -> list[PastAssessment]:
    return (_call(lambda store: store.history(code())) or []) if is_saving() else []


def note_visit_start() -> None:
    """Remember when this visit (this browser session) began; called on every run."""
    st.session_state.setdefault(_VISIT_STARTED, datetime.now(UTC))


def taken_before_this_visit(past: list[PastAssessment]) -> list[PastAssessment]:
    started = st.session_state.get(_VISIT_STARTED, datetime.now(UTC))
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
    st.session_state[NOTICE] = DELETED_TRACES_PENDING if pending else DELETED


# --- the code in the page address ---------------------------------------------------------

_ADDRESS_SCRIPT = """<script>
(() => {
  const url = new URL(window.location.href);
  const code = %s;
  if (code === null) url.searchParams.delete(%s);
  else url.searchParams.set(%s, code);
  if (url.href !== window.location.href) history.replaceState(history.state, "", url.href);
})();
</script>"""


def _put_in_address(value: str | None, *, tell_server: bool = True) -> None:
    """Make the page address carry this code (None: no code) without a new history entry.

    A write to st.query_params makes Streamlit's frontend push a history entry when the
    address changes, and Back would then lead to the old address, code and all. The quick
    exit script turns that push into a replace, and render_address rewrites the address by
    replace in any case; st.query_params is still written, so the server reads what the
    address says. Only a page load's first run can reach the browser before that script:
    there the server is not told (tell_server=False): the browser alone rewrites or drops
    the code from the address.
    """
    st.session_state[_ADDRESS] = value
    if not tell_server:
        return
    if value is None:
        if URL_PARAM in st.query_params:
            del st.query_params[URL_PARAM]
    elif st.query_params.get(URL_PARAM) != value:
        st.query_params[URL_PARAM] = value


def render_address() -> None:
    """Rewrite the address in the browser as the session last asked; nothing until then."""
    if _ADDRESS not in st.session_state:
        return
    param = json.dumps(URL_PARAM)
    code_js = json.dumps(st.session_state[_ADDRESS])
    st.html(_ADDRESS_SCRIPT % (code_js, param, param), unsafe_allow_javascript=True)


# --- what the person sees -----------------------------------------------------------------


def code_seen() -> bool:
    return st.session_state.get(_CODE_SEEN, True)


def acknowledge_code() -> None:
    st.session_state[_CODE_SEEN] = True
