"""The app as one ASGI entry, for uvicorn: Crossroads under Streamlit, with security headers
and its own icon.

`make run` serves it with `uvicorn serve:app --host 127.0.0.1 ...` (the Makefile holds the
exact command, and the browser tests start the app with that same line). Anything that runs
the app, one process or several behind a balancer, should import `app` from here, or call
`create_app()` for an app of its own, so every response carries the same headers.
"""

from __future__ import annotations

import ast
import gc
import importlib
import logging
import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

APP_SCRIPT = Path(__file__).resolve().with_name("app.py")

# On every HTTP response. No script-src or default-src policy: Streamlit's page and the
# app's st.html snippets (quick exit, the address bar, scrolling) rely on inline scripts and
# styles, so a script policy would break the app; the CSP here only forbids framing.
SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    # An old link may still carry a resume code in the URL: never send it to another site.
    ("Referrer-Policy", "no-referrer"),
    ("X-Content-Type-Options", "nosniff"),
    # No site may frame the app (clickjacking); the header for older browsers, the CSP for others.
    ("X-Frame-Options", "DENY"),
    ("Content-Security-Policy", "frame-ancestors 'none'"),
)

# The HTML page (every page path and unknown path answers with index.html) is never kept in
# the browser's cache or a shared one. Streamlit marks it "no-cache", which still stores it;
# its hashed JS and CSS stay "immutable", untouched.
HTML_CACHE_CONTROL = "no-store"

# No access log: its lines carry query strings, and resume codes are in query strings.
# `uvicorn --no-access-log` is not enough on its own: `import streamlit` gives this logger a
# handler of its own again (and does so on every config reload), which turns the access log
# back on. A disabled logger stays silent whatever handlers it has. `streamlit run` keeps it
# off too.
logging.getLogger("uvicorn.access").disabled = True


class _NoLinePerVisit(logging.Filter):
    """Drops uvicorn's lines for each websocket accepted, opened and closed: three a visit.

    `streamlit run` prints none of them, and a log that grows with every visit fills the
    pipe of a test that keeps the server's stderr to read at the end. Refusals (403) stay.
    """

    PER_VISIT = frozenset(
        {'%s - "WebSocket %s" [accepted]', "connection open", "connection closed"}
    )

    def filter(self, record: logging.LogRecord) -> bool:
        return record.msg not in self.PER_VISIT


logging.getLogger("uvicorn.error").addFilter(_NoLinePerVisit())


class SecurityHeaders:
    """Pure ASGI middleware: adds the headers above to every HTTP response.

    It only edits the `http.response.start` message, so websockets pass straight through and
    streamed bodies are never buffered (unlike Starlette's BaseHTTPMiddleware).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS:
                    headers[name] = value
                if headers.get("content-type", "").startswith("text/html"):
                    headers["Cache-Control"] = HTML_CACHE_CONTROL
            await send(message)

        await self.app(scope, receive, send_with_headers)


class Favicon:
    """Pure ASGI middleware: the app's own icon at /favicon.png, where Streamlit's page looks
    for one when the script names none.

    Naming it in st.set_page_config cost every process start some 75 ms: an emoji icon
    loads Streamlit's whole emoji table, any other goes through its image code (NumPy and
    Pillow). Here it is a file read once. `streamlit run` shows Streamlit's own icon.
    """

    PATH = "/favicon.png"
    ICON = Path(__file__).resolve().parent / "ui" / "favicon.png"

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.body = self.ICON.read_bytes()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != self.PATH or scope["method"] not in (
            "GET", "HEAD"
        ):
            await self.app(scope, receive, send)
            return
        await send({
            "type": "http.response.start", "status": 200,
            "headers": [(b"content-type", b"image/png"),
                        (b"content-length", str(len(self.body)).encode()),
                        (b"cache-control", b"public, max-age=86400")],
        })
        await send({"type": "http.response.body",
                    "body": self.body if scope["method"] == "GET" else b""})


# What the review, result and plan pages bring in when first reached, imported on a thread
# right after start-up so they can be frozen while no person's data is in the process.
PAGE_MODULES = (
    "pandas", "altair", "fpdf", "report.pdf", "report.summary", "scoring", "scoring.localize",
    "storage", "plans.loader", "ui.review_page", "ui.results_page", "ui.plan.page",
)
# Set (deploy/launcher.py sets it for each app process behind HAProxy): import every page
# before the process is healthy, instead of the first page's modules alone. About 2 s more
# before the health check answers, which no person waits for behind a balancer; `make run`
# leaves it unset, so its first page comes as soon as it can.
LOAD_ALL_AT_START = "CROSSROADS_LOAD_ALL_AT_START"
# Allocations between two collections of the youngest objects (Python's default: 700).
YOUNG_COLLECTION_THRESHOLD = 10_000
# How often the late freeze looks again for a moment with no session in the process.
FREEZE_WAIT_S = 0.5
# The imports wait this long after start-up, so they do not slow the first page drawn.
PAGE_IMPORT_DELAY_S = 3.0


def top_imports(script: Path) -> list[str]:
    """What the script imports at its top, on every page (not inside a branch)."""
    names: list[str] = []
    for node in ast.parse(script.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            # `from ui import saving` may name a submodule; `from ui.x import f` a function.
            names += [f"{node.module}.{alias.name}" for alias in node.names]
    return names


def _import_all(names: list[str]) -> None:
    for name in names:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            # A name imported from a module, not a module: import the module itself.
            importlib.import_module(name.rpartition(".")[0])


def freeze_startup_objects() -> None:
    """Move every object alive now out of the collector's sight (gc.freeze).

    Streamlit, the libraries and the app's modules are a few hundred thousand objects that
    live as long as the process. Left in the oldest generation, every full collection walks
    them all, holding the Python lock for everyone: about 200 ms on a busy machine once the
    result page's libraries are in (README, "Speed and production settings"). Frozen, they
    cost nothing; what sessions create is still collected as before.
    """
    gc.collect()
    gc.freeze()


def space_out_collections() -> None:
    """Collect the youngest objects every YOUNG_COLLECTION_THRESHOLD allocations, not 700.

    At 700, a young collection falls several times inside every script run, so whatever the
    run holds at that moment is promoted, piles up in the oldest generation, and soon forces
    a full collection: with the later pages' libraries not yet frozen (the late freeze waits
    for a moment with no session, which a busy process never has), each walks some 200,000
    objects, 100 ms with the Python lock held. One process, 100 people for 40 s: 14 full
    collections and 2.2 s collecting at 700, 2 and 0.6 s at 10,000 (README, "Speed").
    """
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, *gc.get_threshold()[1:])


def _import_later_pages() -> None:
    """What the review, result and plan pages bring in when first reached, and the rules."""
    _import_all(list(PAGE_MODULES))
    from scoring import load_rules

    load_rules()


def _sessions() -> int:
    """Sessions the process holds, connected or waiting for their browser to come back."""
    from streamlit.runtime import Runtime

    return Runtime.instance()._session_mgr.num_sessions() if Runtime.exists() else 0


def _load_pages_then_freeze(stop: threading.Event) -> None:
    """Import the later pages' libraries and the rules, then freeze once, at a moment when no
    session exists, and never again.

    Freezing while a person's session is open would freeze their answers and plan texts too,
    and what of them sits in reference cycles would then stay in memory until a restart.
    Imports from this thread are safe beside a page's own (Python locks each module).
    """
    if stop.wait(PAGE_IMPORT_DELAY_S):
        return
    _import_later_pages()
    while not stop.is_set():
        if _sessions() == 0:
            freeze_startup_objects()
            return
        stop.wait(FREEZE_WAIT_S)


def _lifespan_for(script: Path, freeze: bool):
    @asynccontextmanager
    async def lifespan(_app: st.App) -> AsyncIterator[None]:
        if not freeze:
            yield
            return
        is_app = script.resolve() == APP_SCRIPT
        load_all = is_app and bool(os.environ.get(LOAD_ALL_AT_START))
        _import_all(top_imports(script))
        if load_all:
            # Behind a balancer no one waits for this process until it is healthy: every
            # page is in before the one freeze, and no session can be frozen with it.
            _import_later_pages()
        # Otherwise not the rules yet (the thread below reads them): a first page drawn soon
        # after a start matters more than the first answer of a process.
        freeze_startup_objects()
        space_out_collections()
        # The later pages' libraries take seconds to import: on a thread, so the process is
        # healthy and draws the welcome page meanwhile.
        stop = threading.Event()
        if is_app and not load_all:
            threading.Thread(
                target=_load_pages_then_freeze, args=(stop,), name="freeze", daemon=True
            ).start()
        try:
            yield
        finally:
            stop.set()

    return lifespan


def skip_direct_run_check() -> None:
    """Skip Streamlit's check for a script run without a server, made when each process
    draws its first element: served from here there always is a server, and the check walks
    the call stack with `inspect.stack`, reading the source of every frame's module (about
    40 ms of the first page after each start, bench/cold_start.py)."""
    import streamlit.delta_generator as delta_generator

    delta_generator._use_warning_has_been_displayed = True


def create_app(script: str | Path = APP_SCRIPT, *, freeze: bool = True) -> st.App:
    """The Crossroads app (or, for the benchmarks, another script) with its middleware; one
    per process (Streamlit allows no more). With `freeze`, the modules the script imports at
    its top are loaded at start-up and frozen out of the garbage collector's work
    (freeze_startup_objects), and so are those of later pages, imported on a thread right
    after, at the first moment no session exists."""
    script = Path(script)
    skip_direct_run_check()
    return st.App(
        str(script),
        middleware=[Middleware(SecurityHeaders), Middleware(Favicon)],
        lifespan=_lifespan_for(script, freeze),
    )


app = create_app()
