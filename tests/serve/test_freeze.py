"""The late gc.freeze happens once, and only while no session (no person's data) exists."""

from __future__ import annotations

import threading
import time

import serve


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
