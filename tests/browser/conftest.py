"""Browser fixtures: the real app, started as `make run` starts it, driven by Playwright."""

from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("CROSSROADS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
EXIT_URL = "http://neutral.invalid/weather"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_command(port: int) -> list[str]:
    """The command `make run` serves the app with, read from the Makefile, on `port`.

    Its `$(BIN)/uvicorn` becomes this Python's `-m uvicorn`, so the tests need no shell.
    """
    recipe = re.search(r"^run:.*\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text(), re.M)
    assert recipe, "the Makefile has no run target"
    lines = [line.strip() for line in recipe[1].splitlines() if "uvicorn" in line]
    assert len(lines) == 1, f"the run target should be one uvicorn command: {lines}"
    command = lines[0].replace("$(BIN)/uvicorn", shlex.quote(sys.executable) + " -m uvicorn")
    command = command.replace("$(PORT)", str(port))
    assert "$" not in command, f"a Makefile variable the tests cannot expand: {command}"
    return shlex.split(command)


def start_streamlit(port: int, env: dict[str, str] | None = None) -> subprocess.Popen:
    """The app on 127.0.0.1:`port`, started exactly as `make run` starts it (serve.py under
    uvicorn); its stderr (the server's log) is kept for the caller to read."""
    command = run_command(port)
    full_env = {**os.environ, "CROSSROADS_EXIT_URL": EXIT_URL, **(env or {})}
    return subprocess.Popen(
        command, cwd=ROOT, env=full_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def wait_healthy(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited: {process.stderr.read().decode()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"streamlit on port {port} did not become healthy")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def app_url(tmp_path_factory) -> Iterator[str]:
    port = free_port()
    data_dir = tmp_path_factory.mktemp("app-data")
    process = start_streamlit(port, {"CROSSROADS_DATA_DIR": str(data_dir)})
    try:
        wait_healthy(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)


def serve_neutral_site(page) -> None:
    """The quick exit goes to a neutral site; answer it here so no test needs the internet."""
    page.route(
        "http://neutral.invalid/**",
        lambda route: route.fulfill(status=200, content_type="text/html",
                                    body="<title>Weather</title><h1>Weather today</h1>"),
    )


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    serve_neutral_site(page)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs
    yield page
    context.close()
