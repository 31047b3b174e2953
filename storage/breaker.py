"""After a database fault, stop trying for a few seconds, so a down server costs no waiting."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from storage.errors import StorageUnavailable


class OutageBreaker:
    """Remembers the last fault; until `pause_seconds` have passed, `check` fails at once.

    Without it, every answer given while PostgreSQL is down would wait for a connect timeout.
    Shared by every session of the process (it holds no personal data), hence the lock.
    """

    def __init__(self, pause_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.pause_seconds = pause_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._retry_at: float | None = None
        self._message = ""

    def check(self) -> None:
        with self._lock:
            if self._retry_at is not None and self._clock() < self._retry_at:
                raise StorageUnavailable(self._message)

    def failed(self, message: str) -> None:
        with self._lock:
            self._retry_at = self._clock() + self.pause_seconds
            self._message = message

    def succeeded(self) -> None:
        with self._lock:
            self._retry_at = None

    @property
    def paused(self) -> bool:
        with self._lock:
            return self._retry_at is not None and self._clock() < self._retry_at
