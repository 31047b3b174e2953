"""Slows down repeated wrong resume codes within one session: pure logic over timestamps.

Keep one `WrongCodeThrottle` per session (in `st.session_state`) and pass `time.monotonic()`:

    wait = throttle.wait_seconds(now)
    if wait > 0:
        say "Please wait {ceil(wait)} seconds before trying again"; do not look the code up
    elif store.load_progress(code) is None:
        throttle.record_failure(now); say the plain wrong-code message
    else:
        throttle.record_success()

The first few mistakes are free (people mistype); after that each wrong code doubles the wait,
up to a cap. Guessing a 140-bit code is hopeless anyway; this keeps a script from hammering the
database through one session. A per-address limit belongs in the load balancer.
"""

from __future__ import annotations

from dataclasses import dataclass


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
