"""Drives the Crossroads app through AppTest as a person would: answer, Next, Back, review.

An answer runs as the browser runs it: a change to a widget drawn inside a fragment reruns
that fragment alone (the browser names the fragment in its rerun request), and the page
keeps what the rest of the script drew before. AppTest itself only ever reruns the whole
script, so its runner is given that one ability here (see `answer_now`); and, as a server
does, it compiles the script once per session instead of on every run. The runner stands
in for AppTest's own in every AppTest of the process that imports this module.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from streamlit.runtime.scriptrunner import ScriptRunnerEvent
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.runtime.scriptrunner_utils.script_requests import ScriptRequests
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import app_test as _app_test
from streamlit.testing.v1.local_script_runner import LocalScriptRunner

from questionnaire import QuestionType, default_questionnaire
from ui.question_widgets import widget_key

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT = 30


def resume_in_new_session(code: str) -> AppTest:
    """A link that carries a code (one bookmarked earlier, say): a new session with it."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["resume"] = code
    at.run()
    assert not at.exception, at.exception
    return at


class _Browser:
    """What the browser holds for one AppTest session between runs."""

    def __init__(self) -> None:
        self.shown: list = []  # the messages the page is drawn from
        self.fragment: str | None = None  # the fragment the next run reruns alone
        self.runs: list[str] = []  # what the last run ran: "fragment" or "page", in order
        # A server compiles the script once; AppTest as shipped compiles it on every run.
        self.script_cache: ScriptCache | None = ScriptCache()


def _browser(storage) -> _Browser:
    # Kept on the AppTest's fragment storage: it lives as long as the AppTest, is handed to
    # every run's runner, and is no part of the app's session state.
    if not hasattr(storage, "_crossroads_browser"):
        storage._crossroads_browser = _Browser()
    return storage._crossroads_browser


def browser_of(at: AppTest) -> _Browser:
    return _browser(at._fragment_storage)


class _BrowserLikeRunner(LocalScriptRunner):
    """AppTest's runner, plus what the browser does on a widget change inside a fragment.

    Every run leaves its messages with the session's `_Browser`. A run asked for with a
    fragment set there starts from those messages and reruns that fragment alone;
    Streamlit's own queue then drops the fragment's old elements and keeps the rest, as the
    browser keeps them.
    """

    def __init__(self, *args, fragment_storage=None, **kwargs) -> None:
        super().__init__(*args, fragment_storage=fragment_storage, **kwargs)
        self._browser = _browser(self._fragment_storage)
        if self._browser.script_cache is not None:
            self._script_cache = self._browser.script_cache
        self._fragment_id = self._browser.fragment
        self._browser.fragment = None
        if self._fragment_id:
            self.forward_msg_queue._queue = list(self._browser.shown)

    def run(self, widget_state=None, query_params=None, timeout=3, page_hash="",
            context_info=None):
        tree = super().run(widget_state, query_params, timeout, page_hash, context_info)
        self._browser.shown = list(super().forward_msgs())
        started = [
            data.get("fragment_ids_this_run")
            for event, data in zip(self.events, self.event_data, strict=True)
            if event == ScriptRunnerEvent.SCRIPT_STARTED
        ]
        self._browser.runs = ["fragment" if f else "page" for f in started]
        return tree

    def forward_msgs(self):
        """The page's messages; after a fragment's run, in page order (the fragment's new
        elements come last in the queue, and AppTest's tree keeps the order it meets them)."""
        messages = super().forward_msgs()
        if self._fragment_id:
            return sorted(messages, key=lambda m: list(m.metadata.delta_path))
        return messages

    def request_rerun(self, rerun_data):
        if self._fragment_id:
            # A real session starts its runner with the browser's request; this one was
            # made with a request for the whole script, which would swallow the fragment's.
            self._requests = ScriptRequests()
            rerun_data = dataclasses.replace(rerun_data, fragment_id=self._fragment_id)
        return super().request_rerun(rerun_data)


_app_test.LocalScriptRunner = _BrowserLikeRunner


def fragment_of(at: AppTest, key: str) -> str | None:
    """The fragment the widget with this key was last drawn in, as the browser knows it."""
    for msg in browser_of(at).shown:
        if not msg.HasField("delta") or msg.delta.WhichOneof("type") != "new_element":
            continue
        element = msg.delta.new_element
        widget = getattr(element, element.WhichOneof("type"))
        if getattr(widget, "id", "").endswith(f"-{key}"):
            return msg.delta.fragment_id or None
    return None


def last_runs(at: AppTest) -> list[str]:
    """What the last `run` ran, in order: "fragment" (one part of the page) or "page"."""
    return browser_of(at).runs


def run_as_browser(at: AppTest, key: str) -> AppTest:
    """Rerun after a change to the widget `key`, as the browser would: its fragment alone
    if it was drawn in one, else the whole script."""
    browser_of(at).fragment = fragment_of(at, key)
    at.run()
    assert not at.exception, at.exception
    return at


def answer_now(at: AppTest, question_id: str, value) -> AppTest:
    """Give one answer and rerun as the browser does after it."""
    set_answer(at, question_id, value)
    question = default_questionnaire().question(question_id)
    key = (
        widget_key(question_id, question.options[0].id)
        if question.type is QuestionType.MULTI_CHOICE
        else widget_key(question_id)
    )
    return run_as_browser(at, key)


def start_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    return at


def click(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click().run()
    assert not at.exception, at.exception
    return at


def current_step(at: AppTest) -> str:
    return at.session_state["step"] if "step" in at.session_state else "welcome"  # noqa: SIM401


def set_answer(at: AppTest, question_id: str, value) -> None:
    """Set one widget the way a person would, without running the script yet."""
    question = default_questionnaire().question(question_id)
    if question.type is QuestionType.MULTI_CHOICE:
        for option in question.options:
            box = at.checkbox(key=widget_key(question_id, option.id))
            box.set_value(option.id in value)
    elif question.type is QuestionType.FREE_TEXT:
        at.text_area(key=widget_key(question_id)).input(value)
    else:
        at.radio(key=widget_key(question_id)).set_value(value)


def answer_section(at: AppTest, values: dict) -> None:
    """Answer every shown question of the current section that `values` covers.

    Answers go in one at a time, as clicks do, so questions opened by an answer appear.
    """
    questionnaire = default_questionnaire()
    section = next(s for s in questionnaire.sections if s.id == current_step(at))
    done: set[str] = set()
    while True:
        shown = questionnaire.visible_questions(at.session_state["answers"], section)
        todo = [q for q in shown if q.id in values and q.id not in done]
        if not todo:
            return
        answer_now(at, todo[0].id, values[todo[0].id])
        done.add(todo[0].id)


def complete_questionnaire(at: AppTest, values: dict) -> AppTest:
    """From the welcome page to the review page, answering with `values`."""
    click(at, "start")
    for section in default_questionnaire().sections:
        assert current_step(at) == section.id
        answer_section(at, values)
        click(at, "nav_next")
    assert current_step(at) == "review", f"stuck on {current_step(at)}: {at.error}"
    return at


def texts(at: AppTest) -> str:
    """All the words on the page, for asserting what a person would read."""
    parts = [m.value for m in at.markdown] + [t.value for t in at.text]
    parts += [e.value for e in (*at.error, *at.info, *at.success, *at.warning)]
    parts += [h.value for h in (*at.header, *at.subheader, *at.title, *at.caption)]
    return "\n".join(str(p) for p in parts)


def keys_in_order(at: AppTest) -> list[str]:
    """The keys of the page's keyed elements, top to bottom, as a person meets them."""
    found: list[str] = []

    def walk(node) -> None:
        if getattr(node, "key", None):
            found.append(node.key)
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                walk(child)

    walk(at.main)
    return found


def html(at: AppTest) -> str:
    """Every piece of the page's own HTML (helplines, scripts), joined."""
    return "\n".join(h.value for h in at.html)


def next_until(at: AppTest, step: str) -> AppTest:
    """Press Next until `step` is shown (the safety and wellbeing pages never block)."""
    for _ in range(len(default_questionnaire().sections) + 2):
        if current_step(at) == step:
            return at
        click(at, "nav_next")
    raise AssertionError(f"never reached {step}; stuck on {current_step(at)}")
