"""Slows down repeated wrong resume codes within one session: pure logic over timestamps.

Keep one `WrongCodeThrottle` per session and pass `time.monotonic()`. Hold them in a
`ThrottleRegistry` that the process keeps, keyed by session id, and not in `st.session_state`:
a client can empty its own session state (Streamlit's `clear_cache` message does), which
would start its count afresh.

    wait = throttle.wait_seconds(now)
    if wait > 0:
        say "Please wait {ceil(wait)} seconds before trying again"; do not look the code up
    elif store.load_progress(code) is None:
        throttle.record_failure(now); say the plain wrong-code message
    else:
        throttle.record_success()

The first few mistakes are free (people mistype); after that each wrong code doubles the wait,
up to a cap. Guessing a 140-bit code is hopeless anyway; this keeps a script from hammering the
database through one session. Each new connection is a new session, so limits per client
address, counted in the database, back this up (storage/limits.py).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field


@dataclass
class WrongCodeThrottle:
    free_attempts: int = 3
    first_delay: float = 2.0
    max_delay: float = 300.0
    failures: int = 0
    last_failure: float | None = None

    def delay_after(self, failures: int) -> float:
        """How long to wait after `failures` wrong codes in a row."""
        extra = failures - self.free_attempts
        if extra < 0:
            return 0.0
        return min(self.max_delay, self.first_delay * 2 ** min(extra, 32))

    def wait_seconds(self, now: float) -> float:
        """Seconds until the next attempt may be checked; 0 when it may be checked now."""
        if self.last_failure is None:
            return 0.0
        return max(0.0, self.last_failure + self.delay_after(self.failures) - now)

    def record_failure(self, now: float) -> None:
        self.failures += 1
        self.last_failure = now

    def record_success(self) -> None:
        self.failures = 0
        self.last_failure = None


@dataclass
class ThrottleRegistry:
    """One `WrongCodeThrottle` per key (a session id), held by the process; thread-safe.

    A throttle with no wrong code for `forget_after` seconds is dropped (it would let the
    next code through at once anyway, bar its count), so the registry stays small.
    """

    forget_after: float = 3600.0
    _throttles: dict[str, WrongCodeThrottle] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _next_prune: float = 0.0

    def wait_seconds(self, key: str, now: float) -> float:
        with self._lock:
            throttle = self._throttles.get(key)
            return throttle.wait_seconds(now) if throttle else 0.0

    def record_failure(self, key: str, now: float) -> None:
        with self._lock:
            self._throttles.setdefault(key, WrongCodeThrottle()).record_failure(now)
            if now >= self._next_prune:
                self._next_prune = now + 60.0
                stale = [
                    k for k, t in self._throttles.items()
                    if t.last_failure is not None and now - t.last_failure > self.forget_after
                ]
                for k in stale:
                    del self._throttles[k]

    def record_success(self, key: str) -> None:
        with self._lock:
            self._throttles.pop(key, None)

    def __len__(self) -> int:
        with self._lock:
            return len(self._throttles)
