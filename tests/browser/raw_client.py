"""A Streamlit client with no browser: the websocket protocol by hand, as a hostile script
would speak it (see /work/shared/STREAMLIT-NOTES.md, "The browser side").

It can send what no button in the app sends, such as `clear_cache`, which Streamlit obeys
from any client.
"""

from __future__ import annotations

import http.cookiejar
import urllib.request
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.sync.client import connect

WIDGET_KINDS = ("text_input", "button", "checkbox", "radio", "selectbox")


class RawClient:
    """One session over one websocket; `rerun` runs the script and returns what it drew."""

    def __init__(self, base_url: str, timeout: float = 20.0) -> None:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        opener.open(f"{base_url}/_stcore/health", timeout=timeout).read()
        xsrf = next((c.value for c in jar if c.name == "_streamlit_xsrf"), None)
        host = urlsplit(base_url).netloc
        self.timeout = timeout
        self.widget_ids: dict[str, str] = {}  # user key -> widget id
        self.socket = connect(
            f"ws://{host}/_stcore/stream",
            subprotocols=["streamlit", xsrf] if xsrf else ["streamlit"],
            additional_headers={"Cookie": f"_streamlit_xsrf={xsrf}"} if xsrf else None,
            max_size=None,
            open_timeout=timeout,
        )

    def close(self) -> None:
        self.socket.close()

    def __enter__(self) -> RawClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def send(self, message: BackMsg) -> None:
        self.socket.send(message.SerializeToString())

    def rerun(self, strings: dict[str, str] | None = None,
              triggers: tuple[str, ...] = ()) -> str:
        """Run the script with these widget values (by user key); returns every word drawn."""
        message = BackMsg()
        message.rerun_script.query_string = ""
        message.rerun_script.page_script_hash = ""
        for key, value in (strings or {}).items():
            message.rerun_script.widget_states.widgets.append(
                WidgetState(id=self.widget_ids[key], string_value=value)
            )
        for key in triggers:
            message.rerun_script.widget_states.widgets.append(
                WidgetState(id=self.widget_ids[key], trigger_value=True)
            )
        self.send(message)
        return self._until_finished()

    def _until_finished(self) -> str:
        drawn: list[str] = []
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(self.socket.recv(timeout=self.timeout))
            kind = forward.WhichOneof("type")
            if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                inner = element.WhichOneof("type")
                if inner in WIDGET_KINDS:
                    widget_id = getattr(element, inner).id
                    self.widget_ids[widget_id.rsplit("-", 1)[-1]] = widget_id
                drawn.append(str(element))
            if kind == "script_finished":
                return "\n".join(drawn)

    def clear_cache(self) -> None:
        """What the Streamlit menu's "Clear cache" sends: any client may send it."""
        message = BackMsg()
        message.clear_cache = True
        self.send(message)

    def try_code(self, code: str) -> str:
        """Type a resume code into the box and press its button."""
        if "resume_button" not in self.widget_ids:
            self.rerun()
        return self.rerun({"resume_code_input": code}, ("resume_button",))
