"""Start-up as served: the late gc.freeze happens once, and only while no session (no
person's data) exists; collections are spaced out; the first element costs no stack walk."""

from __future__ import annotations

import asyncio
import gc
import subprocess
import sys
import threading
import time
from pathlib import Path

import serve

ROOT = Path(__file__).resolve().parents[2]


def test_freezes_once_and_only_when_no_session_is_open(monkeypatch) -> None:
    sessions, frozen = [1], []
    monkeypatch.setattr(serve, "_import_all", lambda names: None)
    monkeypatch.setattr(serve, "_sessions", lambda: sessions[0])
    monkeypatch.setattr(serve, "freeze_startup_objects", lambda: frozen.append(time.time()))
    monkeypatch.setattr(serve, "FREEZE_WAIT_S", 0.05)
    monkeypatch.setattr(serve, "PAGE_IMPORT_DELAY_S", 0.0)
    stop = threading.Event()
    worker = threading.Thread(target=serve._load_pages_then_freeze, args=(stop,))
    worker.start()
    time.sleep(0.5)
    assert frozen == [], "froze while a person's session was open"
    sessions[0] = 0
    worker.join(timeout=5)
    assert not worker.is_alive() and len(frozen) == 1
    assert not hasattr(serve, "_freeze_new_modules"), "no freezing again later"


def _once_started(script, freeze: bool, look):
    """What `look()` finds once the served process's start-up (its lifespan) has run."""

    async def start():
        async with serve._lifespan_for(script, freeze)(None):
            return look()

    # On a thread of its own: a worker that drove Playwright has an event loop running.
    found: list = []
    worker = threading.Thread(target=lambda: found.append(asyncio.run(start())))
    worker.start()
    worker.join(timeout=30)
    return found[0]


def _threshold_after_start(script, freeze: bool) -> tuple[int, int, int]:
    return _once_started(script, freeze, gc.get_threshold)


def test_a_served_process_collects_young_objects_less_often(monkeypatch, tmp_path) -> None:
    """Every 10,000 allocations, not 700: a collection inside a run promotes what the run
    holds, and the full collections that follow held the lock for everyone (serve.py)."""
    script = tmp_path / "page.py"
    script.write_text("import streamlit as st\n")
    monkeypatch.setattr(serve, "_import_all", lambda names: None)
    monkeypatch.setattr(serve, "freeze_startup_objects", lambda: None)
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, *before[1:])
        assert _threshold_after_start(script, freeze=False)[0] == 700, "dev settings kept"
        served = _threshold_after_start(script, freeze=True)
        assert served == (serve.YOUNG_COLLECTION_THRESHOLD, *before[1:])
        assert serve.YOUNG_COLLECTION_THRESHOLD > 700
    finally:
        gc.set_threshold(*before)


def test_behind_a_balancer_every_page_is_loaded_and_frozen_before_the_first_request(
    monkeypatch,
) -> None:
    imported: list[str] = []
    frozen: list[int] = []
    monkeypatch.setattr(serve, "_import_all", imported.extend)
    monkeypatch.setattr(serve, "freeze_startup_objects", lambda: frozen.append(len(imported)))
    monkeypatch.setenv(serve.LOAD_ALL_AT_START, "1")
    before = gc.get_threshold()
    threads = {t.name for t in threading.enumerate()}

    try:
        found = _once_started(serve.APP_SCRIPT, True, lambda: list(imported))
    finally:
        gc.set_threshold(*before)
    assert set(serve.PAGE_MODULES) <= set(found), "the later pages, before any request"
    assert frozen == [len(found)], "frozen once, after every import"
    assert "freeze" not in {t.name for t in threading.enumerate()} - threads, "no late freeze"


def test_a_served_process_draws_its_first_element_without_walking_the_call_stack() -> None:
    # A fresh interpreter: the check runs once a process, so only a new one can show it.
    script = (
        "import inspect, serve\n"
        "from streamlit import delta_generator\n"
        "def walked(*args, **kwargs):\n"
        "    raise AssertionError('inspect.stack called')\n"
        "inspect.stack = walked\n"
        "delta_generator._maybe_print_use_warning()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-1500:]
