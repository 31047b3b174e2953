"""A headless asyncio client of Streamlit's websocket protocol, sending what a browser sends.

One `Session` is one browser tab: it fetches the xsrf cookie, opens `/_stcore/stream`, and
each `rerun` sends a `BackMsg` with every widget value it has set (plus a one-shot button
trigger, and the fragment id when the widget lives in an `st.fragment`), then reads
`ForwardMsg`s until the run is finished. It keeps what the page shows: headings, widgets
with their options, and any exception element. See /work/shared/STREAMLIT-NOTES.md.
"""

from __future__ import annotations

import asyncio
import time
import urllib.request
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from typing import Any
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect

_EARLY = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_EARLY_FOR_RERUN")
_FRAGMENT_DONE = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_FRAGMENT_RUN_SUCCESSFULLY")
_COMPILE_ERROR = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_WITH_COMPILE_ERROR")


@dataclass
class Widget:
    kind: str  # the Element field: radio, checkbox, button, text_area, ...
    id: str
    key: str  # the user key (the part after the last "-" of the id)
    label: str
    options: list[str]
    fragment_id: str


@dataclass
class Page:
    """What the last run drew: the first heading, widgets by user key, exceptions."""

    heading: str = ""
    widgets: dict[str, Widget] = field(default_factory=dict)
    exceptions: list[str] = field(default_factory=list)


class ScriptError(RuntimeError):
    """The script failed to run (a compile error); exceptions on the page are in Page."""


def _cookies(base_url: str, timeout: float) -> dict[str, str]:
    """The cookies a first request gets: Streamlit's xsrf token, and a balancer's sticky
    cookie, which the websocket must carry to reach the same process."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(f"{base_url}/_stcore/health", timeout=timeout).read()
    return {c.name: c.value for c in jar}


class Session:
    """One tab's session over one websocket."""

    def __init__(self, base_url: str, timeout: float = 60.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.page = Page()
        self.values: dict[str, tuple[str, Any]] = {}  # widget id -> (proto field, value)
        self._socket = None

    async def open(self) -> Page:
        """Connect as a browser does and run the script once: the first page."""
        cookies = await asyncio.to_thread(_cookies, self.base_url, self.timeout)
        xsrf = cookies.get("_streamlit_xsrf")
        host = urlsplit(self.base_url).netloc
        self._socket = await connect(
            f"ws://{host}/_stcore/stream",
            subprotocols=["streamlit", xsrf] if xsrf else ["streamlit"],
            additional_headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
            if cookies else None,
            max_size=None,
            compression=None,
            open_timeout=self.timeout,
            ping_interval=None,  # a browser sends no pings; a stalled server is timed, not cut
        )
        return await self.rerun()

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close()
            self._socket = None

    async def __aenter__(self) -> Session:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def set_value(self, key: str, value: Any) -> Widget:
        """Remember a widget's new value, as the browser does when a person changes it."""
        widget = self.page.widgets[key]
        proto_field = {bool: "bool_value", str: "string_value"}[type(value)]
        self.values[widget.id] = (proto_field, value)
        return widget

    async def change(self, key: str, value: Any) -> Page:
        """Change one widget and run what the browser runs for it (its fragment, or all)."""
        widget = self.set_value(key, value)
        return await self.rerun(fragment_id=widget.fragment_id)

    async def press(self, key: str) -> Page:
        widget = self.page.widgets[key]
        return await self.rerun(trigger=widget.id, fragment_id=widget.fragment_id)

    async def rerun(self, trigger: str | None = None, fragment_id: str = "") -> Page:
        message = BackMsg()
        rerun = message.rerun_script
        rerun.query_string = ""
        rerun.page_script_hash = ""
        if fragment_id:
            rerun.fragment_id = fragment_id
        widgets = rerun.widget_states.widgets
        for widget_id, (proto_field, value) in self.values.items():
            widgets.append(WidgetState(id=widget_id, **{proto_field: value}))
        if trigger:
            widgets.append(WidgetState(id=trigger, trigger_value=True))
        await self._socket.send(message.SerializeToString())
        await self._read_run(full=not fragment_id)
        return self.page

    async def _read_run(self, full: bool) -> None:
        """Read until the run ends; a full run replaces the page, a fragment run updates it."""
        page = Page() if full else Page(self.page.heading, dict(self.page.widgets))
        while True:
            data = await asyncio.wait_for(self._socket.recv(), self.timeout)
            forward = ForwardMsg()
            forward.ParseFromString(data)
            kind = forward.WhichOneof("type")
            if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                self._note(page, forward.delta.new_element, forward.delta.fragment_id)
            elif kind == "script_finished":
                status = forward.script_finished
                if status == _COMPILE_ERROR:
                    raise ScriptError("the script did not compile")
                if status == _EARLY:
                    # st.rerun() or a newer BackMsg: a new run follows, drawn afresh.
                    page = Page()
                    continue
                if status != _FRAGMENT_DONE:
                    # Widgets no longer drawn are no longer sent, as in the browser.
                    live = {w.id for w in page.widgets.values()}
                    self.values = {k: v for k, v in self.values.items() if k in live}
                self.page = page
                return

    @staticmethod
    def _note(page: Page, element, fragment_id: str) -> None:
        inner = element.WhichOneof("type")
        if inner == "heading" and not page.heading:
            page.heading = element.heading.body
        elif inner == "exception":
            page.exceptions.append(f"{element.exception.type}: {element.exception.message}")
        elif inner in ("radio", "checkbox", "button", "text_area", "text_input", "selectbox"):
            proto = getattr(element, inner)
            key = proto.id.rsplit("-", 1)[-1]
            options = list(getattr(proto, "options", []) or [])
            page.widgets[key] = Widget(inner, proto.id, key, proto.label, options, fragment_id)


async def timed(coroutine) -> tuple[float, Any]:
    """Seconds a call took (a BackMsg sent to its run finished), and its result."""
    start = time.perf_counter()
    result = await coroutine
    return time.perf_counter() - start, result
